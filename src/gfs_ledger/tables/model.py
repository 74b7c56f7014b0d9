"""What a reader makes of one table: a ``Table`` holding a ``Ledger`` or labelled ``Item`` rows."""

from __future__ import annotations

import enum
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from decimal import Decimal
from itertools import compress, count, starmap
from operator import itemgetter
from typing import Final, TypeVar, overload

import attrs

from gfs_ledger.amounts import Figure, Unit, convert
from gfs_ledger.codes import Code
from gfs_ledger.diagnostics import Diagnostic
from gfs_ledger.errors import NotFound
from gfs_ledger.ledger import Ledger
from gfs_ledger.tables.registry import Layout, normalize_label

_T = TypeVar("_T")


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


_ItemFields = tuple[str, str, str, "int | None", "Code | None", tuple[str, ...],
                    tuple[Figure, ...], int]
# Where each field of an item is in its tuple (``Unbuilt``, ``Table._rows``): Item's order.
SECTION: Final = 0
LABEL: Final = 1
NAME: Final = 2
ROW: Final = 3
CODE: Final = 4
COLUMNS: Final = 5
FIGURES: Final = 6
LINE: Final = 7


def _fields(item: Item) -> _ItemFields:
    return (item.section, item.label, item.name, item.row, item.code, item.columns,
            item.figures, item.line)


def row_figure(row: _ItemFields, column: str) -> Figure:
    """``Item[column]`` of an item's fields, raising as it does."""
    try:
        return row[FIGURES][row[COLUMNS].index(column)]
    except ValueError:
        raise NotFound(
            f"no column {column!r} in {row[LABEL]}: {row[COLUMNS]}") from None


class Unbuilt(tuple[_ItemFields, ...]):
    """The fields of a table's items, in order, as a reader found them: each becomes an
    ``Item`` when the table's items are first read (most reports never read most of
    them, and a frozen attrs object costs some twenty tuples)."""

    __slots__ = ()

    def built(self) -> tuple[Item, ...]:
        return tuple(starmap(Item, self))


def _built(items: tuple[Item, ...] | Unbuilt) -> tuple[Item, ...]:
    """What a table's items compare and hash as: the items, built."""
    return items.built() if isinstance(items, Unbuilt) else items


