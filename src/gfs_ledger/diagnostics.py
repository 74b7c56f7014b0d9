"""Problems in the input that are reported instead of raised."""

from __future__ import annotations

import enum

import attrs


class Severity(enum.Enum):
    """An error makes an audit fail; a warning is worth reading.

    >>> from gfs_ledger import Ledger, Severity
    >>> ledger = Ledger.from_rows([("2011301", "行政运行", ["1.00"])], columns=["合计"])
    >>> [(d.kind, d.severity is Severity.WARNING) for d in ledger.diagnostics]
    [('missing_parent', True), ('missing_parent', True)]
    >>> ledger.check().ok
    True
    """

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(slots=True)
class Diagnostic:
    """One problem found while reading or assembling a table.

    ``line`` is the line of the file when a reader made the ledger, and the
    1-based position of the row when ``Ledger.from_rows`` did.

    >>> from gfs_ledger import Ledger
    >>> ledger = Ledger.from_rows([("2011301", "行政运行", ["1.00"])], columns=["合计"])
    >>> print(ledger.diagnostics[0])
    warning: 20113 is not printed; 2011301 on line 1 hangs from it
    """

    kind: str
    message: str
    severity: Severity = Severity.ERROR
    line: int | None = None
    code: str | None = None
    table: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        where = f"{self.table}: " if self.table else ""
        return f"{self.severity.value}: {where}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "page": self.page,
            "code": self.code,
            "table": self.table,
        }
