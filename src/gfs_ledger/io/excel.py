"""Tables in .xlsx workbooks (the ``excel`` extra, openpyxl), in and out.

Reading turns a sheet into rows of cell strings and hands them to the same
reader as CSV (``gfs_ledger.io.csv.read_rows``): header detection, the 合计 row,
栏次 rows and notes behave the same. Merged cells are filled with the value of
their first cell in the header and in the code and name columns, so a header
merged over two rows or a 合计 merged across the code and name columns read as
they look; a merge over amount cells below the header is refused. A formula
without a stored value is refused too: what Excel would show is unknown.

A number stored in a cell is a binary float, so its printed precision comes
from the cell's number format, as Excel shows it: the float to 15 significant
digits, rounded half away from zero to the format's decimals. A cell showing
``1.80`` (format ``#,##0.00``) reads as ``Decimal("1.80")``; General shows the
15 digits as they are. Figures with no decimals in their format give the
ledger a ``no_decimals`` warning. Writing does the reverse: every figure is a
number with a format of exactly its own decimals; a figure that a float cannot
hold to the digit (more than 15 significant digits, or a positive exponent) is
written as text, which reads back unchanged. Text is always written as text,
never as a formula.

openpyxl is imported inside the functions: ``import gfs_ledger`` never needs it.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal
from pathlib import Path
from typing import Any

from gfs_ledger.amounts import Figure, NotApplicable, Unit
from gfs_ledger.errors import ReadError, missing_extra
from gfs_ledger.findings import Audit, Outcome
from gfs_ledger.io.csv import SheetLayout, read_rows
from gfs_ledger.io.files import write_atomically
from gfs_ledger.ledger import TOTAL_NAME, Ledger

_DECIMALS = re.compile(r"0\.(0+)")
_FILLS = {Outcome.ROUNDING: "FFF3C4", Outcome.VIOLATED: "FFD6D6"}


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise missing_extra("excel", "openpyxl", "reading and writing .xlsx") from None
    return openpyxl


def _places(number_format: str) -> int | None:
    """The decimals a number format shows; None where it shows the value as it is
    (General, text, percentages and others this reader does not render)."""
    first = re.sub(r'\[[^\]]*\]|"[^"]*"|\\.', "", number_format.split(";")[0])
    if "%" in first or "E" in first.upper() or not re.search(r"[0#]", first):
        return None
    match = _DECIMALS.search(first)
    return len(match.group(1)) if match else 0


def cell_text(value: object, number_format: str = "General") -> str:
    """The printed text of a cell value, as Excel shows it: the number taken to 15
    significant digits, then rounded half away from zero to the decimals its format
    shows (General shows the 15 digits as they are).

    >>> cell_text(1.8, "#,##0.00"), cell_text(750.05), cell_text(None), cell_text(" 合计 ")
    ('1.80', '750.05', '', ' 合计 ')
    >>> cell_text(6397096, "0"), cell_text(1776.55, "#,##0.00_ ;[Red]-#,##0.00 ")
    ('6397096', '1776.55')
    >>> cell_text(2.345, "0.00"), cell_text(0.125, "0.00"), cell_text(1.225, "0.00")
    ('2.35', '0.13', '1.23')
    >>> cell_text(751.0100000000001), cell_text(12.5, "#,##0"), cell_text(-2.345, "0.00")
    ('751.01', '13', '-2.35')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        shown = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
        places = _places(number_format)
        if places is not None:
            shown = shown.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                                   context=Context(prec=100))
        return str(shown.copy_abs() if shown.is_zero() else shown)
    return str(value)


