"""gfs-ledger check PATH...: a corpus audited the same way by --jobs 1, --jobs 2 and the
library; bad documents recorded, the run goes on; outputs by suffix; Ctrl-C and --resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import gfs_ledger
from corpora import (
    SHARED_PDFS,
    Rows,
    build_corpus,
    build_pdf_corpus,
    output_rows,
    passing_text,
    result_rows,
)
from gfs_ledger.cli import main
from gfs_ledger.corpus import audit_document
from gfs_ledger.corpus.schema import DOCUMENTS, FINDINGS
from gfs_ledger.corpus.writers import read_output
from gfs_ledger.samples import sample_path

SHARED_PDF = SHARED_PDFS / "shanghai-putuo-social-work-dept-2024-final-accounts.pdf"


def _table_rows(output: Path) -> Rows:
    return output_rows(read_output(output))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    build_corpus(root)
    return root


@pytest.fixture(scope="module")
def expected(corpus: Path) -> Rows:
    return result_rows(gfs_ledger.audit_many([str(corpus)], jobs=1))


def test_the_corpus_audits_to_real_findings(corpus: Path) -> None:
    results = list(gfs_ledger.audit_many([str(corpus)], jobs=1))
    assert len(results) == 14
    by_name = {Path(r.path).relative_to(corpus).as_posix(): r for r in results}
    sample = gfs_ledger.read_report(passing_text()).audit()
    for k in range(3):
        copy = by_name[f"copy-{k}/sample.txt"]
        assert (copy.department, copy.year, copy.ok) == ("阳泉市商务局", 2023, True)
        assert copy.count("rounding") == sample.count("rounding") == 17
        assert copy.checks == len(sample)
        assert by_name[f"copy-{k}/table03.csv"].count("rounding") == 4
    # the copies have one content, and the run knows them by it
    assert len({by_name[f"copy-{k}/sample.txt"].sha256 for k in range(3)}) == 1
    mutants = [r for name, r in by_name.items() if name.startswith("mutants/")]
    assert len(mutants) == 8 and all(r.error is None for r in mutants)
    # a figure raised by 1.00 breaks a sum or a claim in every mutant; each violation
    # names its figures as exact decimal text
    failed = [r for r in mutants if not r.ok]
    assert len(failed) == 8
    for result in failed:
        violation = next(f for f in result.findings if f.outcome == "violated")
        assert violation.reported is not None and abs(violation.difference or 0) >= 1


def test_jobs_1_jobs_2_and_the_library_give_the_same_rows(
    corpus: Path, expected: Any, tmp_path: Path
) -> None:
    assert result_rows(gfs_ledger.audit_many([str(corpus)], jobs=2)) == expected
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        status = main(["check", str(corpus), "--jobs", jobs, "-o", str(out)])
        assert status == 1  # the mutants are violated
        assert _table_rows(out) == expected


def test_the_shared_pdfs_audit_the_same_with_jobs_1_jobs_2_and_the_library(
    tmp_path: Path,
) -> None:
    if not SHARED_PDFS.is_dir():
        pytest.skip(f"the real PDFs are not on this machine ({SHARED_PDFS})")
    documents = build_pdf_corpus(tmp_path / "pdfs")
    expected = result_rows(gfs_ledger.audit_many([tmp_path / "pdfs"], jobs=1))
    assert [d[0] for d in expected[0]] == [str(p) for p in documents]
    assert result_rows(gfs_ledger.audit_many([tmp_path / "pdfs"], jobs=2)) == expected
    out = tmp_path / "pdfs.sqlite"
    main(["check", str(tmp_path / "pdfs"), "--jobs", "2", "-o", str(out)])
    assert _table_rows(out) == expected
    truncated = next(d for d in expected[0] if d[0].endswith("truncated.pdf"))
    assert truncated[-1] is not None  # its error: a PDF cut short is never read


def test_every_output_gives_the_same_rows(corpus: Path, expected: Any, tmp_path: Path) -> None:
    for suffix in (".jsonl", ".csv", ".sqlite"):
        out = tmp_path / f"audit{suffix}"
        assert main(["check", str(corpus), "--jobs", "1", "--output", str(out)]) == 1
        assert _table_rows(out) == expected, suffix
    assert (tmp_path / "audit.findings.csv").exists()
    with sqlite3.connect(tmp_path / "audit.sqlite") as db:
        (n,) = db.execute("SELECT count(*) FROM findings WHERE outcome = 'violated'").fetchone()
        (reported,) = db.execute(
            "SELECT reported FROM findings WHERE outcome = 'rounding' LIMIT 1").fetchone()
    assert n == sum(1 for f in expected[1] if f[8] == "violated") and n > 0
    assert reported == "750.05"  # exact decimal text


def test_every_finding_keeps_exact_and_blank_checks(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    # 1: the sample's 4 violations (980元 of 公务接待费 its 公开09表 does not carry)
    assert main(["check", str(sample_path()), "--jobs", "1", "--every-finding", "-o", str(out)]) == 1
    documents, findings = read_output(out)
    assert len(findings) == documents[0]["checks"] == len(gfs_ledger.read_report().audit())
    assert Counter(f["outcome"] for f in findings)["exact"] == documents[0]["exact"]


def test_a_bad_document_is_recorded_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder"
    build_corpus(folder, copies=1, mutants=0)
    if SHARED_PDF.exists():  # a real PDF cut short
        (folder / "corrupt.pdf").write_bytes(SHARED_PDF.read_bytes()[:4000])
    else:
        (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "notes.txt").write_text("会议纪要\n今天讨论了预算公开的工作安排。\n", encoding="utf-8")
    (folder / "ignored.docx").write_bytes(b"not a kind the reader knows")
    out = tmp_path / "audit.sqlite"
    status = main(["check", str(folder), "--jobs", "2", "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    assert "Traceback" not in captured.err + captured.out
    documents, findings = read_output(out)
    by_name = {Path(d["path"]).name: d for d in documents}
    assert sorted(by_name) == ["binary.txt", "corrupt.pdf", "empty.csv", "empty.txt",
                               "notes.txt", "sample.txt", "table03.csv"]
    assert by_name["sample.txt"]["ok"] and by_name["sample.txt"]["rounding"] == 17
    assert by_name["table03.csv"]["ok"] and by_name["table03.csv"]["rounding"] == 4
    for name in ("binary.txt", "corrupt.pdf", "empty.csv", "empty.txt", "notes.txt"):
        row = by_name[name]
        assert row["ok"] is None and row["checks"] == 0, name
        assert row["error"].startswith(str(folder / name) + ": "), row["error"]
        assert "internal error" not in row["error"]
        assert row["sha256"] is not None and len(row["sha256"]) == 64
    assert "no table marker" in by_name["notes.txt"]["error"]
    assert "Unreadable (5):" in captured.out
    assert {f["path"] for f in findings} <= {d["path"] for d in documents if d["ok"]}


def test_an_unexpected_fault_is_an_internal_error_of_that_document(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gfs_ledger.report

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(gfs_ledger.report, "read_report", broken)
    result = audit_document(sample_path())
    assert result.error is not None and result.ok is None
    assert result.error.endswith(": internal error: ZeroDivisionError: a bug")


def test_a_worker_that_dies_loses_its_document_only(
    monkeypatch: pytest.MonkeyPatch, corpus: Path, expected: Rows
) -> None:
    import multiprocessing

    import gfs_ledger.corpus.document as document

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers inherit the broken reader only when forked")
    audit = document._audit

    def crashing(path: Path, *args: Any) -> Any:
        if path.name == "text-1.txt":
            os._exit(3)  # as a crash in a C library would end the process
        return audit(path, *args)

    monkeypatch.setattr(document, "_audit", crashing)
    results = list(gfs_ledger.audit_many([str(corpus)], jobs=2))
    crashed = [r for r in results if r.error is not None]
    assert [Path(r.path).name for r in crashed] == ["text-1.txt"]
    assert "internal error: the process auditing it stopped" in (crashed[0].error or "")
    assert crashed[0].sha256 is not None
    rows = result_rows(r for r in results if r.error is None)
    assert rows[0] == [d for d in expected[0] if not d[0].endswith("text-1.txt")]
    assert rows[1] == [f for f in expected[1] if not f[0].endswith("text-1.txt")]


def test_a_pool_broken_between_two_submissions_loses_no_document(
    monkeypatch: pytest.MonkeyPatch, corpus: Path, expected: Rows
) -> None:
    # A worker may die while the next documents are handed out: the pool then refuses
    # them (submit raises BrokenProcessPool). Here the first pool breaks at its third
    # document; it and those after it are audited again, and none is lost.
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    pools: list[InProcessPool] = []

    class InProcessPool:
        def __init__(self, max_workers: int, initializer: Any = None) -> None:
            self.submitted = 0
            pools.append(self)

        def submit(self, fn: Any, *args: Any) -> concurrent.futures.Future[Any]:
            self.submitted += 1
            if self is pools[0] and self.submitted >= 3:
                raise BrokenProcessPool("a worker died")
            future: concurrent.futures.Future[Any] = concurrent.futures.Future()
            future.set_result(fn(*args))
            return future

        def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
            pass

        def __enter__(self) -> InProcessPool:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", InProcessPool)
    results = list(gfs_ledger.audit_many([str(corpus)], jobs=2))
    assert [r.error for r in results if r.error is not None] == []
    assert result_rows(results) == expected
    assert len(pools) == 3  # the broken one, one for the refused document alone, a new one


def test_one_file_alone_is_audited_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(sample_path())]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{sample_path()}: 阳泉市商务局, 2023 决算")
    assert out.rstrip().endswith("FAILED: 4 violated.")


def test_summary_formats(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(corpus / "mutants"), str(corpus / "copy-0"), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == "10 documents: 2 passed, 8 failed, 0 unreadable."
    assert "Most violations (8):" in captured.out
    assert captured.err.count("\n[") + captured.err.startswith("[") == 10  # a line each
    assert main(["check", str(corpus / "mutants"), "--jobs", "1", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 8 and data["failed"] == 8
    assert data["most_violations"][0]["violated"] >= data["most_violations"][-1]["violated"]
    assert main(["check", str(corpus / "copy-0"), "--jobs", "1", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert page.count('<a href="#doc-') == 2 and 'id="doc-2"' in page
    assert page.count('class="gfs-summary"') == 3  # the run's, and each document's
    # any --output that is not a table format gets the rendered summary, written whole
    target = corpus.parent / "run.html"
    assert main(["check", str(corpus / "copy-0"), "--jobs", "1", "--format", "html",
                 "-o", str(target)]) == 0
    assert capsys.readouterr().out == "" and target.read_text(encoding="utf-8") == page


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nothing-*.txt"), "--jobs", "1"]) == 2
    assert "no document matches" in capsys.readouterr().err
    assert main(["check", str(sample_path()), "--resume"]) == 2
    assert "--resume needs --output" in capsys.readouterr().err
    assert main(["check", str(sample_path()), "--jobs", "0"]) == 2
    assert "--jobs must be at least 1" in capsys.readouterr().err
    assert main(["check", str(sample_path()), "--every-finding"]) == 2
    assert "--every-finding is for a run" in capsys.readouterr().err


def _progress_lines(process: subprocess.Popen[str], wanted: int) -> None:
    assert process.stderr is not None
    seen = 0
    while seen < wanted:
        line = process.stderr.readline()
        assert line, "the run ended before it could be interrupted"
        seen += line.startswith("[")


def _one_page_pipe(process: subprocess.Popen[str]) -> None:
    """Shrink the pipe of the run's progress to one page (Linux), so that the run waits
    for this test to read its lines: however loaded the machine, it cannot finish all its
    documents before the signal arrives (about 30 lines of 140 bytes fill a page)."""
    assert process.stderr is not None
    fcntl = pytest.importorskip("fcntl")  # not on Windows
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # done before the child has printed anything
        fcntl.fcntl(process.stderr.fileno(), fcntl.F_SETPIPE_SZ, 4096)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_the_finished_documents_and_resume_adds_the_rest(
    tmp_path: Path, jobs: str
) -> None:
    root = tmp_path / "corpus"
    # 200 documents, interrupted after 10; the run cannot race past the signal, as its
    # progress pipe holds one page (a run of 200 with the usual 64 KiB pipe once finished
    # before the signal arrived, on a machine whose other jobs starved this test)
    documents = build_corpus(root, copies=90, mutants=10)
    assert len(documents) == 200
    out = tmp_path / "audit.sqlite"
    command = [sys.executable, "-m", "gfs_ledger", "check", str(root), "--jobs", jobs,
               "-o", str(out)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, encoding="utf-8")
    _one_page_pipe(process)
    _progress_lines(process, 10)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "interrupted after" in err and "Traceback" not in err
    finished, _ = read_output(out)
    paths = [d["path"] for d in finished]
    # exactly the finished documents: the first ones, in order, each with all its findings
    assert 10 <= len(paths) < 200
    assert paths == [str(p) for p in documents[:len(paths)]]
    expected_docs, expected_findings = result_rows(gfs_ledger.audit_many(documents, jobs=1))
    done = set(paths)
    assert _table_rows(out) == (
        expected_docs[:len(paths)], [f for f in expected_findings if f[0] in done])
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True,
                             encoding="utf-8", timeout=300)
    assert resumed.returncode == 1, resumed.stderr  # the mutants are violated
    assert f"{len(paths)} already in" in resumed.stderr
    rows = _table_rows(out)
    assert rows == (expected_docs, expected_findings)  # no duplicate, none missing
    with sqlite3.connect(out) as db:
        (n,) = db.execute("SELECT count(DISTINCT path) FROM documents").fetchone()
    assert n == 200


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_keeps_what_a_killed_run_finished(
    tmp_path: Path, suffix: str, corpus: Path, expected: Any
) -> None:
    out = tmp_path / f"audit{suffix}"
    assert main(["check", str(corpus / "copy-0"), str(corpus / "copy-1"), "--jobs", "1",
                 "-o", str(out)]) == 0
    if suffix == ".jsonl":  # a line cut short, as a killed run leaves it
        with out.open("a", encoding="utf-8") as file:
            file.write('{"record": "findings", "path": "x"')
    assert main(["check", str(corpus), "--jobs", "1", "-o", str(out), "--resume"]) == 1
    documents, findings = _table_rows(out)
    order = {row[0]: k for k, row in enumerate(expected[0])}
    assert sorted(documents, key=lambda d: order[d[0]]) == expected[0]
    assert Counter(findings) == Counter(expected[1])


def test_the_tables_are_documented_as_they_are() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "howto-audit-a-corpus.md"
    text = page.read_text(encoding="utf-8")
    for columns in (DOCUMENTS, FINDINGS):
        for column in columns:
            assert f"| {column.name} | {column.type} | {column.doc} |" in text, column
