"""The arithmetic a 项目绩效评价报告 states in its sentences: products of people and an
amount per person, splits by a ratio (5:3:2), differences, and rates.

Each sentence is read into facts: a count of people (人), an amount per person
(元/人, 每人…元), an amount of money (元, 万元, 亿元), a ratio (5:3:2 between 省、市、县)
and a rate (…率 98.15%). A fact has a role, read from the words of its clause
(实际 actual, 计划/拟 planned, 以上/覆盖 target, 减少/增加 a difference; 预算/拨付/下达
budget, 规模/测算 plan, 结余 balance) and a level (省级, 市级, 县级) when the sentence
names one before it. Claims relate facts:

- ``product``: a count × an amount per person = money, all in one sentence; and an
  amount per person of one level × the actual count = that level's actual money;
- ``split``: a level's money (or amount per person) = the whole of the same line ×
  its share of the ratio;
- ``difference``: planned − actual people (减少) and budget − actual = 结余;
- ``rate``: actual / planned, of money (执行率, 完成率, 到位率) or of people (人数…率);
  a rate in a sentence saying 全部 (all) with no actual figure is 100%.

Terms a sentence does not state are taken from the nearest fact before it with the
role wanted (the planned count of 较计划人数减少 119 人 is the 6426 stated earlier).
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from itertools import accumulate
from typing import Any, NamedTuple, cast

import attrs

from gfs_ledger.amounts import Unit, convert
from gfs_ledger.performance.evaluation import Lines, normal_lines

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_KINDS = {
    "per": rf"(?P<per>每人(?:发放)?(?:一次性)?\s*(?P<pv>{_NUM})\s*元)",
    "unit": rf"(?P<unit>(?P<uv>{_NUM})\s*元\s*/\s*人)",
    "money": rf"(?P<money>(?P<mv>{_NUM})\s*(?P<mu>万元|亿元|元))",
    "count": r"(?P<count>(?P<cv>\d+)\s*人(?![次民群]))",
    "ratio": r"(?P<ratio>(?P<rv>\d+(?:\s*:\s*\d+)+)\s*(?:的)?比例)",
    "rate": rf"(?P<rate>(?P<rr>{_NUM})\s*%)",
}


def _facts(*kinds: str) -> re.Pattern[str]:
    return re.compile(rf"(?=[每\d])(?:{'|'.join(_KINDS[k] for k in kinds)})")


_FACT = _facts(*_KINDS)
# Where a fact may start: 每人, or a run of the characters a figure is printed with
# (digits, separators, spaces) that ends at a character a fact's figure is followed by
# (元 万 亿 人 % and 的比例 / 比例). Every match of ``_FACT`` starting at a digit spans such
# a run up to that character, so ``_FACT`` is tried only at the digits of these runs.
# (The first character as a class lets the engine skip to the next 每 or digit at C
# speed: ``每人|\d…`` is tried at every character.)
_CANDIDATE = re.compile(r"[每\d](?:(?<=每)人|(?<=\d)[\d,.:\s]*+(?=[元人%万亿比的]))")
# So the unit of a match starting at a digit is the character after its run, and only
# the alternatives of ``_FACT`` (in its order) that open with it may match there: by that
# character (每 for a run 每人).
_FACT_BY_END = {"每": _facts("per"), "元": _facts("unit", "money"),
                "万": _facts("money"), "亿": _facts("money"), "人": _facts("count"),
                "比": _facts("ratio"), "的": _facts("ratio"), "%": _facts("rate")}
# The label of a rate: the words ending in 率 just before its figure.
_RATE_LABEL = re.compile(r"([\u4e00-\u9fff]{1,12}率)\s*(?:为|达到|达)?\s*$")
LEVEL = re.compile(r"([省市县区])级")  # a class first: the engine skips to it
# The parties of a ratio (省、市、县), the first party unrolled out of ``(?:…、)+`` so that
# the pattern opens with a class (the engine skips to it) and findall returns whole matches.
_PARTY = r"[省市县区](?:级)?"
_PARTIES = re.compile(rf"{_PARTY}(?:财政)?、(?:{_PARTY}(?:财政)?、)*{_PARTY}")
_RATIO_SPLIT = re.compile(r"\s*:\s*")
_MONEY_UNITS = {"元": Unit.YUAN, "万元": Unit.WAN, "亿元": Unit.YI}
# What ``convert(value, unit, Unit.WAN)`` scales a figure of each unit by (a power of
# ten), looked up by the unit's text: a lookup by the enum hashes it in Python.
_TO_WAN = {text: convert(Decimal(1), unit, Unit.WAN).adjusted()
           for text, unit in _MONEY_UNITS.items()}


class Kind(enum.StrEnum):
    """What a fact counts or measures."""

    COUNT = "count"
    PER_PERSON = "per_person"
    MONEY = "money"
    RATIO = "ratio"
    RATE = "rate"


@attrs.frozen(slots=True)
class Fact:
    """One figure of a sentence: its kind, role, level, value (money in 万元, exactly
    as printed when it was printed in 万元), the text and where it stands."""

    kind: Kind
    role: str
    level: str | None
    value: Decimal
    text: str
    line: int
    sentence: int
    label: str = ""
    parts: tuple[Decimal, ...] = ()
    parties: tuple[str, ...] = ()
    all_of_it: bool = False


# The kinds as plain names: a member of an enum is slow to look up on its class (3.11).
_COUNT, _PER_PERSON, _MONEY, _RATIO, _RATE = (
    Kind.COUNT, Kind.PER_PERSON, Kind.MONEY, Kind.RATIO, Kind.RATE)


class ClaimKind(enum.StrEnum):
    """The arithmetic a claim states."""

    PRODUCT = "product"
    SPLIT = "split"
    DIFFERENCE = "difference"
    RATE = "rate"


@attrs.frozen(slots=True)
class Arithmetic:
    """One stated figure and the facts it is computed from.

    ``terms`` are the facts of the computation in order (product: count, amount per
    person; split: whole, ratio; difference: minuend, subtrahend; rate: numerator,
    denominator); ``share`` is the level's part of a split.
    """

    kind: ClaimKind
    stated: Fact
    terms: tuple[Fact, ...]
    share: str | None = None


_PRODUCT, _SPLIT, _DIFFERENCE, _RATE_CLAIM = (
    ClaimKind.PRODUCT, ClaimKind.SPLIT, ClaimKind.DIFFERENCE, ClaimKind.RATE)


class RawFact(NamedTuple):
    """A ``Fact``'s fields in a tuple, as the appraisal's own check reads its facts: a
    tuple is made in one call, an attrs object sets its eleven slots one by one."""

    kind: Kind
    role: str
    level: str | None
    value: Decimal
    text: str
    line: int
    sentence: int
    label: str = ""
    parts: tuple[Decimal, ...] = ()
    parties: tuple[str, ...] = ()
    all_of_it: bool = False


FactLike = Fact | RawFact
"""What the claims and the checks read of a fact."""


class Claim(NamedTuple):
    """An ``Arithmetic``'s fields in a tuple, over facts of either kind."""

    kind: ClaimKind
    stated: FactLike
    terms: tuple[FactLike, ...]
    share: str | None = None


