"""The CLI over the bundled samples: every request gets its expected verdict and check ids."""

import csv
import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import ROOT, SAMPLES, run_cli


def test_sample_run_exits_1_because_some_requests_are_not_ready(sample_run):
    proc, out, _ = sample_run
    assert proc.returncode == 1, proc.stderr
    assert f"{len(sample_run[2]['requests'])} requests" in proc.stderr


def _requests(out):
    return {r["request_id"]: r for r in json.loads((out / "summary.json").read_text())["requests"]}


@pytest.mark.parametrize("request_id", sorted(json.loads((SAMPLES / "expected.json").read_text())["requests"]))
def test_each_sample_gets_its_expected_verdict_and_checks(sample_run, request_id):
    _, out, expected = sample_run
    got = _requests(out)[request_id]
    want = expected["requests"][request_id]
    assert got["verdict"] == want["verdict"], got["findings"]
    assert sorted({f["check"] for f in got["findings"]}) == want["checks"], got["findings"]


def test_samples_cover_every_check_and_several_ready_layouts(sample_run):
    from validator.checks import CHECKS

    _, _, expected = sample_run
    failing = {c for r in expected["requests"].values() for c in r["checks"]}
    # attachments.scan fires only where OCR cannot run: see test_ocr.py, which hides Tesseract.
    assert set(CHECKS) - failing == {"attachments.scan"}, "every check fails in at least one sample"
    assert sum(r["verdict"] == "ready" for r in expected["requests"].values()) >= 5


