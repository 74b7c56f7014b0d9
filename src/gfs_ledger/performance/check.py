"""Checking a performance evaluation: the weight tree, the scores, the grade, the
arithmetic of its sentences, and what the main text and the tables restate.

Points (分) are awarded, not measured: a weight or a score is exactly its value, and
the report itself says the total is the sum of the indicator scores (总分由各项指标得分
汇总形成). So weights and scores are compared under ``Tolerance.exact()`` (or under
the audit's tolerance when that is an absolute one). Money and rates are printed
figures, intervals of their printed step under the audit's tolerance; counts of
people, amounts per person and ratios are set, not rounded, and exact.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from functools import partial
from itertools import accumulate
from typing import Any

import attrs

from gfs_ledger.amounts import Unit, convert, format_amount
from gfs_ledger.codes import Code
from gfs_ledger.findings import (
    Audit,
    Finding,
    FindingBatch,
    Outcome,
    _count,
    add_counts,
    count_findings,
    new_counts,
)
from gfs_ledger.intervals import Interval, Tolerance, ToleranceKind
from gfs_ledger.ledger import Ledger
from gfs_ledger.performance.arithmetic import (
    LEVEL,
    Arithmetic,
    ClaimKind,
    ClaimLike,
    Fact,
    FactLike,
    Kind,
    claims_among,
    read_normalised_facts,
)
from gfs_ledger.performance.evaluation import (
    GRADE,
    OVERALL,
    SCORE,
    WEIGHT,
    Evaluation,
    LevelRestated,
    Mark,
    Read,
    Score,
    Stated,
    normal,
    normal_lines,
    read_of,
)
from gfs_ledger.performance.rules import FAMILY

_HUNDRED = Decimal(100)
# Members as plain names: an enum's member is looked up on its class in Python (3.11).
_EXACT, _ROUNDING, _VIOLATED, _UNVERIFIABLE = (
    Outcome.EXACT, Outcome.ROUNDING, Outcome.VIOLATED, Outcome.UNVERIFIABLE)
_PRODUCT, _SPLIT, _DIFFERENCE, _RATE_CLAIM = (
    ClaimKind.PRODUCT, ClaimKind.SPLIT, ClaimKind.DIFFERENCE, ClaimKind.RATE)
_COUNT, _PER_PERSON, _MONEY, _RATE = Kind.COUNT, Kind.PER_PERSON, Kind.MONEY, Kind.RATE
_YUAN, _WAN = Unit.YUAN, Unit.WAN
_YUAN_IN_WAN = convert(Decimal(1), _YUAN, _WAN).adjusted()  # -4
_ZERO = Decimal(0)
TABLE = "绩效评价"
"""The ``table`` of every finding about the evaluation report."""
# An evaluation, or what the audit reads of one (its ledgers built only when needed).
Appraised = Evaluation | Read


def points_tolerance(tolerance: Tolerance) -> Tolerance:
    """The policy for points: exact, unless the audit's tolerance is absolute.

    >>> points_tolerance(Tolerance()).kind.value, points_tolerance(Tolerance.parse("0.5")).slack
    ('exact', Decimal('0.5'))
    """
    return tolerance if tolerance.kind is _ABSOLUTE else _EXACT_POINTS


_ABSOLUTE = ToleranceKind.ABSOLUTE
_EXACT_POINTS = Tolerance.exact()  # a value: made once


def _finding(rule_id: str, outcome: Outcome, name: str, detail: str, *, line: int | None,
             reported: Decimal | None = None, computed: Decimal | None = None,
             allowed: Decimal | None = None, terms: int = 0,
             table: str = TABLE) -> Finding:
    difference = None if reported is None or computed is None else reported - computed
    return Finding(FAMILY, outcome, None, None, name, reported, computed, difference,
                   allowed, terms=terms, table=table, rule_id=rule_id, detail=detail,
                   line=line)


class _Found:
    """Findings counted as their outcomes are known, each written up (its message and
    figures) only when the batch is first read: an audit's summary needs only counts."""

    def __init__(self) -> None:
        # The outcomes of findings added one by one, and counts made elsewhere.
        self._outcomes: list[Outcome] = []
        self._counts: list[Counter[tuple[str, Outcome]]] = []
        # Each part: whether it builds one finding (else a sequence), and its builder.
        self._parts: list[tuple[bool, Callable[[], Any]]] = []

    def add(self, outcome: Outcome, build: Callable[[], Finding]) -> None:
        """One finding of a known outcome, built by ``build`` when read."""
        self._outcomes.append(outcome)
        self._parts.append((True, build))

    def built(self, findings: Sequence[Finding]) -> None:
        """Findings that already exist."""
        if findings:
            self._counts.append(count_findings(findings))
            self._parts.append((False, lambda: findings))

    def counted(self, counts: Counter[tuple[str, Outcome]],
                build: Callable[[], Sequence[Finding]]) -> None:
        """Findings counted elsewhere, all built at once when read."""
        self._counts.append(counts)
        self._parts.append((False, build))

    def batch(self) -> FindingBatch:
        """The findings in the order added, built once however often read."""
        counts = new_counts()
        _count(FAMILY, self._outcomes, counts)
        add_counts(counts, self._counts)  # every count made is positive
        built: list[tuple[Finding, ...]] = []
        parts = self._parts

        def build() -> tuple[Finding, ...]:
            if not built:
                found: list[Finding] = []
                for one, part in parts:
                    if one:
                        found.append(part())
                    else:
                        found += part()
                built.append(tuple(found))
            return built[0]

        return FindingBatch(counts, build)


