"""Small helpers for the English of messages: counts with the right number."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one and plural otherwise.

    >>> counted(1, "child", "children"), counted(3, "child", "children"), counted(0, "column")
    ('1 child', '3 children', '0 columns')
    """
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
