"""Computed figures carry the rounding of the printed figures they were made of:
consolidation, unit conversion and rollup, on the sample and as properties."""

from __future__ import annotations

import pickle
from decimal import ROUND_CEILING, Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gfs_ledger import Code, Interval, Ledger, Outcome, Tolerance, Unit, unit_step
from gfs_ledger.findings import Finding
from gfs_ledger.samples import sample_ledger
from gfs_ledger.strategies import rounded_ledgers

D = Decimal
ROW_TOTAL = "本年支出合计"


def hierarchy_finding(ledger: Ledger, code: str | None, column: str,
                      tolerance: Tolerance | None = None) -> Finding:
    wanted = None if code is None else Code(code)
    [found] = [f for f in ledger.check(tolerance).findings
               if f.rule == "hierarchy" and f.code == wanted and f.column == column]
    return found


# ---- the sample consolidated with itself ---------------------------------------------------


@pytest.mark.parametrize("build", [
    lambda s: s + s,
    lambda s: s + s.in_unit(Unit.YUAN),
    lambda s: s.in_unit(Unit.YUAN) + s,
    lambda s: (s + s).in_unit(Unit.YUAN),
    lambda s: Ledger.consolidate_all([s] * 5),
    lambda s: sum([s, s.in_unit(Unit.YUAN), s]),
    lambda s: (s + s).rollup() + s,
], ids=["wan+wan", "wan+yuan", "yuan+wan", "sum-in-yuan", "five-at-once", "sum()",
        "rollup+wan"])
def test_the_sample_consolidated_with_itself_has_no_violation(build: object) -> None:
    sample = sample_ledger()
    ledger = build(sample)  # type: ignore[operator]
    audit = ledger.check()
    assert audit.violations == (), [f.message for f in audit.violations]
    assert audit.ok
    # The same rounding differences as the sample, at the same places (4 of them).
    assert sorted((str(f.code), f.column) for f in audit.rounding) == sorted(
        (str(f.code), f.column) for f in sample.check().rounding)


def test_the_false_violation_of_the_issue_is_gone() -> None:
    doubled = sample_ledger() + sample_ledger()
    finding = hierarchy_finding(doubled, "20113", "基本支出")
    # 735.82 + 735.82 = 1,471.64 is the sum of 2 printed figures: ±2 × 0.005 = ±0.010.
    # Its children 692.99 and 42.84, each twice: 1,471.66, ±4 × 0.005 = ±0.020.
    # |1,471.64 − 1,471.66| = 0.02 ≤ 0.010 + 0.020 = 0.030.
    assert (finding.outcome, finding.difference, finding.allowed) == (
        Outcome.ROUNDING, D("-0.02"), D("0.030"))
    assert finding.reported_interval == Interval(D("1471.630"), D("1471.650"))
    assert finding.computed_interval == Interval(D("1471.640"), D("1471.680"))
    assert finding.message == (
        "20113 商贸事务, 基本支出: 1,471.64 (sum of 2 printed figures, ±0.010), "
        "its 2 children sum to 1,471.66 (sum of 4 printed figures, ±0.020) "
        "(difference -0.02, allowed ±0.030 by rounding)")


def test_in_yuan_the_widths_are_converted_exactly() -> None:
    sample = sample_ledger()
    mixed = sample.in_unit(Unit.YUAN) + sample
    assert mixed.unit is Unit.YUAN
    # 735.82 万元 = 7,358,200 元 printed to 100 元 (0.01 万元), twice: ±2 × 50 = ±100 元.
    assert mixed.value("20113", "基本支出") == D("14716400")
    assert mixed.interval("20113", "基本支出") == Interval(D("14716300"), D("14716500"))
    finding = hierarchy_finding(mixed, "20113", "基本支出")
    # 200 元 apart, allowed 100 + 4 × 50 = 300 元.
    assert (finding.difference, finding.allowed) == (D("-200"), D("300"))


