"""The phases of reading and auditing the bundled sample, one at a time: CPU ms per run
of each, or N runs of one phase for an instruction counter.

Run: PYTHONPATH=src python benchmarks/phases.py              # ms per run of each phase
     PYTHONPATH=src python benchmarks/phases.py PHASE N      # N runs of PHASE, after one

Phases: read (``read_report`` of the text), ledgers (``Ledger.check`` of each table),
rules (the catalog's rules across tables), extract (the prose's claims), claims (the
claims extracted, resolved and checked), performance (the appraisal and the
self-evaluation), all (read + audit with the prose + summary), first (the same with the
memories kept across reports emptied first, as for a run's first document). Instructions are the
measure a loaded machine does not disturb. The N runs are made inside one call of
``operator.call``, so that callgrind counts them alone, without the interpreter's start
and the imports (which vary by tens of millions between two processes); divided by N,
with the hash seed fixed, that count is what docs/performance.md reports:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        --collect-atstart=no --toggle-collect='_operator_call*' \\
        python benchmarks/phases.py rules 5 2>&1 | grep Collected
"""

from __future__ import annotations

import operator
import sys
import time
from collections.abc import Callable

from report import _forget  # benchmarks/report.py

from gfs_ledger import read_report
from gfs_ledger.intervals import Tolerance
from gfs_ledger.samples import sample_text


def phases() -> dict[str, Callable[[], object]]:
    from gfs_ledger.narrative import check_claims, extract_claims
    from gfs_ledger.performance import check_performance
    from gfs_ledger.rules.catalog import CATALOG, CATALOGS
    from gfs_ledger.rules.evaluate import evaluate

    text = sample_text()
    report = read_report(text)
    tol = Tolerance()
    tables, _ = report._in_one_unit()
    catalog = CATALOGS.get(report.kind or "决算", CATALOG)
    layout = (report.layout or "national 决算", frozenset(report._expected()))
    ledgers = [t.ledger for t in report.tables.values() if t.ledger is not None]
    return {
        "read": lambda: read_report(text),
        "ledgers": lambda: [ledger.check(tol) for ledger in ledgers],
        "rules": lambda: evaluate(tables, tol, catalog, layout),
        "extract": lambda: extract_claims(report.prose, None),
        "claims": lambda: check_claims(report, tol),
        "performance": lambda: check_performance(report, tol),
        "all": lambda: read_report(text).audit().summary(),
        "first": lambda: (_forget(), read_report(text).audit().summary()),
    }


def main() -> None:
    found = phases()
    if len(sys.argv) == 3:
        run, times = found[sys.argv[1]], int(sys.argv[2])
        run()  # the memories a run keeps filled, as in a long run

        def runs() -> None:
            for _ in range(times):
                run()

        operator.call(runs)
        return
    for name, run in found.items():
        run()
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for _ in range(20):
                run()
            best = min(best, (time.process_time() - start) / 20)
        print(f"{name:12} {best * 1000:7.2f} ms per run (best of 5 × 20)")


if __name__ == "__main__":
    main()
