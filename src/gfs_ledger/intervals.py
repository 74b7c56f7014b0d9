"""Exact interval arithmetic over Decimal, and the tolerance policies built on it.

A printed figure stands for every true value that prints as it: 751.01 with a
unit step of 0.01 is any value in [751.005, 751.015]. Sums, differences, ratios
and equalities between figures are interval arithmetic, and a rule holds within
rounding when the intervals it compares overlap.

A figure the library computes (a consolidated, converted or rolled-up sum) is
no longer printed: its digits say nothing of its width. It carries ``Steps``
instead, the unit steps of the printed figures it was made of, and each policy
turns those into its interval exactly.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal

import attrs

from gfs_ledger.amounts import bounded, step_of_exponent, unit_step
from gfs_ledger.errors import IntervalError, InvalidAmount, InvalidOperand, InvalidValue

_ZERO = Decimal(0)
_POWERS_OF_TEN = {k: Decimal(10) ** k for k in range(-8, 9)}
_HALF = Decimal("0.5")
_FLOOR = Context(prec=40, rounding=ROUND_FLOOR)
_CEILING = Context(prec=40, rounding=ROUND_CEILING)


@attrs.frozen(slots=True)
class Interval:
    """A closed interval [lo, hi] of Decimals.

    >>> a = Interval.around(Decimal("1776.55"), Decimal("0.005"))
    >>> b = Interval.around(Decimal("792.13"), Decimal("0.005"))
    >>> ratio = a / b * 100
    >>> stated = Interval.around(Decimal("224.27"), Decimal("0.005"))
    >>> ratio.overlaps(stated), ratio.contains(Decimal("224.27"))
    (True, False)
    """

    lo: Decimal
    hi: Decimal

    def __attrs_post_init__(self) -> None:
        if self.lo > self.hi:
            raise InvalidValue(f"empty interval [{self.lo}, {self.hi}]")

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        """The interval holding one value only."""
        return cls(value, value)

    @classmethod
    def around(cls, value: Decimal, radius: Decimal) -> Interval:
        """[value - radius, value + radius]."""
        return cls(value - radius, value + radius)

    @property
    def width(self) -> Decimal:
        """hi - lo."""
        return self.hi - self.lo

    @property
    def midpoint(self) -> Decimal:
        """The centre of the interval."""
        return (self.lo + self.hi) / 2

    def contains(self, value: Decimal) -> bool:
        """True when value lies in the interval (ends included)."""
        return self.lo <= value <= self.hi

    def overlaps(self, other: Interval) -> bool:
        """True when the two intervals share at least one value."""
        return self.lo <= other.hi and other.lo <= self.hi

    def __add__(self, other: Interval | Decimal | int) -> Interval:
        o = other if other.__class__ is Interval else _as_interval(other)
        assert isinstance(o, Interval)
        return Interval(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __sub__(self, other: Interval | Decimal | int) -> Interval:
        o = _as_interval(other)
        return Interval(self.lo - o.hi, self.hi - o.lo)

    def __rsub__(self, other: Interval | Decimal | int) -> Interval:
        return _as_interval(other) - self

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: Interval | Decimal | int) -> Interval:
        o = _as_interval(other)
        products = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other: Interval | Decimal | int) -> Interval:
        """Division, rounded outwards so that the result always holds the true ratio."""
        o = _as_interval(other)
        if o.lo <= 0 <= o.hi:
            raise IntervalError(f"division by an interval holding zero: {o}")
        lows = [_FLOOR.divide(a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        highs = [_CEILING.divide(a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return Interval(min(lows), max(highs))

    def __str__(self) -> str:
        return f"[{self.lo}, {self.hi}]"


def _as_interval(value: Interval | Decimal | int) -> Interval:
    if isinstance(value, Interval):
        return value
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Interval.point(Decimal(value))
    raise InvalidOperand(f"cannot use {value!r} in interval arithmetic")


def exponent_of(value: Decimal) -> int:
    """The exponent of a finite Decimal: -2 for ``1.80``, its unit step 10 ** -2."""
    if value.same_quantum(_CENT):  # the common case, without as_tuple's digits
        return -2
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "a printed figure is finite"
    return exponent


def _half_step(value: Decimal) -> Decimal:
    if value.same_quantum(_CENT):  # the common case, without as_tuple's digits
        return _HALF_CENT
    return _half_of_step(value.as_tuple().exponent)


@functools.lru_cache(maxsize=64)
def _half_of_step(exponent: int | str) -> Decimal:
    assert isinstance(exponent, int), "a printed figure is finite"
    return step_of_exponent(exponent) * _HALF


# Figures of cents, the most printed: compared by ``same_quantum`` (a C call).
_CENT = Decimal("0.01")
_HALF_CENT = _half_of_step(-2)


@attrs.frozen(slots=True)
class Steps:
    """The printed figures a derived figure was made of: how many at each unit step
    and sign, as ``(exponent of the step, negative, how many)`` sorted.

    A sum of printed figures stands for its value ± the half steps of all of them,
    whatever digits the sum itself shows; converting it between units shifts every
    step by the same power of ten. Keeping the count per step and sign (not one
    width) lets every policy work the interval out exactly: rounding takes half of
    each step, truncation needs the sign of each figure, and ``with_step`` narrows
    each step on its own.

    >>> both = Steps.of(Decimal("735.82")) + Steps.of(Decimal("735.82"))
    >>> both, both.count
    (Steps(counts=((-2, False, 2),)), 2)
    >>> both.shifted(4)       # the same figures, in 元 (万元 × 10⁴)
    Steps(counts=((2, False, 2),))
    """

    counts: tuple[tuple[int, bool, int], ...]

    @classmethod
    def of(cls, value: Decimal) -> Steps:
        """The steps of one printed figure."""
        return cls(((exponent_of(value), value < 0, 1),))

    @classmethod
    def total(cls, parts: Iterable[Steps]) -> Steps:
        """The steps of a sum of computed figures: the counts of its parts added up."""
        found: dict[tuple[int, bool], int] = {}
        for part in parts:
            for exponent, negative, count in part.counts:
                key = (exponent, negative)
                found[key] = found.get(key, 0) + count
        return cls(tuple(sorted((e, neg, n) for (e, neg), n in found.items())))

    @classmethod
    def behind(cls, figures: Iterable[Decimal], steps: Iterable[Steps | None]) -> Steps:
        """The steps of a sum of figures, each printed (its steps None) or computed.

        >>> Steps.behind([Decimal("1.00"), Decimal("2.0000")],
        ...              [None, Steps.of(Decimal("1.00")) + Steps.of(Decimal("1.0000"))])
        Steps(counts=((-4, False, 1), (-2, False, 2)))
        """
        found: dict[tuple[int, bool], int] = {}
        last: Decimal | None = None  # the last printed figure, whose exponent is known
        exponent = 0
        for figure, carried in zip(figures, steps):
            if carried is None:
                # Printed figures mostly share their exponent; same_quantum tells it
                # without taking the figure apart.
                if last is None or not figure.same_quantum(last):
                    exponent, last = exponent_of(figure), figure
                key = (exponent, figure < 0)
                found[key] = found.get(key, 0) + 1
                continue
            for e, negative, count in carried.counts:
                key = (e, negative)
                found[key] = found.get(key, 0) + count
        if len(found) == 1:
            ((e, negative), count), = found.items()
            return cls(((e, negative, count),))
        return cls(tuple(sorted((e, neg, n) for (e, neg), n in found.items())))

    def __add__(self, other: Steps) -> Steps:
        return Steps.total((self, other))

    def shifted(self, places: int) -> Steps:
        """The same figures multiplied by 10 ** places (a change of unit)."""
        return Steps(tuple((e + places, neg, n) for e, neg, n in self.counts))

    @property
    def count(self) -> int:
        """How many printed figures."""
        return sum(n for _, _, n in self.counts)


class ToleranceKind(enum.Enum):
    """How printed figures relate to the true values behind them."""

    ROUNDING = "rounding"
    TRUNCATION = "truncation"
    EXACT = "exact"
    ABSOLUTE = "absolute"


_BASIS = {
    ToleranceKind.ROUNDING: "rounding",
    ToleranceKind.TRUNCATION: "truncation",
    ToleranceKind.EXACT: "nothing",
    ToleranceKind.ABSOLUTE: "the absolute tolerance",
}


@attrs.frozen(slots=True)
class Tolerance:
    """A policy that turns each printed figure into the interval of true values.

    - ``Tolerance.rounding()`` (the default): a figure is its value ± half its
      unit step, so a sum of n printed terms may miss its printed total by up to
      (n + 1)·q/2.
    - ``Tolerance.truncation()``: the publisher cut digits instead of rounding:
      [v, v + q] for v ≥ 0 and [v − q, v] below zero.
    - ``Tolerance.exact()``: every figure is exactly its value.
    - ``Tolerance.absolute("0.05")``: figures are exact, and a rule may miss by
      at most that amount.

    A figure's unit step is read from how it is printed (0.01 for ``751.01``).
    A spreadsheet may have dropped trailing zeros (``750`` for ``750.00``);
    ``with_step("0.01")`` says every figure was printed to 0.01 at least, so
    that ``750`` stands for [749.995, 750.005], not [749.5, 750.5].

    A figure the ledger computed (consolidated, rolled up) is not read from its
    digits: it carries the ``Steps`` of the printed figures behind it, and each
    policy applies to every one of them (``interval(value, steps)``): rounding
    allows half of each step, truncation each figure's step on its own side,
    ``with_step`` narrows each step, exact and absolute allow none.

    >>> Tolerance.rounding().interval(Decimal("750.05"))
    Interval(lo=Decimal('750.045'), hi=Decimal('750.055'))
    >>> Tolerance.parse("0.05")
    Tolerance(kind=<ToleranceKind.ABSOLUTE: 'absolute'>, slack=Decimal('0.05'), step=None)
    """

    kind: ToleranceKind = ToleranceKind.ROUNDING
    slack: Decimal = _ZERO
    step: Decimal | None = None

    def with_step(self, step: Decimal | str) -> Tolerance:
        """The same policy, with every figure taken to be printed to ``step`` at least.

        >>> Tolerance.rounding().with_step("0.01").interval(Decimal("750"))
        Interval(lo=Decimal('749.995'), hi=Decimal('750.005'))
        """
        try:
            amount = Decimal(step) if not isinstance(step, Decimal) else step
        except ArithmeticError:
            amount = Decimal("NaN")
        if not amount.is_finite() or amount <= 0 or amount != _POWERS_OF_TEN.get(
            amount.adjusted()
        ):
            raise InvalidValue(
                f"a unit step is a power of ten from 1E-8 to 1E+8 (0.01, 1, …), not {step!r}")
        return attrs.evolve(self, step=amount)

    def _step(self, value: Decimal) -> Decimal:
        own = unit_step(value)
        return own if self.step is None or own < self.step else self.step

    def _half(self, value: Decimal) -> Decimal:
        return _half_step(value) if self.step is None else self._step(value) * _HALF

    @classmethod
    def rounding(cls) -> Tolerance:
        """Each figure stands for its value ± half its unit step."""
        return cls(ToleranceKind.ROUNDING)

    @classmethod
    def truncation(cls) -> Tolerance:
        """Each figure was cut, not rounded, to its unit step."""
        return cls(ToleranceKind.TRUNCATION)

    @classmethod
    def exact(cls) -> Tolerance:
        """Each figure is exact; any difference is a violation."""
        return cls(ToleranceKind.EXACT)

    @classmethod
    def absolute(cls, slack: Decimal | str | int) -> Tolerance:
        """Figures are exact and a rule may miss by at most ``slack``."""
        amount = Decimal(slack) if not isinstance(slack, Decimal) else slack
        if not amount.is_finite() or amount < 0:
            raise InvalidValue(f"an absolute tolerance is a number ≥ 0, not {slack!r}")
        try:
            bounded(amount, slack)
        except InvalidAmount as error:  # as large (or as fine) as no printed amount is
            raise InvalidValue(f"an absolute tolerance is an amount: {error}") from None
        return cls(ToleranceKind.ABSOLUTE, amount)

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """``rounding``, ``truncation``, ``exact`` or a number (an absolute tolerance)."""
        for kind in (ToleranceKind.ROUNDING, ToleranceKind.TRUNCATION, ToleranceKind.EXACT):
            if text == kind.value:
                return cls(kind)
        try:
            return cls.absolute(Decimal(text))
        except ArithmeticError:
            raise InvalidValue(
                f"unknown tolerance {text!r}: use rounding, truncation, exact or a number"
            ) from None

    def interval(self, value: Decimal, steps: Steps | None = None) -> Interval:
        """The true values a figure may stand for under this policy: a printed figure
        (``steps`` None), or a derived one made of printed figures of those ``steps``.

        >>> two = Steps.of(Decimal("735.82")) + Steps.of(Decimal("735.82"))
        >>> Tolerance.rounding().interval(Decimal("1471.64"), two)
        Interval(lo=Decimal('1471.630'), hi=Decimal('1471.650'))
        >>> Tolerance.truncation().interval(Decimal("1471.64"), two)
        Interval(lo=Decimal('1471.64'), hi=Decimal('1471.66'))
        """
        if steps is not None:
            if self.kind is ToleranceKind.ROUNDING:
                below, above = self._reach(steps)
                radius = (below + above) * _HALF
                return Interval(value - radius, value + radius)
            if self.kind is ToleranceKind.TRUNCATION:
                below, above = self._reach(steps)
                return Interval(value - below, value + above)
            return Interval.point(value)
        if self.kind is ToleranceKind.ROUNDING:
            radius = self._half(value)
            return Interval(value - radius, value + radius)
        if self.kind is ToleranceKind.TRUNCATION:
            step = self._step(value)
            return Interval(value, value + step) if value >= 0 else Interval(value - step, value)
        return Interval.point(value)

    def _reach(self, steps: Steps) -> tuple[Decimal, Decimal]:
        """The steps of the negative figures and of the others, each narrowed to
        ``self.step`` when it is set."""
        below = above = _ZERO
        for exponent, negative, count in steps.counts:
            step = step_of_exponent(exponent)
            if self.step is not None and step > self.step:
                step = self.step
            if negative:
                below += count * step
            else:
                above += count * step
        return below, above

    def sum_interval(self, figures: Sequence[Decimal]) -> Interval:
        """The true values a sum of printed figures may stand for: the sum of their
        intervals, made at once.

        >>> tol = Tolerance.rounding()
        >>> figures = [Decimal(v) for v in ("692.99", "42.84", "14.23")]
        >>> tol.sum_interval(figures) == sum(tol.interval(f) for f in figures)
        True
        >>> tol.sum_interval(figures)
        Interval(lo=Decimal('750.045'), hi=Decimal('750.075'))
        """
        total = sum(figures, _ZERO)
        if self.kind is ToleranceKind.ROUNDING:
            radius = sum(map(self._half, figures), _ZERO)
            return Interval(total - radius, total + radius)
        if self.kind is ToleranceKind.TRUNCATION:
            up = sum((self._step(f) for f in figures if f >= 0), _ZERO)
            down = sum((self._step(f) for f in figures if f < 0), _ZERO)
            return Interval(total - down, total + up)
        return Interval.point(total)

    def allowed(
        self, reported: Decimal, reported_interval: Interval, computed: Decimal,
        computed_interval: Interval,
    ) -> Decimal:
        """How far reported may sit from computed, on the side where it does.

        The two agree within this policy when ``abs(reported - computed)`` is at
        most this; with the interval policies that is exactly when the two
        intervals overlap.

        >>> tol = Tolerance.rounding()
        >>> sum_of_three = sum(tol.interval(Decimal(v)) for v in ("692.99", "42.84", "14.23"))
        >>> tol.allowed(Decimal("750.05"), tol.interval(Decimal("750.05")),
        ...             Decimal("750.06"), sum_of_three)
        Decimal('0.020')
        """
        if reported >= computed:
            room = (reported - reported_interval.lo) + (computed_interval.hi - computed)
        else:
            room = (reported_interval.hi - reported) + (computed - computed_interval.lo)
        return room + self.slack

    @property
    def basis(self) -> str:
        """What lets two figures differ under this policy, for messages: ``rounding``,
        ``truncation``, ``the absolute tolerance`` (or ``nothing`` when exact).

        >>> Tolerance().basis, Tolerance.parse("5").basis
        ('rounding', 'the absolute tolerance')
        """
        return _BASIS[self.kind]

    def describe(self) -> str:
        """The policy in words: what ``Tolerance.parse`` reads back, and the unit step
        when one is set.

        >>> Tolerance.parse("0.05").describe(), Tolerance().with_step("0.01").describe()
        ('0.05', 'rounding, figures printed to 0.01 at least')
        """
        text = str(self.slack) if self.kind is ToleranceKind.ABSOLUTE else self.kind.value
        return text if self.step is None else f"{text}, figures printed to {self.step} at least"
