"""Audit a whole corpus of disclosures: many documents, worker processes, two tables.

``gfs_ledger.audit_many`` yields one ``DocumentResult`` per document; the writers
of ``gfs_ledger.corpus.writers`` store the results as two tables (documents and
findings, see ``gfs_ledger.corpus.schema``) in JSON Lines, CSV, SQLite or Parquet;
``to_frames`` gives the two tables as pandas frames and ``gfs_ledger.corpus.dask``
runs the same audit on a Dask cluster.
"""

from gfs_ledger.corpus.document import DocumentResult, audit_document
from gfs_ledger.corpus.frames import to_frames
from gfs_ledger.corpus.run import audit_many

__all__ = ["DocumentResult", "audit_document", "audit_many", "to_frames"]
