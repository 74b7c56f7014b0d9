"""Numeric claims in the prose of a disclosure (第三部分 情况说明).

The prose follows the national template: each line restates figures of the
tables with shares (占比42.27%), completion rates (完成年初预算的126.48%),
changes on the year before (减少110.14万元，下降12.79%) and breakdowns
(…合计1,776.55万元，其中：…). ``extract_claims`` finds every one of them with its
line, its sentence and what it is about; it knows nothing of the tables.
"""

from __future__ import annotations

import bisect
import enum
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, cast

import attrs

from gfs_ledger.amounts import format_amount
from gfs_ledger.tables.cells import printed_amount

if TYPE_CHECKING:
    from gfs_ledger.narrative.items import Read


class ClaimKind(enum.StrEnum):
    """What a claim states."""

    AMOUNT = "amount"
    SHARE = "share"
    COMPLETION = "completion"
    CHANGE = "change"
    COUNT = "count"
    SUM = "sum"
    ITEM = "item"
    RESTATED = "restated"
    RATE = "rate"
    DIRECTION = "direction"
    NAME = "name"
    YEAR = "year"
    PLACEHOLDER = "placeholder"
    EVENTS = "events"


@attrs.frozen(slots=True)
class ItemRef:
    """The 项 a sentence names by its 类, 款 and 项: the names as printed and the
    two- or three-digit parts printed with them (``公共安全支出（204类）司法（06款）``),
    None where none is printed; ``figure`` the current figure the sentence states for
    it (its headline or 支出决算), which tells a 项 whose name the tables do not print. ``names[0]`` is None when the sentence leaves the 类
    to its section heading and none is found.

    >>> ItemRef(("公共安全支出", "司法", "行政运行"), ("204", "06", "01")).path
    '公共安全支出（类）司法（款）行政运行（项）'
    """

    names: tuple[str | None, str, str]
    digits: tuple[str | None, str | None, str | None] = (None, None, None)
    figure: Stated | None = None  # the current figure the sentence states for it

    @property
    def path(self) -> str:
        """The names as the templates print them."""
        levels = zip(self.names, ("类", "款", "项"), strict=True)
        return "".join(f"{name}（{level}）" for name, level in levels if name)


@attrs.frozen(slots=True)
class Stated:
    """One figure as the prose prints it: the number, its unit and its label.

    The label is the text just before the number in its clause (``支出决算``,
    ``一般公共服务支出(类)``); ``unit`` is 万元, 元, 亿元, %, or a counting word;
    ``period`` the year the words give the figure (``2022`` for 2022年…支出84.04万元,
    ``上年``), None when they give none.
    """

    value: Decimal
    unit: str
    label: str
    period: str | None = None  # the year it is of when the words say (2022, 上年)
    at: int = attrs.field(default=-1, eq=False, repr=False)  # its offset in the line


@attrs.frozen(slots=True)
class Claim:
    """A numeric claim of the prose.

    - ``amount``: ``stated`` is the amount, ``subject`` what it is the amount of;
    - ``share``: ``stated`` the percentage, ``part`` the amount it is a share of
      (stated in the same clause), ``relative_to`` the whole when the prose names
      it (``本年支出合计``), else the ``total`` of the enclosing breakdown;
    - ``completion``: ``stated`` the rate, ``part`` the actual (支出决算),
      ``base`` the budget it is measured against (年初预算);
    - ``change``: ``stated`` the amount of the change (signed: negative for
      减少), ``percent`` the rate (signed), ``part`` the current figure when
      the line states it;
    - ``count``: ``stated`` a number of vehicles, groups, …;
    - ``sum``: ``total`` the figure that a breakdown (其中：…) splits, ``parts``
      the figures it lists;
    - ``events``: ``stated`` the number of 批次 stated for an expense, ``part`` the
      number of its payments the prose describes (``两笔公务接待费``).

    The item-by-item kinds (``item``, ``restated``, ``rate``, ``direction``, ``name``),
    ``year`` and ``placeholder`` are described in ``gfs_ledger.narrative.items``.

    >>> from gfs_ledger import read_report
    >>> claim = next(c for c in read_report().claims() if c.kind is ClaimKind.COMPLETION)
    >>> claim.line, claim.text, claim.part.value, claim.base.value
    (491, '完成年初预算的224.27%', Decimal('1776.55'), Decimal('792.13'))
    """

    kind: ClaimKind
    line: int
    sentence: str
    text: str
    subject: str
    section: str
    stated: Stated
    part: Stated | None = None
    base: Stated | None = None
    percent: Decimal | None = None
    relative_to: str | None = None
    total: Stated | None = None
    parts: tuple[Stated, ...] = ()
    item: ItemRef | None = None
    at: int = attrs.field(default=-1, eq=False, repr=False)  # its offset in its paragraph

    def __str__(self) -> str:
        return f"line {self.line} {self.kind.value}: {self.text} ({self.subject})"


