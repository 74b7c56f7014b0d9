"""Where a figure of a PDF is printed: a document's running line numbers as pages and
lines on the page, for findings and diagnostics.

>>> from gfs_ledger.diagnostics import Diagnostic
>>> pages = Pages(((1, 1), (1, 2), (2, 1)))
>>> pages.diagnostic(Diagnostic("unread_line", "line 3: not a row", line=3)).message
'page 2, line 1: not a row'
"""

from __future__ import annotations

import re

import attrs

from gfs_ledger.diagnostics import Diagnostic
from gfs_ledger.findings import Audit, Finding, FindingBatch

_LINE = re.compile(r"\bline (\d+)")


@attrs.frozen(slots=True)
class Pages:
    """The (page, line on the page) of each running line of a document, from 1."""

    locations: tuple[tuple[int, int], ...]

    def locate(self, line: int | None) -> tuple[int | None, int | None]:
        """The page and the line on it of a running line (None, line) if unknown."""
        if line is None or not 0 < line <= len(self.locations):
            return None, line
        return self.locations[line - 1]

    def text(self, text: str) -> str:
        """Text with each ``line N`` said as ``page P, line L``."""
        def where(match: re.Match[str]) -> str:
            page, line = self.locate(int(match[1]))
            return match[0] if page is None else f"page {page}, line {line}"

        return _LINE.sub(where, text)

    def finding(self, finding: Finding) -> Finding:
        page, line = self.locate(finding.line)
        detail = None if finding.detail is None else self.text(finding.detail)
        return attrs.evolve(finding, page=page, line=line, detail=detail)

    def diagnostic(self, diagnostic: Diagnostic) -> Diagnostic:
        page, line = self.locate(diagnostic.line)
        return attrs.evolve(diagnostic, page=page, line=line,
                            message=self.text(diagnostic.message))

    def audit(self, audit: Audit) -> Audit:
        """The audit with every finding and diagnostic placed on its page."""
        def paged(batch: FindingBatch) -> FindingBatch:
            return FindingBatch(batch.counts, lambda: tuple(map(self.finding, batch.build())))

        return Audit(tuple(map(paged, audit.batches)), audit.tolerance,
                     tuple(map(self.diagnostic, audit.diagnostics)))
