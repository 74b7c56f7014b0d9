"""Evaluate the rule catalog against the tables of a report.

Every comparison goes through the tolerance of the core: each printed figure is
``Tolerance.interval``, a sum of figures is the sum of their intervals, and two
sides agree within rounding when ``abs(difference) <= Tolerance.allowed(...)``,
which under the interval policies is exactly when the intervals overlap. An
inequality (``≤``) is violated only when the left interval lies wholly above the
right one.

A part of a sum is *reconciled* before it is added: a printed total that its
own parts contradict (beyond rounding) stands for the sum of those parts, so an
error in a detail line shows in every sum it reaches (see docs/report.md).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from functools import partial
from typing import NamedTuple

from gfs_ledger.amounts import Figure, format_amount
from gfs_ledger.codes import Code, normalize_code
from gfs_ledger.errors import GfsLedgerError, InvalidCode
from gfs_ledger.findings import Audit, Cell, Finding, FindingBatch, Outcome, _count, new_counts
from gfs_ledger.intervals import Interval, Tolerance, ToleranceKind
from gfs_ledger.ledger import Ledger
from gfs_ledger.rules.catalog import (
    CATALOG,
    TOTAL,
    Classes,
    Outline,
    Part,
    PerClass,
    PerCode,
    PerItem,
    Ref,
    Rule,
    Sum,
)
from gfs_ledger.tables.model import (
    CODE,
    COLUMNS,
    FIGURES,
    LABEL,
    LINE,
    NAME,
    SECTION,
    Status,
    Table,
    _ItemFields,
)
from gfs_ledger.tables.registry import normalize_label

_ZERO = Decimal(0)
_ZERO_INTERVAL = Interval.point(_ZERO)


# A Cell's fields as a plain tuple: made into a Cell only when a finding reads it.
_CellFields = tuple[str, str | None, str, str, int | None, Figure]


class Quantity(NamedTuple):
    """A printed figure, blank, or a sum of quantities: its value, how many printed
    figures it adds up, and (for a sum) the parts it reads as.

    Its figures, cells and interval under a tolerance are worked out only when a
    check that differs or a finding needs them.
    """

    value: Decimal
    terms: int  # how many printed figures it holds
    parts: tuple[Quantity, ...] | None = None
    bracketed: bool = False
    cell: _CellFields | None = None  # the cell read (a figure or a blank)

    @classmethod
    def of(cls, figure: Figure, cell: _CellFields | None = None) -> Quantity:
        if figure.__class__ is Decimal:
            return cls(figure, 1, None, False, cell)
        return _BLANK if cell is None else cls(_ZERO, 0, None, False, cell)

    @classmethod
    def total(cls, parts: Sequence[Quantity]) -> Quantity:
        value, terms = _ZERO, 0
        for p in parts:
            value += p.value
            terms += p.terms
        return cls(value, terms, tuple(parts))

    @classmethod
    def at(cls, figure: Figure, ref: Ref, line: int | None) -> Quantity:
        """A printed figure of a reference, knowing its cell."""
        return cls.of(figure, (ref.table, ref.section, ref.key, ref.column, line, figure))

    @property
    def figures(self) -> tuple[Decimal, ...]:
        """The printed figures it adds up."""
        if self.parts is None:
            return (self.value,) if self.terms else ()
        return tuple(f for p in self.parts for f in p.figures)

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The cells read, blank ones too."""
        if self.parts is None:
            return () if self.cell is None else (Cell._make(self.cell),)
        return tuple(c for p in self.parts for c in p.cells)

    @property
    def text(self) -> str:
        """How it reads: ``832.50``, ``491.96 + 340.54``, ``blank``."""
        if self.parts is None:
            return format_amount(self.value) if self.terms else "blank"
        text = " + ".join(p.text for p in self.parts if p.terms) or "blank"
        return f"({text})" if self.bracketed else text

    def interval(self, tol: Tolerance) -> Interval:
        """The true values it may stand for: a sum of the intervals of its figures."""
        if self.parts is None and self.terms:
            return tol.interval(self.value)
        interval = _ZERO_INTERVAL
        for figure in self.figures:
            interval += tol.interval(figure)
        return interval


_BLANK = Quantity(_ZERO, 0)
_EXACT = Tolerance.exact()

# A reconciled part as the quick pass keeps it: its value and how many figures it adds.
_Value = tuple[Decimal, int]
_NOTHING: _Value = (_ZERO, 0)


class _Unset(enum.Enum):
    UNSET = enum.auto()


_UNSET = _Unset.UNSET


