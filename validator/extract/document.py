"""One attachment in, one DocumentReading out: sniff, read (OCR for scans), classify, parse.

`read_document` never raises for anything a file can do to it: every problem becomes a
DocumentReading of kind "unreadable" with the reason. It is the unit of work a worker runs.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from validator.extract.annex1 import SECTION_NUMBER, read_annex1
from validator.extract.ocr import image_pages, ocr_image, ocr_pdf, ocr_unavailable
from validator.extract.readers import DocumentText, Unreadable, read_docx, read_pdf, render_regions, sniff
from validator.extract.registration import read_registration, register_of
from validator.extract.textutil import find_dates, fold
from validator.model import DocumentReading, Line, Seen

EXTRACTOR_VERSION = "2"
MIN_TEXT_CHARS = 40  # less text than this on every page: an image-only scan

ANNEX_SIGNALS = r"annex\s*1|allegato\s*1|bilag\s*1|vedlegg\s*1|bijlage\s*1|anlage\s*1|contact points|punti di contatto"
V4_SIGNALS = r"(service provider agreement|peppol agreement).{0,200}(version\s*4|v\s*4\b|\b4\.\d\b)|agreement framework.{0,80}(version\s*4|v4)"
LETTER_SIGNALS = r"\bdear\b|kind regards|best regards|yours (sincerely|faithfully)|cordiali saluti|med vennlig hilsen|mit freundlichen"
IMAGE_TYPES = ("png", "jpeg", "tiff")


def _classify(file: str, text: DocumentText) -> dict:
    """The kind of document and what was read from it (as DocumentReading fields)."""
    whole = text.text
    folded = fold(whole)
    excerpt = whole[:20000]
    annex = read_annex1(file, text.lines)
    contact = annex.certificate_contact
    looks_like_annex = bool(re.search(ANNEX_SIGNALS, folded))
    numbered = contact is not None and contact.title.lstrip().startswith("4")
    if contact is not None and (looks_like_annex or (numbered and "peppol" in folded)):
        return dict(kind="annex1", description="Annex 1 Contact Points" + (f" (template {annex.template})" if annex.template else ""),
                    annex1=annex, text=excerpt)
    if re.search(V4_SIGNALS, folded, re.S):
        return dict(kind="agreement_v4",
                    description="a Peppol Service Provider Agreement v4 contact annex, which has no certificate "
                                "contact and no cell phone: it cannot stand in for the 2017 Annex 1",
                    text=excerpt)
    register = register_of("\n".join(l.text for l in text.lines[:60]))
    if register:
        return dict(kind="registration", description=f"a company registration extract ({register[1]})",
                    registration=read_registration(file, text.lines), text=excerpt)
    if looks_like_annex and re.search(r"contact|contatt", folded):
        return dict(kind="annex1", description="Annex 1 Contact Points without a recognisable section 4.6",
                    annex1=annex, text=excerpt)
    if re.search(LETTER_SIGNALS, folded):
        return dict(kind="other", description="a letter (not an Annex 1 or a registration extract)", text=excerpt)
    return dict(kind="other", description="a document that is neither an Annex 1 nor a registration extract",
                text=excerpt)


def _enough_for_ocr(lines: list[Line]) -> bool:
    """Stop OCR once the pages read hold what the checks need: the Annex 1 signature section
    (after 4.6), or a registration extract's heading and a date."""
    for line in lines:
        m = SECTION_NUMBER.match(line.text)
        if m and int(m.group(1)) >= 10:
            return True
    head = "\n".join(l.text for l in lines[:60])
    return bool(register_of(head)) and any(find_dates(l.text) for l in lines)


def _evidence_regions(found: dict) -> dict[str, Seen]:
    out: dict[str, Seen] = {}
    annex = found.get("annex1")
    if annex is not None:
        contact = annex.certificate_contact
        for key, seen in (contact.values.items() if contact else ()):
            out[f"4.6.{key}"] = seen
        if "name" in annex.organisation:
            out["4.3.name"] = annex.organisation["name"]
    reg = found.get("registration")
    if reg is not None:
        for key in ("company_name", "registration_number", "extract_date"):
            if getattr(reg, key) is not None:
                out[f"registration.{key}"] = getattr(reg, key)
    return {k: v for k, v in out.items() if v.page and v.region}