def test_one_wan_plus_ten_thousand_yuan() -> None:
    wan = Ledger.from_rows([("201", "一般公共服务支出", ["1.00"])], columns=["合计"])
    yuan = Ledger.from_rows([("201", "一般公共服务支出", ["10000"])], columns=["合计"],
                            unit=Unit.YUAN)
    both = wan + yuan
    # 2.0000 shows 4 decimals, but 1.00 万元 is known to ±0.005 and 10000 元 to
    # ±0.5 元 = ±0.00005 万元: ±0.00505 万元 in all.
    assert both.value("201", "合计") == D("2.0000")
    assert both.interval("201", "合计") == Interval(D("1.99495"), D("2.00505"))
    # The other way round, in 元: ±50 + 0.5 = ±50.5 元.
    assert (yuan + wan).interval("201", "合计") == Interval(D("19949.5"), D("20050.5"))


def test_a_real_error_in_one_part_is_still_reported_by_account() -> None:
    sample = sample_ledger()
    # A unit printed 2011303 机关服务 基本支出 as 52.84 instead of 42.84.
    wrong = sample.with_value("2011303", "基本支出", "52.84")
    audit = (sample + wrong).check()
    assert not audit.ok
    assert sorted((f.rule, str(f.code), f.column) for f in audit.violations) == [
        ("hierarchy", "20113", "基本支出"),   # 1,471.64 against 1,481.66
        ("row", "2011303", "本年支出合计"),    # 85.68 against 95.68
    ]
    finding = hierarchy_finding(sample + wrong, "20113", "基本支出")
    # 692.99 × 2 + 42.84 + 52.84 = 1,481.66; 1,471.64 − 1,481.66 = −10.02.
    assert finding.message == (
        "20113 商贸事务, 基本支出: 1,471.64 (sum of 2 printed figures, ±0.010), "
        "its 2 children sum to 1,481.66 (sum of 4 printed figures, ±0.020) "
        "(difference -10.02, allowed ±0.030 — violated)")


def test_findings_of_printed_figures_read_as_before() -> None:
    sample = sample_ledger()
    before = [f.message for f in sample.check().findings]
    # A consolidation with an empty ledger (a blank 合计 row) adds nothing to any figure.
    empty = Ledger.from_rows([], columns=sample.columns, total=[None] * 6)
    after = [f.message for f in (sample + empty).check().findings]
    assert after == before
    assert "printed 750.05, its 3 children sum to 750.06 (difference -0.01, " \
        "allowed ±0.020 by rounding)" in before[1]


def test_an_account_one_part_does_not_print_adds_what_its_children_add() -> None:
    # The unit prints 2011301 and 2011399 but not their 款 20113; 本级 prints 20113.
    unit = Ledger.from_rows([("201", "一般公共服务支出", ["10.00"]), ("2011301", "行政运行", ["6.00"]),
                             ("2011399", "其他", ["4.00"])], columns=["合计"])
    own = Ledger.from_rows([("201", "一般公共服务支出", ["5.00"]), ("20113", "商贸事务", ["5.00"]),
                            ("2011301", "行政运行", ["5.00"])], columns=["合计"])
    assert not unit["20113"].printed
    both = own + unit
    # 20113 stands for 5.00 (printed) + 6.00 + 4.00 (what the unit's 项 add up to):
    # 15.00 from 3 printed figures, ±0.015; its children 11.00 + 4.00 agree exactly.
    assert both["20113"].printed and both.value("20113", "合计") == D("15.00")
    assert both.interval("20113", "合计") == Interval(D("14.985"), D("15.015"))
    assert both.check().violations == ()
    # Not printed in either: still not printed, and still checked through its children.
    twice = unit + unit
    assert not twice["20113"].printed and twice.value("20113", "合计") == D("20.00")
    assert twice.check().violations == ()


def test_a_printed_figure_beside_computed_ones_says_so() -> None:
    a = Ledger.from_rows([("201", "a", ["3.00"]), ("20101", "b", ["1.00"]),
                          ("20102", "c", ["2.01"])], columns=["合计"])
    b = Ledger.from_rows([("20101", "b", ["1.00"])], columns=["合计"])
    # b does not print 201, so the sum's 201 is 3.00 + 1.00 (what b's 20101 adds up
    # to); given anew, 3.00 is a printed figure again.
    assert (a + b).value("201", "合计") == D("4.00")
    changed = (a + b).with_value("201", "合计", "3.00")
    finding = hierarchy_finding(changed, "201", "合计")
    # 201: 3.00 ± 0.005. Its children: 1.00 + 1.00 (2 printed figures) and 2.01:
    # 4.01 ± 3 × 0.005. 3.00 − 4.01 = −1.01, allowed 0.020.
    assert finding.message == (
        "201 a, 合计: 3.00 (printed, ±0.005), its 2 children sum to 4.01 "
        "(sum of 3 printed figures, ±0.015) (difference -1.01, allowed ±0.020 — violated)")


