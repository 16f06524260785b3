"""The OpenPeppol membership register: CSV, Excel or a database table, read with pandas."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from validator.policy import ConfigError

EXPECTED_COLUMNS = ("seat_id", "legal_name", "status", "past_due_amount")


@dataclass(frozen=True)
class Member:
    seat_id: str
    legal_name: str
    status: str
    past_due_amount: float | None  # None when the register's value could not be read
    row: int  # 1-based data row in the source, for evidence


@dataclass(frozen=True)
class MemberRegister:
    source: str
    members: dict[str, Member]  # by upper-case seat ID

    def find(self, seat_id: str) -> Member | None:
        return self.members.get(seat_id.strip().upper())


def _read_frame(source: str, table: str) -> pd.DataFrame:
    if "://" in source:
        if source.startswith("sqlite:///"):
            db_path = source[len("sqlite:///"):]
            if not Path(db_path).is_file():
                raise ConfigError(f"Members database {db_path} does not exist.")
            # Read-only: the register is never modified by this tool.
            with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
                names = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table','view')")}
                if table not in names:
                    raise ConfigError(f"Members database {db_path} has no table {table!r} "
                                      f"(set members.table in the policy).")
                return pd.read_sql_query(f'select * from "{table}"', conn, dtype=str)
        try:
            import sqlalchemy  # noqa: F401  (other databases go through SQLAlchemy when installed)
        except ImportError:
            raise ConfigError(f"Members source {source!r}: only sqlite:/// URLs work without SQLAlchemy installed.") from None
        return pd.read_sql_table(table, source)
    path = Path(source)
    if not path.is_file():
        raise ConfigError(f"Members file {source} does not exist.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    raise ConfigError(f"Members file {source} must be .csv or .xlsx, or a database URL such as sqlite:///members.db.")


def _amount(text) -> float | None:
    if text is None:
        return 0.0
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if cleaned in ("", "nan", "None"):
        return 0.0
    for symbol in ("EUR", "€", "$", "£"):
        cleaned = cleaned.replace(symbol, "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def load_members(source: str, policy_members: dict) -> MemberRegister:
    try:
        frame = _read_frame(source, policy_members.get("table", "members"))
    except ConfigError:
        raise
    except Exception as exc:  # pandas and its engines raise many types; all mean the same to the user
        raise ConfigError(f"Members register {source} could not be read: {exc}") from None
    mapping = {their: ours for ours, their in policy_members.get("columns", {}).items()}
    frame = frame.rename(columns=mapping)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in EXPECTED_COLUMNS if c not in frame.columns]
    if missing:
        raise ConfigError(
            f"Members register {source} lacks the column(s) {', '.join(missing)}; it has "
            f"{', '.join(frame.columns)}. Map them with [members] columns in the policy.")
    members = {}
    for row_number, record in enumerate(frame[list(EXPECTED_COLUMNS)].astype(str).itertuples(index=False), start=1):
        seat_id = record.seat_id.strip().upper()
        if not seat_id or seat_id == "NAN":
            continue
        members[seat_id] = Member(seat_id, record.legal_name.strip(), record.status.strip().lower(),
                                  _amount(record.past_due_amount), row_number)
    return MemberRegister(source, members)
