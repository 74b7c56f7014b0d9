"""Reading a 项目绩效评价报告: its indicator table (绩效评价表), the scores of its
analysis, its scale and its conclusion, into two ledgers over indicator codes.

Indicators become codes of the existing ``Code`` type: the i-th 一级 indicator is
``9ii`` (901 决策), its j-th 二级 ``9iijj`` (90101 项目立项), its k-th 三级
``9iijjkk`` (9010101 立项依据充分性). So the weight tree is a ``Ledger`` and
``Ledger.check`` rolls it up like any table; 9 is no catalog's first digit, and no
figure of the tables can be mistaken for an indicator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import attrs

from gfs_ledger.codes import Code
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.errors import InvalidValue
from gfs_ledger.ledger import Ledger

WEIGHT = "分值"
SCORE = "得分"
NUMBER = r"\d+(?:\.\d+)?"
_NAMED = re.compile(rf"^(.*?)\s*\(\s*({NUMBER})\s*分?\s*\)\s*$")
_WEIGHT_ONLY = re.compile(rf"^\(\s*({NUMBER})\s*分?\s*\)$")
_TOTAL_WEIGHT = re.compile(rf"总分(?:设置)?为\s*({NUMBER})\s*分")
OVERALL = re.compile(rf"总体评分为\s*({NUMBER})\s*分")
GRADE = re.compile(r"评价结论为\s*[“\"]?\s*([优良中差])[”\"]?")
_SCORE = re.compile(rf"(?:指标评价|评价|指标|该项|该指标)?得分(?:为|是|:)?\s*({NUMBER})\s*分")
_GROUP = re.compile(r"^\(\s*[一二三四五六七八九十]+\s*\)")
_ITEM = re.compile(r"^\d+\s*、")
_BAND = re.compile(
    rf"({NUMBER})\s*(\(含\))?\s*[-~～—–至到]\s*({NUMBER})\s*(\(含\))?\s*分?\s*为\s*[“\"]?([优良中差])")
_BELOW = re.compile(rf"({NUMBER})\s*分?\s*(\(含\))?\s*以下\s*(?:\(含\))?\s*为\s*[“\"]?([优良中差])")
_ABOVE = re.compile(rf"({NUMBER})\s*分?\s*(\(含\))?\s*以上\s*(?:\(含\))?\s*为\s*[“\"]?([优良中差])")
_LEVEL_WEIGHT = re.compile(
    rf"(决策|过程|产出|效益)类?指标(?:权重|分值)为\s*({NUMBER})\s*分[^;。]*?(\d+)个方面的(\d+)项")

Lines = Sequence[tuple[int, str]]


# The full-width forms these reports print (all of them in the sample and the four real
# PDFs), each with the ASCII character NFKC makes of it. A pass costs about one
# instruction a character even when the form is absent: the rarer ones are left to NFKC.
_WIDE = tuple((wide, unicodedata.normalize("NFKC", wide)) for wide in "，（）：；．％")


def _narrowed(text: str) -> str:
    for wide, narrow in _WIDE:  # replace finds and copies in C (no copy when absent)
        text = text.replace(wide, narrow)
    return text


def normal(text: str) -> str:
    """NFKC: full-width digits, brackets and punctuation as ASCII.

    The common full-width forms are replaced first, and NFKC runs only on a text that
    still needs it (a rarer full-width form, ½, …): replacing a character by its one-character decomposition leaves
    the text's NFKD, hence its NFKC, as they were; and a full NFKC of a line of Chinese
    costs some 1,300 instructions a character.

    >>> normal("（一）共计６３０７人，　资金９４６.０５万元"), normal("½Ａ")
    ('(一)共计6307人, 资金946.05万元', '1⁄2A')
    """
    if text.isascii():
        return text
    text = _narrowed(text)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)


def normal_lines(lines: Lines) -> list[str]:
    """Each line's text normalised (``normal``), the lines joined by a line feed and
    normalised at once: NFKC neither makes nor takes a line feed, nor composes one with
    a neighbour, so the join's NFKC is the join of the lines' NFKCs.

    >>> normal_lines([(1, "（一）"), (2, "９０％")])
    ['(一)', '90%']
    """
    text = _narrowed("\n".join([raw for _, raw in lines]))
    texts = text.split("\n")
    if len(texts) != len(lines):  # a line held a line feed (or there are no lines)
        return [normal(raw) for _, raw in lines]
    if unicodedata.is_normalized("NFKC", text):
        return texts
    return [t if unicodedata.is_normalized("NFKC", t) else unicodedata.normalize("NFKC", t)
            for t in texts]


@attrs.frozen(slots=True)
class Indicator:
    """One indicator of the 绩效评价表: its code (9ii, 9iijj, 9iijjkk), level (1 一级,
    2 二级, 3 三级), name, weight in points (分), target (目标值) and line."""

    code: Code
    name: str
    weight: Decimal | None
    line: int
    target: str | None = None

    @property
    def level(self) -> int:
        """1 for 一级, 2 for 二级, 3 for 三级."""
        return self.code.level


@attrs.frozen(slots=True)
class Score:
    """A score the analysis states (指标评价得分 9.9 分) for the indicators its heading
    names (usually one 二级 indicator, sometimes several: 经济效益 and 社会效益 under
    项目实施所产生的效益分析)."""

    heading: str
    value: Decimal
    line: int
    text: str
    indicators: tuple[Code, ...] = ()
    group: Code | None = None


@attrs.frozen(slots=True)
class Band:
    """One grade of the scale: ``lo``–``hi`` points, each end included or not."""

    grade: str
    lo: Decimal
    hi: Decimal
    lo_included: bool
    hi_included: bool
    line: int | None

    def holds(self, value: Decimal) -> bool:
        """True when the band holds value."""
        above = value >= self.lo if self.lo_included else value > self.lo
        below = value <= self.hi if self.hi_included else value < self.hi
        return above and below

    def describe(self) -> str:
        """``[90, 100] 优`` and the like."""
        return (f"{'[' if self.lo_included else '('}{self.lo}, {self.hi}"
                f"{']' if self.hi_included else ')'} {self.grade}")


NATIONAL_SCALE = (
    Band("优", Decimal(90), Decimal(100), True, True, None),
    Band("良", Decimal(80), Decimal(90), True, False, None),
    Band("中", Decimal(60), Decimal(80), True, False, None),
    Band("差", Decimal(0), Decimal(60), True, False, None),
)
"""The scale of 财预〔2020〕10号 (90 and above 优, 80–90 良, 60–80 中, below 60 差),
used when a report states none."""


@attrs.frozen(slots=True)
class Stated:
    """A figure or a word stated once, with its line and its text."""

    value: Decimal | str
    line: int
    text: str


@attrs.frozen(slots=True)
class LevelRestated:
    """What the prose says of a 一级 indicator: its weight and how many 二级 and 三级
    indicators it has (决策类指标权重为15分，…3个方面的6项内容)."""

    name: str
    weight: Decimal
    second: int
    third: int
    line: int
    text: str


@attrs.frozen(slots=True, eq=False)
class Evaluation:
    """A 项目绩效评价报告 read: indicators, weights and scores as ledgers, the scale,
    the stated total and grade, and what could not be read (``diagnostics``).

    >>> from gfs_ledger import read_report
    >>> ev = read_report().evaluation()
    >>> ev.title
    '2023年“爱心消费券”市级专项资金绩效评价表'
    >>> ev.weights.value("903", "分值"), ev.weights.total
    (Decimal('40'), (Decimal('100'),))
    >>> [(s.heading[:6], str(s.value)) for s in ev.scores][-2:]
    [('项目实施所产', '17'), ('服务对象对项', '8')]
    >>> ev.total.value, ev.grade.value
    (Decimal('99.7'), '优')
    """

    title: str | None
    indicators: tuple[Indicator, ...]
    weights: Ledger
    scores: tuple[Score, ...]
    score_ledger: Ledger
    total_weight: Stated | None
    total: Stated | None
    grade: Stated | None
    scale: tuple[Band, ...]
    scale_stated: bool
    restated: tuple[LevelRestated, ...]
    lines: tuple[tuple[int, str], ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    def indicator(self, code: Code | str) -> Indicator:
        """The indicator of a code."""
        return _indicator(self.indicators, code)

    def path(self, code: Code) -> str:
        """The names from the 一级 indicator down: ``产出 › 产出数量``."""
        names = {i.code.digits: i.name for i in self.indicators}
        digits = code.digits
        return " › ".join(names.get(digits[:n], digits[:n]) for n in range(3, len(digits) + 1, 2))


def _indicator(indicators: Sequence[Indicator], code: Code | str) -> Indicator:
    wanted = code.digits if isinstance(code, Code) else code
    return next(i for i in indicators if i.code.digits == wanted)


@attrs.frozen(slots=True, eq=False)
class Read:
    """What an ``Evaluation`` holds but its two ledgers, its indicators and scores as
    tuples (``Row``, ``Mark``): what the audit reads to count its outcomes. The public
    objects, the ledgers and the ``Evaluation`` are built by ``evaluation()``, only when
    a finding is written up or a check is not plainly exact."""

    title: str | None
    rows: tuple[Row, ...]
    marks: tuple[Mark, ...]
    total_weight: Stated | None
    total: Stated | None
    grade: Stated | None
    scale: tuple[Band, ...]
    scale_stated: bool
    restated: tuple[LevelRestated, ...]
    lines: tuple[tuple[int, str], ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The public indicators, made from the rows."""
        return tuple(map(indicator_of, self.rows))

    @property
    def scores(self) -> tuple[Score, ...]:
        """The public scores, made from the marks."""
        return tuple(map(score_of, self.marks))

    def evaluation(self) -> Evaluation:
        """The ``Evaluation`` read, its ledgers built."""
        return Evaluation(
            self.title, self.indicators,
            _weights_ledger(self.rows, self.total_weight, self.title), self.scores,
            _score_ledger(self.marks, self.rows, self.total, self.title),
            self.total_weight, self.total, self.grade, self.scale, self.scale_stated,
            self.restated, self.lines, self.diagnostics)


