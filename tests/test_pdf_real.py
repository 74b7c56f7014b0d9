"""The four real PDFs of tests/data/real (copies of shared/samples/real): what is read
from each, table by table, and what the audit finds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gfs_ledger import Outcome, read_report
from gfs_ledger.rules.catalog import CATALOGS
from gfs_ledger.tables.model import Status

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")

REAL = Path(__file__).parent / "data" / "real"
SHANGHAI = REAL / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"
TEMPLATE = REAL / "shanghai-final-accounts-template-2024.pdf"
WANLI = REAL / "shanghai-putuo-wanli-subdistrict-2023-budget.pdf"
JIANGSU = REAL / "jiangsu-procuratorate-2019-budget.pdf"

_cache: dict[Path, object] = {}


def report(path: Path):  # type: ignore[no-untyped-def]
    if path not in _cache:
        _cache[path] = read_report(path)
    return _cache[path]


def shape_of(path: Path) -> dict[str, tuple[str, str, int, int]]:
    """Each table: its status, unit, accounts read and labelled rows read."""
    return {k: (t.status.value, t.unit.value, 0 if t.ledger is None else len(t.ledger),
                len(t.items)) for k, t in report(path).tables.items()}


def test_shanghai_final_accounts_tables():
    r = report(SHANGHAI)
    assert (r.department, r.year, r.kind, r.unit.value, r.layout) == (
        "中共上海市普陀区委社会工作部", 2024, "决算", "万元", "shanghai-final-accounts")
    assert shape_of(SHANGHAI) == {
        "公开01表": ("read", "万元", 0, 42),  # 8 income + 26 类 + 3×2 closing rows
        "公开02表": ("read", "万元", 17, 0),
        "公开03表": ("read", "万元", 17, 0),
        "公开04表": ("read", "万元", 0, 38),
        "公开05表": ("read", "万元", 17, 0),
        "公开06表": ("read", "万元", 65, 2),  # two panels; 人员经费合计 and 公用经费合计
        "公开09表": ("empty", "万元", 0, 0),
        "公开07表": ("empty", "万元", 0, 0),
        "公开08表": ("empty", "万元", 0, 0),
    }
    tables = r.tables
    # Names wrapped over two lines are joined; the figures stand in their columns.
    t03 = tables["公开03表"].ledger
    assert t03["2080505"].name == "机关事业单位基本养老保险缴费支出"
    assert t03.value("2013999", "项目支出") == Decimal("202.24")
    assert t03.value("2013999", "基本支出") is None
    t06 = tables["公开06表"]
    assert t06.ledger["30108"].name == "机关事业单位基本养老保险缴费"
    assert t06.ledger.value("30299", "决算数") == Decimal("0.20")
    assert t06.value("公用经费合计") == Decimal("10.23")
    assert tables["公开04表"].classes["221"]["一般公共预算财政拨款"] == Decimal("29.42")
    assert tables["收入支出决算总表"].value("总计", section="支出") == Decimal("307.82")
    assert r.diagnostics == ()


def test_shanghai_final_accounts_audit():
    audit = report(SHANGHAI).audit()
    assert {s.rule: (s.checks, s.exact, s.rounding, s.violated) for s in audit.summary()} == {
        "hierarchy": (148, 63, 1, 0), "row": (54, 54, 0, 0), "cross": (148, 129, 1, 0),  # with the 20 rules of issue 10: 8 exact, 12 blank
        # 绩效自评 of 1 project graded 优 (1 + 0 + 0 + 0 = 1), its average 100.00 within 优.
        "appraisal": (2, 2, 0, 0),
        # the prose (tests/test_narrative_items.py): 占9.55% for 29.42 / 307.82 = 9.5575%
        "narrative": (126, 86, 1, 1)}
    first, second = [f for f in audit.rounding if f.rule != "narrative"]
    # 302 prints 10.23; its children 3.78 + 1.15 + 0.02 + 0.68 + 0.48 + 1.48 + 2.43
    # + 0.20 (and zeros) sum to 10.22: a 尾数误差 of 0.01, on page 13, line 6.
    assert (str(first.code), first.reported, first.computed, first.page, first.line) == (
        "302", Decimal("10.23"), Decimal("10.22"), 13, 6)
    # 05's 基本支出 105.58 against 06's 人员经费 95.36 + 公用经费 10.23 = 105.59.
    assert (second.rule_id, second.reported, second.computed) == (
        "05-06.basic", Decimal("105.58"), Decimal("105.59"))
    assert [f.rule_id for f in audit.violations] == ["narrative.share"]


def test_shanghai_template_is_every_table_empty():
    r = report(TEMPLATE)
    assert (r.department, r.year, r.kind) == ("上海市XX局", 2024, "决算")
    assert sorted(r.tables) == [f"公开{n:02d}表" for n in range(1, 10)]
    assert all(t.status is Status.EMPTY for t in r.tables.values())
    audit = r.audit()
    # Nothing is printed, so every check of the tables has nothing to compare.
    tables = [f for f in audit.findings if f.rule != "narrative"]
    assert audit.count(Outcome.NOT_APPLICABLE) == len(tables) == 130
    # The prose is the template's: its XX, XXX万元 and XX% are placeholders left in it.
    violated = {f.rule_id for f in audit.violations}
    assert violated == {"narrative.placeholder"} and len(audit.violations) == 172


def test_shanghai_budget_tables():
    r = report(WANLI)
    assert (r.department, r.year, r.kind, r.unit.value, r.layout) == (
        "上海市普陀区人民政府万里街道办事处", 2023, "预算", "元", "shanghai-budget")
    assert shape_of(WANLI) == {
        "收支总表": ("read", "元", 0, 17),
        "收入总表": ("read", "元", 66, 0),
        "支出总表": ("read", "元", 66, 0),
        "财政拨款收支总表": ("read", "元", 0, 13),
        "一般公共预算支出表": ("read", "元", 66, 0),
        "政府性基金预算支出表": ("empty", "元", 0, 0),
        "国有资本经营预算支出表": ("empty", "元", 0, 0),
        "一般公共预算基本支出表": ("read", "元", 30, 0),
        "三公经费支出表": ("read", "万元", 0, 1),  # the one table in 万元
    }
    tables = r.tables
    assert tables["收入总表"].ledger.value("2080505", "合计") == Decimal("4412547")
    assert tables["收入总表"].ledger.unit.value == "元"
    three = tables["三公经费支出表"].items[0]
    assert (three["合计"], three["公务接待费"], three["机关运行经费"]) == (
        Decimal("22.91"), Decimal("1.35"), Decimal("786.09"))
    # A label wrapped round its figures (四、文化旅游体育与传媒 / 200,000 / 支出).
    assert tables["财政拨款收支总表"].classes["207"]["一般公共预算"] == Decimal("200000")
    assert r.diagnostics == ()


def test_shanghai_budget_audit():
    audit = report(WANLI).audit()
    assert {s.rule: (s.checks, s.exact, s.rounding, s.violated) for s in audit.summary()} == {
        "hierarchy": (381, 273, 0, 0), "row": (234, 232, 0, 0), "cross": (66, 37, 0, 0),  # 3 of issue 10's first 15 budget rules exact, 12 not this layout; then B.appropriation-funds.general.sh exact, the other 11 blank or not this layout
        "appraisal": (13, 11, 0, 2),
        # the prose: item 3's rate and item 16's 预算安排 (tests/test_narrative_items.py);
        # 因公出国（境）费 0, 公务用车购置费 0 and 公务接待费 1.35万元 = the 三公 table's 0, 0
        # and 13,500元: exact
        "narrative": (437, 361, 30, 4)}
    # Two real defects of the published document, in its 绩效目标 forms (pages 31-35):
    first, second = [f for f in audit.violations if f.rule != "narrative"]
    # page 35: 年度资金申请总额 10,903,043.00 元, but 当年财政拨款 11,419,043.00 + 上年结转
    # 0.00 + 其他资金 0.00 = 11,419,043.00, 516,000 元 more than the total.
    assert (first.reported, first.computed) == (Decimal("10903043.00"), Decimal("11419043.00"))
    # the prose states 5 projects with 3328.13万元, but their forms' 年度资金申请总额 add up
    # to 4,100,000 + 6,351,000 + 4,563,800 + 7,595,500 + 10,903,043 = 33,513,343 元
    # = 3351.3343万元.
    assert (second.reported, second.computed) == (Decimal("3328.13"), Decimal("3351.3343"))
    assert "三公经费支出表" in [d.table for d in audit.diagnostics if d.kind == "unit_converted"]
    basic = next(f for f in audit.findings if f.rule_id == "B.basic")
    # 一般公共预算支出表 基本支出 99,406,297 = 基本支出表 合计 99,406,297 (元, exact).
    assert (basic.outcome, basic.reported) == (Outcome.EXACT, Decimal("99406297"))
    # The 三公 table prints 万元 and is converted exactly to 元 for the rules across
    # tables, keeping its step (22.91万元 = 2.291E+5 元, to the 100 元); its findings
    # print the figures in full: 0 + 215,600 + 13,500 = 229,100.
    three = next(f for f in audit.findings if f.rule_id == "B.three-public")
    assert three.reported == Decimal("2.291E+5") and str(three.reported) == "2.291E+5"
    assert three.message.endswith(
        "预算数·合计 229,100 = 因公出国（境）费 + 公务用车购置及运行维护费小计 + 公务接待费 "
        "0 + 215,600 + 13,500 = 229,100")


def test_jiangsu_budget_tables():
    r = report(JIANGSU)
    assert (r.department, r.year, r.kind, r.unit.value, r.layout) == (
        "江苏省人民检察院", 2019, "预算", "万元", "jiangsu-budget")
    assert shape_of(JIANGSU) == {
        "收支总表": ("read", "万元", 0, 35),
        "收入总表": ("read", "万元", 0, 16),
        "支出总表": ("read", "万元", 0, 0),  # its 合计 row alone
        "财政拨款收支总表": ("read", "万元", 0, 7),
        "财政拨款支出表": ("read", "万元", 16, 0),
        "财政拨款基本支出表": ("read", "万元", 30, 0),
        "一般公共预算支出表": ("read", "万元", 16, 0),
        "一般公共预算基本支出表": ("read", "万元", 30, 0),
        "三公经费支出表": ("read", "万元", 0, 1),
        "政府性基金预算支出表": ("empty", "万元", 0, 0),
        "机关运行经费支出表": ("read", "万元", 16, 0),
        "政府采购支出表": ("read", "万元", 0, 49),
    }
    tables = r.tables
    assert [tables[f"公开{n:02d}表"].id for n in (3, 5, 12)] == [
        "支出总表", "财政拨款支出表", "政府采购支出表"]
    assert tables["支出总表"].ledger.total[:4] == (
        Decimal("24169.74"), Decimal("15844.04"), Decimal("4335.30"), Decimal("3990.4"))
    summary = tables["收支总表"]
    # The three blocks: income, expenditure by function, expenditure by use; the
    # closing rows print their label under one block and their figure under the next.
    assert summary.value("支出总计", section="支出") == Decimal("24169.74")
    assert summary.value("基本支出", section="支出用途") == Decimal("15844.04")
    assert summary.value("2.政府性基金预算", section="收入") is None
    three = tables["三公经费支出表"].items[0]
    assert (three["总计"], three["三公经费小计"], three["公务用车购置费"]) == (
        Decimal("1276.7"), Decimal("418.26"), None)
    assert r.diagnostics == ()


def test_jiangsu_budget_audit():
    audit = report(JIANGSU).audit()
    assert {s.rule: (s.checks, s.exact, s.rounding, s.violated) for s in audit.summary()} == {
        "hierarchy": (25, 24, 0, 0), "row": (1, 1, 0, 0), "cross": (139, 126, 0, 0),  # 6 of issue 10's first 9 budget rules exact, 3 not this layout;
        # then 财政拨款收支总表's uses and 基本支出 (1 + 1), the appropriation tables against the
        # general-budget tables per code (17 + 31 rows with their 合计), 政府采购 (17 sums) and
        # 收入总表's 收入总计 and first 小计 (2; its other 小计 print blank); then the uses
        # against 支出总表 (3) and against 财政拨款收支总表 (3), the three 类 against
        # 财政拨款支出表 (3) and 一般公共预算 in both summaries (1); 政府性基金预算 blank in both,
        # and the three Shanghai wordings not this layout (4 not applicable)
        # the prose: five rates and two names (tests/test_narrative_items.py); the 三公
        # expenses restated (80, 237, 101.26 twice each, 237 of 运行维护, 158.44 of 会议费,
        # 700 of 培训费), their shares of the 三公经费小计 418.26 (19.1%, 56.7%, 24.2%), and
        # 政府采购 2,744.84 and its 货物 303.40: 15 more exact
        "narrative": (129, 83, 2, 7)}
    by_rule = {f.rule_id: f for f in audit.findings if f.rule == "cross"}
    # 合计 1,276.7 = 三公 418.26 + 会议费 158.44 + 培训费 700 = 1,276.70, and
    # 三公 418.26 = 出国 80 + 公务用车 237 + 接待 101.26.
    assert by_rule["B.three-public.total"].outcome is Outcome.EXACT
    assert by_rule["B.three-public.subtotal"].outcome is Outcome.EXACT
    # 支出总计 24,169.74 = 204 16,593.12 + 208 1,890.27 + 221 5,686.35.
    assert by_rule["B.expenditure"].computed == Decimal("24169.74")


@pytest.mark.parametrize("path", [SHANGHAI, TEMPLATE, WANLI, JIANGSU], ids=lambda p: p.stem)
def test_every_rule_of_the_catalog_is_evaluated_or_says_why_not(path: Path):
    r = report(path)
    findings = [f for f in r.audit().findings if f.rule == "cross"]
    catalog = CATALOGS[r.kind]
    assert {f.rule_id for f in findings} == {rule.id for rule in catalog}
    for f in findings:
        if f.outcome is Outcome.NOT_APPLICABLE:
            assert "not applicable — " in f.message


def test_rules_missing_from_a_layout_say_so():
    findings = {f.rule_id: f for f in report(SHANGHAI).audit().findings if f.rule == "cross"}
    assert findings["10.procurement"].message.endswith(
        "not applicable — the shanghai-final-accounts layout has no 公开10表")
    jiangsu = {f.rule_id: f for f in report(JIANGSU).audit().findings if f.rule == "cross"}
    assert jiangsu["B.basic"].message.endswith(
        "not applicable — 一般公共预算支出表 has no column '基本支出'")
