"""Mutations of the sample text are caught by the right rules, and only those.

The sample is mutated with its one defect taken out (``corpora.passing_text``), so that
every violation is the mutation's."""

from corpora import passing_text
from gfs_ledger import read_report
from gfs_ledger.samples import sample_text


def _mutate(old: str, new: str) -> str:
    text = passing_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _failing(text: str) -> set[tuple[str | None, str, str | None]]:
    audit = read_report(text).audit()
    return {(f.table, f.rule_id or f.rule, None if f.code is None else str(f.code))
            for f in audit.violations}


def test_unchanged_sample_fails_its_payments_only():
    # the prose's 980元 of 公务接待费 against the empty 公开09表 and its 0 批次
    assert _failing(sample_text()) == {("公开09表", "narrative.amount", None),
                                       (None, "narrative.events", None)}
    assert _failing(passing_text()) == set()


def test_2011303_in_03_alone():
    text = _mutate("2011303\t机关服务\t42.84\t42.84\t\t\t\t\n", "2011303\t机关服务\t52.84\t52.84\t\t\t\t\n")
    assert _failing(text) == {
        # 20113 against its children; 201 and 合计 add the printed 20113, which is unchanged
        ("公开03表", "hierarchy", "20113"),
        ("公开02表/公开03表", "02-03.agree", "2011303"),
        ("公开03表/公开05表", "03-05.agree", "2011303"),
    }


def test_30101_in_06():
    text = _mutate("30101\t基本工资\t146.88", "30101\t基本工资\t156.88")
    assert _failing(text) == {
        ("公开06表", "hierarchy", "301"),
        ("公开06表", "06.personnel", None),
        ("公开05表/公开06表", "05-06.basic", None),
    }


def test_total_on_one_side_of_01():
    text = _mutate("总计\t31\t1,776.55\t总计\t62\t1,776.55", "总计\t31\t1,786.55\t总计\t62\t1,776.55")
    assert _failing(text) == {
        ("公开01表", "01.balance", None), ("公开01表", "01.income_total", None),
        # the prose restates 收入总计 (1,776.55) and its fall on the year before
        ("公开01表", "narrative.amount", None), ("公开01表", "narrative.change", None)}


def test_a_class_of_01_against_03():
    text = _mutate("九、卫生健康支出\t40\t19.16", "九、卫生健康支出\t40\t19.36")
    assert _failing(text) == {
        ("公开01表", "01.expenditure", None), ("公开01表/公开03表", "01-03.class", "210")}


def test_05_above_03_in_one_class():
    text = _mutate("216\t商业服务业等支出\t866.19\t\t866.19\n", "216\t商业服务业等支出\t876.19\t\t876.19\n")
    assert _failing(text) == {
        ("公开05表", "hierarchy", "216"), ("公开05表", "hierarchy", None),
        ("公开05表/公开03表", "05-03.at_most", "216"),
        ("公开03表/公开05表", "03-05.agree", "216"),
        ("公开04表/公开05表", "04-05.class", "216"),
        # the prose restates 216 (类): its amount, share, completion rate and change
        ("公开05表", "narrative.amount", None), ("公开05表", "narrative.share", None),
        ("公开05表", "narrative.completion", None), ("公开05表", "narrative.change", None),
    }


def test_procurement_of_10():
    text = _mutate("货物\t2\t0.97", "货物\t2\t0.87")
    assert _failing(text) == {
        ("公开10表", "10.procurement", None),
        ("公开10表", "narrative.amount", None),  # 政府采购货物支出0.97万元
    }


# 公开04表's income side (issue 10): each rule catches a change of one of its cells.
_T04_INCOME = "本年收入合计\t27\t1,776.55\t本年支出合计\t59\t1,776.55\t1,776.55\t\t\n"


def test_04_income_total_of_the_year():
    text = _mutate(_T04_INCOME, _T04_INCOME.replace("\t27\t1,776.55", "\t27\t1,777.55"))
    # 1,777.55 against 1,776.55 + blank + blank: 04.income; in 04.income_total the
    # contradicted 本年收入合计 stands for its parts (1,776.55), so 总计 still agrees
    assert _failing(text) == {("公开04表", "04.income", None)}


