"""What changed since the previous runs, for the dashboard and `pki-validator history`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from validator.state import PastResult


@dataclass(frozen=True)
class RunHistory:
    changes: dict[str, str] = field(default_factory=dict)  # request_id -> "new", "now ready", ...
    recent_runs: list[dict] = field(default_factory=list)  # oldest first: id, started_at, verdict counts


def _days_between(earlier: str, later: str) -> int:
    return max(0, (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).days)


def describe_change(verdict: str, past: list[PastResult], now: str) -> str:
    """One request's change since the previous run (`past` newest first, this run excluded)."""
    if not past:
        return "new"
    previous = past[0].verdict
    if previous != verdict:
        if verdict == "ready":
            return "now ready"
        if verdict == "not_ready":
            return "newly failing"
        return f"was {previous.replace('_', ' ')}"
    since = past[0].started_at
    for result in past:
        if result.verdict != verdict:
            break
        since = result.started_at
    days = _days_between(since, now)
    return f"unchanged for {days} day{'s' if days != 1 else ''}"


def changes(results, past: dict[str, list[PastResult]], now: str) -> dict[str, str]:
    return {r.request_id: describe_change(r.verdict, past.get(r.request_id, []), now) for r in results}


def timeline(request_id: str, rows: list[PastResult]) -> str:
    if not rows:
        return f"{request_id}: no run has seen this request."
    lines = [f"{request_id}: {len(rows)} run(s)"]
    previous = None
    for row in rows:
        failing = ", ".join(f["check"] for f in row.findings) or "-"
        marker = "" if previous in (None, row.verdict) else f"  (was {previous})"
        lines.append(f"  {row.started_at}  as of {row.as_of}  run {row.run_id:<4} {row.verdict:<13} {failing}{marker}")
        previous = row.verdict
    return "\n".join(lines)
