"""A corpus built from the bundled sample: copies and single-figure mutants of the
disclosure text and of its 公开03表 CSV, in nested directories."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from gfs_ledger.samples import SAMPLE_TABLE03, sample_path

FIGURE = re.compile(r"(?<![\d.])\d{1,3}\.\d\d(?![\d%])")


def mutant(text: str, k: int) -> str:
    """The text with its k-th figure (of those like 750.05) raised by 1.00."""
    found = list(FIGURE.finditer(text))
    match = found[k % len(found)]
    value = Decimal(match.group()) + 1
    return text[:match.start()] + f"{value:.2f}" + text[match.end():]


def build_corpus(root: Path, *, copies: int = 3, mutants: int = 4) -> list[Path]:
    """Write the corpus under root; returns its documents in the order a run takes them."""
    text = sample_path().read_text(encoding="utf-8")
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
