"""Every printed figure of each shared document mutated, one at a time, in seven ways:
does the audit catch it, and does it name the mutated cell?

Run: PYTHONPATH=src python benchmarks/mutations.py [--every K] [--jobs N] [--only NAME]

The documents: the bundled sample (阳泉市商务局 2023 决算, text) and the four real PDFs
of tests/data/real/. A figure is a table cell that the reader reads as an amount:
in the text, a cell printed with decimals (codes, 行次 and counts are not mutated); in
a PDF, a numeric run of a positioned line whose change moves the value of one figure
of the report's records and nothing else (not a code, a 行次 or a count). A PDF is
read once; each mutant changes the text of one cell of its positioned lines, or
removes it (blanked), and goes through the reader after extraction
(``report_of_lines``), so a mutant costs an audit, not a PDF parse.

The seven mutations: ``+1 last digit`` (751.01 → 751.02), ``+1.00`` (+1 in the units),
``×10``, ``dropped digit`` (the first), ``swapped digits`` (the first two that differ),
``blanked``, ``zeroed``.

Per document and kind of table it prints: mutants; ``same`` (the mutation printed the
same value, e.g. zeroing a 0.00: nothing to catch); ``caught`` (the audit has a
violation that the document's own audit has not); ``named`` (of those, a likely
culprit names the mutated cell by table, row and column, or a new violated finding on
its line prints the mutated value in its column); ``listed`` (of the others, a new
``culprit_candidates`` diagnostic names the mutated cell among the cells that could
each alone explain the violations as surely); ``wrong`` (a new likely culprit names
another cell); ``rounding`` (not caught, and the value moved by one unit step at
most: undetectable within the printed intervals); ``missed`` (not caught although some
identity could catch it). docs/mutations.md keeps its output.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import attrs

from gfs_ledger import read_report
from gfs_ledger.errors import GfsLedgerError
from gfs_ledger.report import Report, report_of_lines
from gfs_ledger.samples import sample_text
from gfs_ledger.sources.lines import PositionedLine

REAL = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
_FIGURE = re.compile(r"-?[\d,]+\.\d+")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_MARKER = re.compile(r"公开(\d\d)表")
_COUNT = re.compile(r"[辆个人次]\)|[辆个人次]）|数量|人数")
MUTATIONS = ("+1 last digit", "+1.00", "×10", "dropped digit", "swapped digits",
             "blanked", "zeroed")
VERDICTS = ("same", "caught", "named", "listed", "wrong", "rounding", "missed")

# (line, cell) of a figure in a document: a text's line number and tab-separated cell,
# or a PDF's index into its positioned lines and the run on it
Address = tuple[int, int]
# what a figure is in the report's records: table, section, code, name, column
Identity = tuple[str, str | None, str | None, str | None, str]


class Text:
    """The bundled sample: lines of tab-separated cells."""

    name = "sample"

    def __init__(self) -> None:
        self.lines = sample_text().splitlines()

    def candidates(self) -> Iterator[tuple[Address, str]]:
        table = None
        for n, line in enumerate(self.lines, 1):
            stripped = line.strip()
            if _MARKER.fullmatch(stripped):
                table = stripped
                continue
            if stripped.startswith("注") or stripped.startswith("第三部分"):
                table = None if stripped.startswith("第三部分") else table
                continue
            if table is None or "\t" not in line:
                continue
            for k, cell in enumerate(line.split("\t")):
                if _FIGURE.fullmatch(cell.strip()):
                    yield (n, k), cell.strip()

    def report(self, at: Address, new: str) -> Report:
        lines = list(self.lines)
        cells = lines[at[0] - 1].split("\t")
        cells[at[1]] = new
        lines[at[0] - 1] = "\t".join(cells)
        return read_report("\n".join(lines) + "\n")

    def base(self) -> Report:
        return read_report("\n".join(self.lines) + "\n")

    def place(self, at: Address) -> tuple[int | None, int]:
        """(page, line) as the audit's findings and diagnostics give them."""
        return None, at[0]


class Pdf:
    """A real PDF: its positioned lines, read once."""

    def __init__(self, path: Path) -> None:
        from gfs_ledger.sources.pdf import read_pdf_lines

        self.name = path.stem
        self.where = str(path)
        self.lines: tuple[PositionedLine, ...] = read_pdf_lines(path)

    def candidates(self) -> Iterator[tuple[Address, str]]:
        for i, line in enumerate(self.lines):
            for k, cell in enumerate(line.cells):
                if _NUMBER.fullmatch(cell.text.strip()):
                    yield (i, k), cell.text.strip()

    def report(self, at: Address, new: str) -> Report:
        line = self.lines[at[0]]
        cells = list(line.cells)
        if new:
            cells[at[1]] = attrs.evolve(cells[at[1]], text=new)
        else:
            del cells[at[1]]
        lines = list(self.lines)
        lines[at[0]] = attrs.evolve(line, cells=tuple(cells))
        return report_of_lines(lines, self.where)

    def base(self) -> Report:
        return report_of_lines(self.lines, self.where)

    def place(self, at: Address) -> tuple[int | None, int]:
        line = self.lines[at[0]]
        return line.page, line.number