ClaimLike = Arithmetic | Claim
"""What the checks read of a claim."""


def _role(kind: Kind, text: str, first: int, start: int, end: int, last: int) -> str:
    """The role of a count or an amount of money at start:end of the sentence
    first:last of text, from the words of its clause before it (and for a count, the
    four characters after it, within the sentence)."""
    # The clause: back to the last comma, semicolon or colon of the sentence.
    cut = max(text.rfind(",", first, start), text.rfind(";", first, start),
              text.rfind(":", first, start))
    before = text[first if cut < 0 else cut + 1:start]
    if kind is _COUNT:
        after = text[end:min(end + 4, last)]
        near = before[-6:]
        if "减少" in near or "增加" in near or "少了" in near or "多了" in near:
            return "difference"
        if "以上" in after or "不少于" in after or "不低于" in after or "覆盖" in before:
            return "target"
        if "计划" in before or "拟" in before or "预计" in before:
            return "planned"
        return "actual"
    if kind is _MONEY:
        if "结余" in before:
            return "balance"
        if "实际" in before:
            return "actual"
        if "规模" in before or "测算" in before:
            return "plan"
        if "预算" in before or "拨付" in before or "下达" in before or "安排" in before:
            return "budget"
        return "other"
    return "stated"


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def read_facts(lines: Lines) -> tuple[Fact, ...]:
    """Every fact of the sentences of lines (lines holding a tab are table rows and are
    passed over).

    >>> facts = read_facts([(1, "共计6307人，每人发放1500元，实际使用资金946.05万元。")])
    >>> [(f.kind.value, f.role, str(f.value)) for f in facts]
    [('count', 'actual', '6307'), ('per_person', 'stated', '1500'), ('money', 'actual', '946.05')]
    """
    return tuple(Fact(*f) for f in read_normalised_facts(lines, normal_lines(lines)))