def _verdict(outcome: Outcome, difference: Decimal | None = None,
             allowed: Decimal | None = None) -> str:
    if outcome is _EXACT:
        return "exact"
    if outcome is _ROUNDING:
        return f"within rounding (difference {difference}, allowed ±{allowed})"
    if outcome is _VIOLATED:
        extra = "" if difference is None else f" (difference {difference}, allowed ±{allowed})"
        return f"violated{extra}"
    return outcome.value


def _compare(stated: Decimal, stated_interval: Interval, computed: Decimal,
             computed_interval: Interval, tol: Tolerance) -> tuple[Outcome, Decimal]:
    """Exact when computed, rounded half up to the stated digits, is the stated figure;
    rounding when the intervals overlap (within the tolerance's slack); else violated."""
    allowed = tol.allowed(stated, stated_interval, computed, computed_interval)
    if _rounds_to(computed, stated):
        return _EXACT, allowed
    return (_ROUNDING if abs(stated - computed) <= allowed else _VIOLATED), allowed


def _rounds_to(computed: Decimal, stated: Decimal) -> bool:
    """Whether computed, rounded half up to the stated digits, is the stated figure."""
    return computed.quantize(stated, context=_HALF_UP) == stated


# quantize takes the exponent of its second operand: to the stated digits, 40 at most.
_HALF_UP = Context(prec=40, rounding=ROUND_HALF_UP)
_FORTY = Context(prec=40)  # a quotient to 40 digits, rounded as by default


def _hierarchy_counts(audit: Audit) -> Counter[tuple[str, Outcome]]:
    """The outcomes of an audit's hierarchy checks, as the family's."""
    counts = new_counts()
    for batch in audit.batches:
        for (rule, outcome), n in batch.counts.items():
            if rule == "hierarchy" and n > 0:
                counts[FAMILY, outcome] += n
    return counts


# ---- the weights, the scores, the grade ---------------------------------------------


def _weights(ev: Read, evaluation: Callable[[], Evaluation], tol: Tolerance,
             quick: bool) -> FindingBatch:
    """The weight tree's hierarchy checks: counted now (when ``quick``, from the
    indicators' weights where every check is exact, else from the ledger's audit),
    written up (a path, the children's weights, a message each) when first read."""
    counts = _weight_counts(ev) if quick else None
    audits: list[Audit] = []
    if counts is None:
        audits.append(evaluation().weights.check(points_tolerance(tol)))
        counts = _hierarchy_counts(audits[0])
    built: list[tuple[Finding, ...]] = []

    def build() -> tuple[Finding, ...]:
        if not built:  # once, however many audits hold the batch
            if not audits:
                audits.append(evaluation().weights.check(points_tolerance(tol)))
            built.append(tuple(_weight_findings(evaluation(), audits[0])))
        return built[0]

    return FindingBatch(counts, build)


# Sums of points: each sum of non-negative figures is compared only when it has fewer
# digits than the default context keeps, so that no addition was rounded and the
# ledger, adding the same figures in its own order, finds the same sum.
_DIGITS = 28


def _exact(total: Decimal) -> bool:
    return len(total.as_tuple().digits) < _DIGITS


