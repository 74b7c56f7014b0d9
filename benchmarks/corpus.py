"""Documents per second of a whole run, with 1 and 2 worker processes, and its memory.

    PYTHONPATH=src python benchmarks/corpus.py                  # 2,000 documents
    PYTHONPATH=src python benchmarks/corpus.py --documents 200  # a quick look

A run is what ``gfs-ledger check DIR --jobs N -o audit.sqlite`` does: expand the paths,
read and audit each document in N worker processes (``gfs_ledger.audit_many``) and
write the two tables to SQLite in this process. Each run happens in a fresh Python
process, which prints its documents/s and its peak resident memory (its own, and the
largest of its workers'), so that runs do not share caches or memory.

Text: N copies of the bundled disclosure (each some 650 checks, 58 findings kept). PDF:
copies of the real PDFs in tests/data/real (or --pdfs DIR), measured only
when gfs_ledger can read them (the ``pdf`` extra); otherwise the line says why not.
Scaling efficiency = (documents/s with 2 workers) / (2 × documents/s with 1). On a
machine that others use too, the second core may not be free: the CPU time per document
(this process and its workers) and the load average before each run say how much of a
low efficiency is the workers' own cost and how much the machine's.
Memory stays flat when the peak at 2,000 documents is that at 500.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED_PDFS = Path(__file__).parents[1] / "tests" / "data" / "real"


def _child(directory: str, jobs: int, output: str) -> None:
    from gfs_ledger import audit_many
    from gfs_ledger.corpus.writers import open_writer

    writer = open_writer(output)
    start = time.perf_counter()
    n = 0
    for result in audit_many([directory], jobs=jobs):
        writer.write(result)
        n += 1
    writer.close()
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    print(json.dumps({"documents": n, "seconds": seconds, "cpu": cpu,
                      "rss_kb": own.ru_maxrss, "worker_rss_kb": workers.ru_maxrss}))


def _run(directory: Path, jobs: int) -> dict[str, float]:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as scratch:
        output = str(Path(scratch) / "audit.sqlite")
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(directory), str(jobs), output],
            capture_output=True, text=True, check=True)
    data: dict[str, float] = json.loads(done.stdout)
    data["load"] = load
    return data


def _corpus(root: Path, sources: list[Path], n: int) -> Path:
    root.mkdir(parents=True)
    for k in range(n):
        source = sources[k % len(sources)]
        folder = root / f"{k // 100:03d}"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(source, folder / f"{k:05d}{source.suffix}")
    return root


def _line(kind: str, n: int, one: dict[str, float], two: dict[str, float]) -> None:
    rate1, rate2 = n / one["seconds"], n / two["seconds"]
    print(f"{kind:5} {n:6,} documents: 1 worker {rate1:7.1f} documents/s, "
          f"2 workers {rate2:7.1f} documents/s, scaling efficiency {rate2 / (2 * rate1):.0%}")
    cpu1, cpu2 = 1000 * one["cpu"] / n, 1000 * two["cpu"] / n
    print(f"      CPU time per document: 1 worker {cpu1:.1f} ms, 2 workers {cpu2:.1f} ms "
          f"(the cost of the workers: {cpu2 / cpu1 - 1:+.0%}); load average before the "
          f"runs {one['load']:.1f} and {two['load']:.1f} on {os.cpu_count()} cores")


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--pdfs", type=Path, default=SHARED_PDFS)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.child[2])
        return

    from gfs_ledger.corpus import audit_document
    from gfs_ledger.samples import sample_path

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        text = _corpus(root / "text", [sample_path()], args.documents)
        small = _corpus(root / "small", [sample_path()], args.small)
        one, two = _run(text, 1), _run(text, 2)
        _line("text", args.documents, one, two)
        peak_small = _run(small, 2)
        print(f"      peak RSS with 2 workers: {args.small:,} documents "
              f"{_mb(peak_small['rss_kb'])} (+ workers {_mb(peak_small['worker_rss_kb'])}), "
              f"{args.documents:,} documents {_mb(two['rss_kb'])} "
              f"(+ workers {_mb(two['worker_rss_kb'])}); with 1 worker "
              f"{_mb(one['rss_kb'])}")
        pdfs = sorted(args.pdfs.glob("*.pdf"))
        if not pdfs:
            print(f"pdf   not measured: no PDF in {args.pdfs}")
            return
        readable = [p for p in pdfs if audit_document(p).error is None]
        if not readable:
            why = audit_document(pdfs[0]).error
            print(f"pdf   not measured: this gfs_ledger reads none of the {len(pdfs)} PDFs "
                  f"in {args.pdfs} ({why})")
            return
        pdf = _corpus(root / "pdf", readable, args.documents)
        _line("pdf", args.documents, _run(pdf, 1), _run(pdf, 2))


if __name__ == "__main__":
    main()