def read_normalised_facts(lines: Lines, normalised: Sequence[str]) -> list[RawFact]:
    """``read_facts(lines)`` as tuples, given each line's text normalised
    (``normal_lines``)."""
    # The lines that may state a fact as one text, joined by 。: its sentences are theirs
    # in order, and no fact spans a 。, so the pattern runs over the text once.
    numbers: list[int] = []  # the number of each line of text
    firsts: list[int] = []  # the number of its first sentence, counted from 1 over lines
    texts: list[str] = []
    sentences = 0
    for (line, raw), text in zip(lines, normalised):
        if "\t" in raw:
            continue
        if "元" in text or "人" in text or "%" in text or "比例" in text:
            numbers.append(line)
            firsts.append(sentences + 1)
            texts.append(text)
        sentences += text.count("。") + 1  # the sentences of a line without facts count
    text = "。".join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    facts: list[RawFact] = []
    actual_money: set[int] = set()  # the sentences stating an actual amount of money
    sentence_number = 0  # of the sentence of the last fact
    start = end = -1  # where that sentence starts in text, and where it ends
    line = 0
    # Offsets are in text; a fact's sentence is text[start:end] (no fact spans a 。).
    for m in _facts_of(text):
        at = m.start()
        if at > end:  # the first fact of a sentence
            k = bisect_right(starts, at) - 1
            line = numbers[k]
            sentence_number = firsts[k] + text.count("。", starts[k], at)
            start = text.rfind("。", 0, at) + 1
            end = text.find("。", at)
            if end < 0:
                end = len(text)
        # The level: the last 省级/市级/县级/区级 of the sentence that ends by the fact
        # (each 级 after one of 省市县区 is one, as ``LEVEL.finditer`` finds them).
        level = None
        j = text.rfind("级", start, at)
        while j > start:
            if text[j - 1] in "省市县区":
                level = text[j - 1]
                break
            j = text.rfind("级", start, j)
        fact: RawFact
        # The alternative that matched: its group closes last.
        which = m.lastgroup
        if which == "per" or which == "unit":
            value = _decimal(m["pv"] if which == "per" else m["uv"])
            fact = _fact((_PER_PERSON, "stated", level if which == "unit" else None,
                          value, m[0], line, sentence_number, "", (), (), False))
        elif which == "money":
            value = _decimal(m["mv"]).scaleb(_TO_WAN[m["mu"]])
            role = _role(_MONEY, text, start, at, m.end(), end)
            if role == "actual":
                actual_money.add(sentence_number)
            fact = _fact((_MONEY, role, level, value, m[0], line, sentence_number, "", (),
                          (), False))
        elif which == "count":
            fact = _fact((_COUNT, _role(_COUNT, text, start, at, m.end(), end), level,
                          Decimal(m["cv"]), m[0], line, sentence_number, "", (), (), False))
        elif which == "ratio":
            parts = tuple(Decimal(p) for p in _RATIO_SPLIT.split(m["rv"]))
            # Every match holds 、: with none before the fact, there is none.
            found = _PARTIES.findall(text, start, at) if text.find("、", start, at) >= 0 else []
            parties = tuple(p[0] for p in found[-1].split("、")) if found else ()
            fact = _fact((_RATIO, "stated", None, Decimal(len(parts)), m[0], line,
                          sentence_number, "", parts, parties, False))
        else:
            label = _RATE_LABEL.search(text[max(start, at - 20):at])
            if label is None:  # a percentage that is no rate (超过 90%的发放对象)
                continue
            all_of_it = (text.find("全部", start, at) >= 0
                         and sentence_number not in actual_money)
            fact = _fact((_RATE, "stated", level, _decimal(m["rr"]), label[0] + m[0], line,
                          sentence_number, label[1], (), (), all_of_it))
        facts.append(fact)
    return facts


def _fact(fields: tuple[Any, ...]) -> RawFact:
    """A ``RawFact`` of its eleven fields, made in C (the named tuple's ``__new__`` is
    Python)."""
    return _new(RawFact, fields)


_new = tuple.__new__


def _facts_of(sentence: str) -> list[re.Match[str]]:
    """What ``_FACT.finditer(sentence)`` finds, trying the pattern only where
    ``_CANDIDATE`` says a match may start, and only its alternatives that may match
    there (``_FACT_BY_END``)."""
    found = []
    at = 0
    for window in _CANDIDATE.finditer(sentence):
        p, end = max(window.start(), at), window.end()
        if p >= end:
            continue
        fact = _FACT_BY_END.get(sentence[end] if sentence[p] != "每" else "每", _FACT)
        while p < end:
            m = fact.match(sentence, p)
            if m is None:
                p += 1
            else:
                found.append(m)
                p = at = m.end()
    return found