class _Figure:
    """A ``Stated`` as the reader holds it (plain slots, cheap to make): the public value
    is made when first asked for. The checker reads the same attributes."""

    __slots__ = ("_public", "at", "label", "period", "unit", "value")

    def __init__(self, value: Decimal, unit: str, label: str, period: str | None = None,
                 at: int = -1) -> None:
        self.value = value
        self.unit = unit
        self.label = label
        self.period = period
        self.at = at
        self._public: Stated | None = None

    def public(self) -> Stated:
        if self._public is None:
            self._public = Stated(self.value, self.unit, self.label, self.period, self.at)
        return self._public


def _public(figure: _Figure | None) -> Stated | None:
    return None if figure is None else figure.public()


class _Held:
    """A ``Claim`` of the general reader as it holds it (plain slots; an attrs frozen
    ``Claim`` and its ``Stated`` cost about 14 k and 7 k instructions to make): checking
    reads its attributes as a claim's, and ``public`` makes the claim. Its sentence is
    cut from its line when the claim is made."""

    __slots__ = ("at", "base", "kind", "line", "part", "parts", "percent", "relative_to",
                 "section", "stated", "subject", "text", "total", "where")
    item = None

    def __init__(self, kind: ClaimKind, line: int, where: str | _LineState, text: str,
                 subject: str, section: str, stated: _Figure, part: _Figure | None,
                 base: _Figure | None, percent: Decimal | None, relative_to: str | None,
                 total: _Figure | None, parts: tuple[_Figure, ...], at: int) -> None:
        self.kind = kind
        self.line = line
        self.where = where  # the sentence, or the line's state that finds it from ``at``
        self.text = text
        self.subject = subject
        self.section = section
        self.stated = stated
        self.part = part
        self.base = base
        self.percent = percent
        self.relative_to = relative_to
        self.total = total
        self.parts = parts
        self.at = at

    def public(self) -> Claim:
        return _claim(self.kind, self.line, self.where, self.text, self.subject, self.section,
                      self.stated.public(), _public(self.part), _public(self.base),
                      self.percent, self.relative_to, _public(self.total),
                      tuple(p.public() for p in self.parts), self.at)


def _claim(kind: ClaimKind, line: int, where: str | _LineState, text: str, subject: str,
           section: str, stated: Stated, part: Stated | None, base: Stated | None,
           percent: Decimal | None, relative_to: str | None, total: Stated | None,
           parts: tuple[Stated, ...], at: int) -> Claim:
    """A ``Claim`` made from what a ``_Held`` holds (its figures public)."""
    sentence = where if isinstance(where, str) else where.sentence_at(at)
    return Claim(kind, line, sentence, text, subject, section, stated, part, base, percent,
                 relative_to, total, parts, None, at)


