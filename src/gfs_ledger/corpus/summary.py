"""A run summed up for a person: counts by rule and outcome, the documents with the
most violations, the documents that could not be read; as text, JSON or one HTML page."""

from __future__ import annotations

import heapq
import json
from collections import Counter
from typing import Any

import attrs

from gfs_ledger.corpus.document import DocumentResult
from gfs_ledger.findings import Audit, FindingBatch, Outcome
from gfs_ledger.html import Html, audit_html, escape, style, summary_html, tag

MOST = 10
"""How many of the documents with the most violations a summary lists."""


def document_line(result: DocumentResult, *, strict: bool = False) -> str:
    """One line on how a document came out, for a log.

    >>> from gfs_ledger.corpus.document import audit_document
    >>> from gfs_ledger.samples import sample_path
    >>> document_line(audit_document(sample_path()))  # doctest: +ELLIPSIS
    '.../yangquan-commerce-2023-final-accounts.txt: FAILED, 4 violated, 19 within rounding (阳泉市商务局 2023)'
    """
    if result.error is not None:
        reason = result.error.removeprefix(f"{result.path}: ")
        return f"{result.path}: unreadable: {reason}"
    violated, rounding = result.count(Outcome.VIOLATED), result.count(Outcome.ROUNDING)
    failed = not result.ok or (strict and rounding)
    words = [f"{violated} violated"] if violated else []
    if result.errors:
        words.append(f"{result.errors} input errors")
    words.append(f"{rounding} within rounding")
    return (f"{result.path}: {'FAILED' if failed else 'OK'}, {', '.join(words)}"
            + (f" ({result.who})" if result.who else ""))