class _Plan:
    """What a catalog asks of a report's figures, worked out once per catalog: the
    parts of each total the rules define, and every part, total and condition the
    rules read, numbered, so that a report looks each up and reconciles it once, in
    lists rather than dicts keyed by ``Ref`` (whose hash is Python code)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = rules
        self.definitions = {r.total: r.parts for r in rules if isinstance(r, Sum) and r.defines}
        # the totals defined, as (table, key, column, section)
        self.defined = {(r.table, r.key, r.column, r.section) for r in self.definitions}
        self.number: dict[Part, int] = {}
        self.parts: list[Part] = []
        # for each rule, in order: (its total, its parts, its conditions) by number
        self.compiled: list[tuple[int, tuple[int, ...], tuple[int, ...]]] = []
        for rule in rules:
            if isinstance(rule, Sum):
                total, parts = self._numbered((rule.total,))[0], self._numbered(rule.parts)
            else:
                total, parts = -1, ()
            when = self._numbered(rule.when) if isinstance(rule, (Sum, PerCode, PerClass)) else ()
            self.compiled.append((total, parts, when))
        for defined, beneath in self.definitions.items():
            self._numbered((defined, *beneath))
        # for each part: the numbers of the parts beneath it (a total the rules define)
        self.beneath = [None if p not in self.definitions else self._numbered(self.definitions[p])
                        for p in self.parts]
        # an account, reconciled with its whole ledger (where its table has a ledger)
        self.account = [isinstance(p, Ref) and p.key[:1].isdigit() and p not in self.definitions
                        for p in self.parts]
        # how each Ref is looked up: its table, the name and section of a labelled row as
        # ``Table.find`` normalises them, its column, and whether a ledger may hold it
        # (its 合计 or an account)
        self.look_up = [(p.table, normalize_label(p.key), None if p.section is None
                         else normalize_label(p.section), p.column,
                         p.key == TOTAL or p.key[:1].isdigit())
                        if isinstance(p, Ref) else (p.table, "", None, p.column, False)
                        for p in self.parts]

    def _numbered(self, parts: Sequence[Part]) -> tuple[int, ...]:
        numbers = []
        for part in parts:
            n = self.number.get(part)
            if n is None:
                n = self.number[part] = len(self.parts)
                self.parts.append(part)
            numbers.append(n)
        return tuple(numbers)


# The plans of the last catalogs seen: a catalog is data, the same for every report.
_DEFINED: dict[int, _Plan] = {}


def _plan(rules: Sequence[Rule]) -> _Plan:
    found = _DEFINED.get(id(rules))
    if found is None or found.rules is not rules:
        found = _Plan(rules)
        if not isinstance(rules, tuple):  # a list may change: not remembered
            return found
        if len(_DEFINED) > 8:
            _DEFINED.clear()
        _DEFINED[id(rules)] = found
    return found


class _Missing(GfsLedgerError):
    """A figure that a rule needs is in no table (the table is absent, empty or lacks it)."""


def _allowed(reported: Quantity, computed: Quantity, tol: Tolerance) -> Decimal:
    return tol.allowed(reported.value, reported.interval(tol),
                       computed.value, computed.interval(tol))


def _room(reported: Quantity, computed: Quantity, tol: Tolerance) -> Decimal:
    """``_allowed`` as far as deciding a check needs it: its value. Under rounding the
    widths of the intervals add up to half the step of every figure on either side,
    and under the exact policy to nothing, so no interval is made."""
    if tol.kind is ToleranceKind.ROUNDING:
        half, room = tol._half, tol.slack
        for figure in reported.figures:
            room += half(figure)
        for figure in computed.figures:
            room += half(figure)
        return room
    if tol.kind is ToleranceKind.EXACT:
        return tol.slack
    return _allowed(reported, computed, tol)


def _agree(reported: Quantity, computed: Quantity, tol: Tolerance) -> Outcome:
    if not reported.terms and not computed.terms:
        return Outcome.NOT_APPLICABLE
    difference = reported.value - computed.value
    if not difference:
        return Outcome.EXACT
    within = abs(difference) <= _room(reported, computed, tol)
    return Outcome.ROUNDING if within else Outcome.VIOLATED


def _reconciled(own: Quantity, below: Quantity | None, tol: Tolerance) -> Quantity:
    """A printed figure, or the sum of the figures beneath it (bracketed) when it is
    blank or they contradict it beyond rounding."""
    if below is None or not below.terms:
        return own
    if not own.terms or _agree(own, below, tol) is Outcome.VIOLATED:
        return below._replace(bracketed=True)
    return own


def _at_most(left: Quantity, right: Quantity, tol: Tolerance) -> Outcome:
    if not left.terms and not right.terms:
        return Outcome.NOT_APPLICABLE
    if left.value <= right.value:
        return Outcome.EXACT
    within = left.value - right.value <= _room(left, right, tol)
    return Outcome.ROUNDING if within else Outcome.VIOLATED


def _figures(left: Figure, right: Figure, compare: Callable[[Quantity, Quantity, Tolerance], Outcome],
             tol: Tolerance) -> Outcome | None:
    """``compare`` of two printed figures, None when both are blank (not applicable):
    two equal figures, the common case, make no Quantity."""
    if left.__class__ is Decimal:
        if right.__class__ is Decimal and left == right:
            return Outcome.EXACT
        return compare(Quantity.of(left), Quantity.of(right), tol)
    if right.__class__ is Decimal:
        return compare(_BLANK, Quantity.of(right), tol)
    return None


class _LedgerFigures:
    """The figures of one ledger by code, read straight from its columns (as
    ``checks.py`` does) rather than through an ``Account`` per lookup."""

    def __init__(self, table_id: str, ledger: Ledger) -> None:
        self.table_id = table_id
        self.ledger = ledger
        self.position = ledger._index
        self.digits = ledger._digits
        self.lines = ledger._lines
        self.roots = ledger._children_of(-1)
        self._children_at: list[list[int]] | None = None

    @property
    def children_at(self) -> list[list[int]]:
        """The rows of each row's children, made on first use."""
        if self._children_at is None:
            self._children_at = [[] for _ in self.digits]
            for k, p in enumerate(self.ledger._parents):
                if p >= 0:
                    self._children_at[p].append(k)
        return self._children_at

    def find(self, key: str) -> int | None:
        """The row of a code (any spelling ``normalize_code`` accepts), or None."""
        found = self.position.get(key)
        if found is None:
            try:
                found = self.position.get(normalize_code(key))
            except InvalidCode:
                return None
        return found

    def figure(self, key: str, column: str) -> tuple[Figure, int | None]:
        """The figure of a code in a column and its line; blank for a code not in the ledger."""
        i = self.find(key)
        return (None, None) if i is None else (self.column(column)[i], self.line(i))

    def line(self, i: int | None) -> int | None:
        """The line of the row at ``i`` (None for no row or no line)."""
        line = self.lines[i] if self.lines and i is not None else 0
        return line if line > 0 else None

    def column(self, column: str) -> tuple[Figure, ...]:
        if column not in self.ledger.columns:
            raise _Missing(f"{self.table_id} has no column {column!r}")
        return self.ledger._cells[self.ledger._column(column)]

    def total(self, column: str) -> Figure:
        if self.ledger.total is None:
            raise _Missing(f"{self.table_id} has no 合计 row")
        self.column(column)
        return self.ledger.total[self.ledger.columns.index(column)]

    def classes(self) -> list[str]:
        return [self.digits[k] for k in self.roots]

    def printed(self) -> list[str]:
        return [d for d, was_printed in zip(self.digits, self.ledger._printed) if was_printed]


