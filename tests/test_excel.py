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
    # 19 significant digits (no float holds them) within the 15 integer digits of an amount
    ledger = Ledger.from_rows(
        [("201", "一般公共服务支出", ["1.80", "——", "1.80E+4"]),
         ("20113", "商贸事务", ["639.7096", None, "123456789012345.6789"]),
         ("2011301", "行政运行", ["-0.10", "0", "7"])],
        columns=["合计", "基本支出", "项目支出"], unit=Unit.YUAN, title="t",
    )
    path = tmp_path / "odd.xlsx"
    ledger.to_xlsx(path)
    again = read_xlsx(path, title="t")
    assert again == ledger and again.unit is Unit.YUAN
    assert [str(v) for v in again["20113"].values.values()] == [
        "639.7096", "None", "123456789012345.6789"]


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
    with pytest.raises(ReadError, match=r"bad\.xlsx \[Sheet\], row 2, cell C2 \(合计\): "):
        read_xlsx(path)


def test_sheet_errors_name_rows_and_cells_csv_errors_lines(tmp_path: Path) -> None:
    book = _book([["科目编码", "科目名称", "合计"], [], ["2011", "一般公共服务支出", 1.5]])
    path = tmp_path / "code.xlsx"
    book.save(path)
    with pytest.raises(ReadError, match=r"row 3, cell A3 \(科目编码\): invalid classification"):
        read_xlsx(path)
    with pytest.raises(ReadError, match=r"t\.csv, line 2, cell C \(合计\): invalid amount"):
        Ledger.from_csv("科目编码,科目名称,合计\n201,一般公共服务支出,abc\n", source="t.csv")


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


def _total_and_one_row(total: object, figure: object = 1.5) -> openpyxl.Workbook:
    return _book([["科目编码", "科目名称", "合计"], [None, "合计", total],
                  ["201", "一般公共服务支出", figure]])


def test_formula_without_a_stored_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "formula.xlsx"
    _total_and_one_row("=SUM(C3:C3)").save(path)  # openpyxl stores no value for it
    with pytest.raises(ReadError, match=r"formula\.xlsx \[Sheet\], row 2, cell C2: C2 holds a "
                       r"formula with no stored value \(=SUM\(C3:C3\)\): open and save"):
        read_xlsx(path)


def test_formula_with_a_stored_value_reads_its_value(tmp_path: Path) -> None:
    import zipfile

    path, stored = tmp_path / "formula.xlsx", tmp_path / "stored.xlsx"
    _total_and_one_row("=SUM(C3:C3)").save(path)
    # what Excel writes: the formula and its value, and an empty text result as t="str"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stored, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<f>SUM(C3:C3)</f><v />" in data
                data = data.replace(b"<f>SUM(C3:C3)</f><v />", b"<f>SUM(C3:C3)</f><v>1.5</v>")
                data = data.replace(b"</sheetData>", b'<row r="4"><c r="D4" t="str">'
                                    b'<f>IF(1,"","")</f><v></v></c></row></sheetData>')
            out.writestr(item, data)
    ledger = read_xlsx(stored)
    assert ledger.total == (Decimal("1.5"),) and ledger.check().ok


def test_merged_amount_cells_in_the_body_are_refused(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["科目编码", "科目名称", "合计", "基本支出"],
        ["201", "一般公共服务支出", 1.5, 1.5],
        ["20101", "人大事务", 1.5, None]]
    path = tmp_path / "merged.xlsx"
    _book(rows, merges=["D2:D3"]).save(path)
    with pytest.raises(ReadError, match=r"row 2, cell D2 \(基本支出\): D2:D3 is one merged cell "
                       r"over amount cells: a figure cannot be shared by two rows"):
        read_xlsx(path)
    _book(rows, merges=["C3:D3"]).save(path)
    with pytest.raises(ReadError, match=r"C3:D3 is one merged cell .* by two cells"):
        read_xlsx(path)
    # a note or 本表无数据 merged across the width, a name merged over two rows: read
    _book([*rows, ["注：本表金额单位为万元。"]], merges=["A4:D4", "B2:B3"]).save(path)
    ledger = read_xlsx(path)
    assert ledger.value("20101", "基本支出") is None
    assert [a.name for a in ledger] == ["一般公共服务支出", "一般公共服务支出"]


