"""Property tests of the ledger and its checks, and of ``gfs_ledger.strategies``."""

from __future__ import annotations

import os
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gfs_ledger import (
    NOT_APPLICABLE,
    Code,
    Ledger,
    Outcome,
    RowRule,
    Scheme,
    Tolerance,
    Unit,
    parse_amount,
    unit_step,
)
from gfs_ledger.amounts import format_amount
from gfs_ledger.findings import Audit, Finding
from gfs_ledger.strategies import amounts, codes, ledgers, round_ledger, rounded_ledgers

ROW_TOTAL = "本年支出合计"
PARTS = ("基本支出", "项目支出", "经营支出")
HALF_CENT = Decimal("0.005")

# Arbitrary ledgers: every cell independent, blanks and —— included, and sometimes a
# row-total column.
arbitrary_ledgers = st.one_of(
    ledgers(consistent=False, not_applicable=True),
    ledgers(consistent=False, row_total=ROW_TOTAL, columns=PARTS, places=1, total=False),
    ledgers(consistent=False, max_level=4, scheme=Scheme.REVENUE, min_value=-1000, places=3),
)


def hierarchy_finding(audit: Audit, code: Code | None, column: str) -> Finding:
    [found] = [f for f in audit.findings
               if f.rule == "hierarchy" and f.code == code and f.column == column]
    return found


def snapshot(ledger: Ledger) -> tuple[Any, ...]:
    """Everything observable about a ledger, every figure to its printed digit."""
    accounts = tuple(
        (str(a.code), a.name, tuple(repr(a.values[c]) for c in ledger.columns), a.printed)
        for a in ledger
    )
    return (ledger.to_csv(), str(ledger), repr(ledger), accounts, repr(ledger.total),
            ledger.diagnostics, ledger.row_rules, ledger.title, ledger.unit, hash(ledger))


# ---- rollup ----------------------------------------------------------------------------


@given(arbitrary_ledgers)
def test_rollup_is_idempotent(ledger: Ledger) -> None:
    once = ledger.rollup()
    assert once.rollup() == once


@given(arbitrary_ledgers)
def test_a_rolled_up_ledger_checks_exact_everywhere(ledger: Ledger) -> None:
    audit = ledger.rollup().check(Tolerance.exact())
    for finding in audit.findings:
        if finding.rule == "hierarchy":
            assert finding.outcome in (Outcome.EXACT, Outcome.NOT_APPLICABLE), finding.message


@given(ledgers(row_total=ROW_TOTAL, columns=PARTS, blanks=False, max_level=4))
def test_consistent_ledgers_check_exact_and_are_their_own_rollup(ledger: Ledger) -> None:
    assert ledger.rollup() == ledger
    audit = ledger.check(Tolerance.exact())
    assert audit.findings
    assert {f.outcome for f in audit.findings} == {Outcome.EXACT}
    assert audit.ok


@given(ledgers(row_total=ROW_TOTAL, not_applicable=True))
def test_consistent_ledgers_with_blanks_are_their_own_rollup(ledger: Ledger) -> None:
    assert ledger.rollup() == ledger
    assert ledger.check(Tolerance.exact()).count("violated") == 0
    assert ledger.check(Tolerance.exact()).count("rounding") == 0


# ---- the rounding bound: sound and tight ------------------------------------------------


@given(st.one_of(
    rounded_ledgers(row_total=ROW_TOTAL),
    rounded_ledgers(min_yuan=-100_000, max_yuan=100_000, max_children=5, blanks=False),
    rounded_ledgers(max_yuan=1000, row_total="小计", columns=PARTS, max_level=4),
))
def test_rounded_exact_ledgers_are_never_violated(ledger: Ledger) -> None:
    audit = ledger.check()
    assert audit.count(Outcome.VIOLATED) == 0, [f.message for f in audit.violations]
    assert audit.ok


@given(st.data())
def test_round_ledger_rounds_each_cell_half_up(data: st.DataObject) -> None:
    exact = data.draw(ledgers(unit=Unit.YUAN, places=0, max_value=10**9, row_total=ROW_TOTAL))
    rounded = round_ledger(exact)
    assert rounded.unit is Unit.WAN and rounded.columns == exact.columns
    pairs = [(a[c], rounded[a.code][c]) for a in exact for c in exact.columns]
    pairs += list(zip(exact.total or (), rounded.total or ()))
    for before, after in pairs:
        if isinstance(before, Decimal):
            assert isinstance(after, Decimal) and unit_step(after) == Decimal("0.01")
            assert abs(after * 10_000 - before) <= 50
            assert after == (before / 10_000).quantize(Decimal("0.01"), ROUND_HALF_UP)
        else:
            assert after is before


def _leaf_and_parent_finding(
    data: st.DataObject, ledger: Ledger
) -> tuple[Code, str, Finding]:
    candidates = [
        (leaf.code, column) for leaf in ledger.leaves() for column in ledger.columns
        if isinstance(leaf[column], Decimal)
        and (leaf.parent is not None or ledger.total is not None)
    ]
    assume(candidates)
    code, column = data.draw(st.sampled_from(candidates))
    return code, column, hierarchy_finding(ledger.check(), code.parent, column)