class _Accounts:
    """The accounts of a ledger in one column, each reconciled with its children: an
    account whose children contradict it (beyond rounding), or that is blank above
    printed children, stands for their sum.

    Children follow their parent in printed order, so one pass from the last row up
    reconciles each child before its parent. The pass works out each account's value
    and count of figures; its ``Quantity`` is made only for the accounts read.
    """

    def __init__(self, view: _LedgerFigures, column: str, tol: Tolerance) -> None:
        self.view, self.column, self.tol = view, column, tol
        self.cells = cells = view.column(column)
        children = view.children_at
        self.built: dict[int, Quantity] = {}
        self.values = values = [_ZERO] * len(cells)
        self.terms = terms = [0] * len(cells)
        self.summed = summed = [False] * len(cells)  # stands for its children's sum
        for i in range(len(cells) - 1, -1, -1):
            figure = cells[i]
            kids = children[i]
            if kids:
                value, count = _ZERO, 0
                for k in kids:
                    value += values[k]
                    count += terms[k]
                if count and (figure.__class__ is not Decimal or (figure != value and _agree(
                        Quantity.of(figure), self._sum(kids), tol) is Outcome.VIOLATED)):
                    values[i], terms[i], summed[i] = value, count, True
                    continue
            if figure.__class__ is Decimal:
                values[i], terms[i] = figure, 1

    def _sum(self, kids: list[int]) -> Quantity:
        return Quantity.total([self.at(k) for k in kids])

    def halves(self, i: int) -> Decimal:
        """The half-steps of the figures the account at row i adds up, reconciled (the
        ``_room`` its ``at(i)`` takes): for a check whose figures differ."""
        if self.summed[i]:
            room = _ZERO
            for k in self.view.children_at[i]:
                room += self.halves(k)
            return room
        figure = self.cells[i]
        return self.tol._half(figure) if figure.__class__ is Decimal else _ZERO

    def at(self, i: int) -> Quantity:
        """The account at row i, reconciled."""
        found = self.built.get(i)
        if found is None:
            if self.summed[i]:
                found = self._sum(self.view.children_at[i])._replace(bracketed=True)
            else:
                view, figure = self.view, self.cells[i]
                found = Quantity.of(figure, (view.table_id, None, view.digits[i], self.column,
                                             view.line(i), figure))
            self.built[i] = found
        return found


# A check decided but not yet written up: building its Finding makes it.
_Pending = Callable[[], Finding]


