"""summary.json: the machine-readable report (schema: schemas/report.schema.json)."""

from __future__ import annotations

import json
from pathlib import Path

from validator.pipeline import RunResult, extracted_dict


def to_dict(run: RunResult, history=None) -> dict:
    changes = history.changes if history else {}
    return {
        "as_of": run.as_of.isoformat(),
        "generated_at": run.generated_at,
        "tool_version": run.tool_version,
        "policy_digest": run.policy_digest,
        "counts": {v: sum(1 for r in run.results if r.verdict == v) for v in ("ready", "needs_review", "not_ready")},
        "documents": {"total": run.stats.documents, "parsed": run.stats.parsed, "cached": run.stats.cached},
        "requests": [
            {
                "request_id": r.request_id,
                "folder": r.request.folder.name,
                "verdict": r.verdict,
                "recommended_action": r.recommended_action,
                **({"change": changes[r.request_id]} if r.request_id in changes else {}),
                "findings": [
                    {"check": o.check, "severity": o.severity, "message": o.message,
                     "evidence": [e.to_dict() for e in o.evidence]}
                    for o in r.findings
                ],
                "checks": [{"check": o.check, "status": o.status, "message": o.message} for o in r.outcomes],
                "extracted": extracted_dict(r),
            }
            for r in run.results
        ],
    }


def write(run: RunResult, path: Path, history=None) -> None:
    path.write_text(json.dumps(to_dict(run, history), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
