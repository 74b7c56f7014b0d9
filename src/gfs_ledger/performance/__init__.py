"""The performance information of a disclosure (绩效评价, 绩效目标) as ledgers and claims.

``read_evaluation`` reads a 项目绩效评价报告 (the appendix of a 部门决算公开) into an
``Evaluation``: its indicator table as a ``Ledger`` of weights, the scores of its
analysis as a ``Ledger`` of scores, its scale, overall score and grade.
``check_performance`` checks all of it, the arithmetic of its sentences and what the
main text restates; ``Report.audit()`` runs it (family ``performance``), and
``Report.evaluation()`` gives the ``Evaluation``. ``read_targets`` and
``check_targets`` read and check the 财政项目支出绩效目标填报表 of a budget from its
text lines.

>>> from gfs_ledger import read_report
>>> audit = read_report().audit()
>>> [s for s in audit.summary() if s.rule == "appraisal"][0].checks
60
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gfs_ledger.findings import Audit, FindingBatch
from gfs_ledger.intervals import Tolerance
from gfs_ledger.performance.arithmetic import Arithmetic, Fact, claims_of, read_facts
from gfs_ledger.performance.check import (
    check_arithmetic,
    check_evaluation,
    check_main_text,
    read_findings,
)
from gfs_ledger.performance.evaluation import (
    Evaluation,
    normal_lines,
    read_evaluation,
    read_parts,
)
from gfs_ledger.performance.rules import FAMILY, PERFORMANCE_RULES, PERFORMANCE_RULES_BY_ID
from gfs_ledger.performance.selfevaluation import check_self_evaluation, self_evaluation
from gfs_ledger.performance.targets import check_targets, read_targets, stated_targets

if TYPE_CHECKING:
    from gfs_ledger.report import Report

__all__ = [
    "FAMILY",
    "PERFORMANCE_RULES",
    "PERFORMANCE_RULES_BY_ID",
    "Arithmetic",
    "Evaluation",
    "Fact",
    "check_arithmetic",
    "check_evaluation",
    "check_main_text",
    "check_performance",
    "check_self_evaluation",
    "claims_of",
    "read_evaluation",
    "read_facts",
]


def check_performance(report: object, tolerance: Tolerance | None = None) -> Audit:
    """The audit of a report's performance information: its 项目绩效评价报告 (when the
    appendix holds one) and the self-evaluation its prose summarises; what
    ``Report.audit()`` merges in.

    >>> from gfs_ledger import read_report
    >>> check_performance(read_report()).ok
    True
    """
    from gfs_ledger.report import Report

    assert isinstance(report, Report)
    tol = tolerance or Tolerance()
    batches: tuple[FindingBatch, ...] = ()
    # Each region's lines normalised once, for every reader of them.
    texts = normal_lines(report.prose)
    lines = normal_lines(report.appendix)
    evaluation = read_parts(report.appendix, lines)  # report.evaluation() but its ledgers
    if evaluation is not None:
        batches = read_findings(evaluation, tol, report.prose, report.tables, lines, texts)
    found = self_evaluation(report.prose, texts, tol)
    audit = Audit((*batches, FindingBatch.of(found)), tol,
                  () if evaluation is None else evaluation.diagnostics)
    targets = _target_forms(report, tol)
    return audit if targets is None else audit.merge(targets)


_FORM = "财政项目支出绩效目标填报表"


def _target_forms(report: Report, tol: Tolerance) -> Audit | None:
    """The 绩效目标 forms a PDF prints after its tables, checked against what its prose
    states of them and against the 项目支出 of its 支出总表; None when it prints none."""
    if not report.locations:
        return None
    by_page: dict[int, list[str]] = {}
    for line, text in report.prose:
        by_page.setdefault(report.locations[line - 1][0], []).append(text)
    titled = [page for page, texts in by_page.items() if any(_FORM in t for t in texts)]
    if not titled:
        return None
    last = max(titled)
    if any("指标" in t for t in by_page.get(last + 1, ())) and not any(
            _FORM in t for t in by_page.get(last + 1, ())):
        last += 1  # the last form runs on over the next page
    first = min(titled)
    forms = read_targets([by_page.get(p, []) for p in range(first, last + 1)], first_page=first)
    spending = report.tables.get("支出总表")
    ledger = None if spending is None else spending.ledger
    project = None
    if ledger is not None and ledger.total is not None and "项目支出" in ledger.columns:
        figure = ledger.total[ledger.columns.index("项目支出")]
        project = figure if isinstance(figure, Decimal) else None
    unit = spending.unit if spending is not None and spending.unit is not None else report.unit
    return check_targets(forms, tol, stated=stated_targets([t for _, t in report.prose]),
                         project_spending=project, spending_unit=unit)
