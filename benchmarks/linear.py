"""Time for 2× the input, over time for the input, for each path issue 10 found
quadratic, and the memory per row of a long 公开03表. A ratio near 2 is linear; 4 is
quadratic. Run: PYTHONPATH=src python benchmarks/linear.py [--scale S]

- ``digits in a clause``: one prose clause holding a run of n digits;
- ``digit tokens``: prose of many 5,000-digit tokens;
- ``part markers``: k repeats of ``第一部分 / 公开01表 / 注：x``;
- ``claims on one line``: one prose line of many amounts with no 。;
- ``03 rows``: 公开03表 with extra rows, read and audited; and its memory per row.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable

from gfs_ledger import GfsLedgerError, read_report
from gfs_ledger.narrative.claims import extract_claims
from gfs_ledger.samples import sample_text


def _seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        gc.collect()
        start = time.perf_counter()
        try:
            work()
        except GfsLedgerError:
            pass
        best = min(best, time.perf_counter() - start)
    return best


def _rows(n: int) -> str:
    """The sample with n extra 项 rows in 公开03表, each its own code (2xx yy zz, whose
    missing parents are derived), before its closing note."""
    text = sample_text()
    at = text.index("注：", text.index("公开03表"))
    extra = "".join(f"{230 + k // 9801}{k // 99 % 99 + 1:02d}{k % 99 + 1:02d}\t其他\t1.00\t1.00"
                    "\t\t\t\t\n" for k in range(n))
    return text[:at] + extra + text[at:]


CASES: dict[str, Callable[[int], Callable[[], object]]] = {
    "digits in a clause": lambda n: lambda: extract_claims([(1, "支出" + "1" * n + "元")]),
    "digit tokens": lambda n: lambda: extract_claims(
        [(1, "，".join("支出" + "7" * 5000 for _ in range(n // 5000)))]),
    "part markers": lambda n: lambda: read_report("第一部分\n公开01表\n注：x\n" * n),
    "claims on one line": lambda n: lambda: extract_claims(
        [(1, "".join(f"支出{k}.00万元" for k in range(n)))]),
    "03 rows": lambda n: (lambda text: lambda: read_report(text).audit(prose=False).summary())(
        _rows(n)),
}
SIZES = {"digits in a clause": 16_000, "digit tokens": 400_000, "part markers": 10_000,
         "claims on one line": 50_000, "03 rows": 20_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    args = parser.parse_args()
    print(f"{'case':<20}{'n':>10}{'time(n)':>10}{'time(2n)':>10}{'ratio':>8}")
    for name, case in CASES.items():
        n = int(SIZES[name] * args.scale)
        one, two = _seconds(case(n)), _seconds(case(2 * n))
        print(f"{name:<20}{n:>10}{one:>9.3f}s{two:>9.3f}s{two / one:>8.2f}")
    n = int(20_000 * args.scale)
    text = _rows(n)
    tracemalloc.start()
    report = read_report(text)
    read, _ = tracemalloc.get_traced_memory()
    audit = report.audit(prose=False)
    audit.summary()
    audited, _ = tracemalloc.get_traced_memory()
    len(audit.findings)
    built, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"03 with {n} extra rows ({len(text.encode()) / 1e6:.1f} MB of text), bytes held "
          f"per row: read {read / n:,.0f}, audited {audited / n:,.0f}, every finding "
          f"built {built / n:,.0f}")
    del report, audit


if __name__ == "__main__":
    main()
