"""Nightly operations: hostile uploads, the document cache, history, locking and kill safety."""

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

import hostile
import generate
from conftest import SAMPLES, run_cli

TEXT_SAMPLES = ["PKI-2026-0101-dk-table-pdf", "PKI-2026-0102-nl-docx-tables", "PKI-2026-0105-de-grid",
                "PKI-2026-0109-mobile-and-name-differ", "PKI-2026-0119-broken-json", "PKI-2026-0128-fillable-form"]


def summary(out):
    return json.loads((out / "summary.json").read_text())


def by_id(out):
    return {r["request_id"]: r for r in summary(out)["requests"]}


@pytest.fixture
def hostile_inbox(tmp_path):
    """One request whose attachments are every hostile shape, beside an ordinary ready request."""
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLES / "inbox" / "PKI-2026-0101-dk-table-pdf", inbox / "good")
    bad = inbox / "hostile"
    shutil.copytree(SAMPLES / "inbox" / "PKI-2026-0101-dk-table-pdf", bad)
    request = json.loads((bad / "request.json").read_text())
    request["request_id"] = "PKI-2026-0666"
    (bad / "request.json").write_text(json.dumps(request))
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CANARY-4711")
    dk = generate.PROVIDERS["dk"]
    files = {
        "zip-bomb.docx": hostile.zip_bomb_docx(),
        "lying-sizes.docx": hostile.lying_zip_docx(),
        "xxe.docx": hostile.xxe_docx(str(secret)),
        "billion-laughs.docx": hostile.billion_laughs_docx(),
        "flate-bomb.pdf": hostile.flate_bomb_pdf(),
        "endless-pages.pdf": hostile.endless_page_tree_pdf(),
        "hangs.pdf": hostile.noise_scan_pdf(),
        "xobject-bomb.pdf": hostile.xobject_tree_pdf(7, 10),
        "encrypted.pdf": generate.encrypted_pdf(),
        "truncated.pdf": (SAMPLES / "inbox" / "PKI-2026-0101-dk-table-pdf" / "Annex1_Nordlys_signed.pdf").read_bytes()[:1500],
        "empty.pdf": b"",
        "registration-really-a-docx.pdf": generate.registration(dk, fmt="docx"),
    }
    for name, data in files.items():
        (bad / name).write_bytes(data)
    (bad / "passwd.pdf").symlink_to("/etc/passwd")
    policy = tmp_path / "policy.toml"
    policy.write_text("[limits]\ndocument_timeout_seconds = 3\nmax_memory_mb = 700\n")
    return inbox, policy


def test_hostile_files_become_findings_and_the_run_goes_on(hostile_inbox, tmp_path):
    inbox, policy = hostile_inbox
    out = tmp_path / "out"
    proc = run_cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out,
                   "--policy", policy, "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    results = by_id(out)
    assert results["PKI-2026-0101"]["verdict"] == "ready"
    hostile_result = results["PKI-2026-0666"]
    assert hostile_result["verdict"] == "needs_review"  # the real Annex 1 and extract are still read
    problems = {d["file"]: d.get("problem") for d in hostile_result["extracted"]["documents"]}
    assert problems["zip-bomb.docx"] == "too large"
    assert problems["lying-sizes.docx"] in ("too large", "damaged")
    assert problems["billion-laughs.docx"] == "damaged"
    assert problems["flate-bomb.pdf"] in ("memory", "damaged", "timeout")
    assert problems["xobject-bomb.pdf"] in ("memory", "timeout")
    assert problems["endless-pages.pdf"] in ("too many pages", "damaged")
    assert problems["hangs.pdf"] == "timeout"
    assert problems["encrypted.pdf"] == "encrypted"
    assert problems["truncated.pdf"] == "damaged"
    assert problems["empty.pdf"] == "empty"
    kinds = {d["file"]: d["kind"] for d in hostile_result["extracted"]["documents"]}
    assert kinds["registration-really-a-docx.pdf"] == "registration"
    finding = next(f for f in hostile_result["findings"] if f["check"] == "attachments.unreadable")
    assert "passwd.pdf: not read (it is a symbolic link" in finding["message"]
    for path in out.rglob("*"):
        if path.is_file() and not path.name.endswith(".sqlite"):
            assert b"TOP-SECRET-CANARY" not in path.read_bytes(), path  # no entity ever resolved
            assert b"root:x:0:0" not in path.read_bytes(), path


