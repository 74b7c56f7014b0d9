"""Reports per second per core for reading + auditing the bundled sample, against
merely splitting the same text into lines and cells. Run: PYTHONPATH=src python benchmarks/report.py"""

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

    def full() -> None:
        audit = read_report(text).audit()
        len(audit.findings)

    def split() -> None:
        [line.split("\t") for line in text.splitlines()]

    full_rate, split_rate = _rate(full), _rate(split)
    print(f"read + audit (findings built): {full_rate:8.0f} reports/s per core "
          f"({1000 / full_rate:.2f} ms each)")
    print(f"split into lines and cells:    {split_rate:8.0f} texts/s per core")
    print(f"ratio: read + audit is {split_rate / full_rate:.0f}× the cost of splitting")


if __name__ == "__main__":
    main()
