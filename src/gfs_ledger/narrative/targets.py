"""Which table figure a claim of the prose restates: the targets, declared as data.

Each ``Target`` pairs a pattern over the claim's subject (and, where the same
words mean different figures, over the heading of its section) with a finder
that reads the figure from the report. The first target that matches and
finds a figure wins. A table published empty (本表无数据) holds zeros; a blank
cell is no amount, that is zero.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from gfs_ledger.amounts import Figure, Unit, convert
from gfs_ledger.findings import Cell, ledger_cell
from gfs_ledger.ledger import Account, Ledger
from gfs_ledger.narrative.check import Hit, Located, figure_of
from gfs_ledger.narrative.claims import Claim, ClaimKind, ItemRef
from gfs_ledger.report import Report
from gfs_ledger.tables.model import (
    COLUMNS,
    FIGURES,
    LINE,
    NAME,
    SECTION,
    Status,
    Table,
    _ItemFields,
    row_figure,
)
from gfs_ledger.tables.registry import CLASS_CODES, normalize_label

# A finder reads a figure through the report's ``ReportFigures``, which remembers the
# tables it looked up for the report. It returns a ``Hit``: the figure's value and how to
# make its ``Located`` (its words and cells), made only when a finding reads it.
Finder = Callable[["ReportFigures", str], Hit | None]
_ZERO = Decimal(0)
_UNITS = {u.value: u for u in Unit}
_COUNT, _MISSING = ClaimKind.COUNT, Status.MISSING  # an enum's member is slow to look up


@attrs.frozen(slots=True)
class Target:
    """A kind of subject the prose restates, and where the tables print it."""

    subject: re.Pattern[str]
    find: Finder
    section: re.Pattern[str] | None = None
    counts: bool = False

    def matches(self, subject: str, section: str, *, count: bool) -> bool:
        """True when the target is of the claim's kind (a count or an amount) and its
        patterns match the subject and the section heading."""
        return self.counts == count and bool(self.subject.search(subject)) and (
            self.section is None or bool(self.section.search(section))
        )


def _hit(value: Figure, *later: Any) -> Hit:
    """A printed figure found, or for a blank cell an exact zero, and how to make its
    ``Located`` (``later[0](*later[1:])``)."""
    return (value, False, *later) if isinstance(value, Decimal) else (_ZERO, True, *later)


def _located(value: Figure, where: str, table: str, cells: tuple[Cell, ...] = ()) -> Located:
    """A printed figure, or for a blank cell an exact zero."""
    if isinstance(value, Decimal):
        return Located(value, where, table, cells=cells)
    return Located(_ZERO, f"{where} (blank)", table, exact=True, cells=cells)


def _item_cell(table: str, row: _ItemFields, column: str | None) -> Cell:
    """The cell of a labelled row (its item's fields), as the rules across tables name it."""
    name = row[COLUMNS][0] if column is None else column
    return Cell(table, row[SECTION], row[NAME], name, row[LINE], row_figure(row, name))


def _table(report: Report, table_id: str) -> Table | None:
    if report.kind == "预算" and table_id.startswith("公开"):
        return None  # the 决算 kinds; a budget may print 公开10表 as a label of another
    table = report.tables.get(table_id)
    return table if table is not None and table.status is not _MISSING else None


def _empty(table: Table, what: str) -> Hit:
    return (_ZERO, True, Located, _ZERO, f"{table.id} {what} (published empty)", table.id,
            True)


def _item_figure(value: Figure, table_id: str, section: str | None, row: _ItemFields,
                 column: str | None) -> Located:
    return _located(value, f"{table_id} {section + '·' if section else ''}{row[NAME]}",
                    table_id, (_item_cell(table_id, row, column),))


def _tree_figure(value: Figure, where: str, table_id: str, ledger: Ledger, at: int | None,
                 column: str) -> Located:
    return _located(value, where, table_id, (ledger_cell(table_id, ledger, at, column),))


def item(table_id: str, label: str, section: str | None = None,
         column: str | None = None) -> Finder:
    """The figure of a labelled row of a summary or statistics table."""
    def find(source: ReportFigures, _: str) -> Hit | None:
        table = source.table(table_id)
        if table is None:
            return None
        if table.empty:
            return _empty(table, label)
        row = table._row(label, section)  # the item's fields: no Item is built
        if row is None:
            return None
        value = row[FIGURES][0] if column is None else row_figure(row, column)
        return _hit(value, _item_figure, value, table_id, section, row, column)
    return find


def section_sum(table_id: str, section: str) -> Finder:
    """The sum of the rows of one section (机关运行经费 = 行政单位 + 参公事业单位)."""
    def find(source: ReportFigures, _: str) -> Hit | None:
        table = source.table(table_id)
        if table is None:
            return None
        if table.empty:
            return _empty(table, section)
        rows = table._section_rows(section)
        if not rows:
            return None
        figures = [r[FIGURES][0] for r in rows if isinstance(r[FIGURES][0], Decimal)]
        value = sum(figures[1:], figures[0]) if figures else None
        return _hit(value, _rows_figure, value, table_id, section, rows)
    return find


def _rows_figure(value: Figure, table_id: str, section: str, rows: tuple[_ItemFields, ...]
                 ) -> Located:
    where = f"{table_id} {section} ({' + '.join(r[NAME] for r in rows)})"
    return _located(value, where, table_id, tuple(_item_cell(table_id, r, None) for r in rows))


def _ledger(source: ReportFigures, table_id: str) -> Ledger | None:
    table = source.table(table_id)
    return None if table is None else table.ledger


def total(table_id: str, column: str) -> Finder:
    """A column of the 合计 row of a tree table."""
    def find(source: ReportFigures, _: str) -> Hit | None:
        table = source.table(table_id)
        if table is None:
            return None
        if table.empty:
            return _empty(table, f"合计·{column}")
        ledger = table.ledger
        if ledger is None or ledger.total is None or column not in ledger.columns:
            return None
        value = ledger.total[ledger.columns.index(column)]
        return _hit(value, _tree_figure, value, f"{table_id} 合计·{column}", table_id, ledger,
                    None, column)
    return find


def class_by_name(table_id: str, column: str) -> Finder:
    """The 类 of a functional tree table named by the subject (一般公共服务支出(类))."""
    def find(source: ReportFigures, subject: str) -> Hit | None:
        code = CLASS_CODES.get(normalize_label(subject))
        ledger = _ledger(source, table_id)
        if code is None or ledger is None:
            return None
        at = ledger._index.get(code)  # the ledger's columns read: no Account made
        if at is None:
            return None
        value = ledger.value(code, column)
        return _hit(value, _tree_figure, value, f"{table_id} {code} {ledger._names[at]}·{column}",
                    table_id, ledger, at, column)
    return find


def account_by_name(table_id: str, column: str) -> Finder:
    """The account of a tree table whose printed name is the subject (工资福利支出 → 301)."""
    def find(source: ReportFigures, subject: str) -> Hit | None:
        ledger = _ledger(source, table_id)
        if ledger is None:
            return None
        at = source.named(ledger).get(normalize_label(subject))
        if at is None:
            return None
        code, name = ledger._digits[at], ledger._names[at]
        value = ledger.value(code, column)
        return _hit(value, _tree_figure, value, f"{table_id} {code} {name}", table_id, ledger,
                    at, column)
    return find


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_INCOME = "财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入"
_SPENDING = "基本支出|项目支出|上缴上级支出|经营支出|对附属单位补助支出"

TARGETS: tuple[Target, ...] = (
    # 四、财政拨款收支决算总体情况
    Target(_re(r"财政拨款收入总计$"), item("公开04表", "总计", "收入")),
    Target(_re(r"支出总计$"), item("公开04表", "总计", "支出", "合计"), _re(r"财政拨款收支")),
    Target(_re(r"^财政拨款收入支出总计$"), item("公开04表", "总计", "收入")),
    # 一、收入支出决算总体情况
    Target(_re(r"^收入总计$|^收入支出总计$"), item("公开01表", "总计", "收入")),
    Target(_re(r"^支出总计$"), item("公开01表", "总计", "支出")),
    Target(_re(r"^(本年)?收入合计$"), total("公开02表", "本年收入合计")),
    Target(_re(r"^(本年)?支出合计$"), total("公开03表", "本年支出合计")),
    Target(_re(rf"^({_INCOME})$"), lambda r, s: total("公开02表", s)(r, s)),
    Target(_re(r"财政拨款基本支出$"), total("公开05表", "基本支出")),
    Target(_re(r"^基本支出$"), total("公开05表", "基本支出"), _re(r"基本支出决算")),
    Target(_re(rf"^({_SPENDING})$"), lambda r, s: total("公开03表", s)(r, s)),
    # 五、一般公共预算财政拨款支出
    Target(_re(r"^一般公共预算财政拨款(决算)?支出$"), total("公开05表", "小计")),
    Target(_re(r"\S"), class_by_name("公开05表", "小计"), _re(r"一般公共预算财政拨款支出")),
    # 六、基本支出: 人员经费, 公用经费 and the 类 of the economic classification
    Target(_re(r"^人员经费$"), item("公开06表", "人员经费合计")),
    Target(_re(r"^公用经费$"), item("公开06表", "公用经费合计")),
    Target(_re(r"\S"), account_by_name("公开06表", "决算数"), _re(r"基本支出")),
    # 九、"三公" 经费 (actual spending, 决算数)
    Target(_re(r'"三公"经费(财政拨款)?(支出)?(决算)?$'), item("公开09表", "合计", "决算数")),
    Target(_re(r"因公出国\(境\)费"), item("公开09表", "因公出国(境)费", "决算数")),
    Target(_re(r"公务用车购置(费)?(支出)?$"), item("公开09表", "公务用车购置费", "决算数")),
    Target(_re(r"公务用车运行维护费"), item("公开09表", "公务用车运行维护费", "决算数")),
    Target(_re(r"^公务接待费"), item("公开09表", "公务接待费", "决算数")),
    # 十、机关运行经费, 政府采购, 国有资产占用
    Target(_re(r"机关运行经费(支出)?$"), section_sum("公开10表", "机关运行经费")),
    Target(_re(r"政府采购支出总额$"), item("公开10表", "合计", "政府采购情况")),
    Target(_re(r"政府采购货物支出$"), item("公开10表", "货物", "政府采购情况")),
    Target(_re(r"政府采购工程支出$"), item("公开10表", "工程", "政府采购情况")),
    Target(_re(r"政府采购服务支出$"), item("公开10表", "服务", "政府采购情况")),
    Target(_re(r"共有车辆$"), item("公开10表", "车辆数合计(辆)", "国有资产占用情况"),
           counts=True),
    Target(_re(r"单价100万元\(含\)以上设备"),
           lambda r, s: item("公开10表", s, "国有资产占用情况")(r, s), counts=True),
    Target(_re(r"用车$"), lambda r, s: item("公开10表", s, "国有资产占用情况")(r, s),
           _re(r"国有资产"), counts=True),
)

def _budget_table(report: Report, kind: str) -> tuple[Table, bool] | None:
    """A budget table in the report's unit (a Shanghai 三公 table prints 万元 beside 元),
    and whether it prints in that unit (its cells are then the figures)."""
    table = report.tables.get(kind) if report.kind == "预算" else None
    if table is None or table.status is Status.MISSING:
        return None
    converted = table.in_unit(report.unit)
    return converted, converted is table


def budget_item(kind: str, names: tuple[str, ...], section: str | None = None,
                column: str | None = None) -> Finder:
    """The figure of a row of a budget's summary table, by any of its printed names."""
    def find(source: ReportFigures, _: str) -> Hit | None:
        found = source.budget_table(kind)
        if found is None:
            return None
        table = found[0]
        if table.empty:
            return _empty(table, names[0])
        for name in names:
            row = table._row(name, section)
            if row is not None and (column is None or column in row[COLUMNS]):
                value = row[FIGURES][0] if column is None else row_figure(row, column)
                return _hit(value, _budget_figure, value, kind, section, row, column)
        return None
    return find


def _budget_figure(value: Figure, kind: str, section: str | None, row: _ItemFields,
                   column: str | None) -> Located:
    where = f"{kind} {section + '·' if section else ''}{row[NAME]}"
    # in the report's unit, as the rules across tables read the row
    cells = (_item_cell(kind, row, column),)
    return _located(value, where + (f"·{column}" if column else ""), kind, cells)


def budget_total(kind: str, column: str | None = None) -> Finder:
    """A column (the first if None) of the 合计 row of a budget's tree table."""
    def find(source: ReportFigures, _: str) -> Hit | None:
        found = source.budget_table(kind)
        table = None if found is None else found[0]
        if table is None or table.ledger is None or table.ledger.total is None:
            return None if table is None or not table.empty else _empty(table, "合计")
        ledger, totals = table.ledger, table.ledger.total
        name = column or ledger.columns[0]
        if name not in ledger.columns:
            return None
        cells = (ledger_cell(kind, ledger, None, name),) if found and found[1] else ()
        value = totals[ledger.columns.index(name)]
        return _hit(value, _located, value, f"{kind} 合计·{name}", kind, cells)
    return find


# The sentences of a budget's 编制说明 and 情况说明 (Shanghai and Jiangsu wordings).
BUDGET_TARGETS: tuple[Target, ...] = (
    Target(_re(r"^收入(?:预算)?(?:总计)?$|^收入、?支出预算总计$|^收、?支预算总计$"),
           budget_item("收支总表", ("收入总计",), "收入")),
    Target(_re(r"^支出(?:预算)?(?:总计)?$"), budget_item("收支总表", ("支出总计",), "支出")),
    Target(_re(r"^(?:本年)?收入预算合计$"), budget_item("收支总表", ("本年收入合计", "收入总计"), "收入")),
    Target(_re(r"^(?:本年)?支出预算合计$"), budget_item("收支总表", ("本年支出合计", "支出总计"), "支出")),
    Target(_re(r"^财政拨款收入(?:预算)?(?:总计)?$"),
           budget_item("收支总表", ("财政拨款收入", "财政拨款"), "收入")),
    Target(_re(r"^财政拨款(?:支出预算|预算支出)$"),
           budget_item("财政拨款收支总表", ("支出总计",), "支出")),
    Target(_re(r"^财政拨款收、?支总预算$"),
           budget_item("财政拨款收支总表", ("收入总计",), "收入")),
    Target(_re(r"^一般公共预算(?:收入预算|资金)$"),
           budget_item("财政拨款收支总表", ("一般公共预算", "一般公共预算资金"), "收入")),
    Target(_re(r"^一般公共预算(?:财政)?拨款支出预算$|^一般公共预算财政拨款支出预算$"),
           budget_total("一般公共预算支出表")),
    Target(_re(r"^(?:财政拨款)?基本支出(?:预算数?)?(?:为)?$"), budget_total("支出总表", "基本支出")),
    Target(_re(r"^项目支出(?:预算数?)?(?:为)?$"), budget_total("支出总表", "项目支出")),
    Target(_re(r"^单位预留机动经费(?:预算数?)?(?:为)?$"),
           budget_total("支出总表", "单位预留机动经费")),
    Target(_re(r"^(?:财政拨款|一般公共预算财政拨款)?基本支出预算$"),
           budget_total("一般公共预算基本支出表")),
    Target(_re(r"^人员经费$"), budget_total("一般公共预算基本支出表", "人员经费")),
    Target(_re(r"^公用经费$"), budget_total("一般公共预算基本支出表", "公用经费")),
    Target(_re(r'^"三公"经费(?:预算数?)?(?:为)?$'),
           budget_item("三公经费支出表", ("预算数",), column="合计")),
    Target(_re(r'^"三公"经费(?:预算数?)?(?:为)?$'),  # Jiangsu: 总计 adds 会议费 and 培训费
           budget_item("三公经费支出表", ("预算数",), column="三公经费小计")),
    Target(_re(r"政府采购(?:支出)?预算(?:总额)?$"),
           budget_item("政府采购支出表", ("合计", "合·计", "总计"))),
    # its classes, which Jiangsu's template letters (一、货物A, 三、服务C)
    Target(_re(r"^(?:拟)?采购货物(?:支出)?(?:预算)?$"), budget_item("政府采购支出表", ("货物", "货物A"))),
    Target(_re(r"^(?:拟)?采购工程(?:支出)?(?:预算)?$"), budget_item("政府采购支出表", ("工程", "工程B"))),
    Target(_re(r"^(?:拟)?购买服务(?:支出)?(?:预算)?$"), budget_item("政府采购支出表", ("服务", "服务C"))),
    # each expense of the 三公 table (公务用车购置及运行费 is Jiangsu's prose for its 小计)
    *(Target(_re(rf"{words}(?:预算)?(?:支出)?(?:为)?$"),
             budget_item("三公经费支出表", ("预算数",), column=column))
      for words, column in (
          (r"因公出国\(境\)费", "因公出国（境）费"),
          (r"公务用车购置及运行(?:维护)?费", "公务用车购置及运行维护费小计"),
          (r"公务用车运行(?:维护)?费", "公务用车运行维护费"),
          (r"公务用车购置费", "公务用车购置费"),
          (r"公务接待费", "公务接待费"),
          (r"会议费", "会议费"),
          (r"培训费", "培训费"))),
    Target(_re(r"机关运行经费(?:预算)?(?:支出)?(?:为)?$"), budget_total("机关运行经费支出表")),
    Target(_re(r"机关运行经费(?:预算)?(?:支出)?(?:为)?$"),
           budget_item("三公经费支出表", ("预算数",), column="机关运行经费")),
)

# The whole a share is of, when the prose does not name it: the total of its section.
# The most specific heading first: 五、一般公共预算财政拨款支出决算情况 also reads
# 支出决算情况.
SECTION_WHOLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_re(r"基本支出决算"), "财政拨款基本支出"),
    (_re(r"一般公共预算财政拨款支出"), "一般公共预算财政拨款支出"),
    (_re(r"收入决算情况"), "收入合计"),
    (_re(r"支出决算情况"), "支出合计"),
)


