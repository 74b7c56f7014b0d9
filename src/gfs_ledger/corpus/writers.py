"""The two tables of a run written as they come, one document at a time, by suffix:
``.jsonl``, ``.csv``, ``.sqlite`` (stdlib sqlite3) and ``.parquet`` (the ``parquet``
extra). Any other suffix is not a corpus output (``--output page.html`` is the
rendered ``--format`` output of one document).

Each writer stores a document's findings and then its row in the documents table,
with Ctrl-C held back meanwhile, so that an interrupted run leaves a valid output
holding exactly the documents finished; ``resume=True`` keeps what is there and
``done()`` says which ``(path, sha256)`` it holds.

=========  ==========================================================================
suffix     what is written
=========  ==========================================================================
.jsonl     one JSON object per line, ``{"record": "documents" | "findings", …row}``
.csv       FILE.csv the documents, FILE.findings.csv the findings (UTF-8, header row)
.sqlite    one database with the tables ``documents`` and ``findings``
.parquet   a directory: ``documents/part-N.parquet`` and ``findings/part-N.parquet``,
           one part per run (a resumed run adds a part)
=========  ==========================================================================
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from gfs_ledger.corpus.document import DocumentResult
from gfs_ledger.corpus.schema import DOCUMENTS, FINDINGS, Column, document_row, finding_rows
from gfs_ledger.errors import ReadError, missing_extra
from gfs_ledger.io.files import write_text

CORPUS_SUFFIXES = (".jsonl", ".csv", ".sqlite", ".parquet")
"""The suffixes of an output that holds the two tables of a run."""

Done = set[tuple[str, str]]
Rows = list[dict[str, Any]]


def is_corpus_output(path: str | os.PathLike[str]) -> bool:
    """True when a path's suffix picks a writer of the two tables of a run.

    >>> is_corpus_output("audit.sqlite"), is_corpus_output("audit.html")
    (True, False)
    """
    return Path(path).suffix.lower() in CORPUS_SUFFIXES


class Writer(Protocol):
    """What every writer does."""

    def done(self) -> Done:
        """The ``(path, sha256)`` of every document already in the output."""

    def write(self, result: DocumentResult) -> None:
        """Add one document: its findings, then its row."""

    def close(self) -> None:
        """Store everything written; the output is complete and valid."""


@contextmanager
def held_interrupts() -> Iterator[None]:
    """Hold Ctrl-C back while a document is written, and raise it afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:  # Ctrl-C now, as Python would have raised it (KeyboardInterrupt)
            signal.default_int_handler(signal.SIGINT, None)


def open_writer(path: str | os.PathLike[str], *, resume: bool = False) -> Writer:
    """The writer for a path by its suffix; ``resume`` keeps what the output holds,
    else it is written anew.

    >>> import tempfile, pathlib, gfs_ledger
    >>> from gfs_ledger.samples import sample_path
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "audit.sqlite"
    >>> writer = open_writer(out)
    >>> for result in gfs_ledger.audit_many([sample_path()]):
    ...     writer.write(result)
    >>> writer.close()
    >>> documents, findings = read_output(out)
    >>> documents[0]["department"], len(findings)
    ('阳泉市商务局', 61)
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".jsonl":
        return JsonLinesWriter(target, resume)
    if suffix == ".csv":
        return CsvWriter(target, resume)
    if suffix == ".sqlite":
        return SqliteWriter(target, resume)
    if suffix == ".parquet":
        return ParquetWriter(target, resume)
    raise ReadError(
        f"not an output of a run: expected {', '.join(CORPUS_SUFFIXES)}", source=str(path))


def read_output(path: str | os.PathLike[str]) -> tuple[Rows, Rows]:
    """The documents and findings rows an output holds, typed as the schema says.

    >>> import tempfile, pathlib, gfs_ledger
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "audit.jsonl"
    >>> writer = open_writer(out)
    >>> writer.close()
    >>> read_output(out)
    ([], [])
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".jsonl":
        return _read_jsonl(target)
    if suffix == ".csv":
        return (_read_csv(target, DOCUMENTS), _read_csv(findings_csv(target), FINDINGS))
    if suffix == ".sqlite":
        return _read_sqlite(target)
    if suffix == ".parquet":
        return _read_parquet(target)
    raise ReadError(
        f"not an output of a run: expected {', '.join(CORPUS_SUFFIXES)}", source=str(path))


def _pairs(documents: Rows) -> Done:
    return {(r["path"], r["sha256"]) for r in documents if r["sha256"] is not None}


# ---- JSON Lines


def _read_jsonl(path: Path) -> tuple[Rows, Rows]:
    documents: Rows = []
    findings: Rows = []
    if not path.exists():
        return documents, findings
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.endswith("\n"):
                break  # a line cut short by a run that was killed: not a row
            try:
                row = json.loads(line)
                table = row.pop("record")
            except (ValueError, KeyError, AttributeError):
                raise ReadError("not a row of a run's output", source=str(path),
                                line=number) from None
            (documents if table == "documents" else findings).append(row)
    return documents, findings


