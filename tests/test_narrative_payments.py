"""Payments the prose counts one by one (两笔公务接待费，合计980元): the sample's real
defect, and each claim kind they give caught when one word or figure changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from corpora import PROSE_DEFECT, passing_text
from gfs_ledger import Outcome, Tolerance, read_report
from gfs_ledger.narrative.check import ClaimChecker
from gfs_ledger.narrative.events import read_payments
from gfs_ledger.samples import sample_text


def _payments(findings):  # type: ignore[no-untyped-def]
    return [(f.line, f.rule_id, f.outcome.value) for f in findings
            if f.rule_id in ("narrative.restated", "narrative.events")
            or (f.rule_id == "narrative.amount" and f.name == "公务接待费")]


def test_the_sample_states_980_yuan_of_receptions_its_three_public_table_lacks() -> None:
    audit = read_report().audit()
    # 公开09表 is published empty (本表无数据): its 公务接待费 is an exact 0. The prose says
    # 两笔公务接待费，合计980元 in three paragraphs: 980元 = 0.0980万元, printed to the 元, so
    # ± 0.5元 = ± 0.00005万元, and 0.0980 − 0.00005 > 0: violated each time.
    amounts = [f for f in audit.violations if f.rule_id == "narrative.amount"]
    assert [(f.line, f.table, f.reported, f.computed, f.allowed) for f in amounts] == [
        (line, "公开09表", Decimal("0.0980"), Decimal(0), Decimal("0.00005"))
        for line in (523, 531, 541)]
    # 共接待0批次 for two payments: some payment means at least one 批次
    [events] = [f for f in audit.violations if f.rule_id == "narrative.events"]
    assert (events.line, events.reported) == (541, Decimal(0))
    assert "2 payments (笔) of 公务接待费 are described, so at least 1 批次" in events.message
    # 公务接待费支出0万元 is printed to the 万元: [−0.5, 0.5] holds 0.0980, so the restatement
    # is within rounding (allowed 0.5 + 0.00005), not a violation
    restated = [f for f in audit.findings if f.rule_id == "narrative.restated"]
    assert [(f.line, f.outcome, f.reported, f.computed, f.allowed) for f in restated] == [
        (line, Outcome.ROUNDING, Decimal("0.0980"), Decimal(0), Decimal("0.50005"))
        for line in (531, 541)]
    assert len(audit.violations) == 4


def test_payments_may_be_some_of_what_the_table_prints() -> None:
    """Against a table that prints the expense, payments described are part of it: 980元
    within 0.50万元 is no violation; 6,000元 = 0.60万元 is (0.60 > 0.50 + 0.005 + 0.00005)."""
    from gfs_ledger.narrative.check import Located

    class Table:
        def locate(self, claim, role):  # type: ignore[no-untyped-def]
            return Located(Decimal("0.50"), "公开09表 公务接待费", "公开09表")

    def amount(paragraph: str) -> Outcome:
        claims = read_payments(paragraph, 1, "").claims
        [finding] = ClaimChecker(Table(), Tolerance()).check(claims[:1])  # type: ignore[arg-type]
        return finding.outcome

    assert amount("其中有两笔外宾接待费，合计980元。") is Outcome.EXACT
    assert amount("其中有两笔外宾接待费，合计6,000元。") is Outcome.VIOLATED


def test_taken_out_the_sample_passes_and_every_claim_of_the_payments_goes() -> None:
    assert sample_text().count(PROSE_DEFECT) == 3
    audit = read_report(passing_text()).audit()
    assert audit.ok and _payments(audit.findings) == []


def _paragraph(text: str):  # type: ignore[no-untyped-def]
    class Nothing:
        def locate(self, claim, role):  # type: ignore[no-untyped-def]
            return None

    claims = read_payments(text, 1, "").claims
    return claims, ClaimChecker(Nothing(), Tolerance()).check(claims)  # type: ignore[arg-type]


@pytest.mark.parametrize(("paragraph", "restated", "events"), [
    # the payments may be some of the expense's only: 980元 within 0.20万元 = 2,000元;
    # 1 批次 for 2 payments
    ("公务接待费支出0.20万元，共接待1批次，本部门有两笔公务接待费，合计980元。", "exact", "exact"),
    # 0.1万元 printed to 0.1 holds up to 0.15万元 = 1,500元: 1,300元 only by rounding
    ("公务接待费支出0.1万元，共接待1批次，本部门有两笔公务接待费，合计1,300元。", "rounding", "exact"),
    # 0.05万元 holds up to 0.055万元 = 550元: 980元 is more than the expense
    ("公务接待费支出0.05万元，共接待1批次，本部门有两笔公务接待费，合计980元。", "violated", "exact"),
    # the same unit: 980元 against 980元
    ("公务接待费支出980元，共接待3批次，有两笔公务接待费，合计980元。", "exact", "exact"),
    # one payment may settle several 批次; none may settle none
    ("公务接待费支出0.10万元，共接待0批次，有三笔公务接待费，合计980元。", "exact", "violated"),
])
def test_each_claim_kind_of_the_payments_catches_its_change(
        paragraph: str, restated: str, events: str) -> None:
    claims, findings = _paragraph(paragraph)
    assert [c.kind.value for c in claims] == ["amount", "restated", "events"]
    assert [f.outcome.value for f in findings[1:]] == [restated, events]
    assert findings[0].outcome is Outcome.UNVERIFIABLE  # no table here


def test_payments_with_no_earlier_figure_are_an_amount_only() -> None:
    claims, _ = _paragraph("“三公”经费支出决算0万元，本部门有2笔公务接待费，合计1,980.50元。")
    assert [(c.kind.value, c.subject, c.stated.value, c.stated.unit) for c in claims] == [
        ("amount", "公务接待费", Decimal("1980.50"), "元")]


def test_a_paragraph_of_many_payments_is_read_in_a_window_each() -> None:
    """Each clause looks back a bounded window (300 characters) for its expense, so a
    paragraph of 2,000 clauses is read in linear time: 2,000 amounts, and a restatement
    for the clauses within 300 characters of 公务接待费支出0.10万元 only."""
    clause = "有两笔公务接待费，合计980元，"
    head = "公务接待费支出0.10万元，共接待1批次，"
    text = head + clause * 2000
    claims = read_payments(text, 1, "").claims
    assert sum(c.kind.value == "amount" for c in claims) == 2000
    # clause k (from 0) opens its 两 at 21 + 16·k + 1 and looks back 300 to 公务接待费 at 0
    within = sum(1 for k in range(2000) if len(head) + len(clause) * k + 1 <= 300)
    assert sum(c.kind.value == "restated" for c in claims) == within == 18


def test_payments_and_years_held_for_checking_are_the_public_ones() -> None:
    # check_claims reads read_payments' and read_years' claims as plain records
    # (public=False); made public they are the claims extract_claims gives, at the same
    # offsets: here the amount 980元, its restatement of 0万元 and 0 批次 for 两笔, and
    # the year 2023 of the 决算 heading-like words and 比2022年.
    from gfs_ledger.narrative.claims import Claim
    from gfs_ledger.narrative.items import read_years

    text = ("4、公务接待费支出0万元，共接待0批次，0人次，主要是本部门2023年有两笔公务接待费，"
            "合计980元未追加预算。2023年度部门决算说明，比2022年减少0.08万元。")
    public = read_payments(text, 7, "三公").claims + read_years(text, 7, "三公")
    held = (read_payments(text, 7, "三公", public=False).claims
            + read_years(text, 7, "三公", public=False))
    assert [c.kind.value for c in public] == ["amount", "restated", "events", "year", "year"]
    assert not any(isinstance(c, Claim) for c in held)
    assert tuple(c.public() for c in held) == public  # type: ignore[attr-defined]
    assert [c.at for c in held] == [c.at for c in public]
