"""Hypothesis profiles and doctest option flags for the optional extras, for the tests
and for the examples of the docstrings and docs pages alike.

``ci`` (the default) is derandomized, so every run tries the same examples;
``dev`` explores more and differently each run; ``fuzz`` is the long run of the
fuzz tests (docs/fuzzing.md). Choose with the ``HYPOTHESIS_PROFILE`` environment
variable.

An example marked ``# doctest: +PANDAS`` (or ``+EXCEL``, ``+PDF``, ``+PARQUET``, ``+DASK``) needs that extra: the
whole docstring or docs page it belongs to is skipped, with the reason, when the
extra is not installed, and runs as usual when it is.
"""

from __future__ import annotations

import doctest
import importlib.util
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=60,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=300, deadline=None, print_blob=True)
# A long fuzzing run of tests/test_fuzz.py (which takes a third of these per reader).
settings.register_profile("fuzz", max_examples=6000, deadline=None, print_blob=True,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
