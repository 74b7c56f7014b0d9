"""gfs_ledger: the Chinese government budget classification ledger (政府收支分类科目).

An immutable tree of 类/款/项 accounts carrying Decimal amounts, and a rollup
engine that checks every printed sum, telling real errors from the rounding
differences (尾数误差) that every 万元 table carries.

>>> import gfs_ledger
>>> audit = gfs_ledger.sample_ledger().check()
>>> audit.ok, [str(f.code) for f in audit.rounding]
(True, ['20113', '216', '20113', '216'])
"""

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
from gfs_ledger.version import package_version

__version__ = package_version()

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
