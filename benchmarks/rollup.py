"""Build, roll up and check synthetic ledgers; compare with a hand-written loop.

    PYTHONPATH=src python benchmarks/rollup.py           # 10⁴, 10⁵ and 10⁶ accounts
    PYTHONPATH=src python benchmarks/rollup.py --quick   # 10⁴ and 10⁵ only

For each size it prints, per account: the time of ``Ledger.from_rows`` +
``rollup()`` + ``check()`` + ``audit.summary()`` (and of each phase); the time
of a minimal dict-and-Decimal loop doing the same sums on the same rows in the
same process (the rolled-up parents and the check of every printed parent
against its children) and their ratio; the same for a loop that makes the check
only, without the rollup; the pandas way where pandas is installed; and the
peak memory (``tracemalloc``) of the library and of the loop. It writes nothing.

The ledger is 3 columns × a 类 → 款 → 项 tree with k 款 per 类 and k 项 per 款
(k = 10 where 900 类 are enough, more beyond), leaves random 2-decimal
Decimals, parents printed as the exact sums of their children except for 1 % of
款 cells printed 0.01 off (尾数误差, which also shows in their 类).
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gfs_ledger import Ledger

COLUMNS = ("基本支出", "项目支出", "上缴上级支出")  # no 合计 column, so no row rule
Row = tuple[str, str, list[Decimal]]
_NAMES = ("一般公共服务支出", "商贸事务", "行政运行", "一般行政管理事务", "机关服务",
          "招商引资", "其他商贸事务支出")
_CENT = Decimal("0.01")


def fan_out(size: int) -> int:
    """The number of 款 per 类 and of 项 per 款 that 900 类 (100–999) need."""
    k = 10
    while 900 * (1 + k + k * k) < size:
        k += 1
    return k


def synthetic_rows(size: int, seed: int = 2023) -> list[Row]:
    """At least ``size`` rows (whole 类), in printed order, as a reader would give them."""
    rng = random.Random(seed)
    k = fan_out(size)
    rows: list[Row] = []

    def leaf() -> list[Decimal]:
        return [Decimal(rng.randrange(10_000_000)).scaleb(-2) for _ in COLUMNS]

    for lei in range(100, 1000):
        if len(rows) >= size:
            break
        lei_code = str(lei)
        lei_row: Row = (lei_code, _NAMES[0], [])
        rows.append(lei_row)
        lei_true = [Decimal(0)] * len(COLUMNS)
        for kuan in range(1, k + 1):
            kuan_code = f"{lei_code}{kuan:02d}"
            kuan_row: Row = (kuan_code, _NAMES[1], [])
            rows.append(kuan_row)
            kuan_true = [Decimal(0)] * len(COLUMNS)
            for xiang in range(1, k + 1):
                values = leaf()
                rows.append((f"{kuan_code}{xiang:02d}", _NAMES[2 + xiang % 5], values))
                kuan_true = [a + b for a, b in zip(kuan_true, values)]
            # 1 % of 款 cells print 0.01 off their true sum: 尾数误差.
            kuan_row[2].extend(v + _CENT if rng.random() < 0.01 else v for v in kuan_true)
            lei_true = [a + b for a, b in zip(lei_true, kuan_true)]
        lei_row[2].extend(lei_true)
    return rows


def library(rows: list[Row]) -> tuple[int, int]:
    """The library: build, roll up, check, summarise. Returns (exact, other) checks."""
    ledger = Ledger.from_rows(rows, columns=COLUMNS)
    ledger.rollup()
    (summary,) = ledger.check().summary()
    return summary.exact, summary.checks - summary.exact


def library_phases(rows: list[Row]) -> dict[str, float]:
    """Seconds spent in each phase of one library run."""
    t0 = time.perf_counter()
    ledger = Ledger.from_rows(rows, columns=COLUMNS)
    t1 = time.perf_counter()
    ledger.rollup()
    t2 = time.perf_counter()
    ledger.check().summary()
    t3 = time.perf_counter()
    return {"from_rows": t1 - t0, "rollup": t2 - t1, "check": t3 - t2}


def loop(rows: list[Row]) -> tuple[int, int]:
    """The minimal hand-written way: a dict of rows, each row's figures added into its
    parent (code[:-2]), then every printed parent compared with its children's sum."""
    printed: dict[str, tuple[str, list[Decimal]]] = {}
    sums: dict[str, list[Decimal]] = {}
    for code, name, values in rows:
        printed[code] = (name, values)
        if len(code) > 3:
            parent = code[:-2]
            acc = sums.get(parent)
            if acc is None:
                sums[parent] = list(values)
            else:
                sums[parent] = [a + b for a, b in zip(acc, values)]
    exact = other = 0
    for parent, acc in sums.items():
        for reported, computed in zip(printed[parent][1], acc):
            if reported == computed:
                exact += 1
            else:
                other += 1
    return exact, other


