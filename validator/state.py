"""The state database (SQLite): cached document readings by content hash, and the run history.

Cached readings are Python pickles of our own frozen dataclasses. The database is this tool's
private state, written only by it under an exclusive lock; never point --state at a file that
someone else can write.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from validator.model import DocumentReading
from validator.policy import ConfigError

SCHEMA = """
create table if not exists documents (
    cache_key text primary key,
    sha256 text not null,
    file text not null,
    reading blob not null,
    stored_at real not null
);
create table if not exists runs (
    id integer primary key autoincrement,
    started_at text not null,
    finished_at text not null,
    as_of text not null,
    policy_digest text not null,
    tool_version text not null,
    requests integer not null,
    ready integer not null,
    needs_review integer not null,
    not_ready integer not null,
    parsed integer not null,
    cached integer not null,
    seconds real not null
);
create table if not exists results (
    run_id integer not null references runs(id),
    request_id text not null,
    verdict text not null,
    findings text not null,
    primary key (run_id, request_id)
);
create index if not exists results_by_request on results(request_id, run_id);
"""


class StateLock:
    """An exclusive lock beside the state: a second run on the same state waits or refuses."""

    def __init__(self, path: Path, wait_seconds: float):
        self.path = path
        self.wait_seconds = wait_seconds
        self.fd: int | None = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait_seconds
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self.fd)
                    raise ConfigError(f"another run holds the lock {self.path}; try again later or pass --wait SECONDS") from None
                time.sleep(0.2)

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


@dataclass(frozen=True)
class PastResult:
    run_id: int
    started_at: str
    as_of: str
    verdict: str
    findings: list


class StateStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path, timeout=30)
            # A rollback journal (not WAL) leaves one file once closed, so the reports folder
            # can carry it; FULL sync so that a killed run never leaves it corrupt.
            self.db.execute("pragma journal_mode=delete")
            self.db.execute("pragma synchronous=full")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"state database {path} cannot be used: {exc}") from None

    def close(self) -> None:
        self.db.close()

    # --- the document cache ---------------------------------------------------------------

    def reading(self, cache_key: str) -> DocumentReading | None:
        row = self.db.execute("select reading from documents where cache_key = ?", (cache_key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # written by an older version of the tool: read the document again
            return None

    def store_readings(self, entries: list[tuple[str, DocumentReading]]) -> None:
        with self.db:
            self.db.executemany(
                "insert or replace into documents (cache_key, sha256, file, reading, stored_at) values (?, ?, ?, ?, ?)",
                [(key, r.sha256, r.file, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL), time.time()) for key, r in entries])

    # --- the run history ------------------------------------------------------------------

    def record_run(self, run, started_at: str) -> int:
        counts = {v: sum(1 for r in run.results if r.verdict == v) for v in ("ready", "needs_review", "not_ready")}
        with self.db:
            cursor = self.db.execute(
                "insert into runs (started_at, finished_at, as_of, policy_digest, tool_version, requests, ready, needs_review,"
                " not_ready, parsed, cached, seconds) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (started_at, run.generated_at, run.as_of.isoformat(), run.policy_digest, run.tool_version, len(run.results),
                 counts["ready"], counts["needs_review"], counts["not_ready"], run.stats.parsed, run.stats.cached,
                 round(run.stats.seconds, 3)))
            run_id = cursor.lastrowid
            self.db.executemany(
                "insert or replace into results (run_id, request_id, verdict, findings) values (?, ?, ?, ?)",
                [(run_id, r.request_id, r.verdict,
                  json.dumps([{"check": o.check, "severity": o.severity, "message": o.message} for o in r.findings],
                             ensure_ascii=False)) for r in run.results])
        return run_id

    def last_results(self, before_run: int | None = None) -> dict[str, list[PastResult]]:
        """Every request's past results, newest first, from runs before `before_run`."""
        query = ("select r.run_id, runs.started_at, runs.as_of, r.verdict, r.findings, r.request_id from results r "
                 "join runs on runs.id = r.run_id")
        params: tuple = ()
        if before_run is not None:
            query += " where r.run_id < ?"
            params = (before_run,)
        query += " order by r.run_id desc"
        out: dict[str, list[PastResult]] = {}
        for run_id, started, as_of, verdict, findings, request_id in self.db.execute(query, params):
            out.setdefault(request_id, []).append(PastResult(run_id, started, as_of, verdict, json.loads(findings)))
        return out

    def history(self, request_id: str) -> list[PastResult]:
        rows = self.db.execute(
            "select r.run_id, runs.started_at, runs.as_of, r.verdict, r.findings from results r join runs on runs.id = r.run_id"
            " where r.request_id = ? order by r.run_id", (request_id,)).fetchall()
        return [PastResult(run_id, started, as_of, verdict, json.loads(f)) for run_id, started, as_of, verdict, f in rows]

    def recent_runs(self, limit: int = 14) -> list[dict]:
        rows = self.db.execute("select id, started_at, as_of, ready, needs_review, not_ready, parsed, cached, seconds from runs "
                               "order by id desc limit ?", (limit,)).fetchall()
        keys = ("id", "started_at", "as_of", "ready", "needs_review", "not_ready", "parsed", "cached", "seconds")
        return [dict(zip(keys, row)) for row in reversed(rows)]


def extractor_fingerprint() -> str:
    """Changes whenever the extraction code changes, so cached readings never outlive it."""
    from validator.extract import document

    source_dir = Path(document.__file__).parent
    digest = hashlib.sha256(document.EXTRACTOR_VERSION.encode())
    for path in sorted(source_dir.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(sha256: str, file: str, settings: dict, fingerprint: str) -> str:
    payload = json.dumps([sha256, file, settings, fingerprint], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()