@attrs.frozen(slots=True, repr=False)
class Table:
    """One table of a report.

    A tree or panelled table has a ``ledger``; summary, "三公" and statistics
    tables have ``items`` (a panelled table keeps its closing totals as items
    too). ``value(label, column, section=)`` reaches any labelled figure.
    ``id`` is the kind of table, the same in every layout; ``label`` the number
    the document prints for it (公开05表), if any, and ``title`` its printed title;
    ``unit`` the unit of money its header prints (None: the report's);
    ``total_line`` the line of a ledger's 合计 row.
    """

    id: str
    title: str
    layout: Layout
    status: Status
    line: int
    ledger: Ledger | None = None
    # ``items``, given as a tuple of them or as ``Unbuilt`` (see the property).
    _items: tuple[Item, ...] | Unbuilt = attrs.field(default=(), eq=_built)
    diagnostics: tuple[Diagnostic, ...] = ()
    label: str | None = None
    unit: Unit | None = None
    total_line: int | None = None
    _index: _Index | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def items(self) -> tuple[Item, ...]:
        """The labelled rows, in printed order."""
        found = self._items
        if isinstance(found, Unbuilt):
            found = found.built()
            object.__setattr__(self, "_items", found)
        return found

    @property
    def empty(self) -> bool:
        """True for a table published empty (``本表无数据``)."""
        return self.status is Status.EMPTY

    def section(self, name: str) -> tuple[Item, ...]:
        """The items of one section (收入, 支出, 预算数, 政府采购情况, …)."""
        return tuple(map(self.items.__getitem__, self._indexed().section(normalize_label(name))))

    def find(self, label: str, section: str | None = None) -> Item | None:
        """The first item whose name (or printed label) is ``label``, or None."""
        k = self._indexed().find(
            normalize_label(label), None if section is None else normalize_label(section))
        return None if k is None else self.items[k]

    # The same look-ups as the items' fields (read by position: SECTION, NAME, ...), for
    # the audit, which reads a few figures of most rows and so never builds an Item.

    def _rows(self) -> tuple[_ItemFields, ...]:
        """The fields of every item, in printed order."""
        return self._indexed().rows

    def _section_rows(self, name: str) -> tuple[_ItemFields, ...]:
        """``section(name)``, as the items' fields."""
        index = self._indexed()
        return tuple(map(index.rows.__getitem__, index.section(normalize_label(name))))

    def _row(self, label: str, section: str | None = None) -> _ItemFields | None:
        """``find(label, section)``, as the item's fields."""
        index = self._indexed()
        name, within = normalize_label(label), None if section is None else normalize_label(section)
        first = index.first.get(within)  # ``index.find``, without its call once made
        k = index.find(name, within) if first is None else first.get(name)
        return None if k is None else index.rows[k]

    def _indexed(self) -> _Index:
        # Built on the first look-up: the rules and the prose ask a table for its rows
        # thousands of times a report.
        if self._index is None:
            found = self._items
            rows = found if isinstance(found, Unbuilt) else tuple(map(_fields, found))
            object.__setattr__(self, "_index", _Index(rows))
        assert self._index is not None
        return self._index

    def item(self, label: str, section: str | None = None) -> Item:
        """The first item whose name (or printed label) is ``label``; KeyError if none."""
        found = self.find(label, section)
        if found is None:
            raise self._no_row(label, section)
        return found

    def _no_row(self, label: str, section: str | None) -> NotFound:
        where = f" in section {section}" if section else ""
        return NotFound(f"no row {label!r}{where} in {self.id}")

    def row(self, number: int) -> Item:
        """The item printed with 行次 ``number``."""
        found = next((i for i in self.items if i.row == number), None)
        if found is None:
            raise NotFound(f"no row with 行次 {number} in {self.id}")
        return found

    def value(self, label: str, column: str | None = None, section: str | None = None) -> Figure:
        """The figure of a labelled row in a column (the first column by default)."""
        row = self._row(label, section)  # as ``item`` finds it, without building it
        if row is None:
            raise self._no_row(label, section)
        return row[FIGURES][0] if column is None else row_figure(row, column)

    @property
    def classes(self) -> Mapping[str, Item]:
        """The expenditure rows that carry a 类 code, by code."""
        return {str(i.code): i for i in self.items if i.code is not None}

    @property
    def name(self) -> str:
        """What the document calls it: its printed label, else its kind."""
        return self.label or self.id

    def in_unit(self, unit: Unit) -> Table:
        """The same table with every figure converted, exactly, to ``unit``. A table
        whose unit is not known (the text reader leaves it to the report) is taken to
        be in ``unit`` already.

        >>> from gfs_ledger import Unit, read_report
        >>> table = read_report().tables["公开03表"].in_unit(Unit.YUAN)
        >>> table.unit.value, table.ledger.value("20113", "基本支出")
        ('元', Decimal('7.3582E+6'))
        """
        source = self.unit or (self.ledger.unit if self.ledger is not None else None)
        if source is None or source is unit:
            return attrs.evolve(self, unit=unit) if source is None else self

        def converted(figures: tuple[Figure, ...]) -> tuple[Figure, ...]:
            return tuple(convert(f, source, unit) if isinstance(f, Decimal) else f
                         for f in figures)

        found = self._items
        items: tuple[Item, ...] | Unbuilt
        if isinstance(found, Unbuilt):  # converted as fields: still unbuilt
            items = Unbuilt((sec, label, name, row, code, columns, converted(figures), line)
                            for sec, label, name, row, code, columns, figures, line in found)
        else:
            items = tuple(attrs.evolve(i, figures=converted(i.figures)) for i in found)
        ledger = None if self.ledger is None else attrs.evolve(self.ledger, unit=source).in_unit(unit)
        return attrs.evolve(self, items=items, ledger=ledger, unit=unit)

    def __repr__(self) -> str:
        what = repr(self.ledger) if self.ledger is not None else f"{len(self.items)} rows"
        return f"<Table {self.id} {self.title} ({self.status.value}): {what}>"


