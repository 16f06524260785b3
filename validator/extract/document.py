"""One attachment in, one DocumentReading out: sniff, read, classify, parse.

`read_document` never raises for anything a file can do to it: every problem becomes a
DocumentReading of kind "unreadable" with the reason. It is the unit of work a worker runs.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from validator.extract.annex1 import read_annex1
from validator.extract.readers import DocumentText, Unreadable, read_docx, read_pdf, sniff
from validator.extract.registration import read_registration, register_of
from validator.extract.textutil import fold
from validator.model import DocumentReading

EXTRACTOR_VERSION = "1"
MIN_TEXT_CHARS = 40  # less text than this on every page: an image-only scan

ANNEX_SIGNALS = r"annex\s*1|allegato\s*1|bilag\s*1|vedlegg\s*1|bijlage\s*1|anlage\s*1|contact points|punti di contatto"
V4_SIGNALS = r"(service provider agreement|peppol agreement).{0,200}(version\s*4|v\s*4\b|\b4\.\d\b)|agreement framework.{0,80}(version\s*4|v4)"
LETTER_SIGNALS = r"\bdear\b|kind regards|best regards|yours (sincerely|faithfully)|cordiali saluti|med vennlig hilsen|mit freundlichen"


def _classify(file: str, text: DocumentText) -> DocumentReading | dict:
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


def read_bytes(data: bytes, file: str, limits: dict) -> DocumentReading:
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
        elif filetype == "docx":
            text = read_docx(data, limits)
        elif filetype in ("png", "jpeg", "tiff"):
            return DocumentReading(**base, kind="scan", pages=1,
                                   description=f"an image ({filetype.upper()}) with no text layer: it needs OCR or a person")
        else:
            names = {"zip": "a zip archive that is not a Word document", "ole": "a legacy Office file (.doc/.xls)",
                     "unknown": "not a PDF, DOCX or image"}
            raise Unreadable("unsupported type", names.get(filetype, filetype))
    except Unreadable as exc:
        return DocumentReading(**base, kind="unreadable", problem=exc.reason, description=exc.detail)
    except MemoryError:
        return DocumentReading(**base, kind="unreadable", problem="memory", description="reading it ran out of memory")
    except Exception as exc:  # a parser bug or a file shape nobody foresaw: a finding, never a crash
        return DocumentReading(**base, kind="unreadable", problem="damaged",
                               description=f"it could not be parsed ({type(exc).__name__}: {exc})")

    if sum(len(l.text) for l in text.lines) < MIN_TEXT_CHARS and filetype == "pdf":
        return DocumentReading(**base, kind="scan", pages=text.pages,
                               description="a PDF with no text layer (a scan): it needs OCR or a person")
    try:
        found = _classify(file, text)
    except Exception as exc:
        return DocumentReading(**base, kind="unreadable", problem="damaged", pages=text.pages,
                               description=f"its text could not be interpreted ({type(exc).__name__}: {exc})")
    return DocumentReading(**base, pages=text.pages, **found)


def read_document(path: Path, file: str, limits: dict) -> DocumentReading:
    try:
        size = path.stat().st_size
        if size > limits["max_file_bytes"]:
            return DocumentReading(file=file, sha256="", size=size, filetype="unknown", kind="unreadable",
                                   problem="too large", description=f"the file has {size} bytes; the limit is {limits['max_file_bytes']}")
        data = path.read_bytes()
    except OSError as exc:
        return DocumentReading(file=file, sha256="", size=0, filetype="unknown", kind="unreadable",
                               problem="damaged", description=f"the file could not be read ({exc.strerror})")
    return read_bytes(data, file, limits)
