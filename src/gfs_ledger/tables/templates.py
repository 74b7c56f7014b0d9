"""The layouts of published documents, one TOML file per template (``templates/*.toml``).

A template names the document kind it belongs to (决算 or 预算) and lists its tables:
for each, the canonical ``kind`` (the same in every layout: 公开01表 … 公开10表 for
the national 决算 tables, 收支总表, 支出总表, … for budgets), its printed title, the
shape reader that reads it and its amount columns as ``"canonical=printed header"``.
Adding a province's layout is adding a file here.

>>> names = [t.name for t in templates()]
>>> "shanghai-final-accounts" in names and "jiangsu-budget" in names
True
>>> spec = template("jiangsu-budget").tables[4]
>>> spec.kind, spec.layout.columns, spec.headers
('财政拨款支出表', ('金额',), ('金额',))
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from gfs_ledger.errors import NotFound
from gfs_ledger.ledger import RowRule
from gfs_ledger.tables.registry import Layout, Shape, normalize_label

_SHAPES = {"tree": Shape.TREE, "summary": Shape.SUMMARY, "panelled": Shape.PANELLED,
           "three_public": Shape.THREE_PUBLIC, "list": Shape.STATISTICS}


def _column(text: str) -> tuple[str, str]:
    """``"canonical=printed"`` as (canonical, printed); a ``?`` at the end marks a column
    that some documents of the layout leave out (it stays on the printed header)."""
    name, _, printed = text.partition("=")
    optional = "?" if name.endswith("?") else ""
    name = name.rstrip("?")
    return name, (printed.rstrip("?") or name) + optional


@attrs.frozen(slots=True)
class TableSpec:
    """One table of a template: its layout and how its header prints each column.

    ``headers`` are the printed headers of ``layout.columns`` in printed order;
    ``block_headers`` those of each block of a summary table; ``names`` maps printed
    row labels to the canonical ones the rules use.
    """

    kind: str
    title: str
    layout: Layout
    headers: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    block_headers: tuple[tuple[str, ...], ...] = ()
    names: MappingProxyType[str, str] = attrs.field(factory=lambda: MappingProxyType({}))
    interleaved: bool = False
    total_only: bool = False
    code_header: str = "科目编码|科目代码"

    @property
    def titles(self) -> tuple[str, ...]:
        """The title and its aliases as titles are compared (see ``normalize_title``)."""
        return tuple(normalize_title(t) for t in (self.title, *self.aliases))


@attrs.frozen(slots=True)
class Template:
    """One province's (or the nation's) layout of a kind of document."""

    name: str
    province: str
    document: str
    tables: tuple[TableSpec, ...]

    def spec(self, kind: str) -> TableSpec | None:
        """The table of a kind, or None when this layout has none."""
        return next((t for t in self.tables if t.kind == kind), None)


def normalize_title(text: str) -> str:
    """A printed table title as templates compare it: normalised, without a leading
    year (``2023年``), ordinal (``一、``, ``1.``), label (``公开05表``) or the word
    部门 / 单位 / 预算单位 that distinguishes 部门预算 from 单位预算.

    >>> normalize_title("2023年部门“三公”经费和机关运行经费预算表")
    '"三公"经费和机关运行经费预算表'
    >>> normalize_title("公开07表 一般公共预算支出预算表（功能科目）")
    '一般公共预算支出预算表(功能科目)'
    """
    import re

    cleaned = normalize_label(text)
    cleaned = re.sub(r"^(?:公开\d{1,2}表|表\d{1,2}|[一二三四五六七八九十]+、|\d{1,2}[.、．])[:：、.．-]?",
                     "", cleaned)
    cleaned = re.sub(r"^\d{4}年度?", "", cleaned)
    for prefix in ("预算单位", "部门", "单位"):
        if cleaned.startswith(prefix) and len(cleaned) > len(prefix) + 3:
            return cleaned[len(prefix):]
    return cleaned


def _spec(data: dict[str, Any]) -> TableSpec:
    shape = _SHAPES[data["shape"]]
    columns = [_column(c) for c in data.get("columns", ())]
    blocks = [[_column(c) for c in block] for block in data.get("blocks", ())]
    sides = tuple(data.get("sides", ()))
    rules = tuple(RowRule(r[0], tuple(r[1:])) for r in data.get("row_rules", ()))
    if blocks:
        left = tuple(name for name, _ in blocks[0])
        right = tuple(name for name, _ in blocks[-1])
        block_columns = tuple(tuple(name for name, _ in b) for b in blocks)
    else:
        left, right, block_columns = (), tuple(name for name, _ in columns), ()
    layout = Layout(
        data["kind"], data["title"], shape, right, left_columns=left, sides=sides,
        row_rules=rules, panels=data.get("panels", 1),
        panel_totals=tuple(data.get("panel_totals", ())), numbered=data.get("numbered", False),
        blocks=block_columns, class_side=data.get("class_side", 1),
    )
    return TableSpec(
        data["kind"], data["title"], layout, tuple(printed for _, printed in columns),
        tuple(data.get("aliases", ())),
        tuple(tuple(printed for _, printed in b) for b in blocks),
        MappingProxyType(dict(data.get("names", {}))), data.get("interleaved", False),
        data.get("total_only", False), data.get("code_header", "科目编码|科目代码"),
    )


@functools.cache
def templates() -> tuple[Template, ...]:
    """Every template shipped in ``gfs_ledger/tables/templates``, by file name."""
    found = []
    folder = resources.files("gfs_ledger.tables") / "templates"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text("utf-8"))
        found.append(Template(data["name"], data["province"], data["document"],
                              tuple(_spec(t) for t in data["tables"])))
    return tuple(found)


def template(name: str) -> Template:
    """The template of that name; ``NotFound`` (a KeyError) if none."""
    for found in templates():
        if found.name == name:
            return found
    raise NotFound(f"no template {name!r}: {[t.name for t in templates()]}")
