"""The audit of a corpus on a Dask cluster (the ``dask`` extra): a ``dask.bag`` of
paths audited where the workers are, the two tables as Dask DataFrames, or written
as Parquet partitions.

The workers open the documents themselves: the paths must name the same files on
every worker (a shared or network file system), and gfs_ledger must be installed
there. The tables have the columns and dtypes of ``gfs_ledger.corpus.to_frames``
and the same rows as ``gfs-ledger check --jobs 1``, in the same order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gfs_ledger.corpus.document import DocumentResult, audit_document
from gfs_ledger.corpus.paths import expand_paths
from gfs_ledger.corpus.schema import DOCUMENTS, FINDINGS, document_row, finding_rows
from gfs_ledger.errors import missing_extra
from gfs_ledger.intervals import Tolerance


def _dask() -> Any:
    try:
        import dask.bag
        import dask.dataframe
    except ImportError:
        raise missing_extra("dask", "dask", "gfs_ledger.corpus.dask") from None
    return dask


def audit_bag(
    paths: Iterable[str | os.PathLike[str]],
    *,
    npartitions: int | None = None,
    tolerance: Tolerance | None = None,
    every_finding: bool = False,
) -> Any:
    """A ``dask.bag.Bag`` of one ``DocumentResult`` per document that ``paths`` name
    (expanded here, as ``audit_many`` does, and audited on the workers).

    >>> from gfs_ledger.corpus.dask import audit_bag  # doctest: +DASK
    >>> from gfs_ledger.samples import sample_path
    >>> [r.ok for r in audit_bag([sample_path().parent]).compute(scheduler="sync")]  # doctest: +DASK
    [False, True]
    """
    dask = _dask()
    documents = [str(p) for p in expand_paths(paths)]
    parts = npartitions or max(1, min(len(documents), 100, (len(documents) + 19) // 20))
    bag = dask.bag.from_sequence(documents, npartitions=parts)
    return bag.map(_audit, tolerance=tolerance, every_finding=every_finding)


def _audit(path: str, tolerance: Tolerance | None, every_finding: bool) -> DocumentResult:
    return audit_document(Path(path), tolerance, every_finding=every_finding)


def _documents(results: list[DocumentResult]) -> Any:
    from gfs_ledger.corpus.frames import frame

    return frame((document_row(r) for r in results), DOCUMENTS)


def _findings(results: list[DocumentResult]) -> Any:
    from gfs_ledger.corpus.frames import frame

    return frame((row for r in results for row in finding_rows(r)), FINDINGS)


def to_dask_frames(bag: Any) -> tuple[Any, Any]:
    """The documents and findings tables of an ``audit_bag`` as two Dask DataFrames,
    one partition per partition of the bag. Computed together (``dask.compute(a, b)``),
    each document is audited once.

    >>> import dask  # doctest: +DASK
    >>> from gfs_ledger.samples import sample_path
    >>> documents, findings = to_dask_frames(audit_bag([sample_path()]))  # doctest: +DASK
    >>> documents, findings = dask.compute(documents, findings, scheduler="sync")  # doctest: +DASK
    >>> documents.rounding.tolist(), len(findings)  # doctest: +DASK
    ([19], 61)
    """
    dask = _dask()
    from gfs_ledger.corpus.frames import empty_frame

    parts = bag.to_delayed()
    frames = []
    for build, columns in ((_documents, DOCUMENTS), (_findings, FINDINGS)):
        delayed = [dask.delayed(build)(part) for part in parts]
        frames.append(dask.dataframe.from_delayed(delayed, meta=empty_frame(columns),
                                                  verify_meta=False))
    return frames[0], frames[1]


def write_parquet(bag: Any, directory: str | os.PathLike[str]) -> None:
    """Audit the documents of an ``audit_bag`` on the cluster and write the two tables
    as Parquet partitions: ``DIRECTORY/documents/part.N.parquet`` and
    ``DIRECTORY/findings/part.N.parquet``, the layout of ``--output DIRECTORY.parquet``
    (``gfs_ledger.corpus.writers.read_output`` reads both).

    >>> import tempfile, pathlib  # doctest: +DASK
    >>> from gfs_ledger.corpus.writers import read_output
    >>> from gfs_ledger.samples import sample_path
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "audit.parquet"
    >>> import dask; dask.config.set(scheduler="sync")  # doctest: +DASK +ELLIPSIS
    <...>
    >>> write_parquet(audit_bag([sample_path()]), out)  # doctest: +DASK
    >>> [len(rows) for rows in read_output(out)]  # doctest: +DASK
    [1, 61]
    """
    dask = _dask()
    documents, findings = to_dask_frames(bag)
    target = Path(directory)
    writes = [frame.to_parquet(target / name, write_index=False, compute=False,
                               engine="pyarrow")
              for name, frame in (("documents", documents), ("findings", findings))]
    dask.compute(*writes)