_BUDGET = re.compile(r"预算(?:数)?$")
_OWNER = re.compile(r"^[^,，。;；]{0,12}?(?:\d{4}年度?|本年度?)")


def clean_subject(text: str) -> str:
    """A subject as targets match it: NFKC, straight quotes, no (类), no 支出决算."""
    subject = normalize_label(text)
    for suffix in ("(类)", "支出决算"):
        subject = subject.removesuffix(suffix)
    return subject.removeprefix("其中")


# What to try for a subject: each target's finder, the words it is given and the key of
# what it finds in a report (``ReportFigures._finds``).
_Plan = tuple[tuple[Finder, str, tuple[int, str]], ...]


def _plan(targets: tuple[Target, ...], subject: str, section: str, count: bool,
          department: str, budget: bool) -> _Plan:
    """The targets to try for a subject in a section, each with the words it is given
    (the subject cleaned, then without its owner), in order. Which patterns match depends
    on the words alone, and the same subjects and headings recur in every document of a
    template: each is planned once (``ReportFigures._searched`` looks the plan up itself)."""
    key = (id(targets), subject, section, count, department, budget)
    if len(_MATCHED) >= _REMEMBERED:
        _MATCHED.clear()
    found = _MATCHED[key] = (targets, tuple(
        (target.find, candidate, (id(target), candidate))
        for target, candidate in _planned(targets, subject, section, count, department,
                                          budget)))
    return found[1]


