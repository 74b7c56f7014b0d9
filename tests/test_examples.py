"""The scripts and the notebook in examples/ run, and the notebook's stored outputs
are what it prints today."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from notebooks import run_notebook, text_outputs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_check_csv_script(capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / "check_csv.py")])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(EXAMPLES / "check_csv.py"), run_name="__main__")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "rounding  20113 商贸事务, 本年支出合计: printed 750.05" in out
    assert out.rstrip().endswith("OK")


def test_check_csv_script_on_a_broken_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    table = tmp_path / "t.csv"
    table.write_text("科目编码,科目名称,合计\n201,一般公共服务支出,9.00\n"
                     "20113,商贸事务,1.00\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / "check_csv.py"), str(table)])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(EXAMPLES / "check_csv.py"), run_name="__main__")
    assert stop.value.code == 1
    assert "violated  201 一般公共服务支出" in capsys.readouterr().out


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_outputs_are_current(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert cells and all(c["outputs"] for c in cells), "store the notebook with its outputs"
    for cell, outputs in zip(cells, run_notebook(notebook)):
        assert text_outputs(outputs) == text_outputs(cell["outputs"]), "".join(cell["source"])


def test_there_is_a_notebook() -> None:
    assert (EXAMPLES / "notebook.ipynb").exists()
