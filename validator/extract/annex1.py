"""Reading Annex 1 "Contact Points": find section 4.x regions, then label/value pairs in them.

Only the region of a section counts for it: the emails and phones of 4.5 and 4.7 sit right next
to 4.6 and must never be read as the certificate retriever's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from validator.extract.labels import CONTACT_KINDS, ORGANISATION_KINDS, label_kind, split_pairs
from validator.extract.textutil import find_dates, find_email, fold
from validator.model import Annex1, Contact, Line, Seen, Segment, union_bbox

SECTION_NUMBER = re.compile(r"^\s*(?:section\s+|sezione\s+|punto\s+)?4\s*\.\s*(\d{1,2})(?!\s*\.?\s*\d)\.?\)?\s*(.*)$", re.I)
TOP_LEVEL = re.compile(r"^\s*([1-9])\s*[.)]?\s+[^\d\s.]")
# Section titles, for templates whose numbering is automatic (the text "4.6" never appears).
# 4.6 first: its title mentions "the organisation in 4.3".
SECTION_TITLES = (
    ("4.6", r"certificat"),
    ("4.5", r"formal notice|notifiche formali|comunicazioni formali"),
    ("4.7", r"\bsupport\b|assistenza"),
    ("4.8", r"\bsecurity\b|sicurezza"),
    ("4.9", r"service messages|messaggi di servizio"),
    ("4.10", r"\bsignature|\bfirma\b|authori[sz]ed representative"),
    ("4.4", r"\broles?\b|\bruoli?\b"),
    ("4.3", r"organi[sz]ation|organizzazione|service provider details|legal entity"),
)
CONTACT_SECTIONS = ("4.5", "4.6", "4.7", "4.8", "4.9")
TEMPLATE_ID = re.compile(r"Annex1_\d{8}_\d{2}", re.I)
FOOTER = re.compile(r"^(page|pagina|side|seite|sida)\s+\d+(\s+(of|di|av|von|af)\s+\d+)?$|^\d+\s*/\s*\d+$", re.I)


@dataclass(frozen=True)
class Heading:
    index: int  # line index
    section: str
    title: str


def _title_section(text: str) -> str | None:
    folded = fold(text)
    for section, pattern in SECTION_TITLES:
        if re.search(pattern, folded):
            return section
    return None


def _heading(line: Line, grid_active: bool) -> tuple[str, str] | None:
    first = line.segments[0].text if line.segments else ""
    m = SECTION_NUMBER.match(first)
    if m:
        return f"4.{int(m.group(1))}", first
    text = first if grid_active else line.text
    words = text.split()
    # A sentence ("... Please contact ...") is not a heading.
    if not words or len(words) > 16 or "@" in text or re.search(r"[.;!?](\s|$)", text) or split_pairs(text, CONTACT_KINDS) or label_kind(text):
        return None
    folded = fold(text)
    if line.heading_hint or grid_active or re.search(r"\bcontact|contatto|kontakt|referente", folded):
        section = _title_section(text)
        if section:
            return section, text
    return None


def _is_header(line: Line) -> bool:
    """A grid's header row: several cells, all labels (Contact point | Name | E-mail | Mobile)."""
    kinds = [label_kind(s.text) for s in line.segments if s.text]
    return len(kinds) >= 3 and all(kinds)


def find_headings(lines: tuple[Line, ...]) -> tuple[list[Heading], dict[int, int]]:
    headings: list[Heading] = []
    header_for: dict[int, int] = {}  # heading line index -> grid header line index
    header_at = None
    for i, line in enumerate(lines):
        if _is_header(line):
            header_at = i
            continue
        grid_active = header_at is not None and i - header_at <= 12 and len(line.segments) >= 2
        found = _heading(line, grid_active)
        if found:
            headings.append(Heading(i, found[0], found[1]))
            if grid_active:
                header_for[i] = header_at
        elif TOP_LEVEL.match(line.text) and not line.text.strip().startswith("4"):
            headings.append(Heading(i, "top", line.text))
    return headings, header_for


def _seen(file: str, line: Line, segments, value: str) -> Seen:
    segments = [s for s in segments if isinstance(s, Segment)]
    confidences = [s.confidence for s in segments if s.confidence is not None]
    return Seen(
        value=value.strip(),
        file=file,
        location=line.location,
        text=line.text,
        page=line.page,
        bbox=union_bbox(s.bbox for s in segments),
        method=segments[0].method if segments else "text",
        confidence=min(confidences) if confidences else None,
        region=line.bbox,
    )


def _column_of(segment: Segment, index: int, row: Line, header: Line) -> str | None:
    cells = header.segments
    if segment.bbox and all(c.bbox for c in cells):
        mid = (segment.bbox[0] + segment.bbox[2]) / 2
        best = min(cells, key=lambda c: 0 if c.bbox[0] - 2 <= mid <= c.bbox[2] + 2 else min(abs(mid - c.bbox[0]), abs(mid - c.bbox[2])))
        return label_kind(best.text)
    if len(row.segments) == len(cells):
        return label_kind(cells[index].text)
    return None


