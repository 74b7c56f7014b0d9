"""Records and frames as people make them: the printed headers (科目编码, 科目名称) and,
only when asked with ``places``, floats."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gfs_ledger import GfsLedgerError, Ledger, read_report, sample_ledger
from gfs_ledger.io.records import float_figure, ledger_fields
from gfs_ledger.samples import SAMPLE_TABLE03, sample_path

TABLE03 = sample_path(SAMPLE_TABLE03)


def _printed_rows() -> list[dict[str, str]]:
    with TABLE03.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_records_under_the_printed_headers_make_the_sample_ledger() -> None:
    rows = _printed_rows()
    assert list(rows[0])[:2] == ["科目编码", "科目名称"]
    assert Ledger.from_records(rows, title="公开03表") == sample_ledger()


@pytest.mark.parametrize(("code", "name"), [("科目代码", "名称"), ("编码", "科目名称"),
                                            ("科目 编码", "name"), ("code", "项目名称")])
def test_every_printed_header_of_the_code_and_the_name(code: str, name: str) -> None:
    ledger = Ledger.from_records([{code: "201", name: "一般公共服务支出", "合计": "1.00"}])
    assert ledger["201"].name == "一般公共服务支出" and ledger.columns == ("合计",)


def test_two_code_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="two code columns: 'code' and '科目编码'"):
        ledger_fields(["code", "科目编码", "合计"])


def test_floats_are_refused_saying_both_ways_out() -> None:
    rows = [{"科目编码": 201, "科目名称": "一般公共服务支出", "合计": 751.01}]
    with pytest.raises(GfsLedgerError) as caught:
        Ledger.from_records(rows)
    message = str(caught.value)
    assert message.startswith("record 1, column '合计': the float 751.01 has lost the printed")
    assert "pd.read_csv(path, dtype=str)" in message and "places=2" in message
    assert isinstance(caught.value, ValueError)


def test_floats_with_places_make_the_sample_ledger() -> None:
    rows: list[dict[str, object]] = []
    for row in _printed_rows():
        rows.append({k: (float(v.replace(",", "")) if v and k not in ("科目编码", "科目名称")
                         else (int(v) if k == "科目编码" and v else (v or None)))
                     for k, v in row.items()})
    assert isinstance(rows[2]["基本支出"], float) and isinstance(rows[2]["科目编码"], int)
    assert Ledger.from_records(rows, title="公开03表", places=2) == sample_ledger()


def test_a_float_with_more_decimals_than_places_names_its_cell() -> None:
    with pytest.raises(GfsLedgerError, match=r"record 1, column '合计': the float 1.234 has "
                                              r"more than 2 decimals"):
        Ledger.from_records([{"code": "201", "name": "x", "合计": 1.234}], places=2)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_a_float_read_from_a_printed_figure_comes_back_as_that_figure(printed: Decimal) -> None:
    """What pd.read_csv does to "1776.55" (float("1776.55")), float_figure undoes."""
    assert str(float_figure(float(str(printed)), 2)) == str(printed.quantize(Decimal("0.01")))


def test_float_figure_takes_a_spreadsheet_sum_to_the_cent() -> None:
    assert float_figure(0.1 + 0.2, 2) == Decimal("0.30")
    assert float_figure(-0.0, 2) == Decimal("0.00")
    with pytest.raises(GfsLedgerError, match="not a finite number"):
        float_figure(float("inf"), 2)


def test_to_csv_and_to_json_write_the_file_when_given_one(tmp_path: Path) -> None:
    ledger = sample_ledger()
    assert ledger.to_csv(tmp_path / "t.csv") is None
    assert (tmp_path / "t.csv").read_bytes() == b"\xef\xbb\xbf" + ledger.to_csv().encode()
    assert Ledger.from_csv(tmp_path / "t.csv", source="t.csv").to_csv() == ledger.to_csv()
    assert ledger.to_json(tmp_path / "t.json") is None
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == ledger.to_json()
    audit, report = ledger.check(), read_report()
    audit.to_json(tmp_path / "a.json", indent=None)
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == audit.to_json(indent=None)
    report.to_json(tmp_path / "r.json")
    assert (tmp_path / "r.json").read_bytes() == report.to_json().encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "r.json", "t.csv", "t.json"]


def test_writing_into_a_missing_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        sample_ledger().to_json(tmp_path / "nowhere" / "t.json")
    assert list(tmp_path.iterdir()) == []
