"""Ledgers and findings as pandas DataFrames (the ``pandas`` extra).

A ledger frame has one row per account (the 合计 row first, code missing,
level 0) and the columns of ``gfs_ledger.io.records``: ``code``, ``name``,
``level``, ``parent``, ``printed`` and one per amount column. Amounts stay
``Decimal`` objects (blank cells None, ``——`` cells ``NOT_APPLICABLE``) so
that no digit is lost; ``floats=True`` gives float64 columns instead (blanks and
``——`` as NaN), for plotting, and such a frame cannot be read back.

The title, unit and row rules travel in ``frame.attrs["gfs_ledger"]`` so that
``from_pandas`` rebuilds an equal ledger; keyword arguments override them.

pandas is imported inside the functions: ``import gfs_ledger`` never needs it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gfs_ledger.amounts import Unit
from gfs_ledger.errors import InvalidValue, missing_extra
from gfs_ledger.findings import Audit, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.records import (
    FIGURE_FIELDS,
    FINDING_FIELDS,
    LEDGER_FIELDS,
    audit_from_records,
    audit_to_records,
    ledger_fields,
    ledger_from_records,
    ledger_to_records,
    report_to_records,
)
from gfs_ledger.ledger import Ledger, RowRule

if TYPE_CHECKING:
    from gfs_ledger.report import Report

ATTRS_KEY = "gfs_ledger"


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise missing_extra("pandas", "pandas", "this") from None
    return pandas


def _float(value: object) -> float:
    return float(value) if isinstance(value, Decimal) else float("nan")


def ledger_to_pandas(ledger: Ledger, *, floats: bool = False) -> Any:
    """The ledger as a DataFrame, one row per account; Decimals unless ``floats``.

    >>> from gfs_ledger.samples import sample_ledger
    >>> frame = ledger_to_pandas(sample_ledger())  # doctest: +PANDAS
    >>> frame[frame.level == 2][["code", "name", "基本支出"]].values.tolist()[:2]  # doctest: +PANDAS
    [['20113', '商贸事务', Decimal('735.82')], ['20132', '组织事务', Decimal('0.96')]]
    >>> floats = ledger_to_pandas(sample_ledger(), floats=True)  # doctest: +PANDAS
    >>> floats[floats.level == 1]["本年支出合计"].sum().round(2)  # doctest: +PANDAS
    np.float64(1776.55)
    """
    pd = _pandas()
    records = ledger_to_records(ledger)
    frame = pd.DataFrame.from_records(records, columns=[*LEDGER_FIELDS, *ledger.columns])
    frame["code"] = frame["code"].astype(object)
    frame["parent"] = frame["parent"].astype(object)
    frame["level"] = frame["level"].astype("int64")
    frame["printed"] = frame["printed"].astype(bool)
    for column in ledger.columns:
        values = [r[column] for r in records]
        frame[column] = pd.Series(
            [_float(v) for v in values] if floats else values,
            index=frame.index, dtype="float64" if floats else object,
        )
    frame.attrs[ATTRS_KEY] = {
        "kind": "ledger",
        "title": ledger.title,
        "unit": ledger.unit.value,
        "columns": list(ledger.columns),
        "row_rules": [{"total": r.total, "parts": list(r.parts)} for r in ledger.row_rules],
        "floats": floats,
    }
    return frame


def _metadata(frame: Any) -> dict[str, Any]:
    """What gfs_ledger stored in a frame's attrs; a frame of floats cannot come back."""
    _pandas()
    meta = dict(frame.attrs.get(ATTRS_KEY) or {})
    if meta.get("floats"):
        raise InvalidValue(
            "this frame was made with floats=True and has lost the printed figures; "
            "use to_pandas() without floats for a round trip"
        )
    return meta


