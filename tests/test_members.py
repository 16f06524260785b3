"""The membership register from CSV, Excel and SQLite, with column mapping; and the checks on it."""

import sqlite3

import pandas as pd
import pytest

from test_checks_request import make_ctx
from validator.checks import CHECKS
from validator.load.members import load_members
from validator.policy import ConfigError

ROWS = [
    {"seat_id": "PDK000123", "legal_name": "Nordlys Integration ApS", "status": "Active", "past_due_amount": "0"},
    {"seat_id": "pno000377", "legal_name": "Fjordbyte AS", "status": "suspended", "past_due_amount": ""},
    {"seat_id": "PSE000634", "legal_name": "Kvarnsten AB", "status": "active", "past_due_amount": "1 250,50 EUR"},
]


@pytest.fixture(params=["csv", "xlsx", "sqlite"])
def register_source(request, tmp_path):
    frame = pd.DataFrame(ROWS)
    if request.param == "csv":
        path = tmp_path / "members.csv"
        frame.to_csv(path, index=False)
        return str(path)
    if request.param == "xlsx":
        path = tmp_path / "members.xlsx"
        frame.to_excel(path, index=False)
        return str(path)
    path = tmp_path / "members.db"
    with sqlite3.connect(path) as conn:
        frame.to_sql("members", conn, index=False)
    return f"sqlite:///{path}"


def test_register_reads_every_source(policy, register_source):
    register = load_members(register_source, policy.members)
    assert register.find("pdk000123").status == "active"
    assert register.find("PNO000377").past_due_amount == 0.0
    assert register.find("PSE000634").past_due_amount == pytest.approx(1250.50)


@pytest.mark.parametrize("seat, check, expected", [
    ("PDK000123", "membership.unknown", "Pass"),
    ("PDK000999", "membership.unknown", "Fail"),
    ("PDK000123", "membership.inactive", "Pass"),
    ("PNO000377", "membership.inactive", "Fail"),
    ("PDK000123", "membership.fees", "Pass"),
    ("PSE000634", "membership.fees", "Fail"),
])
def test_membership_checks(policy, tmp_path, seat, check, expected):
    path = tmp_path / "m.csv"
    pd.DataFrame(ROWS).to_csv(path, index=False)
    ctx = make_ctx(policy, members=load_members(str(path), policy.members), service_provider__seat_id=seat)
    assert type(CHECKS[check].func(ctx)).__name__ == expected


def test_columns_can_be_mapped_in_the_policy(policy, tmp_path):
    path = tmp_path / "export.csv"
    pd.DataFrame(ROWS).rename(columns={"seat_id": "Seat ID", "status": "Membership status"}).to_csv(path, index=False)
    with pytest.raises(ConfigError, match="seat_id"):
        load_members(str(path), policy.members)
    mapped = dict(policy.members, columns={"seat_id": "Seat ID", "status": "Membership status"})
    assert load_members(str(path), mapped).find("PDK000123") is not None


@pytest.mark.parametrize("source, message", [
    ("missing.csv", "does not exist"),
    ("sqlite:///missing.db", "does not exist"),
    ("members.txt", "must be .csv or .xlsx"),
])
def test_bad_sources_are_configuration_errors(policy, tmp_path, source, message):
    if source == "members.txt":
        (tmp_path / source).write_text("x")
        source = str(tmp_path / source)
    with pytest.raises(ConfigError, match=message):
        load_members(source, policy.members)
