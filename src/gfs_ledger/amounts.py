"""The one gateway from printed text to Decimal, and units of money.

A printed figure keeps its precision: ``Decimal("1.80")`` remembers that it was
printed to the cent of a 万元, so its unit step is 0.01.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from decimal import Decimal

from gfs_ledger.errors import InvalidAmount, InvalidValue


class NotApplicable(enum.Enum):
    """The marker of a cell printed as ``——``: no figure belongs there.

    ``NOT_APPLICABLE`` is its one value; it is neither blank (None) nor zero.

    >>> from gfs_ledger import NOT_APPLICABLE, parse_amount
    >>> parse_amount("——") is NOT_APPLICABLE, parse_amount("") is None
    (True, True)
    >>> NOT_APPLICABLE.value
    '——'
    """

    NOT_APPLICABLE = "——"

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __str__(self) -> str:
        return self.value


NOT_APPLICABLE = NotApplicable.NOT_APPLICABLE

Figure = Decimal | None | NotApplicable
"""What a cell holds: a Decimal, None when blank, or NOT_APPLICABLE."""

MAX_INTEGER_DIGITS = 15
"""The most integer digits an amount may have: 10¹⁵ 元 is a thousand times any
government's budget, so a longer figure is a misprint or garbage, refused where it
is read rather than carried into arithmetic."""

MAX_FRACTION_DIGITS = 60
"""The most digits an amount may have after its decimal point (a computed ratio read
back from JSON has some 40). Within both limits no sum, difference or ratio of amounts
comes near Decimal's exponent limits."""

_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_DASHES = frozenset("—―－-─‐‑–")
_FULL_WIDTH_TABLE = str.maketrans({"−": "-", "，": ",", "（": "(", "）": ")"})


class Unit(enum.Enum):
    """A unit of money, valued in 元.

    >>> Unit.parse("万元").yuan
    Decimal('10000')
    """

    YUAN = "元"
    WAN = "万元"
    YI = "亿元"

    @property
    def yuan(self) -> Decimal:
        """How many 元 one of this unit is worth."""
        return Decimal(10) ** _EXPONENTS[self]

    @classmethod
    def parse(cls, text: str) -> Unit:
        """The unit named by text such as ``万元`` or ``金额单位：万元``."""
        found = _UNITS.get(text)  # the unit's name alone: the common case
        if found is not None:
            return found
        cleaned = unicodedata.normalize("NFKC", text).strip()
        for prefix in ("金额单位:", "单位:"):
            cleaned = cleaned.removeprefix(prefix).strip()
        for unit in cls:
            if cleaned == unit.value:
                return unit
        raise InvalidValue(f"unknown unit of money {text!r}: expected 元, 万元 or 亿元")


_EXPONENTS = {Unit.YUAN: 0, Unit.WAN: 4, Unit.YI: 8}
_UNITS = {unit.value: unit for unit in Unit}


