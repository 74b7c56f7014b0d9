"""The two tables of a run as pandas frames (the ``pandas`` extra)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

from gfs_ledger.corpus.document import DocumentResult
from gfs_ledger.corpus.schema import DOCUMENTS, FINDINGS, Column, table_rows
from gfs_ledger.errors import missing_extra

PANDAS_TYPES = {"text": "string", "integer": "Int64", "boolean": "boolean", "real": "float64"}
"""The pandas dtype of each column type: nullable, figures as text (no float)."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise missing_extra("pandas", "pandas", "gfs_ledger.corpus.to_frames") from None
    return pandas


def empty_frame(columns: Sequence[Column]) -> Any:
    """A frame with no rows and the columns and dtypes of a table (a Dask ``meta``)."""
    pandas = _pandas()
    return pandas.DataFrame({
        c.name: pandas.Series([], dtype=PANDAS_TYPES[c.type]) for c in columns
    })


def frame(rows: Iterable[dict[str, Any]], columns: Sequence[Column]) -> Any:
    """Rows of a table as a frame with the table's columns and dtypes."""
    pandas = _pandas()
    rows = list(rows)
    return pandas.DataFrame({
        c.name: pandas.Series([r[c.name] for r in rows], dtype=PANDAS_TYPES[c.type])
        for c in columns
    })


def to_frames(results: Iterable[DocumentResult] | str | os.PathLike[str]) -> tuple[Any, Any]:
    """The documents and findings tables of some results, or of the output of a run
    (``.jsonl``, ``.csv``, ``.sqlite``, ``.parquet``), as two pandas DataFrames (needs the
    ``pandas`` extra). Figures are text columns holding the exact decimal figure;
    counts are nullable integers.

    >>> import gfs_ledger
    >>> from gfs_ledger.corpus import to_frames
    >>> from gfs_ledger.samples import sample_path
    >>> documents, findings = to_frames(gfs_ledger.audit_many([sample_path()]))  # doctest: +PANDAS
    >>> documents[["department", "year", "rounding", "ok"]].to_dict("records")  # doctest: +PANDAS
    [{'department': '阳泉市商务局', 'year': 2023, 'rounding': 19, 'ok': False}]
    >>> findings.groupby("outcome").size().to_dict()  # doctest: +PANDAS
    {'rounding': 19, 'unverifiable': 38, 'violated': 4}
    """
    if isinstance(results, str | os.PathLike):
        from gfs_ledger.corpus.writers import read_output

        documents, findings = read_output(results)
    else:
        documents, findings = table_rows(results)
    return frame(documents, DOCUMENTS), frame(findings, FINDINGS)
