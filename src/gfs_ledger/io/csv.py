"""One 科目 table saved as CSV from a spreadsheet, in and out.

The reader looks for the header row (a code column named like 科目编码,
科目代码, 经济分类科目编码 or ``code``), takes the name column (科目名称,
…名称 or ``name``) and every other headed column as an amount column. A row
whose code cell is blank (or reads 合计) and whose name is 合计 is the total
row; 栏次 rows, blank rows, 本表无数据 and notes (注：…, 说明：…) are passed
over; every other row must have a valid code and valid amounts, and no figure
may stand in a column without a header, or reading stops with a ``ReadError``
that names the file, the line and the cell. A line above the header such as
``金额单位：万元`` sets the unit. A header followed by no row at all gives a
``no_rows`` warning, unless 本表无数据 says the table is empty.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence
from operator import itemgetter

import attrs

from gfs_ledger.amounts import Figure, NotApplicable, Unit, parse_amount
from gfs_ledger.codes import normalize_code
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import InvalidAmount, InvalidCode, ReadError
from gfs_ledger.io.text import EMPTY_MARKER, is_note, load_text
from gfs_ledger.ledger import TOTAL_NAME, Ledger, RowRule, in_printed_order
from gfs_ledger.packed import parse_column

CODE_HEADERS = frozenset(
    {"科目编码", "科目代码", "经济分类科目编码", "功能分类科目编码", "经济分类科目代码",
     "功能分类科目代码", "编码", "代码", "code"}
)
NAME_HEADERS = frozenset({"科目名称", "项目", "名称", "name"})
LABEL_ROWS = frozenset({"栏次", "档次", "行次"})
_UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(?P<unit>\S+)")


def _clean(cell: str) -> str:
    return "".join(cell.split())


def is_code_header(cell: str) -> bool:
    """True for a header cell that names the code column (科目编码, 编码, ``code`` …).

    >>> is_code_header("科目 编码"), is_code_header("科目名称")
    (True, False)
    """
    return _clean(cell).lower() in CODE_HEADERS


def is_name_header(cell: str) -> bool:
    """True for a header cell that names the name column (科目名称, 名称, ``name`` …).

    >>> is_name_header("科目名称"), is_name_header("项目支出")
    (True, False)
    """
    text = _clean(cell).lower()
    return text in NAME_HEADERS or text.endswith("名称")


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_csv(
    text_or_path: str | os.PathLike[str],
    *,
    source: str | None = None,
    title: str | None = None,
) -> Ledger:
    """Read a 科目 table from CSV text or a CSV file (UTF-8, with or without BOM, or GB18030).

    >>> ledger = read_csv("科目编码,科目名称,合计,基本支出,项目支出\\n"
    ...                   ",合计,15.00,10.00,5.00\\n201,一般公共服务支出,15.00,10.00,5.00\\n")
    >>> ledger.total, ledger.row_rules[0].parts
    ((Decimal('15.00'), Decimal('10.00'), Decimal('5.00')), ('基本支出', '项目支出'))
    """
    text, where = load_text(text_or_path, source)
    if not text.strip():
        raise ReadError("the file is empty: a table saved as CSV starts with a header row "
                        "naming 科目编码, 科目名称 and the amount columns", source=where)
    delimiter = sniff_delimiter(text)
    rows, lines = _records(text, delimiter, where)
    return read_rows(rows, source=where, title=title, lines=lines)


DELIMITERS = (",", "\t", ";", "，")
"""The cell separators a CSV file may use, in the order they are tried: comma, tab,
semicolon (Excel's CSV where the decimal mark is a comma) and the full-width comma."""


def sniff_delimiter(text: str, *, lines: int = 50) -> str:
    """The separator under which one of the first ``lines`` lines has a code header cell
    (科目编码 …), trying ``DELIMITERS`` in order; a comma when none has.

    >>> sniff_delimiter("科目编码\\t科目名称\\t合计\\n201\\t一般公共服务支出\\t1.00\\n")
    '\\t'
    >>> sniff_delimiter("单位：万元\\n科目编码;科目名称\\n"), sniff_delimiter("科目编码，科目名称，合计\\n")
    (';', '，')
    """
    for line in text.splitlines()[:lines]:
        for delimiter in DELIMITERS:
            if delimiter in line or delimiter == ",":
                try:
                    cells = next(csv.reader([line], delimiter=delimiter), [])
                except csv.Error:  # read_csv says where, under the delimiter chosen
                    continue
                if any(is_code_header(c) for c in cells):
                    return delimiter
    return ","


@attrs.frozen(slots=True)
class SheetLayout:
    """What a sheet knows beyond its cell strings, for ``read_rows``.

    ``merges`` are its merged ranges as 0-based (first row, first column, last row,
    last column) into the rows, whose text stands in their first cell only; ``bare``
    are the numeric cells whose figure shows no decimals (General with a whole
    number, or a format such as ``0`` or ``#,##0``).
    """

    name: str
    merges: tuple[tuple[int, int, int, int], ...] = ()
    bare: frozenset[tuple[int, int]] = frozenset()


@attrs.frozen(slots=True)
class _Where:
    """Where a row or a cell is, for error messages: CSV lines or sheet rows."""

    source: str
    lines: Sequence[int]
    sheet: bool

    def line(self, k: int) -> int:
        return self.lines[k] if k < len(self.lines) else k + 1

    def error(self, message: str, k: int, col: int | None = None,
              label: str | None = None) -> ReadError:
        line = self.line(k)
        cell = None
        if col is not None:
            cell = column_letter(col) + (str(line) if self.sheet else "")
            if label:
                cell += f" ({label})"
        return ReadError(message, source=self.source, line=line, cell=cell,
                         place="row" if self.sheet else "line")


def read_rows(
    rows: Sequence[Sequence[str]],
    *,
    source: str,
    title: str | None = None,
    lines: Sequence[int] | None = None,
    sheet: SheetLayout | None = None,
) -> Ledger:
    """Read a 科目 table from rows of cell strings: what the CSV and the .xlsx readers share.

    ``lines`` are the line (or sheet row) numbers of the rows for error messages,
    1, 2, … by default. Header cells that a merge repeats down several rows make
    one header: each column takes its lowest non-blank label, or else the label of
    the row above the header.

    >>> rows = [["科目编码", "科目名称", "本年支出", "本年支出"],
    ...         ["科目编码", "科目名称", "基本支出", "项目支出"],
    ...         ["201", "一般公共服务支出", "10.00", "5.00"]]
    >>> read_rows(rows, source="merged").columns
    ('基本支出', '项目支出')

    With a ``sheet``, errors say ``row 5, cell D5``, and its merged ranges are
    filled with their first cell's text in the header (and above it) and in the
    code and name columns; a merged range over amount cells below the header is
    refused, since a figure cannot stand for two cells. A label above the header
    is lent to a column only where the header is blank and the label is neither a
    unit line nor part of a merge over the code column (a title across the sheet).
    A header followed by no row at all gives a ``no_rows`` warning, unless 本表无数据
    says the table is empty.

    >>> read_rows(rows[:2], source="t.csv").diagnostics[0].kind
    'no_rows'
    """
    grid = [list(r) for r in rows]
    where = _Where(source, list(lines) if lines is not None else list(range(1, len(rows) + 1)),
                   sheet is not None)
    merges = sheet.merges if sheet is not None else ()
    unit = Unit.WAN
    header_at = None
    for k, row in enumerate(grid):
        if any(is_code_header(c) for c in row):
            header_at = k
            break
        for cell in row:
            found = _UNIT_LINE.match(_clean(cell))
            if found:
                unit = _unit(found["unit"], where, k)
    if header_at is None:
        raise ReadError(
            "no header row with a code column (科目编码, 科目代码, 经济分类科目编码 or code) "
            "in cells separated by a comma, a tab, a semicolon or a full-width comma",
            source=source,
        )
    code_at = next(k for k, c in enumerate(grid[header_at]) if is_code_header(c))
    # Merges in the header (or above it) are filled, which may make the header
    # longer (a code header merged down two rows), which may reach more merges.
    filled: set[int] = set()
    header_end = header_at
    while True:
        for i, merge in enumerate(merges):
            if i not in filled and merge[0] <= header_end:
                _fill(grid, merge)
                filled.add(i)
        end = header_end
        while end + 1 < len(grid) and code_at < len(grid[end + 1]) and (
            is_code_header(grid[end + 1][code_at])
        ):
            end += 1
        if end == header_end:
            break
        header_end = end
    header = grid[header_at]
    name_at = next(
        (k for k, c in enumerate(header) if k != code_at and is_name_header(c)), None
    )
    above = header_at - 1
    titles = {
        c for r0, c0, r1, c1 in merges
        if r0 <= above <= r1 and c0 <= code_at <= c1 for c in range(c0, c1 + 1)
    }
    amount_at: list[int] = []
    columns: list[str] = []
    for k in range(max(len(r) for r in grid[header_at:header_end + 1])):
        if k in (code_at, name_at):
            continue
        label = next((_clean(grid[r][k]) for r in range(header_end, header_at - 1, -1)
                      if k < len(grid[r]) and _clean(grid[r][k])), "")
        if not label and above >= 0 and k < len(grid[above]) and k not in titles:
            label = _clean(grid[above][k])
            label = "" if _UNIT_LINE.match(label) else label
        if label:
            amount_at.append(k)
            columns.append(label)
    if not columns:
        raise where.error("the header names no amount column", header_at)
    for k, label in zip(amount_at, columns):
        earlier = amount_at[columns.index(label)]
        if earlier != k:
            raise where.error(
                f"column {column_letter(k)} repeats the header {label!r} of column "
                f"{column_letter(earlier)}", header_at)
    # Below the header, merges within the code and name columns are filled (合计
    # across both); one over an amount cell is refused where a row is read.
    shared: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for i, merge in enumerate(merges):
        if i in filled:
            continue
        r0, c0, r1, c1 = merge
        if all(c in (code_at, name_at) for c in range(c0, c1 + 1)):
            _fill(grid, merge)
        else:
            shared.update({(r, c): merge for r in range(r0, r1 + 1)
                           for c in range(c0, c1 + 1) if c in amount_at})
    start = header_end + 1
    plain = None if shared else _plain_rows(grid[start:], code_at, name_at, amount_at)
    parents = None
    if plain is not None:  # every row an account (or a first 合计 row): read at once
        total_texts, digits, names, texts = plain
        read = list(range(start, len(grid)))
        total = None
        if total_texts is not None:
            total = _figures(total_texts, columns, amount_at, where, start)
        digits, names, texts, lines_of, parents = in_printed_order(
            digits, names, texts, list(map(where.line, read[len(read) - len(digits):])))
        steps = list(map(parse_column, texts))
        cells_of: list[Sequence[Figure]] = [c for c in steps if c is not None]
        if len(cells_of) < len(steps):  # not plain figures of one step: row by row
            plain = None
    if plain is None:
        total, digits, names, lines_of, cells_of, read = _read_body(
            grid, start, code_at, name_at, amount_at, columns, shared, header, where)
        parents = None
    cols = tuple(columns)
    diagnostics = []
    in_sheet = f"sheet {sheet.name}: " if sheet is not None else ""
    if not read and not any(EMPTY_MARKER in _clean(c) for r in grid for c in r):
        diagnostics.append(Diagnostic(
            "no_rows", f"{in_sheet}the header is followed by no row, so there is nothing "
            f"to check (a table published empty says {EMPTY_MARKER})", Severity.WARNING,
            where.line(header_at), None, title))
    if sheet is not None and sheet.bare:
        bare = [(k, j) for k in read for j in amount_at if (k, j) in sheet.bare]
        if bare:
            named = [c for j, c in zip(amount_at, columns) if any(b[1] == j for b in bare)]
            k, j = bare[0]
            diagnostics.append(Diagnostic(
                "no_decimals", f"{in_sheet}figures of {', '.join(named)} have no decimals "
                "in their number format (General with a whole number, or a format like 0 or "
                f"#,##0; the first in {column_letter(j)}{where.line(k)}), so each is read to "
                "the unit: 750 stands for 749.5 to 750.5. If the table is printed to the "
                "cent, check with --step 0.01 (Tolerance.with_step)",
                Severity.WARNING, where.line(k), None, title))
    return Ledger._assemble(digits, names, cells_of, lines_of, cols, total,
                            RowRule.infer(cols), title, unit, diagnostics, parents)


def _read_body(
    grid: list[list[str]], start: int, code_at: int, name_at: int | None,
    amount_at: list[int], columns: list[str],
    shared: dict[tuple[int, int], tuple[int, int, int, int]], header: list[str],
    where: _Where,
) -> tuple[tuple[Figure, ...] | None, list[str], list[str], list[int], list[Sequence[Figure]],
           list[int]]:
    """The rows below the header read row by row: the 合计 row's figures, the codes,
    names, lines and figure columns of the accounts, and the rows read."""
    # The figures of every row are read once the rows are: column at once where each
    # column is plain figures of one step (see parse_column), else cell by cell. Their
    # texts are kept, row after row, where a row's figures were read; an error found in
    # a later row waits until they are, so that the first error of the table is told.
    digits: list[str] = []
    names: list[str] = []
    row_lines: list[int] = []
    texts: list[list[str]] = []  # the amount cells of each row read, 合计 included
    read: list[int] = []
    total_at: int | None = None  # the 合计 row's place among texts
    headed = {code_at, name_at, *amount_at}
    try:
        for k in range(start, len(grid)):
            cells = [c.strip() for c in grid[k]]
            if not any(cells):
                continue
            first = next(c for c in cells if c)
            if _clean(first) in LABEL_ROWS or _clean(first) == EMPTY_MARKER or is_note(first):
                continue
            if not headed.issuperset(range(len(cells))):
                _refuse_unheaded(cells, code_at, name_at, amount_at, where, k)
            if shared:
                for j, column in zip(amount_at, columns):
                    if (k, j) in shared:
                        raise where.error(_shared_message(shared[k, j], where), k, j, column)
            code_text = cells[code_at] if code_at < len(cells) else ""
            name = cells[name_at] if name_at is not None and name_at < len(cells) else ""
            texts.append([cells[j] if j < len(cells) else "" for j in amount_at])
            read.append(k)
            if _clean(code_text) == TOTAL_NAME or (not code_text and _clean(name) == TOTAL_NAME):
                if total_at is not None:
                    raise where.error("a second 合计 row", k)
                total_at = len(texts) - 1
                continue
            try:
                digits.append(normalize_code(code_text))
            except InvalidCode as error:
                raise where.error(str(error), k, code_at, _clean(header[code_at])) from None
            names.append(name)
            row_lines.append(where.line(k))
    except ReadError:
        _figures_by_row(texts, read, columns, amount_at, where)  # an earlier bad figure
        raise
    body = texts if total_at is None else texts[:total_at] + texts[total_at + 1:]
    cells_of = _figure_columns(body, columns)
    if cells_of is None:
        _figures_by_row(texts, read, columns, amount_at, where)  # raises
    assert cells_of is not None, "a figure refused in a column is refused in its row"
    total: tuple[Figure, ...] | None = None
    if total_at is not None:
        total = _figures(texts[total_at], columns, amount_at, where, read[total_at])
    return total, digits, names, row_lines, cells_of, read


def _plain_rows(
    rows: list[list[str]], code_at: int, name_at: int | None, amount_at: list[int]
) -> tuple[list[str] | None, list[str], list[str], list[list[str]]] | None:
    """The 合计 row's amount texts (when it is the first row), then the codes, names and
    amount texts, column by column, of rows that are every one an account: as wide as
    the header, a canonical code in the first column; None for any other rows, which
    ``_read_body`` reads row by row."""
    width = 1 + (name_at is not None) + len(amount_at)
    if code_at != 0 or not rows or set(map(len, rows)) != {width}:
        return None
    if sorted(a for a in (code_at, name_at, *amount_at) if a is not None) != list(range(width)):
        return None
    total = None
    first = [c.strip() for c in rows[0]]
    name = first[name_at] if name_at is not None else ""
    if _clean(first[0]) == TOTAL_NAME or (not first[0] and _clean(name) == TOTAL_NAME):
        total, rows = [first[j] for j in amount_at], rows[1:]
    codes = list(map(itemgetter(code_at), rows))
    if not (rows and set(map(len, codes)) <= _CODE_LENGTHS
            and (joined := "".join(codes)).isdigit() and joined.isascii()):
        return None
    texts = [list(map(itemgetter(j), rows)) for j in amount_at]
    names = [""] * len(rows)
    if name_at is not None:
        names = list(map(str.strip, map(itemgetter(name_at), rows)))
    return total, codes, names, texts


_CODE_LENGTHS = frozenset({3, 5, 7, 9})


def _fill(grid: list[list[str]], merge: tuple[int, int, int, int]) -> None:
    """Give every cell of a merged range the text of its first cell."""
    r0, c0, r1, c1 = merge
    text = grid[r0][c0] if r0 < len(grid) and c0 < len(grid[r0]) else ""
    for r in range(r0, min(r1 + 1, len(grid))):
        row = grid[r]
        row.extend([""] * (c1 + 1 - len(row)))
        row[c0:c1 + 1] = [text] * (c1 + 1 - c0)


def _shared_message(merge: tuple[int, int, int, int], where: _Where) -> str:
    r0, c0, r1, c1 = merge
    span = f"{column_letter(c0)}{where.line(r0)}:{column_letter(c1)}{where.line(r1)}"
    shared = "two rows" if r1 > r0 else "two cells"
    return (f"{span} is one merged cell over amount cells: a figure cannot be shared by "
            f"{shared}; unmerge it and give each cell its own figure")


def _refuse_unheaded(
    cells: Sequence[str], code_at: int, name_at: int | None, amount_at: Sequence[int],
    where: _Where, k: int,
) -> None:
    """Stop at a cell that holds something in a column the header does not name."""
    headed = {code_at, name_at, *amount_at}
    for j, text in enumerate(cells):
        if text and j not in headed:
            raise where.error(f"{text!r} stands in a column without a header", k, j)


def _unit(text: str, where: _Where, k: int) -> Unit:
    try:
        return Unit.parse(text)
    except ValueError as error:
        raise where.error(str(error), k) from None


def _figures(
    texts: Sequence[str], columns: Sequence[str], amount_at: Sequence[int], where: _Where,
    k: int,
) -> tuple[Figure, ...]:
    """The figures of the amount cells of row k, or a ReadError at the first bad one."""
    figures = []
    for text, j, column in zip(texts, amount_at, columns):
        try:
            figures.append(parse_amount(text))
        except InvalidAmount as error:
            raise where.error(str(error), k, j, column) from None
    return tuple(figures)


def _figures_by_row(
    texts: Sequence[Sequence[str]], read: Sequence[int], columns: Sequence[str],
    amount_at: Sequence[int], where: _Where,
) -> None:
    """Read the amount cells row after row: a ReadError at the first bad figure."""
    for row, k in zip(texts, read):
        _figures(row, columns, amount_at, where, k)


def _figure_columns(
    rows: Sequence[Sequence[str]], columns: Sequence[str]
) -> list[Sequence[Figure]] | None:
    """The figures of the amount cells of rows, column by column: a column of plain
    figures of one step at once, any other cell by cell; None at a bad figure."""
    figures: list[Sequence[Figure]] = []
    for j in range(len(columns)):
        texts = list(map(itemgetter(j), rows))
        column = parse_column(texts)
        if column is None:
            try:
                figures.append(list(map(parse_amount, texts)))
            except InvalidAmount:
                return None
        else:
            figures.append(column)
    return figures


def _records(text: str, delimiter: str, where: str) -> tuple[list[list[str]], list[int]]:
    """The CSV records of ``text`` and the line on which each starts, in one pass; what
    the csv module cannot split is a ``ReadError`` at its line."""
    rows: list[list[str]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as error:
            raise ReadError(f"not a CSV record ({_csv_reason(error)})", source=where,
                            line=reader.line_num or start) from None
        if row is None:
            return rows, numbers
        rows.append(row)
        numbers.append(start)
        start = reader.line_num + 1


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if text.startswith("new-line character seen in unquoted field"):
        return "a line break (CR) inside a cell that is not quoted"
    if text.startswith("field larger than field limit"):
        return f"a cell longer than {csv.field_size_limit():,} characters"
    return text


def write_csv(ledger: Ledger) -> str:
    """The ledger as CSV text: header, 合计 row, then every printed account.

    >>> from gfs_ledger.samples import sample_ledger
    >>> print(write_csv(sample_ledger()).splitlines()[2])
    201,一般公共服务支出,751.01,736.78,14.23,,,
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if ledger.unit is not Unit.WAN:
        writer.writerow([f"金额单位：{ledger.unit.value}"])
    writer.writerow(["科目编码", "科目名称", *ledger.columns])
    if ledger.total is not None:
        writer.writerow(["", TOTAL_NAME, *map(_plain, ledger.total)])
    for account in ledger:
        if account.printed:
            figures = [_plain(account.values[c]) for c in ledger.columns]
            writer.writerow([str(account.code), account.name, *figures])
    return out.getvalue()


def _plain(figure: Figure) -> str:
    """A figure as data: no separators, and a converted figure keeps its exponent
    (``1.80E+4``) so that it reads back with the step it was printed to."""
    if figure is None:
        return ""
    return str(figure.value) if isinstance(figure, NotApplicable) else str(figure)
