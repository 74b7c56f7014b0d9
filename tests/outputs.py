"""Every output of ``gfs-ledger check`` and ``claims`` for the documents whose outputs are
stored under tests/data/outputs/: the sample and the four shared PDFs.

Regenerate the stored copies (only when a change of findings is intended):
``python tests/outputs.py``.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from gfs_ledger.cli import main

HERE = Path(__file__).parent
STORED = HERE / "data" / "outputs"
SAMPLE = HERE.parent / "src" / "gfs_ledger" / "data" / "yangquan-commerce-2023-final-accounts.txt"
PDFS = sorted((HERE / "data" / "real").glob("*.pdf"))
RUNS = {"check.json": ["check", "--format", "json"],
        "check.txt": ["check", "--format", "text"],
        "check.html": ["check", "--format", "html"],
        "claims.json": ["claims", "--format", "json"]}


def outputs(path: Path) -> dict[str, str]:
    """Each stored output's name (``<stem>.<run>``) and its text for the document at ``path``."""
    found = {}
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(path.parent):
        for name, command in RUNS.items():  # by its name alone: no folder in the outputs
            out = Path(folder) / name
            main([*command, path.name, "--output", str(out)])
            found[f"{path.stem}.{name}"] = out.read_text("utf-8")
    return found


if __name__ == "__main__":
    STORED.mkdir(parents=True, exist_ok=True)
    for document in [SAMPLE, *PDFS]:
        for name, text in outputs(document).items():
            (STORED / name).write_text(text, "utf-8")
            print(name, len(text), file=sys.stderr)
