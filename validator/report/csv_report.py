"""summary.csv: one row per request, for spreadsheets."""

from __future__ import annotations

import csv
from pathlib import Path

from validator.pipeline import RunResult

COLUMNS = ("request_id", "verdict", "recommended_action", "legal_name", "seat_id", "peppol_authority",
           "approver", "errors", "warnings", "messages")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _text(request, dotted: str) -> str:
    value = request.field(dotted)
    return value if isinstance(value, str) else ""


def write(run: RunResult, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for r in run.results:
            row = (
                r.request_id, r.verdict, r.recommended_action,
                _text(r.request, "service_provider.legal_name"), _text(r.request, "service_provider.seat_id"),
                _text(r.request, "peppol_authority"),
                f"{r.approver.name} <{r.approver.email}>" if r.approver else "",
                " ".join(o.check for o in r.findings if o.severity == "error"),
                " ".join(o.check for o in r.findings if o.severity == "warning"),
                " | ".join(f"{o.check}: {o.message}" for o in r.findings),
            )
            writer.writerow([neutralise(str(v)) for v in row])
