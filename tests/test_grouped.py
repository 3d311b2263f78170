"""Grouped and depthwise conv2d against torch: hypothesis over shapes, strides, paddings, dilations and groups.

Depthwise layers (``groups == in_channels``) take their own shift-and-add path
(:mod:`convlib.depthwise`); the other grouped layers take im2col. Both are
checked against ``torch.nn.functional.conv2d`` and against each other.
"""

import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close
from hypothesis import assume, given
from hypothesis import strategies as st

import convlib
import convlib.conv
from convlib import depthwise
from convlib.arithmetic import conv_output_size, same_padding

TORCH_PAD = {"reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def torch_conv2d(x, w, b, stride, padding, dilation, groups, padding_mode="zeros"):
    """torch's answer, with a non-zero padding_mode done by F.pad first, as nn.Conv2d does."""
    if padding_mode == "zeros":
        return F.conv2d(t(x), t(w), None if b is None else t(b), stride, padding, dilation, groups).numpy()
    (top, bottom), (left, right) = padding
    padded = F.pad(t(x), (left, right, top, bottom), mode=padding_mode)
    return F.conv2d(padded, t(w), None if b is None else t(b), stride, 0, dilation, groups).numpy()


def pair(draw, low, high):
    return draw(st.one_of(st.integers(low, high), st.tuples(st.integers(low, high), st.integers(low, high))))


def as_pair(value):
    return value if isinstance(value, tuple) else (value, value)


@st.composite
def grouped_setups(draw, depthwise_only=False):
    """A layer with groups > 1 (or depthwise), an input it fits, and torch's arguments for it."""
    groups = draw(st.integers(1, 4)) if depthwise_only else draw(st.integers(2, 4))
    per_group_in = 1 if depthwise_only else draw(st.integers(1, 3))
    multiplier = draw(st.integers(1, 3))  # out_channels / groups; for depthwise, the channel multiplier
    c_in, c_out = groups * per_group_in, groups * multiplier
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    dilation = pair(draw, 1, 3)
    padding = draw(st.one_of(st.integers(0, 3), st.tuples(st.integers(0, 3), st.integers(0, 3)),
                             st.sampled_from(["same", "valid"])))
    stride = 1 if padding == "same" else pair(draw, 1, 3)
    h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    dh, dw = as_pair(dilation)
    if padding == "valid":
        pads = [(0, 0), (0, 0)]
    elif padding == "same":  # torch puts the odd extra after
        pads = [same_padding(kh, dh), same_padding(kw, dw)]
    else:
        pads = [(p, p) for p in as_pair(padding)]
    assume(dh * (kh - 1) + 1 <= h + sum(pads[0]) and dw * (kw - 1) + 1 <= w + sum(pads[1]))
    batch = draw(st.sampled_from([None, 1, 2, 3]))  # None: unbatched (C, H, W)
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    r = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = r.normal(size=(c_in, h, w) if batch is None else (batch, c_in, h, w)).astype(dtype)
    weight = r.normal(size=(c_out, per_group_in, kh, kw)).astype(dtype)
    bias = r.normal(size=c_out).astype(dtype) if draw(st.booleans()) else None
    return x, weight, bias, dict(stride=stride, padding=padding, dilation=dilation, groups=groups), pads


def forced(path, call):
    """Run ``call`` with conv2d's choice of path forced to the depthwise one (True) or im2col (False)."""
    original = convlib.conv.takes_depthwise_path
    convlib.conv.takes_depthwise_path = lambda *_: path
    try:
        return call()
    finally:
        convlib.conv.takes_depthwise_path = original


@given(grouped_setups(depthwise_only=True))
def test_depthwise_matches_torch(setup):
    """Both paths: hypothesis's inputs are small, so conv2d itself would mostly pick im2col."""
    x, w, b, args, _ = setup
    expected = torch_conv2d(x, w, b, **args)
    def call():
        return convlib.conv2d(x, w, b, **args)
    assert_close(call(), expected, x.dtype)
    assert_close(forced(True, call), expected, x.dtype)


@given(grouped_setups())
def test_grouped_matches_torch(setup):
    x, w, b, args, _ = setup
    expected = torch_conv2d(x, w, b, **args)
    assert_close(convlib.conv2d(x, w, b, **args), expected, x.dtype)


@given(grouped_setups(depthwise_only=True), st.sampled_from(["reflect", "replicate", "circular"]))
def test_depthwise_padding_modes_match_torch(setup, padding_mode):
    x, w, b, args, pads = setup
    h, wd = x.shape[-2:]
    # torch pads 'reflect' only by less than the size, and 'circular' by at most the size
    limit = (h - 1, wd - 1) if padding_mode == "reflect" else (h, wd)
    assume(max(pads[0]) <= limit[0] and max(pads[1]) <= limit[1])
    expected = torch_conv2d(x[None] if x.ndim == 3 else x, w, b, args["stride"], pads, args["dilation"],
                            args["groups"], padding_mode)
    ours = forced(True, lambda: convlib.conv2d(x, w, b, padding_mode=padding_mode, **args))
    assert_close(ours, expected[0] if x.ndim == 3 else expected, x.dtype)


@given(grouped_setups(depthwise_only=True))
def test_depthwise_path_equals_im2col_path(setup):
    x, w, b, args, _ = setup
    def call():
        return convlib.conv2d(x, w, b, **args)
    assert_close(forced(True, call), forced(False, call), x.dtype)


@given(grouped_setups(depthwise_only=True))
def test_depthwise_output_shape_follows_the_formula(setup):
    x, w, b, args, pads = setup
    out = convlib.conv2d(x, w, b, **args)
    (sh, sw), (dh, dw) = as_pair(args["stride"]), as_pair(args["dilation"])
    h = conv_output_size(x.shape[-2] + sum(pads[0]), w.shape[2], sh, 0, dh)
    wd = conv_output_size(x.shape[-1] + sum(pads[1]), w.shape[3], sw, 0, dw)
    assert out.shape == x.shape[:-3] + (w.shape[0], h, wd)


# --- hand-picked cases -------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "x_shape,w_shape,stride,padding,dilation",
    [
        ((16, 32, 64, 64), (32, 1, 3, 3), 1, 1, 1),           # the benchmark layer
        ((2, 8, 33, 31), (8, 1, 3, 3), 2, 1, 1),              # odd sizes, stride 2
        ((1, 3, 200, 190), (6, 1, 3, 3), 1, "same", 1),       # one plane bigger than a block: segments
        ((1, 2, 150, 170), (2, 1, 5, 4), (3, 2), (2, 1), (1, 2)),
        ((3, 64, 7, 7), (64, 1, 3, 3), 1, 1, 1),              # small planes, many channels: stacked images
        ((2, 4, 40, 30), (4, 1, 7, 7), 1, "same", 1),         # a big kernel
        ((2, 4, 40, 30), (4, 1, 8, 8), 1, "same", 1),         # a big even kernel
        ((2, 4, 40, 40), (20, 1, 3, 3), 1, 1, 1),             # multiplier 5: im2col
        ((1, 8, 9, 9), (8, 1, 3, 3), 1, 1, 1),                # small planes: im2col
    ],
)
def test_depthwise_cases_match_torch(x_shape, w_shape, stride, padding, dilation, dtype):
    r = np.random.default_rng(5)
    x, w, b = (r.normal(size=s).astype(dtype) for s in (x_shape, w_shape, w_shape[0]))
    expected = F.conv2d(t(x), t(w), t(b), stride, padding, dilation, x_shape[1]).numpy()
    assert_close(convlib.conv2d(x, w, b, stride, padding, dilation, x_shape[1]), expected, dtype)


