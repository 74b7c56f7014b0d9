"""Payments the prose describes one by one, and what they restate.

The explanations of the “三公” expenditure often count the payments behind a figure:
``公务接待费支出0万元，共接待0批次，0人次，…本部门2023年有两笔公务接待费，合计980元``.
Three claims come from such a clause:

- ``amount``: the payments' total is an amount of the expense they name (公务接待费),
  checked against the table's figure for it: at most that figure, since the payments
  described may be some of the expense's only;
- ``restated``: the same paragraph stated the expense before, in another unit or the
  same (``公务接待费支出0万元``): the payments are part of it, so their total may
  not exceed it beyond the printed precision of the two (they may be some of its
  payments only);
- ``events``: the number of 批次 stated for the expense (``共接待0批次``) must allow the
  payments described: some payment means at least one 批次 (one payment may settle
  several, so no upper bound follows).

>>> found = read_payments("4、公务接待费支出0万元，共接待0批次，0人次，主要是本部门2023年有两笔"
...                       "公务接待费，合计980元未追加预算。", 541, "")
>>> [(c.kind.value, c.subject, c.stated.value, c.stated.unit) for c in found.claims]
[('amount', '公务接待费', Decimal('980'), '元'), ('restated', '公务接待费', Decimal('980'), '元'), ('events', '公务接待费', Decimal('0'), '批次')]
>>> found.claims[2].part
Stated(value=Decimal('2'), unit='笔', label='公务接待费', period=None)
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any, cast

from gfs_ledger.amounts import parse_amount
from gfs_ledger.narrative.claims import Claim, ClaimKind, Stated, _Figure, _Held
from gfs_ledger.narrative.items import _N, _NONE, Read

_WINDOW = 300  # how far back a paragraph states the expense its payments restate
_NUMERALS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
             "九": 9, "十": 10}
# Opens with one class of the count's first characters (a digit's run told after it), so
# that a search skips to candidates at C speed.
_PAYMENTS = re.compile(
    rf"(?P<k>[\d一两二三四五六七八九十](?:(?<=\d)\d{{0,5}})?)\s*笔\s*(?P<what>[^，,。；;：:\d\s]{{1,20}}?费)"
    rf"\s*[，,]?\s*(?:合计|共计|共)?\s*(?P<n>{_N})\s*(?P<u>万元|元)")


def read_payments(text: str, line: int, section: str, public: bool = True) -> Read:
    """The claims of every clause of a paragraph that counts payments and gives their
    total (``两笔公务接待费，合计980元``), and the spans of those clauses. Unless
    ``public``, the claims are the plain records that checking reads (``claims._Held``)."""
    if "笔" not in text:  # what _PAYMENTS needs
        return _NONE
    claims: list[Claim] = []
    spans = []
    figure, claim = (Stated, _public_claim) if public else (_Figure, _held_claim)
    for match in _PAYMENTS.finditer(text):
        what = match["what"]
        spans.append((match.start(), match.end()))
        total = figure(_amount(match), match["u"], what, None, match.start("n"))
        sentence = _sentence(text, match.start())
        claims.append(claim(ClaimKind.AMOUNT, line, sentence, match[0], what, section, total,
                            None, None, "payments", total.at))
        earlier = _earlier(text, what, match.start())
        if earlier is None:
            continue
        stated_first = figure(_amount(earlier), earlier["u"],
                              text[earlier.start(): earlier.end("u")], None, earlier.start("n"))
        claims.append(claim(ClaimKind.RESTATED, line, sentence, match[0], what, section, total,
                            None, stated_first, "payments", total.at))
        if earlier["b"] is not None:
            batches = figure(Decimal(earlier["b"]), "批次", "共接待", None, earlier.start("b"))
            payments = figure(Decimal(_count(match["k"])), "笔", what, None, match.start("k"))
            claims.append(claim(ClaimKind.EVENTS, line, _sentence(text, batches.at),
                                f"共接待{earlier['b']}批次", what, section, batches, payments,
                                None, None, batches.at))
    return Read(tuple(claims), tuple(spans))


def _amount(match: re.Match[str]) -> Decimal:
    """The figure a match holds in its group ``n`` (as ``items._stated`` reads it)."""
    value = parse_amount(match["n"])
    assert isinstance(value, Decimal)
    return value


def _public_claim(kind: ClaimKind, line: int, sentence: str, text: str, subject: str,
                  section: str, stated: Any, part: Any, base: Any, relative_to: str | None,
                  at: int) -> Claim:
    return Claim(kind, line, sentence, text, subject, section, stated, part=part, base=base,
                 relative_to=relative_to, at=at)


def _held_claim(kind: ClaimKind, line: int, sentence: str, text: str, subject: str,
                section: str, stated: Any, part: Any, base: Any, relative_to: str | None,
                at: int) -> Claim:
    return cast(Claim, _Held(kind, line, sentence, text, subject, section, stated, part, base,
                             None, relative_to, None, (), at))


@functools.lru_cache(maxsize=64)
def _stated_for(what: str) -> re.Pattern[str]:
    """A figure stated for the expense ``what``, with the number of 批次 that follows it."""
    return re.compile(
        rf"{re.escape(what)}\s*(?:支出)?(?:决算)?(?:为)?\s*(?P<n>{_N})\s*(?P<u>万元|元)"
        r"(?:\s*[，,]\s*共接待\s*(?P<b>\d{1,6})\s*批次)?")


def _earlier(text: str, what: str, before: int) -> re.Match[str] | None:
    """The last figure the paragraph states for the expense before ``before``, with the
    number of 批次 that follows it, if any."""
    return max(_stated_for(what).finditer(text, max(0, before - _WINDOW), before),
               key=lambda match: match.start(), default=None)


def _count(printed: str) -> int:
    return int(printed) if printed.isdigit() else _NUMERALS[printed]


def _sentence(text: str, at: int) -> str:
    """The sentence around ``at``, at most a window either side (linear time on a
    paragraph without a full stop)."""
    start = text.rfind("。", max(0, at - _WINDOW), at) + 1 or max(0, at - _WINDOW)
    stop = text.find("。", at, at + _WINDOW)
    return text[start: stop + 1 if stop >= 0 else at + _WINDOW].strip()