def test_pdfium_is_never_loaded_in_the_parent_process(tmp_path):
    code = (
        "import sys, datetime, pathlib\n"
        "from validator.pipeline import run\n"
        "from validator.policy import load_policy\n"
        f"r = run(pathlib.Path({str(SAMPLES / 'inbox' / 'PKI-2026-0101-dk-table-pdf')!r}), policy=load_policy(),"
        " as_of=datetime.date(2026, 12, 1), jobs=1)\n"
        "assert r.results[0].annex1 is not None\n"
        "print('pdfium in parent:', 'pypdfium2' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "pdfium in parent: False" in proc.stdout


def test_warm_rerun_parses_nothing_and_rewrites_identical_reports(copy_inbox, tmp_path):
    inbox = copy_inbox(*TEXT_SAMPLES)
    out = tmp_path / "out"
    args = ["check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out]
    run_cli(*args)
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html") if p.parent.name == "requests"}
    first_csv = (out / "summary.csv").read_bytes()
    proc = run_cli(*args)
    assert "(0 parsed, " in proc.stderr
    assert summary(out)["documents"]["parsed"] == 0 and summary(out)["documents"]["cached"] > 0
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html") if p.parent.name == "requests"} == first
    assert (out / "summary.csv").read_bytes() == first_csv


def test_policy_change_rechecks_without_reparsing(copy_inbox, tmp_path):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    out = tmp_path / "out"
    run_cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out)
    assert by_id(out)["PKI-2026-0101"]["verdict"] == "ready"
    policy = tmp_path / "strict.toml"
    policy.write_text("[documents]\nregistration_max_age_days = 10\n")
    run_cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out, "--policy", policy)
    assert summary(out)["documents"]["parsed"] == 0
    assert [f["check"] for f in by_id(out)["PKI-2026-0101"]["findings"]] == ["registration.stale"]


def test_history_and_changes_since_the_last_run(copy_inbox, tmp_path):
    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf", "PKI-2026-0109-mobile-and-name-differ")
    out = tmp_path / "out"
    args = ["check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out]
    run_cli(*args)
    assert {r["request_id"]: r["change"] for r in summary(out)["requests"]} == {"PKI-2026-0101": "new", "PKI-2026-0109": "new"}
    # The requester fixes the form: 0109 now matches its Annex 1.
    path = inbox / "PKI-2026-0109-mobile-and-name-differ" / "request.json"
    request = json.loads(path.read_text())
    request["retriever"].update(name="Jonas Berg", mobile="+45 20 12 34 56")
    path.write_text(json.dumps(request))
    run_cli(*args)
    changes = {r["request_id"]: r["change"] for r in summary(out)["requests"]}
    assert changes == {"PKI-2026-0101": "unchanged for 0 days", "PKI-2026-0109": "now ready"}
    index = (out / "index.html").read_text()
    assert "now ready" in index and "<svg" in index and "Verdicts over the last 2 runs" in index
    proc = run_cli("history", "PKI-2026-0109", "--out", out)
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert "2 run(s)" in lines[0] and "not_ready" in lines[1] and "ready" in lines[2] and "(was not_ready)" in lines[2]


def test_a_second_run_on_the_same_state_refuses(copy_inbox, tmp_path):
    from validator.state import StateLock

    inbox = copy_inbox("PKI-2026-0101-dk-table-pdf")
    out = tmp_path / "out"
    with StateLock(tmp_path / ".out.lock", 0):
        proc = run_cli("check", inbox, "--as-of", "2026-12-01", "--out", out)
    assert proc.returncode == 2
    assert "another run holds the lock" in proc.stderr
    assert not out.exists()


def test_json_log_lines_and_quiet(copy_inbox, tmp_path):
    inbox = copy_inbox("PKI-2026-0121-damaged-extra")
    proc = run_cli("check", inbox, "--as-of", "2026-12-01", "--out", tmp_path / "out", "--log-format", "json")
    entries = [json.loads(line) for line in proc.stderr.splitlines()]
    assert any(e["msg"] == "unreadable attachment" and e["problem"] == "damaged" for e in entries)
    final = entries[-1]
    assert final["summary"] is True and final["requests"] == 1 and "seconds" in final
    quiet = run_cli("check", inbox, "--as-of", "2026-12-01", "--out", tmp_path / "out", "--quiet")
    assert quiet.stderr == ""


def assert_complete(out):
    """A report folder is one whole set: every file there and consistent with the others."""
    data = summary(out)
    ids = [r["request_id"] for r in data["requests"]]
    index = (out / "index.html").read_text()
    for request_id in ids:
        assert (out / "requests" / f"{request_id}.html").is_file()
        assert request_id in index
    with open(out / "summary.csv", newline="") as fh:
        assert [row["request_id"] for row in csv.DictReader(fh)] == ids
    assert len({c.get("classname") for c in ET.parse(out / "junit.xml").getroot().iter("testcase")}) == len(ids)
    return ids


def test_killed_runs_leave_the_previous_or_the_new_reports(copy_inbox, tmp_path):
    inbox = copy_inbox(*TEXT_SAMPLES)
    out = tmp_path / "out"
    base = [sys.executable, "-m", "validator", "check", str(inbox), "--members", str(SAMPLES / "members.csv"),
            "--as-of", "2026-12-01", "--out", str(out)]
    started = time.monotonic()
    subprocess.run(base, capture_output=True, check=False)
    cold = time.monotonic() - started
    expected_ids = assert_complete(out)
    rng = random.Random(20261203)
    for attempt in range(14):
        # Half the runs are cold (a fresh state: documents are parsed), half warm (from the cache).
        args = base + (["--state", str(tmp_path / f"state-{attempt}.sqlite")] if attempt % 2 else [])
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.05, cold * 1.1))
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        assert assert_complete(out) == expected_ids
        for db in [out / ".pki-validator-state.sqlite", *tmp_path.glob("state-*.sqlite")]:
            if db.exists():
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok", db
    proc = subprocess.run(base, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    assert assert_complete(out) == expected_ids
    assert not list(tmp_path.glob(".out.staging-*"))
