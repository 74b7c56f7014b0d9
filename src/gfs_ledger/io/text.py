"""Text in: a path or the text itself, decoded the way Chinese files come."""

from __future__ import annotations

import os
from pathlib import Path

from gfs_ledger.errors import ReadError

ENCODINGS = ("utf-8-sig", "gb18030")


def load_text(text_or_path: str | os.PathLike[str], source: str | None = None) -> tuple[str, str]:
    """The text and the name to report it by, from a path or from the text itself.

    Text is told from a path by holding a line break. A file is read as UTF-8 (with or
    without a byte-order mark) or else as GB18030, which is what Chinese Excel and
    Windows save.

    >>> load_text("科目编码,科目名称\\n")
    ('科目编码,科目名称\\n', '<text>')
    """
    if isinstance(text_or_path, os.PathLike) or ("\n" not in text_or_path and text_or_path):
        path = Path(text_or_path)
        where = source or str(path)
        data = path.read_bytes()
        for encoding in ENCODINGS:
            try:
                return data.decode(encoding), where
            except UnicodeDecodeError:
                continue
        raise ReadError("neither UTF-8 nor GB18030 text", source=where)
    return text_or_path, source or "<text>"


EMPTY_MARKER = "本表无数据"
NOTE_PREFIXES = ("注：", "注:", "说明：", "说明:")


def is_note(text: str) -> bool:
    """True for the note a table closes with (注：…, 说明：…), not for a row that merely
    starts with 注 (注册费).

    >>> is_note("注：本表反映部门本年度各项支出情况。"), is_note("注册费")
    (True, False)
    """
    return text.strip().startswith(NOTE_PREFIXES)
