"""What an attachment is: decided from the bytes and the content, never from the name."""

from datetime import date

import docgen
import pytest
from docgen import Company, Person

from validator.extract.document import read_bytes
from validator.extract.readers import sniff

COMPANY = Company("Alpenrand Rechnungswesen GmbH", "DE", "HRB 98765", "Bergstraße 1, 80331 München")
PERSON = Person("Clara Vogt", "clara.vogt@alpenrand.example", "+49 89 1234567", "+49 170 1234567")


@pytest.mark.parametrize("language", ["en", "de", "nl", "no", "sv", "da", "it", "fr"])
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_registration_extracts_in_eight_languages(settings, language, fmt):
    make = docgen.registration_pdf if fmt == "pdf" else docgen.registration_docx
    doc = read_bytes(make(COMPANY, language, date(2026, 11, 3), founded=date(2012, 5, 4)), f"x.{fmt}", settings)
    assert doc.kind == "registration", doc.description
    reg = doc.registration
    assert reg.language == language
    assert reg.company_name.value == COMPANY.legal_name
    assert reg.registration_number.value == COMPANY.registration_number
    assert reg.extract_date.value == "2026-11-03"  # never the incorporation date 2012-05-04


def test_undated_extract_has_no_date(settings):
    doc = read_bytes(docgen.registration_pdf(COMPANY, "no", None), "x.pdf", settings)
    assert doc.kind == "registration" and doc.registration.extract_date is None


@pytest.mark.parametrize("make, kind, words", [
    (lambda: docgen.agreement_v4_pdf(COMPANY, PERSON), "agreement_v4", "no certificate contact"),
    (lambda: docgen.cover_letter_pdf(COMPANY, PERSON), "other", "letter"),
])
def test_wrong_documents_are_named_for_what_they_are(settings, make, kind, words):
    doc = read_bytes(make(), "Annex 1.pdf", settings)
    assert doc.kind == kind
    assert words in doc.description


@pytest.mark.parametrize("data, problem", [
    (b"", "empty"),
    (b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", "damaged"),
    (b"This is just a text file, not a PDF.", "unsupported type"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unsupported type"),
])
def test_unreadable_files_get_a_reason(settings, data, problem):
    doc = read_bytes(data, "annex1.pdf", settings)
    assert doc.kind == "unreadable" and doc.problem == problem


def test_truncated_pdf_is_damaged(settings):
    data = docgen.annex1_pdf(__import__("test_extract_annex1").annex())
    doc = read_bytes(data[: len(data) // 3], "annex1.pdf", settings)
    assert doc.kind == "unreadable" and doc.problem == "damaged"


def test_encrypted_pdf_is_reported_as_encrypted(settings):
    import generate

    doc = read_bytes(generate.encrypted_pdf(), "annex1.pdf", settings)
    assert doc.kind == "unreadable" and doc.problem == "encrypted"


def test_file_type_comes_from_bytes_not_name(settings):
    docx_bytes = docgen.registration_docx(COMPANY, "de", date(2026, 11, 3))
    assert sniff(docx_bytes) == "docx"
    doc = read_bytes(docx_bytes, "scan.pdf", settings)  # a DOCX named .pdf
    assert doc.filetype == "docx" and doc.kind == "registration"
