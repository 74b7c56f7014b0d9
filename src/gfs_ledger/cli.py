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
from gfs_ledger.output import audit_json, audit_text
from gfs_ledger.samples import SAMPLE_TABLE03, sample_path

EXIT_OK, EXIT_VIOLATED, EXIT_UNUSABLE = 0, 1, 2
# What is known of the bundled sample's source, for the heading of an HTML page.
SAMPLE_IDENTITY = {"department": "阳泉市商务局", "year": 2023, "kind": "部门决算公开"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gfs-ledger",
        description="Check the sums of Chinese government budget tables (政府收支分类科目).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check", help="check a table (CSV or .xlsx); with no file, the bundled sample"
    )
    check.add_argument("file", nargs="?", help="a table saved as CSV or .xlsx")
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
        "--strict", action="store_true", help="treat rounding differences as violations"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
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
    path = Path(args.file) if args.file else sample_path(SAMPLE_TABLE03)
    source = str(args.file or SAMPLE_TABLE03)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from gfs_ledger.io.excel import read_xlsx

        sheet = int(args.sheet) if args.sheet and args.sheet.isdigit() else args.sheet
        try:
            ledger = read_xlsx(path, sheet=sheet, source=source, title=path.stem)
        except ImportError as error:
            raise ReadError(str(error), source=source) from None
    elif suffix == ".csv":
        ledger = read_csv(path, source=source, title=path.stem)
    else:
        raise ReadError("unknown kind of file: expected .csv or .xlsx", source=str(path))
    audit = ledger.check(tolerance)
    if args.format == "json":
        print(audit_json(audit, {"source": source}))
    elif args.format == "html":
        from gfs_ledger.html import audit_page

        identity = {**({} if args.file else SAMPLE_IDENTITY),
                    "unit": ledger.unit.value, "source": source}
        print(audit_page(audit, ledgers=[(path.stem, ledger)], identity=identity), end="")
    else:
        heading = [
            f"{args.file or SAMPLE_TABLE03}: {len(ledger)} accounts × "
            f"{len(ledger.columns)} columns, tolerance {tolerance.describe()}"
        ]
        print(audit_text(audit, heading, strict=args.strict))
    return _status(audit, strict=args.strict)


def _status(audit: Audit, *, strict: bool) -> int:
    if not audit.ok or (strict and audit.count(Outcome.ROUNDING)):
        return EXIT_VIOLATED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
