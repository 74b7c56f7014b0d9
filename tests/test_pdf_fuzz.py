"""Damaged layouts: the lines of the real PDFs with lines dropped or repeated, cells
moved and their text replaced. Reading them either gives a report, whose audit runs,
or raises the library's error; nothing else escapes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gfs_ledger.errors import GfsLedgerError
from gfs_ledger.report import Report
from gfs_ledger.sources.lines import PositionedLine
from gfs_ledger.tables.positioned import read_positioned

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")

REAL = sorted((Path(__file__).parent / "data" / "real").glob("*.pdf"))


@cache
def lines_of(index: int) -> tuple[PositionedLine, ...]:
    from gfs_ledger.sources.pdf import read_pdf_lines

    return read_pdf_lines(REAL[index])


TEXTS = st.sampled_from(["", "合计", "——", "0.00", "1,234.56", "-7", "201", "20101", "2010101",
                         "单位：万元", "单位：美元", "注：", "本表无数据", "项目", "栏次", "1", "2",
                         "公开03表", "支出决算表", "一、", "…", "......", "99999999999999999"])


@st.composite
def damaged(draw: st.DrawFn) -> tuple[PositionedLine, ...]:
    lines = list(lines_of(draw(st.integers(0, len(REAL) - 1))))
    for _ in range(draw(st.integers(1, 12))):
        k = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "text", "move"]))
        line = lines[k]
        if action == "drop":
            del lines[k]
        elif action == "repeat":
            lines.insert(k, line)
        elif line.cells:
            c = draw(st.integers(0, len(line.cells) - 1))
            cell = line.cells[c]
            if action == "text":
                cell = attrs.evolve(cell, text=draw(TEXTS))
            else:
                shift = draw(st.floats(-80, 80, allow_nan=False))
                cell = attrs.evolve(cell, x0=cell.x0 + shift, x1=cell.x1 + shift)
            lines[k] = attrs.evolve(line, cells=(*line.cells[:c], cell, *line.cells[c + 1:]))
    return tuple(line for line in lines if line.cells and all(c.text for c in line.cells))


@given(damaged())
def test_a_damaged_layout_reads_or_raises_the_library_error(lines: tuple[PositionedLine, ...]):
    try:
        found = read_positioned(lines, "<damaged>")
    except GfsLedgerError:
        return
    report = Report(found.department, found.year, found.unit, found.template.document,
                    {t.id: t for t in found.tables}, found.prose, "<damaged>",
                    found.diagnostics, found.template.name, found.locations, found.scope)
    report.audit().summary()
    assert all(d.page is None or d.page >= 1 for d in report.diagnostics)
