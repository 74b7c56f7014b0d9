"""A whole report: JSON out and back without loss, figure records, text and HTML display."""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

from gfs_ledger import NOT_APPLICABLE, Report, read_report
from gfs_ledger.html import report_html
from gfs_ledger.io.records import FIGURE_FIELDS
from gfs_ledger.samples import sample_text
from gfs_ledger.tables.registry import REGISTRY, Shape

sys.path.insert(0, str(Path(__file__).parent))
from pages import expected_cells, flagged_cells


def _figures(report: Report) -> list[tuple[object, ...]]:
    """Every figure as text, so that 832.5 and 832.50 differ (as Decimals they are equal)."""
    return [(*(r[k] for k in FIGURE_FIELDS if k != "value"), str(r["value"]))
            for r in report.to_records()]


def _same(again: Report, report: Report) -> None:
    assert (again.department, again.year, again.unit, again.kind, again.source) == (
        report.department, report.year, report.unit, report.kind, report.source)
    assert again.tables == report.tables
    assert list(again.tables) == list(report.tables)
    assert again.prose == report.prose
    assert again.reader_diagnostics == report.reader_diagnostics
    assert again.diagnostics == report.diagnostics
    assert _figures(again) == _figures(report)
    for table_id, table in report.tables.items():
        other = again.tables[table_id]
        assert other.layout is REGISTRY[table_id] or other.layout == table.layout
        if table.ledger is not None:
            assert other.ledger is not None
            assert other.ledger.diagnostics == table.ledger.diagnostics
            assert [other.ledger.line_of(c) for c in other.ledger.codes] == [
                table.ledger.line_of(c) for c in table.ledger.codes]
            assert [a.printed for a in other.ledger] == [a.printed for a in table.ledger]
    assert [f.to_dict() for f in again.audit().findings] == [
        f.to_dict() for f in report.audit().findings]


def test_sample_report_json_round_trip_keeps_everything() -> None:
    report = read_report()
    text = report.to_json()
    again = Report.from_json(text)
    _same(again, report)
    assert again.to_json() == text
    assert Report.from_json(report.to_json(indent=None)).to_json() == text


def test_report_json_is_a_superset_of_to_dict_with_strings_for_amounts() -> None:
    report = read_report()
    data = json.loads(report.to_json())
    summary = report.to_dict()
    assert data["type"] == "report"
    assert {k: data[k] for k in summary if k != "tables"} == {
        k: v for k, v in summary.items() if k != "tables"}
    assert {i: {"title": t["title"], "status": t["status"]} for i, t in data["tables"].items()} \
        == summary["tables"]
    t03 = data["tables"]["公开03表"]
    assert t03["ledger"]["accounts"][1]["values"][:2] == ["750.05", "735.82"]
    assert t03["layout"] == "公开03表" and t03["line"] == report.tables["公开03表"].line
    t01 = data["tables"]["公开01表"]
    assert t01["ledger"] is None and len(t01["items"]) == 42
    assert data["tables"]["公开06表"]["items"][0]["figures"] == ["832.50"]
    assert data["prose"][0] == [442, "一、收入支出决算总体情况说明"]


def test_precision_diagnostics_and_dashes_survive() -> None:
    text = sample_text().replace("30102\t津贴补贴\t136.86", "30102\t津贴补贴\t13o.86")
    text = text.replace("人员经费合计\t\t832.50", "人员经费合计\t\t832.5")
    report = read_report(text)
    assert report.diagnostics and str(report.tables["公开06表"].value("人员经费合计")) == "832.5"
    again = Report.from_json(report.to_json())
    _same(again, report)
    assert str(again.tables["公开06表"].value("人员经费合计")) == "832.5"
    assert [d.kind for d in again.diagnostics] == ["invalid_amount"]


def test_missing_tables_unregistered_layouts_and_not_applicable_cells() -> None:
    report = read_report()
    t01 = report.tables["公开01表"]
    item = attrs.evolve(t01.items[0], figures=(NOT_APPLICABLE,))
    layout = attrs.evolve(REGISTRY["公开01表"], title="收入支出决算总表（自编）", shape=Shape.SUMMARY)
    odd = attrs.evolve(t01, items=(item, *t01.items[1:]), layout=layout)
    tables = {**{k: v for k, v in report.tables.items() if k != "公开09表"}, "公开01表": odd}
    changed = attrs.evolve(report, tables=tables)
    data = json.loads(changed.to_json())
    assert data["tables"]["公开09表"] == {"title": REGISTRY["公开09表"].title, "status": "missing"}
    assert data["tables"]["公开01表"]["layout"]["title"] == "收入支出决算总表（自编）"
    assert data["tables"]["公开01表"]["items"][0]["figures"] == ["——"]
    again = Report.from_json(changed.to_json())
    _same(again, changed)
    assert again.status("公开09表").value == "missing"
    assert again.tables["公开01表"].items[0].value is NOT_APPLICABLE


