"""A 部门预算 in the national template, laid out as a PDF by the tests: every table is
found, read and checked against the budget catalog."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import Outcome, read_report
from pdfs import text_as_pdf

pytest.importorskip("pypdfium2", reason="reading PDFs needs pypdfium2 (the pdf extra)")

# 201 一般公共服务支出 100.00 = 20103 政府办公厅 (100.00 = 行政运行 80.00 + 一般行政管理事务
# 20.00); 208 社会保障和就业支出 20.50 = 20805 (机关事业单位基本养老保险缴费 20.50).
# 基本支出 80.00 + 20.50 = 100.50 = 人员经费 90.50 + 公用经费 10.00; 项目支出 20.00.
BUDGET = """某市某局2024年部门预算

部门收支总表
单位：万元
收入\t\t支出\t
项目\t预算数\t项目\t预算数
一、一般公共预算拨款收入\t120.50\t一、一般公共服务支出\t100.00
二、政府性基金预算拨款收入\t\t二、社会保障和就业支出\t20.50
本年收入合计\t120.50\t本年支出合计\t120.50
收入总计\t120.50\t支出总计\t120.50

部门收入总表
单位：万元
科目编码\t科目名称\t合计\t上年结转\t一般公共预算拨款收入\t事业收入
\t合计\t120.50\t\t120.50\t
201\t一般公共服务支出\t100.00\t\t100.00\t
20103\t政府办公厅（室）及相关机构事务\t100.00\t\t100.00\t
2010301\t行政运行\t80.00\t\t80.00\t
2010302\t一般行政管理事务\t20.00\t\t20.00\t
208\t社会保障和就业支出\t20.50\t\t20.50\t
20805\t行政事业单位养老支出\t20.50\t\t20.50\t
2080505\t机关事业单位基本养老保险缴费支出\t20.50\t\t20.50\t

部门支出总表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t120.50\t100.50\t20.00
201\t一般公共服务支出\t100.00\t80.00\t20.00
20103\t政府办公厅（室）及相关机构事务\t100.00\t80.00\t20.00
2010301\t行政运行\t80.00\t80.00\t
2010302\t一般行政管理事务\t20.00\t\t20.00
208\t社会保障和就业支出\t20.50\t20.50\t
20805\t行政事业单位养老支出\t20.50\t20.50\t
2080505\t机关事业单位基本养老保险缴费支出\t20.50\t20.50\t

财政拨款收支总表
单位：万元
收入\t\t支出\t\t\t\t
项目\t预算数\t项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算
一、一般公共预算拨款\t120.50\t一、一般公共服务支出\t100.00\t100.00\t\t
二、政府性基金预算拨款\t\t二、社会保障和就业支出\t20.50\t20.50\t\t
收入总计\t120.50\t支出总计\t120.50\t120.50\t\t

一般公共预算支出表
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
\t合计\t120.50\t100.50\t20.00
201\t一般公共服务支出\t100.00\t80.00\t20.00
20103\t政府办公厅（室）及相关机构事务\t100.00\t80.00\t20.00
2010301\t行政运行\t80.00\t80.00\t
2010302\t一般行政管理事务\t20.00\t\t20.00
208\t社会保障和就业支出\t20.50\t20.50\t
20805\t行政事业单位养老支出\t20.50\t20.50\t
2080505\t机关事业单位基本养老保险缴费支出\t20.50\t20.50\t

一般公共预算基本支出表
单位：万元
科目编码\t科目名称\t合计\t人员经费\t公用经费
\t合计\t100.50\t90.50\t10.00
301\t工资福利支出\t90.50\t90.50\t
30101\t基本工资\t70.00\t70.00\t
30108\t机关事业单位基本养老保险缴费\t20.50\t20.50\t
302\t商品和服务支出\t10.00\t\t10.00
30201\t办公费\t10.00\t\t10.00

一般公共预算“三公”经费支出表
单位：万元
合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费
\t\t小计\t公务用车购置费\t公务用车运行费\t
3.00\t\t2.00\t\t2.00\t1.00

政府性基金预算支出表
单位：万元
科目编码\t科目名称\t合计
本表无数据

国有资本经营预算支出表
单位：万元
科目编码\t科目名称\t合计
本表无数据

第三部分 部门预算情况说明
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return read_report(text_as_pdf(BUDGET, tmp_path_factory.mktemp("pdf") / "budget.pdf"))


def test_every_table_of_the_national_budget_template_is_read(report) -> None:  # type: ignore[no-untyped-def]
    assert (report.layout, report.kind, report.year) == ("national-budget", "预算", 2024)
    assert {k: t.status.value for k, t in report.tables.items()} == {
        "收支总表": "read", "收入总表": "read", "支出总表": "read", "财政拨款收支总表": "read",
        "一般公共预算支出表": "read", "一般公共预算基本支出表": "read", "三公经费支出表": "read",
        "政府性基金预算支出表": "empty", "国有资本经营预算支出表": "empty"}
    income = report.tables["收入总表"].ledger
    assert income.value("2010302", "一般公共预算拨款收入") == Decimal("20.00")
    assert income.value("2010302", "上年结转") is None
    three = report.tables["三公经费支出表"].items[0]
    assert (three["合计"], three["公务用车运行维护费"], three["公务接待费"]) == (
        Decimal("3.00"), Decimal("2.00"), Decimal("1.00"))
    assert report.diagnostics == ()


def test_the_budget_catalog_checks_it(report) -> None:  # type: ignore[no-untyped-def]
    audit = report.audit(prose=False)
    assert audit.ok and not audit.violations
    cross = {f.rule_id: f.outcome for f in audit.findings if f.rule == "cross"}
    for rule in ("B.balance", "B.expenditure", "B.class", "B.income-table",
                 "B.expenditure-table", "B.appropriation.balance", "B.appropriation.class",
                 "B.basic", "B.three-public", "B.vehicles"):
        # e.g. B.basic: 一般公共预算支出表 基本支出 100.50 = 基本支出表 合计 100.50
        assert cross[rule] is Outcome.EXACT, rule
