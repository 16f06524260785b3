"""Checks of Annex 1: section 4.6 against the request, 4.3 against the provider, its age."""

from __future__ import annotations

from datetime import date

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from validator.checks import Fail, Pass, Skip, check
from validator.checks.request import e164, parse_phone
from validator.extract.annex1 import signature_date
from validator.extract.textutil import compare_names, fold
from validator.model import Evidence, seen_evidence

NO_ANNEX = "there is no readable Annex 1 (see attachments.annex1)."
NO_CONTACT = "the Annex 1 has no section 4.6 contact (see annex1.contact_section)."
BY_OCR = "the Annex 1 was read by OCR only, which never decides a verdict by itself (see annex1.ocr)."


def _contact(ctx):
    doc = ctx.annex1
    if doc is None:
        return None, Skip(NO_ANNEX)
    if doc.method == "ocr":
        return None, Skip(BY_OCR)
    contact = doc.annex1.certificate_contact
    if contact is None or not contact.values:
        return None, Skip(NO_CONTACT)
    return contact, None


def _to_compare(ctx, key: str, dotted: str, on_form: str, in_annex: str):
    """(request value, 4.6 value, None), or (None, None, the Skip or Fail that ends the check)."""
    contact, skip = _contact(ctx)
    if skip:
        return None, None, skip
    requested = ctx.value(dotted)
    if requested is None:
        return None, None, Skip(f"the request gives no {on_form} (see request.schema).")
    seen = contact.values.get(key)
    if seen is None:
        return None, None, Fail(f"Section 4.6 of {ctx.annex1.file} gives no {in_annex} to compare with {requested}.",
                                (ctx.request_evidence(dotted),))
    return requested, seen, None


def normalise_email(text: str) -> str:
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return text.strip().lower()


@check("annex1.contact_section", "error", "the Annex 1 has no section 4.6 certificate contact, or it is empty")
def contact_section(ctx):
    """Section 4.6 names the contact for issuance and distribution of Peppol certificates. It is
    recognised by its number or, where Word numbers it automatically, by its title. Sections 4.5
    and 4.7 are never read in its place.
    """
    doc = ctx.annex1
    if doc is None:
        return Skip(NO_ANNEX)
    if doc.method == "ocr":
        return Skip(BY_OCR)
    contact = doc.annex1.certificate_contact
    if contact is None:
        found = ", ".join(sorted(doc.annex1.contacts)) or "none"
        return Fail(f"{doc.file} has no section 4.6 (contact for issuance and distribution of Peppol certificates); "
                    f"contact sections found: {found}.", (Evidence(doc.file, text=doc.description),))
    evidence = (seen_evidence(contact.heading),) if contact.heading else ()
    if not contact.values.get("email") and not contact.values.get("mobile"):
        return Fail(f"Section 4.6 of {doc.file} is empty: it gives no e-mail and no cell phone.", evidence)
    return Pass(f"Section 4.6 found in {doc.file}: {', '.join(sorted(contact.values))}.", evidence)


@check("annex1.email", "error", "the 4.6 email differs from the request's retriever email")
def email(ctx):
    """The retriever e-mail on the form must be the 4.6 e-mail, compared after normalisation
    (email-validator) and case-insensitively. The 4.5 or 4.7 e-mail does not count.
    """
    requested, seen, stop = _to_compare(ctx, "email", "retriever.email", "retriever e-mail", "e-mail")
    if stop:
        return stop
    a, b = normalise_email(requested), normalise_email(seen.value)
    evidence = (seen_evidence(seen, compared_with=requested, comparison="equal after normalising" if a == b else "different"),
                ctx.request_evidence("retriever.email"))
    if a != b:
        return Fail(f"The retriever e-mail {requested} is not the one in Annex 1 section 4.6 ({seen.value}).", evidence)
    return Pass(f"The retriever e-mail matches Annex 1 section 4.6 ({seen.value}).", evidence)


@check("annex1.mobile", "error", "the 4.6 cell phone differs from the request's retriever mobile")
def mobile(ctx):
    """The retriever mobile must be the 4.6 cell phone number, compared as E.164; a number written
    without a country code is read in the service provider's country. The direct (fixed) phone
    of 4.6 does not count.
    """
    requested, seen, stop = _to_compare(ctx, "mobile", "retriever.mobile", "retriever mobile", "cell phone number")
    if stop:
        return stop
    ours, theirs = parse_phone(requested, ctx.country), parse_phone(seen.value, ctx.country)
    if theirs is None or not phonenumbers.is_valid_number(theirs):
        return Fail(f"The 4.6 cell phone {seen.value!r} in {ctx.annex1.file} is not a valid phone number.",
                    (seen_evidence(seen, compared_with=requested), ctx.request_evidence("retriever.mobile")))
    if ours is None or not phonenumbers.is_valid_number(ours):
        return Skip("the request's mobile is not a valid phone number (see request.mobile).")
    same = e164(ours) == e164(theirs)
    evidence = (seen_evidence(seen, compared_with=requested, comparison=f"{e164(theirs)} against {e164(ours)} (E.164)"),
                ctx.request_evidence("retriever.mobile"))
    if not same:
        return Fail(f"The retriever mobile {e164(ours)} is not the cell phone in Annex 1 section 4.6 ({e164(theirs)}).", evidence)
    return Pass(f"The retriever mobile matches Annex 1 section 4.6 ({e164(theirs)}).", evidence)


def _person_key(name: str) -> list[str]:
    words = fold(name).replace(",", " ").replace(".", " ").split()
    return sorted(words)


