"""Hypothesis strategies shared by the test modules, as minitorch keeps them in one place.

Each strategy draws only valid combinations, so no example is thrown away.
"""

import math

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from convlib.padding import MODES as PAD_MODES

DTYPES = [np.float64, np.float32]  # for pytest.mark.parametrize
dtypes = st.sampled_from(DTYPES)
seeds = st.integers(0, 2**31)

# --- the vocabulary of a convolution, one axis at a time --------------------------------

lengths = st.integers(1, 9)  # a spatial size
kernel_sizes = st.integers(1, 4)
strides = st.integers(1, 3)
paddings = st.integers(0, 2)
dilations = st.integers(1, 2)
groups = st.integers(1, 3)
batch_sizes = st.integers(1, 2)
pad_modes = st.sampled_from(PAD_MODES)
pad_widths = st.integers(0, 15)


coefficients = st.floats(-2, 2)  # alpha and beta of a linear combination


def span(kernel_size: int, dilation: int) -> int:
    """Input pixels a dilated kernel covers."""
    return dilation * (kernel_size - 1) + 1


def lengths_that_fit(kernel_size: int, padding: int, dilation: int, largest: int) -> st.SearchStrategy[int]:
    """Input lengths in which the dilated kernel fits once padded."""
    smallest = max(1, span(kernel_size, dilation) - 2 * padding)
    return st.integers(smallest, max(smallest, largest))


def arrays_1d(max_length: int = 40) -> st.SearchStrategy[np.ndarray]:
    """Float arrays of 1 to ``max_length`` values in [-10, 10]."""
    return st.lists(st.floats(-10, 10, allow_nan=False), min_size=1, max_size=max_length).map(np.array)


# --- one axis of a layer, for the size formulas --------------------------------------------

@st.composite
def conv_geometries(draw, largest: int = 40):
    """(size, kernel_size, stride, padding, dilation) with the dilated kernel inside the padded input."""
    k, s, p, d = draw(st.integers(1, 7)), draw(st.integers(1, 4)), draw(st.integers(0, 3)), draw(st.integers(1, 3))
    return draw(lengths_that_fit(k, p, d, largest)), k, s, p, d


@st.composite
def conv_geometries_too_small(draw):
    """(size, kernel_size, stride, padding, dilation) where the dilated kernel overhangs the padded input."""
    k, s, d = draw(st.integers(2, 7)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    p = draw(st.integers(0, (span(k, d) - 2) // 2))
    return draw(st.integers(1, span(k, d) - 2 * p - 1)), k, s, p, d


@st.composite
def conv_transpose_geometries(draw):
    """(size, kernel_size, stride, padding, output_padding, dilation) that torch accepts."""
    size, k, s, d = draw(st.integers(1, 20)), draw(st.integers(1, 5)), draw(st.integers(1, 4)), draw(st.integers(1, 3))
    op = draw(st.integers(0, max(s, d) - 1))  # torch: output_padding < max(stride, dilation)
    full = (size - 1) * s + span(k, d) + op
    return size, k, s, draw(st.integers(0, min(3, (full - 1) // 2))), op, d


@st.composite
def pool_geometries(draw):
    """(size, kernel_size, stride, padding, dilation, ceil_mode) that torch accepts."""
    k, s, d = draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 2))
    p = draw(st.integers(0, k // 2))  # torch: padding at most half the kernel
    return draw(lengths_that_fit(k, p, d, 30)), k, s, p, d, draw(st.booleans())


# --- whole layers ---------------------------------------------------------------------------

@st.composite
def conv_setups(draw):
    """(x, weight, stride, padding, dilation, groups) for conv2d, every kernel fitting its padded input."""
    g = draw(groups)
    c_in, c_out = g * draw(st.integers(1, 2)), g * draw(st.integers(1, 2))
    kh, kw = draw(kernel_sizes), draw(kernel_sizes)
    stride, padding, dilation = draw(strides), draw(paddings), draw(dilations)
    h, w = draw(lengths_that_fit(kh, padding, dilation, 9)), draw(lengths_that_fit(kw, padding, dilation, 9))
    r = np.random.default_rng(draw(seeds))
    x = r.normal(size=(draw(batch_sizes), c_in, h, w))
    weight = r.normal(size=(c_out, c_in // g, kh, kw))
    return x, weight, stride, padding, dilation, g


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
    x = r.normal(size=(draw(batch_sizes), draw(st.integers(1, 3))) + sizes).astype(dtype)
    return x, dict(mode=mode, align_corners=align, **resize)
