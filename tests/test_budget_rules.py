"""The budget summaries' income and use identities (issue 10): each rule catches a change
of one of its figures in the real budget it applies to."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from gfs_ledger import Tolerance, read_report
from gfs_ledger.rules.catalog import BUDGET_CATALOG
from gfs_ledger.rules.evaluate import evaluate

pytest.importorskip("pypdfium2")

REAL = Path(__file__).parent / "data" / "real"
WANLI = REAL / "shanghai-putuo-wanli-subdistrict-2023-budget.pdf"
JIANGSU = REAL / "jiangsu-procuratorate-2019-budget.pdf"
_reports: dict[Path, object] = {}


def _violated(path: Path, table: str, name: str, section: str, change: Decimal) -> set[str]:
    """The budget rules violated once the figure of a row is changed by ``change``."""
    if path not in _reports:
        _reports[path] = read_report(path)
    report = _reports[path]
    tables = dict(report.tables)  # type: ignore[attr-defined]
    found = tables[table].find(name, section)
    assert found is not None and isinstance(found.figures[0], Decimal | type(None))
    new = (found.figures[0] or Decimal(0)) + change
    items = tuple(attrs.evolve(i, figures=(new, *i.figures[1:])) if i is found else i
                  for i in tables[table].items)
    tables[table] = attrs.evolve(tables[table], items=items)
    audit = evaluate(tables, Tolerance(), BUDGET_CATALOG)
    return {f.rule_id for f in audit.violations if f.rule_id}


# (document, table, row, section, change, the rules it violates), with the arithmetic
CASES = [
    # 事业收入 blank → 100 元: 收入总计 164,978,640 against 164,978,640 + 100
    (WANLI, "收支总表", "事业收入", "收入", 100, {"B.income.sh"}),
    # 一般公共预算 164,978,640 + 100: 财政拨款收入 164,978,640 against it, and
    # 财政拨款收支总表's 一般公共预算资金 164,978,640
    (WANLI, "收支总表", "一般公共预算", "收入", 100,
     {"B.appropriation-income.sh", "B.appropriation-funds.general.sh"}),
    # 国有资本经营预算 blank → 100: 财政拨款收入 against the three budgets, and
    # 财政拨款收支总表's 国有资本经营预算 (blank)
    (WANLI, "收支总表", "国有资本经营预算", "收入", 100,
     {"B.appropriation-income.sh", "B.appropriation-funds.capital.sh"}),
    # 财政拨款收支总表 政府性基金 blank → 100: 收入总计 against the three budgets, and
    # 收支总表's 政府性基金 (blank)
    (WANLI, "财政拨款收支总表", "政府性基金", "收入", 100,
     {"B.appropriation.income.sh", "B.appropriation-funds.fund.sh"}),
    # 其他资金 blank → 1.00 万元: 本年收入合计 24,169.74 against 24,169.74 + 1.00
    (JIANGSU, "收支总表", "其他资金", "收入", 1, {"B.income.js"}),
    # 上年结转资金 blank → 1.00: 收入总计 against 本年收入合计 + 1.00
    (JIANGSU, "收支总表", "上年结转资金", "收入", 1, {"B.income-total.js"}),
    # 政府性基金预算 blank → 1.00: 财政拨款 24,169.74 against 24,169.74 + 1.00, and
    # 财政拨款收支总表's 政府性基金预算 (blank)
    (JIANGSU, "收支总表", "政府性基金预算", "收入", 1,
     {"B.appropriation-income.js", "B.appropriation-funds.fund.js"}),
    # 一般公共预算 24,169.74 + 1.00: 财政拨款 against it, and 财政拨款收支总表's 24,169.74
    (JIANGSU, "收支总表", "一般公共预算", "收入", 1,
     {"B.appropriation-income.js", "B.appropriation-funds.general.js"}),
    # 项目支出 4,335.30 + 1.00: 本年支出合计 against the three uses, 支出总表 合计·项目支出
    # 4,335.30, and (no income but the year's appropriations: 财政专户管理资金, 其他资金 and
    # 上年结转资金 blank) 财政拨款收支总表's 项目支出 4,335.3
    (JIANGSU, "收支总表", "项目支出", "支出用途", 1,
     {"B.uses.js", "B.uses-table.projects", "B.appropriation.uses-all.projects"}),
    # 基本支出 15,844.04 + 1.00: the same three, and 财政拨款基本支出表 合计 15,844.04
    (JIANGSU, "收支总表", "基本支出", "支出用途", 1,
     {"B.uses.js", "B.uses-table.basic", "B.appropriation.uses-all.basic", "B.appropriation-basic"}),
    # 单位预留机动经费 3,990.40 + 1.00: the same three, against 3,990.4 twice
    (JIANGSU, "收支总表", "单位预留机动经费", "支出用途", 1,
     {"B.uses.js", "B.uses-table.reserve", "B.appropriation.uses-all.reserve"}),
    # 208 社会保障和就业支出 1,890.27 + 1.00: 支出总计 24,169.74 against the three 类
    # 16,593.12 + 1,891.27 + 5,686.35 = 24,170.74, and 财政拨款支出表 208 1,890.27
    (JIANGSU, "收支总表", "社会保障和就业支出", "支出", 1, {"B.expenditure", "B.appropriation.class-all"}),
    # 结转下年资金 blank → 1.00: 支出总计 against 本年支出合计 + 1.00
    (JIANGSU, "收支总表", "结转下年资金", "支出", 1, {"B.expenditure-total.js"}),
    # 财政拨款收支总表 政府性基金预算 blank → 1.00: its 收入总计 against the two budgets,
    # and 收支总表's 政府性基金预算 (blank)
    (JIANGSU, "财政拨款收支总表", "政府性基金预算", "收入", 1,
     {"B.appropriation.income.js", "B.appropriation-funds.fund.js"}),
    # 财政拨款收支总表 项目支出 4,335.30 + 1.00: 支出总计 24,169.74 against 15,844.04 +
    # 4,336.30 + 3,990.40 = 24,170.74, and 收支总表's 项目支出 4,335.30
    (JIANGSU, "财政拨款收支总表", "项目支出", "支出", 1,
     {"B.appropriation.uses.js", "B.appropriation.uses-all.projects"}),
    # 基本支出 15,844.04 + 1.00: the uses as above, and 财政拨款基本支出表 合计 15,844.04
    (JIANGSU, "财政拨款收支总表", "基本支出", "支出", 1,
     {"B.appropriation.uses.js", "B.appropriation.basic-table", "B.appropriation.uses-all.basic"}),
    # 政府采购 专用设备购置 63.00 + 1.00: 货物A 303.40 against 9.00 + 131.40 + 100.00 + 64.00,
    # and 64.00 against its one item 其他专用设备 63.00
    (JIANGSU, "政府采购支出表", "专用设备购置", "", 1, {"B.procurement"}),
    # 收入总表's one line 24,169.74 + 1.00: its 小计 24,169.74 against 24,170.74 + 专项收入
    # (blank); 收入总计 reads the 小计 rows only, which are unchanged
    (JIANGSU, "收入总表", "一般公共预算资金·公共财政拨款(补助)资金", "", 1, {"B.income-subtotals.js"}),
    # its 小计 + 1.00: against its line (24,169.74), and 收入总计 24,169.74 against the 小计 rows
    # 24,170.74 + blanks
    (JIANGSU, "收入总表", "小计", "", 1, {"B.income-subtotals.js"}),
]


@pytest.mark.parametrize(("path", "table", "name", "section", "change", "rules"), CASES,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_a_changed_line_fails_its_rule_only(path: Path, table: str, name: str, section: str,
                                            change: int, rules: set[str]) -> None:
    assert _violated(path, table, name, section, Decimal(change)) == rules


def _pdf_lines_changed(path: Path, old: str, new: str, page: int,
                       prose: bool = False, line: int | None = None) -> list[str]:
    """The likely culprits once one printed cell of a page (and line) of the PDF reads
    ``new``."""
    from gfs_ledger.report import report_of_lines
    from gfs_ledger.sources.pdf import read_pdf_lines

    lines = list(read_pdf_lines(path))
    at = [(i, k) for i, row in enumerate(lines) if row.page == page and line in (None, row.number)
          for k, cell in enumerate(row.cells) if cell.text == old]
    assert len(at) == 1, at
    i, k = at[0]
    cells = list(lines[i].cells)
    cells[k] = attrs.evolve(cells[k], text=new)
    lines[i] = attrs.evolve(lines[i], cells=tuple(cells))
    audit = report_of_lines(lines, str(path)).audit(prose=prose)
    return [d.message for d in audit.diagnostics if d.kind == "likely_culprit"]


def test_a_leaf_of_the_appropriations_is_named_by_the_general_budget_table() -> None:
    # 财政拨款支出表 2040499 其他检察支出 469.50 printed 496.50: 20404 (16,593.12) reads
    # 27.00 less than its 项, and 一般公共预算支出表 prints 469.50 for 2040499 (no
    # 政府性基金 appropriation: the tables are equal code by code); the one cell both read
    # is 2040499, and 496.50 is 469.50 with two digits swapped
    assert _pdf_lines_changed(JIANGSU, "469.50", "496.50", 16) == [
        "likely culprit: 财政拨款支出表 page 16, line 22, 2040499·金额 prints 496.50 where "
        "469.50 would satisfy the 2 violated identities that read it (hierarchy 20404, "
        "B.appropriation.general)"]


def test_a_cell_that_an_identity_holding_reads_is_not_the_culprit() -> None:
    # 机关运行经费支出表 合计 printed 2,392.92 for 2,391.92: its one 类 302 prints 2,391.92,
    # and 合计 or 302 one digit off explains the hierarchy alike; but 302 is the sum of its
    # 15 leaves (2,391.92, which holds), so 302 was printed as meant and 合计 is named
    assert _pdf_lines_changed(JIANGSU, "2,391.92", "2,392.92", 21, line=5) == [
        "likely culprit: 机关运行经费支出表, 合计·金额 prints 2,392.92 where 2,391.92 would "
        "satisfy the violated identity that reads it (hierarchy 合计)"]
    # the prose restates the 合计 as 2391.92万元 (page 31): one more identity reading it
    assert _pdf_lines_changed(JIANGSU, "2,391.92", "2,392.92", 21, prose=True, line=5) == [
        "likely culprit: 机关运行经费支出表, 合计·金额 prints 2,392.92 where 2,391.92 would "
        "satisfy the 2 violated identities that read it (hierarchy 合计, narrative.amount)"]


def test_three_public_subtotals_that_hold_clear_their_cells() -> None:
    # 三公经费支出表 公务接待费 101.26 printed 011.26 (two digits swapped): 三公经费小计 418.26
    # against 80 + 237 + 11.26 = 328.26 is 90.00 short, which 公务用车小计 237 → 327 (a
    # swap) explains as surely; but 237 = 购置费 (blank) + 运行维护费 237 holds, so
    # 公务接待费 is named
    assert _pdf_lines_changed(JIANGSU, "101.26", "011.26", 20) == [
        "likely culprit: 三公经费支出表 page 20, line 10, 预算数·公务接待费 prints 11.26 where "
        "101.26 would satisfy the violated identity that reads it (B.three-public.subtotal)"]


def test_the_prose_of_the_three_public_expenses_names_their_cell() -> None:
    # 三公经费支出表 会议费 printed 159.44 for 158.44: 总计 1,276.7 against 418.26 + 159.44 +
    # 700 = 1,277.70 (allowed ±0.56: 700 and 1,276.7 print to 1 and 0.1); 总计, 三公经费小计
    # or 会议费 one digit off explain it alike (三公经费小计's own sum of integers allows
    # ±1.01, so it does not clear it); the prose says 会议费 158.44万元, so 会议费 is the one
    # cell both violations read
    assert _pdf_lines_changed(JIANGSU, "158.44", "159.44", 20) == []
    assert _pdf_lines_changed(JIANGSU, "158.44", "159.44", 20, prose=True) == [
        "likely culprit: 三公经费支出表 page 20, line 10, 预算数·会议费 prints 159.44 where 158.44 "
        "would satisfy the 2 violated identities that read it (B.three-public.total, "
        "narrative.amount)"]


def test_a_converted_table_is_read_by_the_prose_in_the_report_s_unit() -> None:
    # 万里's 三公经费支出表 prints 万元 (the report 元): 公务接待费 printed 2.35 for 1.35 makes
    # 合计 229,100 against 0 + 215,600 + 23,500 = 239,100 元, which 合计 or 公务接待费 one
    # digit off explains alike; the prose says 公务接待费1.35万元 = 13,500元, so it is named
    assert _pdf_lines_changed(WANLI, "1.35", "2.35", 28) == []
    assert _pdf_lines_changed(WANLI, "1.35", "2.35", 28, prose=True) == [
        "likely culprit: 三公经费支出表 page 28, line 8, 预算数·公务接待费 prints 23,500 where "
        "13,500 would satisfy the 2 violated identities that read it (B.three-public, "
        "narrative.amount)"]
