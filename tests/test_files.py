"""Files are written whole or not at all (gfs_ledger.io.files.write_atomically)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

import pytest

from gfs_ledger import sample_ledger
from gfs_ledger.io.files import write_atomically


def test_a_producer_that_fails_leaves_the_older_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "audit.json"
    target.write_bytes(b"older")

    def half(file: BinaryIO) -> None:
        file.write(b"new and half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, half)
    assert target.read_bytes() == b"older"
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]


def test_the_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """mkstemp makes a file only its owner can read; the written file gets what open()
    would give it under the umask."""
    mask = os.umask(0o022)
    try:
        written = write_atomically(tmp_path / "t.json", b"{}")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o644


def test_a_workbook_is_written_atomically_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    openpyxl = pytest.importorskip("openpyxl", reason="needs openpyxl (the excel extra)")
    target = tmp_path / "t03.xlsx"
    sample_ledger().to_xlsx(target)
    before = target.read_bytes()

    def broken(self: object, filename: object) -> None:
        raise RuntimeError("the workbook could not be saved")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(RuntimeError, match="could not be saved"):
        sample_ledger().to_xlsx(target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["t03.xlsx"]