def _weight_counts(ev: Read) -> Counter[tuple[str, Outcome]] | None:
    """The counts of ``_hierarchy_counts(ev.weights.check(…))`` when every weight is
    printed and every check is exact (each parent's weight the sum of its children's,
    the total that of the 一级 ones), whatever the tolerance; else None."""
    below: dict[str, Decimal] = {}
    weights: dict[str, Decimal] = {}
    roots = _ZERO
    for digits, _, weight, _, _ in ev.rows:
        if weight is None:
            return None
        weights[digits] = weight
        if len(digits) > 3:
            parent = digits[:-2]
            below[parent] = below[parent] + weight if parent in below else weight
        else:
            roots += weight
    total = ev.total_weight.value if ev.total_weight is not None else _HUNDRED
    if not weights or total != roots or not _exact(roots):
        return None
    for parent, figure in below.items():
        if weights[parent] != figure or not _exact(figure):
            return None
    counts = new_counts()
    counts[FAMILY, _EXACT] = len(below) + 1
    return counts


def _score_counts(ev: Read) -> Counter[tuple[str, Outcome]] | None:
    """The counts of ``_hierarchy_counts(ev.score_ledger.check(…))`` when the ledger
    prints only 二级 rows (so only its 合计 is checked) and the stated total is their
    sum; else None."""
    if ev.total is None:
        return None
    seen: set[str] = set()
    computed = _ZERO
    for _, value, _, _, codes, group in ev.marks:  # the rows of ``_score_ledger``
        if group is None:
            continue
        code = codes[0] if codes else f"{group}99"
        if code in seen:
            continue
        if len(code) != 5:
            return None
        seen.add(code)
        computed += value
    if not seen or ev.total.value != computed or not _exact(computed):
        return None
    counts = new_counts()
    counts[FAMILY, _EXACT] = 1
    return counts


def _weight_findings(ev: Evaluation, audit: Audit) -> list[Finding]:
    found = []
    levels = {1: "一级", 2: "二级", 3: "三级"}
    for f in audit.findings:
        if f.rule != "hierarchy":
            continue
        if f.code is None:
            name = "总分"
            line = None if ev.total_weight is None else ev.total_weight.line
            where = ("总分 " if ev.total_weight is not None
                     else "总分 (not stated: the conventional 100) ")
            kids = list(ev.weights.children())
        else:
            name = ev.path(f.code)
            line = ev.indicator(f.code).line
            where = f"{levels[f.code.level]} {name} "
            kids = list(ev.weights.children(f.code))
        parts = " + ".join(format_amount(a[WEIGHT]) for a in kids)
        below = levels[kids[0].code.level] if kids else ""
        detail = (f"{where}{format_amount(f.reported)}分: its {len(kids)} {below} indicators "
                  f"{parts} = {format_amount(f.computed)} — "
                  f"{_verdict(f.outcome, f.difference, f.allowed)}")
        found.append(attrs.evolve(f, rule=FAMILY, rule_id="appraisal.weights", code=None,
                                  name=name, column=WEIGHT, table=TABLE, line=line,
                                  detail=detail))
    return found


def _cap(ev: Evaluation, score: Score, tol: Tolerance) -> Finding:
    name = "、".join(ev.indicator(c).name for c in score.indicators) or score.heading
    if not score.indicators:
        return _finding("appraisal.score_cap", _UNVERIFIABLE, name,
                        f"line {score.line} “{score.text}” ({score.heading}): no indicator "
                        "of the table is named in its heading — unverifiable",
                        line=score.line, reported=score.value)
    weights = [ev.indicator(c).weight for c in score.indicators]
    weight = sum((w for w in weights if w is not None), _ZERO)
    points = points_tolerance(tol)
    over = score.value - weight
    allowed = points.allowed(score.value, points.interval(score.value), weight,
                             points.sum_interval([w for w in weights if w is not None]))
    if over <= 0:
        outcome = _EXACT
    else:
        outcome = _ROUNDING if over <= allowed else _VIOLATED
    shown = " + ".join(format_amount(w) for w in weights if w is not None)
    of = f" ({shown})" if len(weights) > 1 else ""
    verdict = "at most its weight — exact" if outcome is _EXACT else _verdict(
        outcome, over, allowed)
    return _finding(
        "appraisal.score_cap", outcome, name,
        f"line {score.line} “{score.text}” ({name}): {format_amount(score.value)} against "
        f"the weight {format_amount(weight)}分{of} — {verdict}",
        line=score.line, reported=score.value, computed=weight, allowed=allowed,
        terms=len(weights))


def _cap_outcome(mark: Mark, weights: Mapping[str, Decimal | None],
                 write: Callable[[], Finding]) -> Outcome:
    """``_cap(ev, score, tol).outcome`` of a score read as a mark, without the finding
    (``write``) when the score is at most its weight (the usual case); ``weights`` by
    the indicators' digits (each the first of its code's, as ``Evaluation.indicator``)."""
    codes = mark[4]
    if codes:
        weight = _ZERO
        for c in codes:
            w = weights[c]
            if w is not None:
                weight += w
        if mark[1] - weight <= 0:
            return _EXACT
    return write().outcome


