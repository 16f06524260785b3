"""Annex 1 extraction across layouts and formats; 4.5 and 4.7 are never read as 4.6."""

from dataclasses import replace
from datetime import date

import docgen
import pytest
from docgen import Annex, Company, Person

from validator.extract.document import read_bytes

COMPANY = Company("Vesterhav Data A/S", "DK", "39876543", "Strandvejen 7, 8000 Aarhus C", "PDK000777")
CERT = Person("Astrid Kjær", "astrid.kjaer@vesterhav.example", "+45 86 12 34 56", "+45 31 22 33 44", "PKI officer")
FORMAL = Person("Niels Friis", "formal@vesterhav.example")
SUPPORT = Person("Helpdesk", "support@vesterhav.example", "+45 86 99 88 77")
SIGNER = Person("Niels Friis", "", title="CEO")


def annex(**changes) -> Annex:
    base = Annex(COMPANY, CERT, FORMAL, SUPPORT, "security@vesterhav.example", "messages@vesterhav.example", SIGNER, date(2025, 9, 30))
    return replace(base, **changes)


SHAPES = [
    ("pdf", "table", False), ("pdf", "lines", False), ("pdf", "grid", False), ("pdf", "table", True), ("pdf", "lines", True),
    ("pdf", "grid", True), ("docx", "table", False), ("docx", "lines", False), ("docx", "grid", False),
    ("docx", "autonumber", False), ("docx", "table", True), ("docx", "autonumber", True),
]


@pytest.mark.parametrize("fmt, layout, bilingual", SHAPES)
def test_certificate_contact_is_read_in_every_layout(settings, fmt, layout, bilingual):
    make = docgen.annex1_pdf if fmt == "pdf" else docgen.annex1_docx
    doc = read_bytes(make(annex(layout=layout, bilingual=bilingual)), f"annex.{fmt}", settings)
    assert doc.kind == "annex1", doc.description
    values = {k: v.value for k, v in doc.annex1.certificate_contact.values.items()}
    assert values["email"] == CERT.email
    assert values["mobile"] == CERT.mobile
    assert values["name"] == CERT.name
    assert values.get("phone") == CERT.phone
    assert doc.annex1.organisation["name"].value == COMPANY.legal_name
    # the traps: the neighbouring sections hold other addresses and phones
    assert doc.annex1.contacts["4.7"].values["email"].value == SUPPORT.email
    assert doc.annex1.contacts["4.5"].values["email"].value == FORMAL.email


def test_pdf_values_carry_page_and_position(settings):
    doc = read_bytes(docgen.annex1_pdf(annex()), "a.pdf", settings)
    mobile = doc.annex1.certificate_contact.values["mobile"]
    assert mobile.page is not None and mobile.bbox is not None
    x0, top, x1, bottom = mobile.bbox
    assert x0 < x1 and top < bottom
    assert "Cell phone number" in mobile.text


def test_section_4_6_split_across_a_page_break(settings):
    doc = read_bytes(docgen.annex1_pdf(annex(extra={"page_break_in_4_6": True})), "a.pdf", settings)
    values = doc.annex1.certificate_contact.values
    assert values["name"].page + 1 == values["mobile"].page
    assert values["mobile"].value == CERT.mobile and values["email"].value == CERT.email


def test_mailto_hyperlink_is_read_as_the_address(settings):
    doc = read_bytes(docgen.annex1_docx(annex(layout="lines")), "a.docx", settings)
    assert doc.annex1.certificate_contact.values["email"].value == CERT.email


def test_empty_section_4_6_has_no_values(settings):
    doc = read_bytes(docgen.annex1_pdf(annex(empty_certificate_section=True)), "a.pdf", settings)
    assert doc.kind == "annex1"
    assert "email" not in doc.annex1.certificate_contact.values
    assert "mobile" not in doc.annex1.certificate_contact.values


def test_signature_date_is_read(settings):
    from validator.extract.annex1 import signature_date

    doc = read_bytes(docgen.annex1_docx(annex(signed_on=date(2021, 3, 15))), "a.docx", settings)
    assert signature_date(doc.annex1).value == "2021-03-15"


@pytest.mark.parametrize("make", [docgen.annex1_pdf, docgen.annex1_docx])
def test_long_address_wrapped_inside_a_grid_cell(settings, make):
    long_email = "astrid.kjaer-vestergaard.certificates@vesterhav-data-integration.example"
    doc = read_bytes(make(annex(layout="grid", certificates=replace(CERT, email=long_email))), "a", settings)
    email = doc.annex1.certificate_contact.values["email"]
    assert email.value == long_email
    assert doc.annex1.certificate_contact.values["mobile"].value == CERT.mobile


def test_form_field_values_are_drawn_in_the_evidence_image(settings):
    """The approver must see the value itself, not the empty box of an unrendered form field."""
    import io

    from PIL import Image

    doc = read_bytes(docgen.annex1_form_pdf(annex()), "form.pdf", settings)
    assert doc.method == "form field"
    image = Image.open(io.BytesIO(doc.regions["4.6.email"])).convert("L")
    value_area = image.crop((image.width // 2, 0, image.width, image.height))
    dark = value_area.histogram()[:100]  # pixels darker than 100 of 255
    dark = sum(dark)
    assert dark > 50, "the e-mail field's value is not visible in the region image"
