"""The CSV reader and writer, and the ``gfs-ledger`` command line on the sample."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from gfs_ledger import Code, Ledger, ReadError, Unit
from gfs_ledger.cli import main
from gfs_ledger.samples import SAMPLE_TABLE03, sample_ledger, sample_path

D = Decimal
HEADER = "科目编码,科目名称,本年支出合计,基本支出,项目支出,上缴上级支出,经营支出,对附属单位补助支出"
FINDING_KEYS = {"rule", "code", "column", "reported", "computed", "difference", "allowed",
                "outcome", "message"}


def sample_csv() -> str:
    return sample_path(SAMPLE_TABLE03).read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, name: str = "table.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def mutated_sample(tmp_path: Path) -> Path:
    """The sample with 2011303 机关服务 changed from 42.84 to 52.84 in both columns."""
    text = sample_csv().replace("2011303,机关服务,42.84,42.84,", "2011303,机关服务,52.84,52.84,")
    assert "52.84" in text
    return write(tmp_path, text)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def problems(data: dict[str, object]) -> list[tuple[str, str, str]]:
    findings = data["findings"]
    assert isinstance(findings, list)
    return sorted((f["code"], f["column"], f["outcome"]) for f in findings
                  if f["outcome"] in ("violated", "rounding"))


# ---- reading and writing CSV -------------------------------------------------------------


def test_sample_csv_round_trips_exactly() -> None:
    ledger = sample_ledger()
    assert ledger.to_csv() == sample_csv().replace('"1,776.55"', "1776.55")
    again = Ledger.from_csv(ledger.to_csv(), source="again.csv")
    assert again == Ledger.from_csv(sample_csv())
    assert str(again.value("2101102", "基本支出")) == "1.80"


def test_reads_from_a_path_in_utf8_bom_and_gb18030(tmp_path: Path) -> None:
    expected = Ledger.from_csv(sample_csv())
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        path = write(tmp_path, sample_csv(), f"t-{encoding}.csv", encoding)
        assert Ledger.from_csv(path) == expected
        assert Ledger.from_csv(str(path)) == expected


def test_title_rows_labels_notes_unit_and_header_from_above() -> None:
    text = (
        "支出决算表,,,\n"
        "公开03表,,金额单位：元,\n"
        ",,本年支出合计,\n"
        "科目编码,科目名称,,基本支出\n"
        "栏次,,1,2\n"
        ",合计,30,30\n"
        "\n"
        "201,一般公共服务支出,30,30\n"
        "注：本表反映部门本年度各项支出情况。,,,\n"
        "202,外交支出,0,0\n"
    )
    ledger = Ledger.from_csv(text)
    assert ledger.columns == ("本年支出合计", "基本支出")
    assert ledger.unit is Unit.YUAN
    assert ledger.total == (D(30), D(30))
    # a note is passed over, and the rows after it are read, not dropped
    assert [str(c) for c in ledger.codes] == ["201", "202"]
    assert ledger.line_of("201") == 8
    assert ledger.row_rules[0].total == "本年支出合计"


def test_rows_after_a_note_are_read_and_a_bad_one_is_named() -> None:
    text = "科目编码,科目名称,合计\n201,a,2.00\n注：x\n20101,b,abc\n"
    with pytest.raises(ReadError, match=r"<text>, line 4, cell C \(合计\): invalid amount 'abc'"):
        Ledger.from_csv(text)
    # 注册费 is no note: a row with a name, a figure and no code is refused, not skipped
    with pytest.raises(ReadError, match=r"line 2, cell A .*invalid classification code ''"):
        Ledger.from_csv("科目编码,科目名称,合计\n,注册费,1.00\n")


def test_unit_lines_and_other_lines_above_the_header() -> None:
    text = "编制单位：阳泉市商务局,,\n单位名称：商务局,,\n金额单位：万元,,\n科目编码,科目名称,合计\n201,a,1.00\n"
    assert Ledger.from_csv(text).unit is Unit.WAN
    with pytest.raises(ReadError, match="unknown unit of money '千元'"):
        Ledger.from_csv("单位：千元,,\n科目编码,科目名称,合计\n201,a,1.00\n")


def test_a_figure_in_a_column_without_a_header_is_refused() -> None:
    with pytest.raises(ReadError, match=r"line 2, cell D: '99.00' stands in a column without"):
        Ledger.from_csv("科目编码,科目名称,合计\n201,a,1.00,99.00\n")
    with pytest.raises(ReadError, match="column D repeats the header '金额' of column C"):
        Ledger.from_csv("科目编码,科目名称,金额,金额\n201,a,1.00,1.00\n")


def test_empty_table_marker() -> None:
    ledger = Ledger.from_csv("科目编码,科目名称,合计\n本表无数据,,\n")
    assert len(ledger) == 0 and ledger.check().findings == ()


def test_unit_other_than_wan_round_trips() -> None:
    ledger = Ledger.from_rows([("201", "一般", ["6397096"])], columns=["合计"], unit=Unit.YUAN)
    text = ledger.to_csv()
    assert text.splitlines()[0] == "金额单位：元"
    assert Ledger.from_csv(text) == ledger


def test_names_with_commas_and_quotes_round_trip() -> None:
    ledger = Ledger.from_rows([("201", '一般,"公共"服务', ["1.00"])], columns=["合计"])
    assert Ledger.from_csv(ledger.to_csv()) == ledger


def test_line_numbers_count_multi_line_cells() -> None:
    text = '科目编码,科目名称,合计\n201,"一般\n公共",1.00\n20101,人大,x\n'
    with pytest.raises(ReadError) as caught:
        Ledger.from_csv(text, source="m.csv")
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("text", "line", "cell", "reason"),
    [
        (f"{HEADER}\n201,一般公共服务支出,751.01,abc,,,,\n", 2, "D (基本支出)",
         "invalid amount 'abc'"),
        (f"{HEADER}\n,合计,1,1,,,,\n2011,商贸,1,1,,,,\n", 3, "A (科目编码)",
         "invalid classification code '2011'"),
        (f"{HEADER}\n20113a,商贸,1,1,,,,\n", 2, "A (科目编码)", "'20113a'"),
        (f"{HEADER}\n,合计,1,1,,,,\n,合计,1,1,,,,\n", 3, None, "a second 合计 row"),
        ("甲,乙\n1,2\n", None, None, "no header row"),
        ("科目编码,科目名称\n201,一般\n", 1, None, "no amount column"),
        ("金额单位：千元\n科目编码,科目名称,合计\n", 1, None, "unknown unit"),
    ],
)
def test_bad_csv_names_file_line_and_cell(
    text: str, line: int | None, cell: str | None, reason: str
) -> None:
    with pytest.raises(ReadError) as caught:
        Ledger.from_csv(text, source="bad.csv")
    error = caught.value
    assert (error.source, error.line, error.cell) == ("bad.csv", line, cell)
    assert reason in str(error)
    assert str(error).startswith("bad.csv")


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00\x81\x30")
    with pytest.raises(ReadError, match="neither UTF-8 nor GB18030"):
        Ledger.from_csv(path)


# ---- the command line ---------------------------------------------------------------------


def test_cli_sample_text(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", str(sample_path(SAMPLE_TABLE03)))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"{sample_path(SAMPLE_TABLE03)}: 25 accounts × 6 columns, tolerance rounding"
    assert "Within rounding (4):" in lines
    assert lines[-1] == "OK: no violations; 4 differences within rounding (尾数误差)."
    assert any(line.startswith(f"  [{Path(SAMPLE_TABLE03).stem}, line 4] 20113 商贸事务")
               for line in lines)


def test_cli_saved_sample_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, sample_csv())
    status, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["source"] == str(path) and data["ok"] is True and data["tolerance"] == "rounding"
    assert problems(data) == [
        ("20113", "基本支出", "rounding"), ("20113", "本年支出合计", "rounding"),
        ("216", "本年支出合计", "rounding"), ("216", "项目支出", "rounding"),
    ]
    for f in data["findings"]:
        assert FINDING_KEYS <= set(f)
        for key in ("reported", "computed", "difference", "allowed"):
            assert f[key] is None or isinstance(f[key], str)
    f = next(f for f in data["findings"]
             if (f["code"], f["column"]) == ("20113", "本年支出合计"))
    assert (f["reported"], f["computed"], f["difference"], f["allowed"]) == (
        "750.05", "750.06", "-0.01", "0.020")
    assert data["summary"]["hierarchy"] == {
        "rule": "hierarchy", "checks": 84, "exact": 27, "rounding": 4, "violated": 0,
        "not_applicable": 53, "unverifiable": 0}
    assert data["diagnostics"] == []


def test_cli_exact_tolerance_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, sample_csv())
    status, out, _ = run(capsys, "check", str(path), "--tolerance", "exact", "--format", "json")
    assert status == 1
    data = json.loads(out)
    assert data["ok"] is False and data["tolerance"] == "exact"
    assert problems(data) == [
        ("20113", "基本支出", "violated"), ("20113", "本年支出合计", "violated"),
        ("216", "本年支出合计", "violated"), ("216", "项目支出", "violated"),
    ]
    status, out, _ = run(capsys, "check", str(path), "--tolerance", "exact")
    assert status == 1 and out.splitlines()[-1] == "FAILED: 4 violated."


def test_cli_strict(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", str(sample_path(SAMPLE_TABLE03)), "--strict")
    assert status == 1
    assert out.splitlines()[-1] == "FAILED: 4 rounding differences (--strict)."


def test_cli_absolute_tolerance(capsys: pytest.CaptureFixture[str]) -> None:
    """±0.01 holds every table of the sample; its prose's 980元 of 公务接待费 (0.098万元)
    fails any tolerance against the empty 公开09表 (3 times) and against the 批次 (once), and
    the two 0万元 that restate it fail ±0.01 though not their printed precision (±0.5)."""
    status, out, _ = run(capsys, "check", "--tolerance", "0.01")
    assert status == 1 and out.splitlines()[-1] == "FAILED: 6 violated."
    status, out, _ = run(capsys, "check", "--tolerance", "0.005")
    assert status == 1 and out.splitlines()[-1] == "FAILED: 23 violated."


def test_cli_mutated_leaf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = mutated_sample(tmp_path)
    status, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert status == 1
    data = json.loads(out)
    violated = [p for p in problems(data) if p[2] == "violated"]
    assert violated == [("20113", "基本支出", "violated"), ("20113", "本年支出合计", "violated")]
    f = next(f for f in data["findings"]
             if (f["code"], f["column"], f["rule"]) == ("20113", "基本支出", "hierarchy"))
    assert (f["reported"], f["computed"], f["difference"], f["allowed"], f["line"]) == (
        "735.82", "745.83", "-10.01", "0.015", 4)
    status, out, _ = run(capsys, "check", str(path))
    assert status == 1
    assert "Violations (2):" in out.splitlines()
    assert out.splitlines()[-1] == "FAILED: 2 violated."


def test_cli_structural_error_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = sample_csv() + "201,重复,1.00,1.00,,,,\n"
    status, out, _ = run(capsys, "check", str(write(tmp_path, text)))
    assert status == 1
    assert "Diagnostics (1):" in out and "201 on line 28 repeats line 3" in out
    assert out.splitlines()[-1] == "FAILED: 1 input errors."


def test_cli_bad_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, sample_csv().replace("692.99,692.99", "692.99,6x2.99"))
    status, out, err = run(capsys, "check", str(path))
    assert status == 2 and out == ""
    assert err.strip() == (
        f"gfs-ledger: {path}, line 5, cell D (基本支出): invalid amount '6x2.99': not a number"
    )


@pytest.mark.parametrize("name", ["missing.csv", "table.txt"])
def test_cli_unusable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    status, out, err = run(capsys, "check", str(tmp_path / name))
    assert status == 2 and out == "" and err.startswith("gfs-ledger: ")


@pytest.mark.parametrize("argv", [["check", "--tolerance", "bogus"], [], ["check", "--format", "xml"]])
def test_cli_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    assert "usage: gfs-ledger" in capsys.readouterr().err


def test_cli_api_agree_on_the_sample(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", str(sample_path(SAMPLE_TABLE03)), "--format", "json")
    data = json.loads(out)
    api = sample_ledger().check().to_dict()
    key = ("code", "column", "rule", "outcome", "reported", "computed")
    assert [tuple(f[k] for k in key) for f in data["findings"]] == [
        tuple(f[k] for k in key) for f in api["findings"]]
    assert Code("20113") in sample_ledger().codes
