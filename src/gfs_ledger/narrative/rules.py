"""The kinds of claim of the prose, as data: the id of their findings
(``narrative.<kind>``) with a Chinese and an English description; ``gfs-ledger rules``
lists them.

>>> NARRATIVE_RULES_BY_ID["narrative.direction"].zh
'决算数大于/小于/等于预算数、比上年增加/减少/持平的表述与两个数相符'
"""

from __future__ import annotations

from types import MappingProxyType

from gfs_ledger.performance.rules import PerformanceRule

NarrativeRule = PerformanceRule
"""One kind of claim of the prose: ``id``, ``zh`` and ``en`` text (the shape of the
performance family's rules)."""


NARRATIVE_RULES: tuple[NarrativeRule, ...] = (
    NarrativeRule("narrative.amount", "情况说明中的金额与表中数一致",
                  "an amount of the prose is the table figure it restates"),
    NarrativeRule("narrative.share", "占比 = 部分 / 总体",
                  "a share is the part over the whole, from the tables"),
    NarrativeRule("narrative.completion", "完成预算的百分比 = 决算 / 句中所述预算",
                  "a completion rate is the actual over the budget the sentence states"),
    NarrativeRule("narrative.change", "增减额与增减率相符（上年数由本年数减增减额得出）",
                  "a change's amount and rate agree, the year before being implied"),
    NarrativeRule("narrative.count", "车辆、设备等数量与表中数一致",
                  "a count (vehicles, equipment) is the one the table prints, exactly"),
    NarrativeRule("narrative.sum", "其中所列各项之和 = 总数",
                  "the parts a breakdown lists add up to the total it splits"),
    NarrativeRule("narrative.item", "分项（类/款/项）说明中的金额与表中该项级科目一致（元、万元换算）",
                  "a figure an item-by-item sentence states for a 项 (headline, 预算安排, "
                  "支出决算) is the table's figure for that code, converted between 元 and 万元"),
    NarrativeRule("narrative.restated",
                  "同一金额的重复表述一致（标题数 = 预算安排数；逐笔合计不超过前述支出数，元、万元换算）",
                  "the same figure stated twice agrees: an item's headline and its 预算安排; "
                  "the payments described for an expense do not exceed it (元 or 万元)"),
    NarrativeRule("narrative.rate", "增减率、完成率与句中两个数相符；上年为0时无法核对",
                  "a stated rate agrees with the two figures of the sentence (执行数 → 安排, "
                  "预算 → 决算); with a base of zero it is unverifiable"),
    NarrativeRule("narrative.direction",
                  "决算数大于/小于/等于预算数、比上年增加/减少/持平的表述与两个数相符",
                  "a direction word (大于, 小于, 等于, 持平, 基本持平, 增加, 减少) agrees with the "
                  "two figures it compares"),
    NarrativeRule("narrative.name", "说明中科目名称与表中该编码的名称一致",
                  "a 类, 款 or 项 named in the prose carries the name the tables print for "
                  "its code"),
    NarrativeRule("narrative.year", "标题、截至日期、比较年度与封面年度相符",
                  "a year in a heading, a closing date (截至…12月31日) or a comparison "
                  "(比YYYY年) is the document's year, or the year before"),
    NarrativeRule("narrative.events", "接待批次与所述支付笔数相符（有支付则至少一批次）",
                  "a number of 批次 allows the payments described for the expense (两笔…: "
                  "at least one 批次)"),
    NarrativeRule("narrative.placeholder", "不得保留模板占位符（XX局、XXX万元、202 年度）",
                  "no placeholder is left from the template (XX局, XXX万元, XX%, 202 年度)"),
)

NARRATIVE_RULES_BY_ID = MappingProxyType({r.id: r for r in NARRATIVE_RULES})
