"""Ledgers and audits as JSON, and back, without losing a digit.

Amounts are JSON strings holding the printed figure (``"1.80"`` stays two
decimals; a float would not), a blank cell is ``null`` and a ``——`` cell is
``"——"``. A ledger is::

    {"kind": "ledger", "title": ..., "unit": "万元", "columns": [...],
     "row_rules": [{"total": ..., "parts": [...]}], "total": [...] or null,
     "accounts": [{"code", "name", "printed", "line", "values": [...]}],
     "diagnostics": [...]}

An audit is the object ``gfs-ledger check --format json`` prints (see
``docs/check-output.schema.json``): ``tolerance``, ``ok``, ``summary``,
``findings`` and ``diagnostics``; ``ok`` and ``summary`` are derived and so
ignored on the way back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from gfs_ledger.amounts import Figure, NotApplicable, Unit, parse_amount
from gfs_ledger.findings import Audit
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.records import diagnostic_from_dict, finding_from_record
from gfs_ledger.ledger import Ledger, RowRule


def figure_to_json(figure: Figure) -> str | None:
    """A figure as JSON holds it: text with every printed digit, None, or ``——``.

    >>> from gfs_ledger import NOT_APPLICABLE
    >>> figure_to_json(Decimal("1.80")), figure_to_json(None), figure_to_json(NOT_APPLICABLE)
    ('1.80', None, '——')
    """
    if figure is None:
        return None
    if isinstance(figure, NotApplicable):
        return str(figure.value)
    return str(figure)


def figure_from_json(value: object) -> Figure:
    """The figure a JSON value stands for; numbers are read through their text.

    >>> figure_from_json("1.80"), figure_from_json(None), figure_from_json("——")
    (Decimal('1.80'), None, NOT_APPLICABLE)
    """
    if value is None:
        return None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return parse_amount(value)
    if isinstance(value, Decimal):
        return value
    raise ValueError(f"not an amount in JSON: {value!r} (amounts are strings)")


def ledger_to_dict(ledger: Ledger) -> dict[str, Any]:
    """A JSON-ready dict holding everything the ledger holds.

    >>> from gfs_ledger.samples import sample_ledger
    >>> data = ledger_to_dict(sample_ledger())
    >>> data["title"], data["unit"], data["total"][:3], data["accounts"][0]["values"][:3]
    ('公开03表', '万元', ['1776.55', '896.13', '880.42'], ['751.01', '736.78', '14.23'])
    """
    accounts = []
    for account in ledger:
        accounts.append({
            "code": str(account.code),
            "name": account.name,
            "printed": account.printed,
            "line": ledger.line_of(account.code),
            "values": [figure_to_json(account.values[c]) for c in ledger.columns],
        })
    return {
        "kind": "ledger",
        "title": ledger.title,
        "unit": ledger.unit.value,
        "columns": list(ledger.columns),
        "row_rules": [{"total": r.total, "parts": list(r.parts)} for r in ledger.row_rules],
        "total": None if ledger.total is None else [figure_to_json(f) for f in ledger.total],
        "accounts": accounts,
        "diagnostics": [d.to_dict() for d in ledger.diagnostics],
    }


def ledger_from_dict(data: Mapping[str, Any]) -> Ledger:
    """The ledger a ``ledger_to_dict`` dict describes, diagnostics and lines included.

    >>> from gfs_ledger.samples import sample_ledger
    >>> ledger_from_dict(ledger_to_dict(sample_ledger())) == sample_ledger()
    True
    """
    columns = tuple(str(c) for c in data["columns"])
    entries = []
    for k, account in enumerate(data.get("accounts", ()), start=1):
        values = account.get("values", [None] * len(columns))
        if len(values) != len(columns):
            raise ValueError(
                f"account {k}: {len(values)} values for {len(columns)} columns"
            )
        printed = account.get("printed", True)
        line = account.get("line")
        entries.append((
            str(account["code"]),
            str(account.get("name") or ""),
            tuple(figure_from_json(v) for v in values),
            (line if isinstance(line, int) and line > 0 else -1) if printed else 0,
        ))
    total_values = data.get("total")
    total = None if total_values is None else tuple(figure_from_json(v) for v in total_values)
    rules = data.get("row_rules")
    row_rules = (
        RowRule.infer(columns) if rules is None
        else tuple(RowRule(r["total"], tuple(r["parts"])) for r in rules)
    )
    diagnostics = [diagnostic_from_dict(d) for d in data.get("diagnostics", ())]
    ledger = Ledger.assemble(
        entries, columns, total, row_rules, data.get("title"),
        Unit(data.get("unit", Unit.WAN.value)), diagnostics,
    )
    return ledger


def ledger_to_json(ledger: Ledger, *, indent: int | None = 2) -> str:
    """The ledger as JSON text (see the module's description of the format).

    >>> from gfs_ledger.samples import sample_ledger
    >>> text = ledger_to_json(sample_ledger())
    >>> ledger_from_json(text) == sample_ledger()
    True
    """
    return json.dumps(ledger_to_dict(ledger), ensure_ascii=False, indent=indent)


def ledger_from_json(text: str | bytes) -> Ledger:
    """The ledger that ``ledger_to_json`` wrote.

    >>> ledger_from_json('{"columns": ["合计"], "accounts": [{"code": "201", "values": ["1.80"]}]}')
    <Ledger: 1 account × 1 column (合计)>
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("a ledger in JSON is an object")
    return ledger_from_dict(data)


def audit_from_dict(data: Mapping[str, Any]) -> Audit:
    """The audit an ``Audit.to_dict()`` dict (or the CLI's JSON) describes.

    >>> from gfs_ledger.samples import sample_ledger
    >>> audit = sample_ledger().check()
    >>> audit_from_dict(audit.to_dict()).to_dict() == audit.to_dict()
    True
    """
    tolerance = Tolerance.parse(str(data.get("tolerance", "rounding")))
    findings = [finding_from_record(f) for f in data.get("findings", ())]
    diagnostics = [diagnostic_from_dict(d) for d in data.get("diagnostics", ())]
    return Audit.of(findings, tolerance, diagnostics)


def audit_to_json(audit: Audit, *, indent: int | None = 2) -> str:
    """The audit as JSON text: ``Audit.to_dict()``, amounts as strings.

    >>> from gfs_ledger.samples import sample_ledger
    >>> audit = sample_ledger().check()
    >>> audit_from_json(audit_to_json(audit)).findings == audit.findings
    True
    """
    return json.dumps(audit.to_dict(), ensure_ascii=False, indent=indent)


def audit_from_json(text: str | bytes) -> Audit:
    """The audit that ``audit_to_json`` (or ``gfs-ledger check --format json``) wrote.

    >>> audit_from_json('{"tolerance": "exact", "findings": []}')
    <Audit: 0 checks, 0 violated, 0 within rounding, 0 diagnostics>
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("an audit in JSON is an object")
    return audit_from_dict(data)
