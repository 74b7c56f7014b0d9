"""Columns of figures printed to one step, kept as integers of that step.

A column of printed figures such as ``751.01``, ``14.23``, … is read at once into an
``array`` of integers (75101, 1423, …) with the exponent of its step (-2) beside it:
8 bytes a figure instead of a Decimal's hundred, and sums and comparisons in integers.
A ``StepColumn`` is a sequence of Decimals all the same: each figure is made a Decimal,
with its printed digits, only where it is read.
"""

from __future__ import annotations

import re
import struct
from array import array
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, overload

from gfs_ledger.amounts import MAX_INTEGER_DIGITS

# At most 3 decimals, so that 15 integer digits and the decimals fit in 64 bits.
_MOST_PLACES = 3
# Cells are joined and checked a chunk at a time, so that a column's text and its split
# pieces never all exist at once.
_CHUNK = 1 << 15


class StepColumn(Sequence[Decimal]):
    """Figures printed to the step ``10 ** exponent``, as integers of that step.

    >>> column = parse_column(["751.01", "-14.20", "0.00"])
    >>> column.numbers.tolist(), column.exponent, list(column)
    ([75101, -1420, 0], -2, [Decimal('751.01'), Decimal('-14.20'), Decimal('0.00')])
    """

    __slots__ = ("exponent", "numbers")

    def __init__(self, numbers: array[int], exponent: int) -> None:
        self.numbers = numbers
        self.exponent = exponent

    def __len__(self) -> int:
        return len(self.numbers)

    @overload
    def __getitem__(self, i: int) -> Decimal: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[Decimal, ...]: ...

    def __getitem__(self, i: int | slice) -> Decimal | tuple[Decimal, ...]:
        if isinstance(i, slice):
            return tuple(self)[i]
        return Decimal(self.numbers[i]).scaleb(self.exponent)

    def __iter__(self) -> Iterator[Decimal]:
        exponent = self.exponent
        return (Decimal(n).scaleb(exponent) for n in self.numbers)

    def __reduce__(self) -> tuple[type[StepColumn], tuple[Any, ...]]:
        return StepColumn, (self.numbers, self.exponent)

    def decimal(self, number: int) -> Decimal:
        """A number of this column's step as the Decimal it prints as."""
        return Decimal(number).scaleb(self.exponent)

    def take(self, positions: Sequence[int]) -> StepColumn:
        """The figures at ``positions``, in that order."""
        return StepColumn(array("q", map(self.numbers.__getitem__, positions)), self.exponent)


# Each byte of a column's text by its kind: a digit becomes 0, the point, the line break
# and the signs stay, anything else becomes x.
_SHAPES = bytes(c if c in b".\n+-" else 0x30 if 0x30 <= c <= 0x39 else 0x78 for c in range(256))
_TOO_LONG = b"0" * (MAX_INTEGER_DIGITS + 1)
_NEGATIVE_ZERO = re.compile(rb"^-0++(?:\.0++)?$", re.MULTILINE)


def _plain(text: bytes, places: int, cells: int) -> bool:
    """Whether ``cells`` figures, one a line, each have 1 to 15 digits before the point
    and ``places`` after it (none: no point). What else a figure may hold (a sign, and
    only one before its digits) ``int`` checks where it reads them."""
    shape = text.translate(_SHAPES)
    if b"x" in shape or _TOO_LONG in shape:
        return False
    if not places:
        return b"." not in shape
    decimals = b"." + b"0" * places
    # One point a figure, each after a digit and before its decimals and the line's end.
    points = shape.count(b".")
    return (points == cells and shape.count(b"0.") == points and shape.endswith(decimals)
            and shape.count(decimals + b"\n") == points - 1)


def parse_column(texts: Sequence[object]) -> StepColumn | None:
    """The figures of a column of printed texts, when every one is a plain number
    (``-1234.50``: no separator, space or bracket, a digit before the point) with as many
    decimals as the first, at most 3, and no ``-0``; None otherwise, and the column is
    read cell by cell (``parse_amount``), which reads or refuses every other text.

    >>> parse_column(["1.0", "2.00"]) is None, parse_column(["1,000.00"]) is None
    (True, True)
    """
    if not texts:
        return None
    first = texts[0]
    if not isinstance(first, str):
        return None
    dot = first.find(".")
    places = 0 if dot < 0 else len(first) - dot - 1
    if places > _MOST_PLACES:
        return None
    numbers = array("q")
    for start in range(0, len(texts), _CHUNK):
        chunk = texts[start:start + _CHUNK]
        try:  # as bytes, which split and turn into int faster than str
            text = "\n".join(chunk).encode("ascii")  # type: ignore[arg-type]
        except (TypeError, UnicodeEncodeError):  # a cell that is not text, or not ASCII
            return None
        if not _plain(text, places, len(chunk)) or (
                b"-" in text and _NEGATIVE_ZERO.search(text)):
            return None
        pieces = (text.replace(b".", b"") if places else text).split(b"\n")
        if len(pieces) != len(chunk):  # a cell holding a line break
            return None
        try:
            read = list(map(int, pieces))
        except ValueError:  # a sign elsewhere than before the digits, or two
            return None
        # struct packs a list of int into bytes faster than array takes them one by one.
        numbers.frombytes(struct.pack(f"{len(read)}q", *read))
    return StepColumn(numbers, -places)
