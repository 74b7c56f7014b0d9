"""The ledgers' checks decide each outcome by a quick path (equal figures at once, the
room of printed figures counted in half cents) and write findings up through the
intervals: both must agree on every check."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gfs_ledger import Ledger, Outcome, Tolerance
from gfs_ledger.checks import _TOTAL, _Terms, check_ledger
from gfs_ledger.intervals import _half_step

# A figure printed to 0, 1, 2 or 3 places, a blank, or (rarely) a "——".
_figures = st.one_of(
    st.none(),
    st.builds(lambda n, places: Decimal(n).scaleb(-places),
              st.integers(-5000, 5000), st.sampled_from([2, 2, 2, 0, 1, 3])),
)
# A small tree: 类 2xx with 款 and 项 below, each account present or not.
_CODES = ["201", "20101", "2010101", "2010102", "20102", "2010201", "205", "20501",
          "2050101", "2050102", "2050199", "20599"]


@st.composite
def _ledgers(draw: st.DrawFn) -> Ledger:
    kept = [c for c in _CODES if draw(st.booleans())] or ["201"]
    columns = ["合计", "基本", "项目"]
    rows = [(c, f"账户{c}", [draw(_figures) for _ in columns]) for c in kept]
    total = [draw(_figures) for _ in columns] if draw(st.booleans()) else None
    ledger = Ledger.from_rows(rows, columns=columns, title="t")
    return ledger.with_total(total) if total is not None else ledger


def _room(reported: Decimal | None, parts: list[Decimal | None]) -> Decimal:
    figures = [f for f in [*parts, reported] if isinstance(f, Decimal)]
    return sum((_half_step(f) for f in figures), Decimal(0))


@given(st.lists(_figures, max_size=8), _figures)
@settings(max_examples=500, deadline=None)
def test_the_room_in_half_cents_is_the_sum_of_half_steps(
    parts: list[Decimal | None], reported: Decimal | None
) -> None:
    # e.g. 1.25 over 0.50 and 0.74: three cents, three half cents: 0.015
    assert _Terms._halves(reported, parts) == _room(reported, parts)


@given(_ledgers())
@settings(max_examples=300, deadline=None)
def test_quick_outcomes_are_the_intervals_outcomes(ledger: Ledger) -> None:
    # Each check's outcome decided by the quick path equals the one the interval path
    # (the allowed difference of the written-up finding) gives.
    audit = check_ledger(ledger, Tolerance())
    for finding in audit.findings:
        if finding.outcome is Outcome.NOT_APPLICABLE:
            continue
        assert finding.difference is not None and finding.allowed is not None
        if finding.difference == 0:
            expected = Outcome.EXACT
        elif abs(finding.difference) <= finding.allowed:
            expected = Outcome.ROUNDING
        else:
            expected = Outcome.VIOLATED
        assert finding.outcome is expected, finding.message


@given(_ledgers())
@settings(max_examples=200, deadline=None)
def test_quick_room_of_a_hierarchy_check_is_the_intervals(ledger: Ledger) -> None:
    terms = _Terms(ledger, Tolerance())
    for j in range(len(ledger.columns)):
        for i in [*sorted(set(ledger._parents) - {-1}), _TOTAL]:
            if i == _TOTAL and ledger.total is None:
                continue
            quick = terms.allowed_hierarchy(i, j)
            slow = terms._allowed(i, j, terms._hierarchy_terms(i, j))
            assert quick == slow, (i, j)


@given(_ledgers(), st.sampled_from([Tolerance(), Tolerance.exact(), Tolerance.parse("0.05")]))
@settings(max_examples=200, deadline=None)
def test_counts_are_the_findings_counts(ledger: Ledger, tolerance: Tolerance) -> None:
    # The outcomes are counted as the checks run, the findings written up later.
    audit = check_ledger(ledger, tolerance)
    for summary in audit.summary():
        mine = [f for f in audit.findings if f.rule == summary.rule]
        assert summary.checks == len(mine)
        for outcome in ("exact", "rounding", "violated", "not_applicable"):
            assert getattr(summary, outcome) == sum(f.outcome == outcome for f in mine)
