"""PA Certificate Approvers: which person a ticket goes to, by PA code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from validator.policy import ConfigError


@dataclass(frozen=True)
class Approver:
    pa: str
    name: str
    email: str


def load_approvers(path: str | Path) -> dict[str, Approver]:
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise ConfigError(f"Approvers file {path} does not exist.") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ConfigError(f"Approvers file {path} is not a readable CSV file: {exc}.") from None
    if rows and not {"pa", "name", "email"} <= {k.strip().lower() for k in rows[0] if k}:
        raise ConfigError(f"Approvers file {path} needs the columns pa, name, email.")
    out = {}
    for row in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if row.get("pa"):
            out[row["pa"].upper()] = Approver(row["pa"].upper(), row["name"], row["email"])
    return out
