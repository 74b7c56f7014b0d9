"""Pins the paths of assembling, rolling up and checking that the fast paths skip:
duplicate codes, missing parents, unsorted rows, blanks, ``——`` and the 合计 row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import NOT_APPLICABLE, Ledger
from gfs_ledger.errors import InvalidAmount

D = Decimal
ROWS = [
    ("2011399", "其他", ["1.00", None]),
    ("20113", "商贸事务", ["3.00", "——"]),
    ("2011301", "行政运行", ["2.00", "——"]),
    ("20113", "重复", ["9.00", "1"]),
    ("2050101", "孤儿", ["4.00", None]),
    ("301", "工资", ["5", "6"]),
    ("30101", "基本工资", [D("5.0"), D("6")]),
]


@pytest.fixture
def ledger() -> Ledger:
    return Ledger.from_rows(ROWS, columns=["a", "b"], total=["12.00", "6"])


def test_diagnostics_in_order(ledger: Ledger) -> None:
    assert [(d.code, d.line, d.severity.value, d.message) for d in ledger.diagnostics] == [
        ("20113", 4, "error",
         "20113 on line 4 repeats line 2; the figures of line 4 are not in the ledger"),
        ("201", 2, "warning", "201 is not printed; 20113 on line 2 hangs from it"),
        ("20501", 5, "warning", "20501 is not printed; 2050101 on line 5 hangs from it"),
        ("205", 5, "warning", "205 is not printed; 2050101 on line 5 hangs from it"),
        (None, None, "error", "codes of different schemes in one table: economic, functional"),
    ]


def test_structure(ledger: Ledger) -> None:
    codes = ["201", "20113", "2011301", "2011399", "205", "20501", "2050101", "301", "30101"]
    assert [str(c) for c in ledger.codes] == codes
    assert [ledger.line_of(c) for c in codes] == [None, 2, 3, 1, None, None, 5, 6, 7]
    assert [a.printed for a in ledger] == [False, True, True, True, False, False, True, True, True]
    assert ledger["20113"].name == "商贸事务"
    assert [str(a.code) for a in ledger.children()] == ["201", "205", "301"]
    assert [str(a.code) for a in ledger.children("20113")] == ["2011301", "2011399"]
    assert [str(a.code) for a in ledger.leaves()] == ["2011301", "2011399", "2050101", "30101"]
    assert [str(a.code) for a in ledger.children("205")] == ["20501"]


def test_rollup(ledger: Ledger) -> None:
    rolled = ledger.rollup()
    assert [(str(a.code), a["a"], a["b"]) for a in rolled] == [
        ("201", D("3.00"), None), ("20113", D("3.00"), None),
        ("2011301", D("2.00"), NOT_APPLICABLE), ("2011399", D("1.00"), None),
        ("205", D("4.00"), None), ("20501", D("4.00"), None), ("2050101", D("4.00"), None),
        ("301", D("5.0"), D("6")), ("30101", D("5.0"), D("6")),
    ]
    assert rolled.total == (D("12.00"), D("6"))
    assert ledger.without_account("2011301").rollup()["20113"]["b"] is None


def test_check(ledger: Ledger) -> None:
    audit = ledger.check()
    assert [(f.code and str(f.code), f.column, f.outcome.value, f.computed, f.allowed, f.terms)
            for f in audit.findings] == [
        ("20113", "a", "exact", D("3.00"), D("0.015"), 2),
        ("301", "a", "exact", D("5.0"), D("0.55"), 1),
        (None, "a", "exact", D("12.00"), D("0.515"), 3),
        ("20113", "b", "not_applicable", None, None, 0),
        ("301", "b", "exact", D("6"), D("1.0"), 1),
        (None, "b", "exact", D("6"), D("1.0"), 1),
    ]
    assert audit.count("exact") == 5 and audit.count("not_applicable") == 1


def test_sorted_and_unsorted_rows_make_equal_ledgers() -> None:
    rows = [r for r in ROWS if r[1] != "重复"]
    assert Ledger.from_rows(rows, columns=["a", "b"]) == Ledger.from_rows(
        sorted(rows), columns=["a", "b"])


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), D("-sNaN")])
def test_non_finite_decimals_are_refused(bad: Decimal) -> None:
    with pytest.raises(InvalidAmount, match=r"row 2: .*not a finite number"):
        Ledger.from_rows([("201", "x", [D(1)]), ("20101", "y", [bad])], columns=["a"])
    with pytest.raises(InvalidAmount, match="not a finite number"):
        Ledger.from_rows([("201", "x", [D(1)])], columns=["a"]).with_value("201", "a", bad)


def test_children_stop_at_the_end_of_the_subtree() -> None:
    codes = ["201", "20101", "2010101", "2010199", "20199", "202", "20201", "2020101"]
    ledger = Ledger.from_rows([(c, c, ["1"]) for c in codes], columns=["a"])
    assert [str(a.code) for a in ledger.children("201")] == ["20101", "20199"]
    assert [str(a.code) for a in ledger.children("20101")] == ["2010101", "2010199"]
    assert [str(a.code) for a in ledger.children("20199")] == []
    assert [str(a.code) for a in ledger.children("20201")] == ["2020101"]
    assert [str(a.code) for a in ledger.children()] == ["201", "202"]
    assert [str(a.code) for a in ledger.leaves()] == ["2010101", "2010199", "20199", "2020101"]


def test_row_rule_with_blanks_and_dashes() -> None:
    ledger = Ledger.from_rows(
        [("201", "a", ["——", "——"]), ("202", "b", ["1.00", None]), ("203", "c", ["1.00", "1.0"]),
         ("205", "d", [None, None])],
        columns=["合计", "基本支出"], total=["2.00", "1.0"])
    assert [(f.rule, f.code and str(f.code), f.outcome.value, f.computed)
            for f in ledger.check().findings if f.rule == "row"] == [
        ("row", "201", "not_applicable", None),
        ("row", "202", "violated", None),
        ("row", "203", "exact", D("1.0")),
        ("row", "205", "not_applicable", None),
        ("row", None, "violated", D("1.0")),
    ]