def _before(facts: Sequence[FactLike], k: int, kind: Kind, roles: Sequence[str], *,
            sentence: bool = False, line: bool = False, level: str | bool | None = False,
            ) -> FactLike | None:
    """The nearest fact before position k of a kind and one of roles, optionally in
    the same sentence or line, or of a level (None: of no level; False: any)."""
    here = facts[k]
    for fact in reversed(facts[:k]):
        if sentence and fact.sentence != here.sentence:
            return None
        if line and fact.line != here.line:
            return None
        if fact.kind is kind and fact.role in roles and (
                level is False or fact.level == level):
            return fact
    return None


def claims_of(facts: Sequence[Fact]) -> tuple[Arithmetic, ...]:
    """Every arithmetic claim among facts, in the order stated.

    >>> facts = read_facts([(1, "拟发放人数为6426人，每人1500元，按照省、市、县5:3:2比例，"
    ...                         "资金规模为963.9万元，其中市级财政预算资金为289.17万元。")])
    >>> [(c.kind.value, c.stated.text) for c in claims_of(facts)]
    [('product', '963.9万元'), ('split', '289.17万元')]
    """
    return tuple(Arithmetic(c.kind, cast(Fact, c.stated), cast(tuple[Fact, ...], c.terms),
                             c.share) for c in claims_among(facts))


def claims_among(facts: Sequence[FactLike]) -> list[Claim]:
    """``claims_of(facts)`` as tuples, over facts of either kind."""
    out: list[Claim] = []
    for k, fact in enumerate(facts):
        if fact.kind is _MONEY and fact.level is None and fact.role in (
                "actual", "plan", "budget"):
            per = _before(facts, k, _PER_PERSON, ("stated",), sentence=True, level=None)
            wanted = ("planned",) if fact.role in ("plan", "budget") else ("actual",)
            count = _before(facts, k, _COUNT, wanted, sentence=True)
            if per is not None and count is not None:
                out.append(Claim(_PRODUCT, fact, (count, per)))
        if fact.kind in (_MONEY, _PER_PERSON) and fact.level is not None:
            roles = {"actual": ("actual",), "budget": ("plan", "budget"),
                     "stated": ("stated",)}.get(fact.role)
            whole = None if roles is None else _before(
                facts, k, fact.kind, roles, line=True, level=None)
            ratio = _before(facts, k, _RATIO, ("stated",))
            if whole is not None and ratio is not None and fact.level in ratio.parties:
                out.append(Claim(_SPLIT, fact, (whole, ratio), fact.level))
            if fact.kind is _PER_PERSON:
                count = _before(facts, k, _COUNT, ("actual",))
                money = _before(facts, k, _MONEY, ("actual",), level=fact.level)
                if count is not None and money is not None:
                    out.append(Claim(_PRODUCT, money, (count, fact)))
        if fact.kind is _COUNT and fact.role == "difference":
            actual = _before(facts, k, _COUNT, ("actual",), sentence=True)
            planned = _before(facts, k, _COUNT, ("planned",))
            if actual is not None and planned is not None:
                out.append(Claim(_DIFFERENCE, fact, (planned, actual)))
        if fact.kind is _MONEY and fact.role == "balance":
            budget = _before(facts, k, _MONEY, ("budget",), sentence=True,
                             level=fact.level)
            actual = _before(facts, k, _MONEY, ("actual",), sentence=True,
                             level=fact.level)
            if budget is not None and actual is not None:
                out.append(Claim(_DIFFERENCE, fact, (budget, actual)))
        if fact.kind is _RATE:
            out.append(_rate(facts, k))
    return out


def _rate(facts: Sequence[FactLike], k: int) -> Claim:
    fact = facts[k]
    if fact.all_of_it:
        return Claim(_RATE_CLAIM, fact, ())
    if "人数" in fact.label:
        numerator = _before(facts, k, _COUNT, ("actual",))
        denominator = _before(facts, k, _COUNT, ("target", "planned"))
    else:
        numerator = _before(facts, k, _MONEY, ("actual",))
        denominator = _before(facts, k, _MONEY, ("budget", "plan"))
    terms = tuple(f for f in (numerator, denominator) if f is not None)
    return Claim(_RATE_CLAIM, fact, terms if len(terms) == 2 else ())