def test_path_is_chosen_by_shape():
    assert depthwise.takes_depthwise_path(16, 32, (32, 1, 3, 3), (64, 64))
    assert depthwise.takes_depthwise_path(16, 32, (64, 1, 3, 3), (32, 32))   # channel multiplier 2
    assert depthwise.takes_depthwise_path(1, 1, (1, 1, 7, 7), (512, 512))    # one channel, one big kernel
    assert not depthwise.takes_depthwise_path(16, 32, (64, 8, 3, 3), (64, 64))  # groups=4
    assert not depthwise.takes_depthwise_path(16, 4, (20, 1, 3, 3), (64, 64))   # multiplier 5
    assert not depthwise.takes_depthwise_path(1, 512, (512, 1, 3, 3), (7, 7))   # too little work per channel


def test_depthwise_equals_the_textbook_loop():
    r = np.random.default_rng(2)
    x, w = r.normal(size=(2, 3, 9, 8)), r.normal(size=(6, 1, 3, 2))
    assert_close(convlib.conv2d(x, w, stride=2, padding=2, dilation=2, groups=3),
                 convlib.reference.conv2d_loop(x, w, stride=2, padding=2, dilation=2, groups=3))


@pytest.mark.parametrize("length", [30, 900])  # 900: enough outputs per channel for the depthwise path
def test_depthwise_conv1d_matches_torch(length):
    r = np.random.default_rng(3)
    x, w, b = r.normal(size=(3, 4, length)), r.normal(size=(8, 1, 5)), r.normal(size=8)
    expected = F.conv1d(t(x), t(w), t(b), 2, 3, 2, 4).numpy()
    assert_close(convlib.conv1d(x, w, b, 2, 3, 2, 4), expected)


def test_depthwise_non_finite_like_torch_and_silent():
    """0 * inf is NaN, as in torch; numpy's warning about it is silenced, as in the matmul path."""
    x = np.ones((1, 2, 6, 6))
    x[0, 0, 2, 3] = np.inf
    x[0, 1, 4, 1] = np.nan
    w = np.zeros((2, 1, 3, 3))
    w[:, 0, 1, 1] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = convlib.conv2d(x, w, padding=1, groups=2)
    expected = F.conv2d(t(x), t(w), None, 1, 1, 1, 2).numpy()
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(expected))
    np.testing.assert_array_equal(ours[np.isfinite(expected)], expected[np.isfinite(expected)])


def test_mobilenet_block_equals_standard_conv_of_the_product():
    """Depthwise then pointwise is one standard conv whose kernel is the product of the two."""
    r = np.random.default_rng(4)
    x, dw, pw = r.normal(size=(2, 3, 8, 8)), r.normal(size=(3, 1, 3, 3)), r.normal(size=(5, 3, 1, 1))
    separable = convlib.conv2d(convlib.conv2d(x, dw, padding=1, groups=3), pw)
    combined = pw[:, :, 0, 0][:, :, None, None] * dw[None, :, 0]  # (5, 3, 3, 3)
    assert_close(separable, convlib.conv2d(x, combined, padding=1))