def read_of(evaluation: Evaluation) -> Read:
    """What an ``Evaluation`` holds, as the audit reads it (its indicators and scores
    as tuples again)."""
    ev = evaluation
    return Read(ev.title,
                tuple((i.code.digits, i.name, i.weight, i.line, i.target)
                      for i in ev.indicators),
                tuple((s.heading, s.value, s.line, s.text,
                       tuple(c.digits for c in s.indicators),
                       None if s.group is None else s.group.digits) for s in ev.scores),
                ev.total_weight, ev.total, ev.grade, ev.scale, ev.scale_stated,
                ev.restated, ev.lines, ev.diagnostics)


def _diagnostic(kind: str, message: str, line: int | None,
                severity: Severity = Severity.WARNING) -> Diagnostic:
    return Diagnostic(kind, message, severity, line, None, "绩效评价")


def _is_header(line: str) -> bool:
    """Whether a line (normalised) is the header of the 绩效评价表: its cells name the
    三 levels of indicators."""
    if "级" not in line:
        return False
    text = line.replace("\t", "")
    return "一级指标" in text and "二级指标" in text and "三级指标" in text


# An indicator as the audit reads it, a tuple: (its code's digits, name, weight, line,
# target); ``indicator_of`` makes the public ``Indicator``.
Row = tuple[str, str, Decimal | None, int, str | None]
# A score as the audit reads it: (heading, value, line, text, the digits of the codes
# of its indicators, the digits of its 一级 indicator or None); ``score_of`` makes the
# public ``Score``.
Mark = tuple[str, Decimal, int, str, tuple[str, ...], str | None]