def sheet_rows(sheet: Any) -> tuple[list[list[str]], SheetLayout]:
    """The cells of an openpyxl worksheet as rows of strings (a merged range's text in
    its first cell only), with its merged ranges and the numeric cells whose figure
    shows no decimals, for ``read_rows``.

    >>> import openpyxl  # doctest: +EXCEL
    >>> sheet = openpyxl.Workbook().active  # doctest: +EXCEL
    >>> sheet.append(["科目编码", "科目名称", "合计"]); sheet.merge_cells("A1:B1")  # doctest: +EXCEL
    >>> sheet.append(["201", "一般公共服务支出", 750])  # doctest: +EXCEL
    >>> rows, layout = sheet_rows(sheet)  # doctest: +EXCEL
    >>> rows, layout.merges, layout.bare  # doctest: +EXCEL
    ([['科目编码', '', '合计'], ['201', '一般公共服务支出', '750']], ((0, 0, 0, 1),), frozenset({(1, 2)}))
    """
    values: dict[tuple[int, int], str] = {}
    bare: set[tuple[int, int]] = set()
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                text = cell_text(cell.value, cell.number_format)
                values[cell.row - 1, cell.column - 1] = text
                if isinstance(cell.value, int | float | Decimal) and not isinstance(
                        cell.value, bool):
                    exponent = Decimal(text).as_tuple().exponent
                    if isinstance(exponent, int) and exponent >= 0:
                        bare.add((cell.row - 1, cell.column - 1))
    merges = tuple(sorted(
        (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
        for m in sheet.merged_cells.ranges
    ))
    layout = SheetLayout(sheet.title, merges, frozenset(bare))
    corners = [(r, c) for r0, c0, r1, c1 in merges for r, c in ((r0, c0), (r1, c1))]
    if not values and not corners:
        return [], layout
    height = max(r for r, _ in [*values, *corners]) + 1
    width = max(c for _, c in [*values, *corners]) + 1
    rows = [[values.get((r, c), "") for c in range(width)] for r in range(height)]
    return rows, layout


def _unvalued_formula(path: Path, title: str, blanks: set[tuple[int, int]]) -> Any:
    """The first cell among ``blanks`` (1-based row and column) that holds a formula:
    such a cell reads as blank with ``data_only`` when the file stores no value for
    it (files written by openpyxl or by scripts), so that the figure Excel would
    show is unknown."""
    book = _openpyxl().load_workbook(path, read_only=True)
    try:
        for row in book[title].iter_rows():
            for cell in row:
                if cell.data_type == "f" and (cell.row, cell.column) in blanks:
                    return cell
    finally:
        book.close()
    return None


def read_xlsx(
    path: str | os.PathLike[str],
    *,
    sheet: str | int | None = None,
    source: str | None = None,
    title: str | None = None,
) -> Ledger:
    """Read a 科目 table from a sheet of an .xlsx file (the first sheet by default, or
    one named or numbered from 0). Errors name the file, the sheet row and the cell.

    >>> import tempfile, pathlib
    >>> from gfs_ledger.samples import sample_ledger
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t03.xlsx"
    >>> write_xlsx(sample_ledger(), path)  # doctest: +EXCEL
    >>> read_xlsx(path, title="公开03表") == sample_ledger()  # doctest: +EXCEL
    True
    """
    where = source or str(path)
    if _is_xls(Path(path)):
        raise ReadError(XLS_HINT, source=where)
    openpyxl = _openpyxl()
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(Path(path), data_only=True)
    except (FileNotFoundError, PermissionError, IsADirectoryError):
        raise
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException) as error:
        raise ReadError(f"not an .xlsx workbook ({error})", source=where) from None
    except Exception as error:  # openpyxl, zlib or the XML parser on a damaged file
        raise ReadError(f"a damaged .xlsx workbook ({type(error).__name__}: {error})",
                        source=where) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif isinstance(sheet, int):
            ws = book.worksheets[sheet]
        else:
            ws = book[sheet]
    except (IndexError, KeyError):
        names = ", ".join(book.sheetnames)
        raise ReadError(f"no sheet {sheet!r} (sheets: {names})", source=where) from None
    label = f"{where} [{ws.title}]"
    # A formula's cached text result, even an empty one, reads as type "str".
    blanks = {(c.row, c.column) for row in ws.iter_rows() for c in row
              if c.value is None and c.data_type == "n"}
    try:
        formula = _unvalued_formula(Path(path), ws.title, blanks) if blanks else None
    except Exception as error:  # the second, lazy reading of a damaged sheet
        raise ReadError(f"a damaged .xlsx workbook ({type(error).__name__}: {error})",
                        source=label) from None
    if formula is not None:
        raise ReadError(
            f"{formula.coordinate} holds a formula with no stored value ({formula.value}): "
            "open and save the file in Excel or LibreOffice, which store the values",
            source=label, line=formula.row, cell=formula.coordinate, place="row")
    rows, layout = sheet_rows(ws)
    return read_rows(rows, source=label, title=title, sheet=layout)


