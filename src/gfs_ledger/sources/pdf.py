"""Positioned lines from the text layer of a PDF, through pypdfium2 (the ``pdf`` extra).

Lines are built from character boxes, not from the PDF's own text order: a
character joins the line whose vertical middle lies within 0.6 of a character
height of its own, so digits printed in a separate text layer a few points off
their row still land on it. Within a line, characters further apart than 0.8
of a character height start a new cell. Pages are numbered from 1, lines from
the top of each page.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gfs_ledger.errors import ReadError, missing_extra
from gfs_ledger.sources.lines import Cell, PositionedLine

_JOIN = 0.6  # a character within this many heights of a line's middle is on it
_CELL_GAP = 0.8  # a gap wider than this many heights starts a new cell
_SPACE_GAP = 0.3  # a gap wider than this inside a cell reads as a space
_PAGE_NUMBER_MARGIN = 0.1  # a lone integer in this share of the page's height at the bottom
# A figure and a label next to it are two cells even when close together.
_NUMBER = re.compile(r"-?[\d,]*\d(?:\.\d+)?")


def _pdfium(where: str) -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise ReadError(str(missing_extra("pdf", "pypdfium2", "reading a PDF")),
                        source=where) from None
    return pypdfium2


def read_pdf_lines(path: str | os.PathLike[str]) -> tuple[PositionedLine, ...]:
    """Every line of text of a PDF, page by page, top to bottom.

    Raises ``ReadError`` naming the file for an encrypted, corrupt or empty PDF,
    and for one without a text layer (a scan).
    """
    where = str(path)
    data = Path(path).read_bytes()
    pdfium = _pdfium(where)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReadError("not a PDF file (it does not start with %PDF-)", source=where)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise ReadError("the PDF is encrypted (it needs a password); save an unencrypted "
                            "copy to read it", source=where) from None
        raise ReadError(f"the PDF cannot be opened: {reason}", source=where) from None
    try:
        pages = len(document)
        lines: list[PositionedLine] = []
        for index in range(pages):
            lines.extend(_page_lines(document, index, where, pdfium.PdfiumError, pdfium.raw))
    finally:
        document.close()
    if not lines:
        raise ReadError(
            f"the PDF has no text layer on any of its {pages} page(s): it looks scanned; "
            "run OCR on it first", source=where)
    return tuple(lines)


def _page_lines(document: Any, index: int, where: str, broken: type[Exception],
                raw: Any) -> Iterator[PositionedLine]:
    try:
        page = document[index]
        textpage = page.get_textpage()
    except (broken, OSError, ValueError) as error:  # ``broken``: pypdfium2's PdfiumError
        raise ReadError(f"page {index + 1} cannot be read: {error}", source=where) from None
    height = page.get_height()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count) if count else ""
    # pdfium's own call with one box reused: pypdfium2's get_charbox makes a box per glyph
    charbox, handle, box = raw.FPDFText_GetLooseCharBox, textpage.raw, raw.FS_RECTF()
    glyphs: list[tuple[float, float, float, float, str]] = []
    seen: set[tuple[str, int, int]] = set()
    for k, char in enumerate(text[:count]):
        if char.isspace() or char == "\ufffe":
            continue
        if not charbox(handle, k, box):
            raise ReadError(f"page {index + 1}: the box of character {k} ({char!r}) "
                            "cannot be read", source=where)
        left, top = box.left, box.top
        key = (char, round(left), round(top))
        if key in seen:  # the same glyph drawn twice (fake bold)
            continue
        seen.add(key)
        glyphs.append((height - top, height - box.bottom, left, box.right, char))
    textpage.close()
    page.close()
    rows = _rows(glyphs)
    number = 0
    for row in rows:
        cells = _cells(row)
        top = min([c.top for c in cells])  # a cell's top is its highest glyph's
        bottom = max([c.bottom for c in cells])
        if (len(cells) == 1 and cells[0].text.isdigit() and len(cells[0].text) <= 4
                and top > height * (1 - _PAGE_NUMBER_MARGIN)):
            continue  # the page number
        number += 1
        yield PositionedLine(index + 1, number, top, bottom, tuple(cells))


_Glyph = tuple[float, float, float, float, str]


def _rows(glyphs: list[_Glyph]) -> list[list[_Glyph]]:
    """Glyphs grouped into lines by their vertical middles."""
    ordered = sorted(glyphs, key=lambda g: g[0] + g[1])
    rows: list[list[_Glyph]] = []
    row: list[_Glyph] = []
    middle = height = 0.0
    for glyph in ordered:
        top, bottom = glyph[0], glyph[1]
        mid, size = (top + bottom) / 2, bottom - top
        if row and abs(mid - middle) <= _JOIN * (height if height > size else size):
            row.append(glyph)
            middle += (mid - middle) / len(row)
            if size > height:
                height = size
        else:
            row = [glyph]
            rows.append(row)
            middle, height = mid, size
    return rows


def _cells(row: list[_Glyph]) -> list[Cell]:
    """The glyphs of one line split into cells at wide gaps."""
    row.sort(key=lambda g: g[2])
    size = max([g[1] - g[0] for g in row])
    row[:] = _unwrapped(row, size)
    wide, spaced = _CELL_GAP * size, _SPACE_GAP * size
    cells: list[Cell] = []
    chars: list[str] = []
    start = end = row[0][2]
    high, low = row[0][0], row[0][1]
    for top, bottom, left, right, char in row:
        if chars:
            gap = left - end
            if gap > wide or (gap > spaced and (
                    _NUMBER.fullmatch("".join(chars)) is not None) != char.isdigit()):
                cells.append(Cell("".join(chars), start, end, high, low))
                chars, start, high, low = [], left, top, bottom
            elif gap > spaced:
                chars.append(" ")
        chars.append(char)
        if right > end:
            end = right
        if top < high:
            high = top
        if bottom > low:
            low = bottom
    cells.append(Cell("".join(chars), start, end, high, low))
    return cells


def _unwrapped(row: list[_Glyph], size: float) -> list[_Glyph]:
    """A row whose glyphs stack over each other (a label wrapped inside its cell, its
    two lines close enough to join one row: 一般公共服务 over 支出) read band by band,
    top first, instead of interleaved by x (一支般出公共服务)."""
    stacked = any(b[2] < a[3] - 0.3 * size for a, b in itertools.pairwise(row))
    if not stacked:
        return row
    bands: list[list[_Glyph]] = []
    for glyph in sorted(row, key=lambda g: g[0] + g[1]):
        mid = (glyph[0] + glyph[1]) / 2
        if bands and mid - (bands[-1][-1][0] + bands[-1][-1][1]) / 2 <= 0.4 * size:
            bands[-1].append(glyph)
        else:
            bands.append([glyph])
    if len(bands) < 2:
        return row
    # glyphs alone in their band beside the stacked text (figures of the row) keep x order
    out: list[_Glyph] = []
    for band in bands:
        out += sorted(band, key=lambda g: g[2])
    return _merge_by_cells(row, out, size)


def _merge_by_cells(row: list[_Glyph], banded: list[_Glyph], size: float) -> list[_Glyph]:
    """Keep the row in x order across cells, reading each stacked cell band by band."""
    order = {id(g): k for k, g in enumerate(banded)}
    groups: list[list[_Glyph]] = []
    end = None
    for glyph in row:  # x order: cells are runs without a wide gap
        if end is not None and glyph[2] - end > _CELL_GAP * size:
            groups.append([])
        if not groups:
            groups.append([])
        groups[-1].append(glyph)
        end = glyph[3] if end is None else max(end, glyph[3])
    return [g for group in groups for g in sorted(group, key=lambda g: order[id(g)])]
