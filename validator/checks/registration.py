"""Checks of the company registration extract."""

from __future__ import annotations

from datetime import date, timedelta

from validator.checks import Fail, Pass, Skip, check
from validator.extract.textutil import compare_names, name_in_text
from validator.model import Evidence, seen_evidence

NO_EXTRACT = "there is no readable registration extract (see attachments.registration)."
BY_OCR = "the extract was read by OCR only, which never decides a verdict by itself (see registration.ocr)."


@check("registration.entity", "error", "the registration document does not name the service provider")
def entity(ctx):
    """The extract must be about the service provider: its company name compares tolerantly with
    the request's legal name (legal forms in any spelling); when no name label is found, the
    legal name must appear in the text.
    """
    doc = ctx.registration
    if doc is None:
        return Skip(NO_EXTRACT)
    if doc.method == "ocr":
        return Skip(BY_OCR)
    legal_name = ctx.value("service_provider.legal_name")
    if legal_name is None:
        return Skip("the request gives no legal name (see request.schema).")
    seen = doc.registration.company_name
    if seen is not None:
        same, how = compare_names(legal_name, seen.value)
        evidence = (seen_evidence(seen, compared_with=legal_name, comparison=how),
                    ctx.request_evidence("service_provider.legal_name"))
        if same:
            return Pass(f"{doc.file} names the service provider ({how}).", evidence)
        return Fail(f"{doc.file} is about {seen.value}, not the service provider {legal_name}.", evidence)
    if name_in_text(legal_name, doc.text):
        return Pass(f"{doc.file} mentions {legal_name} (no company-name label was found).",
                    (Evidence(doc.file, text=doc.description, compared_with=legal_name, comparison="found in the text"),))
    return Fail(f"{doc.file} does not name the service provider {legal_name}.",
                (Evidence(doc.file, text=doc.description, compared_with=legal_name, comparison="not found in the text"),))


@check("registration.stale", "error", "the extract is older than the policy allows, or carries no date (then warning)")
def stale(ctx):
    """The extract must be recent: at most `documents.registration_max_age_days` old on the as-of
    date. Its date is read in the register's format ("02.11.2026", "3 november 2026",
    "05/11/2026", "2026-11-02"); the incorporation date is not the extract date.
    """
    doc = ctx.registration
    if doc is None:
        return Skip(NO_EXTRACT)
    if doc.method == "ocr":
        return Skip(BY_OCR)
    seen = doc.registration.extract_date
    if seen is None:
        return Fail(f"{doc.file} carries no extract date; confirm that it is recent.",
                    (Evidence(doc.file, text=doc.description),), severity="warning")
    day = date.fromisoformat(seen.value)
    max_age = ctx.policy.registration_max_age_days
    evidence = (seen_evidence(seen, compared_with=f"as of {ctx.as_of}, at most {max_age} days old"),)
    if day > ctx.as_of + timedelta(days=ctx.policy.future_tolerance_days):
        return Fail(f"{doc.file} is dated {day}, after the as-of date {ctx.as_of}; check the date.", evidence, severity="warning")
    age = (ctx.as_of - day).days
    if age > max_age:
        return Fail(f"{doc.file} is dated {day}, {age} days before {ctx.as_of}; the limit is {max_age} days. "
                    f"Ask for a recent extract.", evidence)
    return Pass(f"{doc.file} is dated {day} ({max(age, 0)} days old).", evidence)


@check("registration.ocr", "warning", "the registration extract was read by OCR (a scan): a person must confirm its name and date", mandatory=False)
def ocr(ctx):
    """A scanned extract is read by OCR; its company name and date are shown beside the request
    for a person to confirm, and never decide a verdict by themselves.
    """
    doc = ctx.registration
    if doc is None or doc.method != "ocr":
        return Pass("The registration extract was not read by OCR.")
    reg = doc.registration
    legal_name = ctx.value("service_provider.legal_name") or ""
    evidence, parts = [], []
    if reg.company_name is not None:
        same, how = compare_names(legal_name, reg.company_name.value)
        evidence.append(seen_evidence(reg.company_name, compared_with=legal_name, comparison=how))
        parts.append(f"company name {reg.company_name.value!r} against {legal_name!r} ({'looks the same' if same else 'looks different'})")
    else:
        parts.append("OCR found no company name")
    if reg.extract_date is not None:
        day = date.fromisoformat(reg.extract_date.value)
        age = (ctx.as_of - day).days
        evidence.append(seen_evidence(reg.extract_date, compared_with=f"as of {ctx.as_of}"))
        parts.append(f"extract date {day} ({age} days old; the limit is {ctx.policy.registration_max_age_days})")
    else:
        parts.append("OCR found no extract date")
    return Fail(f"{doc.file} is a scan read by OCR; confirm by eye: " + "; ".join(parts) + ".", tuple(evidence))
