"""A whole 部门决算公开: its metadata, its tables, its prose, and its audit."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, overload

import attrs

from gfs_ledger.amounts import Unit
from gfs_ledger.culprits import with_culprits
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.findings import Audit
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.text import load_text
from gfs_ledger.pages import Pages
from gfs_ledger.rules.catalog import CATALOG, CATALOGS
from gfs_ledger.rules.evaluate import evaluate
from gfs_ledger.tables.model import Item, Status, Table, Tables
from gfs_ledger.tables.reader import read_disclosure
from gfs_ledger.tables.registry import REGISTRY

if TYPE_CHECKING:
    from gfs_ledger.narrative import Claim
    from gfs_ledger.performance import Evaluation

__all__ = ["Item", "Report", "Status", "Table", "read_report"]


def _tables(value: Mapping[str, Table]) -> Mapping[str, Table]:
    return value if isinstance(value, Tables) else Tables(value)


@attrs.frozen(slots=True, eq=False, repr=False)
class Report:
    """A 部门决算公开 or 部门预算公开 read from its text or its PDF: metadata, tables by
    kind, and the prose.

    ``kind`` is 决算 or 预算, ``scope`` 部门 (a department and its units) or 单位 (one
    unit), ``layout`` the template of a PDF (see ``docs/pdf.md``; None for a text) and
    ``locations`` the page and line on the page of each line a PDF's findings name.

    ``tables`` holds every table found, keyed by id (``公开03表``); a table
    published empty is there with status ``empty``, a table not in the text is
    not (``status(id)`` says ``missing``, and an error diagnostic says so). ``prose`` is each non-blank line of
    第三部分 情况说明 as ``(line_number, text)``. ``audit()`` runs every
    hierarchy and row rule of every ledger and the catalog of rules across tables.

    >>> from gfs_ledger import read_report
    >>> report = read_report()                     # the bundled sample
    >>> report
    <Report 阳泉市商务局 2023 决算 (万元): 10 tables, 3 empty>
    >>> report.tables["公开01表"].value("本年收入合计", section="收入")
    Decimal('1776.55')
    >>> report.tables["公开03表"].ledger.value("20113", "基本支出")
    Decimal('735.82')
    >>> audit = report.audit()
    >>> audit.ok, len(audit.violations), len(audit.rounding)
    (False, 4, 19)
    """

    department: str | None
    year: int | None
    unit: Unit
    kind: str | None
    tables: Mapping[str, Table] = attrs.field(converter=_tables)
    prose: tuple[tuple[int, str], ...] = ()
    source: str = "<text>"
    reader_diagnostics: tuple[Diagnostic, ...] = ()
    layout: str | None = None
    locations: tuple[tuple[int, int], ...] = ()
    scope: str | None = None
    appendix: tuple[tuple[int, str], ...] = ()

    def status(self, table_id: str) -> Status:
        """``read``, ``empty`` (published as 本表无数据) or ``missing``."""
        table = self.tables.get(table_id)
        return Status.MISSING if table is None else table.status

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Everything the reader reported: the document's, each table's, each ledger's."""
        found = list(self.reader_diagnostics)
        for table in self.tables.values():
            found += table.diagnostics
            if table.ledger is not None:
                found += table.ledger.diagnostics
        if self.locations:
            return tuple(map(self._pages.diagnostic, found))
        return tuple(found)

    def audit(self, tolerance: Tolerance | None = None, *, prose: bool = True) -> Audit:
        """Every hierarchy and row rule of every ledger, the rule catalog, then (unless
        ``prose`` is false) every claim of the prose.

        >>> from gfs_ledger import read_report
        >>> [s.rule for s in read_report().audit(prose=False).summary()]
        ['hierarchy', 'row', 'cross']
        """
        from gfs_ledger.narrative import check_claims

        tol = tolerance or Tolerance()
        own = list(self.reader_diagnostics)
        for table in self.tables.values():
            own += table.diagnostics
        audits = [t.ledger.check(tol) for t in self.tables.values() if t.ledger is not None]
        expected = frozenset(self._expected())
        layout = (self.layout or "national 决算", expected)
        tables, converted = self._in_one_unit()
        own += converted
        audits.append(evaluate(tables, tol, CATALOGS.get(self.kind or "决算", CATALOG), layout))
        if prose:
            from gfs_ledger.performance import check_performance

            audits.append(check_claims(self, tol))
            audits.append(check_performance(self, tol))
        audit = Audit.of((), tol, own).merge(*audits)
        named = with_culprits(audit, {t.ledger.title or t.id: t.ledger
                                      for t in self.tables.values() if t.ledger is not None})
        if named:  # the likely culprit of each group of violations (gfs_ledger.culprits)
            audit = Audit(audit.batches, tol, audit.diagnostics + tuple(named))
        return self._pages.audit(audit) if self.locations else audit

    def _in_one_unit(self) -> tuple[Tables, list[Diagnostic]]:
        """The tables, each printed in another unit than the report's converted to it
        for the rules across tables, and a note of each conversion."""
        tables, notes = {}, []
        for kind, table in self.tables.items():
            if table.unit is not None and table.unit is not self.unit:
                notes.append(Diagnostic(
                    "unit_converted", f"{table.name} {table.title} prints {table.unit.value}; "
                    f"its figures are converted exactly to {self.unit.value}, keeping their "
                    "printed precision, for the rules across tables", Severity.WARNING,
                    table.line, None, kind))
                table = table.in_unit(self.unit)
            tables[kind] = table
        return Tables(tables), notes

    @property
    def _pages(self) -> Pages:
        return Pages(self.locations)

    def claims(self) -> tuple[Claim, ...]:
        """Every numeric claim of the prose (第三部分 情况说明), in the order printed; for a
        PDF, its wrapped lines joined into paragraphs first, with its item-by-item
        sentences, years and template placeholders (see docs/narrative.md).

        >>> from gfs_ledger import read_report
        >>> claim = read_report().claims()[0]
        >>> claim.line, claim.kind.value, claim.text, claim.subject
        (444, 'amount', '1,776.55万元', '收入总计')
        """
        from gfs_ledger.narrative import extract_claims

        return extract_claims(self.prose, self.locations if self.layout is not None else None)

    def _expected(self) -> dict[str, str]:
        """The kinds of table the document's layout has, with their titles."""
        if self.layout is not None:
            from gfs_ledger.tables.templates import template

            return {t.kind: t.title for t in template(self.layout).tables}
        return {k: t.title for k, t in REGISTRY.items()}

    def evaluation(self) -> Evaluation | None:
        """The 项目绩效评价报告 of the appendix (第五部分 附件) read into indicator
        ledgers of weights and scores, or None when the appendix holds no 绩效评价表;
        see ``gfs_ledger.performance`` and docs/performance-evaluation.md.

        >>> from gfs_ledger import read_report
        >>> evaluation = read_report().evaluation()
        >>> evaluation.total.value, evaluation.grade.value, len(evaluation.scores)
        (Decimal('99.7'), '优', 11)
        """
        from gfs_ledger.performance import read_evaluation

        return read_evaluation(self.appendix)

    def to_dict(self) -> dict[str, Any]:
        """The report's metadata and the status of every table of its layout, JSON-ready."""
        expected = self._expected()
        ids = list(dict.fromkeys([*expected, *self.tables]))
        return {
            "department": self.department,
            "year": self.year,
            "unit": self.unit.value,
            "kind": self.kind,
            "scope": self.scope,
            "layout": self.layout,
            "tables": {
                i: {"title": self.tables[i].title if i in self.tables else expected[i],
                    "status": self.status(i).value}
                for i in ids
            },
        }

    # ---- records, JSON and display (see gfs_ledger.io.json, io.records, html, output)

    def to_records(self) -> list[dict[str, Any]]:
        """Every figure as one record (table, section, row, code, name, column, value,
        line); see ``gfs_ledger.io.records.report_to_records``.

        >>> from gfs_ledger import read_report
        >>> figures = read_report().to_records()
        >>> [r["value"] for r in figures if r["table"] == "公开06表" and r["code"] == "303"]
        [Decimal('340.54')]
        """
        from gfs_ledger.io.records import report_to_records

        return report_to_records(self)

    def to_pandas(self, audit: Audit | None = None, *, floats: bool = False) -> Any:
        """Every figure as one row of a pandas DataFrame (needs the ``pandas`` extra):
        table, section, row, code, name, column, value, line, and the ``outcome`` of the
        checks of that figure (of ``audit``, by default ``self.audit()``); see
        ``gfs_ledger.io.pandas.report_to_pandas``.

        >>> from gfs_ledger import read_report
        >>> frame = read_report().to_pandas()  # doctest: +PANDAS
        >>> frame[(frame.table == "公开03表") & (frame.code == "20113")][["column", "value", "outcome"]].values.tolist()[:2]  # doctest: +PANDAS
        [['本年支出合计', Decimal('750.05'), 'rounding'], ['基本支出', Decimal('735.82'), 'rounding']]
        """
        from gfs_ledger.io.pandas import report_to_pandas

        return report_to_pandas(self, audit, floats=floats)

    @overload
    def to_json(self, path: None = None, *, indent: int | None = 2) -> str: ...

    @overload
    def to_json(self, path: str | os.PathLike[str], *, indent: int | None = 2) -> None: ...

    def to_json(self, path: str | os.PathLike[str] | None = None, *, indent: int | None = 2) -> str | None:
        """Everything the report holds as JSON text: metadata, every table with its
        status, title, ledger or items (each figure as printed), the prose and the
        diagnostics; see ``gfs_ledger.io.json``. With a ``path``, writes it there
        (UTF-8, atomically) and returns None.

        >>> import pathlib, tempfile
        >>> from gfs_ledger import read_report
        >>> report = read_report()
        >>> again = Report.from_json(report.to_json())
        >>> again.tables == report.tables, again.to_json() == report.to_json()
        (True, True)
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "report.json"
        >>> report.to_json(path)
        >>> Report.from_json(path.read_bytes()).tables == report.tables
        True
        """
        from gfs_ledger.io.files import text_or_file
        from gfs_ledger.io.json import report_to_json

        return text_or_file(report_to_json(self, indent=indent), path)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        """The report that ``to_json`` wrote.

        >>> from gfs_ledger import read_report
        >>> Report.from_json(read_report().to_json())
        <Report 阳泉市商务局 2023 决算 (万元): 10 tables, 3 empty>
        """
        from gfs_ledger.io.json import report_from_json

        return report_from_json(text)

    def _repr_html_(self) -> str:
        from gfs_ledger.html import report_html

        return report_html(self, style=True).markup

    def __str__(self) -> str:
        from gfs_ledger.output import report_text

        return report_text(self)

    def __repr__(self) -> str:
        empty = sum(t.status is Status.EMPTY for t in self.tables.values())
        return (f"<Report {self.department} {self.year} {self.kind} ({self.unit.value}): "
                f"{len(self.tables)} tables, {empty} empty>")


