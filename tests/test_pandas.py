"""Frames (the pandas extra): a ledger and its findings through pandas and back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import NOT_APPLICABLE, Audit, InvalidAmount, Ledger, Unit
from gfs_ledger.samples import sample_ledger

pd = pytest.importorskip("pandas", reason="needs pandas (the pandas extra)")


def test_sample_03_through_pandas_and_back_is_equal() -> None:
    ledger = sample_ledger()
    frame = ledger.to_pandas()
    assert list(frame.columns) == ["code", "name", "level", "parent", "printed", *ledger.columns]
    assert len(frame) == len(ledger) + 1
    assert frame["本年支出合计"].dtype == object
    assert isinstance(frame.loc[1, "本年支出合计"], Decimal)
    again = Ledger.from_pandas(frame)
    assert again == ledger
    for a, b in zip(again, ledger):
        assert [str(v) for v in a.values.values()] == [str(v) for v in b.values.values()]


def test_round_trip_keeps_precision_blanks_and_dashes() -> None:
    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["1.80", None, "——"]),
         ("2011301", "行政运行", ["1.8000", "-0.10", None])],
        columns=["合计", "基本支出", "项目支出"], total=["1.80", None, "——"],
        title="t", unit=Unit.YUAN,
    )
    frame = ledger.to_pandas()
    assert frame.loc[1, "项目支出"] is NOT_APPLICABLE
    assert frame.loc[2, "printed"] == False  # noqa: E712 (a numpy bool)
    again = Ledger.from_pandas(frame)
    assert again == ledger and again.unit is Unit.YUAN
    assert str(again.value("2011301", "合计")) == "1.8000"


def test_frame_without_attrs_reads_with_options() -> None:
    frame = sample_ledger().to_pandas()
    frame.attrs.clear()
    again = Ledger.from_pandas(frame, title="公开03表")
    assert again == sample_ledger()


def test_floats_on_request_only_and_not_read_back() -> None:
    frame = sample_ledger().to_pandas(floats=True)
    assert frame["本年支出合计"].dtype == "float64"
    with pytest.raises(ValueError, match="floats=True"):
        Ledger.from_pandas(frame)


def test_findings_frame_holds_exactly_the_audit_findings() -> None:
    audit = sample_ledger().check()
    frame = audit.to_pandas()
    assert len(frame) == len(audit.findings)
    assert frame["line"].dtype == "Int64"
    again = Audit.from_pandas(frame)
    assert again.findings == audit.findings
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in audit.findings]
    rounding = frame[frame.outcome == "rounding"]
    assert list(zip(rounding.code, rounding.column)) == [
        (str(f.code), f.column) for f in audit.rounding
    ]
    assert Audit.from_pandas(rounding).findings == audit.rounding


def test_findings_frame_floats() -> None:
    frame = sample_ledger().check().to_pandas(floats=True)
    assert frame["reported"].dtype == "float64"
    with pytest.raises(ValueError, match="floats=True"):
        Audit.from_pandas(frame)


def test_report_03_through_pandas_and_back_is_equal() -> None:
    from gfs_ledger import read_report

    ledger = read_report().tables["公开03表"].ledger
    assert ledger is not None
    frame = ledger.to_pandas()
    assert len(frame) == len(ledger) + 1
    again = Ledger.from_pandas(frame)
    assert again == ledger
    for a, b in zip(again, ledger):
        assert [str(v) for v in a.values.values()] == [str(v) for v in b.values.values()]
    # the report's 03 is the sample CSV's 03, figure for figure
    assert again == sample_ledger()


def test_findings_frame_of_the_report_audit_holds_exactly_its_findings() -> None:
    from gfs_ledger import read_report

    audit = read_report().audit()
    frame = audit.to_pandas()
    # 702 + 20 rules of issue 10 (公开04表, 02 against 01 and 04) + 10 claims of issue 9
    # read on text too (7 years, 2 restated, 1 events)
    assert len(frame) == len(audit.findings) == 732
    again = Audit.from_pandas(frame)
    assert again.findings == audit.findings
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in audit.findings]
    assert again.summary() == audit.summary()
    rounding = frame[frame.outcome == "rounding"]
    # 05 also holds the prose's 224.27% (a narrative finding); the prose's two sums and
    # its two 0万元 restated as 980元 name no table
    assert sorted(rounding.table.value_counts().items()) == [
        ("公开02表", 4), ("公开03表", 4), ("公开05表", 5), ("公开05表/公开06表", 1), ("公开06表", 1)]
    assert rounding.table.isna().sum() == 4
    cross = frame[(frame.rule == "cross") & (frame.outcome == "rounding")]
    assert cross[["rule_id", "reported", "computed"]].values.tolist() == [
        ["05-06.basic", Decimal("896.13"), Decimal("896.12")]]
    assert Audit.from_pandas(rounding).findings == audit.rounding


def test_the_frames_own_columns_win_over_the_stored_ones() -> None:
    frame = sample_ledger().to_pandas()
    renamed = Ledger.from_pandas(frame.rename(columns={"基本支出": "基本"}))
    assert renamed.value("20113", "基本") == Decimal("735.82")
    assert "基本支出" not in renamed.columns
    # the stored row rule names 基本支出, so it no longer holds: the rule is inferred anew
    assert renamed.row_rules[0].parts[0] == "基本"
    narrow = Ledger.from_pandas(frame[["code", "name", "本年支出合计"]])
    assert narrow.columns == ("本年支出合计",)
    wider = Ledger.from_pandas(frame.assign(新列=frame["基本支出"]))
    assert wider.columns[-1] == "新列" and wider.value("201", "新列") == Decimal("736.78")


def test_frames_a_person_builds_fail_naming_the_record_and_column() -> None:
    import pandas as pd

    with pytest.raises(InvalidAmount, match=r"record 1, column '合计': .*not a finite number"):
        Ledger.from_pandas(pd.DataFrame({"code": ["201"], "name": ["a"],
                                         "合计": [Decimal("NaN")]}))
    with pytest.raises(InvalidAmount, match=r"record 1, column '合计': True is not an amount"):
        Ledger.from_pandas(pd.DataFrame({"code": ["201"], "name": ["a"], "合计": [True]}))
    with pytest.raises(InvalidAmount, match=r"record 1, column '备注': invalid amount 'x'"):
        Ledger.from_pandas(pd.DataFrame({"code": ["201"], "name": ["a"], "备注": ["x"]}))
    with pytest.raises(ValueError, match=r"no code column \(it is the index"):
        Ledger.from_pandas(sample_ledger().to_pandas().set_index("code"))
    # pd.read_csv makes a code column of floats where one row has no code
    floated = pd.DataFrame({"code": [float("nan"), 201.0], "name": ["合计", "a"],
                            "合计": ["1.00", "1.00"]})
    assert [str(c) for c in Ledger.from_pandas(floated).codes] == ["201"]


def test_findings_read_back_from_text_columns() -> None:
    frame = sample_ledger().check().to_pandas().astype(str)
    assert len(Audit.from_pandas(frame).findings) == 110