# A printed number, within the limits of an amount (15 integer digits, 60 decimals). It
# starts only where no digit run does (so a long run is tried once, not at each of its
# digits: linear time) and ends where the run ends; a longer run is no figure at all.
# It opens with its first digit, the look-behinds told after it (``_NUMBER_REST``), so
# that a pattern opening with it is searched at C speed, from digit to digit (a pattern
# that opens with a look-around is tried at every character).
_NUMBER_REST = r"(?<![\d.]\d)(?<!\d,\d)(?:\d{0,2}(?:,\d{3}){1,4}|\d{0,14})(?:\.\d{1,60})?(?!\d|[,.]\d)"
_NUMBER = rf"\d{_NUMBER_REST}"
# An amount, but not a threshold such as 单价100万元（含）以上 nor a rate such as 450元/人.
_AMOUNT = re.compile(
    rf"(?P<number>{_NUMBER})\s*(?P<unit>亿元|万元|元)(?![/／])(?!\s*(?:（含）|\(含\))?\s*以[上下])"
)
_COUNT = re.compile(r"(?P<number>\d(?<![\d.]\d)(?<!\d,\d)\d{0,14}(?!\d))\s*(?P<unit>辆|个|人次|批次|台（套）|台\(套\)|台|套)")
_SHARE = re.compile(rf"占(?:比|(?P<whole>[^，,。；;%\d]{{0,80}}?)的)?\s*(?P<number>{_NUMBER})\s*%")
_COMPLETION = re.compile(
    rf"(?:完成|为|达到)(?P<base>[^，,。；;%\d]{{0,80}}?预算(?:数)?)的\s*(?P<number>{_NUMBER})\s*%"
)
_UP = "增加|增长|提高|上升"
_DOWN = "减少|下降|降低"
_CHANGE = re.compile(
    rf"(?P<direction>{_UP}|{_DOWN})\s*(?P<amount>{_NUMBER})\s*(?P<unit>亿元|万元|元)\s*"
    rf"[，,]?\s*[（(]?\s*(?:同比|比上年度?)?\s*"
    rf"(?:(?P<direction2>{_UP}|{_DOWN})\s*(?P<number>{_NUMBER})\s*%)?"
)
_DIGIT = re.compile(r"\d")
_RATE = re.compile(rf"(?P<direction>{_UP}|{_DOWN})\s*(?P<number>{_NUMBER})\s*%")
_RATE_AFTER = re.compile(
    rf"\s*[，,]?\s*[（(]?\s*(?:同比|比上年度?)?\s*(?P<d>{_UP}|{_DOWN})\s*(?P<n>{_NUMBER})\s*%"
)
_PERCENT = re.compile(rf"(?P<number>{_NUMBER})\s*%")
# A year (2022年, not a date 2022年12月) or the year before (上年, 上年度, 上一年度, 去年);
# opening with one class of first characters, the branch told after it.
_PERIOD = re.compile(r"[\d上去](?:(?<=\d)\d{3}年(?!\d{1,2}月)|(?<=上)(?:年度?|一年度?)|(?<=去)年)")
_LABEL_TAIL = re.compile(r"(?:为|是|共计|共|达)$")
_PART_END = re.compile(r"主要|其中|占|完成|较|比上年|与上年|同比")
_EXPLAINS = re.compile(r"主要|用于|原因|包括")
_BUDGET = re.compile(r"预算(?:数)?$")
# Full-width digits and signs that the prose sometimes prints, to their ASCII forms.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FULL_WIDTH = re.compile("[０-９．％]")
# The first character of every unit of _COUNT: a clause without one holds no count.
_COUNT_UNIT = re.compile("[辆个人批台套]")
_SUBJECT_END = re.compile(
    rf"[\d年全支](?:(?<=\d){_NUMBER_REST}|(?<=年)初预算|(?<=全)年预算|(?<=支)出决算)"
)
# One class of the characters it matches first (a comma breaks unless it groups digits,
# told after it), so that a search or split skips to the next candidate at C speed.
_CLAUSE_BREAK = re.compile(r"[，；。：;:、,](?:(?<!\d,)|(?!\d{3}(?!\d)))")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[、.．])\s*"
)
_LEAD_IN = re.compile(
    r"^(?:(?:截至)?(?:\d{4}年(?:度|\d{1,2}月\d{1,2}日)?)?(?:，)?|(?:其中|主要包括|主要是|包括)[：:]?)"
)
_CHANGE_LEAD = re.compile(r"^(?:与上年相比|与上年度相比|较\d{4}年(?:决算)?|比\d{4}年|比上年度?|同比)")
_CHANGE_BEFORE = re.compile(rf"(?:{_UP}|{_DOWN})\s*$")
_DIRECTION_TAIL = re.compile(r"(?:增长|下降|增加|减少)$")
_CHANGE_TAIL = re.compile(r"(?:同比|比上年度?|较上年度?|与上年相比)$")
_BREAKDOWN_OPENERS = ("其中：", "其中:", "主要用于以下方面")
_ATTRIBUTES = ("年初预算", "全年预算", "支出决算", "预算数", "决算数")
_NEGATIVE = ("减少", "下降", "降低")
# Labels that name the actual figure of the line's subject (…年初预算X万元，支出决算Y万元).
_ACTUALS = ("支出决算", "决算数", "决算")


def _decimal(text: str) -> Decimal:
    value = printed_amount(text)
    assert isinstance(value, Decimal)
    return value


# The first characters _NUMBERING and _LEAD_IN can remove anything from, and the last
# ones _LABEL_TAIL can: a label that has none of them is left as it is, unsearched.
# (A digit is one that \d matches: str.isdecimal.)
_NUMBERING_START = frozenset("一二三四五六七八九十（(")
_LEAD_IN_START = frozenset("截，其主包")
_TAIL_ENDS = ("为", "是", "共计", "共", "达")
# The second branch of _LEAD_IN, and its first characters.
_LEAD_WORDS = re.compile(r"(?:其中|主要包括|主要是|包括)[：:]?")
_LEAD_WORDS_START = frozenset("其主包")


