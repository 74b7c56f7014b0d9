"""``import gfs_ledger`` loads the package's ``__init__`` alone: every name of ``__all__``
is imported on first use (PEP 562), so a script that checks one ledger never pays for
the prose, the rules across tables, the table reader or the corpus runner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import gfs_ledger
from gfs_ledger.errors import GfsLedgerError


def _loaded_after(code: str) -> list[str]:
    """The modules of gfs_ledger loaded by ``code`` in a fresh interpreter."""
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'gfs_ledger')))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    loaded: list[str] = json.loads(run.stdout)
    return loaded


def test_import_loads_the_package_alone():
    assert _loaded_after("import gfs_ledger") == ["gfs_ledger"]


def test_a_ledger_user_loads_no_reader_rules_or_prose():
    loaded = _loaded_after("from gfs_ledger import Ledger\n"
                           "Ledger.from_rows([('201', 'x', ['1.00'])], columns=['c']).check()")
    assert "gfs_ledger.ledger" in loaded
    heavy = ("gfs_ledger.narrative", "gfs_ledger.rules", "gfs_ledger.tables",
             "gfs_ledger.corpus", "gfs_ledger.report", "gfs_ledger.performance")
    assert [m for m in loaded if m.startswith(heavy)] == []


def test_every_public_name_resolves_and_is_listed():
    names = {name: getattr(gfs_ledger, name) for name in gfs_ledger.__all__}
    assert names["Ledger"].__module__ == "gfs_ledger.ledger"
    assert names["Claim"].__module__ == "gfs_ledger.narrative.claims"
    assert set(gfs_ledger.__all__) <= set(dir(gfs_ledger))
    assert gfs_ledger.__version__ == gfs_ledger.version.package_version()


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'") as caught:
        gfs_ledger.no_such_name  # noqa: B018
    assert isinstance(caught.value, GfsLedgerError)
    assert not hasattr(gfs_ledger, "no_such_name")
