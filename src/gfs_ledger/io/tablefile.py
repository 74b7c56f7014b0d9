"""One table from a file, by its suffix: a CSV or an .xlsx sheet."""

from __future__ import annotations

from pathlib import Path

from gfs_ledger.errors import MissingExtra, ReadError
from gfs_ledger.io.csv import read_csv
from gfs_ledger.ledger import Ledger

TABLE_SUFFIXES = (".csv", ".xlsx")


def read_table(path: Path, sheet: str | None = None) -> Ledger:
    """The ledger of a table saved as CSV or .xlsx, titled after the file's name; an
    .xlsx file without the ``excel`` extra, or another suffix, raises ``ReadError``.

    >>> from gfs_ledger.samples import SAMPLE_TABLE03, sample_path
    >>> read_table(sample_path(SAMPLE_TABLE03)).title
    'yangquan-commerce-2023-table03'
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, source=str(path), title=path.stem)
    if suffix in (".xlsx", ".xls"):
        from gfs_ledger.io.excel import read_xlsx

        chosen: str | int | None = int(sheet) if sheet and sheet.isdigit() else sheet
        try:
            return read_xlsx(path, sheet=chosen, source=str(path), title=path.stem)
        except MissingExtra as error:
            raise ReadError(str(error), source=str(path)) from None
    raise ReadError("unknown kind of file: expected .txt, .pdf, .csv or .xlsx", source=str(path))
