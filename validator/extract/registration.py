"""Reading company registration extracts, in the register's own language."""

from __future__ import annotations

import re

from validator.extract.textutil import find_dates, fold
from validator.model import Line, Registration, Seen, union_bbox

# (language, register, pattern over folded text)
REGISTERS = (
    ("nl", "Handelsregister, Kamer van Koophandel (NL)", r"uittreksel|kamer van koophandel|\bkvk\b"),
    ("de", "Handelsregister (DE)", r"handelsregister|amtsgericht|registergericht"),
    ("no", "Foretaksregisteret, Bronnoysund (NO)", r"firmaattest|foretaksregisteret|enhetsregisteret|bronnoysund"),
    ("sv", "Bolagsverket (SE)", r"registreringsbevis|bolagsverket|aktiebolagsregistret"),
    ("da", "CVR, Erhvervsstyrelsen (DK)", r"erhvervsstyrelsen|det centrale virksomhedsregister|cvr-?udskrift|virksomhedsoplysninger"),
    ("it", "Registro delle imprese (IT)", r"visura|registro delle imprese|camera di commercio"),
    ("fr", "Registre du commerce et des societes (FR)", r"extrait kbis|\bkbis\b|registre du commerce|greffe du tribunal"),
    ("en", "Register of companies", r"register of companies|companies house|companies registry|certificate of incorporation|registrar of companies|company registration (extract|certificate)"),
)

NAME_LABELS = (r"company name|name of (the )?company|registered name|legal name|^name$|firma|^name der firma|"
               r"handelsnaam|statutaire naam|^naam$|foretaksnavn|^navn$|virksomhedsnavn|foretagsnamn|^namn$|"
               r"denominazione|ragione sociale|denomination|raison sociale|^nom$")
NUMBER_LABELS = (r"company number|registration number|registration no|registernummer|nummer der firma|^hr ?[ab]$|"
                 r"kvk-?nummer|organisasjonsnummer|organisationsnummer|org\.? ?nr|cvr-?(nummer|nr)?$|"
                 r"numero rea|codice fiscale|partita iva|siren|numero d.identification|immatriculation rcs|^rcs$")
DATE_LABELS = (r"extract|date of issue|issued|abruf|ausdruck|stand|uittreksel|utskrift|utskriftsdato|utfardat|"
               r"udskrevet|udskrift|estrazione|estratto|aggiornat|a jour|delivre|extrait|printed|as at|as of|per dato|datum|dato|data|date")
# Dates that are not the extract's own: incorporation, registration, foundation.
OTHER_DATE_WORDS = (r"incorporat|registered on|registration date|founded|eintragung|grundung|gegrundet|oprettet|stiftelse|"
                    r"registrert|registrerad|costituzione|iscrizione|immatricul|oprichting|inschrijving|started|startdato|"
                    r"birth|geboren|nato|fodt|fodd")


def _value_after_label(line: Line, pattern: str) -> tuple[str, list] | None:
    segments = line.segments
    for j, segment in enumerate(segments):
        text = segment.text
        if ":" in text:
            label, _, value = text.partition(":")
            if re.search(pattern, fold(label).strip()) and len(label) <= 60:
                if value.strip():
                    return value.strip(), [segment]
                if j + 1 < len(segments):
                    return segments[j + 1].text, [segments[j + 1]]
        elif j + 1 < len(segments) and len(text) <= 60 and re.search(pattern, fold(text).strip()):
            return segments[j + 1].text, [segments[j + 1]]
    return None


def _seen(file: str, line: Line, segments, value: str) -> Seen:
    confidences = [s.confidence for s in segments if s.confidence is not None]
    return Seen(value.strip(), file, line.location, line.text, line.page, union_bbox(s.bbox for s in segments),
                segments[0].method if segments else "text", min(confidences) if confidences else None, line.bbox)


def register_of(text: str) -> tuple[str, str] | None:
    folded = fold(text)
    for language, register, pattern in REGISTERS:
        if re.search(pattern, folded):
            return language, register
    return None


def read_registration(file: str, lines: tuple[Line, ...]) -> Registration:
    language, register = register_of("\n".join(l.text for l in lines[:60])) or ("unknown", "unknown register")
    name = number = labelled_date = None
    undated: list[tuple] = []
    for line in lines:
        if name is None:
            found = _value_after_label(line, NAME_LABELS)
            if found:
                name = _seen(file, line, found[1], found[0])
        if number is None:
            found = _value_after_label(line, NUMBER_LABELS)
            if found:
                number = _seen(file, line, found[1], found[0])
        for day, _text in find_dates(line.text):
            folded = fold(line.text)
            if re.search(OTHER_DATE_WORDS, folded):
                continue
            seen = _seen(file, line, line.segments, day.isoformat())
            if labelled_date is None and re.search(DATE_LABELS, folded):
                labelled_date = seen
            undated.append((day, seen))
    extract_date = labelled_date or (max(undated, key=lambda d: d[0])[1] if undated else None)
    return Registration(name, number, extract_date, register, language)
