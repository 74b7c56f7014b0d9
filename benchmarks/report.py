"""Reports per second per core for reading + auditing the bundled sample, against
merely splitting the same text into lines and cells. Run: PYTHONPATH=src python benchmarks/report.py

Findings are built when first read, so the audit is timed read as its summary only,
and with every finding built; and with and without the prose's claims (情况说明).
"""

import time

from gfs_ledger import read_report
from gfs_ledger.samples import sample_text


def _rate(work, seconds: float = 1.0) -> float:
    work()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    text = sample_text()

    def tables_summary() -> None:
        read_report(text).audit(prose=False).summary()

    def summary() -> None:
        read_report(text).audit().summary()

    def every_finding() -> None:
        audit = read_report(text).audit()
        len(audit.findings)

    def split() -> None:
        [line.split("\t") for line in text.splitlines()]

    split_rate = _rate(split)
    print(f"split into lines and cells:              {split_rate:8.0f} texts/s per core")
    for what, work in (("read + audit of the tables + summary", tables_summary),
                       ("read + audit with the prose + summary", summary),
                       ("read + audit + every finding built", every_finding)):
        rate = _rate(work)
        print(f"{what + ':':40} {rate:8.0f} reports/s per core ({1000 / rate:.2f} ms each, "
              f"{split_rate / rate:.0f}× splitting)")


if __name__ == "__main__":
    main()
