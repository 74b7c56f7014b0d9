"""The documents of a run: files, directories (recursively) and globs, in a stable order."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path

from gfs_ledger.errors import ReadError

KNOWN_SUFFIXES = (".txt", ".csv", ".xlsx", ".pdf")
"""The kinds of file a directory is searched for."""

_GLOB_CHARS = frozenset("*?[")


def is_glob(text: str) -> bool:
    """True when a path argument is a pattern (``*``, ``?`` or ``[``) and no such file exists.

    >>> is_glob("reports/*.txt"), is_glob("report.txt")
    (True, False)
    """
    return bool(_GLOB_CHARS & set(text)) and not os.path.exists(text)


def expand_paths(arguments: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Every document the arguments name, each once, in the order given: a file as
    it is (whatever its suffix), a directory as every file under it with a known
    suffix (.txt, .csv, .xlsx, .pdf; hidden files and directories passed over), a
    glob (``**`` recursive) as the known files it matches, each of them sorted.

    An argument that names nothing raises ``ReadError`` naming it.

    >>> from gfs_ledger.samples import sample_path
    >>> [p.name for p in expand_paths([sample_path().parent])]
    ['yangquan-commerce-2023-final-accounts.txt', 'yangquan-commerce-2023-table03.csv']
    >>> expand_paths(["no/such/*.txt"])
    Traceback (most recent call last):
    ...
    gfs_ledger.errors.ReadError: no/such/*.txt: no document matches
    """
    found: dict[Path, None] = {}
    for argument in arguments:
        text = os.fspath(argument)
        path = Path(text)
        if path.is_dir():
            found.update(dict.fromkeys(_under(path)))
        elif path.exists():
            found[path] = None
        elif is_glob(text):
            matches = sorted(
                Path(m) for m in glob.glob(text, recursive=True)
                if Path(m).is_file() and Path(m).suffix.lower() in KNOWN_SUFFIXES
            )
            if not matches:
                raise ReadError("no document matches", source=text)
            found.update(dict.fromkeys(matches))
        else:
            raise ReadError("no such file or directory", source=text)
    return list(found)


def _under(directory: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [
            Path(root, n) for n in names
            if not n.startswith(".") and Path(n).suffix.lower() in KNOWN_SUFFIXES
        ]
    return sorted(files)
