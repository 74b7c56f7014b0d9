"""Every printed figure of the shared document mutated, one at a time, in seven ways:
does the audit catch it, and does a violated finding name the mutated cell?

Run: PYTHONPATH=src python benchmarks/mutations.py [--every K] [--jobs N]

The document is the bundled sample (阳泉市商务局 2023 决算). A figure is a table cell
printed as an amount with decimals (codes, 行次 and counts are not mutated). The seven
mutations: ``+1 last digit`` (751.01 → 751.02), ``+1.00``, ``×10``, ``dropped digit``
(the first), ``swapped digits`` (the first two that differ), ``blanked``, ``zeroed``.

Per kind of table it prints: mutants; ``same`` (the mutation printed the same value,
e.g. zeroing a 0.00: nothing to catch); ``caught`` (the audit fails); ``named`` (a
violated finding names the mutated cell: its line, and its column or the leaf as a term
of a sum, or a likely culprit); ``rounding`` (not caught, but the audit shows the change
as a difference within rounding: undetectable within the printed intervals); and
``missed`` (not caught, no trace). docs/mutations.md keeps its output.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from itertools import pairwise

from gfs_ledger import read_report
from gfs_ledger.samples import sample_text

_FIGURE = re.compile(r"-?[\d,]+\.\d+")
_MARKER = re.compile(r"公开(\d\d)表")
MUTATIONS = ("+1 last digit", "+1.00", "×10", "dropped digit", "swapped digits",
             "blanked", "zeroed")


def _figures(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(table, line, cell index, text) of every printed figure of the tables."""
    table = None
    for n, line in enumerate(text.splitlines(), 1):
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
                yield table, n, k, cell.strip()


def _mutate(cell: str, how: str) -> str:
    value = Decimal(cell.replace(",", ""))
    places = -value.as_tuple().exponent  # type: ignore[operator]
    step = Decimal(1).scaleb(-places)
    if how == "+1 last digit":
        return f"{value + step:,}"
    if how == "+1.00":
        return f"{value + 1:,}"
    if how == "×10":
        return f"{value * 10:,}"
    if how == "blanked":
        return ""
    if how == "zeroed":
        return "0.00"
    digits = [i for i, c in enumerate(cell) if c.isdigit()]
    if how == "dropped digit":
        i = digits[0]
        dropped = cell[:i] + cell[i + 1:]
        return dropped if _FIGURE.fullmatch(dropped.lstrip(",")) else "0" + dropped
    pairs = [(a, b) for a, b in pairwise(digits) if cell[a] != cell[b]]
    if not pairs:
        return cell
    a, b = pairs[0]
    swapped = list(cell)
    swapped[a], swapped[b] = swapped[b], swapped[a]
    return "".join(swapped)


def _value(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text else None


def _judge(job: tuple[str, str, int, int, str, str]) -> tuple[str, str, str]:
    text, table, line, k, cell, how = job
    new = _mutate(cell, how)
    if _value(new) == _value(cell) and (new == "") == (cell == ""):
        return table, how, "same"
    lines = text.splitlines()
    cells = lines[line - 1].split("\t")
    cells[k] = new
    lines[line - 1] = "\t".join(cells)
    audit = read_report("\n".join(lines) + "\n").audit()
    old, wanted = _value(cell), _value(new)
    if audit.ok:
        step = Decimal(1).scaleb(Decimal(cell.replace(",", "")).as_tuple().exponent)
        # one unit step: every identity that reads the figure allows it (n + 1 terms of
        # half a step each); provably undetectable within the printed intervals
        # (a blank sums as zero: blanking a 0.00 changes no sum)
        within = abs((wanted or 0) - (old or 0)) <= step
        return table, how, "rounding" if within else "missed"
    # the row's code or label: a 合计 row's cell has no line of its own in a ledger
    row = next((c.strip() for c in cells if c.strip()), "")
    # in a panelled table several accounts share a line: the code left of the figure
    code = next((c.strip() for c in reversed(cells[:k]) if c.strip().isdigit()), None)
    named = any(d.kind == "likely_culprit" and (
        (d.line == line and (code is None or d.code in (None, code)))
        or (d.line is None and d.table == table and f", {row}·" in d.message))
        for d in audit.diagnostics) or any(
        f.line == line and f.rule != "narrative" and f.reported == wanted
        for f in audit.violations)
    return table, how, "named" if named else "caught"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="mutate every K-th figure only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--unnamed", action="store_true",
                        help="also list the caught mutants whose cell no finding names")
    args = parser.parse_args()
    text = sample_text()
    figures = list(_figures(text))[:: args.every]
    jobs = [(text, t, n, k, c, how) for t, n, k, c in figures for how in MUTATIONS]
    counts: Counter[tuple[str, str]] = Counter()
    missed: list[str] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for job, (table, how, verdict) in zip(jobs, pool.map(_judge, jobs, chunksize=8)):
            counts[table, verdict] += 1
            if verdict == "missed" or (args.unnamed and verdict == "caught"):
                missed.append(f"  {verdict} {table} line {job[2]} {job[4]} {how}")
    tables = sorted({t for t, _ in counts})
    header = ("kind", "mutants", "same", "caught", "named", "rounding", "missed")
    print(f"{header[0]:<10}" + "".join(f"{h:>10}" for h in header[1:]))
    total: Counter[str] = Counter()
    for table in [*tables, "all"]:
        row = ({v: counts[table, v] for v in ("same", "caught", "named", "rounding", "missed")}
               if table != "all" else dict(total))
        if table != "all":
            total.update(row)
        mutants = sum(row.values())
        caught = row["caught"] + row["named"]
        print(f"{table:<10}{mutants:>10}{row['same']:>10}{caught:>10}{row['named']:>10}"
              f"{row['rounding']:>10}{row['missed']:>10}")
    caught = total["caught"] + total["named"]
    print(f"caught naming the mutated cell: {total['named']}/{caught} "
          f"= {100 * total['named'] / max(caught, 1):.1f}%")
    if missed:
        print("missed" + (" or not named:" if args.unnamed else ":"))
        print("\n".join(missed))


if __name__ == "__main__":
    main()
