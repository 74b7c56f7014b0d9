"""The immutable ledger: a tree of accounts with named amount columns.

Inside, a ledger keeps its columns as tuples (one per amount column) and hands
out ``Account`` views on demand, so that a million accounts cost a million
Decimals per column and little else. A figure the ledger computed (a sum made by
consolidation or rollup) carries the ``Steps`` of the printed figures it was
made of beside it; a ledger of printed figures only carries nothing.
"""

from __future__ import annotations

import operator
import os
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from decimal import Decimal
from itertools import chain, islice, repeat
from operator import itemgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

import attrs

from gfs_ledger.amounts import (
    NOT_APPLICABLE,
    Figure,
    NotApplicable,
    Unit,
    convert,
    parse_amount,
    step_of_exponent,
)
from gfs_ledger.codes import Code, Scheme, normalize_code, scheme_of
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import InvalidAmount, InvalidCode, InvalidValue, NotFound
from gfs_ledger.intervals import Interval, Steps, Tolerance, exponent_of
from gfs_ledger.packed import StepColumn, parse_column
from gfs_ledger.wording import counted

if TYPE_CHECKING:
    from gfs_ledger.findings import Audit

TOTAL_NAME = "合计"
RowValues = Sequence[Figure | str | int] | Mapping[str, Figure | str | int]
_TOTAL_SUFFIXES = ("合计", "小计", "总计")


def _names_tuple(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)


@attrs.frozen(slots=True)
class RowRule:
    """A row identity: the ``total`` column equals the sum of the ``parts`` columns.

    >>> RowRule.infer(["本年支出合计", "基本支出", "项目支出"])
    (RowRule(total='本年支出合计', parts=('基本支出', '项目支出')),)
    """

    total: str
    parts: tuple[str, ...] = attrs.field(converter=_names_tuple)

    @classmethod
    def infer(cls, columns: Sequence[str]) -> tuple[RowRule, ...]:
        """The rule of a table whose first column, named …合计/小计/总计, totals the others."""
        if len(columns) > 1 and columns[0].strip().endswith(_TOTAL_SUFFIXES):
            return (cls(columns[0], tuple(columns[1:])),)
        return ()


@attrs.frozen(slots=True)
class Account:
    """A view of one account of a ledger: its code, name and a figure per column.

    >>> from gfs_ledger.samples import sample_ledger
    >>> account = sample_ledger()["20113"]
    >>> account.name, account["基本支出"], account.parent
    ('商贸事务', Decimal('735.82'), Code('201'))
    """

    code: Code
    name: str
    values: Mapping[str, Figure]
    printed: bool = True

    def __getitem__(self, column: str) -> Figure:
        return self.values[column]

    @property
    def level(self) -> int:
        """1 for a 类, 2 for a 款, 3 for a 项, 4 for a 目."""
        return self.code.level

    @property
    def level_name(self) -> str:
        """类, 款, 项 or 目."""
        return self.code.level_name

    @property
    def parent(self) -> Code | None:
        """The code one level up, None for a 类."""
        return self.code.parent


# One row on its way into a ledger: (digits, name, figures, line). Line 0 marks
# an account that was not printed, line -1 one added after reading.
_Entry = tuple[str, str, tuple[Figure, ...], int]


def _coerce_figure(value: Figure | str | int) -> Figure:
    if value is None or isinstance(value, NotApplicable):
        return value
    return parse_amount(value)  # a Decimal too: it must be finite


def _row_name(line: int) -> str:
    """How an error names a row given to ``from_rows``: its 1-based position, or 0 for
    the 合计 row."""
    return "the 合计 row" if line == 0 else f"row {line}"


def _figures(values: RowValues, columns: tuple[str, ...], line: int) -> tuple[Figure, ...]:
    return tuple(_row_figures(values, columns, line))


def _row_figures(values: RowValues, columns: tuple[str, ...], line: int) -> Sequence[Figure]:
    """The figures of a row, checked and converted; a row of finite Decimals as it is."""
    if not isinstance(values, (list, tuple)) and isinstance(values, Mapping):
        unknown = set(values) - set(columns)
        if unknown:
            raise InvalidValue(f"{_row_name(line)}: unknown columns {sorted(unknown)}")
        raw: Sequence[Figure | str | int] = [values.get(c) for c in columns]
    else:
        raw = values
        if len(raw) != len(columns):
            raise InvalidValue(
                f"{_row_name(line)}: {counted(len(raw), 'figure')} for "
                f"{counted(len(columns), 'column')}")
    try:
        # The common case, a row of finite Decimals, needs no conversion; any other
        # cell makes is_finite raise TypeError.
        if all(map(Decimal.is_finite, raw)):  # type: ignore[arg-type]
            return raw  # type: ignore[return-value]
    except TypeError:
        pass
    try:
        return tuple(map(_coerce_figure, raw))
    except InvalidAmount as error:
        raise InvalidAmount(f"{_row_name(line)}: {error}") from None


# A row before the first, so that each row's position in a list is its line.
_NO_ROW: tuple[str, str, RowValues] = ("", "", ())
# Rows taken column by column: codes, names, a list or StepColumn per amount column, the
# line (1-based input position) of each, and where they are in printed order, the
# position of each one's parent (see ``_parents_in_order``).
_Columns = tuple[list[str], list[str], list[Sequence[Figure]], Sequence[int],
                 tuple[int, ...] | None]


def _columns_at_once(
    rows: list[tuple[str | Code, str, RowValues]], columns: tuple[str, ...]
) -> _Columns | None:
    """The columns of rows of canonical code text and a list or tuple of the right
    length, of plain printed figures of one step per column (read into ``StepColumn``)
    or of finite Decimals, checked with whole-column operations, and put in printed
    order when no code repeats and no parent is missing; None when any row needs the
    row-by-row way. ``rows`` start with ``_NO_ROW``, so that a row's position is its
    line."""
    n = len(rows) - 1
    if n < 1:
        return None
    # itemgetter, not zip(*rows): zip would make an iterator per row, and that many new
    # objects set the garbage collector scanning everything built so far.
    try:
        order = _sort_order(list(map(itemgetter(0), rows)), 1)
    except TypeError:  # codes that are not all text
        return None
    # The rows themselves are put in printed order, before anything else is taken
    # from them (the codes are checked in that order too): one list moved instead of
    # one per field.
    taken = list(islice(rows, 1, None) if order is None else map(rows.__getitem__, order))
    codes = list(map(itemgetter(0), taken))
    lines: Sequence[int] = range(1, n + 1) if order is None else array("q", order)
    if not (
        set(map(type, codes)) == {str}
        and set(map(len, codes)) <= _CODE_LENGTHS
        and (joined := "".join(codes)).isdigit()
        and joined.isascii()
    ):
        return None
    parents = _parents_in_order(codes, repeats=order is not None)
    if parents is None and order is not None:
        # A code repeated or a parent missing: the rows as given, for the slow paths.
        taken = rows[1:]
        codes = list(map(itemgetter(0), taken))
        lines = range(1, n + 1)
    names, values = (list(map(itemgetter(k), taken)) for k in (1, 2))
    del taken
    if not (set(map(type, values)) <= {list, tuple} and set(map(len, values)) == {len(columns)}):
        return None
    # Every cell in one list, row after row, which each column then slices.
    width = len(columns)
    flat = list(chain.from_iterable(values))
    del values
    cells = [flat[j::width] for j in range(width)]
    packed = []
    for column in cells:
        step = parse_column(column)
        if step is None:
            break
        packed.append(step)
    else:
        return codes, names, list(packed), lines, parents
    try:
        if not all(map(Decimal.is_finite, flat)):
            return None
    except TypeError:  # a cell that is not a Decimal
        return None
    return codes, names, list(cells), lines, parents