class Evaluator:
    """Evaluates rules against a mapping of tables under one tolerance.

    Figures and reconciled parts are looked up once per report: the same rows
    feed several rules.
    """

    def __init__(self, tables: Mapping[str, Table], tolerance: Tolerance,
                 rules: Sequence[Rule] = CATALOG, layout: Layouts | None = None) -> None:
        self.tables = tables
        self.tolerance = tolerance
        self.layout = layout
        self.plan = plan = _plan(rules)
        self.definitions, self._defined = plan.definitions, plan.defined
        self._views: dict[str, _LedgerFigures] = {}
        self._readable: dict[str, Table] = {}
        self._printed: dict[Ref, tuple[Figure, int | None]] = {}
        self.exact = _EXACT
        # What the quick pass (``outcomes``) found of each part of the plan: its printed
        # figure, and its reconciled (value, count of figures) under the tolerance and exact.
        self._figures: list[Figure | _Unset] = [_UNSET] * len(plan.parts)
        self._values: tuple[list[_Value | None], list[_Value | None]] = (
            [None] * len(plan.parts), [None] * len(plan.parts))
        # the parts reconciled into the sum of those beneath them (under each)
        self._summed: tuple[set[int], set[int]] = (set(), set())
        # Reconciled parts under self.tolerance and under self.exact, by id of the tolerance.
        self._reconciled: dict[int, dict[Part, Quantity]] = {}
        self._accounts: dict[tuple[str, str, int], _Accounts] = {}
        self._classes_of: dict[int, Mapping[str, _ItemFields]] = {}
        self._class_rows: dict[int, list[tuple[str, _ItemFields, _ItemFields | None]]] = {}

    # ---- figures ----------------------------------------------------------------------

    def table(self, table_id: str) -> Table:
        """A table the rules can read, else ``_Missing`` saying why not."""
        table = self._readable.get(table_id)
        if table is None:
            table = self._readable[table_id] = self._readable_table(table_id)
        return table

    def _readable_table(self, table_id: str) -> Table:
        table = self.tables.get(table_id)
        if table is None:
            if self.layout is not None and table_id not in self.layout[1]:
                raise _Missing(f"the {self.layout[0]} layout has no {table_id}")
            raise _Missing(f"{table_id} is not in the report")
        if table.status is Status.EMPTY:
            raise _Missing(f"{table_id} is published empty")
        return table

    def ledger(self, table_id: str) -> _LedgerFigures:
        ledger = self.table(table_id).ledger
        if ledger is None:
            raise _Missing(f"{table_id} has no ledger")
        return self.figures_of(table_id, ledger)

    def figures_of(self, table_id: str, ledger: Ledger) -> _LedgerFigures:
        view = self._views.get(table_id)
        if view is None:
            view = self._views[table_id] = _LedgerFigures(table_id, ledger)
        return view

    def printed(self, ref: Ref) -> tuple[Figure, int | None]:
        """The printed figure of a reference and its line."""
        found = self._printed.get(ref)
        if found is None:
            found = self._printed[ref] = self._look_up(ref)
        return found

    def _look_up(self, ref: Ref) -> tuple[Figure, int | None]:
        table = self.table(ref.table)
        if table.ledger is not None and (ref.key == TOTAL or ref.key[:1].isdigit()):
            view = self.figures_of(ref.table, table.ledger)
            if ref.key == TOTAL:
                return view.total(ref.column), table.total_line
            return view.figure(ref.key, ref.column)
        row = table._row(ref.key, ref.section)
        if row is None:
            raise _Missing(f"{ref.table} has no row {ref.key!r}")
        return _cell(row, ref.column), row[LINE]

    def reconciled(self, part: Part, tol: Tolerance) -> Quantity:
        """A part of a sum, reconciled with the figures beneath it."""
        memo = self._reconciled.setdefault(id(tol), {})
        found = memo.get(part)
        if found is None:
            found = memo[part] = self._reconcile(part, tol)
        return found

    def _reconcile(self, part: Part, tol: Tolerance) -> Quantity:
        if isinstance(part, Classes):
            return Quantity.total(self._classes(part, tol))
        if part.key[:1].isdigit() and part not in self.definitions:
            table = self.table(part.table)
            if table.ledger is not None:  # an account: reconciled with its whole ledger
                view = self.figures_of(part.table, table.ledger)
                i = view.find(part.key)
                return _BLANK if i is None else self.accounts(view, part.column, tol).at(i)
        figure, line = self.printed(part)
        beneath = self.definitions.get(part)
        below = None if beneath is None else Quantity.total(
            [self.reconciled(p, tol) for p in beneath])
        return _reconciled(Quantity.at(figure, part, line), below, tol)

    def _classes(self, part: Classes, tol: Tolerance) -> list[Quantity]:
        """Every 类 of a table in a column, reconciled (as ``reconciled`` of a ``Ref`` to
        each would be, without making the ``Ref`` unless a rule defines that row)."""
        table = self.table(part.table)
        name, column, exclude, defined = part.table, part.column, part.exclude, self._defined
        found: list[Quantity] = []
        if table.ledger is not None:
            view = self.figures_of(name, table.ledger)
            for k in view.roots:
                code = view.digits[k]
                if code in exclude:
                    continue
                if (name, code, column, None) in defined:
                    found.append(self.reconciled(Ref(name, code, column), tol))
                else:
                    found.append(self.accounts(view, column, tol).at(view.position[code]))
            return found
        for code, item, row in self.class_rows(table):
            if code in exclude:
                continue
            section, item_name = item[SECTION], item[NAME]
            if (name, item_name, column, section) in defined:
                found.append(self.reconciled(Ref(name, item_name, column, section), tol))
                continue
            if row is None:
                raise _Missing(f"{name} has no row {item_name!r}")
            figure = _cell(row, column)
            found.append(Quantity.of(figure, (name, section, item_name, column, row[LINE],
                                              figure)))
        return found

    def accounts(self, view: _LedgerFigures, column: str, tol: Tolerance) -> _Accounts:
        """Every account of a ledger in a column, reconciled with its children."""
        key = (view.table_id, column, id(tol))
        found = self._accounts.get(key)
        if found is None:
            found = self._accounts[key] = _Accounts(view, column, tol)
        return found

    def class_rows(self, table: Table
                   ) -> list[tuple[str, _ItemFields, _ItemFields | None]]:
        """Each 类 row of a table without a ledger with the row its name finds (the
        first of that name: what a ``Ref`` to it reads), made once per table."""
        found = self._class_rows.get(id(table))
        if found is None:
            found = self._class_rows[id(table)] = [
                (code, item, table._row(item[NAME], item[SECTION]))
                for code, item in self.classes_of(table).items()]
        return found

    def classes_of(self, table: Table) -> Mapping[str, _ItemFields]:
        """``table.classes`` as the items' fields, made once per table."""
        found = self._classes_of.get(id(table))
        if found is None:
            found = self._classes_of[id(table)] = {
                str(row[CODE]): row for row in table._rows() if row[CODE] is not None}
        return found

    # ---- the quick pass: outcomes only --------------------------------------------------

    def outcomes(self, rule: Rule, compiled: tuple[int, tuple[int, ...], tuple[int, ...]]
                 ) -> list[Outcome]:
        """The outcome of every check of a rule (the plan's ``compiled`` form of it),
        as ``decide`` finds them, without writing the checks up: figures are compared
        as values, and only two that differ go through ``decide``'s own comparison."""
        total, parts, when = compiled
        try:
            if isinstance(rule, Sum):
                return [self._sum_outcome(rule, total, parts, when)]
            if isinstance(rule, PerCode):
                return self._per_code_outcomes(rule, when)
            if isinstance(rule, PerItem):
                return [outcome for outcome, _ in self._per_item_checks(rule)]
            if isinstance(rule, PerClass):
                return [check[0] for check in self._per_class_checks(rule)]
        except _Missing:
            return [Outcome.NOT_APPLICABLE]
        return [outcome for outcome, _ in self.decide(rule)]

    def _figure(self, n: int) -> Figure:
        """The printed figure of the plan's part ``n`` (a ``Ref``)."""
        found = self._figures[n]
        if found is _UNSET:
            found = self._figures[n] = self._look_up_part(n)
        return found

    def _look_up_part(self, n: int) -> Figure:
        table_id, name, section, column, in_ledger = self.plan.look_up[n]
        table = self.table(table_id)
        if in_ledger and table.ledger is not None:
            ref = self.plan.parts[n]
            assert isinstance(ref, Ref)
            return self.printed(ref)[0]
        index = table._indexed()
        first = index.first.get(section)  # ``index.find``, without its call once made
        k = index.find(name, section) if first is None else first.get(name)
        if k is None:
            ref = self.plan.parts[n]
            assert isinstance(ref, Ref)
            raise _Missing(f"{table_id} has no row {ref.key!r}")
        row = index.rows[k]
        try:
            return row[FIGURES][row[COLUMNS].index(column)]
        except ValueError:
            return _cell(row, column)  # says which

    def _applies_to(self, when: tuple[int, ...]) -> None:
        """``_applies`` of the plan's parts ``when``."""
        for n in when:
            figure = self._figure(n)
            if figure.__class__ is Decimal and figure != 0:
                ref = self.plan.parts[n]
                assert isinstance(ref, Ref) and isinstance(figure, Decimal)
                raise _Missing(f"{ref.describe()} is {format_amount(figure)}, not blank or zero")

    def _value(self, n: int, exact: bool) -> _Value:
        """The plan's part ``n`` reconciled (as ``reconciled`` finds it), as its value
        and how many figures it adds."""
        memo = self._values[exact]
        found = memo[n]
        if found is None:
            found = memo[n] = self._reconcile_value(n, exact)
        return found

    def _reconcile_value(self, n: int, exact: bool) -> _Value:
        plan, part = self.plan, self.plan.parts[n]
        tol = self.exact if exact else self.tolerance
        if isinstance(part, Classes):
            return self._classes_value(part, exact, tol)
        if plan.account[n]:
            table = self.table(part.table)
            if table.ledger is not None:
                view = self.figures_of(part.table, table.ledger)
                i = view.find(part.key)
                if i is None:
                    return _NOTHING
                accounts = self.accounts(view, part.column, tol)
                return accounts.values[i], accounts.terms[i]
        figure = self._figure(n)
        own = _NOTHING if figure.__class__ is not Decimal else (figure, 1)
        beneath = plan.beneath[n]
        if beneath is None:
            return own
        value, terms = _ZERO, 0
        for m in beneath:
            v, t = self._value(m, exact)
            value += v
            terms += t
        if not terms:
            return own
        if own[1] and figure != value:  # they differ: within rounding, the printed figure
            room = self._room(tol, figure, beneath, exact)
            if room is None:  # another policy: through the intervals
                found = self.reconciled(part, tol)
                return found.value, found.terms
            if abs(figure - value) <= room:  # type: ignore[operator]
                return own
        elif own[1]:
            return own
        self._summed[exact].add(n)
        return value, terms

    def _room(self, tol: Tolerance, figure: Figure, parts: tuple[int, ...], exact: bool
              ) -> Decimal | None:
        """``_room`` of a printed figure against the sum of the plan's parts, from the
        half-steps of their figures; None under a policy that needs the intervals."""
        if tol.kind is ToleranceKind.EXACT:
            return tol.slack
        if tol.kind is not ToleranceKind.ROUNDING:
            return None
        room = tol.slack
        if figure.__class__ is Decimal:
            room += tol._half(figure)
        for n in parts:
            room += self._halves(n, exact)
        return room

    def _halves(self, n: int, exact: bool) -> Decimal:
        """The half-steps of the figures the plan's part ``n`` adds up as reconciled."""
        plan, part = self.plan, self.plan.parts[n]
        tol = self.exact if exact else self.tolerance
        if isinstance(part, Classes):
            return self._classes_value(part, exact, tol, halves=True)[0]
        if plan.account[n]:
            table = self.table(part.table)
            if table.ledger is not None:
                view = self.figures_of(part.table, table.ledger)
                i = view.find(part.key)
                return _ZERO if i is None else self.accounts(view, part.column, tol).halves(i)
        if n in self._summed[exact]:  # it stands for the sum of the parts beneath it
            room = _ZERO
            for m in plan.beneath[n] or ():
                room += self._halves(m, exact)
            return room
        figure = self._figure(n)
        return tol._half(figure) if figure.__class__ is Decimal else _ZERO

    def _classes_value(self, part: Classes, exact: bool, tol: Tolerance,
                       halves: bool = False) -> _Value:
        """``_classes`` of a part, added up; with ``halves``, the half-steps of their
        figures added up instead (and no count)."""
        table = self.table(part.table)
        name, column, exclude, defined = part.table, part.column, part.exclude, self._defined
        value, terms = _ZERO, 0
        if table.ledger is not None:
            view = self.figures_of(name, table.ledger)
            accounts = None
            for k in view.roots:
                code = view.digits[k]
                if code in exclude:
                    continue
                if (name, code, column, None) in defined:
                    n = self.plan.number[Ref(name, code, column)]
                    v, t = (self._halves(n, exact), 0) if halves else self._value(n, exact)
                else:
                    if accounts is None:
                        accounts = self.accounts(view, column, tol)
                    i = view.position[code]
                    v, t = ((accounts.halves(i), 0) if halves
                            else (accounts.values[i], accounts.terms[i]))
                value += v
                terms += t
            return value, terms
        for code, item, row in self.class_rows(table):
            if code in exclude:
                continue
            section, item_name = item[SECTION], item[NAME]
            if (name, item_name, column, section) in defined:
                n = self.plan.number[Ref(name, item_name, column, section)]
                v, t = (self._halves(n, exact), 0) if halves else self._value(n, exact)
                value += v
                terms += t
                continue
            if row is None:
                raise _Missing(f"{name} has no row {item_name!r}")
            try:
                figure = row[FIGURES][row[COLUMNS].index(column)]
            except ValueError:
                figure = _cell(row, column)  # says which
            if figure.__class__ is Decimal:
                value += tol._half(figure) if halves else figure
                terms += 1
        return value, terms

    def _sum_outcome(self, rule: Sum, total: int, parts: tuple[int, ...],
                     when: tuple[int, ...]) -> Outcome:
        if when:
            self._applies_to(when)
        exact = rule.counts
        figure = self._figure(total)
        value, terms = _ZERO, 0
        memo = self._values[exact]
        for n in parts:
            found = memo[n]  # (a part is often read by several rules)
            v, t = self._value(n, exact) if found is None else found
            value += v
            terms += t
        if figure.__class__ is Decimal:
            if figure == value:
                return Outcome.EXACT
        elif not terms:
            return Outcome.NOT_APPLICABLE
        elif not value:  # a blank total, parts adding to zero
            return Outcome.EXACT
        # they differ: within rounding or not, from the half-steps of every figure
        room = self._room(self.exact if exact else self.tolerance, figure, parts, exact)
        if room is None:  # another policy: through the intervals
            return self.sum(rule)[0]
        difference = (figure if figure.__class__ is Decimal else _ZERO) - value
        return Outcome.ROUNDING if abs(difference) <= room else Outcome.VIOLATED

    def _per_code_outcomes(self, rule: PerCode, when: tuple[int, ...]) -> list[Outcome]:
        left, right = self.ledger(rule.left), self.ledger(rule.right)
        self._applies_to(when)
        tol = self.tolerance
        rows = self._code_rows(left, right)
        out: list[Outcome] = []
        compare = _at_most if rule.relation == "≤" else _agree
        for a, b in rule.columns:
            in_a, in_b = left.column(a), right.column(b)
            on_left = [left.total(a), *[None if i is None else in_a[i] for _, i, _ in rows]]
            on_right = [right.total(b), *[None if k is None else in_b[k] for _, _, k in rows]]
            if on_left == on_right:  # the common case: every printed figure agrees
                out += [Outcome.EXACT] * sum(f.__class__ is Decimal for f in on_left)
                continue
            for fa, fb in zip(on_left, on_right):
                if fa.__class__ is Decimal and fa == fb:
                    out.append(Outcome.EXACT)
                    continue
                outcome = _figures(fa, fb, compare, tol)
                if outcome is not None:
                    out.append(outcome)
        if not out:
            raise _Missing("every figure it compares is blank")
        return out

    # ---- rules ------------------------------------------------------------------------

    def run(self, rule: Rule) -> list[Finding]:
        """The findings of one rule."""
        return [pending() for _, pending in self.decide(rule)]

    def decide(self, rule: Rule) -> list[tuple[Outcome, _Pending]]:
        """The outcome of every check of a rule, with the check's finding to be built."""
        try:
            if isinstance(rule, Sum):
                checks = [self.sum(rule)]
            elif isinstance(rule, PerCode):
                checks = self.per_code(rule)
            elif isinstance(rule, PerClass):
                checks = self.per_class(rule)
            elif isinstance(rule, Outline):
                checks = self.outline(rule)
            else:
                checks = self.per_item(rule)
        except _Missing as why:
            finding = Finding("cross", Outcome.NOT_APPLICABLE, None, None, rule.zh, None, None,
                              None, None, table="/".join(rule.tables), rule_id=rule.id,
                              detail=f"{rule.id} {rule.zh}: not applicable — {why}")
            return [(finding.outcome, lambda: finding)]
        return checks

    def _check(self, rule: Rule, outcome: Outcome, tol: Tolerance, reported: Quantity,
               computed: Quantity, left: str, right: str, *, tables: Sequence[str],
               column: str | None, code: str | None = None, line: int | None = None,
               relation: str = "=") -> tuple[Outcome, _Pending]:
        return outcome, partial(self._finding, rule, outcome, tol, reported, computed, left,
                                right, tables, column, code, line, relation)

    def _finding(self, rule: Rule, outcome: Outcome, tol: Tolerance, reported: Quantity,
                 computed: Quantity, left: str, right: str, tables: Sequence[str],
                 column: str | None, code: str | None, line: int | None,
                 relation: str) -> Finding:
        allowed = _allowed(reported, computed, tol)
        difference = reported.value - computed.value
        cells = (reported.cells, computed.cells)
        text = (f"{rule.id} {rule.zh}: {left} {reported.text} {relation} "
                f"{right} {computed.text}")
        if computed.terms > 1:
            text += f" = {format_amount(computed.value)}"
        if outcome in (Outcome.ROUNDING, Outcome.VIOLATED):
            verdict = f"by {tol.basis}" if outcome is Outcome.ROUNDING else "— violated"
            text += f" (difference {difference}, allowed ±{allowed} {verdict})"
        na = outcome is Outcome.NOT_APPLICABLE
        if na:
            text += " — not applicable — every figure it compares is blank"
        return Finding(
            "cross", outcome, column, None if code is None else Code(code), rule.zh,
            None if na or not reported.terms else reported.value,
            None if na or not computed.terms else computed.value,
            None if na else difference, None if na else allowed,
            terms=computed.terms, table="/".join(dict.fromkeys(tables)), rule_id=rule.id,
            detail=text, line=line, cells=cells,
        )

    def sum(self, rule: Sum) -> tuple[Outcome, _Pending]:
        if rule.when:
            self._applies(rule)
        tol = self.exact if rule.counts else self.tolerance
        figure, line = self.printed(rule.total)
        reported = Quantity.at(figure, rule.total, line)
        memo = self._reconciled.get(id(tol))
        if memo is None:
            memo = self._reconciled[id(tol)] = {}
        parts = []
        for part in rule.parts:
            found = memo.get(part)
            if found is None:
                found = memo[part] = self._reconcile(part, tol)
            parts.append(found)
        computed = Quantity.total(parts)
        return _agree(reported, computed, tol), partial(self._sum_finding, rule, tol, reported,
                                                        computed, line)

    def _sum_finding(self, rule: Sum, tol: Tolerance, reported: Quantity, computed: Quantity,
                     line: int | None) -> Finding:
        right = " + ".join(p.describe() for p in rule.parts)
        return self._finding(rule, _agree(reported, computed, tol), tol, reported, computed,
                             rule.total.describe(), right, rule.tables, rule.total.column, None,
                             line, "=")

    def _applies(self, rule: PerCode | Sum | PerClass) -> None:
        for ref in rule.when:
            figure, _ = self.printed(ref)
            if isinstance(figure, Decimal) and figure != 0:
                raise _Missing(f"{ref.describe()} is {format_amount(figure)}, not blank or zero")

    def per_code(self, rule: PerCode) -> list[tuple[Outcome, _Pending]]:
        left, right = self.ledger(rule.left), self.ledger(rule.right)
        self._applies(rule)
        tol = self.tolerance
        # each code's row in either ledger (None where it lacks the code), looked up once
        # (codes a ledger prints are spelled as its index keys them)
        rows = self._code_rows(left, right)
        out: list[tuple[Outcome, _Pending]] = []
        compare = _at_most if rule.relation == "≤" else _agree
        for a, b in rule.columns:
            figures: list[tuple[str, Figure, Figure, int | None, int | None]]
            figures = [(TOTAL, left.total(a), right.total(b), None, None)]
            in_a, in_b = left.column(a), right.column(b)
            figures += [(code, None if i is None else in_a[i], None if k is None else in_b[k], i, k)
                        for code, i, k in rows]
            for code, fa, fb, i, k in figures:
                outcome = _figures(fa, fb, compare, tol)
                if outcome is None:
                    continue
                # A check per code and column: kept as its few figures until read.
                out.append((outcome, partial(self._per_code_finding, rule, outcome, a, b, code,
                                             fa, fb, i, k)))
        if not out:
            raise _Missing("every figure it compares is blank")
        return out

    @staticmethod
    def _code_rows(left: _LedgerFigures, right: _LedgerFigures
                   ) -> list[tuple[str, int | None, int | None]]:
        """Each code either ledger prints, in order, with its row in each (None where a
        ledger lacks it); codes a ledger prints are spelled as its index keys them."""
        in_left, in_right = left.position.get, right.position.get
        return [(code, in_left(code), in_right(code))
                for code in sorted(dict.fromkeys(left.printed() + right.printed()))]

    def _per_code_finding(self, rule: PerCode, outcome: Outcome, a: str, b: str, code: str,
                          fa: Figure, fb: Figure, i: int | None, k: int | None) -> Finding:
        if code == TOTAL:
            line, line_b = self.tables[rule.left].total_line, None
        else:
            line, line_b = self.ledger(rule.left).line(i), self.ledger(rule.right).line(k)
        qa = Quantity.of(fa, (rule.left, None, code, a, line, fa))
        qb = Quantity.of(fb, (rule.right, None, code, b, line_b, fb))
        return self._finding(
            rule, outcome, self.tolerance, qa, qb, f"{rule.left} {code}·{a}",
            f"{rule.right} {code}·{b}", (rule.left, rule.right), a,
            None if code == TOTAL else code, line, rule.relation)

    def per_class(self, rule: PerClass) -> list[tuple[Outcome, _Pending]]:
        return [(check[0], partial(self._per_class_finding, rule, *check))
                for check in self._per_class_checks(rule)]

    def _per_class_checks(self, rule: PerClass
                          ) -> list[tuple[Outcome, str, _ItemFields | None, Figure, Figure,
                                          int | None]]:
        """The outcome of each 类's check, with the code, the summary's row, both figures
        and the ledger's row."""
        summary, ledger = self.table(rule.summary), self.ledger(rule.ledger)
        self._applies(rule)
        tol = self.tolerance
        rows = self.classes_of(summary)
        classes = ledger.classes()
        if not classes:
            raise _Missing(f"{rule.ledger} prints no 类 rows")
        codes = sorted(set(rows) | set(classes))
        out: list[tuple[Outcome, str, _ItemFields | None, Figure, Figure, int | None]] = []
        # codes as printed by a Code or a ledger are canonical: the index finds them as they are
        position, column, cells = ledger.position, rule.summary_column, None
        for code in codes:
            item = rows.get(code)
            fs = None if item is None else _cell(item, column)
            i = position.get(code)
            if i is None:
                fl = None
            else:
                if cells is None:  # the ledger's column, read once a code is found in it
                    cells = ledger.column(rule.ledger_column)
                fl = cells[i]
            if fs.__class__ is Decimal:
                outcome = Outcome.EXACT if fs == fl else _figures(fs, fl, _agree, tol)
            elif fl.__class__ is not Decimal:  # both blank: not applicable
                continue
            else:
                outcome = _figures(fs, fl, _agree, tol)
            assert outcome is not None
            out.append((outcome, code, item, fs, fl, i))
        if not out:
            raise _Missing("every figure it compares is blank")
        return out

    def _per_class_finding(self, rule: PerClass, outcome: Outcome, code: str,
                           item: _ItemFields | None, fs: Figure, fl: Figure, i: int | None
                           ) -> Finding:
        ledger = self.ledger(rule.ledger)
        qs = Quantity.of(fs, None if item is None else (
            rule.summary, item[SECTION], item[NAME], rule.summary_column, item[LINE], fs))
        ql = Quantity.of(fl, (rule.ledger, None, code, rule.ledger_column, ledger.line(i), fl))
        name = item[NAME] if item is not None else ledger.ledger[code].name
        return self._finding(
            rule, outcome, self.tolerance, qs, ql,
            f"{rule.summary} {code} {name}·{rule.summary_column}",
            f"{rule.ledger} {code}·{rule.ledger_column}", rule.tables, rule.summary_column, code,
            None if item is None else item[LINE], "=")

    def per_item(self, rule: PerItem) -> list[tuple[Outcome, _Pending]]:
        return [(outcome, partial(self._per_item_finding, rule, outcome, item))
                for outcome, item in self._per_item_checks(rule)]

    def _per_item_checks(self, rule: PerItem) -> list[tuple[Outcome, _ItemFields]]:
        """The outcome of each row's check, with the row's fields."""
        table = self.table(rule.table)
        tol = self.tolerance
        items = table._rows() if rule.section is None else table._section_rows(rule.section)
        columns = (rule.total, *rule.parts)
        out: list[tuple[Outcome, _ItemFields]] = []
        for item in items:
            try:
                at, figures_of = item[COLUMNS].index, item[FIGURES]
                reported, *parts = [figures_of[at(column)] for column in columns]
            except ValueError:  # a column the row lacks: say which
                for column in columns:
                    _cell(item, column)
                raise
            figures = [p for p in parts if p.__class__ is Decimal]
            if reported.__class__ is Decimal:
                total = _ZERO
                for p in figures:
                    total += p
                if total == reported:  # the common case: no Quantity
                    out.append((Outcome.EXACT, item))
                    continue
            elif not figures:  # every figure blank: not applicable
                continue
            outcome = _agree(Quantity.of(reported), Quantity.total([Quantity.of(p) for p in parts]),
                             tol)
            out.append((outcome, item))
        if not out:
            raise _Missing(f"every figure of {rule.table} it compares is blank")
        return out

    def _per_item_finding(self, rule: PerItem, outcome: Outcome, item: _ItemFields
                          ) -> Finding:
        def at(column: str) -> Quantity:
            figure = _cell(item, column)
            return Quantity.of(figure, (rule.table, item[SECTION], item[NAME], column,
                                        item[LINE], figure))

        code = item[CODE]
        return self._finding(
            rule, outcome, self.tolerance, at(rule.total),
            Quantity.total([at(p) for p in rule.parts]),
            f"{rule.table} {item[NAME]}·{rule.total}", " + ".join(rule.parts), rule.tables,
            rule.total, None if code is None else str(code), item[LINE], "=")

    def outline(self, rule: Outline) -> list[tuple[Outcome, _Pending]]:
        table = self.table(rule.table)
        tol = self.tolerance
        total: _ItemFields | None = None
        # [numbered row, [[group row, [leaf rows]] …]]; a numbered row may hold leaves at once
        tree: list[tuple[_ItemFields | None,
                         list[tuple[_ItemFields | None, list[_ItemFields]]]]] = []
        heads = re.compile(rule.heads)
        for item in table._rows():
            item_name = item[NAME]
            if rule.column not in item[COLUMNS] or (rule.skip and item_name.startswith(rule.skip)):
                continue
            name = item_name.replace("·", "")
            if name in rule.total and total is None and not tree:
                total = item
            elif heads.search(item[LABEL]):
                tree.append((item, []))
            elif item_name.endswith(rule.leaves):
                if not tree:
                    tree.append((None, []))
                if not tree[-1][1]:
                    tree[-1][1].append((None, []))
                tree[-1][1][-1][1].append(item)
            elif _cell(item, rule.column) is not None:
                if not tree:
                    tree.append((None, []))
                tree[-1][1].append((item, []))

        def at(item: _ItemFields) -> Quantity:
            figure = _cell(item, rule.column)
            return Quantity.of(figure, (rule.table, item[SECTION], item[NAME], rule.column,
                               item[LINE], figure))

        def check(whole: _ItemFields, parts: list[_ItemFields]) -> None:
            reported, computed = at(whole), Quantity.total([at(p) for p in parts])
            outcome = _agree(reported, computed, tol)
            if outcome is not Outcome.NOT_APPLICABLE:
                out.append(self._check(
                    rule, outcome, tol, reported, computed,
                    f"{rule.table} {whole[NAME]}·{rule.column}",
                    " + ".join(p[NAME] for p in parts), tables=rule.tables, column=rule.column,
                    line=whole[LINE]))

        out: list[tuple[Outcome, _Pending]] = []
        numbered = [row for row, _ in tree if row is not None]
        if total is not None and numbered:
            check(total, numbered)
        for row, groups in tree:
            under = [group for group, _ in groups if group is not None]
            if row is not None and under:
                check(row, under)
            for group, leaves in groups:
                whole = group if group is not None else row if not under else None
                if whole is not None and leaves:
                    check(whole, leaves)
        if not out:
            raise _Missing(f"{rule.table} prints no rows that nest")
        return out



def _cell(item: _ItemFields, column: str) -> Figure:
    try:
        return item[FIGURES][item[COLUMNS].index(column)]
    except ValueError:
        raise _Missing(f"{item[NAME]} has no column {column!r}") from None


Layouts = tuple[str, frozenset[str]]
"""A layout's name and the kinds of table it has."""


def evaluate(tables: Mapping[str, Table], tolerance: Tolerance | None = None,
             rules: Sequence[Rule] = CATALOG, layout: Layouts | None = None) -> Audit:
    """Run the rules (the whole catalog by default) against tables by id; with
    ``layout``, a rule on a kind of table the layout lacks says so."""
    tol = tolerance or Tolerance()
    evaluator = Evaluator(tables, tol, rules, layout)
    rules = tuple(rules)
    outcomes: list[Outcome] = []
    for rule, compiled in zip(rules, evaluator.plan.compiled):
        outcomes += evaluator.outcomes(rule, compiled)
    counts = new_counts()
    _count("cross", outcomes, counts)
    batch = FindingBatch(counts, lambda: tuple(f for rule in rules for f in evaluator.run(rule)))
    return Audit((batch,), tol)
