"""Scans and images are read by real OCR (Tesseract); OCR values never decide a verdict alone."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date

import docgen
import pytest

from conftest import SAMPLES, needs
from test_extract_annex1 import CERT, COMPANY, annex
from validator.extract.document import read_bytes

pytestmark = needs("tesseract")


@pytest.mark.parametrize("make", [
    pytest.param(lambda: docgen.scanned(docgen.annex1_pdf(annex()), rotate=0.8, blur=0.6), id="scanned-pdf-rotated-blurred"),
    pytest.param(lambda: docgen.image_scan(docgen.annex1_pdf(annex()), "PNG", rotate=-0.6), id="png-rotated"),
    pytest.param(lambda: docgen.image_scan(docgen.annex1_pdf(annex(layout="lines")), "JPEG"), id="jpeg-lines"),
    pytest.param(lambda: docgen.image_scan(docgen.annex1_pdf(annex(extra={"page_break_in_4_6": True})), "TIFF"), id="tiff-two-pages"),
])
def test_scanned_annex_is_read_by_ocr_with_confidence(policy, make):
    doc = read_bytes(make(), "scan", policy.extraction("DK"))  # a Danish provider: OCR adds Danish letters
    assert doc.kind == "annex1" and doc.method == "ocr"
    values = doc.annex1.certificate_contact.values
    assert values["email"].value == CERT.email
    assert values["mobile"].value.replace(" ", "") == CERT.mobile.replace(" ", "")
    assert values["name"].value == CERT.name
    assert values["email"].method == "ocr" and 0 < values["email"].confidence <= 100
    assert doc.regions["4.6.mobile"].startswith(b"\x89PNG")


def test_scanned_registration_extract(settings):
    doc = read_bytes(docgen.scanned(docgen.registration_pdf(COMPANY, "de", date(2026, 11, 2)), rotate=0.5), "x.pdf", settings)
    assert doc.kind == "registration" and doc.method == "ocr"
    assert doc.registration.company_name.value == COMPANY.legal_name
    assert doc.registration.extract_date.value == "2026-11-02"


def test_a_logo_is_not_an_annex(settings):
    doc = read_bytes(docgen.logo_png(), "Annex1.png", settings)
    assert doc.kind == "other" and "almost no text" in doc.description


def test_without_tesseract_scans_are_reported_not_crashed(tmp_path):
    """Hide the OCR engine from PATH: the scan gets a finding that says so, and the run goes on."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "inbox" / "PKI-2026-0122-scanned-annex", inbox / "scan")
    shutil.copytree(SAMPLES / "inbox" / "PKI-2026-0101-dk-table-pdf", inbox / "text")
    env = dict(os.environ, PATH=os.path.dirname(sys.executable))
    proc = subprocess.run([sys.executable, "-m", "validator", "check", inbox, "--members", SAMPLES / "members.csv",
                           "--as-of", "2026-12-01", "--out", tmp_path / "out"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    requests = {r["request_id"]: r for r in json.loads((tmp_path / "out" / "summary.json").read_text())["requests"]}
    scan = requests["PKI-2026-0122"]
    assert scan["verdict"] == "needs_review"
    messages = {f["check"]: f["message"] for f in scan["findings"]}
    assert "Tesseract) is not installed" in messages["attachments.scan"]
    assert "may be the Annex 1" in messages["attachments.annex1"]
    assert requests["PKI-2026-0101"]["verdict"] == "ready"


def test_ocr_languages_follow_the_provider_country(policy):
    assert policy.extraction("DK")["ocr"]["languages"] == "eng+dan"
    assert policy.extraction(None)["ocr"]["languages"] == "eng"
    assert policy.extraction("BE")["ocr"]["languages"] == "eng+nld+fra"
