"""Logs to stderr (text or JSON lines) and a progress bar only when a person is watching."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from datetime import datetime, timezone

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="seconds"),
                 "level": record.levelname.lower(), "msg": record.getMessage()}
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        return json.dumps(entry, ensure_ascii=False, default=str)


class Text(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and getattr(record, "file", None):
            message += f": {record.request_id}/{record.file}: {record.problem} ({record.detail})"
        return message if getattr(record, "summary", False) else f"pki-validator: {message}"


def setup_logging(fmt: str, quiet: bool) -> logging.Logger:
    log = logging.getLogger("pki-validator")
    log.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if fmt == "json" else Text())
    log.addHandler(handler)
    log.propagate = False
    # Quiet: errors only. Text on a terminal: the summary and warnings. JSON: everything.
    log.setLevel(logging.ERROR if quiet else logging.INFO)
    if fmt == "text" and not quiet:
        handler.addFilter(lambda r: r.levelno >= logging.WARNING or getattr(r, "summary", False))
    return log


class _Bar:
    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> None:
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False, dynamic_ncols=True)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@contextmanager
def progress_bar(quiet: bool):
    """A progress bar on a terminal; none under cron, in CI or with --quiet."""
    bar = _Bar(enabled=not quiet and sys.stderr.isatty())
    try:
        yield bar
    finally:
        bar.close()