Document = Text | Pdf


def documents() -> list[Document]:
    return [Text(), *(Pdf(p) for p in sorted(REAL.glob("*.pdf")))]


def _mutate(cell: str, how: str) -> str:
    value = Decimal(cell.replace(",", ""))
    places = -value.as_tuple().exponent  # type: ignore[operator]
    step = Decimal(1).scaleb(-places)
    shown = "{:,}" if "," in cell or "." in cell else "{}"
    if how == "+1 last digit":
        return shown.format(value + step)
    if how == "+1.00":
        return shown.format(value + 1)
    if how == "×10":
        return shown.format(value * 10)
    if how == "blanked":
        return ""
    if how == "zeroed":
        return "0.00" if places == 2 else str(Decimal(0).scaleb(-places))
    digits = [i for i, c in enumerate(cell) if c.isdigit()]
    if how == "dropped digit":
        i = digits[0]
        dropped = (cell[:i] + cell[i + 1:]).replace("-,", "-").lstrip(",")
        return "0" + dropped if dropped.lstrip("-").startswith(".") or not dropped else dropped
    pairs = [(a, b) for a, b in pairwise(digits) if cell[a] != cell[b]]
    if not pairs:
        return cell
    a, b = pairs[0]
    swapped = list(cell)
    swapped[a], swapped[b] = swapped[b], swapped[a]
    return "".join(swapped)


