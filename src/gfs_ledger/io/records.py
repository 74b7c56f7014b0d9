"""Ledgers and findings as plain records: lists of dicts, no dependency.

A ledger record is one row of the table: ``code``, ``name``, ``level``,
``parent``, ``printed`` and one key per amount column, holding the figure as
it is (a ``Decimal`` with its printed precision, None for a blank cell,
``NOT_APPLICABLE`` for ``——``). The 合计 row comes first, with ``code`` None and
``level`` 0. A finding record holds every field of the ``Finding`` (amounts as
Decimals, the code as text, the outcome as its value) and its ``message``.

Both directions keep every value and its precision, so
``Ledger.from_records(ledger.to_records(), ...)`` equals the ledger.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gfs_ledger.amounts import Figure, NotApplicable, Unit, parse_amount
from gfs_ledger.codes import Code, normalize_code
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import GfsLedgerError, InvalidAmount, InvalidCode, InvalidValue
from gfs_ledger.findings import Audit, Finding, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.ledger import TOTAL_NAME, Ledger, RowRule

if TYPE_CHECKING:
    from gfs_ledger.report import Report

LEDGER_FIELDS = ("code", "name", "level", "parent", "printed")
"""The keys of a ledger record that are not amount columns."""

FINDING_FIELDS = (
    "table", "rule", "rule_id", "code", "name", "column", "reported", "computed",
    "difference", "allowed", "outcome", "terms", "line", "page", "detail", "message",
)
"""The keys of a finding record, in order."""

FIGURE_FIELDS = ("table", "section", "row", "code", "name", "column", "value", "line")
"""The keys of a report's figure record, in order."""

_AMOUNT_FIELDS = ("reported", "computed", "difference", "allowed")


def ledger_fields(keys: Iterable[object]) -> dict[str, str]:
    """Which keys of a record (or columns of a frame) are ledger fields, and which:
    ``code``, ``name`` and the other ``LEDGER_FIELDS`` by their own names, and the
    headers a table prints for them, as a CSV's reader knows them (科目编码, 科目代码,
    编码 … for ``code``; 科目名称, 名称 … for ``name``). Every other key is an amount
    column.

    >>> ledger_fields(["科目编码", "科目名称", "本年支出合计"])
    {'科目编码': 'code', '科目名称': 'name'}
    """
    from gfs_ledger.io.csv import is_code_header, is_name_header

    fields: dict[str, str] = {}
    for key in map(str, keys):
        field = key if key in LEDGER_FIELDS else (
            "code" if is_code_header(key) else "name" if is_name_header(key) else None)
        if field is None:
            continue
        if field in fields.values():
            other = next(k for k, f in fields.items() if f == field)
            raise InvalidValue(f"two {field} columns: {other!r} and {key!r}")
        fields[key] = field
    return fields


