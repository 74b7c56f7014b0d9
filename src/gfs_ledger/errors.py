"""The exceptions gfs_ledger raises for bad input."""

from __future__ import annotations


class InvalidCode(ValueError):
    """Text that is not a classification code; the message quotes it.

    >>> from gfs_ledger import Code
    >>> Code("2011")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidCode: invalid classification code '2011': a code has 3, 5, 7 or 9 digits
    """


class InvalidAmount(ValueError):
    """Text that is not a printed amount; the message quotes it.

    >>> from gfs_ledger import parse_amount
    >>> parse_amount("1,77,6.55")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidAmount: invalid amount '1,77,6.55': not a number
    """


class ReadError(ValueError):
    """Input that cannot be read, naming the file, the line and the cell.

    >>> from gfs_ledger import Ledger
    >>> Ledger.from_csv("科目编码,科目名称,合计\\n201,一般公共服务支出,abc\\n", source="t.csv")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.ReadError: t.csv, line 2, cell C (合计): invalid amount 'abc': not a number
    """

    def __init__(
        self, message: str, *, source: str, line: int | None = None, cell: str | None = None,
        place: str = "line",
    ) -> None:
        self.source = source
        self.line = line
        self.cell = cell
        self.place = place  # what ``line`` counts: a ``line`` of text, a ``row`` of a sheet
        self.reason = message
        where = source
        if line is not None:
            where += f", {place} {line}"
        if cell is not None:
            where += f", cell {cell}"
        super().__init__(f"{where}: {message}")
