"""`pki-validator pull`: the open PKI requests of the service desk, as request folders.

Each ticket becomes INBOX/<KEY>/ with request.json (mapped from the form by the configuration)
and the ticket's attachments; `.pull.json` in the folder remembers what was downloaded, so a
second pull downloads only what is new, and which attachments were refused and why.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from validator.servicedesk.client import JiraClient, TooLarge
from validator.servicedesk.config import JiraConfig

log = logging.getLogger("pki-validator")
SEARCH = "/rest/api/3/search/jql"
MANIFEST = ".pull.json"
SEARCH_FIELDS = ["summary", "created", "status", "attachment"]
MAX_PAGES = 1000  # a server that always answers with a next page must not keep us forever


@dataclass
class PullStats:
    tickets: int = 0
    downloaded: int = 0
    already_there: int = 0
    refused: int = 0
    removed_folders: int = 0


def search_open_requests(client: JiraClient) -> list[dict]:
    config = client.config
    issues, token = [], None
    for _ in range(MAX_PAGES):
        body = {"jql": config.jql, "fields": SEARCH_FIELDS, "maxResults": config.page_size}
        if token:
            body["nextPageToken"] = token
        page = client.post_json(SEARCH, body)
        issues.extend(page.get("issues") or [])
        token = page.get("nextPageToken")
        if not token or page.get("isLast") is True:
            break
    return issues


def _text(value) -> str | None:
    """A form value as text: strings, select options ({"value": ...}), users, lists, rich text."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        parts = [t for t in (_text(v) for v in value) if t]
        return ", ".join(parts) or None
    if isinstance(value, dict):
        if value.get("type") == "doc" or "content" in value:  # Atlassian Document Format
            pieces = []

            def walk(node):
                if isinstance(node, dict):
                    if node.get("type") == "text":
                        pieces.append(node.get("text", ""))
                    for child in node.get("content") or []:
                        walk(child)
            walk(value)
            return " ".join(p.strip() for p in pieces if p.strip()) or None
        for key in ("value", "name", "displayName", "text", "emailAddress"):
            if key in value:
                return _text(value[key])
    return None


def map_request(key: str, form: dict, config: JiraConfig) -> dict:
    """request.json from the service desk's form. Unmapped or empty fields are left out, so the
    readiness check's request.schema finding names exactly the field that is missing."""
    values = {fv.get("fieldId"): fv.get("value") for fv in form.get("requestFieldValues") or [] if isinstance(fv, dict)}
    data: dict = {"request_id": key}
    created = (form.get("createdDate") or {}).get("iso8601")
    if isinstance(created, str):
        data["submitted_at"] = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", created)  # +0100 -> +01:00
    for path, field_id in config.fields.items():
        text = _text(values.get(field_id))
        if text is None:
            text = config.defaults.get(path)
        if text is None:
            continue
        text = config.values.get(path, {}).get(text, text)
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = text
    return data


def safe_filename(name: str, taken: set[str]) -> str:
    """An attachment name that stays inside its folder and is not request.json or hidden."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # "../../x.pdf" is just x.pdf
    base = re.sub(r"[\x00-\x1f:]", "_", name).strip().lstrip(".")[:150] or "attachment"
    if base.lower() in ("request.json",) or base == MANIFEST:
        base = f"attachment-{base}"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        stem, dot, ext = base.rpartition(".")
        candidate = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
    taken.add(candidate.lower())
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_if_changed(path: Path, text: str) -> None:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def pull_ticket(client: JiraClient, issue: dict, inbox: Path, max_bytes: int, stats: PullStats) -> None:
    key = issue["key"]
    folder = inbox / re.sub(r"[^A-Za-z0-9._-]", "_", key)
    folder.mkdir(parents=True, exist_ok=True)
    form = client.get_json(f"/rest/servicedeskapi/request/{key}")
    _write_if_changed(folder / "request.json", json.dumps(map_request(key, form, client.config), indent=2,
                                                          ensure_ascii=False) + "\n")
    manifest_path = folder / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    known = manifest.get("attachments", {})
    # Jira attachments never change under their id: one refused under the same limit stays refused.
    refused_before = {r.get("id"): r for r in manifest.get("refused", []) if r.get("limit") == max_bytes}
    kept, refused, taken = {}, [], set()
    for attachment in (issue.get("fields") or {}).get("attachment") or []:
        attachment_id = str(attachment.get("id"))
        previous = known.get(attachment_id)
        name = previous["file"] if previous else safe_filename(str(attachment.get("filename") or attachment_id), taken)
        taken.add(name.lower())
        target = folder / name
        declared = attachment.get("size")
        if previous and target.is_file() and target.stat().st_size == previous["size"] and _sha256(target) == previous["sha256"]:
            kept[attachment_id] = previous
            stats.already_there += 1
            continue
        reason = None
        if attachment_id in refused_before:
            reason = refused_before[attachment_id]["reason"]
        elif isinstance(declared, int) and declared > max_bytes:
            reason = f"too large: {declared} bytes declared, the limit is {max_bytes}"
        else:
            try:
                size = client.download(attachment["content"], target, max_bytes)
            except TooLarge as exc:
                reason = f"too large: {exc}"
        if reason is not None:
            refused.append({"id": attachment_id, "file": name, "reason": reason, "limit": max_bytes})
            stats.refused += 1
            continue
        kept[attachment_id] = {"file": name, "size": size, "sha256": _sha256(target)}
        stats.downloaded += 1
        # Recorded at once, so a pull interrupted after this file resumes without fetching it again.
        _write_if_changed(manifest_path, json.dumps({"key": key, "attachments": {**known, **kept}, "refused": refused},
                                                    indent=2, sort_keys=True) + "\n")
    # The folder mirrors the ticket: attachments deleted on the ticket go from the folder too.
    wanted = {entry["file"] for entry in kept.values()} | {"request.json", MANIFEST}
    for path in folder.iterdir():
        if path.is_file() and path.name not in wanted and not path.name.startswith("."):
            path.unlink()
    _write_if_changed(manifest_path, json.dumps({"key": key, "attachments": kept, "refused": refused}, indent=2,
                                                sort_keys=True) + "\n")


def pull(client: JiraClient, inbox: Path, max_bytes: int) -> PullStats:
    inbox.mkdir(parents=True, exist_ok=True)
    stats = PullStats()
    issues = search_open_requests(client)
    keys = set()
    for issue in issues:
        if not isinstance(issue, dict) or not issue.get("key"):
            continue
        keys.add(re.sub(r"[^A-Za-z0-9._-]", "_", issue["key"]))
        pull_ticket(client, issue, inbox, max_bytes, stats)
        stats.tickets += 1
    # Tickets that are no longer open: remove the folders this command made for them.
    for folder in inbox.iterdir():
        if folder.is_dir() and (folder / MANIFEST).is_file() and folder.name not in keys:
            shutil.rmtree(folder)
            stats.removed_folders += 1
    return stats
