"""Checking claims with exact interval arithmetic.

Every printed figure, in a table or in the prose, stands for the interval of
true values that print as it (see ``Tolerance``); a printed percentage such as
42.27% stands for [42.265, 42.275]. A claim is consistent when the intervals it
relates overlap. A ratio is ``exact`` when the quotient of the printed figures,
rounded half-up to the stated digits, is the stated figure; ``rounding`` when
it is not but the intervals overlap (1,776.55 / 792.13 = 224.2776…%, stated
224.27%); ``violated`` when they do not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from gfs_ledger.amounts import Unit, convert, format_amount
from gfs_ledger.findings import Cell, Finding, FindingBatch, Outcome, _count, new_counts
from gfs_ledger.intervals import Interval, Tolerance, ToleranceKind
from gfs_ledger.narrative.claims import Claim, ClaimKind, Stated
from gfs_ledger.tables.registry import normalize_label

if TYPE_CHECKING:
    from gfs_ledger.narrative.targets import ItemFound

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_ONE = Decimal(1)
_MONEY_UNITS = {u.value: u for u in Unit}
_EXACT, _ROUNDING, _VIOLATED, _UNVERIFIABLE = (
    Outcome.EXACT, Outcome.ROUNDING, Outcome.VIOLATED, Outcome.UNVERIFIABLE)


@attrs.frozen(slots=True)
class Located:
    """A table figure that a claim restates or is measured against.

    ``exact`` marks a zero that is no printed figure at all (a blank cell, a
    table published empty): it stands for nothing but zero. ``cells`` are the printed
    cells whose sum it is, when it is in the report's unit as they print it: a claim
    that restates it wrongly is then one more identity reading them, for
    ``gfs_ledger.culprits``.
    """

    value: Decimal
    where: str
    table: str
    exact: bool = False
    cells: tuple[Cell, ...] = ()


# A table figure found, as cheap to make as a tuple: its value, whether it is an exact
# zero that no figure prints (``Located.exact``), then a function and its arguments that
# make its ``Located`` (where it prints, its cells): an audit's summary reads outcomes
# alone, so the words and cells of a figure are made only when a finding reads them.
Hit = tuple[Any, ...]


def figure_of(hit: Hit) -> Located:
    """The ``Located`` of a hit."""
    made: Located = hit[2](*hit[3:])
    return made


def _same(found: Located) -> Located:
    return found


def _stated_figure(value: Decimal, label: str) -> Located:
    return Located(value, f"{label} as stated", "")


class FigureSource(Protocol):
    """Finds the table figure a claim is about (``role`` "subject") or relative to
    (``role`` "whole"), or None when the tables hold none."""

    def locate(self, claim: Claim, role: str) -> Located | None: ...

    def item(self, claim: Claim) -> ItemFound | None:
        """The 项 of the tables that an item claim names, or None."""
        ...


# What a verdict says, or how to say it: the text of the commonest verdicts is made
# only when their finding is built (an audit's summary needs only the outcome).
_Text = str | Callable[[], str]


def _text(text: _Text) -> str:
    return text if isinstance(text, str) else text()


@attrs.frozen(slots=True)
class _Verdict:
    outcome: Outcome
    computed: Decimal | None = None
    allowed: Decimal | None = None
    explanation: _Text = ""
    tables: tuple[str, ...] = ()
    cells: tuple[Cell, ...] = ()  # the table's cells the stated figure restates


# A claim's outcome, decided when it is checked, and its verdict or how to make it
# later (a function and its arguments, a tuple being the cheapest thing to make): an
# audit's summary reads the outcomes alone, so a claim that holds exactly (most of them)
# builds no interval, no allowed difference and no text until its finding is read.
_Later = tuple[Any, ...]
_Decided = tuple[Outcome, _Verdict | _Later]


def _now(verdict: _Verdict) -> _Decided:
    return verdict.outcome, verdict


def _made(verdict: _Verdict | _Later) -> _Verdict:
    if isinstance(verdict, _Verdict):
        return verdict
    made: _Verdict = verdict[0](*verdict[1:])
    return made


def _unless_exact(exact: bool, later: _Later) -> _Decided:
    """An exact claim's verdict made when read; any other's now, which tells its outcome."""
    if exact:
        return _EXACT, later
    made = _made(later)
    return made.outcome, made


# The key of an outcome's count, by its name (``Outcome[name]`` is a call in Python).
_UP_WORDS = frozenset({"大于", "高于", "增加", "增长"})
_DOWN_WORDS = frozenset({"小于", "低于", "减少", "下降"})
_NEARLY = Decimal("0.05")  # 基本持平: a change of at most 5% (docs/narrative.md)
PROSE = "the prose"  # the table of a stated figure's cell, for culprits
_UNVALUED = frozenset({ClaimKind.DIRECTION, ClaimKind.NAME, ClaimKind.PLACEHOLDER})
# The kinds ``ClaimChecker.batches`` decides in its loop (an enum member is slow to look up).
_AMOUNT, _COUNT_KIND = ClaimKind.AMOUNT, ClaimKind.COUNT
_SHARE, _COMPLETION, _CHANGE = ClaimKind.SHARE, ClaimKind.COMPLETION, ClaimKind.CHANGE
# What no search has found yet (None is a search that found nothing).
_UNSEARCHED: Hit = (_ZERO, True)


def _same_name(printed: str, said: str) -> bool:
    """The same name, but for white space, width and a 支出 the prose leaves out
    (公共安全（类） for 204 公共安全支出)."""
    printed, said = normalize_label(printed), normalize_label(said)
    return printed == said or printed == f"{said}支出"


def _said(stated: Stated) -> str:
    """A figure of the prose with its label and unit: 预算执行数 11.67万元."""
    return f"{stated.label} {format_amount(stated.value)}{stated.unit}"


def _pct(value: Decimal) -> str:
    return f"{value}%"


def _quotient(numerator: Decimal, denominator: Decimal, digits: int) -> Decimal:
    """numerator / denominator × 100 to 40 digits, rounded half-up to 10 ** digits."""
    quotient = _DIVIDING.multiply(_DIVIDING.divide(numerator, denominator), _HUNDRED)
    step = _STEPS.get(digits)
    if step is None:
        step = _STEPS[digits] = Decimal(1).scaleb(digits)
    return quotient.quantize(step, context=_QUANTIZING)


def _quotient_as(numerator: Decimal, denominator: Decimal, stated: Decimal) -> Decimal:
    """``_quotient`` to the digits of stated (quantize takes the exponent of its operand)."""
    quotient = _DIVIDING.multiply(_DIVIDING.divide(numerator, denominator), _HUNDRED)
    return quotient.quantize(stated, context=_QUANTIZING)


# Enough digits to quantize any ratio of amounts within their limits (15 integer digits,
# 60 decimals) to any stated precision, so that quantize never fails.
_QUANTIZE_PRECISION = 300
_DIVIDING = Context(prec=40, rounding=ROUND_HALF_UP)
_QUANTIZING = Context(prec=_QUANTIZE_PRECISION, rounding=ROUND_HALF_UP)
_STEPS: dict[int, Decimal] = {}  # 10 ** digits, for the digits a percentage is stated to


def _over(part: Located, whole: Located) -> str:
    return (f"{part.where} {format_amount(part.value)} / {whole.where} "
            f"{format_amount(whole.value)}")


def _tables(*found: Located) -> tuple[str, ...]:
    return tuple(f.table for f in found if f.table)


def _prints(found: Located) -> str:
    verb = "holds" if found.exact else "prints"
    return f"{found.where} {verb} {format_amount(found.value)}"


def _shown(allowed: Decimal, digits: int) -> Decimal:
    """An allowed difference of a ratio, to four digits past the stated ones."""
    with localcontext() as ctx:
        ctx.prec = _QUANTIZE_PRECISION
        return allowed.quantize(Decimal(1).scaleb(digits - 4))


def _exponent(value: Decimal) -> int:
    """The exponent of a figure: -2 for 1.50 (read from its text, which is cheaper than
    ``as_tuple`` and its named tuple, unless the text has an exponent)."""
    text = str(value)
    if "E" in text or not value.is_finite():
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        return exponent
    point = text.find(".")
    return 0 if point < 0 else point + 1 - len(text)


def _no_figure(subject: str, what: str) -> _Verdict:
    return _Verdict(_UNVERIFIABLE, explanation=f"no table figure for {what}“{subject}”")


def _counted_hit(outcome: Outcome, hit: Hit) -> _Verdict:
    found = figure_of(hit)
    return _Verdict(outcome, found.value, _ZERO, _prints(found), (found.table,))


def _dated(outcome: Outcome, year: int, offset: int, expected: int) -> _Verdict:
    which = "the document's" if offset == 0 else "the year before the document's"
    explanation = f"the cover says {year}, so this is {which} year, {expected}"
    return _Verdict(outcome, Decimal(expected), _ZERO, explanation)


class ClaimChecker:
    """Checks claims against the figures a ``FigureSource`` finds, under a tolerance."""

    def __init__(self, source: FigureSource, tolerance: Tolerance, unit: Unit = Unit.WAN,
                 year: int | None = None, document: str | None = None) -> None:
        self.source = source
        # A source that finds hits (``ReportFigures``) is asked for them; another's
        # figures are found as Located and taken as hits.
        self._hit: Callable[[Claim, str], Hit | None] = getattr(source, "hit", self._as_hit)
        self.tolerance = tolerance
        self.unit = unit
        self.year = year
        self.document = document
        self._printed_year = None if year is None else str(year)
        # How many places a figure in each money unit moves to be in the report's unit
        # (``convert`` without looking units up: a Unit hashes in Python).
        self._shifts = _SHIFTS[unit.value]
        # Under the default policy (rounding, no step, no slack) two figures that differ
        # agree when twice their difference is at most the sum of the unit steps of the
        # printed figures involved: the outcome is decided in those steps, and no
        # interval is made until the finding is read.
        self._in_steps = (tolerance.kind is ToleranceKind.ROUNDING and tolerance.step is None
                          and not tolerance.slack)

    def check(self, claims: Sequence[Claim]) -> tuple[Finding, ...]:
        """A finding for every claim, in the order of the claims."""
        return tuple(f for batch in self.batches(claims) for f in batch.build())

    def batches(self, claims: Sequence[Claim]) -> tuple[FindingBatch, ...]:
        """The outcome of every claim, decided now; their findings (and messages) are
        built when first read, in the order of the claims. Each violated claim is a
        batch of its own: naming culprits builds the violated findings alone.

        The commonest kinds (amounts, counts, shares, completion rates, changes) are decided in
        this loop, their table figures looked up by (subject, section, count) in the
        source's memory for the report; the others by their kind's method."""
        checks = _CHECKS
        batches: list[FindingBatch] = []
        held: list[Claim] = []
        verdicts: list[_Verdict | _Later] = []
        outcomes: list[Outcome] = []
        found_by = getattr(self.source, "found_by", None)
        known, search, whole_of = found_by() if found_by is not None else ({}, None, None)
        shifts, printed = self._shifts, self._printed_year
        amount_verdict, ratio_verdict = self._amount_verdict, self._ratio_verdict
        quotient_terms, completion_terms = self._quotient_terms, self._completion_terms
        change_terms = self._change_terms
        divide, multiply, quantize = _DIVIDING.divide, _DIVIDING.multiply, _QUANTIZING.quantize
        for claim in claims:
            kind = claim.kind
            verdict: _Verdict | _Later
            if search is None or not (
                    kind is _AMOUNT or kind is _COUNT_KIND or kind is _SHARE
                    or kind is _COMPLETION or (kind is _CHANGE and claim.percent is not None
                    and claim.stated.unit != "%")):
                outcome, verdict = checks[kind._name_](self, claim)
            elif kind is _SHARE or kind is _COMPLETION or kind is _CHANGE:
                part = known.get((claim.subject, claim.section, False), _UNSEARCHED)
                if part is _UNSEARCHED:
                    part = search(claim.subject, claim.section, False)
                if part is None and claim.part is not None:  # the prose's own figure
                    figure = claim.part
                    shift = shifts.get(figure.unit)
                    value = figure.value if not shift else figure.value.scaleb(shift)
                    part = (value, False, _stated_figure, value, figure.label)
                terms: _Later
                bottom: Decimal | None = None
                stated = claim.stated.value
                if kind is _SHARE:
                    whole: Hit | None = None
                    subject = claim.relative_to or whole_of(claim.section)
                    if subject is not None:
                        whole = known.get((subject, claim.section, False), _UNSEARCHED)
                        if whole is _UNSEARCHED:
                            whole = search(subject, claim.section, False)
                    if part is None or whole is None:
                        outcome, verdict = self._unverifiable(
                            claim, "the part of " if part is None else "the whole of ")
                    else:
                        top, bottom = part[0], whole[0]
                        zero = bottom == 0
                        terms = (quotient_terms, part, whole, True)
                elif kind is _CHANGE:
                    if part is None:
                        outcome, verdict = self._change(claim)
                    else:
                        figure = claim.stated
                        shift = shifts.get(figure.unit)
                        top = stated if not shift else stated.scaleb(shift)
                        bottom = part[0] - top
                        assert claim.percent is not None
                        stated = claim.percent
                        terms = (change_terms, part, top, bottom)
                        zero = False  # see ``_change``
                        if abs(bottom) <= (_ONE.scaleb(_exponent(part[0]))
                                           + _ONE.scaleb(_exponent(top))):
                            _, before, _, _ = self._change_terms(part, top, bottom)
                            zero = before.lo <= 0 <= before.hi
                elif claim.base is None or part is None:
                    outcome, verdict = _now(_Verdict(_UNVERIFIABLE, explanation=(
                        f"no {claim.relative_to or '预算'} stated for “{claim.subject}”")))
                else:
                    figure = claim.base
                    shift = shifts.get(figure.unit)
                    top = part[0]
                    bottom = figure.value if not shift else figure.value.scaleb(shift)
                    zero = bottom == 0
                    terms = (completion_terms, part, figure, bottom)
                if bottom is None:
                    pass
                elif zero:
                    outcome, verdict = self._ratio(stated, top, bottom, True, terms,
                                                   "the year before" if kind is _CHANGE
                                                   else "the base")
                else:
                    exact = quantize(multiply(divide(top, bottom), _HUNDRED), stated) == stated
                    verdict = (ratio_verdict, stated, top, bottom, exact, terms)
                    if exact:
                        outcome = _EXACT
                    else:
                        verdict = _made(verdict)
                        outcome = verdict.outcome
            else:  # an amount or a count
                figure = claim.stated
                period = figure.period
                count = kind is _COUNT_KIND
                if period is not None and period != printed and printed:
                    outcome, verdict = self._other_year(period)
                    found = None
                else:
                    found = known.get((claim.subject, claim.section, count), _UNSEARCHED)
                    if found is _UNSEARCHED:
                        found = search(claim.subject, claim.section, count)
                    if found is None:
                        outcome, verdict = _UNVERIFIABLE, (_no_figure, claim.subject, "")
                if found is None:
                    pass
                elif count:
                    outcome = _EXACT if figure.value == found[0] else _VIOLATED
                    verdict = (_counted_hit, outcome, found)
                else:
                    value = found[0]
                    shift = shifts.get(figure.unit)
                    said = figure.value if not shift else figure.value.scaleb(shift)
                    exact = said <= value if claim.relative_to == "payments" else said == value
                    verdict = (amount_verdict, claim, found, said, exact)
                    if exact:
                        outcome = _EXACT
                    else:
                        outcome, verdict = self._decide(said, value, exact,
                                                        () if found[1] else (value,), verdict)
            if outcome is _VIOLATED:
                if held:
                    batches.append(self._batch(held, verdicts, outcomes))
                    held, verdicts, outcomes = [], [], []
                batches.append(self._batch([claim], [verdict], [outcome]))
            else:
                held.append(claim)
                verdicts.append(verdict)
                outcomes.append(outcome)
        if held:
            batches.append(self._batch(held, verdicts, outcomes))
        return tuple(batches)

    def _batch(self, claims: list[Claim], verdicts: list[_Verdict | _Later],
               outcomes: list[Outcome]) -> FindingBatch:
        built: list[tuple[Finding, ...]] = []

        def build() -> tuple[Finding, ...]:
            if not built:
                built.append(tuple(self._finding(claim, _made(v))
                                   for claim, v in zip(claims, verdicts)))
            return built[0]

        counts = new_counts()
        _count("narrative", outcomes, counts)
        return FindingBatch(counts, build)

    # ---- figures as intervals ---------------------------------------------------------

    def _money(self, stated: Stated) -> Decimal:
        shift = self._shifts.get(stated.unit)
        return stated.value if not shift else stated.value.scaleb(shift)

    def _interval(self, value: Decimal) -> Interval:
        return self.tolerance.interval(value)

    def _located(self, found: Located) -> Interval:
        return Interval.point(found.value) if found.exact else self._interval(found.value)

    def _compare(self, reported: Decimal, computed: Decimal, computed_interval: Interval,
                 exact: bool) -> tuple[Outcome, Decimal]:
        reported_interval = self._interval(reported)
        allowed = self.tolerance.allowed(reported, reported_interval, computed, computed_interval)
        if exact:
            return _EXACT, allowed
        if abs(reported - computed) <= allowed:
            return _ROUNDING, allowed
        return _VIOLATED, allowed

    def _decide(self, reported: Decimal, computed: Decimal, exact: bool,
                printed: Sequence[Decimal], later: _Later) -> _Decided:
        """The outcome of ``_compare`` for reported against computed, ``printed`` being the
        printed figures computed is made of (reported is one more), and the verdict
        ``later`` makes, made now only when the policy is not the default."""
        if exact:
            return _EXACT, later
        if not self._in_steps:
            made = _made(later)
            return made.outcome, made
        steps = _ONE.scaleb(_exponent(reported))
        for figure in printed:
            steps += _ONE.scaleb(_exponent(figure))
        return (_ROUNDING if 2 * abs(reported - computed) <= steps else _VIOLATED), later

    def _ratio(self, stated: Decimal, top: Decimal, bottom: Decimal, zero: bool,
               terms: _Later, base: str = "the base") -> _Decided:
        """A stated percentage against top / bottom, printed values: ``terms`` (a function
        and its arguments) says what they are, the intervals of their true values, the
        division in words and the tables read. ``zero`` when the interval of bottom
        holds zero: there is then no rate."""
        if zero:
            _, _, explanation, tables = terms[0](*terms[1:])
            return _now(_Verdict(_UNVERIFIABLE, explanation=(
                f"{explanation}: {base} is zero, so there is no rate"), tables=tables))
        exact = _quotient_as(top, bottom, stated) == stated
        return _unless_exact(exact, (self._ratio_verdict, stated, top, bottom, exact, terms))

    def _ratio_verdict(self, stated: Decimal, top: Decimal, bottom: Decimal, exact: bool,
                       terms: _Later) -> _Verdict:
        digits = _exponent(stated)
        point = _quotient(top, bottom, digits - 2)
        top_interval, bottom_interval, explanation, tables = terms[0](*terms[1:])
        ratio = top_interval / bottom_interval * _HUNDRED
        outcome, allowed = self._compare(stated, point, ratio, exact)
        return _Verdict(outcome, point, _shown(allowed, digits),
                        f"{explanation} = {_pct(point)}", tables)

    def _quotient_terms(self, top_hit: Hit, bottom_hit: Hit, both: bool
                        ) -> tuple[Interval, Interval, str, tuple[str, ...]]:
        """The terms of a share or a completion rate: two figures found or stated (the
        tables read: both's, or the top's alone)."""
        top, bottom = figure_of(top_hit), figure_of(bottom_hit)
        tables = _tables(top, bottom) if both else _tables(top)
        return self._located(top), self._located(bottom), _over(top, bottom), tables

    # ---- the kinds of claim -----------------------------------------------------------

    def _as_hit(self, claim: Claim, role: str) -> Hit | None:
        found = self.source.locate(claim, role)
        return None if found is None else (found.value, found.exact, _same, found)

    def _unverifiable(self, claim: Claim, what: str = "") -> _Decided:
        return _UNVERIFIABLE, (_no_figure, claim.subject, what)

    def _other_year(self, period: str) -> _Decided:
        """An amount or a count whose words give it another year than the tables'."""
        return _now(_Verdict(_UNVERIFIABLE, explanation=(
            f"a figure of {period}; the tables print {self.year}'s")))

    def _amount(self, claim: Claim) -> _Decided:
        figure = claim.stated
        period = figure.period
        if period is not None and period != self._printed_year and self._printed_year:
            return self._other_year(period)
        found = self._hit(claim, "subject")
        if found is None:
            return _UNVERIFIABLE, (_no_figure, claim.subject, "")
        value = found[0]
        shift = self._shifts.get(figure.unit)
        stated = figure.value if not shift else figure.value.scaleb(shift)
        if claim.relative_to == "payments":  # some of the expense's payments, maybe
            exact = stated <= value
        else:
            exact = stated == value
        if exact:
            return _EXACT, (self._amount_verdict, claim, found, stated, exact)
        return self._decide(stated, value, exact, () if found[1] else (value,),
                            (self._amount_verdict, claim, found, stated, exact))

    def _amount_verdict(self, claim: Claim, hit: Hit, stated: Decimal,
                        exact: bool) -> _Verdict:
        found = figure_of(hit)
        outcome, allowed = self._compare(stated, found.value, self._located(found), exact)
        part = claim.relative_to == "payments"
        converted = _MONEY_UNITS.get(claim.stated.unit) not in (None, self.unit)

        def explanation() -> str:
            said = f"{format_amount(claim.stated.value)}{claim.stated.unit}" + (
                f" = {format_amount(stated)}{self.unit.value}" if converted else "")
            if part:
                return f"{_prints(found)}, which the payments ({said}) cannot exceed"
            return f"{_prints(found)}; {said}" if converted else _prints(found)

        cells = () if part else found.cells  # both in the report's unit
        return _Verdict(outcome, found.value, allowed, explanation, (found.table,), cells)

    def _count(self, claim: Claim) -> _Decided:
        period = claim.stated.period
        if period is not None and period != self._printed_year and self._printed_year:
            return self._other_year(period)
        found = self._hit(claim, "subject")
        if found is None:
            return _UNVERIFIABLE, (_no_figure, claim.subject, "")
        outcome = _EXACT if claim.stated.value == found[0] else _VIOLATED
        return outcome, (_counted_hit, outcome, found)

    def _part(self, claim: Claim) -> Hit | None:
        """The figure a share, rate or change is about: the table's, else the prose's own."""
        found = self._hit(claim, "subject")
        if found is not None:
            return found
        if claim.part is not None:
            value = self._money(claim.part)
            return (value, False, _stated_figure, value, claim.part.label)
        return None

    def _share(self, claim: Claim) -> _Decided:
        part = self._part(claim)
        whole = self._hit(claim, "whole")
        if part is None or whole is None:
            return self._unverifiable(claim, "the part of " if part is None else "the whole of ")
        # Only a printed zero's interval holds zero: a printed figure other than zero is
        # at least its unit step away from it, more than any policy widens it.
        return self._ratio(claim.stated.value, part[0], whole[0], whole[0] == 0,
                           (self._quotient_terms, part, whole, True))

    def _completion(self, claim: Claim) -> _Decided:
        part = self._part(claim)
        if claim.base is None or part is None:
            return _now(_Verdict(_UNVERIFIABLE, explanation=(
                f"no {claim.relative_to or '预算'} stated for “{claim.subject}”")))
        budget = self._money(claim.base)
        return self._ratio(claim.stated.value, part[0], budget, budget == 0,
                           (self._completion_terms, part, claim.base, budget))

    def _completion_terms(self, part: Hit, base: Stated, budget: Decimal
                          ) -> tuple[Interval, Interval, str, tuple[str, ...]]:
        """The terms of a completion rate: the actual over the budget the prose states."""
        return self._quotient_terms(part, (budget, False, _stated_figure, budget, base.label),
                                    False)

    def _change(self, claim: Claim) -> _Decided:
        if claim.stated.unit == "%":
            return _now(_Verdict(_UNVERIFIABLE, explanation=(
                f"only the rate of the change of “{claim.subject}” is stated, and the "
                "tables do not print the year before")))
        part = self._part(claim)
        if claim.percent is None or part is None:
            what = "no rate of change" if claim.percent is None else "no current figure"
            return _now(_Verdict(_UNVERIFIABLE,
                                 explanation=f"{what} for “{claim.subject}”"))
        change = self._money(claim.stated)
        prior = part[0] - change
        # The year before is no printed figure: its interval may hold zero when prior is
        # within the unit steps of the two figures of zero (no policy widens a figure by
        # more than its step), and then the intervals tell.
        zero = False
        if abs(prior) <= _ONE.scaleb(_exponent(part[0])) + _ONE.scaleb(_exponent(change)):
            _, before, _, _ = self._change_terms(part, change, prior)
            zero = before.lo <= 0 <= before.hi
        return self._ratio(claim.percent, change, prior, zero,
                           (self._change_terms, part, change, prior), base="the year before")

    def _change_terms(self, hit: Hit, change: Decimal, prior: Decimal
                      ) -> tuple[Interval, Interval, str, tuple[str, ...]]:
        """The terms of a rate of change: the change over the year before, part − change."""
        part = figure_of(hit)
        changed = self._interval(change)
        sign = "−" if change >= 0 else "+"
        explanation = (f"{format_amount(change)} / the year before "
                       f"({part.where} {format_amount(part.value)} {sign} "
                       f"{format_amount(abs(change))} = {format_amount(prior)})")
        return changed, self._located(part) - changed, explanation, _tables(part)

    def _sum(self, claim: Claim) -> _Decided:
        assert claim.total is not None
        parts = [self._money(p) for p in claim.parts]
        total = self._money(claim.total)
        computed = sum(parts, _ZERO)
        if claim.total.unit not in _MONEY_UNITS:  # 辆, 个: exact numbers
            outcome = _EXACT if total == computed else _VIOLATED
            shown = " + ".join(format_amount(p) for p in parts)
            return _now(_Verdict(outcome, computed, _ZERO,
                                 f"the {len(parts)} counts listed, {shown}, sum to {computed}"))
        exact = total == computed
        return self._decide(total, computed, exact, parts,
                            (self._sum_verdict, parts, total, computed, exact))

    def _sum_verdict(self, parts: list[Decimal], total: Decimal, computed: Decimal,
                     exact: bool) -> _Verdict:
        interval = sum((self._interval(p) for p in parts), Interval.point(_ZERO))
        outcome, allowed = self._compare(total, computed, interval, exact)
        return _Verdict(outcome, computed, allowed, lambda: (
            f"the {len(parts)} parts listed, {' + '.join(format_amount(p) for p in parts)}, "
            f"sum to {format_amount(computed)}"))

    # ---- item-by-item sentences, years, placeholders -----------------------------------

    def _no_item(self, claim: Claim) -> _Decided:
        return _now(_Verdict(_UNVERIFIABLE,
                             explanation=f"the tables print no 项 named {claim.subject}"))

    def _item(self, claim: Claim) -> _Decided:
        found = self.source.item(claim)
        if found is None or found.located is None:
            return self._no_item(claim)
        table = found.located
        unit = _MONEY_UNITS.get(claim.stated.unit, self.unit)
        value = convert(table.value, self.unit, unit)
        return _unless_exact(claim.stated.value == value,
                             (self._item_verdict, claim, found, table, unit, value))

    def _item_verdict(self, claim: Claim, found: ItemFound, table: Located, unit: Unit,
                      value: Decimal) -> _Verdict:
        figure = Located(value, table.where, table.table, table.exact)
        outcome, allowed = self._compare(claim.stated.value, value, self._located(figure),
                                         claim.stated.value == value)
        shown = "" if unit is self.unit else f" {self.unit.value}, {value}{unit.value}"
        return _Verdict(outcome, value, allowed, f"{_prints(table)}{shown} ({found.code})",
                        (table.table,), table.cells if unit is self.unit else ())

    def _restated_item(self, claim: Claim) -> _Decided:
        """The same figure stated twice: an item's headline and its 预算安排, or an
        expense and the total of the payments the paragraph then describes, which may be
        some of its payments only, so they may not exceed it."""
        assert claim.base is not None
        same = claim.stated.unit == claim.base.unit
        again = claim.stated.value if same else self._money(claim.stated)
        first = claim.base.value if same else self._money(claim.base)
        exact = again == first if claim.relative_to != "payments" else again <= first
        return self._decide(again, first, exact, (first,),
                            (self._restated_verdict, claim, same, again, first, exact))

    def _restated_verdict(self, claim: Claim, same: bool, again: Decimal, first: Decimal,
                          exact: bool) -> _Verdict:
        assert claim.base is not None
        outcome, allowed = self._compare(again, first, self._interval(first), exact)
        if claim.relative_to != "payments":
            return _Verdict(outcome, first, allowed, (
                f"the sentence opens with {format_amount(claim.base.value)}{claim.base.unit} "
                f"for {claim.subject}"))
        converted = "" if same else (f"; {format_amount(claim.stated.value)}"
                                     f"{claim.stated.unit} = {format_amount(again)}"
                                     f"{self.unit.value}")
        explanation = f"the payments are part of “{claim.base.label}”{converted}"
        return _Verdict(outcome, first, allowed, explanation)

    def _events(self, claim: Claim) -> _Decided:
        """A number of 批次 against the payments described: some payment, some 批次."""
        assert claim.part is not None
        payments, batches = claim.part.value, claim.stated.value
        described = f"{payments} payments (笔) of {claim.subject} are described"
        if payments >= 1 and batches == 0:
            return _now(_Verdict(_VIOLATED, explanation=(
                f"{described}, so at least 1 批次, not {batches}")))
        return _now(_Verdict(_EXACT,
                             explanation=f"{described}: {batches} 批次 may settle them"))

    def _figures(self, claim: Claim) -> tuple[Decimal, Decimal, Interval, Interval] | None:
        """The new and the old figure a rate or a direction relates, and their intervals."""
        if claim.part is None or claim.base is None:
            return None
        new, old = self._money(claim.part), self._money(claim.base)
        return new, old, self._interval(new), self._interval(old)

    def _rate(self, claim: Claim) -> _Decided:
        figures = self._figures(claim)
        change = claim.relative_to == "change"
        if figures is None:
            missing = "预算执行数" if change else "预算"
            return _now(_Verdict(_UNVERIFIABLE, explanation=(
                f"the sentence states no {missing} to compute it from")))
        new, old, new_interval, old_interval = figures
        assert claim.part is not None and claim.base is not None
        said = f"{_said(claim.base)} → {_said(claim.part)}"
        if old_interval.lo <= 0 <= old_interval.hi:
            return _now(_Verdict(_UNVERIFIABLE, explanation=(
                f"{said}: the base is zero (a new item, nothing the year before), so there "
                "is no rate to check")))
        stated = claim.stated.value
        digits = _exponent(stated)
        top = new - old if change else new
        point = _quotient(top, old, digits - 2)
        ratio = new_interval / old_interval * _HUNDRED
        if change:
            ratio = ratio - _HUNDRED
        exact = _quotient(top, old, digits) == stated
        outcome, allowed = self._compare(stated, point, ratio, exact)
        how = "change" if change else "share"
        return _now(_Verdict(outcome, point, _shown(allowed, digits),
                             f"{said}: a {how} of {_pct(point)}"))

    def _direction(self, claim: Claim) -> _Decided:
        figures = self._figures(claim)
        word = claim.stated.label
        if figures is None:
            return _now(_Verdict(_UNVERIFIABLE, explanation=(
                f"the sentence states no two figures for “{word}”")))
        new, old, new_interval, old_interval = figures
        assert claim.part is not None and claim.base is not None
        said = f"{_said(claim.part)} against {_said(claim.base)}"
        if word in _UP_WORDS:
            exact, possible = new > old, new_interval.hi > old_interval.lo
        elif word in _DOWN_WORDS:
            exact, possible = new < old, new_interval.lo < old_interval.hi
        elif word == "基本持平":
            exact = possible = abs(new - old) <= abs(old) * _NEARLY
        else:  # 持平, 等于
            exact, possible = new == old, new_interval.overlaps(old_interval)
        outcome = _EXACT if exact else (_ROUNDING if possible else _VIOLATED)
        allowed = _ZERO if exact else None
        return _now(_Verdict(outcome, None, allowed, f"{said}: says “{word}”"))

    def _name(self, claim: Claim) -> _Decided:
        found = self.source.item(claim)
        if found is None:
            return self._no_item(claim)
        level = ("类", "款", "项").index(claim.relative_to or "项")
        printed = found.names[level]
        code = found.code[: 3 + 2 * level]
        if _same_name(printed, claim.stated.label):
            return _now(_Verdict(_EXACT, explanation=(
                f"{found.table} prints {code} as “{printed}”"), tables=(found.table,)))
        return _now(_Verdict(_VIOLATED, explanation=(
            f"{found.table} prints {code} as “{printed}”, the prose calls it "
            f"“{claim.stated.label}”"), tables=(found.table,)))

    def _year(self, claim: Claim) -> _Decided:
        year = self.year
        if year is None:
            return _now(_Verdict(_UNVERIFIABLE, explanation="the cover names no year"))
        offset = int(claim.percent or 0)
        if claim.relative_to == "the closing date" and self.document == "预算":
            offset = -1  # a budget states its assets at the close of the year before
        expected = year + offset
        outcome = _EXACT if int(claim.stated.value) == expected else _VIOLATED
        return outcome, (_dated, outcome, year, offset, expected)

    def _placeholder(self, claim: Claim) -> _Decided:
        return _now(_Verdict(_VIOLATED, explanation=(
            f"“{claim.stated.label}” is a placeholder left from the template")))

    # ---- findings -----------------------------------------------------------------------

    def _finding(self, claim: Claim, verdict: _Verdict) -> Finding:
        reported: Decimal | None
        if claim.kind in _UNVALUED:
            reported = None
        elif claim.kind in (ClaimKind.YEAR, ClaimKind.ITEM):
            reported = claim.stated.value
        elif claim.kind is ClaimKind.RESTATED and claim.base is not None and (
                claim.base.unit == claim.stated.unit):
            reported = claim.stated.value
        else:
            reported = claim.percent if claim.kind in (ClaimKind.CHANGE, ClaimKind.RATE) else (
                self._money(claim.stated) if claim.kind is not ClaimKind.SUM
                else self._money(claim.total or claim.stated))
        difference = None
        if verdict.computed is not None and reported is not None:
            difference = reported - verdict.computed
        verdicts = {
            Outcome.EXACT: "exact",
            Outcome.ROUNDING: f"within {self.tolerance.basis} (±{verdict.allowed})",
            Outcome.VIOLATED: ("violated" if verdict.allowed is None
                               else f"violated (allowed ±{verdict.allowed})"),
            Outcome.UNVERIFIABLE: "unverifiable",
        }
        detail = (f"line {claim.line} “{claim.text}” ({claim.subject}): "
                  f"{_text(verdict.explanation)} — {verdicts[verdict.outcome]}")
        cells = None
        if verdict.cells and reported is not None:
            stated = Cell(PROSE, None, f"“{claim.text}”", claim.subject, claim.line, reported)
            cells = ((stated,), verdict.cells)
        return Finding(
            "narrative", verdict.outcome, None, None, claim.subject, reported,
            verdict.computed, difference, verdict.allowed,
            table="/".join(dict.fromkeys(verdict.tables)) or None,
            rule_id=f"narrative.{claim.kind.value}", detail=detail, line=claim.line,
            cells=cells,
        )


