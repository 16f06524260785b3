"""OCR of scans and image attachments with Tesseract (Debian `tesseract-ocr`, via pytesseract).

Values read here carry Tesseract's word confidence; the checks never let a comparison resting
on OCR alone decide a verdict (see annex1.ocr).
"""

from __future__ import annotations

import io
import os
import shutil
from typing import Callable

from validator.extract.readers import DocumentText, Run, Unreadable, _group_lines
from validator.model import Line

# Tesseract's OpenMP threads made it about 7x slower on this 2-core machine (PERFORMANCE.md);
# parallelism comes from our worker processes instead.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


BORDER_JUNK = " |}{[]\"'`;_~—‘’“”"


def ocr_unavailable() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    if shutil.which("tesseract") is None:
        return "the OCR engine (Tesseract) is not installed"
    try:
        import pytesseract  # noqa: F401
    except ImportError:
        return "pytesseract is not installed"
    return None


def deskew(image):
    """Straighten a slightly rotated scan: the angle whose row profile is sharpest (within ±3°)."""
    import numpy as np

    small = image.convert("L")
    small.thumbnail((500, 700))
    ink = np.asarray(small) < 128
    if ink.mean() < 0.001:
        return image, 0.0
    from PIL import Image

    best_angle, best_score = 0.0, -1.0
    mask = Image.fromarray((ink * 255).astype("uint8"))
    for angle in [a / 4 for a in range(-12, 13)]:
        rows = np.asarray(mask.rotate(angle, fillcolor=0)).sum(axis=1).astype(float)
        score = float(np.var(rows))
        if score > best_score:
            best_angle, best_score = angle, score
    if best_angle == 0.0:
        return image, 0.0
    return image.rotate(best_angle, fillcolor=255, resample=Image.BICUBIC), best_angle


def remove_rules(image, min_run: int):
    """Erase table borders (long straight runs of ink) so Tesseract does not read them as
    "|", "I" or "T" at the edge of a value; letters are shorter than `min_run` pixels."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image.convert("L"))
    ink = (pixels < 210).astype(np.int16)  # thin rules are light grey once anti-aliased

    def sliding_sum(values):
        """Sum over each window of `min_run` rows (cumulative sums and slices, no loop)."""
        summed = np.zeros((values.shape[0] + 1, values.shape[1]), dtype=np.int16)  # columns < 32k px
        np.cumsum(values, axis=0, out=summed[1:])
        return summed[min_run:] - summed[:-min_run]

    def vertical(mask):
        # Windows wholly of ink start a rule; a pixel is on a rule when such a window covers it.
        starts = (sliding_sum(mask) == min_run).astype(np.int16)
        padded = np.zeros((starts.shape[0] + 2 * (min_run - 1), starts.shape[1]), dtype=np.int16)
        padded[min_run - 1:min_run - 1 + starts.shape[0]] = starts
        return sliding_sum(padded) > 0

    def runs(mask, axis):
        return vertical(mask) if axis == 0 else vertical(np.ascontiguousarray(mask.T)).T

    rules = runs(ink, 0) | runs(ink, 1)
    if not rules.any():
        return image
    # Also the anti-aliased pixel either side of a rule.
    grown = rules.copy()
    grown[1:] |= rules[:-1]
    grown[:-1] |= rules[1:]
    grown[:, 1:] |= rules[:, :-1]
    grown[:, :-1] |= rules[:, 1:]
    rules = grown
    cleaned = pixels.copy()
    cleaned[rules] = 255
    return Image.fromarray(cleaned)


def ocr_runs(image, page_no: int, languages: str, points_per_pixel: float, timeout: float) -> list[Run]:
    """Words from Tesseract, joined into runs: a run breaks where the gap between words is wide
    (table columns, label and value) so the label logic sees the same shapes as in text PDFs."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(image, lang=languages, config="--psm 3", timeout=timeout,
                                         output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:  # pytesseract raises RuntimeError on its timeout
        raise Unreadable("timeout", f"OCR of page {page_no} took longer than {timeout} s") from exc
    except pytesseract.TesseractError as exc:
        raise Unreadable("damaged", f"OCR failed on page {page_no}: {exc.message}") from exc
    words: dict[tuple, list] = {}
    for i, text in enumerate(data["text"]):
        # Table borders come out as "|", "}" or stray quotes at the edges of words.
        text = (text or "").strip().strip(BORDER_JUNK)
        conf = float(data["conf"][i])
        if not text or conf < 0 or not any(c.isalnum() or c in "@+" for c in text):
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        words.setdefault(key, []).append((data["left"][i], data["top"][i], data["width"][i], data["height"][i], text, conf))
    runs: list[Run] = []
    for line_words in words.values():
        line_words.sort()
        height = max(w[3] for w in line_words)
        current: list = []
        for word in line_words:
            if current and word[0] - (current[-1][0] + current[-1][2]) > 1.6 * height:
                runs.append(_run(current, points_per_pixel))
                current = []
            current.append(word)
        if current:
            runs.append(_run(current, points_per_pixel))
    return runs