# ---- the policies on computed figures ------------------------------------------------------


def test_policies_on_the_doubled_sample() -> None:
    doubled = sample_ledger() + sample_ledger()
    # Exact: every figure is its value; the 4 differences of 0.02 are violations.
    exact = doubled.check(Tolerance.exact())
    assert exact.count("violated") == 4
    assert hierarchy_finding(doubled, "20113", "基本支出", Tolerance.exact()).message == (
        "20113 商贸事务, 基本支出: 1,471.64 (sum of 2 printed figures, ±0.00), its 2 children "
        "sum to 1,471.66 (sum of 4 printed figures, ±0.00) (difference -0.02, allowed ±0.00 "
        "— violated)")
    # Absolute: figures exact, the rule may miss by the slack, whatever the figures.
    assert doubled.check(Tolerance.absolute("0.02")).count("violated") == 0
    assert doubled.check(Tolerance.absolute("0.019")).count("violated") == 4
    # Truncation: each printed figure [v, v + 0.01]; 1,471.64 ∈ [1,471.64, 1,471.66],
    # the children [1,471.66, 1,471.70]: they meet at 1,471.66.
    truncated = hierarchy_finding(doubled, "20113", "基本支出", Tolerance.truncation())
    assert (truncated.outcome, truncated.allowed) == (Outcome.ROUNDING, D("0.02"))
    assert "1,471.64 (sum of 2 printed figures, −0.00/+0.02)" in truncated.message


def test_truncation_takes_the_sign_of_each_printed_figure() -> None:
    a = Ledger.from_rows([("201", "a", ["1.00"])], columns=["合计"])
    b = Ledger.from_rows([("201", "a", ["-2.00"])], columns=["合计"])
    both = a + b
    # 1.00 stands for [1.00, 1.01], −2.00 for [−2.01, −2.00]: −1.00 for [−1.01, −0.99],
    # not the [−1.01, −1.00] of a printed −1.00.
    assert both.interval("201", "合计", Tolerance.truncation()) == Interval(
        D("-1.01"), D("-0.99"))
    assert both.interval("201", "合计", Tolerance.exact()) == Interval(D("-1.00"), D("-1.00"))


def test_a_unit_step_narrows_each_printed_figure_of_a_sum() -> None:
    # Spreadsheets that dropped trailing zeros: 750 for 750.00.
    part = Ledger.from_rows([("201", "a", ["750"]), ("20101", "b", ["749.98"])],
                            columns=["合计"])
    both = part + part
    loose = hierarchy_finding(both, "201", "合计")
    # 1500 from two figures printed to 1: ±1; 1,499.96 from two to 0.01: ±0.01.
    assert (loose.outcome, loose.allowed) == (Outcome.ROUNDING, D("1.01"))
    strict = hierarchy_finding(both, "201", "合计", Tolerance().with_step("0.01"))
    # Every figure printed to 0.01 at least: ±0.010 + ±0.010; 0.04 apart.
    assert (strict.outcome, strict.allowed) == (Outcome.VIOLATED, D("0.020"))


# ---- rollup, changes and JSON --------------------------------------------------------------


def test_a_rollup_carries_the_steps_of_the_leaves() -> None:
    rolled = sample_ledger().rollup()
    # 20113 基本支出 = 692.99 + 42.84 = 735.83 ± 2 × 0.005; 201 adds 20132's one leaf.
    assert rolled.interval("20113", "基本支出") == Interval(D("735.820"), D("735.840"))
    assert rolled.interval("2011301", "基本支出") == Interval(D("692.985"), D("692.995"))
    # 本年支出合计 of the 合计 row: the 12 leaves hold 12 printed figures in that column.
    total = rolled.interval(None, ROW_TOTAL)
    assert total is not None and total.width == 12 * D("0.01")
    assert rolled.interval("2011399", "基本支出") is None  # blank