def _cap_of(evaluation: Callable[[], Evaluation], k: int, tol: Tolerance) -> Finding:
    """``_cap`` of the k-th score of the evaluation built."""
    ev = evaluation()
    return _cap(ev, ev.scores[k], tol)


def _summed(ledger: Ledger, code: Code | None) -> list[Decimal]:
    """The printed figures a rollup adds up for an account (None: the 合计): each
    child's own, or where a child is not printed, its children's."""
    figures: list[Decimal] = []
    for child in ledger.children(code):
        value = child[SCORE]
        if child.printed and isinstance(value, Decimal):
            figures.append(value)
        elif not child.printed:
            figures += _summed(ledger, child.code)
    return figures


def _scores(ev: Read, evaluation: Callable[[], Evaluation], tol: Tolerance,
            found: _Found, quick: bool) -> None:
    """Each score against its weight, each printed 一级 (or 二级) score against the
    scores below it, and the overall score against the scores it adds up."""
    weights: dict[str, Decimal | None] = {}
    for row in ev.rows:  # the first of each code, as ``Evaluation.indicator``
        weights.setdefault(row[0], row[2])
    for k, mark in enumerate(ev.marks):
        write = partial(_cap_of, evaluation, k, tol)
        found.add(_cap_outcome(mark, weights, write), write)
    counts = _score_counts(ev) if quick else None
    if counts is not None:
        found.counted(counts, lambda: _score_sums(
            evaluation(), evaluation().score_ledger.check(points_tolerance(tol))))
    else:
        built = evaluation()
        audit = built.score_ledger.check(points_tolerance(tol))
        if ev.total is None:  # no 合计: its hierarchy findings all have a code
            found.built(_score_sums(built, audit))
        else:
            found.counted(_hierarchy_counts(audit), lambda: _score_sums(built, audit))
    if ev.total is None:
        found.built([_finding("appraisal.scores", _UNVERIFIABLE, "总体评分",
                              "the report states no overall score (总体评分为…分) — "
                              "unverifiable", line=None)])
    found.built([_finding("appraisal.scores", _UNVERIFIABLE, text,
                          f"line {line} “{text}”: under no 一级 indicator, not "
                          "in the sum — unverifiable", line=line, reported=value)
                 for _, value, line, text, _, group in ev.marks if group is None])


def _score_sums(ev: Evaluation, audit: Audit) -> list[Finding]:
    """The hierarchy findings of the score ledger, written up."""
    found = []
    ledger = ev.score_ledger
    lines = {c: s.line for s in reversed(ev.scores) if s.indicators for c in s.indicators[:1]}
    for f in audit.findings:
        if f.rule != "hierarchy" or (f.code is None and ev.total is None):
            continue
        parts = _summed(ledger, f.code)
        shown = " + ".join(format_amount(v) for v in parts)
        verdict = _verdict(f.outcome, f.difference, f.allowed)
        line: int | None
        if f.code is None:
            assert ev.total is not None
            name, line = "总体评分", ev.total.line
            detail = (f"line {line} “{ev.total.text}”: the {len(parts)} indicator scores "
                      f"{shown} = {format_amount(f.computed)} — {verdict}")
        else:
            name, line = ev.path(f.code), lines.get(f.code)
            detail = (f"line {line} {name} {format_amount(f.reported)}分: the {len(parts)} "
                      f"scores below it {shown} = {format_amount(f.computed)} — {verdict}")
        found.append(attrs.evolve(f, rule=FAMILY, rule_id="appraisal.scores", code=None,
                                  name=name, column=SCORE, table=TABLE, line=line,
                                  detail=detail))
    return found


def _grade(ev: Appraised) -> Finding | None:
    if ev.total is None or ev.grade is None:
        one = ev.total or ev.grade
        if one is None:
            return None
        return _finding("appraisal.grade", _UNVERIFIABLE, "评价结论",
                        "the report states a score without a grade, or a grade without a "
                        "score — unverifiable", line=one.line)
    total = ev.total.value
    assert isinstance(total, Decimal)
    bands = [b for b in ev.scale if b.holds(total)]
    scale = "the stated scale" if ev.scale_stated else "the scale of 财预〔2020〕10号"
    if not bands:
        outcome = _VIOLATED
        says = f"no band of {scale} holds {total}"
    else:
        outcome = _EXACT if bands[0].grade == ev.grade.value else _VIOLATED
        says = f"{scale} puts {total} in {bands[0].describe()}"
    return _finding("appraisal.grade", outcome, "评价结论",
                    f"line {ev.grade.line} “{ev.grade.text}”: {says} — "
                    f"{'exact' if outcome is _EXACT else 'violated'}",
                    line=ev.grade.line, reported=total)


