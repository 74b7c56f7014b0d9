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

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import TYPE_CHECKING, Protocol

import attrs

from gfs_ledger.amounts import Figure, Unit, convert
from gfs_ledger.amounts import format_amount as _format_amount
from gfs_ledger.findings import Cell, Finding, FindingBatch, Outcome
from gfs_ledger.intervals import Interval, Tolerance
from gfs_ledger.narrative.claims import Claim, ClaimKind, Stated
from gfs_ledger.tables.registry import normalize_label

if TYPE_CHECKING:
    from gfs_ledger.narrative.targets import ItemFound

_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_MONEY_UNITS = {u.value: u for u in Unit}


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


_UP_WORDS = frozenset({"大于", "高于", "增加", "增长"})
_DOWN_WORDS = frozenset({"小于", "低于", "减少", "下降"})
_NEARLY = Decimal("0.05")  # 基本持平: a change of at most 5% (docs/narrative.md)
PROSE = "the prose"  # the table of a stated figure's cell, for culprits
_UNVALUED = frozenset({ClaimKind.DIRECTION, ClaimKind.NAME, ClaimKind.PLACEHOLDER})


def format_amount(value: Figure) -> str:
    """A figure as the tables print it; one converted to 元 from 万元 (1.6497860E+8)
    without its exponent."""
    if isinstance(value, Decimal) and _exponent(value) > 0:
        value = value.quantize(Decimal(1))
    return _format_amount(value)


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
                 year: int | None = None, document: str | None = None) -> None:
        self.source = source
        self.tolerance = tolerance
        self.unit = unit
        self.year = year
        self.document = document

    def check(self, claims: Sequence[Claim]) -> tuple[Finding, ...]:
        """A finding for every claim, in the order of the claims."""
        return tuple(f for batch in self.batches(claims) for f in batch.build())

    def batches(self, claims: Sequence[Claim]) -> tuple[FindingBatch, ...]:
        """The outcome of every claim, decided now; their findings (and messages) are
        built when first read, in the order of the claims. Each violated claim is a
        batch of its own: naming culprits builds the violated findings alone."""
        checks: dict[ClaimKind, Callable[[Claim], _Verdict]] = {
            ClaimKind.AMOUNT: self._amount,
            ClaimKind.COUNT: self._count,
            ClaimKind.SHARE: self._share,
            ClaimKind.COMPLETION: self._completion,
            ClaimKind.CHANGE: self._change,
            ClaimKind.SUM: self._sum,
            ClaimKind.ITEM: self._item,
            ClaimKind.RESTATED: self._restated_item,
            ClaimKind.RATE: self._rate,
            ClaimKind.DIRECTION: self._direction,
            ClaimKind.NAME: self._name,
            ClaimKind.YEAR: self._year,
            ClaimKind.PLACEHOLDER: self._placeholder,
            ClaimKind.EVENTS: self._events,
        }
        groups: list[list[tuple[Claim, _Verdict]]] = [[]]
        for claim in claims:
            verdict = checks[claim.kind](claim)
            if verdict.outcome is Outcome.VIOLATED:
                groups += [[(claim, verdict)], []]
            else:
                groups[-1].append((claim, verdict))
        return tuple(self._batch(group) for group in groups if group)

    def _batch(self, verdicts: list[tuple[Claim, _Verdict]]) -> FindingBatch:
        built: list[tuple[Finding, ...]] = []

        def build() -> tuple[Finding, ...]:
            if not built:
                built.append(tuple(self._finding(claim, verdict) for claim, verdict in verdicts))
            return built[0]

        return FindingBatch(Counter(("narrative", v.outcome) for _, v in verdicts), build)

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
               denominator: tuple[Decimal, Interval], explanation: _Text,
               tables: tuple[str, ...], base: str = "the base") -> _Verdict:
        """A stated percentage against numerator / denominator, each a printed value
        and the interval of its true values."""
        (top, top_interval), (bottom, bottom_interval) = numerator, denominator
        if bottom_interval.lo <= 0 <= bottom_interval.hi:
            return _Verdict(Outcome.UNVERIFIABLE,
                            explanation=f"{_text(explanation)}: {base} is zero, so there is "
                            "no rate", tables=tables)
        digits = _exponent(stated)
        point = _quotient(top, bottom, digits - 2)
        ratio = top_interval / bottom_interval * _HUNDRED
        exact = _quotient(top, bottom, digits) == stated
        outcome, allowed = self._compare(stated, point, ratio, exact)
        return _Verdict(outcome, point, _shown(allowed, digits),
                        lambda: f"{_text(explanation)} = {_pct(point)}", tables)

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
        part = claim.relative_to == "payments"  # some of the expense's payments, maybe
        outcome, allowed = self._compare(stated, found.value, self._located(found),
                                         stated <= found.value if part else stated == found.value)
        converted = _MONEY_UNITS.get(claim.stated.unit) not in (None, self.unit)

        def explanation() -> str:
            said = f"{format_amount(claim.stated.value)}{claim.stated.unit}" + (
                f" = {format_amount(stated)}{self.unit.value}" if converted else "")
            if part:
                return f"{_prints(found)}, which the payments ({said}) cannot exceed"
            return f"{_prints(found)}; {said}" if converted else _prints(found)

        cells = () if part else found.cells  # both in the report's unit
        return _Verdict(outcome, found.value, allowed, explanation, (found.table,), cells)

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
                           lambda: _over(part, whole), _tables(part, whole))

    def _completion(self, claim: Claim) -> _Verdict:
        part = self._part(claim)
        if claim.base is None or part is None:
            return _Verdict(Outcome.UNVERIFIABLE,
                            explanation=f"no {claim.relative_to or '预算'} stated for “{claim.subject}”")
        budget = Located(self._money(claim.base), f"{claim.base.label} as stated", "")
        return self._ratio(claim.stated.value, self._of(part), self._of(budget),
                           lambda: _over(part, budget), _tables(part))

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

        def explanation() -> str:
            return (f"{format_amount(change)} / the year before "
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
        counts = claim.total.unit not in _MONEY_UNITS  # 辆, 个: exact numbers
        interval = Interval.point(computed) if counts else sum(
            (self._interval(p) for p in parts), Interval.point(_ZERO))
        if counts:
            outcome = Outcome.EXACT if total == computed else Outcome.VIOLATED
            shown = " + ".join(format_amount(p) for p in parts)
            return _Verdict(outcome, computed, _ZERO,
                            f"the {len(parts)} counts listed, {shown}, sum to {computed}")
        outcome, allowed = self._compare(total, computed, interval, total == computed)
        return _Verdict(outcome, computed, allowed, lambda: (
            f"the {len(parts)} parts listed, {' + '.join(format_amount(p) for p in parts)}, "
            f"sum to {format_amount(computed)}"))

    # ---- item-by-item sentences, years, placeholders -----------------------------------

    def _no_item(self, claim: Claim) -> _Verdict:
        return _Verdict(Outcome.UNVERIFIABLE,
                        explanation=f"the tables print no 项 named {claim.subject}")

    def _item(self, claim: Claim) -> _Verdict:
        found = self.source.item(claim)
        if found is None or found.located is None:
            return self._no_item(claim)
        table = found.located
        unit = _MONEY_UNITS.get(claim.stated.unit, self.unit)
        value = convert(table.value, self.unit, unit)
        figure = Located(value, table.where, table.table, table.exact)
        outcome, allowed = self._compare(claim.stated.value, value, self._located(figure),
                                         claim.stated.value == value)
        shown = "" if unit is self.unit else f" {self.unit.value}, {value}{unit.value}"
        return _Verdict(outcome, value, allowed, f"{_prints(table)}{shown} ({found.code})",
                        (table.table,), table.cells if unit is self.unit else ())

    def _restated_item(self, claim: Claim) -> _Verdict:
        """The same figure stated twice: an item's headline and its 预算安排, or an
        expense and the total of the payments the paragraph then describes, which may be
        some of its payments only, so they may not exceed it."""
        assert claim.base is not None
        same = claim.stated.unit == claim.base.unit
        again = claim.stated.value if same else self._money(claim.stated)
        first = claim.base.value if same else self._money(claim.base)
        if claim.relative_to != "payments":
            outcome, allowed = self._compare(again, first, self._interval(first),
                                             again == first)
            return _Verdict(outcome, first, allowed, (
                f"the sentence opens with {format_amount(claim.base.value)}{claim.base.unit} "
                f"for {claim.subject}"))
        converted = "" if same else (f"; {format_amount(claim.stated.value)}"
                                     f"{claim.stated.unit} = {format_amount(again)}"
                                     f"{self.unit.value}")
        explanation = f"the payments are part of “{claim.base.label}”{converted}"
        outcome, allowed = self._compare(again, first, self._interval(first), again <= first)
        return _Verdict(outcome, first, allowed, explanation)

    def _events(self, claim: Claim) -> _Verdict:
        """A number of 批次 against the payments described: some payment, some 批次."""
        assert claim.part is not None
        payments, batches = claim.part.value, claim.stated.value
        described = f"{payments} payments (笔) of {claim.subject} are described"
        if payments >= 1 and batches == 0:
            return _Verdict(Outcome.VIOLATED, explanation=(
                f"{described}, so at least 1 批次, not {batches}"))
        return _Verdict(Outcome.EXACT, explanation=f"{described}: {batches} 批次 may settle them")

    def _figures(self, claim: Claim) -> tuple[Decimal, Decimal, Interval, Interval] | None:
        """The new and the old figure a rate or a direction relates, and their intervals."""
        if claim.part is None or claim.base is None:
            return None
        new, old = self._money(claim.part), self._money(claim.base)
        return new, old, self._interval(new), self._interval(old)

    def _rate(self, claim: Claim) -> _Verdict:
        figures = self._figures(claim)
        change = claim.relative_to == "change"
        if figures is None:
            missing = "预算执行数" if change else "预算"
            return _Verdict(Outcome.UNVERIFIABLE,
                            explanation=f"the sentence states no {missing} to compute it from")
        new, old, new_interval, old_interval = figures
        assert claim.part is not None and claim.base is not None
        said = f"{_said(claim.base)} → {_said(claim.part)}"
        if old_interval.lo <= 0 <= old_interval.hi:
            return _Verdict(Outcome.UNVERIFIABLE, explanation=(
                f"{said}: the base is zero (a new item, nothing the year before), so there "
                "is no rate to check"))
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
        return _Verdict(outcome, point, _shown(allowed, digits),
                        f"{said}: a {how} of {_pct(point)}")

    def _direction(self, claim: Claim) -> _Verdict:
        figures = self._figures(claim)
        word = claim.stated.label
        if figures is None:
            return _Verdict(Outcome.UNVERIFIABLE,
                            explanation=f"the sentence states no two figures for “{word}”")
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
        outcome = Outcome.EXACT if exact else (
            Outcome.ROUNDING if possible else Outcome.VIOLATED)
        allowed = _ZERO if exact else None
        return _Verdict(outcome, None, allowed, f"{said}: says “{word}”")

    def _name(self, claim: Claim) -> _Verdict:
        found = self.source.item(claim)
        if found is None:
            return self._no_item(claim)
        level = ("类", "款", "项").index(claim.relative_to or "项")
        printed = found.names[level]
        code = found.code[: 3 + 2 * level]
        if _same_name(printed, claim.stated.label):
            return _Verdict(Outcome.EXACT, explanation=(
                f"{found.table} prints {code} as “{printed}”"), tables=(found.table,))
        return _Verdict(Outcome.VIOLATED, explanation=(
            f"{found.table} prints {code} as “{printed}”, the prose calls it "
            f"“{claim.stated.label}”"), tables=(found.table,))

    def _year(self, claim: Claim) -> _Verdict:
        if self.year is None:
            return _Verdict(Outcome.UNVERIFIABLE, explanation="the cover names no year")
        offset = int(claim.percent or 0)
        if claim.relative_to == "the closing date" and self.document == "预算":
            offset = -1  # a budget states its assets at the close of the year before
        expected = self.year + offset
        stated = int(claim.stated.value)
        which = "the document's" if offset == 0 else "the year before the document's"
        explanation = f"the cover says {self.year}, so this is {which} year, {expected}"
        outcome = Outcome.EXACT if stated == expected else Outcome.VIOLATED
        return _Verdict(outcome, Decimal(expected), _ZERO, explanation)

    def _placeholder(self, claim: Claim) -> _Verdict:
        return _Verdict(Outcome.VIOLATED, explanation=(
            f"“{claim.stated.label}” is a placeholder left from the template"))

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
