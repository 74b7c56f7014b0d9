"""Where the command's output goes: UTF-8 for machines whatever the console, text that
survives a console that cannot show Chinese, ``-o FILE`` written whole or not at all,
and ``--version``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gfs_ledger
from gfs_ledger import read_report
from gfs_ledger.cli import main
from gfs_ledger.output import audit_json

# The sample's prose states two payments of 公务接待费 totalling 980元 that its 公开09表
# does not carry, three times, and 0 批次 for them: 4 violations, exit status 1.
SAMPLE_FAILS = 1

RUNS = [
    ("check", "text"), ("check", "json"), ("check", "html"),
    ("claims", "text"), ("claims", "json"),
]


def _cli(*args: str, encoding: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "gfs_ledger", *args], capture_output=True,
                          env=env, cwd=cwd, timeout=120, check=False)


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
@pytest.mark.parametrize(("command", "fmt"), RUNS)
def test_every_format_survives_a_console_that_cannot_show_everything(
    command: str, fmt: str, encoding: str
) -> None:
    """JSON and HTML come out as UTF-8 bytes whatever the console says; text comes out in
    the console's encoding, with what it cannot show replaced, and never a traceback."""
    run = _cli(command, "--format", fmt, encoding=encoding)
    assert run.returncode == SAMPLE_FAILS, run.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in run.stderr and run.stderr == b""
    if fmt == "json":
        data = json.loads(run.stdout.decode("utf-8"))
        assert data["report"]["department"] == "阳泉市商务局"
        assert any("\u2212" in f["message"] or "−" in f["message"] for f in data["findings"])
    elif fmt == "html":
        page = run.stdout.decode("utf-8")
        assert '<meta charset="utf-8">' in page and "阳泉市商务局" in page
    else:
        text = run.stdout.decode(encoding)
        assert text.rstrip().endswith("FAILED: 4 violated.")
        if encoding == "gbk":
            assert "yangquan-commerce-2023-final-accounts.txt: 阳泉市商务局" in text
        else:
            assert "??????" in text  # 阳泉市商务局, which ASCII cannot show
        if command == "claims":  # its messages hold U+2212, which GBK cannot show
            assert "92.27 - 16.42 = 75.85" in text


def test_the_sample_has_the_minus_sign_that_used_to_crash_a_gbk_console() -> None:
    """A test that the runs above exercise the character of the bug report (U+2212)."""
    assert "\u2212" in audit_json(read_report().audit())


@pytest.mark.parametrize(("suffix", "check"), [
    (".json", lambda b: json.loads(b.decode("utf-8"))["ok"] is False),
    (".html", lambda b: b.decode("utf-8").startswith("<!DOCTYPE html>")),
    (".txt", lambda b: b.decode("utf-8").rstrip().endswith("FAILED: 4 violated.")),
])
def test_output_file_is_utf8_and_its_suffix_picks_the_format(
    tmp_path: Path, suffix: str, check: object
) -> None:
    target = tmp_path / f"audit{suffix}"
    run = _cli("check", "-o", str(target), encoding="ascii")
    assert run.returncode == SAMPLE_FAILS, run.stderr
    assert run.stdout == b""
    assert callable(check) and check(target.read_bytes())
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_output_file_takes_format_for_an_unknown_suffix(tmp_path: Path) -> None:
    target = tmp_path / "audit.out"
    assert main(["claims", "--format", "json", "--output", str(target)]) == SAMPLE_FAILS
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["narrative"]["checks"] == 158


def test_format_and_suffix_that_disagree_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "audit.html"
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--format", "json", "-o", str(target)])
    assert stopped.value.code == 2
    assert "--format json but --output" in capsys.readouterr().err
    assert not target.exists()


def test_claims_has_no_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["claims", "-o", str(tmp_path / "claims.html")])
    assert stopped.value.code == 2
    assert "claims writes text or json, not html" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_rules_survive_an_ascii_console() -> None:
    run = _cli("rules", encoding="ascii")
    assert run.returncode == 0 and run.stderr == b""
    assert run.stdout.decode("ascii").startswith("01.balance  ")


def test_a_failed_run_leaves_no_file_and_an_older_file_as_it_was(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("科目编码,科目名称,合计\n201,一般公共服务支出,abc\n", encoding="utf-8")
    fresh, older = tmp_path / "fresh.json", tmp_path / "older.json"
    older.write_text("the previous audit", encoding="utf-8")
    assert main(["check", str(bad), "-o", str(fresh)]) == 2
    assert main(["check", str(bad), "-o", str(older)]) == 2
    assert not fresh.exists()
    assert older.read_text(encoding="utf-8") == "the previous audit"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "older.json"]


def test_a_run_with_violations_still_writes_its_audit(tmp_path: Path) -> None:
    """Exit status 1 is an audit that found something, not a failed run: the file is the
    audit of the violations."""
    table = tmp_path / "t.csv"
    table.write_text("科目编码,科目名称,合计\n201,一般公共服务支出,9.00\n20101,人大事务,1.00\n",
                     encoding="utf-8")
    target = tmp_path / "audit.json"
    assert main(["check", str(table), "-o", str(target)]) == 1
    assert json.loads(target.read_text(encoding="utf-8"))["ok"] is False


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib import metadata

    assert gfs_ledger.__version__ == metadata.version("gfs_ledger")
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"gfs-ledger {gfs_ledger.__version__}\n"


def test_help_survives_an_ascii_console() -> None:
    run = _cli("--help", encoding="ascii")
    assert run.returncode == 0 and b"Traceback" not in run.stderr
    assert b"(????????)" in run.stdout  # 政府收支分类科目
