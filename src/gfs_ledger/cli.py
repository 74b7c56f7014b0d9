"""The ``gfs-ledger`` command line.

Exit status: 0 when nothing is violated, 1 when something is (or, with
``--strict``, when anything differs even within rounding), 2 for unusable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gfs_ledger.errors import ReadError
from gfs_ledger.findings import Audit, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.tablefile import read_table
from gfs_ledger.ledger import Ledger
from gfs_ledger.output import audit_json, audit_text, report_heading, rules_text, verdict
from gfs_ledger.report import read_report

EXIT_OK, EXIT_VIOLATED, EXIT_UNUSABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gfs-ledger",
        description="Check the sums of Chinese government budget tables (政府收支分类科目).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="audit a disclosure (.txt) or a table (.csv, .xlsx); with no file, the bundled sample",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a disclosure text (.txt) or a table saved as CSV or .xlsx; several files, "
             "directories (searched for .txt, .csv, .xlsx, .pdf) or globs audit them all",
    )
    check.add_argument(
        "--format", choices=["text", "json", "html"], default="text",
        help="text (default), json, or html: one self-contained page",
    )
    check.add_argument("--sheet", help="the sheet of an .xlsx file to read (default: the first)")
    check.add_argument(
        "--tolerance",
        default="rounding",
        help="rounding (default), truncation, exact, or a number: an absolute tolerance",
    )
    check.add_argument(
        "--step",
        help="the unit step every figure was printed to at least (e.g. 0.01), for tables "
             "whose trailing zeros a spreadsheet dropped",
    )
    check.add_argument(
        "--strict", action="store_true", help="treat rounding differences as violations"
    )
    check.add_argument(
        "-o", "--output", metavar="FILE",
        help="write the results of every document to FILE by its suffix: .jsonl, .csv, "
             ".sqlite or .parquet (the documents and findings tables)",
    )
    check.add_argument(
        "--jobs", type=int, metavar="N", help="audit in N worker processes (default: the cores)"
    )
    check.add_argument(
        "--resume", action="store_true",
        help="skip the documents --output already holds (same path and content) and add the rest",
    )
    check.add_argument(
        "--every-finding", action="store_true",
        help="with --output, keep exact and not-applicable findings too",
    )
    commands.add_parser("rules", help="list the catalog of rules across tables")
    claims = commands.add_parser(
        "claims", help="check every figure of a disclosure's prose (第三部分 情况说明) alone"
    )
    claims.add_argument("file", nargs="?", help="a disclosure text (.txt); default: the sample")
    claims.add_argument("--format", choices=["text", "json"], default="text")
    claims.add_argument("--tolerance", default="rounding", help="as for check")
    claims.add_argument("--step", help="as for check")
    claims.add_argument(
        "--strict", action="store_true", help="treat rounding differences as violations"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "rules":
        print(rules_text())
        return EXIT_OK
    try:
        tolerance = Tolerance.parse(args.tolerance)
        if args.step is not None:
            tolerance = tolerance.with_step(args.step)
    except (ValueError, ArithmeticError) as error:
        parser.error(str(error))
    try:
        if args.command == "claims":
            return _claims(args, tolerance)
        return _check(args, tolerance)
    except (ReadError, OSError) as error:
        print(f"gfs-ledger: {error}", file=sys.stderr)
        return EXIT_UNUSABLE


def _check(args: argparse.Namespace, tolerance: Tolerance) -> int:
    from gfs_ledger.corpus.command import is_corpus_run, run_corpus

    if args.jobs is not None and args.jobs < 1:
        raise ReadError("--jobs must be at least 1", source=f"--jobs {args.jobs}")
    if is_corpus_run(args):
        return run_corpus(args, tolerance)
    if args.output is not None:
        raise ReadError("expected .jsonl, .csv, .sqlite or .parquet", source=args.output)
    if args.every_finding:
        raise ReadError("--every-finding is for a run that writes --output FILE",
                        source="--every-finding")
    args.file = args.paths[0] if args.paths else None
    if args.file is None or Path(args.file).suffix.lower() in (".txt", ".pdf"):
        if args.sheet is not None:
            raise ReadError("--sheet is for an .xlsx file", source=args.file or "the sample")
        return _check_report(args, tolerance)
    path = Path(args.file)
    if args.sheet is not None and path.suffix.lower() != ".xlsx":
        raise ReadError("--sheet is for an .xlsx file", source=str(path))
    ledger = read_table(path, args.sheet)
    audit = ledger.check(tolerance)
    identity = {"unit": ledger.unit.value, "source": args.file}
    heading = [
        f"{args.file}: {len(ledger)} accounts × "
        f"{len(ledger.columns)} columns, tolerance {tolerance.describe()}"
    ]
    _print(args, audit, {"source": args.file}, heading, identity, [(path.stem, ledger)])
    return _status(audit, strict=args.strict)


def _check_report(args: argparse.Namespace, tolerance: Tolerance) -> int:
    report = read_report(args.file)
    audit = report.audit(tolerance)
    from gfs_ledger.html import report_identity, report_ledgers

    identity, ledgers = report_identity(report), report_ledgers(report)
    extra = {"source": report.source, "report": report.to_dict()}
    _print(args, audit, extra, report_heading(report, tolerance), identity, ledgers)
    return _status(audit, strict=args.strict)


def _claims(args: argparse.Namespace, tolerance: Tolerance) -> int:
    from gfs_ledger.narrative import check_claims

    report = read_report(args.file)
    audit = check_claims(report, tolerance)
    if args.format == "json":
        print(audit_json(audit, {"source": report.source, "report": report.to_dict()}))
    else:
        lines = [*report_heading(report, tolerance)[:1], ""]
        lines += [f.message for f in audit.findings]
        lines += ["", audit.summary_text(), "", verdict(audit, strict=args.strict)]
        print("\n".join(lines))
    return _status(audit, strict=args.strict)


def _print(
    args: argparse.Namespace,
    audit: Audit,
    extra: dict[str, Any],
    heading: list[str],
    identity: dict[str, Any],
    ledgers: list[tuple[str, Ledger]],
) -> None:
    if args.format == "json":
        print(audit_json(audit, extra))
    elif args.format == "html":
        from gfs_ledger.html import audit_page

        print(audit_page(audit, ledgers=ledgers, identity=identity), end="")
    else:
        print(audit_text(audit, heading, strict=args.strict))


def _status(audit: Audit, *, strict: bool) -> int:
    if not audit.ok or (strict and audit.count(Outcome.ROUNDING)):
        return EXIT_VIOLATED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
