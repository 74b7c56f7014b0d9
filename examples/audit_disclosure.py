"""Audit a 部门决算公开 (final-accounts disclosure) and print what differs.

    python examples/audit_disclosure.py [DISCLOSURE.txt]

With no file it audits the bundled sample (the 2023 final accounts of 阳泉市商务局).
The disclosure is the text of its PDF, cells separated by tabs. Prints who and when,
the summary per rule family, each violation and each difference within rounding
(尾数误差) with its table, line and both figures, then the verdict. Exit status 1
when something is violated or the text has input errors, 2 when it cannot be read.
"""

from __future__ import annotations

import sys

from gfs_ledger import ReadError, read_report


def main(argv: list[str]) -> int:
    try:
        report = read_report(argv[0] if argv else None)
    except (ReadError, OSError) as error:
        print(f"audit_disclosure: {error}", file=sys.stderr)
        return 2
    audit = report.audit()
    print(f"{report.department} {report.year} {report.kind} ({report.source})")
    print(audit.summary_text())
    for finding in (*audit.violations, *audit.rounding):
        table = finding.table or "情况说明"
        where = f"{table}, line {finding.line}" if finding.line else table
        print(f"{finding.outcome.value:>9}  [{where}] {finding.message}")
    for diagnostic in audit.diagnostics:
        print(f"{diagnostic.severity.value:>9}  {diagnostic}")
    print("OK" if audit.ok else "VIOLATED")
    return 0 if audit.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
