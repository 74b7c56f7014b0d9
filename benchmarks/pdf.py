"""Seconds per real PDF, from the file to the audit, beside the bare text extraction of
the same library (pypdfium2) in the same run, and pdfplumber's when it is installed.

Run: PYTHONPATH=src python benchmarks/pdf.py [FILE.pdf ...]
(default: the four real PDFs in tests/data/real). Each figure is the best of
``--repeat`` runs (default 3) on one core; ratios are against the bare extraction.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2

from gfs_ledger import read_report
from gfs_ledger.sources.pdf import read_pdf_lines

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"


def _best(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _bare_text(path: Path) -> None:
    """The text of every page, as one string a page: what a naive dump gives."""
    document = pypdfium2.PdfDocument(path)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()


def _plumber(path: Path) -> Callable[[], object] | None:
    try:
        import pdfplumber
    except ImportError:
        return None

    def words() -> None:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()

    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = args.files or sorted(REAL.glob("*.pdf"))
    header = (f"{'document':58} {'pages':>5} {'text':>7} {'lines':>7} {'read':>7} "
              f"{'+audit':>7} {'ms/page':>8} {'×text':>6} {'plumber':>8}")
    print(header)
    for path in files:
        pages = len(pypdfium2.PdfDocument(path))
        bare = _best(lambda p=path: _bare_text(p), args.repeat)
        lines = _best(lambda p=path: read_pdf_lines(p), args.repeat)
        read = _best(lambda p=path: read_report(p), args.repeat)
        whole = _best(lambda p=path: read_report(p).audit().summary(), args.repeat)
        plumber = _plumber(path)
        peer = f"{_best(plumber, 1):7.2f}s" if plumber else "     —"
        print(f"{path.name:58} {pages:5} {bare:6.3f}s {lines:6.3f}s {read:6.3f}s "
              f"{whole:6.3f}s {1000 * whole / pages:8.1f} {whole / bare:6.1f} {peer:>8}")


if __name__ == "__main__":
    main()
