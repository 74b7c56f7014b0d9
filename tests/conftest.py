"""Shared test configuration: hypothesis profiles.

``ci`` (the default) is derandomized, so every run tries the same examples;
``dev`` explores more and differently each run; ``fuzz`` is the long run of the
fuzz tests (docs/fuzzing.md). Choose with the
``HYPOTHESIS_PROFILE`` environment variable.
"""

from __future__ import annotations

import os

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
