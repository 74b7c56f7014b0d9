"""A line of a document as its source gives it: cells of text with their horizontal place.

Positions are in points from the left and top of the page (layout, not money).
"""

from __future__ import annotations

import attrs


@attrs.frozen(slots=True)
class Cell:
    """A run of text on a line, from ``x0`` to ``x1``."""

    text: str
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0

    @property
    def middle(self) -> float:
        """The horizontal middle of the run."""
        return (self.x0 + self.x1) / 2


@attrs.frozen(slots=True)
class PositionedLine:
    """One line of a page: its page and line number, its vertical extent, its cells,
    and its text (the cells joined by a space, joined once: readers ask for it often)."""

    page: int
    number: int
    top: float
    bottom: float
    cells: tuple[Cell, ...]
    text: str = attrs.field(init=False, eq=False, repr=False)

    @text.default
    def _joined(self) -> str:
        return " ".join(c.text for c in self.cells)
