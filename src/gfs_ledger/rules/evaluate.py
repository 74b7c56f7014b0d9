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

from collections.abc import Mapping, Sequence
from decimal import Decimal

import attrs

from gfs_ledger.amounts import Figure, format_amount
from gfs_ledger.codes import Code
from gfs_ledger.findings import Audit, Finding, Outcome
from gfs_ledger.intervals import Interval, Tolerance
from gfs_ledger.ledger import Ledger
from gfs_ledger.rules.catalog import (
    CATALOG,
    TOTAL,
    Classes,
    Part,
    PerClass,
    PerCode,
    PerItem,
    Ref,
    Rule,
    Sum,
)
from gfs_ledger.tables.model import Item, Status, Table

_ZERO = Decimal(0)


@attrs.frozen(slots=True)
class Quantity:
    """A figure or a sum of figures: its value, the interval of its true values,
    how many printed figures it holds, and how it reads."""

    value: Decimal
    interval: Interval
    count: int
    text: str

    @classmethod
    def of(cls, figure: Figure, tol: Tolerance) -> Quantity:
        if isinstance(figure, Decimal):
            return cls(figure, tol.interval(figure), 1, format_amount(figure))
        return cls(_ZERO, Interval.point(_ZERO), 0, "blank")

    @classmethod
    def total(cls, parts: Sequence[Quantity]) -> Quantity:
        interval, count, value = Interval.point(_ZERO), 0, _ZERO
        for p in parts:
            interval, count, value = interval + p.interval, count + p.count, value + p.value
        text = " + ".join(p.text for p in parts if p.count) or "blank"
        return cls(value, interval, count, text)


class _Missing(Exception):
    """A figure that a rule needs is in no table (the table is absent, empty or lacks it)."""


def _agree(reported: Quantity, computed: Quantity, tol: Tolerance) -> tuple[Outcome, Decimal]:
    difference = reported.value - computed.value
    allowed = tol.allowed(reported.value, reported.interval, computed.value, computed.interval)
    if reported.count == 0 and computed.count == 0:
        return Outcome.NOT_APPLICABLE, allowed
    if not difference:
        return Outcome.EXACT, allowed
    return (Outcome.ROUNDING if abs(difference) <= allowed else Outcome.VIOLATED), allowed


def _at_most(left: Quantity, right: Quantity, tol: Tolerance) -> tuple[Outcome, Decimal]:
    allowed = tol.allowed(left.value, left.interval, right.value, right.interval)
    if left.count == 0 and right.count == 0:
        return Outcome.NOT_APPLICABLE, allowed
    if left.value <= right.value:
        return Outcome.EXACT, allowed
    return (Outcome.ROUNDING if left.value - right.value <= allowed else Outcome.VIOLATED), allowed