def _run(words, k: float) -> Run:
    x0 = min(w[0] for w in words)
    top = min(w[1] for w in words)
    x1 = max(w[0] + w[2] for w in words)
    bottom = max(w[1] + w[3] for w in words)
    confidence = round(sum(w[5] for w in words) / len(words), 1)
    return (x0 * k, top * k, x1 * k, bottom * k, " ".join(w[4] for w in words), "ocr", confidence)


def _ocr_pages(pages, settings: dict, enough: Callable[[list[Line]], bool]) -> tuple[list[Line], int]:
    """OCR page images one by one until `enough` says the needed sections have been read."""
    from PIL import Image, ImageFilter

    ocr = settings["ocr"]
    wanted = 72 / float(ocr["dpi"])  # points per pixel at the OCR resolution
    lines: list[Line] = []
    done = 0
    for page_no, image, points_per_pixel in pages:
        if page_no > int(ocr["max_pages"]):
            break
        if points_per_pixel > wanted * 1.1:
            # Small type scanned at 200 dpi: "rn" turns into "m". Enlarging costs little (measured ~10%).
            factor = points_per_pixel / wanted
            image = image.resize((int(image.width * factor), int(image.height * factor)), Image.LANCZOS)
            points_per_pixel = wanted
        # A median filter takes out scanner speckle, which Tesseract otherwise reads as "+" or ".".
        straight, _angle = deskew(image.filter(ImageFilter.MedianFilter(3)))
        straight = remove_rules(straight, min_run=int(0.3 / points_per_pixel * 72))  # 0.3 inch: longer than any glyph
        runs = ocr_runs(straight, page_no, ocr["languages"], points_per_pixel, float(ocr["page_timeout"]))
        lines.extend(_group_lines(page_no, runs))
        done = page_no
        if enough(lines):
            break
    return lines, done


def ocr_pdf(data: bytes, page_count: int, settings: dict, enough: Callable[[list[Line]], bool]) -> DocumentText:
    import pypdfium2 as pdfium

    dpi = int(settings["ocr"]["dpi"])

    def pages():
        pdf = pdfium.PdfDocument(data)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                image = page.render(scale=dpi / 72).to_pil()
                page.close()
                yield index + 1, image, 72 / dpi
        finally:
            pdf.close()

    lines, _ = _ocr_pages(pages(), settings, enough)
    return DocumentText("pdf", page_count, tuple(lines), "ocr")


def image_pages(data: bytes):
    """The frames of an image attachment (a TIFF may hold several pages), with their scale."""
    from PIL import Image, ImageSequence

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        raise Unreadable("too large", f"the image is too large to decode safely ({exc})") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise Unreadable("damaged", f"the image could not be decoded ({exc})") from None
    dpi = image.info.get("dpi", (200, 200))[0] or 200
    frames = []
    for n, frame in enumerate(ImageSequence.Iterator(image), start=1):
        frames.append((n, frame.convert("L"), 72 / float(dpi)))
    return frames


def ocr_image(data: bytes, filetype: str, settings: dict, enough: Callable[[list[Line]], bool]) -> DocumentText:
    frames = image_pages(data)
    lines, _ = _ocr_pages(iter(frames), settings, enough)
    return DocumentText(filetype, len(frames), tuple(lines), "ocr")
