"""CSV as it comes: separated by commas, tabs, semicolons or full-width commas; an empty
file and a header with no rows each say what they are; an .xls file says what to do."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from gfs_ledger import Ledger, ReadError, sample_ledger
from gfs_ledger.cli import main
from gfs_ledger.io.csv import read_csv, sniff_delimiter
from gfs_ledger.samples import SAMPLE_TABLE03, sample_path


def _resaved(delimiter: str) -> str:
    """The bundled 公开03表 CSV saved again with another separator."""
    text = sample_path(SAMPLE_TABLE03).read_text(encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(
        csv.reader(io.StringIO(text)))
    return out.getvalue()


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "，"], ids=["comma", "tab", "semicolon",
                                                                  "full-width-comma"])
def test_every_separator_reads_the_same_ledger(delimiter: str) -> None:
    text = _resaved(delimiter)
    assert sniff_delimiter(text) == delimiter
    ledger = read_csv(text, title="公开03表")
    assert ledger == read_csv(_resaved(","), title="公开03表")
    assert ledger.value("20113", "基本支出") == sample_ledger().value("20113", "基本支出")
    assert [f.code for f in ledger.check().rounding] == [f.code for f in sample_ledger().check().rounding]


def test_a_tab_separated_file_in_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t03.csv"
    path.write_text(_resaved("\t"), encoding="gb18030")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "25 accounts × 6 columns" in out and "OK: no violations; 4 differences" in out


def test_a_name_holding_the_separator_stays_one_cell() -> None:
    text = "科目编码;科目名称;合计\n201;\"一般公共服务支出;其他\";1.00\n"
    assert read_csv(text).get("201").name == "一般公共服务支出;其他"  # type: ignore[union-attr]


def test_a_bad_cell_in_a_tab_file_is_named_by_line_and_cell() -> None:
    with pytest.raises(ReadError, match=r"t.tsv, line 3, cell C \(合计\): invalid amount 'x'"):
        read_csv("科目编码\t科目名称\t合计\n201\t一般公共服务支出\t1.00\n20101\t人大事务\tx\n",
                 source="t.tsv")


@pytest.mark.parametrize("text", ["", "\n", "  \n\n", "\ufeff"])
def test_an_empty_file_says_it_is_empty(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match=r"empty.csv: the file is empty"):
        read_csv(path)


def test_an_empty_file_in_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert main(["check", str(path)]) == 2
    assert capsys.readouterr().err == f"gfs-ledger: {path}: the file is empty: a table saved " \
        "as CSV starts with a header row naming 科目编码, 科目名称 and the amount columns\n"


def test_a_header_without_rows_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "header.csv"
    path.write_text("科目编码\t科目名称\t合计\n", encoding="utf-8")
    ledger = Ledger.from_csv(path)
    assert [d.kind for d in ledger.diagnostics] == ["no_rows"]
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "the header is followed by no row, so there is nothing to check" in out


def test_no_header_row_names_the_separators_tried() -> None:
    with pytest.raises(ReadError, match=r"no header row with a code column .* a comma, a tab, "
                                        r"a semicolon or a full-width comma"):
        read_csv("标题\n201,一般公共服务支出,1.00\n")


@pytest.mark.parametrize("name", ["t03.xls", "renamed.xlsx"])
def test_an_xls_workbook_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """An Excel 97-2003 workbook (an OLE2 file) is refused with the way out, by its
    suffix or, renamed to .xlsx, by its first bytes; openpyxl is not needed for that."""
    path = tmp_path / name
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"gfs-ledger: {path}: an .xls workbook (Excel 97-2003) cannot be read")
    assert "save it as .xlsx" in err and "libreoffice --headless --convert-to xlsx" in err
    with pytest.raises(ReadError, match="cannot be read: open it in Excel"):
        Ledger.from_xlsx(path)
