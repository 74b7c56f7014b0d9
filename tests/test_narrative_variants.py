"""Prose as other departments write it: each variant of a sample sentence is found,
resolved to the right table figure and judged right."""

from decimal import Decimal

import pytest

from gfs_ledger import Outcome, read_report
from gfs_ledger.narrative import check_claims
from gfs_ledger.samples import sample_text


def _with_line(old_start: str, new: str) -> list:
    """The narrative findings of the sample with the prose line starting ``old_start``
    replaced by ``new`` (which keeps its line number)."""
    lines = sample_text().split("\n")
    [at] = [k for k, line in enumerate(lines) if line.startswith(old_start) and k > 430]
    lines[at] = new
    findings = check_claims(read_report("\n".join(lines))).findings
    return [f for f in findings if f.line == at + 1]


def _outcomes(findings: list) -> list[tuple[str, str, str]]:
    return [(f.rule_id.removeprefix("narrative."), str(f.reported), f.outcome.value)
            for f in findings]


def test_a_figure_of_the_year_before_is_not_checked_against_this_years_table():
    found = _with_line("2023年机关运行经费支出59.63万元",
                       "2023年机关运行经费支出59.63万元，2022年机关运行经费支出84.04万元，"
                       "减少24.41万元，下降29.05%。")
    assert _outcomes(found) == [
        ("amount", "59.63", "exact"), ("amount", "84.04", "unverifiable"),
        ("change", "-29.05", "exact")]
    assert "a figure of 2022; the tables print 2023's" in found[1].message
    [total] = _with_line("2023年度收入总计", "2022年度收入总计10,801.74万元。")
    assert total.outcome is Outcome.UNVERIFIABLE


@pytest.mark.parametrize("sentence", [
    "2023年机关运行经费预算60.00万元，支出59.63万元。",
    "2023年度“三公”经费财政拨款支出预算为5万元。",
])
def test_a_budget_is_not_checked_against_the_actual(sentence):
    found = _with_line("2023年机关运行经费支出59.63万元", sentence)
    assert found[0].outcome is Outcome.UNVERIFIABLE


def test_a_share_in_part_six_is_of_the_basic_expenditure():
    [amount, share] = _with_line("人员经费832.50万元", "人员经费832.50万元，占比92.90%；")
    assert amount.outcome is Outcome.EXACT
    assert share.outcome is Outcome.EXACT  # 832.50 / 896.13 = 92.899…%
    assert "公开05表 合计·基本支出 896.13" in share.message
    [_, named] = _with_line("人员经费832.50万元", "人员经费832.50万元，占基本支出的92.90%；")
    assert "公开05表 合计·基本支出 896.13" in named.message


def test_a_change_is_measured_from_the_actual_not_the_budget():
    found = _with_line("1、一般公共服务支出年初预算",
                       "1、商贸事务（款）年初预算为593.79万元，支出决算为750.05万元，"
                       "较上年减少110.14万元，下降12.80%。")
    change = next(f for f in found if f.rule_id == "narrative.change")
    assert change.outcome is Outcome.EXACT  # 110.14 / (750.05 + 110.14) = 12.804…%
    assert "750.05 + 110.14 = 860.19" in change.message


def test_an_explanation_after_a_breakdown_is_not_one_of_its_parts():
    lines = sample_text().split("\n")
    at = lines.index("对附属单位补助支出0万元，占比0%。")
    lines.insert(at + 1, "项目支出主要用于消费券补贴资金300.00万元等。")
    findings = check_claims(read_report("\n".join(lines))).findings
    [breakdown] = [f for f in findings if f.rule_id == "narrative.sum" and f.line == 458]
    assert breakdown.outcome is Outcome.EXACT and breakdown.computed == Decimal("1776.55")


def test_shares_given_respectively():
    found = _with_line("基本支出896.13万元",
                       "基本支出896.13万元、项目支出880.42万元，分别占50.44%和49.56%；")
    assert _outcomes(found) == [
        ("amount", "896.13", "exact"), ("amount", "880.42", "exact"),
        ("share", "50.44", "exact"), ("share", "49.56", "exact")]


def test_full_width_digits_and_percent_signs():
    [amount, share] = _with_line("一般公共服务支出(类)", "一般公共服务支出(类)７５１．０１万元，占比４２．２７％；")
    assert (amount.reported, amount.outcome) == (Decimal("751.01"), Outcome.EXACT)
    assert (share.reported, share.outcome) == (Decimal("42.27"), Outcome.EXACT)
    [_, wrong] = _with_line("一般公共服务支出(类)", "一般公共服务支出(类)751.01万元，占比24.27％；")
    assert wrong.outcome is Outcome.VIOLATED


@pytest.mark.parametrize("change", [
    "较2022年决算减少110.14万元，同比下降12.79%",
    "较2022年决算减少110.14万元（下降12.79%）",
    "较2022年决算减少110.14万元，降低12.79%",
    "较2022年决算减少1,101,400元，下降12.79%",
])
def test_changes_stated_in_other_words(change):
    found = _with_line("1、一般公共服务支出年初预算",
                       f"1、一般公共服务支出年初预算593.79万元，支出决算751.01万元，"
                       f"完成年初预算的126.48%。{change}，主要原因是本年没有补发工资。")
    [rate] = [f for f in found if f.rule_id == "narrative.change"]
    assert (rate.reported, rate.outcome) == (Decimal("-12.79"), Outcome.EXACT)


@pytest.mark.parametrize(("words", "kind"), [
    ("为年初预算的126.48%", "completion"),
    ("占50.44%", "share"),
])
def test_rates_stated_in_other_words(words, kind):
    if kind == "completion":
        found = _with_line("1、一般公共服务支出年初预算",
                           f"1、一般公共服务支出年初预算593.79万元，支出决算751.01万元，{words}。")
    else:
        found = _with_line("基本支出896.13万元", f"基本支出896.13万元，{words}；")
    [rate] = [f for f in found if f.rule_id == f"narrative.{kind}"]
    assert rate.outcome is Outcome.EXACT