# How many places a figure in each money unit (by its text) moves to be in a report's
# unit, by the report's unit's text.
_SHIFTS = {unit.value: {u.value: _exponent(convert(_ONE, u, unit)) for u in Unit}
           for unit in Unit}

# Each kind's check, by the name of the kind (an enum member hashes in Python, its name in C).
_CHECKS: dict[str, Callable[[ClaimChecker, Claim], _Decided]] = {
    kind._name_: check for kind, check in (
        (ClaimKind.AMOUNT, ClaimChecker._amount),
        (ClaimKind.COUNT, ClaimChecker._count),
        (ClaimKind.SHARE, ClaimChecker._share),
        (ClaimKind.COMPLETION, ClaimChecker._completion),
        (ClaimKind.CHANGE, ClaimChecker._change),
        (ClaimKind.SUM, ClaimChecker._sum),
        (ClaimKind.ITEM, ClaimChecker._item),
        (ClaimKind.RESTATED, ClaimChecker._restated_item),
        (ClaimKind.RATE, ClaimChecker._rate),
        (ClaimKind.DIRECTION, ClaimChecker._direction),
        (ClaimKind.NAME, ClaimChecker._name),
        (ClaimKind.YEAR, ClaimChecker._year),
        (ClaimKind.PLACEHOLDER, ClaimChecker._placeholder),
        (ClaimKind.EVENTS, ClaimChecker._events),
    )
}
