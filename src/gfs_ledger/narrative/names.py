"""The names the tables of one document print for the same code: a code the document
prints under two names (in two tables) is a finding of the ``narrative.name`` kind,
showing both; the prose's names are checked against the tables in ``check``.

>>> from gfs_ledger import read_report
>>> table_name_findings(read_report())
()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gfs_ledger.codes import Code
from gfs_ledger.findings import Finding, Outcome
from gfs_ledger.tables.registry import normalize_label

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from gfs_ledger.report import Report
    from gfs_ledger.tables.model import Table


def table_name_findings(report: Report) -> tuple[Finding, ...]:
    """One violated finding for each code printed under different names in different
    tables of the report (``report.tables`` by kind), naming the tables and the names."""
    tables = report.tables
    return _by_rows(tables) if _renamed(tables.values()) else ()


def _by_rows(tables: Mapping[str, Table]) -> tuple[Finding, ...]:
    """``table_name_findings``, the names of each code compared row by row."""
    # The names each code is printed under, as printed: most codes have one, and only a
    # code with two is normalised (which may make them one).
    printed_as: dict[str, dict[str, tuple[str, str, int | None]]] = {}
    for kind, table in tables.items():
        ledger = table.ledger
        if ledger is None:
            continue
        # The ledger's columns read directly: no Code or Account made per row.
        lines = ledger._lines
        for at, (digits, name, printed) in enumerate(
                zip(ledger._digits, ledger._names, ledger._printed)):
            if not printed:
                continue
            names = printed_as.get(digits)
            if names is None:
                names = printed_as[digits] = {}
            if name not in names:
                read_at = lines[at] if lines else 0
                names[name] = (kind, name, read_at if read_at > 0 else None)
    seen: dict[str, dict[str, tuple[str, str, int | None]]] = {}
    for digits, raw in printed_as.items():
        if len(raw) < 2:
            continue
        names = seen[digits] = {}
        for printed_name, where in raw.items():
            names.setdefault(normalize_label(printed_name), where)
    found = []
    for code, names in seen.items():
        if len(names) < 2:
            continue
        (first, name, _), *others = names.values()
        for kind, other, line in others:
            detail = (f"{code}: {first} prints “{name}”, {kind} prints “{other}” — the same "
                      "code under two names — violated")
            found.append(Finding(
                "narrative", Outcome.VIOLATED, None, Code(code), other, None, None, None, None,
                table=f"{first}/{kind}", rule_id="narrative.name", detail=detail, line=line))
    return tuple(found)


def _renamed(tables: Iterable[Table]) -> bool:
    """False when no code can be printed under two names, told from whole ledgers without
    looking at their rows: a ledger's codes are unique and in printed order, so its first
    and last code bound them; each ledger's codes are of a range no other's meets (the
    economic and the functional classification), or the very codes of one before it
    under the very names. True otherwise: the rows are then compared one by one (those
    a ledger adds as missing parents, which are not printed, count here too, which can
    only say True more often)."""
    seen: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for table in tables:
        ledger = table.ledger
        if ledger is None or not ledger._digits:
            continue
        digits, names = ledger._digits, ledger._names
        for other, other_names in seen:
            if digits[-1] < other[0] or digits[0] > other[-1]:
                continue
            if digits != other or names != other_names:
                return True
        seen.append((digits, names))
    return False
