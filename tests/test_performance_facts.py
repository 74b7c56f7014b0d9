"""The facts' reader reads its sentences in place in the joined text: the patterns it
rewrote find what the old ones found (a property test), and the facts of the sample's
appendix are those its sentences state."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gfs_ledger import read_report
from gfs_ledger.performance.arithmetic import _PARTIES, read_normalised_facts
from gfs_ledger.performance.evaluation import normal_lines

# The pattern as it was written before its first party was unrolled out of the repeat.
_OLD_PARTIES = re.compile(r"((?:[省市县区](?:级)?(?:财政)?、)+[省市县区](?:级)?)")


@given(st.text(alphabet="省市县区级财政、,。 a1", max_size=30), st.data())
def test_the_parties_pattern_finds_what_the_old_one_found(text: str, data: st.DataObject,
                                                          ) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _PARTIES.findall(text, start, end) == _OLD_PARTIES.findall(text[start:end])


def test_the_sample_facts_levels_roles_and_parties() -> None:
    lines = read_report().appendix
    facts = read_normalised_facts(lines, normal_lines(lines))
    # 市级财政预算拨付资金289.17万元 (line 601): of the 市 level, a budget
    budget = [f for f in facts if f.line == 601 and f.text == "289.17万元"]
    assert [(f.level, f.role) for f in budget] == [("市", "budget")]
    # 结余资金10.575万元: the 省 level's balance (483.6 − 473.025 = 10.575)
    balance = [f for f in facts if f.text == "10.575万元"]
    assert [(f.level, f.role, f.value) for f in balance] == [
        ("省", "balance", Decimal("10.575"))]
    # 较计划人数减少 119 人: a difference (6426 − 6307 = 119), twice in the appendix
    assert [f.role for f in facts if f.text == "119 人"] == ["difference", "difference"]
    # each 5:3:2 split names its parties 省、市、县
    assert {f.parties for f in facts if f.kind.value == "ratio"} == {("省", "市", "县")}
