"""Garbled lines, truncated input and the command line."""

import json
from decimal import Decimal

import pytest

from gfs_ledger import ReadError, Severity, read_report
from gfs_ledger.amounts import Unit
from gfs_ledger.cli import main
from gfs_ledger.samples import sample_text
from gfs_ledger.tables.model import Status


def _diagnostics(text: str):
    return [(d.kind, d.line, d.table) for d in read_report(text).diagnostics]


def test_a_code_with_no_figures_is_reported_with_its_line():
    text = sample_text().replace("2011303\t机关服务\t42.84\t42.84\t\t\t\t\n", "2011303\t机关服务\n")
    assert _diagnostics(text) == [("no_figures", 188, "公开03表")]
    audit = read_report(text).audit()
    assert not audit.ok and "line 188" in str(audit.errors[0])


def test_a_figure_that_is_not_a_number_is_reported_with_its_line_and_column():
    text = sample_text().replace("30102\t津贴补贴\t136.86", "30102\t津贴补贴\t13o.86")
    report = read_report(text)
    [diagnostic] = report.diagnostics
    assert (diagnostic.kind, diagnostic.line, diagnostic.table) == ("invalid_amount", 318, "公开06表")
    assert "13o.86" in diagnostic.message


def test_an_unreadable_line_inside_a_table_is_reported():
    text = sample_text().replace("20132\t组织事务\t0.96\t0.96\t\t\t\t\n", "组织事务 0.96 0.96\n", 1)
    assert _diagnostics(text) == [("unread_line", 190, "公开03表"), ("missing_parent", 191, "公开03表")]


def test_truncated_input_is_a_clear_error():
    text = sample_text()
    cut = text[: text.index("2011399\t其他商贸事务支出\t14.23\t\t14.23")]
    with pytest.raises(ReadError, match=r"line 188: the text ends inside 公开03表"):
        read_report(cut)
    with pytest.raises(ReadError, match="no table marker"):
        read_report(text[:500])


def test_cli_sample_text_and_json(capsys):
    assert main(["check"]) == 1  # the prose's 980元 of 公务接待费, not in 公开09表
    out = capsys.readouterr().out
    assert "阳泉市商务局, 2023 决算" in out and "公开09表 财政拨款“三公”经费支出决算表 (empty)" in out
    assert "896.13" in out and "832.50 + 63.62" in out
    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["report"]["tables"]["公开07表"] == {
        "title": "政府性基金预算财政拨款收入支出决算表", "status": "empty"}
    assert {f["table"] for f in data["findings"]} >= {"公开03表", "公开05表/公开06表"}
    assert main(["check", "--strict"]) == 1


