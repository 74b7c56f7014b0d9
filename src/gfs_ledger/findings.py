"""Findings, their outcomes, and the audit that collects and summarises them."""

from __future__ import annotations

import enum
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import attrs

from gfs_ledger.amounts import Figure, format_amount
from gfs_ledger.codes import Code
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.intervals import Interval, Tolerance
from gfs_ledger.wording import counted

if TYPE_CHECKING:
    from gfs_ledger.ledger import Ledger


class Outcome(enum.StrEnum):
    """What a check found.

    ``exact``: the figures agree to the digit; ``rounding``: they differ, but by
    no more than the rounding of the printed figures allows (尾数误差);
    ``violated``: they differ by more; ``not_applicable``: there is nothing to
    compare (every figure blank, or a table absent); ``unverifiable``: a claim
    whose figure no table holds. An outcome compares equal to its value.

    >>> from gfs_ledger import Outcome, sample_ledger
    >>> audit = sample_ledger().check()
    >>> audit.count(Outcome.ROUNDING), audit.count("exact")
    (4, 53)
    >>> Outcome("violated") is Outcome.VIOLATED
    True
    """

    EXACT = "exact"
    ROUNDING = "rounding"
    VIOLATED = "violated"
    NOT_APPLICABLE = "not_applicable"
    UNVERIFIABLE = "unverifiable"


_OUTCOMES = tuple(Outcome)
# The places in _OUTCOMES of exact, not applicable, rounding, violated, unverifiable.
_BY_FREQUENCY = (0, 3, 1, 2, 4)


def _count(rule: str, outcomes: Iterable[Outcome], counts: Counter[tuple[str, Outcome]]) -> None:
    """Add how many checks of a rule family had each outcome to ``counts``: each outcome
    counted by ``list.count`` (in C), the most frequent first and none once every check
    is counted, without the Counter a count of a few dozen outcomes would cost more to
    make than to fill. Keys are added in ``Outcome``'s order."""
    listed = outcomes if isinstance(outcomes, list) else list(outcomes)
    left = len(listed)
    found = [0] * len(_OUTCOMES)
    for k in _BY_FREQUENCY:
        if not left:
            break
        n = found[k] = listed.count(_OUTCOMES[k])
        left -= n
    get = counts.get
    for outcome, n in zip(_OUTCOMES, found):
        if n:
            key = (rule, outcome)
            counts[key] = get(key, 0) + n


def new_counts() -> Counter[tuple[str, Outcome]]:
    """An empty Counter of outcomes, made without ``Counter.__init__`` (which calls
    ``update`` in Python code, costlier than the few keys a batch holds)."""
    made: Counter[tuple[str, Outcome]] = Counter.__new__(Counter)
    return made


def count_findings(findings: Iterable[Finding]) -> Counter[tuple[str, Outcome]]:
    """How many findings there are of each rule and outcome (a ``new_counts``)."""
    counts = new_counts()
    get = counts.get
    for finding in findings:
        key = (finding.rule, finding.outcome)
        counts[key] = get(key, 0) + 1
    return counts


def add_counts(total: Counter[tuple[str, Outcome]],
               more: Iterable[Counter[tuple[str, Outcome]]]) -> None:
    """Add counts to ``total`` key by key: ``Counter.update`` asks whether each is a
    Mapping, an ABC check that costs more than the few keys a batch holds."""
    get = total.get
    for counts in more:
        for key, n in counts.items():
            total[key] = get(key, 0) + n


class Cell(NamedTuple):
    """One printed cell a check reads: its table, section (for labelled rows), the code or
    label of its row, its column, its line and what it prints. A violated finding keeps
    the cells on each side, for ``gfs_ledger.culprits`` to name the likely culprit."""

    table: str
    section: str | None
    key: str
    column: str
    line: int | None
    value: Figure