def indicator_of(row: Row) -> Indicator:
    """The public ``Indicator`` of a row."""
    digits, name, weight, line, target = row
    return Indicator(Code(digits), name, weight, line, target)


def score_of(mark: Mark) -> Score:
    """The public ``Score`` of a mark."""
    heading, value, line, text, codes, group = mark
    return Score(heading, value, line, text, tuple(map(Code, codes)),
                 None if group is None else Code(group))


def _digits(parent: str, count: int) -> str:
    """The digits of the count-th indicator under parent's (two digits each); past 99,
    ``Code`` refuses them as it refused them when indicators were read as codes."""
    digits = f"{parent}{count:02d}"
    if count > 99:
        Code(digits)  # raises InvalidCode
    return digits


def _read_table(
    lines: Lines, texts: Sequence[str], out: list[Diagnostic]
) -> tuple[str | None, list[Row], int]:
    """The indicators of the first 绩效评价表 among lines (``texts``: each normalised),
    its title, and the index of the line after it."""
    start = next((k for k, t in enumerate(texts) if _is_header(t)), None)
    if start is None:
        return None, [], 0
    title = next((texts[k].strip() for k in range(start - 1, max(0, start - 3) - 1, -1)
                  if "评价表" in lines[k][1]), None)
    rows: list[Row] = []
    counts = [0, 0, 0]  # 一级 so far; 二级 under the current 一级; 三级 under the current 二级
    first: str | None = None  # the digits of the current 一级
    second: str | None = None  # and 二级
    pending: Row | None = None  # a 二级 whose weight is printed on a later line
    pending_at = 0  # and where it is in rows
    named: re.Match[str] | None
    k = start + 1
    while k < len(lines):
        number, text = lines[k][0], texts[k]
        if not text.strip():
            k += 1
            continue
        if "\t" not in text:
            break
        cells = [c.strip() for c in text.split("\t")] + ["", "", "", ""]
        k += 1
        try:
            if cells[0]:
                named = _NAMED.match(cells[0])
                name, weight = (named[1], Decimal(named[2])) if named else (cells[0], None)
                counts[0] += 1
                counts[1] = 0
                first = _digits("9", counts[0])
                rows.append((first, name.strip(), weight, number, None))
                if weight is None:
                    out.append(_diagnostic(
                        "unread_weight", f"line {number}: the 一级 indicator {name!r} "
                        "prints no weight", number))
                second = None
            if cells[1] and (only := _WEIGHT_ONLY.match(cells[1])) and pending is not None:
                rows[pending_at] = (*pending[:2], Decimal(only[1]), *pending[3:])
                pending = None
            elif cells[1]:
                if first is None:
                    raise InvalidValue("a 二级 indicator before any 一级 indicator")
                named = _NAMED.match(cells[1])
                name, weight = (named[1], Decimal(named[2])) if named else (cells[1], None)
                counts[1] += 1
                counts[2] = 0
                second = _digits(first, counts[1])
                row: Row = (second, name.strip(), weight, number, None)
                rows.append(row)
                pending = row if weight is None else None
                pending_at = len(rows) - 1
            if cells[2]:
                if second is None:
                    raise InvalidValue("a 三级 indicator before any 二级 indicator")
                named = _NAMED.match(cells[2])
                if named is None:
                    raise InvalidValue(f"no weight in the 三级 indicator {cells[2]!r}")
                counts[2] += 1
                rows.append((_digits(second, counts[2]), named[1].strip(),
                             Decimal(named[2]), number, cells[3] or None))
        except (ValueError, ArithmeticError) as error:
            out.append(_diagnostic("unread_indicator", f"line {number}: {error}", number))
    for digits, name, weight, line, _ in rows:
        if weight is None and len(digits) == 5:
            out.append(_diagnostic(
                "unread_weight", f"line {line}: the 二级 indicator "
                f"{name!r} prints no weight", line))
    return title, rows, k


