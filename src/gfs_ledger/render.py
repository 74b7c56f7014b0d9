"""Ledgers as indented text trees, aligned for Chinese text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from gfs_ledger.amounts import format_amount
from gfs_ledger.ledger import TOTAL_NAME, Ledger


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: two for each wide (CJK) character.

    >>> display_width("合计"), display_width("201")
    (4, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    """Pad text with spaces to a display width."""
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def render_table(rows: Sequence[Sequence[str]], *, numeric_from: int = 1) -> str:
    """Align rows of cells; cells from ``numeric_from`` on are right-aligned."""
    widths = [max(display_width(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            pad(cell, w, right=k >= numeric_from) for k, (cell, w) in enumerate(zip(row, widths))
        ).rstrip()
        for row in rows
    )


def render_tree(ledger: Ledger) -> str:
    """The ledger as an indented tree, one line per account, 合计 first.

    Accounts that were not printed show in brackets.

    >>> from gfs_ledger.samples import sample_ledger
    >>> print("\\n".join(render_tree(sample_ledger()).splitlines()[:4]))
    科目                        本年支出合计  基本支出  项目支出  上缴上级支出  经营支出  对附属单位补助支出
    合计                            1,776.55    896.13    880.42
    201 一般公共服务支出              751.01    736.78     14.23
      20113 商贸事务                  750.05    735.82     14.23
    """
    rows = [["科目", *ledger.columns]]
    if ledger.total is not None:
        rows.append([TOTAL_NAME, *map(format_amount, ledger.total)])
    for account in ledger:
        label = f"{'  ' * (account.level - 1)}{account.code} {account.name}".rstrip()
        if not account.printed:
            label = f"{'  ' * (account.level - 1)}[{account.code}]"
        rows.append([label, *(format_amount(account.values[c]) for c in ledger.columns)])
    return render_table(rows)
