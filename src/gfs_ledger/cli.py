"""The ``gfs-ledger`` command line.

Exit status: 0 when nothing is violated, 1 when something is (or, with
``--strict``, when anything differs even within rounding), 2 for unusable input.

Output: JSON and HTML are UTF-8 bytes, on the console as in a file; text is in the
console's encoding, degraded where it cannot show a character (``gfs_ledger.console``).
``-o FILE`` writes the output to FILE atomically (``gfs_ledger.io.files``): a run that
cannot read its input leaves no file. The suffix of FILE picks the format when
``--format`` is not given (``OUTPUT_SUFFIXES``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gfs_ledger import console
from gfs_ledger.errors import GfsLedgerError, ReadError
from gfs_ledger.findings import Audit, Outcome
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.files import write_text
from gfs_ledger.io.tablefile import read_table
from gfs_ledger.ledger import Ledger
from gfs_ledger.output import (
    audit_json,
    audit_text,
    ledger_size,
    report_heading,
    rules_text,
    verdict,
)
from gfs_ledger.report import read_report
from gfs_ledger.version import package_version

EXIT_OK, EXIT_VIOLATED, EXIT_UNUSABLE = 0, 1, 2
EXIT_INTERNAL = 3
"""A bug of gfs_ledger: an exception that is none of its errors (never 1, "violated")."""

OUTPUT_SUFFIXES: Mapping[str, str] = {
    ".txt": "text", ".text": "text", ".json": "json", ".html": "html", ".htm": "html",
}
"""The format an ``--output`` file's suffix picks when ``--format`` is not given. Other
suffixes take ``--format`` (text by default). One document per run: a writer of other
kinds of output (a corpus as .jsonl or .csv) adds its suffixes beside these."""

MACHINE_FORMATS = frozenset({"json", "html"})
"""Formats written as UTF-8 bytes whatever the console's encoding."""


class _Parser(argparse.ArgumentParser):
    """argparse, whose help and usage survive a console that cannot show Chinese."""

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            console.print_text(message, file or sys.stderr)


