"""The likely culprit of violated identities: the one printed cell that explains them.

One wrong figure breaks every identity that reads it: a wrong leaf of 公开06表 breaks
its 类, 公用经费合计 and 公开05表's 基本支出 at once, and each finding names its own
total. Each violated identity is a relation ``Σ reported − Σ computed = difference``
over printed cells. Violations that share cells form a group; a cell read by every
identity of its group, whose correction (its value less the difference, or plus it on
the computed side) is the same for all of them within their allowed differences,
explains the group. Such a cell fits when its printed string, one keystroke reverted,
gives a figure within one printed step of its correction: surely for two digits swapped,
a digit dropped or added or a factor of ten (each explains few differences), loosely for
one digit changed, a blank or a zero (each explains many). When one cell remains, or
one fits and no other does, or one fits surely and no other does, it is the likely
culprit, and the audit names it in a ``likely_culprit`` diagnostic with its table,
line, code and column; when several cells explain the group equally, a
``culprit_candidates`` diagnostic lists them by code (a leaf of a violated sum among
its siblings). Before that, a cell that an identity that holds reads, and that its
correction would break, is cleared: it was printed as meant. A sentence of the prose
that restates a table figure is such an identity too (``narrative.check`` keeps the
cells it reads), and its own figure a cell that may be the culprit.

>>> from gfs_ledger import read_report
>>> from gfs_ledger.samples import sample_text
>>> text = sample_text().replace("30201\\t办公费\\t7.46", "30201\\t办公费\\t74.6")
>>> audit = read_report(text).audit()
>>> print(next(d for d in audit.diagnostics if d.kind == "likely_culprit").message)
likely culprit: 公开06表 line 317, 30201·决算数 prints 74.6 where 7.46 would satisfy the 3 violated identities that read it (hierarchy 302, 05-06.basic, 06.public)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal

from gfs_ledger.amounts import format_amount
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.findings import Cell, Finding, Outcome, ledger_cell
from gfs_ledger.ledger import Ledger
from gfs_ledger.narrative.check import PROSE

_ZERO = Decimal(0)
_TEN = Decimal(10)
_ONE = Decimal(1)
_Key = tuple[str, str | None, str, str, int | None]
# A violated identity: its finding, the cells on its reported side and on its computed side.
_Relation = tuple[Finding, tuple[Cell, ...], tuple[Cell, ...]]


def _key(cell: Cell) -> _Key:
    # a labelled row is told by its line too: a 政府采购 list prints 租赁费 twice
    line = None if cell.key[:1].isdigit() or cell.key == "合计" else cell.line
    return cell.table, cell.section, cell.key, cell.column, line


def _ledger_cells(finding: Finding, ledger: Ledger) -> tuple[tuple[Cell, ...], tuple[Cell, ...]]:
    """The cells of a violated hierarchy or row check of a ledger."""
    table = finding.table or ledger.title or ""
    column = finding.column or ""
    code = None if finding.code is None else str(finding.code)
    i = None if code is None else ledger._index.get(code)

    def cell(k: int | None, col: str) -> Cell:
        return ledger_cell(table, ledger, k, col, finding.line)

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


def _relations(findings: Iterable[Finding], ledgers: Mapping[str, Ledger]) -> list[_Relation]:
    found = []
    for f in findings:
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


def _reverts(printed: Decimal, places: int | None) -> Iterator[tuple[int, Decimal]]:
    """The figures ``printed`` may have been meant as, one keystroke away, each with how
    surely that slip is one: 3 for two adjacent digits swapped, a digit dropped or added,
    or the point moved (a factor of ten); 2 for one digit changed. A figure meant with
    ``places`` decimals (the table's) lost or gained a digit of its fraction only when
    it prints fewer or more."""
    sign = -1 if printed < 0 else 1
    whole, _, fraction = f"{abs(printed):f}".partition(".")
    digits, point = whole + fraction, len(whole)
    places = len(fraction) if places is None else places

    def value(found: str, at: int) -> Decimal:
        return sign * Decimal(f"{found[:at] or '0'}.{found[at:] or '0'}")

    for k, old in enumerate(digits):
        for d in "0123456789":
            if d != old:
                yield 2, value(digits[:k] + d + digits[k + 1:], point)
    for k in range(len(digits) - 1):
        if digits[k] != digits[k + 1]:
            yield 3, value(digits[:k] + digits[k + 1] + digits[k] + digits[k + 2:], point)
    for factor in (_TEN, _TEN * _TEN):
        yield 3, printed / factor
        yield 3, printed * factor
    for k in range(len(digits) if len(fraction) > places else point):  # a digit too many
        yield 3, value(digits[:k] + digits[k + 1:], point - (k < point))
    padded = "0" + digits  # a digit dropped (a leading one leaves a zero that vanishes)
    short = len(fraction) < places
    for k in range(len(padded) + 1 if short else point + 2):
        for d in "0123456789":
            found = padded[:k] + d + padded[k:]
            if k <= point + 1:
                yield 3, value(found, point + 2)
            if k >= point + 1 and short:
                yield 3, value(found, point + 1)


def fit(printed: Decimal | None, low: Decimal, high: Decimal, step: int | None = None) -> int:
    """How surely a slip of one keystroke (see ``slip``) turns a figure of ``low`` to
    ``high`` (the values that satisfy the violated identities, each within its allowed
    difference), printed to the exponent ``step`` at finest, into ``printed``: the
    surest slip that reverts into the range, 0 if none. A slip that one digit changed
    would also give counts as that (1.64 for 0.64 is a digit changed, not one added).

    >>> D = Decimal
    >>> fit(D("74.6"), D("7.455"), D("7.465")), fit(D("8.46"), D("7.45"), D("7.47"))
    (3, 2)
    >>> fit(D("1.64"), D("0.56"), D("0.72")), fit(D("7.94"), D("0.66"), D("0.82"), -2)
    (2, 0)
    """
    return _fit(printed, low, high, step)[0]


def _fit(printed: Decimal | None, low: Decimal, high: Decimal,
         step: int | None) -> tuple[int, Decimal | None]:
    """``fit`` and the figure the slip reverts to (None for a blank or a zero)."""
    if printed is None or printed == 0:
        return (1 if low > 0 else 0), None  # a figure left out; not a negative one
    if low <= 0 <= high:  # a figure where none belongs: 1.00 for 0.00 is one digit changed
        return (2 if sum(d != 0 for d in printed.as_tuple().digits) == 1 else 1), _ZERO
    found: dict[Decimal, int] = {}
    for score, meant in _reverts(printed, None if step is None else -step):
        if low <= meant <= high and (step is None or meant == meant.quantize(_ONE.scaleb(step))):
            found[meant] = min(score, found.get(meant, score))
    if not found:
        return 0, None
    best = max(found.values())
    middle = (low + high) / 2
    return best, min((m for m, score in found.items() if score == best),
                     key=lambda m: abs(m - middle))


def slip(printed: Decimal | None, meant: Decimal) -> int:
    """How surely ``printed`` is a typing slip of ``meant``: 3 for two adjacent digits
    swapped, a digit dropped or added, or a factor of ten; 2 for one digit changed; 1 for a
    blank or a zero where a positive figure belongs, or a figure where a zero belongs;
    0 for no slip.

    >>> slip(Decimal("74.6"), Decimal("7.46")), slip(Decimal("750.50"), Decimal("705.50"))
    (3, 3)
    >>> slip(Decimal("8.46"), Decimal("7.46")), slip(None, Decimal("1")), slip(Decimal("19.99"), Decimal("7.46"))
    (2, 1, 0)
    """
    return fit(printed, meant, meant)


def _explains(cell: Cell, group: Sequence[_Relation]) -> tuple[Decimal, Decimal, Decimal] | None:
    """The value the cell would print if it alone were wrong, when that one value
    satisfies every relation of the group (each within its allowed difference), with the
    range of such values."""
    value = cell.value if isinstance(cell.value, Decimal) else _ZERO
    key = _key(cell)
    low: Decimal | None = None
    high: Decimal | None = None
    corrections = []
    for finding, plus, minus in group:
        assert finding.difference is not None
        on_plus = sum(1 for c in plus if _key(c) == key)
        on_minus = sum(1 for c in minus if _key(c) == key)
        sign = on_plus - on_minus
        if sign == 0:
            return None
        corrected = value - finding.difference / sign
        allowed = (finding.allowed or _ZERO) / abs(sign)
        corrections.append((allowed, corrected))
        low = corrected - allowed if low is None else max(low, corrected - allowed)
        high = corrected + allowed if high is None else min(high, corrected + allowed)
        if low > high:
            return None
    if low is None or high is None:
        return None
    # the correction of the identity that allows the least difference: 42.84 by 02-03
    # rather than 42.83 by a 款 whose own figures carry 尾数误差
    return min(corrections)[1], low, high


def _step(group: Sequence[_Relation]) -> int | None:
    """The finest exponent the group's figures print (-2 for 0.01 万元): a figure was
    meant to that precision, not finer (7.94 was not meant as 0.794)."""
    exponents = [c.value.as_tuple().exponent for _, plus, minus in group for c in (*plus, *minus)
                 if isinstance(c.value, Decimal)]
    return min((e for e in exponents if isinstance(e, int)), default=None)


def _surest(candidates: list[tuple[int, Cell, Decimal]]) -> list[tuple[int, Cell, Decimal]]:
    """The one candidate whose slip fits, or the one whose slip fits surely (a swap, a
    digit dropped or added, a factor of ten: each explains few differences) when the
    others fit only loosely (a digit changed, a blank or a zero: these explain many)."""
    fits = [c for c in candidates if c[0] > 0]
    sure = [c for c in fits if c[0] == 3]
    return sure if len(sure) == 1 else fits if len(fits) == 1 else []


def _held(candidate: tuple[int, Cell, Decimal], readers: Sequence[_Relation]) -> bool:
    """Whether an identity that holds reads the cell and would no longer hold were the
    cell corrected: it was then printed as meant."""
    _, cell, meant = candidate
    key = _key(cell)
    change = meant - (cell.value if isinstance(cell.value, Decimal) else _ZERO)
    for finding, plus, minus in readers:
        sign = sum(1 for c in plus if _key(c) == key) - sum(1 for c in minus if _key(c) == key)
        if sign and finding.allowed is not None and finding.difference is not None and (
                abs(finding.difference + sign * change) > finding.allowed):
            return True
    return False


def _equalities(findings: Iterable[Finding]) -> Iterator[Finding]:
    """The findings of identities that hold as equalities (not a ≤, as 机关运行经费 against
    the basic expenditure per code)."""
    from gfs_ledger.rules.catalog import CATALOG_BY_ID, PerCode

    for f in findings:
        rule = CATALOG_BY_ID.get(f.rule_id or "")
        if f.outcome in (Outcome.EXACT, Outcome.ROUNDING) and not (
                isinstance(rule, PerCode) and rule.relation != "="):
            yield f


def _listed(candidates: list[tuple[int, Cell, Decimal]]) -> list[tuple[Cell, Decimal]]:
    """The candidates to list, surest first: the sure slips when several are, else every
    slip; when none is a slip, the cells whose correction is no negative figure."""
    sure = [c for c in candidates if c[0] == 3]
    fits = sure if len(sure) > 1 else [c for c in candidates if c[0] > 0]
    if not fits:
        fits = [c for c in candidates if c[2] >= 0] or candidates
    return [(c, m) for _, c, m in sorted(fits, key=lambda c: -c[0])]


def culprits(violations: Iterable[Finding], ledgers: Mapping[str, Ledger],
             holding: Callable[[], Iterable[Finding]] = tuple) -> list[Diagnostic]:
    """A ``likely_culprit`` diagnostic for each group of violated identities that one
    cell explains (see the module's text). Of several cells that explain a group, one
    that an identity that holds (``holding``: the other findings, read only then) reads
    was printed as meant: a cell corrected would break it."""
    out = []
    readers: dict[_Key, list[_Relation]] | None = None

    def read_by(cell: Cell) -> list[_Relation]:
        nonlocal readers
        if readers is None:  # the identities that hold, by the cells they read
            readers = {}
            for relation in _relations(_equalities(holding()), ledgers):
                for key in {_key(c) for c in (*relation[1], *relation[2])}:
                    readers.setdefault(key, []).append(relation)
        return readers.get(_key(cell), [])

    for group in _groups(_relations(violations, ledgers)):
        shared: dict[_Key, Cell] | None = None
        for _, plus, minus in group:
            cells = {_key(c): c for c in (*plus, *minus)}
            shared = cells if shared is None else {k: c for k, c in shared.items() if k in cells}
        candidates = []
        step = _step(group)
        for cell in (shared or {}).values():
            explained = _explains(cell, group)
            if explained is not None:
                meant, low, high = explained
                if step is not None:  # a slip restores the identities to a step or so, as
                    # printed figures do: not to anywhere within the rounding of all terms
                    unit = _ONE.scaleb(step)
                    low, high = max(low, meant - unit), min(high, meant + unit)
                printed = cell.value if isinstance(cell.value, Decimal) else None
                score, reverted = _fit(printed, low, high, step)
                # the figure the slip reverts to (0.06 for 0.60) rather than the correction
                # of the tightest identity, when it is within a step of it
                candidates.append((score, cell, meant if reverted is None else reverted))
        if len(candidates) > 1:
            candidates = [c for c in candidates if not _held(c, read_by(c[1]))] or candidates
        consistent = candidates
        if len(candidates) > 1:
            candidates = _surest(candidates)
        if len(candidates) == 1:
            _, cell, meant = candidates[0]
            out.append(_diagnostic(cell, meant, group))
        elif len(consistent) > 1:
            out.append(_candidates(_listed(consistent), group))
    return out


def _cell(cell: Cell) -> str:
    """Where a cell prints, and which: ``公开06表 line 317, 30201·决算数``, or for a figure
    of the prose ``the prose line 547, “59.63万元” (机关运行经费支出)``."""
    where = f"{cell.table} line {cell.line}" if cell.line is not None else cell.table
    if cell.table == PROSE:
        return f"{where}, {cell.key} ({cell.column})"
    section = f"{cell.section}·" if cell.section and cell.section != cell.key else ""
    return f"{where}, {section}{cell.key}·{cell.column}"


def _diagnostic(cell: Cell, meant: Decimal, group: Sequence[_Relation]) -> Diagnostic:
    rules = ", ".join(dict.fromkeys(
        f.rule_id or (f"{f.rule} {f.code or '合计'}") for f, _, _ in group))
    printed = format_amount(cell.value) or "blank"
    exponent = cell.value.as_tuple().exponent if isinstance(cell.value, Decimal) else None
    # to the cell's cents, or whole 元 for a figure converted from 万元 (1.35E+4)
    shown = format_amount(meant.quantize(_ONE.scaleb(-2)) if exponent == -2 else
                          meant.quantize(_ONE) if isinstance(exponent, int) and exponent > 0
                          else meant)
    count = f"the {len(group)} violated identities that read it" if len(group) > 1 else \
        "the violated identity that reads it"
    return Diagnostic(
        "likely_culprit",
        f"likely culprit: {_cell(cell)} prints {printed} where {shown} would satisfy "
        f"{count} ({rules})",
        Severity.WARNING, cell.line, cell.key if cell.key[:1].isdigit() else None, cell.table)


_SHOWN = 8


def _candidates(found: Sequence[tuple[Cell, Decimal]], group: Sequence[_Relation]) -> Diagnostic:
    """The cells that could each alone explain a group, by code, when none is surer."""
    tables = dict.fromkeys(c.table for c, _ in found if c.table != PROSE) or {PROSE: None}
    shown = ", ".join(
        (f"the prose’s {c.key}" if c.table == PROSE else
         f"{c.key}·{c.column}" + ("" if len(tables) == 1 else f" of {c.table}")
         + f" {format_amount(c.value) or 'blank'}")
        + (f" (line {c.line})" if c.line is not None else "") for c, _ in found[:_SHOWN])
    more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
    rules = ", ".join(dict.fromkeys(
        f.rule_id or (f"{f.rule} {f.code or '合计'}") for f, _, _ in group))
    table = next(iter(tables))
    return Diagnostic(
        "culprit_candidates",
        f"culprit candidates: any one of {shown}{more} in {'/'.join(tables)} could alone "
        f"explain the violated identities ({rules})",
        Severity.WARNING, None, None, table)


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
    return culprits(violations, ledgers, lambda: [
        f for batch in audit.batches for f in batch.build() if f.outcome is not Outcome.VIOLATED])
