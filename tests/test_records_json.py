"""Records and JSON: ledgers and findings out and back without losing a digit."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gfs_ledger import NOT_APPLICABLE, Audit, Diagnostic, Ledger, Tolerance, Unit
from gfs_ledger.io.records import LEDGER_FIELDS
from gfs_ledger.samples import sample_ledger


def _odd_ledger() -> Ledger:
    """A ledger with every kind of cell: precision, blanks, ——, negatives, a gap."""
    return Ledger.from_rows(
        [
            ("201", "一般公共服务支出", ["1.80", None, "——"]),
            ("2011301", "行政运行", ["1.8000", "-0.10", ""]),
            ("208", "社会保障和就业支出", [Decimal("6397096"), "1,776.55", "0"]),
        ],
        columns=["合计", "基本支出", "项目支出"],
        total=["1.80E+4", None, "——"],
        title="odd <table> & co",
        unit=Unit.YUAN,
    )


def _same(a: Ledger, b: Ledger) -> None:
    assert a == b
    for x, y in zip(a, b):
        assert [str(v) for v in x.values.values()] == [str(v) for v in y.values.values()]
        assert x.printed == y.printed


def test_ledger_records_round_trip_sample() -> None:
    ledger = sample_ledger()
    records = ledger.to_records()
    assert len(records) == len(ledger) + 1
    assert records[0]["code"] is None and records[0]["level"] == 0
    again = Ledger.from_records(records, title=ledger.title)
    _same(again, ledger)


def test_ledger_records_round_trip_odd_cells() -> None:
    ledger = _odd_ledger()
    records = ledger.to_records()
    assert records[1]["项目支出"] is NOT_APPLICABLE
    assert [r["code"] for r in records] == [None, "201", "20113", "2011301", "208"]
    assert records[2]["printed"] is False
    again = Ledger.from_records(records, title=ledger.title, unit=Unit.YUAN)
    _same(again, ledger)
    assert again.value("201", "合计") == Decimal("1.80")
    assert str(again.value("2011301", "合计")) == "1.8000"


def test_from_records_refuses_floats_and_unknown_keys() -> None:
    with pytest.raises(ValueError, match="float"):
        Ledger.from_records([{"code": "201", "name": "x", "合计": 1.8}])
    with pytest.raises(ValueError, match="unknown columns"):
        Ledger.from_records([{"code": "201", "合计": "1"}, {"code": "208", "其他": "2"}])


def test_ledger_records_refuse_a_column_named_like_a_field() -> None:
    ledger = Ledger.from_rows([("201", "x", ["1"])], columns=["name"])
    with pytest.raises(ValueError, match="record fields"):
        ledger.to_records()
    assert "name" in LEDGER_FIELDS


def test_ledger_json_round_trip_keeps_everything() -> None:
    for ledger in (sample_ledger(), _odd_ledger(), sample_ledger().rollup()):
        text = ledger.to_json()
        again = Ledger.from_json(text)
        _same(again, ledger)
        assert again.diagnostics == ledger.diagnostics
        assert [again.line_of(c) for c in again.codes] == [ledger.line_of(c) for c in ledger.codes]
        assert again.to_json() == text


def test_ledger_json_amounts_are_strings() -> None:
    data = json.loads(_odd_ledger().to_json())
    assert data["total"] == ["1.80E+4", None, "——"]
    assert data["unit"] == "元"
    assert data["accounts"][0]["values"] == ["1.80", None, "——"]


def test_findings_records_and_json_round_trip() -> None:
    audit = _odd_ledger().check(Tolerance.absolute("0.05")).merge(sample_ledger().check())
    assert audit.violations
    for again in (
        Audit.from_records(audit.to_records(), tolerance=audit.tolerance,
                           diagnostics=audit.diagnostics),
        Audit.from_json(audit.to_json()),
    ):
        assert again.findings == audit.findings
        assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in audit.findings]
        assert again.summary() == audit.summary()
        assert again.ok == audit.ok
    assert Audit.from_json(audit.to_json()).to_dict() == audit.to_dict()


def test_audit_json_keeps_diagnostics_and_tolerance() -> None:
    diagnostic = Diagnostic("missing_parent", "gap", line=3, code="20113", table="t")
    audit = Audit.of(sample_ledger().check().findings, Tolerance.truncation(), [diagnostic])
    again = Audit.from_json(audit.to_json())
    assert again.diagnostics == (diagnostic,)
    assert again.tolerance == Tolerance.truncation()


def test_finding_str_and_from_dict() -> None:
    finding = sample_ledger().check().rounding[0]
    assert str(finding) == finding.message
    assert type(finding).from_dict(finding.to_dict()) == finding


def test_audit_str_is_the_text_report() -> None:
    text = str(sample_ledger().check())
    assert text.splitlines()[0].startswith("rule")
    assert text.endswith("OK: no violations; 4 differences within rounding (尾数误差).")
