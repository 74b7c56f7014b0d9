"""Many documents audited in worker processes, one result per document, in order."""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Collection, Generator, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from gfs_ledger.corpus.document import DocumentResult, audit_document, content_hash
from gfs_ledger.corpus.paths import expand_paths
from gfs_ledger.errors import InvalidValue
from gfs_ledger.intervals import Tolerance

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future


def default_jobs() -> int:
    """The cores this process may run on.

    >>> default_jobs() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def audit_many(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    tolerance: Tolerance | None = None,
    every_finding: bool = False,
    skip: Collection[tuple[str, str]] = (),
) -> Generator[DocumentResult, None, None]:
    """Audit every document that ``paths`` name (files, directories searched for .txt,
    .csv, .xlsx and .pdf files, globs), in ``jobs`` worker processes (default: the
    cores; 1 audits in this process), yielding one result per document in the order
    of the paths, whatever order the workers finish in.

    A document that cannot be read is a result with its ``error``; the run goes on.
    ``skip`` holds ``(path, sha256)`` pairs already audited (``--resume``): those
    documents are passed over. Results hold the violated, rounding and unverifiable
    findings, or every finding with ``every_finding``.

    >>> import gfs_ledger
    >>> from gfs_ledger.samples import sample_path
    >>> for result in gfs_ledger.audit_many([sample_path().parent], jobs=1):
    ...     print(result.path.rsplit("/", 1)[-1], result.ok, result.count("rounding"))
    yangquan-commerce-2023-final-accounts.txt False 19
    yangquan-commerce-2023-table03.csv True 4
    """
    documents = expand_paths(paths)
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InvalidValue(f"jobs must be at least 1, not {jobs}")
    work = partial(_audit_unless_done, tolerance=tolerance, every_finding=every_finding,
                   skip=frozenset(skip))
    if jobs == 1 or len(documents) <= 1:
        return _in_process(work, documents)
    return _in_workers(work, documents, jobs)


Work = partial[DocumentResult | None]


def _in_process(work: Work, documents: list[Path]) -> Generator[DocumentResult, None, None]:
    for path in documents:
        result = work(path)
        if result is not None:
            yield result


def _audit_unless_done(
    path: Path, *, tolerance: Tolerance | None, every_finding: bool,
    skip: frozenset[tuple[str, str]],
) -> DocumentResult | None:
    if skip:
        try:
            if (str(path), content_hash(path.read_bytes())) in skip:
                return None
        except OSError:
            pass  # audit_document records the error
    return audit_document(path, tolerance, every_finding=every_finding)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent decides what to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_workers(
    work: Work, documents: list[Path], jobs: int,
) -> Generator[DocumentResult, None, None]:
    # At most a few documents per worker in flight, so that memory stays flat and the
    # results come back in order however the workers finish.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    window = jobs * 4
    queue = iter(documents)
    pending: deque[tuple[Path, Future[DocumentResult | None]]] = deque()
    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        while True:
            for path in queue:
                pending.append((path, _submit(executor, work, path)))
                if len(pending) >= window:
                    break
            if not pending:
                return
            path, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                # A worker died (a crash in a C library, the memory killer): every
                # document in flight fails with it. Audit the oldest alone to tell
                # whether it is the one, then go on with a new pool.
                executor.shutdown(wait=True, cancel_futures=True)
                result = _alone(work, path)
                executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
                pending = deque((p, _submit(executor, work, p)) for p, _ in pending)
            if result is not None:
                yield result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _submit(executor: Executor, work: Work, path: Path) -> Future[DocumentResult | None]:
    """``work`` on ``path`` in ``executor``; when a worker has died since the last
    submission the pool refuses new work, and the future fails as the documents in
    flight did, to be audited alone in its turn."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        return executor.submit(work, path)
    except BrokenProcessPool as error:
        refused: Future[DocumentResult | None] = Future()
        refused.set_exception(error)
        return refused


def _alone(work: Work, path: Path) -> DocumentResult | None:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=1, initializer=_ignore_interrupts) as executor:
        try:
            return executor.submit(work, path).result()
        except BrokenProcessPool as error:
            try:
                digest: str | None = content_hash(path.read_bytes())
            except OSError:
                digest = None
            return DocumentResult(
                str(path), digest, path.suffix.lower().lstrip("."),
                error=f"{path}: internal error: the process auditing it stopped ({error})",
            )
