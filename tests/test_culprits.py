"""The likely culprit of violated identities (issue 10): named once, in every output."""

from __future__ import annotations

import json
from decimal import Decimal

from gfs_ledger import read_report
from gfs_ledger.culprits import fit, slip
from gfs_ledger.html import audit_page
from gfs_ledger.output import audit_json, audit_text
from gfs_ledger.samples import sample_text


def _culprits(old: str, new: str) -> list[str]:
    text = sample_text()
    assert text.count(old) == 1, old
    audit = read_report(text.replace(old, new)).audit()
    return [d.message for d in audit.diagnostics if d.kind == "likely_culprit"]


def test_a_leaf_of_06_times_ten_is_named() -> None:
    # 74.6 for 7.46: 302 (63.14 against 63.14 + 67.14), 06.public and 05-06.basic all
    # read 30201; 74.6 − 67.14 = 7.46 is 74.6 ÷ 10, a slip no other leaf of 302 explains
    assert _culprits("30201\t办公费\t7.46", "30201\t办公费\t74.6") == [
        "likely culprit: 公开06表 line 317, 30201·决算数 prints 74.6 where 7.46 would satisfy "
        "the 3 violated identities that read it (hierarchy 302, 05-06.basic, 06.public)"]


def test_a_leaf_of_03_is_named_by_the_identities_that_read_it_alone() -> None:
    # 2011303 52.84 (both columns) for 42.84: its 款 20113, and 02/05 per code, read it;
    # the only cell all of them read is 2011303 itself
    found = _culprits("2011303\t机关服务\t42.84\t42.84\t\t\t\t\n",
                      "2011303\t机关服务\t52.84\t52.84\t\t\t\t\n")
    assert len(found) == 2 and all("公开03表 line 188, 2011303·" in m for m in found)
    assert any("2011303·本年支出合计 prints 52.84 where 42.84" in m for m in found)


def test_a_swapped_total_is_named_without_a_line() -> None:
    # 03 合计·基本支出 986.13 for 896.13 (two digits swapped): its 类 rows, its row
    # (1,776.55 = 986.13 + 880.42), 03-05.agree and the prose (line 459, 基本支出896.13万元)
    # read it
    found = _culprits("合计\t\t1,776.55\t896.13\t880.42\t\t\t", "合计\t\t1,776.55\t986.13\t880.42\t\t\t")
    assert found == ["likely culprit: 公开03表, 合计·基本支出 prints 986.13 where 896.13 would "
                     "satisfy the 4 violated identities that read it (hierarchy 合计, row 合计, "
                     "03-05.agree, narrative.amount)"]


def test_no_culprit_when_siblings_explain_it_equally() -> None:
    # 30201 8.46 for 7.46: any leaf of 302 that is 1.00 too high explains the three
    # violations, and "one digit changed" fits 8.46, 25.42 … alike
    assert _culprits("30201\t办公费\t7.46", "30201\t办公费\t8.46") == []
    text = sample_text().replace("30201\t办公费\t7.46", "30201\t办公费\t8.46")
    listed = [d.message for d in read_report(text).audit().diagnostics
              if d.kind == "culprit_candidates"]
    # the leaf is listed by its code among the 9 leaves whose 1.00 less is a one-digit
    # slip (0.30 − 1.00 would be negative: not listed)
    assert len(listed) == 1 and "30201·决算数 8.46 (line 317)" in listed[0]
    assert "30202·" not in listed[0] and "and 1 more in 公开06表" in listed[0]


def test_the_culprit_is_in_the_text_json_and_html() -> None:
    text = sample_text().replace("30201\t办公费\t7.46", "30201\t办公费\t74.6")
    audit = read_report(text).audit()
    assert "likely culprit: 公开06表 line 317, 30201·决算数" in audit_text(audit)
    diagnostics = json.loads(audit_json(audit))["diagnostics"]
    assert any(d["kind"] == "likely_culprit" and d["code"] == "30201" and d["line"] == 317
               for d in diagnostics)
    assert "likely culprit: 公开06表 line 317, 30201·决算数" in audit_page(audit)


def test_an_unchanged_sample_names_no_culprit() -> None:
    assert not [d for d in read_report().audit().diagnostics if d.kind == "likely_culprit"]


def test_slips() -> None:
    D = Decimal
    assert slip(D("986.13"), D("896.13")) == 3  # swapped
    assert slip(D("96.13"), D("896.13")) == 3  # dropped
    assert slip(D("8961.3"), D("896.13")) == 3  # ×10
    assert slip(D("897.13"), D("896.13")) == 2  # one digit
    assert slip(None, D("5.00")) == slip(D("0.00"), D("5.00")) == 1  # a figure left out
    assert slip(None, D("-5.00")) == 0  # a blank does not hide a negative figure
    assert slip(D("900.00"), D("896.13")) == 0
    assert slip(D("1.56"), D("0.56")) == 2  # 0.56 prints three digits: one is changed
    # a figure where a zero belongs: 1.00 for 0.00 is one digit changed, 1.50 two
    assert slip(D("1.00"), D("0")) == slip(D("0.04"), D("0")) == 2
    assert slip(D("1.50"), D("0")) == 1


