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
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Protocol

import attrs

from gfs_ledger.amounts import Unit, convert, format_amount
from gfs_ledger.findings import Finding, Outcome
from gfs_ledger.intervals import Interval, Tolerance
from gfs_ledger.narrative.claims import Claim, ClaimKind, Stated

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_MONEY_UNITS = {u.value: u for u in Unit}


@attrs.frozen(slots=True)
class Located:
    """A table figure that a claim restates or is measured against.

    ``exact`` marks a zero that is no printed figure at all (a blank cell, a
    table published empty): it stands for nothing but zero.
    """

    value: Decimal
    where: str
    table: str
    exact: bool = False


class FigureSource(Protocol):
    """Finds the table figure a claim is about (``role`` "subject") or relative to
    (``role`` "whole"), or None when the tables hold none."""

    def locate(self, claim: Claim, role: str) -> Located | None: ...


@attrs.frozen(slots=True)
class _Verdict:
    outcome: Outcome
    computed: Decimal | None = None
    allowed: Decimal | None = None
    explanation: str = ""
    tables: tuple[str, ...] = ()


def _pct(value: Decimal) -> str:
    return f"{value}%"


def _quotient(numerator: Decimal, denominator: Decimal, digits: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        ctx.rounding = ROUND_HALF_UP
        quotient = numerator / denominator * _HUNDRED
        ctx.prec = _QUANTIZE_PRECISION
        return quotient.quantize(Decimal(1).scaleb(digits))


# Enough digits to quantize any ratio of amounts within their limits (15 integer digits,
# 60 decimals) to any stated precision, so that quantize never fails.
_QUANTIZE_PRECISION = 300


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
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return exponent


class ClaimChecker:
    """Checks claims against the figures a ``FigureSource`` finds, under a tolerance."""

    def __init__(self, source: FigureSource, tolerance: Tolerance, unit: Unit = Unit.WAN,
                 year: int | None = None) -> None:
        self.source = source
        self.tolerance = tolerance
        self.unit = unit
        self.year = year

    def check(self, claims: Sequence[Claim]) -> tuple[Finding, ...]:
        """A finding for every claim, in the order of the claims."""
        checks: dict[ClaimKind, Callable[[Claim], _Verdict]] = {
            ClaimKind.AMOUNT: self._amount,
            ClaimKind.COUNT: self._count,
            ClaimKind.SHARE: self._share,
            ClaimKind.COMPLETION: self._completion,
            ClaimKind.CHANGE: self._change,
            ClaimKind.SUM: self._sum,
        }
        return tuple(self._finding(claim, checks[claim.kind](claim)) for claim in claims)

    # ---- figures as intervals ---------------------------------------------------------

    def _money(self, stated: Stated) -> Decimal:
        unit = _MONEY_UNITS.get(stated.unit)
        return stated.value if unit is None else convert(stated.value, unit, self.unit)

    def _interval(self, value: Decimal) -> Interval:
        return self.tolerance.interval(value)

    def _located(self, found: Located) -> Interval:
        return Interval.point(found.value) if found.exact else self._interval(found.value)

    def _compare(self, reported: Decimal, computed: Decimal, computed_interval: Interval,
                 exact: bool) -> tuple[Outcome, Decimal]:
        reported_interval = self._interval(reported)
        allowed = self.tolerance.allowed(reported, reported_interval, computed, computed_interval)
        if exact:
            return Outcome.EXACT, allowed
        if abs(reported - computed) <= allowed:
            return Outcome.ROUNDING, allowed
        return Outcome.VIOLATED, allowed

    def _ratio(self, stated: Decimal, numerator: tuple[Decimal, Interval],
               denominator: tuple[Decimal, Interval], explanation: str,
               tables: tuple[str, ...], base: str = "the base") -> _Verdict:
        """A stated percentage against numerator / denominator, each a printed value
        and the interval of its true values."""
        (top, top_interval), (bottom, bottom_interval) = numerator, denominator
        if bottom_interval.lo <= 0 <= bottom_interval.hi:
            return _Verdict(Outcome.UNVERIFIABLE,
                            explanation=f"{explanation}: {base} is zero, so there is no rate",
                            tables=tables)
        digits = _exponent(stated)
        point = _quotient(top, bottom, digits - 2)
        ratio = top_interval / bottom_interval * _HUNDRED
        exact = _quotient(top, bottom, digits) == stated
        outcome, allowed = self._compare(stated, point, ratio, exact)
        return _Verdict(outcome, point, _shown(allowed, digits), f"{explanation} = {_pct(point)}",
                        tables)

    def _of(self, found: Located) -> tuple[Decimal, Interval]:
        return found.value, self._located(found)

    # ---- the kinds of claim -----------------------------------------------------------

    def _unverifiable(self, claim: Claim, what: str = "") -> _Verdict:
        return _Verdict(Outcome.UNVERIFIABLE,
                        explanation=f"no table figure for {what}“{claim.subject}”")

    def _restated(self, claim: Claim) -> Located | _Verdict:
        """The table figure an amount or a count restates, or why there is none: the
        words give it another year than the tables', or no table prints it."""
        period = claim.stated.period
        if period is not None and self.year is not None and period != str(self.year):
            return _Verdict(Outcome.UNVERIFIABLE, explanation=(
                f"a figure of {period}; the tables print {self.year}'s"))
        found = self.source.locate(claim, "subject")
        return self._unverifiable(claim) if found is None else found

    def _amount(self, claim: Claim) -> _Verdict:
        found = self._restated(claim)
        if isinstance(found, _Verdict):
            return found
        stated = self._money(claim.stated)
        outcome, allowed = self._compare(
            stated, found.value, self._located(found), stated == found.value)
        return _Verdict(outcome, found.value, allowed, _prints(found), (found.table,))

    def _count(self, claim: Claim) -> _Verdict:
        found = self._restated(claim)
        if isinstance(found, _Verdict):
            return found
        outcome = Outcome.EXACT if claim.stated.value == found.value else Outcome.VIOLATED
        return _Verdict(outcome, found.value, _ZERO, _prints(found), (found.table,))

    def _part(self, claim: Claim) -> Located | None:
        """The figure a share, rate or change is about: the table's, else the prose's own."""
        found = self.source.locate(claim, "subject")
        if found is not None:
            return found
        if claim.part is not None:
            return Located(self._money(claim.part), f"{claim.part.label} as stated", "")
        return None

    def _share(self, claim: Claim) -> _Verdict:
        part = self._part(claim)
        whole = self.source.locate(claim, "whole")
        if part is None or whole is None:
            return self._unverifiable(claim, "the part of " if part is None else "the whole of ")
        return self._ratio(claim.stated.value, self._of(part), self._of(whole),
                           _over(part, whole), _tables(part, whole))

    def _completion(self, claim: Claim) -> _Verdict:
        part = self._part(claim)
        if claim.base is None or part is None:
            return _Verdict(Outcome.UNVERIFIABLE,
                            explanation=f"no {claim.relative_to or '预算'} stated for “{claim.subject}”")
        budget = Located(self._money(claim.base), f"{claim.base.label} as stated", "")
        return self._ratio(claim.stated.value, self._of(part), self._of(budget),
                           _over(part, budget), _tables(part))

    def _change(self, claim: Claim) -> _Verdict:
        if claim.stated.unit == "%":
            return _Verdict(Outcome.UNVERIFIABLE, explanation=(
                f"only the rate of the change of “{claim.subject}” is stated, and the "
                "tables do not print the year before"))
        part = self._part(claim)
        if claim.percent is None or part is None:
            what = "no rate of change" if claim.percent is None else "no current figure"
            return _Verdict(Outcome.UNVERIFIABLE, explanation=f"{what} for “{claim.subject}”")
        change = self._money(claim.stated)
        prior = part.value - change
        sign = "−" if change >= 0 else "+"
        explanation = (f"{format_amount(change)} / the year before "
                       f"({part.where} {format_amount(part.value)} {sign} "
                       f"{format_amount(abs(change))} = {format_amount(prior)})")
        changed = self._interval(change)
        return self._ratio(claim.percent, (change, changed),
                           (prior, self._located(part) - changed), explanation,
                           _tables(part), base="the year before")

    def _sum(self, claim: Claim) -> _Verdict:
        assert claim.total is not None
        parts = [self._money(p) for p in claim.parts]
        total = self._money(claim.total)
        computed = sum(parts, _ZERO)
        interval = sum((self._interval(p) for p in parts), Interval.point(_ZERO))
        outcome, allowed = self._compare(total, computed, interval, total == computed)
        shown = " + ".join(format_amount(p) for p in parts)
        return _Verdict(outcome, computed, allowed,
                        f"the {len(parts)} parts listed, {shown}, sum to {format_amount(computed)}")

    # ---- findings -----------------------------------------------------------------------

    def _finding(self, claim: Claim, verdict: _Verdict) -> Finding:
        reported = claim.percent if claim.kind is ClaimKind.CHANGE else (
            self._money(claim.stated) if claim.kind is not ClaimKind.SUM
            else self._money(claim.total or claim.stated))
        difference = None
        if verdict.computed is not None and reported is not None:
            difference = reported - verdict.computed
        verdicts = {
            Outcome.EXACT: "exact",
            Outcome.ROUNDING: f"within {self.tolerance.basis} (±{verdict.allowed})",
            Outcome.VIOLATED: f"violated (allowed ±{verdict.allowed})",
            Outcome.UNVERIFIABLE: "unverifiable",
        }
        detail = (f"line {claim.line} “{claim.text}” ({claim.subject}): "
                  f"{verdict.explanation} — {verdicts[verdict.outcome]}")
        return Finding(
            "narrative", verdict.outcome, None, None, claim.subject, reported,
            verdict.computed, difference, verdict.allowed,
            table="/".join(dict.fromkeys(verdict.tables)) or None,
            rule_id=f"narrative.{claim.kind.value}", detail=detail, line=claim.line,
        )
