"""Report writers: valid whatever the documents contained, safe in spreadsheets, never half-written."""

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import SAMPLES, run_cli
from validator.report import publish
from validator.report.csv_report import neutralise
from validator.report.junit_report import clean


@pytest.mark.parametrize("cell, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+45 20 12 34 56", "'+45 20 12 34 56"),
    ("-1", "'-1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("Nordlys", "Nordlys"),
])
def test_csv_cells_never_run_as_formulas(cell, expected):
    assert neutralise(cell) == expected


def test_junit_is_valid_xml_with_control_characters(tmp_path):
    text = "bad\x00text\x07with\x1bcontrols\ud800"
    root = ET.Element("t", message=clean(text))
    path = tmp_path / "x.xml"
    ET.ElementTree(root).write(path, encoding="utf-8")
    assert ET.parse(path).getroot().get("message").startswith("bad")


def test_control_characters_from_a_document_keep_junit_valid(tmp_path, copy_inbox):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    request = json.loads((inbox / "PKI-2026-0101-dk-table-pdf" / "request.json").read_text())
    request["retriever"]["name"] = "Jonas\x01\x0b Berg"
    (inbox / "PKI-2026-0101-dk-table-pdf" / "request.json").write_text(json.dumps(request))
    run_cli("check", inbox, "--as-of", "2026-12-01", "--out", tmp_path / "out")
    root = ET.parse(tmp_path / "out" / "junit.xml").getroot()
    assert root.get("tests")


def test_publish_replaces_the_whole_folder(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "old-only.txt").write_text("old")
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "index.html").write_text("new")
    publish(staging, out)
    assert (out / "index.html").read_text() == "new"
    assert not (out / "old-only.txt").exists()
    assert not staging.exists()


def test_failed_run_leaves_previous_reports(tmp_path, copy_inbox):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    out = tmp_path / "out"
    run_cli("check", inbox, "--as-of", "2026-12-01", "--out", out)
    before = (out / "summary.json").read_text()
    proc = run_cli("check", inbox, "--as-of", "2026-12-01", "--out", out, "--members", tmp_path / "missing.csv")
    assert proc.returncode == 2
    assert (out / "summary.json").read_text() == before
    assert not list(tmp_path.glob(".out.staging-*"))


def test_request_ids_cannot_escape_the_report_folder(tmp_path, copy_inbox):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    path = inbox / "PKI-2026-0101-dk-table-pdf" / "request.json"
    request = json.loads(path.read_text())
    request["request_id"] = "../../evil"
    path.write_text(json.dumps(request))
    run_cli("check", inbox, "--as-of", "2026-12-01", "--out", tmp_path / "out")
    pages = [p.name for p in (tmp_path / "out" / "requests").iterdir()]
    assert pages == ["_.._evil.html"]
    assert not (tmp_path / "evil.html").exists()


def test_identical_input_gives_identical_reports_but_for_the_run_stamp(tmp_path):
    args = ["check", SAMPLES / "inbox" / "PKI-2026-0109-mobile-and-name-differ", "--members", SAMPLES / "members.csv",
            "--as-of", "2026-12-01"]
    run_cli(*args, "--out", tmp_path / "a")
    run_cli(*args, "--out", tmp_path / "b")
    for name in ("summary.csv", "junit.xml", "requests/PKI-2026-0109.html"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text(), name
    a, b = (json.loads((tmp_path / d / "summary.json").read_text()) for d in "ab")
    a.pop("generated_at"), b.pop("generated_at")
    assert a == b