def test_a_slip_restores_the_identities_to_a_step_not_to_their_whole_tolerance() -> None:
    # 30205 水费 0.80 printed 8.00 (×10): 302 reads 63.14 against 63.14 + 7.20, so the
    # culprit prints 7.20 too much. 8.00 − 7.20 = 0.80 = 8.00 ÷ 10: a sure slip. 30229
    # 7.94 − 7.20 = 0.74 would need 0.794 (7.94 ÷ 10), finer than the table prints.
    assert _culprits("30205\t水费\t0.80", "30205\t水费\t8.00") == [
        "likely culprit: 公开06表 line 321, 30205·决算数 prints 8.00 where 0.80 would satisfy "
        "the 3 violated identities that read it (hierarchy 302, 05-06.basic, 06.public)"]


def test_a_blank_leaf_is_not_blamed_on_a_sibling_within_the_rounding_of_the_sum() -> None:
    # 30213 0.52 blanked: 302 is 0.52 short (allowed ±0.075 for its 16 terms). 0.30 → 0.80
    # (one digit) would leave 0.02 of it, within the tolerance of the sum but not within a
    # step of what the leaf should print (0.30 + 0.52 = 0.82); the blank leaves of 302
    # (30203, 30206 …) explain it as well as 30213: no culprit is named.
    assert _culprits("30213\t维修（护）费\t0.52", "30213\t维修（护）费\t") == []


def test_a_slip_restores_an_identity_that_carries_its_own_rounding() -> None:
    # 303 prints 340.54 while its leaves sum to 340.55 (尾数). 30309 奖励金 0.06 printed
    # 0.60: 303 now reads 0.55 too much, so 30309 should be 0.60 − 0.55 = 0.05, and
    # 0.06 (0.60 with its digits swapped) is within one step of it; no other leaf of
    # 303 (39.24, 156.14, 145.11) is a slip of itself less 0.55.
    assert _culprits("30309\t奖励金\t0.06", "30309\t奖励金\t0.60") == [
        "likely culprit: 公开06表 line 340, 30309·决算数 prints 0.60 where 0.06 would satisfy "
        "the 3 violated identities that read it (hierarchy 303, 05-06.basic, 06.personnel)"]


def test_a_dropped_digit_of_a_leaf_is_as_likely_as_one_of_its_siblings() -> None:
    # 30302 退休费 156.14 printed 56.14: 303 reads 100.00 less. 56.14 → 156.14 puts back
    # a dropped 1, and so does 39.24 → 139.24 for 30301: no culprit, both are listed.
    assert _culprits("30302\t退休费\t156.14", "30302\t退休费\t56.14") == []


def test_fits_within_the_range_and_the_precision_of_the_table() -> None:
    D = Decimal
    # 4.76 for 7.46 (swap) and 0.30 for 3.00 (swap) fit the same difference of 2.70
    assert fit(D("4.76"), D("7.45"), D("7.47"), -2) == fit(D("0.30"), D("2.99"), D("3.01"), -2) == 3
    # 0.30 → 0.830 adds a third decimal: not a figure of a table printed to 0.01
    assert fit(D("0.30"), D("0.81"), D("0.83"), -2) == 0
    # 7.6 for 7.46 in a table of two decimals: the 4 was dropped from the fraction
    assert fit(D("7.6"), D("7.46"), D("7.46"), -2) == 3
    # 26,300 元 for 263,000: a dropped zero of an integer figure
    assert fit(D("26300"), D("263000"), D("263000"), 0) == 3


def test_a_figure_the_prose_restates_is_listed_with_the_sentence() -> None:
    # 公开10表 (一) 行政单位 printed 60.63 for 59.63: no identity of the tables reads it,
    # only the sentence of line 547 (机关运行经费支出59.63万元, against 60.63 + blank);
    # the sentence's figure or the 行政单位 cell explain it alike (neither by one
    # keystroke: two digits differ), the blank 参公 cell only as −1.00: not listed
    text = sample_text().replace("(一) 行政单位\t5\t59.63", "(一) 行政单位\t5\t60.63")
    audit = read_report(text).audit()
    assert not [d for d in audit.diagnostics if d.kind == "likely_culprit"]
    listed = [d.message for d in audit.diagnostics if d.kind == "culprit_candidates"]
    assert listed == [
        "culprit candidates: any one of the prose’s “59.63万元” (line 547), 行政单位·统计数 "
        "60.63 (line 424) in 公开10表 could alone explain the violated identities "
        "(narrative.amount)"]
