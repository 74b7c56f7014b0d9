"""What a cell of a positioned line is: a figure, a value, a code; the numbering of
columns (栏次) and the text of a label wrapped over lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from gfs_ledger.amounts import Figure, parse_amount
from gfs_ledger.errors import InvalidAmount
from gfs_ledger.sources.lines import Cell, PositionedLine
from gfs_ledger.tables.registry import normalize_label

CODE = re.compile(r"\d{3}(?:\d{2}){0,3}")
CODE_PART = re.compile(r"\d{2}")
CODE_NAME = re.compile(r"(\d{3}(?:\d{2}){0,2})\s*([^\d.,，%年月日\s-].*)")


def printed_amount(text: str) -> Figure:
    """``parse_amount`` of a printed cell, each text parsed once: a report prints the same
    few hundred figures (0.00, its totals) again and again. Text that is no amount
    raises ``InvalidAmount`` every time.

    >>> printed_amount("1,776.55"), printed_amount("——")
    (Decimal('1776.55'), NOT_APPLICABLE)
    """
    found = _AMOUNTS.get(text, _UNSEEN)
    if found is _UNSEEN:
        if len(_AMOUNTS) >= _REMEMBERED:
            _AMOUNTS.clear()
        found = _AMOUNTS[text] = parse_amount(text)
    return found  # type: ignore[return-value]


def printed_amounts(texts: Sequence[str]) -> list[Figure]:
    """``printed_amount`` of each cell of a row; the first that is no amount raises.

    >>> printed_amounts(["1.80", "", "——"])
    [Decimal('1.80'), None, NOT_APPLICABLE]
    """
    try:  # every cell seen before: the common case, looked up at C speed
        return list(map(_AMOUNTS.__getitem__, texts))  # type: ignore[arg-type]
    except KeyError:
        return [printed_amount(text) for text in texts]


_UNSEEN = object()
_AMOUNTS: dict[str, object] = {}
_REMEMBERED = 1 << 16
seen_amount: Callable[[str], Figure] = _AMOUNTS.__getitem__  # type: ignore[assignment]
"""``printed_amount`` of a text parsed before (the memory is cleared, never replaced);
KeyError for any other text. For hot loops that would rather not call a function."""


def is_figure(text: str) -> bool:
    """A printed number."""
    return any(ch.isdigit() for ch in text) and is_value(text)


def is_value(text: str) -> bool:
    """A printed number or a not-applicable mark (——)."""
    try:
        return printed_amount(text) is not None
    except InvalidAmount:
        return False


def is_numbering(line: PositionedLine) -> bool:
    """A 栏次 line: the columns numbered 1, 2, 3 …"""
    texts = [normalize_label(c.text) for c in line.cells]
    numbers = [t for t in texts if t not in ("栏次", "行次")]
    return len(numbers) > 0 and numbers == [str(n) for n in range(1, len(numbers) + 1)] and (
        len(numbers) > 1 or len(numbers) < len(texts))


def code_of(line: PositionedLine) -> bool:
    """True for a line that starts with a classification code (alone or before a name)."""
    first = normalize_label(line.cells[0].text) if line.cells else ""
    return bool(CODE.fullmatch(first) or CODE_NAME.fullmatch(first))


def label_text(cells: Sequence[Cell]) -> str:
    """Runs of one label, wrapped over lines, in reading order."""
    ordered = sorted(cells, key=lambda c: (round(c.top), c.x0))
    return "".join(normalize_label(c.text) for c in ordered)


def stacks(cells: Sequence[Cell]) -> list[list[Cell]]:
    """Cells grouped into the columns they print in (overlapping horizontally), left
    to right: each a label wrapped over lines."""
    found: list[list[Cell]] = []
    for cell in sorted(cells, key=lambda c: c.x0):
        for stack in found:
            if any(cell.x0 < other.x1 and other.x0 < cell.x1 for other in stack):
                stack.append(cell)
                break
        else:
            found.append([cell])
    return found