def test_04_income_line_against_01():
    line = "一、一般公共预算财政拨款\t1\t1,776.55\t一、一般公共服务支出"
    text = _mutate(line, line.replace("1,776.55", "1,766.55"))
    # 1,776.55 (本年收入合计) against 1,766.55: 04.income; the line against 01's 1,776.55:
    # 01-04; 总计 1,776.55 and 02's 财政拨款收入 1,776.55 against 本年收入合计 standing for
    # its parts, 1,766.55 + blank + blank
    assert _failing(text) == {("公开04表", "04.income", None), ("公开04表", "04.income_total", None),
                              ("公开04表/公开01表", "01-04.income.0", None),
                              ("公开02表/公开04表", "02-04.appropriation", None)}


def test_04_income_grand_total_blanked():
    line = "总计\t32\t1,776.55\t总计\t64"
    text = _mutate(line, "总计\t32\t\t总计\t64")
    # blank against 本年收入合计 1,776.55: 04.income_total; blank against 支出总计: 04.balance;
    # the prose restates 04's 收入总计 (1,776.55) and its change on the year before
    assert _failing(text) == {("公开04表", "04.income_total", None), ("公开04表", "04.balance", None),
                              ("公开04表", "narrative.amount", None), ("公开04表", "narrative.change", None)}


def test_04_expenditure_total_over_its_classes():
    text = _mutate(_T04_INCOME, _T04_INCOME.replace("\t59\t1,776.55\t1,776.55", "\t59\t1,786.55\t1,786.55"))
    # 1,786.55 against the 类 751.01 + 92.27 + 19.16 + 866.19 + 47.92 = 1,776.55 in both
    # columns; the general-budget total against 05's 1,776.55. In 04.expenditure_total the
    # contradicted 本年支出合计 stands for its 类 (1,776.55), so 总计 agrees: one error, no echo
    assert _failing(text) == {
        ("公开04表", "04.expenditure.0", None), ("公开04表", "04.expenditure.1", None),
        ("公开04表/公开05表", "04-05.total", None)}


def test_04_balances_brought_forward():
    line = "年初财政拨款结转和结余\t28\t"
    text = _mutate(line, line + "5.00")
    # 总计 1,776.55 against 1,776.55 + 5.00
    assert _failing(text) == {("公开04表", "04.income_total", None)}


def test_02_appropriation_total_against_04():
    line = "合计\t\t1,776.55\t1,776.55\t\t\t\t\t\n"
    text = _mutate(line, "合计\t\t1,776.55\t1,786.55\t\t\t\t\t\n")
    # 02 合计·财政拨款收入 1,786.55 against its 类 rows (1,776.55), against its own row
    # (本年收入合计 1,776.55 = 1,786.55 + blanks) and against 04 本年收入合计 1,776.55; the
    # prose restates 财政拨款收入 (1,776.55) and its share
    assert _failing(text) == {
        ("公开02表", "hierarchy", None), ("公开02表", "row", None),
        ("公开02表/公开04表", "02-04.appropriation", None),
        ("公开02表", "narrative.amount", None), ("公开02表", "narrative.share", None)}


def test_a_source_of_01_that_02_lacks():
    line = "四、上级补助收入\t4\t\t四、公共安全支出"
    text = _mutate(line, "四、上级补助收入\t4\t5.00\t四、公共安全支出")
    # 01 本年收入合计 1,776.55 against 1,776.55 + 5.00; 02 合计·上级补助收入 blank against
    # 5.00; and 02-03.agree no longer applies (01 shows income other than appropriations)
    assert _failing(text) == {("公开01表", "01.income", None),
                              ("公开02表/公开01表", "01-02.source.0", None)}


def test_04_government_fund_income_against_07():
    t07 = "合计\t\t\t\t\t\t\t\n\n注：本表反映部门本年度政府性基金"
    assert t07 in sample_text()
    text = _mutate(t07, "合计\t\t\t5.00\t\t\t\t\n\n注：本表反映部门本年度政府性基金")
    # 07 合计·本年收入 5.00 against 04's blank 政府性基金预算财政拨款 income line
    assert ("公开04表/公开07表", "04-07.income", None) in _failing(text)