def _planned(targets: tuple[Target, ...], subject: str, section: str, count: bool,
             department: str, budget: bool) -> tuple[tuple[Target, str], ...]:
    cleaned = clean_subject(subject)
    if not budget and "预算" in cleaned and _BUDGET.search(cleaned):
        return ()  # budgets are not printed in the final-accounts tables
    heading = normalize_label(section)
    owned = _without_owner(cleaned, department)
    prepared = _prepared(targets, count)  # ``Target.matches``, its kind told once
    return tuple((target, candidate)
                 for candidate in ((cleaned,) if owned == cleaned else (cleaned, owned))
                 for target, run, heading_run, words, within in prepared
                 if run in candidate and heading_run in heading and words.search(candidate)
                 and (within is None or within.search(heading)))


_Prepared = tuple[tuple[Target, str, str, re.Pattern[str], re.Pattern[str] | None], ...]


def _prepared(targets: tuple[Target, ...], count: bool) -> _Prepared:
    """The targets of a kind (counts or amounts), in order, each with a run of characters
    that every subject it matches holds and one that every heading does (``needed``):
    planning a subject tries a target's patterns only when the subject and the heading
    hold those runs, a test ``in`` does in C."""
    key = (id(targets), count)
    found = _PREPARED.get(key)
    if found is None or found[0] is not targets:
        found = _PREPARED[key] = (targets, tuple(
            (t, needed(t.subject.pattern), "" if t.section is None else needed(t.section.pattern),
             t.subject, t.section)
            for t in targets if t.counts == count))
    return found[1]


