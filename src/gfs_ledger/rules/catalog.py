"""The rules across tables, as data: each with a stable id, a Chinese and an English
description, and the figures it compares.

>>> rule = CATALOG_BY_ID["05-06.basic"]
>>> rule.zh
'公开05表 基本支出合计 = 公开06表 人员经费合计 + 公用经费合计'
>>> rule.figures()
'公开05表 合计·基本支出 = 公开06表 人员经费合计·决算数 + 公开06表 公用经费合计·决算数'
"""

from __future__ import annotations

from types import MappingProxyType

import attrs

TOTAL = "合计"
"""The key of a ledger's 合计 row in a ``Ref``."""


@attrs.frozen(slots=True, cache_hash=True)
class Ref:
    """One printed figure: a row of a table (an item name, an account code, or
    ``合计`` for a ledger's total row) in a column, optionally within a section."""

    table: str
    key: str
    column: str
    section: str | None = None

    def describe(self) -> str:
        """``公开01表 收入·本年收入合计`` and the like."""
        where = f"{self.section}·" if self.section else ""
        return f"{self.table} {where}{self.key}·{self.column}"


@attrs.frozen(slots=True, cache_hash=True)
class Classes:
    """Every 类 of a table in a column (the 类 accounts of a ledger, or the
    expenditure rows carrying a 类 code), except some codes."""

    table: str
    column: str
    exclude: tuple[str, ...] = ()

    def describe(self) -> str:
        """``公开06表 其他各类·决算数``."""
        but = f" except {'/'.join(self.exclude)}" if self.exclude else ""
        return f"{self.table} every 类{but}·{self.column}"


Part = Ref | Classes


