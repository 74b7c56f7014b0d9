"""gfs-ledger check: JSON against its schema, HTML, and .xlsx input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gfs_ledger
from gfs_ledger.cli import main
from gfs_ledger.errors import install_hint
from gfs_ledger.report import read_report
from gfs_ledger.samples import SAMPLE_TABLE03, sample_ledger, sample_path

TABLE03 = str(sample_path(SAMPLE_TABLE03))
SCHEMA = Path(gfs_ledger.__file__).resolve().parent / "data" / "check-output.schema.json"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["check", *args])
    return status, capsys.readouterr().out


def _validate(data: object) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="the schema test needs jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_json_output_matches_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "--format", "json")
    assert status == 1  # the sample's prose: 980元 of 公务接待费 its 公开09表 does not carry
    data = json.loads(out)
    _validate(data)
    assert len(data["findings"]) == len(read_report().audit().findings)
    assert data["report"]["department"] == "阳泉市商务局" and data["report"]["year"] == 2023
    status, out = _run(capsys, TABLE03, "--format", "json")
    data = json.loads(out)
    _validate(data)
    assert len(data["findings"]) == len(sample_ledger().check().findings)


def test_json_output_with_violations_and_diagnostics_matches_the_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "科目编码,科目名称,合计,基本支出\n,合计,9.00,1.00\n2011301,行政运行,1.00,1.00\n",
        encoding="utf-8",
    )
    status, out = _run(capsys, str(path), "--format", "json", "--tolerance", "0.001")
    assert status == 1
    data = json.loads(out)
    _validate(data)
    assert data["tolerance"] == "0.001"
    assert {d["kind"] for d in data["diagnostics"]} == {"missing_parent"}


def test_schema_allows_the_report_object_and_refuses_float_amounts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="the schema test needs jsonschema")
    _, out = _run(capsys, "--format", "json")
    data = json.loads(out)
    data["report"] = {
        "department": "阳泉市商务局", "year": 2023, "unit": "万元", "kind": "部门决算公开",
        "tables": {"公开03表": {"title": "支出决算表", "status": "read"}},
    }
    _validate(data)
    data["findings"][0]["reported"] = 751.01
    with pytest.raises(jsonschema.ValidationError):
        _validate(data)


def test_json_output_reads_back_as_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    from gfs_ledger import Audit

    _, out = _run(capsys, TABLE03, "--format", "json")
    audit = Audit.from_json(out)
    expected = sample_ledger().check()
    assert [f.to_dict() for f in audit.findings] == [
        {**f.to_dict(), "table": "yangquan-commerce-2023-table03"} for f in expected.findings
    ]
    _, out = _run(capsys, "--format", "json")
    assert [f.to_dict() for f in Audit.from_json(out).findings] == [
        f.to_dict() for f in read_report().audit().findings
    ]


def test_html_output_is_one_self_contained_page(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, TABLE03, "--format", "html")
    assert status == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<script" not in out and "http://" not in out and "https://" not in out
    assert out.count('data-outcome="rounding"') >= 4
    assert SAMPLE_TABLE03 in out


def test_unknown_suffix_is_unusable(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "t.ods"
    path.write_text("x", encoding="utf-8")
    assert main(["check", str(path)]) == 2
    assert "expected .txt, .pdf, .csv or .xlsx" in capsys.readouterr().err


def test_xlsx_gives_the_same_findings_as_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl", reason="needs openpyxl (the excel extra)")
    stem = Path(SAMPLE_TABLE03).stem
    csv_path = tmp_path / f"{stem}.csv"
    csv_path.write_bytes(sample_path(SAMPLE_TABLE03).read_bytes())
    xlsx_path = tmp_path / f"{stem}.xlsx"
    sample_ledger().to_xlsx(xlsx_path)
    _, from_csv = _run(capsys, str(csv_path), "--format", "json")
    _, from_xlsx = _run(capsys, str(xlsx_path), "--format", "json")
    a, b = json.loads(from_csv), json.loads(from_xlsx)
    assert a.pop("source") != b.pop("source")
    assert a == b
    status, text = _run(capsys, str(xlsx_path))
    assert status == 0 and "20113 商贸事务" in text


def test_xlsx_of_the_report_03_gives_the_same_findings_as_the_csv(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("openpyxl", reason="needs openpyxl (the excel extra)")
    ledger = read_report().tables["公开03表"].ledger
    assert ledger is not None
    csv_path, xlsx_path = tmp_path / "公开03表.csv", tmp_path / "公开03表.xlsx"
    csv_path.write_text(ledger.to_csv(), encoding="utf-8")
    ledger.to_xlsx(xlsx_path)
    status_csv, from_csv = _run(capsys, str(csv_path), "--format", "json")
    status_xlsx, from_xlsx = _run(capsys, str(xlsx_path), "--format", "json")
    a, b = json.loads(from_csv), json.loads(from_xlsx)
    assert (a.pop("source"), b.pop("source")) == (str(csv_path), str(xlsx_path))
    assert status_csv == status_xlsx == 0
    assert a == b
    rounding = [(f["code"], f["column"]) for f in b["findings"] if f["outcome"] == "rounding"]
    assert rounding == [("20113", "本年支出合计"), ("216", "本年支出合计"),
                        ("20113", "基本支出"), ("216", "项目支出")]
    # and the same as the report audit's findings of 03
    in_report = [(f.code and str(f.code), f.column, f.outcome.value)
                 for f in read_report().audit().findings
                 if f.table == "公开03表" and f.rule in ("hierarchy", "row")]
    assert [(f["code"], f["column"], f["outcome"]) for f in b["findings"]] == in_report


def test_xlsx_without_openpyxl_is_unusable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"PK")
    assert main(["check", str(path)]) == 2
    assert install_hint("excel") in capsys.readouterr().err


def test_html_of_the_sample_names_department_and_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out = _run(capsys, "--format", "html")
    assert "<title>阳泉市商务局 2023 决算 — audit</title>" in out
    assert 'data-identity="department">阳泉市商务局<' in out
