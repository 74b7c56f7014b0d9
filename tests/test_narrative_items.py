"""The prose of real PDFs: wrapped lines joined, item-by-item sentences (per 项), their
directions, names and years, and template placeholders, on the four shared documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gfs_ledger import read_report
from gfs_ledger.cli import main
from gfs_ledger.narrative import check_claims
from gfs_ledger.narrative.paragraphs import join_lines
from gfs_ledger.output import rules_text

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")

from test_pdf_real import JIANGSU, TEMPLATE, WANLI, report
from test_pdf_real import SHANGHAI as SOCIAL


def findings(r, rule_id: str, outcome: str | None = None):  # type: ignore[no-untyped-def]
    return [f for f in check_claims(r).findings
            if f.rule_id == rule_id and (outcome is None or f.outcome.value == outcome)]


def items(r) -> list[str]:  # type: ignore[no-untyped-def]
    """The item sentences read: one 项 name claim each."""
    return [c.subject for c in r.claims() if c.kind.value == "name" and c.relative_to == "项"]


# ---- every item sentence is read ------------------------------------------------------

@pytest.mark.parametrize(("path", "count"), [
    (SOCIAL, 9),     # 1、…（项）。… to 9、 in 五（三）
    (WANLI, 34),     # 1. “…（项）” … to 34.
    (JIANGSU, 10),   # 5 under （一）公共安全（类）, 3 under （二）, 2 under （三）
    (TEMPLATE, 2),   # 教育支出 初中教育 and 高等教育; the XX（类）XX（款）XX（项） ones are placeholders
])
def test_every_item_sentence_is_read(path: Path, count: int) -> None:
    assert len(items(report(path))) == count


def test_the_text_sample_has_no_item_sentence_and_gains_years_and_payments():
    r = read_report()
    assert not [c for c in r.claims() if c.item is not None]
    audit = check_claims(r)
    # 148 claims before the item reader ran on text, + 7 years (5 较2022年决算, 比2022年,
    # 截至2023年12月31日) + 3 payments' amounts (in place of 3 unverifiable 980元 of 合计)
    # + 2 restated + 1 events: 158; rounding 3 + the 2 restated 0万元 for 980元
    assert (len(audit.findings), audit.count("rounding"), audit.count("violated")) == (158, 5, 4)
    assert sum(f.rule_id == "narrative.year" and f.outcome.value == "exact"
               for f in audit.findings) == 7


def test_each_item_of_the_final_accounts_is_checked_against_its_table():
    r = report(SOCIAL)
    checked = {f.line: f for f in findings(r, "narrative.item")}
    # 1、…行政运行（项）… 支出决算为51.32万元: 公开05表 2013601 prints 51.32
    assert checked[330].outcome.value == "exact" and checked[330].computed == Decimal("51.32")
    assert len(checked) == 9 and {f.outcome.value for f in checked.values()} == {"exact"}
    # 决算数小于全年预算数 with 51.32 < 52.00; 持平 with 202.24 = 202.24
    assert {f.outcome.value for f in findings(r, "narrative.direction")} == {"exact"}
    assert len(findings(r, "narrative.direction")) == 9


def test_the_budget_items_convert_the_tables_yuan_to_wan():
    r = report(WANLI)
    first = next(f for f in findings(r, "narrative.item") if f.line == 67)
    # 统计管理 2.63万元 against 26,300 元 = 2.6300万元
    assert first.outcome.value == "exact" and first.computed == Decimal("2.6300")
    # 17.72万元 against 177,240 元 = 17.7240万元: 17.724 prints as 17.72
    rounded = next(f for f in findings(r, "narrative.item") if f.line == 96)
    assert rounded.outcome.value == "rounding"


def test_a_rate_with_no_base_is_unverifiable_with_its_reason():
    r = report(WANLI)
    # 2. 专项普查活动: 2022年当年预算执行数为0万元 … 增加100.00%; 17. likewise from 0 to 0.31
    lines = {f.line: f for f in findings(r, "narrative.rate", "unverifiable")}
    assert sorted(lines) == [70, 108]
    assert "the base is zero" in lines[70].message


# ---- the real defects ---------------------------------------------------------------

def test_wanli_item_16_restates_item_15s_budget():
    r = report(WANLI)
    # “…职业年金缴费支出（项）”220.63万元 … 2023年预算安排441.25万元 (item 15's figure):
    # the table prints 2,206,272 元 = 220.6272万元; 441.25 − 220.6272 is far beyond ±0.00505
    item = [f for f in findings(r, "narrative.item", "violated")]
    assert [(f.line, f.reported, f.computed) for f in item] == [
        (105, Decimal("441.25"), Decimal("220.6272"))]
    restated = findings(r, "narrative.restated", "violated")
    assert [(f.line, f.reported, f.computed) for f in restated] == [
        (105, Decimal("441.25"), Decimal("220.63"))]
    # and its rate 60.54% is item 15's too: 441.25 / 132.59 − 1 = 232.79%
    rate = [f for f in findings(r, "narrative.rate", "violated") if f.line == 105]
    assert rate[0].computed == Decimal("232.7928")


def test_wanli_item_3_rate_is_wrong():
    # 11.67 → 45.41: 45.41 / 11.67 − 1 = 289.1174%, stated 314.82%; the intervals
    # [45.405 / 11.675, 45.415 / 11.665] − 1 = [288.91%, 289.33%] miss [314.815, 314.825]
    rate = [f for f in findings(report(WANLI), "narrative.rate", "violated") if f.line == 72]
    assert rate[0].reported == Decimal("314.82") and rate[0].computed == Decimal("289.1174")


def test_social_work_share_of_housing_is_wrong():
    # 住房保障支出（类）29.42万元，占9.55%: 29.42 / 307.82 = 9.5575%, at least
    # 29.415 / 307.825 = 9.5557%, above 9.555 (the most 9.55 stands for)
    violated = findings(report(SOCIAL), "narrative.share", "violated")
    assert [(f.line, f.computed) for f in violated] == [(323, Decimal("9.5575"))]


def test_jiangsu_names_and_rates():
    r = report(JIANGSU)
    names = findings(r, "narrative.name", "violated")
    # 财政拨款支出表 prints 2080505 机关事业单位基本养老保险缴费支出 and 2080506
    # 机关事业单位职业年金缴费支出; the prose calls them 机关事业单位基本养老保险费 and 机关事业单位职业年金
    assert [f.line for f in names] == [651, 654]
    assert "机关事业单位基本养老保险缴费支出" in names[0].message
    assert "机关事业单位基本养老保险费" in names[0].message
    changes = {f.line: f.computed for f in findings(r, "narrative.change", "violated")}
    # 2214.39 / (24169.74 − 2214.39) = 10.0859%, stated 10.06%
    # 2228.78 / (24169.74 − 2228.78) = 10.1581%, stated 10.15% (lines 620 and 677)
    # 1311.6 / (2354.4 + 1311.6) = 35.7774%, stated 35.77%
    # 368.97 / (1442.74 − 368.97) = 34.3621%, stated 34.38%
    assert changes == {570: Decimal("10.0859"), 620: Decimal("10.1581"),
                       628: Decimal("-35.7774"), 659: Decimal("34.3621"),
                       677: Decimal("10.1581")}
    # the items under （一）公共安全（类） take their 类 from the heading:
    # 检察（款）行政运行（项）支出12,268.62 万元 is 2040401 in 财政拨款支出表
    item = [f for f in findings(r, "narrative.item") if f.line == 624]
    assert item[0].outcome.value == "exact" and "2040401" in item[0].message


def test_the_template_leaves_its_placeholders():
    r = report(TEMPLATE)
    placeholders = findings(r, "narrative.placeholder", "violated")
    assert len(placeholders) == 172
    # the cover's 上海市XX局 is the first, 主要是：XXXXXXXX收入等 in 名词解释 the last
    assert (placeholders[0].line, placeholders[0].reported) == (1, None)
    assert "“XX” is a placeholder" in placeholders[0].message
    assert placeholders[-1].line == 401 and "“XXXXXXXX”" in placeholders[-1].message


def test_years_of_the_real_documents_agree_with_their_covers():
    for path in (SOCIAL, WANLI, JIANGSU):
        years = findings(report(path), "narrative.year")
        assert years and {f.outcome.value for f in years} == {"exact"}


# ---- mutations: each caught by its kind -----------------------------------------------

def mutate(r, line: int, old: str, new: str):  # type: ignore[no-untyped-def]
    prose = tuple((n, t.replace(old, new, 1) if n == line else t) for n, t in r.prose)
    assert prose != r.prose, f"{old!r} not on line {line}"
    return attrs.evolve(r, prose=prose)


@pytest.mark.parametrize(("path", "line", "old", "new", "rule_id", "at"), [
    # a figure: 统计管理 2.63万元 → 2.73万元 (the table prints 26,300 元)
    (WANLI, 67, "”2.63万元", "”2.73万元", "narrative.item", 67),
    # the same figure in its 预算安排 only: the headline still says 2.63
    (WANLI, 68, "预算安排2.63万元", "预算安排2.73万元", "narrative.restated", 68),
    # a rate: 1.48 → 2.63 is 77.70%, not 87.70%
    (WANLI, 68, "77.70 %", "87.70 %", "narrative.rate", 68),
    # a 持平 against a change: 14.00 → 15.00 is no 持平
    (WANLI, 86, "执行数为15.00万", "执行数为14.00万", "narrative.direction", 87),
    # a direction word: 51.32 is not greater than 52.00
    (SOCIAL, 330, "决算数小于全", "决算数大于全", "narrative.direction", 330),
    # a completion rate: 51.32 / 52.00 = 98.69%, not 97.69%
    (SOCIAL, 330, "98.69%", "97.69%", "narrative.rate", 330),
    # a name: 210 called by its pre-2019 name
    (SOCIAL, 350, "6、卫生健康支出", "6、医疗卫生与计划生育支出", "narrative.name", 350),
    # a year: the assets at the close of another year than the cover's
    (SOCIAL, 408, "截至2024年", "截至2023年", "narrative.year", 408),
    # a year of a budget's 预算安排
    (WANLI, 68, "2023年预算安排2.63", "2022年预算安排2.63", "narrative.year", 68),
    # a placeholder
    (SOCIAL, 301, "总计307.82", "总计XXX", "narrative.placeholder", 301),
])
def test_a_mutation_is_caught_by_its_kind(path, line, old, new, rule_id, at):  # type: ignore[no-untyped-def]
    r = report(path)
    before = {(f.line, f.message) for f in findings(r, rule_id, "violated")}
    after = findings(mutate(r, line, old, new), rule_id, "violated")
    caught = [f for f in after if (f.line, f.message) not in before]
    assert caught and caught[0].line == at


def test_a_name_under_its_former_name_shows_both():
    r = mutate(report(SOCIAL), 350, "6、卫生健康支出", "6、医疗卫生与计划生育支出")
    name = next(f for f in findings(r, "narrative.name", "violated") if f.line == 350)
    assert "“卫生健康支出”" in name.message and "“医疗卫生与计划生育支出”" in name.message


# ---- the interval rule on rates --------------------------------------------------------

@pytest.mark.parametrize(("prior", "planned", "rate", "outcome"), [
    # 0.4025 and 0.5175 print as 0.40 and 0.52 and give 28.57%: consistent, by rounding
    ("0.40", "0.52", "28.57", "rounding"),
    # 50.00 → 60.00 is 20% within [59.995 / 50.005, 60.005 / 49.995] − 1 = [19.98%, 20.02%]
    ("50.00", "60.00", "21.00", "violated"),
    ("50.00", "60.00", "20.00", "exact"),
])
def test_a_rate_is_checked_with_intervals(prior, planned, rate, outcome):  # type: ignore[no-untyped-def]
    r = report(WANLI)
    line = (f"1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”{planned}万元，主要用于统计管理。"
            f"2022年当年预算执行数为{prior}万元，2023年预算安排{planned}万元，"
            f"比2022年预算执行数增加{rate}%。")
    prose = tuple((n, line if n == 67 else ("" if n == 68 else t)) for n, t in r.prose)
    found = [f for f in findings(attrs.evolve(r, prose=prose), "narrative.rate") if f.line == 67]
    assert [f.outcome.value for f in found] == [outcome]


# ---- paragraphs, pages, the command line and the catalog ------------------------------

def test_a_figure_cut_across_lines_is_read_whole_on_its_line():
    paragraphs = join_lines([(1, "一、收入支出决算总体情况说明"),
                             (2, "中共上海市普陀区委社会工作部2024年度收入支出总计307.82"),
                             (3, "万元。与 2023 年度相比，收入支出总计增加 307.82 万元，增长"),
                             (4, "100.00%。主要原因：单位于2024年成立。"),
                             (5, "二、收入决算情况说明")])
    assert [p.line for p in paragraphs] == [1, 2, 5]
    assert "307.82万元。" in paragraphs[1].text and paragraphs[1].line_at(paragraphs[1].text.index("100.00%")) == 4
    claim = next(c for c in read_report(SOCIAL).claims() if c.text.startswith("增加 307.82"))
    # 增加 307.82 万元，增长 / 100.00% prints from line 302 on page 17
    assert claim.line == 302 and read_report(SOCIAL).locations[301] == (17, 5)


def test_claims_on_the_command_line_give_pages(capsys):  # type: ignore[no-untyped-def]
    assert main(["claims", str(WANLI)]) == 1
    out = capsys.readouterr().out
    assert "page 7, line 23 “2023年预算安排441.25万元”" in out


def test_the_rules_list_the_claim_kinds():
    listed = rules_text()
    from gfs_ledger.narrative.claims import ClaimKind

    for kind in ClaimKind:  # every kind of claim, the item sentences' and events too
        assert f"narrative.{kind.value}  " in listed


def test_a_code_printed_under_two_names_in_two_tables():
    r = report(SOCIAL)
    assert not findings(r, "narrative.name", "violated")
    table = r.tables["公开03表"]
    ledger = table.ledger
    account = ledger.get("210")
    renamed = ledger.with_account("210", "医疗卫生与计划生育支出",
                                  [account[c] for c in ledger.columns])
    tables = dict(r.tables)
    tables["公开03表"] = attrs.evolve(table, ledger=renamed)
    found = findings(attrs.evolve(r, tables=tables), "narrative.name", "violated")
    assert [f.message for f in found] == [
        "210: 公开02表 prints “卫生健康支出”, 公开03表 prints “医疗卫生与计划生育支出” — the "
        "same code under two names — violated"]


def test_a_note_whose_mark_is_lost_is_no_part_of_a_name():
    # Jiangsu p.16 prints 注：“科目编码”和“科目名称”为必填项。 under 2210202 提租补贴, its 注
    # lost by the text layer: the line is a note, not the rest of the name
    assert report(JIANGSU).tables["财政拨款支出表"].ledger.get("2210202").name == "提租补贴"


def test_vehicles_and_the_kinds_listed_add_up_exactly():
    r = report(JIANGSU)
    # 本部门共有车辆55辆。其中，一般公务用车13辆、执法执勤用车40辆、其他用车2辆: 13 + 40 + 2 = 55
    sums = [f for f in findings(r, "narrative.sum") if f.line == 728]
    assert [(f.outcome.value, f.computed) for f in sums] == [("exact", Decimal("55"))]
    # one vehicle more among the kinds: 13 + 40 + 3 = 56, no rounding for a count
    mutated = mutate(r, 729, "其他用车2辆", "其他用车3辆")
    sums = [f for f in findings(mutated, "narrative.sum") if f.line == 728]
    assert [(f.outcome.value, f.computed) for f in sums] == [("violated", Decimal("56"))]


def test_the_national_wording_resolves_by_the_digits_it_prints():
    # 公共安全支出（204类）司法（06款）行政运行（01项）1200.50万元: the national template prints
    # the two-digit parts; 201 05 06 is 2010506 统计管理 in the Wanli tables (26,300 元)
    r = report(WANLI)
    national = "1. 一般公共服务支出（201类）统计事务（05款）统计管理（06项）2.63万元，主要用于统计管理。"
    mutated = mutate(r, 67, r.prose[[n for n, _ in r.prose].index(67)][1], national)
    item = [f for f in findings(mutated, "narrative.item") if f.line == 67]
    assert [(f.outcome.value, f.computed) for f in item] == [("exact", Decimal("2.6300"))]
    # the 款 is found by its digits, so its name is checked: the table says 统计信息事务
    name = [f for f in findings(mutated, "narrative.name", "violated") if f.line == 67]
    assert len(name) == 1 and "prints 20105 as “统计信息事务”" in name[0].message


@given(st.lists(st.text(alphabet="一二三、，。万元0123456789.（）", min_size=1, max_size=30)
                .filter(lambda t: t.strip() == t and t), min_size=1, max_size=12))
def test_joining_keeps_every_character_on_its_line(texts: list[str]) -> None:
    lines = [(10 + k, t) for k, t in enumerate(texts)]
    paragraphs = join_lines(lines)
    # nothing is lost or added, in order
    assert "".join(p.text for p in paragraphs) == "".join(texts)
    # every character is placed on the line that printed it
    placed = [p.line_at(k) for p in paragraphs for k in range(len(p.text))]
    assert placed == [n for n, t in lines for _ in t]


def test_a_renamed_item_is_told_by_its_figure_and_its_name_is_a_finding():
    # 统计管理 called 统计事务: no name under 20105 is like it, but one 项 of 20105
    # prints 26,300 元 = the stated 2.63万元, so the name claim shows both names
    mutated = mutate(report(WANLI), 67, "统计管理（项）", "统计事务（项）")
    name = [f for f in findings(mutated, "narrative.name", "violated") if f.line == 67]
    assert len(name) == 1 and "prints 2010506 as “统计管理”" in name[0].message
    assert "“统计事务”" in name[0].message


def test_a_budget_is_not_read_against_the_final_accounts_tables():
    # Jiangsu prints 公开10表 as the label of its 政府性基金预算支出表 (published empty): the
    # 决算 targets (公开10表's vehicles) must not read it, so 共有车辆55辆 is unverifiable,
    # not 55 against an empty table's 0
    counts = [f for f in findings(report(JIANGSU), "narrative.count") if f.line == 728]
    assert counts and {f.outcome.value for f in counts} == {"unverifiable"}


def test_the_budget_sentences_find_their_tables():
    found = {f.line: f for f in findings(report(WANLI), "narrative.amount") if f.table}
    # 2023年“三公”经费预算数为22.91万元: the 三公 table prints 22.91 万元 (229,100 元)
    assert found[475].outcome.value == "exact" and found[475].table == "三公经费支出表"
    # 收入预算16497.86万元 against 收支总表 收入总计 164,978,640 元 = 16497.8640万元
    assert found[60].outcome.value == "rounding" and found[60].table == "收支总表"


def test_claims_as_json_carry_pages(capsys):  # type: ignore[no-untyped-def]
    import json

    assert main(["claims", str(SOCIAL), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    share = [f for f in data["findings"] if f["rule_id"] == "narrative.share"
             and f["outcome"] == "violated"]
    assert [(f["page"], f["line"]) for f in share] == [(18, 7)]
