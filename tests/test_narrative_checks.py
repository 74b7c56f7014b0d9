"""The prose of the sample checked against its tables (issue 4's figures)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpora import passing_text
from gfs_ledger import Outcome, Tolerance, read_report
from gfs_ledger.cli import main
from gfs_ledger.narrative import check_claims
from gfs_ledger.narrative.check import ClaimChecker, Located
from gfs_ledger.narrative.claims import Claim, ClaimKind, Stated
from gfs_ledger.samples import sample_text

PART_THREE = sample_text().index("第三部分 情况说明\n\n一、")


def _audit(text: str | None = None):
    return check_claims(read_report(text) if text else read_report())


def _prose_mutation(old: str, new: str) -> str:
    """The sample, its one prose defect taken out so that it passes, with ``old``
    replaced by ``new`` in part three only."""
    text = passing_text()
    head, prose = text[:PART_THREE], text[PART_THREE:]
    assert old in prose, old
    return head + prose.replace(old, new)


def _by_line(audit, line: int, kind: str):
    return [f for f in audit.findings if f.line == line and f.rule_id == f"narrative.{kind}"]


@pytest.fixture(scope="module")
def sample_audit():
    return _audit()


def test_more_than_25_shares_rates_and_changes_are_checked(sample_audit):
    ratios = [f for f in sample_audit.findings
              if f.rule_id in ("narrative.share", "narrative.completion", "narrative.change")]
    assert len(ratios) == 43
    assert sum(f.outcome is not Outcome.UNVERIFIABLE for f in ratios) > 25
    # none of them is violated: the sample's 4 violations are its 980元 of payments
    assert {f.rule_id for f in sample_audit.violations} == {"narrative.amount", "narrative.events"}


@pytest.mark.parametrize(("line", "stated"), [
    (479, "42.27"), (481, "5.19"), (483, "1.08"), (485, "48.76"), (487, "2.70"),
    (459, "50.44"), (460, "49.56"),
])
def test_class_and_basic_project_shares_are_exact(sample_audit, line, stated):
    [finding] = _by_line(sample_audit, line, "share")
    assert finding.outcome is Outcome.EXACT
    assert finding.reported == Decimal(stated)
    assert finding.table in ("公开05表", "公开03表")


def test_completion_224_27_is_within_rounding(sample_audit):
    [finding] = _by_line(sample_audit, 491, "completion")
    assert finding.outcome is Outcome.ROUNDING
    assert finding.reported == Decimal("224.27")
    # 1,776.55 / 792.13 = 224.2751…%, which rounds to 224.28
    assert finding.computed == Decimal("224.2751")
    assert "公开05表 合计·小计 1,776.55" in finding.message


def test_the_five_category_budgets_add_to_792_12_against_792_13(sample_audit):
    sums = _by_line(sample_audit, 491, "sum")
    budget = next(f for f in sums if f.reported == Decimal("792.13"))
    assert budget.outcome is Outcome.ROUNDING
    assert budget.computed == Decimal("792.12")
    actual = next(f for f in sums if f.reported == Decimal("1776.55"))
    assert actual.outcome is Outcome.EXACT


def test_a_blank_or_empty_table_holds_an_exact_zero(sample_audit):
    [three_public] = [f for f in _by_line(sample_audit, 523, "change")]
    assert three_public.outcome is Outcome.EXACT  # 减少0.08万元，下降100%: 0.08 / 0.08
    assert "published empty" in three_public.message


def test_changing_a_share_is_violated_naming_the_table_figures():
    audit = _audit(_prose_mutation("占比42.27%", "占比24.27%"))
    [finding] = audit.violations
    assert finding.rule_id == "narrative.share" and finding.line == 479
    assert "公开05表 201 一般公共服务支出·小计 751.01 / 公开05表 合计·小计 1,776.55" in finding.message


def test_changing_a_rate_of_change_is_violated():
    audit = _audit(_prose_mutation("下降12.79%", "下降21.79%"))
    [finding] = audit.violations
    assert finding.rule_id == "narrative.change" and finding.line == 493
    assert finding.reported == Decimal("-21.79") and finding.computed == Decimal("-12.7899")
    assert "公开05表 201 一般公共服务支出·小计 751.01" in finding.message


def test_changing_an_amount_in_part_three_is_violated_against_the_tables():
    audit = _audit(_prose_mutation("1,776.55万元", "1,767.55万元"))
    amounts = [f for f in audit.violations if f.rule_id == "narrative.amount"]
    named = {f.message.split(": ", 1)[1].split(" prints")[0] for f in amounts}
    assert {"公开01表 收入·总计", "公开01表 支出·总计", "公开02表 合计·本年收入合计",
            "公开03表 合计·本年支出合计", "公开04表 收入·总计", "公开04表 支出·总计",
            "公开05表 合计·小计"} <= named
    assert all(f.reported == Decimal("1767.55") and f.computed == Decimal("1776.55")
               for f in amounts)
    # every line that restates the total is caught
    assert {f.line for f in amounts} == {444, 448, 449, 458, 467, 473, 477, 491}
    # and the parts the text lists (基本支出 + 项目支出 + …, the five 类) no longer add up
    breakdowns = [(f.line, f.reported, f.computed) for f in audit.violations
                  if f.rule_id == "narrative.sum"]
    assert breakdowns == [(458, Decimal("1767.55"), Decimal("1776.55")),
                          (491, Decimal("1767.55"), Decimal("1776.55"))]


def test_narrative_findings_join_the_report_audit():
    audit = read_report().audit()
    summary = {s.rule: s for s in audit.summary()}
    assert summary["narrative"].checks == len(_audit().findings)
    assert summary["narrative"].unverifiable > 0


def test_claims_command(capsys, tmp_path):
    assert main(["claims"]) == 1
    out = capsys.readouterr().out
    assert "line 491 “完成年初预算的224.27%”" in out
    assert out.rstrip().endswith("FAILED: 4 violated.")
    passing = tmp_path / "passing.txt"
    passing.write_text(passing_text(), encoding="utf-8")
    assert main(["claims", str(passing)]) == 0
    assert capsys.readouterr().out.rstrip().endswith(
        "OK: no violations; 3 differences within rounding (尾数误差).")
    assert main(["claims", str(passing), "--strict"]) == 1


# ---- properties of the interval rule for shares ---------------------------------------------


class _Fixed:
    def __init__(self, part: Decimal, whole: Decimal) -> None:
        self.part, self.whole = part, whole

    def locate(self, claim: Claim, role: str) -> Located:
        value = self.part if role == "subject" else self.whole
        return Located(value, role, "公开05表")


def _share(stated: Decimal) -> Claim:
    return Claim(ClaimKind.SHARE, 1, "", f"占比{stated}%", "x", "", Stated(stated, "%", "占比"))


cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n).scaleb(-2))


@given(cents, cents)
def test_a_share_rounded_half_up_is_never_violated(a, b):
    part, whole = min(a, b), max(a, b)
    stated = (part / whole * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    [finding] = ClaimChecker(_Fixed(part, whole), Tolerance()).check([_share(stated)])
    assert finding.outcome is Outcome.EXACT


@given(cents, cents, st.integers(min_value=1, max_value=5), st.booleans())
def test_a_share_moved_beyond_its_interval_is_violated(a, b, steps, down):
    part, whole = min(a, b), max(a, b)
    checker = ClaimChecker(_Fixed(part, whole), Tolerance())
    exact = (part / whole * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    [finding] = checker.check([_share(exact)])
    away = finding.allowed + Decimal("0.01") * steps
    moved = (exact - away if down else exact + away).quantize(Decimal("0.01"))
    [moved_finding] = checker.check([_share(moved)])
    assert moved_finding.outcome is Outcome.VIOLATED


def test_narrative_findings_in_the_json_of_the_command_line(capsys):
    import json

    assert main(["check", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    narrative = [f for f in data["findings"] if f["rule"] == "narrative"]
    assert len(narrative) == 158 and data["summary"]["narrative"]["rounding"] == 5
    rate = next(f for f in narrative if f["rule_id"] == "narrative.completion"
                and f["line"] == 491)
    assert (rate["reported"], rate["computed"], rate["outcome"]) == (
        "224.27", "224.2751", "rounding")
    assert "“完成年初预算的224.27%”" in rate["message"]


@pytest.mark.parametrize(("old", "new", "rule_id", "line"), [
    # the cover says 2023: 较2021年决算 compares with another year than the one before
    ("较2022年决算减少110.14万元", "较2021年决算减少110.14万元", "narrative.year", 493),
    # the assets at the close of 2022, not of the document's year
    ("截至2023年12月31日", "截至2022年12月31日", "narrative.year", 555),
    # a template's placeholder left in the text
    ("机关运行经费支出59.63万元", "机关运行经费支出XXX万元", "narrative.placeholder", 547),
])
def test_the_text_sample_is_read_for_years_and_placeholders_as_a_pdf_is(old, new, rule_id, line):
    audit = _audit(_prose_mutation(old, new))
    assert [(f.rule_id, f.line) for f in audit.violations] == [(rule_id, line)]