def loop_with_rollup(rows: list[Row]) -> tuple[int, int]:
    """The loop above, plus the rollup the library also makes: walking the rows
    backwards (children follow their parent), each parent's rolled-up figures are
    the sum of its children's, a leaf's its own."""
    rolled: dict[str, list[Decimal]] = {}
    for code, _, values in reversed(rows):
        own = rolled.get(code, values)
        if len(code) > 3:
            parent = code[:-2]
            acc = rolled.get(parent)
            rolled[parent] = list(own) if acc is None else [a + b for a, b in zip(acc, own)]
    return loop(rows)


def with_pandas(rows: list[Row]) -> tuple[int, int]:
    """The pandas way: a frame of Decimals, groupby on the parent code, compare."""
    import pandas as pd

    frame = pd.DataFrame(
        [(code, name, *values) for code, name, values in rows],
        columns=["code", "name", *COLUMNS],
    )
    frame["parent"] = frame["code"].str[:-2].where(frame["code"].str.len() > 3)
    sums = frame.dropna(subset=["parent"]).groupby("parent")[list(COLUMNS)].sum()
    reported = frame.set_index("code").loc[sums.index, list(COLUMNS)]
    same = (reported == sums).to_numpy()
    exact = int(same.sum())
    return exact, same.size - exact


def best_time(function: Callable[[list[Row]], Any], rows: list[Row], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        function(rows)
        best = min(best, time.perf_counter() - start)
    return best


def peak_bytes(function: Callable[[list[Row]], Any], rows: list[Row]) -> int:
    """Peak bytes allocated while the function runs (the rows exist beforehand)."""
    gc.collect()
    tracemalloc.start()
    try:
        function(rows)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10⁶ size")
    parser.add_argument("--repeats", type=int, default=3, help="best of how many runs")
    options = parser.parse_args()
    sizes = (10_000, 100_000) if options.quick else (10_000, 100_000, 1_000_000)
    try:
        import pandas  # noqa: F401
        have_pandas = True
    except ImportError:
        have_pandas = False

    header = ["accounts", "k", "ours µs", "from_rows", "rollup", "check", "loop µs",
              "ratio", "check-only loop µs", "ratio", "pandas µs", "pd ratio", "ours B",
              "loop B"]
    table = [header]
    for size in sizes:
        rows = synthetic_rows(size)
        n = len(rows)
        assert library(rows) == loop(rows), "the library and the loop disagree"
        ours = best_time(library, rows, options.repeats)
        base = best_time(loop_with_rollup, rows, options.repeats)
        check_only = best_time(loop, rows, options.repeats)
        phases = min(
            (library_phases(rows) for _ in range(options.repeats)),
            key=lambda p: sum(p.values()),
        )
        panda_cells = ["—", "—"]
        if have_pandas:
            assert with_pandas(rows) == loop(rows), "pandas and the loop disagree"
            panda = best_time(with_pandas, rows, options.repeats)
            panda_cells = [f"{panda / n * 1e6:.2f}", f"{panda / check_only:.2f}×"]
        table.append([
            f"{n:,}", str(fan_out(size)), f"{ours / n * 1e6:.2f}",
            *(f"{phases[p] / n * 1e6:.2f}" for p in ("from_rows", "rollup", "check")),
            f"{base / n * 1e6:.2f}", f"{ours / base:.2f}×",
            f"{check_only / n * 1e6:.2f}", f"{ours / check_only:.2f}×", *panda_cells,
            f"{peak_bytes(library, rows) / n:.0f}",
            f"{peak_bytes(loop_with_rollup, rows) / n:.0f}",
        ])
        del rows
    print_table(table, f"µs: microseconds per account, best of {options.repeats} runs; "
                       "B: peak tracemalloc bytes per account; phases of ours in µs per account")


def print_table(table: list[list[str]], note: str) -> None:
    """Print rows of text cells right-aligned in columns, then a note."""
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths)))
    print(note)


if __name__ == "__main__":
    main()
