"""Claim extraction from the prose of the sample (第三部分 情况说明)."""

from collections import Counter
from decimal import Decimal

import pytest

from gfs_ledger.narrative.claims import ClaimKind, extract_claims
from gfs_ledger.samples import sample_text

PROSE_START, PROSE_END = 440, 569  # 第三部分 情况说明 … 第四部分 名词解释


@pytest.fixture(scope="module")
def claims():
    lines = sample_text().split("\n")
    prose = [(n, text) for n, text in enumerate(lines, start=1) if PROSE_START <= n < PROSE_END]
    return extract_claims(prose)


def test_every_share_rate_and_change_is_found(claims):
    kinds = Counter(c.kind for c in claims)
    assert kinds[ClaimKind.SHARE] == 19
    assert kinds[ClaimKind.COMPLETION] == 11
    assert kinds[ClaimKind.CHANGE] == 13
    assert kinds[ClaimKind.SHARE] + kinds[ClaimKind.COMPLETION] + kinds[ClaimKind.CHANGE] > 25


def test_a_class_share_knows_its_subject_and_part(claims):
    share = next(c for c in claims if c.kind is ClaimKind.SHARE and c.line == 479)
    assert share.subject == "一般公共服务支出(类)"
    assert share.stated.value == Decimal("42.27")
    assert share.part is not None and share.part.value == Decimal("751.01")
    assert share.text == "占比42.27%"
    assert share.section.startswith("（二）一般公共预算财政拨款支出决算结构情况")


def test_a_change_is_signed_and_paired_with_its_rate(claims):
    change = next(c for c in claims if c.kind is ClaimKind.CHANGE and c.line == 493)
    assert change.stated.value == Decimal("-110.14")
    assert change.percent == Decimal("-12.79")
    assert change.subject == "一般公共服务支出"
    assert change.part is not None and change.part.value == Decimal("751.01")
    rise = next(c for c in claims if c.kind is ClaimKind.CHANGE and c.line == 495)
    assert (rise.stated.value, rise.percent) == (Decimal("16.42"), Decimal("21.65"))


def test_a_completion_rate_carries_actual_and_budget(claims):
    rate = next(c for c in claims if c.kind is ClaimKind.COMPLETION and c.line == 491)
    assert rate.stated.value == Decimal("224.27")
    assert rate.part is not None and rate.part.value == Decimal("1776.55")
    assert rate.base is not None and rate.base.value == Decimal("792.13")
    assert rate.relative_to == "年初预算"


def test_the_five_category_budgets_form_a_breakdown(claims):
    budget = next(c for c in claims if c.kind is ClaimKind.SUM and c.line == 491
                  and c.stated.label.endswith("年初预算"))
    assert [p.value for p in budget.parts] == [Decimal(v) for v in
                                               ("593.79", "73.8", "23.69", "59", "41.84")]
    assert sum(p.value for p in budget.parts) == Decimal("792.12")


def test_amounts_in_yuan_and_thresholds(claims):
    yuan = [c for c in claims if c.kind is ClaimKind.AMOUNT and c.stated.unit == "元"]
    assert {c.stated.value for c in yuan} == {Decimal(980)}
    assert not any(c.stated.value == 100 and c.stated.unit == "万元" for c in claims)


def test_vehicle_counts(claims):
    vehicles = {c.subject: c.stated.value for c in claims
                if c.kind is ClaimKind.COUNT and c.line == 555}
    assert vehicles["本部门（单位）共有车辆"] == 1
    assert vehicles["其他用车"] == 1
    assert vehicles["执法执勤用车"] == 0


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("上级补助收入0万元，占比0%；", ClaimKind.SHARE, Decimal(0)),
        ("比上年度减少0.08万元，下降100%", ClaimKind.CHANGE, Decimal("-0.08")),
        ("政府采购授予中小企业合同金额1.55万元，占政府采购支出总额的100.00%。",
         ClaimKind.SHARE, Decimal("100.00")),
        ("本年机关运行经费支出1,234.5万元。", ClaimKind.AMOUNT, Decimal("1234.5")),
    ],
)
def test_single_lines(text, kind, value):
    found = [c for c in extract_claims([(7, text)]) if c.kind is kind]
    assert [c.stated.value for c in found] == [value]
    assert found[0].line == 7


@pytest.mark.parametrize("source", [None, "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"])
def test_claims_checked_as_held_are_the_public_ones(source):
    # check_claims reads the general reader's claims as it holds them (plain records,
    # never made public); made public they are extract_claims's, and checking the public
    # claims finds the same findings in the same order.
    from pathlib import Path

    from gfs_ledger import read_report
    from gfs_ledger.intervals import Tolerance
    from gfs_ledger.narrative import check_claims
    from gfs_ledger.narrative.check import ClaimChecker
    from gfs_ledger.narrative.claims import Claim, _held_claims
    from gfs_ledger.narrative.targets import ReportFigures

    if source is not None:
        pytest.importorskip("pypdfium2")
    report = read_report(None if source is None else Path(__file__).parent / "data/real" / source)
    pages = report.locations if report.layout is not None else None
    held = _held_claims(report.prose, pages)
    assert any(not isinstance(c, Claim) for c in held)
    public = report.claims()
    assert tuple(c if isinstance(c, Claim) else c.public() for c in held) == public
    assert [c.at for c in held] == [c.at for c in public]
    for tolerance in (Tolerance(), Tolerance.exact()):
        checker = ClaimChecker(ReportFigures(report), tolerance, report.unit, report.year,
                               report.kind)
        findings = checker.check(public)
        assert check_claims(report, tolerance).findings[: len(findings)] == findings
