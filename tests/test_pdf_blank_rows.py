"""A row whose only figure is blank stays a row of its own in a PDF (issue 10): the Jiangsu
budget's positioned lines with one figure's run removed, as the mutation benchmark
blanks it. The blank sums as zero and the identities that read the row are violated,
naming it; before, its label was read as the wrapped label of the row beside it and
its rules said *not applicable*."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from gfs_ledger.findings import Audit
from gfs_ledger.report import report_of_lines
from gfs_ledger.sources.lines import PositionedLine

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")

JIANGSU = Path(__file__).parent / "data" / "real" / "jiangsu-procuratorate-2019-budget.pdf"
_lines: list[tuple[PositionedLine, ...]] = []


def _jiangsu() -> tuple[PositionedLine, ...]:
    if not _lines:
        from gfs_ledger.sources.pdf import read_pdf_lines

        _lines.append(read_pdf_lines(JIANGSU))
    return _lines[0]


def _blanked(page: int, number: int, run: str) -> Audit:
    """The audit of the document with the run ``run`` of that line removed."""
    lines = list(_jiangsu())
    [at] = [k for k, line in enumerate(lines) if (line.page, line.number) == (page, number)]
    line = lines[at]
    cells = tuple(c for c in line.cells if c.text.strip() != run)
    assert len(cells) == len(line.cells) - 1
    lines[at] = attrs.evolve(line, cells=cells)
    return report_of_lines(lines, str(JIANGSU)).audit()


def _violated(audit: Audit) -> dict[str, tuple[object, object]]:
    return {f.rule_id: (f.reported, f.computed) for f in audit.violations
            if f.rule != "narrative"}


def _culprits(audit: Audit) -> list[str]:
    return [d.message for d in audit.diagnostics if d.kind == "likely_culprit"]


def test_the_document_as_printed_violates_no_table_rule():
    assert _violated(report_of_lines(_jiangsu(), str(JIANGSU)).audit()) == {}


def test_a_summary_row_whose_figure_is_blank_is_not_a_wrapped_label():
    # p.14: 三、单位预留机动经 | 费 wrap round the line that prints 三、国防支出 and 3,990.40;
    # blanked, the two pieces still join that line: 单位预留机动经费 blank.
    # 本年支出合计 24,169.74 = 基本支出 15,844.04 + 项目支出 4,335.30 + 单位预留机动经费
    # (blank, 0) = 20,179.34: 3,990.40 short.
    audit = _blanked(14, 12, "3,990.40")
    assert _violated(audit)["B.uses.js"] == (Decimal("24169.74"), Decimal("20179.34"))
    assert any("支出用途·单位预留机动经费·金额 prints blank where 3,990.40" in m
               for m in _culprits(audit))


@pytest.mark.parametrize(("page", "number", "run", "table", "total"), [
    (16, 15, "24,169.74", "财政拨款支出表", "24169.74"),
    (18, 27, "15,844.04", "一般公共预算基本支出表", "15844.04"),
])
def test_a_total_split_by_the_text_layer_is_a_row_when_blank(
        page: int, number: int, run: str, table: str, total: str):
    # 合 | 计 print as two runs; with the figure gone the line is still the 合计 row.
    # 财政拨款支出表: 204 16,593.12 + 208 1,890.27 + 221 5,686.35 = 24,169.74 against a
    # blank 合计 (0); 一般公共预算基本支出表: its 类 301 + 302 + 303 = 15,844.04.
    audit = _blanked(page, number, run)
    [hierarchy] = [f for f in audit.violations if f.rule == "hierarchy"]
    assert (hierarchy.table, hierarchy.reported, hierarchy.computed) == (
        table, None, Decimal(total))
    assert hierarchy.message.startswith("合计, 金额: printed 0")


def test_the_blank_total_is_the_likely_culprit():
    # 合计 blank is read by three identities (its 类, 财政拨款收支总表's 支出总计, the general
    # budget's 合计), each out by 24,169.74: the one cell they share.
    audit = _blanked(16, 15, "24,169.74")
    assert any("财政拨款支出表, 合计·金额 prints blank where 24,169.74" in m
               for m in _culprits(audit))


def test_a_list_total_printed_alone_is_a_row_when_blank():
    # 收入总表 p.15: 收入总计 (blank, 0) against its 小计 24,169.74; 收支总表's 收入总计
    # 24,169.74 against it too.
    audit = _blanked(15, 5, "24169.74")
    violated = _violated(audit)
    assert violated["B.income-subtotals.js"] == (None, Decimal("24169.74"))
    assert violated["B.income-list"] == (Decimal("24169.74"), None)


def test_a_procurement_total_and_item_whose_figure_is_blank_stay_rows():
    # 政府采购 p.22: 合计 (blank) = 一、货物A 303.40 + 三、服务C 2,441.44 = 2,744.84.
    audit = _blanked(22, 7, "2,744.84")
    assert _violated(audit)["B.procurement"] == (None, Decimal("2744.84"))
    # The item 台式计算机（20 / 万以下） wraps round the line of 政府集中采购 15.00; blanked,
    # it is still that item: 办公、办案设备更新购置费 131.40 = 0 + 15.00 + 5.00 + 8.00
    # + 83.40 + 5.00 = 116.40, 15.00 short, and the culprit is the blanked item.
    audit = _blanked(22, 17, "15.00")
    assert _violated(audit)["B.procurement"] == (Decimal("131.40"), Decimal("116.40"))
    assert any("台式计算机(20万以下)·政府集中采购·金额 prints blank where 15.00" in m
               for m in _culprits(audit))
