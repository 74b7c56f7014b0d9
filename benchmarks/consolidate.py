"""Consolidate many ledgers at once; show that the time is linear in their total size.

    PYTHONPATH=src python benchmarks/consolidate.py           # 10⁴, 10⁵ and 10⁶ accounts in all
    PYTHONPATH=src python benchmarks/consolidate.py --quick   # 10⁴ and 10⁵ only

For each total size and number of parts it prints, per account of the parts together:
the time of ``Ledger.consolidate_all(parts)``, of ``sum(parts)`` (adding them in turn),
and of ``check()`` on the consolidation (whose rounding differences need the steps its
sums carry). Parts are the rollup benchmark's synthetic ledgers: either k ledgers over
the same tree with different figures (本级 and units of one table), or one ledger cut
into k parts of different 类 (disjoint trees), where adding in turn grows the running
sum at every step. It writes nothing.
"""

from __future__ import annotations

import argparse
from itertools import pairwise

from rollup import COLUMNS, best_time, print_table, synthetic_rows

from gfs_ledger import Ledger


def same_tree(total: int, k: int) -> list[Ledger]:
    """k ledgers of total / k accounts over one tree, with different figures."""
    return [Ledger.from_rows(synthetic_rows(total // k, seed=i), columns=COLUMNS)
            for i in range(k)]


def disjoint(total: int, k: int) -> list[Ledger]:
    """One ledger of ``total`` accounts cut into k parts at 类 boundaries."""
    rows = synthetic_rows(total)
    cuts = [i for i, row in enumerate(rows) if len(row[0]) == 3]
    per = max(1, len(cuts) // k)
    starts = [*cuts[::per][:k], len(rows)]
    return [Ledger.from_rows(rows[a:b], columns=COLUMNS) for a, b in pairwise(starts)]


def measure(trees: str, parts: list[Ledger], repeats: int) -> list[str]:
    """One row of the table: the three times per account of the parts together."""
    n = sum(map(len, parts))
    at_once = Ledger.consolidate_all(parts)
    assert at_once == sum(parts), "consolidate_all and sum() disagree"
    whole = best_time(Ledger.consolidate_all, parts, repeats)
    pairwise_time = best_time(sum, parts, repeats)
    check = best_time(lambda ledger: ledger.check().summary(), at_once, repeats)
    return [trees, f"{n:,}", str(len(parts)), f"{whole / n * 1e6:.2f}",
            f"{pairwise_time / n * 1e6:.2f}", f"{check / n * 1e6:.2f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10⁶ size")
    parser.add_argument("--repeats", type=int, default=3, help="best of how many runs")
    options = parser.parse_args()
    runs = [(10_000, 10), (100_000, 2), (100_000, 10), (100_000, 100)]
    if not options.quick:
        runs.append((1_000_000, 10))
    header = ["trees", "accounts", "parts", "consolidate_all µs", "sum() µs", "check µs"]
    table = [header]
    for trees, make in (("same", same_tree), ("disjoint", disjoint)):
        for total, k in runs:
            table.append(measure(trees, make(total, k), options.repeats))
    print_table(table, f"µs: microseconds per account of the parts together, best of "
                       f"{options.repeats} runs; check: the consolidation's check() and summary()")


if __name__ == "__main__":
    main()
