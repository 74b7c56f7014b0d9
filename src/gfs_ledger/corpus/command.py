"""``gfs-ledger check PATH...`` over many documents: audit them in workers, write the
two tables (``--output``), show progress, sum the run up in ``--format``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from gfs_ledger.corpus.paths import expand_paths, is_glob
from gfs_ledger.corpus.progress import Progress
from gfs_ledger.corpus.run import audit_many, default_jobs
from gfs_ledger.corpus.summary import RunSummary
from gfs_ledger.corpus.writers import Writer, is_corpus_output, open_writer
from gfs_ledger.intervals import Tolerance
from gfs_ledger.io.files import write_text

EXIT_INTERRUPTED = 130


def is_corpus_run(args: argparse.Namespace) -> bool:
    """True when ``check`` was given more than one document's worth of work: several
    paths, a directory, a glob, ``--jobs``, ``--resume`` or a corpus ``--output``."""
    paths: list[str] = args.paths
    return (
        len(paths) > 1
        or any(Path(p).is_dir() or is_glob(p) for p in paths)
        or args.jobs is not None or args.resume
        or (args.output is not None and is_corpus_output(args.output))
    )


def run_corpus(args: argparse.Namespace, tolerance: Tolerance) -> int:
    """Run the audit of every document; returns the exit status (130 when interrupted)."""
    from gfs_ledger.errors import MissingExtra, ReadError

    if args.sheet is not None:
        raise ReadError("--sheet is for a single .xlsx file", source=" ".join(args.paths))
    tables = args.output is not None and is_corpus_output(args.output)
    if args.resume and not tables:
        raise ReadError("--resume needs --output FILE (.jsonl, .csv, .sqlite or .parquet) "
                        "to resume", source="--resume")
    documents = expand_paths(args.paths or ["."])
    writer: Writer | None = None
    done: set[tuple[str, str]] = set()
    if tables:
        try:
            writer = open_writer(args.output, resume=args.resume)
        except MissingExtra as error:
            raise ReadError(str(error), source=args.output) from None
        done = writer.done()
    jobs = args.jobs or default_jobs()
    summary = RunSummary(strict=args.strict, keep_sections=args.format == "html")
    progress = Progress(len(documents), sys.stderr, strict=args.strict)
    start = time.perf_counter()
    interrupted = False
    results = audit_many(documents, jobs, tolerance=tolerance, skip=done,
                         every_finding=args.every_finding)
    try:
        for result in results:
            if writer is not None:
                writer.write(result)
            summary.add(result)
            progress.update(result)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        results.close()
        progress.close()
        if writer is not None:
            writer.close()
    skipped = len(documents) - summary.documents if not interrupted else len(done)
    seconds = time.perf_counter() - start
    note = (f"{summary.documents} documents audited in {seconds:.1f} s with {jobs} jobs"
            + (f"; {skipped} already in {args.output}" if args.resume else ""))
    if interrupted:
        where = f"; {args.output} holds every finished one (--resume adds the rest)" if (
            writer is not None) else ""
        print(f"gfs-ledger: interrupted after {summary.documents} of "
              f"{len(documents)} documents{where}", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(note, file=sys.stderr)
    if args.format == "json":
        rendered = summary.json() + "\n"
    elif args.format == "html":
        rendered = summary.page()
    else:
        rendered = summary.text() + "\n"
    if args.output is not None and not tables:  # the summary itself goes to the file
        write_text(args.output, rendered)
    else:
        sys.stdout.write(rendered)
    return summary.status()
