"""How a run shows its progress on stderr: a bar on a terminal (tqdm, the
``progress`` extra, or a plain counter without it), one line per document otherwise."""

from __future__ import annotations

import shutil
from typing import Any, TextIO

from gfs_ledger.corpus.document import DocumentResult
from gfs_ledger.corpus.summary import document_line


class Progress:
    """Told of each document as it is done; ``close`` when the run ends.

    >>> import io
    >>> from gfs_ledger.corpus.document import audit_document
    >>> from gfs_ledger.samples import sample_path
    >>> log = io.StringIO()
    >>> progress = Progress(1, log)
    >>> progress.update(audit_document(sample_path()))
    >>> progress.close()
    >>> print(log.getvalue())  # doctest: +ELLIPSIS
    [1/1] .../yangquan-commerce-2023-final-accounts.txt: FAILED, 4 violated, 19 within rounding (阳泉市商务局 2023)
    <BLANKLINE>
    """

    def __init__(self, total: int, stream: TextIO, *, strict: bool = False,
                 bar: bool | None = None) -> None:
        self.total, self.stream, self.strict, self.done = total, stream, strict, 0
        self._bar: Any = None
        self._counter = False
        if bar if bar is not None else _is_terminal(stream):
            try:
                from tqdm import tqdm
            except ImportError:
                self._counter = True
            else:
                # The size from shutil, which falls back to 80 × 24 where the terminal
                # does not say (tqdm would then draw nothing).
                size = shutil.get_terminal_size()
                self._bar = tqdm(total=total, file=stream, unit="doc", ncols=size.columns,
                                 nrows=size.lines)

    def update(self, result: DocumentResult) -> None:
        """One more document is done."""
        self.done += 1
        if self._bar is not None:
            self._bar.update(1)
        elif self._counter:
            self.stream.write(f"\r{self.done}/{self.total} documents")
            self.stream.flush()
        else:
            self.stream.write(f"[{self.done}/{self.total}] "
                              f"{document_line(result, strict=self.strict)}\n")
            self.stream.flush()

    def close(self) -> None:
        """The run is over (or interrupted)."""
        if self._bar is not None:
            self._bar.close()
        elif self._counter:
            self.stream.write("\n")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