def _grade_outcome(ev: Appraised) -> Outcome | None:
    """``_grade(ev).outcome`` without the finding (None: no finding)."""
    if ev.total is None or ev.grade is None:
        return None if ev.total is None and ev.grade is None else _UNVERIFIABLE
    total = ev.total.value
    assert isinstance(total, Decimal)
    for band in ev.scale:
        if band.holds(total):
            return _EXACT if band.grade == ev.grade.value else _VIOLATED
    return _VIOLATED


def _graded(ev: Appraised) -> Finding:
    found = _grade(ev)
    assert found is not None
    return found


def _restated_levels(ev: Read, found: _Found) -> None:
    firsts = {row[1]: row for row in ev.rows if len(row[0]) == 3}  # level 1
    # The 二级 and 三级 indicators under each 一级 one, by its digits.
    below: dict[str, list[int]] = {}
    for row in ev.rows:
        digits = row[0]
        if len(digits) > 3:
            below.setdefault(digits[:3], [0, 0])[len(digits) == 7] += 1
    for r in ev.restated:
        first = firsts.get(r.name)
        if first is None:
            found.built([_finding(
                "appraisal.restated", _UNVERIFIABLE, r.name,
                f"line {r.line} “{r.text}”: the table has no 一级 indicator {r.name} — "
                "unverifiable", line=r.line)])
            continue
        seconds, thirds = below.get(first[0], (0, 0))
        ok = (first[2], seconds, thirds) == (r.weight, r.second, r.third)
        found.add(_EXACT if ok else _VIOLATED,
                  partial(_restated_level, r, first[2], seconds, thirds, ok))


def _restated_level(r: LevelRestated, weight: Decimal | None, seconds: int, thirds: int,
                    ok: bool) -> Finding:
    return _finding(
        "appraisal.restated", _EXACT if ok else _VIOLATED, r.name,
        f"line {r.line} “{r.text}”: {r.weight}分, {r.second} 二级 and {r.third} 三级 "
        f"indicators; the table prints {format_amount(weight)}分, "
        f"{seconds} and {thirds} — {'exact' if ok else 'violated'}",
        line=r.line, reported=r.weight, computed=weight)


# ---- the arithmetic of the sentences ------------------------------------------------


def _interval(fact: FactLike, tol: Tolerance) -> Interval:
    """Money and rates are printed figures; counts, amounts per person and ratios
    are exact."""
    if fact.kind in (_MONEY, _RATE):
        return tol.interval(fact.value)
    return Interval.point(fact.value)


def _plain(value: Decimal) -> str:
    """A computed figure without trailing zeros: 946.05, 9460500."""
    return f"{value.normalize():f}"


def _show(fact: FactLike) -> str:
    if fact.kind is _MONEY:
        return f"{fact.value}万元"
    if fact.kind is _PER_PERSON:
        return f"{fact.value}元/人"
    if fact.kind is _COUNT:
        return f"{fact.value}人"
    if fact.kind is _RATE:
        return f"{fact.value}%"
    return fact.text


def check_arithmetic(claims: Sequence[Arithmetic], tol: Tolerance) -> list[Finding]:
    """A finding for each arithmetic claim.

    >>> from gfs_ledger.performance.arithmetic import read_facts, claims_of
    >>> facts = read_facts([(7, "共计6307人，每人发放1500元，实际使用资金946.05万元。")])
    >>> print(check_arithmetic(claims_of(facts), Tolerance())[0].message)
    line 7 “946.05万元”: 6307人 × 1500元/人 = 9460500元 = 946.05万元 — exact
    """
    found = _Found()
    _arithmetics(claims, tol, found)
    return list(found.batch().build())


def _arithmetics(claims: Sequence[ClaimLike], tol: Tolerance, found: _Found) -> None:
    for c in claims:
        found.add(_arithmetic_outcome(c, tol), partial(_arithmetic, c, tol))


def _arithmetic_outcome(claim: ClaimLike, tol: Tolerance) -> Outcome:
    """``_arithmetic(claim, tol).outcome``, without intervals or the finding when the
    computed figure, rounded to the stated digits, is the stated one (the usual case)."""
    value = _computed(claim)
    if value is not None and _rounds_to(value, claim.stated.value):
        return _EXACT
    return _arithmetic(claim, tol).outcome