def in_printed_order(
    codes: list[str], names: list[str], cells: list[list[Any]], lines: Sequence[int]
) -> tuple[list[str], list[str], list[list[Any]], Sequence[int], tuple[int, ...] | None]:
    """Rows held column by column (canonical codes) put in printed order, with the
    position of each one's parent, when no code repeats and no parent is missing; as
    they are, without parents, otherwise (``Ledger._assemble`` then takes its slow
    paths)."""
    order = _sort_order(codes)
    ordered = codes if order is None else list(map(codes.__getitem__, order))
    parents = _parents_in_order(ordered, repeats=order is not None)
    if parents is None or order is None:
        return codes, names, cells, lines, parents
    names = list(map(names.__getitem__, order))
    cells = [list(map(column.__getitem__, order)) for column in cells]
    return ordered, names, cells, array("q", map(lines.__getitem__, order)), parents


def _sort_order(codes: list[str], start: int = 0) -> list[int] | None:
    """The positions of ``codes[start:]`` in printed order, a repeated code beside its
    first; None when they are in that order already, no code repeated."""
    if all(map(operator.lt, islice(codes, start, None), islice(codes, start + 1, None))):
        return None
    return sorted(range(start, len(codes)), key=codes.__getitem__)


def _parents_in_order(digits: list[str], *, repeats: bool = True) -> tuple[int, ...] | None:
    """The position of the parent of each code of ``digits``, in printed order (-1 for a
    类); None when a parent is missing, a code is not 3, 5, 7 or 9 characters long, or
    (unless ``repeats`` is False: none does) a code repeats."""
    if repeats and not all(map(operator.lt, digits, islice(digits, 1, None))):
        return None
    # In printed order the parent of a code is the last code two digits shorter
    # before it, if that code is its prefix.
    lengths = list(map(len, digits))
    if not set(lengths) <= _CODE_LENGTHS:
        return None
    last = [-1] * 10
    parents: list[int] = []
    append = parents.append
    for i, length in enumerate(lengths):
        append(last[length - 2])
        last[length] = i
    if parents.count(-1) != lengths.count(3):  # a code with no shorter code before it
        return None
    digits.append("")  # what the -1 of a 类 finds: every code starts with it
    try:
        if not all(map(str.startswith, digits, map(digits.__getitem__, parents))):
            return None
    finally:
        digits.pop()
    return tuple(parents)


def _columns_row_by_row(
    rows: list[tuple[str | Code, str, RowValues]], columns: tuple[str, ...]
) -> tuple[list[str], list[str], list[Sequence[Figure]]]:
    """The columns of rows, each code and cell checked and converted."""
    digits: list[str] = []
    names: list[str] = []
    cells: list[list[Figure]] = [[] for _ in columns]
    for line, (code, name, values) in enumerate(rows, start=1):
        try:
            digits.append(code.digits if isinstance(code, Code) else normalize_code(code))
        except InvalidCode as error:
            raise InvalidCode(f"row {line}: {error}") from None
        names.append(name)
        for column, figure in zip(cells, _row_figures(values, columns, line)):
            column.append(figure)
    return digits, names, [*cells]


_CODE_LENGTHS = frozenset({3, 5, 7, 9})
# The diagnostics that assembling a ledger works out from its rows.
_STRUCTURE_KINDS = frozenset({"missing_parent", "mixed_schemes"})


def _above(digits: Sequence[str]) -> list[str]:
    """The parent of each code; its first digit for a 类."""
    return [d[:-2] for d in digits]


def _add(a: Figure, b: Figure) -> Figure:
    """Add two cells: blanks and ``——`` add nothing; two ``——`` stay ``——``."""
    if isinstance(a, Decimal):
        return a + b if isinstance(b, Decimal) else a
    if isinstance(b, Decimal):
        return b
    return NOT_APPLICABLE if a is NOT_APPLICABLE and b is NOT_APPLICABLE else None


_UNSET = object()

# The steps of each cell of a column: None for a printed figure, a blank or a ——.
_StepsColumn = tuple[Steps | None, ...]


class _Carried:
    """The steps that a ledger's computed figures carry, one tuple per column and one
    for the 合计 row (None where every figure is printed); worked out the first time
    they are asked for when ``make`` is given (a rollup's)."""

    __slots__ = ("_make", "_value")

    def __init__(
        self,
        cells: tuple[_StepsColumn | None, ...] = (),
        total: _StepsColumn | None = None,
        make: Callable[[], tuple[tuple[_StepsColumn | None, ...], _StepsColumn | None]]
        | None = None,
    ) -> None:
        self._make = make
        self._value = None if make is not None else (cells, total)

    @classmethod
    def of(
        cls, cells: Sequence[Sequence[Steps | None] | None],
        total: Sequence[Steps | None] | None,
    ) -> _Carried | None:
        """_Carried steps, or None when no cell carries any."""
        columns = tuple(tuple(c) if c is not None and any(c) else None for c in cells)
        kept = tuple(total) if total is not None and any(total) else None
        if kept is None and not any(c is not None for c in columns):
            return None
        return cls(columns, kept)

    def __reduce__(self) -> tuple[type[_Carried], tuple[Any, ...]]:
        # A pickle holds the steps, worked out, not the way to work them out.
        return _Carried, self._get()

    def _get(self) -> tuple[tuple[_StepsColumn | None, ...], _StepsColumn | None]:
        if self._value is None:
            assert self._make is not None
            self._value = self._make()
            self._make = None
        return self._value

    def column(self, j: int) -> _StepsColumn | None:
        """The steps of column j, None when it has only printed figures."""
        cells = self._get()[0]
        return cells[j] if j < len(cells) else None

    @property
    def total(self) -> _StepsColumn | None:
        """The steps of the 合计 row, None when it has only printed figures."""
        return self._get()[1]


# While a consolidation adds up a cell, its steps may be bare counts, as in
# ``Steps.counts``: a tuple is cheaper to make than a Steps at every addition.
_Counts = tuple[tuple[int, bool, int], ...]


def _merge_column(
    values: list[Figure], steps: list[Steps | _Counts | None],
    column: Sequence[Figure], column_steps: Sequence[Steps | None],
    pairs: Iterable[tuple[int, int]],
) -> None:
    """Add cells of ``column`` into ``values`` (see ``_add``), cell i into cell r for each
    (i, r) of ``pairs``; a figure added to a figure is a sum that carries the counts of
    both (each one's own steps, or its digits' where it is printed)."""
    for i, r in pairs:
        a, b = values[r], column[i]
        if isinstance(b, Decimal):
            if isinstance(a, Decimal):
                steps[r] = _more_counts(_counts_of(a, steps[r]), b, column_steps[i])
                values[r] = a + b
            else:  # blank or —— plus a figure: the figure, as it is
                values[r], steps[r] = b, column_steps[i]
        elif not isinstance(a, Decimal):
            values[r] = _add(a, b)


def _counts_of(value: Decimal, steps: Steps | _Counts | None) -> _Counts:
    if steps is None:
        return ((exponent_of(value), value < 0, 1),)
    return steps.counts if isinstance(steps, Steps) else steps


