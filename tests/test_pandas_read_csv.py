"""A pandas user's first move: pd.read_csv of a printed table, then Ledger.from_pandas;
and a report's figures with their outcomes as one frame."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gfs_ledger import GfsLedgerError, Ledger, read_report, sample_ledger
from gfs_ledger.samples import SAMPLE_TABLE03, sample_path

pd = pytest.importorskip("pandas", reason="needs pandas (the pandas extra)")

TABLE03 = sample_path(SAMPLE_TABLE03)


def test_read_csv_as_it_comes_is_refused_saying_both_ways_out() -> None:
    frame = pd.read_csv(TABLE03)
    assert list(frame.columns[:2]) == ["科目编码", "科目名称"]
    assert frame["基本支出"].dtype == "float64"
    with pytest.raises(GfsLedgerError) as caught:
        Ledger.from_pandas(frame)
    message = str(caught.value)
    assert "has lost the printed figure" in message
    assert "pd.read_csv(path, dtype=str)" in message and "places=2" in message


def test_read_csv_with_dtype_str_gives_the_ledger() -> None:
    frame = pd.read_csv(TABLE03, dtype=str)
    assert Ledger.from_pandas(frame, title="公开03表") == sample_ledger()


def test_read_csv_with_places_gives_the_ledger() -> None:
    frame = pd.read_csv(TABLE03)
    assert Ledger.from_pandas(frame, title="公开03表", places=2) == sample_ledger()


def test_a_frame_whose_code_is_the_index_says_so() -> None:
    frame = pd.read_csv(TABLE03, dtype=str).set_index("科目编码")
    with pytest.raises(ValueError, match=r"no code column \(it is the index: call reset_index"):
        Ledger.from_pandas(frame)


def test_report_to_pandas_has_one_row_per_figure_and_its_outcome() -> None:
    report = read_report()
    frame = report.to_pandas()
    assert len(frame) == len(report.to_records())
    assert list(frame.columns) == ["table", "section", "row", "code", "name", "column",
                                   "value", "line", "outcome"]
    cell = frame[(frame.table == "公开03表") & (frame.code == "20113")
                 & (frame.column == "本年支出合计")]
    assert cell[["value", "outcome"]].values.tolist() == [[Decimal("750.05"), "rounding"]]
    t06 = frame[(frame.table == "公开06表") & (frame.code == "303")]
    assert t06.outcome.tolist() == ["rounding"]
    audit = report.audit()
    assert (frame.outcome == "rounding").sum() == len(
        {(f.table, str(f.code) if f.code else None, f.column) for f in audit.rounding
         if f.rule in ("hierarchy", "row")})
    items = frame[frame.table == "公开01表"]
    assert len(items) > 0 and items.outcome.isna().all()
    floats = report.to_pandas(floats=True)
    assert floats.value.dtype == "float64"


def test_report_to_pandas_of_a_broken_report_shows_the_violation() -> None:
    report = read_report()
    broken = type(report).from_json(report.to_json().replace('"750.05"', '"751.05"', 1))
    frame = broken.to_pandas()
    assert "violated" in set(frame.outcome.dropna())
    assert "violated" not in set(report.to_pandas().outcome.dropna())


def test_float32_figures_are_read_by_their_own_shortest_repr() -> None:
    import numpy as np

    frame = pd.DataFrame({"科目编码": ["201"], "科目名称": ["一般公共服务支出"],
                          "合计": np.array([1776.55], dtype="float32")})
    assert Ledger.from_pandas(frame, places=2).value("201", "合计") == Decimal("1776.55")