def _lead_in_end(label: str) -> int:
    """Where ``_LEAD_IN.sub("", label)`` cuts the label: its match, or when that is empty
    (as it is unless the first branch reads something), the words of the second branch,
    which ``sub`` tries next at the same place."""
    end = _LEAD_IN.match(label).end()  # type: ignore[union-attr]  # it matches empty
    if end or label[:1] not in _LEAD_WORDS_START:
        return end
    words = _LEAD_WORDS.match(label)
    return 0 if words is None else words.end()


def _clean_label(text: str) -> str:
    # The patterns are anchored (^, or $ after a stripped label), so a match and a slice
    # do what their ``sub`` did, without its machinery.
    label = text.strip()
    first = label[:1]
    if first in _NUMBERING_START or first.isdecimal():
        numbering = _NUMBERING.match(label)
        if numbering is not None:
            label = label[numbering.end():]
            first = label[:1]
    if first in _LEAD_IN_START or first.isdecimal():
        label = label[_lead_in_end(label):].strip()
        first = label[:1]
        if first in _LEAD_IN_START or first.isdecimal():
            label = label[_lead_in_end(label):].strip()
    else:
        label = label.strip()
    if label.endswith(_TAIL_ENDS):  # 为, 是, 共计, 共, 达 at the end: the longest
        return label[:-2] if label.endswith("共计") else label[:-1]
    return label


def _period(words: str) -> str | None:
    """The year the words before a figure give it (the last one named), if any."""
    found = None
    if "年" not in words:  # what every match of _PERIOD holds
        return None
    for match in _PERIOD.finditer(words):
        found = match[0]
    if found is None:
        return None
    return "上年" if found[0] in "上去" else found[:4]


def _sentence(line: str, position: int, stops: Sequence[int] | None = None) -> str:
    """The sentence of a line around a position (sentences end at 。); ``stops``, the
    offsets of the line's 。 in order, find it without scanning the line."""
    if stops is None:
        stops = _stops(line)
    return _sentence_before(line, stops, bisect.bisect_left(stops, position))


def _sentence_before(line: str, stops: Sequence[int], k: int) -> str:
    """The sentence of a line that ends at its ``k``-th 。 (the last, unended, if none)."""
    start = stops[k - 1] + 1 if k else 0
    end = stops[k] + 1 if k < len(stops) else len(line)
    return line[start:end].strip()


def _stops(line: str) -> list[int]:
    """The offsets of the 。 of a line, in order."""
    found, k = [], line.find("。")
    while k >= 0:
        found.append(k)
        k = line.find("。", k + 1)
    return found


# The words before a figure that can name it: a label is never longer, and a bounded
# window keeps a clause of many figures linear.
_LABEL_WINDOW = 200


class _LineState:
    """What the reader of a line has found so far (a plain class: one is made per line)."""

    __slots__ = (
        "_subject",
        "_subject_from",
        "amounts",
        "claims",
        "clause_at",
        "line",
        "read_up_to",
        "section",
        "sentences",
        "stops",
        "text",
    )

    # What the reader makes of a figure and of a claim: plain records, which checking
    # reads (``_PublicLine`` makes the public values at once, for ``extract_claims``).
    figure: Callable[..., _Figure] = _Figure
    held: Callable[..., _Held] = _Held

    def __init__(self, line: int, text: str, section: str) -> None:
        self.line, self.text, self.section = line, text, section
        # The subject is of the clauses up to the one read (at ``clause_at``), found when
        # first asked for; ``_subject_from`` is the first clause not yet tried.
        self._subject, self._subject_from, self.clause_at = "", 0, -1
        self.amounts: list[_Figure] = []
        self.claims: list[_Held] = []
        self.read_up_to = 0  # text before this offset belongs to a claim already read
        # The offsets of 。 in the text, and each sentence read by the 。 that ends it:
        # found when a sentence is first asked for (checking asks for none).
        self.stops: list[int] = []
        self.sentences: dict[int, str] | None = None

    @property
    def subject(self) -> str:
        """What the line is about: the words its first clause opens with (cleaned, up to
        the first figure or 年初预算, 全年预算, 支出决算), or the next clause's if that gives
        none, up to the clause read."""
        subject = self._subject
        if subject:  # found: it stays
            return subject
        start, text = self._subject_from, self.text
        while start <= self.clause_at:
            found = _CLAUSE_BREAK.search(text, start)  # (the end of the clause at start)
            end = len(text) if found is None else found.start()
            label = _clean_label(text[start:end])
            head = _SUBJECT_END.search(label)  # the first part of a split at it
            subject = (label if head is None else label[: head.start()]).strip()
            start = end + 1
            if subject:
                break
        self._subject, self._subject_from = subject, start
        return subject

    def last_amount(self) -> _Figure | None:
        return self.amounts[-1] if self.amounts else None

    def attribute(self, attribute: str) -> _Figure | None:
        for amount in reversed(self.amounts):
            if amount.label.endswith(attribute):
                return amount
        return None

    def add(self, kind: ClaimKind, position: int, text: str, subject: str, stated: _Figure,
            part: _Figure | None = None, base: _Figure | None = None,
            percent: Decimal | None = None, relative_to: str | None = None) -> None:
        self.claims.append(self.held(
            kind, self.line, self, text, subject or self.subject, self.section, stated, part,
            base, percent, relative_to, None, (), position,
        ))

    def sentence_at(self, position: int) -> str:
        """The sentence of the line around a position."""
        sentences = self.sentences
        if sentences is None:
            self.stops, sentences = _stops(self.text), {}
            self.sentences = sentences
        k = bisect.bisect_left(self.stops, position)
        sentence = sentences.get(k)
        if sentence is None:
            sentence = sentences[k] = _sentence_before(self.text, self.stops, k)
        return sentence


