"""Shared test settings.

Tolerances, stated once: rtol 1e-10 for float64 and 1e-4 for float32, with an
absolute floor of rtol times the largest magnitude of the expected result (an
element that should be 0 can only be matched to within rounding of its
neighbours' sizes).

Hypothesis runs a moderate number of examples; set CONVLIB_HYPOTHESIS=heavy
for a longer search.
"""

import os

import numpy as np
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("heavy", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("heavy" if os.environ.get("CONVLIB_HYPOTHESIS") == "heavy" else "ci")

RTOL = {np.dtype(np.float64): 1e-10, np.dtype(np.float32): 1e-4}


def assert_close(actual, expected, dtype=None):
    """Same shape, same dtype (when given), values within the stated tolerance."""
    actual = np.asarray(actual)
    expected = np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape, f"shape {actual.shape} != expected {expected.shape}"
    if dtype is not None:
        assert actual.dtype == np.dtype(dtype), f"dtype {actual.dtype} != {np.dtype(dtype)}"
    rtol = RTOL[np.dtype(dtype or actual.dtype)]
    finite = expected[np.isfinite(expected)]
    scale = float(np.max(np.abs(finite))) if finite.size else 0.0
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol * max(scale, 1.0))
