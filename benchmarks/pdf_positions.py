"""Do the figures gfs_ledger reads from a PDF (through pypdfium2) stand where pdfplumber
puts them? For each number on each line, look for a pdfplumber word with the same text
within 1.5 pt horizontally and 4 pt vertically; print how many match, per document.

Run: PYTHONPATH=src python benchmarks/pdf_positions.py [FILE.pdf ...]  (needs pdfplumber)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pdfplumber

from gfs_ledger.sources.pdf import read_pdf_lines

REAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
_NUMBER = re.compile(r"-?[\d,]*\d(?:\.\d+)?")


def main() -> None:
    files = [Path(a) for a in sys.argv[1:]] or sorted(REAL.glob("*.pdf"))
    print(f"{'document':58} {'figures':>8} {'same place':>10}  first differences")
    for path in files:
        with pdfplumber.open(path) as pdf:
            words = {n: page.extract_words() for n, page in enumerate(pdf.pages, 1)}
        figures = matched = 0
        differences = []
        for line in read_pdf_lines(path):
            for cell in line.cells:
                if not _NUMBER.fullmatch(cell.text):
                    continue
                figures += 1
                if any(w["text"] == cell.text and abs(w["x0"] - cell.x0) < 1.5
                       and abs(w["top"] - cell.top) < 4 for w in words[line.page]):
                    matched += 1
                else:
                    differences.append(f"p.{line.page} {cell.text}")
        print(f"{path.name:58} {figures:8} {matched:10}  {', '.join(differences[:3])}")


if __name__ == "__main__":
    main()