class _PublicLine(_LineState):
    """A line whose reader makes ``Stated`` and ``Claim`` values at once (they have the
    attributes of ``_Figure`` and ``_Held`` that the reader reads)."""

    __slots__ = ()
    figure = cast("Callable[..., _Figure]", Stated)
    held = cast("Callable[..., _Held]", staticmethod(_claim))

    def add(self, kind: ClaimKind, position: int, text: str, subject: str, stated: _Figure,
            part: _Figure | None = None, base: _Figure | None = None,
            percent: Decimal | None = None, relative_to: str | None = None) -> None:
        self.claims.append(cast(_Held, Claim(
            kind, self.line, self.sentence_at(position), text, subject or self.subject,
            self.section, cast(Stated, stated), cast("Stated | None", part),
            cast("Stated | None", base), percent, relative_to, None, (), None, position,
        )))


def _read_line(number: int, text: str, section: str, public: bool = False) -> _LineState:
    """The claims of a line, read in one pass over its clauses (split at Chinese
    punctuation and at commas that do not group digits; each an offset range of the
    line). A clause without a digit gives no claim and is not read, nor one that a claim
    read before covers; one with a digit gives what the first of its readers finds
    (a completion rate, shares, a change, a rate alone), else its amounts and counts."""
    state = (_PublicLine if public else _LineState)(number, text, section)
    digit = _DIGIT.search(text)
    if digit is None:  # no figure: no claim, and no subject to read
        return state
    next_digit = digit.start()  # the first digit at or after the clause read
    amounts, add, figure = state.amounts, state.add, state.figure
    end = -1
    for clause in _CLAUSE_BREAK.split(text):  # every break is one character
        offset = end + 1
        end = offset + len(clause)
        if next_digit < offset:
            digit = _DIGIT.search(text, offset)
            next_digit = len(text) if digit is None else digit.start()
        if next_digit >= end or offset < state.read_up_to:
            continue
        state.clause_at = offset  # (the subject is of the clauses up to this one)
        # Each reader needs words a clause may lack: tested first, as cheaper than a search.
        percent, money = "%" in clause, "元" in clause
        if (percent or "分别占" in clause) and _read_rates(state, offset, clause, money):
            continue
        if money:
            change = None if percent else _CHANGE.search(clause)  # (else read by _read_rates)
            if change:
                _read_change(state, offset, clause, change)
                continue
            for match in _AMOUNT.finditer(clause):
                start = match.start()
                words = clause[start - _LABEL_WINDOW: start] if start > _LABEL_WINDOW else clause[:start]
                label = _clean_label(words) or state.subject
                printed, unit = match.group("number", "unit")
                stated = figure(printed_amount(printed), unit, label,
                                _period(words) if "年" in words else None, offset + start)
                amounts.append(stated)
                add(ClaimKind.AMOUNT, offset + start, match[0],
                    state.subject if label in _ACTUALS else label, stated)
        if _COUNT_UNIT.search(clause):
            for match in _COUNT.finditer(clause):
                start = match.start()
                words = clause[start - _LABEL_WINDOW: start] if start > _LABEL_WINDOW else clause[:start]
                label = _clean_label(words) or state.subject
                printed, unit = match.group("number", "unit")
                add(ClaimKind.COUNT, offset + start, match[0], label,
                    figure(_decimal(printed), unit, label, _period(words)))
    state.clause_at = len(text)  # read: its subject is of all its clauses
    return state