def test_cli_files_and_rules(tmp_path, capsys):
    bad = tmp_path / "cut.txt"
    text = sample_text()
    bad.write_text(text[: text.index("2011399\t其他商贸事务支出\t14.23\t\t14.23")], encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    assert "cut.txt, line 188" in capsys.readouterr().err
    wrong = tmp_path / "changed.txt"
    wrong.write_text(text.replace("货物\t2\t0.97", "货物\t2\t0.87"), encoding="utf-8")
    assert main(["check", str(wrong)]) == 1
    assert "10.procurement" in capsys.readouterr().out
    assert main(["rules"]) == 0
    assert "05-06.basic" in capsys.readouterr().out


# ---- units of money


def test_an_unknown_unit_is_a_read_error_naming_the_source_and_line(tmp_path, capsys):
    text = sample_text().replace("单位：万元", "单位：千元")
    with pytest.raises(ReadError) as raised:
        read_report(text)
    assert str(raised.value) == ("<text>, line 89: 公开01表: unknown unit of money '千元': "
                                 "expected 元, 万元 or 亿元")
    assert (raised.value.source, raised.value.line) == ("<text>", 89)
    path = tmp_path / "qian.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert "qian.txt, line 89: 公开01表: unknown unit of money '千元'" in captured.err
    assert "Traceback" not in captured.err


def test_tables_that_disagree_on_the_unit_are_an_error_and_the_majority_wins():
    text = sample_text().replace("金额单位：万元", "金额单位：元", 1)  # 公开01表 alone
    report = read_report(text)
    assert report.unit is Unit.WAN
    assert _diagnostics(text) == [("inconsistent_unit", 89, "公开01表")]
    [diagnostic] = report.diagnostics
    assert diagnostic.severity is Severity.ERROR
    assert "公开01表 (line 89) prints 元, while 9 table(s) print 万元" in diagnostic.message
    assert not report.audit().ok
    first = sample_text().index("金额单位：万元") + len("金额单位：万元")
    text = sample_text()[:first] + sample_text()[first:].replace("单位：万元", "单位：元")
    report = read_report(text)
    assert report.unit is Unit.YUAN and _diagnostics(text) == [("inconsistent_unit", 89, "公开01表")]
    assert "公开01表 (line 89) prints 万元, while 9 table(s) print 元" in report.diagnostics[0].message


# ---- lines before a table's first row


def _lines_with(k: int, new: str, *, replace: bool = False) -> str:
    lines = sample_text().split("\n")
    lines[k - 1: k - 1 + replace] = [new]
    return "\n".join(lines)


@pytest.mark.parametrize("total", ["总计\t\t1,776.55\t896.13\t880.42\t\t\t",
                                   "\t\t1,776.55\t896.13\t880.42\t\t\t"])
def test_a_total_row_with_another_label_is_reported_not_dropped(total):
    assert sample_text().split("\n")[183].startswith("合计\t\t1,776.55")
    text = _lines_with(184, total, replace=True)
    assert _diagnostics(text) == [("unread_line", 184, "公开03表")]
    report = read_report(text)
    assert "figures before the first row of 公开03表 are not read" in report.diagnostics[0].message
    assert not report.audit().ok


def test_a_garbage_line_before_the_total_row_is_reported():
    text = _lines_with(184, "杂项\t1.00")
    assert _diagnostics(text) == [("unread_line", 184, "公开03表")]
    assert read_report(text).tables["公开03表"].ledger.total[0] == Decimal("1776.55")
    assert not read_report(text).audit().ok


@pytest.mark.parametrize("table", [f"公开{n:02d}表" for n in range(1, 11)])
def test_figures_before_the_first_row_are_reported_in_every_shape(table):
    lines = sample_text().split("\n")
    marker = lines.index(table)
    unit = next(k for k in range(marker, len(lines)) if "单位：万元" in lines[k])
    text = _lines_with(unit + 2, "杂项\t\t9.99")  # just after the unit line
    if table == "公开10表":  # label, 行次, 统计数: a row of its own, read, not dropped
        assert _diagnostics(text) == []
        assert read_report(text).tables[table].item("杂项").line == unit + 2
    else:
        assert _diagnostics(text) == [("unread_line", unit + 2, table)]


def test_figures_after_the_closing_note_are_an_error():
    assert sample_text().split("\n")[210].startswith("注：本表反映部门本年度各项支出情况")
    text = _lines_with(212, "杂项\t1.00")
    assert _diagnostics(text) == [("unread_line", 212, "公开03表")]
    assert read_report(text).diagnostics[0].severity is Severity.ERROR


# ---- missing tables


def test_a_missing_table_is_an_error(tmp_path, capsys):
    text = sample_text()
    cut = (text[: text.index("财政拨款收入支出决算总表\n\n公开04表")]
           + text[text.index("一般公共预算财政拨款支出决算表\n\n公开05表"):])
    report = read_report(cut)
    assert _diagnostics(cut) == [("missing_table", None, "公开04表")]
    assert str(report.diagnostics[0]) == "error: 公开04表: 公开04表 财政拨款收入支出决算总表 is not in the text"
    assert not report.audit().ok
    path = tmp_path / "no04.txt"
    path.write_text(cut, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert "  error: 公开04表: 公开04表 财政拨款收入支出决算总表 is not in the text" in out
    # and the sample's own 4 violations of its prose (980元 of 公务接待费)
    assert out[-1] == "FAILED: 4 violated, 1 input errors (tables missing: 公开04表)."


def test_text_cut_after_the_first_table_reports_every_other_table(tmp_path, capsys):
    text = sample_text()
    note = "注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。"
    cut = text[: text.index(note) + len(note)]
    assert _diagnostics(cut) == [("missing_table", None, f"公开{n:02d}表") for n in range(2, 11)]
    assert not read_report(cut).audit().ok
    path = tmp_path / "only01.txt"
    path.write_text(cut, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    missing = ", ".join(f"公开{n:02d}表" for n in range(2, 11))
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"FAILED: 9 input errors (tables missing: {missing}).")


# ---- a table marked 本表无数据 that prints figures


def test_three_public_marked_empty_but_printing_figures_is_read_and_reported():
    lines = sample_text().split("\n")
    assert lines[399] == "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12" and lines[403] == "说明：本表无数据"
    text = _lines_with(401, "1.00\t0\t1.00\t0\t1.00\t0\t0.50\t0\t0.50\t0\t0.40\t0")
    report = read_report(text)
    t09 = report.tables["公开09表"]
    assert t09.status is Status.READ
    assert t09.value("预算数", "合计") == Decimal("1.00")
    assert t09.value("决算数", "公务接待费") == Decimal("0")
    assert _diagnostics(text) == [("empty_with_figures", 405, "公开09表")]
    assert report.diagnostics[0].message == (
        "line 405: 公开09表 is marked 本表无数据 but prints figures (line 401); "
        "the figures are read and checked")
    audit = report.audit()
    assert not audit.ok
    checked = [f for f in audit.findings if f.rule_id == "09.total"]
    assert checked and all(f.outcome.value != "not_applicable" for f in checked)


def test_a_table_marked_empty_with_zeros_only_stays_empty():
    text = _lines_with(401, "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0")
    assert read_report(text).status("公开09表") is Status.EMPTY
    assert _diagnostics(text) == []
