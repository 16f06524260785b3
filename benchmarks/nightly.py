"""The nightly benchmark: a realistic inbox of N requests, cold run, warm re-run, memory, floor.

    .venv/bin/python benchmarks/nightly.py [--requests 1000] [--scans 10] [--jobs N] [--keep DIR]

Prints: cold run time (text PDFs, fillable forms and DOCX; scans excluded and timed on their
own), warm re-run time, documents per second per core, peak memory of the whole process tree,
one request checked end to end from the command line, and the same PDFs' bare pypdfium2
text-extraction time as the floor. Quote ratios: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import docgen  # noqa: E402
import generate  # noqa: E402
from docgen import Person  # noqa: E402

SYLLABLES = ["nor", "lys", "fjord", "byte", "grach", "ten", "link", "rhein", "werk", "kvarn", "sten", "lagu", "nare",
             "thames", "ledger", "boule", "vard", "alpen", "rand", "vester", "hav", "data", "flux", "bridge"]
ANNEX_SHAPES = ["pdf-table", "pdf-lines", "pdf-grid", "pdf-form", "docx-table", "docx-lines", "docx-autonumber", "docx-controls"]


def _provider(i: int):
    base = list(generate.PROVIDERS.values())[i % len(generate.PROVIDERS)]
    word = SYLLABLES[i % len(SYLLABLES)] + SYLLABLES[(i * 7 + 3) % len(SYLLABLES)]
    name = f"{word.capitalize()} {['Systems', 'Integration', 'Networks', 'Exchange'][i % 4]} {i:04d}"
    suffix = base.company.legal_name.split()[-1]
    domain = f"{word}{i}.example"
    company = replace(base.company, legal_name=f"{name} {suffix}", seat_id=f"P{base.pa}{100000 + i:06d}",
                      registration_number=f"{70000000 + i}")
    retriever = replace(base.retriever, name=f"Alex {word.capitalize()}", email=f"alex.{word}@{domain}")
    return replace(base, company=company, retriever=retriever, formal=Person("Kim Legal", f"legal@{domain}"),
                   support=replace(base.support, email=f"support@{domain}"))


def _make_request(args) -> None:
    i, folder, scan = args
    p = _provider(i)
    request_id = f"BENCH-{i:05d}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "request.json").write_text(json.dumps(generate.request_json(p, request_id)))
    shape = ANNEX_SHAPES[i % len(ANNEX_SHAPES)]
    annex = p.annex(layout=shape.split("-")[1] if shape.split("-")[1] in ("table", "lines", "grid", "autonumber") else "table")
    if scan:
        data, name = docgen.scanned(docgen.annex1_pdf(annex), rotate=0.6, blur=0.5), "annex1-scan.pdf"
    elif shape == "pdf-form":
        data, name = docgen.annex1_form_pdf(annex), "annex1.pdf"
    elif shape == "docx-controls":
        data, name = docgen.annex1_docx_controls(annex, "controls"), "annex1.docx"
    elif shape.startswith("docx"):
        data, name = docgen.annex1_docx(annex), "annex1.docx"
    else:
        data, name = docgen.annex1_pdf(annex), "annex1.pdf"
    (folder / name).write_bytes(data)
    registration = docgen.registration_docx if i % 3 == 0 else docgen.registration_pdf
    (folder / ("extract.docx" if i % 3 == 0 else "extract.pdf")).write_bytes(
        registration(p.company, p.language, generate.AS_OF.replace(day=2)))


def build_inbox(target: Path, count: int, start: int = 0, scan: bool = False) -> None:
    jobs = [(i, target / f"BENCH-{i:05d}", scan) for i in range(start, start + count)]
    with Pool(os.cpu_count()) as pool:
        pool.map(_make_request, jobs, chunksize=8)


def write_members(path: Path, count: int) -> None:
    """Every generated provider is an active member; one in fifty owes fees."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["seat_id", "legal_name", "status", "past_due_amount"])
        for i in range(count):
            p = _provider(i)
            writer.writerow([p.company.seat_id, p.company.legal_name, "active", "150.00" if i % 50 == 7 else "0"])


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def timed_run(args: list[str]) -> tuple[float, int, str]:
    """Wall time, peak resident memory of the process tree (KB), and stderr of one CLI run."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "validator", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    return time.perf_counter() - started, peak, stderr.strip().splitlines()[-1] if stderr.strip() else ""


def pdfium_floor(inbox: Path) -> tuple[int, float]:
    """Bare pypdfium2 text extraction of every PDF in the inbox, single process: the floor."""
    import pypdfium2 as pdfium

    pdfs = sorted(inbox.rglob("*.pdf"))
    started = time.perf_counter()
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
        pdf.close()
    return len(pdfs), time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--scans", type=int, default=10, help="scanned requests, timed separately")
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--keep", type=Path, help="build the inboxes here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="pki-bench-"))
    inbox, scans = work / "inbox", work / "scans"
    if not inbox.exists():
        started = time.perf_counter()
        build_inbox(inbox, args.requests)
        build_inbox(scans, args.scans, start=args.requests, scan=True)
        write_members(work / "members.csv", args.requests + args.scans)
        print(f"generated {args.requests} + {args.scans} scanned requests in {time.perf_counter() - started:.1f} s ({work})")
    docs = sum(1 for p in inbox.rglob("*") if p.is_file() and p.name != "request.json")
    common = ["--members", str(work / "members.csv"), "--as-of", "2026-12-01", "--jobs", str(args.jobs),
              "--fail-on", "never"]
    out, state = work / "reports", work / "state.sqlite"
    shutil.rmtree(out, ignore_errors=True)
    state.unlink(missing_ok=True)
    cold, cold_peak, cold_line = timed_run(["check", str(inbox), "--out", str(out), "--state", str(state), *common])
    warm, warm_peak, warm_line = timed_run(["check", str(inbox), "--out", str(out), "--state", str(state), *common])
    scan_state = work / "scan-state.sqlite"
    scan_state.unlink(missing_ok=True)
    scan_time, scan_peak, scan_line = timed_run(["check", str(scans), "--out", str(work / "scan-reports"),
                                                 "--state", str(scan_state), *common])
    one = next(inbox.iterdir())
    single, _, _ = timed_run(["check", str(one), "--out", str(work / "one"), "--state", str(work / "one.sqlite"), *common])
    pdf_count, floor = pdfium_floor(inbox)
    cores = args.jobs
    print(f"machine: {os.cpu_count()} cores, --jobs {cores}")
    print(f"cold run      {args.requests} requests, {docs} documents: {cold:6.1f} s  "
          f"({docs / cold / cores:.1f} documents/s per core), peak memory {cold_peak / 1024:.0f} MB")
    print(f"              {cold_line}")
    print(f"warm re-run   same inbox, nothing changed:      {warm:6.1f} s  peak memory {warm_peak / 1024:.0f} MB")
    print(f"              {warm_line}")
    print(f"scans         {args.scans} scanned requests (OCR):        {scan_time:6.1f} s  "
          f"({scan_time / max(1, args.scans) * cores:.1f} s per scanned request per core), peak memory {scan_peak / 1024:.0f} MB")
    print(f"one request   end to end from the command line: {single:6.2f} s")
    print(f"floor         bare pypdfium2 text of the {pdf_count} PDFs, one process: {floor:5.1f} s "
          f"({floor / pdf_count * 1000:.1f} ms per PDF); cold run per core is {cold * cores / max(floor, 1e-9):.0f}x the floor "
          f"over all {docs} documents")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