def test_summary_json_is_valid_against_the_report_schema(sample_run):
    _, out, _ = sample_run
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    summary = json.loads((out / "summary.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(summary)
    assert summary["as_of"] == "2026-12-01"


def test_ready_request_carries_positive_evidence_for_4_6(sample_run):
    _, out, _ = sample_run
    r = _requests(out)["PKI-2026-0101"]
    contact = r["extracted"]["annex1"]["certificate_contact"]
    assert contact["email"]["value"] == "jonas.berg@nordlys-integration.dk"
    assert contact["mobile"]["page"] == 1 and contact["mobile"]["bbox"]
    assert all(c["status"] == "passed" for c in r["checks"] if c["check"] != "attachments.scan")
    assert r["recommended_action"] == "Approve for issuing"
    assert r["extracted"]["approver"]["pa"] == "DK"


def test_not_ready_action_gives_the_reasons(sample_run):
    _, out, _ = sample_run
    r = _requests(out)["PKI-2026-0108"]
    assert r["recommended_action"].startswith("Request Not Approved")
    assert "annex1.email" in r["recommended_action"]
    finding = next(f for f in r["findings"] if f["check"] == "annex1.email")
    annex_evidence = finding["evidence"][0]
    assert annex_evidence["source"] == "annex1.pdf" and annex_evidence["page"] == 1
    assert annex_evidence["value"] == "oliver.hughes@thamesledger.co.uk"  # the 4.6 address, not the 4.7 one


def test_broken_request_json_gets_a_result_under_its_folder_name(sample_run):
    _, out, _ = sample_run
    r = _requests(out)["PKI-2026-0119-broken-json"]
    finding = next(f for f in r["findings"] if f["check"] == "request.schema")
    assert "not valid JSON" in finding["message"]


def test_hostile_name_is_escaped_in_html(sample_run):
    _, out, _ = sample_run
    page = (out / "requests" / "PKI-2026-0123.html").read_text()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in page
    index = (out / "index.html").read_text()
    assert "http://" not in index.replace("http-equiv", "") and "https://" not in index


def test_approver_page_shows_request_next_to_annex(sample_run):
    _, out, _ = sample_run
    page = (out / "requests" / "PKI-2026-0109.html").read_text()
    assert "+45 21 98 76 54" in page and "+45 20 12 34 56" in page  # request value beside the 4.6 value
    assert "annex1.mobile" in page


def test_csv_has_a_row_per_request(sample_run):
    _, out, expected = sample_run
    with open(out / "summary.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["request_id"] for r in rows} == set(expected["requests"])
    assert all(not r["messages"].startswith(("=", "+", "-", "@")) for r in rows)


def test_junit_has_a_case_per_request_and_check(sample_run):
    from validator.checks import CHECKS

    _, out, expected = sample_run
    root = ET.parse(out / "junit.xml").getroot()
    assert int(root.get("tests")) == len(expected["requests"]) * len(CHECKS)
    failed = {(c.get("classname"), c.get("name")) for c in root.iter("testcase") if c.find("failure") is not None}
    assert ("PKI-2026-0108", "annex1.email") in failed
    assert not any(cls == "PKI-2026-0101" for cls, _ in failed)


def test_damaged_attachment_and_broken_json_leave_other_requests_intact(copy_inbox, tmp_path):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf", "PKI-2026-0119-broken-json", "PKI-2026-0121-damaged-extra")
    proc = run_cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", tmp_path / "out")
    assert proc.returncode == 1, proc.stderr
    got = _requests(tmp_path / "out")
    assert got["PKI-2026-0101"]["verdict"] == "ready"
    assert got["PKI-2026-0121"]["verdict"] == "needs_review"


@pytest.mark.parametrize("fail_on, code", [("not_ready", 0), ("needs_review", 1), ("never", 0)])
def test_exit_code_follows_fail_on(copy_inbox, tmp_path, fail_on, code):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf", "PKI-2026-0121-damaged-extra")
    proc = run_cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01",
                   "--out", tmp_path / "out", "--fail-on", fail_on)
    assert proc.returncode == code, proc.stderr


def test_single_request_folder_works_too(tmp_path):
    proc = run_cli("check", SAMPLES / "inbox" / "PKI-2026-0101-dk-table-pdf", "--members", SAMPLES / "members.csv",
                   "--as-of", "2026-12-01", "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert list(_requests(tmp_path / "out")) == ["PKI-2026-0101"]


def test_without_members_membership_cannot_be_checked(copy_inbox, tmp_path):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    run_cli("check", inbox, "--as-of", "2026-12-01", "--out", tmp_path / "out")
    r = _requests(tmp_path / "out")["PKI-2026-0101"]
    assert r["verdict"] == "needs_review"
    messages = [f["message"] for f in r["findings"] if f["check"].startswith("membership.")]
    assert messages and all("no membership register was given" in m for m in messages)


@pytest.mark.parametrize("args, message", [
    (["check", "does-not-exist"], "does not exist"),
    (["check", "samples/inbox", "--members", "nope.csv"], "does not exist"),
    (["check", "samples/inbox", "--as-of", "yesterday"], "not a date"),
    (["check", "samples/inbox", "--jobs", "0"], "at least 1"),
])
def test_usage_errors_exit_2_with_a_clear_message(args, message):
    proc = run_cli(*args, cwd=ROOT)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_explain_shows_values_positions_and_sections():
    proc = run_cli("explain", SAMPLES / "inbox" / "PKI-2026-0105-de-grid" / "annex.pdf")
    assert proc.returncode == 0, proc.stderr
    assert "kind: annex1" in proc.stdout
    assert "'+49 151 23456789'" in proc.stdout and "page 1 at x=" in proc.stdout
    assert "<- the certificate contact" in proc.stdout and "(not the certificate contact)" in proc.stdout


def test_approver_page_embeds_the_region_images(sample_run):
    _, out, _ = sample_run
    page = (out / "requests" / "PKI-2026-0101.html").read_text()
    assert page.count('<img class="evidence" src="data:image/png;base64,') >= 4  # e-mail, mobile, name, 4.3 + extract
    assert 'src="http' not in page


def test_a_symlinked_request_folder_is_not_followed(copy_inbox, tmp_path):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    (inbox / "elsewhere").symlink_to(SAMPLES / "inbox" / "PKI-2026-0108-gb-support-email-trap")
    proc = run_cli("check", inbox, "--as-of", "2026-12-01", "--out", tmp_path / "out")
    assert "elsewhere is a symbolic link and is not followed" in proc.stderr
    assert list(_requests(tmp_path / "out")) == ["PKI-2026-0101"]
