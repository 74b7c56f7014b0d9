"""Printed figures of one step read column at once into integers of the step (StepColumn),
and what must not change because of it: the figures, their digits, the errors and the
checks."""

from __future__ import annotations

import pickle
import random
import re
from decimal import Decimal

import pytest

from gfs_ledger import InvalidAmount, Ledger, ReadError
from gfs_ledger.packed import StepColumn, parse_column

ROWS = [("20113", "商贸事务", ["750.05", "735.82"]), ("201", "一般公共服务支出", ["751.01", "736.78"]),
        ("2011301", "行政运行", ["692.99", "692.99"]), ("2011303", "机关服务", ["42.84", "42.84"]),
        ("2011399", "其他商贸事务支出", ["14.23", "-0.01"])]
COLUMNS = ["本年支出", "基本支出"]  # no 合计 column, so no row rule


def test_a_column_of_one_step_is_integers_of_that_step() -> None:
    column = parse_column(["751.01", "-14.20", "+3.00", "0.00", "007.50"])
    assert column is not None
    # 751.01 = 75101 × 0.01, −14.20 = −1420 × 0.01, 007.50 = 750 × 0.01
    assert column.numbers.tolist() == [75101, -1420, 300, 0, 750]
    assert column.exponent == -2
    assert [str(f) for f in column] == ["751.01", "-14.20", "3.00", "0.00", "7.50"]
    assert column[1] == Decimal("-14.20") and str(column[3]) == "0.00"


@pytest.mark.parametrize("texts", [
    ["1.0", "2.00"],          # two steps
    ["1,000.00"],             # a separator
    [" 1.00"],                # a space
    ["（3.20）"],              # brackets, full width
    [".50"], ["1."],          # no digit before or after the point
    ["-0.00"],                # a negative zero keeps its sign as a Decimal, not as an int
    ["1.00", ""],             # a blank
    ["1.00", None],           # not text
    ["1.00\n2.00"],           # a line break in a cell
    ["1.0000"],               # four decimals: beyond 64 bits with 15 integer digits
    ["1234567890123456.00"],  # 16 integer digits: refused where it is read
    ["1.00", "1.2.00"],       # two points in a figure
    ["1.00", "100"],          # a figure without its point
    ["1-2.00"], ["+-1.00"],   # a sign after a digit, two signs
    ["1_0.00"], ["١.00"],     # what int() would read: an underscore, a digit not ASCII
    ["1.00", "2.00 "],        # a space after the figure
    [],
])
def test_anything_but_plain_figures_of_one_step_is_read_cell_by_cell(texts: list[object]) -> None:
    assert parse_column(texts) is None


def test_the_figures_read_at_once_are_exactly_the_plain_ones() -> None:
    # Columns of random texts near plain figures: read at once exactly when every cell is
    # [+-]digits.2 decimals (1 to 15 digits), and then to the integers of their digits.
    plain = re.compile(r"[+-]?[0-9]{1,15}\.[0-9]{2}")
    rng = random.Random(12)
    for _ in range(3000):
        cells = [rng.choice(["", "-", "+", "+-"]) + "".join(
            rng.choice("0123456789.-+ _\n") if rng.random() < 0.1 else rng.choice("0123456789")
            for _ in range(rng.choice([0, 1, 2, 3, 4, 16]))) + rng.choice([".00", ".50", ".5", ""])
            for _ in range(rng.randint(1, 4))]
        column = parse_column(["1.00", *cells])
        negative_zero = [c.startswith("-") and set(c) <= set("-0.") for c in cells]
        if all(plain.fullmatch(c) for c in cells) and not any(negative_zero):
            assert column is not None, cells
            assert column.numbers.tolist()[1:] == [int(c.replace(".", "")) for c in cells]
        else:
            assert column is None, cells


def test_figures_of_whole_units_are_integers_of_one() -> None:
    column = parse_column(["6397096", "-12"])
    assert column is not None and column.exponent == 0
    assert list(column) == [Decimal("6397096"), Decimal("-12")]


