"""The labelled corpus: every value of every shape is read correctly (benchmarks/accuracy.py
prints the same as figures per shape)."""

import shutil

import corpus
import pytest

from validator.checks.request import e164, parse_phone
from validator.extract.document import read_document


def _e164(text, country):
    number = parse_phone(text, country)
    return e164(number) if number else None


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, corpus.build(folder, with_scans=shutil.which("tesseract") is not None)


def test_corpus_is_large_and_covers_every_shape(items):
    _, built = items
    assert len(built) >= 40 or shutil.which("tesseract") is None
    shapes = {i.shape for i in built}
    assert {"pdf: fillable form fields", "docx: automatic numbering", "pdf: one grid of contacts",
            "registration: pdf", "wrong document"} <= shapes


def test_every_value_is_read(items, policy):
    folder, built = items
    wrong = []
    for item in built:
        reading = read_document(folder / item.file, item.file, policy.extraction(item.country))
        for field, ok in corpus.score(item, reading, _e164).items():
            if not ok:
                wrong.append(f"{item.file} ({item.shape}): {field}")
    assert wrong == []