def _padded(box, pad=6.0):
    return (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)


def _image_regions(data: bytes, regions: dict[str, Seen]) -> dict[str, bytes]:
    frames = {n: (image, k) for n, image, k in image_pages(data)}
    images = {}
    for key, seen in regions.items():
        image, k = frames[seen.page]
        x0, top, x1, bottom = (v / k for v in _padded(seen.region))
        crop = image.crop((max(0, int(x0)), max(0, int(top)), min(image.width, int(x1)), min(image.height, int(bottom))))
        buffer = io.BytesIO()
        crop.save(buffer, "PNG", optimize=True)
        images[key] = buffer.getvalue()
    return images


def _scan(base: dict, pages: int, reason: str) -> DocumentReading:
    return DocumentReading(**base, kind="scan", pages=pages,
                           description=f"{'an image' if base['filetype'] in IMAGE_TYPES else 'a PDF'} with no text layer "
                                       f"(a scan): {reason}; a person must read it")


def read_bytes(data: bytes, file: str, settings: dict) -> DocumentReading:
    limits = settings["limits"]
    sha = hashlib.sha256(data).hexdigest()
    filetype = sniff(data)
    base = dict(file=file, sha256=sha, size=len(data), filetype=filetype)
    try:
        if filetype == "empty":
            raise Unreadable("empty", "the file is empty (0 bytes)")
        if len(data) > limits["max_file_bytes"]:
            raise Unreadable("too large", f"the file has {len(data)} bytes; the limit is {limits['max_file_bytes']}")
        if filetype == "pdf":
            text = read_pdf(data, limits["max_pages"])
            if sum(len(l.text) for l in text.lines) < MIN_TEXT_CHARS:
                missing = ocr_unavailable()
                if missing:
                    return _scan(base, text.pages, missing)
                text = ocr_pdf(data, text.pages, settings, _enough_for_ocr)
        elif filetype == "docx":
            text = read_docx(data, limits)
        elif filetype in IMAGE_TYPES:
            missing = ocr_unavailable()
            if missing:
                return _scan(base, 1, missing)
            text = ocr_image(data, filetype, settings, _enough_for_ocr)
        else:
            names = {"zip": "a zip archive that is not a Word document", "ole": "a legacy Office file (.doc/.xls)",
                     "unknown": "not a PDF, DOCX or image"}
            raise Unreadable("unsupported type", names.get(filetype, filetype))
        if text.method == "ocr" and sum(len(l.text) for l in text.lines) < MIN_TEXT_CHARS:
            return DocumentReading(**base, kind="other", pages=text.pages, method="ocr",
                                   description="an image in which OCR found almost no text (a logo, a photo or an empty page?)")
        found = _classify(file, text)
        regions = _evidence_regions(found)
        if filetype == "pdf":
            found["regions"] = render_regions(data, {k: (s.page, _padded(s.region)) for k, s in regions.items()})
        elif filetype in IMAGE_TYPES:
            found["regions"] = _image_regions(data, regions)
    except Unreadable as exc:
        return DocumentReading.unreadable(**base, problem=exc.reason, description=exc.detail)
    except MemoryError:
        return DocumentReading.unreadable(**base, problem="memory", description="reading it ran out of memory")
    except Exception as exc:  # a parser bug or a file shape nobody foresaw: a finding, never a crash
        return DocumentReading.unreadable(**base, problem="damaged", description=f"it could not be read ({type(exc).__name__}: {exc})")
    return DocumentReading(**base, pages=text.pages, method=text.method, **found)


def too_large(file: str, size: int, limit: int) -> DocumentReading:
    """A file refused before anything reads it."""
    return DocumentReading.unreadable(file, "too large", f"the file has {size} bytes; the limit is {limit}", size=size)


def read_document(path: Path, file: str, settings: dict) -> DocumentReading:
    limit = settings["limits"]["max_file_bytes"]
    try:
        size = path.stat().st_size
        if size > limit:
            return too_large(file, size, limit)
        data = path.read_bytes()
    except OSError as exc:
        return DocumentReading.unreadable(file, "damaged", f"the file could not be read ({exc.strerror})")
    return read_bytes(data, file, settings)
