"""One 科目 table saved as CSV from a spreadsheet, in and out.

The reader looks for the header row (a code column named like 科目编码,
科目代码, 经济分类科目编码 or ``code``), takes the name column (科目名称,
…名称 or ``name``) and every other headed column as an amount column. A row
whose code cell is blank (or reads 合计) and whose name is 合计 is the total
row; 栏次 rows, blank rows, 本表无数据 and notes (注：…, 说明：…) are passed
over; every other row must have a valid code and valid amounts, and no figure
may stand in a column without a header, or reading stops with a ``ReadError``
that names the file, the line and the cell. A line above the header such as
``金额单位：万元`` sets the unit.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence

from gfs_ledger.amounts import Figure, Unit, format_amount, parse_amount
from gfs_ledger.codes import normalize_code
from gfs_ledger.errors import InvalidAmount, InvalidCode, ReadError
from gfs_ledger.io.text import EMPTY_MARKER, is_note, load_text
from gfs_ledger.ledger import TOTAL_NAME, Ledger, RowRule

CODE_HEADERS = frozenset(
    {"科目编码", "科目代码", "经济分类科目编码", "功能分类科目编码", "经济分类科目代码",
     "功能分类科目代码", "编码", "代码", "code"}
)
NAME_HEADERS = frozenset({"科目名称", "项目", "名称", "name"})
LABEL_ROWS = frozenset({"栏次", "档次", "行次"})
_UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(?P<unit>\S+)")


def _clean(cell: str) -> str:
    return "".join(cell.split())


def _is_code_header(cell: str) -> bool:
    return _clean(cell).lower() in CODE_HEADERS


def _is_name_header(cell: str) -> bool:
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
    rows = list(csv.reader(io.StringIO(text)))
    return read_rows(rows, source=where, title=title, lines=_line_numbers(text, rows))


def read_rows(
    rows: Sequence[Sequence[str]],
    *,
    source: str,
    title: str | None = None,
    lines: Sequence[int] | None = None,
) -> Ledger:
    """Read a 科目 table from rows of cell strings: what the CSV and the .xlsx readers share.

    ``lines`` are the line (or sheet row) numbers of the rows for error messages,
    1, 2, … by default. Header cells that a merge repeats down several rows make
    one header: each column takes its lowest non-blank label.

    >>> rows = [["科目编码", "科目名称", "本年支出", "本年支出"],
    ...         ["科目编码", "科目名称", "基本支出", "项目支出"],
    ...         ["201", "一般公共服务支出", "10.00", "5.00"]]
    >>> read_rows(rows, source="merged").columns
    ('基本支出', '项目支出')
    """
    where = source
    line_numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
    unit = Unit.WAN
    header_at = None
    for k, row in enumerate(rows):
        if any(_is_code_header(c) for c in row):
            header_at = k
            break
        for cell in row:
            found = _UNIT_LINE.match(_clean(cell))
            if found:
                unit = _unit(found["unit"], where, line_numbers[k])
    if header_at is None:
        raise ReadError(
            "no header row with a code column (科目编码, 科目代码, 经济分类科目编码 or code)",
            source=where,
        )
    header = rows[header_at]
    code_at = next(k for k, c in enumerate(header) if _is_code_header(c))
    name_at = next(
        (k for k, c in enumerate(header) if k != code_at and _is_name_header(c)), None
    )
    header_end = header_at
    while header_end + 1 < len(rows) and code_at < len(rows[header_end + 1]) and (
        _is_code_header(rows[header_end + 1][code_at])
    ):
        header_end += 1
    labelled = [rows[r] for r in range(header_end, max(header_at - 2, -1), -1)]
    amount_at: list[int] = []
    columns: list[str] = []
    for k in range(max(len(r) for r in rows[header_at:header_end + 1])):
        if k in (code_at, name_at):
            continue
        label = next((_clean(r[k]) for r in labelled if k < len(r) and _clean(r[k])), "")
        if label:
            amount_at.append(k)
            columns.append(label)
    if not columns:
        raise ReadError("the header names no amount column", source=where,
                        line=line_numbers[header_at])
    for k, label in zip(amount_at, columns):
        earlier = amount_at[columns.index(label)]
        if earlier != k:
            raise ReadError(
                f"column {column_letter(k)} repeats the header {label!r} of column "
                f"{column_letter(earlier)}", source=where, line=line_numbers[header_at])
    entries = []
    total: tuple[Figure, ...] | None = None
    for k in range(header_end + 1, len(rows)):
        row = rows[k]
        line = line_numbers[k]
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        first = next(c for c in cells if c)
        if _clean(first) in LABEL_ROWS or _clean(first) == EMPTY_MARKER or is_note(first):
            continue
        _refuse_unheaded(cells, code_at, name_at, amount_at, where, line)
        code_text = cells[code_at] if code_at < len(cells) else ""
        name = cells[name_at] if name_at is not None and name_at < len(cells) else ""
        figures = _figures(cells, amount_at, columns, where, line)
        if _clean(code_text) == TOTAL_NAME or (not code_text and _clean(name) == TOTAL_NAME):
            if total is not None:
                raise ReadError("a second 合计 row", source=where, line=line)
            total = figures
            continue
        try:
            digits = normalize_code(code_text)
        except InvalidCode as error:
            cell = f"{column_letter(code_at)} ({_clean(header[code_at])})"
            raise ReadError(str(error), source=where, line=line, cell=cell) from None
        entries.append((digits, name, figures, line))
    cols = tuple(columns)
    return Ledger.assemble(entries, cols, total, RowRule.infer(cols), title, unit)


def _refuse_unheaded(
    cells: Sequence[str], code_at: int, name_at: int | None, amount_at: Sequence[int],
    where: str, line: int,
) -> None:
    """Stop at a cell that holds something in a column the header does not name."""
    headed = {code_at, name_at, *amount_at}
    for k, text in enumerate(cells):
        if text and k not in headed:
            raise ReadError(f"{text!r} stands in a column without a header", source=where,
                            line=line, cell=column_letter(k))


def _unit(text: str, where: str, line: int) -> Unit:
    try:
        return Unit.parse(text)
    except ValueError as error:
        raise ReadError(str(error), source=where, line=line) from None


def _figures(
    cells: Sequence[str], amount_at: Sequence[int], columns: Sequence[str], where: str, line: int
) -> tuple[Figure, ...]:
    figures = []
    for k, column in zip(amount_at, columns):
        text = cells[k] if k < len(cells) else ""
        try:
            figures.append(parse_amount(text))
        except InvalidAmount as error:
            cell = f"{column_letter(k)} ({column})"
            raise ReadError(str(error), source=where, line=line, cell=cell) from None
    return tuple(figures)


def _line_numbers(text: str, rows: Sequence[Sequence[str]]) -> list[int]:
    """The line on which each CSV record starts."""
    numbers = []
    reader = csv.reader(io.StringIO(text))
    start = 1
    for _ in rows:
        next(reader)
        numbers.append(start)
        start = reader.line_num + 1
    return numbers


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
    return format_amount(figure).replace(",", "")