def read_report(source: str | os.PathLike[str] | None = None) -> Report:
    """Read a 部门决算公开 from a path or from its text (the bundled sample if None).

    Text is told from a path by containing a line break. Input that cannot be a
    disclosure (no table marker, text that ends inside a table, an unknown unit of
    money) raises ``ReadError``; lines that cannot be read inside a table, tables
    that are missing and tables that disagree on the unit become diagnostics.

    >>> read_report().tables["公开06表"].value("人员经费合计")
    Decimal('832.50')
    >>> read_report("第一部分\\n没有表格\\n")
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.ReadError: <text>: no table marker (公开01表 …) found: not the text of a 部门决算公开
    """
    if source is None:
        from gfs_ledger.samples import SAMPLE_REPORT, sample_text

        text, where = sample_text(), SAMPLE_REPORT
    elif _is_pdf(source):
        return _read_pdf(source)
    else:
        text, where = load_text(source)
    found = read_disclosure(text, where)
    return Report(found.department, found.year, found.unit, found.kind,
                  {t.id: t for t in found.tables}, found.prose, where, found.diagnostics,
                  scope=found.scope, appendix=found.appendix)


def _is_pdf(source: str | os.PathLike[str]) -> bool:
    """A path (not text) whose name ends in .pdf."""
    return (isinstance(source, os.PathLike) or "\n" not in source) and str(
        source).lower().endswith(".pdf")


def _read_pdf(path: str | os.PathLike[str]) -> Report:
    """A disclosure from a PDF's text layer, in any layout of ``tables/templates``."""
    from gfs_ledger.sources.pdf import read_pdf_lines
    from gfs_ledger.tables.positioned import read_positioned

    where = str(path)
    found = read_positioned(read_pdf_lines(path), where)
    tables = {t.id: t for t in found.tables}
    return Report(found.department, found.year, found.unit, found.template.document, tables,
                  found.prose, where, found.diagnostics, found.template.name, found.locations,
                  found.scope)
