"""Recognising labels ("E-mail address", "Cellulare", "Company identifier") in many templates.

A piece of text is a label when every word in it belongs to the label vocabulary; its kind is
the first pattern in the table that matches. Requiring *every* word to be label vocabulary is
what keeps "Jonas Berg Email" from being read as one label.
"""

from __future__ import annotations

import re

from validator.extract.textutil import fold

LABEL_WORDS = set("""
name names nome navn namn naam nom nombre full contact contacts person persona di del della of the for in from and
title position role function job qualifica ruolo posizione titolo stilling tittel befattning fonction funktion
e-mail email mail posta elettronica e-post epost courriel pec adresse address indirizzo adres adressen
phone telephone tel telefono telefon telefoonnummer telefonnummer direct diretto fisso fixed landline office
number no nr numero n n° nummer nummeret
cell cellphone cellular mobile mobil mobiltelefon mobilnummer gsm cellulare handy portable sms
organisation organization organisatie organizzazione company legal ragione sociale denominazione firma
country paese land nazione pays
identifier identification registration register registry official vat iva partita codice fiscale org id reg
point points punto section sezione type
""".split())

# (kind, pattern over the folded label); first match wins, so the order matters.
CONTACT_KINDS = (
    ("section", r"\b(contact points?|section|sezione|punto)\b"),
    ("mobile", r"\b(cell|cellphone|cellular|mobile|mobil\w*|gsm|cellulare|handy|portable|sms)\b"),
    ("email", r"(\be-?mail\b|\bmail\b|posta elettronica|\be-?post\b|courriel|\bpec\b)"),
    ("phone", r"\b(phone|telephone|tel|telefono|telefon\w*|landline|fisso)\b"),
    ("title", r"\b(title|position|role|function|job|qualifica|ruolo|posizione|titolo|stilling|tittel|befattning|fonction|funktion)\b"),
    ("name", r"\b(name|nome|navn|namn|naam|nom|nombre|person|persona)\b"),
    ("address", r"\b(address|indirizzo|adresse|adres)\b"),
)
ORGANISATION_KINDS = (
    ("identifier", r"\b(identifier|identification|registration|register|vat|iva|fiscale|org|id|number|nr|no|numero|reg)\b"),
    ("country", r"\b(country|paese|land|nazione|pays)\b"),
    ("address", r"\b(address|indirizzo|adresse|adres)\b"),
    ("name", r"\b(name|nome|navn|namn|naam|nom|denominazione|ragione sociale|firma|company|organi[sz]ation|organizzazione|legal)\b"),
)

_WORD = re.compile(r"[^\s/|()\[\]]+")


def _words(text: str) -> list[str]:
    return [w.strip(".,;:*") for w in _WORD.findall(fold(text)) if w.strip(".,;:*")]


def is_label_text(text: str) -> bool:
    words = _words(text)
    return bool(words) and len(words) <= 12 and all(w in LABEL_WORDS for w in words)


def label_kind(text: str, kinds=CONTACT_KINDS) -> str | None:
    """The kind of a label, or None when the text is not a label at all."""
    stripped = text.strip().rstrip(":").strip()
    if not stripped or "@" in stripped or not is_label_text(stripped):
        return None
    folded = fold(stripped)
    for kind, pattern in kinds:
        if re.search(pattern, folded):
            return kind
    return None


def split_pairs(text: str, kinds=CONTACT_KINDS) -> list[tuple[str, str, str]]:
    """Split "Name: Jonas Berg Email: j@x.dk" into [(kind, label, value), ...].

    Each colon is tried as the end of a label; the label is the longest run of label words
    right before it. Text before the first label is ignored.
    """
    starts: list[tuple[int, int, str, str]] = []
    for colon in re.finditer(r":(?!//)", text):
        before = text[: colon.start()]
        word_starts = [m.start() for m in re.finditer(r"\S+", before)]
        best = None
        for start in reversed(word_starts[-8:]):
            candidate = before[start:]
            kind = label_kind(candidate, kinds)
            if kind:
                best = (start, colon.end(), kind, candidate.strip())
            elif not is_label_text(candidate):
                break
        if best and (not starts or best[0] >= starts[-1][1]):
            starts.append(best)
    pairs = []
    for i, (_start, value_start, kind, label) in enumerate(starts):
        value_end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        pairs.append((kind, label, text[value_start:value_end].strip()))
    return pairs
