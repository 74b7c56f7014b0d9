"""One reader per table shape. Each takes the lines of one table region (metadata
already taken out) and returns a ``Table``; every line is either consumed or
reported as a ``Diagnostic`` naming its line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import repeat

import attrs

from gfs_ledger.amounts import Figure, Unit
from gfs_ledger.codes import Code, normalize_code
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import InvalidAmount, InvalidCode
from gfs_ledger.io.text import EMPTY_MARKER
from gfs_ledger.io.text import is_note as is_note_text
from gfs_ledger.ledger import Ledger
from gfs_ledger.tables.cells import printed_amount, printed_amounts, seen_amount
from gfs_ledger.tables.model import Status, Table, Unbuilt, _ItemFields
from gfs_ledger.tables.registry import _NORMALIZED, CLASS_CODES, Layout, Shape, normalize_label

Line = tuple[int, list[str]]
"""A line of the text: its 1-based number and its tab-separated cells."""

HEADER_WORDS = frozenset({"项目", "科目代码", "科目编码", "科目名称", "栏次", "档次", "行次",
                          "收入", "支出", "人员经费", "公用经费", "预算数", "决算数"})
_CODE = re.compile(r"\d{3,9}")
_CODE_LENGTHS = frozenset({3, 5, 7, 9})  # of a code that normalize_code leaves as it is
_CODE_AND_NAME = re.compile(r"(\d{3,9})\s+(\S.*)")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、])")


def strip_ordinal(label: str) -> str:
    """A normalised label without its ordinal: ``一、教育支出`` → ``教育支出``.

    >>> strip_ordinal("二十一、国有资本经营预算支出"), strip_ordinal("(一) 行政单位")
    ('国有资本经营预算支出', '行政单位')
    """
    found = _STRIPPED.get(label)
    if found is None:
        if len(_STRIPPED) >= 1 << 16:
            _STRIPPED.clear()
        found = _STRIPPED[label] = _ORDINAL.sub("", normalize_label(label), count=1)
    return found


# Labels repeat from table to table and report to report: each is stripped once (the
# memory, like normalize_label's, starts afresh when full).
_STRIPPED: dict[str, str] = {}


def is_note(cells: Sequence[str]) -> bool:
    """A closing note (注：…, 说明：…) or the 本表无数据 of an empty table."""
    first = next(filter(None, map(str.strip, cells)), "")
    return is_note_text(first) or first.startswith(("说明", EMPTY_MARKER))


@attrs.define
class _Body:
    """Book-keeping shared by the shape readers."""

    layout: Layout
    diagnostics: list[Diagnostic] = attrs.field(factory=list)
    started: bool = False
    ended: bool = False
    empty: bool = False
    empty_line: int | None = None
    # The figures of each row with its line: whether a row prints a figure other than
    # zero is asked only of a table marked empty, once read.
    rows: list[tuple[int, Sequence[Figure]]] = attrs.field(factory=list)

    def report(self, kind: str, line: int, message: str, *, code: str | None = None,
               severity: Severity = Severity.ERROR) -> None:
        self.diagnostics.append(
            Diagnostic(kind, f"line {line}: {message}", severity, line, code, self.layout.id)
        )

    def administrative(self, line: int, cells: Sequence[str]) -> bool:
        """Consume notes, the empty marker, and headers repeated after a page break."""
        if is_note(cells):
            self.ended = True
            if EMPTY_MARKER in "".join(cells):
                self.empty = True
                self.empty_line = self.empty_line or line
            return True
        first = normalize_label(next(filter(str.strip, cells), ""))
        if first in HEADER_WORDS:
            return True
        if self.ended:
            if has_figure(cells):
                self.report("unread_line", line,
                            f"figures after the table's note are not read: {_quote(cells)}")
            else:
                self.report("unread_line", line, f"text after the table's note: {_quote(cells)}",
                            severity=Severity.WARNING)
            return True
        return False

    def other(self, line: int, cells: Sequence[str]) -> None:
        """A line that is no row: consumed if administrative, or a header line before the
        first row that holds no figure; anything else is reported."""
        if self.administrative(line, cells):
            return
        if self.started:
            self.unread(line, cells)
        elif has_figure(cells):
            self.report("unread_line", line,
                        f"figures before the first row of {self.layout.id} are not read: "
                        f"{_quote(cells)}")

    def unread(self, line: int, cells: Sequence[str]) -> None:
        self.report("unread_line", line, f"not a row of {self.layout.id}: {_quote(cells)}")

    def figures(self, line: int, cells: Sequence[str], columns: Sequence[str],
                label: str) -> tuple[Figure, ...]:
        """Parse the figure cells of a row; bad cells become diagnostics and blanks."""
        n = len(columns)
        if len(cells) == n:  # the common case: as many cells as columns, each seen before
            try:
                found = tuple(map(seen_amount, cells))
            except KeyError:
                pass
            else:
                self.rows.append((line, found))
                return found
        texts = cells[:n] if len(cells) >= n else [*cells, *[""] * (n - len(cells))]
        values: list[Figure]
        try:  # every cell an amount
            values = printed_amounts(texts)
        except InvalidAmount:
            values = []
            for text, column in zip(texts, columns):
                try:
                    values.append(printed_amount(text))
                except InvalidAmount as error:
                    self.report("invalid_amount", line, f"{label}, column {column}: {error}")
                    values.append(None)
        if len(cells) > n and (extra := [c for c in cells[n:] if c.strip()]):
            self.report("extra_cells", line,
                        f"{label}: {len(extra)} cells beyond the {n} columns: {extra}")
        self.rows.append((line, values))
        return tuple(values)

    def status(self) -> Status:
        """``empty`` if the table says 本表无数据 and prints no figure other than zero;
        a table that says so but prints figures is read, and that is an error."""
        if not self.empty:
            return Status.READ
        figure_lines = [line for line, values in self.rows
                        if any(isinstance(v, Decimal) and v != 0 for v in values)]
        if not figure_lines:
            return Status.EMPTY
        if self.empty_line is not None:
            lines = ", ".join(map(str, sorted(set(figure_lines))))
            self.report("empty_with_figures", self.empty_line,
                        f"{self.layout.id} is marked {EMPTY_MARKER} but prints figures "
                        f"(line {lines}); the figures are read and checked")
            self.empty_line = None
        return Status.READ


def has_figure(cells: Sequence[str]) -> bool:
    """True if a cell of the line is a number (a figure, not a blank or ``——``)."""
    for cell in cells:
        if cell.strip() and any(ch.isdigit() for ch in cell):
            try:
                if isinstance(printed_amount(cell), Decimal):
                    return True
            except InvalidAmount:
                pass
    return False


def _quote(cells: Sequence[str]) -> str:
    text = " | ".join(c.strip() for c in cells if c.strip())
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _code(body: _Body, line: int, text: str) -> str | None:
    try:
        return normalize_code(text)
    except InvalidCode as error:
        body.report("invalid_code", line, str(error))
        return None


def read_tree(layout: Layout, title: str, start: int, lines: Sequence[Line]) -> Table:
    """A functional-code tree: code, name, then one cell per column; a 合计 row."""
    body = _Body(layout)
    columns = layout.columns
    entries: list[tuple[str, str, tuple[Figure, ...], int]] = []
    total: tuple[Figure, ...] | None = None
    total_line: int | None = None
    width = len(columns) + 2
    seen, rows, append = seen_amount, body.rows, entries.append
    for line, cells in lines:
        first = cells[0]
        # A row as most are printed: a code of ASCII digits of a code's length (canonical
        # as it is), its name and a figure seen before in each column, read without a call.
        if len(cells) == width and len(first) in _CODE_LENGTHS and first.isdigit() and (
                first.isascii()):
            try:
                figures = tuple(map(seen, cells[2:]))
            except KeyError:
                pass
            else:
                body.started = True
                rows.append((line, figures))
                append((first, cells[1].strip(), figures, line))
                continue
        first = first.strip()
        code_alone = _CODE.fullmatch(first)
        match = None if code_alone else _CODE_AND_NAME.fullmatch(first)
        if code_alone:
            digits_text, name, rest = first, cells[1].strip() if len(cells) > 1 else "", cells[2:]
        elif match:
            digits_text, name, rest = match[1], match[2].strip(), cells[1:]
        elif normalize_label(first) == "合计":
            body.started = True
            if total is not None:
                body.report("duplicate_total", line, "a second 合计 row")
                continue
            total = body.figures(line, cells[2:], columns, "合计")
            total_line = line
            continue
        else:
            body.other(line, cells)
            continue
        body.started = True
        if len(rest) < len(columns) and not any(c.strip() for c in rest):
            body.report("no_figures", line,
                        f"{digits_text} {name} has no figure cells "
                        f"(expected {len(columns)}); the row is left out", code=digits_text)
            continue
        if len(rest) < len(columns):
            body.report("short_row", line,
                        f"{digits_text} {name}: {len(rest)} cells for {len(columns)} columns; "
                        f"the missing cells are read as blank",
                        code=digits_text, severity=Severity.WARNING)
        # A code of ASCII digits of a code's length is canonical as it is: the common case.
        digits = (digits_text if len(digits_text) in _CODE_LENGTHS and digits_text.isascii()
                  else _code(body, line, digits_text))
        if digits is not None:
            entries.append((digits, name, body.figures(line, rest, columns, digits), line))
    ledger = Ledger.assemble(entries, columns, total, layout.row_rules, layout.id, Unit.WAN)
    status = body.status()  # may report a table marked empty that prints figures
    return Table(layout.id, title, layout, status, start, ledger=ledger,
                 diagnostics=tuple(body.diagnostics), total_line=total_line)


def _row_number(text: str) -> int | None:
    cleaned = text.strip()
    # isdecimal is what \d matches (Unicode category Nd), and int() reads those digits
    return int(cleaned) if cleaned.isdecimal() and len(cleaned) <= 9 else None


# The 行次 as most are printed (and a blank one), read without a call.
_ROWS: dict[str, int | None] = {"": None, **{str(n): n for n in range(1000)}}


def read_summary(layout: Layout, title: str, start: int, lines: Sequence[Line]) -> Table:
    """Sides (income items, expenditure by 类, …) side by side: each a label, its
    行次 (when ``layout.numbered``) and its amounts."""
    body = _Body(layout)
    blocks = layout.side_columns
    lead = 2  # the label and its 行次 (blank when not numbered)
    starts = [sum(lead + len(b) for b in blocks[:k]) for k in range(len(blocks))]
    width = starts[-1] + lead + len(blocks[-1])
    # Each side: its section, columns, where its label and figures are, whether its
    # rows are 类 of expenditure.
    sides = [(section, columns, at, at + lead, at + lead + len(columns),
              side == layout.class_side)
             for side, (section, columns, at) in enumerate(zip(layout.sides, blocks, starts))]
    numbered = layout.numbered
    items: list[_ItemFields] = []
    for line, cells in lines:
        padded = cells if len(cells) >= width else [*cells, *[""] * (width - len(cells))]
        rows = [_ROWS[t] if (t := padded[s + 1]) in _ROWS else _row_number(t) for s in starts]
        if numbered and rows.count(None) == len(rows):
            body.other(line, cells)
            continue
        if not numbered and not any(c.strip() for c in padded[:width]):
            continue
        body.started = True
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            body.report("extra_cells", line, f"{len(cells)} cells for {width}")
        for (section, columns, at, first, stop, classes), row in zip(sides, rows):
            label = padded[at]
            if not label and not any(padded[first:stop]):
                continue  # a side left blank (its 行次 aside): no name, no figure
            # The memories of strip_ordinal and normalize_label, asked without a call.
            if (name := _STRIPPED.get(label)) is None:
                name = strip_ordinal(label)
            figures = body.figures(line, padded[first:stop], columns, name or f"行次 {row}")
            if not name and figures.count(None) == len(figures):
                continue
            if (printed := _NORMALIZED.get(label)) is None:
                printed = normalize_label(label)
            code = None
            if classes and name in CLASS_CODES:
                code = _class_code(name)
            elif classes and name != printed:
                body.report("unknown_class", line, f"{name!r} is not a 类 of expenditure",
                            severity=Severity.WARNING)
            items.append((section, printed or f"行次{row}",
                          name or f"行次{row}", row, code, columns, figures, line))
    status = body.status()  # may report a table marked empty that prints figures
    return Table(layout.id, title, layout, status, start, items=Unbuilt(items),
                 diagnostics=tuple(body.diagnostics))


@functools.cache
def _class_code(name: str) -> Code:
    """The code of a 类 by its name (one ``Code`` each, shared: it is immutable)."""
    return Code(CLASS_CODES[name])


_TOTAL_WORD = "计"


def read_panelled(layout: Layout, title: str, start: int, lines: Sequence[Line]) -> Table:
    """An economic-code tree printed in side-by-side panels of (code, name, figure)."""
    body = _Body(layout)
    width = 3 * layout.panels
    entries: list[tuple[str, str, tuple[Figure, ...], int]] = []
    totals: list[_ItemFields] = []
    total_labels = set(layout.panel_totals)
    # NFKC leaves ASCII as it is: an ASCII cell (a code, a figure) is a total's label
    # only if that label is ASCII.
    ascii_totals = any(label.isascii() for label in total_labels)
    # No other character normalises (NFKC) to 计: when every total's label holds it, a
    # line without it holds no total, and its cells need not be normalised.
    hint = _TOTAL_WORD if all(_TOTAL_WORD in label for label in total_labels) else ""
    columns = layout.columns
    seen = seen_amount
    for line, cells in lines:
        labels = [k for k, c in enumerate(cells) if (ascii_totals or not c.isascii())
                  and normalize_label(c) in total_labels] if hint in "\t".join(cells) else []
        if labels:
            body.started = True
            for n, k in enumerate(labels):
                end = labels[n + 1] if n + 1 < len(labels) else len(cells)
                label = normalize_label(cells[k])
                filled = [c for c in cells[k + 1:end] if c.strip()]
                if len(filled) > 1:
                    body.report("ambiguous_total", line, f"{label}: {len(filled)} figures {filled}")
                figures = body.figures(line, filled[:1], layout.columns, label)
                totals.append(("合计", label, label, None, None, layout.columns, figures, line))
            continue
        first = cells[0]  # a code as printed in the first panel: the common case
        if len(cells) == width and len(first) in _CODE_LENGTHS:
            # Every panel a code as printed, its name and a figure seen before: the line
            # read at once.
            codes = cells[0:width:3]
            if (set(map(len, codes)) <= _CODE_LENGTHS and (joined := "".join(codes)).isdigit()
                    and joined.isascii()):
                try:
                    found = tuple(map(seen, cells[2:width:3]))
                except KeyError:
                    pass
                else:
                    body.started = True
                    body.rows.append((line, found))
                    entries.extend(zip(codes, map(str.strip, cells[1:width:3]), zip(found),
                                       repeat(line)))
                    continue
        if not (len(first) in _CODE_LENGTHS and first.isdigit() and first.isascii()) and not any(
                _CODE.fullmatch(cells[k].strip()) for k in range(0, min(len(cells), width), 3)):
            body.other(line, cells)
            continue
        body.started = True
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            body.report("extra_cells", line, f"{len(cells)} cells for {layout.panels} panels")
        for k in range(0, width, 3):
            if k + 3 <= len(cells):
                code_text, name, figure = cells[k], cells[k + 1], cells[k + 2]
                if (len(code_text) in _CODE_LENGTHS and code_text.isdigit()
                        and code_text.isascii()):  # a code as printed: the common case
                    entries.append((code_text, name.strip(),
                                    body.figures(line, [figure], columns, code_text), line))
                    continue
            else:
                code_text, name, figure = [*cells[k:k + 3], "", "", ""][:3]
            if not (code_text.strip() or name.strip() or figure.strip()):
                continue
            if not _CODE.fullmatch(code_text.strip()):
                body.report("unread_cells", line,
                            f"panel {k // 3 + 1} has no code: {[code_text, name, figure]}")
                continue
            if len(cells) < k + 3:
                body.report("no_figures", line,
                            f"{code_text.strip()} {name.strip()}: the figure cell is missing",
                            code=code_text.strip())
                continue
            digits = _code(body, line, code_text)
            if digits is not None:
                figures = body.figures(line, [figure], columns, digits)
                entries.append((digits, name.strip(), figures, line))
    ledger = Ledger.assemble(entries, layout.columns, None, (), layout.id, Unit.WAN)
    status = body.status()  # may report a table marked empty that prints figures
    return Table(layout.id, title, layout, status, start, ledger=ledger,
                 items=Unbuilt(totals), diagnostics=tuple(body.diagnostics))


def read_three_public(layout: Layout, title: str, start: int, lines: Sequence[Line]) -> Table:
    """Budget and actual of each "三公" item: headers, a 栏次 row 1…n, one row of figures."""
    body = _Body(layout)
    n = len(layout.columns)
    numbering = [str(k) for k in range(1, n * len(layout.sides) + 1)]
    items: list[_ItemFields] = []
    for line, cells in lines:
        filled = [c.strip() for c in cells if c.strip()]
        if not body.started and filled == numbering:
            body.started = True  # the 栏次 row: the figure row follows
            continue
        if body.administrative(line, cells) or not filled:
            continue
        if not body.started and not _all_figures(filled):
            body.other(line, cells)  # a header line, or figures among text: reported
            continue
        body.started = True  # the figure row (with or without a 栏次 row before it)
        if items:
            body.unread(line, cells)
            continue
        for k, side in enumerate(layout.sides):
            part = cells[k * n:(k + 1) * n]
            figures = body.figures(line, part, layout.columns, side)
            items.append((side, side, side, None, None, layout.columns, figures, line))
    status = body.status()  # may report a table marked empty that prints figures
    return Table(layout.id, title, layout, status, start, items=Unbuilt(items),
                 diagnostics=tuple(body.diagnostics))


def _all_figures(cells: Sequence[str]) -> bool:
    try:
        return all(printed_amount(c) is not None for c in cells)
    except InvalidAmount:
        return False


_SECTION = re.compile(r"^[一二三四五六七八九十]+、")


def read_statistics(layout: Layout, title: str, start: int, lines: Sequence[Line]) -> Table:
    """Sections (一、政府采购情况 …) of rows (label, 行次, 统计数); without 行次
    (``layout.numbered`` false) a row may print a label alone, its figure blank."""
    body = _Body(layout)
    section = ""
    items: list[_ItemFields] = []
    for line, cells in lines:
        padded = [*cells, "", "", ""]
        label, row_text, figure = padded[0].strip(), padded[1].strip(), padded[2].strip()
        name = strip_ordinal(label)
        if normalize_label(label) == "项目":
            continue
        if label and _SECTION.match(label) and not row_text and not figure:
            section, body.started = name, True
            continue
        row = _row_number(row_text)
        if row is None and not figure and (layout.numbered or not label or body.ended):
            body.other(line, cells)
            continue
        if body.ended:
            body.administrative(line, cells)
            continue
        body.started = True
        figures = body.figures(line, [figure, *padded[3:len(cells)]], layout.columns, name)
        items.append((section, normalize_label(label), name, row, None, layout.columns,
                      figures, line))
    status = body.status()  # may report a table marked empty that prints figures
    return Table(layout.id, title, layout, status, start, items=Unbuilt(items),
                 diagnostics=tuple(body.diagnostics))


ShapeReader = Callable[[Layout, str, int, Sequence[Line]], Table]

READERS: dict[Shape, ShapeReader] = {
    Shape.TREE: read_tree,
    Shape.SUMMARY: read_summary,
    Shape.PANELLED: read_panelled,
    Shape.THREE_PUBLIC: read_three_public,
    Shape.STATISTICS: read_statistics,
}
"""The reader of each shape."""
