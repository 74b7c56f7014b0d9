"""Ledgers and audits as JSON, and back, without losing a digit.

Amounts are JSON strings holding the printed figure (``"1.80"`` stays two
decimals; a float would not), a blank cell is ``null`` and a ``——`` cell is
``"——"``. A ledger is::

    {"kind": "ledger", "title": ..., "unit": "万元", "columns": [...],
     "row_rules": [{"total": ..., "parts": [...]}], "total": [...] or null,
     "accounts": [{"code", "name", "printed", "line", "values": [...]}],
     "diagnostics": [...]}

A figure the ledger computed (consolidated or rolled up) is written with the
printed figures it was made of, since its digits do not tell its width: its
account gets ``"steps"``, aligned with ``"values"``, null for a printed figure
and otherwise an object counting the printed figures by unit step, a ``-``
before the step for figures below zero (``{"0.01": 2}``: two figures printed to
0.01; ``{"1E+2": 1, "-1E+2": 1}``: one figure of each sign printed to 100). The
合计 row's are ``"total_steps"``. Both keys are left out where every figure is
printed, so a ledger of printed figures reads and writes as before.

An audit is the object ``gfs-ledger check --format json`` prints (see
``gfs_ledger.schema()``): ``tolerance``, ``ok``, ``summary``,
``findings`` and ``diagnostics``; ``ok`` and ``summary`` are derived and so
ignored on the way back.

A report is a superset of ``Report.to_dict()`` (the ``report`` object of the
command's JSON)::

    {"type": "report", "department", "year", "unit", "kind", "source",
     "prose": [[line, text], ...], "diagnostics": [...],
     "tables": {"公开03表": {"title", "status", "layout", "line",
                            "ledger": {...} or null, "items": [...], "diagnostics": [...]},
                "公开11表": {"title", "status": "missing"}, ...}}

Every registered table is listed, a missing one with its title and status only.
``layout`` is the table id when the table was read with the registered layout,
else the whole layout. An item is ``{"section", "label", "name", "row", "code",
"columns", "figures", "line"}``, figures as strings like a ledger's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gfs_ledger.amounts import Figure, NotApplicable, Unit, parse_amount, step_of_exponent
from gfs_ledger.codes import normalize_code
from gfs_ledger.errors import InvalidValue
from gfs_ledger.findings import SCHEMA_VERSION, Audit
from gfs_ledger.intervals import Steps, Tolerance
from gfs_ledger.io.records import diagnostic_from_dict, finding_from_record
from gfs_ledger.ledger import Ledger, RowRule
from gfs_ledger.wording import counted

if TYPE_CHECKING:
    from gfs_ledger.report import Report
    from gfs_ledger.tables.model import Item, Table
    from gfs_ledger.tables.registry import Layout


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
    raise InvalidValue(f"not an amount in JSON: {value!r} (amounts are strings)")


def steps_to_json(steps: Steps | None) -> dict[str, int] | None:
    """The steps of a computed figure as JSON holds them: a count per unit step.

    >>> steps_to_json(Steps.of(Decimal("735.82")) + Steps.of(Decimal("-1.00E+4")))
    {'0.01': 1, '-1E+2': 1}
    """
    if steps is None:
        return None
    return {
        f"{'-' if negative else ''}{step_of_exponent(exponent)}": count
        for exponent, negative, count in steps.counts
    }


def steps_from_json(value: object) -> Steps | None:
    """The steps ``steps_to_json`` wrote.

    >>> steps_from_json({"0.01": 2})
    Steps(counts=((-2, False, 2),))
    """
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value:
        raise InvalidValue(f"not the steps of a figure in JSON: {value!r}")
    parts = []
    for key, count in value.items():
        text = str(key)
        negative = text.startswith("-")
        try:
            step = Decimal(text.removeprefix("-"))
        except ArithmeticError:
            step = Decimal("NaN")
        if not step.is_finite() or step <= 0 or step != step_of_exponent(step.adjusted()):
            raise InvalidValue(f"not a unit step in JSON: {key!r} (0.01, 1, 1E+2, …)")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise InvalidValue(f"not a count of printed figures in JSON: {count!r}")
        parts.append(Steps(((step.adjusted(), negative, count),)))
    return Steps.total(parts)


def _steps_row(values: Any, figures: tuple[Figure, ...], where: str) -> list[Steps | None]:
    if len(values) != len(figures):
        raise InvalidValue(f"{where}: {len(values)} steps for {len(figures)} values")
    steps = [steps_from_json(v) for v in values]
    for s, figure in zip(steps, figures):
        if s is not None and not isinstance(figure, Decimal):
            raise InvalidValue(f"{where}: steps for a cell that holds no figure ({figure})")
    return steps


def ledger_to_dict(ledger: Ledger) -> dict[str, Any]:
    """A JSON-ready dict holding everything the ledger holds.

    >>> from gfs_ledger.samples import sample_ledger
    >>> data = ledger_to_dict(sample_ledger())
    >>> data["title"], data["unit"], data["total"][:3], data["accounts"][0]["values"][:3]
    ('公开03表', '万元', ['1776.55', '896.13', '880.42'], ['751.01', '736.78', '14.23'])
    """
    accounts = []
    steps = list(zip(*ledger._steps_columns()))
    for i, account in enumerate(ledger):
        entry: dict[str, Any] = {
            "code": str(account.code),
            "name": account.name,
            "printed": account.printed,
            "line": ledger.line_of(account.code),
            "values": [figure_to_json(account.values[c]) for c in ledger.columns],
        }
        if any(steps[i]):
            entry["steps"] = [steps_to_json(s) for s in steps[i]]
        accounts.append(entry)
    data: dict[str, Any] = {
        "kind": "ledger",
        "title": ledger.title,
        "unit": ledger.unit.value,
        "columns": list(ledger.columns),
        "row_rules": [{"total": r.total, "parts": list(r.parts)} for r in ledger.row_rules],
        "total": None if ledger.total is None else [figure_to_json(f) for f in ledger.total],
        "accounts": accounts,
        "diagnostics": [d.to_dict() for d in ledger.diagnostics],
    }
    if ledger.total is not None and any(total_steps := ledger._total_steps()):
        data["total_steps"] = [steps_to_json(s) for s in total_steps]
    return data


def ledger_from_dict(data: Mapping[str, Any]) -> Ledger:
    """The ledger a ``ledger_to_dict`` dict describes, diagnostics and lines included.

    >>> from gfs_ledger.samples import sample_ledger
    >>> ledger_from_dict(ledger_to_dict(sample_ledger())) == sample_ledger()
    True
    """
    columns = tuple(str(c) for c in data["columns"])
    entries = []
    steps: dict[str, list[Steps | None]] = {}
    for k, account in enumerate(data.get("accounts", ()), start=1):
        values = account.get("values", [None] * len(columns))
        if len(values) != len(columns):
            raise InvalidValue(
                f"account {k}: {len(values)} values for {len(columns)} columns"
            )
        printed = account.get("printed", True)
        line = account.get("line")
        figures = tuple(figure_from_json(v) for v in values)
        entries.append((
            str(account["code"]),
            str(account.get("name") or ""),
            figures,
            (line if isinstance(line, int) and line > 0 else -1) if printed else 0,
        ))
        if account.get("steps") is not None:
            steps.setdefault(normalize_code(str(account["code"])),
                             _steps_row(account["steps"], figures, f"account {k}"))
    total_values = data.get("total")
    total = None if total_values is None else tuple(figure_from_json(v) for v in total_values)
    total_steps = None
    if total is not None and data.get("total_steps") is not None:
        total_steps = _steps_row(data["total_steps"], total, "the 合计 row")
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
    if steps or total_steps:
        ledger = ledger._carrying(steps, total_steps)
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
        raise InvalidValue("a ledger in JSON is an object")
    return ledger_from_dict(data)


def audit_from_dict(data: Mapping[str, Any]) -> Audit:
    """The audit an ``Audit.to_dict()`` dict (or the CLI's JSON) describes.

    >>> from gfs_ledger.samples import sample_ledger
    >>> audit = sample_ledger().check()
    >>> audit_from_dict(audit.to_dict()).to_dict() == audit.to_dict()
    True
    """
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION:
        raise InvalidValue(
            f"an audit of schema version {version!r}: this gfs_ledger reads version "
            f"{SCHEMA_VERSION} and before; upgrade gfs_ledger to read it")
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
        raise InvalidValue("an audit in JSON is an object")
    return audit_from_dict(data)


# ---- reports


def _rules_to_json(rules: tuple[RowRule, ...]) -> list[dict[str, Any]]:
    return [{"total": r.total, "parts": list(r.parts)} for r in rules]


def _rules_from_json(rules: Any) -> tuple[RowRule, ...]:
    return tuple(RowRule(str(r["total"]), tuple(r["parts"])) for r in rules or ())


def layout_to_json(layout: Layout) -> str | dict[str, Any]:
    """A layout as JSON holds it: its id when it is the registered one, else every field.

    >>> from gfs_ledger.tables.registry import REGISTRY
    >>> layout_to_json(REGISTRY["公开03表"])
    '公开03表'
    >>> layout_from_json(layout_to_json(REGISTRY["公开03表"])) is REGISTRY["公开03表"]
    True
    """
    from gfs_ledger.tables.registry import REGISTRY

    if REGISTRY.get(layout.id) == layout:
        return layout.id
    return {
        "id": layout.id, "title": layout.title, "shape": layout.shape.value,
        "columns": list(layout.columns), "aliases": list(layout.aliases),
        "row_rules": _rules_to_json(layout.row_rules),
        "left_columns": list(layout.left_columns), "sides": list(layout.sides),
        "panels": layout.panels, "panel_totals": list(layout.panel_totals),
        "numbered": layout.numbered, "blocks": [list(b) for b in layout.blocks],
        "class_side": layout.class_side,
    }


def layout_from_json(value: object) -> Layout:
    """The layout ``layout_to_json`` wrote: a registered id, or every field."""
    from gfs_ledger.tables.registry import REGISTRY, Layout, Shape

    if isinstance(value, str):
        if value not in REGISTRY:
            raise InvalidValue(f"no registered table {value!r}: give the whole layout")
        return REGISTRY[value]
    if not isinstance(value, Mapping):
        raise InvalidValue(f"not a layout in JSON: {value!r}")
    return Layout(
        str(value["id"]), str(value["title"]), Shape(value["shape"]),
        tuple(value.get("columns", ())), tuple(value.get("aliases", ())),
        _rules_from_json(value.get("row_rules")), tuple(value.get("left_columns", ())),
        tuple(value.get("sides", ())), int(value.get("panels", 1)),
        tuple(value.get("panel_totals", ())), bool(value.get("numbered", True)),
        tuple(tuple(b) for b in value.get("blocks", ())), int(value.get("class_side", 1)),
    )


def item_to_dict(item: Item) -> dict[str, Any]:
    """A labelled row of a summary, "三公" or statistics table, JSON-ready.

    >>> from gfs_ledger import read_report
    >>> item = read_report().tables["公开01表"].items[1]
    >>> data = item_to_dict(item)
    >>> data["label"], data["code"], data["figures"]
    ('一、一般公共服务支出', '201', ['751.01'])
    >>> item_from_dict(data) == item
    True
    """
    return {
        "section": item.section, "label": item.label, "name": item.name, "row": item.row,
        "code": None if item.code is None else str(item.code),
        "columns": list(item.columns),
        "figures": [figure_to_json(f) for f in item.figures],
        "line": item.line,
    }


def item_from_dict(data: Mapping[str, Any]) -> Item:
    """The item an ``item_to_dict`` dict describes."""
    from gfs_ledger.codes import Code
    from gfs_ledger.tables.model import Item

    columns = tuple(str(c) for c in data["columns"])
    figures = tuple(figure_from_json(f) for f in data["figures"])
    if len(figures) != len(columns):
        raise InvalidValue(
            f"item {data.get('label')!r}: {counted(len(figures), 'figure')} for "
            f"{counted(len(columns), 'column')}"
        )
    code = data.get("code")
    return Item(
        str(data["section"]), str(data["label"]), str(data["name"]),
        None if data.get("row") is None else int(data["row"]),
        None if code is None else Code(str(code)), columns, figures, int(data["line"]),
    )


def table_to_dict(table: Table) -> dict[str, Any]:
    """A table of a report, JSON-ready: title, status, layout, line, ledger or items,
    diagnostics.

    >>> from gfs_ledger import read_report
    >>> data = table_to_dict(read_report().tables["公开03表"])
    >>> data["status"], data["layout"], data["ledger"]["accounts"][1]["values"][:2]
    ('read', '公开03表', ['750.05', '735.82'])
    """
    return {
        "title": table.title,
        "status": table.status.value,
        "layout": layout_to_json(table.layout),
        "line": table.line,
        "ledger": None if table.ledger is None else ledger_to_dict(table.ledger),
        "items": [item_to_dict(i) for i in table.items],
        "diagnostics": [d.to_dict() for d in table.diagnostics],
        "label": table.label,
        "unit": None if table.unit is None else table.unit.value,
        "total_line": table.total_line,
    }


def table_from_dict(table_id: str, data: Mapping[str, Any]) -> Table:
    """The table a ``table_to_dict`` dict describes."""
    from gfs_ledger.tables.model import Status, Table

    status = Status(data["status"])
    if status is Status.MISSING:
        raise InvalidValue(f"{table_id} is missing: a missing table has no content")
    ledger = data.get("ledger")
    return Table(
        table_id, str(data["title"]), layout_from_json(data.get("layout", table_id)), status,
        int(data["line"]), None if ledger is None else ledger_from_dict(ledger),
        tuple(item_from_dict(i) for i in data.get("items", ())),
        tuple(diagnostic_from_dict(d) for d in data.get("diagnostics", ())),
        data.get("label"), None if data.get("unit") is None else Unit(data["unit"]),
        data.get("total_line"),
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    """Everything a report holds, JSON-ready; a superset of ``Report.to_dict()``.

    >>> from gfs_ledger import read_report
    >>> report = read_report()
    >>> data = report_to_dict(report)
    >>> data["department"], data["year"], data["prose"][0]
    ('阳泉市商务局', 2023, [442, '一、收入支出决算总体情况说明'])
    >>> data["tables"]["公开07表"]["status"], data["tables"]["公开06表"]["items"][0]["figures"]
    ('empty', ['832.50'])
    """
    summary = report.to_dict()
    tables: dict[str, Any] = {}
    for table_id, entry in summary["tables"].items():
        table = report.tables.get(table_id)
        tables[table_id] = dict(entry) if table is None else table_to_dict(table)
    return {
        "type": "report",
        **{k: v for k, v in summary.items() if k != "tables"},
        "source": report.source,
        "layout": report.layout,
        "locations": [list(place) for place in report.locations],
        "prose": [[line, text] for line, text in report.prose],
        "appendix": [[line, text] for line, text in report.appendix],
        "diagnostics": [d.to_dict() for d in report.reader_diagnostics],
        "tables": tables,
    }


def report_from_dict(data: Mapping[str, Any]) -> Report:
    """The report a ``report_to_dict`` dict describes.

    >>> from gfs_ledger import read_report
    >>> report = read_report()
    >>> again = report_from_dict(report_to_dict(report))
    >>> again.tables == report.tables, again.prose == report.prose
    (True, True)
    """
    from gfs_ledger.report import Report
    from gfs_ledger.tables.model import Status

    if data.get("type", "report") != "report":
        raise InvalidValue(f"not a report in JSON: its type is {data.get('type')!r}")
    tables = {
        str(table_id): table_from_dict(str(table_id), entry)
        for table_id, entry in dict(data.get("tables") or {}).items()
        if Status(entry["status"]) is not Status.MISSING
    }
    year = data.get("year")
    return Report(
        data.get("department"), None if year is None else int(year),
        Unit(data.get("unit", Unit.WAN.value)), data.get("kind"), tables,
        tuple((int(line), str(text)) for line, text in data.get("prose", ())),
        str(data.get("source", "<text>")),
        tuple(diagnostic_from_dict(d) for d in data.get("diagnostics", ())),
        data.get("layout"), tuple((int(p), int(n)) for p, n in data.get("locations", ())),
        data.get("scope"),
        appendix=tuple((int(line), str(text)) for line, text in data.get("appendix", ())),
    )


def report_to_json(report: Report, *, indent: int | None = 2) -> str:
    """The report as JSON text (see the module's description of the format).

    >>> from gfs_ledger import read_report
    >>> text = report_to_json(read_report())
    >>> report_from_json(text).tables["公开03表"].ledger.value("20113", "基本支出")
    Decimal('735.82')
    """
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def report_from_json(text: str | bytes) -> Report:
    """The report that ``report_to_json`` wrote.

    >>> report_from_json('{"type": "report", "department": "某局", "tables": {}}')
    <Report 某局 None None (万元): 0 tables, 0 empty>
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        raise InvalidValue("a report in JSON is an object")
    return report_from_dict(data)
