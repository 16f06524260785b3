"""The service desk, against a real local HTTP server answering like Jira Cloud (no Jira can run
here): pull into request folders, check them, post results back once, be a good client."""

import base64
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from conftest import ROOT, SAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "jira"
EMAIL, TOKEN = "ops-bot@openpeppol.example", "SECRET-API-TOKEN-5f1c9e"
SAMPLE = SAMPLES / "inbox"
ATTACHMENTS = {
    "30001": SAMPLE / "PKI-2026-0101-dk-table-pdf" / "Annex1_Nordlys_signed.pdf",
    "30002": SAMPLE / "PKI-2026-0101-dk-table-pdf" / "CVR-udskrift.pdf",
    "30003": SAMPLE / "PKI-2026-0108-gb-support-email-trap" / "annex1.pdf",
    "30004": SAMPLE / "PKI-2026-0108-gb-support-email-trap" / "companies-house.pdf",
    "30005": SAMPLE / "PKI-2026-0105-de-grid" / "annex.pdf",
    "30006": SAMPLE / "PKI-2026-0105-de-grid" / "HRB.pdf",
}
OVERSIZE_ID = "30007"  # declared size 0, really 3 MB: the limit must hold while downloading


class FakeJira:
    """Answers like Jira Cloud; records what it was asked."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.calls: list[tuple[str, str, float]] = []
        self.comments: dict[str, list[dict]] = {}
        self.auth_ok = True
        self.throttle: list[tuple[int, str | None]] = []  # (status, Retry-After) answered before the next search
        self.slow_search_seconds = 0.0
        self.fail_download_once: set[str] = set()  # attachment ids that answer 500 the first time
        self.lock = threading.Lock()

    def _fixture(self, name: str):
        return json.loads((FIXTURES / name).read_text().replace("{base}", self.base))

    def __call__(self, request):
        with self.lock:
            self.calls.append((request.method, request.path, time.monotonic()))
        expected = "Basic " + base64.b64encode(f"{EMAIL}:{TOKEN}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            self.auth_ok = False
            return Response('{"errorMessages":["Unauthorized"]}', status=401, content_type="application/json")
        path = request.path
        if path == "/rest/api/3/search/jql" and request.method == "POST":
            if self.throttle:
                status, retry_after = self.throttle.pop(0)
                headers = {"Retry-After": retry_after} if retry_after is not None else {}
                return Response('{"errorMessages":["Rate limit exceeded"]}', status=status, headers=headers,
                                content_type="application/json")
            if self.slow_search_seconds:
                time.sleep(self.slow_search_seconds)
            body = request.get_json()
            assert "attachment" in body["fields"] and body["jql"]
            page = "search-page-2.json" if body.get("nextPageToken") == "CAEaAggD" else "search-page-1.json"
            return Response(json.dumps(self._fixture(page)), content_type="application/json")
        m = re.fullmatch(r"/rest/servicedeskapi/request/(OPS-\d+)", path)
        if m:
            return Response(json.dumps(self._fixture(f"request-{m.group(1)}.json")), content_type="application/json")
        m = re.fullmatch(r"/rest/api/3/attachment/content/(\d+)", path)
        if m and m.group(1) in self.fail_download_once:
            self.fail_download_once.discard(m.group(1))
            return Response('{"errorMessages":["Internal server error"]}', status=500, content_type="application/json")
        if m:
            if m.group(1) == OVERSIZE_ID:
                return Response(b"%PDF-1.7\n" + b"0" * (3 << 20), content_type="application/pdf")
            return Response(ATTACHMENTS[m.group(1)].read_bytes(), content_type="application/octet-stream")
        m = re.fullmatch(r"/rest/servicedeskapi/request/(OPS-\d+)/comment", path)
        if m:
            comments = self.comments.setdefault(m.group(1), [])
            if request.method == "POST":
                body = request.get_json()
                comment = {"id": str(90000 + len(comments)), "body": body["body"], "public": body["public"],
                           "author": {"displayName": "ops-bot"}, "created": {"iso8601": "2026-12-03T02:15:00+0000"}}
                comments.append(comment)
                return Response(json.dumps(comment), status=201, content_type="application/json")
            start, limit = int(request.args.get("start", 0)), int(request.args.get("limit", 50))
            page = comments[start:start + limit]
            return Response(json.dumps({"size": len(page), "start": start, "limit": limit,
                                        "isLastPage": start + limit >= len(comments), "values": page}),
                            content_type="application/json")
        if "/transitions" in path or request.method == "PUT":
            raise AssertionError("the tool must never change a ticket's status")
        return Response('{"errorMessages":["Not found"]}', status=404, content_type="application/json")

    def count(self, method: str, pattern: str) -> int:
        return sum(1 for m, p, _ in self.calls if m == method and re.fullmatch(pattern, p))


@pytest.fixture
def jira(httpserver):
    fake = FakeJira(httpserver.url_for("/"))
    httpserver.expect_request(re.compile(".*")).respond_with_handler(fake)
    return fake


@pytest.fixture
def config(tmp_path, jira):
    text = (ROOT / "jira.example.toml").read_text()
    text = re.sub(r'base_url = ".*"', f'base_url = "{jira.base}"', text)
    text = text.replace("min_retry_wait_seconds = 1", "min_retry_wait_seconds = 0.2").replace("timeout_seconds = 30", "timeout_seconds = 2")
    text = text.replace("page_size = 50", "page_size = 2")
    path = tmp_path / "jira.toml"
    path.write_text(text)
    policy = tmp_path / "policy.toml"
    policy.write_text("[limits]\nmax_file_bytes = 2097152\n")
    return path, policy


def cli(*args, token=TOKEN):
    env = {"PATH": "/usr/bin:/bin", "JIRA_EMAIL": EMAIL, "JIRA_API_TOKEN": token, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "validator", *map(str, args)], capture_output=True, text=True, env=env,
                          timeout=300)


def test_pull_writes_request_folders_that_check_turns_into_verdicts(jira, config, tmp_path):
    config_path, policy = config
    inbox, out = tmp_path / "inbox", tmp_path / "reports"
    proc = cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    assert proc.returncode == 0, proc.stderr
    assert "pulled 3 tickets" in proc.stderr
    assert jira.count("POST", "/rest/api/3/search/jql") == 2  # two pages, chained by nextPageToken
    assert sorted(p.name for p in inbox.iterdir()) == ["OPS-101", "OPS-102", "OPS-103"]
    request = json.loads((inbox / "OPS-101" / "request.json").read_text())
    assert request["certificate"] == {"pki_version": "G3", "type": "AP", "environment": "production"}
    assert request["submitted_at"] == "2026-11-27T09:30:00+01:00"
    assert (inbox / "OPS-102" / "companies-house.pdf").is_file()  # "../../" stripped from the name
    assert not (inbox / "OPS-103" / "scan-archive.pdf").exists()  # stopped at the size limit
    proc = cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out)
    results = {r["request_id"]: r for r in json.loads((out / "summary.json").read_text())["requests"]}
    assert results["OPS-101"]["verdict"] == "ready"
    assert results["OPS-102"]["verdict"] == "not_ready"
    assert {f["check"] for f in results["OPS-102"]["findings"]} == {"annex1.email"}
    schema = next(f for f in results["OPS-103"]["findings"] if f["check"] == "request.schema")
    assert "$.service_provider.seat_id" in schema["message"]
    unreadable = next(f for f in results["OPS-103"]["findings"] if f["check"] == "attachments.unreadable")
    assert "scan-archive.pdf" in unreadable["message"] and "too large" in unreadable["message"]


def test_second_pull_downloads_nothing_new(jira, config, tmp_path):
    config_path, policy = config
    inbox = tmp_path / "inbox"
    cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    first = jira.count("GET", r"/rest/api/3/attachment/content/\d+")
    before = {p: p.stat().st_mtime_ns for p in inbox.rglob("*") if p.is_file()}
    proc = cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    assert proc.returncode == 0, proc.stderr
    assert "0 attachments downloaded, 6 already there, 1 refused" in proc.stderr
    assert jira.count("GET", r"/rest/api/3/attachment/content/\d+") == first  # not even the refused one again
    assert {p: p.stat().st_mtime_ns for p in inbox.rglob("*") if p.is_file()} == before


def test_an_interrupted_pull_resumes_without_downloading_again(jira, config, tmp_path):
    config_path, policy = config
    inbox = tmp_path / "inbox"
    jira.fail_download_once = {"30002"}  # the second attachment of the first ticket fails: the pull stops
    first = cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    assert first.returncode == 2 and "answered 500" in first.stderr
    assert (inbox / "OPS-101" / "Annex1_Nordlys_signed.pdf").is_file()
    second = cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    assert second.returncode == 0, second.stderr
    assert jira.count("GET", "/rest/api/3/attachment/content/30001") == 1  # not fetched again
    assert (inbox / "OPS-101" / "CVR-udskrift.pdf").is_file()


def test_results_post_once_as_internal_comments(jira, config, tmp_path):
    config_path, policy = config
    inbox, out = tmp_path / "inbox", tmp_path / "reports"
    proc = cli("check", inbox, "--jira", "--post", "--config", config_path, "--policy", policy,
               "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out)
    assert proc.returncode == 1, proc.stderr  # OPS-102 and OPS-103 are not ready
    assert "3 posted" in proc.stderr
    assert all(len(jira.comments[k]) == 1 for k in ("OPS-101", "OPS-102", "OPS-103"))
    comment = jira.comments["OPS-102"][0]
    assert comment["public"] is False
    assert "NOT READY" in comment["body"] and "Request Not Approved" in comment["body"]
    assert "- annex1.email (error): The retriever e-mail support@thamesledger.co.uk" in comment["body"]
    assert re.search(r"\[pki-validator result [0-9a-f]{16}\]$", comment["body"])
    again = cli("post-results", "--config", config_path, "--out", out)
    assert again.returncode == 0, again.stderr
    assert "0 posted" in again.stderr and "3 unchanged" in again.stderr
    assert all(len(jira.comments[k]) == 1 for k in ("OPS-101", "OPS-102", "OPS-103"))


def test_dry_run_shows_and_posts_nothing(jira, config, tmp_path):
    config_path, policy = config
    inbox, out = tmp_path / "inbox", tmp_path / "reports"
    cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    cli("check", inbox, "--members", SAMPLES / "members.csv", "--as-of", "2026-12-01", "--out", out)
    proc = cli("post-results", "--config", config_path, "--out", out, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "--- OPS-101: would post this internal comment ---" in proc.stdout
    assert "READY" in proc.stdout
    assert jira.count("POST", r"/rest/servicedeskapi/request/.*/comment") == 0


def test_rate_limits_are_honoured_without_a_retry_storm(jira, config, tmp_path):
    config_path, policy = config
    jira.throttle = [(429, "1"), (503, "0"), (429, None)]
    proc = cli("pull", "--config", config_path, "--out", tmp_path / "inbox", "--policy", policy)
    assert proc.returncode == 0, proc.stderr
    searches = [t for m, p, t in jira.calls if p == "/rest/api/3/search/jql"]
    assert len(searches) == 5  # three refusals, then the two pages
    assert searches[1] - searches[0] >= 0.95  # Retry-After: 1 honoured
    assert searches[2] - searches[1] >= 0.19  # Retry-After: 0 still waits the minimum


def test_persistent_refusal_gives_up_with_a_clear_message(jira, config, tmp_path):
    config_path, policy = config
    jira.throttle = [(503, "0")] * 10
    proc = cli("pull", "--config", config_path, "--out", tmp_path / "inbox", "--policy", policy)
    assert proc.returncode == 2
    assert "answered 503" in proc.stderr
    assert jira.count("POST", "/rest/api/3/search/jql") == 5  # 1 + max_retries (4), then stop


def test_every_request_times_out(jira, config, tmp_path):
    config_path, policy = config
    jira.slow_search_seconds = 3  # beyond timeout_seconds = 2
    started = time.monotonic()
    proc = cli("pull", "--config", config_path, "--out", tmp_path / "inbox", "--policy", policy)
    assert proc.returncode == 2
    assert "ReadTimeout" in proc.stderr or "Timeout" in proc.stderr
    assert time.monotonic() - started < 120


def test_credentials_never_appear_in_output(jira, config, tmp_path):
    config_path, policy = config
    inbox, out = tmp_path / "inbox", tmp_path / "reports"
    proc = cli("check", inbox, "--jira", "--post", "--config", config_path, "--policy", policy, "--as-of", "2026-12-01",
               "--out", out, "--log-format", "json")
    assert jira.auth_ok
    assert TOKEN not in proc.stdout + proc.stderr
    for path in [*inbox.rglob("*"), *out.rglob("*")]:
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
    bad = cli("pull", "--config", config_path, "--out", tmp_path / "other", "--policy", policy, token="wrong-token")
    assert bad.returncode == 2 and "401" in bad.stderr and "check the account e-mail and API token" in bad.stderr
    assert "wrong-token" not in bad.stdout + bad.stderr


def test_missing_credentials_are_a_configuration_error(config, tmp_path):
    config_path, _ = config
    proc = subprocess.run([sys.executable, "-m", "validator", "pull", "--config", str(config_path), "--out", str(tmp_path / "i")],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    assert "JIRA_EMAIL and JIRA_API_TOKEN" in proc.stderr


def test_closed_tickets_leave_the_inbox(jira, config, tmp_path):
    config_path, policy = config
    inbox = tmp_path / "inbox"
    cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    (inbox / "OPS-099").mkdir()
    (inbox / "OPS-099" / ".pull.json").write_text('{"key": "OPS-099", "attachments": {}, "refused": []}')
    (inbox / "hand-made").mkdir()  # a folder someone put there by hand is left alone
    proc = cli("pull", "--config", config_path, "--out", inbox, "--policy", policy)
    assert "1 closed tickets removed" in proc.stderr
    assert not (inbox / "OPS-099").exists() and (inbox / "hand-made").exists()


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\annex.pdf", "annex.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("request.json", "attachment-request.json"),
    ("Annex 1 (signed).pdf", "Annex 1 (signed).pdf"),
    ("", "attachment"),
])
def test_attachment_names_stay_inside_their_folder(name, expected):
    from validator.servicedesk.pull import safe_filename

    assert safe_filename(name, set()) == expected


def test_same_name_twice_gets_a_suffix():
    from validator.servicedesk.pull import safe_filename

    taken = set()
    assert [safe_filename("annex.pdf", taken) for _ in range(3)] == ["annex.pdf", "annex-2.pdf", "annex-3.pdf"]


@pytest.mark.parametrize("value, expected", [
    (None, None), ("Production", "Production"), ({"id": "1", "value": "Test"}, "Test"),
    ([{"value": "A"}, {"value": "B"}], "A, B"), ({"displayName": "Jonas Berg"}, "Jonas Berg"),
    ({"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": "Nordlys ApS"}]}]},
     "Nordlys ApS"),
])
def test_form_values_of_every_shape(value, expected):
    from validator.servicedesk.pull import _text

    assert _text(value) == expected