class JsonLinesWriter:
    """``.jsonl``: every row as one line ``{"record": "documents" | "findings", …}``."""

    def __init__(self, path: Path, resume: bool) -> None:
        self._done: Done = set()
        if resume and path.exists():
            documents, findings = _read_jsonl(path)
            self._done = _pairs(documents)
            # Keep exactly the finished documents (and drop a line cut short).
            kept = [{"record": "findings", **r} for r in findings
                    if (r["path"], r["sha256"]) in self._done]
            kept += [{"record": "documents", **r} for r in documents]
            write_text(path, "".join(_line(r) for r in kept))
        self._file = path.open("a" if resume else "w", encoding="utf-8")

    def done(self) -> Done:
        return set(self._done)

    def write(self, result: DocumentResult) -> None:
        text = "".join(_line({"record": "findings", **r}) for r in finding_rows(result))
        text += _line({"record": "documents", **document_row(result)})
        with held_interrupts():
            self._file.write(text)
            self._file.flush()

    def close(self) -> None:
        self._file.close()


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


# ---- CSV


def findings_csv(path: Path) -> Path:
    """Where the findings of a ``.csv`` output go: ``FILE.findings.csv`` next to it.

    >>> findings_csv(Path("runs/audit.csv")).as_posix()
    'runs/audit.findings.csv'
    """
    return path.with_name(path.stem + ".findings.csv")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _typed(text: str, column: Column) -> Any:
    if text == "":
        return None
    if column.type == "integer":
        return int(text)
    if column.type == "real":
        return float(text)
    if column.type == "boolean":
        return text == "true"
    return text


def _read_csv(path: Path, columns: Sequence[Column]) -> Rows:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if header is None:
            return []
        if header != [c.name for c in columns]:
            raise ReadError("not a table of a run's output: unexpected header",
                            source=str(path), line=1)
        return [{c.name: _typed(v, c) for c, v in zip(columns, row)}
                for row in reader if len(row) == len(columns)]


class CsvWriter:
    """``.csv``: the documents in the file named, the findings in ``FILE.findings.csv``."""

    def __init__(self, path: Path, resume: bool) -> None:
        self._paths = (path, findings_csv(path))
        self._done: Done = set()
        if resume and path.exists():
            documents = _read_csv(path, DOCUMENTS)
            self._done = _pairs(documents)
            findings = [r for r in _read_csv(self._paths[1], FINDINGS)
                        if (r["path"], r["sha256"]) in self._done]
            for target, rows, columns in ((path, documents, DOCUMENTS),
                                          (self._paths[1], findings, FINDINGS)):
                self._rewrite(target, rows, columns)
        else:
            for target, columns in ((path, DOCUMENTS), (self._paths[1], FINDINGS)):
                self._rewrite(target, [], columns)
        self._files = [p.open("a", encoding="utf-8", newline="") for p in self._paths]
        self._writers = [csv.writer(f) for f in self._files]

    @staticmethod
    def _rewrite(target: Path, rows: Rows, columns: Sequence[Column]) -> None:
        partial = target.with_name(target.name + ".partial")
        with partial.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([c.name for c in columns])
            writer.writerows([_cell(r[c.name]) for c in columns] for r in rows)
        os.replace(partial, target)

    def done(self) -> Done:
        return set(self._done)

    def write(self, result: DocumentResult) -> None:
        findings = [[_cell(r[c.name]) for c in FINDINGS] for r in finding_rows(result)]
        document = document_row(result)
        with held_interrupts():
            self._writers[1].writerows(findings)
            self._files[1].flush()
            self._writers[0].writerow([_cell(document[c.name]) for c in DOCUMENTS])
            self._files[0].flush()

    def close(self) -> None:
        for file in self._files:
            file.close()


# ---- SQLite

_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "real": "REAL"}


