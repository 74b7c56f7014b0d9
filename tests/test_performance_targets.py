"""The 财政项目支出绩效目标填报表 of a Shanghai budget, read from the text lines of its
pages (copied from the PDF with pdfplumber: tests/fixtures/shanghai-wanli-2023-targets.json)
and checked against the project spending the document prints."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gfs_ledger import Outcome, Unit
from gfs_ledger.performance.targets import check_targets, read_targets, stated_targets

FIXTURE: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures" / "shanghai-wanli-2023-targets.json").read_text("utf-8"))
PAGES: list[list[str]] = list(FIXTURE["pages"].values())
SPENDING = Decimal("65572343")  # 部门支出预算总表 合计·项目支出 (page 18)


def _forms(pages: list[list[str]] = PAGES) -> Any:
    return read_targets(pages, first_page=31)


def test_each_page_is_one_project_with_its_funds() -> None:
    forms = _forms()
    assert forms.diagnostics == ()
    got = [(p.name, p.page, p.category, p.total.value, p.annual.value, p.appropriation.value)
           for p in forms.projects]
    assert got == [
        ("新建万里街道社区公共服务中心", 31, "特定目标类", Decimal("4100000.00"),
         Decimal("4100000.00"), Decimal("4100000.00")),
        ("就业援助基地补贴", 32, "特定目标类", Decimal("6351000.00"), Decimal("6351000.00"),
         Decimal("6351000.00")),
        ("社区环境整治和建设经费", 33, "特定目标类", Decimal("4563800.00"),
         Decimal("4563800.00"), Decimal("4563800.00")),
        # page 34 prints 7595500.00 without thousands separators
        ("各类工作经费", 34, "特定目标类", Decimal("7595500.00"), Decimal("7595500.00"),
         Decimal("7595500.00")),
        ("公共服务设施运行经费", 35, "其他运转类", Decimal("10903043.00"),
         Decimal("10903043.00"), Decimal("11419043.00")),
    ]
    # "其他资金 0.00其他资金 0.00": the left (project) one first, then the year's
    last = forms.projects[-1]
    assert (last.other_total.value, last.other_annual.value) == (Decimal("0.00"),) * 2
    assert (last.other_total.line, last.carried.line) == (12, 11)


def test_the_funds_of_each_form_add_up_except_on_page_35() -> None:
    audit = check_targets(_forms())
    funds = [(f.name, f.column, f.outcome) for f in audit.findings]
    # every other form: 总额 = 财政资金 + 其他资金, 年度 = 当年财政拨款 + 上年结转 + 其他, exactly
    assert len(funds) == 10 and [f for f in funds if f[2] is not Outcome.EXACT] == [
        ("公共服务设施运行经费", "年度资金申请总额", Outcome.VIOLATED)]
    assert next(f for f in audit.findings if f.outcome is not Outcome.EXACT).message == (
        "公共服务设施运行经费 (page 35): 年度资金申请总额 10,903,043.00 = 当年财政拨款 "
        "11,419,043.00 + 上年结转资金 0.00 + 其他资金 0.00 = 11,419,043.00 — violated "
        "(difference -516,000.00, allowed ±0.020)")


def test_the_projects_against_the_documents_project_spending() -> None:
    stated = stated_targets(FIXTURE["page_29_prose"])
    assert stated == (5, Decimal("3328.13"), Unit.WAN)  # 编报绩效目标的项目5个，涉及…3328.13万元
    audit = check_targets(_forms(), stated=stated, project_spending=SPENDING)
    spending = [f for f in audit.findings if f.rule_id == "appraisal.target_spending"]
    # 5 forms for 5 projects; their 年度资金申请总额 sum to 4,100,000 + 6,351,000 + 4,563,800
    # + 7,595,500 + 10,903,043 = 33,513,343 元 = 3351.3343万元, not 3328.13万元; and
    # 33,513,343 ≤ 65,572,343 项目支出
    assert [(f.name, f.outcome, f.computed) for f in spending] == [
        ("编报绩效目标的项目", Outcome.EXACT, Decimal(5)),
        ("涉及项目预算资金", Outcome.VIOLATED, Decimal("3351.334300")),
        ("项目支出", Outcome.EXACT, Decimal("65572343")),
    ]
    assert spending[1].difference == Decimal("-23.204300")


def test_a_changed_figure_is_caught() -> None:
    pages = [list(p) for p in PAGES]
    pages[1][5] = pages[1][5].replace("年度资金申请总额 6,351,000.00", "年度资金申请总额 6,315,000.00")
    audit = check_targets(_forms(pages))
    assert [(f.name, f.column) for f in audit.violations] == [
        ("就业援助基地补贴", "年度资金申请总额"),   # 6,315,000 ≠ 6,351,000 + 0 + 0
        ("公共服务设施运行经费", "年度资金申请总额")]
    # more projects than the prose says, and more than the project spending
    audit = check_targets(_forms(PAGES + PAGES[:1]), stated=(5, Decimal("3328.13"), Unit.WAN),
                          project_spending=Decimal("3700.00"), spending_unit=Unit.WAN)
    outcomes = {f.name: f.outcome for f in audit.findings if f.rule_id == "appraisal.target_spending"}
    # 33,513,343 + 4,100,000 = 37,613,343 元 > 3700.00 万元 = 37,000,000 元
    assert outcomes == {"编报绩效目标的项目": Outcome.VIOLATED,
                        "涉及项目预算资金": Outcome.VIOLATED, "项目支出": Outcome.VIOLATED}


def test_a_form_without_its_name_or_figures_is_a_diagnostic_not_a_crash() -> None:
    forms = read_targets([["财政项目支出绩效目标填报表", "项目资金总额"]])
    assert [d.kind for d in forms.diagnostics] == ["unread_target"]
    assert [f.outcome for f in check_targets(forms).findings] == [Outcome.NOT_APPLICABLE] * 2
    assert read_targets([["第一部分", "无"]]).projects == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(alphabet="财政项目支出绩效目标填报表名称性质类别资金总额年度申请当年拨款"
                                         "其中上结转他 ：:0123456789.,", max_size=40),
                         max_size=8), max_size=4))
def test_any_lines_never_crash(pages: list[list[str]]) -> None:
    forms = read_targets(pages)
    audit = check_targets(forms, stated=(1, Decimal("1.00"), Unit.WAN),
                          project_spending=Decimal(1))
    assert all(f.rule == "appraisal" for f in audit.findings)


def test_the_lines_of_the_positioned_pdf_reader_read_the_same() -> None:
    # the same pages as the PDF reader on main gives them (PositionedLine.text, cells
    # joined by a space: "其他资金 0.00 其他资金 0.00")
    positioned = read_targets(list(FIXTURE["positioned_pages"].values()), first_page=31)
    assert positioned.projects == _forms().projects and positioned.diagnostics == ()
