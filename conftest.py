"""Doctest option flags for the optional extras.

An example marked ``# doctest: +PANDAS`` (or ``+EXCEL``, ``+PDF``, ``+PARQUET``, ``+DASK``) needs that extra: the
whole docstring or docs page it belongs to is skipped, with the reason, when the
extra is not installed, and runs as usual when it is.
"""

from __future__ import annotations

import doctest
import importlib.util

import pytest

# docs/api.md is generated from docstrings that run as doctests of their modules
# (tests/test_docs.py checks it is current), so its examples are not run twice.
collect_ignore = ["docs/api.md"]

EXTRA_FLAGS = {
    "PANDAS": ("pandas", doctest.register_optionflag("PANDAS")),
    "EXCEL": ("openpyxl", doctest.register_optionflag("EXCEL")),
    "PDF": ("pypdfium2", doctest.register_optionflag("PDF")),
    "PARQUET": ("pyarrow", doctest.register_optionflag("PARQUET")),
    "DASK": ("dask", doctest.register_optionflag("DASK")),
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        test = getattr(item, "dtest", None)
        if test is None:
            continue
        for name, (module, flag) in EXTRA_FLAGS.items():
            wanted = any(example.options.get(flag) for example in test.examples)
            if wanted and importlib.util.find_spec(module) is None:
                reason = f"needs {module} (the {name.lower()} extra)"
                item.add_marker(pytest.mark.skip(reason=reason))
                break