class _Index:
    """A table's items' fields (``rows``) and, made when first asked, the positions of
    the rows of a section and the first row of each name, else of each printed label,
    in a section (None: the whole table). Built from the fields' columns in C: a dict
    or a loop in Python per row cost more than the look-ups a report makes."""

    __slots__ = ("_labels", "_names", "_positions", "_sections", "first", "rows")

    def __init__(self, rows: tuple[_ItemFields, ...]) -> None:
        self.rows = rows
        self._sections: tuple[str, ...] = tuple(map(itemgetter(SECTION), rows))
        self._names: tuple[str, ...] = tuple(map(itemgetter(NAME), rows))
        self._labels: tuple[str, ...] = tuple(map(itemgetter(LABEL), rows))
        self._positions: dict[str, tuple[int, ...]] = {}
        self.first: dict[str | None, dict[str, int]] = {}

    def section(self, name: str) -> tuple[int, ...]:
        """The positions of the rows of a section, in order."""
        found = self._positions.get(name)
        if found is None:
            found = self._positions[name] = tuple(
                compress(count(), map(name.__eq__, self._sections)))
        return found

    def find(self, name: str, section: str | None) -> int | None:
        """The position of the first row of that name, else label, in that section."""
        found = self.first.get(section)
        if found is None:
            at = range(len(self.rows)) if section is None else self.section(section)
            back = at[::-1]  # from the last row up: the first row of a key is kept
            found = dict(zip(map(self._labels.__getitem__, back), back))
            found.update(zip(map(self._names.__getitem__, back), back))
            self.first[section] = found
        return found.get(name)


class Tables(Mapping[str, Table]):
    """The tables of a report by kind, which also finds a table by its printed label
    (``公开05表``) or title.

    >>> from gfs_ledger import read_report
    >>> tables = read_report().tables
    >>> tables["公开03表"].title, tables["支出决算表"].id
    ('支出决算表', '公开03表')
    """

    __slots__ = ("_aliases", "_by_id")

    def __init__(self, tables: Mapping[str, Table]) -> None:
        self._by_id = dict(tables)
        self._aliases: dict[str, str] = {}
        for table in self._by_id.values():
            for alias in (table.label, normalize_label(table.title)):
                if alias and alias not in self._by_id:
                    self._aliases.setdefault(alias, table.id)

    def __getitem__(self, key: str) -> Table:
        found = self._by_id.get(key)
        if found is None:
            alias = self._aliases.get(key) or self._aliases.get(normalize_label(key))
            if alias is None:
                raise NotFound(f"no table {key!r} in the report: {list(self._by_id)}")
            found = self._by_id[alias]
        return found

    @overload
    def get(self, key: str, /) -> Table | None: ...

    @overload
    def get(self, key: str, /, default: Table | _T) -> Table | _T: ...

    def get(self, key: str, /, default: object = None) -> object:
        # Mapping.get would raise and catch NotFound for every table a report lacks.
        found = self._by_id.get(key)
        if found is not None:
            return found
        alias = self._aliases.get(key) or self._aliases.get(normalize_label(key))
        return default if alias is None else self._by_id[alias]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    # The dict's own views: Mapping's would look each table up again in Python.
    def values(self) -> ValuesView[Table]:
        return self._by_id.values()

    def items(self) -> ItemsView[str, Table]:
        return self._by_id.items()

    def __len__(self) -> int:
        return len(self._by_id)

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == dict(other.items()) if isinstance(other, Mapping) else False

    def __repr__(self) -> str:
        return f"Tables({list(self._by_id)})"


# The positional pattern of a table names its items as the property, not the field.
Table.__match_args__ = tuple(  # type: ignore[misc, assignment]
    "items" if name == "_items" else name for name in Table.__match_args__)
