"""Example-based tests of the ledger on the sample's 公开03表: lookups, structure,
persistent updates, rollup, consolidation and the text tree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import (
    NOT_APPLICABLE,
    Code,
    InvalidAmount,
    InvalidCode,
    Ledger,
    RowRule,
    Scheme,
    Unit,
)
from gfs_ledger.render import display_width
from gfs_ledger.samples import sample_ledger

COLUMNS = ("本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出")
D = Decimal


@pytest.fixture
def sample() -> Ledger:
    return sample_ledger()


def codes_of(accounts: object) -> list[str]:
    return [str(a.code) for a in accounts]  # type: ignore[attr-defined]


# ---- the sample as read --------------------------------------------------------------


def test_sample_shape(sample: Ledger) -> None:
    assert len(sample) == 25
    assert sample.columns == COLUMNS
    assert sample.title == "公开03表"
    assert sample.unit is Unit.WAN
    assert sample.diagnostics == ()
    assert sample.row_rules == (RowRule("本年支出合计", COLUMNS[1:]),)
    assert sample.schemes == frozenset({Scheme.FUNCTIONAL})
    assert sample.total == (D("1776.55"), D("896.13"), D("880.42"), None, None, None)


def test_printed_order_iteration(sample: Ledger) -> None:
    expected = [
        "201", "20113", "2011301", "2011303", "2011399", "20132", "2013299",
        "208", "20805", "2080505", "2080506", "210", "21011", "2101101", "2101102",
        "216", "21602", "2160299", "21606", "2160699", "21699", "2169999",
        "221", "22102", "2210201",
    ]
    assert codes_of(sample) == expected
    assert [str(c) for c in sample.codes] == expected


def test_children(sample: Ledger) -> None:
    assert codes_of(sample.children()) == ["201", "208", "210", "216", "221"]
    assert codes_of(sample.children("201")) == ["20113", "20132"]
    assert codes_of(sample.children(Code("20113"))) == ["2011301", "2011303", "2011399"]
    assert codes_of(sample.children("216")) == ["21602", "21606", "21699"]
    assert sample.children("2011301") == ()


def test_leaves(sample: Ledger) -> None:
    assert codes_of(sample.leaves()) == [
        "2011301", "2011303", "2011399", "2013299", "2080505", "2080506",
        "2101101", "2101102", "2160299", "2160699", "2169999", "2210201",
    ]


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        (1, ["201", "208", "210", "216", "221"]),
        ("类", ["201", "208", "210", "216", "221"]),
        ("款", ["20113", "20132", "20805", "21011", "21602", "21606", "21699", "22102"]),
        (3, ["2011301", "2011303", "2011399", "2013299", "2080505", "2080506",
             "2101101", "2101102", "2160299", "2160699", "2169999", "2210201"]),
        (4, []),
    ],
)
def test_at_level(sample: Ledger, level: int | str, expected: list[str]) -> None:
    assert codes_of(sample.at_level(level)) == expected


def test_lookups(sample: Ledger) -> None:
    account = sample["2011303"]
    assert account.name == "机关服务"
    assert account["本年支出合计"] == D("42.84")
    assert account["项目支出"] is None
    assert account.level == 3 and account.level_name == "项" and account.parent == Code("20113")
    assert account.printed
    assert sample.value("2101102", "基本支出") == D("1.80")
    assert str(sample.value("2101102", "基本支出")) == "1.80"
    assert sample.line_of("201") == 3
    assert sample.line_of("2210201") == 27
    assert sample[Code("201")] == sample["201"]


@pytest.mark.parametrize("code", ["201", " 201 ", "２０１", Code("201")])
def test_membership_normalises_like_lookup(sample: Ledger, code: str | Code) -> None:
    # Regression: "２０１" in ledger was False (and .get returned None) although
    # ledger["２０１"] found the account.
    assert code in sample
    got = sample.get(code)
    assert got is not None and got.code == Code("201")


@pytest.mark.parametrize("code", ["209", "20", "abc", 201, None])
def test_membership_of_absent_or_invalid(sample: Ledger, code: object) -> None:
    assert code not in sample


def test_missing_account_and_column(sample: Ledger) -> None:
    assert sample.get("209") is None
    with pytest.raises(KeyError, match="209"):
        sample["209"]
    with pytest.raises(KeyError, match="no column"):
        sample.value("201", "合计")


# ---- structural diagnostics ---------------------------------------------------------------


def test_duplicate_code_keeps_the_first_row() -> None:
    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["1.00"]), ("201", "重复", ["2.00"])], columns=["合计"]
    )
    assert len(ledger) == 1
    assert ledger["201"]["合计"] == D("1.00") and ledger["201"].name == "一般公共服务支出"
    [diag] = ledger.diagnostics
    assert (diag.kind, diag.severity.value, diag.line, diag.code) == (
        "duplicate_code", "error", 2, "201")
    assert not ledger.check().ok


def test_missing_parent_is_marked_not_printed() -> None:
    ledger = Ledger.from_rows([("2011301", "行政运行", ["692.99"])], columns=["合计"])
    assert codes_of(ledger) == ["201", "20113", "2011301"]
    assert [a.printed for a in ledger] == [False, False, True]
    assert ledger["20113"].name == "" and ledger["20113"]["合计"] is None
    assert [(d.kind, d.severity.value, d.code) for d in ledger.diagnostics] == [
        ("missing_parent", "warning", "20113"), ("missing_parent", "warning", "201")]
    assert ledger.line_of("20113") is None
    audit = ledger.check()
    assert audit.ok  # a warning is not an error
    assert audit.findings == ()  # parents that were not printed are not checked


def test_missing_parent_counts_through_to_the_printed_grandparent() -> None:
    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["10.00"]), ("2011301", "行政运行", ["6.00"]),
         ("2011303", "机关服务", ["4.00"])],
        columns=["合计"],
    )
    [finding] = ledger.check().findings
    assert finding.code == Code("201") and finding.outcome == "exact"
    assert finding.terms == 2


def test_mixed_schemes_is_an_error() -> None:
    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["1.00"]), ("301", "工资福利支出", ["1.00"])],
        columns=["合计"], title="T",
    )
    [diag] = ledger.diagnostics
    assert diag.kind == "mixed_schemes" and diag.severity.value == "error"
    assert "economic, functional" in diag.message
    assert str(diag).startswith("error: T: ")
    assert not ledger.check().ok


def test_from_rows_bad_input() -> None:
    with pytest.raises(ValueError, match="duplicate column"):
        Ledger.from_rows([], columns=["合计", "合计"])
    with pytest.raises(ValueError, match="2 figures for 1 column"):
        Ledger.from_rows([("201", "x", ["1", "2"])], columns=["合计"])
    with pytest.raises(ValueError, match="unknown columns"):
        Ledger.from_rows([("201", "x", {"其他": "1"})], columns=["合计"])
    with pytest.raises(InvalidAmount, match=r"row 1: invalid amount 'x1'"):
        Ledger.from_rows([("201", "x", ["x1"])], columns=["合计"])
    with pytest.raises(ValueError, match="unknown columns"):
        Ledger.from_rows([], columns=["合计"], row_rules=[RowRule("合计", ["无"])])


def test_rows_in_any_order_and_mapping_figures() -> None:
    rows = [("2011301", "行政运行", {"合计": "1.00"}), ("201", "一般", {"合计": "1.00"}),
            ("20113", "商贸事务", {})]
    ledger = Ledger.from_rows(rows, columns=["合计"])
    assert codes_of(ledger) == ["201", "20113", "2011301"]
    assert ledger["20113"]["合计"] is None and ledger["20113"].printed
    assert ledger.line_of("201") == 2


# ---- persistent updates ---------------------------------------------------------------------


def test_with_value_leaves_the_original(sample: Ledger) -> None:
    before = sample.to_csv()
    after = sample.with_value("2011303", "基本支出", "52.84")
    assert after.value("2011303", "基本支出") == D("52.84")
    assert sample.value("2011303", "基本支出") == D("42.84")
    assert sample.to_csv() == before
    assert after != sample and sample == sample_ledger()


def test_with_value_accepts_blank_and_not_applicable(sample: Ledger) -> None:
    assert sample.with_value("201", "经营支出", "——").value("201", "经营支出") is NOT_APPLICABLE
    assert sample.with_value("201", "基本支出", None).value("201", "基本支出") is None


def test_with_value_on_unprinted_account_prints_it() -> None:
    ledger = Ledger.from_rows([("2011301", "行政运行", ["1.00"])], columns=["合计"])
    changed = ledger.with_value("20113", "合计", "1.00")
    assert changed["20113"].printed and not ledger["20113"].printed


def test_with_account_and_without_account(sample: Ledger) -> None:
    added = sample.with_account("2011350", "事业运行", ["1.00", "1.00", "", "", "", ""])
    assert codes_of(added.children("20113")) == ["2011301", "2011303", "2011350", "2011399"]
    assert "2011350" not in sample and len(sample) == 25
    replaced = sample.with_account("2011303", "新名", {"本年支出合计": "1.00"})
    assert replaced["2011303"].name == "新名" and replaced["2011303"]["基本支出"] is None
    assert len(replaced) == 25
    removed = sample.without_account("2011303")
    assert "2011303" not in removed and "2011303" in sample
    assert codes_of(removed.children("20113")) == ["2011301", "2011399"]


def test_without_parent_leaves_children_under_an_unprinted_parent(sample: Ledger) -> None:
    removed = sample.without_account("20113")
    assert "20113" in removed and not removed["20113"].printed
    assert [d.kind for d in removed.diagnostics] == ["missing_parent"]
    assert sample.diagnostics == ()


def test_with_total(sample: Ledger) -> None:
    assert sample.with_total(None).total is None
    changed = sample.with_total({"本年支出合计": "1.00"})
    assert changed.total == (D("1.00"), None, None, None, None, None)
    assert sample.total is not None and sample.total[0] == D("1776.55")


# ---- rollup and consolidation ------------------------------------------------------------


def test_rollup_of_the_sample(sample: Ledger) -> None:
    rolled = sample.rollup()
    assert rolled.value("20113", "本年支出合计") == D("750.06")
    assert rolled.value("20113", "基本支出") == D("735.83")
    assert rolled.value("216", "项目支出") == D("866.20")
    assert rolled.value("201", "本年支出合计") == D("751.02")
    assert rolled.value("201", "经营支出") is None
    assert rolled.total == (D("1776.57"), D("896.14"), D("880.43"), None, None, None)
    assert rolled.value("2011301", "本年支出合计") == D("692.99")  # leaves kept
    assert sample.value("20113", "本年支出合计") == D("750.05")
    assert rolled.rollup() == rolled


def test_rollup_keeps_the_finest_precision() -> None:
    ledger = Ledger.from_rows(
        [("201", "a", ["0"]), ("20101", "b", ["1.8"]), ("20102", "c", ["0.25"])],
        columns=["合计"], total=["0"],
    )
    rolled = ledger.rollup()
    assert str(rolled.value("201", "合计")) == "2.05"
    assert rolled.total is not None and str(rolled.total[0]) == "2.05"


def test_rollup_of_not_applicable_cells() -> None:
    ledger = Ledger.from_rows(
        [("201", "a", ["", "1.00"]), ("20101", "b", ["——", "——"]), ("20102", "c", ["——", ""])],
        columns=["甲", "乙"],
    )
    rolled = ledger.rollup()
    assert rolled.value("201", "甲") is NOT_APPLICABLE
    assert rolled.value("201", "乙") is None


def test_consolidate_same_tree(sample: Ledger) -> None:
    doubled = sample + sample
    assert doubled.value("20113", "本年支出合计") == D("1500.10")
    assert doubled.value("2011399", "基本支出") is None
    assert doubled.total is not None and doubled.total[0] == D("3553.10")
    assert codes_of(doubled) == codes_of(sample)
    # Adding two printed figures adds their rounding errors, which the sum's own
    # precision does not show; the sum carries them. 1,471.64 = 735.82 + 735.82 stands
    # for ±(0.005 + 0.005) = ±0.010, its children 692.99 + 42.84 twice for
    # ±4 × 0.005 = ±0.020: 1,471.66 is 0.02 away, within the ±0.030 allowed (the
    # digits alone would allow ±0.015 and call it violated).
    audit = doubled.check()
    assert audit.violations == ()
    finding = next(f for f in audit.rounding if (str(f.code), f.column) == ("20113", "基本支出"))
    assert (finding.difference, finding.allowed) == (D("-0.02"), D("0.030"))


def test_consolidate_different_trees_and_columns() -> None:
    a = Ledger.from_rows([("201", "一般", ["1.00"]), ("20101", "人大", ["1.00"])],
                         columns=["合计"], total=["1.00"])
    b = Ledger.from_rows([("201", "", ["2.00"]), ("20102", "政协", ["2.00"])],
                         columns=["合计"])
    summed = a.consolidate(b)
    assert codes_of(summed) == ["201", "20101", "20102"]
    assert summed["201"].name == "一般" and summed.value("201", "合计") == D("3.00")
    assert summed.total is None  # only one of them had a 合计 row
    with pytest.raises(ValueError, match="different columns"):
        a.consolidate(Ledger.from_rows([], columns=["其他"]))


# ---- output ----------------------------------------------------------------------------


def test_repr(sample: Ledger) -> None:
    assert repr(sample) == (
        "<Ledger 公开03表: 25 accounts × 6 columns (本年支出合计, 基本支出, 项目支出, 上缴上级支出, …)>"
    )
    assert repr(Ledger.from_rows([], columns=["合计"])) == "<Ledger: 0 accounts × 1 column (合计)>"


def test_text_tree(sample: Ledger) -> None:
    lines = str(sample).splitlines()
    assert len(lines) == 2 + 25
    assert lines[0].split() == ["科目", *COLUMNS]
    assert lines[1].split() == ["合计", "1,776.55", "896.13", "880.42"]
    assert lines[2].startswith("201 一般公共服务支出")
    assert lines[3].startswith("  20113 商贸事务")
    assert lines[4].startswith("    2011301 行政运行")
    assert lines[6].split() == ["2011399", "其他商贸事务支出", "14.23", "14.23"]
    # 201 and 2011399 both end in their 项目支出 figure: the figures line up on the right
    assert display_width(lines[2]) == display_width(lines[6])
    assert display_width(lines[1]) == display_width(lines[2])


def test_text_tree_marks_unprinted_accounts() -> None:
    ledger = Ledger.from_rows([("2011301", "行政运行", ["692.99"])], columns=["合计"])
    assert str(ledger).splitlines() == [
        "科目" + " " * 20 + "合计",
        "[201]",
        "  [20113]",
        "    2011301 行政运行  692.99",
    ]


def test_ledgers_are_hashable_and_compare_to_the_printed_digit() -> None:
    one = Ledger.from_rows([("201", "a", ["1.8"])], columns=["合计"])
    two = Ledger.from_rows([("201", "a", ["1.80"])], columns=["合计"])
    assert one != two
    assert one == Ledger.from_rows([("201", "a", [D("1.8")])], columns=["合计"])
    assert len({one, two, Ledger.from_rows([("201", "a", ["1.8"])], columns=["合计"])}) == 2


def test_consolidation_converts_the_other_unit_first() -> None:
    wan = Ledger.from_rows([("201", "一般公共服务支出", ["1.00"])], columns=["合计"])
    yuan = Ledger.from_rows([("201", "一般公共服务支出", ["12345"])], columns=["合计"],
                            unit=Unit.YUAN)
    both = wan + yuan
    assert both.unit is Unit.WAN
    assert both.value("201", "合计") == Decimal("2.2345")
    assert (yuan + wan).value("201", "合计") == Decimal("22345.00")


def test_added_and_removed_accounts_keep_what_cannot_be_found_again() -> None:
    doubled = Ledger.from_rows(
        [("201", "一般公共服务支出", ["1.00"]), ("201", "一般公共服务支出", ["2.00"])],
        columns=["合计"])
    assert [d.kind for d in doubled.diagnostics] == ["duplicate_code"]
    added = doubled.with_account("202", "外交支出", ["3.00"])
    assert [d.kind for d in added.diagnostics] == ["duplicate_code"]
    orphan = added.with_account("2020101", "x", ["3.00"])
    assert [d.kind for d in orphan.diagnostics] == ["duplicate_code", "missing_parent"]
    assert [d.kind for d in orphan.without_account("2020101").diagnostics] == ["duplicate_code"]


def test_from_rows_names_the_row_of_a_bad_code_or_total() -> None:
    with pytest.raises(InvalidCode, match="row 2: invalid classification code '20x'"):
        Ledger.from_rows([("201", "a", ["1.00"]), ("20x", "b", ["1.00"])], columns=["合计"])
    with pytest.raises(InvalidAmount, match="the 合计 row: invalid amount 'x'"):
        Ledger.from_rows([("201", "a", ["1.00"])], columns=["合计"], total=["x"])
