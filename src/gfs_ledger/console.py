"""Text to the console, whatever its encoding.

Machine-readable output (JSON, HTML) goes to the console as UTF-8 bytes, whatever
encoding the console declares: a program reading it, or a file it is redirected to,
gets what the format says (JSON is UTF-8; the page says ``<meta charset="utf-8">``).
Text for a person goes in the console's own encoding; a character the console cannot
show is written as its nearest plain equivalent (``−`` as ``-``, ``±`` as ``+/-``),
or as ``?``, instead of stopping the program with a ``UnicodeEncodeError``.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

DEGRADE = "gfs_ledger.degrade"
"""The codec error handler that writes what a console cannot show as plain text."""

_PLAIN = {
    "\u2212": "-", "\u2013": "-", "\u2014": "--", "\u2015": "--", "\u00b1": "+/-",
    "\u00d7": "x", "\u00b7": ".", "\u2026": "...", "\u201c": '"', "\u201d": '"',
    "\u2018": "'", "\u2019": "'", "\u2264": "<=", "\u2265": ">=", "\u2192": "->",
    "\u2260": "!=", "\u00a0": " ", "\u3000": " ", "\uff1a": ":", "\uff0c": ",",
    "\uff08": "(", "\uff09": ")", "\uff05": "%",
}


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start:error.end]
    plain = "".join(_PLAIN.get(ch, "?") for ch in bad)
    return plain.encode(error.encoding, "replace").decode(error.encoding), error.end


codecs.register_error(DEGRADE, _degrade)


def showable(text: str, encoding: str | None) -> str:
    """The text as a console in ``encoding`` can show it.

    >>> showable("差额 −0.01，允许 ±0.020", "gbk")
    '差额 -0.01，允许 ±0.020'
    >>> showable("差额 −0.01", "ascii")
    '?? -0.01'
    """
    if not encoding:
        return text
    return text.encode(encoding, DEGRADE).decode(encoding)


def print_text(text: str, stream: TextIO | None = None) -> None:
    """Write text for a person to the console, in the console's encoding."""
    out = sys.stdout if stream is None else stream
    out.write(showable(text, getattr(out, "encoding", None)))
    out.flush()


def print_utf8(text: str, stream: TextIO | None = None) -> None:
    """Write machine-readable text to the console as UTF-8 bytes, whatever its encoding
    (to the text stream itself when it has no byte buffer, as ``io.StringIO``)."""
    out = sys.stdout if stream is None else stream
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        out.write(text)
        return
    out.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
