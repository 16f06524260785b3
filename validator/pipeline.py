"""The run: load -> extract -> check, for every request of an inbox. Reporting is separate."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from validator import __version__
from validator.checks import derive_verdict, recommended_action, run_checks
from validator.checks.context import Context
from validator.extract.annex1 import signature_date
from validator.extract.document import too_large
from validator.load.approvers import Approver
from validator.load.inbox import RequestFolder, discover, load_request_folder
from validator.load.members import MemberRegister
from validator.model import DocumentReading, Outcome, Seen
from validator.policy import Policy
from validator.state import StateStore, cache_key, extractor_fingerprint
from validator.workers import WorkerPool


@dataclass(frozen=True)
class RequestResult:
    request: RequestFolder
    documents: tuple[DocumentReading, ...]
    outcomes: tuple[Outcome, ...]
    verdict: str
    recommended_action: str
    approver: Approver | None
    annex1: DocumentReading | None
    registration: DocumentReading | None

    @property
    def request_id(self) -> str:
        return self.request.request_id

    @property
    def findings(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.is_finding]


@dataclass
class RunStats:
    requests: int = 0
    documents: int = 0
    parsed: int = 0  # documents read by a worker in this run
    cached: int = 0  # documents whose reading came from the state database
    seconds: float = 0.0
    verdicts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RunResult:
    as_of: date
    generated_at: str
    tool_version: str
    policy_digest: str
    results: tuple[RequestResult, ...]
    stats: RunStats


def provider_country(request: RequestFolder) -> str | None:
    country = request.field("service_provider.country")
    return country if isinstance(country, str) else None


def extract_documents(requests: list[RequestFolder], policy: Policy, jobs: int, state: StateStore | None,
                      stats: RunStats, on_document=None) -> dict[tuple[str, str], DocumentReading]:
    """Every attachment's reading: from the state database when its bytes were read before with
    the same extractor and settings, else from a worker process."""
    limits = policy.limits
    fingerprint = extractor_fingerprint() if state else ""
    readings: dict[tuple[str, str], DocumentReading] = {}
    tasks, keys = [], {}
    for request in requests:
        settings = policy.extraction(provider_country(request))
        for attachment in request.attachments:
            if attachment.refused:
                continue
            where = (str(request.folder), attachment.name)
            if attachment.size > limits["max_file_bytes"]:
                readings[where] = too_large(attachment.name, attachment.size, limits["max_file_bytes"])
                continue
            if state is not None:
                try:
                    sha = hashlib.sha256(attachment.path.read_bytes()).hexdigest()
                except OSError:
                    sha = ""
                key = cache_key(sha, attachment.name, settings, fingerprint)
                cached = state.reading(key) if sha else None
                if cached is not None:
                    readings[where] = cached
                    stats.cached += 1
                    if on_document:
                        on_document()
                    continue
                keys[where] = key
            tasks.append((where, str(attachment.path), attachment.name, settings))
    fresh: list[tuple[str, DocumentReading]] = []

    def done(where, reading: DocumentReading) -> None:
        readings[where] = reading
        if where in keys and reading.problem != "timeout":  # a timeout may be the machine's fault: retry next run
            fresh.append((keys[where], reading))
        if on_document:
            on_document()

    if tasks:
        with WorkerPool(jobs, float(limits["document_timeout_seconds"]), int(limits["max_memory_mb"])) as pool:
            pool.run(tasks, done)
    stats.parsed = len(tasks)
    if state is not None and fresh:
        state.store_readings(fresh)
    return readings


def check_request(request: RequestFolder, documents: tuple[DocumentReading, ...], members: MemberRegister | None,
                  policy: Policy, as_of: date, approvers: dict[str, Approver]) -> RequestResult:
    ctx = Context(request, documents, members, policy, as_of)
    outcomes = run_checks(ctx)
    verdict = derive_verdict(outcomes)
    pa = (ctx.value("peppol_authority") or "").upper()
    return RequestResult(request, documents, tuple(outcomes), verdict, recommended_action(verdict, outcomes),
                         approvers.get(pa), ctx.annex1, ctx.registration)


def run(inbox: Path, *, policy: Policy, as_of: date, members: MemberRegister | None = None,
        approvers: dict[str, Approver] | None = None, jobs: int | None = None, state: StateStore | None = None,
        on_document=None, on_start=None) -> RunResult:
    started = time.perf_counter()
    requests = [load_request_folder(folder) for folder in discover(inbox)]
    stats = RunStats(requests=len(requests))
    if on_start:
        on_start(sum(1 for r in requests for a in r.attachments if not a.refused))
    readings = extract_documents(requests, policy, jobs or os.cpu_count() or 1, state, stats, on_document)
    results = []
    for request in requests:
        docs = tuple(readings[(str(request.folder), a.name)] for a in request.attachments if not a.refused)
        results.append(check_request(request, docs, members, policy, as_of, approvers or {}))
    results.sort(key=lambda r: r.request_id)
    stats.documents = len(readings)
    stats.seconds = time.perf_counter() - started
    for r in results:
        stats.verdicts[r.verdict] = stats.verdicts.get(r.verdict, 0) + 1
    return RunResult(as_of, datetime.now(timezone.utc).replace(microsecond=0).isoformat(), __version__,
                     policy.digest, tuple(results), stats)


def seen_dict(seen: Seen | None) -> dict | None:
    if seen is None:
        return None
    return {"value": seen.value, "file": seen.file, "page": seen.page, "location": seen.location,
            "bbox": list(seen.bbox) if seen.bbox else None, "text": seen.text, "method": seen.method,
            "confidence": seen.confidence}


def extracted_dict(result: RequestResult) -> dict:
    """What was read from the attachments, with where: the `extracted` object of summary.json."""
    out: dict = {"documents": [
        {"file": d.file, "kind": d.kind, "description": d.description, "filetype": d.filetype, "size": d.size,
         "sha256": d.sha256, "pages": d.pages, **({"problem": d.problem} if d.problem else {})}
        for d in result.documents]}
    if result.annex1 is not None:
        annex = result.annex1.annex1
        contact = annex.certificate_contact
        dated = signature_date(annex)
        out["annex1"] = {
            "file": result.annex1.file,
            "template": annex.template,
            "organisation": {k: seen_dict(v) for k, v in sorted(annex.organisation.items())},
            "certificate_contact": {k: seen_dict(v) for k, v in sorted(contact.values.items())} if contact else None,
            "other_contacts": {s: {k: seen_dict(v) for k, v in sorted(c.values.items())}
                               for s, c in sorted(annex.contacts.items()) if s != "4.6"},
            "date": seen_dict(dated),
        }
    if result.registration is not None:
        reg = result.registration.registration
        out["registration"] = {
            "file": result.registration.file,
            "register": reg.register,
            "language": reg.language,
            "company_name": seen_dict(reg.company_name),
            "registration_number": seen_dict(reg.registration_number),
            "extract_date": seen_dict(reg.extract_date),
        }
    if result.approver is not None:
        out["approver"] = {"pa": result.approver.pa, "name": result.approver.name, "email": result.approver.email}
    return out
