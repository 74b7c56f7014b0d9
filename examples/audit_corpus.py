"""Audit every disclosure and table under a directory and list the worst documents.

    python examples/audit_corpus.py [DIR] [--jobs N] [--output audit.sqlite]

With no directory it audits the bundled samples (a disclosure and a table). It prints a
line per document and the documents that failed, worst first, and writes the documents
and findings tables when --output is given. Exit status 1 when a document failed or
could not be read.
"""

from __future__ import annotations

import argparse
import sys

import gfs_ledger
from gfs_ledger.corpus.writers import open_writer
from gfs_ledger.samples import sample_path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(sample_path().parent)])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    writer = open_writer(args.output) if args.output else None
    failed = []
    for result in gfs_ledger.audit_many(args.paths, jobs=args.jobs):
        if writer is not None:
            writer.write(result)
        if result.error is not None:
            print(f"unreadable  {result.error}")
            failed.append((float("inf"), result.path))
            continue
        violated = result.count("violated")
        print(f"{'ok' if result.ok else 'FAILED':>10}  {result.path}: {result.checks} checks, "
              f"{violated} violated, {result.count('rounding')} within rounding")
        if not result.ok:
            failed.append((violated, result.path))
    if writer is not None:
        writer.close()
    for violated, path in sorted(failed, reverse=True):
        print(f"worst: {path} ({'unreadable' if violated == float('inf') else violated})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
