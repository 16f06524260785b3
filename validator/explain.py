"""`pki-validator explain FILE`: what the extractor reads from one document, and where."""

from __future__ import annotations

import json
from pathlib import Path

from validator.model import DocumentReading, Seen
from validator.pipeline import seen_dict
from validator.policy import Policy
from validator.workers import WorkerPool


def _line(label: str, seen: Seen | None) -> str:
    if seen is None:
        return f"    {label:<20} (not found)"
    where = seen.location + (f" at x={seen.bbox[0]:.0f} y={seen.bbox[1]:.0f}" if seen.bbox else "")
    how = seen.method + (f", confidence {seen.confidence:.0f}%" if seen.confidence is not None else "")
    return f"    {label:<20} {seen.value!r:<42} {where}; read as {how}\n    {'':<20} text seen: {seen.text!r}"


def to_dict(doc: DocumentReading) -> dict:
    out = {"file": doc.file, "filetype": doc.filetype, "kind": doc.kind, "description": doc.description,
           "pages": doc.pages, "sha256": doc.sha256, "problem": doc.problem}
    if doc.annex1:
        out["annex1"] = {
            "template": doc.annex1.template,
            "organisation": {k: seen_dict(v) for k, v in doc.annex1.organisation.items()},
            "contacts": {s: {"heading": seen_dict(c.heading), **{k: seen_dict(v) for k, v in c.values.items()}}
                         for s, c in sorted(doc.annex1.contacts.items())},
            "dates": [seen_dict(d) for d in doc.annex1.dates],
        }
    if doc.registration:
        reg = doc.registration
        out["registration"] = {"register": reg.register, "language": reg.language,
                               "company_name": seen_dict(reg.company_name),
                               "registration_number": seen_dict(reg.registration_number),
                               "extract_date": seen_dict(reg.extract_date)}
    return out


def read_in_worker(path: Path, policy: Policy, country: str | None) -> DocumentReading:
    """Read one document in a worker process, as `check` does: pdfium never runs in this one."""
    results = []
    limits = policy.limits
    with WorkerPool(1, float(limits["document_timeout_seconds"]), int(limits["max_memory_mb"])) as pool:
        pool.run([(0, str(path), path.name, policy.extraction(country))], lambda _key, reading: results.append(reading))
    return results[0]


def explain(path: Path, policy: Policy, as_json: bool = False, country: str | None = None) -> str:
    doc = read_in_worker(path, policy, country)
    if as_json:
        return json.dumps(to_dict(doc), indent=2, ensure_ascii=False)
    out = [f"{doc.file}: {doc.filetype}, {doc.size} bytes" + (f", {doc.pages} page(s)" if doc.pages else ""),
           f"  kind: {doc.kind}: {doc.description}",
           f"  read as: {doc.method}" + (" (values carry Tesseract's confidence)" if doc.method == "ocr" else "")]
    if doc.problem:
        out.append(f"  unreadable: {doc.problem}")
    if doc.annex1:
        annex = doc.annex1
        if annex.template:
            out.append(f"  template: {annex.template}")
        out.append("  4.3 organisation:")
        for key in ("name", "address", "country", "identifier"):
            out.append(_line(key, annex.organisation.get(key)))
        for section, contact in sorted(annex.contacts.items(), key=lambda kv: [int(x) for x in kv[0].split(".")]):
            marker = "  <- the certificate contact" if section == "4.6" else "  (not the certificate contact)"
            out.append(f"  section {section}: {contact.title!r}{marker}")
            if contact.heading:
                out.append(f"    heading at {contact.heading.location}")
            for key in ("name", "title", "email", "phone", "mobile"):
                if key in contact.values:
                    out.append(_line(key, contact.values[key]))
        if "4.6" not in annex.contacts:
            out.append("  4.6: not found")
        out.append("  dates: " + (", ".join(f"{d.value} ({d.location})" for d in annex.dates) or "none"))
    if doc.registration:
        reg = doc.registration
        out.append(f"  register: {reg.register} (language {reg.language})")
        out.append(_line("company name", reg.company_name))
        out.append(_line("registration number", reg.registration_number))
        out.append(_line("extract date", reg.extract_date))
    return "\n".join(out)