class Evaluator:
    """Evaluates rules against a mapping of tables under one tolerance."""

    def __init__(self, tables: Mapping[str, Table], tolerance: Tolerance) -> None:
        self.tables = tables
        self.tolerance = tolerance
        self.definitions = {r.total: r.parts for r in CATALOG if isinstance(r, Sum)}

    # ---- figures ----------------------------------------------------------------------

    def table(self, table_id: str) -> Table:
        table = self.tables.get(table_id)
        if table is None:
            raise _Missing(f"{table_id} is not in the report")
        if table.status is Status.EMPTY:
            raise _Missing(f"{table_id} is published empty")
        return table

    def ledger(self, table_id: str) -> Ledger:
        ledger = self.table(table_id).ledger
        if ledger is None:
            raise _Missing(f"{table_id} has no ledger")
        return ledger

    def printed(self, ref: Ref) -> tuple[Figure, int | None]:
        """The printed figure of a reference and its line."""
        table = self.table(ref.table)
        if table.ledger is not None and (ref.key == TOTAL or ref.key[:1].isdigit()):
            ledger = table.ledger
            if ref.key == TOTAL:
                if ledger.total is None:
                    raise _Missing(f"{ref.table} has no 合计 row")
                return ledger.total[ledger.columns.index(ref.column)], None
            if ref.key not in ledger:
                return None, None
            return ledger.value(ref.key, ref.column), ledger.line_of(ref.key)
        item = table.find(ref.key, ref.section)
        if item is None:
            raise _Missing(f"{ref.table} has no row {ref.key!r}")
        return item[ref.column], item.line

    def reconciled(self, part: Part, tol: Tolerance) -> Quantity:
        """A part of a sum, reconciled with the figures beneath it."""
        if isinstance(part, Classes):
            return Quantity.total([self.reconciled(r, tol) for r in self.classes(part)])
        figure, _ = self.printed(part)
        own = Quantity.of(figure, tol)
        beneath = self.beneath(part)
        if beneath is None:
            return own
        below = Quantity.total([self.reconciled(p, tol) for p in beneath])
        if below.count == 0:
            return own
        if own.count == 0 or _agree(own, below, tol)[0] is Outcome.VIOLATED:
            return attrs.evolve(below, text=f"({below.text})")
        return own

    def beneath(self, ref: Ref) -> Sequence[Part] | None:
        """The parts a figure is the sum of: its children in a ledger, or a rule's parts."""
        if ref in self.definitions:
            return self.definitions[ref]
        table = self.tables.get(ref.table)
        if table is None or table.ledger is None or not ref.key[:1].isdigit():
            return None
        ledger = table.ledger
        if ref.key not in ledger:
            return None
        kids = ledger.children(ref.key)
        return [Ref(ref.table, str(k.code), ref.column) for k in kids] or None

    def classes(self, part: Classes) -> list[Ref]:
        table = self.table(part.table)
        if table.ledger is not None:
            codes = [str(a.code) for a in table.ledger.children(None)]
            return [Ref(part.table, c, part.column) for c in codes if c not in part.exclude]
        return [Ref(part.table, i.name, part.column, i.section)
                for c, i in table.classes.items() if c not in part.exclude]

    # ---- rules ------------------------------------------------------------------------

    def run(self, rule: Rule) -> list[Finding]:
        try:
            if isinstance(rule, Sum):
                return [self.sum(rule)]
            if isinstance(rule, PerCode):
                return self.per_code(rule)
            if isinstance(rule, PerClass):
                return self.per_class(rule)
            return self.per_item(rule)
        except _Missing as why:
            return [Finding("cross", Outcome.NOT_APPLICABLE, None, None, rule.zh, None, None,
                            None, None, table="/".join(rule.tables), rule_id=rule.id,
                            detail=f"{rule.id} {rule.zh}: not applicable — {why}")]

    def _finding(self, rule: Rule, outcome: Outcome, allowed: Decimal, reported: Quantity,
                 computed: Quantity, left: str, right: str, *, tables: Sequence[str],
                 column: str | None, code: str | None = None, line: int | None = None,
                 relation: str = "=") -> Finding:
        difference = reported.value - computed.value
        text = (f"{rule.id} {rule.zh}: {left} {reported.text} {relation} "
                f"{right} {computed.text}")
        if computed.count > 1:
            text += f" = {format_amount(computed.value)}"
        if outcome in (Outcome.ROUNDING, Outcome.VIOLATED):
            verdict = "by rounding" if outcome is Outcome.ROUNDING else "— violated"
            text += f" (difference {difference}, allowed ±{allowed} {verdict})"
        na = outcome is Outcome.NOT_APPLICABLE
        return Finding(
            "cross", outcome, column, None if code is None else Code(code), rule.zh,
            None if na or not reported.count else reported.value,
            None if na or not computed.count else computed.value,
            None if na else difference, None if na else allowed,
            terms=computed.count, table="/".join(dict.fromkeys(tables)), rule_id=rule.id,
            detail=text, line=line,
        )

    def sum(self, rule: Sum) -> Finding:
        tol = Tolerance.exact() if rule.counts else self.tolerance
        figure, line = self.printed(rule.total)
        reported = Quantity.of(figure, tol)
        parts = [self.reconciled(p, tol) for p in rule.parts]
        computed = Quantity.total(parts)
        outcome, allowed = _agree(reported, computed, tol)
        right = " + ".join(p.describe() for p in rule.parts)
        return self._finding(rule, outcome, allowed, reported, computed, rule.total.describe(),
                             right, tables=rule.tables, column=rule.total.column, line=line)

    def _applies(self, rule: PerCode) -> None:
        for ref in rule.when:
            figure, _ = self.printed(ref)
            if isinstance(figure, Decimal) and figure != 0:
                raise _Missing(f"{ref.describe()} is {format_amount(figure)}, not blank or zero")

    def per_code(self, rule: PerCode) -> list[Finding]:
        left, right = self.ledger(rule.left), self.ledger(rule.right)
        self._applies(rule)
        tol = self.tolerance
        codes = list(dict.fromkeys(
            [str(a.code) for a in left if a.printed] + [str(a.code) for a in right if a.printed]))
        out = []
        compare = _at_most if rule.relation == "≤" else _agree
        for a, b in rule.columns:
            for code in [TOTAL, *sorted(codes)]:
                fa, line = self.printed(Ref(rule.left, code, a))
                fb, _ = self.printed(Ref(rule.right, code, b))
                qa, qb = Quantity.of(fa, tol), Quantity.of(fb, tol)
                outcome, allowed = compare(qa, qb, tol)
                if outcome is Outcome.NOT_APPLICABLE:
                    continue
                label = TOTAL if code == TOTAL else code
                out.append(self._finding(
                    rule, outcome, allowed, qa, qb, f"{rule.left} {label}·{a}",
                    f"{rule.right} {label}·{b}", tables=(rule.left, rule.right), column=a,
                    code=None if code == TOTAL else code, line=line, relation=rule.relation))
        if not out:
            raise _Missing("every figure it compares is blank")
        return out

    def per_class(self, rule: PerClass) -> list[Finding]:
        summary, ledger = self.table(rule.summary), self.ledger(rule.ledger)
        tol = self.tolerance
        rows: dict[str, Item] = dict(summary.classes)
        codes = sorted(set(rows) | {str(a.code) for a in ledger.children(None)})
        out = []
        for code in codes:
            item = rows.get(code)
            fs = item[rule.summary_column] if item is not None else None
            fl = ledger.value(code, rule.ledger_column) if code in ledger else None
            qs, ql = Quantity.of(fs, tol), Quantity.of(fl, tol)
            outcome, allowed = _agree(qs, ql, tol)
            if outcome is Outcome.NOT_APPLICABLE:
                continue
            name = item.name if item is not None else ledger[code].name
            out.append(self._finding(
                rule, outcome, allowed, qs, ql, f"{rule.summary} {code} {name}·{rule.summary_column}",
                f"{rule.ledger} {code}·{rule.ledger_column}", tables=rule.tables,
                column=rule.summary_column, code=code, line=None if item is None else item.line))
        if not out:
            raise _Missing("every figure it compares is blank")
        return out

    def per_item(self, rule: PerItem) -> list[Finding]:
        table = self.table(rule.table)
        tol = self.tolerance
        items = table.items if rule.section is None else table.section(rule.section)
        out = []
        for item in items:
            reported = Quantity.of(item[rule.total], tol)
            computed = Quantity.total([Quantity.of(item[p], tol) for p in rule.parts])
            outcome, allowed = _agree(reported, computed, tol)
            if outcome is Outcome.NOT_APPLICABLE:
                continue
            out.append(self._finding(
                rule, outcome, allowed, reported, computed, f"{rule.table} {item.name}·{rule.total}",
                " + ".join(rule.parts), tables=rule.tables, column=rule.total,
                code=None if item.code is None else str(item.code), line=item.line))
        if not out:
            raise _Missing(f"every figure of {rule.table} it compares is blank")
        return out


def evaluate(tables: Mapping[str, Table], tolerance: Tolerance | None = None,
             rules: Sequence[Rule] = CATALOG) -> Audit:
    """Run the rules (the whole catalog by default) against tables by id."""
    tol = tolerance or Tolerance()
    evaluator = Evaluator(tables, tol)
    return Audit.of([f for rule in rules for f in evaluator.run(rule)], tol)