XLS_HINT = (
    "an .xls workbook (Excel 97-2003) cannot be read: open it in Excel, WPS or LibreOffice "
    "and save it as .xlsx (or as CSV UTF-8), or run libreoffice --headless --convert-to "
    "xlsx FILE.xls, then check the .xlsx"
)
"""What to do with an .xls file; docs/design.md says why gfs_ledger does not read it."""

_OLE2 = bytes.fromhex("d0cf11e0a1b11ae1")


def _is_xls(path: Path) -> bool:
    """True for an .xls file, by its suffix or (renamed to .xlsx) by its first bytes."""
    if path.suffix.lower() == ".xls":
        return True
    try:
        with path.open("rb") as file:
            return file.read(8) == _OLE2
    except OSError:
        return False


def _append(ws: Any, values: Sequence[object]) -> None:
    """Append a row, its text as text: openpyxl would take ``=…`` for a formula."""
    ws.append(list(values))
    for j, value in enumerate(values, start=1):
        if isinstance(value, str):
            ws.cell(row=ws.max_row, column=j).data_type = "s"


def _number_format(value: Decimal) -> str:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return "#,##0" + ("." + "0" * -exponent if exponent < 0 else "")


def _write_figure(cell: Any, figure: Figure) -> None:
    if figure is None:
        return
    if isinstance(figure, NotApplicable):
        cell.value = str(figure.value)
        cell.data_type = "s"
        return
    digits = figure.as_tuple()
    exponent = digits.exponent
    assert isinstance(exponent, int)
    if exponent > 0 or len(digits.digits) > 15:
        cell.value = str(figure)
        cell.data_type = "s"
        return
    cell.value = figure
    cell.number_format = _number_format(figure)


