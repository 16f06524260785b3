"""The service-desk configuration: where Jira is, which tickets, and how its form maps to request.json."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from validator.policy import ConfigError


@dataclass(frozen=True)
class JiraConfig:
    base_url: str
    jql: str
    fields: dict[str, str]  # request.json dotted path -> Jira field id in requestFieldValues
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # path -> {Jira option label: our value}
    defaults: dict[str, str] = field(default_factory=dict)  # path -> value when the form has no such field
    page_size: int = 50
    timeout_seconds: float = 30.0
    max_retries: int = 4
    max_retry_wait_seconds: float = 120.0
    min_retry_wait_seconds: float = 1.0
    email_env: str = "JIRA_EMAIL"
    token_env: str = "JIRA_API_TOKEN"

    def credentials(self) -> tuple[str, str]:
        """Account e-mail and API token, from the environment only (never the command line)."""
        email, token = os.environ.get(self.email_env), os.environ.get(self.token_env)
        if not email or not token:
            raise ConfigError(f"set the environment variables {self.email_env} and {self.token_env} "
                              f"(the Jira account e-mail and its API token).")
        return email, token


def load_jira_config(path: Path) -> JiraConfig:
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"service-desk configuration {path} does not exist.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"service-desk configuration {path} is not valid TOML: {exc}.") from None
    jira = raw.get("jira")
    if not isinstance(jira, dict):
        raise ConfigError(f"{path} needs a [jira] table (see jira.example.toml).")
    missing = [k for k in ("base_url", "jql", "fields") if k not in jira]
    if missing:
        raise ConfigError(f"{path}: [jira] lacks {', '.join(missing)}.")
    known = set(JiraConfig.__dataclass_fields__)
    unknown = set(jira) - known
    if unknown:
        raise ConfigError(f"{path}: unknown [jira] keys: {', '.join(sorted(unknown))}.")
    config = JiraConfig(**jira)
    if not config.base_url.startswith(("https://", "http://")):
        raise ConfigError(f"{path}: base_url must start with https://.")
    return config
