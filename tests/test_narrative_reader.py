"""The prose's line reader (one pass over a line's clauses) against the reader it
replaced (``tests/prose_reader_oracle.py``): the same claims, offsets, labels, figures,
amounts read and subject, on every line of the sample and of the real PDFs and on
random lines made of the words and characters the reader reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import prose_reader_oracle
from gfs_ledger.narrative import claims

# The words and characters the reader's patterns read, and a few others.
WORDS = (
    "0", "1", "2", "3", "5", "9", "12", "2022", "2023", "1,776.55", "0.00", "100", ",", ".",
    "%", "％", "，", "；", "。", "：", ";", ":", "、", " ", "万元", "元", "亿元", "辆", "个",
    "人次", "批次", "台（套）", "台", "套", "（含）", "以上", "以下", "/", "占", "占比", "的",
    "完成", "为", "达到", "预算", "预算数", "年初预算", "全年预算", "支出决算", "决算数", "决算",
    "增加", "增长", "提高", "上升", "减少", "下降", "降低", "同比", "比上年", "比上年度", "较",
    "上年", "上年度", "上一年度", "去年", "年", "月", "日", "其中", "主要包括", "主要是",
    "包括", "分别占", "截至", "是", "共计", "共", "达", "一、", "（一）", "(二)", "1、", "2.",
    "与上年相比", "较2022年决算", "收入", "支出", "合计", "总计", "主要", "用于", "原因", "X",
)


def _read(reader, number, text, public):
    state = reader(number, text, "五、说明", public)
    made = [c.public() if not public else c for c in state.claims]
    amounts = [a if public else a.public() for a in state.amounts]
    return (made, [c.at for c in made], amounts, [a.at for a in amounts], state.subject,
            state.read_up_to)


def assert_read_alike(text: str) -> None:
    for public in (False, True):
        assert _read(claims._read_line, 7, text, public) == _read(
            prose_reader_oracle._read_line, 7, text, public), text


def _prose(source):
    from gfs_ledger import read_report

    if source is not None:
        pytest.importorskip("pypdfium2")
    report = read_report(None if source is None else Path(__file__).parent / "data/real" / source)
    lines = [text for _, text in report.prose]
    if report.layout is not None:
        from gfs_ledger.narrative.paragraphs import join_lines

        lines += [p.text for p in join_lines(report.prose, report.locations)]
    return lines


@pytest.mark.parametrize("source", [None, *sorted(
    p.name for p in (Path(__file__).parent / "data/real").glob("*.pdf"))])
def test_every_line_is_read_as_before(source):
    lines = _prose(source)
    assert lines
    for text in lines:
        stripped = text.strip().translate(claims._HALF_WIDTH)
        assert_read_alike(stripped)
        for clause in claims._CLAUSE_BREAK.split(stripped):  # each clause as a line too
            assert_read_alike(clause)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map("".join))
def test_random_lines_are_read_as_before(text):
    assert_read_alike(text)
