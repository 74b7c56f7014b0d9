"""The two tables of a run, as data: their columns, and a result as rows of them.

Every writer (JSON Lines, CSV, SQLite, Parquet), ``to_frames`` and the Dask
integration take their columns from here, so that they give the same rows.
Amounts are text holding the exact decimal figure (``"750.05"``), never a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from gfs_ledger.corpus.document import DocumentResult
from gfs_ledger.findings import Outcome


@attrs.frozen(slots=True)
class Column:
    """One column of a table: its name, its type and what it holds.

    >>> DOCUMENTS[0]
    Column(name='path', type='text', doc='the path of the document, as found')
    """

    name: str
    type: str  # text, integer, real or boolean
    doc: str


OUTCOMES = tuple(o.value for o in Outcome)

DOCUMENTS: tuple[Column, ...] = (
    Column("path", "text", "the path of the document, as found"),
    Column("sha256", "text", "the SHA-256 of its bytes (null when it could not be opened)"),
    Column("format", "text", "its suffix: txt, csv, xlsx, pdf, …"),
    Column("department", "text", "部门, from the disclosure (null for a table)"),
    Column("year", "integer", "the year it reports on"),
    Column("kind", "text", "决算 or 预算"),
    Column("unit", "text", "金额单位: 万元 or 元"),
    Column("tables", "integer", "the tables read (1 for a CSV or .xlsx table)"),
    Column("checks", "integer", "the checks run"),
    *(Column(o, "integer", f"the checks whose outcome is {o}") for o in OUTCOMES),
    Column("errors", "integer", "diagnostics of severity error (a table missing, …)"),
    Column("warnings", "integer", "diagnostics of severity warning"),
    Column("ok", "boolean", "nothing violated and no error (null when unreadable)"),
    Column("error", "text", "why the document could not be read (null when it was)"),
    Column("seconds", "real", "the time its reading and audit took"),
)
"""The documents table: one row per document, read or not."""

FINDINGS: tuple[Column, ...] = (
    Column("path", "text", "the document's path (documents.path)"),
    Column("sha256", "text", "the document's SHA-256 (documents.sha256)"),
    Column("table", "text", "the table checked (公开03表; the file's name for a table)"),
    Column("rule", "text", "hierarchy, row, cross, narrative, or diagnostic"),
    Column("rule_id", "text", "the rule of the catalog (01.balance, …) or diagnostic kind"),
    Column("code", "text", "the classification code, as text"),
    Column("name", "text", "the account's or the figure's name"),
    Column("column", "text", "the amount column"),
    Column("outcome", "text", "exact, rounding, violated, not_applicable, unverifiable; "
                              "error or warning for a diagnostic"),
    Column("reported", "text", "the printed figure, exact decimal text"),
    Column("computed", "text", "what it should equal, exact decimal text"),
    Column("difference", "text", "reported − computed, exact decimal text"),
    Column("allowed", "text", "the difference rounding allows, exact decimal text"),
    Column("page", "integer", "the page of a PDF (null when unknown)"),
    Column("line", "integer", "the line of the text or the file"),
    Column("message", "text", "one sentence saying what was compared and what came out"),
)
"""The findings table: one row per finding kept, then per diagnostic, of each document."""


def document_row(result: DocumentResult) -> dict[str, Any]:
    """A result as its row of the documents table.

    >>> from gfs_ledger.corpus.document import audit_document
    >>> from gfs_ledger.samples import sample_path
    >>> from gfs_ledger import read_report
    >>> row = document_row(audit_document(sample_path()))
    >>> row["department"], row["rounding"], row["violated"], row["ok"]
    ('阳泉市商务局', 19, 4, False)
    >>> row["checks"] == len(read_report().audit())
    True
    """
    row: dict[str, Any] = {
        "path": result.path, "sha256": result.sha256, "format": result.format,
        "department": result.department, "year": result.year, "kind": result.kind,
        "unit": result.unit, "tables": result.tables, "checks": result.checks,
    }
    row.update({o: result.count(o) for o in OUTCOMES})
    row.update(errors=result.errors, warnings=len(result.diagnostics) - result.errors,
               ok=result.ok, error=result.error, seconds=result.seconds)
    return row


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def finding_rows(result: DocumentResult) -> Iterator[dict[str, Any]]:
    """A result's rows of the findings table: each finding kept, then each diagnostic.

    >>> from gfs_ledger.corpus.document import audit_document
    >>> from gfs_ledger.samples import sample_path
    >>> row = next(finding_rows(audit_document(sample_path())))
    >>> row["table"], row["code"], row["outcome"], row["reported"], row["computed"], row["page"]
    ('公开02表', '20113', 'rounding', '750.05', '750.06', None)
    """
    for f in result.findings:
        yield {
            "path": result.path, "sha256": result.sha256, "table": f.table, "rule": f.rule,
            "rule_id": f.rule_id, "code": _text(f.code), "name": f.name, "column": f.column,
            "outcome": f.outcome.value, "reported": _text(f.reported),
            "computed": _text(f.computed), "difference": _text(f.difference),
            "allowed": _text(f.allowed), "page": getattr(f, "page", None), "line": f.line,
            "message": f.message,
        }
    for d in result.diagnostics:
        yield {
            "path": result.path, "sha256": result.sha256, "table": d.table,
            "rule": "diagnostic", "rule_id": d.kind, "code": d.code, "name": None,
            "column": None, "outcome": d.severity.value, "reported": None, "computed": None,
            "difference": None, "allowed": None, "page": getattr(d, "page", None),
            "line": d.line, "message": str(d),
        }


def table_rows(
    results: Iterable[DocumentResult],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of the documents table and of the findings table for some results.

    >>> from gfs_ledger.corpus.document import audit_document
    >>> from gfs_ledger.samples import sample_path
    >>> documents, findings = table_rows([audit_document(sample_path())])
    >>> len(documents), len(findings)
    (1, 61)
    """
    documents: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for result in results:
        documents.append(document_row(result))
        findings.extend(finding_rows(result))
    return documents, findings