def is_missing(value: object) -> bool:
    """True for the values that mean "nothing here": None, NaN and pandas' NA.

    >>> is_missing(None), is_missing(float("nan")), is_missing(Decimal("0"))
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def float_figure(value: float, places: int) -> Decimal:
    """A float as the figure printed to ``places`` decimals that it was read from.

    A float has lost the printed figure (``1.80`` and ``1.8`` are the same float), so
    gfs_ledger takes one only when told how many decimals the table printed. The float
    goes through its shortest repr, the shortest text that reads back as the same float
    (``1776.55`` for the float that ``pd.read_csv`` made of "1776.55", not its binary
    expansion 1776.549999…), and is quantized to ``places``, which gives back the
    trailing zeros (``750.0`` → ``750.00``) and the unit step of the printed figure.
    A float with more decimals than that, to the 15 significant digits a spreadsheet
    shows, is refused: rounding it would change a figure.

    >>> float_figure(1776.55, 2), float_figure(750.0, 2), float_figure(866.1999999999999, 2)
    (Decimal('1776.55'), Decimal('750.00'), Decimal('866.20'))
    >>> float_figure(1.234, 2)
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.InvalidValue: the float 1.234 has more than 2 decimals
    """
    if not math.isfinite(value):
        raise InvalidAmount(f"invalid amount {value!r}: not a finite number")
    step = Decimal(1).scaleb(-places)
    shown = Decimal(format(value, ".15g"))
    if shown != shown.quantize(step):
        raise InvalidValue(f"the float {value!r} has more than {places} decimals")
    return Decimal(repr(value)).quantize(step)


def _figure(value: object, where: str, places: int | None = None) -> Figure:
    if is_missing(value):
        return None
    if isinstance(value, NotApplicable):
        return value
    if isinstance(value, float):
        if places is None:
            raise InvalidValue(
                f"{where}: the float {value!r} has lost the printed figure (1.80 and 1.8 are "
                "the same float). Either keep the text as printed: pd.read_csv(path, "
                "dtype=str) (or give Decimals or text, as to_pandas() does unless "
                "floats=True); or say how many decimals the table printed and accept "
                "floats rounded to them: places=2"
            )
        try:
            return float_figure(value, places)
        except GfsLedgerError as error:
            raise type(error)(f"{where}: {error}") from None
    if hasattr(value, "item") and not isinstance(value, Decimal | str | int):
        item = value.item()  # a numpy scalar; a float32 by its own shortest repr
        return _figure(float(str(value)) if isinstance(item, float) else item, where, places)
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        raise InvalidAmount(f"{where}: {value!r} is not an amount")
    try:
        return parse_amount(value)  # a Decimal too: it must be finite
    except InvalidAmount as error:
        raise InvalidAmount(f"{where}: {error}") from None


def _code_text(code: object) -> str:
    """A code as text; a whole float (201.0, as pandas reads a column with a blank) too."""
    if isinstance(code, float) and code.is_integer():
        return str(int(code))
    return str(code)


def _text(value: object) -> str | None:
    return None if is_missing(value) else str(value)


def _integer(value: object) -> int | None:
    if is_missing(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if hasattr(value, "item"):
        return _integer(value.item())
    raise InvalidValue(f"not a whole number: {value!r}")


def ledger_to_records(ledger: Ledger) -> list[dict[str, Any]]:
    """One dict per row of the ledger: the 合计 row (if any) first, then every account.

    >>> from gfs_ledger.samples import sample_ledger
    >>> records = ledger_to_records(sample_ledger())
    >>> records[0]["name"], records[0]["本年支出合计"]
    ('合计', Decimal('1776.55'))
    >>> {k: records[2][k] for k in ("code", "name", "level", "parent", "printed", "基本支出")}
    {'code': '20113', 'name': '商贸事务', 'level': 2, 'parent': '201', 'printed': True, '基本支出': Decimal('735.82')}
    """
    clash = set(ledger.columns) & set(LEDGER_FIELDS)
    if clash:
        raise InvalidValue(f"amount columns named like record fields: {sorted(clash)}")
    records: list[dict[str, Any]] = []
    if ledger.total is not None:
        records.append({
            "code": None, "name": TOTAL_NAME, "level": 0, "parent": None, "printed": True,
            **dict(zip(ledger.columns, ledger.total)),
        })
    for account in ledger:
        parent = account.parent
        records.append({
            "code": str(account.code),
            "name": account.name,
            "level": account.level,
            "parent": None if parent is None else str(parent),
            "printed": account.printed,
            **account.values,
        })
    return records


def ledger_from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    unit: Unit = Unit.WAN,
    row_rules: Sequence[RowRule] | None = None,
    places: int | None = None,
) -> Ledger:
    """Build a ledger from records as ``ledger_to_records`` writes them.

    ``columns`` default to the keys of the first record that are not record
    fields. The code and the name may also be under the headers a table prints
    (科目编码, 科目名称; see ``ledger_fields``). A record whose ``code`` is missing is
    the 合计 row. ``level`` and ``parent`` are ignored (the code says both);
    ``printed`` False marks an account that the table did not print (missing, it
    means True). Figures are Decimals, None, ``NOT_APPLICABLE`` or printed text; a
    float is refused unless ``places`` says to how many decimals the table printed
    its figures (see ``float_figure``).

    >>> from gfs_ledger.samples import sample_ledger
    >>> ledger = sample_ledger()
    >>> ledger_from_records(ledger_to_records(ledger), title="公开03表") == ledger
    True
    >>> ledger_from_records([{"code": "201", "name": "一般公共服务支出", "合计": "1.80"}])
    <Ledger: 1 account × 1 column (合计)>
    >>> ledger_from_records([{"科目编码": 201, "科目名称": "一般公共服务支出", "合计": 1.8}],
    ...                     places=2).value("201", "合计")
    Decimal('1.80')
    """
    rows = list(records)
    fields = ledger_fields(rows[0] if rows else {})
    if columns is None:
        cols = tuple(k for k in (rows[0] if rows else {}) if k not in fields)
    else:
        cols = tuple(columns)
    entries = []
    total: tuple[Figure, ...] | None = None
    for position, row in enumerate(rows, start=1):
        record = {fields.get(k, k): v for k, v in row.items()}
        unknown = set(record) - set(cols) - set(LEDGER_FIELDS)
        if unknown:
            raise InvalidValue(f"record {position}: unknown columns {sorted(unknown)}")
        figures = tuple(
            _figure(record.get(c), f"record {position}, column {c!r}", places) for c in cols
        )
        code = record.get("code")
        if is_missing(code) or code == "":
            if total is not None:
                raise InvalidValue(f"record {position}: a second record without a code (合计)")
            total = figures
            continue
        try:
            digits = code.digits if isinstance(code, Code) else normalize_code(_code_text(code))
        except InvalidCode as error:
            raise InvalidCode(f"record {position}: {error}") from None
        printed = record.get("printed", True)
        was_printed = True if is_missing(printed) else bool(printed)
        name = _text(record.get("name")) or ""
        entries.append((digits, name, figures, position if was_printed else 0))
    rules = RowRule.infer(cols) if row_rules is None else tuple(row_rules)
    return Ledger.assemble(entries, cols, total, rules, title, unit)


def finding_to_record(finding: Finding) -> dict[str, Any]:
    """A finding as a dict of plain Python values, amounts as Decimals.

    >>> from gfs_ledger.samples import sample_ledger
    >>> record = finding_to_record(sample_ledger().check().rounding[0])
    >>> record["code"], record["reported"], record["computed"], record["outcome"]
    ('20113', Decimal('750.05'), Decimal('750.06'), 'rounding')
    """
    record = finding.to_dict()
    record.update({key: getattr(finding, key) for key in _AMOUNT_FIELDS})
    return {key: record[key] for key in FINDING_FIELDS}


def _amount(value: object, key: str) -> Decimal | None:
    figure = _figure(value, f"finding {key}")
    if isinstance(figure, NotApplicable):
        raise InvalidValue(f"finding {key}: ——  is not an amount")
    return figure


def finding_from_record(record: Mapping[str, Any]) -> Finding:
    """The finding a record (or a ``Finding.to_dict()`` dict) describes; ``message`` is
    ignored because the finding derives it.

    >>> from gfs_ledger.samples import sample_ledger
    >>> finding = sample_ledger().check().rounding[0]
    >>> finding_from_record(finding_to_record(finding)) == finding
    True
    """
    code = record.get("code")
    return Finding(
        rule=str(record["rule"]),
        outcome=Outcome(record["outcome"]),
        column=_text(record.get("column")),
        code=None if is_missing(code) or code == "" else Code(str(code)),
        name=_text(record.get("name")) or "",
        reported=_amount(record.get("reported"), "reported"),
        computed=_amount(record.get("computed"), "computed"),
        difference=_amount(record.get("difference"), "difference"),
        allowed=_amount(record.get("allowed"), "allowed"),
        terms=_integer(record.get("terms")) or 0,
        table=_text(record.get("table")),
        rule_id=_text(record.get("rule_id")),
        detail=_text(record.get("detail")),
        line=_integer(record.get("line")),
        page=_integer(record.get("page")),
    )


def audit_to_records(audit: Audit) -> list[dict[str, Any]]:
    """Every finding of an audit as a record (see ``finding_to_record``).

    >>> from gfs_ledger.samples import sample_ledger
    >>> records = audit_to_records(sample_ledger().check())
    >>> len(records), sorted({r["outcome"] for r in records})
    (110, ['exact', 'not_applicable', 'rounding'])
    """
    return [finding_to_record(f) for f in audit.findings]


def audit_from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    tolerance: Tolerance | None = None,
    diagnostics: Sequence[Diagnostic] = (),
) -> Audit:
    """An audit holding the findings the records describe.

    >>> from gfs_ledger.samples import sample_ledger
    >>> audit = sample_ledger().check()
    >>> again = audit_from_records(audit_to_records(audit))
    >>> again.findings == audit.findings, again.summary() == audit.summary()
    (True, True)
    """
    return Audit.of(
        [finding_from_record(r) for r in records], tolerance or Tolerance(), diagnostics
    )


def diagnostic_from_dict(data: Mapping[str, Any]) -> Diagnostic:
    """The diagnostic a ``Diagnostic.to_dict()`` dict describes.

    >>> from gfs_ledger import Ledger
    >>> diagnostic = Ledger.from_rows([("2011301", "行政运行", ["1"])], columns=["合计"]).diagnostics[0]
    >>> diagnostic_from_dict(diagnostic.to_dict()) == diagnostic
    True
    """
    return Diagnostic(
        kind=str(data["kind"]),
        message=str(data["message"]),
        severity=Severity(data.get("severity", "error")),
        line=_integer(data.get("line")),
        code=_text(data.get("code")),
        table=_text(data.get("table")),
        page=_integer(data.get("page")),
    )


def report_to_records(report: Report) -> list[dict[str, Any]]:
    """Every figure of a report, one record per cell ("long" or tidy form): ``table``,
    ``section`` (an item's section, None in a ledger), ``row`` (行次), ``code``,
    ``name``, ``column``, ``value`` (the figure as printed: a Decimal, None for a
    blank cell, ``NOT_APPLICABLE``) and ``line``. A ledger gives its 合计 row (code
    None) and every printed account; accounts that the table did not print are left
    out. Tables published empty give nothing.

    >>> from gfs_ledger import read_report
    >>> records = report_to_records(read_report())
    >>> [r for r in records if r["table"] == "公开03表" and r["code"] == "20113"][1]
    {'table': '公开03表', 'section': None, 'row': None, 'code': '20113', 'name': '商贸事务', 'column': '基本支出', 'value': Decimal('735.82'), 'line': 186}
    >>> [r["value"] for r in records if r["name"] == "人员经费合计"]
    [Decimal('832.50')]
    """
    records: list[dict[str, Any]] = []
    for table_id, table in report.tables.items():
        ledger = table.ledger
        if table.empty:
            continue
        if ledger is not None:
            rows: list[tuple[str | None, str, tuple[Figure, ...], int | None]] = []
            if ledger.total is not None:
                rows.append((None, TOTAL_NAME, ledger.total, None))
            rows += [(str(a.code), a.name, tuple(a.values[c] for c in ledger.columns),
                      ledger.line_of(a.code)) for a in ledger if a.printed]
            for code, name, figures, line in rows:
                records += [
                    dict(zip(FIGURE_FIELDS, (table_id, None, None, code, name, c, v, line)))
                    for c, v in zip(ledger.columns, figures)
                ]
        for item in table.items:
            code = None if item.code is None else str(item.code)
            records += [
                dict(zip(FIGURE_FIELDS, (table_id, item.section, item.row, code, item.name,
                                         c, v, item.line)))
                for c, v in zip(item.columns, item.figures)
            ]
    return records
