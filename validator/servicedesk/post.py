"""`pki-validator post-results`: each result as an internal comment on its ticket, once.

The comment ends with a marker holding the result's hash; a result whose hash is the one in
the ticket's latest marker is not posted again. The ticket's status is never changed: a person
approves or rejects.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from validator.servicedesk.client import JiraClient

MARKER = re.compile(r"\[pki-validator result ([0-9a-f]{16})\]")
TICKET_KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
VERDICT_WORDS = {"ready": "READY", "needs_review": "NEEDS REVIEW", "not_ready": "NOT READY"}


@dataclass(frozen=True)
class PostOutcome:
    key: str
    action: str  # posted | unchanged | would post | skipped
    body: str = ""


def result_hash(result: dict) -> str:
    essence = {"verdict": result["verdict"],
               "findings": sorted((f["check"], f["severity"], f["message"]) for f in result.get("findings", []))}
    return hashlib.sha256(json.dumps(essence, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def comment_body(result: dict, as_of: str) -> str:
    """Plain text a person reads in Jira."""
    lines = [f"Peppol PKI readiness check (as of {as_of}): {VERDICT_WORDS[result['verdict']]}",
             f"Recommended action: {result['recommended_action']}"]
    findings = result.get("findings", [])
    if findings:
        lines.append("")
        lines.append("Findings:")
        for f in findings:
            lines.append(f"- {f['check']} ({f['severity']}): {f['message']}")
    else:
        lines.append("All checks passed with evidence; the approver decides.")
    lines += ["", "This comment is internal and changes nothing on the ticket; the PA Certificate Approver decides.",
              f"[pki-validator result {result_hash(result)}]"]
    return "\n".join(lines)


def latest_marker(client: JiraClient, key: str) -> str | None:
    start, latest = 0, None
    for _ in range(200):
        page = client.get_json(f"/rest/servicedeskapi/request/{key}/comment",
                               params={"public": "false", "internal": "true", "start": start, "limit": 50})
        for comment in page.get("values") or []:
            for found in MARKER.findall(str(comment.get("body", ""))):
                latest = found  # comments come oldest first
        if page.get("isLastPage", True) or not page.get("values"):
            break
        start += len(page["values"])
    return latest


def post_results(client: JiraClient, summary: dict, dry_run: bool) -> list[PostOutcome]:
    outcomes = []
    for result in summary.get("requests", []):
        key = result["request_id"]
        if not TICKET_KEY.match(key):
            outcomes.append(PostOutcome(key, "skipped"))
            continue
        body = comment_body(result, summary.get("as_of", ""))
        if latest_marker(client, key) == result_hash(result):
            outcomes.append(PostOutcome(key, "unchanged"))
        elif dry_run:
            outcomes.append(PostOutcome(key, "would post", body))
        else:
            client.post_json(f"/rest/servicedeskapi/request/{key}/comment", {"body": body, "public": False})
            outcomes.append(PostOutcome(key, "posted", body))
    return outcomes