@check("annex1.name", "warning", "the 4.6 name differs from the retriever name (warning)")
def name(ctx):
    """The retriever's name should be the 4.6 contact's name (case, accents and word order are
    ignored: "Berg, Jonas" is "Jonas Berg").
    """
    requested, seen, stop = _to_compare(ctx, "name", "retriever.name", "retriever name", "name")
    if stop:
        return stop
    same = _person_key(requested) == _person_key(seen.value)
    evidence = (seen_evidence(seen, compared_with=requested, comparison="same name" if same else "different"),
                ctx.request_evidence("retriever.name"))
    if not same:
        return Fail(f"The retriever {requested} is not the person named in Annex 1 section 4.6 ({seen.value}).", evidence)
    return Pass(f"The retriever's name matches Annex 1 section 4.6 ({seen.value}).", evidence)


@check("annex1.entity", "error", "the organisation in 4.3 is not the request's service provider")
def entity(ctx):
    """Section 4.3 names the organisation the certificate is for; it must be the service provider
    of the request. Legal names compare tolerantly (case, punctuation, legal forms such as
    `B.V.`/`BV`, `A/S`/`AS`), and the evidence says how they compared.
    """
    doc = ctx.annex1
    if doc is None:
        return Skip(NO_ANNEX)
    if doc.method == "ocr":
        return Skip(BY_OCR)
    legal_name = ctx.value("service_provider.legal_name")
    if legal_name is None:
        return Skip("the request gives no legal name (see request.schema).")
    seen = doc.annex1.organisation.get("name")
    if seen is None:
        return Fail(f"Section 4.3 of {doc.file} names no organisation to compare with {legal_name}.",
                    (ctx.request_evidence("service_provider.legal_name"),))
    same, how = compare_names(legal_name, seen.value)
    evidence = (seen_evidence(seen, compared_with=legal_name, comparison=how), ctx.request_evidence("service_provider.legal_name"))
    if not same:
        return Fail(f"Annex 1 section 4.3 names {seen.value}, not the service provider {legal_name}.", evidence)
    return Pass(f"Annex 1 section 4.3 names the service provider ({how}).", evidence)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@check("annex1.stale", "warning", "the Annex 1 carries a date older than the policy allows (warning)")
def stale(ctx):
    """An Annex 1 must reflect the current contacts. Its date (the signature date in 4.10, else
    the newest date in it) older than `documents.annex1_warn_age_years` earns a warning; so does
    an Annex 1 with no date at all.
    """
    doc = ctx.annex1
    if doc is None:
        return Skip(NO_ANNEX)
    dated = signature_date(doc.annex1)
    if dated is None:
        return Fail(f"{doc.file} carries no date; confirm that it reflects the current contacts.",
                    (Evidence(doc.file, text=doc.description),))
    day = date.fromisoformat(dated.value)
    limit = years_before(ctx.as_of, ctx.policy.annex1_warn_age_years)
    evidence = (seen_evidence(dated, compared_with=f"{limit} (as of {ctx.as_of} minus {ctx.policy.annex1_warn_age_years} years)"),)
    if day < limit:
        return Fail(f"{doc.file} is dated {day}, more than {ctx.policy.annex1_warn_age_years} years before {ctx.as_of}; "
                    f"confirm that its contacts are current.", evidence)
    return Pass(f"{doc.file} is dated {day}.", evidence)


def _looks_same(key: str, requested: str, seen: str, country: str | None) -> bool:
    if key == "email":
        return normalise_email(requested) == normalise_email(seen)
    if key == "mobile":
        a, b = parse_phone(requested, country), parse_phone(seen, country)
        return a is not None and b is not None and e164(a) == e164(b)
    if key == "name":
        return _person_key(requested) == _person_key(seen)
    return compare_names(requested, seen)[0]


@check("annex1.ocr", "warning", "Annex 1 values were read by OCR (a scan): a person must confirm them against the request", mandatory=False)
def ocr(ctx):
    """A scanned Annex 1 is read by OCR, and OCR misreads: its values never make a request
    `ready` or `not_ready` by themselves. This warning puts each OCR reading (with its confidence)
    beside the request's value so a person can confirm it at a glance.
    """
    doc = ctx.annex1
    if doc is None or doc.method != "ocr":
        return Pass("The Annex 1 was not read by OCR.")
    contact = doc.annex1.certificate_contact
    values = dict(contact.values) if contact else {}
    pairs = [("email", "retriever.email", values.get("email")), ("mobile", "retriever.mobile", values.get("mobile")),
             ("name", "retriever.name", values.get("name")),
             ("organisation", "service_provider.legal_name", doc.annex1.organisation.get("name"))]
    evidence, parts = [], []
    for key, dotted, seen in pairs:
        requested = ctx.value(dotted) or ""
        if seen is None:
            parts.append(f"{key}: not found by OCR")
            continue
        same = bool(requested) and _looks_same(key, requested, seen.value, ctx.country)
        how = f"looks {'the same' if same else 'different'}; OCR confidence {seen.confidence or 0:.0f}%"
        evidence.append(seen_evidence(seen, compared_with=requested, comparison=how))
        parts.append(f"{key}: OCR read {seen.value!r} against {requested!r} ({how})")
    if contact is None:
        parts.insert(0, "OCR found no section 4.6")
    return Fail(f"{doc.file} is a scan read by OCR; confirm by eye. " + "; ".join(parts) + ".", tuple(evidence))
