"""Reports per second per core: reading + auditing the bundled sample and each shared PDF
(tests/data/real), against two yardsticks on the same text: merely splitting it into lines
and cells, and a hand-written floor that does the least any reader must (every number in
a cell of the tables parsed to a ``Decimal``, every amount and change of the prose found
by one pattern each), with none of the library's checks.

Run: PYTHONPATH=src python benchmarks/report.py [--seconds S] [--rounds N] [FILE.pdf ...]

Rates are per second of this process's CPU time (``time.process_time``), so other jobs on
the machine slow them less than they slow the clock; each is the best of ``--rounds``
rounds, with the slowest round beside it. Findings are built when first read, so the
audit is timed read as its summary only, and with every finding built (and its message
made); and with and without the prose's claims (情况说明). For a PDF, reading it (the text
layer, the tables) and the audit of a report already read are also shown apart.

The library remembers a few strings across reports (each label normalised and stripped
once, each printed cell parsed once, the targets each subject of the prose matches, the
parts of the catalog's totals): the sample is also timed with those memories emptied
before each report, as for the first document of a run.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from gfs_ledger import read_report
from gfs_ledger.report import Report
from gfs_ledger.samples import sample_text

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"


_DIGIT = re.compile(r"\d")
_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_AMOUNT = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)(?P<unit>万元|元|%)")
_CHANGE = re.compile(r"(?P<direction>增加|减少|下降|增长)(?P<number>\d+(?:\.\d+)?)(?P<unit>万元|%)")


def floor(text: str) -> tuple[int, int]:
    """The least any reader of a text report does, by hand: each cell of the tables that
    holds a number (a figure or a code) parsed to a ``Decimal``, and each amount and
    change of the prose found (one pattern each) with its number parsed and the words
    before it kept. No tree, no check, no rule. Returns how many numbers and prose
    matches it found."""
    from decimal import Decimal

    numbers, found = 0, []
    for n, line in enumerate(text.splitlines()):
        if "\t" in line:
            for cell in line.split("\t"):
                cell = cell.strip()
                if cell and _FIGURE.fullmatch(cell):
                    Decimal(cell.replace(",", ""))
                    numbers += 1
        elif _DIGIT.search(line):
            for match in _AMOUNT.finditer(line):
                start = match.start()
                found.append((n, start, Decimal(match["number"].replace(",", "")),
                              match["unit"], line[max(0, start - 12): start]))
            for match in _CHANGE.finditer(line):
                found.append((n, match.start(), Decimal(match["number"]), match["unit"],
                              match["direction"]))
    return numbers, len(found)


def _rates(work: Callable[[], object], seconds: float, rounds: int) -> tuple[float, float]:
    """The best and the worst rate (runs per CPU second) of ``rounds`` rounds, each
    running ``work`` for about ``seconds`` / ``rounds`` and at least once."""
    work()
    found = []
    for _ in range(rounds):
        n, start = 0, time.process_time()
        while True:
            work()
            n += 1
            spent = time.process_time() - start
            if spent >= seconds / rounds:
                break
        found.append(n / spent)
    return max(found), min(found)


def _print(what: str, rates: tuple[float, float],
           yardsticks: tuple[float, float] | None = None) -> None:
    best, worst = rates
    line = (f"  {what + ':':64} {best:8.1f} reports/s per core ({1000 / best:7.2f} ms each; "
            f"slowest round {worst:.1f}/s)")
    if yardsticks is not None:
        split_rate, floor_rate = yardsticks
        line += f", {split_rate / best:.0f}× splitting, {floor_rate / best:.1f}× the floor"
    print(line)


def _audits(read: Callable[[], Report]) -> list[tuple[str, Callable[[], object]]]:
    """Read + audit, timed three ways."""
    return [
        ("read + audit of the tables + summary", lambda: read().audit(prose=False).summary()),
        ("read + audit with the prose + summary", lambda: read().audit().summary()),
        ("read + audit with the prose + every finding built",
         lambda: [f.message for f in read().audit().findings]),
    ]


def _read_already(report: Report) -> list[tuple[str, Callable[[], object]]]:
    return [
        ("audit of a report already read, tables + summary",
         lambda: report.audit(prose=False).summary()),
        ("audit of a report already read, with the prose + summary",
         lambda: report.audit().summary()),
    ]


def _forget() -> None:
    """Empty the memories that the library keeps across reports (normalised labels and
    layout titles, stripped labels, parsed cells, the targets a subject matches, the
    parts of the catalog's totals), as for the first report of a run."""
    import importlib

    for module, name in (("tables.registry", "_NORMALIZED"), ("tables.registry", "_titles"),
                         ("tables.shapes", "_STRIPPED"), ("tables.cells", "_AMOUNTS"),
                         ("narrative.targets", "_MATCHED"), ("rules.evaluate", "_DEFINED")):
        memory = getattr(importlib.import_module(f"gfs_ledger.{module}"), name, None)
        if memory is not None:  # not in the versions before them
            (getattr(memory, "cache_clear", None) or memory.clear)()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path,
                        help="PDFs to time (default: the four in tests/data/real)")
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="CPU seconds per measurement (default 2)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measurement")
    parser.add_argument("--no-pdf", action="store_true", help="the sample only")
    args = parser.parse_args()
    text = sample_text()

    def split() -> None:
        [line.split("\t") for line in text.splitlines()]

    split_rate = _rates(split, args.seconds, args.rounds)[0]
    print(f"split the sample into lines and cells: {split_rate:8.0f} texts/s per core")
    floor_rate = _rates(lambda: floor(text), args.seconds, args.rounds)[0]
    numbers, found = floor(text)
    print(f"the hand-written floor ({numbers} numbers in cells, {found} amounts and changes "
          f"of the prose): {floor_rate:8.0f} texts/s per core")
    yardsticks = split_rate, floor_rate
    print("sample (text):")
    for what, work in _audits(lambda: read_report(text)):
        _print(what, _rates(work, args.seconds, args.rounds), yardsticks)
    _print("read + audit with the prose + summary, memories emptied",
           _rates(lambda: (_forget(), read_report(text).audit().summary()), args.seconds,
                  args.rounds), yardsticks)
    _print("read only", _rates(lambda: read_report(text), args.seconds, args.rounds))
    for what, work in _read_already(read_report(text)):
        _print(what, _rates(work, args.seconds, args.rounds))
    if args.no_pdf:
        return
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        print("PDFs: not measured, reading them needs pypdfium2 (the pdf extra)")
        return
    for path in args.files or sorted(REAL.glob("*.pdf")):
        print(f"{path.name} (PDF):")
        for what, work in _audits(lambda path=path: read_report(path)):  # type: ignore[misc]
            _print(what.replace("read +", "read from the PDF +"),
                   _rates(work, args.seconds, args.rounds))
        _print("read from the PDF only",
               _rates(lambda path=path: read_report(path), args.seconds, args.rounds))
        for what, work in _read_already(read_report(path)):
            _print(what, _rates(work, args.seconds, args.rounds))


if __name__ == "__main__":
    main()