@attrs.frozen(slots=True)
class Sum:
    """``total`` = Σ ``parts`` (or ≤ with ``at_most``): one comparison.

    ``counts`` marks figures that are counts (vehicles), compared exactly.
    ``defines`` is false for an equality of the same figure printed in two tables:
    the part is then not taken as what the total is made of (a printed total that
    contradicts it is not replaced by it when the total is a part of another rule).
    ``when`` lists figures that must all be blank or zero for the rule to apply.
    """

    id: str
    zh: str
    en: str
    total: Ref
    parts: tuple[Part, ...]
    counts: bool = False
    defines: bool = True
    when: tuple[Ref, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the rule reads."""
        return tuple(dict.fromkeys([self.total.table, *(p.table for p in self.parts),
                                    *(r.table for r in self.when)]))

    def figures(self) -> str:
        """The figures compared, as text."""
        return (f"{self.total.describe()} = {' + '.join(p.describe() for p in self.parts)}"
                + _condition(self.when))


def _condition(when: tuple[Ref, ...]) -> str:
    return f" when blank or zero: {', '.join(r.describe() for r in when)}" if when else ""


@attrs.frozen(slots=True)
class PerCode:
    """For every code (and the 合计 row) of two ledgers, each pair of columns agree
    (``=``) or the left never exceeds the right (``≤``). ``when`` lists figures
    that must all be blank or zero for the rule to apply."""

    id: str
    zh: str
    en: str
    left: str
    right: str
    columns: tuple[tuple[str, str], ...]
    relation: str = "="
    when: tuple[Ref, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the rule reads."""
        return (self.left, self.right, *dict.fromkeys(r.table for r in self.when))

    def figures(self) -> str:
        """The figures compared, as text."""
        pairs = ", ".join(f"{a} {self.relation} {b}" for a, b in self.columns)
        return f"each code of {self.left} against {self.right}: {pairs}{_condition(self.when)}"


@attrs.frozen(slots=True)
class PerClass:
    """Each 类 row of a summary table's expenditure side equals that 类 of a ledger
    (``when``: figures that must all be blank or zero for the rule to apply)."""

    id: str
    zh: str
    en: str
    summary: str
    summary_column: str
    ledger: str
    ledger_column: str
    when: tuple[Ref, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the rule reads."""
        return (self.summary, self.ledger, *dict.fromkeys(r.table for r in self.when))

    def figures(self) -> str:
        """The figures compared, as text."""
        return (f"each 类 of {self.summary} 支出·{self.summary_column} = "
                f"{self.ledger} 类·{self.ledger_column}{_condition(self.when)}")


@attrs.frozen(slots=True)
class PerItem:
    """Within every row of a table (of one section, if given): total = Σ parts."""

    id: str
    zh: str
    en: str
    table: str
    total: str
    parts: tuple[str, ...]
    section: str | None = None

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the rule reads."""
        return (self.table,)

    def figures(self) -> str:
        """The figures compared, as text."""
        where = f" {self.section}" if self.section else ""
        return f"each row of {self.table}{where}: {self.total} = {' + '.join(self.parts)}"


@attrs.frozen(slots=True)
class Outline:
    """A list whose rows nest by their labels, in order: the ``total`` row is the sum of
    the head rows (labels matching ``heads``: 一、货物 …), each head the sum of the groups
    under it, and each group the sum of its leaves, the rows whose label ends with one of
    ``leaves`` (a 政府采购 item and the way it is bought; ``("",)``: every other row).
    Rows whose label starts with ``skip`` (其中 …) are parts of the row above, not of the
    outline."""

    id: str
    zh: str
    en: str
    table: str
    column: str
    leaves: tuple[str, ...]
    heads: str = r"^[一二三四五六七八九十]+、"
    total: tuple[str, ...] = ("合计", "总计")
    skip: tuple[str, ...] = ()

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables the rule reads."""
        return (self.table,)

    def figures(self) -> str:
        """The figures compared, as text."""
        return (f"{self.table}·{self.column}: 合计 = Σ numbered rows; each = Σ its groups; "
                f"each group = Σ its rows ending {'/'.join(self.leaves)}")


Rule = Sum | PerCode | PerClass | PerItem | Outline

_T1, _T2, _T3, _T4, _T5, _T6, _T7, _T8, _T9, _T10 = (f"公开{n:02d}表" for n in range(1, 11))
_IN, _OUT = "收入", "支出"
_GENERAL_ONLY = tuple(
    [Ref(_T1, name, "金额", _IN) for name in (
        "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入",
        "经营收入", "附属单位上缴收入", "其他收入", "使用非财政拨款结余和专用结余",
        "年初结转和结余")]
    + [Ref(_T1, name, "金额", _OUT) for name in ("结余分配", "年末结转和结余")]
)
_VEHICLES = ("副部(省)级及以上领导用车", "主要负责人用车", "机要通信用车", "应急保障用车",
             "执法执勤用车", "特种专业技术用车", "离退休干部服务用车", "其他用车")
_3P = "国有资产占用情况"
_FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
_T4_COLUMNS = ("合计", *_FUNDS)

CATALOG: tuple[Rule, ...] = (
    Sum("01.balance", "公开01表 收入总计 = 支出总计", "01: total income equals total expenditure",
        Ref(_T1, "总计", "金额", _IN), (Ref(_T1, "总计", "金额", _OUT),)),
    Sum("01.income_total", "公开01表 收入总计 = 本年收入合计 + 使用非财政拨款结余和专用结余 + 年初结转和结余",
        "01: total income is this year's income plus balances used and brought forward",
        Ref(_T1, "总计", "金额", _IN),
        tuple(Ref(_T1, n, "金额", _IN) for n in
              ("本年收入合计", "使用非财政拨款结余和专用结余", "年初结转和结余"))),
    Sum("01.expenditure_total", "公开01表 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
        "01: total expenditure is this year's expenditure plus balances distributed and carried over",
        Ref(_T1, "总计", "金额", _OUT),
        tuple(Ref(_T1, n, "金额", _OUT) for n in ("本年支出合计", "结余分配", "年末结转和结余"))),
    Sum("01.income", "公开01表 本年收入合计 = 各项收入之和", "01: this year's income is the sum of its items",
        Ref(_T1, "本年收入合计", "金额", _IN),
        tuple(Ref(_T1, n, "金额", _IN) for n in (
            "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入",
            "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))),
    Sum("01.expenditure", "公开01表 本年支出合计 = 各类支出之和",
        "01: this year's expenditure is the sum of its 类",
        Ref(_T1, "本年支出合计", "金额", _OUT), (Classes(_T1, "金额"),)),
    Sum("01-02.income", "公开01表 本年收入合计 = 公开02表 合计", "01's income total equals 02's total",
        Ref(_T1, "本年收入合计", "金额", _IN), (Ref(_T2, TOTAL, "本年收入合计"),)),
    Sum("02-04.appropriation", "公开02表 合计·财政拨款收入 = 公开04表 本年收入合计",
        "02's appropriation income equals 04's income of the year",
        Ref(_T2, TOTAL, "财政拨款收入"), (Ref(_T4, "本年收入合计", "金额", _IN),), defines=False),
    *(Sum(f"01-02.source.{n}", f"公开02表 合计·{source} = 公开01表 {source}",
          f"02's total of {source} equals 01's line", Ref(_T2, TOTAL, source),
          (Ref(_T1, source, "金额", _IN),), defines=False)
      for n, source in enumerate(("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"))),
    Sum("01-03.expenditure", "公开01表 本年支出合计 = 公开03表 合计",
        "01's expenditure total equals 03's total",
        Ref(_T1, "本年支出合计", "金额", _OUT), (Ref(_T3, TOTAL, "本年支出合计"),)),
    PerClass("01-03.class", "公开01表 各类支出 = 公开03表 同类", "each 类 of 01 equals that 类 in 03",
             _T1, "金额", _T3, "本年支出合计"),
    PerCode("05-03.at_most", "公开05表 不超过 公开03表（逐科目、逐栏）",
            "05 (general-budget part) never exceeds 03, code by code and column by column",
            _T5, _T3, (("小计", "本年支出合计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")),
            relation="≤"),
    PerCode("02-03.agree", "收入全部为一般公共预算财政拨款且无结转结余时，公开02表 本年收入合计 = 公开03表 本年支出合计（逐科目）",
            "with only general-budget income and no balances, 02 income equals 03 expenditure per code",
            _T2, _T3, (("本年收入合计", "本年支出合计"),), when=_GENERAL_ONLY),
    PerCode("03-05.agree", "收入全部为一般公共预算财政拨款且无结转结余时，公开03表 = 公开05表（逐科目、逐栏）",
            "with only general-budget income and no balances, 03 equals 05 per code and column",
            _T3, _T5, (("本年支出合计", "小计"), ("基本支出", "基本支出"), ("项目支出", "项目支出")),
            when=_GENERAL_ONLY),
    Sum("04.balance", "公开04表 收入总计 = 支出总计", "04: total income equals total expenditure",
        Ref(_T4, "总计", "金额", _IN), (Ref(_T4, "总计", "合计", _OUT),)),
    PerItem("04.funds", "公开04表 支出各行 合计 = 三类财政拨款之和",
            "04: each expenditure row's total is the sum of its three funds", _T4, "合计",
            ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"), _OUT),
    PerClass("04-05.class", "公开04表 一般公共预算财政拨款 各类 = 公开05表 同类",
             "04's general-budget column per 类 equals 05", _T4, "一般公共预算财政拨款", _T5, "小计"),
    PerClass("04-07.class", "公开04表 政府性基金预算财政拨款 各类 = 公开07表 同类",
             "04's government-fund column per 类 equals 07", _T4, "政府性基金预算财政拨款", _T7, "小计"),
    PerClass("04-08.class", "公开04表 国有资本经营预算财政拨款 各类 = 公开08表 同类",
             "04's state-capital column per 类 equals 08", _T4, "国有资本经营预算财政拨款", _T8, "合计"),
    Sum("04-05.total", "公开04表 本年支出合计（一般公共预算）= 公开05表 合计",
        "04's general-budget expenditure total equals 05's total",
        Ref(_T4, "本年支出合计", "一般公共预算财政拨款", _OUT), (Ref(_T5, TOTAL, "小计"),)),
    Sum("04.income", "公开04表 本年收入合计 = 三类财政拨款收入之和",
        "04: this year's income is the sum of its three appropriations",
        Ref(_T4, "本年收入合计", "金额", _IN), tuple(Ref(_T4, n, "金额", _IN) for n in _FUNDS)),
    Sum("04.income_total", "公开04表 收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
        "04: total income is this year's income plus the balances brought forward",
        Ref(_T4, "总计", "金额", _IN),
        (Ref(_T4, "本年收入合计", "金额", _IN), Ref(_T4, "年初财政拨款结转和结余", "金额", _IN))),
    *(Sum(f"04.expenditure.{n}", f"公开04表 本年支出合计 = 各类支出之和（{column}）",
          f"04: this year's expenditure is the sum of its 类 (column {column})",
          Ref(_T4, "本年支出合计", column, _OUT), (Classes(_T4, column),))
      for n, column in enumerate(_T4_COLUMNS)),
    *(Sum(f"04.expenditure_total.{n}",
          f"公开04表 支出总计 = 本年支出合计 + 年末财政拨款结转和结余（{column}）",
          f"04: total expenditure is this year's plus the balances carried over (column {column})",
          Ref(_T4, "总计", column, _OUT),
          (Ref(_T4, "本年支出合计", column, _OUT), Ref(_T4, "年末财政拨款结转和结余", column, _OUT)))
      for n, column in enumerate(_T4_COLUMNS)),
    *(Sum(f"01-04.income.{n}", f"公开04表 {fund}收入 = 公开01表 {fund}收入",
          f"04's income line {fund} equals the same line of 01",
          Ref(_T4, fund, "金额", _IN), (Ref(_T1, f"{fund}收入", "金额", _IN),), defines=False)
      for n, fund in enumerate(_FUNDS)),
    Sum("04-07.income", "公开04表 政府性基金预算财政拨款收入 = 公开07表 合计·本年收入",
        "04's government-fund income equals 07's income total",
        Ref(_T4, "政府性基金预算财政拨款", "金额", _IN), (Ref(_T7, TOTAL, "本年收入"),), defines=False),
    Sum("05-06.basic", "公开05表 基本支出合计 = 公开06表 人员经费合计 + 公用经费合计",
        "05's basic expenditure equals 06's personnel plus public expenses",
        Ref(_T5, TOTAL, "基本支出"),
        (Ref(_T6, "人员经费合计", "决算数"), Ref(_T6, "公用经费合计", "决算数"))),
    Sum("06.personnel", "公开06表 人员经费合计 = 301 + 303", "06: personnel expenses are 301 plus 303",
        Ref(_T6, "人员经费合计", "决算数"), (Ref(_T6, "301", "决算数"), Ref(_T6, "303", "决算数"))),
    Sum("06.public", "公开06表 公用经费合计 = 其他各类之和", "06: public expenses are every other 类",
        Ref(_T6, "公用经费合计", "决算数"), (Classes(_T6, "决算数", ("301", "303")),)),
    PerItem("09.total", "公开09表 合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
            "09: the total is travel abroad plus vehicles plus reception", _T9, "合计",
            ("因公出国（境）费", "公务用车购置及运行维护费小计", "公务接待费")),
    PerItem("09.vehicles", "公开09表 公务用车小计 = 购置费 + 运行维护费",
            "09: vehicles are purchase plus running costs", _T9, "公务用车购置及运行维护费小计",
            ("公务用车购置费", "公务用车运行维护费")),
    Sum("10.procurement", "公开10表 政府采购合计 = 货物 + 工程 + 服务",
        "10: procurement is goods plus works plus services",
        Ref(_T10, "合计", "统计数", "政府采购情况"),
        tuple(Ref(_T10, n, "统计数", "政府采购情况") for n in ("货物", "工程", "服务"))),
    Sum("10.vehicles", "公开10表 车辆数合计 = 各类用车之和", "10: the vehicle count is the sum of its kinds",
        Ref(_T10, "车辆数合计(辆)", "统计数", _3P),
        tuple(Ref(_T10, n, "统计数", _3P) for n in _VEHICLES), counts=True),
)
"""Every rule across (or within) the tables of a 部门决算公开."""

_S, _IN_T, _OUT_T, _AP = "收支总表", "收入总表", "支出总表", "财政拨款收支总表"
_GEN, _GEN_BASIC, _3 = "一般公共预算支出表", "一般公共预算基本支出表", "三公经费支出表"
_AP_OUT, _AP_BASIC, _RUN = "财政拨款支出表", "财政拨款基本支出表", "机关运行经费支出表"

# The income and use lines of the budget summaries, in each layout's own words (issue 10):
# (id, table, total line, its lines, the total's side, the lines' side). A rule whose rows
# a layout does not print says so (not applicable).
_SUMMARY_LINES: tuple[tuple[str, str, str, tuple[str, ...], str, str], ...] = (
    ("B.income.sh", _S, "收入总计", ("财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"),
     _IN, _IN),
    ("B.appropriation-income.sh", _S, "财政拨款收入", ("一般公共预算", "政府性基金", "国有资本经营预算"),
     _IN, _IN),
    ("B.appropriation.income.sh", _AP, "收入总计", ("一般公共预算资金", "政府性基金", "国有资本经营预算"),
     _IN, _IN),
    ("B.income.js", _S, "本年收入合计", ("财政拨款", "财政专户管理资金", "其他资金"), _IN, _IN),
    ("B.appropriation-income.js", _S, "财政拨款", ("一般公共预算", "政府性基金预算"), _IN, _IN),
    ("B.income-total.js", _S, "收入总计", ("本年收入合计", "上年结转资金"), _IN, _IN),
    ("B.expenditure-total.js", _S, "支出总计", ("本年支出合计", "结转下年资金"), _OUT, _OUT),
    ("B.uses.js", _S, "本年支出合计", ("基本支出", "项目支出", "单位预留机动经费"), _OUT, "支出用途"),
    ("B.appropriation.income.js", _AP, "收入总计", ("一般公共预算", "政府性基金预算"), _IN, _IN),
    ("B.appropriation.uses.js", _AP, "支出总计", ("基本支出", "项目支出", "单位预留机动经费"),
     _OUT, _OUT),
)


_USES = (("basic", "基本支出", "basic expenditure"), ("projects", "项目支出", "project expenditure"),
         ("reserve", "单位预留机动经费", "reserve"))
# Jiangsu's summary: the income lines other than the year's appropriations
_APPROPRIATIONS_ONLY = tuple(Ref(_S, n, "金额", _IN) for n in ("财政专户管理资金", "其他资金", "上年结转资金"))
# (id, 收支总表's line, 财政拨款收支总表's line), in each layout's words
_FUND_LINES = (("general.js", "一般公共预算", "一般公共预算"),
               ("fund.js", "政府性基金预算", "政府性基金预算"),
               ("general.sh", "一般公共预算", "一般公共预算资金"),
               ("fund.sh", "政府性基金", "政府性基金"),
               ("capital.sh", "国有资本经营预算", "国有资本经营预算"))


def _lines(rule_id: str, table: str, total: str, parts: tuple[str, ...], total_side: str,
           parts_side: str) -> Sum:
    """A summary's line that is the sum of other lines of it (column 金额), in one
    layout's words (``defines=False``: another layout's rule may read the same total)."""
    layout = "Shanghai" if rule_id.endswith(".sh") else "Jiangsu"
    # the appropriations' summary prints its expenditure side in a 合计 column
    column = "合计" if table == _AP and parts_side == _OUT else "金额"
    return Sum(rule_id, f"{table} {total} = {' + '.join(parts)}",
               f"{table} ({layout} budgets): {total} is the sum of its lines",
               Ref(table, total, column, total_side),
               tuple(Ref(table, p, column, parts_side) for p in parts), defines=False)


BUDGET_CATALOG: tuple[Rule, ...] = (
    Sum("B.balance", "收支总表 收入总计 = 支出总计", "budget summary: total income equals total expenditure",
        Ref(_S, "收入总计", "金额", _IN), (Ref(_S, "支出总计", "金额", _OUT),)),
    Sum("B.expenditure", "收支总表 本年支出 = 各类支出之和",
        "budget summary: expenditure is the sum of its 类",
        Ref(_S, "支出总计", "金额", _OUT), (Classes(_S, "金额"),)),
    PerClass("B.class", "收支总表 各类支出 = 支出总表 同类", "each 类 of the summary equals the expenditure table",
             _S, "金额", _OUT_T, "合计"),
    Sum("B.income-table", "收支总表 收入总计 = 收入总表 合计", "the summary's income equals the income table's total",
        Ref(_S, "收入总计", "金额", _IN), (Ref(_IN_T, TOTAL, "合计"),)),
    Sum("B.expenditure-table", "收支总表 支出总计 = 支出总表 合计",
        "the summary's expenditure equals the expenditure table's total",
        Ref(_S, "支出总计", "金额", _OUT), (Ref(_OUT_T, TOTAL, "合计"),)),
    Sum("B.appropriation.balance", "财政拨款收支总表 收入总计 = 支出总计",
        "appropriations: total income equals total expenditure",
        Ref(_AP, "收入总计", "金额", _IN), (Ref(_AP, "支出总计", "合计", _OUT),)),
    PerItem("B.appropriation.funds", "财政拨款收支总表 支出各行 合计 = 三类财政拨款之和",
            "appropriations: each expenditure row's total is the sum of its three funds", _AP, "合计",
            ("一般公共预算", "政府性基金预算", "国有资本经营预算"), _OUT),
    PerClass("B.appropriation.class", "财政拨款收支总表 一般公共预算 各类 = 一般公共预算支出表 同类",
             "appropriations: the general budget per 类 equals the general-budget table",
             _AP, "一般公共预算", _GEN, "合计"),
    Sum("B.basic", "一般公共预算支出表 基本支出合计 = 一般公共预算基本支出表 合计",
        "the general budget's basic expenditure equals the basic-expenditure table's total",
        Ref(_GEN, TOTAL, "基本支出"), (Ref(_GEN_BASIC, TOTAL, "合计"),)),
    Sum("B.appropriation-basic", "财政拨款基本支出表 合计 = 收支总表 基本支出",
        "the appropriations' basic expenditure equals the summary's basic expenditure",
        Ref(_AP_BASIC, TOTAL, "金额"), (Ref(_S, "基本支出", "金额", "支出用途"),), defines=False),
    Sum("B.appropriation.basic-table", "财政拨款收支总表 基本支出 = 财政拨款基本支出表 合计",
        "the appropriations' summary's basic expenditure equals the basic-expenditure table's total",
        Ref(_AP, "基本支出", "合计", _OUT), (Ref(_AP_BASIC, TOTAL, "金额"),), defines=False),
    Sum("B.appropriation-expenditure", "财政拨款支出表 合计 = 财政拨款收支总表 支出总计",
        "the appropriations' expenditure table adds up to the appropriations' summary",
        Ref(_AP_OUT, TOTAL, "金额"), (Ref(_AP, "支出总计", "合计", _OUT),)),
    Sum("B.income-list", "收支总表 收入总计 = 收入总表 收入总计",
        "the summary's income equals the income table's total",
        Ref(_S, "收入总计", "金额", _IN), (Ref(_IN_T, "收入总计", "金额"),)),
    # The income and use lines of the summaries (issue 10), in each layout's own words: a
    # rule whose rows a layout does not print says so (not applicable).
    *(_lines(*row) for row in _SUMMARY_LINES),
    # Jiangsu: with no government-fund appropriation the appropriation tables are the
    # general-budget tables, code by code (issue 10: a wrong leaf is then named by them)
    PerCode("B.appropriation.general", "无政府性基金预算拨款时，财政拨款支出表 = 一般公共预算支出表（逐科目）",
            "with no government-fund appropriation, the appropriations equal the general budget per code",
            _AP_OUT, _GEN, (("金额", "金额"),), when=(Ref(_AP, "政府性基金预算", "金额", _IN),)),
    PerCode("B.appropriation.general-basic",
            "无政府性基金预算拨款时，财政拨款基本支出表 = 一般公共预算基本支出表（逐科目）",
            "with no government-fund appropriation, the appropriations' basic expenditure equals the "
            "general budget's per code",
            _AP_BASIC, _GEN_BASIC, (("金额", "金额"),), when=(Ref(_AP, "政府性基金预算", "金额", _IN),)),
    # The uses of the summary are the 合计 row of the expenditure table (Jiangsu prints
    # both); with no income but the year's appropriations, the appropriations' summary
    # and tables are the whole summary's, line by line and 类 by 类.
    *(Sum(f"B.uses-table.{n}", f"收支总表 {use} = 支出总表 合计·{use}",
          f"the summary's {en} equals the expenditure table's", Ref(_S, use, "金额", "支出用途"),
          (Ref(_OUT_T, TOTAL, use),), defines=False) for n, use, en in _USES),
    *(Sum(f"B.appropriation.uses-all.{n}", f"仅有当年财政拨款收入时，财政拨款收支总表 {use} = 收支总表 {use}",
          f"with appropriations the only income, the appropriations' {en} is the summary's",
          Ref(_AP, use, "合计", _OUT), (Ref(_S, use, "金额", "支出用途"),), defines=False,
          when=_APPROPRIATIONS_ONLY) for n, use, en in _USES),
    PerClass("B.appropriation.class-all", "仅有当年财政拨款收入时，收支总表 各类支出 = 财政拨款支出表 同类",
             "with appropriations the only income, each 类 of the summary is the appropriations'",
             _S, "金额", _AP_OUT, "金额", when=_APPROPRIATIONS_ONLY),
    # The appropriations by fund are the same lines in both summaries, in each layout's words
    *(Sum(f"B.appropriation-funds.{n}", f"收支总表 {a} = 财政拨款收支总表 {b}",
          f"the summary's {a} appropriation equals the appropriations' summary's",
          Ref(_S, a, "金额", _IN), (Ref(_AP, b, "金额", _IN),), defines=False)
      for n, a, b in _FUND_LINES),
    PerCode("B.running", "机关运行经费支出表 不超过 一般公共预算基本支出表（逐科目）",
            "running costs never exceed the general budget's basic expenditure, code by code",
            _RUN, _GEN_BASIC, (("金额", "金额"),), relation="≤"),
    Outline("B.procurement", "政府采购支出表 合计 = 各品目大类之和；大类 = 其下各专项之和；专项 = 其下各采购物品之和",
            "procurement: the total is the sum of its classes, each class of its projects, each "
            "project of its items", "政府采购支出表", "金额",
            ("分散自行组织", "政府集中采购", "部门集中采购", "分散采购", "集中采购")),
    Outline("B.income-subtotals.js", "收入总表 收入总计 = 各小计之和；小计 = 其下各行之和",
            "the income table (Jiangsu budgets): the total is the sum of the 小计 rows, each the "
            "sum of the lines under it", _IN_T, "金额", ("",), heads="小计$", total=("收入总计",),
            skip=("其中",)),
    PerItem("B.three-public", "三公经费 合计 = 因公出国（境）费 + 公务用车购置及运行维护费 + 公务接待费",
            "the three public expenses are travel abroad plus vehicles plus reception", _3, "合计",
            ("因公出国（境）费", "公务用车购置及运行维护费小计", "公务接待费")),
    PerItem("B.three-public.total", "三公经费、会议费、培训费 合计 = 三公经费小计 + 会议费 + 培训费",
            "the three public expenses, meetings and training add up", _3, "总计",
            ("三公经费小计", "会议费", "培训费")),
    PerItem("B.three-public.subtotal", "三公经费小计 = 因公出国（境）费 + 公务用车 + 公务接待费",
            "the three public expenses' subtotal adds up", _3, "三公经费小计",
            ("因公出国（境）费", "公务用车购置及运行维护费小计", "公务接待费")),
    PerItem("B.vehicles", "公务用车小计 = 购置费 + 运行维护费", "vehicles are purchase plus running costs",
            _3, "公务用车购置及运行维护费小计", ("公务用车购置费", "公务用车运行维护费")),
)
"""Every rule across (or within) the tables of a 部门预算公开, over the budget kinds."""

CATALOGS: MappingProxyType[str, tuple[Rule, ...]] = MappingProxyType(
    {"决算": CATALOG, "预算": BUDGET_CATALOG})
"""The catalog of each kind of document."""

CATALOG_BY_ID: MappingProxyType[str, Rule] = MappingProxyType(
    {r.id: r for r in (*CATALOG, *BUDGET_CATALOG)})
"""Every rule by its id."""
