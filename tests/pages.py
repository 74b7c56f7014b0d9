"""Reading an audit page: the flagged cells of each table section, and the cells a
report's audit says must be flagged."""

from __future__ import annotations

import re

from gfs_ledger import Report


def _sections(markup: str) -> dict[str, str]:
    parts = re.split(r'<section class="gfs-table" data-table="([^"]+)">', markup)
    return dict(zip(parts[1::2], parts[2::2]))


FLAGGED_CELL = (r'<td class="gfs-num gfs-(rounding|violated)" data-outcome="\1" '
                r'data-code="([^"]+)" data-column="([^"]+)" data-reported="([^"]*)" '
                r'data-computed="([^"]*)" title="([^"]*)"')


def flagged_cells(markup: str) -> dict[str, set[tuple[str, str, str, str, str]]]:
    """Per table section: (outcome, code, column, reported, computed) of each flagged cell,
    checking that its hover names both figures."""
    found: dict[str, set[tuple[str, str, str, str, str]]] = {}
    for table_id, section in _sections(markup).items():
        cells = set()
        for outcome, code, column, reported, computed, hover in re.findall(FLAGGED_CELL, section):
            assert f"printed {reported}, computed {computed}" in hover, hover
            cells.add((outcome, code, column, reported, computed))
        found[table_id] = cells
    return found


def expected_cells(report: Report) -> dict[str, set[tuple[str, str, str, str, str]]]:
    """The cells a page must flag: each rounding or violated finding of one table that
    holds a ledger, with a code and a column, and each of the ledger's own checks of
    its 合计 row (hierarchy or row rule, no code)."""
    wanted: dict[str, set[tuple[str, str, str, str, str]]] = {
        i: set() for i, t in report.tables.items() if t.ledger is not None and not t.empty}
    for f in report.audit().findings:
        if f.outcome.value in ("rounding", "violated") and f.table in wanted and f.column and (
            f.code is not None or f.rule in ("hierarchy", "row")
        ):
            wanted[f.table].add((f.outcome.value, str(f.code) if f.code else "合计",
                                 f.column, f"{f.reported:,}", f"{f.computed:,}"))
    return wanted
