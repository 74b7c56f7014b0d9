"""Check the sums of a 科目 table saved as CSV, and list what differs.

    python examples/check_csv.py [TABLE.csv]

With no file it checks the bundled sample (公开03表 of the 2023 final accounts of
阳泉市商务局). Exit status 1 when a sum is violated.
"""

from __future__ import annotations

import sys

from gfs_ledger import Ledger, sample_ledger


def main(argv: list[str]) -> int:
    ledger = Ledger.from_csv(argv[0]) if argv else sample_ledger()
    audit = ledger.check()
    print(f"{ledger!r}")
    print(audit.summary_text())
    for finding in (*audit.violations, *audit.rounding):
        print(f"{finding.outcome.value:>9}  {finding}")
    print("OK" if audit.ok else "VIOLATED")
    return 0 if audit.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