def _value(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None


def _records(report: Report) -> list[tuple[Identity, Any]]:
    return [((r["table"], r["section"], r["code"], r["name"], r["column"]), r["value"])
            for r in report.to_records()]


def _moved(findings: Sequence[Any]) -> set[tuple[Any, ...]]:
    return {(f.rule, f.rule_id, f.table, f.page, f.line, f.code, f.column, f.reported,
             f.difference) for f in findings}


_DOCUMENTS: dict[str, Document] = {}
_BASE_ROUNDING: dict[str, set[tuple[Any, ...]]] = {}
_BASE: dict[str, tuple[list[tuple[Identity, Any]], set[tuple[Any, ...]], set[str]]] = {}


def _load(names: Sequence[str]) -> None:
    """Each worker reads each document once (a PDF's text layer) and its own audit."""
    for document in documents():
        if document.name in names:
            _DOCUMENTS[document.name] = document
            base = document.base()
            audit = base.audit()
            _BASE[document.name] = (_records(base), _moved(audit.violations),
                                    {d.message for d in audit.diagnostics})
            _BASE_ROUNDING[document.name] = _moved(audit.rounding)


def _identify(job: tuple[str, Address, str]) -> list[Identity]:
    """The figures of the records whose value (and nothing else) a change of the cell
    moves: none for a code, a 行次, a count or a figure of the prose."""
    name, at, cell = job
    records, _, _ = _BASE[name]
    try:
        mutated = _records(_DOCUMENTS[name].report(at, _mutate(cell, "+1 last digit")))
    except GfsLedgerError:  # a cell whose change breaks the reading is no figure
        return []
    if len(mutated) != len(records) or any(a[0] != b[0] for a, b in zip(mutated, records)):
        return []
    moved = [a[0] for a, b in zip(mutated, records) if a[1] != b[1]]
    return [] if any(_COUNT.search(f"{i[3]}·{i[4]}") for i in moved) else moved


def _names(message: str, figure: Identity) -> bool:
    table, section, code, name, column = figure
    if table not in message:
        return False
    # a row of labelled items may be named with its section (收入·本年收入合计) or without
    prefixes = {f"{section}·" if section else "", ""}
    return any(f", {prefix}{key}·{column} prints " in message
               for key in (code, name) if key for prefix in prefixes)


def _lists(message: str, figure: Identity) -> bool:
    """A ``culprit_candidates`` message shows the figure among the cells that could each
    alone explain the violations (``30201·决算数 7.46 (line 317), …``)."""
    table, _, code, name, column = figure
    return table in message and any(
        f"{sep}{key}·{column} " in message for key in (code, name) if key
        for sep in ("any one of ", ", "))


def _judge(job: tuple[str, Address, str, Identity, str]) -> str:
    name, at, cell, figure, how = job
    new = _mutate(cell, how)
    if _value(new) == _value(cell) and (new == "") == (cell == ""):
        return "same"
    document = _DOCUMENTS[name]
    _, violations, messages = _BASE[name]
    audit = document.report(at, new).audit()
    fresh = [f for f in audit.violations if not _moved((f,)) <= violations]
    old, wanted = _value(cell), _value(new)
    if not fresh:
        step = Decimal(1).scaleb(Decimal(cell.replace(",", "")).as_tuple().exponent)
        # one unit step: every identity that reads the figure allows it (n + 1 terms of
        # half a step each); provably undetectable within the printed intervals
        # (a blank sums as zero: blanking a 0.00 changes no sum)
        if abs((wanted or 0) - (old or 0)) <= step:
            return "rounding"
        # more than a step, but an identity that reads it finds the new difference within
        # the rounding of all its terms (0.04 left out of a sum of ten figures)
        return "rounding" if _moved(audit.rounding) - _BASE_ROUNDING[name] else "missed"
    culprits = [d.message for d in audit.diagnostics
                if d.kind == "likely_culprit" and d.message not in messages]
    if any(not _names(m, figure) for m in culprits):
        return "wrong"
    page, line = document.place(at)
    named = bool(culprits) or any(
        f.page == page and f.line == line and f.rule != "narrative" and f.reported == wanted
        and f.column in (None, figure[4]) for f in fresh)
    if named:
        return "named"
    listed = [d.message for d in audit.diagnostics
              if d.kind == "culprit_candidates" and d.message not in messages]
    return "listed" if any(_lists(m, figure) for m in listed) else "caught"


def _table(counts: Counter[tuple[str, str]], kinds: Sequence[str], title: str) -> None:
    print(title)
    width = max([12, *(len(k) + 2 for k in kinds)])
    print(f"{'kind':<{width}}{'mutants':>9}" + "".join(f"{v:>9}" for v in VERDICTS))
    total: Counter[str] = Counter()
    for kind in [*kinds, "all"]:
        row = {v: (counts[kind, v] if kind != "all" else total[v]) for v in VERDICTS}
        if kind != "all":
            total.update(row)
        caught = row["caught"] + row["named"] + row["listed"] + row["wrong"]
        print(f"{kind:<{width}}{sum(row.values()):>9}{row['same']:>9}{caught:>9}{row['named']:>9}"
              f"{row['listed']:>9}{row['wrong']:>9}{row['rounding']:>9}{row['missed']:>9}")
    caught = total["caught"] + total["named"] + total["listed"] + total["wrong"]
    either = total["named"] + total["listed"]
    print(f"caught naming the mutated cell alone: {total['named']}/{caught} "
          f"= {100 * total['named'] / max(caught, 1):.1f}%; alone or among the cells that "
          f"equally explain the findings: {either}/{caught} = {100 * either / max(caught, 1):.1f}%;"
          f" naming another cell: {total['wrong']}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="mutate every K-th figure only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", help="a document's name (repeatable)")
    parser.add_argument("--unnamed", action="store_true",
                        help="also list the caught mutants whose cell no finding names")
    args = parser.parse_args()
    names = [d.name for d in documents() if not args.only or d.name in args.only]
    with ProcessPoolExecutor(args.jobs, initializer=_load, initargs=(names,)) as pool:
        _load(names)
        listed = [(n, at, cell) for n in names for at, cell in _DOCUMENTS[n].candidates()]
        figures = [(job, found[0]) for job, found in
                   zip(listed, pool.map(_identify, listed, chunksize=16)) if found]
        every: dict[str, list[tuple[tuple[str, Address, str], Identity]]] = {}
        for job, figure in figures:
            every.setdefault(job[0], []).append((job, figure))
        jobs = [(*job, figure, how) for n in names for job, figure in every.get(n, [])[::args.every]
                for how in MUTATIONS]
        verdicts = list(pool.map(_judge, jobs, chunksize=8))
    everything: Counter[tuple[str, str]] = Counter()
    listing: list[str] = []
    for name in names:
        counts: Counter[tuple[str, str]] = Counter()
        kinds: dict[str, None] = {}
        for job, verdict in zip(jobs, verdicts):
            if job[0] != name:
                continue
            kinds[job[3][0]] = None
            counts[job[3][0], verdict] += 1
            everything[name, verdict] += 1
            if verdict in ("missed", "wrong") or (args.unnamed and verdict in ("caught", "listed")):
                place = _DOCUMENTS[name].place(job[1])
                where = f"page {place[0]} line {place[1]}" if place[0] else f"line {place[1]}"
                listing.append(f"  {verdict} {name} {job[3][0]} {where} "
                               f"{job[3][3] or ''} {job[3][2] or ''}·{job[3][4]} {job[2]} {job[4]}")
        figures_of = len(every.get(name, []))
        _table(counts, list(kinds), f"{name}: {figures_of} figures"
               + (f", every {args.every}th" if args.every > 1 else ""))
    _table(everything, names, "every document")
    if listing:
        print("missed or named wrong" + (" or not named:" if args.unnamed else ":"))
        print("\n".join(listing))


if __name__ == "__main__":
    main()