def _output_options(command: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    command.set_defaults(formats=tuple(formats))
    command.add_argument(
        "--format", choices=formats, default=None,
        help=f"{', '.join(formats)}; default: the suffix of --output, else text",
    )
    command.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE (UTF-8, atomically: a run that fails leaves no file) instead "
             "of the console; its suffix (.txt, .json, .html) picks the format",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gfs-ledger",
        description="Check the sums of Chinese government budget tables (政府收支分类科目).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser(
        "check",
        help="audit a disclosure (.pdf, .txt) or a table (.csv, .xlsx); with no file, the "
             "bundled sample",
    )
    check.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="a disclosure as published (.pdf) or as text (.txt), or a table saved as CSV or "
             ".xlsx; several files, directories (searched for .txt, .csv, .xlsx, .pdf) or "
             "globs audit them all",
    )
    _output_options(check, ["text", "json", "html"])
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
    commands.add_parser("rules", help="list the catalog of rules across tables")
    claims = commands.add_parser(
        "claims", help="check every figure of a disclosure's prose (第三部分 情况说明) alone"
    )
    claims.add_argument("file", nargs="?",
                        help="a disclosure (.pdf or .txt); default: the sample")
    _output_options(claims, ["text", "json"])
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
        console.print_text(rules_text() + "\n")
        return EXIT_OK
    args.format = _format(parser, args, args.format, args.output)
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
    except (GfsLedgerError, OSError) as error:
        print(f"gfs-ledger: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as error:  # a bug: one line, status 3, never "violated"
        print(internal_error(error), file=sys.stderr)
        return EXIT_INTERNAL


def internal_error(error: BaseException) -> str:
    """The one-line message of an exception that is none of gfs_ledger's errors.

    >>> internal_error(ZeroDivisionError("division by zero"))  # doctest: +ELLIPSIS
    'gfs-ledger: internal error (ZeroDivisionError: division by zero): a bug of gfs_ledger ...'
    """
    what = " ".join(str(error).split())[:200]
    return (f"gfs-ledger: internal error ({type(error).__name__}: {what}): a bug of gfs_ledger "
            f"{package_version()}; please report it with the command and the input file")


def _format(parser: argparse.ArgumentParser, args: argparse.Namespace, chosen: str | None,
            output: str | None) -> str:
    """The format: ``--format``, else the one the suffix of ``--output`` names, else text."""
    implied = OUTPUT_SUFFIXES.get(Path(output).suffix.lower()) if output else None
    if chosen is not None and implied is not None and chosen != implied:
        parser.error(f"--format {chosen} but --output {output} is {implied}: "
                     "give one, or make them agree")
    if implied is not None and implied not in args.formats:
        parser.error(f"{args.command} writes {' or '.join(args.formats)}, not {implied} "
                     f"(--output {output})")
    return chosen or implied or "text"


def _deliver(args: argparse.Namespace, document: str) -> None:
    """The rendered document to ``--output`` (UTF-8, atomically) or to the console."""
    if not document.endswith("\n"):
        document += "\n"
    if args.output is not None:
        write_text(args.output, document)
    elif args.format in MACHINE_FORMATS:
        console.print_utf8(document)
    else:
        console.print_text(document)


def _check(args: argparse.Namespace, tolerance: Tolerance) -> int:
    from gfs_ledger.corpus.command import is_corpus_run, run_corpus

    if args.jobs is not None and args.jobs < 1:
        raise ReadError("--jobs must be at least 1", source=f"--jobs {args.jobs}")
    if is_corpus_run(args):
        return run_corpus(args, tolerance)
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
    heading = [f"{args.file}: {ledger_size(ledger)}, tolerance {tolerance.describe()}"]
    _deliver(args, _render(args, audit, {"source": args.file}, heading, identity,
                           [(path.stem, ledger)]))
    return _status(audit, strict=args.strict)


def _check_report(args: argparse.Namespace, tolerance: Tolerance) -> int:
    report = read_report(args.file)
    audit = report.audit(tolerance)
    from gfs_ledger.html import report_identity, report_ledgers

    identity, ledgers = report_identity(report), report_ledgers(report)
    extra = {"source": report.source, "report": report.to_dict()}
    _deliver(args, _render(args, audit, extra, report_heading(report, tolerance), identity,
                           ledgers))
    return _status(audit, strict=args.strict)


def _claims(args: argparse.Namespace, tolerance: Tolerance) -> int:
    from gfs_ledger.narrative import check_claims

    report = read_report(args.file)
    audit = check_claims(report, tolerance)
    if report.locations:  # a PDF: each claim on its page
        from gfs_ledger.pages import Pages

        audit = Pages(report.locations).audit(audit)
    if args.format == "json":
        document = audit_json(audit, {"source": report.source, "report": report.to_dict()})
    else:
        lines = [*report_heading(report, tolerance)[:1], ""]
        lines += [f.message for f in audit.findings]
        lines += ["", audit.summary_text(), "", verdict(audit, strict=args.strict)]
        document = "\n".join(lines)
    _deliver(args, document)
    return _status(audit, strict=args.strict)


def _render(
    args: argparse.Namespace,
    audit: Audit,
    extra: dict[str, Any],
    heading: list[str],
    identity: dict[str, Any],
    ledgers: list[tuple[str, Ledger]],
) -> str:
    if args.format == "json":
        return audit_json(audit, extra)
    if args.format == "html":
        from gfs_ledger.html import audit_page

        return audit_page(audit, ledgers=ledgers, identity=identity)
    return audit_text(audit, heading, strict=args.strict)


def _status(audit: Audit, *, strict: bool) -> int:
    if not audit.ok or (strict and audit.count(Outcome.ROUNDING)):
        return EXIT_VIOLATED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