@attrs.define
class RunSummary:
    """What a run found, added up one document at a time; keeps the documents with
    the most violations and the unreadable ones, not every result.

    >>> from gfs_ledger.corpus.document import audit_document
    >>> from gfs_ledger.samples import SAMPLE_TABLE03, sample_path
    >>> summary = RunSummary()
    >>> for path in (sample_path(), sample_path(SAMPLE_TABLE03)):
    ...     summary.add(audit_document(path))
    >>> print(summary.text().splitlines()[0])
    2 documents: 1 passed, 1 failed, 0 unreadable.
    """

    strict: bool = False
    documents: int = 0
    passed: int = 0
    counts: Counter[tuple[str, Outcome]] = attrs.field(factory=Counter)
    unreadable: list[tuple[str, str]] = attrs.field(factory=list)
    _worst: list[tuple[int, int, int, str, str]] = attrs.field(factory=list)
    _sections: list[tuple[tuple[Any, ...], Html]] = attrs.field(factory=list)
    keep_sections: bool = False

    def add(self, result: DocumentResult) -> None:
        """Count one more document."""
        self.documents += 1
        if result.error is not None:
            self.unreadable.append((result.path, result.error))
        else:
            rounding = result.count(Outcome.ROUNDING)
            if result.ok and not (self.strict and rounding):
                self.passed += 1
            for s in result.summary:
                for outcome in Outcome:
                    self.counts[s.rule, outcome] += getattr(s, outcome.value)
            violated = result.count(Outcome.VIOLATED)
            if violated or result.errors:
                entry = (violated, result.errors, -self.documents, result.path, result.who)
                if len(self._worst) < MOST:
                    heapq.heappush(self._worst, entry)
                else:
                    heapq.heappushpop(self._worst, entry)
        if self.keep_sections:
            status = ("unreadable" if result.error is not None
                      else "ok" if result.ok else "failed")
            row = (result.path, result.department, result.year, status,
                   result.count(Outcome.VIOLATED), result.count(Outcome.ROUNDING))
            self._sections.append((row, _section(result, self.documents)))

    @property
    def failed(self) -> int:
        """The documents read that did not pass."""
        return self.documents - self.passed - len(self.unreadable)

    def most_violations(self) -> list[dict[str, Any]]:
        """The documents with the most violations (then input errors), most first."""
        return [
            {"path": path, "who": who, "violated": violated, "errors": errors}
            for violated, errors, _, path, who in sorted(self._worst, reverse=True)
        ]

    def audit(self) -> Audit:
        """The counts of every check of the run, as an audit without findings."""
        return Audit((FindingBatch(+self.counts, lambda: ()),))

    def status(self) -> int:
        """The exit status: 2 when a document could not be read, else 1 when one
        failed, else 0."""
        return 2 if self.unreadable else 1 if self.failed else 0

    def verdict(self) -> str:
        """One closing sentence."""
        if not self.failed and not self.unreadable:
            return f"OK: {self.documents} documents, nothing violated."
        parts = [f"{self.failed} failed"] if self.failed else []
        if self.unreadable:
            parts.append(f"{len(self.unreadable)} could not be read")
        return f"FAILED: of {self.documents} documents, " + ", ".join(parts) + "."

    def text(self) -> str:
        """The summary for a person."""
        lines = [f"{self.documents} documents: {self.passed} passed, {self.failed} failed, "
                 f"{len(self.unreadable)} unreadable.", ""]
        if self.counts:
            lines += [self.audit().summary_text(), ""]
        worst = self.most_violations()
        if worst:
            lines.append(f"Most violations ({len(worst)}):")
            lines += [f"  {w['violated']:>5} violated  {w['errors']:>3} input errors  "
                      f"{w['path']}" + (f" ({w['who']})" if w["who"] else "") for w in worst]
            lines.append("")
        if self.unreadable:
            lines.append(f"Unreadable ({len(self.unreadable)}):")
            lines += [f"  {error}" for _, error in self.unreadable]
            lines.append("")
        lines.append(self.verdict())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The summary, JSON-ready."""
        return {
            "documents": self.documents, "passed": self.passed, "failed": self.failed,
            "unreadable": [{"path": p, "error": e} for p, e in self.unreadable],
            "summary": {s.rule: s.to_dict() for s in self.audit().summary()},
            "most_violations": self.most_violations(),
            "ok": self.status() == 0,
        }

    def json(self) -> str:
        """The summary as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def page(self) -> str:
        """One self-contained HTML page: the summary, every document in a table linking
        to its own audit section below (needs ``keep_sections``)."""
        rows = []
        for k, ((path, department, year, status, violated, rounding), _) in enumerate(
                self._sections, start=1):
            rows.append(tag(
                "tr", {"class": f"gfs-doc gfs-doc-{status}"},
                tag("td", None, tag("a", {"href": f"#doc-{k}"}, path)),
                tag("td", None, department), tag("td", None, year), tag("td", None, status),
                tag("td", {"class": "gfs-num"}, violated),
                tag("td", {"class": "gfs-num"}, rounding),
            ))
        head = tag("tr", None, *(tag("th", None, h) for h in (
            "document", "department", "year", "status", "violated", "rounding")))
        documents = tag("table", {"class": "gfs-documents"}, tag("thead", None, head),
                        tag("tbody", None, *rows))
        body = tag(
            "div", {"class": "gfs"},
            tag("h1", None, f"{self.documents} documents — audit"),
            tag("p", {"class": "gfs-verdict gfs-verdict-"
                      + ("ok" if self.status() == 0 else "failed")}, self.verdict()),
            tag("h2", None, "Summary per rule"), summary_html(self.audit()),
            tag("h2", None, "Documents"), documents,
            *(section for _, section in self._sections),
        )
        head_markup = tag("head", None, Html('<meta charset="utf-8">'),
                          tag("title", None, f"{self.documents} documents — audit"), style())
        return ("<!DOCTYPE html>\n"
                + tag("html", {"lang": "zh"}, head_markup, tag("body", None, body)).markup
                + "\n")


def _section(result: DocumentResult, k: int) -> Html:
    heading = tag("h2", None, tag("a", {"href": "#"}, "↑"), " ", result.path)
    if result.error is not None:
        content = tag("p", {"class": "gfs-verdict gfs-verdict-failed"}, escape(result.error))
    else:
        identity = {"department": result.department, "year": result.year,
                    "kind": result.kind, "unit": result.unit, "source": result.path}
        content = audit_html(result.audit(), identity=identity, max_rows=100)
    return tag("section", {"class": "gfs-document", "id": f"doc-{k}"}, heading, content)
