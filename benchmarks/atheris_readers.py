"""A coverage-guided fuzzing run of the readers under atheris (docs/fuzzing.md).

    python -m pip install atheris
    PYTHONPATH=src python benchmarks/atheris_readers.py [READER] [libFuzzer options]

READER is ``text`` (read_report on disclosure text, then the audit and its outputs),
``csv`` (Ledger.from_csv, then its check), ``xlsx`` or ``pdf`` (the bytes as a file);
default ``text``. The corpus starts from the bundled sample; any exception other than
a GfsLedgerError is a crash that libFuzzer reports with the input that caused it, e.g.
``-max_total_time=600 -max_len=200000 corpus/``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from gfs_ledger import GfsLedgerError, Ledger, read_report
    from gfs_ledger.output import audit_json, audit_text

_FOLDER = Path(tempfile.mkdtemp(prefix="gfs-fuzz-"))


def _text(data: bytes) -> None:
    text = data.decode("utf-8", "replace") + "\n"  # text, never taken for a path
    audit = read_report(text).audit()
    audit_text(audit, ["fuzz"])
    audit_json(audit)


def _csv(data: bytes) -> None:
    Ledger.from_csv(data.decode("utf-8", "replace") + "\n", source="fuzz.csv").check()


def _file(suffix: str) -> object:
    def run(data: bytes) -> None:
        path = _FOLDER / f"fuzz{suffix}"
        path.write_bytes(data)
        if suffix == ".xlsx":
            Ledger.from_xlsx(path).check()
        else:
            read_report(path).audit()
    return run


READERS = {"text": _text, "csv": _csv, "xlsx": _file(".xlsx"), "pdf": _file(".pdf")}


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] in READERS else "text"
    args = [a for a in sys.argv if a != name]
    run = READERS[name]

    def one(data: bytes) -> None:
        try:
            run(data)  # type: ignore[operator]
        except GfsLedgerError:
            pass

    atheris.Setup(args, one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
