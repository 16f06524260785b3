"""Checks of the request form, table-driven: failing and passing cases side by side."""

import copy
from datetime import date
from pathlib import Path

import pytest

from validator.checks import CHECKS, derive_verdict, run_checks
from validator.checks.context import Context
from validator.load.inbox import RequestFolder, validate_request

BASE = {
    "request_id": "PKI-2026-0042",
    "submitted_at": "2026-11-27T09:30:00Z",
    "request_type": "new",
    "peppol_authority": "DK",
    "service_provider": {"legal_name": "Nordlys Integration ApS", "seat_id": "PDK000123", "country": "DK"},
    "certificate": {"pki_version": "G3", "type": "AP", "environment": "production"},
    "retriever": {"name": "Jonas Berg", "email": "jonas.berg@nordlys-integration.dk", "mobile": "+45 20 12 34 56"},
    "expiration_date": "2028-11-30",
}


def make_ctx(policy, as_of=date(2026, 12, 1), documents=(), members=None, **changes):
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        node = data
        *parents, last = dotted.split("__")
        for p in parents:
            node = node[p]
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    request = RequestFolder(data["request_id"], Path("/inbox/x"), data, validate_request(data), ())
    return Context(request, tuple(documents), members, policy, as_of)


def outcome(policy, check_id, **changes):
    ctx = make_ctx(policy, **changes)
    return CHECKS[check_id].func(ctx)


def kind_of(result):
    return type(result).__name__ + (f":{result.severity}" if getattr(result, "severity", None) else "")


@pytest.mark.parametrize("changes, expected", [
    ({}, "Pass"),
    ({"retriever__mobile": None}, "Fail"),
    ({"certificate__pki_version": "G4"}, "Fail"),
    ({"request_type": "renew"}, "Fail"),
    ({"submitted_at": "27/11/2026"}, "Fail"),
    ({"expiration_date": None}, "Pass"),  # the only optional field
    ({"service_provider__country": "Denmark"}, "Fail"),
])
def test_request_schema(policy, changes, expected):
    assert kind_of(outcome(policy, "request.schema", **changes)) == expected


def test_request_schema_names_the_field(policy):
    result = outcome(policy, "request.schema", retriever__mobile=None)
    assert "$.retriever.mobile" in result.message
    assert result.evidence[0].path == "$.retriever.mobile"


@pytest.mark.parametrize("email, expected", [
    ("jonas.berg@nordlys-integration.dk", "Pass"),
    ("Jonas.Berg@Nordlys-Integration.DK", "Pass"),
    ("jonas.berg@@nordlys-integration.dk", "Fail"),
    ("jonas.berg@nordlys", "Fail"),
    ("jonas berg@nordlys-integration.dk", "Fail"),
])
def test_request_email(policy, email, expected):
    assert kind_of(outcome(policy, "request.email", retriever__email=email)) == expected


@pytest.mark.parametrize("country, mobile, expected", [
    ("DK", "+45 20 12 34 56", "Pass"),  # Danish numbers may be fixed or mobile: pass
    ("DK", "20 12 34 56", "Pass"),  # no country code: read in the provider's country
    ("SE", "+46 70 123 45 67", "Pass"),
    ("SE", "+46 8 123 456 78", "Fail:warning"),  # a Stockholm fixed line
    ("NL", "+31 20 123 4567", "Fail:warning"),
    ("DK", "+45 2012", "Fail"),
    ("DK", "call me", "Fail"),
])
def test_request_mobile(policy, country, mobile, expected):
    result = outcome(policy, "request.mobile", service_provider__country=country, retriever__mobile=mobile)
    assert kind_of(result) == expected


@pytest.mark.parametrize("seat, pa, expected", [
    ("PDK000123", "DK", "Pass"),
    ("pdk000123", "dk", "Pass"),
    ("PNO000123", "DK", "Fail"),  # letters name the PA
    ("POP000123", "OP", "Pass"),
    ("PDK12345", "DK", "Fail"),
    ("DK000123", "DK", "Fail"),
])
def test_request_seat_id(policy, seat, pa, expected):
    assert kind_of(outcome(policy, "request.seat_id", service_provider__seat_id=seat, peppol_authority=pa)) == expected


@pytest.mark.parametrize("version, env, as_of, expected", [
    ("G3", "production", date(2026, 12, 1), "Pass"),
    ("G3", "production", date(2026, 2, 24), "Fail"),
    ("G3", "production", date(2026, 2, 25), "Pass"),
    ("G3", "test", date(2025, 8, 11), "Pass"),
    ("G3", "test", date(2025, 8, 10), "Fail"),
    ("v3", "production", date(2026, 3, 31), "Pass"),
    ("v3", "production", date(2026, 4, 1), "Fail"),
    ("v2", "test", date(2018, 9, 3), "Fail"),
])
def test_request_pki_version_follows_the_calendar(policy, version, env, as_of, expected):
    ctx = make_ctx(policy, as_of=as_of, certificate__pki_version=version, certificate__environment=env)
    assert kind_of(CHECKS["request.pki_version"].func(ctx)) == expected


def test_calendar_is_policy_not_code(tmp_path):
    from validator.policy import load_policy

    override = tmp_path / "policy.toml"
    override.write_text('[pki_calendar]\nG3.production = { issuable_from = "2027-01-01" }\n')
    ctx = make_ctx(load_policy(override))
    assert kind_of(CHECKS["request.pki_version"].func(ctx)) == "Fail"


def test_no_ready_without_positive_evidence(policy):
    """With no attachments nothing can be confirmed: never ready."""
    outcomes = run_checks(make_ctx(policy))
    assert derive_verdict(outcomes) == "not_ready"
    assert {o.check for o in outcomes if o.is_finding} >= {"attachments.annex1", "attachments.registration"}


def test_skipped_mandatory_checks_become_warnings_when_nothing_else_is_found(policy, monkeypatch):
    from dataclasses import replace

    from validator import checks

    def passes(ctx):
        return checks.Pass("ok")

    def skips(ctx):
        return checks.Skip("nothing to look at")

    patched = {k: replace(chk, func=skips if k == "membership.fees" else passes) for k, chk in checks.CHECKS.items()}
    monkeypatch.setattr(checks, "CHECKS", patched)
    outcomes = checks.run_checks(make_ctx(policy))
    assert checks.derive_verdict(outcomes) == "needs_review"
    fees = next(o for o in outcomes if o.check == "membership.fees")
    assert fees.is_finding and fees.severity == "warning" and "nothing to look at" in fees.message
