"""gfs_ledger: the Chinese government budget classification ledger (政府收支分类科目).

An immutable tree of 类/款/项 accounts carrying Decimal amounts, and a rollup
engine that checks every printed sum, telling real errors from the rounding
differences (尾数误差) that every 万元 table carries.

>>> import gfs_ledger
>>> audit = gfs_ledger.sample_ledger().check()
>>> audit.ok, [str(f.code) for f in audit.rounding]
(True, ['20113', '216', '20113', '216'])
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing would double the time of this import
if TYPE_CHECKING:
    from typing import Any

    from gfs_ledger.amounts import NOT_APPLICABLE, Unit, convert, parse_amount, unit_step
    from gfs_ledger.codes import Code, Scheme
    from gfs_ledger.corpus.run import audit_many
    from gfs_ledger.diagnostics import Diagnostic, Severity
    from gfs_ledger.errors import GfsLedgerError, InvalidAmount, InvalidCode, ReadError
    from gfs_ledger.findings import Audit, Finding, Outcome, RuleSummary
    from gfs_ledger.intervals import Interval, Tolerance
    from gfs_ledger.ledger import Account, Ledger, RowRule
    from gfs_ledger.narrative.claims import Claim
    from gfs_ledger.output import schema
    from gfs_ledger.report import Report, read_report
    from gfs_ledger.samples import sample_ledger

    __version__: str

__all__ = [
    "NOT_APPLICABLE",
    "Account",
    "Audit",
    "Claim",
    "Code",
    "Diagnostic",
    "Finding",
    "GfsLedgerError",
    "Interval",
    "InvalidAmount",
    "InvalidCode",
    "Ledger",
    "Outcome",
    "ReadError",
    "Report",
    "RowRule",
    "RuleSummary",
    "Scheme",
    "Severity",
    "Tolerance",
    "Unit",
    "audit_many",
    "convert",
    "parse_amount",
    "read_report",
    "sample_ledger",
    "schema",
    "unit_step",
]

_EXPORTS = {
    "Account": "gfs_ledger.ledger",
    "Audit": "gfs_ledger.findings",
    "Claim": "gfs_ledger.narrative.claims",
    "Code": "gfs_ledger.codes",
    "Diagnostic": "gfs_ledger.diagnostics",
    "Finding": "gfs_ledger.findings",
    "GfsLedgerError": "gfs_ledger.errors",
    "Interval": "gfs_ledger.intervals",
    "InvalidAmount": "gfs_ledger.errors",
    "InvalidCode": "gfs_ledger.errors",
    "Ledger": "gfs_ledger.ledger",
    "NOT_APPLICABLE": "gfs_ledger.amounts",
    "Outcome": "gfs_ledger.findings",
    "ReadError": "gfs_ledger.errors",
    "Report": "gfs_ledger.report",
    "RowRule": "gfs_ledger.ledger",
    "RuleSummary": "gfs_ledger.findings",
    "Scheme": "gfs_ledger.codes",
    "Severity": "gfs_ledger.diagnostics",
    "Tolerance": "gfs_ledger.intervals",
    "Unit": "gfs_ledger.amounts",
    "audit_many": "gfs_ledger.corpus.run",
    "convert": "gfs_ledger.amounts",
    "parse_amount": "gfs_ledger.amounts",
    "read_report": "gfs_ledger.report",
    "sample_ledger": "gfs_ledger.samples",
    "schema": "gfs_ledger.output",
    "unit_step": "gfs_ledger.amounts",
}
"""Where each name of ``__all__`` lives: imported on first use (PEP 562), so that
``import gfs_ledger`` loads no more than this module."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from gfs_ledger.version import package_version

        value: Any = package_version()
    elif name in _EXPORTS:
        from importlib import import_module

        value = getattr(import_module(_EXPORTS[name]), name)
    else:
        from gfs_ledger.errors import NoSuchName

        raise NoSuchName(f"module 'gfs_ledger' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})
