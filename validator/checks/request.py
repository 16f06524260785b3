"""Checks of the request form itself (request.json)."""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from validator.checks import Fail, Pass, Skip, check
from validator.model import Evidence

SEAT_ID = re.compile(r"^P([A-Z]{2})(\d{6})$")


@check("request.schema", "error", "request.json missing, unparseable, or not valid against the schema (says which field)")
def schema(ctx):
    """The request form must be complete: every field but `expiration_date` is mandatory.

    Fails on `"pki_version": "G4"` (not one of v2, v3, G3) or a missing `retriever.mobile`;
    passes on a complete form.
    """
    problems = ctx.request.problems
    if problems:
        sentences = " ".join(sentence for _, sentence in problems)
        return Fail(sentences, tuple(Evidence("request.json", path=path, text=sentence) for path, sentence in problems))
    return Pass("request.json is valid against schemas/request.schema.json.", (Evidence("request.json", path="$"),))


@check("request.email", "error", "the retriever email is not a valid address (email-validator, no DNS lookups by default)")
def email(ctx):
    """The retriever's e-mail must be a syntactically valid address.

    Fails on `jonas.berg@@nordlys.dk`; passes on `jonas.berg@nordlys-integration.dk`.
    """
    value = ctx.value("retriever.email")
    if value is None:
        return Skip("the request gives no retriever e-mail (see request.schema).")
    try:
        result = validate_email(value, check_deliverability=bool(ctx.policy.raw["email"]["check_deliverability"]))
    except EmailNotValidError as exc:
        return Fail(f"The retriever e-mail {value!r} is not a valid address: {exc}",
                    (ctx.request_evidence("retriever.email"),))
    return Pass(f"The retriever e-mail is valid ({result.normalized}).",
                (ctx.request_evidence("retriever.email", comparison=f"normalised to {result.normalized}"),))


def parse_phone(text: str, country: str | None):
    """A phone number as phonenumbers reads it, or None. Numbers without +CC are read in `country`."""
    try:
        return phonenumbers.parse(text, country)
    except phonenumbers.NumberParseException:
        return None


def e164(number) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def number_type(number) -> str:
    kind = phonenumbers.number_type(number)
    return next((name for name, v in vars(phonenumbers.PhoneNumberType).items() if v == kind and name.isupper()), "UNKNOWN")


@check("request.mobile", "error", "the retriever mobile is not a valid number (error); valid but a fixed line (warning; numbers that may be either pass)")
def mobile(ctx):
    """The enrolment code goes by SMS, so the retriever needs a valid mobile number.

    A number without a country code is read in the service provider's country. Fails on
    `+45 12` (too short); warns on `+46 8 123 456 78` (a Stockholm fixed line); passes on
    `+45 20 12 34 56` (Danish numbers may be fixed or mobile).
    """
    value = ctx.value("retriever.mobile")
    if value is None:
        return Skip("the request gives no retriever mobile (see request.schema).")
    number = parse_phone(value, ctx.country)
    if number is None or not phonenumbers.is_valid_number(number):
        where = f" for {ctx.country}" if ctx.country and not value.lstrip().startswith("+") else ""
        return Fail(f"The retriever mobile {value!r} is not a valid phone number{where}.", (ctx.request_evidence("retriever.mobile"),))
    kind = number_type(number)
    evidence = (ctx.request_evidence("retriever.mobile", comparison=f"read as {e164(number)}, type {kind}"),)
    if kind not in ctx.policy.sms_capable_types:
        return Fail(f"The retriever mobile {e164(number)} is a {kind.replace('_', ' ').lower()} number, which may not receive "
                    f"the enrolment SMS; confirm it with the requester.", evidence, severity="warning")
    return Pass(f"The retriever mobile is a valid number ({e164(number)}, {kind}).", evidence)


@check("request.seat_id", "error", "seat ID not of the form P + 2 letters + 6 digits, or its letters differ from peppol_authority")
def seat_id(ctx):
    """Seat IDs name the Peppol Authority, not the company's country: `PNO000123` is a seat under
    the Norwegian PA whatever the company's country. Compared case-insensitively.

    Fails on `PDK12345` (five digits) or on `PNO000123` with `peppol_authority` DK.
    """
    value = ctx.value("service_provider.seat_id")
    if value is None:
        return Skip("the request gives no seat ID (see request.schema).")
    m = SEAT_ID.match(value.upper())
    evidence = [ctx.request_evidence("service_provider.seat_id")]
    if not m:
        return Fail(f"The seat ID {value!r} is not of the form P + two letters + six digits (e.g. PDK000123).", tuple(evidence))
    pa = (ctx.value("peppol_authority") or "").upper()
    evidence.append(ctx.request_evidence("peppol_authority"))
    if pa and m.group(1) != pa:
        return Fail(f"The seat ID {value} belongs to the PA {m.group(1)}, but the request names the PA {pa}.", tuple(evidence))
    return Pass(f"The seat ID {value.upper()} is well formed and belongs to the PA {m.group(1)}.", tuple(evidence))


@check("request.pki_version", "error", "that PKI generation cannot be issued for that environment on the as-of date")
def pki_version(ctx):
    """The PKI calendar (policy `pki_calendar`) says which generation can be issued when: v2 not
    after 2018-09-03, v3 (G2) not after 2026-04-01, G3 test from 2025-08-11 and production from
    2026-02-25.
    """
    version, environment = ctx.value("certificate.pki_version"), ctx.value("certificate.environment")
    if version is None or environment is None:
        return Skip("the request gives no PKI version or environment (see request.schema).")
    window = ctx.policy.pki_window(version, environment)
    evidence = (ctx.request_evidence("certificate.pki_version"), ctx.request_evidence("certificate.environment"))
    if window is None:
        return Skip(f"{version} {environment} is not a PKI generation in the policy calendar (see request.schema).")
    if not window.allows(ctx.as_of):
        if window.issuable_until and ctx.as_of >= window.issuable_until:
            return Fail(f"{version} {environment} certificates cannot be issued on or after {window.issuable_until} "
                        f"(as of {ctx.as_of}); request the current generation.", evidence)
        return Fail(f"{version} {environment} certificates can be issued only from {window.issuable_from} (as of {ctx.as_of}).", evidence)
    return Pass(f"{version} {environment} certificates can be issued on {ctx.as_of}.", evidence)