def test_bad_report_json_is_refused() -> None:
    with pytest.raises(ValueError, match="not a report"):
        Report.from_json('{"type": "ledger", "tables": {}}')
    with pytest.raises(ValueError, match="is an object"):
        Report.from_json("[]")
    data = json.loads(read_report().to_json())
    data["tables"]["公开01表"]["items"][0]["figures"] = ["1.00", "2.00"]
    with pytest.raises(ValueError, match="2 figures for 1 column"):
        Report.from_json(json.dumps(data))
    data = json.loads(read_report().to_json())
    data["tables"]["公开01表"]["items"][0]["figures"] = [1776.55]
    with pytest.raises(ValueError, match="amounts are strings"):
        Report.from_json(json.dumps(data))


def test_figure_records_cover_every_printed_cell() -> None:
    report = read_report()
    records = report.to_records()
    assert all(list(r) == list(FIGURE_FIELDS) for r in records)
    expected = 0
    for table in report.tables.values():
        if table.empty:
            continue
        if table.ledger is not None:
            rows = sum(a.printed for a in table.ledger) + (table.ledger.total is not None)
            expected += rows * len(table.ledger.columns)
        expected += sum(len(i.columns) for i in table.items)
    assert len(records) == expected
    by_key = {(r["table"], r["code"], r["column"]): r["value"] for r in records if r["code"]}
    assert by_key["公开03表", "20113", "本年支出合计"] == Decimal("750.05")
    assert by_key["公开06表", "303", "决算数"] == Decimal("340.54")
    assert by_key["公开01表", "216", "金额"] == Decimal("866.19")
    assert not any(r["table"] in ("公开07表", "公开08表", "公开09表") for r in records)
    income = [r["value"] for r in records
              if r["table"] == "公开01表" and r["section"] == "收入" and r["name"] == "本年收入合计"]
    assert income == [Decimal("1776.55")]


def test_repr_and_str() -> None:
    report = read_report()
    assert repr(report) == "<Report 阳泉市商务局 2023 决算 (万元): 10 tables, 3 empty>"
    lines = str(report).splitlines()
    assert lines[0] == ("阳泉市商务局 2023 决算, 金额单位 万元 "
                        "(yangquan-commerce-2023-final-accounts.txt)")
    assert "  公开03表 支出决算表: 25 accounts × 6 columns" in lines
    assert "  公开06表 一般公共预算财政拨款基本支出决算明细表: 109 accounts × 1 column and 2 rows" \
        in lines
    assert "  公开08表 国有资本经营预算财政拨款支出决算表: empty (本表无数据)" in lines
    assert lines[-1] == "情况说明: 69 lines"
    shorter = attrs.evolve(report, tables={k: v for k, v in report.tables.items()
                                           if k != "公开10表"})
    assert "  公开10表 部门决算公开相关信息统计表: missing" in str(shorter).splitlines()


def test_repr_html_summary_first_every_flagged_cell_and_cross_findings() -> None:
    report = read_report()
    markup = report._repr_html_()
    assert markup.startswith('<div class="gfs"><style>')
    order = [markup.index(s) for s in ('data-identity="department">阳泉市商务局<',
                                       'data-identity="year">2023<', "gfs-summary",
                                       'data-table="公开02表"', 'data-table="公开06表"',
                                       "gfs-findings")]
    assert order == sorted(order)
    cells = flagged_cells(markup)
    assert cells == expected_cells(report)
    assert cells["公开06表"] == {("rounding", "303", "决算数", "340.54", "340.55")}
    assert ("rounding", "20113", "本年支出合计", "750.05", "750.06") in cells["公开03表"]
    assert {(c[1], c[2]) for c in cells["公开05表"]} == {
        ("20113", "小计"), ("216", "小计"), ("20113", "基本支出"), ("216", "项目支出")}
    [cross] = re.findall(r'<tr class="gfs-finding gfs-rounding"[^>]*><td>公开05表/公开06表</td>'
                         r'(.*?)</tr>', markup)
    assert "<td class=\"gfs-num\">896.13</td><td class=\"gfs-num\">896.12</td>" in cross
    assert "表 tables" in markup and "empty: 公开07表, 公开08表, 公开09表" in markup


MUTATIONS = {
    "2011303 in 03": ("2011303\t机关服务\t42.84\t42.84\t\t\t\t\n",
                      "2011303\t机关服务\t52.84\t52.84\t\t\t\t\n",
                      ("公开03表", ("violated", "20113", "本年支出合计", "750.05", "760.06"))),
    "216 in 05": ("216\t商业服务业等支出\t866.19\t\t866.19\n",
                  "216\t商业服务业等支出\t876.19\t\t876.19\n",
                  ("公开05表", ("violated", "合计", "小计", "1,776.55", "1,786.55"))),
    "30101 in 06": ("30101\t基本工资\t146.88", "30101\t基本工资\t156.88",
                    ("公开06表", ("violated", "301", "决算数", "491.96", "501.96"))),
}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
def test_repr_html_of_a_report_with_violations(mutation: str) -> None:
    old, new, (table, cell) = MUTATIONS[mutation]
    text = sample_text()
    assert text.count(old) == 1
    report = read_report(text.replace(old, new))
    markup = report_html(report).markup
    cells = flagged_cells(markup)
    assert cells == expected_cells(report)
    assert cell in cells[table]
    assert "gfs-verdict-failed" in markup