def _read_rates(state: _LineState, offset: int, clause: str, money: bool) -> bool:
    """The claim of a clause that holds a % or 分别占, if one of the readers of rates
    finds it: a completion rate, shares, a change (its amount, or its rate alone)."""
    percent = "%" in clause
    completion = _COMPLETION.search(clause) if percent and "预算" in clause else None
    if completion:
        rate = state.figure(_decimal(completion["number"]), "%", completion["base"])
        budget = state.attribute(completion["base"]) or state.attribute("预算")
        state.add(ClaimKind.COMPLETION, offset + completion.start(), completion[0],
                  state.subject, rate, part=_current(state, state.subject), base=budget,
                  relative_to=completion["base"])
        return True
    respective = clause.find("分别占")
    if respective >= 0:
        _read_respective_shares(state, offset + respective)
        return True
    share = _SHARE.search(clause) if percent and "占" in clause else None
    if share:
        rate = state.figure(_decimal(share["number"]), "%", "占比")
        part = state.last_amount()
        state.add(ClaimKind.SHARE, offset + share.start(), share[0],
                  part.label if part else "", rate, part=part,
                  relative_to=(share["whole"] or None))
        return True
    change = _CHANGE.search(clause) if money else None
    if change and "%" not in clause[: change.start()]:
        _read_change(state, offset, clause, change)
        return True
    alone = _RATE.search(clause) if percent else None
    if alone:
        _read_rate_alone(state, offset, clause, alone)
        return True
    return False


def _read_respective_shares(state: _LineState, at: int) -> None:
    """基本支出896.13万元、项目支出880.42万元，分别占50.44%和49.56%: each rate with the
    amount in the same place of the sentence's list."""
    end = state.text.find("。", at)
    end = len(state.text) if end < 0 else end
    rates = list(_PERCENT.finditer(state.text, at, end))
    start = state.text.rfind("。", 0, at) + 1
    amounts = [a for a in state.amounts if start <= a.at < at]
    for k, rate in enumerate(rates):
        part = amounts[k] if len(amounts) == len(rates) else None
        state.add(ClaimKind.SHARE, rate.start(), rate[0], part.label if part else "",
                  state.figure(_decimal(rate["number"]), "%", "占比"), part=part)
    if rates:
        state.read_up_to = rates[-1].end()


def _read_change(state: _LineState, offset: int, clause: str, change: re.Match[str]) -> None:
    rate_text = change["number"]
    rate_direction = change["direction2"]
    end = offset + change.end()
    if rate_text is None:
        # (what follows the change in the line: a look-behind of the pattern never
        # reaches back past the direction word it opens with)
        follow = _RATE_AFTER.match(state.text, end)
        if follow:
            rate_text, rate_direction = follow["n"], follow["d"]
            end = follow.end()
    state.read_up_to = end
    sign = -1 if change["direction"] in _NEGATIVE else 1
    amount = _decimal(change["amount"]) * sign
    subject = _change_subject(state, clause[: change.start()])
    percent = None
    if rate_text is not None:
        rate_sign = -1 if rate_direction in _NEGATIVE else 1
        percent = _decimal(rate_text) * rate_sign
    text = state.text[offset + change.start(): end]
    state.add(ClaimKind.CHANGE, offset + change.start(), text, subject,
              state.figure(amount, change["unit"], subject), percent=percent,
              part=_current(state, subject))


def _read_rate_alone(state: _LineState, offset: int, clause: str, rate: re.Match[str]) -> None:
    """A change stated by its rate only (同比下降83.55%): its amount is a ``%`` figure."""
    sign = -1 if rate["direction"] in _NEGATIVE else 1
    percent = _decimal(rate["number"]) * sign
    subject = _change_subject(state, clause[: rate.start()])
    state.add(ClaimKind.CHANGE, offset + rate.start(), rate[0], subject,
              state.figure(percent, "%", subject), percent=percent, part=_current(state, subject))


def _change_subject(state: _LineState, before: str) -> str:
    """What a change is a change of: the words before it, else the line's subject."""
    # Each pattern matches once at most (^, or $ of a stripped text): a slice does what
    # its sub did.
    subject = _without_tail(_CHANGE_TAIL, _without_lead(_clean_label(before))).strip()
    return subject or _without_tail(_DIRECTION_TAIL, _without_lead(state.subject))


def _without_lead(text: str) -> str:
    """``_CHANGE_LEAD.sub("", text)``: its branches never match empty."""
    lead = _CHANGE_LEAD.match(text)
    return text if lead is None else text[lead.end():]


def _without_tail(tail: re.Pattern[str], text: str) -> str:
    """``tail.sub("", text)`` for a pattern ending in $ (one match at most), but for the
    newline after the match $ allows at the end: the callers strip it or have none."""
    found = tail.search(text)
    return text if found is None else text[: found.start()]