def test_figures_read_as_excel_shows_them(tmp_path: Path) -> None:
    from gfs_ledger.io.excel import cell_text

    assert [cell_text(v, "0.00") for v in (2.345, 0.125, 1.225, -2.345, 2.675)] == [
        "2.35", "0.13", "1.23", "-2.35", "2.68"]
    assert cell_text(751.0100000000001) == "751.01"
    assert cell_text(0.1 + 0.2) == "0.3" and cell_text(-0.0, "0.00") == "0.00"
    assert cell_text(0.25, "0%") == "0.25"  # a percentage is not rendered
    book = _book([["科目编码", "科目名称", "合计", "基本支出"],
                  ["201", "一般公共服务支出", 751.0100000000001, 2.345]],
                 formats={"D2": "#,##0.00"})
    path = tmp_path / "shown.xlsx"
    book.save(path)
    ledger = read_xlsx(path)
    assert [str(v) for v in ledger["201"].values.values()] == ["751.01", "2.35"]
    assert not ledger.diagnostics


def test_whole_numbers_without_decimals_in_their_format_warn(tmp_path: Path) -> None:
    from gfs_ledger import Severity, Tolerance

    book = _book([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                  [None, "合计", 750.05, 750, "0.10"],
                  ["201", "一般公共服务支出", 750.05, 750.0, "0.10"]],
                 formats={"D3": "#,##0"})
    path = tmp_path / "whole.xlsx"
    book.save(path)
    ledger = read_xlsx(path)
    assert str(ledger.value("201", "基本支出")) == "750"  # as printed
    [warning] = ledger.diagnostics
    assert warning.kind == "no_decimals" and warning.severity is Severity.WARNING
    assert "sheet Sheet" in warning.message and "基本支出" in warning.message
    assert "合计" not in warning.message.split("have no")[0]
    assert "--step 0.01" in warning.message and "Tolerance.with_step" in warning.message
    assert warning.line == 2
    # read to the unit, 750 + 0.10 passes for 750.05; printed to the cent, it does not
    audit = ledger.check()
    assert audit.ok and len(audit.rounding) == 2 and warning in audit.diagnostics
    assert "--step 0.01" in str(audit)
    assert not ledger.check(Tolerance.rounding().with_step("0.01")).ok
    # figures with decimals in their format, and text, give no warning
    book = _book([["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", 750],
                  ["202", "外交支出", "750"]], formats={"C2": "0.00"})
    book.save(path)
    assert not read_xlsx(path).diagnostics


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


def test_a_title_merged_across_the_sheet_lends_no_label(tmp_path: Path) -> None:
    book = _book([["一般公共预算财政拨款支出决算表"],
                  ["科目编码", "科目名称", "合计", "基本支出", "项目支出", None],
                  ["201", "一般公共服务支出", 15.0, 10.0, 5.0, None]],
                 merges=["A1:F1"], formats={f"{c}3": "0.00" for c in "CDE"})
    path = tmp_path / "title.xlsx"
    book.save(path)
    ledger = read_xlsx(path)
    assert ledger.columns == ("合计", "基本支出", "项目支出")
    assert ledger.row_rules[0].parts == ("基本支出", "项目支出")
    # a group label above the header's own amount columns is still lent
    book = _book([[None, None, "本年支出", None],
                  ["科目编码", "科目名称", None, "基本支出"],
                  ["201", "一般公共服务支出", 10.0, 10.0]], merges=["C1:D1"])
    book.save(path)
    assert read_xlsx(path).columns == ("本年支出", "基本支出")
    # nor does a unit line above a blank header cell
    ledger = Ledger.from_csv(",,,金额单位：元\n科目编码,科目名称,合计,\n201,一般公共服务支出,1.50,\n")
    assert ledger.columns == ("合计",) and ledger.unit is Unit.YUAN


def test_a_header_without_rows_warns(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    _book([["科目编码", "科目名称", "合计"]]).save(path)
    ledger = read_xlsx(path)
    [warning] = ledger.diagnostics
    assert warning.kind == "no_rows" and "sheet Sheet" in warning.message
    assert ledger.check().ok and "no_rows" not in str(ledger.check()) and (
        "followed by no row" in str(ledger.check()))
    csv_ledger = Ledger.from_csv("科目编码,科目名称,合计\n注：无。\n")
    assert [d.kind for d in csv_ledger.diagnostics] == ["no_rows"]
    assert not Ledger.from_csv("科目编码,科目名称,合计\n本表无数据\n").diagnostics
    _book([["科目编码", "科目名称", "合计"], ["本表无数据"]]).save(path)
    assert not read_xlsx(path).diagnostics
