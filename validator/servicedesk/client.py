"""A polite Jira REST client: basic auth from the environment, a timeout on every request,
bounded retries that honour Retry-After on 429/503, and size-limited streaming downloads."""

from __future__ import annotations

import email.utils
import logging
import time
from pathlib import Path
from typing import Callable

import requests

from validator.servicedesk.config import JiraConfig

log = logging.getLogger("pki-validator")
RETRY_STATUSES = (429, 502, 503, 504)


class JiraError(Exception):
    """The service desk could not be reached or refused: a message a person can act on (exit 2)."""


class TooLarge(Exception):
    pass


def retry_after_seconds(value: str | None, default: float) -> float:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError):
        return default


class JiraClient:
    def __init__(self, config: JiraConfig, sleep: Callable[[float], None] = time.sleep):
        self.config = config
        self.base = config.base_url.rstrip("/")
        self.session = requests.Session()
        self.session.auth = config.credentials()
        self.session.headers.update({"Accept": "application/json", "User-Agent": "peppol-pki-validator"})
        self.sleep = sleep
        self.requests_made = 0

    def _url(self, path_or_url: str) -> str:
        return path_or_url if path_or_url.startswith(("http://", "https://")) else self.base + path_or_url

    def request(self, method: str, path: str, *, stream: bool = False, **kwargs) -> requests.Response:
        url = self._url(path)
        attempt = 0
        while True:
            attempt += 1
            self.requests_made += 1
            try:
                response = self.session.request(method, url, timeout=self.config.timeout_seconds, stream=stream, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt > self.config.max_retries:
                    raise JiraError(f"{method} {url} failed after {attempt} attempts: {type(exc).__name__}") from None
                wait = self._backoff(attempt, None)
                log.warning("service desk unreachable, retrying", extra={"url": url, "wait": wait, "attempt": attempt})
                self.sleep(wait)
                continue
            if response.status_code in RETRY_STATUSES and attempt <= self.config.max_retries:
                wait = self._backoff(attempt, response.headers.get("Retry-After"))
                log.warning("service desk asked to slow down", extra={"url": url, "status": response.status_code,
                                                                      "wait": wait, "attempt": attempt})
                response.close()
                self.sleep(wait)
                continue
            if response.status_code >= 400:
                detail = response.text[:300] if not stream else ""
                response.close()
                hint = {401: " (check the account e-mail and API token)", 403: " (the account lacks permission)",
                        404: " (no such ticket or endpoint)"}.get(response.status_code, "")
                raise JiraError(f"{method} {url} answered {response.status_code}{hint}. {detail}".strip())
            return response

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        # Retry-After: 0 must not turn into a retry storm: never less than the minimum wait.
        exponential = self.config.min_retry_wait_seconds * (2 ** (attempt - 1))
        wait = retry_after_seconds(retry_after, exponential)
        return min(max(wait, self.config.min_retry_wait_seconds), self.config.max_retry_wait_seconds)

    def get_json(self, path: str, **kwargs) -> dict:
        response = self.request("GET", path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise JiraError(f"GET {self._url(path)} did not answer JSON.") from None

    def post_json(self, path: str, body: dict) -> dict:
        response = self.request("POST", path, json=body)
        try:
            return response.json()
        except ValueError:
            return {}

    def download(self, url: str, target: Path, limit: int) -> int:
        """Stream a file to `target` (through a temporary name), stopping at `limit` bytes."""
        response = self.request("GET", url, stream=True, headers={"Accept": "*/*"})
        partial = target.with_name(f".{target.name}.part")
        size = 0
        try:
            with open(partial, "wb") as fh:
                for chunk in response.iter_content(64 * 1024):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge(f"larger than the limit of {limit} bytes")
                    fh.write(chunk)
            partial.replace(target)
            return size
        finally:
            response.close()
            partial.unlink(missing_ok=True)
