"""Text normalisation shared by the extractors and the checks."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+\s?@\s?[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def fold(text: str) -> str:
    """Lower case without diacritics, whitespace collapsed: for matching labels and words."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().lower()


def clean_email_text(text: str) -> str:
    """Undo what documents and OCR do to addresses: mailto: links, spaces around @ and dots."""
    text = text.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.split("?")[0]
    text = re.sub(r"\s*@\s*", "@", text)
    text = re.sub(r"\s*\.\s*(?=[A-Za-z0-9-]+(?:\.|$))", ".", text) if "@" in text else text
    return text.strip(" .,;:<>()[]\"'")


def find_email(text: str) -> str | None:
    # OCR puts spaces around "@" and "." ("jonas. berg @nordlys.dk"): close them up first.
    m = EMAIL_RE.search(re.sub(r"\s*([@.])\s*(?=\S)", r"\1", text.replace("mailto:", " ")))
    return clean_email_text(m.group(0)) if m else None


# --- legal names --------------------------------------------------------------------------

# Spellings of legal forms that mean the same; matched on the folded, punctuation-free name.
LEGAL_FORMS = {
    "bv": ("b v", "besloten vennootschap"),
    "nv": ("n v", "naamloze vennootschap"),
    "aps": ("a p s", "anpartsselskab"),
    "as": ("a s", "aksjeselskap", "aktieselskab"),
    "asa": ("a s a", "allmennaksjeselskap"),
    "ab": ("a b", "aktiebolag", "aktiebolaget"),
    "oy": ("o y", "osakeyhtio"),
    "gmbh": ("g m b h", "gesellschaft mit beschrankter haftung"),
    "ag": ("a g", "aktiengesellschaft"),
    "ltd": ("limited", "l t d"),
    "plc": ("p l c", "public limited company"),
    "llc": ("l l c",),
    "srl": ("s r l", "societa a responsabilita limitata"),
    "spa": ("s p a", "societa per azioni"),
    "sas": ("s a s", "societe par actions simplifiee"),
    "sarl": ("s a r l", "societe a responsabilite limitee"),
    "sa": ("s a", "societe anonyme"),
    "inc": ("incorporated", "i n c"),
}


def _name_tokens(name: str) -> str:
    text = fold(name).replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# Longest spelling first, across all forms: "s a s" must become "sas" before "a s" becomes "as".
_FORM_SPELLINGS = sorted(((v, c) for c, vs in LEGAL_FORMS.items() for v in vs), key=lambda vc: -len(vc[0]))


def normalise_legal_name(name: str) -> str:
    text = f" {_name_tokens(name)} "
    for variant, canonical in _FORM_SPELLINGS:
        text = text.replace(f" {variant} ", f" {canonical} ")
    return " ".join(text.split())


def compare_names(expected: str, seen: str) -> tuple[bool, str]:
    """Whether two legal names denote the same company, and how they compared (said in reports)."""
    if expected.strip() == seen.strip():
        return True, "identical"
    if fold(expected) == fold(seen):
        return True, "equal ignoring case and accents"
    a, b = normalise_legal_name(expected), normalise_legal_name(seen)
    if a == b:
        return True, f"equal after normalising punctuation and legal form ('{a}')"
    return False, f"different ('{a}' against '{b}' after normalising)"


def name_in_text(name: str, text: str) -> bool:
    needle = normalise_legal_name(name)
    return bool(needle) and f" {needle} " in f" {normalise_legal_name(text)} "


# --- dates --------------------------------------------------------------------------------

MONTHS = {
    # English, German, Dutch, Norwegian/Danish, Swedish, Italian, French (folded, no accents)
    1: ("january", "jan", "januar", "januari", "gennaio", "janvier", "janv"),
    2: ("february", "feb", "februar", "februari", "febbraio", "fevrier", "fevr"),
    3: ("march", "mar", "marz", "maerz", "maart", "mars", "marzo"),
    4: ("april", "apr", "aprile", "avril", "avr"),
    5: ("may", "mai", "mei", "maj", "maggio"),
    6: ("june", "jun", "juni", "giugno", "juin"),
    7: ("july", "jul", "juli", "luglio", "juillet", "juil"),
    8: ("august", "aug", "augustus", "augusti", "agosto", "aout"),
    9: ("september", "sep", "sept", "settembre", "septembre"),
    10: ("october", "oct", "oktober", "okt", "ottobre", "octobre"),
    11: ("november", "nov", "novembre"),
    12: ("december", "dec", "dezember", "desember", "dicembre", "decembre", "dez"),
}
MONTH_BY_NAME = {name: num for num, names in MONTHS.items() for name in names}
_month_alt = "|".join(sorted(MONTH_BY_NAME, key=len, reverse=True))

DATE_PATTERNS = (
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")),
    ("numeric", re.compile(r"\b(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})\b")),
    ("day month year", re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er)?\.?\s+(?P<mn>{_month_alt})\.?,?\s+(?P<y>\d{{4}})\b")),
    ("month day year", re.compile(rf"\b(?P<mn>{_month_alt})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b")),
)


def find_dates(text: str) -> list[tuple[date, str]]:
    """Every date in a line, with the text it was read from. Numeric dates are day first."""
    folded = fold(text)
    found = []
    taken: list[tuple[int, int]] = []
    for _, pattern in DATE_PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            month = MONTH_BY_NAME[m.group("mn")] if "mn" in m.groupdict() and m.group("mn") else int(m.group("m"))
            try:
                found.append((date(int(m.group("y")), month, int(m.group("d"))), m.group(0)))
                taken.append((m.start(), m.end()))
            except ValueError:
                continue
    return found