def _sql_table(name: str, columns: Sequence[Column]) -> str:
    body = ", ".join(f'"{c.name}" {_SQL_TYPES[c.type]}' for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {name} ({body})"


def _insert(name: str, columns: Sequence[Column]) -> str:
    names = ", ".join(f'"{c.name}"' for c in columns)
    return f"INSERT INTO {name} ({names}) VALUES ({', '.join('?' * len(columns))})"


def _sql_value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _read_sqlite(path: Path) -> tuple[Rows, Rows]:
    if not path.exists():
        raise ReadError("no such file", source=str(path))
    connection = sqlite3.connect(path)
    try:
        tables = []
        for name, columns in (("documents", DOCUMENTS), ("findings", FINDINGS)):
            names = ", ".join(f'"{c.name}"' for c in columns)
            rows = connection.execute(f"SELECT {names} FROM {name} ORDER BY rowid")
            tables.append([
                {c.name: (None if v is None else bool(v)) if c.type == "boolean" else v
                 for c, v in zip(columns, row)}
                for row in rows
            ])
        return tables[0], tables[1]
    except sqlite3.DatabaseError as error:
        raise ReadError(f"not a run's output: {error}", source=str(path)) from None
    finally:
        connection.close()


class SqliteWriter:
    """``.sqlite``: the tables ``documents`` and ``findings``; finished documents are
    committed together every second or so, and on ``close``."""

    COMMIT_SECONDS = 1.0

    def __init__(self, path: Path, resume: bool) -> None:
        if not resume:
            path.unlink(missing_ok=True)
        self._connection = sqlite3.connect(path)
        try:
            self._connection.execute(_sql_table("documents", DOCUMENTS))
            self._connection.execute(_sql_table("findings", FINDINGS))
            self._connection.execute(
                "CREATE INDEX IF NOT EXISTS findings_path ON findings (path, sha256)")
            self._connection.commit()
            rows = self._connection.execute(
                "SELECT path, sha256 FROM documents WHERE sha256 IS NOT NULL")
            self._done: Done = {(p, s) for p, s in rows}
        except sqlite3.DatabaseError as error:
            self._connection.close()
            raise ReadError(f"not a run's output: {error}", source=str(path)) from None
        self._last = time.monotonic()

    def done(self) -> Done:
        return set(self._done)

    def write(self, result: DocumentResult) -> None:
        findings = [tuple(_sql_value(r[c.name]) for c in FINDINGS)
                    for r in finding_rows(result)]
        row = document_row(result)
        document = tuple(_sql_value(row[c.name]) for c in DOCUMENTS)
        with held_interrupts():
            self._connection.executemany(_insert("findings", FINDINGS), findings)
            self._connection.execute(_insert("documents", DOCUMENTS), document)
            if time.monotonic() - self._last >= self.COMMIT_SECONDS:
                self._connection.commit()
                self._last = time.monotonic()

    def close(self) -> None:
        self._connection.commit()
        self._connection.close()


# ---- Parquet


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise missing_extra("parquet", "pyarrow", "a .parquet output") from None
    return pyarrow, pyarrow.parquet


_ARROW_TYPES = {"text": "string", "integer": "int64", "boolean": "bool_", "real": "float64"}


def arrow_schema(columns: Sequence[Column]) -> Any:
    """The pyarrow schema of a table (the ``parquet`` extra)."""
    pyarrow, _ = _pyarrow()
    return pyarrow.schema([(c.name, getattr(pyarrow, _ARROW_TYPES[c.type])())
                           for c in columns])


def _read_parquet(path: Path) -> tuple[Rows, Rows]:
    _, parquet = _pyarrow()
    tables = []
    for name in ("documents", "findings"):
        rows: Rows = []
        for part in sorted((path / name).glob("*.parquet"), key=_part_number):
            rows += parquet.read_table(part).to_pylist()
        tables.append(rows)
    return tables[0], tables[1]


def _part_number(part: Path) -> tuple[int, str]:
    # part-3.parquet (ours), part.3.parquet (Dask's): in the order of their numbers
    found = re.search(r"(\d+)$", part.stem)
    return (int(found.group(1)) if found else -1, part.name)


class ParquetWriter:
    """``.parquet``: a directory holding ``documents/`` and ``findings/``, one part
    file each per run; rows are written in groups of about ``GROUP`` documents."""

    GROUP = 256

    def __init__(self, path: Path, resume: bool) -> None:
        pyarrow, parquet = _pyarrow()
        self._pyarrow = pyarrow
        self._done: Done = set()
        if resume and path.exists():
            self._done = _pairs(_read_parquet(path)[0])
        elif path.exists():
            for name in ("documents", "findings"):
                for part in (path / name).glob("*.parquet"):
                    part.unlink()
        number = 0
        for name in ("documents", "findings"):
            (path / name).mkdir(parents=True, exist_ok=True)
            number = max([number, *(_part_number(p)[0] + 1
                                    for p in (path / name).glob("*.parquet"))])
        self._schemas = (arrow_schema(DOCUMENTS), arrow_schema(FINDINGS))
        self._writers = [
            parquet.ParquetWriter(path / name / f"part-{number}.parquet", schema)
            for name, schema in zip(("documents", "findings"), self._schemas)
        ]
        self._buffers: tuple[Rows, Rows] = ([], [])

    def done(self) -> Done:
        return set(self._done)

    def write(self, result: DocumentResult) -> None:
        findings = list(finding_rows(result))
        document = document_row(result)
        with held_interrupts():
            self._buffers[1].extend(findings)
            self._buffers[0].append(document)
            if len(self._buffers[0]) >= self.GROUP:
                self._flush()

    def _flush(self) -> None:
        for writer, schema, rows in zip(self._writers, self._schemas, self._buffers):
            if rows:
                writer.write_table(self._pyarrow.Table.from_pylist(rows, schema=schema))
                rows.clear()

    def close(self) -> None:
        with held_interrupts():
            self._flush()
            for writer in self._writers:
                writer.close()