def test_changes_keep_the_steps_of_what_they_do_not_touch() -> None:
    doubled = sample_ledger() + sample_ledger()
    two = Interval(D("1471.630"), D("1471.650"))
    # A figure given anew is a printed one.
    changed = doubled.with_value("20113", "基本支出", "1471.64")
    assert changed.interval("20113", "基本支出") == Interval(D("1471.635"), D("1471.645"))
    assert changed.interval("201", "基本支出") == doubled.interval("201", "基本支出")
    added = doubled.with_account("202", "外交支出", ["1.00"] + [None] * 5)
    assert added.interval("20113", "基本支出") == two
    assert added.interval("202", ROW_TOTAL) == Interval(D("0.995"), D("1.005"))
    assert doubled.without_account("2011399").interval("20113", "基本支出") == two
    assert doubled.with_total(None).total is None
    assert doubled.with_total([D("1.00")] + [None] * 5).interval(None, ROW_TOTAL) == Interval(
        D("0.995"), D("1.005"))


def test_json_keeps_the_steps_of_computed_figures() -> None:
    sample = sample_ledger()
    ledger = (sample + sample.in_unit(Unit.YUAN)).rollup()
    again = Ledger.from_json(ledger.to_json())
    assert again == ledger

    assert widths(again) == widths(ledger)
    assert again.check().to_dict() == ledger.check().to_dict()
    # A ledger of printed figures writes no steps at all.
    assert '"steps"' not in sample.to_json() and '"total_steps"' not in sample.to_json()
    with pytest.raises(ValueError, match="not a unit step"):
        Ledger.from_json('{"columns": ["合计"], "accounts": [{"code": "201", '
                         '"values": ["2.00"], "steps": [{"0.02": 2}]}]}')
    with pytest.raises(ValueError, match="no figure"):
        Ledger.from_json('{"columns": ["合计"], "accounts": [{"code": "201", '
                         '"values": [null], "steps": [{"0.01": 2}]}]}')


def test_pickles_keep_the_steps_of_computed_figures() -> None:
    sample = sample_ledger()
    for ledger in (sample.rollup(), sample + sample.in_unit(Unit.YUAN)):
        again = pickle.loads(pickle.dumps(ledger))
        assert again == ledger and widths(again) == widths(ledger)


def test_consolidate_all_needs_ledgers_of_the_same_columns() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Ledger.consolidate_all([])
    one = Ledger.from_rows([("201", "a", ["1.00"])], columns=["合计"])
    with pytest.raises(ValueError, match="different columns"):
        Ledger.consolidate_all([one, one, Ledger.from_rows([], columns=["x"])])
    assert Ledger.consolidate_all([one]) == one
    assert Ledger.consolidate_all([one] * 3) == one + one + one == sum([one] * 3)


# ---- properties ----------------------------------------------------------------------------


units = st.sampled_from([Unit.WAN, Unit.YUAN])


@st.composite
def rounded_pairs(draw: st.DrawFn) -> tuple[Ledger, Ledger]:
    """Two rounded ledgers over the same codes and columns, each in 万元 or 元."""
    row_total = draw(st.sampled_from([None, ROW_TOTAL]))
    signed = draw(st.booleans())
    options = dict(row_total=row_total, min_yuan=-100_000 if signed else 0,
                   max_yuan=100_000 if signed else 10**9, max_level=3)
    a = draw(rounded_ledgers(unit=draw(units), **options), label="A")  # type: ignore[arg-type]
    b = draw(rounded_ledgers(unit=draw(units), codes=a.codes, **options),  # type: ignore[arg-type]
             label="B")
    return a, b


@given(rounded_pairs())
def test_consolidated_rounded_ledgers_are_never_violated(pair: tuple[Ledger, Ledger]) -> None:
    a, b = pair
    for ledger in (a + b, b + a, Ledger.consolidate_all([a, b, a]), (a + b).rollup()):
        audit = ledger.check()
        assert audit.count(Outcome.VIOLATED) == 0, [f.message for f in audit.violations]


