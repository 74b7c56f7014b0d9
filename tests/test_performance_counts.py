"""The appraisal family counts its findings' outcomes before it writes them up: the
counts an audit's summary reads must be those of the findings once built, whatever
the outcomes are (the sample's are all exact; each mutation below breaks one rule)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from gfs_ledger import Outcome, Tolerance, read_report
from gfs_ledger.performance import check_evaluation, check_performance
from gfs_ledger.performance.check import (
    _hierarchy_counts,
    _score_counts,
    _weight_counts,
    points_tolerance,
)
from gfs_ledger.performance.evaluation import normal_lines, read_of, read_parts
from gfs_ledger.samples import sample_text

MUTATIONS = [
    (None, "", ""),
    # a weight: 项目立项 5 against 3 + 2.5 = 5.5 (weights)
    (628, "立项依据充分性（2.5分）", "立项依据充分性（3分）"),
    # a score over its weight 10 and a sum of 100.7 against 99.7 (score_cap, scores)
    (683, "指标评价得分 9.9 分", "指标评价得分 10.9 分"),
    # the grade 良 for 99.7 (grade, restated)
    (657, "评价结论为“优”", "评价结论为“良”"),
    # 6308 × 1500 元 = 946.2 万元, not 946.05 (product)
    (601, "共计6307人", "共计6308人"),
    # 483.6 − 473.025 = 10.575, not 10.675 (difference)
    (601, "结余资金10.575万元", "结余资金10.675万元"),
    # 283.815 / 289.17 = 98.1481%, not 98.51% (rate)
    (683, "预算执行率 98.15%", "预算执行率 98.51%"),
    # 1500 × 2/10 = 300, not 450 (split)
    (707, "5:3:2", "5:2:3"),
    # the main text's funds 298.17 against the report's 289.17 (restated)
    (561, "涉及资金289.17万元", "涉及资金298.17万元"),
    # the stated total weight 110 against 15 + 20 + 40 + 25 = 100 (weights, by the ledger)
    (653, "总分设置为100分", "总分设置为110分"),
    # a 二级 weight not printed: 绩效目标 unread (weights, by the ledger)
    (630, "绩效目标 （5分）", "绩效目标"),
    # no overall score: the score ledger has no 合计 (scores, by the ledger)
    (657, "总体评分为99.7分", "总体评分99.7分"),
    # a 三级 indicator's score (应发尽发率 5 of 产出质量): a row of 7 digits (by the ledger)
    (691, "1、项目产出数量目标的实现程度分析", "1、应发尽发率分析"),
]


@pytest.mark.parametrize(("line", "old", "new"), MUTATIONS)
def test_the_counts_are_those_of_the_findings_built(line: int | None, old: str,
                                                    new: str) -> None:
    lines = sample_text().splitlines()
    if line is not None:
        assert lines[line - 1].count(old) == 1
        lines[line - 1] = lines[line - 1].replace(old, new)
    report = read_report("\n".join(lines) + "\n")
    for tolerance in (Tolerance(), Tolerance.exact(), Tolerance.parse("0.5")):
        audit = check_performance(report, tolerance)
        counted = {o: audit.count(o) for o in Outcome}  # before any finding is built
        built = Counter(f.outcome for f in audit.findings)
        assert counted == {o: built[o] for o in Outcome}
        assert {f.rule for f in audit.findings} == {"appraisal"}
        if line is not None and tolerance.kind.value == "rounding":
            # no overall score: the sum and the grade cannot be checked
            broken = Outcome.UNVERIFIABLE if new == "总体评分99.7分" else Outcome.VIOLATED
            assert counted[broken] >= 1


def test_plain_exact_trees_are_counted_without_their_ledgers() -> None:
    # The sample's weights add up (5 + 5 + 5 = 15 决策, …, 15 + 20 + 40 + 25 = 100) and
    # its 二级 scores add up to the stated 99.7: counted from the figures, the same
    # counts as the ledgers' audits, under any tolerance.
    lines = read_report().appendix
    read = read_parts(lines, normal_lines(lines))
    assert read is not None
    evaluation = read.evaluation()
    for tolerance in (Tolerance(), Tolerance.exact(), Tolerance.parse("0.5")):
        points = points_tolerance(tolerance)
        weights = _hierarchy_counts(evaluation.weights.check(points))
        scores = _hierarchy_counts(evaluation.score_ledger.check(points))
        # 4 一级 and 12 二级 with children, and the 合计: 17 exact; the scores' 合计: 1.
        assert _weight_counts(read) == weights == {("appraisal", Outcome.EXACT): 17}
        assert _score_counts(read) == scores == {("appraisal", Outcome.EXACT): 1}


@pytest.mark.parametrize(("line", "old", "new"), MUTATIONS)
def test_the_rows_and_marks_are_the_public_indicators_and_scores(
        line: int | None, old: str, new: str) -> None:
    # The audit reads the indicators and scores as tuples; made public and read back
    # they are the same tuples, and the public reader's values are the tuples'.
    lines = sample_text().splitlines()
    if line is not None:
        lines[line - 1] = lines[line - 1].replace(old, new)
    report = read_report("\n".join(lines) + "\n")
    read = read_parts(report.appendix, normal_lines(report.appendix))
    assert read is not None
    evaluation = report.evaluation()
    assert evaluation is not None
    again = read_of(evaluation)
    assert (again.rows, again.marks) == (read.rows, read.marks)
    assert evaluation.indicators == read.indicators
    assert evaluation.scores == read.scores
    # 37 indicators (4 一级, 12 二级, 21 三级) and the analysis's 11 scores
    assert (len(read.rows), len(read.marks)) == (37, 11)
    assert read.rows[0] == ("901", "决策", Decimal(15), 628, None)
    assert read.rows[-1] == ("9040301", "发放对象满意度", Decimal(8), 649, "90%")
    assert [m[4] for m in read.marks][:2] == [("90101",), ("90102",)]
    # The audit's quick path finds what the public one does, in the same order.
    for tolerance in (Tolerance(), Tolerance.parse("0.5")):
        public = check_evaluation(evaluation, tolerance, prose=report.prose,
                                  tables=report.tables)
        quick = check_performance(report, tolerance).findings
        assert len(public) >= 53
        assert list(quick[:len(public)]) == list(public)
        assert [f.message for f in quick[:len(public)]] == [f.message for f in public]
