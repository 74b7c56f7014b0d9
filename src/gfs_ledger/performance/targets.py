"""The 财政项目支出绩效目标填报表 of a budget (Shanghai's layout), read from the text
lines of its pages, and checked: each project's funds add up, and the projects agree
with the project spending the document prints.

The reader knows nothing of PDFs: it takes each page as its lines of text, in the
order a PDF text layer gives them (``pdfplumber``'s ``extract_text().splitlines()``),
and finds the labelled figures on them::

    项目名称 就业援助基地补贴 项目性质 经常性项目 项目类别 特定目标类
    项目资金总额 6,351,000.00 年度资金申请总额 6,351,000.00
    其中：当年财政拨款 6,351,000.00
    项目资金 其中：财政资金 6,351,000.00
    （元） 上年结转资金 0.00
    其他资金 0.00其他资金 0.00

The left column of the form (项目资金总额 = 财政资金 + 其他资金) covers the whole project,
the right one (年度资金申请总额 = 当年财政拨款 + 上年结转资金 + 其他资金) the year; where
both 其他资金 are printed on one line, the left one comes first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

from gfs_ledger.amounts import Unit, convert, format_amount
from gfs_ledger.diagnostics import Diagnostic, Severity
from gfs_ledger.findings import Audit, Finding, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.performance.evaluation import normal
from gfs_ledger.performance.rules import FAMILY

TITLE = "财政项目支出绩效目标填报表"
TABLE = "绩效目标表"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NAME = re.compile(r"项目名称\s*(.+?)\s*项目性质\s*(\S*)\s*项目类别\s*(\S*)")
_FIELDS = {
    "total": re.compile(rf"项目资金总额\s*({_NUM})"),
    "annual": re.compile(rf"年度资金申请总额\s*({_NUM})"),
    "appropriation": re.compile(rf"当年财政拨款\s*({_NUM})"),
    "fiscal": re.compile(rf"(?<!当年)财政资金\s*({_NUM})"),
    "carried": re.compile(rf"上年结转资金\s*({_NUM})"),
}
_OTHER = re.compile(rf"其他资金\s*({_NUM})")
_STATED = re.compile(rf"编报绩效目标的项目\s*(\d+)\s*个[,，]?\s*涉及项目预算资金\s*({_NUM})\s*(万元|元|亿元)")
_UNITS = {"元": Unit.YUAN, "万元": Unit.WAN, "亿元": Unit.YI}
_ZERO = Decimal(0)


@attrs.frozen(slots=True)
class Figure:
    """A labelled amount of a form, in 元, with the page and line it is printed on."""

    value: Decimal
    page: int
    line: int


@attrs.frozen(slots=True)
class TargetProject:
    """One 财政项目支出绩效目标填报表: the project's name, nature, category and funds
    (``None`` where the form prints no figure)."""

    name: str
    page: int
    nature: str | None = None
    category: str | None = None
    total: Figure | None = None
    fiscal: Figure | None = None
    other_total: Figure | None = None
    annual: Figure | None = None
    appropriation: Figure | None = None
    carried: Figure | None = None
    other_annual: Figure | None = None


@attrs.frozen(slots=True)
class TargetForms:
    """The projects of the 绩效目标 pages, and the lines that could not be read."""

    projects: tuple[TargetProject, ...]
    diagnostics: tuple[Diagnostic, ...] = ()


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def read_targets(pages: Sequence[Sequence[str]], *, first_page: int = 1) -> TargetForms:
    """Read the 财政项目支出绩效目标填报表 among pages of text lines.

    A page whose lines hold the title starts a form; a page without it continues the
    form before it. Figures are read in 元 (what the form prints).

    >>> forms = read_targets([["财政项目支出绩效目标填报表",
    ...     "项目名称 就业援助基地补贴 项目性质 经常性项目 项目类别 特定目标类",
    ...     "项目资金总额 6,351,000.00 年度资金申请总额 6,351,000.00"]], first_page=32)
    >>> project = forms.projects[0]
    >>> project.name, project.category, project.total
    ('就业援助基地补贴', '特定目标类', Figure(value=Decimal('6351000.00'), page=32, line=3))
    """
    projects: list[dict[str, object]] = []
    problems: list[Diagnostic] = []
    for offset, page in enumerate(pages):
        number = first_page + offset
        texts = [normal(t) for t in page]
        if any(TITLE in t.replace(" ", "") for t in texts):
            projects.append({"page": number, "name": ""})
        elif not projects:
            continue
        current = projects[-1]
        for line, text in enumerate(texts, 1):
            if (m := _NAME.search(text)) and not current["name"]:
                current.update(name=m[1], nature=m[2] or None, category=m[3] or None)
            for field, pattern in _FIELDS.items():
                for found in pattern.finditer(text):
                    if field in current:
                        problems.append(_twice(field, number, line))
                        continue
                    current[field] = Figure(_amount(found[1]), number, line)
            for k, found in enumerate(_OTHER.finditer(text)):
                key = "other_total" if k == 0 and "other_total" not in current else "other_annual"
                if key in current:
                    problems.append(_twice("其他资金", number, line))
                    continue
                current[key] = Figure(_amount(found[1]), number, line)
    out = []
    for fields in projects:
        if not fields["name"]:
            problems.append(Diagnostic(
                "unread_target", f"page {fields['page']}: a 绩效目标 form without 项目名称",
                Severity.WARNING, None, None, TABLE))
        out.append(TargetProject(**fields))  # type: ignore[arg-type]
    return TargetForms(tuple(out), tuple(problems))


def _twice(field: str, page: int, line: int) -> Diagnostic:
    return Diagnostic("repeated_figure", f"page {page}, line {line}: {field} printed twice "
                      "on one form; the first is kept", Severity.WARNING, line, None, TABLE)


def stated_targets(lines: Sequence[str]) -> tuple[int, Decimal, Unit] | None:
    """The number of projects with targets and their budget, as the prose states them
    (编报绩效目标的项目5个，涉及项目预算资金3328.13万元), or None.

    >>> stated_targets(["编报绩效目标的项目5个，", "涉及项目预算资金3328.13万元。"])
    (5, Decimal('3328.13'), <Unit.WAN: '万元'>)
    """
    text = normal("".join(lines))
    m = _STATED.search(text)
    return None if m is None else (int(m[1]), _amount(m[2]), _UNITS[m[3]])


def _where(figure: Figure) -> str:
    return f"page {figure.page}"


def _sum_finding(project: TargetProject, label: str, total: Figure | None,
                 parts: Sequence[tuple[str, Figure | None]], tol: Tolerance) -> Finding:
    printed = [(n, f) for n, f in parts if f is not None]
    head = f"{project.name} ({_where(total) if total else f'page {project.page}'})"
    if total is None or not printed:
        return Finding(FAMILY, Outcome.NOT_APPLICABLE, None, None, project.name, None, None,
                       None, None, table=TABLE, rule_id="appraisal.target_funds",
                       detail=f"{head}: {label} or its parts are not printed")
    computed = sum((f.value for _, f in printed), _ZERO)
    interval = tol.sum_interval([f.value for _, f in printed])
    allowed = tol.allowed(total.value, tol.interval(total.value), computed, interval)
    difference = total.value - computed
    if difference == 0:
        outcome, verdict = Outcome.EXACT, "exact"
    elif abs(difference) <= allowed:
        outcome, verdict = Outcome.ROUNDING, f"within rounding (±{allowed})"
    else:
        outcome = Outcome.VIOLATED
        verdict = f"violated (difference {format_amount(difference)}, allowed ±{allowed})"
    shown = " + ".join(f"{n} {format_amount(f.value)}" for n, f in printed)
    return Finding(FAMILY, outcome, label, None, project.name, total.value, computed,
                   difference, allowed, terms=len(printed), table=TABLE,
                   rule_id="appraisal.target_funds",
                   detail=f"{head}: {label} {format_amount(total.value)} = {shown} = "
                          f"{format_amount(computed)} — {verdict}")


def check_targets(
    forms: TargetForms,
    tolerance: Tolerance | None = None,
    *,
    stated: tuple[int, Decimal, Unit] | None = None,
    project_spending: Decimal | None = None,
    spending_unit: Unit = Unit.YUAN,
) -> Audit:
    """Check every form's funds, and, when the document prints them, the projects
    against the stated number and budget of the projects with targets (``stated``, see
    ``stated_targets``) and against the 项目支出 of its expenditure table
    (``project_spending``, in ``spending_unit``).

    >>> forms = read_targets([["财政项目支出绩效目标填报表", "项目名称 甲 项目性质 经常性项目 项目类别 其他",
    ...     "项目资金总额 100.00 年度资金申请总额 100.00", "其中：当年财政拨款 116.00",
    ...     "其中：财政资金 100.00", "上年结转资金 0.00", "其他资金 0.00其他资金 0.00"]])
    >>> [f.outcome.value for f in check_targets(forms).findings]
    ['exact', 'violated']
    """
    tol = tolerance or Tolerance()
    found: list[Finding] = []
    for p in forms.projects:
        found.append(_sum_finding(p, "项目资金总额", p.total,
                                  [("财政资金", p.fiscal), ("其他资金", p.other_total)], tol))
        found.append(_sum_finding(p, "年度资金申请总额", p.annual,
                                  [("当年财政拨款", p.appropriation),
                                   ("上年结转资金", p.carried), ("其他资金", p.other_annual)],
                                  tol))
    annual = [p.annual.value for p in forms.projects if p.annual is not None]
    if stated is not None:
        found += _against_stated(forms, annual, stated, tol)
    if project_spending is not None and annual:
        found.append(_against_spending(annual, project_spending, spending_unit, tol))
    return Audit.of(found, tol, forms.diagnostics)


def _spending(rule: str, outcome: Outcome, name: str, detail: str,
              reported: Decimal | None = None, computed: Decimal | None = None,
              allowed: Decimal | None = None, terms: int = 0) -> Finding:
    difference = None if reported is None or computed is None else reported - computed
    return Finding(FAMILY, outcome, None, None, name, reported, computed, difference,
                   allowed, terms=terms, table=TABLE, rule_id=rule, detail=detail)


def _against_stated(forms: TargetForms, annual: Sequence[Decimal],
                    stated: tuple[int, Decimal, Unit], tol: Tolerance) -> list[Finding]:
    count, amount, unit = stated
    n = len(forms.projects)
    out = [_spending(
        "appraisal.target_spending", Outcome.EXACT if n == count else Outcome.VIOLATED,
        "编报绩效目标的项目", f"编报绩效目标的项目{count}个: the 绩效目标 tables print {n} "
        f"projects — {'exact' if n == count else 'violated'}", Decimal(count), Decimal(n))]
    total = convert(sum(annual, _ZERO), Unit.YUAN, unit)
    interval = tol.sum_interval([convert(a, Unit.YUAN, unit) for a in annual])
    allowed = tol.allowed(amount, tol.interval(amount), total, interval)
    difference = amount - total
    outcome = (Outcome.EXACT if difference == 0 else
               Outcome.ROUNDING if abs(difference) <= allowed else Outcome.VIOLATED)
    shown = " + ".join(format_amount(a) for a in annual)
    verdict = {Outcome.EXACT: "exact", Outcome.ROUNDING: f"within rounding (±{allowed})",
               Outcome.VIOLATED: f"violated (difference {difference}, allowed ±{allowed})"}
    out.append(_spending(
        "appraisal.target_spending", outcome, "涉及项目预算资金",
        f"涉及项目预算资金{amount}{unit.value}: the 年度资金申请总额 of the {len(annual)} "
        f"projects, {shown} 元, sum to {total.normalize():f}{unit.value} — {verdict[outcome]}",
        amount, total, allowed, len(annual)))
    return out


def _against_spending(annual: Sequence[Decimal], spending: Decimal, unit: Unit,
                      tol: Tolerance) -> Finding:
    total = sum(annual, _ZERO)
    limit = convert(spending, unit, Unit.YUAN)
    interval = tol.sum_interval(list(annual))
    limit_interval = tol.interval(spending)
    low = convert(limit_interval.hi, unit, Unit.YUAN)
    allowed = (total - interval.lo) + (low - limit)
    if total <= limit:
        outcome, verdict = Outcome.EXACT, "at most it — exact"
    elif total - limit <= allowed:
        outcome, verdict = Outcome.ROUNDING, f"within rounding (±{allowed})"
    else:
        outcome, verdict = Outcome.VIOLATED, f"violated (over by {format_amount(total - limit)})"
    return _spending(
        "appraisal.target_spending", outcome, "项目支出",
        f"the {len(annual)} projects with targets, {format_amount(total)} 元, against the "
        f"项目支出 of the expenditure table {format_amount(spending)} {unit.value} — {verdict}",
        total, limit, allowed, len(annual))