def _computed(claim: ClaimLike) -> Decimal | None:
    """The figure ``_arithmetic`` computes for a claim, as it computes it; None where it
    computes none (a rate without terms or of a zero base)."""
    if not claim.terms:
        return None
    a, b = claim.terms
    if claim.kind is _PRODUCT:  # convert(…, 元, 万元) without hashing the units
        return (a.value * b.value).scaleb(_YUAN_IN_WAN)
    if claim.kind is _SPLIT:
        share = b.parts[b.parties.index(claim.share or "")]
        return a.value * share / sum(b.parts, _ZERO)
    if claim.kind is _DIFFERENCE:
        return a.value - b.value
    if b.value == 0:
        return None
    return _FORTY.multiply(_FORTY.divide(a.value, b.value), _HUNDRED)


def _arithmetic(claim: ClaimLike, tol: Tolerance) -> Finding:
    stated = claim.stated
    rule_id = f"appraisal.{claim.kind.value}"
    head = f"line {stated.line} “{stated.text}”"
    if claim.kind is _RATE_CLAIM and not claim.terms:
        if stated.all_of_it:
            outcome = _EXACT if stated.value == _HUNDRED else _VIOLATED
            return _finding(rule_id, outcome, stated.label,
                            f"{head} ({stated.label}): the sentence says all of it (全部) "
                            f"— 100% — {'exact' if outcome is _EXACT else 'violated'}",
                            line=stated.line, reported=stated.value, computed=_HUNDRED)
        return _finding(rule_id, _UNVERIFIABLE, stated.label,
                        f"{head} ({stated.label}): no actual and planned figures before it "
                        "— unverifiable", line=stated.line, reported=stated.value)
    a, b = claim.terms
    ia, ib = _interval(a, tol), _interval(b, tol)
    if claim.kind is _PRODUCT:
        value, interval = a.value * b.value, ia * ib
        value, interval = (convert(value, _YUAN, _WAN),
                           Interval(convert(interval.lo, _YUAN, _WAN),
                                    convert(interval.hi, _YUAN, _WAN)))
        how = f"{_show(a)} × {_show(b)} = {_plain(a.value * b.value)}元 = {_plain(value)}万元"
        name = "人数 × 人均金额"
    elif claim.kind is _SPLIT:
        parts = b.parts
        share = parts[b.parties.index(claim.share or "")]
        whole = sum(parts, _ZERO)
        value, interval = a.value * share / whole, ia * share / whole
        how = (f"{_show(a)} × {share}/{whole} ({claim.share} of "
               f"{'、'.join(b.parties)} {':'.join(map(str, parts))}) = {_plain(value)}")
        name = f"{claim.share}级 share"
    elif claim.kind is _DIFFERENCE:
        value, interval = a.value - b.value, ia - ib
        how = f"{_show(a)} − {_show(b)} = {_plain(value)}"
        name = "差额"
    else:
        if b.value == 0:
            return _finding(rule_id, _UNVERIFIABLE, stated.label,
                            f"{head} ({stated.label}): its base {_show(b)} is zero — "
                            "unverifiable", line=stated.line, reported=stated.value)
        with localcontext() as ctx:
            ctx.prec = 40
            value = a.value / b.value * _HUNDRED
        interval = ia / ib * _HUNDRED
        how = f"{_show(a)} / {_show(b)} = {value.quantize(Decimal('0.0001'))}%"
        name = stated.label
    stated_interval = _interval(stated, tol)
    outcome, allowed = _compare(stated.value, stated_interval, value, interval, tol)
    difference = stated.value - value
    return _finding(rule_id, outcome, name,
                    f"{head}: {how} — {_verdict(outcome, difference, allowed)}",
                    line=stated.line, reported=stated.value, computed=value,
                    allowed=allowed, terms=2)


# ---- the main text and the tables ---------------------------------------------------


def check_main_text(ev: Evaluation, prose: Sequence[tuple[int, str]],
                    facts: Sequence[Fact], tables: Mapping[str, object] | None,
                    tol: Tolerance) -> list[Finding]:
    """The score, grade and funds the main text restates from the evaluation report,
    and the funds of the whole department's evaluation against the tables.

    >>> from gfs_ledger import read_report
    >>> report = read_report()
    >>> ev = report.evaluation()
    >>> found = check_main_text(ev, [(9, "总体评分为99.5分，评价结论为“优”。")], (), None,
    ...                         Tolerance())
    >>> [(f.name, f.outcome.value) for f in found]
    [('总体评分', 'violated'), ('评价结论', 'exact')]
    """
    found = _Found()
    _main_text(ev, prose, normal_lines(prose), facts, tables, tol, found)
    return list(found.batch().build())


