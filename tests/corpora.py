"""A corpus built from the bundled sample: copies and single-figure mutants of the
disclosure text and of its 公开03表 CSV, in nested directories.

The text is the sample with its one defect taken out (``passing_text``), so that the
copies pass and every failure of the corpus is a mutant's."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from gfs_ledger.corpus import DocumentResult
from gfs_ledger.corpus.schema import DOCUMENTS, FINDINGS, Column, table_rows
from gfs_ledger.samples import SAMPLE_TABLE03, sample_path

Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]

SHARED_PDFS = Path(__file__).parent / "data" / "real"
"""The real PDFs, kept in the repository."""

FIGURE = re.compile(r"(?<![\d.])\d{1,3}\.\d\d(?![\d%])")


PROSE_DEFECT = "有两笔公务接待费，合计980元"
"""The payments the sample's prose describes three times and its empty 公开09表 does not
carry (the four violations of the sample, see tests/test_narrative_payments.py)."""


def passing_text() -> str:
    """The sample with its prose defect taken out: it then passes its audit."""
    text = sample_path().read_text(encoding="utf-8")
    assert text.count(PROSE_DEFECT) == 3
    return text.replace(PROSE_DEFECT, "无公务接待费")


def mutant(text: str, k: int) -> str:
    """The text with its k-th figure (of those like 750.05) raised by 1.00."""
    found = list(FIGURE.finditer(text))
    match = found[k % len(found)]
    value = Decimal(match.group()) + 1
    return text[:match.start()] + f"{value:.2f}" + text[match.end():]


def build_corpus(root: Path, *, copies: int = 3, mutants: int = 4) -> list[Path]:
    """Write the corpus under root; returns its documents in the order a run takes them."""
    text = passing_text()
    table = sample_path(SAMPLE_TABLE03).read_text(encoding="utf-8")
    step_text = len(FIGURE.findall(text)) // (mutants + 1)
    step_table = len(FIGURE.findall(table)) // (mutants + 1)
    for k in range(copies):
        (root / f"copy-{k}").mkdir(parents=True)
        (root / f"copy-{k}" / "sample.txt").write_text(text, encoding="utf-8")
        (root / f"copy-{k}" / "table03.csv").write_text(table, encoding="utf-8")
    (root / "mutants").mkdir()
    for k in range(mutants):
        (root / "mutants" / f"text-{k}.txt").write_text(
            mutant(text, (k + 1) * step_text), encoding="utf-8")
        (root / "mutants" / f"table-{k}.csv").write_text(
            mutant(table, (k + 1) * step_table), encoding="utf-8")
    return sorted(p for p in root.rglob("*") if p.is_file())


def _plain(value: Any) -> Any:
    if value is None or value != value or type(value).__name__ == "NAType":
        return None  # None, NaN, pandas' NA
    return value.item() if hasattr(value, "item") else value  # a numpy scalar


def as_tuples(rows: Iterable[Mapping[str, Any]], columns: Sequence[Column]) -> list[tuple[Any, ...]]:
    """Rows as tuples of plain values, without the seconds a document took."""
    return [tuple(_plain(r[c.name]) for c in columns if c.name != "seconds") for r in rows]


def result_rows(results: Iterable[DocumentResult]) -> Rows:
    """The documents and findings rows of some results, as tuples."""
    return output_rows(table_rows(results))


def output_rows(tables: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> Rows:
    """The rows of an output (``read_output``) or of frames' records, as tuples."""
    return as_tuples(tables[0], DOCUMENTS), as_tuples(tables[1], FINDINGS)


def build_pdf_corpus(root: Path) -> list[Path]:
    """The shared real PDFs, a truncated copy of one, and the sample's text, under root."""
    pdfs = sorted(SHARED_PDFS.glob("*.pdf"))
    root.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        (root / pdf.name).write_bytes(pdf.read_bytes())
    (root / "truncated.pdf").write_bytes(pdfs[0].read_bytes()[:4000])
    (root / "sample.txt").write_bytes(sample_path().read_bytes())
    return sorted(root.iterdir())
