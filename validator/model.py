"""Immutable records that flow through the pipeline: what was read, and what was found."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal

Severity = Literal["error", "warning"]
Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class Segment:
    """One run of text on a line: a table cell, a label, a value.

    `bbox` is (x0, top, x1, bottom) in PDF points from the page's top-left corner, or None
    for documents without a page geometry (DOCX).
    """

    text: str
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    method: str = "text"  # text | form field | ocr
    confidence: float | None = None


@dataclass(frozen=True)
class Line:
    segments: tuple[Segment, ...]
    location: str  # "page 2" or "table 3, row 4" or "paragraph 17"
    page: int | None = None
    heading_hint: bool = False  # the source marks it as a heading or a numbered item

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        return union_bbox(s.bbox for s in self.segments)


def union_bbox(boxes) -> tuple[float, float, float, float] | None:
    boxes = [b for b in boxes if b]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


@dataclass(frozen=True)
class Seen:
    """A value read from a document, and where: the evidence an approver needs."""

    value: str
    file: str
    location: str
    text: str  # the text seen around the value (the whole line)
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    method: str = "text"
    confidence: float | None = None
    region: tuple[float, float, float, float] | None = None  # the whole line, for the evidence image


@dataclass(frozen=True)
class Contact:
    section: str  # "4.6"
    title: str  # the heading text seen
    values: dict[str, Seen] = field(default_factory=dict)  # name, title, email, phone, mobile
    heading: Seen | None = None


@dataclass(frozen=True)
class Annex1:
    organisation: dict[str, Seen]  # 4.3: name, address, country, identifier
    contacts: dict[str, Contact]  # by section number: "4.5", "4.6", "4.7", ...
    dates: tuple[Seen, ...]  # every date read in the document, newest last
    template: str | None = None

    @property
    def certificate_contact(self) -> Contact | None:
        return self.contacts.get("4.6")


@dataclass(frozen=True)
class Registration:
    company_name: Seen | None
    registration_number: Seen | None
    extract_date: Seen | None
    register: str  # which register it looks like, e.g. "Handelsregister (DE)"
    language: str


@dataclass(frozen=True)
class DocumentReading:
    """What one attachment turned out to be."""

    file: str
    sha256: str
    size: int
    filetype: str  # pdf | docx | png | jpeg | tiff | empty | unknown
    kind: str  # annex1 | agreement_v4 | registration | other | scan | unreadable
    description: str  # what it is, in words an approver reads
    pages: int = 0
    problem: str | None = None  # why it is unreadable: damaged, encrypted, empty, ...
    text: str = ""  # the text as read, for explain and for name searches
    annex1: Annex1 | None = None
    registration: Registration | None = None
    method: str = "text"  # text | form field | ocr: how its values were read
    regions: dict[str, bytes] = field(default_factory=dict)  # PNG images of where values were read

    @classmethod
    def unreadable(cls, file: str, problem: str, description: str, size: int = 0, sha256: str = "",
                   filetype: str = "unknown", pages: int = 0) -> "DocumentReading":
        return cls(file=file, sha256=sha256, size=size, filetype=filetype, kind="unreadable", problem=problem,
                   description=description, pages=pages)


@dataclass(frozen=True)
class Evidence:
    """Where a finding comes from and what it was compared with."""

    source: str  # "request.json" or the attachment's file name
    path: str | None = None  # JSON path in request.json, e.g. $.retriever.email
    location: str | None = None  # "page 2", "table 3, row 4"
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None  # the text seen
    value: str | None = None  # the value as read or normalised
    compared_with: str | None = None
    comparison: str | None = None  # how the values compared
    method: str | None = None  # text | form field | ocr
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {}
        for f in fields(self):
            v = getattr(self, f.name)
            if v is not None:
                out[f.name] = list(v) if isinstance(v, tuple) else v
        return out


def seen_evidence(seen: Seen, **extra) -> Evidence:
    return Evidence(
        source=seen.file,
        location=seen.location,
        page=seen.page,
        bbox=seen.bbox,
        text=seen.text,
        value=seen.value,
        method=seen.method,
        confidence=seen.confidence,
        **extra,
    )


@dataclass(frozen=True)
class Outcome:
    check: str
    status: Status
    severity: Severity | None
    message: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def is_finding(self) -> bool:
        return self.status == "failed"


SEVERITY_RANK = {"error": 0, "warning": 1, None: 2}


def outcome_sort_key(o: Outcome):
    first = o.evidence[0] if o.evidence else None
    return (
        SEVERITY_RANK[o.severity] if o.status == "failed" else 3,
        o.check,
        (first.source if first else ""),
        (first.page or 0) if first else 0,
        (first.location or "") if first else "",
    )
