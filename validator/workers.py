"""Warm worker processes that read documents, each under a wall-clock timeout and a memory cap.

A document that hangs, exhausts memory or crashes its reader costs one worker, never the run:
the worker is replaced and the document gets a reading of kind "unreadable" with the reason.
pdfium is only ever loaded in these workers; it can abort the process it runs in.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

from validator.model import DocumentReading

Task = tuple  # (key, path, file name, settings)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the parent dies (a killed nightly run
    must not leave orphans behind)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(conn, memory_bytes: int) -> None:
    _die_with_parent()
    os.setpgid(0, 0)  # its own process group, so a timeout also stops the Tesseract it started
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from validator.extract.document import read_document

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        key, path, name, settings = task
        conn.send((key, read_document(Path(path), name, settings)))


@dataclass
class _Worker:
    process: mp.Process
    conn: object
    task: Task | None = None
    deadline: float = 0.0


def _failed(task: Task, problem: str, description: str) -> DocumentReading:
    _key, path, name, _settings = task
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    return DocumentReading.unreadable(name, problem, description, size=size)


class WorkerPool:
    def __init__(self, jobs: int, timeout: float, memory_mb: int):
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.memory_bytes = int(memory_mb) * 1024 * 1024
        self.context = mp.get_context("fork")
        self.workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, self.memory_bytes), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _retire(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            try:
                os.killpg(worker.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.workers.remove(worker)

    def run(self, tasks: list[Task], done: Callable[[object, DocumentReading], None]) -> None:
        """Read every task's document; `done(key, reading)` is called as each one finishes."""
        pending = deque(tasks)
        while len(self.workers) < min(self.jobs, len(tasks)):
            self.workers.append(self._spawn())
        while pending or any(w.task for w in self.workers):
            for worker in self.workers:
                if worker.task is None and pending:
                    worker.task = pending.popleft()
                    worker.deadline = time.monotonic() + self.timeout
                    worker.conn.send(worker.task)
            busy = [w for w in self.workers if w.task]
            wait_for = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for)
            for worker in busy:
                task = worker.task
                if worker.conn in ready:
                    try:
                        key, reading = worker.conn.recv()
                        worker.task = None
                        done(key, reading)
                        continue
                    except (EOFError, OSError):
                        pass  # the worker died while answering: handled as a crash below
                if worker.conn in ready or worker.process.sentinel in ready:
                    worker.process.join(5)
                    code = worker.process.exitcode
                    if code in (-signal.SIGKILL, -signal.SIGABRT):
                        # pdfium aborts when an allocation fails under the memory cap; the kernel's
                        # out-of-memory killer sends SIGKILL.
                        reading = _failed(task, "memory", f"its reader ran out of memory (the cap is "
                                                          f"{self.memory_bytes >> 20} MB) and stopped")
                    else:
                        reading = _failed(task, "damaged", f"its reader crashed on it (exit status {code})")
                elif time.monotonic() >= worker.deadline:
                    reading = _failed(task, "timeout", f"reading it took longer than {self.timeout:g} s")
                else:
                    continue
                self._retire(worker)
                done(task[0], reading)
                self.workers.append(self._spawn())

    def close(self) -> None:
        for worker in list(self.workers):
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in list(self.workers):
            worker.process.join(2)
            self._retire(worker)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
