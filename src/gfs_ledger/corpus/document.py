"""One document of a run audited on its own: what it is, how its checks came out,
and its findings, or the error that kept it from being read."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from pathlib import Path

import attrs

from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import GfsLedgerError
from gfs_ledger.findings import Audit, Finding, FindingBatch, Outcome, RuleSummary
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.tablefile import TABLE_SUFFIXES, read_table

LISTED = (Outcome.VIOLATED, Outcome.ROUNDING, Outcome.UNVERIFIABLE)
"""The outcomes whose findings a run keeps unless asked for every finding."""

_EXPECTED = (GfsLedgerError, OSError, UnicodeError)


@attrs.frozen(slots=True)
class DocumentResult:
    """The audit of one document of a corpus, ready to be written as rows.

    ``error`` is None when the document was read and audited; otherwise it says why
    not (``internal error: …`` for a fault of gfs_ledger itself) and the counts are
    zero. ``findings`` holds the violated, rounding and unverifiable findings (every
    finding when the run asked for them all); ``summary`` counts every check.

    >>> from gfs_ledger.samples import sample_path
    >>> result = audit_document(sample_path())
    >>> result.department, result.year, result.ok, result.count("rounding")
    ('阳泉市商务局', 2023, False, 19)
    >>> len(result.findings), len(result.sha256)
    (61, 64)
    """

    path: str
    sha256: str | None
    format: str
    department: str | None = None
    year: int | None = None
    kind: str | None = None
    unit: str | None = None
    tables: int = 0
    summary: tuple[RuleSummary, ...] = ()
    findings: tuple[Finding, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool | None:
        """True when nothing is violated and no diagnostic is an error; None when the
        document could not be read."""
        if self.error is not None:
            return None
        return not self.errors and self.count(Outcome.VIOLATED) == 0

    @property
    def errors(self) -> int:
        """How many diagnostics are errors (a table missing, a duplicate code, …)."""
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def who(self) -> str:
        """The department and year, as far as known (empty for a table).

        >>> from gfs_ledger.samples import sample_path
        >>> audit_document(sample_path()).who
        '阳泉市商务局 2023'
        """
        return " ".join(str(w) for w in (self.department, self.year) if w is not None)

    def count(self, outcome: Outcome | str, rule: str | None = None) -> int:
        """How many checks had an outcome (in one rule family, if given)."""
        field = Outcome(outcome).value
        return sum(getattr(s, field) for s in self.summary if rule is None or s.rule == rule)

    @property
    def checks(self) -> int:
        """How many checks ran."""
        return sum(s.checks for s in self.summary)

    def audit(self, tolerance: Tolerance | None = None) -> Audit:
        """The document's audit: its counts are those of every check (``summary``),
        its findings those kept, and its diagnostics.

        >>> from gfs_ledger.samples import SAMPLE_TABLE03, sample_path
        >>> audit_document(sample_path(SAMPLE_TABLE03)).audit()
        <Audit: 110 checks, 0 violated, 4 within rounding, 0 diagnostics>
        """
        counts = Counter({
            (s.rule, outcome): getattr(s, outcome.value)
            for s in self.summary for outcome in Outcome if getattr(s, outcome.value)
        })
        findings = self.findings
        batch = FindingBatch(counts, lambda: findings)
        return Audit((batch,), tolerance or Tolerance(), self.diagnostics)


def content_hash(data: bytes) -> str:
    """The SHA-256 of a document's bytes, in hex: what ``--resume`` knows a document by.

    >>> content_hash(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def audit_document(
    path: str | Path, tolerance: Tolerance | None = None, *, every_finding: bool = False,
) -> DocumentResult:
    """Read and audit one document; never raises for a bad document, but records why
    it could not be read.

    A ``.csv`` or ``.xlsx`` file is one table (as ``gfs-ledger check TABLE.csv``
    reads it); any other file is a whole disclosure for ``read_report``.

    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"
    >>> _ = empty.write_bytes(b"")
    >>> print(audit_document(empty).error)
    /.../empty.txt: no table marker (公开01表 …) found: not the text of a 部门决算公开
    """
    start = time.perf_counter()
    path = Path(path)
    name, suffix = str(path), path.suffix.lower().lstrip(".")
    tol = tolerance or Tolerance()
    digest: str | None = None
    try:
        data = path.read_bytes()
        digest = content_hash(data)
        result = _audit(path, tol, every_finding)
    except _EXPECTED as error:
        result = DocumentResult(name, digest, suffix, error=_message(error, name))
    except Exception as error:  # a fault of gfs_ledger: recorded, the run goes on
        result = DocumentResult(
            name, digest, suffix,
            error=f"{name}: internal error: {type(error).__name__}: {error}",
        )
    return attrs.evolve(result, sha256=digest, seconds=time.perf_counter() - start)


def _message(error: Exception, name: str) -> str:
    text = str(error)
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror
    return text if name in text else f"{name}: {text}"


def _audit(path: Path, tol: Tolerance, every_finding: bool) -> DocumentResult:
    name, suffix = str(path), path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        ledger = read_table(path)
        audit = ledger.check(tol)
        identity: tuple[str | None, int | None, str | None, str | None, int] = (
            None, None, None, ledger.unit.value, 1)
    else:
        from gfs_ledger.report import read_report

        report = read_report(path)
        audit = report.audit(tol)
        identity = (report.department, report.year, report.kind, report.unit.value,
                    len(report.tables))
    findings = audit.findings if every_finding else tuple(
        f for f in audit.findings if f.outcome in LISTED)
    department, year, kind, unit, tables = identity
    return DocumentResult(
        name, None, suffix.lstrip("."), department, year, kind, unit, tables,
        audit.summary(), findings, audit.diagnostics,
    )
