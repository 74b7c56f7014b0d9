"""The sdist carries what its tests need, the licence is declared as SPDX and shipped,
and the JSON Schema of the output ships inside the package."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

import gfs_ledger

ROOT = Path(__file__).resolve().parents[1]


def _collected(folder: Path) -> int:
    """How many tests pytest collects in a source tree, importing gfs_ledger from its src
    (as it would once that tree is installed) rather than the one installed here."""
    env = {**os.environ, "PYTHONPATH": str(folder / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    # The last line says how many; the test ids above it may hold long runs of digits,
    # which a search of the whole output would rescan.
    found = re.search(r"(\d+) tests? collected", run.stdout.strip().rsplit("\n", 1)[-1])
    assert found, run.stdout[-2000:]
    return int(found.group(1))


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.skip("needs the build module (in the test extra: pip install -e '.[test]')")
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("not run from a source tree")
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(out), str(ROOT)],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    (archive,) = out.glob("gfs_ledger-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (unpacked,) = [p for p in out.iterdir() if p.is_dir()]
    return unpacked


def test_the_sdist_holds_what_its_tests_need_and_collects_them_all(sdist: Path) -> None:
    for needed in ("LICENSE", "conftest.py", "README.md", "tests/pages.py", "tests/notebooks.py",
                   "docs/generate_api.py", "examples/notebook.ipynb",
                   "src/gfs_ledger/data/check-output.schema.json"):
        assert (sdist / needed).is_file(), f"the sdist has no {needed}"
    assert not list(sdist.rglob("__pycache__"))
    assert _collected(sdist) == _collected(ROOT)


def test_the_sdist_declares_the_licence_as_spdx(sdist: Path) -> None:
    info = (sdist / "PKG-INFO").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in info.splitlines()
    assert "License-File: LICENSE" in info.splitlines()
    assert not any(line.startswith("License: ") for line in info.splitlines())


def test_the_licence_is_mit_as_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert project["project"]["license-files"] == ["LICENSE"]
    assert project["build-system"]["requires"] == ["setuptools>=77"]
    assert "build>=1.0" in project["project"]["optional-dependencies"]["test"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_the_schema_ships_in_the_package_and_is_the_one_the_tests_use() -> None:
    shipped = Path(gfs_ledger.__file__).parent / "data" / "check-output.schema.json"
    assert gfs_ledger.schema() == json.loads(shipped.read_text(encoding="utf-8"))
    assert "data/*.json" in tomllib.loads(
        (ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
            "package-data"]["gfs_ledger"]


def test_an_audit_of_a_later_schema_version_is_refused() -> None:
    data = json.loads(gfs_ledger.sample_ledger().check().to_json())
    assert data["schema_version"] == 1
    assert gfs_ledger.Audit.from_json(json.dumps(data)).ok
    data["schema_version"] = 2
    with pytest.raises(gfs_ledger.GfsLedgerError, match="schema version 2: this gfs_ledger "
                                                        "reads version 1 and before"):
        gfs_ledger.Audit.from_json(json.dumps(data))
    del data["schema_version"]
    assert gfs_ledger.Audit.from_json(json.dumps(data)).ok  # written before versions