def _current(state: _LineState, subject: str) -> _Figure | None:
    """The current figure the line states for a change's subject."""
    current = next((a for a in reversed(state.amounts) if subject.endswith(a.label)
                    or a.label.endswith(subject)), None)
    if current is None:
        current = state.attribute("支出决算") or state.attribute("决算数")
    if current is None:
        current = next((a for a in state.amounts if not _BUDGET.search(a.label)), None)
    return current


def _breakdown_total(state: _LineState) -> tuple[list[_Figure], str] | None:
    """The amounts a line announces a breakdown of, when it ends by opening one."""
    tail = state.text.rstrip("。 ")
    if not tail.endswith(_BREAKDOWN_OPENERS):
        return None
    return (list(state.amounts), tail) if state.amounts else None


def _sum_claims(states: Sequence[_LineState]) -> list[_Held]:
    """Breakdowns: a line that ends in 其中： (or 主要用于以下方面) and the lines that
    follow it up to the next heading; and, inside a line, an amount followed by
    其中：/主要包括 and a list of amounts."""
    claims: list[_Held] = []
    opened = [_breakdown_total(state) for state in states]  # each line's, once
    for k, state in enumerate(states):
        found = opened[k]
        if found is not None:
            totals, _ = found
            members = []
            for j in range(k + 1, len(states)):
                if _HEADING.match(states[j].text) or opened[j] is not None:
                    break
                members.append(states[j])
            claims += _sum_over_lines(state, totals, members)
        if "其中" in state.text or "主要包括" in state.text:  # what every opener holds
            claims += _sum_within_line(state)
    return claims


def _member_parts(member: _LineState, attribute: str | None) -> list[_Figure]:
    """What one line of a breakdown lists: the figure of the total's attribute
    (年初预算, 支出决算, …), or the amounts it opens with, up to the first words that
    go on to something else (主要包括…, 占比…, 较上年…)."""
    if attribute is not None:
        found = member.attribute(attribute)
        return [found] if found is not None else []
    first = member.amounts[0].at if member.amounts else -1
    if first < 0 or _EXPLAINS.search(member.text, 0, first):
        return []  # a line that explains rather than lists
    cut = _PART_END.search(member.text, first)
    end = cut.start() if cut else len(member.text)
    return [a for a in member.amounts if a.at < end]


def _sum_over_lines(
    state: _LineState, totals: list[_Figure], members: Sequence[_LineState]
) -> list[_Held]:
    claims = []
    keyed = [t for t in totals if t.label.endswith(_ATTRIBUTES)]
    for total in keyed or totals[:1]:
        attribute = next((a for a in _ATTRIBUTES if total.label.endswith(a)), None)
        parts = [p for member in members for p in _member_parts(member, attribute)]
        if len(parts) >= 2:
            claims.append(state.held(
                ClaimKind.SUM, state.line, state.text, f"{format_amount(total.value)}{total.unit}",
                total.label, state.section, total, None, None, None, None, total, tuple(parts),
                total.at,
            ))
    return claims


def _sum_within_line(state: _LineState) -> list[_Held]:
    claims = []
    tail = state.text.rstrip("。 ")
    for opener in ("其中：", "其中:", "主要包括"):
        at = state.text.find(opener)
        if at < 0 or tail.endswith(opener):
            continue
        sentence_end = state.text.find("。", at)
        inside = state.text[at: sentence_end if sentence_end >= 0 else len(state.text)]
        listed = [m for m in _AMOUNT.finditer(inside)
                  if not _CHANGE_BEFORE.search(inside[: m.start()])]  # 比2022年预算增加1421.25万元
        if len(listed) < 2:
            continue
        before = list(_AMOUNT.finditer(state.text[:at]))
        if before:
            last = before[-1]
            # (the words after the last 、 or ， before a figure: split(sep)[-1] of them)
            parts = [state.figure(_decimal(m["number"]), m["unit"],
                                  _clean_label(inside[inside.rfind("、", 0, m.start()) + 1:
                                                      m.start()])) for m in listed]
            text = state.text
            total = state.figure(_decimal(last["number"]), last["unit"],
                                 _clean_label(text[text.rfind("，", 0, last.start()) + 1:
                                                   last.start()]))
            claims.append(state.held(
                ClaimKind.SUM, state.line, state, inside, total.label, state.section, total,
                None, None, None, None, total, tuple(parts), at,
            ))
    return claims