def parse_fields(file: str, lines: list[Line], kinds, header: Line | None = None) -> dict[str, Seen]:
    values: dict[str, Seen] = {}

    def record(kind: str, line: Line, segments, value: str) -> None:
        if kind in ("section",) or kind in values or not value.strip():
            return
        values[kind] = _seen(file, line, segments, value)

    if header is not None and lines:
        row = lines[0]
        cells: dict[str, list[Segment]] = {}
        for index, segment in enumerate(row.segments):
            kind = _column_of(segment, index, row, header)
            if kind:
                cells.setdefault(kind, []).append(segment)
        # A long value wraps inside its cell onto the next lines of the same row.
        for segment in (s for nxt in _wrapped_lines(lines, 0) for s in nxt.segments):
            kind = _column_of(segment, -1, row, header)
            if kind in cells:
                cells[kind].append(segment)
        for kind, parts in cells.items():
            record(kind, row, parts, _join(kind, parts))
        return values

    skip_next = False
    for i, line in enumerate(lines):
        if skip_next:
            skip_next = False
            continue
        segments = line.segments
        j = 0
        while j < len(segments):
            segment = segments[j]
            kind = label_kind(segment.text, kinds)
            if kind:
                k = j + 1
                while k < len(segments) and not label_kind(segments[k].text, kinds):
                    k += 1
                value_segments = list(segments[j + 1:k])
                if value_segments:
                    if k == len(segments):  # the value is the last cell: it may wrap onto the next lines
                        x0 = value_segments[0].bbox[0] if value_segments[0].bbox else None
                        for nxt in _wrapped_lines(lines, i):
                            if x0 is None or len(nxt.segments) != 1 or abs(nxt.segments[0].bbox[0] - x0) > 3 \
                                    or label_kind(nxt.segments[0].text, kinds):
                                break
                            value_segments.append(nxt.segments[0])
                    record(kind, line, value_segments, _join(kind, value_segments))
                elif k == len(segments) and i + 1 < len(lines):
                    # Label above its value: take the next line unless it is a label or a page footer.
                    nxt = lines[i + 1]
                    if nxt.segments and not label_kind(nxt.segments[0].text, kinds) and not split_pairs(nxt.text, kinds) \
                            and not FOOTER.match(nxt.text.strip()):
                        record(kind, nxt, nxt.segments, nxt.text)
                        skip_next = True
                j = k
                continue
            for pair_kind, _label, value in split_pairs(segment.text, kinds):
                if not value and j + 1 < len(segments):
                    value = segments[j + 1].text
                record(pair_kind, line, [segment], value)
            j += 1
    if "email" in values:
        email = find_email(values["email"].value)
        if email:
            values["email"] = replace(values["email"], value=email)
    return values


def _wrapped_lines(lines: list[Line], i: int) -> list[Line]:
    """The lines right below line i that are set as its continuation inside a table cell: close
    beneath it (line spacing, not the padding and rule between rows) and no heading."""
    out = []
    previous = lines[i]
    for nxt in lines[i + 1:]:
        if nxt.page != previous.page or nxt.bbox is None or previous.bbox is None or SECTION_NUMBER.match(nxt.text):
            break
        height = previous.bbox[3] - previous.bbox[1]
        if nxt.bbox[1] - previous.bbox[3] > 0.6 * height:
            break
        out.append(nxt)
        previous = nxt
    return out


def _join(kind: str, parts) -> str:
    # An e-mail address wrapped in a narrow cell breaks inside the address: no space to restore.
    return ("" if kind == "email" else " ").join(p.text for p in parts)


def _regions(lines: tuple[Line, ...], headings: list[Heading]) -> dict[str, list[tuple[int, int]]]:
    regions: dict[str, list[tuple[int, int]]] = {}
    for n, heading in enumerate(headings):
        end = headings[n + 1].index if n + 1 < len(headings) else len(lines)
        if heading.section != "top":
            regions.setdefault(heading.section, []).append((heading.index, end))
    return regions


def read_annex1(file: str, lines: tuple[Line, ...]) -> Annex1:
    headings, header_for = find_headings(lines)
    regions = _regions(lines, headings)
    titles = {h.index: h.title for h in headings}

    contacts: dict[str, Contact] = {}
    for section in CONTACT_SECTIONS:
        best: Contact | None = None
        for start, end in regions.get(section, []):
            header = lines[header_for[start]] if start in header_for else None
            region = list(lines[start:end])
            values = parse_fields(file, region, CONTACT_KINDS, header)
            if "email" not in values:
                # An address written without a label, still inside this section's region.
                for line in region:
                    email = find_email(line.text)
                    if email:
                        values["email"] = _seen(file, line, line.segments, email)
                        break
            heading_line = lines[start]
            contact = Contact(section, titles[start], values,
                              heading=_seen(file, heading_line, heading_line.segments[:1], titles[start]))
            if best is None or len(values) > len(best.values):
                best = contact
        if best is not None:
            contacts[section] = best

    organisation: dict[str, Seen] = {}
    for start, end in regions.get("4.3", []):
        header = lines[header_for[start]] if start in header_for else None
        organisation = parse_fields(file, list(lines[start:end]), ORGANISATION_KINDS, header)
        if organisation:
            break

    signature_lines = {i for start, end in regions.get("4.10", []) for i in range(start, end)}
    dates = []
    for i, line in enumerate(lines):
        for day, _seen_text in find_dates(line.text):
            seen = _seen(file, line, line.segments, day.isoformat())
            dates.append((i in signature_lines, day, seen))
    dates.sort(key=lambda d: (d[0], d[1]))
    template = next((m.group(0) for line in lines for m in [TEMPLATE_ID.search(line.text)] if m), None)
    return Annex1(organisation, contacts, tuple(d[2] for d in dates), template)


def signature_date(annex: Annex1) -> Seen | None:
    """The date that tells how current the Annex 1 is: the signature date, else the newest date."""
    return annex.dates[-1] if annex.dates else None