def _has_dash(text: str) -> bool:
    return any(dash in text for dash in "-~～—–至到")


def _scale(lines: Lines, texts: Sequence[str]) -> tuple[Band, ...]:
    bands: list[tuple[str, Decimal, Decimal, bool, bool, int]] = []
    top: Decimal | None = None
    for (number, _), text in zip(lines, texts):
        # Every band says 为 a grade.
        if "为" not in text or not (
                "优" in text or "良" in text or "中" in text or "差" in text):
            continue
        # A band holds 为 and a dash or 至/到 (a pattern slow on lines of digits).
        for m in _BAND.finditer(text) if "为" in text and _has_dash(text) else ():
            a, b = Decimal(m[1]), Decimal(m[3])
            lo, hi = min(a, b), max(a, b)
            lo_in = bool(m[2] if a == lo else m[4])
            hi_in = bool(m[2] if a == hi else m[4])
            top = hi if top is None else max(top, hi)
            bands.append((m[5], lo, hi, lo_in, hi_in, number))
        for m in _BELOW.finditer(text) if "以下" in text else ():
            bands.append((m[3], Decimal(0), Decimal(m[1]), True, bool(m[2]), number))
        for m in _ABOVE.finditer(text) if "以上" in text else ():
            bands.append((m[3], Decimal(m[1]), Decimal(100), True, True, number))
        if bands:
            break
    # The top of the scale is in the top band, marked or not (100-90(含): 90 ≤ s ≤ 100).
    return tuple(Band(grade, lo, hi, lo_in, hi_in or hi == top, number)
                 for grade, lo, hi, lo_in, hi_in, number in bands)


