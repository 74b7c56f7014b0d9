"""Where a table's columns print, from its header, and each anchored row as the list of
cells, in column order, that its shape reader takes.

A header may wrap over several lines, so it is found as a chain of runs, one under
the other, whose text is the header the template prints (``对附属单位补`` over
``助支出``). A value belongs to the column whose header band it falls in, the bands
split at the middles of the gaps between headers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from gfs_ledger.sources.lines import Cell, PositionedLine
from gfs_ledger.tables.cells import CODE, CODE_NAME, CODE_PART, is_value, label_text, stacks
from gfs_ledger.tables.registry import Shape, normalize_label
from gfs_ledger.tables.templates import TableSpec

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.、．]|[(（][一二三四五六七八九十\d]+[)）])")


@attrs.frozen(slots=True)
class Columns:
    """Where each amount column prints: (name, x0, x1) from the header, left to right."""

    bands: tuple[tuple[str, float, float], ...]
    missing: tuple[str, ...]

    @classmethod
    def find(cls, spec: TableSpec, header: Sequence[PositionedLine]) -> Columns:
        bands: list[tuple[str, float, float]] = []
        missing: list[str] = []
        after = -1e9
        for name, printed in wanted(spec):
            optional = printed.endswith("?")  # a column some documents leave out
            found = min((f for p in printed.rstrip("?").split("|")
                         if (f := _chain(header, normalize_label(p), after)) is not None),
                        default=None)
            if found is None:
                if not optional:
                    missing.append(name)
                continue
            bands.append((name, *found))
            after = found[0] + 0.5
        return cls(tuple(bands), tuple(missing))

    def index(self, cell: Cell) -> int:
        """The column a value falls in: split at the middles of the gaps between headers."""
        at = 0
        for k in range(1, len(self.bands)):
            if cell.middle > (self.bands[k - 1][2] + self.bands[k][1]) / 2:
                at = k
        return at

    def place(self, values: Sequence[Cell], names: Sequence[str]) -> tuple[list[str], list[str]]:
        """Values in the slots of ``names``; the values that find no free slot."""
        placed = dict.fromkeys(names, "")
        extra: list[str] = []
        for cell in values:
            name = self.bands[self.index(cell)][0] if self.bands else None
            if name in placed and not placed[name]:
                placed[name] = cell.text
            else:
                extra.append(cell.text)
        return list(placed.values()), extra

    def rows(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
             spec: TableSpec) -> list[list[str]]:
        """The row (or, for a panelled line that also prints its totals, rows) of cells
        that the shape reader takes."""
        shape = spec.layout.shape
        if shape is Shape.TREE:
            return [self._tree(anchor, wrapped, spec)]
        if shape is Shape.PANELLED:
            return self._panelled(anchor, wrapped, spec)
        if shape is Shape.SUMMARY:
            return [self._summary(anchor, wrapped, spec)]
        if shape is Shape.THREE_PUBLIC:
            values = [c for c in anchor.cells if is_value(c.text)]
            placed, extra = self.place(values, [n for n, _ in wanted(spec)])
            if spec.interleaved:  # printed column by column; the reader takes side by side
                sides = len(spec.layout.sides)
                placed = [placed[c * sides + s] for s in range(sides)
                          for c in range(len(spec.layout.columns))]
            return [[*placed, *extra]]
        return [self._list(anchor, wrapped, spec)]

    def _tree(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
              spec: TableSpec) -> list[str]:
        code = ""
        words: list[Cell] = []
        values: list[Cell] = []
        for cell in anchor.cells:
            text = normalize_label(cell.text)
            if not words and not values and (CODE.fullmatch(text) or (code and
                                              CODE_PART.fullmatch(text))):
                code += text
            elif not code and not words and (m := CODE_NAME.fullmatch(text)):
                code = m[1]
                words.append(attrs.evolve(cell, text=m[2]))
            elif is_value(cell.text) and (code or words or values or (
                    self.bands and cell.x1 > self.bands[0][1])):
                values.append(cell)
            else:
                words.append(cell)
        name = label_text([*words, *(c for line in wrapped for c in line.cells)])
        placed, extra = self.place(values, spec.layout.columns)
        if not code and not name and spec.total_only:
            name = "合计"
        return [*([code, name] if code else [name, ""]), *placed, *extra]

    def _panelled(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
                  spec: TableSpec) -> list[list[str]]:
        count = spec.layout.panels
        codes = [""] * count
        names: list[list[Cell]] = [[] for _ in range(count)]
        values = [""] * count
        totals: list[str] = []  # label, figure, label, figure of the closing totals
        for cell in anchor.cells:
            k = self._panel(cell, count)
            text = normalize_label(cell.text)
            if text in spec.layout.panel_totals:
                totals += [text, ""]
            elif totals and not totals[-1] and is_value(cell.text) and not codes[k]:
                totals[-1] = cell.text
            elif not codes[k] and not names[k] and CODE.fullmatch(text):
                codes[k] = text
            elif is_value(cell.text) and codes[k] and not values[k]:
                values[k] = cell.text
            else:
                names[k].append(cell)
        for line in wrapped:
            for cell in line.cells:
                names[self._panel(cell, count)].append(cell)
        panels = [c for k in range(count) for c in (codes[k], label_text(names[k]), values[k])]
        return [row for row in (panels, totals) if any(row)]

    def _panel(self, cell: Cell, count: int) -> int:
        """The panel a cell prints in: how many panels' code headers start left of it
        (or, without them, how many amount columns end left of it)."""
        starts = [x0 for name, x0, _ in self.bands if name.startswith("科目编码")]
        if len(starts) == count:
            return max(sum(x0 - 3 < cell.middle for x0 in starts) - 1, 0)
        ends = [x1 for name, _, x1 in self.bands if not name.startswith("科目编码")]
        return min(sum(x1 < cell.x0 for x1 in ends), count - 1)

    def _summary(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
                 spec: TableSpec) -> list[str]:
        layout = spec.layout
        blocks = layout.side_columns
        slots = [n for n, _ in wanted(spec)]
        labels: list[list[Cell]] = [[] for _ in blocks]
        values: list[Cell] = []
        for line in (anchor, *wrapped):
            for cell in line.cells:
                if line is anchor and is_value(cell.text):
                    values.append(cell)
                else:
                    labels[self._block(cell, blocks, slots)].append(cell)
        in_slots, extra = self.place(values, slots)
        placed = dict(zip(slots, in_slots))
        out: list[list[str]] = []
        for b, columns in enumerate(blocks):
            text = label_text(labels[b])
            name = spec.names.get(_ORDINAL.sub("", text), text)
            out.append([name, placed.get(f"行次{b}", ""),
                        *(placed.get(f"{c}{b}", "") for c in columns)])
        # A label whose figures print under the next block (merged cells) takes them.
        for b in range(len(blocks) - 1):
            mine, theirs = out[b], out[b + 1]
            if mine[0] and not any(mine[2:]) and not theirs[0] and any(theirs[2:]):
                moved = [v for v in theirs[2:] if v]
                mine[2:] = (moved + [""] * len(blocks[b]))[:len(blocks[b])]
                theirs[2:] = [""] * len(blocks[b + 1])
        return [*(c for block in out for c in block), *extra]

    def _block(self, cell: Cell, blocks: Sequence[Sequence[str]], slots: Sequence[str]) -> int:
        """The block of a label: the first whose first amount column ends right of it."""
        for b in range(len(blocks)):
            first = next((x1 for name, _, x1 in self.bands if name.endswith(str(b))
                          and name.rstrip("0123456789") in (*blocks[b], "行次")), None)
            if first is not None and cell.x1 <= first + 1:
                return b
        return len(blocks) - 1

    def _list(self, anchor: PositionedLine, wrapped: Sequence[PositionedLine],
              spec: TableSpec) -> list[str]:
        words = [c for c in anchor.cells if not is_value(c.text)]
        values = [c for c in anchor.cells if is_value(c.text)]
        row = ""
        if spec.layout.numbered and values and self.bands and self.bands[0][0] == "行次":
            placed, values = self.place(values, ["行次"])[0][0], [
                v for v in values if self.bands[self.index(v)][0] != "行次"]
            row = placed
        label = "·".join(map(label_text, stacks([*words, *(c for w in wrapped for c in w.cells)])))
        return [label, row, values[-1].text if values else "", *(v.text for v in values[:-1])]


def wanted(spec: TableSpec) -> list[tuple[str, str]]:
    """The header of each slot of a table, left to right: (slot name, printed header)."""
    layout = spec.layout
    numbered = [("行次", "行次?")] if layout.numbered else []
    if layout.shape is Shape.SUMMARY:
        out = []
        for b, (names, headers) in enumerate(zip(layout.side_columns, spec.block_headers)):
            out += [(f"{n}{b}", h) for n, h in [*numbered, *zip(names, headers)]]
        return out
    if layout.shape is Shape.PANELLED:
        code = spec.code_header
        return [slot for k in range(layout.panels)
                for slot in ((f"科目编码{k}", code), (f"{layout.columns[0]}{k}", spec.headers[0]))]
    if layout.shape is Shape.THREE_PUBLIC:
        if spec.interleaved:
            return [(f"{c}·{s}", s) for c in layout.columns for s in layout.sides]
        return [(f"{c}·{s}", h) for s in layout.sides
                for c, h in zip(layout.columns, spec.headers)]
    if layout.shape is Shape.STATISTICS:
        return [*numbered, *zip(layout.columns, spec.headers)]
    return list(zip(layout.columns, spec.headers))


def _chain(header: Sequence[PositionedLine], wanted: str,
           after: float) -> tuple[float, float] | None:
    """The horizontal extent of the leftmost printing of a header right of ``after``:
    runs on one line, or wrapped over the lines below, whose text is ``wanted``."""
    best: tuple[float, float] | None = None
    for n, line in enumerate(header):
        cells = line.cells
        for i, start in enumerate(cells):
            if start.x0 < after or (best is not None and start.x0 >= best[0]):
                continue
            text, x1 = "", start.x1
            for cell in cells[i:]:
                text += normalize_label(cell.text)
                x1 = cell.x1
                bare = re.sub(r"^\d{4}年度?", "", text)
                if wanted in (text, bare):
                    best = (start.x0, x1)
                    break
                rest = next((wanted[len(t):] for t in (text, bare) if wanted.startswith(t)), None)
                if rest is None:
                    break
                below = _wrapped(header[n + 1:], rest, start.x0, x1)
                if below is not None:
                    best = below
                    break
    return best


def _wrapped(lines: Sequence[PositionedLine], rest: str, x0: float,
             x1: float) -> tuple[float, float] | None:
    """The rest of a wrapped header on the lines below, under the same place."""
    for n, line in enumerate(lines[:3]):
        for cell in line.cells:
            if cell.x1 < x0 - 2 or cell.x0 > x1 + 2:
                continue
            piece = normalize_label(cell.text)
            extent = (min(x0, cell.x0), max(x1, cell.x1))
            if rest == piece:
                return extent
            if piece and rest.startswith(piece):
                below = _wrapped(lines[n + 1:], rest[len(piece):], *extent)
                if below is not None:
                    return below
    return None