def independent_allowance(ledger: Ledger, parent: Code | None, column: str) -> Decimal:
    """Half the unit step of the printed parent and of each printed child: (n + 1)·q/2."""
    if parent is None:
        assert ledger.total is not None
        reported = ledger.total[ledger.columns.index(column)]
    else:
        reported = ledger.value(parent, column)
    figures = [reported, *(child[column] for child in ledger.children(parent))]
    return sum((unit_step(f) / 2 for f in figures if isinstance(f, Decimal)), Decimal(0))


tight_ledgers = st.one_of(
    rounded_ledgers(row_total=ROW_TOTAL),
    rounded_ledgers(min_yuan=-100_000, max_yuan=100_000, max_children=4),
    ledgers(places=0, consistent=False),
    ledgers(places=3, min_value=-10, max_value=10),
)


@given(tight_ledgers, st.data())
def test_moving_a_leaf_beyond_the_allowance_violates_its_parent(
    ledger: Ledger, data: st.DataObject
) -> None:
    code, column, before = _leaf_and_parent_finding(data, ledger)
    assert before.difference is not None and before.allowed is not None
    value = ledger.value(code, column)
    assert isinstance(value, Decimal)
    step = unit_step(value)
    # The largest move of the leaf's own precision that stays within the allowance, and
    # the smallest that goes beyond it; the new difference is -(move), either side.
    assert before.allowed == independent_allowance(ledger, code.parent, column)
    within = (before.allowed / step).to_integral_value(ROUND_FLOOR) * step
    beyond = within + step
    sign = data.draw(st.sampled_from([1, -1]))
    for gap, violated in ((within, False), (beyond, True)):
        moved = ledger.with_value(code, column, value + before.difference + sign * gap)
        after = hierarchy_finding(moved.check(), code.parent, column)
        assert after.allowed == before.allowed
        assert after.difference == -sign * gap
        assert (after.outcome is Outcome.VIOLATED) is violated, after.message


# ---- persistence, consolidation, round trips -----------------------------------------------


@given(arbitrary_ledgers, st.data())
def test_persistent_updates_never_change_the_original(
    ledger: Ledger, data: st.DataObject
) -> None:
    before = snapshot(ledger)
    account = data.draw(st.sampled_from(list(ledger)))
    column = data.draw(st.sampled_from(ledger.columns))
    figure = data.draw(st.one_of(amounts(), st.none(), st.just(NOT_APPLICABLE)))
    new_code = data.draw(codes(scheme=next(iter(ledger.schemes)), max_level=3))

    changed = ledger.with_value(account.code, column, figure)
    assert changed.value(account.code, column) is figure
    results = [
        changed,
        ledger.with_account(new_code, "新增", [figure] * len(ledger.columns)),
        ledger.without_account(account.code),
        ledger.with_total(None),
        ledger.with_total([figure] * len(ledger.columns)),
        ledger.rollup(),
        ledger + ledger,
        ledger.consolidate(changed),
    ]
    ledger.check()
    str(ledger)
    assert snapshot(ledger) == before
    assert new_code in results[1]
    gone = results[2].get(account.code)
    assert gone is None or not gone.printed  # a parent stays, not printed
    assert results[3].total is None


@given(st.data())
def test_consolidation_commutes_with_rollup(data: st.DataObject) -> None:
    own = data.draw(arbitrary_ledgers, label="本级")
    below = data.draw(
        ledgers(codes=own.codes, columns=own.columns, row_total=None,
                scheme=next(iter(own.schemes)), consistent=False, not_applicable=True,
                min_value=-100, places=data.draw(st.integers(0, 3)),
                total=own.total is not None)
        if not own.row_rules else
        ledgers(codes=own.codes, columns=own.columns[1:], row_total=own.columns[0],
                consistent=False, total=own.total is not None),
        label="下级",
    )
    assert below.codes == own.codes
    assert (own + below).rollup() == own.rollup() + below.rollup()


@given(st.one_of(arbitrary_ledgers, rounded_ledgers(row_total=ROW_TOTAL),
                 ledgers(unit=Unit.YUAN, places=0, not_applicable=True)))
def test_csv_round_trip_preserves_every_value_and_precision(ledger: Ledger) -> None:
    again = Ledger.from_csv(ledger.to_csv(), source="round-trip.csv")
    assert again == ledger
    assert snapshot(again)[:4] == snapshot(ledger)[:4]
    assert again.diagnostics == ()


@given(st.one_of(amounts(min_value=-10**9, max_value=10**9, places=p) for p in range(6)))
def test_amount_text_round_trip_keeps_the_precision(value: Decimal) -> None:
    text = format_amount(value)
    back = parse_amount(text)
    assert isinstance(back, Decimal)
    assert str(back) == str(value) and unit_step(back) == unit_step(value)
    negative = f"（{text.lstrip('-')}）"
    assert str(parse_amount(negative)) == str(-abs(value))


