"""Policy: dates, ages, thresholds and column names, merged over the shipped defaults."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_POLICY_PATH = Path(__file__).with_name("default-policy.toml")


class ConfigError(Exception):
    """A problem with the command line or configuration: exit code 2."""


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"Policy file {path} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Policy file {path} is not valid TOML: {exc}.") from None


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"Policy value {where} = {value!r} is not a date (YYYY-MM-DD).") from None


@dataclass(frozen=True)
class Window:
    issuable_from: date | None
    issuable_until: date | None  # first day no longer issuable

    def allows(self, day: date) -> bool:
        if self.issuable_from and day < self.issuable_from:
            return False
        if self.issuable_until and day >= self.issuable_until:
            return False
        return True


@dataclass(frozen=True)
class Policy:
    raw: dict

    @property
    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True, default=str).encode()).hexdigest()[:16]

    def pki_window(self, version: str, environment: str) -> Window | None:
        entry = self.raw.get("pki_calendar", {}).get(version, {}).get(environment)
        if entry is None:
            return None
        where = f"pki_calendar.{version}.{environment}"
        frm = entry.get("issuable_from")
        until = entry.get("issuable_until")
        return Window(
            _as_date(frm, where + ".issuable_from") if frm else None,
            _as_date(until, where + ".issuable_until") if until else None,
        )

    @property
    def registration_max_age_days(self) -> int:
        return int(self.raw["documents"]["registration_max_age_days"])

    @property
    def annex1_warn_age_years(self) -> int:
        return int(self.raw["documents"]["annex1_warn_age_years"])

    @property
    def future_tolerance_days(self) -> int:
        return int(self.raw["documents"]["future_tolerance_days"])

    @property
    def sms_capable_types(self) -> tuple[str, ...]:
        return tuple(self.raw["phones"]["sms_capable_types"])

    @property
    def members(self) -> dict:
        return self.raw["members"]

    @property
    def limits(self) -> dict:
        return self.raw["limits"]

    def extraction(self, country: str | None = None) -> dict:
        """What the document readers need, as plain data that can travel to worker processes.

        OCR reads in English plus the language of the service provider's country, if known.
        """
        ocr = dict(self.raw["ocr"])
        extra = ocr.pop("country_languages", {}).get((country or "").upper())
        if extra:
            ocr["languages"] = "+".join(dict.fromkeys(ocr["languages"].split("+") + extra.split("+")))
        return {"limits": dict(self.raw["limits"]), "ocr": ocr}


def load_policy(path: str | Path | None = None) -> Policy:
    raw = _read_toml(DEFAULT_POLICY_PATH)
    if path is not None:
        raw = _merge(raw, _read_toml(Path(path)))
    policy = Policy(raw)
    # Validate the calendar up front so a typo is a configuration error, not a crash later.
    for version, envs in raw.get("pki_calendar", {}).items():
        for env in envs:
            policy.pki_window(version, env)
    return policy