_PREPARED: dict[tuple[int, bool], tuple[tuple[Target, ...], _Prepared]] = {}


def needed(pattern: str) -> str:
    """The longest run of plain characters at the top level of a pattern: every string
    the pattern matches (``search``) holds it, as its top-level items match one after
    another. "" when it has none (a top-level alternation, ``\\S``), and "" (no
    prefilter, always right) where the interpreter's private parser is not the one this
    reads."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern)
        literal = _constants.LITERAL
    except (ImportError, AttributeError):
        return ""
    if parsed.state.flags & re.IGNORECASE:
        return ""  # a literal then matches other characters than itself
    best, run = "", ""
    for op, arg in parsed:
        if op is literal:
            run += chr(arg)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


def _without_owner(subject: str, department: str) -> str:
    """A subject without the department and the year that open it
    (中共上海市普陀区委社会工作部2024年度收入支出总计 → 收入支出总计)."""
    if department:
        subject = subject.removeprefix(department)
    return _OWNER.sub("", subject) if "年" in subject else subject  # _OWNER reads a 年


_MATCHED: dict[tuple[int, str, str, bool, str, bool], tuple[tuple[Target, ...], _Plan]] = {}
_REMEMBERED = 1 << 14


@attrs.frozen(slots=True)
class ReportFigures:
    """The ``FigureSource`` of a report: claims resolved through ``TARGETS``.

    What it finds is remembered for the report: the figure of each subject in each
    section, the figure each target finds for each subject (several subjects name the
    same figure: 公务接待费, 公务接待费支出), the whole of each section's shares."""

    report: Report
    targets: tuple[Target, ...] = TARGETS
    _found: dict[tuple[str, str, bool], Hit | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    _items: dict[tuple[ItemRef, str], ItemFound | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    _finds: dict[tuple[int, str], Hit | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    _wholes: dict[str, str | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    _department: str = attrs.field(init=False, repr=False, eq=False, default=attrs.Factory(
        lambda self: normalize_label(self.report.department or ""), takes_self=True))
    # the targets of the report's kind, its department and whether it is a budget
    _planning: tuple[tuple[Target, ...], str, bool] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(
            lambda self: (BUDGET_TARGETS if self.report.kind == "预算" else self.targets,
                          self._department, self.report.kind == "预算"), takes_self=True))
    _tables: dict[str, Table | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    _budget_tables: dict[str, tuple[Table, bool] | None] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )
    _named: dict[int, dict[str, int]] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )

    def table(self, table_id: str) -> Table | None:
        """The report's table of a kind, None when it lacks it (see ``_table``)."""
        found = self._tables.get(table_id, _NO_TABLE)
        if found is _NO_TABLE:
            found = self._tables[table_id] = _table(self.report, table_id)
        return found  # type: ignore[return-value]

    def budget_table(self, kind: str) -> tuple[Table, bool] | None:
        """``_budget_table`` of the report, looked up once."""
        if kind not in self._budget_tables:
            self._budget_tables[kind] = _budget_table(self.report, kind)
        return self._budget_tables[kind]

    def named(self, ledger: Ledger) -> dict[str, int]:
        """Where each name a ledger prints (normalised) is first, made once per ledger of
        the report rather than a scan of its names per subject."""
        index = self._named.get(id(ledger))
        if index is None:
            names = ledger._names
            # the last name's position first, so that each name keeps its first position
            index = self._named[id(ledger)] = dict(zip(
                map(normalize_label, reversed(names)), range(len(names) - 1, -1, -1)))
        return index

    def locate(self, claim: Claim, role: str) -> Located | None:
        """The table figure of a claim's subject (role ``subject``) or of the whole a
        share is measured against (role ``whole``)."""
        found = self.hit(claim, role)
        return None if found is None else figure_of(found)

    def found_by(self) -> tuple[dict[tuple[str, str, bool], Hit | None],
                                Callable[[str, str, bool], Hit | None],
                                Callable[[str], str | None]]:
        """What ``ClaimChecker.batches`` reads in its loop instead of calling ``hit``: the
        figures found so far by (subject, section, count), the search that finds and
        remembers another, and the whole a section's shares are of."""
        return self._found, self._searched, self._whole

    def _searched(self, subject: str, section: str, count: bool) -> Hit | None:
        """The figure of a subject in a section: the first target of its plan that finds
        one (each target's find remembered for the report), remembered by (subject,
        section, count)."""
        targets, department, budget = self._planning
        planned = _MATCHED.get((id(targets), subject, section, count, department, budget))
        plan = planned[1] if planned is not None and planned[0] is targets else _plan(
            targets, subject, section, count, department, budget)
        finds = self._finds
        found = None
        for find, candidate, key in plan:
            found = finds.get(key, _UNSEARCHED)
            if found is _UNSEARCHED:
                found = finds[key] = find(self, candidate)
            if found is not None:
                break
        self._found[(subject, section, count)] = found
        return found

    def hit(self, claim: Claim, role: str) -> Hit | None:
        """What ``locate`` finds, its ``Located`` not made yet (see ``Hit``)."""
        if role == "whole":
            subject = claim.relative_to or self._whole(claim.section)
            if subject is None:
                return None
        else:
            subject = claim.subject
        key = (subject, claim.section, claim.kind is _COUNT)
        found = self._found.get(key, _UNSEARCHED)
        if found is _UNSEARCHED:
            found = self._searched(*key)
        return found

    def _whole(self, section: str) -> str | None:
        """The whole a share is of when the prose does not name it: its section's total."""
        if section not in self._wholes:
            self._wholes[section] = next(
                (whole for pattern, whole in SECTION_WHOLES if pattern.search(section)), None)
        return self._wholes[section]

    def item(self, claim: Claim) -> ItemFound | None:
        """The 项 of the tables an item claim names (see ``find_item``)."""
        assert claim.item is not None
        key = (claim.item, claim.section)
        if key not in self._items:
            self._items[key] = find_item(self.report, claim.item, claim.section)
        return self._items[key]

    def figure(self, subject: str, section: str, *, count: bool = False) -> Located | None:
        """The table figure that a subject names in a section of the prose (a number of
        things when ``count``, else an amount)."""
        key = (subject, section, count)
        found = self._found.get(key, _UNSEARCHED)
        if found is _UNSEARCHED:
            found = self._searched(subject, section, count)
        return None if found is None else figure_of(found)

# What no search has found yet (None is a search that found nothing).
_UNSEARCHED: Hit = (_ZERO, True)
_NO_TABLE = object()  # a table not looked up yet


# ---- the 项 an item sentence names ----------------------------------------------------

# Where the tables print the appropriations per 项: the first of these the report has.
ITEM_TABLES: dict[str, tuple[str, ...]] = {
    "决算": ("公开05表", "公开03表"),
    "预算": ("财政拨款支出表", "一般公共预算支出表", "支出总表"),
}
# A section about a fund's appropriations reads that fund's table.
_FUND_TABLES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"政府性基金"), ("公开07表", "政府性基金预算支出表")),
    (re.compile(r"国有资本经营"), ("公开08表", "国有资本经营预算支出表")),
)