def _more_counts(counts: _Counts, figure: Decimal, steps: Steps | None) -> _Counts:
    """The counts of a sum with one more figure (printed where ``steps`` is None)."""
    if steps is None and len(counts) == 1:
        # The common case: one more figure printed to the same step, of the same sign.
        ((exponent, negative, count),) = counts
        if (figure < 0) is negative and figure.same_quantum(step_of_exponent(exponent)):
            return ((exponent, negative, count + 1),)
    return (Steps(counts) + (steps or Steps.of(figure))).counts


def _as_steps(steps: Sequence[Steps | _Counts | None]) -> list[Steps | None]:
    """The steps of a column, its bare counts made Steps."""
    return [Steps(s) if isinstance(s, tuple) else s for s in steps]


def _sum(figures: Sequence[Figure]) -> Figure:
    """The sum of cells (see ``_add``); None for no cells at all."""
    if not figures:
        return None
    result = figures[0]
    for figure in figures[1:]:
        result = _add(result, figure)
    return result


def _figure_key(value: Figure) -> object:
    return str(value) if isinstance(value, Decimal) else value


def _check_rules(row_rules: tuple[RowRule, ...], columns: tuple[str, ...]) -> None:
    """Refuse a row rule that names a column the ledger does not have."""
    named = set(columns)
    for rule in row_rules:
        if not named.issuperset((rule.total, *rule.parts)):
            missing = [c for c in (rule.total, *rule.parts) if c not in columns]
            raise InvalidValue(f"row rule {rule} names unknown columns {missing}")


def _mixed_schemes(first_digits: set[str], title: str | None) -> tuple[Diagnostic, ...]:
    """The error for codes of more than one scheme, told by their first digits."""
    schemes = {scheme_of(first) for first in first_digits}
    if len(schemes) < 2:
        return ()
    listed = ", ".join(sorted(s.value for s in schemes))
    return (Diagnostic("mixed_schemes", f"codes of different schemes in one table: {listed}",
                       Severity.ERROR, None, None, title),)


class _Rows:
    """Rows on their way into a ledger, one list per field, and the slow paths of
    assembling them: duplicate codes, missing parents, rows out of order."""

    def __init__(
        self, digits: list[str], names: list[str], cells: list[Sequence[Figure]],
        lines: Sequence[int],
    ) -> None:
        self.digits, self.names, self.cells, self.lines = digits, names, cells, lines

    def _keep(self, positions: Sequence[int], digits: list[str] | None = None) -> None:
        self.digits = digits or list(map(self.digits.__getitem__, positions))
        self.names = list(map(self.names.__getitem__, positions))
        self.cells = [
            column.take(positions) if isinstance(column, StepColumn)
            else list(map(column.__getitem__, positions))
            for column in self.cells
        ]
        self.lines = array("q", map(self.lines.__getitem__, positions))

    def in_order(self) -> tuple[int, ...] | None:
        """Put the rows in printed order (each parent just before its children) and
        return the position of each one's parent (-1 for a 类), in one pass, when no
        code repeats and no parent is missing; else None, the rows left as given."""
        order = _sort_order(self.digits)
        if order is None:
            return _parents_in_order(self.digits, repeats=False)
        ordered = list(map(self.digits.__getitem__, order))
        parents = _parents_in_order(ordered)
        if parents is not None:
            self._keep(order, ordered)
        return parents

    def drop_duplicates(self, problems: list[Diagnostic], title: str | None) -> dict[str, int]:
        """Keep the first row of each code and report the others; returns the index."""
        first: dict[str, int] = {}
        kept = []
        for i, digits in enumerate(self.digits):
            j = first.setdefault(digits, i)
            if j == i:
                kept.append(i)
                continue
            line = self.lines[i]
            problems.append(Diagnostic(
                "duplicate_code",
                f"{digits} on line {line} repeats line {self.lines[j]}; "
                f"the figures of line {line} are not in the ledger",
                Severity.ERROR, line, digits, title))
        self._keep(kept)
        return dict(zip(self.digits, range(len(self.digits))))

    def add_missing_parents(
        self, index: dict[str, int], problems: list[Diagnostic], title: str | None
    ) -> None:
        """Add a blank, unprinted row for every missing parent, and report it."""
        self.lines = list(self.lines)
        cells: list[list[Figure]] = [list(column) for column in self.cells]
        self.cells = list(cells)
        for digits, line in list(zip(self.digits, self.lines)):
            child = digits
            while len(child) > 3 and child[:-2] not in index:
                parent = child[:-2]
                index[parent] = len(self.digits)
                self.digits.append(parent)
                self.names.append("")
                for column in cells:
                    column.append(None)
                self.lines.append(0)
                problems.append(Diagnostic(
                    "missing_parent",
                    f"{parent} is not printed; {digits} on line {line} hangs from it",
                    Severity.WARNING, line, parent, title))
                child = parent

    def sort(self) -> None:
        """Put the rows in printed order: each parent just before its children."""
        self._keep(sorted(range(len(self.digits)), key=self.digits.__getitem__))


