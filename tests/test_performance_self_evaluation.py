"""The self-evaluation (绩效自评) the main text summarises: counts by grade and the
average score, in the Shanxi sample and in a Shanghai final-accounts PDF's prose."""

from __future__ import annotations

from decimal import Decimal

from gfs_ledger import Outcome, read_report
from gfs_ledger.performance import check_self_evaluation
from gfs_ledger.samples import sample_text

# samples/real/shanghai-putuo-social-work-dept-2024-final-accounts.pdf, page 21, as
# pdfplumber's extract_text().splitlines() gives it: the sentence is broken over lines.
SHANGHAI = [
    "十、预算绩效管理情况",
    "中共上海市普陀区委社会工作部 2024 年度预算绩效管理工作开",
    "展情况如下：本部门建立了如下预算绩效管理制度：严格贯彻落实",
    "《上海市预算绩效管理实施办法》和本区“预算绩效管理实施办法”，",
    "完善内控制度，做好绩效管理工作；全过程绩效管理实施情况：编",
    "报绩效目标的 2024 年度项目 1 个，涉及预算金额 175.52 万元；绩",
    "效跟踪评价的 2024 年度项目 1 个，涉及预算金额 175.52 万元；绩",
    "效自评的 2024 年度项目 1 个，涉及预算金额 175.52 万元，平均得",
    "分 100.00 分（其中，绩效评级为“优”的项目 1 个；绩效评级为“良”",
    "的项目 0 个；绩效评级为“合格”的项目 0 个；绩效评级为“不合",
    "格”的项目 0 个。绩效自评中共发现问题 0 个）。",
    "十一、其他重要事项的情况说明",
]


def _numbered(lines: list[str]) -> list[tuple[int, str]]:
    return list(enumerate(lines, 1))


def test_the_samples_self_evaluation_adds_up() -> None:
    audit = read_report().audit()
    (found,) = [f for f in audit.findings if f.rule_id == "appraisal.self_evaluation"]
    # 涉及项目14个 … 13个项目自评等级为“优”，1个项目自评等级为“良”: 13 + 1 = 14
    assert (found.outcome, found.reported, found.computed, found.line) == (
        Outcome.EXACT, Decimal(14), Decimal(14), 561)
    assert found.message == "line 561 “项目14个”: by grade 13 优 + 1 良 = 14 — exact"


def test_a_count_by_grade_changed_is_caught() -> None:
    text = sample_text().replace("13个项目自评等级为“优”", "12个项目自评等级为“优”")
    audit = read_report(text).audit()
    assert [(f.rule_id, f.line, f.computed) for f in audit.violations
            if f.rule == "appraisal"] == [
        ("appraisal.self_evaluation", 561, Decimal(13))]  # 12 + 1 = 13, not 14


def test_the_shanghai_wording_broken_over_lines() -> None:
    found = check_self_evaluation(_numbered(SHANGHAI))
    # 1 优 + 0 良 + 0 合格 + 0 不合格 = 1 project; all 优: the average is in [90, 100].
    # The count's sentence starts at the end of line 7 (…万元；绩 / 效自评的…)
    assert [(f.line, f.outcome, f.reported) for f in found] == [
        (7, Outcome.EXACT, Decimal(1)), (8, Outcome.EXACT, Decimal("100.00"))]
    assert found[0].message == ("line 7 “项目1个”: by grade 1 优 + 0 良 + 0 合格 + 0 不合格 = 1 — "
                                "exact")


def test_an_average_outside_the_grades_given_is_caught() -> None:
    lines = [line.replace("分 100.00 分", "分 85.00 分") for line in SHANGHAI]
    found = check_self_evaluation(_numbered(lines))
    # every project is 优 (90 and above), so an average of 85.00 cannot be
    assert [f.outcome for f in found] == [Outcome.EXACT, Outcome.VIOLATED]
    assert found[1].message == ("line 8 “平均得分 85.00 分”: the grades given (优) put the "
                                "average in [90, 100] — violated")
    # a printed average is an interval, which must reach 90: 89.996 is [89.9955, 89.9965]
    # and 89.5 is [89.45, 89.55] (violated); 90 printed without decimals is [89.5, 90.5]
    def outcome(average: str) -> Outcome:
        changed = [line.replace("分 100.00 分", f"分 {average} 分") for line in SHANGHAI]
        return check_self_evaluation(_numbered(changed))[1].outcome

    assert outcome("89.996") is Outcome.VIOLATED
    assert outcome("89.5") is Outcome.VIOLATED
    assert outcome("90") is Outcome.EXACT


def test_prose_without_a_self_evaluation_gives_nothing() -> None:
    assert check_self_evaluation(_numbered(["无。", "二是组织对部门整体支出开展绩效自评。"])) == []
