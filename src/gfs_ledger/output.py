"""Audits as text for a person and as JSON for a program. Renderers only read findings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from gfs_ledger.findings import SCHEMA_VERSION, Audit, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.wording import counted

if TYPE_CHECKING:
    from gfs_ledger.ledger import Ledger
    from gfs_ledger.report import Report


def audit_text(audit: Audit, heading: Sequence[str] = (), *, strict: bool = False) -> str:
    """An audit as text: heading, summary per rule family, then each violation and
    each rounding difference with its figures, then diagnostics.

    >>> from gfs_ledger.samples import sample_ledger
    >>> print(audit_text(sample_ledger().check()).splitlines()[-1])
    OK: no violations; 4 differences within rounding (尾数误差).
    """
    lines = [*heading]
    if lines:
        lines.append("")
    lines.append(audit.summary_text())
    for title, outcome in (("Violations", Outcome.VIOLATED), ("Within rounding", Outcome.ROUNDING)):
        found = audit.having(outcome)
        if found:
            lines += ["", f"{title} ({len(found)}):"]
            lines += [f"  {_where(f.table, _unsaid(f.line, f.message), f.page)}{f.message}"
                      for f in found]
    if audit.diagnostics:
        lines += ["", f"Diagnostics ({len(audit.diagnostics)}):"]
        lines += [f"  {_where(None, d.line, d.page)}{d}" for d in audit.diagnostics]
    lines += ["", verdict(audit, strict=strict)]
    return "\n".join(lines)


def _unsaid(line: int | None, message: str) -> int | None:
    """The line, unless the message already begins by naming it (a claim of the prose)."""
    return None if line is not None and message.startswith(f"line {line} ") else line


def _where(table: str | None, line: int | None, page: int | None = None) -> str:
    parts = [p for p in (table, f"page {page}" if page else None,
                         f"line {line}" if line else None) if p]
    return f"[{', '.join(parts)}] " if parts else ""


def verdict(audit: Audit, *, strict: bool = False) -> str:
    """One closing sentence: whether the audit passed, and why not."""
    violated = audit.count(Outcome.VIOLATED)
    rounding = audit.count(Outcome.ROUNDING)
    errors = len(audit.errors)
    if violated or errors or (strict and rounding):
        reasons = [f"{violated} violated"] if violated else []
        if errors:
            missing = [d.table for d in audit.errors if d.kind == "missing_table" and d.table]
            why = f" (tables missing: {', '.join(missing)})" if missing else ""
            reasons.append(f"{errors} input errors{why}")
        if strict and rounding:
            reasons.append(f"{rounding} rounding differences (--strict)")
        return "FAILED: " + ", ".join(reasons) + "."
    tail = f"; {counted(rounding, 'difference')} {within(audit.tolerance)}" if rounding else ""
    return f"OK: no violations{tail}."


def within(tolerance: Tolerance) -> str:
    """What the ``rounding`` outcome means under a tolerance, in words.

    >>> within(Tolerance()), within(Tolerance.parse("5"))
    ('within rounding (尾数误差)', 'within the absolute tolerance')
    """
    basis = tolerance.basis
    return "within rounding (尾数误差)" if basis == "rounding" else f"within {basis}"


def audit_json(audit: Audit, extra: dict[str, Any] | None = None) -> str:
    """An audit as JSON text, amounts as strings: ``schema_version`` first, then the
    ``extra`` keys, then the audit's."""
    data = {"schema_version": SCHEMA_VERSION, **(extra or {}), **audit.to_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what ``gfs-ledger check --format json`` and
    ``claims --format json`` print and of ``Audit.to_json()``: amounts are strings
    holding every printed digit, and ``schema_version`` says which version of it a
    document follows. The schema ships inside the package.

    >>> import gfs_ledger, json
    >>> spec = gfs_ledger.schema()
    >>> spec["properties"]["schema_version"]["const"], spec["$defs"]["amount"]["type"]
    (1, 'string')
    >>> json.loads(gfs_ledger.read_report().audit().to_json())["schema_version"]
    1
    """
    from importlib import resources

    text = resources.files("gfs_ledger").joinpath("data", SCHEMA_FILE).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


SCHEMA_FILE = "check-output.schema.json"


def report_heading(report: Report, tolerance: Tolerance) -> list[str]:
    """The opening lines of a report's audit: who, when, which tables.

    >>> from gfs_ledger import read_report
    >>> print("\\n".join(report_heading(read_report(), Tolerance())[:3]))
    yangquan-commerce-2023-final-accounts.txt: 阳泉市商务局, 2023 决算, 金额单位 万元, tolerance rounding
    Tables (10 of 10):
      公开01表 收入支出决算总表
    """
    lines = [
        f"{report.source}: {report.department}, {report.year} {report.kind}, "
        f"金额单位 {report.unit.value}, tolerance {tolerance.describe()}",
        f"Tables ({len(report.tables)} of {len(report.to_dict()['tables'])}):",
    ]
    for table_id, entry in report.to_dict()["tables"].items():
        status = "" if entry["status"] == "read" else f" ({entry['status']})"
        lines.append(f"  {table_id} {entry['title']}{status}")
    return lines


def rules_text() -> str:
    """The rule catalog, one rule per paragraph: id, Chinese, English, figures; then
    the rules of the performance evaluation (family ``appraisal``) and the kinds of
    claim of the prose (family ``narrative``).

    >>> print(rules_text().splitlines()[0])
    01.balance  公开01表 收入总计 = 支出总计
    """
    from gfs_ledger.narrative.rules import NARRATIVE_RULES
    from gfs_ledger.performance.rules import PERFORMANCE_RULES
    from gfs_ledger.rules.catalog import CATALOG_BY_ID

    blocks = [f"{r.id}  {r.zh}\n    {r.en}\n    {r.figures()}" for r in CATALOG_BY_ID.values()]
    blocks += [f"{r.id}  {r.zh}\n    {r.en}" for r in PERFORMANCE_RULES]
    blocks += [f"{r.id}  {r.zh}\n    {r.en}" for r in NARRATIVE_RULES]
    return "\n\n".join(blocks)


def ledger_size(ledger: Ledger) -> str:
    """How many accounts and columns a ledger has, in words.

    >>> from gfs_ledger import Ledger
    >>> ledger_size(Ledger.from_rows([("201", "一般公共服务支出", ["1.00"])], columns=["合计"]))
    '1 account × 1 column'
    """
    return f"{counted(len(ledger), 'account')} × {counted(len(ledger.columns), 'column')}"


def report_text(report: Report) -> str:
    """What a report holds, for a person: who and when, each table (a ledger's size, an
    item table's rows, or empty), the prose and the reader's diagnostics. No audit:
    ``str(report.audit())`` is the audit as text.

    >>> from gfs_ledger import read_report
    >>> print(report_text(read_report()))  # doctest: +ELLIPSIS
    阳泉市商务局 2023 决算, 金额单位 万元 (yangquan-commerce-2023-final-accounts.txt)
      公开01表 收入支出决算总表: 42 rows
      公开02表 收入决算表: 25 accounts × 7 columns
      ...
      公开07表 政府性基金预算财政拨款收入支出决算表: empty (本表无数据)
      ...
      公开10表 部门决算公开相关信息统计表: 16 rows
    情况说明: 69 lines
    """
    lines = [f"{report.department} {report.year} {report.kind}, "
             f"金额单位 {report.unit.value} ({report.source})"]
    for table_id, entry in report.to_dict()["tables"].items():
        table = report.tables.get(table_id)
        if table is None:
            what = "missing"
        elif table.empty:
            what = "empty (本表无数据)"
        elif table.ledger is not None:
            what = ledger_size(table.ledger)
            if table.items:
                what += f" and {counted(len(table.items), 'row')}"
        else:
            what = counted(len(table.items), "row")
        lines.append(f"  {table_id} {entry['title']}: {what}")
    lines.append(f"情况说明: {len(report.prose)} lines")
    if report.diagnostics:
        lines.append(f"Diagnostics: {len(report.diagnostics)}")
    return "\n".join(lines)
