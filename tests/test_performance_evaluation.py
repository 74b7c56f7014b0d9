"""The performance evaluation (绩效评价) of the sample: its indicator ledgers, scores,
grade, the arithmetic of its sentences, what the main text restates, and mutations
of each caught by the right rule."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gfs_ledger import Outcome, Report, Tolerance, read_report
from gfs_ledger.cli import main
from gfs_ledger.findings import Finding
from gfs_ledger.performance import (
    PERFORMANCE_RULES_BY_ID,
    check_evaluation,
    claims_of,
    read_evaluation,
    read_facts,
)
from gfs_ledger.performance.arithmetic import _FACT, _facts_of
from gfs_ledger.performance.evaluation import normal
from gfs_ledger.samples import sample_text

SAMPLE = sample_text()


def _lines() -> list[str]:
    return SAMPLE.splitlines()


def _mutated(line: int, old: str, new: str) -> Report:
    """The sample with ``old`` replaced by ``new`` on one line (1-based)."""
    lines = _lines()
    assert lines[line - 1].count(old) == 1, (line, old)
    lines[line - 1] = lines[line - 1].replace(old, new)
    return read_report("\n".join(lines) + "\n")


def _appraisal(report: Report) -> list[Finding]:
    return [f for f in report.audit().findings if f.rule == "appraisal"]


def _bad(report: Report) -> list[tuple[str | None, int | None]]:
    return [(f.rule_id, f.line) for f in _appraisal(report) if f.outcome is Outcome.VIOLATED]


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return _appraisal(read_report())


def _of(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [f for f in findings if f.rule_id == rule_id]


# ---- the indicator ledgers -------------------------------------------------------------


def test_the_weight_tree_is_read_into_a_ledger_of_indicator_codes() -> None:
    ev = read_report().evaluation()
    assert ev is not None
    weights = ev.weights
    # 4 一级, 12 二级, 21 三级 indicators, as the prose says (3+2+4+3 二级, 6+5+7+3 三级)
    assert [len(weights.at_level(n)) for n in (1, 2, 3)] == [4, 12, 21]
    assert [(a.name, a["分值"]) for a in weights.at_level(1)] == [
        ("决策", Decimal(15)), ("过程", Decimal(20)), ("产出", Decimal(40)), ("效益", Decimal(25))]
    # 产出数量's weight is printed on the line after its name: (10分) on line 641
    assert weights.value("90301", "分值") == Decimal(10) and weights["90301"].name == "产出数量"
    assert ev.indicator("9030401").target == "450元/人"
    assert ev.path(weights.codes[-1]) == "效益 › 满意度 › 发放对象满意度"
    assert weights.total == (Decimal(100),) and ev.total_weight is not None  # 总分设置为100分
    assert ev.diagnostics == ()


def test_the_weights_roll_up_exactly(findings: list[Finding]) -> None:
    weights = _of(findings, "appraisal.weights")
    # one check per 二级 (12), per 一级 (4) and the total
    assert len(weights) == 17 and {f.outcome for f in weights} == {Outcome.EXACT}
    by_name = {f.name: f for f in weights}
    # 资金管理: 3 + 4 + 3 = 10
    assert by_name["过程 › 资金管理"].computed == Decimal(10)
    # 效益: 8 + 9 + 8 = 25; the total: 15 + 20 + 40 + 25 = 100
    assert by_name["效益"].computed == Decimal(25)
    assert by_name["总分"].message == (
        "总分 100分: its 4 一级 indicators 15 + 20 + 40 + 25 = 100 — exact")
    assert by_name["总分"].line == 653


def test_every_score_is_found_and_placed() -> None:
    ev = read_report().evaluation()
    assert ev is not None
    placed = [(s.line, str(s.value), [ev.indicator(c).name for c in s.indicators])
              for s in ev.scores]
    assert placed == [
        (667, "5", ["项目立项"]), (671, "5", ["绩效目标"]), (675, "5", ["资金投入"]),
        (683, "9.9", ["资金管理"]), (687, "10", ["组织实施"]),
        (693, "9.9", ["产出数量"]), (697, "10", ["产出质量"]), (701, "9.9", ["产出时效"]),
        (707, "10", ["产出成本"]),  # 项目的成本节约程度分析: by 成本
        (713, "17", ["经济效益", "社会效益"]),  # 效益分析 scores both: 8 + 9 = 17
        (717, "8", ["满意度"]),
    ]


def test_scores_are_at_most_their_weights_and_add_up_to_the_total(
        findings: list[Finding]) -> None:
    caps = _of(findings, "appraisal.score_cap")
    assert len(caps) == 11 and {f.outcome for f in caps} == {Outcome.EXACT}
    joint = next(f for f in caps if f.line == 713)
    assert joint.message == ("line 713 “指标评价得分 17 分” (经济效益、社会效益): 17 against the "
                             "weight 17分 (8 + 9) — at most its weight — exact")
    (total,) = _of(findings, "appraisal.scores")
    # 5 + 5 + 5 + 9.9 + 10 + 9.9 + 10 + 9.9 + 10 + 17 + 8 = 99.7
    assert (total.outcome, total.reported, total.computed, total.line) == (
        Outcome.EXACT, Decimal("99.7"), Decimal("99.7"), 657)


def test_the_grade_matches_the_stated_scale(findings: list[Finding]) -> None:
    (grade,) = _of(findings, "appraisal.grade")
    assert grade.outcome is Outcome.EXACT
    assert grade.message == ("line 657 “评价结论为“优””: the stated scale puts 99.7 in "
                             "[90, 100] 优 — exact")
    ev = read_report().evaluation()
    assert ev is not None
    # 100-90(含)分为“优”、90-80(含)分为“良”、80-60(含)分为“中”、60分以下为“差”
    assert [b.describe() for b in ev.scale] == [
        "[90, 100] 优", "[80, 90) 良", "[60, 80) 中", "[0, 60) 差"]


# ---- the arithmetic of the attachment's sentences ------------------------------------

ARITHMETIC = [
    # (rule, line, stated, computed) — each figure's arithmetic in words
    ("product", 601, "946.05万元", "946.0500"),    # 6307 人 × 1500 元 = 9,460,500 元
    ("split", 601, "473.025万元", "473.025"),      # 946.05 × 5/10 (省)
    ("difference", 601, "10.575万元", "10.575"),   # 483.6 − 473.025 (省 结余)
    ("split", 601, "283.815万元", "283.815"),      # 946.05 × 3/10 (市)
    ("difference", 601, "5.355万元", "5.355"),     # 289.17 − 283.815 (市 结余)
    ("split", 601, "189.21万元", "189.21"),        # 946.05 × 2/10 (县)
    ("product", 675, "963.9万元", "963.9000"),     # 6426 人 × 1500 元 = 9,639,000 元
    ("split", 675, "289.17万元", "289.17"),        # 963.9 × 3/10 (市级预算)
    ("rate", 683, "市级资金到位率 100%", "100"),    # 289.17 万元全部下达: all of it
    ("difference", 683, "119 人", "119"),          # 6426 − 6307 (较计划人数减少)
    ("rate", 683, "预算执行率 98.15%", None),      # 283.815 / 289.17 = 98.1481…%
    ("rate", 693, "资金实际完成率 98.15%", None),  # 283.815 / 289.17 = 98.1481…%
    ("rate", 693, "发放人数实际完成率 105%", None),  # 6307 / 6000 = 105.1166…%
    ("rate", 701, "市级资金执行率 100%", "100"),    # 市级预算资金全部及时拨付
    ("rate", 701, "市级资金执行率为 98.15%", None),  # 283.815 / 289.17
    ("split", 707, "450 元/人", "450"),            # 1500 × 3/10 (市级发放金额)
    ("product", 693, "283.815 万元", "283.8150"),  # 6307 人 × 450 元/人 = 2,838,150 元
    ("difference", 727, "119 人", "119"),          # 6426 − 6307 (六、存在的问题)
    ("rate", 727, "使用率为 98.15%", None),        # 283.815 / 289.17
]


def test_every_arithmetic_claim_of_the_attachment_is_extracted_and_checked(
        findings: list[Finding]) -> None:
    kinds = ("appraisal.product", "appraisal.split", "appraisal.difference", "appraisal.rate")
    claims = [f for f in findings if f.rule_id in kinds]
    got = [(f.rule_id, f.line, f.message.split("“")[1].split("”")[0]) for f in claims]
    assert got == [(f"appraisal.{k}", line, text) for k, line, text, _ in ARITHMETIC]
    assert {f.outcome for f in claims} == {Outcome.EXACT}
    for finding, (_, _, _, computed) in zip(claims, ARITHMETIC):
        if computed is not None:
            assert finding.computed == Decimal(computed), finding.message


def test_the_arithmetic_messages_show_the_computation(findings: list[Finding]) -> None:
    messages = [f.message for f in findings]
    assert ("line 693 “283.815 万元”: 6307人 × 450元/人 = 2838150元 = 283.815万元 — exact"
            in messages)
    assert ("line 601 “473.025万元”: 946.05万元 × 5/10 (省 of 省、市、县 5:3:2) = 473.025 — "
            "exact" in messages)
    assert "line 693 “发放人数实际完成率 105%”: 6307人 / 6000人 = 105.1167% — exact" in messages


def test_a_rate_printed_without_decimals_is_half_a_point_either_way() -> None:
    def rate(actual: int, stated: str) -> Outcome:
        facts = read_facts([(1, f"计划覆盖人数为6000人以上，实际发放人数{actual}人，"
                                f"发放人数实际完成率{stated}。")])
        (claim,) = claims_of(facts)
        from gfs_ledger.performance import check_arithmetic

        return check_arithmetic([claim], Tolerance())[0].outcome

    assert rate(6307, "105%") is Outcome.EXACT      # 105.1167% rounds to 105
    assert rate(6330, "105%") is Outcome.ROUNDING   # 105.5% rounds to 106, but is in [104.5, 105.5]
    assert rate(6331, "105%") is Outcome.VIOLATED   # 105.5167% is outside [104.5, 105.5]
    assert rate(6307, "105.1%") is Outcome.EXACT    # 105.1167% rounds to 105.1
    assert rate(6307, "105.2%") is Outcome.VIOLATED  # [105.15, 105.25] misses 105.1167%


def test_the_precision_printed_sets_the_interval() -> None:
    from gfs_ledger.performance import check_arithmetic

    def outcome(text: str) -> Outcome:
        (claim,) = claims_of(read_facts([(1, text)]))
        return check_arithmetic([claim], Tolerance())[0].outcome

    base = "市级预算资金289.17万元，实际发放使用资金283.815万元，资金实际完成率{}。"
    assert outcome(base.format("98.15%")) is Outcome.EXACT      # 98.1481…% → 98.15
    assert outcome(base.format("98.1%")) is Outcome.EXACT       # → 98.1
    assert outcome(base.format("98%")) is Outcome.EXACT         # → 98
    assert outcome(base.format("98.16%")) is Outcome.VIOLATED   # [98.155, 98.165] misses 98.1481
    assert outcome(base.format("99%")) is Outcome.VIOLATED      # [98.5, 99.5] misses it


# ---- the main text and the tables ----------------------------------------------------


def test_the_main_text_restates_the_score_grade_and_funds(findings: list[Finding]) -> None:
    restated = [(f.line, f.name, f.outcome) for f in _of(findings, "appraisal.restated")]
    assert restated == [
        # 决策类指标权重为15分 … 3个方面的6项内容, and so on for 过程, 产出, 效益
        (623, "决策", Outcome.EXACT), (623, "过程", Outcome.EXACT),
        (623, "产出", Outcome.EXACT), (623, "效益", Outcome.EXACT),
        (561, "总体评分", Outcome.EXACT),   # 总体评分为99.7分 = the report's 99.7
        (561, "评价结论", Outcome.EXACT),   # 评价结论为“优”
        (561, "涉及资金", Outcome.EXACT),   # 涉及资金289.17万元 = 市级预算资金 289.17
        (561, "涉及资金", Outcome.EXACT),   # 其中一般公共预算支出289.17万元
    ]
    tables = _of(findings, "appraisal.tables")
    # 部门整体支出 … 涉及资金1776.55万元 = 公开01表 本年支出合计; 其中一般公共预算 = 公开05表 合计
    assert [(f.table, f.computed, f.outcome) for f in tables] == [
        ("公开01表", Decimal("1776.55"), Outcome.EXACT),
        ("公开05表", Decimal("1776.55"), Outcome.EXACT)]


def test_the_sample_audit_adds_the_appraisal_family_and_changes_nothing_else() -> None:
    audit = read_report().audit()
    rows = {s.rule: s for s in audit.summary()}
    # 17 weights + 11 caps + 1 total + 1 grade + 8 restated + 19 arithmetic + 2 tables
    # + 1 self-evaluation (13 优 + 1 良 = 14 projects) = 60
    assert (rows["appraisal"].checks, rows["appraisal"].exact) == (60, 60)
    assert [(s.rule, s.checks) for s in audit.summary()][:4] == [
        ("hierarchy", 243), ("row", 80), ("cross", 191), ("narrative", 158)]
    assert audit.count("violated", "appraisal") == 0
    assert not read_report().audit(prose=False).count("exact", "appraisal")


# ---- mutations -----------------------------------------------------------------------


def test_one_weight_changed_is_caught_by_the_weight_rule() -> None:
    # 立项依据充分性 2.5 → 3: 项目立项 5 against 3 + 2.5 = 5.5
    report = _mutated(628, "立项依据充分性（2.5分）", "立项依据充分性（3分）")
    assert _bad(report) == [("appraisal.weights", 628)]
    # 资金管理 10 → 12: 12 against 3 + 4 + 3 = 10, and 过程 20 against 12 + 10 = 22
    report = _mutated(634, "资金管理 （10分）", "资金管理 （12分）")
    assert _bad(report) == [("appraisal.weights", 634), ("appraisal.weights", 634)]
    # 产出 40 → 45: 45 against 40, the total 100 against 15 + 20 + 45 + 25 = 105, and the
    # prose's 产出类指标权重为40分 against the table's 45
    report = _mutated(639, "产出（40）", "产出（45）")
    assert _bad(report) == [("appraisal.weights", 639), ("appraisal.weights", 653),
                            ("appraisal.restated", 623)]


def test_one_score_changed_is_caught() -> None:
    # 9.9 → 10.9 for 资金管理 (10分): over its weight, and the sum becomes 100.7
    report = _mutated(683, "指标评价得分 9.9 分", "指标评价得分 10.9 分")
    assert _bad(report) == [("appraisal.score_cap", 683), ("appraisal.scores", 657)]
    # 17 → 16: within the weight 17, but the sum becomes 98.7
    report = _mutated(713, "指标评价得分 17 分", "指标评价得分 16 分")
    assert _bad(report) == [("appraisal.scores", 657)]


def test_the_total_changed_is_caught_by_the_sum_and_the_restatement() -> None:
    report = _mutated(657, "总体评分为99.7分", "总体评分为98.7分")
    # the scores add up to 99.7, the main text restates 99.7; the grade 优 still holds
    assert _bad(report) == [("appraisal.scores", 657), ("appraisal.restated", 561)]


def test_the_grade_changed_is_caught_by_the_grade_rule() -> None:
    report = _mutated(657, "评价结论为“优”", "评价结论为“良”")
    assert _bad(report) == [("appraisal.grade", 657), ("appraisal.restated", 561)]
    # and a total moved into another band with the grade left as it was
    report = _mutated(657, "总体评分为99.7分", "总体评分为89.7分")
    assert ("appraisal.grade", 657) in _bad(report)


def test_a_count_changed_is_caught() -> None:
    # 6307 → 6308: 6308 × 1500 元 = 946.2 万元, not 946.05
    report = _mutated(601, "共计6307人", "共计6308人")
    assert _bad(report) == [("appraisal.product", 601)]
    # 减少 119 → 129: 6426 − 6307 = 119
    report = _mutated(683, "减少 119 人", "减少 129 人")
    assert _bad(report) == [("appraisal.difference", 683)]
    # 6426 → 6436: 963.9 is no longer 6436 × 1500, and 6436 − 6307 is no longer 119 on
    # line 683 (line 727 states its own 计划人数 6426)
    report = _mutated(675, "拟发放人数为6426人", "拟发放人数为6436人")
    assert _bad(report) == [("appraisal.product", 675), ("appraisal.difference", 683)]


def test_an_amount_changed_is_caught() -> None:
    # 结余 10.575 → 10.675: 483.6 − 473.025 = 10.575
    report = _mutated(601, "结余资金10.575万元", "结余资金10.675万元")
    assert _bad(report) == [("appraisal.difference", 601)]
    # 946.05 → 946.15: 6307 × 1500 and each level's share of it (473.075, 283.845, 189.23)
    report = _mutated(601, "实际使用资金946.05万元", "实际使用资金946.15万元")
    assert _bad(report) == [("appraisal.product", 601)] + [("appraisal.split", 601)] * 3
    # 450 → 460 元/人: 1500 × 3/10 = 450, and 6307 × 460 元 ≠ 283.815 万元
    report = _mutated(707, "450 元/人", "460 元/人")
    assert _bad(report) == [("appraisal.split", 707), ("appraisal.product", 693)]
    # 289.17 in the main text → 298.17: the report's 市级预算资金 is 289.17
    report = _mutated(561, "涉及资金289.17万元", "涉及资金298.17万元")
    assert _bad(report) == [("appraisal.restated", 561)]


def test_a_rate_changed_is_caught() -> None:
    report = _mutated(693, "发放人数实际完成率 105%", "发放人数实际完成率 107%")
    assert _bad(report) == [("appraisal.rate", 693)]   # 6307 / 6000 = 105.1167%
    report = _mutated(683, "预算执行率 98.15%", "预算执行率 98.51%")
    assert _bad(report) == [("appraisal.rate", 683)]   # 283.815 / 289.17 = 98.1481%
    report = _mutated(683, "市级资金到位率 100%", "市级资金到位率 90%")
    assert _bad(report) == [("appraisal.rate", 683)]   # 全部 (all of it) is 100%


def test_the_ratio_changed_is_caught_by_every_split() -> None:
    report = _mutated(597, "5:3:2", "4:4:2")
    # line 601 splits by the ratio of line 597: 946.05 × 4/10 = 378.42 is neither 473.025
    # (省) nor 283.815 (市); 县 keeps 2/10 = 189.21. Lines 675 and 707 state their own 5:3:2.
    assert _bad(report) == [("appraisal.split", 601), ("appraisal.split", 601)]
    report = _mutated(707, "5:3:2", "5:2:3")
    assert _bad(report) == [("appraisal.split", 707)]  # 1500 × 2/10 = 300, not 450


# ---- the report, the command line, JSON -----------------------------------------------


def test_the_evaluation_survives_the_report_json_round_trip() -> None:
    report = read_report()
    again = Report.from_json(report.to_json())
    assert again.appendix == report.appendix
    assert [f.message for f in again.audit().findings if f.rule == "appraisal"] == [
        f.message for f in report.audit().findings if f.rule == "appraisal"]


def test_the_rules_command_lists_the_appraisal_rules(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in PERFORMANCE_RULES_BY_ID.values():
        assert f"{rule.id}  {rule.zh}\n    {rule.en}" in out


def test_check_shows_the_appraisal_family_in_text_json_and_html(
        capsys: pytest.CaptureFixture[str]) -> None:
    # exit 1: the sample's prose has 4 violations (980元 of 公务接待费), none appraisal's
    assert main(["check"]) == 1
    assert "appraisal      60     60" in capsys.readouterr().out
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["appraisal"]["checks"] == 60
    assert sum(f["rule"] == "appraisal" for f in data["findings"]) == 60
    assert main(["check", "--format", "html"]) == 1
    assert ">appraisal<" in capsys.readouterr().out


def test_a_violation_fails_the_check_command(capsys: pytest.CaptureFixture[str],
                                             tmp_path: object) -> None:
    import pathlib

    lines = _lines()
    lines[682] = lines[682].replace("指标评价得分 9.9 分", "指标评价得分 10.9 分")
    path = pathlib.Path(str(tmp_path)) / "mutated.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert ("[绩效评价] line 683 “指标评价得分 10.9 分” (资金管理): 10.9 against the "
            "weight 10分 — violated" in out)
    # the two of the appraisal, and the sample's 4 of its prose (980元 of 公务接待费)
    assert "= 100.7 — violated" in out and out.endswith("FAILED: 6 violated.\n")


# ---- bad input ---------------------------------------------------------------------


def test_a_report_without_an_evaluation_report_has_only_the_prose_checks() -> None:
    lines = _lines()
    cut = lines.index("第五部分 附件")
    report = read_report("\n".join(lines[:cut]) + "\n")
    assert report.evaluation() is None
    # what remains is the prose's own: the self-evaluation it summarises
    assert [f.rule_id for f in report.audit().findings if f.rule == "appraisal"] == [
        "appraisal.self_evaluation"]


def test_unreadable_rows_become_diagnostics() -> None:
    report = _mutated(643, "发放对象准确性(5分)", "发放对象准确性")
    ev = report.evaluation()
    assert ev is not None
    assert [(d.kind, d.line) for d in ev.diagnostics] == [("unread_indicator", 643)]
    # the 三级 row is lost: 产出质量 10 against 5 alone
    assert _bad(report)[0] == ("appraisal.weights", 642)


ATTACHMENT = [(n, t) for n, t in enumerate(_lines(), 1) if n >= 589]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(ATTACHMENT) - 1), max_size=12),
       st.lists(st.sampled_from(["（", "）", "\t", "分", "5:3", "%", "万元", "人", "率",
                                 "全部", "9", "0", ".", "优", "含", "-"]), max_size=8))
def test_any_damage_to_the_attachment_never_crashes(drop: list[int], noise: list[str]) -> None:
    lines = [(n, t) for k, (n, t) in enumerate(ATTACHMENT) if k not in set(drop)]
    for k, piece in enumerate(noise):
        n, t = lines[(k * 7) % len(lines)]
        lines[(k * 7) % len(lines)] = (n, t[: len(t) // 2] + piece + t[len(t) // 2:])
    ev = read_evaluation(lines)
    if ev is not None:
        for finding in check_evaluation(ev, Tolerance()):
            assert finding.rule == "appraisal" and finding.message


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="一级指标二三决策（）()分\t5.2:%人元万率优良中差总体评分为含-0123456789\n",
               max_size=300))
def test_arbitrary_text_never_crashes(text: str) -> None:
    lines = list(enumerate(text.split("\n"), 1))
    ev = read_evaluation(lines)
    if ev is not None:
        check_evaluation(ev, Tolerance())
    for claim in claims_of(read_facts(lines)):
        assert claim.stated.line >= 1


# Pieces of figures and the words after them, joined: 每人1500元, 5:3:2的比例, 1,234 万元, …
FACT_TEXT = st.lists(st.tuples(
    st.sampled_from(["", "每人", "每人发放", "a", "。", ",", "率为"]),
    st.sampled_from(["", "1", "23", "1,234", "1,23", "2.5", "5:3", "5 : 3:2", "3."]),
    st.sampled_from(["", " ", "\u3000"]),
    st.sampled_from(["", "元", "元/人", "元 / 人", "万元", "亿元", "万人", "人", "人次", "人民", "%",
                     "的比例", "比例", "的", ":", "/"])).map("".join),
    max_size=6).map("".join)


def _found(matches: Iterable[re.Match[str]]) -> list[tuple[object, ...]]:
    return [(m.span(), m.lastgroup, {k: v for k, v in m.groupdict().items() if v})
            for m in matches]


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(FACT_TEXT)
def test_facts_are_found_as_the_whole_pattern_finds_them(text: str) -> None:
    # ``_facts_of`` tries only the alternatives the character after a run of figures
    # allows (元: 元/人 or money, 万 亿: money, 人: a count, 的 比: a ratio, %: a rate);
    # it must find what the whole pattern finds, with the same groups.
    assert _found(_facts_of(text)) == _found(_FACT.finditer(text))


def test_the_sample_facts_are_found_as_the_whole_pattern_finds_them() -> None:
    text = normal(SAMPLE)
    found = _found(_facts_of(text))
    assert found == _found(_FACT.finditer(text))
    assert len(found) > 100  # money, counts, rates and the 5:3:2 ratio among them


# ---- a property: any consistent indicator table checks exactly, one wrong weight once ----

HALVES = st.integers(min_value=1, max_value=20).map(lambda n: Decimal(n) / 2)


@st.composite
def indicator_tables(draw: st.DrawFn) -> list[list[list[Decimal]]]:
    """一级 → 二级 → 三级 weights, each a multiple of 0.5."""
    return draw(st.lists(st.lists(st.lists(HALVES, min_size=1, max_size=3), min_size=1,
                                  max_size=3), min_size=1, max_size=4))


def _table_lines(tree: list[list[list[Decimal]]], wrong: tuple[int, int, int] | None = None,
                 ) -> list[tuple[int, str]]:
    """The 绩效评价表 of a tree as the sample prints it: tab-separated cells, a parent's
    cell only on its first row; ``wrong`` adds 0.5 to one 三级 weight as printed."""
    total = sum(w for first in tree for second in first for w in second)
    lines = [f"总分设置为{total}分。", "某项目绩效评价表", "一级指标\t二级指标\t三级指标\t目标值"]
    for i, first in enumerate(tree):
        for j, second in enumerate(first):
            for k, weight in enumerate(second):
                shown = weight + (Decimal("0.5") if (i, j, k) == wrong else 0)
                cells = [f"一级{i}（{sum(sum(s) for s in first)}）" if j == k == 0 else "",
                         f"二级{i}{j} （{sum(second)}分）" if k == 0 else "",
                         f"三级{i}{j}{k}（{shown}分）", "达标"]
                lines.append("\t".join(cells))
    return list(enumerate(lines, 1))


@settings(max_examples=60, deadline=None)
@given(indicator_tables(), st.data())
def test_any_consistent_table_checks_exactly_and_one_wrong_weight_fails_its_parent_only(
        tree: list[list[list[Decimal]]], data: st.DataObject) -> None:
    ev = read_evaluation(_table_lines(tree))
    assert ev is not None  # the table alone: no scores, so no overall score either
    assert [d.kind for d in ev.diagnostics] == ["no_overall_score"]
    found = [f for f in check_evaluation(ev) if f.rule_id == "appraisal.weights"]
    # one check per 二级, per 一级, and the total
    assert len(found) == sum(len(first) for first in tree) + len(tree) + 1
    assert {f.outcome for f in found} == {Outcome.EXACT}
    i = data.draw(st.integers(0, len(tree) - 1))
    j = data.draw(st.integers(0, len(tree[i]) - 1))
    k = data.draw(st.integers(0, len(tree[i][j]) - 1))
    wrong = read_evaluation(_table_lines(tree, (i, j, k)))
    assert wrong is not None
    bad = [f for f in check_evaluation(wrong) if f.outcome is Outcome.VIOLATED]
    # the 二级 that prints its weight against its 三级 is the one finding: the 一级 and the
    # total compare printed 二级 and 一级 weights, which did not change
    assert [(f.rule_id, f.name, f.difference) for f in bad] == [
        ("appraisal.weights", f"一级{i} › 二级{i}{j}", Decimal("-0.5"))]


def test_funds_the_report_gives_no_budget_for_are_unverifiable_not_violated() -> None:
    # without 预算 on the report's levelled amounts, the main text's 289.17 has nothing to
    # agree with
    lines = _lines()
    for k in range(588, len(lines)):
        lines[k] = lines[k].replace("预算", "安").replace("拨付", "安").replace("下达", "安")
    report = read_report("\n".join(lines) + "\n")
    funds = [f for f in _appraisal(report) if f.name == "涉及资金"]
    assert [f.outcome for f in funds] == [Outcome.UNVERIFIABLE] * 2


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=1, max_value=5000),
       st.lists(st.integers(min_value=1, max_value=9), min_size=3, max_size=3),
       st.integers(min_value=0, max_value=2), st.integers(min_value=1, max_value=99))
def test_products_and_splits_hold_exactly_and_any_change_of_a_cent_is_caught(
        people: int, each: int, ratio: list[int], level: int, cents: int) -> None:
    from gfs_ledger.performance import check_arithmetic

    # people × each 元 = total 万元, printed with every digit; a level's part = its share
    total = Decimal(people * each).scaleb(-4)
    part = total * ratio[level] / sum(ratio)
    name = "省市县"[level]
    text = (f"共计{people}人，每人发放{each}元，实际使用资金{total}万元。"
            f"按照省、市、县{':'.join(map(str, ratio))}比例分别负担，"
            f"其中，{name}级财政实际使用资金{{}}万元。")
    # the part as a report would print it: half up to six places, trailing zeros dropped
    shown = part.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP).normalize()
    claims = claims_of(read_facts([(1, text.format(f"{shown:f}"))]))
    found = check_arithmetic(claims, Tolerance())
    assert [f.rule_id for f in found] == ["appraisal.product", "appraisal.split"]
    assert [f.outcome for f in found] == [Outcome.EXACT, Outcome.EXACT]
    # a different total, by at least one 万元 cent, breaks the product
    wrong = text.replace(f"资金{total}万元", f"资金{total + Decimal(cents).scaleb(-2)}万元")
    again = check_arithmetic(claims_of(read_facts([(1, wrong.format(f"{shown:f}"))])),
                             Tolerance())
    assert again[0].outcome is Outcome.VIOLATED


def test_a_score_on_a_first_level_heading_is_checked_against_the_scores_below_it() -> None:
    report = _mutated(661, "(一)项目决策情况分析", "(一)项目决策情况分析(得分15分)")
    scores = [f for f in _appraisal(report) if f.rule_id == "appraisal.scores"]
    # 决策 15 = 5 + 5 + 5; the total adds the printed 15 instead of its three scores
    assert [(f.name, f.computed, f.outcome) for f in scores] == [
        ("决策", Decimal(15), Outcome.EXACT), ("总体评分", Decimal("99.7"), Outcome.EXACT)]
    assert scores[1].message.startswith("line 657 “总体评分为99.7分”: the 9 indicator scores "
                                        "15 + 9.9 + 10")
    report = _mutated(661, "(一)项目决策情况分析", "(一)项目决策情况分析(得分14分)")
    # 14 against 5 + 5 + 5, and the total 99.7 against 14 + 19.9 + 39.8 + 25 = 98.7
    assert _bad(report) == [("appraisal.scores", 661), ("appraisal.scores", 657)]


def test_a_heading_that_names_a_third_level_indicator_scores_it() -> None:
    # 资金到位率 is a 三级 indicator (3分) of 资金管理: 9.9 is over its weight
    report = _mutated(679, "1、资金管理情况分析", "1、资金到位率情况分析")
    ev = report.evaluation()
    assert ev is not None
    assert [ev.indicator(c).name for c in ev.scores[3].indicators] == ["资金到位率"]
    assert _bad(report) == [("appraisal.score_cap", 683)]  # 9.9 > 3; the sum still holds


def test_scores_are_read_in_other_wordings() -> None:
    report = _mutated(683, "指标评价得分 9.9 分", "该指标得分为9.9分")
    ev = report.evaluation()
    assert ev is not None and [s.text for s in ev.scores][3] == "该指标得分为9.9分"
    assert _bad(report) == []


def test_without_a_stated_total_the_weights_roll_up_to_the_conventional_100() -> None:
    report = _mutated(653, "总分设置为100分,", "")
    (total,) = [f for f in _appraisal(report) if f.rule_id == "appraisal.weights"
                and f.name == "总分"]
    assert total.message == ("总分 (not stated: the conventional 100) 100分: its 4 一级 "
                             "indicators 15 + 20 + 40 + 25 = 100 — exact")