def ledger_from_pandas(
    frame: Any,
    *,
    columns: list[str] | None = None,
    title: str | None = None,
    unit: Unit | None = None,
    row_rules: list[RowRule] | None = None,
    places: int | None = None,
) -> Ledger:
    """The ledger a frame holds: ``code``, ``name`` (optional ``printed``) and amount
    columns, amounts as Decimals or text. The code and name columns may carry the
    headers a table prints (科目编码, 科目名称 …), as ``pd.read_csv`` gives them. Floats
    are refused unless ``places`` says how many decimals the table printed (see
    ``gfs_ledger.io.records.float_figure``); ``pd.read_csv(path, dtype=str)`` keeps
    every figure as printed instead. Options left out come from
    ``frame.attrs["gfs_ledger"]`` (written by ``ledger_to_pandas``), else amount columns
    are every other column, the title None, the unit 万元, the row rules inferred.

    >>> import pandas as pd  # doctest: +PANDAS
    >>> frame = pd.DataFrame({"code": ["201", "20113"], "name": ["一般公共服务支出", "商贸事务"],
    ...                       "合计": ["751.01", "750.05"]})  # doctest: +PANDAS
    >>> ledger_from_pandas(frame).value("20113", "合计")  # doctest: +PANDAS
    Decimal('750.05')
    """
    meta = _metadata(frame)
    fields = ledger_fields(frame.columns)
    if "code" not in fields.values():
        index = frame.index.name
        in_index = index is not None and "code" in ledger_fields([index]).values()
        raise InvalidValue(
            "the frame has no code column"
            + (" (it is the index: call reset_index() first)" if in_index
               else " (code, 科目编码, 科目代码, 编码 …)")
        )
    # The frame's own columns, in its order: a renamed, dropped or added column is the
    # user's (pandas carries attrs through such changes, so the stored list may be stale).
    in_frame = [str(c) for c in frame.columns if str(c) not in fields]
    if columns is None:
        columns = in_frame
    if title is None:
        title = meta.get("title")
    if unit is None:
        unit = Unit(meta.get("unit", Unit.WAN.value))
    if row_rules is None and meta.get("row_rules") is not None:
        stored = [RowRule(r["total"], tuple(r["parts"])) for r in meta["row_rules"]]
        if all(c in columns for r in stored for c in (r.total, *r.parts)):
            row_rules = stored
    wanted = [c for c in frame.columns if str(c) in fields or c in columns]
    records = _with_double_floats(frame[wanted]).to_dict("records")
    return ledger_from_records(
        records, columns=columns, title=title, unit=unit, row_rules=row_rules, places=places
    )


def _with_double_floats(frame: Any) -> Any:
    """The frame with each float32 (or float16) column as the float64 of its figures'
    shortest repr: 1776.55 as a float32 is 1776.550048828125 once widened, but prints
    as 1776.55, which is what the table printed."""
    narrow = {c: [float(str(v)) for v in frame[c].to_numpy()]
              for c in frame.columns if frame[c].dtype.kind == "f" and frame[c].dtype.itemsize < 8}
    return frame.assign(**narrow) if narrow else frame


def audit_to_pandas(audit: Audit, *, floats: bool = False) -> Any:
    """The findings of an audit as a DataFrame, one row per finding; amounts as
    Decimals unless ``floats``; ``terms`` and ``line`` as nullable integers.

    >>> from gfs_ledger.samples import sample_ledger
    >>> frame = audit_to_pandas(sample_ledger().check())  # doctest: +PANDAS
    >>> frame[frame.outcome != "exact"].outcome.value_counts().to_dict()  # doctest: +PANDAS
    {'not_applicable': 53, 'rounding': 4}
    """
    pd = _pandas()
    records = audit_to_records(audit)
    frame = pd.DataFrame.from_records(records, columns=list(FINDING_FIELDS))
    for column in FINDING_FIELDS:
        values = [r[column] for r in records]
        if column in ("reported", "computed", "difference", "allowed"):
            series = pd.Series([_float(v) for v in values] if floats else values,
                               index=frame.index, dtype="float64" if floats else object)
        elif column in ("terms", "line"):
            series = pd.Series(values, index=frame.index, dtype="Int64")
        else:
            series = pd.Series(values, index=frame.index, dtype=object)
        frame[column] = series
    frame.attrs[ATTRS_KEY] = {
        "kind": "findings", "tolerance": audit.tolerance.describe(), "floats": floats,
    }
    return frame


