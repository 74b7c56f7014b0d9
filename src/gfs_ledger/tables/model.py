"""What a reader makes of one table: a ``Table`` holding a ``Ledger`` or labelled ``Item`` rows."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from gfs_ledger.amounts import Figure
from gfs_ledger.codes import Code
from gfs_ledger.diagnostics import Diagnostic
from gfs_ledger.errors import NotFound
from gfs_ledger.ledger import Ledger
from gfs_ledger.tables.registry import Layout, normalize_label


class Status(enum.StrEnum):
    """Whether a table was read, published empty (``本表无数据``), or is not in the text."""

    READ = "read"
    EMPTY = "empty"
    MISSING = "missing"


@attrs.frozen(slots=True)
class Item:
    """One labelled row of a summary, "三公" or statistics table.

    ``section`` is the half or part of the table the row belongs to (收入/支出,
    预算数/决算数, 政府采购情况…); ``label`` the printed label, ``name`` the label
    without its ordinal (``一、``, ``(一)``, ``1.``); ``row`` its 行次 if printed;
    ``code`` the 类 resolved from the name on an expenditure side.
    """

    section: str
    label: str
    name: str
    row: int | None
    code: Code | None
    columns: tuple[str, ...]
    figures: tuple[Figure, ...]
    line: int

    def __getitem__(self, column: str) -> Figure:
        try:
            return self.figures[self.columns.index(column)]
        except ValueError:
            raise NotFound(f"no column {column!r} in {self.label}: {self.columns}") from None

    @property
    def value(self) -> Figure:
        """The figure of a one-column row."""
        return self.figures[0]


@attrs.frozen(slots=True, repr=False)
class Table:
    """One table of a report.

    A tree or panelled table has a ``ledger``; summary, "三公" and statistics
    tables have ``items`` (a panelled table keeps its closing totals as items
    too). ``value(label, column, section=)`` reaches any labelled figure.
    """

    id: str
    title: str
    layout: Layout
    status: Status
    line: int
    ledger: Ledger | None = None
    items: tuple[Item, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def empty(self) -> bool:
        """True for a table published empty (``本表无数据``)."""
        return self.status is Status.EMPTY

    def section(self, name: str) -> tuple[Item, ...]:
        """The items of one section (收入, 支出, 预算数, 政府采购情况, …)."""
        wanted = normalize_label(name)
        return tuple(i for i in self.items if i.section == wanted)

    def find(self, label: str, section: str | None = None) -> Item | None:
        """The first item whose name (or printed label) is ``label``, or None."""
        wanted = normalize_label(label)
        scope = self.items if section is None else self.section(section)
        return next((i for i in scope if i.name == wanted), None) or next(
            (i for i in scope if i.label == wanted), None
        )

    def item(self, label: str, section: str | None = None) -> Item:
        """The first item whose name (or printed label) is ``label``; KeyError if none."""
        found = self.find(label, section)
        if found is None:
            where = f" in section {section}" if section else ""
            raise NotFound(f"no row {label!r}{where} in {self.id}")
        return found

    def row(self, number: int) -> Item:
        """The item printed with 行次 ``number``."""
        found = next((i for i in self.items if i.row == number), None)
        if found is None:
            raise NotFound(f"no row with 行次 {number} in {self.id}")
        return found

    def value(self, label: str, column: str | None = None, section: str | None = None) -> Figure:
        """The figure of a labelled row in a column (the first column by default)."""
        found = self.item(label, section)
        return found.figures[0] if column is None else found[column]

    @property
    def classes(self) -> Mapping[str, Item]:
        """The expenditure rows that carry a 类 code, by code."""
        return {str(i.code): i for i in self.items if i.code is not None}

    def __repr__(self) -> str:
        what = repr(self.ledger) if self.ledger is not None else f"{len(self.items)} rows"
        return f"<Table {self.id} {self.title} ({self.status.value}): {what}>"
