"""Mutations of the sample text are caught by the right rules, and only those."""

from gfs_ledger import read_report
from gfs_ledger.samples import sample_text


def _mutate(old: str, new: str) -> str:
    text = sample_text()
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _failing(text: str) -> set[tuple[str | None, str, str | None]]:
    audit = read_report(text).audit()
    return {(f.table, f.rule_id or f.rule, None if f.code is None else str(f.code))
            for f in audit.violations}


def test_unchanged_sample_fails_nothing():
    assert _failing(sample_text()) == set()


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