def test_strings_and_decimals_give_the_same_ledger_in_any_order() -> None:
    as_text = Ledger.from_rows(ROWS, columns=COLUMNS)
    as_decimals = Ledger.from_rows([(c, n, [Decimal(v) for v in vs]) for c, n, vs in ROWS],
                                   columns=COLUMNS)
    assert isinstance(as_text._values[0], StepColumn)
    assert as_text == as_decimals
    assert as_text.to_json() == as_decimals.to_json()
    assert [str(c) for c in as_text.codes] == ["201", "20113", "2011301", "2011303", "2011399"]
    # the line of a row is its place in the input: 2011399 came fifth, 201 second
    assert as_text.line_of("2011399") == 5 and as_text.line_of("201") == 2
    assert as_text.value("2011399", "基本支出") == Decimal("-0.01")


def test_checks_in_integers_find_what_decimals_find() -> None:
    audit = Ledger.from_rows(ROWS, columns=COLUMNS).check()
    # 20113: 692.99 + 42.84 + 14.23 = 750.06 against 750.05 printed, within 3 × 0.005;
    # 201: 750.05 against 751.01, 0.96 off; 基本支出 of 20113: 692.99 + 42.84 − 0.01 =
    # 735.82 exactly; 201: 735.82 against 736.78, 0.96 off.
    found = [(str(f.code), f.column, f.outcome.value, f.reported, f.computed)
             for f in audit.findings]
    assert found == [
        ("201", "本年支出", "violated", Decimal("751.01"), Decimal("750.05")),
        ("20113", "本年支出", "rounding", Decimal("750.05"), Decimal("750.06")),
        ("201", "基本支出", "violated", Decimal("736.78"), Decimal("735.82")),
        ("20113", "基本支出", "exact", Decimal("735.82"), Decimal("735.82")),
    ]
    assert audit.findings[1].allowed == Decimal("0.020")  # (1 + 3) × 0.005


def test_a_bad_figure_is_still_named_by_its_row() -> None:
    rows = [*ROWS[:3], ("2011303", "机关服务", ["42.84", "4２.8x"]), ROWS[4]]
    with pytest.raises(InvalidAmount, match=r"row 4: invalid amount '4２.8x'"):
        Ledger.from_rows(rows, columns=COLUMNS)


def test_a_ledger_of_step_columns_pickles_and_rolls_up() -> None:
    ledger = Ledger.from_rows(ROWS, columns=COLUMNS)
    again = pickle.loads(pickle.dumps(ledger))
    assert again == ledger and again.check().findings == ledger.check().findings
    # the rollup of 20113: 692.99 + 42.84 + 14.23 = 750.06
    assert ledger.rollup().value("20113", "本年支出") == Decimal("750.06")


def test_csv_tells_the_first_bad_cell_of_the_table_first() -> None:
    text = ("科目编码,科目名称,合计\n201,一般公共服务支出,7x1.01\n"
            "20113,商贸事务,750.05\n2x1130,行政运行,692.99\n")
    # line 2 holds a bad figure, line 4 a bad code: line 2 is told
    with pytest.raises(ReadError, match=r"line 2, cell C \(合计\)"):
        Ledger.from_csv(text, source="t.csv")
    text = text.replace("7x1.01", "751.01")
    with pytest.raises(ReadError, match=r"line 4, cell A"):
        Ledger.from_csv(text, source="t.csv")


def test_csv_of_plain_rows_in_any_order_reads_as_row_by_row() -> None:
    header = "科目编码,科目名称,本年支出,基本支出\n"
    lines = [f"{c},{n},{','.join(v)}" for c, n, v in ROWS]
    plain = Ledger.from_csv(header + "\n".join(lines))
    # a blank line and a figure with a separator send the table down the row-by-row way,
    # and that column cell by cell
    other = Ledger.from_csv(header + "\n".join(lines).replace("692.99,692.99", '"692.99",692.99')
                            .replace("751.01", '"0,751.01"') + "\n,,,\n")
    assert isinstance(plain._values[0], StepColumn)
    assert not isinstance(other._values[0], StepColumn)
    assert isinstance(other._values[1], StepColumn)
    assert plain == other and plain.to_json() == other.to_json()
    assert plain.line_of("201") == 3  # the second row under the header