def ledger_cell(table: str, ledger: Ledger, k: int | None, column: str,
                line: int | None = None) -> Cell:
    """The cell of the account at position ``k`` of a tree table, or with ``k`` None of
    its 合计 row (printed at ``line``), as its checks and the rules name it."""
    if k is None:
        figure = None if ledger.total is None else ledger.total[ledger.columns.index(column)]
        return Cell(table, None, "合计", column, line, figure)
    printed = ledger._lines[k] if ledger._lines and ledger._lines[k] > 0 else None
    return Cell(table, None, ledger._digits[k], column, printed, ledger._cells[ledger._column(column)][k])


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@attrs.frozen(slots=True)
class Finding:
    """The result of one check: a printed figure against the figure it should equal.

    ``rule`` is the family (``hierarchy``, ``row``, ``cross``, ``narrative``);
    ``line`` is where the figure prints: the line of a text, or with ``page`` the
    line on that page of a PDF;
    ``difference`` is reported − computed and ``allowed`` how far apart the two
    may lie under the tolerance in force. A hierarchy or row check also gives the
    two intervals it compared (``reported_interval``, ``computed_interval``);
    they are not compared by ``==`` and not written to JSON or records, where
    ``allowed`` and the message stand for them. Where a computed figure (of a
    consolidated or rolled-up ledger) takes part, the message says what each
    side's width is made of.

    >>> from gfs_ledger.samples import sample_ledger
    >>> finding = next(f for f in sample_ledger().check().findings if f.outcome == "rounding")
    >>> print(finding.message)
    20113 商贸事务, 本年支出合计: printed 750.05, its 3 children sum to 750.06 (difference -0.01, allowed ±0.020 by rounding)
    """

    rule: str
    outcome: Outcome
    column: str | None
    code: Code | None
    name: str
    reported: Decimal | None
    computed: Decimal | None
    difference: Decimal | None
    allowed: Decimal | None
    terms: int = 0
    table: str | None = None
    rule_id: str | None = None
    detail: str | None = None
    line: int | None = None
    page: int | None = None
    reported_interval: Interval | None = attrs.field(default=None, eq=False, repr=False)
    computed_interval: Interval | None = attrs.field(default=None, eq=False, repr=False)
    # The cells of the reported and of the computed side, kept on the findings of the
    # rules across tables and of the prose's restated figures; not part of the finding's
    # value nor of its JSON.
    cells: tuple[tuple[Cell, ...], tuple[Cell, ...]] | None = attrs.field(
        default=None, eq=False, repr=False)

    @property
    def message(self) -> str:
        """One sentence saying what was compared and what came out."""
        if self.detail is not None:
            return self.detail
        return self._sum_message()

    def _sum_message(
        self, basis: str = "rounding", notes: tuple[str, str] | None = None
    ) -> str:
        """The message of a hierarchy or row check; ``basis`` is what allows a
        difference (``Tolerance.basis``), named when the outcome is within it;
        ``notes``, when a computed figure takes part, say what each side's width is
        made of (``sum of 2 printed figures, ±0.010``).

        >>> from gfs_ledger import Tolerance, sample_ledger
        >>> finding = sample_ledger().check(Tolerance.parse("0.05")).rounding[0]
        >>> print(finding.message)
        20113 商贸事务, 本年支出合计: printed 750.05, its 3 children sum to 750.06 (difference -0.01, allowed ±0.05 by the absolute tolerance)
        """
        who = f"{self.code} {self.name}" if self.code is not None else self.name
        where = f"{who}, {self.column}" if self.column else who
        if self.outcome is Outcome.NOT_APPLICABLE:
            return f"{where}: every figure is blank"
        if self.rule == "hierarchy":
            what = "its 类 rows" if self.code is None else f"its {counted(self.terms, 'child', 'children')}"
        else:
            what = f"its {counted(self.terms, 'part')}"
        verb = "sums" if self.terms == 1 and self.code is not None else "sum"
        reported = format_amount(self.reported or Decimal(0))
        shown = f"printed {reported}" if notes is None else f"{reported} ({notes[0]})"
        text = f"{where}: {shown}, {what} {verb} to {format_amount(self.computed or Decimal(0))}"
        if notes is not None:
            text += f" ({notes[1]})"
        if self.outcome is Outcome.EXACT:
            return text
        verdict = f"by {basis}" if self.outcome is Outcome.ROUNDING else "— violated"
        return f"{text} (difference {self.difference}, allowed ±{self.allowed} {verdict})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; amounts are strings so that no digit is lost."""
        return {
            "rule": self.rule,
            "rule_id": self.rule_id,
            "table": self.table,
            "code": None if self.code is None else str(self.code),
            "name": self.name,
            "column": self.column,
            "reported": _text(self.reported),
            "computed": _text(self.computed),
            "difference": _text(self.difference),
            "allowed": _text(self.allowed),
            "outcome": self.outcome.value,
            "terms": self.terms,
            "line": self.line,
            "page": self.page,
            "detail": self.detail,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The finding a ``to_dict()`` dict (or a record) describes; see
        ``gfs_ledger.io.records``.

        >>> from gfs_ledger.samples import sample_ledger
        >>> finding = sample_ledger().check().rounding[0]
        >>> Finding.from_dict(finding.to_dict()) == finding
        True
        """
        from gfs_ledger.io.records import finding_from_record

        return finding_from_record(data)

    def __str__(self) -> str:
        return self.message


@attrs.frozen(slots=True)
class RuleSummary:
    """How the checks of one rule family came out, like R's ``validate::summary``.

    >>> from gfs_ledger import sample_ledger
    >>> sample_ledger().check().summary()[0]
    RuleSummary(rule='hierarchy', checks=84, exact=27, rounding=4, violated=0, not_applicable=53, unverifiable=0)
    """

    rule: str
    checks: int
    exact: int
    rounding: int
    violated: int
    not_applicable: int
    unverifiable: int = 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return attrs.asdict(self)


@attrs.frozen(slots=True)
class FindingBatch:
    """Findings counted up front and built only when someone asks for them."""

    counts: Counter[tuple[str, Outcome]]
    build: Callable[[], Sequence[Finding]]

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> FindingBatch:
        """A batch of findings that already exist."""
        built = tuple(findings)
        return cls(count_findings(built), lambda: built)


# The place of each outcome's count in a RuleSummary's fields after ``checks``.
_SUMMED = {o: k for k, o in enumerate(
    (Outcome.EXACT, Outcome.ROUNDING, Outcome.VIOLATED, Outcome.NOT_APPLICABLE,
     Outcome.UNVERIFIABLE), 1)}

_RULE_ORDER = ("structure", "hierarchy", "row", "cross", "narrative")

SCHEMA_VERSION = 1
"""The version of the JSON an audit is written as (``gfs_ledger.schema()``): raised when
a field is removed or changes its meaning, not when one is added."""


@attrs.frozen(slots=True, eq=False)
class Audit:
    """Every finding of a check, with diagnostics and a summary per rule family.

    >>> from gfs_ledger.samples import sample_ledger
    >>> audit = sample_ledger().check()
    >>> audit.ok, len(audit.violations), len(audit.rounding)
    (True, 0, 4)
    >>> print(audit.summary_text())
    rule       checks  exact  rounding  violated  not_applicable
    hierarchy      84     27         4         0              53
    row            26     26         0         0               0
    """

    batches: tuple[FindingBatch, ...]
    tolerance: Tolerance = attrs.field(factory=Tolerance)
    diagnostics: tuple[Diagnostic, ...] = ()
    _cache: list[tuple[Finding, ...]] = attrs.field(factory=list, repr=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in the order the checks ran."""
        if not self._cache:
            self._cache.append(tuple(f for batch in self.batches for f in batch.build()))
        return self._cache[0]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return sum(self._counts().values())

    def _counts(self) -> Counter[tuple[str, Outcome]]:
        total = new_counts()
        add_counts(total, (batch.counts for batch in self.batches))
        return total

    def count(self, outcome: Outcome | str, rule: str | None = None) -> int:
        """How many findings have an outcome (in one rule family, if given)."""
        wanted = Outcome(outcome)
        return sum(
            n for (r, o), n in self._counts().items()
            if o is wanted and (rule is None or r == rule)
        )

    @property
    def violations(self) -> tuple[Finding, ...]:
        """The findings whose outcome is ``violated``."""
        return self.having(Outcome.VIOLATED)

    @property
    def rounding(self) -> tuple[Finding, ...]:
        """The findings that differ within rounding (尾数误差)."""
        return self.having(Outcome.ROUNDING)

    def having(self, outcome: Outcome | str) -> tuple[Finding, ...]:
        """The findings with one outcome."""
        wanted = Outcome(outcome)
        return tuple(f for f in self.findings if f.outcome is wanted)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity error."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """True when nothing is violated and no diagnostic is an error."""
        return self.count(Outcome.VIOLATED) == 0 and not self.errors

    def summary(self) -> tuple[RuleSummary, ...]:
        """One line per rule family: checks, exact, rounding, violated, …"""
        by_rule: dict[str, list[int]] = {}  # checks, then each outcome of _SUMMED
        for (rule, outcome), n in self._counts().items():
            row = by_rule.get(rule)
            if row is None:
                row = by_rule[rule] = [0, 0, 0, 0, 0, 0]
            row[0] += n
            at = _SUMMED.get(outcome)
            if at is not None:
                row[at] += n
        return tuple(RuleSummary(rule, *by_rule[rule])
                     for rule in sorted(by_rule, key=_rule_rank))

    def summary_text(self) -> str:
        """The summary as an aligned text table."""
        rows = self.summary()
        show_unverifiable = any(r.unverifiable for r in rows)
        header = ["rule", "checks", "exact", "rounding", "violated", "not_applicable"]
        if show_unverifiable:
            header.append("unverifiable")
        table = [header]
        for r in rows:
            line = [r.rule, r.checks, r.exact, r.rounding, r.violated, r.not_applicable]
            if show_unverifiable:
                line.append(r.unverifiable)
            table.append([str(v) for v in line])
        widths = [max(len(row[k]) for row in table) for k in range(len(header))]
        return "\n".join(
            "  ".join(
                cell.ljust(w) if k == 0 else cell.rjust(w)
                for k, (cell, w) in enumerate(zip(row, widths))
            )
            for row in table
        )

    def merge(self, *others: Audit) -> Audit:
        """One audit holding the findings and diagnostics of this one and others."""
        batches = self.batches + tuple(b for o in others for b in o.batches)
        diagnostics = self.diagnostics + tuple(d for o in others for d in o.diagnostics)
        return Audit(batches, self.tolerance, diagnostics)

    @classmethod
    def of(
        cls,
        findings: Iterable[Finding],
        tolerance: Tolerance | None = None,
        diagnostics: Sequence[Diagnostic] = (),
    ) -> Audit:
        """An audit of findings that already exist."""
        batch = FindingBatch.of(tuple(findings))
        return cls((batch,), tolerance or Tolerance(), tuple(diagnostics))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the schema version (``SCHEMA_VERSION``), findings, summary,
        diagnostics and the tolerance."""
        return {
            "schema_version": SCHEMA_VERSION,
            "tolerance": self.tolerance.describe(),
            "ok": self.ok,
            "summary": {s.rule: s.to_dict() for s in self.summary()},
            "findings": [f.to_dict() for f in self.findings],
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }

    # ---- records, JSON, frames, spreadsheets and HTML (see gfs_ledger.io, gfs_ledger.html)

    def to_records(self) -> list[dict[str, Any]]:
        """Every finding as a dict of plain values; see ``gfs_ledger.io.records``.

        >>> from gfs_ledger.samples import sample_ledger
        >>> sample_ledger().check().to_records()[0]["message"]
        '201 一般公共服务支出, 本年支出合计: printed 751.01, its 2 children sum to 751.01'
        """
        from gfs_ledger.io.records import audit_to_records

        return audit_to_records(self)

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        *,
        tolerance: Tolerance | None = None,
        diagnostics: Sequence[Diagnostic] = (),
    ) -> Audit:
        """An audit of the findings that records describe (``to_records`` reversed).

        >>> from gfs_ledger.samples import sample_ledger
        >>> audit = sample_ledger().check()
        >>> Audit.from_records(audit.to_records()).findings == audit.findings
        True
        """
        from gfs_ledger.io.records import audit_from_records

        return audit_from_records(records, tolerance=tolerance, diagnostics=diagnostics)

    @overload
    def to_json(self, path: None = None, *, indent: int | None = 2) -> str: ...

    @overload
    def to_json(self, path: str | os.PathLike[str], *, indent: int | None = 2) -> None: ...

    def to_json(self, path: str | os.PathLike[str] | None = None, *, indent: int | None = 2) -> str | None:
        """The audit as JSON text, amounts as strings; see ``gfs_ledger.io.json``. With a
        ``path``, writes it there (UTF-8, atomically) and returns None.

        >>> import pathlib, tempfile
        >>> from gfs_ledger.samples import sample_ledger
        >>> audit = sample_ledger().check()
        >>> Audit.from_json(audit.to_json()).to_dict() == audit.to_dict()
        True
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "audit.json"
        >>> audit.to_json(path)
        >>> Audit.from_json(path.read_bytes()).to_dict() == audit.to_dict()
        True
        """
        from gfs_ledger.io.files import text_or_file
        from gfs_ledger.io.json import audit_to_json

        return text_or_file(audit_to_json(self, indent=indent), path)

    @classmethod
    def from_json(cls, text: str | bytes) -> Audit:
        """The audit that ``to_json`` or ``gfs-ledger check --format json`` wrote.

        >>> Audit.from_json('{"tolerance": "rounding", "findings": []}').ok
        True
        """
        from gfs_ledger.io.json import audit_from_json

        return audit_from_json(text)

    def to_pandas(self, *, floats: bool = False) -> Any:
        """The findings as a pandas DataFrame (needs the ``pandas`` extra); see
        ``gfs_ledger.io.pandas.audit_to_pandas``.

        >>> from gfs_ledger.samples import sample_ledger
        >>> frame = sample_ledger().check().to_pandas()  # doctest: +PANDAS
        >>> frame[frame.outcome == "rounding"].code.tolist()  # doctest: +PANDAS
        ['20113', '216', '20113', '216']
        """
        from gfs_ledger.io.pandas import audit_to_pandas

        return audit_to_pandas(self, floats=floats)

    @classmethod
    def from_pandas(cls, frame: Any, *, tolerance: Tolerance | None = None) -> Audit:
        """The audit whose findings a ``to_pandas`` frame holds (needs ``pandas``).

        >>> from gfs_ledger.samples import sample_ledger
        >>> audit = sample_ledger().check()
        >>> Audit.from_pandas(audit.to_pandas()).findings == audit.findings  # doctest: +PANDAS
        True
        """
        from gfs_ledger.io.pandas import audit_from_pandas

        return audit_from_pandas(frame, tolerance=tolerance)

    def _repr_html_(self) -> str:
        from gfs_ledger.html import audit_html

        return audit_html(self, style=True).markup

    def __str__(self) -> str:
        from gfs_ledger.output import audit_text

        return audit_text(self)

    def __repr__(self) -> str:
        return (
            f"<Audit: {len(self)} checks, {self.count('violated')} violated, "
            f"{self.count('rounding')} within rounding, {len(self.diagnostics)} diagnostics>"
        )


def _rule_rank(rule: str) -> tuple[int, str]:
    return (_RULE_ORDER.index(rule) if rule in _RULE_ORDER else len(_RULE_ORDER), rule)
