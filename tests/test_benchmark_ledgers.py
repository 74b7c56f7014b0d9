"""The ledgers of ``benchmarks/rollup.py`` (10⁴ accounts, fixed seed), read from printed
strings, from Decimal rows and from CSV, shuffled and in printed order, give the same
JSON (ledger, audit, rollup and its audit) as the stored copy made by the code before the
string path was rewritten (issue 12): tests/data/rollup-10k.json.xz.

    PYTHONPATH=src python tests/test_benchmark_ledgers.py   # rewrite the stored copy
"""

from __future__ import annotations

import importlib.util
import json
import lzma
from pathlib import Path
from types import ModuleType

import pytest

from gfs_ledger import Ledger

ROOT = Path(__file__).parent.parent
STORED = Path(__file__).parent / "data" / "rollup-10k.json.xz"
SIZE = 10_000


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rollup", ROOT / "benchmarks" / "rollup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ledgers() -> dict[str, Ledger]:
    bench = _benchmark()
    ledgers = {}
    for order in ("shuffled", "ordered"):
        rows = bench.printed_rows(SIZE, shuffled=order == "shuffled")
        ledgers[f"{order} strings"] = Ledger.from_rows(rows, columns=bench.COLUMNS)
        ledgers[f"{order} decimals"] = Ledger.from_rows(bench.as_decimals(rows),
                                                        columns=bench.COLUMNS)
        ledgers[f"{order} csv"] = Ledger.from_csv(bench.csv_text(rows), source="rollup.csv")
    return ledgers


def _outputs(ledger: Ledger) -> dict[str, str]:
    rolled = ledger.rollup()
    return {"ledger": ledger.to_json(indent=None), "audit": ledger.check().to_json(indent=None),
            "rollup": rolled.to_json(indent=None), "rollup audit": rolled.check().to_json(indent=None)}


def _all_outputs() -> dict[str, dict[str, str]]:
    return {name: _outputs(ledger) for name, ledger in _ledgers().items()}


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict[str, str]]:
    return _all_outputs()


@pytest.fixture(scope="module")
def stored() -> dict[str, dict[str, str]]:
    with lzma.open(STORED, "rt", encoding="utf-8") as file:
        stored: dict[str, dict[str, str]] = json.load(file)
    return stored


@pytest.mark.parametrize("name", [f"{o} {k}" for o in ("shuffled", "ordered")
                                  for k in ("strings", "decimals", "csv")])
@pytest.mark.parametrize("output", ["ledger", "audit", "rollup", "rollup audit"])
def test_the_json_is_the_stored_copy(
    outputs: dict[str, dict[str, str]], stored: dict[str, dict[str, str]], name: str,
    output: str,
) -> None:
    assert outputs[name][output] == stored[name][output]


def test_the_stored_audit_finds_the_rounding_the_benchmark_prints(
    stored: dict[str, dict[str, str]],
) -> None:
    # 10,101 rows: 91 类 with 10 款 of 10 项; 1 % of 款 cells print 0.01 off, so some
    # checks are rounding, none violated, every other exact.
    summary = json.loads(stored["shuffled strings"]["audit"])["summary"]["hierarchy"]
    assert summary["checks"] == (91 + 910) * 3
    assert summary["violated"] == 0 and 0 < summary["rounding"] < 100
    assert summary["exact"] + summary["rounding"] == summary["checks"]


if __name__ == "__main__":
    STORED.parent.mkdir(exist_ok=True)
    text = json.dumps(_all_outputs(), ensure_ascii=False, sort_keys=True)
    # xz: the outputs differ little from one another, and its window spans them all.
    STORED.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))
    print(f"wrote {STORED} ({STORED.stat().st_size:,} bytes)")
