"""Garbled lines, truncated input and the command line."""

import json

import pytest

from gfs_ledger import ReadError, read_report
from gfs_ledger.cli import main
from gfs_ledger.samples import sample_text


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
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "阳泉市商务局, 2023 决算" in out and "公开09表 财政拨款“三公”经费支出决算表 (empty)" in out
    assert "896.13" in out and "832.50 + 63.62" in out
    assert main(["check", "--format", "json"]) == 0
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
