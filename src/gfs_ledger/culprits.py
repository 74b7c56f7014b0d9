"""The likely culprit of violated identities: the one printed cell that explains them.

One wrong figure breaks every identity that reads it: a wrong leaf of 公开06表 breaks
its 类, 公用经费合计 and 公开05表's 基本支出 at once, and each finding names its own
total. Each violated identity is a relation ``Σ reported − Σ computed = difference``
over printed cells. Violations that share cells form a group; a cell read by every
identity of its group, whose correction (its value less the difference, or plus it on
the computed side) is the same for all of them within their allowed differences,
explains the group. When one such cell remains, or one whose printed figure is a surer
slip of its correction than any other's (two digits swapped, a digit dropped or added
or a factor of ten; then one digit changed; then a blank or a zero), it is the likely
culprit, and the audit
names it in a ``likely_culprit`` diagnostic with its table, line, code and column; when
several cells explain the group equally, a ``culprit_candidates`` diagnostic lists them
by code (a leaf of a violated sum among its siblings).

>>> from gfs_ledger import read_report
>>> from gfs_ledger.samples import sample_text
>>> text = sample_text().replace("30201\\t办公费\\t7.46", "30201\\t办公费\\t74.6")
>>> audit = read_report(text).audit()
>>> print(next(d for d in audit.diagnostics if d.kind == "likely_culprit").message)
likely culprit: 公开06表 line 317, 30201·决算数 prints 74.6 where 7.46 would satisfy the 3 violated identities that read it (hierarchy 302, 05-06.basic, 06.public)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from gfs_ledger.amounts import format_amount
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.findings import Cell, Finding, Outcome
from gfs_ledger.ledger import Ledger

_ZERO = Decimal(0)
_Key = tuple[str, str | None, str, str]
# A violated identity: its finding, the cells on its reported side and on its computed side.
_Relation = tuple[Finding, tuple[Cell, ...], tuple[Cell, ...]]


def _key(cell: Cell) -> _Key:
    return cell.table, cell.section, cell.key, cell.column


def _ledger_cells(finding: Finding, ledger: Ledger) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    """The cells of a violated hierarchy or row check of a ledger."""
    table = finding.table or ledger.title or ""
    column = finding.column or ""
    code = None if finding.code is None else str(finding.code)
    i = None if code is None else ledger._index.get(code)

    def cell(k: int | None, col: str) -> Cell:
        if k is None:
            figure = None if ledger.total is None else ledger.total[ledger.columns.index(col)]
            return Cell(table, None, "合计", col, finding.line, figure)
        line = ledger._lines[k] if ledger._lines and ledger._lines[k] > 0 else None
        return Cell(table, None, ledger._digits[k], col, line, ledger._cells[ledger._column(col)][k])

    if finding.rule == "row":
        rule = next((r for r in ledger.row_rules if r.total == column), None)
        parts = () if rule is None else tuple(cell(i, p) for p in rule.parts)
        return (cell(i, column),), parts
    kids: list[int] = []
    todo = list(ledger._children_of(-1 if i is None else i))
    while todo:
        k = todo.pop(0)
        if ledger._printed[k]:
            kids.append(k)
        else:
            todo[:0] = ledger._children_of(k)
    return (cell(i, column),), tuple(cell(k, column) for k in kids)


def _relations(violations: Iterable[Finding], ledgers: Mapping[str, Ledger]) -> list[_Relation]:
    found = []
    for f in violations:
        if f.difference is None:
            continue
        if f.cells is not None:
            found.append((f, *f.cells))
        elif f.rule in ("hierarchy", "row") and f.table is not None and f.table in ledgers:
            found.append((f, *_ledger_cells(f, ledgers[f.table])))
    return found


def _groups(relations: Sequence[_Relation]) -> list[list[_Relation]]:
    """Relations joined when they share a cell (union-find over their cells)."""
    parent = list(range(len(relations)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    owner: dict[_Key, int] = {}
    for k, (_, plus, minus) in enumerate(relations):
        for cell in (*plus, *minus):
            first = owner.setdefault(_key(cell), k)
            parent[root(k)] = root(first)
    groups: dict[int, list[_Relation]] = {}
    for k, relation in enumerate(relations):
        groups.setdefault(root(k), []).append(relation)
    return list(groups.values())


def _digits(value: Decimal, exponent: int) -> str:
    return str(abs(value).quantize(Decimal(1).scaleb(exponent))).replace(".", "")


def slip(printed: Decimal | None, meant: Decimal) -> int:
    """How surely ``printed`` is a typing slip of ``meant``: 3 for two adjacent digits
    swapped, a digit dropped or added, or a factor of ten; 2 for one digit changed; 1 for
    a blank or a zero where a positive figure belongs; 0 for no slip.

    >>> slip(Decimal("74.6"), Decimal("7.46")), slip(Decimal("750.50"), Decimal("705.50"))
    (3, 3)
    >>> slip(Decimal("8.46"), Decimal("7.46")), slip(None, Decimal("1")), slip(Decimal("19.99"), Decimal("7.46"))
    (2, 1, 0)
    """
    if printed is None or printed == 0:
        return 1 if meant > 0 else 0  # a figure left out; not one that would be negative
    if meant == 0:
        return 1
    if (printed < 0) != (meant < 0):
        return 0
    if printed / meant in (10, 100, Decimal("0.1"), Decimal("0.01")):
        return 3
    exponents = printed.as_tuple().exponent, meant.as_tuple().exponent
    assert isinstance(exponents[0], int) and isinstance(exponents[1], int)
    exponent = min(exponents[0], exponents[1])
    a, b = _digits(printed, exponent), _digits(meant, exponent)
    if len(a) == len(b):
        differ = [k for k in range(len(a)) if a[k] != b[k]]
        if len(differ) == 1:
            return 2
        swapped = (len(differ) == 2 and differ[1] == differ[0] + 1
                   and a[differ[0]] == b[differ[1]] and a[differ[1]] == b[differ[0]])
        return 3 if swapped else 0
    short, long = (a, b) if len(a) < len(b) else (b, a)
    dropped = len(long) == len(short) + 1 and any(
        long[:k] + long[k + 1:] == short for k in range(len(long)))
    return 3 if dropped else 0


def _explains(cell: Cell, group: Sequence[_Relation]) -> Decimal | None:
    """The value the cell would print if it alone were wrong, when that one value
    satisfies every relation of the group (each within its allowed difference)."""
    value = cell.value if isinstance(cell.value, Decimal) else _ZERO
    key = _key(cell)
    meant: Decimal | None = None
    slack = _ZERO
    corrections = []
    for finding, plus, minus in group:
        assert finding.difference is not None
        on_plus = sum(1 for c in plus if _key(c) == key)
        on_minus = sum(1 for c in minus if _key(c) == key)
        sign = on_plus - on_minus
        if sign == 0:
            return None
        corrected = value - finding.difference / sign
        allowed = finding.allowed or _ZERO
        corrections.append((allowed, corrected))
        if meant is None:
            meant, slack = corrected, allowed
        elif abs(corrected - meant) > slack + allowed:
            return None
    # the correction of the identity that allows the least difference: 42.84 by 02-03
    # rather than 42.83 by a 款 whose own figures carry 尾数误差
    return min(corrections)[1] if corrections else meant


def culprits(violations: Iterable[Finding], ledgers: Mapping[str, Ledger]) -> list[Diagnostic]:
    """A ``likely_culprit`` diagnostic for each group of violated identities that one
    cell explains (see the module's text)."""
    out = []
    for group in _groups(_relations(violations, ledgers)):
        shared: dict[_Key, Cell] | None = None
        for _, plus, minus in group:
            cells = {_key(c): c for c in (*plus, *minus)}
            shared = cells if shared is None else {k: c for k, c in shared.items() if k in cells}
        candidates = []
        for cell in (shared or {}).values():
            meant = _explains(cell, group)
            if meant is not None:
                printed = cell.value if isinstance(cell.value, Decimal) else None
                candidates.append((slip(printed, meant), cell, meant))
        consistent = candidates
        if len(candidates) > 1:  # the one surest slip, if one is surer than the others
            best = max(c[0] for c in candidates)
            candidates = [c for c in candidates if c[0] == best and best > 0]
        if len(candidates) == 1:
            _, cell, meant = candidates[0]
            out.append(_diagnostic(cell, meant, group))
        elif len(consistent) > 1:  # the plausible ones: a slip, not a negative figure
            plausible = [(c, m) for score, c, m in consistent if score] or [
                (c, m) for _, c, m in consistent]
            out.append(_candidates(plausible, group))
    return out


def _diagnostic(cell: Cell, meant: Decimal, group: Sequence[_Relation]) -> Diagnostic:
    rules = ", ".join(dict.fromkeys(
        f.rule_id or (f"{f.rule} {f.code or '合计'}") for f, _, _ in group))
    where = f"{cell.table} line {cell.line}" if cell.line is not None else cell.table
    section = f"{cell.section}·" if cell.section else ""
    printed = format_amount(cell.value) or "blank"
    shown = format_amount(meant.quantize(cell.value) if isinstance(cell.value, Decimal)
                          and cell.value.as_tuple().exponent == -2 else meant)
    count = f"the {len(group)} violated identities that read it" if len(group) > 1 else \
        "the violated identity that reads it"
    return Diagnostic(
        "likely_culprit",
        f"likely culprit: {where}, {section}{cell.key}·{cell.column} prints {printed} "
        f"where {shown} would satisfy {count} ({rules})",
        Severity.WARNING, cell.line, cell.key if cell.key[:1].isdigit() else None, cell.table)


_SHOWN = 8


def _candidates(found: Sequence[tuple[Cell, Decimal]], group: Sequence[_Relation]) -> Diagnostic:
    """The cells that could each alone explain a group, by code, when none is surer."""
    shown = ", ".join(
        f"{c.key}·{c.column} {format_amount(c.value) or 'blank'}"
        + (f" (line {c.line})" if c.line is not None else "") for c, _ in found[:_SHOWN])
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    rules = ", ".join(dict.fromkeys(
        f.rule_id or (f"{f.rule} {f.code or '合计'}") for f, _, _ in group))
    return Diagnostic(
        "culprit_candidates",
        f"culprit candidates: any one of {shown}{more} in {found[0][0].table} could alone "
        f"explain the violated identities ({rules})",
        Severity.WARNING, None, None, found[0][0].table)


def with_culprits(audit: object, ledgers: Mapping[str, Ledger]) -> list[Diagnostic]:
    """The culprit diagnostics of an audit that has violations (none otherwise)."""
    from gfs_ledger.findings import Audit

    assert isinstance(audit, Audit)
    if not audit.count(Outcome.VIOLATED):
        return []
    # Only the batches with a violation are built, and not kept: an audit builds its
    # findings when they are first read (a large ledger holds none until then).
    violations = [f for batch in audit.batches
                  if any(o is Outcome.VIOLATED and n for (_, o), n in batch.counts.items())
                  for f in batch.build() if f.outcome is Outcome.VIOLATED]
    return culprits(violations, ledgers)
