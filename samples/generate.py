"""Generate the sample inbox: request folders, members.csv, approvers.csv and expected.json.

    python samples/generate.py            # writes samples/inbox and the CSV/JSON files beside it

Each scenario says what it demonstrates and the verdict and check ids it must produce; the
test suite runs the CLI over the result and compares. Every person and company is invented.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docgen  # noqa: E402
from docgen import Annex, Company, Person  # noqa: E402

AS_OF = date(2026, 12, 1)


@dataclass
class Provider:
    company: Company
    pa: str
    retriever: Person
    formal: Person
    support: Person
    signatory: Person
    language: str  # of its registration extract

    def annex(self, **changes) -> Annex:
        domain = self.retriever.email.split("@")[1]
        base = Annex(self.company, self.retriever, self.formal, self.support, f"security@{domain}",
                     f"peppol-messages@{domain}", self.signatory, date(2025, 10, 1))
        return replace(base, **changes)


def _provider(name, country, pa, seat, reg_no, address, retriever, mobile, phone, language, domain, formal, support_phone):
    first = retriever.split()[0].lower()
    last = retriever.split()[-1].lower()
    return Provider(
        Company(name, country, reg_no, address, seat), pa,
        Person(retriever, f"{first}.{last}@{domain}", phone, mobile, "Head of e-invoicing operations"),
        Person(formal, f"legal@{domain}"),
        Person("Service desk", f"support@{domain}", support_phone),
        Person(formal, "", title="Managing director"),
        language,
    )


PROVIDERS = {
    "dk": _provider("Nordlys Integration ApS", "DK", "DK", "PDK000123", "41234567", "Havnegade 12, 1058 København K",
                    "Jonas Berg", "+45 20 12 34 56", "+45 33 12 34 56", "da", "nordlys-integration.dk", "Mette Holm", "+45 70 20 30 40"),
    "nl": _provider("Grachtenlink B.V.", "NL", "NL", "PNL000245", "81234567", "Keizersgracht 100, 1015 AA Amsterdam",
                    "Sanne de Vries", "06 12345678", "+31 20 123 4567", "nl", "grachtenlink.nl", "Pieter Jansen", "+31 20 765 4321"),
    "no": _provider("Fjordbyte AS", "NO", "NO", "PNO000377", "923456789", "Bryggen 5, 5003 Bergen",
                    "Ingrid Solberg", "412 34 567", "55 12 34 56", "no", "fjordbyte.no", "Lars Haugen", "55 98 76 54"),
    "it": _provider("Lagunare S.r.l.", "IT", "IT", "PIT000411", "01234567890", "Via Roma 10, 00184 Roma",
                    "Giulia Bianchi", "+39 347 123 4567", "+39 06 1234 5678", "it", "lagunare.it", "Marco Ricci", "+39 06 8765 4321"),
    "de": _provider("Rheinwerk Datenaustausch GmbH", "DE", "DE", "PDE000512", "HRB 123456", "Rheinufer 3, 50668 Köln",
                    "Lukas Becker", "+49 151 23456789", "+49 221 1234567", "de", "rheinwerk-daten.de", "Anna Schmitt", "+49 221 7654321"),
    "se": _provider("Kvarnsten AB", "SE", "SE", "PSE000634", "556123-4567", "Kvarngatan 4, 118 47 Stockholm",
                    "Elin Lindqvist", "+46 70 123 45 67", "+46 8 123 456 78", "sv", "kvarnsten.se", "Johan Ek", "+46 8 765 432 10"),
    "fr": _provider("Boulevard Factures SAS", "FR", "FR", "PFR000701", "812 345 678", "12 boulevard Voltaire, 75011 Paris",
                    "Camille Laurent", "+33 6 12 34 56 78", "+33 1 42 00 00 01", "fr", "boulevard-factures.fr", "Hugo Martin", "+33 1 42 00 00 02"),
    "gb": _provider("Thames Ledger Ltd", "GB", "OP", "POP000808", "09876543", "1 Riverside Walk, London SE1 9XX",
                    "Oliver Hughes", "+44 7911 123456", "+44 20 7946 0000", "en", "thamesledger.co.uk", "Amelia Clarke", "+44 20 7946 0001"),
}


def request_json(p: Provider, request_id: str, **changes) -> dict:
    data = {
        "request_id": request_id,
        "submitted_at": "2026-11-27T09:30:00Z",
        "request_type": "new",
        "peppol_authority": p.pa,
        "service_provider": {"legal_name": p.company.legal_name, "seat_id": p.company.seat_id, "country": p.company.country},
        "certificate": {"pki_version": "G3", "type": "AP", "environment": "production"},
        "retriever": {"name": p.retriever.name, "email": p.retriever.email, "mobile": p.retriever.mobile},
        "expiration_date": "2028-11-30",
    }
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for part in parents:
            node = node[part]
        node[last] = value
    return data


@dataclass
class Scenario:
    folder: str
    about: str
    verdict: str
    checks: list[str]  # the check ids expected among the findings
    request: dict | str | None  # a dict, raw text (a broken file) or None (missing)
    files: dict[str, bytes] = field(default_factory=dict)


def registration(p: Provider, day: date | None = date(2026, 11, 2), fmt: str = "pdf", company: Company | None = None) -> bytes:
    make = docgen.registration_pdf if fmt == "pdf" else docgen.registration_docx
    return make(company or p.company, p.language, day)


def encrypted_pdf() -> bytes:
    import io

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, encrypt=StandardEncryption("secret-password", canPrint=0), invariant=1)
    c.drawString(72, 720, "ANNEX 1 - CONTACT POINTS (protected copy)")
    c.save()
    return buffer.getvalue()


def scenarios() -> list[Scenario]:
    P = PROVIDERS
    dk, nl, no, it, de, se, fr, gb = (P[k] for k in ("dk", "nl", "no", "it", "de", "se", "fr", "gb"))
    out = [
        Scenario("PKI-2026-0101-dk-table-pdf", "Ready: Annex 1 as a text PDF with a two-column table per section; Danish CVR print-out.",
                 "ready", [], request_json(dk, "PKI-2026-0101"),
                 {"Annex1_Nordlys_signed.pdf": docgen.annex1_pdf(dk.annex()), "CVR-udskrift.pdf": registration(dk)}),
        Scenario("PKI-2026-0102-nl-docx-tables", "Ready: Annex 1 as DOCX with tables and mailto links; 'B.V.' against 'BV'; KvK uittreksel as DOCX; "
                 "the mobile written without country code.",
                 "ready", [], request_json(nl, "PKI-2026-0102", service_provider__legal_name="Grachtenlink BV", retriever__mobile="+31 6 12345678"),
                 {"contact-points.docx": docgen.annex1_docx(nl.annex()), "kvk.docx": registration(nl, fmt="docx")}),
        Scenario("PKI-2026-0103-no-label-lines", "Ready: Annex 1 with 'Label: value' lines; Norwegian numbers without +47; firmaattest.",
                 "ready", [], request_json(no, "PKI-2026-0103", retriever__mobile="+47 412 34 567"),
                 {"document1.pdf": docgen.annex1_pdf(no.annex(layout="lines")), "document2.pdf": registration(no)}),
        Scenario("PKI-2026-0104-it-bilingual-docx", "Ready: bilingual English/Italian labels (Cellulare, Posta elettronica); visura camerale.",
                 "ready", [], request_json(it, "PKI-2026-0104"),
                 {"Allegato1.docx": docgen.annex1_docx(it.annex(bilingual=True, layout="lines")), "visura.pdf": registration(it)}),
        Scenario("PKI-2026-0105-de-grid", "Ready: one grid table of all contact points (a row per section); Handelsregister Abruf.",
                 "ready", [], request_json(de, "PKI-2026-0105"),
                 {"annex.pdf": docgen.annex1_pdf(de.annex(layout="grid")), "HRB.pdf": registration(de)}),
        Scenario("PKI-2026-0106-se-fixed-line", "Needs review: the retriever 'mobile' is a Stockholm fixed line, the same in Annex 1.",
                 "needs_review", ["request.mobile"], request_json(se, "PKI-2026-0106", retriever__mobile=se.retriever.phone),
                 {"annex1.pdf": docgen.annex1_pdf(se.annex(certificates=replace(se.retriever, mobile=se.retriever.phone))),
                  "registreringsbevis.pdf": registration(se)}),
        Scenario("PKI-2026-0107-fr-autonumber", "Ready: Word automatic numbering (the text '4.6' never appears); extrait Kbis.",
                 "ready", [], request_json(fr, "PKI-2026-0107"),
                 {"Annexe 1.docx": docgen.annex1_docx(fr.annex(layout="autonumber")), "kbis.pdf": registration(fr)}),
        Scenario("PKI-2026-0108-gb-support-email-trap", "Not ready: the request gives the 4.7 support e-mail; only 4.6 counts.",
                 "not_ready", ["annex1.email"], request_json(gb, "PKI-2026-0108", retriever__email=gb.support.email),
                 {"annex1.pdf": docgen.annex1_pdf(gb.annex()), "companies-house.pdf": registration(gb)}),
        Scenario("PKI-2026-0109-mobile-and-name-differ", "Not ready: the 4.6 cell phone and name are someone else's.",
                 "not_ready", ["annex1.mobile", "annex1.name"],
                 request_json(dk, "PKI-2026-0109", retriever__name="Sofie Dahl", retriever__mobile="+45 21 98 76 54"),
                 {"annex1.pdf": docgen.annex1_pdf(dk.annex()), "cvr.pdf": registration(dk)}),
        Scenario("PKI-2026-0110-bad-email-and-mobile", "Not ready: the form's e-mail has a typo and the mobile is too short.",
                 "not_ready", ["request.email", "request.mobile", "annex1.email"],
                 request_json(dk, "PKI-2026-0110", retriever__email="jonas.berg@@nordlys-integration.dk", retriever__mobile="+45 2012"),
                 {"annex1.pdf": docgen.annex1_pdf(dk.annex()), "cvr.pdf": registration(dk)}),
        Scenario("PKI-2026-0111-seat-and-pki", "Not ready: a Norwegian seat ID under the Danish PA, and a v3 certificate after G2's end.",
                 "not_ready", ["request.seat_id", "request.pki_version"],
                 request_json(dk, "PKI-2026-0111", service_provider__seat_id="PNO000123", certificate__pki_version="v3"),
                 {"annex1.pdf": docgen.annex1_pdf(dk.annex()), "cvr.pdf": registration(dk)}),
        Scenario("PKI-2026-0112-no-annex", "Not ready: a cover letter instead of the Annex 1.",
                 "not_ready", ["attachments.annex1"], request_json(nl, "PKI-2026-0112", retriever__mobile="+31 6 12345678"),
                 {"Annex 1.pdf": docgen.cover_letter_pdf(nl.company, nl.retriever), "kvk.pdf": registration(nl)}),
        Scenario("PKI-2026-0113-v4-agreement", "Not ready: the v4 agreement's contact annex sent as 'Annex 1'.",
                 "not_ready", ["attachments.annex1"], request_json(de, "PKI-2026-0113"),
                 {"Annex1.pdf": docgen.agreement_v4_pdf(de.company, de.retriever), "HRB.pdf": registration(de)}),
        Scenario("PKI-2026-0114-stale-documents", "Not ready: an Annex 1 signed in 2021 (warning) and a 2025 extract (error).",
                 "not_ready", ["annex1.stale", "registration.stale"], request_json(it, "PKI-2026-0114"),
                 {"annex1.pdf": docgen.annex1_pdf(it.annex(signed_on=date(2021, 3, 15))), "visura.pdf": registration(it, date(2025, 6, 30))}),
        Scenario("PKI-2026-0115-other-company", "Not ready: Annex 1 section 4.3 and the extract name another company.",
                 "not_ready", ["annex1.entity", "registration.entity"], request_json(se, "PKI-2026-0115"),
                 {"annex1.pdf": docgen.annex1_pdf(se.annex(company=replace(se.company, legal_name="Kvarnsten Holding AB"))),
                  "bolagsverket.pdf": registration(se, company=replace(se.company, legal_name="Kvarnsten Holding AB"))}),
        Scenario("PKI-2026-0116-suspended-member", "Not ready: the membership is suspended.",
                 "not_ready", ["membership.inactive"],
                 request_json(fr, "PKI-2026-0116", service_provider__seat_id="PFR000702"),
                 {"annexe1.docx": docgen.annex1_docx(fr.annex()), "kbis.pdf": registration(fr)}),
        Scenario("PKI-2026-0117-fees-due", "Not ready: the member has past-due fees.",
                 "not_ready", ["membership.fees"],
                 request_json(no, "PKI-2026-0117", service_provider__seat_id="PNO000378", retriever__mobile="+47 412 34 567"),
                 {"annex1.pdf": docgen.annex1_pdf(no.annex()), "firmaattest.pdf": registration(no)}),
        Scenario("PKI-2026-0118-not-a-member", "Not ready: the seat ID is not in the membership register.",
                 "not_ready", ["membership.unknown"],
                 request_json(gb, "PKI-2026-0118", service_provider__seat_id="POP000999"),
                 {"annex1.pdf": docgen.annex1_pdf(gb.annex()), "extract.pdf": registration(gb)}),
        Scenario("PKI-2026-0119-broken-json", "Not ready: request.json is cut off; the request id is the folder name.",
                 "not_ready", ["request.schema"], '{"request_id": "PKI-2026-0119", "retriever": {"name": "Jonas',
                 {"annex1.pdf": docgen.annex1_pdf(dk.annex()), "cvr.pdf": registration(dk)}),
        Scenario("PKI-2026-0120-unknown-pki", "Not ready: pki_version G4 does not exist.",
                 "not_ready", ["request.schema"], request_json(de, "PKI-2026-0120", certificate__pki_version="G4"),
                 {"annex.pdf": docgen.annex1_pdf(de.annex()), "HRB.pdf": registration(de)}),
        Scenario("PKI-2026-0121-damaged-extra", "Needs review: a truncated extra attachment; everything else is in order.",
                 "needs_review", ["attachments.unreadable"], request_json(dk, "PKI-2026-0121"),
                 {"annex1.pdf": docgen.annex1_pdf(dk.annex()), "cvr.pdf": registration(dk),
                  "signed-copy.pdf": docgen.annex1_pdf(dk.annex())[:900]}),
        Scenario("PKI-2026-0122-scanned-annex", "Needs review: the Annex 1 was printed, signed and scanned; OCR reads it, "
                 "and a person confirms the OCR values shown beside the request's.",
                 "needs_review", ["annex1.ocr"], request_json(dk, "PKI-2026-0122"),
                 {"annex1-scan.pdf": docgen.scanned(docgen.annex1_pdf(dk.annex()), rotate=0.7, blur=0.5),
                  "cvr.pdf": registration(dk)}),
        Scenario("PKI-2026-0123-hostile-name", "Needs review: markup in the retriever's name (escaped in every report).",
                 "needs_review", ["annex1.name"],
                 request_json(nl, "PKI-2026-0123", retriever__name='Sanne <script>alert("pwned")</script> de Vries',
                              retriever__mobile="+31 6 12345678"),
                 {"annex1.docx": docgen.annex1_docx(nl.annex()), "kvk.pdf": registration(nl)}),
        Scenario("PKI-2026-0124-empty-4-6", "Not ready: section 4.6 is there but empty.",
                 "not_ready", ["annex1.contact_section"], request_json(it, "PKI-2026-0124"),
                 {"annex1.pdf": docgen.annex1_pdf(it.annex(empty_certificate_section=True)), "visura.pdf": registration(it)}),
        Scenario("PKI-2026-0125-no-registration", "Not ready: no registration extract attached.",
                 "not_ready", ["attachments.registration"], request_json(fr, "PKI-2026-0125"),
                 {"annexe1.pdf": docgen.annex1_pdf(fr.annex())}),
        Scenario("PKI-2026-0126-undated-extract", "Needs review: the extract carries no date.",
                 "needs_review", ["registration.stale"], request_json(no, "PKI-2026-0126", retriever__mobile="+47 412 34 567"),
                 {"annex1.docx": docgen.annex1_docx(no.annex()), "firmaattest.pdf": registration(no, None)}),
        Scenario("PKI-2026-0127-encrypted-annex", "Not ready: the only Annex 1 is password-protected.",
                 "not_ready", ["attachments.annex1", "attachments.unreadable"], request_json(de, "PKI-2026-0127"),
                 {"annex1.pdf": encrypted_pdf(), "HRB.pdf": registration(de)}),
        Scenario("PKI-2026-0128-fillable-form", "Ready: a fillable PDF form whose values live in form fields named 'Text Box N'.",
                 "ready", [], request_json(it, "PKI-2026-0128"),
                 {"Annex1_compilato.pdf": docgen.annex1_form_pdf(it.annex()), "visura.pdf": registration(it)}),
        Scenario("PKI-2026-0129-scanned-extract", "Needs review: the registration extract is a phone photo (PNG), read by OCR.",
                 "needs_review", ["registration.ocr"], request_json(de, "PKI-2026-0129"),
                 {"annex1.pdf": docgen.annex1_pdf(de.annex()),
                  "handelsregister.png": docgen.image_scan(registration(de), "PNG", rotate=-0.6)}),
        Scenario("PKI-2026-0130-content-controls", "Ready: a Word template with the values in content controls.",
                 "ready", [], request_json(se, "PKI-2026-0130"),
                 {"annex1.docx": docgen.annex1_docx_controls(se.annex(), "controls"), "registreringsbevis.pdf": registration(se)}),
        Scenario("PKI-2026-0131-text-box", "Ready: section 4.6 typed into a Word text box.",
                 "ready", [], request_json(fr, "PKI-2026-0131"),
                 {"annexe1.docx": docgen.annex1_docx_controls(fr.annex(), "textbox"), "kbis.pdf": registration(fr)}),
        Scenario("PKI-2026-0132-legacy-form-fields", "Ready: legacy Word form fields; labels 'E-mail address' and 'GSM'; "
                 "section 4.6 split across a page break.",
                 "ready", [], request_json(gb, "PKI-2026-0132"),
                 {"contacts.docx": docgen.annex1_docx_controls(gb.annex(labels={"E-mail": "E-mail address", "Cell phone number": "GSM"}), "legacy"),
                  "annex1-print.pdf": docgen.annex1_pdf(gb.annex(labels={"E-mail": "E-mail address", "Cell phone number": "Mobile phone"},
                                                                 extra={"page_break_in_4_6": True})),
                  "extract.pdf": registration(gb)}),
        Scenario("PKI-2026-0133-logo-as-annex", "Not ready: the file called Annex1.png is a company logo.",
                 "not_ready", ["attachments.annex1"], request_json(no, "PKI-2026-0133", retriever__mobile="+47 412 34 567"),
                 {"Annex1.png": docgen.logo_png(), "firmaattest.pdf": registration(no)}),
    ]
    return out


def members_rows() -> list[dict]:
    rows = [{"seat_id": p.company.seat_id, "legal_name": p.company.legal_name, "status": "active", "past_due_amount": "0"}
            for p in PROVIDERS.values()]
    rows.append({"seat_id": "PFR000702", "legal_name": "Boulevard Factures SAS", "status": "suspended", "past_due_amount": "0"})
    rows.append({"seat_id": "PNO000378", "legal_name": "Fjordbyte AS", "status": "active", "past_due_amount": "1250.00"})
    rows.append({"seat_id": "PNO000123", "legal_name": "Nordlys Integration ApS", "status": "active", "past_due_amount": "0"})
    return rows


APPROVERS = [("DK", "Freja Mortensen", "pki-approver@pa-dk.example"), ("NL", "Daan Visser", "pki-approver@pa-nl.example"),
             ("NO", "Sigrid Berge", "pki-approver@pa-no.example"), ("IT", "Chiara Romano", "pki-approver@pa-it.example"),
             ("DE", "Felix Wagner", "pki-approver@pa-de.example"), ("SE", "Maja Nyström", "pki-approver@pa-se.example"),
             ("FR", "Léa Dubois", "pki-approver@pa-fr.example"), ("OP", "Noah Peeters", "pki-approver@openpeppol.example")]


def write_inbox(inbox: Path, chosen: list[Scenario]) -> None:
    for s in chosen:
        folder = inbox / s.folder
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(s.request, dict):
            (folder / "request.json").write_text(json.dumps(s.request, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        elif isinstance(s.request, str):
            (folder / "request.json").write_text(s.request, encoding="utf-8")
        for name, data in s.files.items():
            (folder / name).write_bytes(data)


def write_members(path: Path) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["seat_id", "legal_name", "status", "past_due_amount"])
        writer.writeheader()
        writer.writerows(members_rows())


def write_approvers(path: Path) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["pa", "name", "email"])
        writer.writerows(APPROVERS)


def expected(chosen: list[Scenario]) -> dict:
    def request_id(s: Scenario) -> str:
        return s.request["request_id"] if isinstance(s.request, dict) else s.folder

    return {"as_of": AS_OF.isoformat(),
            "requests": {request_id(s): {"folder": s.folder, "about": s.about, "verdict": s.verdict, "checks": sorted(s.checks)}
                         for s in chosen}}


def generate(target: Path) -> None:
    inbox = target / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    chosen = scenarios()
    write_inbox(inbox, chosen)
    write_members(target / "members.csv")
    write_approvers(target / "approvers.csv")
    (target / "expected.json").write_text(json.dumps(expected(chosen), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
    print("samples written")
