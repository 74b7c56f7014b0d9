"""The English of messages: numbers agree with their nouns, a tolerance is named for
what it is, and a line is said once."""

from __future__ import annotations

import pytest

from gfs_ledger import Ledger, Tolerance, read_report, sample_ledger
from gfs_ledger.cli import main
from gfs_ledger.output import audit_text, verdict

ONE = "科目编码,科目名称,合计\n201,一般公共服务支出,5.00\n20101,人大事务,1.00\n"


def test_one_child_and_one_part_are_singular() -> None:
    ledger = Ledger.from_rows([("201", "一般公共服务支出", ["5.00"]), ("20101", "人大事务", ["1.00"])],
                              columns=["合计"])
    assert ledger.check().violations[0].message == (
        "201 一般公共服务支出, 合计: printed 5.00, its 1 child sums to 1.00 "
        "(difference 4.00, allowed ±0.010 — violated)")
    two = ledger.with_account("20102", "政协事务", ["2.00"])
    assert "its 2 children sum to 3.00" in two.check().violations[0].message
    rows = Ledger.from_rows([("201", "一般公共服务支出", ["5.00", "1.00"])],
                            columns=["合计", "基本支出"])
    assert "its 1 part sums to 1.00" in rows.check().violations[0].message
    assert repr(Ledger.from_rows([("201", "一般公共服务支出", ["5.00"])], columns=["合计"])) == (
        "<Ledger: 1 account × 1 column (合计)>")


def test_the_command_says_one_account_and_one_column(
    tmp_path: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    table = Path(str(tmp_path)) / "t.csv"
    table.write_text("科目编码,科目名称,合计\n201,一般公共服务支出,5.00\n", encoding="utf-8")
    assert main(["check", str(table)]) == 0
    assert f"{table}: 1 account × 1 column, tolerance rounding" in capsys.readouterr().out


def test_an_absolute_tolerance_is_not_called_rounding() -> None:
    audit = sample_ledger().check(Tolerance.parse("5"))
    finding = audit.rounding[0]
    assert finding.message == (
        "20113 商贸事务, 本年支出合计: printed 750.05, its 3 children sum to 750.06 "
        "(difference -0.01, allowed ±5.00 by the absolute tolerance)")
    assert verdict(audit) == "OK: no violations; 4 differences within the absolute tolerance."
    assert "尾数误差" not in audit_text(audit)
    # the same figures under the default policy are 尾数误差
    assert verdict(sample_ledger().check()).endswith("4 differences within rounding (尾数误差).")
    assert "allowed ±0.020 by rounding" in sample_ledger().check().rounding[0].message


def test_the_tolerance_is_named_in_cross_and_prose_findings_too() -> None:
    audit = read_report().audit(Tolerance.parse("5.00"))
    cross = [f for f in audit.rounding if f.rule == "cross"]
    prose = [f for f in audit.rounding if f.rule == "narrative"]
    assert cross and all("by the absolute tolerance" in f.message for f in cross)
    assert prose and all("within the absolute tolerance (±" in f.message for f in prose)
    assert not any("rounding" in f.message for f in audit.rounding)


def test_a_claim_of_the_prose_names_its_line_once() -> None:
    text = audit_text(read_report().audit())
    line = next(t for t in text.splitlines() if "“完成年初预算的224.27%”" in t)
    assert line.startswith("  [公开05表] line 491 “完成年初预算的224.27%”")
    assert line.count("491") == 1
    hierarchy = next(t for t in text.splitlines() if "20113 商贸事务, 本年收入合计" in t)
    assert hierarchy.startswith("  [公开02表, line ")


def test_the_page_legend_names_the_tolerance_too() -> None:
    from gfs_ledger.html import audit_html

    ledger = sample_ledger()
    absolute = audit_html(ledger.check(Tolerance.parse("5")), ledgers=[("公开03表", ledger)]).markup
    assert "within the absolute tolerance" in absolute and "尾数误差" not in absolute
    rounding = audit_html(ledger.check(), ledgers=[("公开03表", ledger)]).markup
    assert "within rounding (尾数误差)" in rounding
