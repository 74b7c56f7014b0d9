"""The bundled sample read as a whole report, and its audit."""

from decimal import Decimal

from gfs_ledger import NOT_APPLICABLE, Tolerance, read_report
from gfs_ledger.samples import sample_path, sample_text
from gfs_ledger.tables.model import Status


def test_metadata_and_tables():
    report = read_report(sample_path())
    assert (report.department, report.year, report.unit.value, report.kind) == (
        "阳泉市商务局", 2023, "万元", "决算")
    assert sorted(report.tables) == [f"公开{n:02d}表" for n in range(1, 11)]
    assert [t for t, v in report.tables.items() if v.status is Status.EMPTY] == [
        "公开07表", "公开08表", "公开09表"]
    assert report.tables["公开05表"].title == "一般公共预算财政拨款支出决算表"
    assert report.diagnostics == ()


def test_missing_is_not_empty():
    text = sample_text()
    cut = text[: text.index("国有资本经营预算财政拨款支出决算表\n\n公开08表")]
    cut += text[text.index("财政拨款“三公”经费支出决算表\n\n公开09表"):]
    report = read_report(cut)
    assert report.status("公开08表") is Status.MISSING
    assert report.status("公开07表") is Status.EMPTY
    assert report.to_dict()["tables"]["公开08表"]["status"] == "missing"
    # a missing table is an input error (an empty one is not), so the audit fails
    assert [(d.kind, d.table) for d in report.diagnostics] == [("missing_table", "公开08表")]
    assert not report.audit().ok
    found = [f for f in report.audit().findings if f.rule_id == "04-08.class"]
    assert [f.outcome.value for f in found] == ["not_applicable"]
    assert "not in the report" in found[0].message


def test_figures_of_every_shape():
    tables = read_report().tables
    t01, t04, t06, t10 = (tables[k] for k in ("公开01表", "公开04表", "公开06表", "公开10表"))
    assert t01.value("总计", section="支出") == Decimal("1776.55")
    assert t01.classes["216"].value == Decimal("866.19")
    assert t01.item("商业服务业等支出").row == 46
    assert t04.classes["208"]["一般公共预算财政拨款"] == Decimal("92.27")
    assert t04.row(29).name == "一般公共预算财政拨款"
    assert t06.ledger is not None and t06.ledger.value("30101", "决算数") == Decimal("146.88")
    assert t06.ledger.value("309", "决算数") is NOT_APPLICABLE
    assert t06.value("公用经费合计") == Decimal("63.62")
    assert t10.value("合计", section="政府采购情况") == Decimal("1.55")
    assert t10.value("其他用车") == Decimal("1")
    assert tables["公开02表"].ledger.total[0] == Decimal("1776.55")


def test_prose_lines():
    prose = read_report().prose
    assert prose[0] == (442, "一、收入支出决算总体情况说明")
    assert all(text for _, text in prose)
    assert not any("第四部分" in text for _, text in prose)


def test_rounding_differences_are_exactly_the_known_ones():
    audit = read_report().audit()
    assert not [f for f in audit.violations if f.rule != "narrative"]
    found = sorted((f.table, str(f.code) if f.code else f.rule_id, f.column)
                   for f in audit.rounding if f.rule != "narrative")
    expected = sorted(
        [(t, c, col) for t in ("公开02表",) for c in ("20113", "216")
         for col in ("本年收入合计", "财政拨款收入")]
        + [("公开03表", "20113", "本年支出合计"), ("公开03表", "216", "本年支出合计"),
           ("公开03表", "20113", "基本支出"), ("公开03表", "216", "项目支出"),
           ("公开05表", "20113", "小计"), ("公开05表", "216", "小计"),
           ("公开05表", "20113", "基本支出"), ("公开05表", "216", "项目支出"),
           ("公开06表", "303", "决算数"), ("公开05表/公开06表", "05-06.basic", "基本支出")])
    assert found == expected
    basic = next(f for f in audit.rounding if f.rule_id == "05-06.basic")
    assert (basic.reported, basic.computed) == (Decimal("896.13"), Decimal("896.12"))
    assert "832.50 + 63.62" in basic.message


def test_personnel_is_exact_and_strict_turns_rounding_into_violations():
    audit = read_report().audit()
    personnel = [f for f in audit.findings if f.rule_id == "06.personnel"]
    assert [(f.outcome.value, f.reported, f.computed) for f in personnel] == [
        ("exact", Decimal("832.50"), Decimal("832.50"))]
    strict = read_report().audit(Tolerance.exact())
    assert len([f for f in strict.violations if f.rule != "narrative"]) == 14


def test_repr():
    assert repr(read_report()) == "<Report 阳泉市商务局 2023 决算 (万元): 10 tables, 3 empty>"
