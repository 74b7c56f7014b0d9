"""The self-evaluation (绩效自评) the main text summarises: how many projects were
evaluated, how many got each grade, and their average score.

Two wordings are read, the Shanxi one (``涉及项目14个，…自评结果为：13个项目自评等级为“优”，
1个项目自评等级为“良”``) and the Shanghai one (``绩效自评的2024年度项目1个，…平均得分100.00分
（其中，绩效评级为“优”的项目1个；绩效评级为“良”的项目0个；…）``). The counts by grade must
add up to the projects evaluated (counts: exact), and a stated average must lie within
the bands of the grades given (all 优: at least 90), the average being a printed figure.
The prose's lines are joined first, as a PDF breaks sentences over lines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from decimal import Decimal
from itertools import accumulate
from operator import itemgetter

from gfs_ledger.findings import Finding, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.performance.evaluation import matches_near, normal_lines
from gfs_ledger.performance.rules import FAMILY

_EXACT, _VIOLATED = Outcome.EXACT, Outcome.VIOLATED
_NUMBER = r"\d+(?:\.\d+)?"
_TOTAL = re.compile(
    r"(?:绩效自评的?\s*(?:\d{4}\s*年度?)?\s*项目\s*(\d+)\s*个"
    r"|开展了?绩效自评[^。]*?涉及项目\s*(\d+)\s*个)")
_BY_GRADE = re.compile(
    r"(?:(\d+)\s*个项目自评等级为\s*[“\"]\s*(优|良|中|差|合格|不合格)\s*[”\"]"
    r"|绩效评级为\s*[“\"]\s*(优|良|中|差|合格|不合格)\s*[”\"]\s*的项目\s*(\d+)\s*个)")
_AVERAGE = re.compile(rf"平均得分\s*({_NUMBER})\s*分")
# The bands of the grades (财预〔2020〕10号; Shanghai says 合格/不合格 for 中/差).
_BANDS = {"优": (Decimal(90), Decimal(100)), "良": (Decimal(80), Decimal(90)),
          "中": (Decimal(60), Decimal(80)), "合格": (Decimal(60), Decimal(80)),
          "差": (Decimal(0), Decimal(60)), "不合格": (Decimal(0), Decimal(60))}
_END = re.compile(r"[二三四五六七八九]是|绩效(?:跟踪|目标)|部门整体|第[一二三四五六七八九十]部分")


def _joined(prose: Sequence[tuple[int, str]], normalised: Sequence[str],
            ) -> tuple[str, list[tuple[int, int]]]:
    """The prose as one text, and where each line starts in it."""
    texts = [text.strip() for text in normalised]
    offsets = accumulate(map(len, texts[:-1]), initial=0)
    return "".join(texts), list(zip(offsets, [line for line, _ in prose]))


def _line_at(starts: Sequence[tuple[int, int]], offset: int) -> int | None:
    """The line of the last start at or before offset."""
    k = bisect_right(starts, offset, key=itemgetter(0))
    return starts[k - 1][1] if k else None


def check_self_evaluation(prose: Sequence[tuple[int, str]],
                          tolerance: Tolerance | None = None) -> list[Finding]:
    """A finding for each summary of a self-evaluation in the prose: the counts by grade
    against the projects evaluated, and the average score against the grades.

    >>> found = check_self_evaluation([(1, "绩效自评的2024年度项目2个，涉及预算金额9.00万元，"),
    ...     (2, "平均得分95.50分（其中，绩效评级为“优”的项目1个；绩效评级为“良”的项目1个）。")])
    >>> for f in found:
    ...     print(f.outcome.value, f.message)
    exact line 1 “项目2个”: by grade 1 优 + 1 良 = 2 — exact
    exact line 2 “平均得分95.50分”: the grades given (优, 良) put the average in [80, 100] — exact
    """
    return self_evaluation(prose, normal_lines(prose), tolerance)


def self_evaluation(prose: Sequence[tuple[int, str]], normalised: Sequence[str],
                    tolerance: Tolerance | None = None) -> list[Finding]:
    """``check_self_evaluation(prose, tolerance)``, given each line's text normalised
    (``normal_lines``)."""
    tol = tolerance or Tolerance()
    text, starts = _joined(prose, normalised)
    found: list[Finding] = []
    # 绩效自评 opens the first wording and follows 开展了 in the second.
    for m in matches_near(_TOTAL, text, "绩效自评", 3):
        count = int(m[1] or m[2])
        end = _END.search(text, m.end())
        region = text[m.end(): end.start() if end else len(text)]
        grades = [(g[2] or g[3], int(g[1] or g[4])) for g in _BY_GRADE.finditer(region)]
        line = _line_at(starts, m.start())
        if grades:
            total = sum(n for _, n in grades)
            ok = total == count
            shown = " + ".join(f"{n} {g}" for g, n in grades)
            found.append(Finding(
                FAMILY, _EXACT if ok else _VIOLATED, None, None, "绩效自评",
                Decimal(count), Decimal(total), Decimal(count - total), Decimal(0),
                terms=len(grades), rule_id="appraisal.self_evaluation", line=line,
                detail=f"line {line} “项目{count}个”: by grade {shown} = {total} — "
                       f"{'exact' if ok else 'violated'}"))
        average = _AVERAGE.search(region)
        given = [g for g, n in grades if n > 0]
        if average is not None and given:
            value = Decimal(average[1])
            lo = min(_BANDS[g][0] for g in given)
            hi = max(_BANDS[g][1] for g in given)
            interval = tol.interval(value)
            ok = interval.hi >= lo and interval.lo <= hi
            at = _line_at(starts, m.end() + average.start())
            found.append(Finding(
                FAMILY, _EXACT if ok else _VIOLATED, None, None, "平均得分",
                value, None, None, None, rule_id="appraisal.self_evaluation", line=at,
                detail=f"line {at} “{average[0]}”: the grades given ({', '.join(given)}) "
                       f"put the average in [{lo}, {hi}] — {'exact' if ok else 'violated'}"))
    return found
