"""Spreadsheets (the excel extra): .xlsx in and out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gfs_ledger import Ledger, ReadError, Unit
from gfs_ledger.samples import sample_ledger

openpyxl = pytest.importorskip("openpyxl", reason="needs openpyxl (the excel extra)")

from gfs_ledger.io.excel import read_xlsx, write_audit_xlsx  # noqa: E402


def test_sample_03_written_and_read_back_is_equal(tmp_path: Path) -> None:
    path = tmp_path / "t03.xlsx"
    ledger = sample_ledger()
    ledger.to_xlsx(path)
    again = Ledger.from_xlsx(path, title="公开03表")
    assert again == ledger
    for a, b in zip(again, ledger):
        assert [str(v) for v in a.values.values()] == [str(v) for v in b.values.values()]


def test_precision_dashes_units_and_huge_figures_survive(tmp_path: Path) -> None:
    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["1.80", "——", "1.80E+4"]),
         ("20113", "商贸事务", ["639.7096", None, "12345678901234567.89"]),
         ("2011301", "行政运行", ["-0.10", "0", "7"])],
        columns=["合计", "基本支出", "项目支出"], unit=Unit.YUAN, title="t",
    )
    path = tmp_path / "odd.xlsx"
    ledger.to_xlsx(path)
    again = read_xlsx(path, title="t")
    assert again == ledger and again.unit is Unit.YUAN
    assert [str(v) for v in again["20113"].values.values()] == [
        "639.7096", "None", "12345678901234567.89"]


def _book(rows: list[list[object]], merges: list[str] = (), formats: dict[str, str] | None = None
          ) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    for cell, fmt in (formats or {}).items():
        sheet[cell].number_format = fmt
    return book


def test_merged_header_cells_and_merged_total(tmp_path: Path) -> None:
    book = _book(
        [["支出决算表"], ["金额单位：万元"],
         ["科目编码", "科目名称", "本年支出合计", "本年支出", None],
         [None, None, None, "基本支出", "项目支出"],
         ["合计", None, 15.0, 10.0, 5.0],
         ["201", "一般公共服务支出", 15.0, 10.0, 5.0],
         ["注：本表无数据的项目不列示。"]],
        merges=["A3:A4", "B3:B4", "C3:C4", "D3:E3", "A5:B5", "A1:E1"],
        formats={"C5": "0.00", "D5": "0.00", "E5": "0.00", "C6": "#,##0.00",
                 "D6": "#,##0.00", "E6": "#,##0.00"},
    )
    path = tmp_path / "merged.xlsx"
    book.save(path)
    ledger = read_xlsx(path)
    assert ledger.columns == ("本年支出合计", "基本支出", "项目支出")
    assert ledger.total == (Decimal("15.00"), Decimal("10.00"), Decimal("5.00"))
    assert ledger.row_rules[0].parts == ("基本支出", "项目支出")
    assert ledger.check().ok


def test_text_cells_and_named_sheet(tmp_path: Path) -> None:
    book = _book([["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "1,776.55"]])
    other = book.create_sheet("第二")
    other.append(["科目编码", "科目名称", "合计"])
    other.append([208, "社会保障和就业支出", 92.27])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert read_xlsx(path).value("201", "合计") == Decimal("1776.55")
    assert str(read_xlsx(path, sheet="第二").value("208", "合计")) == "92.27"
    assert read_xlsx(path, sheet=1).codes == read_xlsx(path, sheet="第二").codes
    with pytest.raises(ReadError, match="no sheet"):
        read_xlsx(path, sheet="missing")


def test_bad_cell_names_sheet_row_and_column(tmp_path: Path) -> None:
    book = _book([["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "abc"]])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(ReadError, match=r"line 2, cell C \(合计\)"):
        read_xlsx(path)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "no.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReadError, match=r"not an \.xlsx workbook"):
        read_xlsx(path)


def test_audit_workbook_flags_cells(tmp_path: Path) -> None:
    ledger = sample_ledger()
    audit = ledger.check()
    path = tmp_path / "audit.xlsx"
    write_audit_xlsx(audit, path, ledgers=[("公开03表", ledger)],
                     identity={"department": "阳泉市商务局", "year": 2023})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["summary", "findings", "diagnostics", "公开03表"]
    findings = list(book["findings"].iter_rows(values_only=True))
    assert len(findings) == len(audit.findings) + 1
    commented = [c for row in book["公开03表"].iter_rows() for c in row if c.comment]
    assert len(commented) == len(audit.rounding)
    # the ledger sheet of an audit workbook still reads back as the ledger
    assert read_xlsx(path, sheet="公开03表", title="公开03表") == ledger


def test_report_03_written_and_read_back_is_equal(tmp_path: Path) -> None:
    from gfs_ledger import read_report

    ledger = read_report().tables["公开03表"].ledger
    assert ledger is not None
    path = tmp_path / "公开03表.xlsx"
    ledger.to_xlsx(path)
    again = Ledger.from_xlsx(path, title="公开03表")
    assert again == ledger
    for a, b in zip(again, ledger):
        assert [str(v) for v in a.values.values()] == [str(v) for v in b.values.values()]


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    name = '=HYPERLINK("http://x","y")'
    ledger = Ledger.from_rows([("201", name, ["1.50"])], columns=["合计"], title="=t")
    path, audit_path = tmp_path / "t.xlsx", tmp_path / "audit.xlsx"
    ledger.to_xlsx(path)
    assert read_xlsx(path)["201"].name == name
    write_audit_xlsx(ledger.check(), audit_path, ledgers=[("=t", ledger)],
                     identity={"department": "=1+1"})
    for written in (path, audit_path):
        book = openpyxl.load_workbook(written)
        cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert name in [c.value for c in cells]
    assert openpyxl.load_workbook(audit_path)["summary"]["B1"].value == "=1+1"
