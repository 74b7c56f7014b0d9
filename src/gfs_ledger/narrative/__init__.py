"""The prose of a disclosure (第三部分 情况说明): its numeric claims, recomputed from the tables.

``extract_claims`` reads claims from text; ``check_claims`` checks a report's
claims against its tables with exact interval arithmetic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from gfs_ledger.findings import Audit, FindingBatch
from gfs_ledger.intervals import Tolerance
from gfs_ledger.narrative.check import ClaimChecker, Located
from gfs_ledger.narrative.claims import Claim, ClaimKind, Stated, _held_claims, extract_claims

if TYPE_CHECKING:
    from gfs_ledger.report import Report

__all__ = ["Claim", "ClaimKind", "Located", "Stated", "check_claims", "extract_claims"]


def check_claims(report: Report, tolerance: Tolerance | None = None) -> Audit:
    """Every claim of a report's prose, checked against its tables: an audit whose
    findings are all of the ``narrative`` family.

    >>> from gfs_ledger import read_report
    >>> audit = check_claims(read_report())
    >>> audit.count("violated"), audit.count("rounding")
    (4, 5)
    """
    from gfs_ledger.narrative.targets import ReportFigures

    tol = tolerance or Tolerance()
    from gfs_ledger.narrative.names import table_name_findings

    checker = ClaimChecker(ReportFigures(report), tol, report.unit, report.year, report.kind)
    names = FindingBatch.of(table_name_findings(report))
    # report.claims() without making the general reader's claims public: the checker
    # reads only their attributes, which its plain records share with a Claim.
    held = _held_claims(report.prose, report.locations if report.layout is not None else None)
    return Audit((*checker.batches(cast("list[Claim]", held)), names), tol)