@given(rounded_pairs(), st.data())
def test_a_part_that_leaves_parents_unprinted_is_not_violated_either(
    pair: tuple[Ledger, Ledger], data: st.DataObject
) -> None:
    a, b = pair
    parents = [c for c in b.codes if b.children(c)]
    assume(parents)
    dropped = data.draw(st.lists(st.sampled_from(parents), min_size=1, unique=True))
    for code in dropped:
        b = b.without_account(code)  # it stays, not printed, over its children
    assert all(not b[c].printed for c in dropped)
    for ledger in (a + b, b + a, b + b):
        audit = ledger.check()
        assert audit.count(Outcome.VIOLATED) == 0, [f.message for f in audit.violations]


def widths(ledger: Ledger) -> list[Interval | None]:
    """The interval of every figure, 合计 row included."""
    cells = [ledger.interval(c, col) for c in ledger.codes for col in ledger.columns]
    if ledger.total is not None:
        cells += [ledger.interval(None, col) for col in ledger.columns]
    return cells


@given(rounded_pairs())
def test_the_steps_of_a_consolidation_commute_and_survive_json(
    pair: tuple[Ledger, Ledger]
) -> None:
    a, b = pair
    # Counts of printed figures add exactly: in any order and grouping the same widths.
    assert widths((a + b).rollup()) == widths(a.rollup() + b.rollup())
    assert widths(Ledger.consolidate_all([a, b, a])) == widths(a + (b + a))
    assert widths(sum([a, b, a])) == widths(Ledger.consolidate_all([a, b, a]))
    for ledger in ((a + b), (b + a).rollup()):
        again = Ledger.from_json(ledger.to_json())
        assert again == ledger and widths(again) == widths(ledger)


def half_step_in(unit: Unit, figure: object, of: Unit) -> Decimal:
    """Half the unit step of a printed figure of a ledger in ``of``, in ``unit``."""
    if not isinstance(figure, Decimal):
        return D(0)
    return unit_step(figure) * of.yuan / unit.yuan / 2


@given(rounded_pairs(), st.data())
def test_moving_a_printed_figure_beyond_its_allowance_violates_the_consolidation(
    pair: tuple[Ledger, Ledger], data: st.DataObject
) -> None:
    a, b = pair
    candidates = [(x.code, c) for x in a for c in a.columns
                  if isinstance(x[c], Decimal) and (x.parent or a.children(x.code)
                                                    or a.total is not None)]
    assume(candidates)
    code, column = data.draw(st.sampled_from(candidates))
    # The check the figure takes part in: its own against its children, or (a leaf) its
    # parent's, or the 合计 row's.
    checked = code if a.children(code) else code.parent
    j = a.columns.index(column)

    def figures(ledger: Ledger) -> list[object]:
        own = ledger.total[j] if checked is None else ledger.value(checked, column)  # type: ignore[index]
        return [own, *(k[column] for k in ledger.children(checked))]

    # Worked out by hand: half the step of every printed figure of A and B in the check,
    # in A's unit (the consolidation's).
    allowance = sum((half_step_in(a.unit, f, a.unit) for f in figures(a)), D(0)) + sum(
        (half_step_in(a.unit, f, b.unit) for f in figures(b)), D(0))
    before = hierarchy_finding(a + b, None if checked is None else str(checked), column)
    assert before.allowed == allowance
    # Move A's figure, by a multiple of its own step, further than the allowance can
    # take back: the difference becomes at least 2 × allowance + step − allowance.
    value = a.value(code, column)
    assert isinstance(value, Decimal)
    step = unit_step(value)
    gap = ((2 * allowance) / step).to_integral_value(ROUND_CEILING) * step + step
    sign = data.draw(st.sampled_from([1, -1]))
    moved = a.with_value(code, column, value + sign * gap)
    after = hierarchy_finding(moved + b, None if checked is None else str(checked), column)
    assert after.outcome is Outcome.VIOLATED, after.message
    assert after.allowed == allowance
    assert str(checked) in after.message if checked is not None else "合计" in after.message
