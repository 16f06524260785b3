"""Readers: attachment bytes to text lines with positions. One reader per file type."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass


from validator.model import Line, Segment


class Unreadable(Exception):
    """The document cannot be read; `reason` is one of the words reports use."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class DocumentText:
    filetype: str
    pages: int
    lines: tuple[Line, ...]
    method: str = "text"

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def sniff(data: bytes) -> str:
    """The file type from the bytes, never from the name."""
    if not data:
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .doc / .xls
    return "unknown"


# --- PDF ------------------------------------------------------------------------------------

def _pdfium_error(exc: Exception) -> Unreadable:
    text = str(exc).lower()
    if "password" in text or "security" in text:
        return Unreadable("encrypted", "the PDF is protected by a password")
    return Unreadable("damaged", f"the PDF could not be parsed ({exc})")


Run = tuple  # (x0, top, x1, bottom, text, method, confidence)


def _group_lines(page_no: int, runs: list[Run]) -> list[Line]:
    """Group text runs into lines by vertical overlap, left to right within a line."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: ((r[1] + r[3]) / 2, r[0])):
        mid = (run[1] + run[3]) / 2
        if lines:
            last = lines[-1]
            top = min(r[1] for r in last)
            bottom = max(r[3] for r in last)
            if top - 1 <= mid <= bottom + 1:
                last.append(run)
                continue
        lines.append([run])
    out = []
    for runs_on_line in lines:
        segments = tuple(
            Segment(text=r[4], page=page_no, bbox=(round(r[0], 1), round(r[1], 1), round(r[2], 1), round(r[3], 1)),
                    method=r[5], confidence=r[6])
            for r in sorted(runs_on_line, key=lambda r: r[0])
        )
        out.append(Line(segments, location=f"page {page_no}", page=page_no))
    return out


def _decode_pdf_string(value) -> str:
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        return decode_text(value)
    if isinstance(value, PSLiteral):
        return "" if value.name in ("Off",) else str(value.name)
    return "" if value is None else str(value)


def form_field_runs(data: bytes, page_count: int) -> dict[int, list[Run]]:
    """Values of fillable-form fields (AcroForm widgets), with their boxes, per page number.

    Read with pdfplumber (pdfminer), page by page, closing each page: field names are often
    meaningless ("Text Box 1"), so only a value's position says what it is.
    """
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    runs: dict[int, list[Run]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages[:page_count]):
            for annot in page.annots:
                field = annot.get("data") or {}
                if resolve1(field.get("Subtype")) is not None and getattr(resolve1(field.get("Subtype")), "name", "") != "Widget":
                    continue
                value = field.get("V")
                parent = resolve1(field.get("Parent")) if field.get("Parent") is not None else None
                if value is None and isinstance(parent, dict):
                    value = parent.get("V")
                text = re.sub(r"\s+", " ", _decode_pdf_string(resolve1(value))).strip()
                if text:
                    runs.setdefault(index + 1, []).append(
                        (annot["x0"], annot["top"], annot["x1"], annot["bottom"], text, "form field", None))
            page.close()
    return runs


def read_pdf(data: bytes, max_pages: int) -> DocumentText:
    """Text runs with positions from pdfium's text page (about 1.5 ms a page), plus the values of
    fillable-form fields, which live in annotations rather than in the page text."""
    import pypdfium2 as pdfium  # imported here: only worker processes should load pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _pdfium_error(exc) from None
    try:
        count = len(pdf)
        if count == 0:
            raise Unreadable("damaged", "the PDF has no pages")
        if count > max_pages:
            raise Unreadable("too many pages", f"the PDF has {count} pages; the limit is {max_pages}")
        fields = form_field_runs(data, count) if b"/AcroForm" in data else {}
        lines: list[Line] = []
        for index in range(count):
            page = pdf[index]
            height = page.get_height()
            textpage = page.get_textpage()
            runs = list(fields.get(index + 1, []))
            for i in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top)
                text = re.sub(r"\s+", " ", text.replace("\x00", "")).strip()
                if text:
                    runs.append((left, height - top, right, height - bottom, text, "text", None))
            lines.extend(_group_lines(index + 1, runs))
            textpage.close()
            page.close()
        method = "form field" if fields else "text"
        return DocumentText("pdf", count, tuple(lines), method)
    finally:
        pdf.close()


def render_regions(data: bytes, regions: dict[str, tuple[int, tuple[float, float, float, float]]], scale: float = 2.0) -> dict[str, bytes]:
    """PNG images of page areas (page number, (x0, top, x1, bottom) in points), for evidence."""
    import pypdfium2 as pdfium

    images: dict[str, bytes] = {}
    if not regions:
        return images
    pdf = pdfium.PdfDocument(data)
    if b"/AcroForm" in data:
        pdf.init_forms()  # else the form fields' values are not drawn and the evidence shows empty boxes
    try:
        for key, (page_no, (x0, top, x1, bottom)) in regions.items():
            page = pdf[page_no - 1]
            width, height = page.get_size()
            # pypdfium2 crops by the amount taken off each side: left, bottom, right, top.
            crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
            bitmap = page.render(scale=scale, crop=crop)
            buffer = io.BytesIO()
            bitmap.to_pil().convert("L").save(buffer, "PNG", optimize=True)
            images[key] = buffer.getvalue()
            page.close()
    finally:
        pdf.close()
    return images


# --- DOCX -----------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
HEADING_STYLE = re.compile(r"heading|kop|titolo|berschrift|rubrik|overskrift|titre|title", re.I)


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def check_zip(data: bytes, limits: dict) -> zipfile.ZipFile:
    """Refuse archives that would inflate beyond the limits, before anything is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unreadable("damaged", f"the DOCX archive is damaged ({exc})") from None
    if len(infos) > limits["max_zip_members"]:
        raise Unreadable("too large", f"the archive has {len(infos)} members; the limit is {limits['max_zip_members']}")
    total = sum(i.file_size for i in infos)
    if total > limits["max_unzipped_bytes"]:
        raise Unreadable("too large", f"the archive would unpack to {total} bytes; the limit is {limits['max_unzipped_bytes']}")
    for info in infos:
        if info.flag_bits & 0x1:
            raise Unreadable("encrypted", f"archive member {info.filename} is encrypted")
        if info.compress_size and info.file_size / info.compress_size > limits["max_compression_ratio"]:
            raise Unreadable("too large", f"archive member {info.filename} is compressed {info.file_size // info.compress_size}:1, "
                                          f"beyond the limit of {limits['max_compression_ratio']}:1 (a zip bomb?)")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    # Read at most the declared size plus one byte: a lying header cannot make us inflate more.
    try:
        with archive.open(info) as fh:
            data = fh.read(min(info.file_size, limit) + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise Unreadable("damaged", f"archive member {name} does not match its declared size or checksum ({exc})") from None
    if len(data) > min(info.file_size, limit):
        raise Unreadable("too large", f"archive member {name} inflates beyond its declared size")
    return data


def _xml(data: bytes):
    from lxml import etree

    # No entity resolution, no DTD, no network: a document can never pull a local file into a report.
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Unreadable("damaged", f"the DOCX XML is malformed ({exc})") from None


class _DocxWalker:
    def __init__(self, mailto: dict[str, str]):
        self.mailto = mailto
        self.lines: list[Line] = []
        self.paragraphs = 0
        self.tables = 0

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == _w("p"):
                self.paragraph(child)
            elif tag == _w("tbl"):
                self.table(child)
            elif tag in (_w("sdt"), _w("customXml"), _w("sdtContent"), _w("ins")):
                self.walk(child)

    def run_text(self, element, skip_textboxes: bool = True) -> str:
        parts = []
        for node in element.iter():
            tag = node.tag if isinstance(node.tag, str) else ""
            if tag == _w("t"):
                if skip_textboxes and _inside(node, element, (_w("txbxContent"), f"{{{MC_NS}}}Fallback")):
                    continue
                hyperlink = _ancestor(node, element, _w("hyperlink"))
                parts.append(node.text or "")
                if hyperlink is not None and hyperlink.get(f"{{{R_NS}}}id") in self.mailto and node is _last_text(hyperlink):
                    address = self.mailto[hyperlink.get(f"{{{R_NS}}}id")]
                    visible = "".join(t.text or "" for t in hyperlink.iter(_w("t")))
                    if "@" not in visible:
                        parts.append(f" {address}")
            elif tag == _w("tab") and not _inside(node, element, (_w("txbxContent"),)):
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")) and not _inside(node, element, (_w("txbxContent"),)):
                parts.append("\t")
        return "".join(parts)

    def paragraph(self, p) -> None:
        self.paragraphs += 1
        ppr = p.find(_w("pPr"))
        heading = False
        if ppr is not None:
            style = ppr.find(_w("pStyle"))
            heading = (ppr.find(_w("numPr")) is not None or ppr.find(_w("outlineLvl")) is not None
                       or (style is not None and bool(HEADING_STYLE.search(style.get(_w("val"), "")))))
        text = self.run_text(p)
        cells = [re.sub(r"\s+", " ", c).strip() for c in text.split("\t")]
        segments = tuple(Segment(c) for c in cells if c)
        if segments:
            self.lines.append(Line(segments, location=f"paragraph {self.paragraphs}", heading_hint=heading))
        # Text boxes anchored in this paragraph become lines of their own.
        for box in p.iter(_w("txbxContent")):
            if not _inside(box, p, (f"{{{MC_NS}}}Fallback",)):
                self.walk(box)

    def table(self, tbl) -> None:
        self.tables += 1
        table_no = self.tables
        for row_no, tr in enumerate(tbl.iter(_w("tr")), start=1):
            if _ancestor(tr, tbl, _w("tbl")) is not None:
                continue  # rows of nested tables are read as part of their cell
            cells = []
            for tc in tr.findall(_w("tc")) + [c for s in tr.findall(_w("sdt")) for c in s.iter(_w("tc"))]:
                text = " ".join(self.run_text(p).replace("\t", " ") for p in tc.iter(_w("p")))
                cells.append(re.sub(r"\s+", " ", text).strip())
            segments = tuple(Segment(c) for c in cells if c)
            if segments:
                self.lines.append(Line(segments, location=f"table {table_no}, row {row_no}"))


def _ancestor(node, stop, tag):
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return parent
        parent = parent.getparent()
    return None


def _inside(node, stop, tags) -> bool:
    return any(_ancestor(node, stop, t) is not None for t in tags)


def _last_text(element):
    texts = list(element.iter(_w("t")))
    return texts[-1] if texts else None


def read_docx(data: bytes, limits: dict) -> DocumentText:
    archive = check_zip(data, limits)
    body_xml = _read_member(archive, "word/document.xml", limits["max_unzipped_bytes"])
    if body_xml is None:
        raise Unreadable("unsupported type", "the archive is not a Word document")
    rels_xml = _read_member(archive, "word/_rels/document.xml.rels", limits["max_unzipped_bytes"])
    mailto = {}
    if rels_xml:
        for rel in _xml(rels_xml):
            target = rel.get("Target", "")
            if target.lower().startswith("mailto:"):
                mailto[rel.get("Id")] = target[7:].split("?")[0]
    root = _xml(body_xml)
    body = root.find(_w("body"))
    walker = _DocxWalker(mailto)
    if body is not None:
        walker.walk(body)
    return DocumentText("docx", 1, tuple(walker.lines))
