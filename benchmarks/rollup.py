"""From printed figures to a checked tree: the library beside a hand-written floor and pandas.

    PYTHONPATH=src python benchmarks/rollup.py           # 10⁴, 10⁵ and 10⁶ accounts
    PYTHONPATH=src python benchmarks/rollup.py --quick   # 10⁴ and 10⁵ only

The rows are what the readers hand over: ``(code, name, [printed figure, …])`` with
the figures as the strings the table prints, shuffled (rows in any order). For each
size it times, in one run on the same rows:

- **floor**: the hand-written minimum, ``Decimal(str)`` per cell, one add per child
  into its parent (``code[:-2]``), one compare per parent;
- **pandas Decimal**: a DataFrame of ``Decimal(str)`` cells, ``groupby`` on the parent
  code, ``==`` against the printed parents (when pandas is installed);
- **pandas float64**: the same on ``float`` columns parsed by pandas (inexact: it
  compares within half a cent);
- **library**: ``Ledger.from_rows`` + ``check()`` + ``summary()``; the same for
  ``Ledger.from_csv`` on the CSV text of the rows; and ``from_rows`` on the rows in
  printed order.

Each is given in µs of CPU time per account (``time.process_time``: on a shared
machine wall time mostly measures the other processes), as a ratio to the floor, and with its peak memory
per account (``tracemalloc``, the input existing beforehand). A second column does the
same on rows whose figures are already ``Decimal`` (the floor then skips the parsing).
It writes nothing.

The ledger is 3 columns × a 类 → 款 → 项 tree with k 款 per 类 and k 项 per 款
(k = 10 where 900 类 are enough, more beyond), leaves random 2-decimal figures,
parents printed as the exact sums of their children except for 1 % of 款 cells
printed 0.01 off (尾数误差, which also shows in their 类).
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import random
import time
import tracemalloc
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from gfs_ledger import Ledger

COLUMNS = ("基本支出", "项目支出", "上缴上级支出")  # no 合计 column, so no row rule
Row = tuple[str, str, list[Any]]
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
    """At least ``size`` rows (whole 类) of Decimal figures, in printed order."""
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


def printed_rows(size: int, *, shuffled: bool = True, seed: int = 2023) -> list[Row]:
    """The rows of ``synthetic_rows`` with their figures as printed strings, shuffled
    (with a fixed seed) unless ``shuffled`` is False."""
    rows: list[Row] = [(c, n, [str(v) for v in values]) for c, n, values in
                       synthetic_rows(size, seed)]
    if shuffled:
        random.Random(seed).shuffle(rows)
    return rows


def as_decimals(rows: list[Row]) -> list[Row]:
    """The same rows with their figures made Decimal."""
    return [(c, n, [Decimal(v) for v in values]) for c, n, values in rows]


def csv_text(rows: list[Row]) -> str:
    """The rows as the CSV a spreadsheet saves: a header, then one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["科目编码", "科目名称", *COLUMNS])
    writer.writerows([c, n, *values] for c, n, values in rows)
    return out.getvalue()


def summary_counts(ledger: Ledger) -> tuple[int, int]:
    """The check of a ledger: (exact, other) comparisons."""
    (summary,) = ledger.check().summary()
    return summary.exact, summary.checks - summary.exact


def library(rows: list[Row]) -> tuple[int, int]:
    """``Ledger.from_rows`` + ``check()`` + ``summary()``."""
    return summary_counts(Ledger.from_rows(rows, columns=COLUMNS))


def library_csv(text: str) -> tuple[int, int]:
    """``Ledger.from_csv`` + ``check()`` + ``summary()``."""
    return summary_counts(Ledger.from_csv(text))


def floor(rows: list[Row]) -> tuple[int, int]:
    """The hand-written minimum: ``Decimal(str)`` per cell (a Decimal as it is), one add
    per child into its parent (code[:-2]), then one compare per parent and column."""
    printed: dict[str, list[Decimal]] = {}
    sums: dict[str, list[Decimal]] = {}
    for code, _, values in rows:
        figures = list(map(Decimal, values))
        printed[code] = figures
        if len(code) > 3:
            parent = code[:-2]
            acc = sums.get(parent)
            sums[parent] = figures if acc is None else [a + b for a, b in zip(acc, figures)]
    exact = other = 0
    for parent, acc in sums.items():
        for reported, computed in zip(printed[parent], acc):
            if reported == computed:
                exact += 1
            else:
                other += 1
    return exact, other


def _frame(rows: list[Row]) -> Any:
    import pandas as pd

    frame = pd.DataFrame([(c, *values) for c, _, values in rows], columns=["code", *COLUMNS])
    frame["parent"] = frame["code"].str[:-2].where(frame["code"].str.len() > 3)
    return frame


