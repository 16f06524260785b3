"""index.html (the operations dashboard) and requests/<id>.html (the approver's page)."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from validator.checks import CHECKS
from validator.pipeline import RunResult, extracted_dict

_env = Environment(loader=PackageLoader("validator.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True),
                   trim_blocks=True, lstrip_blocks=True)


def _value(request, dotted: str):
    value = request.field(dotted)
    return value if isinstance(value, (str, int, float)) else None


def _comparisons(result, extracted: dict) -> list[dict]:
    """Rows of request value | what Annex 1 section 4.6 (or 4.3) says | outcome."""
    annex = extracted.get("annex1") or {}
    contact = annex.get("certificate_contact") or {}
    organisation = annex.get("organisation") or {}
    by_check = {o.check: o for o in result.outcomes}
    images = result.annex1.regions if result.annex1 is not None else {}
    rows = []
    for label, dotted, seen, check, region in (
        ("Retriever e-mail", "retriever.email", contact.get("email"), "annex1.email", "4.6.email"),
        ("Retriever mobile", "retriever.mobile", contact.get("mobile"), "annex1.mobile", "4.6.mobile"),
        ("Retriever name", "retriever.name", contact.get("name"), "annex1.name", "4.6.name"),
        ("Service provider", "service_provider.legal_name", organisation.get("name"), "annex1.entity", "4.3.name"),
    ):
        outcome = by_check.get(check)
        if outcome is not None and outcome.status == "skipped" and result.annex1 is not None and result.annex1.method == "ocr":
            outcome = by_check.get("annex1.ocr")
        rows.append({"label": label, "requested": _value(result.request, dotted), "seen": seen, "outcome": outcome,
                     "image": data_uri(images.get(region))})
    return rows


def data_uri(png: bytes | None) -> str | None:
    """An evidence image embedded in the page: the report needs no other file and loads nothing."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii") if png else None


def verdict_chart(runs: list[dict]) -> list[dict]:
    """Stacked bars (one per run, oldest first) for the dashboard's inline SVG."""
    bars = []
    tallest = max((r["ready"] + r["needs_review"] + r["not_ready"] for r in runs), default=0) or 1
    for n, r in enumerate(runs):
        y = 60.0
        parts = []
        for verdict, colour in (("ready", "#2e7d32"), ("needs_review", "#d4a017"), ("not_ready", "#c62828")):
            height = 56.0 * r[verdict] / tallest
            y -= height
            parts.append({"y": round(y, 2), "height": round(height, 2), "colour": colour})
        bars.append({"x": 4 + n * 18, "parts": parts,
                     "title": f"{r['started_at']}: {r['ready']} ready, {r['needs_review']} needs review, {r['not_ready']} not ready"})
    return bars


def write(run: RunResult, out: Path, names: dict[str, str], history) -> None:
    (out / "requests").mkdir(exist_ok=True)
    rows = []
    for r in run.results:
        rows.append({"result": r, "page": f"requests/{names[r.request_id]}.html",
                     "legal_name": _value(r.request, "service_provider.legal_name"),
                     "seat_id": _value(r.request, "service_provider.seat_id"),
                     "pa": _value(r.request, "peppol_authority"),
                     "change": history.changes.get(r.request_id, ""),
                     "errors": sum(1 for o in r.findings if o.severity == "error"),
                     "warnings": sum(1 for o in r.findings if o.severity == "warning")})
        extracted = extracted_dict(r)
        page = _env.get_template("request.html").render(
            run=run, r=r, value=lambda d, r=r: _value(r.request, d),
            comparisons=_comparisons(r, extracted), extracted=extracted, checks=CHECKS,
            registration_images={k.split(".", 1)[1]: data_uri(v) for k, v in (r.registration.regions.items() if r.registration else ())})
        (out / "requests" / f"{names[r.request_id]}.html").write_text(page, encoding="utf-8")
    counts = {v: sum(1 for r in run.results if r.verdict == v) for v in ("ready", "needs_review", "not_ready")}
    (out / "index.html").write_text(_env.get_template("index.html").render(run=run, rows=rows, counts=counts, chart=verdict_chart(history.recent_runs),
                                                                        runs=history.recent_runs), encoding="utf-8")
