"""Item-by-item sentences (per 项), years and template placeholders in the prose.

The templates of every province explain the appropriations 项 by 项, naming each by
its 类, 款 and 项:

- budgets: ``“一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，…
  2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70%``
  (the national template also prints the digits: ``公共安全支出（204类）司法（06款）``);
- final accounts: ``1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：…
  全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数…``;
- Jiangsu: ``1．检察（款）行政运行（项）支出12,268.62 万元`` under the heading
  ``（一）公共安全（类）``.

Every relation such a sentence states is one claim: each current figure against the
table (``item``), the headline against the 预算安排 of the same item (``restated``),
the stated rate against the two figures it is computed from (``rate``), the
direction word against them (``direction``), and each name against the name the
tables print for the code (``name``). Years the prose names where the template
expects the document's year or the year before are ``year`` claims; text left from
a template (XX局, XXX万元, 202 年度) is a ``placeholder``. This module reads them; it
knows nothing of the tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

import attrs

from gfs_ledger.amounts import parse_amount
from gfs_ledger.narrative.claims import Claim, ClaimKind, ItemRef, Stated, _Figure, _Held

_N = r"\d[\d,]*(?:\.\d+)?"
_NAME = r"[^（）()“”\"，,。：:；;、\s\d.．]+?"
_PATH = re.compile(
    rf"(?:(?P<c>{_NAME})\s*[（(]\s*(?P<cd>\d{{3}})?\s*类\s*[）)]\s*)?"
    rf"(?P<k>{_NAME})\s*[（(]\s*(?P<kd>\d{{2}})?\s*款\s*[）)]\s*"
    rf"(?P<x>{_NAME})\s*[（(]\s*(?P<xd>\d{{2}})?\s*项\s*[）)]"
)
# What every match of _PATH holds: searched first, as _PATH is tried at every character.
_CLOSED_KUAN = re.compile(r"款\s*[）)]")
_CLOSED_XIANG = re.compile(r"项\s*[）)]")
_CLASS_HEADING = re.compile(rf"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*"
                            rf"(?P<c>{_NAME})\s*[（(]\s*(?P<cd>\d{{3}})?\s*类\s*[）)]\s*$")
_HEADLINE = re.compile(rf"\s*[”\"]?\s*(?:支出)?\s*(?P<n>{_N})\s*(?P<u>万元|元)")
_PRIOR = re.compile(rf"(?P<y>\d{{4}})\s*年(?:当年)?预算执行数(?:为)?\s*(?P<n>{_N})\s*(?P<u>万元|元)")
_PLANNED = re.compile(rf"(?P<y>\d{{4}})\s*年预算安排(?:为)?\s*(?P<n>{_N})\s*(?P<u>万元|元)")
_BUDGET = re.compile(rf"(?P<w>年初|全年)预算(?:数)?(?:为)?\s*(?P<n>{_N})\s*(?P<u>万元|元)")
_ACTUAL = re.compile(rf"支出决算(?:数)?(?:为)?\s*(?P<n>{_N})\s*(?P<u>万元|元)")
_CHANGE_RATE = re.compile(
    rf"比\s*\d{{4}}\s*年预算执行数\s*(?:(?P<d>增加|减少|增长|下降)\s*(?P<n>{_N})\s*%"
    rf"|(?P<flat>(?:基本)?持平))")
_COMPLETION = re.compile(rf"完成(?:年初|全年)?预算(?:数)?的\s*(?P<n>{_N})\s*%")
_DIRECTION = re.compile(
    r"决算数?\s*(?:(?P<d>大于|小于|等于|高于|低于)(?:年初|全年)?预算数?"
    r"|与(?:年初|全年)?预算数?(?P<flat>(?:基本)?持平))")
_DOWN = ("减少", "下降")

# (A year is \d\d{3}, not \d{4}: a pattern that opens with a class is searched at C speed.)
# Years: where the template expects the document's year (0) or the one before (-1), and
# words of which a paragraph must hold one for the pattern to match (else not searched).
_YEARS: tuple[tuple[re.Pattern[str], int, str, tuple[str, ...]], ...] = (
    (re.compile(r"(?P<y>\d\d{3})\s*年度?\s*(?:部门|单位)?(?:决算|预算)(?:情况)?(?:说明|公开|表)"), 0,
     "the year of the document's heading", ("说明", "公开", "表")),
    (re.compile(r"(?P<y>\d\d{3})\s*年预算安排"), 0, "the year of the 预算安排", ("年预算安排",)),
    (re.compile(r"(?P<y>\d\d{3})\s*年(?:当年)?预算执行数"), -1, "the year of the 预算执行数",
     ("预算执行数",)),
    (re.compile(r"(?:比|较|与)\s*(?P<y>\d{4})\s*年度?(?:预算|决算)?(?:执行数)?(?:相比)?"), -1,
     "the year compared with", ("比", "较", "与")),
    (re.compile(r"截[至止]\s*(?P<y>\d{4})\s*年\s*12\s*月\s*31\s*日"), 0,
     "the closing date", ("截",)),
)
_A_YEAR = re.compile(r"\d\d{3}\s*年")
# The words of every pattern of _YEARS, found in one search (none of them overlaps
# another, so each occurrence of each is found).
_YEAR_WORDS = re.compile("|".join(re.escape(word) for *_, needs in _YEARS for word in needs))
# One class of the first characters, the branch told after it: searched at C speed.
_PLACEHOLDER = re.compile(r"[XＸ×2](?:(?<=[XＸ×])[XＸ×]+|(?<=2)(?<!\d2)0\d\s+年度?)")


@attrs.frozen(slots=True)
class Read:
    """What the item reader found in one paragraph: its claims and the spans of the
    item sentences (so that the general reader does not read them a second time)."""

    claims: tuple[Claim, ...]
    spans: tuple[tuple[int, int], ...]


_NONE = Read((), ())


def _stated(match: re.Match[str], label: str, period: str | None = None) -> Stated:
    """The figure a match holds in its group ``n``, in its unit ``u`` (else a rate, %)."""
    value = parse_amount(match["n"])
    assert isinstance(value, Decimal)
    unit = match["u"] if "u" in match.groupdict() else "%"
    return Stated(value, unit, label, period, match.start("n"))


def class_of_heading(text: str) -> tuple[str, str | None] | None:
    """The 类 a heading names (``（一）公共安全（类）``), with its digits if printed."""
    if "类" not in text:  # what every heading of a 类 holds
        return None
    found = _CLASS_HEADING.match(text.strip())
    return None if found is None else (found["c"], found["cd"])


def read_items(text: str, line: int, section: str,
               heading_class: tuple[str, str | None] | None = None) -> Read:
    """The item sentences of one paragraph (``line`` its first line) and their claims."""
    if "款" not in text or "项" not in text or not (_CLOSED_KUAN.search(text)
                                                and _CLOSED_XIANG.search(text)):
        return _NONE  # no path (…（款）…（项）) can match: not searched
    paths = [m for m in _PATH.finditer(text) if not _PLACEHOLDER.search(m[0])]
    claims: list[Claim] = []
    spans = []
    for k, path in enumerate(paths):
        end = paths[k + 1].start() if k + 1 < len(paths) else len(text)
        end = min(end, _next_heading(text, path.end(), end))
        spans.append((path.start(), end))
        cls = path["c"] or (heading_class[0] if heading_class else None)
        digits = path["cd"] or (heading_class[1] if heading_class and not path["c"] else None)
        current = _HEADLINE.match(text, path.end()) or _ACTUAL.search(text, path.end(), end)
        ref = ItemRef((cls, path["k"], path["x"]), (digits, path["kd"], path["xd"]),
                      _stated(current, "current") if current else None)
        claims += _item_claims(text, line, section, ref, path, end)
    return Read(tuple(claims), tuple(spans))


_NUMBERED = re.compile(r"(?<=[。；;])\s*\d{1,2}\s*[、.．](?!\d)")


def _next_heading(text: str, start: int, end: int) -> int:
    found = _NUMBERED.search(text, start, end)
    return found.start() if found else end


def _claim(kind: ClaimKind, line: int, text: str, section: str, ref: ItemRef, at: int,
           said: str, stated: Stated, *, part: Stated | None = None,
           base: Stated | None = None, percent: Decimal | None = None,
           relative_to: str | None = None) -> Claim:
    start = text.rfind("。", 0, at) + 1
    stop = text.find("。", at)
    sentence = text[start: stop + 1 if stop >= 0 else len(text)].strip()
    return Claim(kind, line, sentence, said, ref.path, section, stated, part=part, base=base,
                 percent=percent, relative_to=relative_to, item=ref, at=at)


def _item_claims(text: str, line: int, section: str, ref: ItemRef, path: re.Match[str],
                 end: int) -> list[Claim]:
    """The claims of one item sentence: its names, then the budget's wording (headline,
    执行数 → 安排, rate, direction), then the final accounts' (预算 → 决算, completion rate,
    direction)."""
    def claim(kind: ClaimKind, at: int, said: str, stated: Stated, **extra: Any) -> Claim:
        return _claim(kind, line, text, section, ref, at, said, stated, **extra)

    starts = (path.start("c") if path["c"] else path.start("k"), path.start("k"),
              path.start("x"))
    claims = [claim(ClaimKind.NAME, at, f"{name}（{level}）", Stated(Decimal(0), "name", name),
                    relative_to=level)
              for level, name, at in zip(("类", "款", "项"), ref.names, starts, strict=True)
              if name is not None]
    return claims + _budget_wording(claim, text, path.end(), end) + _final_wording(
        claim, text, path.end(), end)


def _budget_wording(claim: Callable[..., Claim], text: str, body: int, end: int) -> list[Claim]:
    """”2.63万元 … 2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70%."""
    claims: list[Claim] = []
    headline_match = _HEADLINE.match(text, body)
    headline = _stated(headline_match, "headline") if headline_match else None
    if headline is not None and headline_match is not None:
        claims.append(claim(ClaimKind.ITEM, headline.at, headline_match[0].strip(" ”\""),
                            headline))
    planned_match = _PLANNED.search(text, body, end)
    prior_match = _PRIOR.search(text, body, end)
    planned = _stated(planned_match, "预算安排", planned_match["y"]) if planned_match else None
    prior = _stated(prior_match, "预算执行数", prior_match["y"]) if prior_match else None
    if planned is not None and planned_match is not None:
        claims.append(claim(ClaimKind.ITEM, planned.at, planned_match[0], planned))
        if headline is not None:
            claims.append(claim(ClaimKind.RESTATED, planned.at, planned_match[0], planned,
                                base=headline))
    rate = _CHANGE_RATE.search(text, body, end)
    if rate is not None:
        new = planned or headline
        if rate["n"] is not None:
            value = _stated(rate, "rate")
            signed = -value.value if rate["d"] in _DOWN else value.value
            claims.append(claim(ClaimKind.RATE, rate.start(), rate[0],
                                attrs.evolve(value, value=signed), part=new, base=prior,
                                percent=signed, relative_to="change"))
        claims.append(claim(ClaimKind.DIRECTION, rate.start(), rate[0],
                            Stated(Decimal(0), "direction", rate["flat"] or rate["d"]),
                            part=new, base=prior, relative_to="预算执行数"))
    return claims


def _final_wording(claim: Callable[..., Claim], text: str, body: int, end: int) -> list[Claim]:
    """全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。决算数小于全年预算数."""
    claims: list[Claim] = []
    budget_match = _BUDGET.search(text, body, end)
    actual_match = _ACTUAL.search(text, body, end)
    budget = _stated(budget_match, f"{budget_match['w']}预算") if budget_match else None
    actual = _stated(actual_match, "支出决算") if actual_match else None
    if actual is not None and actual_match is not None:
        claims.append(claim(ClaimKind.ITEM, actual.at, actual_match[0], actual))
    completion = _COMPLETION.search(text, body, end)
    if completion is not None:
        value = _stated(completion, "rate")
        claims.append(claim(ClaimKind.RATE, completion.start(), completion[0], value,
                            part=actual, base=budget, percent=value.value,
                            relative_to="completion"))
    direction = _DIRECTION.search(text, body, end)
    if direction is not None:
        word = direction["flat"] or direction["d"]
        claims.append(claim(ClaimKind.DIRECTION, direction.start(), direction[0],
                            Stated(Decimal(0), "direction", word), part=actual, base=budget,
                            relative_to="预算"))
    return claims


def read_years(text: str, line: int, section: str, public: bool = True) -> tuple[Claim, ...]:
    """Every year the paragraph names where the templates expect the document's year
    (a heading, 预算安排, 截至…12月31日) or the year before (比YYYY年, 预算执行数).

    ``stated`` is the year, ``percent`` the offset expected from the document's year
    (0 or -1), ``relative_to`` what the year is. Unless ``public``, the claims are the
    plain records that checking reads (``claims._Held``), their public values not made.
    """
    claims: list[Claim] = []
    if "年" not in text or not _A_YEAR.search(text):  # every pattern of _YEARS needs one
        return ()
    seen: set[int] = set()
    words = set(_YEAR_WORDS.findall(text))  # the words of the patterns the text holds
    for pattern, offset, what, needs in _YEARS:
        if words.isdisjoint(needs):
            continue
        for match in pattern.finditer(text):
            if match.start("y") in seen:
                continue
            seen.add(match.start("y"))
            at = match.start("y")
            start = text.rfind("。", 0, match.start()) + 1
            stop = text.find("。", match.end())
            sentence = text[start: stop + 1 if stop >= 0 else len(text)].strip()
            if not public:
                claims.append(cast(Claim, _Held(
                    ClaimKind.YEAR, line, sentence, match[0], what, section,
                    _Figure(Decimal(match["y"]), "年", what, None, at), None, None,
                    Decimal(offset), what, None, (), at)))
                continue
            year = Stated(Decimal(match["y"]), "年", what, None, at)
            claims.append(Claim(
                ClaimKind.YEAR, line, sentence, match[0], what, section, year,
                percent=Decimal(offset), relative_to=what, at=at))
    return tuple(claims)


def read_placeholders(text: str, line: int, section: str) -> tuple[Claim, ...]:
    """Text left from a template: XX, XXX万元, XX%, 202 年度."""
    if "X" not in text and "Ｘ" not in text and "×" not in text and len(text.split(None, 1)) < 2:
        return ()  # no X and no space between two words (202 年): nothing to find
    claims = []
    for match in _PLACEHOLDER.finditer(text):
        start = max(0, match.start() - 12)
        claims.append(Claim(
            ClaimKind.PLACEHOLDER, line, text[start: match.end() + 12], match[0],
            text[start: match.end() + 12], section,
            Stated(Decimal(0), "placeholder", match[0], None,
                   match.start()), at=match.start()))
    return tuple(claims)


_VEHICLES = re.compile(r"车辆\s*(?P<n>\d+)\s*辆")
_VEHICLE_PART = re.compile(r"(?P<label>[^，,、；;：:（(）)。\d]*用车)\s*(?P<n>\d+)\s*辆")


def read_count_sums(text: str, line: int, section: str) -> tuple[Claim, ...]:
    """A number of vehicles and the kinds it lists after it (其中：…用车13辆、…, or in
    brackets): a ``sum`` of counts, checked exactly."""
    claims: list[Claim] = []
    if "车辆" not in text:  # what _VEHICLES needs
        return ()
    for total in _VEHICLES.finditer(text):
        rest = text[total.end():]
        opener = re.match(r"\s*(?:[。.，,]?\s*其中[，,：:]?|[（(])", rest)
        if opener is None:
            continue
        stop = re.search(r"[。）)]|单价", rest[opener.end():])
        listed = rest[opener.end(): opener.end() + (stop.start() if stop else len(rest))]
        parts = tuple(Stated(Decimal(m["n"]), "辆", m["label"].strip(), None,
                             total.end() + opener.end() + m.start("n"))
                      for m in _VEHICLE_PART.finditer(listed))
        if len(parts) < 2:
            continue
        stated = Stated(Decimal(total["n"]), "辆", "车辆", None, total.start("n"))
        start = text.rfind("。", 0, total.start()) + 1
        claims.append(Claim(
            ClaimKind.SUM, line, text[start: total.end() + opener.end() + len(listed)].strip(),
            f"{total[0]}…{listed}", "车辆", section, stated, total=stated, parts=parts,
            at=total.start("n")))
    return tuple(claims)
