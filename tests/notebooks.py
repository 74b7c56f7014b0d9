"""A tiny runner for the Jupyter notebooks in examples/, without jupyter.

It executes the code cells in one namespace, as a kernel would, and collects
what a notebook stores: printed text (``stream``) and the value of a cell's last
expression (``execute_result``, as ``text/plain`` and, when the value has one,
``text/html``). ``python tests/notebooks.py examples/notebook.ipynb`` stores
fresh outputs in the notebook.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def run_cell(source: str, namespace: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """Execute one code cell; return its outputs as nbformat 4 dicts."""
    tree = ast.parse(source)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(tree, f"<cell {count}>", "exec"), namespace)
        value = eval(compile(last, f"<cell {count}>", "eval"), namespace) if last else None
    outputs: list[dict[str, Any]] = []
    if out.getvalue():
        outputs.append({"name": "stdout", "output_type": "stream", "text": _lines(out.getvalue())})
    if value is not None:
        data = {"text/plain": _lines(repr(value))}
        html = getattr(value, "_repr_html_", None)
        if callable(html):
            data["text/html"] = _lines(html())
        outputs.append({"data": data, "execution_count": count, "metadata": {},
                        "output_type": "execute_result"})
    return outputs


def run_notebook(notebook: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The outputs of every code cell, in order."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    results = []
    for count, cell in enumerate(
        (c for c in notebook["cells"] if c["cell_type"] == "code"), start=1
    ):
        results.append(run_cell(_source(cell), namespace, count))
    return results


def text_outputs(outputs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """What a reader sees: each stream, each result's text/plain and its text/html."""
    seen = []
    for output in outputs:
        if output["output_type"] == "stream":
            seen.append(("stream", "".join(output["text"])))
        elif output["output_type"] in ("execute_result", "display_data"):
            seen.append(("result", "".join(output["data"].get("text/plain", ""))))
            if "text/html" in output["data"]:
                seen.append(("html", "".join(output["data"]["text/html"])))
        elif output["output_type"] == "error":
            seen.append(("error", output.get("ename", "")))
    return seen


def store_outputs(path: Path) -> None:
    """Run a notebook and store the outputs and execution counts in it."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    results = iter(run_notebook(notebook))
    count = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            count += 1
            cell["outputs"] = next(results)
            cell["execution_count"] = count
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        store_outputs(Path(name))