def _safe_sheet_title(text: str, taken: Iterable[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", text)[:31] or "Sheet"
    base, n = title, 2
    while title in set(taken):
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _ledger_sheet(book: Any, ledger: Ledger, name: str, audit: Audit | None,
                  table: str | None) -> None:
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment

    ws = book.create_sheet(_safe_sheet_title(name, book.sheetnames))
    if ledger.unit is not Unit.WAN:
        _append(ws, [f"金额单位：{ledger.unit.value}"])
    _append(ws, ["科目编码", "科目名称", *ledger.columns])
    marks: dict[tuple[str | None, str], list[Any]] = {}
    if audit is not None:
        from gfs_ledger.html import flags

        marks = flags(audit, [t for t in (table, ledger.title) if t is not None] or [None])
    rows: list[tuple[str | None, str, Sequence[Figure]]] = []
    if ledger.total is not None:
        rows.append((None, TOTAL_NAME, ledger.total))
    for account in ledger:
        if account.printed:
            rows.append((str(account.code), account.name,
                         [account.values[c] for c in ledger.columns]))
    for code, label, figures in rows:
        _append(ws, [code or "", label])
        r = ws.max_row
        for j, (column, figure) in enumerate(zip(ledger.columns, figures)):
            cell = ws.cell(row=r, column=3 + j)
            _write_figure(cell, figure)
            found = marks.get((code, column))
            if found:
                worst = Outcome.VIOLATED if any(
                    f.outcome is Outcome.VIOLATED for f in found) else Outcome.ROUNDING
                cell.fill = openpyxl.styles.PatternFill("solid", fgColor=_FILLS[worst])
                cell.comment = Comment("\n".join(f.message for f in found), "gfs-ledger")
    ws.column_dimensions["B"].width = 28
    ws.freeze_panes = "C2" if ledger.unit is Unit.WAN else "C3"


def write_xlsx(ledger: Ledger, path: str | os.PathLike[str]) -> None:
    """Write a ledger to an .xlsx file, one sheet named after its title: header, 合计
    row, then every printed account, each figure with its own decimals.

    >>> import tempfile, pathlib
    >>> from gfs_ledger.samples import sample_ledger
    >>> write_xlsx(sample_ledger(), pathlib.Path(tempfile.mkdtemp()) / "t03.xlsx")  # doctest: +EXCEL
    """
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    _ledger_sheet(book, ledger, ledger.title or "ledger", None, None)
    write_atomically(path, book.save)


def write_audit_xlsx(
    audit: Audit,
    path: str | os.PathLike[str],
    *,
    ledgers: Iterable[tuple[str, Ledger]] = (),
    identity: Mapping[str, object] | None = None,
) -> None:
    """Write an audit to an .xlsx file: a summary sheet (identity, verdict, summary per
    rule), a findings sheet (every finding, both figures), a diagnostics sheet, and a
    sheet per ledger with the flagged cells filled and commented.

    >>> import tempfile, pathlib
    >>> from gfs_ledger.samples import sample_ledger
    >>> ledger = sample_ledger()
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "audit.xlsx"
    >>> write_audit_xlsx(ledger.check(), path, ledgers=[("公开03表", ledger)])  # doctest: +EXCEL
    >>> import openpyxl; openpyxl.load_workbook(path).sheetnames  # doctest: +EXCEL
    ['summary', 'findings', 'diagnostics', '公开03表']
    """
    openpyxl = _openpyxl()
    from gfs_ledger.io.records import FINDING_FIELDS, finding_to_record
    from gfs_ledger.output import verdict

    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "summary"
    for key, value in (identity or {}).items():
        _append(summary, [key, str(value)])
    _append(summary, ["tolerance", audit.tolerance.describe()])
    _append(summary, ["verdict", verdict(audit)])
    summary.append([])
    _append(summary, ["rule", "checks", "exact", "rounding", "violated", "not_applicable",
                    "unverifiable"])
    for s in audit.summary():
        _append(summary, [s.rule, s.checks, s.exact, s.rounding, s.violated, s.not_applicable,
                        s.unverifiable])
    findings = book.create_sheet("findings")
    _append(findings, list(FINDING_FIELDS))
    amount_fields = {"reported", "computed", "difference", "allowed"}
    for finding in audit.findings:
        record = finding_to_record(finding)
        _append(findings, [None if k in amount_fields else record[k] for k in FINDING_FIELDS])
        r = findings.max_row
        for j, key in enumerate(FINDING_FIELDS, start=1):
            if key in amount_fields:
                _write_figure(findings.cell(row=r, column=j), record[key])
        if finding.outcome in _FILLS:
            fill = openpyxl.styles.PatternFill("solid", fgColor=_FILLS[finding.outcome])
            for cell in findings[r]:
                cell.fill = fill
    findings.freeze_panes = "A2"
    diagnostics = book.create_sheet("diagnostics")
    _append(diagnostics, ["kind", "severity", "message", "line", "code", "table"])
    for d in audit.diagnostics:
        _append(diagnostics, [d.kind, d.severity.value, d.message, d.line, d.code, d.table])
    for table_id, ledger in ledgers:
        _ledger_sheet(book, ledger, table_id, audit, table_id)
    write_atomically(path, book.save)