def _matches(heading: str, candidates: Sequence[Row]) -> tuple[Row, ...]:
    """The indicators a heading names: by full name, or else by the last two characters
    of the name (成本 for 产出成本, 效益 for 经济效益 and 社会效益)."""
    full = tuple(i for i in candidates if i[1] and i[1] in heading)
    if full:
        return full
    return tuple(i for i in candidates if len(i[1]) > 2 and i[1][-2:] in heading)


def matches_near(pattern: re.Pattern[str], text: str, word: str,
                 reach: int) -> list[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, for a pattern each match of which holds
    ``word`` at most ``reach`` characters after its start: the pattern is tried only
    there, rather than at every character of a paragraph (slow for a pattern that
    opens with an optional word or an alternation)."""
    found = []
    at = 0
    hit = text.find(word)
    while hit >= 0:
        for start in range(max(at, hit - reach), hit + 1):
            m = pattern.match(text, start)
            if m is not None:
                found.append(m)
                at = m.end()
                break
        hit = text.find(word, max(hit + 1, at))
    return found


def _score_matches(text: str) -> list[re.Match[str]]:
    # 得分 comes at most four characters after the start (指标评价得分).
    return matches_near(_SCORE, text, "得分", 4)


def _scored(text: str) -> bool:
    """Whether a line states a score; 得分 first, which every score holds."""
    return "得分" in text and bool(_score_matches(text))


def _scores(lines: Lines, texts: Sequence[str], indicators: Sequence[Row],
            out: list[Diagnostic]) -> list[Mark]:
    """The scores of the analysis, each placed under the indicators its heading names:
    a ``(一)`` heading names a 一级 indicator (a score on that line is the 一级's), a
    ``1、`` heading under it a 二级 one, or else a 三级 one, of that 一级."""
    firsts = [i for i in indicators if len(i[0]) == 3]  # level 1
    below: dict[str, list[Row]] = {}
    for i in indicators:
        digits = i[0]
        if len(digits) > 3:  # 二级 (5 digits) and 三级 (7) by their 一级
            below.setdefault(f"{digits[:3]}/{len(digits) // 2}", []).append(i)
    group: Row | None = None
    heading: tuple[str, tuple[Row, ...]] | None = None
    scores: list[Mark] = []
    for (number, _), text in zip(lines, texts):
        text = text.strip()
        if text[:1] == "(" and _GROUP.match(text):
            found = _matches(text, firsts)
            group = found[0] if len(found) == 1 else None
            heading = None if group is None else (_GROUP.sub("", text).strip(), (group,))
            if not _scored(text):
                continue
        elif len(text) <= 40 and text[:1].isdigit() and _ITEM.match(text):
            root = "" if group is None else group[0]
            name = _ITEM.sub("", text).strip()
            heading = (name, _matches(name, below.get(f"{root}/2", []))
                       or _matches(name, below.get(f"{root}/3", [])))
            if not _scored(text):
                continue
        for m in _score_matches(text) if "得分" in text else ():
            if heading is None or group is None:
                out.append(_diagnostic(
                    "unplaced_score", f"line {number}: “{m[0]}” is under no heading that "
                    "names an indicator", number))
                scores.append(("", Decimal(m[1]), number, m[0], (), None))
                continue
            name, found = heading
            if not found:
                out.append(_diagnostic(
                    "unplaced_score", f"line {number}: the heading {name!r} names no "
                    f"indicator of {group[1]}", number))
            scores.append((name, Decimal(m[1]), number, m[0], tuple(i[0] for i in found),
                           group[0]))
    return scores


def _first(lines: Lines, texts: Sequence[str], pattern: re.Pattern[str], word: str,
           number: bool = True) -> Stated | None:
    """The first match of pattern (which starts with word) among lines (``texts``: each
    normalised)."""
    for (line, _), text in zip(lines, texts):
        m = pattern.search(text) if word in text else None
        if m:
            return Stated(Decimal(m[1]) if number else m[1], line, m[0])
    return None


def _weights_ledger(indicators: Sequence[Row], total: Stated | None,
                    title: str | None) -> Ledger:
    # Codes as their digits: the ledger takes a column of text codes at once.
    rows = [(digits, name, [weight]) for digits, name, weight, _, _ in indicators]
    value = total.value if total is not None else Decimal(100)
    return Ledger.from_rows(rows, columns=[WEIGHT], total=[value], title=title)


def _score_ledger(scores: Sequence[Mark], indicators: Sequence[Row],
                  total: Stated | None, title: str | None) -> Ledger:
    """The scores under their 二级 codes; the 一级 rows are not printed (the analysis
    states no 一级 score), so the ledger derives them, and its 合计 is the stated total."""
    names = {i[0]: i[1] for i in indicators}
    rows: list[tuple[str, str, list[Decimal]]] = []
    seen: set[str] = set()
    for heading, value, _, _, codes, group in scores:
        if group is None:
            continue
        code = codes[0] if codes else f"{group}99"
        if code in seen:  # two scores for one indicator: the second has its own finding
            continue
        seen.add(code)
        rows.append((code, "、".join([names[c] for c in codes]) or heading, [value]))
    return Ledger.from_rows(rows, columns=[SCORE], total=None if total is None else
                            [total.value], title=title)


def read_evaluation(lines: Lines) -> Evaluation | None:
    """Read the 项目绩效评价报告 among lines (the appendix of a disclosure, as
    ``(line_number, text)``); None when they hold no 绩效评价表.

    >>> read_evaluation([(1, "无。")]) is None
    True
    """
    return read_normalised(lines, normal_lines(lines))


def read_normalised(lines: Lines, texts: Sequence[str]) -> Evaluation | None:
    """``read_evaluation(lines)``, given each line's text normalised (``normal_lines``)."""
    read = read_parts(lines, texts)
    return None if read is None else read.evaluation()


def read_parts(lines: Lines, texts: Sequence[str]) -> Read | None:
    """``read_normalised(lines, texts)`` without its ledgers: None when the lines hold
    no 绩效评价表."""
    problems: list[Diagnostic] = []
    title, indicators, after = _read_table(lines, texts, problems)
    if not indicators:
        return None
    total_weight = _first(lines, texts, _TOTAL_WEIGHT, "总分")
    rest, after_texts = lines[after:], texts[after:]
    scale = _scale(lines, texts)
    total = _first(rest, after_texts, OVERALL, "总体评分为")
    grade = _first(rest, after_texts, GRADE, "评价结论为", number=False)
    scores = _scores(rest, after_texts, indicators, problems)
    restated = []
    for (line, _), text in zip(lines[:after], texts):
        for m in matches_near(_LEVEL_WEIGHT, text, "指标", 3) if "指标" in text else ():
            restated.append(LevelRestated(m[1], Decimal(m[2]), int(m[3]), int(m[4]), line,
                                          m[0]))
    if total is None:
        problems.append(_diagnostic("no_overall_score", "the report states no overall "
                                    "score (总体评分为…分)", None))
    return Read(title, tuple(indicators), tuple(scores), total_weight, total, grade,
                scale or NATIONAL_SCALE, bool(scale), tuple(restated), tuple(lines),
                tuple(problems))
