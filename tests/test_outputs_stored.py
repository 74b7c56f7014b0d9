"""Every output of ``gfs-ledger check`` (JSON, text, HTML) and ``claims --format json`` of the
sample and of the four shared PDFs, byte for byte as stored in tests/data/outputs/: the
copies were written by the code before the speed work of issue 12, so findings, their
order and every figure and message must come out the same however they are computed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from outputs import PDFS, RUNS, SAMPLE, STORED, outputs

NEEDS_PDF = pytest.mark.skipif(importlib.util.find_spec("pypdfium2") is None,
                               reason="reading PDFs needs pypdfium2 (the pdf extra)")


def _same_as_stored(path: Path) -> None:
    found = outputs(path)
    assert sorted(found) == sorted(f"{path.stem}.{run}" for run in RUNS)
    for name, text in found.items():
        assert text == (STORED / name).read_text("utf-8"), name


def test_sample_outputs_as_stored():
    _same_as_stored(SAMPLE)


@NEEDS_PDF
@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_pdf_outputs_as_stored(path: Path):
    _same_as_stored(path)


def test_every_shared_pdf_has_stored_outputs():
    # four PDFs × four outputs, plus the sample's four
    assert len(PDFS) == 4
    assert len(list(STORED.iterdir())) == 4 * 4 + 4
