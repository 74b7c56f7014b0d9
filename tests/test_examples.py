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


def _run_script(name: str, args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", [str(EXAMPLES / name), *args])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(EXAMPLES / name), run_name="__main__")
    return int(stop.value.code or 0)


def test_audit_disclosure_script_on_the_sample(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from gfs_ledger import read_report

    assert _run_script("audit_disclosure.py", [], monkeypatch) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "阳泉市商务局 2023 决算 (yangquan-commerce-2023-final-accounts.txt)"
    audit = read_report().audit()
    listed = [line for line in out if line.startswith((" rounding", " violated"))]
    # 14 in the tables and 5 in the prose within rounding; 4 violated in the prose
    assert len(audit.rounding) == 19 and len(audit.violations) == 4
    assert len(listed) == 19 + 4
    # two payments of 980元 = 0.098万元 against the empty 公开09表's 0: beyond ±0.00005
    assert (" violated  [公开09表, line 541] line 541 “两笔公务接待费，合计980元” (公务接待费): "
            "公开09表 公务接待费 (published empty) holds 0, which the payments (980元 = "
            "0.0980万元) cannot exceed — violated (allowed ±0.00005)") in out
    assert (" rounding  [公开06表, line 330] 303 对个人和家庭的补助, 决算数: printed 340.54, "
            "its 4 children sum to 340.55 (difference -0.01, allowed ±0.025 by rounding)") in out
    # the 合计 row of 公开05表, where 基本支出 896.13 prints, is line 275
    assert any(line.startswith(" rounding  [公开05表/公开06表, line 275] 05-06.basic")
               and "896.12" in line
               for line in out)
    assert out[-1] == "VIOLATED"


def test_audit_disclosure_script_on_a_path_with_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gfs_ledger.samples import sample_text

    path = tmp_path / "决算.txt"
    path.write_text(sample_text().replace("30101\t基本工资\t146.88", "30101\t基本工资\t156.88"),
                    encoding="utf-8")
    assert _run_script("audit_disclosure.py", [str(path)], monkeypatch) == 1
    out = capsys.readouterr().out
    assert f"({path})" in out.splitlines()[0]
    assert " violated  [公开06表, line 316] 301 工资福利支出, 决算数: printed 491.96" in out
    assert out.rstrip().endswith("VIOLATED")


def test_audit_disclosure_script_on_unreadable_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "not.txt"
    path.write_text("第一部分\n没有表格\n", encoding="utf-8")
    assert _run_script("audit_disclosure.py", [str(path)], monkeypatch) == 2
    assert "no table marker" in capsys.readouterr().err


def test_notebook_shows_the_whole_report_workflow() -> None:
    notebook = json.loads((EXAMPLES / "notebook.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    outputs = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    text = "\n".join(t for _, t in text_outputs(outputs))
    assert any("read_report()" in s for s in sources) and any(".audit()" in s for s in sources)
    assert "cross         191    174         1         0              16" in text  # summary
    assert "公开06表             303    决算数      printed 340.54 computed 340.55" in text
    assert "<Ledger 公开03表: 25 accounts" in text
    pages = [o["data"]["text/html"] for o in outputs
             if o["output_type"] == "execute_result" and "text/html" in o["data"]
             and "".join(o["data"]["text/plain"]).startswith("<Report")]
    assert pages, "the report's rich display is stored"
    html = "".join(pages[0])
    assert 'data-identity="department">阳泉市商务局<' in html
    assert html.count('data-outcome="rounding" data-code=') == 13


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


def test_the_notebook_prose_counts_what_the_next_cell_prints() -> None:
    """The markdown above the listing of rounding differences states their number, and
    the listing prints one line per finding: the two agree with the audit."""
    import re

    from gfs_ledger import read_report

    notebook = json.loads((EXAMPLES / "notebook.ipynb").read_text(encoding="utf-8"))
    cells = notebook["cells"]
    at = next(k for k, c in enumerate(cells)
              if c["cell_type"] == "code" and "audit.rounding" in "".join(c["source"]))
    prose = "".join(cells[at - 1]["source"])
    stated = re.search(r"(\d+) findings are within rounding: (\d+) sums .* and (\d+) figures",
                       prose, re.S)
    assert stated, prose
    total, sums, figures = map(int, stated.groups())
    printed = "".join(o.get("text", "") if isinstance(o.get("text"), str) else
                      "".join(o.get("text", [])) for o in cells[at]["outputs"]).splitlines()
    rounding = read_report().audit().rounding
    assert total == len(printed) == len(rounding) == sums + figures
    assert sums == sum(f.rule != "narrative" for f in rounding)


def test_audit_corpus_script(capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text(
        "科目编码,科目名称,合计\n201,一般公共服务支出,2.00\n20113,商贸事务,2.00\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text(
        "科目编码,科目名称,合计\n201,一般公共服务支出,9.00\n20113,商贸事务,1.00\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "audit.jsonl"
    script = str(EXAMPLES / "audit_corpus.py")
    monkeypatch.setattr(sys, "argv", [script, str(tmp_path), "--jobs", "1", "--output", str(out)])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(script, run_name="__main__")
    assert stop.value.code == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [f"worst: {tmp_path / 'empty.txt'} (unreadable)",
                          f"worst: {tmp_path / 'bad.csv'} (1)"]
    assert out.read_text(encoding="utf-8").count('"record": "documents"') == 3
    monkeypatch.setattr(sys, "argv", [script])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(script, run_name="__main__")
    assert stop.value.code == 1  # the bundled disclosure's prose: 4 violated
    assert capsys.readouterr().out.splitlines()[-1].startswith("worst: ")
