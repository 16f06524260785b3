"""Reporting: render a RunResult into files. Formats live here, never in the model or checks."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
from pathlib import Path

from validator.pipeline import RunResult


def page_names(run: RunResult) -> dict[str, str]:
    """request_id -> a file name that is safe on every file system and unique in this run."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for result in run.results:
        base = re.sub(r"[^A-Za-z0-9._-]", "_", result.request_id).lstrip(".")[:100] or "request"
        name, n = base, 1
        while name.lower() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.lower())
        names[result.request_id] = name
    return names


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def publish(staging: Path, out: Path) -> None:
    """Put a complete report folder in place of `out`: readers see the old set or the new, never a mix."""
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"{out} exists and is not a folder")
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the previous reports
        return
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(out, old)
    os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def remove_stale_staging(out: Path) -> None:
    """Staging folders of runs that were killed (the caller holds the lock: none is live)."""
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)


def write_reports(run: RunResult, out: Path, fail_on: str, keep: tuple[str, ...] = (), history=None) -> None:
    """Write every report into a staging folder beside `out`, then publish it whole.

    `keep` names entries of the current `out` carried into the new one (hard links: no copy).
    """
    from validator.history import RunHistory

    history = history or RunHistory()
    from validator.report import csv_report, html_report, json_report, junit_report

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        names = page_names(run)
        json_report.write(run, staging / "summary.json", history)
        csv_report.write(run, staging / "summary.csv")
        junit_report.write(run, staging / "junit.xml", fail_on)
        html_report.write(run, staging, names, history)
        for entry in keep:
            source = out / entry
            if source.is_file():
                os.link(source, staging / entry)
        _fsync_tree(staging)
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _fsync_tree(folder: Path) -> None:
    """Make the staged reports durable before they are published: one syncfs(2) for the file
    system where Linux has it (a thousand fsyncs cost seconds), else a fsync per file."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
