"""Files out: every file gfs_ledger writes is written whole or not at all.

``write_atomically`` writes to a temporary file in the destination's folder and moves
it over the destination with ``os.replace`` only once everything is written, so a run
that fails half-way leaves no file behind (and an older file as it was), and a reader
never sees half a file. Text goes out as UTF-8, whatever the console's encoding.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

Content = bytes | Callable[[BinaryIO], None]
"""What to write: the bytes themselves, or a function that writes them to a binary file."""


def write_atomically(path: str | os.PathLike[str], content: Content) -> Path:
    """Write ``content`` to ``path`` whole, or leave ``path`` as it was.

    ``content`` is bytes or a producer called with the open binary file (for writers
    that stream, such as a workbook's ``save``). Returns the path written.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_atomically(folder / "a.json", "{\\"单位\\": \\"万元\\"}".encode()).read_text("utf-8")
    '{"单位": "万元"}'
    >>> def broken(file):
    ...     file.write(b"half")
    ...     raise RuntimeError("the producer failed")
    >>> write_atomically(folder / "b.json", broken)
    Traceback (most recent call last):
    ...
    RuntimeError: the producer failed
    >>> sorted(p.name for p in folder.iterdir())
    ['a.json']
    """
    target = Path(path)
    descriptor, temporary = _temporary_beside(target)
    try:
        with os.fdopen(descriptor, "wb") as file:
            if isinstance(content, bytes):
                file.write(content)
            else:
                content(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _temporary_beside(target: Path) -> tuple[int, Path]:
    """A new file in the target's folder, made with the permissions ``open`` gives (0o666
    less the umask), unlike ``tempfile.mkstemp``'s owner-only 0o600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write text to ``path`` as UTF-8, atomically (see ``write_atomically``)."""
    return write_atomically(path, text.encode("utf-8"))


def text_or_file(text: str, path: str | os.PathLike[str] | None, *, bom: bool = False
                 ) -> str | None:
    """What the ``to_json`` and ``to_csv`` methods return: the text when ``path`` is
    None; else None, having written it to ``path`` as UTF-8 (after a byte-order mark
    with ``bom``, which Excel needs to open a UTF-8 CSV as UTF-8), atomically.
    """
    if path is None:
        return text
    write_atomically(path, ("\ufeff" * bom + text).encode("utf-8"))
    return None