@attrs.frozen(slots=True, eq=False, repr=False)
class Ledger:
    """An immutable tree of accounts (类 → 款 → 项) with named amount columns.

    Build one with ``Ledger.from_rows`` (rows in any order) or
    ``Ledger.from_csv``. Every change returns a new ledger and leaves this one
    as it was.

    >>> ledger = Ledger.from_rows(
    ...     [("2011301", "行政运行", ["692.99"]), ("201", "一般公共服务支出", ["751.01"]),
    ...      ("20113", "商贸事务", ["750.05"]), ("2011303", "机关服务", ["42.84"]),
    ...      ("2011399", "其他商贸事务支出", ["14.23"])],
    ...     columns=["本年支出合计"], title="公开03表")
    >>> [str(a.code) for a in ledger.children("20113")]
    ['2011301', '2011303', '2011399']
    >>> ledger.rollup()["20113"]["本年支出合计"]
    Decimal('750.06')
    >>> [(str(f.code), f.outcome.value) for f in ledger.check().findings]
    [('201', 'violated'), ('20113', 'rounding')]
    """

    columns: tuple[str, ...]
    _digits: tuple[str, ...]
    _names: tuple[str, ...]
    # The figures column by column: a tuple, or a StepColumn of figures of one step.
    _values: tuple[Sequence[Figure], ...]
    _printed: tuple[bool, ...]
    total: tuple[Figure, ...] | None = None
    row_rules: tuple[RowRule, ...] = ()
    title: str | None = None
    unit: Unit = Unit.WAN
    diagnostics: tuple[Diagnostic, ...] = ()
    _lines: Sequence[int] | None = None
    # The position of each code, made when first asked for (see ``_index``).
    _code_index: dict[str, int] | None = attrs.field(default=None, eq=False)
    _parents: tuple[int, ...] = ()
    _carried: _Carried | None = attrs.field(default=None, eq=False)
    _tuples: tuple[tuple[Figure, ...], ...] | None = attrs.field(
        default=None, init=False, eq=False)

    @property
    def _index(self) -> dict[str, int]:
        """The position of each code."""
        if self._code_index is None:
            index = dict(zip(self._digits, range(len(self._digits))))
            object.__setattr__(self, "_code_index", index)
            return index
        return self._code_index

    @property
    def _cells(self) -> tuple[tuple[Figure, ...], ...]:
        """The figures column by column as tuples, made once (``_values`` keeps a column
        of one step as integers)."""
        if self._tuples is None:
            tuples = tuple(c if isinstance(c, tuple) else tuple(c) for c in self._values)
            object.__setattr__(self, "_tuples", tuples)
            return tuples
        return self._tuples

    # ---- construction -------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str | Code, str, RowValues]],
        *,
        columns: Sequence[str],
        total: RowValues | None = None,
        row_rules: Sequence[RowRule] | None = None,
        title: str | None = None,
        unit: Unit = Unit.WAN,
    ) -> Ledger:
        """Build a ledger from ``(code, name, figures)`` rows given in any order.

        Figures are a sequence aligned with ``columns`` or a mapping by column
        name; each is a Decimal, None (blank), ``NOT_APPLICABLE``, an int or
        printed text. ``total`` is the 合计 row. ``row_rules`` default to
        ``RowRule.infer(columns)``. Duplicate codes, missing parents and mixed
        schemes are reported in ``diagnostics``.

        >>> Ledger.from_rows([("201", "一般公共服务支出", {"合计": "1.00"})], columns=["合计"])
        <Ledger: 1 account × 1 column (合计)>
        """
        cols = tuple(columns)
        if len(set(cols)) != len(cols):
            raise InvalidValue(f"duplicate column names in {list(cols)}")
        table = [_NO_ROW, *rows]
        taken = _columns_at_once(table, cols)
        # Rows taken at once were put in printed order if they could be: without
        # parents, they need the slow paths, and in_order would only find that again.
        ordered = taken is not None
        if taken is None:
            digits, names, cells = _columns_row_by_row(table[1:], cols)
            taken = digits, names, cells, range(1, len(digits) + 1), None
        total_figures = None if total is None else _figures(total, cols, 0)
        rules = RowRule.infer(cols) if row_rules is None else tuple(row_rules)
        digits, names, cells, lines, parents = taken
        return cls._assemble(
            digits, names, cells, lines, cols, total_figures, rules, title, unit, (), parents,
            ordered=ordered,
        )

    @classmethod
    def assemble(
        cls,
        entries: Sequence[_Entry],
        columns: tuple[str, ...],
        total: tuple[Figure, ...] | None,
        row_rules: tuple[RowRule, ...],
        title: str | None,
        unit: Unit,
        diagnostics: Sequence[Diagnostic] = (),
    ) -> Ledger:
        """Assemble checked entries into a ledger (used by the readers)."""
        digits = list(map(itemgetter(0), entries))
        if all(map(operator.lt, digits, islice(digits, 1, None))):  # in printed order
            parents = _parents_in_order(digits, repeats=False)
        else:  # e.g. panels side by side: sorted here, kept so if nothing repeats or is missing
            ordered = sorted(entries, key=itemgetter(0))
            codes = list(map(itemgetter(0), ordered))
            parents = _parents_in_order(codes)
            if parents is not None:
                entries, digits = ordered, codes
        figures = list(map(itemgetter(2), entries))
        # The common case: every parent present, no code repeated, rows as wide as the
        # columns (zip(*) of no rows is no column: as many empty ones as there are).
        values = tuple(zip(*figures)) if entries else ((),) * len(columns)
        if parents is not None and len(values) == len(columns):
            return cls._in_order(digits, entries, values, columns, total, row_rules, title,
                                 unit, diagnostics, parents)
        return cls._assemble(
            digits,
            list(map(itemgetter(1), entries)),
            [list(map(itemgetter(j), figures)) for j in range(len(columns))],
            list(map(itemgetter(3), entries)),
            columns, total, row_rules, title, unit, diagnostics, parents,
            ordered=parents is not None,
        )

    @classmethod
    def _in_order(
        cls,
        digits: list[str],
        entries: Sequence[_Entry],
        values: tuple[tuple[Figure, ...], ...],
        columns: tuple[str, ...],
        total: tuple[Figure, ...] | None,
        row_rules: tuple[RowRule, ...],
        title: str | None,
        unit: Unit,
        diagnostics: Sequence[Diagnostic],
        parents: tuple[int, ...],
    ) -> Ledger:
        """``_assemble`` of entries in printed order whose ``parents`` are worked out (so
        that no code repeats and no parent is missing), without its slow paths: the
        ledger made at once, its ``values`` (column by column) taken from the entries."""
        _check_rules(row_rules, columns)
        problems = tuple(diagnostics)
        # In printed order, the first and the last code tell whether all are one scheme.
        if digits and digits[0][0] != digits[-1][0]:
            problems += _mixed_schemes(set(map(itemgetter(0), digits)), title)
        lines = tuple(map(itemgetter(3), entries))
        return cls(
            columns=columns,
            digits=tuple(digits),
            names=tuple(map(itemgetter(1), entries)),
            values=values,
            printed=tuple(map(bool, lines)),  # line 0: not printed
            total=total,
            row_rules=row_rules,
            title=title,
            unit=unit,
            diagnostics=problems,
            lines=lines,
            parents=parents,
        )

    @classmethod
    def _assemble(
        cls,
        digits: list[str],
        names: list[str],
        cells: list[Sequence[Figure]],
        lines: Sequence[int],
        columns: tuple[str, ...],
        total: tuple[Figure, ...] | None,
        row_rules: tuple[RowRule, ...],
        title: str | None,
        unit: Unit,
        diagnostics: Sequence[Diagnostic],
        parents: tuple[int, ...] | None = None,
        *,
        ordered: bool = False,
    ) -> Ledger:
        """Assemble rows held column by column (one list per field, in input order, or
        in printed order with the position of each one's ``parents`` worked out;
        ``ordered``: they were put in printed order if they could be, so no ``parents``
        means a code repeated or a parent missing).

        Duplicates and missing parents each take a slow path; rows in any other order
        are put in printed order in one pass.
        """
        problems = list(diagnostics)
        _check_rules(row_rules, columns)
        rows = _Rows(digits, names, cells, lines)
        if parents is None and not ordered:
            parents = rows.in_order()
        if parents is None:  # a code repeated or a parent missing: the slow paths
            index = dict(zip(digits, range(len(digits))))
            if len(index) < len(digits):
                index = rows.drop_duplicates(problems, title)
            if {p for p in set(_above(rows.digits)) if len(p) > 1}.difference(index):
                rows.add_missing_parents(index, problems, title)
            if not all(map(operator.le, rows.digits, islice(rows.digits, 1, None))):
                rows.sort()
        # The scheme of a code is told by its first digit; in printed order, the first
        # and the last code tell whether they are all one.
        first_digits = {rows.digits[0][0], rows.digits[-1][0]} if rows.digits else set()
        if len(first_digits) > 1 or parents is None:
            first_digits = set(map(itemgetter(0), rows.digits))
        problems += _mixed_schemes(first_digits, title)
        lines = rows.lines
        return cls._with_structure(
            columns=columns,
            digits=tuple(rows.digits),
            names=tuple(rows.names),
            values=tuple(c if isinstance(c, StepColumn) else tuple(c) for c in rows.cells),
            printed=tuple(map(bool, lines)),  # line 0: not printed
            total=total,
            row_rules=row_rules,
            title=title,
            unit=unit,
            diagnostics=tuple(problems),
            lines=lines if isinstance(lines, range | array) else tuple(lines),
            parents=parents,
        )

    @classmethod
    def _from_sorted(
        cls,
        ordered: Sequence[_Entry],
        columns: tuple[str, ...],
        total: tuple[Figure, ...] | None,
        row_rules: tuple[RowRule, ...],
        title: str | None,
        unit: Unit,
        diagnostics: tuple[Diagnostic, ...],
    ) -> Ledger:
        figures = list(map(itemgetter(2), ordered))
        lines = tuple(map(itemgetter(3), ordered))
        return cls._with_structure(
            columns=columns,
            digits=tuple(map(itemgetter(0), ordered)),
            names=tuple(map(itemgetter(1), ordered)),
            values=tuple(tuple(map(itemgetter(j), figures)) for j in range(len(columns))),
            printed=tuple(map(bool, lines)),
            total=total,
            row_rules=row_rules,
            title=title,
            unit=unit,
            diagnostics=diagnostics,
            lines=lines,
        )

    @classmethod
    def _with_structure(
        cls, *, parents: tuple[int, ...] | None = None, **fields: Any
    ) -> Ledger:
        """A ledger of sorted rows in which every parent is present.

        Only the parent of each account is kept: the children of an account are
        found from it when asked for (see ``_children_of``). ``parents`` (the
        position of each one's parent) may come already worked out for these rows.
        """
        if parents is None:
            parents = _parents_in_order(list(fields["digits"]))
        if parents is None:  # rows not as promised: a parent missing or out of order
            digits: tuple[str, ...] = fields["digits"]
            index = dict(zip(digits, range(len(digits))))
            # What is above a 类 is its first digit, no code: the lookup gives -1.
            parents = tuple(map(index.get, _above(digits), repeat(-1)))
        return cls(parents=parents, **fields)

    def _children_of(self, i: int) -> list[int]:
        """The positions of the children of account i; of the 类 rows for i = -1."""
        parents = self._parents
        if i < 0:  # the 类, found by a search in C from one to the next
            roots: list[int] = []
            k = -1
            with suppress(ValueError):
                while True:
                    k = parents.index(-1, k + 1)
                    roots.append(k)
            return roots
        # The descendants of a code follow it, up to the first code that does not
        # start with it, and ":" sorts just after "9".
        end = bisect_left(self._digits, self._digits[i] + ":", i + 1)
        return [k for k in range(i + 1, end) if parents[k] == i]

    # ---- reading ------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._digits)

    def __iter__(self) -> Iterator[Account]:
        return (self._account(i) for i in range(len(self._digits)))

    def __contains__(self, code: object) -> bool:
        if isinstance(code, Code):
            return code.digits in self._index
        if not isinstance(code, str):
            return False
        try:
            return normalize_code(code) in self._index
        except InvalidCode:
            return False

    def __getitem__(self, code: str | Code) -> Account:
        return self._account(self._position(code))

    def get(self, code: str | Code) -> Account | None:
        """The account of a code, or None when the ledger has none."""
        return self[code] if code in self else None

    def _position(self, code: str | Code) -> int:
        digits = code.digits if isinstance(code, Code) else normalize_code(code)
        try:
            return self._index[digits]
        except KeyError:
            raise NotFound(f"no account {digits} in {self._label()}") from None

    def _account(self, i: int) -> Account:
        values = MappingProxyType({c: col[i] for c, col in zip(self.columns, self._values)})
        return Account(Code(self._digits[i]), self._names[i], values, self._printed[i])

    @property
    def codes(self) -> tuple[Code, ...]:
        """Every code, in printed order."""
        return tuple(map(Code, self._digits))

    def value(self, code: str | Code, column: str) -> Figure:
        """The figure of one account in one column."""
        return self._values[self._column(column)][self._position(code)]

    def interval(
        self, code: str | Code | None, column: str, tolerance: Tolerance | None = None
    ) -> Interval | None:
        """The true values a figure may stand for (None for a blank or ``——``): a
        printed figure's own interval, and for a figure the ledger computed the sum
        of the intervals of the printed figures it was made of, whatever its digits
        show. ``code`` None is the 合计 row; the tolerance is rounding by default.

        >>> from gfs_ledger import Unit
        >>> wan = Ledger.from_rows([("201", "一般公共服务支出", ["1.00"])], columns=["合计"])
        >>> yuan = Ledger.from_rows([("201", "一般公共服务支出", ["10000"])],
        ...                         columns=["合计"], unit=Unit.YUAN)
        >>> wan.interval("201", "合计")
        Interval(lo=Decimal('0.995'), hi=Decimal('1.005'))
        >>> both = wan + yuan         # 1.00 万元 ± 0.005 and 10000 元 ± 0.5 元 (0.00005 万元)
        >>> both.value("201", "合计"), both.interval("201", "合计")
        (Decimal('2.0000'), Interval(lo=Decimal('1.99495'), hi=Decimal('2.00505')))
        """
        j = self._column(column)
        if code is None:
            if self.total is None:
                raise NotFound(f"{self._label()} has no 合计 row")
            value = self.total[j]
            carried = self._carried.total if self._carried is not None else None
            steps = carried[j] if carried is not None else None
        else:
            i = self._position(code)
            value, steps = self._values[j][i], self._steps_at(i, j)
        if not isinstance(value, Decimal):
            return None
        return (tolerance or Tolerance()).interval(value, steps)

    def _steps_at(self, i: int, j: int) -> Steps | None:
        """The steps a computed figure carries; None for a printed one."""
        if self._carried is None:
            return None
        column = self._carried.column(j)
        return None if column is None else column[i]

    def _steps_columns(self) -> list[_StepsColumn]:
        """The steps of every cell, column by column (None for printed figures)."""
        none = (None,) * len(self)
        if self._carried is None:
            return [none] * len(self.columns)
        return [self._carried.column(j) or none for j in range(len(self.columns))]

    def _total_steps(self) -> _StepsColumn:
        carried = None if self._carried is None else self._carried.total
        return carried or (None,) * len(self.columns)

    def _column(self, column: str) -> int:
        try:
            return self.columns.index(column)
        except ValueError:
            raise NotFound(f"no column {column!r} in {self._label()}: {self.columns}") from None

    def children(self, code: str | Code | None = None) -> tuple[Account, ...]:
        """The accounts one level below a code; the 类 rows when code is None."""
        kids = self._children_of(-1 if code is None else self._position(code))
        return tuple(map(self._account, kids))

    def leaves(self) -> tuple[Account, ...]:
        """The accounts that have no children, in printed order."""
        with_children = set(self._parents)
        return tuple(self._account(i) for i in range(len(self)) if i not in with_children)

    def at_level(self, level: int | str) -> tuple[Account, ...]:
        """The accounts of one level: 1–4 or 类/款/项/目."""
        from gfs_ledger.codes import LEVEL_NAMES

        names = {v: k for k, v in LEVEL_NAMES.items()}
        number = names[level] if isinstance(level, str) else level
        width = 1 + 2 * number
        return tuple(self._account(i) for i, d in enumerate(self._digits) if len(d) == width)

    def line_of(self, code: str | Code) -> int | None:
        """The line the account was read from (None where it was not printed)."""
        line = self._lines[self._position(code)] if self._lines else 0
        return line if line > 0 else None

    @property
    def schemes(self) -> frozenset[Scheme]:
        """The schemes of the codes in this ledger."""
        return frozenset(scheme_of(d) for d in self._digits)

    # ---- deriving -----------------------------------------------------------------

    def rollup(self) -> Ledger:
        """A new ledger whose every parent (and 合计) is the sum of its children.

        Leaves keep their figures; sums keep the finest precision of their terms.
        """
        parents = self._parents
        cells = []
        for column in self._values:
            values = list(column)
            below: list[Figure | object] = [_UNSET] * len(values)  # the sum of the children
            # Backwards, so that children (after their parent) are summed before it.
            for i, p in zip(range(len(values) - 1, -1, -1), reversed(parents)):
                value = below[i]
                if value is _UNSET:
                    value = values[i]
                else:
                    values[i] = value  # type: ignore[assignment]
                if p >= 0:
                    up = below[p]
                    if up is _UNSET:
                        below[p] = value
                    elif up.__class__ is Decimal and value.__class__ is Decimal:
                        below[p] = up + value
                    else:
                        below[p] = _add(up, value)  # type: ignore[arg-type]
            cells.append(tuple(values))
        total = None
        if self.total is not None:
            roots = self._children_of(-1)
            total = tuple(_sum([column[i] for i in roots]) for column in cells)
        rolled = tuple(cells)
        # The steps of the sums are worked out only when someone needs them.
        carried = _Carried(make=lambda: self._rolled_steps(rolled, total))
        return attrs.evolve(self, values=rolled, total=total, carried=carried)

    def _rolled_steps(
        self, rolled: tuple[tuple[Figure, ...], ...], total: tuple[Figure, ...] | None
    ) -> tuple[tuple[_StepsColumn | None, ...], _StepsColumn | None]:
        """The steps of a rollup of this ledger: each parent's, its leaves' together."""
        parents = self._parents
        with_children = set(parents)
        columns: list[_StepsColumn | None] = []
        for column, own in zip(rolled, self._steps_columns()):
            steps: list[Steps | None] = list(own)
            below: list[list[Steps] | None] = [None] * len(column)
            for i in range(len(column) - 1, -1, -1):
                if i in with_children:
                    terms = below[i]
                    mine = steps[i] = None if terms is None else Steps.total(terms)
                else:
                    value = column[i]
                    mine = (own[i] or Steps.of(value)) if isinstance(value, Decimal) else None
                p = parents[i]
                if p >= 0 and mine is not None:
                    found = below[p]
                    if found is None:
                        below[p] = [mine]
                    else:
                        found.append(mine)
            columns.append(tuple(steps))
        total_steps = None
        if total is not None:
            roots = self._children_of(-1)
            total_steps = tuple(
                Steps.total(
                    columns[j][i] or Steps.of(value)  # type: ignore[index]
                    for i in roots if isinstance(value := rolled[j][i], Decimal)
                ) if isinstance(total[j], Decimal) else None
                for j in range(len(self.columns))
            )
        carried = _Carried.of(columns, total_steps)
        return ((), None) if carried is None else carried._get()

    def with_value(self, code: str | Code, column: str, value: Figure | str | int) -> Ledger:
        """A new ledger with one figure changed; this one is left as it was.

        >>> from gfs_ledger.samples import sample_ledger
        >>> before = sample_ledger()
        >>> after = before.with_value("2011303", "基本支出", "52.84")
        >>> before.value("2011303", "基本支出"), after.value("2011303", "基本支出")
        (Decimal('42.84'), Decimal('52.84'))
        """
        i, j = self._position(code), self._column(column)
        column_cells = list(self._values[j])
        column_cells[i] = _coerce_figure(value)
        cells = (*self._values[:j], tuple(column_cells), *self._values[j + 1:])
        printed = self._printed
        if not printed[i]:
            printed = (*printed[:i], True, *printed[i + 1:])
        carried = self._carried
        if self._steps_at(i, j) is not None:  # the figure given is a printed one
            steps = self._steps_columns()
            steps[j] = (*steps[j][:i], None, *steps[j][i + 1:])
            carried = _Carried.of(steps, self._total_steps())
        return attrs.evolve(self, values=cells, printed=printed, carried=carried)

    def with_total(self, values: RowValues | None) -> Ledger:
        """A new ledger with the 合计 row replaced (None removes it)."""
        total = None if values is None else _figures(values, self.columns, 0)
        carried = self._carried
        if carried is not None and carried.total is not None:
            carried = _Carried.of(self._steps_columns(), None)
        return attrs.evolve(self, total=total, carried=carried)

    def with_account(self, code: str | Code, name: str, values: RowValues) -> Ledger:
        """A new ledger with an account added, or replaced when the code is there."""
        digits = code.digits if isinstance(code, Code) else normalize_code(code)
        entry = (digits, name, _figures(values, self.columns, 0), -1)
        kept = [e for e in self._entries() if e[0] != digits]
        return self._reassemble([*kept, entry], fresh=digits)

    def without_account(self, code: str | Code) -> Ledger:
        """A new ledger without an account (its children, if any, lose their parent)."""
        position = self._position(code)
        return self._reassemble([e for i, e in enumerate(self._entries()) if i != position])

    def _entries(self) -> list[_Entry]:
        lines = self._lines or (-1,) * len(self)
        return [
            (d, n, tuple(col[i] for col in self._values), lines[i] if p else 0)
            for i, (d, n, p) in enumerate(zip(self._digits, self._names, self._printed))
        ]

    def _reassemble(self, entries: list[_Entry], fresh: str | None = None) -> Ledger:
        printed = [e for e in entries if e[3] != 0]
        # What assembling finds again (missing parents, mixed schemes) is found anew;
        # what it cannot (a duplicate row it dropped, a reader's diagnostics) is kept.
        kept = [d for d in self.diagnostics if d.kind not in _STRUCTURE_KINDS]
        ledger = Ledger.assemble(
            printed, self.columns, self.total, self.row_rules, self.title, self.unit, kept
        )
        if self._carried is None:
            return ledger
        # The computed figures of the accounts kept keep their steps; the figures of
        # the account given anew (``fresh``) are printed ones.
        own = list(zip(*self._steps_columns()))
        given = {e[0] for e in printed}
        given.discard(fresh)
        mine = {d: own[i] for i, d in enumerate(self._digits) if d in given and any(own[i])}
        return ledger._carrying(mine, self._total_steps())

    def _carrying(
        self, steps: Mapping[str, Sequence[Steps | None]],
        total: Sequence[Steps | None] | None = None,
    ) -> Ledger:
        """This ledger with the steps its computed figures carry, by code (one per
        column, None for a printed figure) and for the 合计 row (used by the readers
        of JSON)."""
        none = (None,) * len(self.columns)
        rows = [steps.get(d, none) for d in self._digits]
        for d, row in zip(self._digits, rows):
            if len(row) != len(self.columns):
                raise InvalidValue(f"{d}: {len(row)} steps for {len(self.columns)} columns")
        carried = _Carried.of(list(zip(*rows)) if rows else [], total)
        return attrs.evolve(self, carried=carried)

    def consolidate(self, other: Ledger) -> Ledger:
        """Add two ledgers with the same columns, account by account (本级 + 下级).

        An account printed in either is printed in the sum; names come from
        this ledger where both have the account. The 合计 rows add when both
        ledgers have one. The other ledger's figures are first converted,
        exactly, to this ledger's unit. A sum of two figures is a computed
        figure: it carries the steps of both (see ``interval``), so that its
        checks allow for the rounding of every printed figure that went in.

        >>> from gfs_ledger import Unit
        >>> wan = Ledger.from_rows([("201", "一般公共服务支出", ["1.00"])], columns=["合计"])
        >>> yuan = Ledger.from_rows([("201", "一般公共服务支出", ["10000"])], columns=["合计"],
        ...                         unit=Unit.YUAN)
        >>> (wan + yuan).value("201", "合计")
        Decimal('2.0000')
        """
        return Ledger.consolidate_all((self, other))

    @classmethod
    def consolidate_all(cls, ledgers: Iterable[Ledger]) -> Ledger:
        """Add any number of ledgers with the same columns at once (a department's
        本级 and all its units), in time linear in their total size.

        The same as adding them in turn with ``+``: the first ledger gives the unit
        (the others are converted to it, exactly), the title, the row rules and the
        names; the 合计 rows add when every ledger has one. Every computed figure
        carries the steps of the printed figures it was made of.

        >>> from gfs_ledger.samples import sample_ledger
        >>> three = Ledger.consolidate_all([sample_ledger()] * 3)
        >>> three.value("20113", "基本支出"), three.interval("20113", "基本支出")
        (Decimal('2207.46'), Interval(lo=Decimal('2207.445'), hi=Decimal('2207.475')))
        >>> three.check().ok
        True
        """
        parts = list(ledgers)
        if not parts:
            raise InvalidValue("nothing to consolidate: give at least one ledger")
        first = parts[0]
        width = len(first.columns)
        # The accounts in the order first met, column by column; containers per account
        # would set the garbage collector scanning everything built so far.
        index: dict[str, int] = {}
        names: list[str] = []
        lines: list[int] = []
        values: list[list[Figure]] = [[] for _ in range(width)]
        steps: list[list[Steps | _Counts | None]] = [[] for _ in range(width)]
        total: list[list[Figure]] | None = None  # one cell per column
        total_steps: list[list[Steps | _Counts | None]] = []
        for k, part in enumerate(parts):
            if part.columns != first.columns:
                raise InvalidValue(
                    f"cannot consolidate ledgers with different columns: "
                    f"{first.columns} and {part.columns}"
                )
            if part.unit is not first.unit:
                part = part.in_unit(first.unit)
            start = len(index)
            at = [index.setdefault(d, len(index)) for d in part._digits]
            part_lines = [
                line if was else 0
                for line, was in zip(part._lines or repeat(-1), part._printed)
            ]
            part_cells, part_steps = part._implied()
            if len(index) - start == len(at):  # every account new: whole columns
                names += part._names
                lines += part_lines
                for j in range(width):
                    values[j] += part_cells[j]
                    steps[j] += part_steps[j]
            else:
                fresh = [i for i, r in enumerate(at) if r >= start]
                seen = [(i, r) for i, r in enumerate(at) if r < start]
                names += [part._names[i] for i in fresh]
                lines += [part_lines[i] for i in fresh]
                for i, r in seen:
                    names[r] = names[r] or part._names[i]
                    lines[r] = lines[r] or part_lines[i]
                for j in range(width):
                    column, column_steps = part_cells[j], part_steps[j]
                    values[j] += [column[i] for i in fresh]
                    steps[j] += [column_steps[i] for i in fresh]
                    _merge_column(values[j], steps[j], column, column_steps, seen)
            part_total = part.total
            if k == 0 and part_total is not None:
                total = [[f] for f in part_total]
                total_steps = [[s] for s in part._total_steps()]
            elif total is not None and part_total is None:
                total = None
            elif total is not None and part_total is not None:
                for j, (f, s) in enumerate(zip(part_total, part._total_steps())):
                    _merge_column(total[j], total_steps[j], (f,), (s,), ((0, 0),))
        digits = list(index)
        if not all(map(operator.le, digits, islice(digits, 1, None))):
            order = sorted(range(len(digits)), key=digits.__getitem__)
            digits = [digits[r] for r in order]
            names = [names[r] for r in order]
            lines = [lines[r] for r in order]
            values = [[column[r] for r in order] for column in values]
            steps = [[column[r] for r in order] for column in steps]
        return cls._with_structure(
            columns=first.columns,
            digits=tuple(digits),
            names=tuple(names),
            values=tuple(map(tuple, values)),
            printed=tuple(map(bool, lines)),
            total=None if total is None else tuple(cell[0] for cell in total),
            row_rules=first.row_rules,
            title=first.title,
            unit=first.unit,
            diagnostics=tuple(d for part in parts for d in part.diagnostics),
            lines=tuple(lines),
            carried=_Carried.of(
                [_as_steps(column) for column in steps],
                None if total is None else _as_steps([cell[0] for cell in total_steps])),
        )

    def _implied(self) -> tuple[Sequence[Sequence[Figure]], list[_StepsColumn]]:
        """The cells and their steps, column by column, with each account that was not
        printed holding what its children add up to, as the checks reckon it (blank
        where they hold no figure): what the account stands for in a consolidation."""
        if all(self._printed):
            return self._values, self._steps_columns()
        unprinted = [i for i, was in enumerate(self._printed) if not was]
        kids = {i: self._children_of(i) for i in unprinted}
        cells: list[Sequence[Figure]] = []
        steps: list[_StepsColumn] = []
        for column, column_steps in zip(self._values, self._steps_columns()):
            values, carried = list(column), list(column_steps)
            for i in reversed(unprinted):  # the deepest first: children follow parents
                found = [k for k in kids[i] if isinstance(values[k], Decimal)]
                if found:
                    figures: list[Decimal] = [values[k] for k in found]  # type: ignore[misc]
                    values[i] = sum(figures[1:], figures[0])
                    carried[i] = Steps.behind(figures, [carried[k] for k in found])
                else:
                    values[i] = _sum([values[k] for k in kids[i]])
                    carried[i] = None
            cells.append(values)
            steps.append(tuple(carried))
        return cells, steps

    def in_unit(self, unit: Unit) -> Ledger:
        """The same ledger with every figure converted, exactly, to another unit.

        A printed figure keeps its unit step, converted with it (so 0.01 万元 becomes
        100 元, printed as ``E+2``); a computed figure's steps are converted the same way.

        >>> from gfs_ledger import Unit
        >>> from gfs_ledger.samples import sample_ledger
        >>> sample_ledger().in_unit(Unit.YUAN).value("2011301", "本年支出合计")
        Decimal('6.9299E+6')
        """
        def converted(figures: Sequence[Figure]) -> tuple[Figure, ...]:
            return tuple(
                convert(f, self.unit, unit) if isinstance(f, Decimal) else f for f in figures
            )

        places = self.unit.yuan.adjusted() - unit.yuan.adjusted()

        def shifted(steps: Sequence[Steps | None]) -> tuple[Steps | None, ...]:
            return tuple(s if s is None else s.shifted(places) for s in steps)

        cells = tuple(map(converted, self._values))
        total = None if self.total is None else converted(self.total)
        carried = None
        if self._carried is not None:
            carried = _Carried.of(
                list(map(shifted, self._steps_columns())), shifted(self._total_steps())
            )
        return attrs.evolve(self, values=cells, total=total, unit=unit, carried=carried)

    def __add__(self, other: Ledger) -> Ledger:
        return self.consolidate(other)

    def __radd__(self, other: int) -> Ledger:
        """``0 + ledger`` is the ledger, so that ``sum(ledgers)`` works (adding them in
        turn; ``consolidate_all`` adds them at once)."""
        if other == 0:
            return self
        return NotImplemented

    # ---- checking and output -----------------------------------------------------------

    def check(self, tolerance: Tolerance | None = None) -> Audit:
        """Run every hierarchy and row rule; see ``gfs_ledger.checks``."""
        from gfs_ledger.checks import check_ledger

        return check_ledger(self, tolerance)

    @classmethod
    def from_csv(cls, text_or_path: str | Any, *, source: str | None = None) -> Ledger:
        """Read a table saved as CSV; see ``gfs_ledger.io.csv.read_csv``."""
        from gfs_ledger.io.csv import read_csv

        return read_csv(text_or_path, source=source)

    @overload
    def to_csv(self, path: None = None) -> str: ...

    @overload
    def to_csv(self, path: str | os.PathLike[str]) -> None: ...

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str | None:
        """The ledger as CSV text: ``Ledger.from_csv`` reads back every code, name and
        figure to its printed digit, the 合计 row and the unit (not the title, the
        diagnostics or the source lines, which CSV does not carry). With a ``path``,
        writes it there and returns None: UTF-8 after a byte-order mark, so that Excel
        opens it as UTF-8, written atomically.

        >>> import pathlib, tempfile
        >>> from gfs_ledger.samples import sample_ledger
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "t03.csv"
        >>> sample_ledger().to_csv(path)
        >>> path.read_bytes()[:3], Ledger.from_csv(path).codes == sample_ledger().codes
        (b'\xef\xbb\xbf', True)
        """
        from gfs_ledger.io.csv import write_csv
        from gfs_ledger.io.files import text_or_file

        return text_or_file(write_csv(self), path, bom=True)

    # ---- records, JSON, frames, spreadsheets and HTML (see gfs_ledger.io, gfs_ledger.html)

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per row, 合计 first; see ``gfs_ledger.io.records.ledger_to_records``.

        >>> from gfs_ledger.samples import sample_ledger
        >>> sample_ledger().to_records()[1]["code"]
        '201'
        """
        from gfs_ledger.io.records import ledger_to_records

        return ledger_to_records(self)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        columns: Sequence[str] | None = None,
        title: str | None = None,
        unit: Unit = Unit.WAN,
        row_rules: Sequence[RowRule] | None = None,
        places: int | None = None,
    ) -> Ledger:
        """The ledger that records describe; ``to_records`` reversed. The code and the
        name may be under printed headers (科目编码, 科目名称); floats are taken only with
        ``places``, the decimals the table printed; see
        ``gfs_ledger.io.records.ledger_from_records``.

        >>> from gfs_ledger.samples import sample_ledger
        >>> ledger = sample_ledger()
        >>> Ledger.from_records(ledger.to_records(), title=ledger.title) == ledger
        True
        """
        from gfs_ledger.io.records import ledger_from_records

        return ledger_from_records(
            records, columns=columns, title=title, unit=unit, row_rules=row_rules, places=places
        )

    @overload
    def to_json(self, path: None = None, *, indent: int | None = 2) -> str: ...

    @overload
    def to_json(self, path: str | os.PathLike[str], *, indent: int | None = 2) -> None: ...

    def to_json(self, path: str | os.PathLike[str] | None = None, *, indent: int | None = 2) -> str | None:
        """The ledger as JSON text, amounts as strings; see ``gfs_ledger.io.json``. With
        a ``path``, writes it there (UTF-8, atomically) and returns None.

        >>> import pathlib, tempfile
        >>> from gfs_ledger.samples import sample_ledger
        >>> Ledger.from_json(sample_ledger().to_json()) == sample_ledger()
        True
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "t03.json"
        >>> sample_ledger().to_json(path)
        >>> Ledger.from_json(path.read_text(encoding="utf-8")) == sample_ledger()
        True
        """
        from gfs_ledger.io.files import text_or_file
        from gfs_ledger.io.json import ledger_to_json

        return text_or_file(ledger_to_json(self, indent=indent), path)

    @classmethod
    def from_json(cls, text: str | bytes) -> Ledger:
        """The ledger that ``to_json`` wrote.

        >>> Ledger.from_json('{"columns": ["合计"], "accounts": []}')
        <Ledger: 0 accounts × 1 column (合计)>
        """
        from gfs_ledger.io.json import ledger_from_json

        return ledger_from_json(text)

    def to_pandas(self, *, floats: bool = False) -> Any:
        """One row per account as a pandas DataFrame (needs the ``pandas`` extra);
        see ``gfs_ledger.io.pandas.ledger_to_pandas``.

        >>> from gfs_ledger.samples import sample_ledger
        >>> frame = sample_ledger().to_pandas()  # doctest: +PANDAS
        >>> frame.loc[frame.level == 1, ["code", "本年支出合计"]].values.tolist()  # doctest: +PANDAS
        [['201', Decimal('751.01')], ['208', Decimal('92.27')], ['210', Decimal('19.16')], ['216', Decimal('866.19')], ['221', Decimal('47.92')]]
        """
        from gfs_ledger.io.pandas import ledger_to_pandas

        return ledger_to_pandas(self, floats=floats)

    @classmethod
    def from_pandas(cls, frame: Any, **options: Any) -> Ledger:
        """The ledger a ``to_pandas`` frame holds (needs ``pandas``); see
        ``gfs_ledger.io.pandas.ledger_from_pandas`` for the options.

        >>> from gfs_ledger.samples import sample_ledger
        >>> Ledger.from_pandas(sample_ledger().to_pandas()) == sample_ledger()  # doctest: +PANDAS
        True
        """
        from gfs_ledger.io.pandas import ledger_from_pandas

        return ledger_from_pandas(frame, **options)

    @classmethod
    def from_xlsx(cls, path: Any, **options: Any) -> Ledger:
        """Read a table from an .xlsx sheet (needs the ``excel`` extra); see
        ``gfs_ledger.io.excel.read_xlsx``.

        >>> import tempfile, pathlib
        >>> from gfs_ledger.samples import sample_ledger
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "t03.xlsx"
        >>> sample_ledger().to_xlsx(path)  # doctest: +EXCEL
        >>> Ledger.from_xlsx(path, title="公开03表") == sample_ledger()  # doctest: +EXCEL
        True
        """
        from gfs_ledger.io.excel import read_xlsx

        return read_xlsx(path, **options)

    def to_xlsx(self, path: Any) -> None:
        """Write the ledger to an .xlsx file that ``from_xlsx`` reads back unchanged
        (needs the ``excel`` extra); see ``gfs_ledger.io.excel.write_xlsx``.

        >>> import tempfile, pathlib
        >>> from gfs_ledger.samples import sample_ledger
        >>> sample_ledger().to_xlsx(pathlib.Path(tempfile.mkdtemp()) / "t03.xlsx")  # doctest: +EXCEL
        """
        from gfs_ledger.io.excel import write_xlsx

        write_xlsx(self, path)

    def _repr_html_(self) -> str:
        from gfs_ledger.html import ledger_html

        return ledger_html(self, max_rows=500, style=True).markup

    def __str__(self) -> str:
        from gfs_ledger.render import render_tree

        return render_tree(self)

    def _label(self) -> str:
        return self.title or "the ledger"

    def __repr__(self) -> str:
        n, m = len(self), len(self.columns)
        title = f" {self.title}" if self.title else ""
        shown = ", ".join(self.columns[:4]) + (", …" if m > 4 else "")
        return (
            f"<Ledger{title}: {counted(n, 'account')} × {counted(m, 'column')} ({shown})>"
        )

    def _key(self) -> tuple[object, ...]:
        cells = tuple(tuple(map(_figure_key, col)) for col in self._values)
        total = None if self.total is None else tuple(map(_figure_key, self.total))
        return (
            self.columns, self._digits, self._names, cells, self._printed, total,
            self.row_rules, self.title, self.unit,
        )

    def __eq__(self, other: object) -> bool:
        """Ledgers are equal when every code, name and figure is, to the printed digit."""
        if not isinstance(other, Ledger):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())
