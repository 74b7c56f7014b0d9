"""The tables of a 部门决算公开, declared as data.

Each ``Layout`` names a table (its id, title and the aliases its title goes by),
its shape (which reader reads it), its amount columns and its row rules. A new
layout is a new ``Layout`` value; no reader changes.

>>> REGISTRY["公开03表"].title, REGISTRY["公开03表"].shape
('支出决算表', <Shape.TREE: 'tree'>)
>>> layout_for_title("一般公共预算财政拨款支出决算表").id
'公开05表'
"""

from __future__ import annotations

import enum
import functools
import unicodedata
from types import MappingProxyType

import attrs

from gfs_ledger.ledger import RowRule


class Shape(enum.Enum):
    """How a table is laid out on the page; each shape has one reader."""

    TREE = "tree"  # functional-code tree × amount columns (公开02/03/05/07/08表)
    SUMMARY = "summary"  # income items against expenditure by 类 (公开01/04表)
    PANELLED = "panelled"  # economic-code tree in side-by-side panels (公开06表)
    THREE_PUBLIC = "three_public"  # budget and actual of the "三公" items (公开09表)
    STATISTICS = "statistics"  # labelled sections of 行次/统计数 rows (公开10表)


def _tuple(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(slots=True)
class Layout:
    """One table of the disclosure: what it is called and how to read it.

    ``columns`` are the amount columns (for a summary table, those of the
    expenditure side; ``left_columns`` those of the income side). ``sides``
    names the halves (or blocks, with ``blocks`` their columns) of a summary or
    "三公" table; ``numbered`` says whether its rows print a 行次; ``class_side`` is
    the side whose rows are 类 of expenditure (-1: none). ``panels`` is the
    number of side-by-side panels of a panelled table and ``panel_totals`` the
    labels of its closing totals row.
    """

    id: str
    title: str
    shape: Shape
    columns: tuple[str, ...] = attrs.field(converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    row_rules: tuple[RowRule, ...] = ()
    left_columns: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    sides: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    panels: int = 1
    panel_totals: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    numbered: bool = True
    blocks: tuple[tuple[str, ...], ...] = ()
    class_side: int = 1

    @property
    def side_columns(self) -> tuple[tuple[str, ...], ...]:
        """The amount columns of each side of a summary table, left to right."""
        return self.blocks or (self.left_columns, self.columns)

    @property
    def titles(self) -> tuple[str, ...]:
        """The title and every alias, normalised."""
        return _titles(self.title, self.aliases)


@functools.lru_cache(maxsize=1024)
def _titles(title: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    # A reader compares every table's title with every layout's: normalised once.
    return tuple(normalize_label(t) for t in (title, *aliases))


def normalize_label(text: str) -> str:
    """A label as the registry compares it: NFKC, no white space, straight quotes.

    >>> normalize_label("财政拨款“三公”经费支出决算表 ")
    '财政拨款"三公"经费支出决算表'
    """
    found = _NORMALIZED.get(text)
    if found is None:
        if len(_NORMALIZED) >= _REMEMBERED:
            _NORMALIZED.clear()
        cleaned = unicodedata.normalize("NFKC", text).replace("“", '"').replace("”", '"')
        found = _NORMALIZED[text] = "".join(cleaned.split())
    return found


# Labels repeat (a report asks for the same few hundred again and again): each is
# normalised once, and the memory is bounded by starting afresh when full.
_NORMALIZED: dict[str, str] = {}
_REMEMBERED = 1 << 16


_03 = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
_02 = ("本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
       "附属单位上缴收入", "其他收入")
_THREE_PUBLIC = ("合计", "因公出国（境）费", "公务用车购置及运行维护费小计", "公务用车购置费",
                 "公务用车运行维护费", "公务接待费")

LAYOUTS: tuple[Layout, ...] = (
    Layout("公开01表", "收入支出决算总表", Shape.SUMMARY, ("金额",),
           aliases=("收入支出决算总表（部门决算）",), left_columns=("金额",),
           sides=("收入", "支出")),
    Layout("公开02表", "收入决算表", Shape.TREE, _02,
           row_rules=(RowRule(_02[0], _02[1:]),)),
    Layout("公开03表", "支出决算表", Shape.TREE, _03,
           row_rules=(RowRule(_03[0], _03[1:]),)),
    Layout("公开04表", "财政拨款收入支出决算总表", Shape.SUMMARY,
           ("合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"),
           left_columns=("金额",), sides=("收入", "支出")),
    Layout("公开05表", "一般公共预算财政拨款支出决算表", Shape.TREE,
           ("小计", "基本支出", "项目支出"),
           row_rules=(RowRule("小计", ("基本支出", "项目支出")),)),
    Layout("公开06表", "一般公共预算财政拨款基本支出决算明细表", Shape.PANELLED, ("决算数",),
           aliases=("一般公共预算财政拨款基本支出决算表",), panels=4,
           panel_totals=("人员经费合计", "公用经费合计")),
    Layout("公开07表", "政府性基金预算财政拨款收入支出决算表", Shape.TREE,
           ("年初结转和结余", "本年收入", "小计", "基本支出", "项目支出", "年末结转和结余"),
           row_rules=(RowRule("小计", ("基本支出", "项目支出")),)),
    Layout("公开08表", "国有资本经营预算财政拨款支出决算表", Shape.TREE,
           ("合计", "基本支出", "项目支出"),
           row_rules=(RowRule("合计", ("基本支出", "项目支出")),)),
    Layout("公开09表", '财政拨款"三公"经费支出决算表', Shape.THREE_PUBLIC, _THREE_PUBLIC,
           aliases=("一般公共预算财政拨款“三公”经费支出决算表",), sides=("预算数", "决算数")),
    Layout("公开10表", "部门决算公开相关信息统计表", Shape.STATISTICS, ("统计数",),
           aliases=("政府采购情况、机关运行经费及国有资产占用情况表",)),
)

REGISTRY: MappingProxyType[str, Layout] = MappingProxyType({t.id: t for t in LAYOUTS})
"""Every known table, by id."""


def layout_for_title(title: str) -> Layout | None:
    """The layout whose title or alias is ``title``, or None."""
    return _BY_TITLE.get(normalize_label(title))


# Each normalised title and alias, with the first layout that has it.
_BY_TITLE: dict[str, Layout] = {}
for _layout in LAYOUTS:
    for _title in _layout.titles:
        _BY_TITLE.setdefault(_title, _layout)


# The 类 of the functional classification of expenditure (支出功能分类), by name, as the
# summary tables print them; older names of the same 类 are aliases.
CLASS_CODES: MappingProxyType[str, str] = MappingProxyType({
    "一般公共服务支出": "201", "外交支出": "202", "国防支出": "203", "公共安全支出": "204",
    "教育支出": "205", "科学技术支出": "206", "文化旅游体育与传媒支出": "207",
    "文化体育与传媒支出": "207", "社会保障和就业支出": "208", "卫生健康支出": "210",
    "医疗卫生与计划生育支出": "210", "节能环保支出": "211", "城乡社区支出": "212",
    "农林水支出": "213", "交通运输支出": "214", "资源勘探工业信息等支出": "215",
    "资源勘探信息等支出": "215", "商业服务业等支出": "216", "金融支出": "217",
    "援助其他地区支出": "219", "自然资源海洋气象等支出": "220", "国土海洋气象等支出": "220",
    "住房保障支出": "221", "粮油物资储备支出": "222", "国有资本经营预算支出": "223",
    "灾害防治及应急管理支出": "224", "预备费": "227", "其他支出": "229", "转移性支出": "230",
    "债务还本支出": "231", "债务付息支出": "232", "债务发行费用支出": "233",
    "抗疫特别国债安排的支出": "234",
})