def _main_text(ev: Appraised, prose: Sequence[tuple[int, str]], texts: Sequence[str],
               facts: Sequence[FactLike], tables: Mapping[str, object] | None, tol: Tolerance,
               found: _Found) -> None:
    # The evaluated funds: the budget of the level the title names (市级专项资金).
    level = LEVEL.search(normal(ev.title or ""))
    funds = sorted({f.value for f in facts if f.kind is _MONEY
                    and f.role in ("budget", "plan") and f.level is not None
                    and (level is None or f.level == level[1])})
    # Each pattern is searched only in lines holding its first words, found in the
    # lines joined.
    joined = "\n".join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    wanted: set[int] = set()
    for word in ("总体评分为", "评价结论为", "部门整体支出"):
        at = joined.find(word)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            wanted.add(k)
            at = joined.find(word, starts[k + 1]) if k + 1 < len(starts) else -1
    for k in sorted(wanted):
        line, text = prose[k][0], texts[k]
        m = OVERALL.search(text) if "总体评分为" in text else None
        if m is not None and ev.total is not None:
            ok = Decimal(m[1]) == ev.total.value
            found.add(_EXACT if ok else _VIOLATED, partial(
                _restated, line, m[0], "总体评分", Decimal(m[1]), ev.total))
        g = GRADE.search(text) if "评价结论为" in text else None
        if g is not None and ev.grade is not None:
            ok = g[1] == ev.grade.value
            found.add(_EXACT if ok else _VIOLATED, partial(
                _restated, line, g[0], "评价结论", g[1], ev.grade))
        start = text.find("部门绩效评价") if m is not None else -1
        if start >= 0 and m is not None:
            for money in re.finditer(r"(\d+(?:\.\d+)?)万元", text[start:m.start()]):
                found.built([_funds(line, money, funds)])
        whole = _WHOLE.search(text) if "部门整体支出" in text else None
        if whole is not None and tables is not None:
            _against_tables(line, whole, tables, tol, found)


_WHOLE = re.compile(r"部门整体支出[^。]*?涉及资金(\d+(?:\.\d+)?)万元"
                    r"(?:,其中一般公共预算支出(\d+(?:\.\d+)?)万元)?")


def _funds(line: int, money: re.Match[str], funds: Sequence[Decimal]) -> Finding:
    value = Decimal(money[1])
    head = f"line {line} “{money[0]}”"
    if not funds:
        return _finding("appraisal.restated", _UNVERIFIABLE, "涉及资金",
                        f"{head}: the report states no budget of the evaluated funds — "
                        "unverifiable", line=line, reported=value)
    ok = value in funds
    shown = ", ".join(format_amount(v) for v in funds)
    return _finding("appraisal.restated", _EXACT if ok else _VIOLATED,
                    "涉及资金", f"{head}: the budget of the evaluated funds in the report: "
                    f"{shown} — {'exact' if ok else 'violated'}", line=line, reported=value,
                    computed=value if ok else None)


def _restated(line: int, text: str, name: str, value: Decimal | str,
              source: Stated) -> Finding:
    ok = value == source.value
    return _finding("appraisal.restated", _EXACT if ok else _VIOLATED, name,
                    f"line {line} “{text}”: the evaluation report (line {source.line}) "
                    f"states {source.value} — {'exact' if ok else 'violated'}", line=line,
                    reported=value if isinstance(value, Decimal) else None,
                    computed=source.value if isinstance(source.value, Decimal) else None)


def _against_tables(line: int, m: re.Match[str], tables: Mapping[str, object],
                    tol: Tolerance, found: _Found) -> None:
    wanted = [(m[1], "公开01表", "本年支出合计", "支出"), (m[2], "公开05表", None, None)]
    for stated, table_id, item, section in wanted:
        if stated is None:
            continue
        value = Decimal(stated)
        figure = _table_figure(tables.get(table_id), item, section)
        if figure is None:
            where = f"{table_id} {item or '合计'}"
            found.built([_finding(
                "appraisal.tables", _UNVERIFIABLE, "部门整体支出",
                f"line {line} “{stated}万元”: {where} is not printed — unverifiable",
                line=line, reported=value, table=table_id)])
            continue
        build = partial(_against_table, line, stated, value, table_id, *figure, tol)
        found.add(_EXACT if _rounds_to(figure[1], value) else build().outcome, build)