def _compare(frame: Any, same: Callable[[Any, Any], Any]) -> tuple[int, int]:
    sums = frame.dropna(subset=["parent"]).groupby("parent")[list(COLUMNS)].sum()
    reported = frame.set_index("code").loc[sums.index, list(COLUMNS)]
    equal = same(reported, sums).to_numpy()
    exact = int(equal.sum())
    return exact, equal.size - exact


def pandas_decimal(rows: list[Row]) -> tuple[int, int]:
    """pandas with Decimal objects: ``Decimal(str)`` per cell, groupby on the parent code."""
    frame = _frame(rows)
    for column in COLUMNS:
        frame[column] = frame[column].map(Decimal)
    return _compare(frame, lambda a, b: a == b)


def pandas_float(rows: list[Row]) -> tuple[int, int]:
    """pandas float64 on the same strings (inexact: equal within half a cent)."""
    frame = _frame(rows)
    for column in COLUMNS:
        frame[column] = frame[column].astype("float64")
    return _compare(frame, lambda a, b: (a - b).abs() < 0.005)


def best_time(function: Callable[[Any], Any], given: Any, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.process_time()
        function(given)
        best = min(best, time.process_time() - start)
    return best


def peak_bytes(function: Callable[[Any], Any], given: Any) -> int:
    """Peak bytes allocated while the function runs (its input exists beforehand)."""
    gc.collect()
    tracemalloc.start()
    try:
        function(given)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(size: int, repeats: int, have_pandas: bool) -> list[list[str]]:
    """The table of one size: a line per way, strings then Decimal rows."""
    rows = printed_rows(size)
    ordered = printed_rows(size, shuffled=False)
    decimals = as_decimals(rows)
    text = csv_text(rows)
    n = len(rows)
    expected = floor(rows)
    ways: list[tuple[str, Callable[[Any], Any], Any, Any]] = [
        ("floor: Decimal(str), add per child, compare per parent", floor, rows, decimals),
    ]
    if have_pandas:
        ways += [("pandas, Decimal objects, groupby parent", pandas_decimal, rows, decimals),
                 ("pandas float64 (inexact)", pandas_float, rows, None)]
    ways += [("gfs_ledger Ledger.from_rows + check()", library, rows, decimals),
             ("gfs_ledger, rows already in printed order", library, ordered,
              as_decimals(ordered)),
             ("gfs_ledger Ledger.from_csv + check()", library_csv, text, None)]
    timed: list[tuple[str, float, int, float | None]] = []
    for name, function, strings, decimal_rows in ways:
        got = function(strings)
        if "inexact" not in name:
            assert got == expected, f"{name} disagrees with the floor: {got} != {expected}"
        seconds = best_time(function, strings, repeats)
        on_decimals = None
        if decimal_rows is not None:
            assert "inexact" in name or function(decimal_rows) == expected
            on_decimals = best_time(function, decimal_rows, repeats)
        timed.append((name, seconds, peak_bytes(function, strings), on_decimals))
    base, decimal_base = timed[0][1], timed[0][3]
    assert decimal_base is not None
    table = []
    for name, seconds, peak, on_decimals in timed:
        decimal_cells = ["—", "—"] if on_decimals is None else [
            f"{on_decimals / n * 1e6:.2f}", f"{on_decimals / decimal_base:.2f}×"]
        table.append([f"{n:,}", name, f"{seconds / n * 1e6:.2f}", f"{seconds / base:.2f}×",
                      f"{peak / n:,.0f}", *decimal_cells])
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10⁶ size")
    parser.add_argument("--repeats", type=int, default=3, help="best of how many runs")
    parser.add_argument("--sizes", type=int, nargs="*", help="sizes instead of 10⁴, 10⁵, 10⁶")
    options = parser.parse_args()
    sizes: Sequence[int] = options.sizes or (
        (10_000, 100_000) if options.quick else (10_000, 100_000, 1_000_000))
    try:
        import pandas  # noqa: F401
        have_pandas = True
    except ImportError:
        have_pandas = False
    header = ["accounts", "way", "strings µs", "÷ floor", "peak B", "Decimal rows µs",
              "÷ floor"]
    for size in sizes:  # a table per size, printed as soon as it is measured
        print_table([header, *measure(size, options.repeats, have_pandas)], "")
    print(f"µs: microseconds of CPU time per account (time.process_time, which other "
          f"processes on a loaded machine disturb less than wall time), best of "
          f"{options.repeats} runs; peak B: peak "
          "tracemalloc bytes per account on the strings; rows shuffled except where said; "
          "÷ floor: against the floor of the same column")


def print_table(table: list[list[str]], note: str) -> None:
    """Print rows of text cells in columns (the way left-aligned), then a note."""
    widths = [max(len(row[c]) for row in table) for c in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(w) if c == 1 else cell.rjust(w)
                        for c, (cell, w) in enumerate(zip(row, widths))))
    print(note, flush=True)


if __name__ == "__main__":
    main()