@attrs.frozen(slots=True)
class ItemFound:
    """The 项 an item sentence names, as the tables print it: its code, the names the
    table prints for its 类, 款 and 项, and its figure (``located``, in the report's
    unit, None when the table prints no amount column)."""

    code: str
    names: tuple[str, str, str]
    located: Located | None
    table: str


def _named(accounts: tuple[Account, ...], name: str | None,
           digits: str | None) -> Account | None:
    """The account of ``accounts`` with the printed digits, else with the name."""
    if digits is not None:
        found = next((a for a in accounts if str(a.code).endswith(digits)), None)
        if found is not None:
            return found
    if name is None:
        return None
    wanted = normalize_label(name)
    return next((a for a in accounts if normalize_label(a.name) == wanted), None)


def _most_like(accounts: list[Account], name: str) -> list[Account]:
    """The one account whose name is most like ``name`` (a similarity of at least 0.6,
    and no other as like), as a list of zero or one."""
    wanted = normalize_label(name)
    scored = sorted(((difflib.SequenceMatcher(None, wanted, normalize_label(a.name)).ratio(), k)
                     for k, a in enumerate(accounts)), reverse=True)
    if not scored or scored[0][0] < 0.6 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return []
    return [accounts[scored[0][1]]]


def _by_figure(ledger: Ledger, kuan: Account, ref: ItemRef, unit: Unit) -> Account | None:
    """The one 项 of a 款 whose figure is the one the sentence states, when its name is
    none the table prints (统计事务 for 统计管理): the name claim then says so."""
    if ref.figure is None or ref.figure.unit not in _UNITS or not ledger.columns:
        return None
    stated = convert(ref.figure.value, _UNITS[ref.figure.unit], unit)
    half = Decimal(1).scaleb(_exponent(stated)) / 2
    matching = [x for x in ledger.children(kuan.code)
                if isinstance(value := x[ledger.columns[0]], Decimal) and abs(value - stated) <= half]
    return matching[0] if len(matching) == 1 else None


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def find_item(report: Report, ref: ItemRef, section: str) -> ItemFound | None:
    """The 项 of the tables that an item sentence names, or None.

    The 类 by its printed digits, else by its name (current or former: 210 is
    卫生健康支出, once 医疗卫生与计划生育支出); the 款 and 项 by their digits, else by
    their names among the children; when the 款's name is not the table's, a 项 of that
    name under a single 款 of the 类 still resolves it (the name claim then says so).
    """
    kinds = ITEM_TABLES.get(report.kind or "决算", ITEM_TABLES["决算"])
    for pattern, funds in _FUND_TABLES:
        if pattern.search(section):
            kinds = funds
    for kind in kinds:
        table = _table(report, kind)
        if table is None or table.ledger is None or table.empty:
            continue
        converted = table.in_unit(report.unit)
        ledger = converted.ledger
        assert ledger is not None
        classes = ledger.at_level(1)
        cls = _named(classes, None, ref.digits[0]) if ref.digits[0] else None
        if cls is None and ref.names[0] is not None:
            name = normalize_label(ref.names[0])
            code = CLASS_CODES.get(name) or CLASS_CODES.get(f"{name}支出")
            cls = ledger.get(code) if code is not None else None
        if cls is None:
            continue
        kuan = _named(ledger.children(cls.code), ref.names[1], ref.digits[1])
        xiang = None
        if kuan is not None:
            xiang = _named(ledger.children(kuan.code), ref.names[2], ref.digits[2])
            if xiang is None:
                like = _most_like(list(ledger.children(kuan.code)), ref.names[2])
                xiang = like[0] if like else _by_figure(ledger, kuan, ref, report.unit)
        else:
            under = [x for k in ledger.children(cls.code) for x in ledger.children(k.code)
                     if _named((x,), ref.names[2], ref.digits[2]) is not None]
            if not under:  # renamed or shortened: the 项 of the 类 most like the name
                under = _most_like([x for k in ledger.children(cls.code)
                                    for x in ledger.children(k.code)], ref.names[2])
            if len(under) == 1:
                xiang = under[0]
                kuan = ledger.get(str(xiang.code)[:5])
        if xiang is None or kuan is None:
            continue
        column = ledger.columns[0] if ledger.columns else None
        cells = (ledger_cell(kind, ledger, ledger._index[str(xiang.code)], column),) if (
            column is not None and converted is table) else ()
        located = None if column is None else _located(
            xiang[column], f"{kind} {xiang.code} {xiang.name}·{column}", kind, cells)
        return ItemFound(str(xiang.code), (cls.name, kuan.name, xiang.name), located, kind)
    return None