def extract_claims(lines: Iterable[tuple[int, str]],
                   pages: Sequence[tuple[int, int]] | None = None) -> tuple[Claim, ...]:
    """Every numeric claim in prose lines given as ``(line_number, text)``.

    The item-by-item sentences, years and template placeholders are read too
    (``gfs_ledger.narrative.items``), and so are payments counted one by one
    (``gfs_ledger.narrative.events``). With ``pages`` (each running line's page and line
    on it, as a PDF's report has them) the lines are wrapped ones: they are joined into
    paragraphs first (``gfs_ledger.narrative.paragraphs``) and each claim keeps the line
    that prints it.

    >>> claims = extract_claims([
    ...     (1, "五、一般公共预算财政拨款支出决算情况说明"),
    ...     (2, "一般公共服务支出(类)751.01万元，占比42.27%；"),
    ...     (3, "1、一般公共服务支出年初预算593.79万元，支出决算751.01万元，"
    ...         "完成年初预算的126.48%。较2022年决算减少110.14万元，下降12.79%。"),
    ... ])
    >>> for claim in claims:
    ...     print(claim.kind.value, claim.stated.value, "|", claim.subject)
    amount 751.01 | 一般公共服务支出(类)
    share 42.27 | 一般公共服务支出(类)
    amount 593.79 | 一般公共服务支出年初预算
    amount 751.01 | 一般公共服务支出
    completion 126.48 | 一般公共服务支出
    change -110.14 | 一般公共服务支出
    year 2022 | the year compared with
    >>> claims[5].percent, claims[5].part.value
    (Decimal('-12.79'), Decimal('751.01'))
    """
    return tuple(cast("list[Claim]", _held_claims(lines, pages, public=True)))


def _held_claims(lines: Iterable[tuple[int, str]], pages: Sequence[tuple[int, int]] | None = None,
                 public: bool = False) -> list[Claim | _Held]:
    """``extract_claims``'s claims in order; unless ``public``, those of the general
    reader as it holds them (``_Held``, which checking reads as it reads a ``Claim``)."""
    from gfs_ledger.narrative.events import read_payments
    from gfs_ledger.narrative.items import (
        class_of_heading,
        read_count_sums,
        read_items,
        read_placeholders,
        read_years,
    )
    from gfs_ledger.narrative.paragraphs import Paragraph, join_lines

    by_line: dict[int, Paragraph] = {}
    if pages is None:
        units = list(lines)
    else:
        paragraphs = join_lines(lines, pages)
        by_line = {p.line: p for p in paragraphs}
        units = [(p.line, p.text) for p in paragraphs]
    section = ""
    heading_class = None
    states = []
    extra: list[Claim] = []
    for number, text in units:
        stripped = text.strip()
        if _FULL_WIDTH.search(stripped):
            stripped = stripped.translate(_HALF_WIDTH)
        if not stripped:
            continue
        if _HEADING.match(stripped) and not _AMOUNT.search(stripped):
            section = stripped
            heading_class = class_of_heading(stripped)
        state = _read_line(number, stripped, section, public)
        # Each reader asked only of a paragraph that holds the words it reads first
        # (its own first test, cheaper here than the call).
        if "款" in stripped and "项" in stripped:
            extra += _taken_over(state, read_items(stripped, number, section, heading_class))
        if "笔" in stripped:
            extra += _taken_over(state, read_payments(stripped, number, section, public))
        if "年" in stripped:
            extra += read_years(stripped, number, section, public)
        extra += read_placeholders(stripped, number, section)
        if "车辆" in stripped:
            extra += read_count_sums(stripped, number, section)
        states.append(state)
    claims: list[Claim | _Held] = [c for s in states for c in s.claims]
    claims += _sum_claims(states)
    claims += extra
    if pages is None:
        return sorted(claims, key=operator.attrgetter("line"))
    for k, claim in enumerate(claims):
        line = by_line[claim.line].line_at(claim.at)
        if isinstance(claim, Claim):
            claims[k] = attrs.evolve(claim, line=line)
        else:
            claim.line = line
    return sorted(claims, key=lambda c: (c.line, c.at))


def _taken_over(state: _LineState, found: Read) -> tuple[Claim, ...]:
    """The claims of the item or payments reader; the line's claims that they state
    already are dropped."""
    if found.spans:
        state.claims = [c for c in state.claims if not _inside(c, found.spans)]
    return found.claims


def _inside(claim: _Held, spans: Sequence[tuple[int, int]]) -> bool:
    """A claim of the general reader that an item sentence already states: its amounts,
    completion rates and changes stated by their rate alone."""
    if claim.kind is ClaimKind.CHANGE and claim.stated.unit != "%":
        return False
    if claim.kind not in (ClaimKind.AMOUNT, ClaimKind.COMPLETION, ClaimKind.CHANGE):
        return False
    return any(start <= claim.at < end for start, end in spans)