def parse_amount(text: str | Decimal | int | None) -> Figure:
    """Read one printed cell into a Decimal, keeping its printed precision.

    Blank text is None (no amount), a run of dashes (``——``) is
    ``NOT_APPLICABLE``; thousands separators, full-width characters and
    bracketed negatives (``（3.20）``) are understood. Anything else raises
    ``InvalidAmount`` quoting the text; a float is refused outright because it
    has already lost the printed figure.

    >>> parse_amount("1,776.55"), parse_amount("（3.20）"), parse_amount("１.８０")
    (Decimal('1776.55'), Decimal('-3.20'), Decimal('1.80'))
    >>> parse_amount(""), parse_amount("———")
    (None, NOT_APPLICABLE)
    >>> parse_amount("12.3.4")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidAmount: invalid amount '12.3.4': not a number
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise InvalidAmount(f"invalid amount {text!r}: not a finite number")
        return bounded(text, text)
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise InvalidAmount(
            f"invalid amount {text!r}: give text, int or Decimal "
            f"(a {type(text).__name__} has already lost the printed figure)"
        )
    if isinstance(text, int):
        if abs(text) >= 10 ** MAX_INTEGER_DIGITS:
            raise InvalidAmount(f"invalid amount {_quote(str(text))}: {_TOO_LARGE}")
        return Decimal(text)
    cleaned = text.strip()
    if not cleaned:
        return None
    if not cleaned.isascii():
        cleaned = unicodedata.normalize("NFKC", cleaned).translate(_FULL_WIDTH_TABLE).strip()
    if len(cleaned) > _LONGEST:
        raise InvalidAmount(f"invalid amount {_quote(text)}: {_TOO_LARGE}")
    if _NUMBER.fullmatch(cleaned):
        return bounded(Decimal(cleaned.replace(",", "")), text)
    if set(cleaned) <= _DASHES:
        return NOT_APPLICABLE
    if cleaned.startswith("(") and cleaned.endswith(")"):
        inner = cleaned[1:-1].strip()
        if _NUMBER.fullmatch(inner) and inner[0] not in "+-":
            return -bounded(Decimal(inner.replace(",", "")), text)
    raise InvalidAmount(f"invalid amount {_quote(text)}: not a number")


_TOO_LARGE = (f"more than {MAX_INTEGER_DIGITS} integer digits or {MAX_FRACTION_DIGITS} "
              "decimals, beyond any printed budget")
# The longest text of an amount within the limits: sign, digits with separators, point, brackets.
_LONGEST = 4 * MAX_INTEGER_DIGITS + MAX_FRACTION_DIGITS + 16


def _quote(text: str) -> str:
    """Text for a message, cut to 40 characters."""
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...") + f" ({len(text)} characters)"


def bounded(value: Decimal, text: object) -> Decimal:
    """``value`` if it is within the magnitude limits of an amount (at most
    ``MAX_INTEGER_DIGITS`` integer digits and ``MAX_FRACTION_DIGITS`` decimals), else
    ``InvalidAmount`` quoting ``text``. Within them no sum, difference or ratio of
    amounts can overflow or lose a digit in Decimal arithmetic.

    >>> bounded(Decimal("1776.55"), "1776.55")
    Decimal('1776.55')
    >>> bounded(Decimal("1e1000000"), "1e1000000")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidAmount: invalid amount '1e1000000': more than 15 integer digits or 60 decimals, beyond any printed budget
    """
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if (value and value.adjusted() >= MAX_INTEGER_DIGITS) or exponent < -MAX_FRACTION_DIGITS:
        shown = text if isinstance(text, str) else str(text)
        raise InvalidAmount(f"invalid amount {_quote(shown)}: {_TOO_LARGE}")
    return value


def unit_step(value: Decimal) -> Decimal:
    """The unit step of a printed figure: 0.01 for ``751.01``, 1 for ``6397096``.

    >>> unit_step(Decimal("751.01")), unit_step(Decimal("6397096"))
    (Decimal('0.01'), Decimal('1'))
    """
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return step_of_exponent(exponent)


@functools.lru_cache(maxsize=64)
def step_of_exponent(exponent: int) -> Decimal:
    """The unit step of figures printed to ``exponent``: 0.01 for -2 (printed figures
    come in a handful of precisions, so each step is made once)."""
    return Decimal((0, (1,), exponent))


def convert(value: Decimal, source: Unit, target: Unit) -> Decimal:
    """Convert exactly between 元, 万元 and 亿元, keeping the unit step.

    6,397,096 元 printed to the 元 becomes 639.7096 万元, printed to 0.0001 万元.

    >>> convert(Decimal("6397096"), Unit.YUAN, Unit.WAN)
    Decimal('639.7096')
    >>> convert(Decimal("1.80"), Unit.WAN, Unit.YUAN)
    Decimal('1.80E+4')
    """
    return value.scaleb(_EXPONENTS[source] - _EXPONENTS[target])


def format_amount(value: Figure) -> str:
    """Print a figure the way the tables do: thousands separators, its own decimals, and
    never an exponent (1.80 万元 converted exactly to 元 is ``1.80E+4``, printed 18,000).

    >>> format_amount(Decimal("1776.55")), format_amount(None), format_amount(NOT_APPLICABLE)
    ('1,776.55', '', '——')
    >>> format_amount(convert(Decimal("1.80"), Unit.WAN, Unit.YUAN))
    '18,000'
    """
    if value is None:
        return ""
    if isinstance(value, NotApplicable):
        return str(value.value)
    return f"{value:,f}"
