"""The rollup engine's checks on the sample, with hand-computed expectations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import Code, Ledger, Outcome, Tolerance
from gfs_ledger.findings import Audit, Finding
from gfs_ledger.samples import sample_ledger

D = Decimal


def outcomes(audit: Audit, *wanted: str) -> list[tuple[str | None, str | None, str]]:
    return [
        (None if f.code is None else str(f.code), f.column, f.outcome.value)
        for f in audit.findings if f.outcome.value in wanted
    ]


def finding(audit: Audit, code: str | None, column: str, rule: str = "hierarchy") -> Finding:
    wanted = None if code is None else Code(code)
    [found] = [f for f in audit.findings
               if f.code == wanted and f.column == column and f.rule == rule]
    return found


def test_sample_has_no_violation_and_four_rounding_differences() -> None:
    audit = sample_ledger().check()
    assert audit.ok
    assert audit.violations == ()
    assert sorted(outcomes(audit, "rounding")) == [
        ("20113", "基本支出", "rounding"), ("20113", "本年支出合计", "rounding"),
        ("216", "本年支出合计", "rounding"), ("216", "项目支出", "rounding"),
    ]
    assert [(s.rule, s.checks, s.exact, s.rounding, s.violated, s.not_applicable)
            for s in audit.summary()] == [("hierarchy", 84, 27, 4, 0, 53),
                                          ("row", 26, 26, 0, 0, 0)]
    assert len(audit) == 110


def test_hand_computed_rounding_findings() -> None:
    audit = sample_ledger().check()
    # 20113: 692.99 + 42.84 + 14.23 = 750.06 against 750.05; four figures each ±0.005.
    f = finding(audit, "20113", "本年支出合计")
    assert (f.reported, f.computed, f.difference, f.allowed) == (
        D("750.05"), D("750.06"), D("-0.01"), D("0.020"))
    assert f.terms == 3 and f.line == 4 and f.table == "公开03表" and f.name == "商贸事务"
    # 20113 基本支出: 692.99 + 42.84 = 735.83 against 735.82; three figures.
    f = finding(audit, "20113", "基本支出")
    assert (f.computed, f.difference, f.allowed, f.terms) == (D("735.83"), D("-0.01"), D("0.015"), 2)
    # 216: 828.77 + 33.25 + 4.18 = 866.20 against 866.19.
    f = finding(audit, "216", "项目支出")
    assert (f.computed, f.difference, f.allowed) == (D("866.20"), D("-0.01"), D("0.020"))


def test_total_row_and_row_rules() -> None:
    audit = sample_ledger().check()
    f = finding(audit, None, "本年支出合计")
    assert f.name == "合计" and f.outcome is Outcome.EXACT
    assert f.computed == D("751.01") + D("92.27") + D("19.16") + D("866.19") + D("47.92")
    assert f.line is None
    row = finding(audit, None, "本年支出合计", rule="row")
    assert (row.reported, row.computed, row.terms) == (D("1776.55"), D("1776.55"), 2)
    assert row.message == "合计, 本年支出合计: printed 1,776.55, its 2 parts sum to 1,776.55"
    row = finding(audit, "2011399", "本年支出合计", rule="row")
    assert (row.reported, row.computed, row.outcome) == (D("14.23"), D("14.23"), Outcome.EXACT)


def test_blank_columns_are_not_applicable() -> None:
    audit = sample_ledger().check()
    f = finding(audit, "201", "经营支出")
    assert f.outcome is Outcome.NOT_APPLICABLE
    assert (f.reported, f.computed, f.difference, f.allowed) == (None, None, None, None)
    assert f.message == "201 一般公共服务支出, 经营支出: every figure is blank"


def test_exact_tolerance_turns_rounding_into_violations() -> None:
    audit = sample_ledger().check(Tolerance.exact())
    assert not audit.ok
    assert sorted(outcomes(audit, "violated", "rounding")) == [
        ("20113", "基本支出", "violated"), ("20113", "本年支出合计", "violated"),
        ("216", "本年支出合计", "violated"), ("216", "项目支出", "violated"),
    ]
    assert finding(audit, "20113", "基本支出").allowed == D(0)


@pytest.mark.parametrize(
    ("tolerance", "violated"),
    [
        (Tolerance.rounding(), 0),
        (Tolerance.truncation(), 0),
        (Tolerance.absolute("0.01"), 0),
        (Tolerance.absolute("0.009"), 4),
        (Tolerance.exact(), 4),
    ],
)
def test_tolerance_policies_on_the_sample(tolerance: Tolerance, violated: int) -> None:
    assert sample_ledger().check(tolerance).count("violated") == violated


def test_changed_leaf_violates_only_its_parent() -> None:
    # 2011303 机关服务 from 42.84 to 52.84 in both columns: 20113 is violated in
    # both columns and nothing else is, since each parent is checked against its
    # printed children (201 and 合计 still agree with theirs).
    ledger = (sample_ledger().with_value("2011303", "本年支出合计", "52.84")
              .with_value("2011303", "基本支出", "52.84"))
    audit = ledger.check()
    assert sorted(outcomes(audit, "violated")) == [
        ("20113", "基本支出", "violated"), ("20113", "本年支出合计", "violated")]
    f = finding(audit, "20113", "本年支出合计")
    assert (f.computed, f.difference, f.allowed) == (D("760.06"), D("-10.01"), D("0.020"))
    assert f.message.endswith("(difference -10.01, allowed ±0.020 — violated)")
    assert finding(audit, "201", "本年支出合计").outcome is Outcome.EXACT
    assert finding(audit, None, "本年支出合计").outcome is Outcome.EXACT
    assert not audit.ok


def test_changing_one_column_breaks_the_row_rule() -> None:
    ledger = sample_ledger().with_value("2011303", "基本支出", "52.84")
    audit = ledger.check()
    assert sorted(outcomes(audit, "violated")) == [
        ("20113", "基本支出", "violated"), ("2011303", "本年支出合计", "violated")]
    row = finding(audit, "2011303", "本年支出合计", rule="row")
    assert (row.reported, row.computed, row.difference) == (D("42.84"), D("52.84"), D("-10.00"))
    assert row.message.startswith(
        "2011303 机关服务, 本年支出合计: printed 42.84, its 1 part sums to 52.84")


def test_rounding_boundary_of_a_parent() -> None:
    # 20113 基本支出 allows ±0.015 (three figures of ±0.005): moving 42.84 by 0.02 in
    # total (difference -0.02) is violated, by -0.01 (difference 0.00) is exact.
    base = sample_ledger()
    moved = base.with_value("2011303", "基本支出", "42.85")
    assert finding(moved.check(), "20113", "基本支出").outcome is Outcome.VIOLATED
    moved = base.with_value("2011303", "基本支出", "42.83")
    assert finding(moved.check(), "20113", "基本支出").outcome is Outcome.EXACT


def test_rollup_clears_every_difference() -> None:
    audit = sample_ledger().rollup().check(Tolerance.exact())
    assert audit.count("rounding") == 0 and audit.count("violated") == 0


def test_an_unprinted_total_row_is_not_checked() -> None:
    audit = sample_ledger().with_total(None).check()
    assert all(f.code is not None for f in audit.findings if f.rule == "hierarchy")


def test_audit_json_shape() -> None:
    data = sample_ledger().check().to_dict()
    assert set(data) == {"schema_version", "tolerance", "ok", "summary", "findings", "diagnostics"}
    assert data["schema_version"] == 1
    assert data["tolerance"] == "rounding" and data["ok"] is True
    assert set(data["summary"]) == {"hierarchy", "row"}
    first = data["findings"][0]
    assert {"rule", "code", "column", "reported", "computed", "difference", "allowed",
            "outcome", "message"} <= set(first)
    assert all(isinstance(first[k], str) for k in ("reported", "computed", "difference"))


def test_summary_text_and_repr() -> None:
    audit = sample_ledger().check()
    assert audit.summary_text().splitlines()[0].split() == [
        "rule", "checks", "exact", "rounding", "violated", "not_applicable"]
    assert repr(audit) == "<Audit: 110 checks, 0 violated, 4 within rounding, 0 diagnostics>"


def test_a_blank_parent_over_figures_is_checked_against_zero() -> None:
    ledger = Ledger.from_rows([("201", "a", [""]), ("20101", "b", ["0.01"])], columns=["合计"])
    [f] = ledger.check().findings
    assert (f.reported, f.computed, f.outcome) == (None, D("0.01"), Outcome.VIOLATED)


def test_two_row_rules_with_one_total_column_each_use_their_own_parts() -> None:
    from gfs_ledger import RowRule

    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["10.00", "10.00", "2.50", "2.50", "2.50", "2.52"])],
        columns=["T", "a", "c", "d", "e", "f"],
        row_rules=[RowRule("T", ("a",)), RowRule("T", ("c", "d", "e", "f"))],
    )
    first, second = (f for f in ledger.check().findings if f.rule == "row")
    assert (first.outcome.value, first.terms, first.allowed) == ("exact", 1, Decimal("0.010"))
    # 10.00 against 10.02: four parts allow (4 + 1) × 0.005
    assert (second.outcome.value, second.terms, second.allowed) == (
        "rounding", 4, Decimal("0.025"))


def test_a_unit_step_keeps_dropped_trailing_zeros_from_widening_the_tolerance() -> None:
    ledger = Ledger.from_csv("科目编码,科目名称,合计\n201,a,750\n20101,b,749.60\n")
    [loose] = [f for f in ledger.check().findings if f.rule == "hierarchy"]
    assert (loose.outcome, loose.allowed) == (Outcome.ROUNDING, Decimal("0.505"))
    [strict] = [f for f in ledger.check(Tolerance().with_step("0.01")).findings
                if f.rule == "hierarchy"]
    assert (strict.outcome, strict.allowed) == (Outcome.VIOLATED, Decimal("0.010"))
    # a figure printed finer than the step keeps its own
    assert Tolerance().with_step("0.01").interval(Decimal("1.234")).width == Decimal("0.001")
    with pytest.raises(ValueError, match=r"a unit step is a power of ten .* not 'abc'"):
        Tolerance().with_step("abc")
