"""Nothing escapes (issue 10): every input the fuzzing of issue 10 found crashing the
readers now raises gfs_ledger's own error naming the place, and the command line tells
bad input (2) from a bug of its own (3), never 1."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

import gfs_ledger.cli
from gfs_ledger import (
    GfsLedgerError,
    InvalidAmount,
    Ledger,
    ReadError,
    Tolerance,
    parse_amount,
    read_report,
)
from gfs_ledger.cli import EXIT_INTERNAL, EXIT_UNUSABLE, main
from gfs_ledger.errors import InvalidValue
from gfs_ledger.narrative.claims import extract_claims
from gfs_ledger.samples import sample_ledger, sample_text


def test_a_run_of_4301_digits_in_a_row_number_is_no_row_number() -> None:
    # "1" * 4301 as the 行次 of 公开10表's 合计: int() of it raised ValueError (the limit of
    # integer string conversion); it is now no 行次, and the figure 1 is read
    report = read_report("公开10表\n合计\t" + "1" * 4301 + "\t1\n注：\n")
    assert report.tables["公开10表"].items[0].figures[-1] == Decimal(1)


def test_1e1000000_in_a_disclosure_is_an_unreadable_line_not_an_overflow() -> None:
    report = read_report("公开03表\n合计\t\t1e1000000\n注：\n")
    audit = report.audit()  # raised decimal.Overflow
    assert not audit.ok
    assert any("1e1000000" in d.message and "15 integer digits" in d.message
               for d in report.diagnostics + tuple(report.tables["公开03表"].diagnostics))


def test_1e1000000_in_a_csv_is_a_read_error_at_its_cell() -> None:
    with pytest.raises(ReadError) as caught:
        Ledger.from_csv("科目编码,合计\n201,1e1000000\n20101,1\n").check()
    assert (caught.value.line, caught.value.cell) == (2, "B (合计)")


@pytest.mark.parametrize(("text", "why"), [
    ("1" * 16, "16 integer digits"),
    ("99999999999999999999999999.99", "28 integer digits"),
    ("1e15", "10¹⁵ is 16 integer digits"),
    ("1e-61", "61 decimals"),
    ("1" * 5000, "a run of 5,000 digits"),
], ids=["16 digits", "28 digits", "1e15", "1e-61", "5000 digits"])
def test_amounts_beyond_any_budget_are_invalid(text: str, why: str) -> None:
    with pytest.raises(InvalidAmount, match="15 integer digits or 60 decimals"):
        parse_amount(text)


def test_the_largest_amounts_still_read() -> None:
    # 15 integer digits: 999,999,999,999,999 (a thousand times any budget, in 元)
    assert parse_amount("999,999,999,999,999.99") == Decimal("999999999999999.99")
    assert parse_amount(-(10**15 - 1)) == Decimal(-(10**15 - 1))
    with pytest.raises(InvalidAmount):
        parse_amount(10**15)


def test_a_28_digit_figure_in_the_sample_is_refused_where_it_is_printed() -> None:
    text = sample_text().replace("2011301\t行政运行\t692.99", "2011301\t行政运行\t"
                                 "99999999999999999999999999.99", 1)
    report = read_report(text)
    audit = report.audit()  # the prose check raised decimal.InvalidOperation
    assert any("99999999999999999999999999.99" in d.message for d in audit.diagnostics)


def test_a_tolerance_beyond_any_amount_is_invalid() -> None:
    with pytest.raises(InvalidValue, match="15 integer digits"):
        Tolerance.parse("1e30")
    assert Tolerance.parse("0.05").slack == Decimal("0.05")


def test_the_prose_check_quantizes_any_ratio_of_amounts() -> None:
    # 999,999,999,999,999 / 0.000001 × 100 is 1e23 %, stated to 12 decimals: 36 digits,
    # more than Decimal's default 28
    from gfs_ledger.narrative.check import _quotient

    value = _quotient(Decimal("999999999999999"), Decimal("0.000001"), -12)
    assert value == Decimal("99999999999999900000000.000000000000")


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("科目编码,合计\n201,1\r2\n", 2, "line break (CR)"),
    ("科目编码,合计\n201,\"" + "1" * 140_000 + "\"\n", 2, "longer than 131,072"),
], ids=["CR in a field", "a field of 140,000 characters"])
def test_what_the_csv_module_cannot_split_is_a_read_error(text: str, line: int,
                                                          reason: str) -> None:
    with pytest.raises(ReadError, match=re.escape(reason)) as caught:
        Ledger.from_csv(text, source="t.csv")
    assert caught.value.line == line and caught.value.source == "t.csv"


def _xlsx(tmp_path: Path) -> bytes:
    path = tmp_path / "t.xlsx"
    sample_ledger().to_xlsx(path)
    return path.read_bytes()


def _rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, change.get(item.filename, source.read(item.filename)))
    return out.getvalue()


def _damaged(data: bytes, how: str) -> bytes:
    sheet = "xl/worksheets/sheet1.xml"
    if how == "cut":
        return data[:-1]
    if how == "flipped":
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo(sheet)
        at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 40
        flipped = bytearray(data)
        flipped[at] ^= 0xFF
        return bytes(flipped)
    xml = zipfile.ZipFile(io.BytesIO(data)).read(sheet)
    xml = re.sub(rb'(<c r="C3")( s="\d+")?', rb'\1 s="999"', xml, count=1)
    assert b's="999"' in xml
    return _rezip(data, {sheet: xml})


@pytest.mark.parametrize("how", ["cut", "flipped", "style"])
def test_a_damaged_xlsx_is_a_read_error(tmp_path: Path, how: str) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / f"{how}.xlsx"
    path.write_bytes(_damaged(_xlsx(tmp_path), how))
    with pytest.raises(ReadError) as caught:  # ParseError, zlib.error, IndexError before
        Ledger.from_xlsx(path)
    assert str(path) in str(caught.value)


def test_the_cli_exits_2_for_a_damaged_xlsx(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(_damaged(_xlsx(tmp_path), "flipped"))
    assert main(["check", str(path)]) == EXIT_UNUSABLE
    assert "damaged .xlsx" in capsys.readouterr().err


def test_the_cli_exits_2_for_a_csv_it_cannot_split(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes("科目编码,合计\n201,1\r2\n".encode())
    assert main(["check", str(path)]) == EXIT_UNUSABLE
    assert "line 2" in capsys.readouterr().err


def test_the_cli_exits_3_with_one_line_for_a_bug(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(gfs_ledger.cli, "read_report", broken)
    assert main(["check"]) == EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error (ZeroDivisionError: a bug)" in err
    assert "please report it" in err


def test_a_long_run_of_digits_in_the_prose_is_no_figure() -> None:
    # 16 digits are no amount (15 integer digits at most); 15 are one
    claims = extract_claims([(1, "支出" + "1" * 16 + "万元"), (2, "支出" + "1" * 15 + "万元")])
    assert [(c.line, c.stated.value) for c in claims] == [(2, Decimal("1" * 15))]


def test_only_gfs_ledger_errors_for_the_readers_on_garbage() -> None:
    # one garbage input per reader that once escaped; each is GfsLedgerError or reads
    for text in ("公开01表\n" + "9" * 20000 + "\n注：\n", "第一部分\n公开01表\n注：x\n" * 50):
        try:
            read_report(text).audit()
        except GfsLedgerError:
            pass
