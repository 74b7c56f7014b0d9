"""The corpus with its extras: Parquet gives the rows SQLite gives, the frames, a
progress bar, and the same audit on a Dask cluster of two worker processes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

import gfs_ledger
from corpora import SHARED_PDFS, build_corpus, build_pdf_corpus, output_rows, result_rows
from gfs_ledger.cli import main
from gfs_ledger.corpus.document import audit_document
from gfs_ledger.corpus.progress import Progress
from gfs_ledger.corpus.schema import DOCUMENTS
from gfs_ledger.corpus.writers import read_output
from gfs_ledger.samples import sample_path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    build_corpus(root, copies=2, mutants=3)
    return root


def test_parquet_and_sqlite_give_the_same_rows(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="a .parquet output needs pyarrow (the parquet extra)")
    for suffix in (".sqlite", ".parquet"):
        assert main(["check", str(corpus), "--jobs", "2", "-o", str(tmp_path / f"a{suffix}")]) == 1
    sqlite, parquet = read_output(tmp_path / "a.sqlite"), read_output(tmp_path / "a.parquet")
    assert output_rows(parquet) == output_rows(sqlite)
    assert output_rows(sqlite) == result_rows(gfs_ledger.audit_many([str(corpus)], jobs=1))
    import pyarrow.parquet as pq

    schema = pq.read_schema(next((tmp_path / "a.parquet" / "findings").glob("*.parquet")))
    assert str(schema.field("reported").type) == "string"  # exact decimal text, no float
    # a resumed run adds a part, with nothing twice (here nothing: every document is there)
    assert main(["check", str(corpus), "--jobs", "1", "-o", str(tmp_path / "a.parquet"),
                 "--resume"]) == 0
    assert len(list((tmp_path / "a.parquet" / "documents").glob("*.parquet"))) == 2
    assert output_rows(read_output(tmp_path / "a.parquet")) == output_rows(sqlite)


def test_to_frames_holds_the_two_tables(corpus: Path) -> None:
    pytest.importorskip("pandas", reason="to_frames needs pandas (the pandas extra)")
    from gfs_ledger.corpus import to_frames

    results = list(gfs_ledger.audit_many([str(corpus)], jobs=1))
    documents, findings = to_frames(results)
    assert len(documents) == 10 and list(documents.columns) == [c.name for c in DOCUMENTS]
    assert str(findings.reported.dtype) == "string"
    failed = documents[documents.ok == False]  # noqa: E712
    assert len(failed) == 6
    worst = findings[findings.outcome == "violated"].groupby("path").size()
    assert worst.to_dict() == {r.path: r.count("violated") for r in results if r.ok is False}
    assert output_rows((documents.to_dict("records"), findings.to_dict("records"))) == (
        result_rows(results))


def _shown_on_a_terminal() -> str:
    log = io.StringIO()
    progress = Progress(2, log, bar=True)
    result = audit_document(sample_path())
    progress.update(result)
    progress.update(result)
    progress.close()
    return log.getvalue()


def test_a_terminal_gets_a_progress_bar() -> None:
    pytest.importorskip("tqdm", reason="the progress bar needs tqdm (the progress extra)")
    shown = _shown_on_a_terminal()
    assert "2/2" in shown and "OK" not in shown


def test_without_tqdm_a_terminal_gets_a_counter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    assert _shown_on_a_terminal() == "\r1/2 documents\r2/2 documents\n"


def test_dask_on_a_local_cluster_gives_the_rows_of_jobs_1(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("dask.dataframe", reason="the Dask integration needs the dask extra")
    pytest.importorskip("distributed", reason="a LocalCluster needs the dask extra")
    import dask
    from distributed import Client, LocalCluster

    from gfs_ledger.corpus.dask import audit_bag, to_dask_frames, write_parquet

    expected = result_rows(gfs_ledger.audit_many([str(corpus)], jobs=1))
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        bag = audit_bag([str(corpus)], npartitions=4)
        documents, findings = dask.compute(*to_dask_frames(bag))
        assert output_rows((documents.to_dict("records"), findings.to_dict("records"))) == (
            expected)
        write_parquet(audit_bag([str(corpus)], npartitions=3), tmp_path / "dask.parquet")
        if SHARED_PDFS.is_dir():  # the real PDFs too, read or not
            build_pdf_corpus(tmp_path / "pdfs")
            pdfs = dask.compute(*to_dask_frames(audit_bag([tmp_path / "pdfs"])))
            assert output_rows((pdfs[0].to_dict("records"), pdfs[1].to_dict("records"))) == (
                result_rows(gfs_ledger.audit_many([tmp_path / "pdfs"], jobs=1)))
    assert output_rows(read_output(tmp_path / "dask.parquet")) == expected


def test_a_directory_s_xlsx_tables_are_audited(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl", reason="reading .xlsx needs openpyxl (the excel extra)")
    from gfs_ledger.io.excel import write_xlsx

    write_xlsx(gfs_ledger.sample_ledger(), tmp_path / "table03.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    bad, good = gfs_ledger.audit_many([tmp_path], jobs=1)  # in the order of their names
    assert (Path(good.path).name, good.format, good.ok, good.count("rounding")) == (
        "table03.xlsx", "xlsx", True, 4)
    assert bad.ok is None and bad.error is not None and "broken.xlsx" in bad.error
