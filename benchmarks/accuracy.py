"""Extraction accuracy on the labelled corpus, per shape, with the time per document.

    .venv/bin/python benchmarks/accuracy.py [--no-scans] [--out DIR]

Generates the corpus (samples/corpus.py) with its truth, reads every document as the pipeline
does, and prints, per shape, how many fields were read correctly and the median time per
document. Run on a quiet machine; compare ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "samples"))

import corpus  # noqa: E402

from validator.checks.request import e164, parse_phone  # noqa: E402
from validator.extract.document import read_document  # noqa: E402
from validator.policy import load_policy  # noqa: E402


def _e164(text, country):
    number = parse_phone(text, country)
    return e164(number) if number else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-scans", action="store_true", help="leave out the OCR shapes (no Tesseract needed)")
    parser.add_argument("--out", type=Path, help="keep the corpus in this folder")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="corpus-"))
    scans = not args.no_scans and shutil.which("tesseract") is not None
    items = corpus.build(folder, with_scans=scans)
    policy = load_policy()
    fields = defaultdict(lambda: [0, 0])
    times = defaultdict(list)
    misses = []
    for item in items:
        started = time.perf_counter()
        reading = read_document(folder / item.file, item.file, policy.extraction(item.country))
        times[item.shape].append(time.perf_counter() - started)
        for name, ok in corpus.score(item, reading, _e164).items():
            fields[item.shape][0] += ok
            fields[item.shape][1] += 1
            if not ok:
                misses.append(f"{item.file}: {name}")
    print(f"{len(items)} documents, corpus in {folder}" + ("" if scans else " (scans left out)"))
    print(f"{'shape':<34} {'docs':>4} {'fields right':>13} {'accuracy':>9} {'ms/doc (median)':>16}")
    total_ok = total = 0
    for shape in sorted(fields):
        ok, n = fields[shape]
        total_ok += ok
        total += n
        print(f"{shape:<34} {len(times[shape]):>4} {f'{ok}/{n}':>13} {ok / n:>9.1%} {statistics.median(times[shape]) * 1000:>16.1f}")
    print(f"{'all':<34} {len(items):>4} {f'{total_ok}/{total}':>13} {total_ok / total:>9.1%}")
    for miss in misses:
        print("missed:", miss)
    if not args.out:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if not misses else 1


if __name__ == "__main__":
    raise SystemExit(main())
