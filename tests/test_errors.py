"""One base class for every error gfs_ledger raises, and hints that install what is missing."""

from __future__ import annotations

import ast
import builtins
import importlib
import json
from pathlib import Path
from typing import Any

import pytest

import gfs_ledger
from gfs_ledger import Code, GfsLedgerError, Ledger, Tolerance, parse_amount, sample_ledger
from gfs_ledger import errors as errors_module
from gfs_ledger.errors import (
    IntervalError,
    InvalidOperand,
    InvalidValue,
    MissingExtra,
    NotFound,
    install_hint,
)
from gfs_ledger.intervals import Interval

SRC = Path(gfs_ledger.__file__).resolve().parent


def _raised_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(target, ast.Name):
                names.add(target.id)
    return names


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_every_exception_the_library_raises_is_a_gfs_ledger_error(path: Path) -> None:
    """Every ``raise Name(...)`` in the package names a GfsLedgerError subclass (a bare
    ``raise error`` re-raises a caught one and is not a class, so it is passed over)."""
    module_name = "gfs_ledger." + ".".join(path.relative_to(SRC).with_suffix("").parts)
    module_name = module_name.removesuffix(".__init__")
    if module_name == "gfs_ledger.__main__":
        return
    module = importlib.import_module(module_name)
    for name in _raised_names(ast.parse(path.read_text(encoding="utf-8"))):
        raised = getattr(module, name, getattr(builtins, name, None))
        if raised is None or not isinstance(raised, type):
            continue  # a caught exception held in a variable, re-raised
        assert issubclass(raised, GfsLedgerError), f"{module_name} raises {name}"


def test_the_errors_keep_their_built_in_bases() -> None:
    with pytest.raises(ValueError, match="a code has 3, 5, 7 or 9 digits"):
        Code("2011")
    with pytest.raises(ValueError, match="not a number"):
        parse_amount("abc")
    with pytest.raises(InvalidValue, match="unknown tolerance 'loose'") as caught:
        Tolerance.parse("loose")
    assert isinstance(caught.value, ValueError)
    with pytest.raises(KeyError) as missing:
        sample_ledger()["20114"]
    assert isinstance(missing.value, NotFound) and "no account 20114" in str(missing.value)
    with pytest.raises(ZeroDivisionError) as zero:
        Interval.point(parse_amount("1")) / Interval(parse_amount("-1"), parse_amount("1"))
    assert isinstance(zero.value, IntervalError)
    with pytest.raises(TypeError) as operand:
        Interval.point(parse_amount("1")) + 1.5  # type: ignore[operator]
    assert isinstance(operand.value, InvalidOperand)
    with pytest.raises(GfsLedgerError, match="duplicate column names"):
        Ledger.from_rows([], columns=["合计", "合计"])


def test_a_strategy_option_error_is_both_hypothesis_and_gfs_ledger() -> None:
    pytest.importorskip("hypothesis")
    from hypothesis.errors import InvalidArgument

    from gfs_ledger.strategies import codes

    with pytest.raises(InvalidArgument) as caught:
        codes(min_level=3, max_level=1)
    assert isinstance(caught.value, GfsLedgerError)


class _Dist:
    def __init__(self, recorded: str | None) -> None:
        self.recorded = recorded

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return self.recorded


@pytest.mark.parametrize(("recorded", "expected"), [
    (None, "python -m pip install 'gfs_ledger[excel]'"),
    ({"url": "file:///home/me/gfs_ledger", "dir_info": {"editable": True}},
     "python -m pip install -e '/home/me/gfs_ledger[excel]'"),
    ({"url": "file:///home/me/my%20checkout", "dir_info": {}},
     "python -m pip install '/home/me/my checkout[excel]'"),
    ({"url": "file:///tmp/gfs_ledger-0.1.0.tar.gz", "archive_info": {}},
     "python -m pip install 'gfs_ledger[excel] @ file:///tmp/gfs_ledger-0.1.0.tar.gz'"),
])
def test_the_install_hint_follows_how_gfs_ledger_was_installed(
    monkeypatch: pytest.MonkeyPatch, recorded: dict[str, Any] | None, expected: str
) -> None:
    from importlib import metadata

    text = None if recorded is None else json.dumps(recorded)
    monkeypatch.setattr(errors_module, "_source_tree", lambda: None)
    monkeypatch.setattr(metadata, "distribution", lambda name: _Dist(text))
    assert install_hint("excel") == expected


def test_the_install_hint_of_this_checkout_names_it() -> None:
    """Run from this checkout (editable, as the README installs it), the hint installs
    the checkout's folder, not a name an index may not have."""
    root = Path(__file__).resolve().parents[1]
    if SRC.parents[1] != root:
        pytest.skip("gfs_ledger is not imported from this checkout")
    assert install_hint("pandas") == f"python -m pip install -e '{root}[pandas]'"


def test_a_missing_extra_is_an_import_error_that_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from gfs_ledger.io.pandas import ledger_to_pandas

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError) as caught:
        ledger_to_pandas(sample_ledger())
    assert isinstance(caught.value, MissingExtra)
    assert str(caught.value).endswith(install_hint("pandas"))
    assert errors_module.__doc__ and "GfsLedgerError" in errors_module.__doc__


def test_the_readme_keeps_its_two_commands_and_says_how_to_add_the_extras() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert readme.split("```sh\n", 1)[1].split("```", 1)[0].splitlines() == [
        "python -m pip install . && gfs-ledger check",
        "python -m pip install -e '.[test]' && python -m pytest",
    ]
    assert "python -m pip install -e '.[pdf,pandas,excel]'" in readme


def test_every_install_hint_in_the_docs_also_works_from_a_checkout() -> None:
    """A hint that names the package on an index fails in a checkout never published: each
    paragraph that gives one gives the checkout's form too."""
    root = Path(__file__).resolve().parents[1]
    pages = [root / "README.md", *sorted((root / "docs").glob("*.md"))]
    for page in pages:
        for paragraph in page.read_text(encoding="utf-8").split("\n\n"):
            if "pip install 'gfs_ledger[" in paragraph:
                assert "pip install -e '.[" in paragraph, f"{page.name}: {paragraph[:120]!r}"
