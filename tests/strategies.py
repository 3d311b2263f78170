"""Hypothesis strategies shared by the test modules, as minitorch keeps them in one place.

Each strategy draws only valid combinations, so no example is thrown away.
"""

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

DTYPES = [np.float64, np.float32]
dtypes = st.sampled_from(DTYPES)
seeds = st.integers(0, 2**31)


# --- interpolate -----------------------------------------------------------------------

@st.composite
def scale_factors(draw, n: int) -> float:
    """A scale_factor for an axis of length n, often one that torch treats specially.

    'keeps' gives floor(n * s) == n (the axis is copied), 'doubles' gives
    floor(n * s) == 2n with s != 2, and 'whole' an integer factor.
    """
    kind = draw(st.sampled_from(["any", "keeps", "doubles", "whole"]))
    if kind == "keeps":
        s = 1 + draw(st.floats(0, 1, exclude_max=True)) / n
    elif kind == "doubles":
        s = 2 + draw(st.floats(0, 1, exclude_max=True)) / n
    elif kind == "whole":
        s = float(draw(st.integers(1, 5)))
    else:
        s = draw(st.floats(0.2, 3.5))
    assume(math.floor(n * s) >= 1)
    return s


@st.composite
def interpolate_setups(draw):
    """(x, kwargs) for interpolate: 3-D or 4-D input, size or scale_factor, every mode that fits."""
    spatial = draw(st.sampled_from([1, 2]))
    sizes = tuple(draw(st.integers(1, 12)) for _ in range(spatial))
    if spatial == 2 and draw(st.booleans()):  # outputs over 128 pixels take torch's other nearest kernel
        sizes = (sizes[0], draw(st.integers(40, 90)))
    linear = "linear" if spatial == 1 else "bilinear"
    mode, align = draw(st.sampled_from([("nearest", None), (linear, False), (linear, True)]))
    if draw(st.booleans()):
        factors = tuple(draw(scale_factors(n)) for n in sizes)
        resize = {"scale_factor": factors if spatial == 2 or draw(st.booleans()) else factors[0]}
    else:
        resize = {"size": tuple(draw(st.integers(1, 3 * n)) for n in sizes)}
    dtype = draw(dtypes)
    r = np.random.default_rng(draw(seeds))
    x = r.normal(size=(draw(st.integers(1, 2)), draw(st.integers(1, 3))) + sizes).astype(dtype)
    return x, dict(mode=mode, align_corners=align, **resize)
