"""A labelled corpus of Annex 1 and registration documents in every shape the tool reads,
with the truth stored beside them (truth.json). Used by tests/test_corpus.py and
benchmarks/accuracy.py.

Every Annex 1 here carries the classic trap: sections 4.5 and 4.7 hold other people's e-mail
addresses and phone numbers right next to section 4.6.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docgen  # noqa: E402
from generate import PROVIDERS  # noqa: E402


@dataclass(frozen=True)
class Item:
    file: str
    shape: str
    country: str
    truth: dict  # kind, and the values that must be read


def _annex_truth(p, name=None) -> dict:
    return {"kind": "annex1", "email": p.retriever.email, "mobile": p.retriever.mobile, "name": name or p.retriever.name,
            "organisation": p.company.legal_name}


def _registration_truth(p, day: date) -> dict:
    return {"kind": "registration", "company_name": p.company.legal_name,
            "registration_number": p.company.registration_number, "extract_date": day.isoformat()}


def build(target: Path, with_scans: bool = True) -> list[Item]:
    target.mkdir(parents=True, exist_ok=True)
    items: list[Item] = []

    def add(file: str, shape: str, provider, data: bytes, truth: dict) -> None:
        (target / file).write_bytes(data)
        items.append(Item(file, shape, provider.company.country, truth))

    P = PROVIDERS
    # Annex 1, text PDFs
    for key in ("dk", "no"):
        add(f"annex-{key}-table.pdf", "pdf: table per section", P[key], docgen.annex1_pdf(P[key].annex()), _annex_truth(P[key]))
    add("annex-de-lines.pdf", "pdf: label: value lines", P["de"], docgen.annex1_pdf(P["de"].annex(layout="lines")), _annex_truth(P["de"]))
    add("annex-se-lines.pdf", "pdf: label: value lines", P["se"], docgen.annex1_pdf(P["se"].annex(layout="lines")), _annex_truth(P["se"]))
    for key in ("fr", "gb"):
        add(f"annex-{key}-grid.pdf", "pdf: one grid of contacts", P[key], docgen.annex1_pdf(P[key].annex(layout="grid")), _annex_truth(P[key]))
    add("annex-it-bilingual.pdf", "pdf: bilingual labels", P["it"], docgen.annex1_pdf(P["it"].annex(bilingual=True)), _annex_truth(P["it"]))
    add("annex-it-bilingual-grid.pdf", "pdf: bilingual labels", P["it"], docgen.annex1_pdf(P["it"].annex(bilingual=True, layout="grid")), _annex_truth(P["it"]))
    add("annex-nl-pagebreak.pdf", "pdf: 4.6 across a page break", P["nl"],
        docgen.annex1_pdf(P["nl"].annex(extra={"page_break_in_4_6": True})), _annex_truth(P["nl"]))
    add("annex-dk-labels.pdf", "pdf: other label wording", P["dk"],
        docgen.annex1_pdf(P["dk"].annex(labels={"E-mail": "E-mail address", "Cell phone number": "GSM"})), _annex_truth(P["dk"]))
    add("annex-se-labels.pdf", "pdf: other label wording", P["se"],
        docgen.annex1_pdf(P["se"].annex(layout="lines", labels={"Cell phone number": "Mobile phone", "Name": "Contact person"})), _annex_truth(P["se"]))
    # fillable forms
    for key in ("it", "de"):
        add(f"annex-{key}-form.pdf", "pdf: fillable form fields", P[key], docgen.annex1_form_pdf(P[key].annex()), _annex_truth(P[key]))
    add("annex-no-form-flattened.pdf", "pdf: flattened form", P["no"], docgen.annex1_form_pdf(P["no"].annex(), flatten=True), _annex_truth(P["no"]))
    # DOCX
    add("annex-nl-table.docx", "docx: tables, mailto links", P["nl"], docgen.annex1_docx(P["nl"].annex()), _annex_truth(P["nl"]))
    add("annex-dk-lines.docx", "docx: label: value lines", P["dk"], docgen.annex1_docx(P["dk"].annex(layout="lines")), _annex_truth(P["dk"]))
    add("annex-de-grid.docx", "docx: one grid of contacts", P["de"], docgen.annex1_docx(P["de"].annex(layout="grid")), _annex_truth(P["de"]))
    add("annex-fr-autonumber.docx", "docx: automatic numbering", P["fr"], docgen.annex1_docx(P["fr"].annex(layout="autonumber")), _annex_truth(P["fr"]))
    add("annex-no-autonumber.docx", "docx: automatic numbering", P["no"], docgen.annex1_docx(P["no"].annex(layout="autonumber", bilingual=True)), _annex_truth(P["no"]))
    add("annex-it-bilingual.docx", "docx: bilingual labels", P["it"], docgen.annex1_docx(P["it"].annex(bilingual=True, layout="lines")), _annex_truth(P["it"]))
    add("annex-se-controls.docx", "docx: content controls", P["se"], docgen.annex1_docx_controls(P["se"].annex(), "controls"), _annex_truth(P["se"]))
    add("annex-gb-textbox.docx", "docx: text box", P["gb"], docgen.annex1_docx_controls(P["gb"].annex(), "textbox"), _annex_truth(P["gb"]))
    add("annex-dk-legacy.docx", "docx: legacy form fields", P["dk"], docgen.annex1_docx_controls(P["dk"].annex(), "legacy"), _annex_truth(P["dk"]))
    # the wrong documents
    add("Annex1-v4.pdf", "wrong document", P["de"], docgen.agreement_v4_pdf(P["de"].company, P["de"].retriever), {"kind": "agreement_v4"})
    add("Annex1-letter.pdf", "wrong document", P["nl"], docgen.cover_letter_pdf(P["nl"].company, P["nl"].retriever), {"kind": "other"})
    # registration extracts, every language, PDF and DOCX
    day = date(2026, 11, 2)
    for key in ("gb", "de", "nl", "no", "se", "dk", "it", "fr"):
        p = P[key]
        add(f"register-{key}.pdf", "registration: pdf", p, docgen.registration_pdf(p.company, p.language, day), _registration_truth(p, day))
    for key in ("de", "nl", "it", "fr"):
        p = P[key]
        add(f"register-{key}.docx", "registration: docx", p, docgen.registration_docx(p.company, p.language, day), _registration_truth(p, day))
    if with_scans:
        add("annex-dk-scan.pdf", "scan: pdf, rotated and blurred", P["dk"],
            docgen.scanned(docgen.annex1_pdf(P["dk"].annex()), rotate=0.8, blur=0.6), _annex_truth(P["dk"]))
        add("annex-de-scan.pdf", "scan: pdf, rotated and blurred", P["de"],
            docgen.scanned(docgen.annex1_pdf(P["de"].annex(layout="lines")), rotate=-0.5, blur=0.4), _annex_truth(P["de"]))
        add("annex-nl-photo.png", "scan: image file", P["nl"], docgen.image_scan(docgen.annex1_pdf(P["nl"].annex()), "PNG", rotate=-0.6),
            _annex_truth(P["nl"]))
        add("annex-it-photo.jpg", "scan: image file", P["it"], docgen.image_scan(docgen.annex1_pdf(P["it"].annex(bilingual=True)), "JPEG"),
            _annex_truth(P["it"]))
        add("annex-se-multipage.tif", "scan: image file", P["se"],
            docgen.image_scan(docgen.annex1_pdf(P["se"].annex(extra={"page_break_in_4_6": True})), "TIFF"), _annex_truth(P["se"]))
        add("register-no-scan.pdf", "scan: registration", P["no"],
            docgen.scanned(docgen.registration_pdf(P["no"].company, "no", day), rotate=0.4), _registration_truth(P["no"], day))
        add("register-fr-photo.png", "scan: registration", P["fr"],
            docgen.image_scan(docgen.registration_pdf(P["fr"].company, "fr", day), "PNG"), _registration_truth(P["fr"], day))
        add("logo.png", "wrong document", P["dk"], docgen.logo_png(), {"kind": "other"})
    (target / "truth.json").write_text(json.dumps([item.__dict__ for item in items], indent=2, ensure_ascii=False) + "\n",
                                       encoding="utf-8")
    return items


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def score(item: Item, reading, country_code) -> dict[str, bool]:
    """Field by field: was the true value read? Phones compare as E.164 in the provider's country."""
    truth = item.truth
    result = {"kind": reading.kind == truth["kind"]}
    if truth["kind"] == "annex1":
        contact = reading.annex1.certificate_contact if reading.annex1 else None
        values = {k: v.value for k, v in (contact.values.items() if contact else ())}
        organisation = reading.annex1.organisation.get("name") if reading.annex1 else None
        result["email"] = values.get("email") == truth["email"]
        result["mobile"] = country_code(values.get("mobile", ""), item.country) == country_code(truth["mobile"], item.country)
        result["name"] = values.get("name") == truth["name"]
        result["organisation"] = organisation is not None and organisation.value == truth["organisation"]
    elif truth["kind"] == "registration":
        reg = reading.registration
        for key in ("company_name", "registration_number", "extract_date"):
            seen = getattr(reg, key) if reg else None
            result[key] = seen is not None and seen.value == truth[key]
    return result