def _against_table(line: int, stated: str, value: Decimal, table_id: str, where: str,
                   printed: Decimal, tol: Tolerance) -> Finding:
    outcome, allowed = _compare(value, tol.interval(value), printed, tol.interval(printed), tol)
    return _finding(
        "appraisal.tables", outcome, "部门整体支出",
        f"line {line} “{stated}万元” (部门整体支出绩效自评): {table_id} {where} prints "
        f"{format_amount(printed)} — {_verdict(outcome, value - printed, allowed)}",
        line=line, reported=value, computed=printed, allowed=allowed, terms=1,
        table=table_id)


def _table_figure(table: object, item: str | None, section: str | None,
                  ) -> tuple[str, Decimal] | None:
    """Where a figure is in a table and what it prints: an item's figure, or (no item)
    the first column of a ledger's 合计 row."""
    from gfs_ledger.tables.model import Table

    if not isinstance(table, Table):
        return None
    try:
        if item is not None:
            value, where = table.value(item, section=section), item
        elif table.ledger is not None and table.ledger.total is not None:
            value, where = table.ledger.total[0], f"合计·{table.ledger.columns[0]}"
        else:
            return None
    except (KeyError, LookupError):
        return None
    return (where, value) if isinstance(value, Decimal) else None


def check_evaluation(
    evaluation: Evaluation,
    tolerance: Tolerance | None = None,
    *,
    prose: Sequence[tuple[int, str]] = (),
    tables: Mapping[str, object] | None = None,
) -> tuple[Finding, ...]:
    """Every finding of an evaluation: weights, score caps, the scores' sum, the grade,
    the restated weights, the arithmetic of its sentences and, given the main text
    (``prose``) and the ``tables``, what they restate.

    >>> from gfs_ledger import read_report
    >>> found = check_evaluation(read_report().evaluation())
    >>> len(found), {f.outcome.value for f in found}
    (53, {'exact'})
    """
    weights, found = evaluation_findings(evaluation, tolerance, prose=prose, tables=tables)
    return (*weights.build(), *found.build())


def evaluation_findings(
    evaluation: Evaluation,
    tolerance: Tolerance | None = None,
    *,
    prose: Sequence[tuple[int, str]] = (),
    tables: Mapping[str, object] | None = None,
) -> tuple[FindingBatch, FindingBatch]:
    """What ``check_evaluation`` finds, as two batches built when first read (an
    audit's summary needs only their outcomes): the weights' findings, then the
    others."""
    return normalised_findings(evaluation, tolerance or Tolerance(), prose, tables,
                               normal_lines(evaluation.lines), normal_lines(prose))


def normalised_findings(
    evaluation: Evaluation, tol: Tolerance, prose: Sequence[tuple[int, str]],
    tables: Mapping[str, object] | None, lines: Sequence[str], texts: Sequence[str],
) -> tuple[FindingBatch, FindingBatch]:
    """``evaluation_findings``, given the evaluation's ``lines`` and the ``prose``'s
    ``texts`` normalised (``normal_lines``)."""
    return _findings(read_of(evaluation), lambda: evaluation, tol, prose, tables, lines,
                     texts, False)


def read_findings(
    read: Read, tol: Tolerance, prose: Sequence[tuple[int, str]],
    tables: Mapping[str, object] | None, lines: Sequence[str], texts: Sequence[str],
) -> tuple[FindingBatch, FindingBatch]:
    """``normalised_findings(read.evaluation(), …)``, the ``Evaluation`` and its ledgers
    built only when a finding is read or a check of them is not plainly exact."""
    made: list[Evaluation] = []

    def evaluation() -> Evaluation:
        if not made:
            made.append(read.evaluation())
        return made[0]

    return _findings(read, evaluation, tol, prose, tables, lines, texts, True)


def _findings(
    evaluation: Read, built: Callable[[], Evaluation], tol: Tolerance,
    prose: Sequence[tuple[int, str]], tables: Mapping[str, object] | None,
    lines: Sequence[str], texts: Sequence[str], quick: bool,
) -> tuple[FindingBatch, FindingBatch]:
    """The two batches of an evaluation read (``quick``: its trees' outcomes counted
    from the figures where they are plainly exact; else from the ledgers' audits)."""
    facts = read_normalised_facts(evaluation.lines, lines)
    weights = _weights(evaluation, built, tol, quick)
    found = _Found()
    _scores(evaluation, built, tol, found, quick)
    grade = _grade_outcome(evaluation)
    if grade is not None:
        found.add(grade, partial(_graded, evaluation))
    _restated_levels(evaluation, found)
    _arithmetics(claims_among(facts), tol, found)
    _main_text(evaluation, prose, texts, facts, tables, tol, found)
    return weights, found.batch()