@given(codes(scheme=None, max_level=4))
def test_code_text_round_trip(code: Code) -> None:
    assert Code(str(code)) == code
    assert Code(f" {str(code).translate(str.maketrans('0123456789', '０１２３４５６７８９'))}\u3000") == code
    if code.parent is not None:
        assert code.parent.contains(code) and code.parent < code
        assert code.ancestors == (*code.parent.ancestors, code.parent)


# ---- the strategies keep their promises --------------------------------------------------


@given(codes(scheme=Scheme.ECONOMIC, min_level=2, max_level=2))
def test_codes_guarantees(code: Code) -> None:
    assert code.scheme is Scheme.ECONOMIC and code.level == 2
    assert not code.digits.endswith("00")


@given(amounts(min_value="-1.5", max_value="2.25", places=1))
def test_amounts_guarantees(value: Decimal) -> None:
    assert Decimal("-1.5") <= value <= Decimal("2.2")
    assert value.as_tuple().exponent == -1
    assert not (value.is_zero() and value.is_signed())


@given(ledgers(row_total=ROW_TOTAL, columns=PARTS, title="公开03表", max_level=2))
def test_ledgers_guarantees(ledger: Ledger) -> None:
    assert ledger.columns == (ROW_TOTAL, *PARTS)
    assert ledger.row_rules == (RowRule(ROW_TOTAL, PARTS),)
    assert ledger.title == "公开03表" and ledger.unit is Unit.WAN
    assert ledger.diagnostics == () and ledger.total is not None
    assert all(a.printed and a.level <= 2 and a.name == a.name.strip() and a.name
               for a in ledger)
    assert ledger.schemes == frozenset({Scheme.FUNCTIONAL})


@given(rounded_ledgers(blanks=False, total=False, columns=("金额",)))
def test_rounded_ledgers_guarantees(ledger: Ledger) -> None:
    assert ledger.unit is Unit.WAN and ledger.total is None and ledger.row_rules == ()
    for account in ledger:
        value = account["金额"]
        assert isinstance(value, Decimal) and value.as_tuple().exponent == -2


@given(ledgers(codes=["208", "201", "20101", "2010101"]))
def test_ledgers_with_fixed_codes_keep_the_tree(ledger: Ledger) -> None:
    assert [str(c) for c in ledger.codes] == ["201", "20101", "2010101", "208"]


@pytest.mark.parametrize(
    ("factory", "options"),
    [
        (codes, {"scheme": "functional"}),
        (codes, {"min_level": 0}),
        (codes, {"max_level": 5}),
        (codes, {"min_level": 3, "max_level": 2}),
        (codes, {"max_level": True}),
        (amounts, {"places": -1}),
        (amounts, {"places": 1.5}),
        (amounts, {"min_value": 2, "max_value": 1}),
        (amounts, {"min_value": 1.5}),
        (amounts, {"min_value": "abc"}),
        (amounts, {"max_value": "Infinity"}),
        (amounts, {"min_value": "0.001", "max_value": "0.009", "places": 2}),
        (ledgers, {"columns": []}),
        (ledgers, {"columns": "基本支出"}),
        (ledgers, {"columns": ["甲", "甲"]}),
        (ledgers, {"columns": ["本年 支出"]}),
        (ledgers, {"columns": ["科目编码"]}),
        (ledgers, {"columns": ["科目名称"]}),
        (ledgers, {"columns": ["合计", "基本支出"]}),
        (ledgers, {"row_total": "总额"}),
        (ledgers, {"row_total": "基本支出"}),
        (ledgers, {"codes": ["2011301"]}),
        (ledgers, {"codes": ["20"]}),
        (ledgers, {"codes": []}),
        (ledgers, {"codes": ["301"]}),
        (ledgers, {"scheme": None}),
        (ledgers, {"max_children": 0}),
        (ledgers, {"blanks": 1}),
        (ledgers, {"unit": "万元"}),
        (ledgers, {"title": 3}),
        (rounded_ledgers, {"min_yuan": 5, "max_yuan": 4}),
        (rounded_ledgers, {"min_yuan": 1.0}),
        (rounded_ledgers, {"columns": []}),
    ],
)
def test_bad_options_raise_invalid_argument_eagerly(factory: Any, options: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        factory(**options)


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        codes(Scheme.FUNCTIONAL)  # type: ignore[misc]


def test_round_ledger_rejects_bad_options() -> None:
    ledger = Ledger.from_rows([("201", "a", ["1"])], columns=["合计"], unit=Unit.YUAN)
    with pytest.raises(InvalidArgument):
        round_ledger(ledger, places=-1)
    with pytest.raises(InvalidArgument):
        round_ledger(ledger, unit="万元")  # type: ignore[arg-type]


def test_round_ledger_half_up_and_zero() -> None:
    ledger = Ledger.from_rows(
        [("201", "a", ["12350", "-12350", "-3", "49", "50"])],
        columns=["甲", "乙", "丙", "丁", "戊"], unit=Unit.YUAN,
    )
    rounded = round_ledger(ledger)
    assert [str(rounded.value("201", c)) for c in ledger.columns] == [
        "1.24", "-1.24", "0.00", "0.00", "0.01"]


def test_the_default_profile_is_deterministic() -> None:
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert settings.default.derandomize and settings.default.deadline is None
