"""The rollup engine's checks: every parent against its printed children, and
every row total against its parts.

Checks run column by column over the ledger's columns; outcomes are decided
for every check at once, while the findings themselves (with the allowed
difference of exact checks) are only built when someone reads them.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from itertools import compress, islice, repeat

import attrs

from gfs_ledger.amounts import Figure
from gfs_ledger.codes import Code
from gfs_ledger.findings import Audit, Finding, FindingBatch, Outcome, _count, new_counts
from gfs_ledger.intervals import (
    Interval,
    Steps,
    Tolerance,
    ToleranceKind,
    _half_step,
)
from gfs_ledger.ledger import TOTAL_NAME, Ledger, RowRule
from gfs_ledger.packed import StepColumn

_ZERO = Decimal(0)
_CENT = Decimal("0.01")
_HALF_CENT = Decimal("0.005")
_ZERO_INTERVAL = Interval.point(_ZERO)
_ROUNDING = Tolerance()
_TOTAL = -1
# A check waiting to become a Finding: (rule, row, column, reported, computed, outcome).
# The last field is the row rule of a row check (-1 for a hierarchy check). In a column
# of one step (``StepColumn``) both figures are integers of that step.
_Record = tuple[str, int, int, Figure | int, Decimal | int | None, Outcome, int]


def check_ledger(ledger: Ledger, tolerance: Tolerance | None = None) -> Audit:
    """Run every hierarchy and row rule of a ledger under a tolerance (rounding by default).

    >>> from gfs_ledger.samples import sample_ledger
    >>> from gfs_ledger import Tolerance
    >>> strict = check_ledger(sample_ledger(), Tolerance.exact())
    >>> sorted({(str(f.code), f.column) for f in strict.violations})
    [('20113', '基本支出'), ('20113', '本年支出合计'), ('216', '本年支出合计'), ('216', '项目支出')]
    """
    tol = tolerance or Tolerance()
    terms = _Terms(ledger, tol)
    records: list[_Record] = []
    with_children = sorted(set(ledger._parents).difference((-1,)))
    for j, column in enumerate(ledger._values):
        if terms.all_printed and column.__class__ is StepColumn:
            _hierarchy_of_step(ledger, j, column, with_children, terms, records)
        else:
            _hierarchy(ledger, j, with_children, terms, records)
    hierarchy = len(records)
    for rule in ledger.row_rules:
        _rows(ledger, rule, terms, records)
    batch = FindingBatch(_counts(terms.outcomes, hierarchy), lambda: tuple(map(terms.finding, records)))
    return Audit((batch,), tol, ledger.diagnostics)


def _counts(outcomes: list[Outcome], hierarchy: int) -> Counter[tuple[str, Outcome]]:
    """The outcomes of the records counted per rule (the first ``hierarchy`` are the
    hierarchy's, the rest the rows')."""
    counts = new_counts()
    _count("hierarchy", outcomes[:hierarchy], counts)
    _count("row", outcomes[hierarchy:], counts)
    return counts


def _outcome(
    reported: Figure, computed: Decimal | None, allowed: Callable[[], Decimal]
) -> Outcome:
    if computed is None and not isinstance(reported, Decimal):
        return Outcome.NOT_APPLICABLE
    r = reported if isinstance(reported, Decimal) else _ZERO
    difference = r - (computed if computed is not None else _ZERO)
    if not difference:
        return Outcome.EXACT
    return Outcome.ROUNDING if abs(difference) <= allowed() else Outcome.VIOLATED


def _hierarchy(
    ledger: Ledger, j: int, with_children: list[int], terms: _Terms, out: list[_Record]
) -> None:
    column = ledger._values[j]
    parents, printed = ledger._parents, ledger._printed
    if column == terms.blank:
        _blank_hierarchy(ledger, j, with_children, terms, out)
        return
    # What each account adds to its parent's sum: its printed figure, or where it was
    # not printed, the sum of its own children's. Printed figures first, in any order:
    sums: list[Decimal | None] = [None] * len(column)
    if terms.all_printed:
        for p, value in zip(parents, column):
            if value.__class__ is Decimal and p >= 0:
                below = sums[p]
                sums[p] = value if below is None else below + value
        checked = with_children
    else:
        for p, value, was_printed in zip(parents, column, printed):
            if p >= 0 and was_printed and value.__class__ is Decimal:
                below = sums[p]
                sums[p] = value if below is None else below + value
        # then the accounts that were not printed, the deepest first.
        for i in reversed([i for i, was in enumerate(printed) if not was]):
            p, value = parents[i], sums[i]
            if p >= 0 and value is not None:
                below = sums[p]
                sums[p] = value if below is None else below + value
        checked = [i for i in with_children if printed[i]]
    reported = list(map(column.__getitem__, checked))
    computed = list(map(sums.__getitem__, checked))
    outcomes = _decided(reported, computed, lambda i: partial(terms.allowed_hierarchy, i, j),
                        checked)
    out.extend(zip(repeat("hierarchy"), checked, repeat(j), reported, computed,
                   outcomes, repeat(-1)))
    terms.outcomes += outcomes
    # A printed 合计 with no account under it (a one-row table) is not a sum.
    if ledger.total is not None and (terms.roots or ledger.total[j] is None):
        reported_total = ledger.total[j]
        computed_total = _decimal_sum([column[i] if printed[i] else sums[i] for i in terms.roots])
        if reported_total.__class__ is Decimal and reported_total == computed_total:
            outcome = Outcome.EXACT
        else:
            outcome = _outcome(reported_total, computed_total,
                               lambda: terms.allowed_hierarchy(_TOTAL, j))
        out.append(("hierarchy", _TOTAL, j, reported_total, computed_total, outcome, -1))
        terms.outcomes.append(outcome)


def _decided(
    reported: Sequence[Figure], computed: Sequence[Decimal | None],
    allowed: Callable[[int], Callable[[], Decimal]], checked: Sequence[int],
) -> list[Outcome]:
    """The outcome of each check (of the account or row ``checked[k]``): equal figures
    and blanks over blanks, the common cases, at once; the others by ``_outcome``."""
    outcomes: list[Outcome | None] = [
        Outcome.EXACT if r.__class__ is Decimal and r == c
        else Outcome.NOT_APPLICABLE if c is None and r.__class__ is not Decimal else None
        for r, c in zip(reported, computed)]
    if None in outcomes:
        for k, outcome in enumerate(outcomes):
            if outcome is None:
                outcomes[k] = _outcome(reported[k], computed[k], allowed(checked[k]))
    return outcomes  # type: ignore[return-value]


def _blank_hierarchy(
    ledger: Ledger, j: int, with_children: list[int], terms: _Terms, out: list[_Record]
) -> None:
    """``_hierarchy`` of a column where every account is blank: nothing is summed, so
    every check of an account is not applicable."""
    printed = ledger._printed
    na = Outcome.NOT_APPLICABLE
    checked = with_children if terms.all_printed else [i for i in with_children if printed[i]]
    if checked:
        out.extend(zip(repeat("hierarchy"), checked, repeat(j), repeat(None), repeat(None),
                       repeat(na), repeat(-1)))
        terms.outcomes += repeat(na, len(checked))
    # A printed 合计 with no account under it (a one-row table) is not a sum.
    if ledger.total is not None and (terms.roots or ledger.total[j] is None):
        reported = ledger.total[j]
        outcome = na if reported.__class__ is not Decimal else _outcome(
            reported, None, lambda: terms.allowed_hierarchy(_TOTAL, j))
        out.append(("hierarchy", _TOTAL, j, reported, None, outcome, -1))
        terms.outcomes.append(outcome)


def _roots(parents: Sequence[int]) -> list[int]:
    """The positions of the 类 rows (parent -1), found by a search in C from one to the
    next."""
    roots: list[int] = []
    k = -1
    try:
        while True:
            k = parents.index(-1, k + 1)
            roots.append(k)
    except ValueError:
        return roots


# Accounts next to each other with one parent: where each run starts, where it ends and
# the parent.
_Runs = tuple[list[int], list[int], list[int]]


def _sibling_runs(parents: Sequence[int]) -> _Runs:
    """The runs of accounts next to each other that have one parent: in printed order
    the children of an account below which nothing else is printed make one run."""
    if not parents:
        return [], [], []
    changes = map(operator.ne, parents, islice(parents, 1, None))
    starts = [0, *compress(range(1, len(parents)), changes)]
    ends = [*islice(starts, 1, None), len(parents)]
    return starts, ends, list(map(parents.__getitem__, starts))


def _hierarchy_of_step(
    ledger: Ledger, j: int, column: StepColumn, with_children: list[int], terms: _Terms,
    out: list[_Record],
) -> None:
    """``_hierarchy`` over a column of one step whose every account was printed: sums
    (a run of siblings at a time) and comparisons in integers of the step."""
    numbers = column.numbers
    # One slot more than accounts: a 类 (parent -1) adds into the last, which nobody reads.
    sums = [0] * (len(numbers) + 1)
    for start, end, p in zip(*terms.runs):
        sums[p] += sum(numbers[start:end])
    reported = list(map(numbers.__getitem__, with_children))
    computed = list(map(sums.__getitem__, with_children))
    outcomes = [Outcome.EXACT] * len(with_children)
    # Printed figures only, under the default rounding: the figure and each of its n
    # children stand for ± half a step, so they may differ by (n + 1) half steps.
    carried = ledger._carried
    printed_only = terms.default and (carried is None or carried.column(j) is None)
    for k in [k for k, same in enumerate(map(operator.eq, reported, computed)) if not same]:
        i = with_children[k]
        if printed_only:
            within = 2 * abs(reported[k] - computed[k]) <= terms.children_count(i) + 1
            outcomes[k] = Outcome.ROUNDING if within else Outcome.VIOLATED
            continue
        outcomes[k] = _outcome(column.decimal(reported[k]), column.decimal(computed[k]),
                               partial(terms.allowed_hierarchy, i, j))
    out.extend(zip(repeat("hierarchy"), with_children, repeat(j), reported, computed, outcomes,
                   repeat(-1)))
    terms.outcomes += outcomes
    if ledger.total is not None and terms.roots:
        reported_total = ledger.total[j]
        computed_total = column.decimal(sum(numbers[i] for i in terms.roots))
        outcome = _outcome(reported_total, computed_total,
                           lambda: terms.allowed_hierarchy(_TOTAL, j))
        out.append(("hierarchy", _TOTAL, j, reported_total, computed_total, outcome, -1))
        terms.outcomes.append(outcome)


def _rows(ledger: Ledger, rule: RowRule, terms: _Terms, out: list[_Record]) -> None:
    k = ledger.row_rules.index(rule)
    parts = rule.parts
    t = ledger.columns.index(rule.total)
    part_columns = [ledger._values[ledger.columns.index(p)] for p in parts]
    # A column of blanks adds nothing to any row's sum.
    part_columns = [c for c in part_columns if c != terms.blank]
    # Each row's sum of the Decimals among its parts (None where there are none), a
    # column at a time.
    sums: list[Decimal | None] = [None] * len(terms.blank)
    for column in part_columns:
        sums = [a if b.__class__ is not Decimal else b if a is None else a + b
                for a, b in zip(sums, column)]
    column = ledger._values[t]
    if terms.all_printed:
        checked: Sequence[int] = range(len(sums))
        reported: Sequence[Figure] = column if isinstance(column, tuple) else tuple(column)
    else:
        checked = list(compress(range(len(sums)), ledger._printed))
        reported = list(map(column.__getitem__, checked))
        sums = list(map(sums.__getitem__, checked))
    outcomes = _decided(reported, sums, lambda i: partial(terms.allowed_row, i, t, k), checked)
    out.extend(zip(repeat("row"), checked, repeat(t), reported, sums, outcomes, repeat(k)))
    terms.outcomes += outcomes
    if ledger.total is not None:
        row = ledger.total
        computed = _decimal_sum([row[ledger.columns.index(p)] for p in parts])
        outcome = _outcome(row[t], computed, lambda: terms.allowed_row(_TOTAL, t, k))
        out.append(("row", _TOTAL, t, row[t], computed, outcome, k))
        terms.outcomes.append(outcome)


def _decimal_sum(figures: Sequence[Figure]) -> Decimal | None:
    """The sum of the Decimals among figures; None when there are none."""
    total: Decimal | None = None
    for f in figures:
        if f.__class__ is Decimal:
            total = f if total is None else total + f
    return total


# The terms of a check summed up: (interval of the true values, number of terms, sum of
# their figures, and the steps of the printed figures behind them where any term is a
# computed figure, else None).
_TermSum = tuple[Interval, int, Decimal, Steps | None]


class _Terms:
    """The intervals behind each check, worked out only where they are needed."""

    def __init__(self, ledger: Ledger, tolerance: Tolerance) -> None:
        self.ledger = ledger
        self.tolerance = tolerance
        self.roots = _roots(ledger._parents)
        self._runs: _Runs | None = None
        self._counts: list[int] | None = None
        self._kids: dict[int, list[int]] = {}
        # The outcome of each record, in order, for counting them without the records.
        self.outcomes: list[Outcome] = []
        self.blank = (None,) * len(ledger._parents)  # a column of blanks
        # the default rounding (compared field by field: attrs' __eq__ is slower)
        self.default = tolerance is _ROUNDING or (
            tolerance.kind is ToleranceKind.ROUNDING and tolerance.step is None
            and not tolerance.slack)
        self._printed_only = self.default and ledger._carried is None
        self.all_printed = all(ledger._printed)

    @property
    def runs(self) -> _Runs:
        """The runs of siblings (``_sibling_runs``), made when first asked for."""
        if self._runs is None:
            self._runs = _sibling_runs(self.ledger._parents)
        return self._runs

    def children(self, i: int) -> list[int]:
        """The children of account i (the 类 rows for ``_TOTAL``), kept once found."""
        if i == _TOTAL:
            return self.roots
        kids = self._kids.get(i)
        if kids is None:
            kids = self._kids[i] = self.ledger._children_of(i)
        return kids

    def children_count(self, i: int) -> int:
        """How many children account i has."""
        if self._counts is None:
            self._counts = [0] * (len(self.ledger) + 1)
            for start, end, p in zip(*self.runs):
                self._counts[p] += end - start
        return self._counts[i]

    def _printed(self, kids: Sequence[int], j: int) -> list[int]:
        """The accounts whose figures add to a sum in column j: each one, or where it
        was not printed, its children (and so on down)."""
        ledger = self.ledger
        column, printed = ledger._values[j], ledger._printed
        found: list[int] = []
        for k in kids:
            if not printed[k]:
                found += self._printed(ledger._children_of(k), j)
            elif isinstance(column[k], Decimal):
                found.append(k)
        return found

    def _sum(self, figures: Sequence[Decimal], steps: Sequence[Steps | None]) -> _TermSum:
        total = sum(figures, _ZERO)
        if not any(steps):  # printed figures only: the common case
            return self.tolerance.sum_interval(figures), len(figures), total, None
        behind = Steps.behind(figures, steps)
        return self.tolerance.interval(total, behind), len(figures), total, behind

    def _reported(self, i: int, j: int) -> tuple[Figure, Steps | None]:
        ledger = self.ledger
        if i == _TOTAL:
            assert ledger.total is not None
            return ledger.total[j], ledger._total_steps()[j]
        return ledger._values[j][i], ledger._steps_at(i, j)

    def _hierarchy_terms(self, i: int, j: int) -> _TermSum:
        kids = self.roots if i == _TOTAL else self.ledger._children_of(i)
        found = self._printed(kids, j)
        ledger = self.ledger
        column = ledger._values[j]
        return self._sum(
            [column[k] for k in found],  # type: ignore[misc]
            [ledger._steps_at(k, j) for k in found],
        )

    def _row_terms(self, i: int, k: int) -> _TermSum:
        ledger = self.ledger
        rule = ledger.row_rules[k]
        where = [ledger.columns.index(p) for p in rule.parts]
        if i == _TOTAL:
            assert ledger.total is not None
            row, steps = ledger.total, ledger._total_steps()
            terms = [(row[c], steps[c]) for c in where]
        else:
            terms = [(ledger._values[c][i], ledger._steps_at(i, c)) for c in where]
        kept = [(f, s) for f, s in terms if isinstance(f, Decimal)]
        return self._sum([f for f, _ in kept], [s for _, s in kept])

    def _sides(self, i: int, j: int, terms: _TermSum) -> tuple[Interval, Interval]:
        reported, steps = self._reported(i, j)
        if isinstance(reported, Decimal):
            reported_interval = self.tolerance.interval(reported, steps)
        else:
            reported_interval = _ZERO_INTERVAL
        return reported_interval, terms[0]

    def _allowed(self, i: int, j: int, terms: _TermSum) -> Decimal:
        reported, _ = self._reported(i, j)
        value = reported if isinstance(reported, Decimal) else _ZERO
        reported_interval, interval = self._sides(i, j, terms)
        return self.tolerance.allowed(value, reported_interval, terms[2], interval)

    # What decides a check; a finding works ``allowed`` out through the intervals. With
    # printed figures only under the default rounding, the intervals need not be made:
    # each figure stands for ± half its step, so the two sides may differ by the sum of
    # those halves.

    def allowed_hierarchy(self, i: int, j: int) -> Decimal:
        if self._printed_only:
            ledger = self.ledger
            column = ledger._values[j]
            kids = self.children(i)
            if not self.all_printed:
                kids = self._printed(kids, j)
            reported = column[i] if i != _TOTAL else ledger.total[j]  # type: ignore[index]
            return self._halves(reported, [column[k] for k in kids])
        return self._allowed(i, j, self._hierarchy_terms(i, j))

    def allowed_row(self, i: int, t: int, k: int) -> Decimal:
        if self._printed_only:
            ledger = self.ledger
            row = ledger.total if i == _TOTAL else [column[i] for column in ledger._values]
            assert row is not None
            parts = [row[ledger.columns.index(p)] for p in ledger.row_rules[k].parts]
            return self._halves(row[t], parts)
        return self._allowed(i, t, self._row_terms(i, k))

    @staticmethod
    def _halves(reported: Figure, parts: Sequence[Figure]) -> Decimal:
        """The sum of half the step of each Decimal among a check's figures: where every
        one is printed to the cent (the common case), that many half cents."""
        figures = [f for f in parts if f.__class__ is Decimal]
        if reported.__class__ is Decimal:
            figures.append(reported)
        if all(map(_CENT.same_quantum, figures)):
            return _HALF_CENT * len(figures)
        return sum(map(_half_step, figures), _ZERO)

    def finding(self, record: _Record) -> Finding:
        rule, i, j, reported, computed, outcome, k = record
        ledger = self.ledger
        if isinstance(reported, int):  # integers of the step of a StepColumn
            column = ledger._values[j]
            assert isinstance(column, StepColumn) and isinstance(computed, int)
            reported, computed = column.decimal(reported), column.decimal(computed)
        assert not isinstance(computed, int)
        r = reported if isinstance(reported, Decimal) else None
        difference = allowed = None
        count = 0  # not applicable: no term holds a printed figure
        sides: tuple[Interval, Interval] | None = None
        notes: tuple[str, str] | None = None
        if outcome is not Outcome.NOT_APPLICABLE:
            if rule == "hierarchy":
                terms = self._hierarchy_terms(i, j)
            else:
                terms = self._row_terms(i, k)
            count = terms[1]
            difference = (r or _ZERO) - (computed or _ZERO)
            allowed = self._allowed(i, j, terms)
            sides = self._sides(i, j, terms)
            notes = self._notes(i, j, terms, sides)
        total_row = i == _TOTAL
        line = 0 if total_row or not ledger._lines else ledger._lines[i]
        finding = Finding(
            rule, outcome, ledger.columns[j],
            None if total_row else Code(ledger._digits[i]),
            TOTAL_NAME if total_row else ledger._names[i],
            r, computed, difference, allowed,
            terms=count, table=ledger.title, line=line if line > 0 else None,
            reported_interval=None if sides is None or r is None else sides[0],
            computed_interval=None if sides is None or computed is None else sides[1],
        )
        basis = self.tolerance.basis
        if notes is not None or (outcome is Outcome.ROUNDING and basis != "rounding"):
            # The message names what allowed the difference and, where a computed figure
            # takes part, what each side's width is made of; a finding knows no policy.
            return attrs.evolve(finding, detail=finding._sum_message(basis, notes))
        return finding

    def _notes(
        self, i: int, j: int, terms: _TermSum, sides: tuple[Interval, Interval]
    ) -> tuple[str, str] | None:
        """Where the widths of a check come from, when a computed figure takes part
        (under every policy: the exact ones give it no width); None otherwise."""
        reported, steps = self._reported(i, j)
        if steps is None and terms[3] is None:
            return None
        mine, theirs = sides
        if not isinstance(reported, Decimal):
            reported_note = "blank"
        elif steps is None:
            reported_note = f"printed, {_width(reported, mine)}"
        else:
            reported_note = f"{_made_of(steps.count)}, {_width(reported, mine)}"
        behind = terms[3] or Steps.total(())
        return reported_note, f"{_made_of(behind.count)}, {_width(terms[2], theirs)}"


def _made_of(count: int) -> str:
    return "1 printed figure" if count == 1 else f"sum of {count} printed figures"


def _width(value: Decimal, interval: Interval) -> str:
    """How far the true value may lie from a figure: ±r, or −below/+above."""
    below, above = value - interval.lo, interval.hi - value
    return f"±{above}" if below == above else f"−{below}/+{above}"
