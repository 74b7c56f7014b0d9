"""Table-driven tests of the one text → Decimal gateway, unit steps and units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import NOT_APPLICABLE, InvalidAmount, Unit, convert, parse_amount, unit_step
from gfs_ledger.amounts import format_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("751.01", "751.01"),
        ("1,776.55", "1776.55"),
        ("6,397,096", "6397096"),
        ("-3.20", "-3.20"),
        ("+3.20", "3.20"),
        ("(3.20)", "-3.20"),
        ("（3.20）", "-3.20"),
        ("( 3.20 )", "-3.20"),
        ("(1,776.55)", "-1776.55"),
        ("１,７７６.５５", "1776.55"),
        ("１，７７６．５５", "1776.55"),
        ("－3.20", "-3.20"),
        ("−3.20", "-3.20"),
        ("  0.96 ", "0.96"),
        ("0.00", "0.00"),
        ("1.80", "1.80"),
        ("0", "0"),
    ],
)
def test_printed_text_becomes_a_decimal_with_its_precision(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert str(value) == expected  # same value and the same printed precision


@pytest.mark.parametrize("text", ["", "   ", "\u3000", "\t"])
def test_blank_is_no_amount_and_not_zero(text: str) -> None:
    assert parse_amount(text) is None
    assert parse_amount(None) is None
    assert parse_amount("0.00") is not None


@pytest.mark.parametrize("text", ["——", "———", "—", "--", " —— ", "－－"])
def test_dashes_are_not_applicable(text: str) -> None:
    assert parse_amount(text) is NOT_APPLICABLE


@pytest.mark.parametrize(
    "text",
    ["abc", "12.3.4", "1,77,6.55", "1 776", ".5", "5.", "(-3.20)", "+(3)", "3.20)", "(3.20",
     "1,776.55元", "¥3.00", "3.2万", "NaN", "Infinity", "0x10", "本表无数据", "—3", "3—"],
)
def test_bad_text_raises_invalid_amount_quoting_it(text: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(text)
    assert repr(text) in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("value", [1.8, 0.0, float("nan"), True, [1], b"1.80"])
def test_float_and_other_types_are_refused(value: object) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_decimals_are_refused(value: Decimal) -> None:
    with pytest.raises(InvalidAmount, match="finite"):
        parse_amount(value)


def test_decimals_and_ints_pass_through() -> None:
    assert str(parse_amount(Decimal("1.80"))) == "1.80"
    assert parse_amount(42) == Decimal(42)


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("751.01", "0.01"),
        ("6,397,096", "1"),
        ("1.80", "0.01"),
        ("0.00", "0.01"),
        ("639.7096", "0.0001"),
        ("（3.20）", "0.01"),
        ("12.5", "0.1"),
    ],
)
def test_unit_step_follows_the_printed_figure(text: str, step: str) -> None:
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert unit_step(value) == Decimal(step)
    assert str(unit_step(value)) == step


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("6397096", Unit.YUAN, Unit.WAN, "639.7096"),
        ("639.7096", Unit.WAN, Unit.YUAN, "6397096"),
        ("1776.55", Unit.WAN, Unit.YI, "0.177655"),
        ("0.177655", Unit.YI, Unit.WAN, "1776.55"),
        ("1", Unit.YI, Unit.YUAN, "100000000"),
        ("0.01", Unit.WAN, Unit.YUAN, "100"),
        ("-3.20", Unit.WAN, Unit.YUAN, "-32000"),
        ("1.80", Unit.WAN, Unit.WAN, "1.80"),
    ],
)
def test_unit_conversion_is_exact(
    value: str, source: Unit, target: Unit, expected: str
) -> None:
    converted = convert(Decimal(value), source, target)
    assert converted == Decimal(expected)
    assert convert(converted, target, source) == Decimal(value)


def test_conversion_keeps_the_unit_step() -> None:
    # 6,397,096 元 is known to the 元, that is to 0.0001 万元.
    assert unit_step(convert(Decimal("6397096"), Unit.YUAN, Unit.WAN)) == Decimal("0.0001")
    # 1.80 万元 is known to 100 元.
    assert unit_step(convert(Decimal("1.80"), Unit.WAN, Unit.YUAN)) == Decimal(100)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("元", Unit.YUAN), ("万元", Unit.WAN), ("亿元", Unit.YI), ("金额单位：万元", Unit.WAN),
     ("单位:元", Unit.YUAN), (" 万元 ", Unit.WAN)],
)
def test_unit_names(text: str, unit: Unit) -> None:
    assert Unit.parse(text) is unit


@pytest.mark.parametrize("text", ["千元", "", "万"])
def test_unknown_units(text: str) -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        Unit.parse(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("1776.55"), "1,776.55"), (Decimal("1.80"), "1.80"), (None, ""),
     (NOT_APPLICABLE, "——"), (Decimal("-6397096"), "-6,397,096")],
)
def test_format_amount_round_trips(value: Decimal | None, text: str) -> None:
    assert format_amount(value) == text
    back = parse_amount(text)
    assert back is value if not isinstance(value, Decimal) else str(back) == str(value)


def test_digits_of_other_scripts_are_refused_as_codes_are() -> None:
    with pytest.raises(InvalidAmount, match="invalid amount '٣': not a number"):
        parse_amount("٣")


def test_not_applicable_prints_as_the_tables_print_it() -> None:
    assert str(NOT_APPLICABLE) == "——" and repr(NOT_APPLICABLE) == "NOT_APPLICABLE"
