"""The rules of the performance evaluation (绩效评价) and the performance targets
(绩效目标), as data: a stable id, a Chinese and an English description.

>>> PERFORMANCE_RULES_BY_ID["appraisal.scores"].zh
'各指标得分之和 = 总体评分'
>>> [r.id for r in PERFORMANCE_RULES][:3]
['appraisal.weights', 'appraisal.score_cap', 'appraisal.scores']
"""

from __future__ import annotations

from types import MappingProxyType

import attrs

FAMILY = "appraisal"
"""The rule family of every finding of this package."""


@attrs.frozen(slots=True)
class PerformanceRule:
    """One rule of the performance family: ``id``, ``zh`` and ``en`` text."""

    id: str
    zh: str
    en: str


PERFORMANCE_RULES: tuple[PerformanceRule, ...] = (
    PerformanceRule(
        "appraisal.weights", "三级指标分值之和 = 二级指标分值，二级之和 = 一级，一级之和 = 总分",
        "the weights of the indicator table roll up exactly: 三级 to 二级, 二级 to 一级, "
        "一级 to the total (100)"),
    PerformanceRule(
        "appraisal.score_cap", "指标评价得分 ≤ 指标分值",
        "each indicator score stated in the analysis is at most the weight of the "
        "indicators it scores"),
    PerformanceRule(
        "appraisal.scores", "各指标得分之和 = 总体评分",
        "the indicator scores add up to the stated overall score"),
    PerformanceRule(
        "appraisal.grade", "评价结论（等级）与评分标准相符",
        "the stated grade (优/良/中/差) is the band of the stated scale that holds the "
        "overall score"),
    PerformanceRule(
        "appraisal.restated", "正文与报告中复述的分值、评分、等级、资金与其来源一致",
        "figures restated elsewhere agree with their source: the weights and indicator "
        "counts the prose gives per 一级 indicator, the score, grade and funds the main "
        "text restates from the attachment"),
    PerformanceRule(
        "appraisal.product", "人数 × 人均金额 = 资金",
        "a count of people times the amount per person is the funds stated"),
    PerformanceRule(
        "appraisal.split", "按比例分担：部分 = 总额 × 份额（如省、市、县 5:3:2）",
        "a level's part is the whole times its share of the stated ratio (5:3:2 between "
        "province, city and county)"),
    PerformanceRule(
        "appraisal.difference", "计划 − 实际 = 差额（人数、结余资金）",
        "a stated difference is the difference of its terms: planned − actual people, "
        "budget − actual funds (结余)"),
    PerformanceRule(
        "appraisal.rate", "完成率、执行率 = 实际 / 计划",
        "a completion or execution rate is actual / planned, to the digits printed "
        "(105% stands for [104.5%, 105.5%])"),
    PerformanceRule(
        "appraisal.tables", "正文中的绩效资金与决算表一致",
        "funds the main text gives for the performance evaluation of the whole "
        "department agree with the tables (公开01表 本年支出合计, 公开05表 合计)"),
    PerformanceRule(
        "appraisal.self_evaluation", "绩效自评：各等级项目数之和 = 自评项目数；平均得分在所评等级的分数段内",
        "the self-evaluation the main text summarises adds up: the projects by grade make "
        "the projects evaluated, and the average score lies in the bands of the grades "
        "given"),
    PerformanceRule(
        "appraisal.target_funds", "绩效目标表：项目资金总额 = 财政资金 + 其他资金；"
        "年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金",
        "in a 财政项目支出绩效目标填报表 the funds of a project add up: 项目资金总额 = "
        "财政资金 + 其他资金, 年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金"),
    PerformanceRule(
        "appraisal.target_spending", "绩效目标项目的资金与文件中的项目支出一致",
        "the projects of the 绩效目标 tables agree with the project spending the document "
        "prints: their sum against the stated total of the projects with targets, at "
        "most the 项目支出 of the expenditure table, and their number against the stated "
        "count"),
)

PERFORMANCE_RULES_BY_ID: MappingProxyType[str, PerformanceRule] = MappingProxyType(
    {r.id: r for r in PERFORMANCE_RULES})