_WORST_FIRST = (Outcome.VIOLATED, Outcome.ROUNDING, Outcome.EXACT, Outcome.UNVERIFIABLE,
                Outcome.NOT_APPLICABLE)


def figure_outcomes(audit: Audit) -> dict[tuple[str, str | None, str], Outcome]:
    """The worst outcome of the checks that compared each printed figure as their total,
    by (table, code or None for 合计, column): the hierarchy and row checks of its table,
    and the rules across tables that name its table, code and column.

    >>> from gfs_ledger import read_report
    >>> outcomes = figure_outcomes(read_report().audit())
    >>> outcomes["公开03表", "20113", "本年支出合计"], outcomes["公开03表", None, "基本支出"]
    (<Outcome.ROUNDING: 'rounding'>, <Outcome.EXACT: 'exact'>)
    """
    found: dict[tuple[str, str | None, str], Outcome] = {}
    for finding in audit.findings:
        if finding.table is None or finding.column is None:
            continue
        if finding.code is None and finding.rule not in ("hierarchy", "row"):
            continue  # a rule across tables without a code compares labelled totals
        key = (finding.table, None if finding.code is None else str(finding.code),
               finding.column)
        held = found.get(key)
        if held is None or _WORST_FIRST.index(finding.outcome) < _WORST_FIRST.index(held):
            found[key] = finding.outcome
    return found


def report_to_pandas(report: Report, audit: Audit | None = None, *,
                     floats: bool = False) -> Any:
    """Every figure of a report as a frame, one row per figure (``Report.to_records()``:
    table, section, row, code, name, column, value, line) and its ``outcome``: the worst
    outcome of the checks that compared it as their total (``figure_outcomes``), None
    where no check did. ``audit`` defaults to ``report.audit()``. Values are Decimals
    unless ``floats``.

    >>> from gfs_ledger import read_report
    >>> frame = report_to_pandas(read_report())  # doctest: +PANDAS
    >>> frame[frame.outcome == "rounding"].groupby("table").size().to_dict()  # doctest: +PANDAS
    {'公开02表': 4, '公开03表': 4, '公开05表': 4, '公开06表': 1}
    """
    pd = _pandas()
    outcomes = figure_outcomes(report.audit() if audit is None else audit)
    records = report_to_records(report)
    frame = pd.DataFrame.from_records(records, columns=[*FIGURE_FIELDS, "outcome"])
    values = [r["value"] for r in records]
    frame["value"] = pd.Series([_float(v) for v in values] if floats else values,
                               index=frame.index, dtype="float64" if floats else object)
    for column in ("row", "line"):
        frame[column] = pd.Series([r[column] for r in records], index=frame.index,
                                  dtype="Int64")
    found = [outcomes.get((r["table"], r["code"], r["column"])) for r in records]
    frame["outcome"] = pd.Series([None if o is None else o.value for o in found],
                                 index=frame.index, dtype=object)
    frame.attrs[ATTRS_KEY] = {"kind": "figures", "source": report.source, "floats": floats}
    return frame


def audit_from_pandas(frame: Any, *, tolerance: Tolerance | None = None) -> Audit:
    """The audit whose findings a frame holds (as ``audit_to_pandas`` writes it, or a
    filtered part of one).

    >>> from gfs_ledger.samples import sample_ledger
    >>> frame = audit_to_pandas(sample_ledger().check())  # doctest: +PANDAS
    >>> audit_from_pandas(frame[frame.outcome == "rounding"])  # doctest: +PANDAS
    <Audit: 4 checks, 0 violated, 4 within rounding, 0 diagnostics>
    """
    meta = _metadata(frame)
    if tolerance is None and meta.get("tolerance"):
        tolerance = Tolerance.parse(str(meta["tolerance"]))
    return audit_from_records(frame.to_dict("records"), tolerance=tolerance)
