"""The ``gfs-ledger`` command line.

Exit status: 0 when nothing is violated, 1 when something is (or, with
``--strict``, when anything differs even within rounding), 2 for unusable input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gfs_ledger.errors import ReadError
from gfs_ledger.findings import Audit, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.csv import read_csv
from gfs_ledger.output import audit_json, audit_text, report_heading, rules_text
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
        help="audit a disclosure (.txt) or a table (.csv); with no file, the bundled sample",
    )
    check.add_argument("file", nargs="?", help="a disclosure text (.txt) or a table saved as CSV")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument(
        "--tolerance",
        default="rounding",
        help="rounding (default), truncation, exact, or a number: an absolute tolerance",
    )
    check.add_argument(
        "--strict", action="store_true", help="treat rounding differences as violations"
    )
    commands.add_parser("rules", help="list the catalog of rules across tables")
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
    except ValueError as error:
        parser.error(str(error))
    try:
        return _check(args, tolerance)
    except (ReadError, OSError) as error:
        print(f"gfs-ledger: {error}", file=sys.stderr)
        return EXIT_UNUSABLE


def _check(args: argparse.Namespace, tolerance: Tolerance) -> int:
    if args.file is None or Path(args.file).suffix.lower() == ".txt":
        return _check_report(args, tolerance)
    path = Path(args.file)
    if path.suffix.lower() != ".csv":
        raise ReadError("unknown kind of file: expected .txt or .csv", source=str(path))
    ledger = read_csv(path, source=args.file, title=path.stem)
    audit = ledger.check(tolerance)
    if args.format == "json":
        print(audit_json(audit, {"source": str(args.file)}))
    else:
        heading = [
            f"{args.file}: {len(ledger)} accounts × "
            f"{len(ledger.columns)} columns, tolerance {tolerance.describe()}"
        ]
        print(audit_text(audit, heading, strict=args.strict))
    return _status(audit, strict=args.strict)


def _check_report(args: argparse.Namespace, tolerance: Tolerance) -> int:
    report = read_report(args.file)
    audit = report.audit(tolerance)
    if args.format == "json":
        print(audit_json(audit, {"source": report.source, "report": report.to_dict()}))
    else:
        print(audit_text(audit, report_heading(report, tolerance), strict=args.strict))
    return _status(audit, strict=args.strict)


def _status(audit: Audit, *, strict: bool) -> int:
    if not audit.ok or (strict and audit.count(Outcome.ROUNDING)):
        return EXIT_VIOLATED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
