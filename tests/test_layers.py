"""Layer-style functions against torch.nn.functional, plus the hypothesis properties."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close
from hypothesis import assume, given
from strategies import DTYPES, coefficients, conv_setups

import convlib
from convlib.arithmetic import conv_output_size

rng = np.random.default_rng(1)


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def normal(*shape, dtype=np.float64):
    return rng.normal(size=shape).astype(dtype)


# --- conv2d / conv1d ---------------------------------------------------------------

CONV_CASES = [
    # (N, C, H, W), (O, C/g, kh, kw), stride, padding, dilation, groups
    ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0, 1, 1),            # 1x1
    ((1, 1, 5, 5), (1, 1, 5, 5), 1, 0, 1, 1),            # kernel equals input
    ((2, 3, 7, 5), (4, 3, 2, 4), 1, 0, 1, 1),            # non-square, even kernel
    ((1, 3, 9, 8), (6, 3, 3, 3), 2, 1, 1, 1),            # stride 2, padding 1
    ((2, 4, 10, 9), (6, 2, 3, 3), (2, 1), (1, 2), 1, 2), # groups 2, pairs
    ((1, 4, 8, 8), (4, 1, 3, 3), 1, 1, 1, 4),            # depthwise
    ((1, 2, 12, 11), (3, 2, 3, 2), 1, 2, (2, 3), 1),     # dilation
    ((3, 2, 6, 6), (2, 2, 4, 4), 3, "valid", 1, 1),
    ((1, 2, 6, 7), (2, 2, 4, 3), 1, "same", 1, 1),       # even kernel 'same'
    ((1, 2, 9, 9), (2, 2, 2, 3), 1, "same", (2, 1), 1),  # dilated 'same'
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("x_shape,w_shape,stride,padding,dilation,groups", CONV_CASES)
def test_conv2d_matches_torch(x_shape, w_shape, stride, padding, dilation, groups, dtype):
    x, w, b = normal(*x_shape, dtype=dtype), normal(*w_shape, dtype=dtype), normal(w_shape[0], dtype=dtype)
    expected = F.conv2d(t(x), t(w), t(b), stride, padding, dilation, groups).numpy()
    assert_close(convlib.conv2d(x, w, b, stride, padding, dilation, groups), expected, dtype)


@pytest.mark.parametrize("padding_mode", ["reflect", "replicate", "circular"])
def test_conv2d_padding_modes_match_torch_layer(padding_mode):
    layer = torch.nn.Conv2d(2, 3, 3, padding=2, padding_mode=padding_mode, dtype=torch.float64)
    x = normal(2, 2, 6, 5)
    w, b = layer.weight.detach().numpy(), layer.bias.detach().numpy()
    expected = layer(t(x)).detach().numpy()
    assert_close(convlib.conv2d(x, w, b, padding=2, padding_mode=padding_mode), expected)


def test_unbatched_input_like_torch():
    x, w = normal(3, 6, 6), normal(2, 3, 3, 3)
    assert_close(convlib.conv2d(x, w, padding=1), F.conv2d(t(x), t(w), padding=1).numpy())
    x1, w1 = normal(3, 10), normal(2, 3, 3)
    assert_close(convlib.conv1d(x1, w1), F.conv1d(t(x1), t(w1)).numpy())


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "x_shape,w_shape,stride,padding,dilation,groups",
    [((2, 3, 20), (4, 3, 5), 1, 0, 1, 1), ((1, 4, 17), (6, 2, 4), 2, 3, 2, 2), ((1, 2, 9), (2, 2, 4), 1, "same", 1, 1),
     ((1, 1, 1), (1, 1, 1), 1, 0, 1, 1)],
)
def test_conv1d_matches_torch(x_shape, w_shape, stride, padding, dilation, groups, dtype):
    x, w, b = normal(*x_shape, dtype=dtype), normal(*w_shape, dtype=dtype), normal(w_shape[0], dtype=dtype)
    expected = F.conv1d(t(x), t(w), t(b), stride, padding, dilation, groups).numpy()
    assert_close(convlib.conv1d(x, w, b, stride, padding, dilation, groups), expected, dtype)


def test_conv2d_sobel_by_hand():
    # a vertical step from 0 to 1: correlating with sobel_x flipped gives +4 at the edge
    image = np.zeros((1, 1, 3, 4))
    image[..., 2:] = 1.0
    kernel = convlib.kernels.sobel_x()[::-1, ::-1][None, None]
    assert_close(convlib.conv2d(image, kernel, padding=1, padding_mode="replicate")[0, 0, 1], [0, 4, 4, 0])
    # zero padding makes the right border look like a falling edge
    assert_close(convlib.conv2d(image, kernel, padding=1)[0, 0, 1], [0, 4, 4, -4])


# --- conv_transpose2d ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "x_shape,w_shape,stride,padding,output_padding,groups,dilation",
    [
        ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0, 0, 1, 1),
        ((2, 3, 4, 5), (3, 2, 3, 3), 2, 1, 1, 1, 1),
        ((1, 4, 5, 3), (4, 3, 4, 2), (2, 3), (1, 0), (0, 2), 2, 1),
        ((1, 2, 3, 3), (2, 2, 3, 3), 1, 0, 1, 1, 2),   # output_padding < dilation
        ((1, 2, 4, 4), (2, 1, 2, 2), 2, 0, 0, 2, 1),
    ],
)
def test_conv_transpose2d_matches_torch(x_shape, w_shape, stride, padding, output_padding, groups, dilation, dtype):
    x, w = normal(*x_shape, dtype=dtype), normal(*w_shape, dtype=dtype)
    b = normal(w_shape[1] * groups, dtype=dtype)
    expected = F.conv_transpose2d(t(x), t(w), t(b), stride, padding, output_padding, groups, dilation).numpy()
    assert_close(convlib.conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation), expected, dtype)


def test_conv_transpose2d_equals_stamping_loop():
    x, w = normal(2, 3, 3, 4), normal(3, 2, 3, 2)
    assert_close(
        convlib.conv_transpose2d(x, w, stride=2, padding=1, dilation=2),
        convlib.reference.conv_transpose2d_loop(x, w, stride=2, padding=1, dilation=2),
    )


# --- pooling -------------------------------------------------------------------------

POOL_CASES = [
    # shape, kernel, stride, padding, ceil_mode
    ((1, 1, 1, 1), 1, None, 0, False),
    ((2, 3, 8, 8), 2, None, 0, False),
    ((1, 2, 7, 9), 3, 2, 1, False),
    ((1, 2, 7, 9), 3, 2, 1, True),
    ((1, 1, 5, 6), (2, 3), (2, 2), (1, 1), True),
    ((2, 1, 6, 6), 6, None, 0, False),  # kernel equals input
    ((1, 1, 10, 7), 4, 3, 2, True),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,kernel,stride,padding,ceil_mode", POOL_CASES)
def test_max_pool2d_matches_torch(shape, kernel, stride, padding, ceil_mode, dtype):
    x = normal(*shape, dtype=dtype)
    expected = F.max_pool2d(t(x), kernel, stride, padding, 1, ceil_mode).numpy()
    assert_close(convlib.max_pool2d(x, kernel, stride, padding, 1, ceil_mode), expected, dtype)


def test_max_pool2d_dilation_matches_torch():
    x = normal(1, 2, 11, 10)
    expected = F.max_pool2d(t(x), 3, 2, 1, 2, True).numpy()
    assert_close(convlib.max_pool2d(x, 3, 2, 1, dilation=2, ceil_mode=True), expected)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("count_include_pad", [True, False])
@pytest.mark.parametrize("shape,kernel,stride,padding,ceil_mode", POOL_CASES)
def test_avg_pool2d_matches_torch(shape, kernel, stride, padding, ceil_mode, count_include_pad, dtype):
    x = normal(*shape, dtype=dtype)
    expected = F.avg_pool2d(t(x), kernel, stride, padding, ceil_mode, count_include_pad).numpy()
    assert_close(convlib.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad), expected, dtype)


@pytest.mark.parametrize("shape,kernel,stride,padding,ceil_mode", [c for c in POOL_CASES if isinstance(c[1], int)])
def test_pools_equal_textbook_loops(shape, kernel, stride, padding, ceil_mode):
    x = normal(*shape)
    assert_close(convlib.max_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode),
                 convlib.reference.max_pool2d_loop(x, kernel, stride, padding, ceil_mode))
    assert_close(convlib.avg_pool2d(x, kernel, stride, padding, ceil_mode),
                 convlib.reference.avg_pool2d_loop(x, kernel, stride, padding, ceil_mode))


def test_max_pool_propagates_nan_like_torch():
    x = normal(1, 1, 4, 4)
    x[0, 0, 1, 1] = np.nan
    ours, theirs = convlib.max_pool2d(x, 2), F.max_pool2d(t(x), 2).numpy()
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,out", [((1, 2, 8, 8), 4), ((2, 1, 7, 10), (3, 4)), ((1, 1, 5, 5), (5, 1)),
                                       ((1, 3, 9, 6), (None, 4)), ((1, 1, 3, 3), 5), ((1, 1, 1, 1), 1)])
def test_adaptive_avg_pool2d_matches_torch(shape, out, dtype):
    x = normal(*shape, dtype=dtype)
    assert_close(convlib.adaptive_avg_pool2d(x, out), F.adaptive_avg_pool2d(t(x), out).numpy(), dtype)


def test_adaptive_avg_pool_keeps_nan_in_its_bin():
    x = normal(1, 1, 7, 7)
    x[0, 0, 0, 0] = np.nan
    ours = convlib.adaptive_avg_pool2d(x, 3)
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(F.adaptive_avg_pool2d(t(x), 3).numpy()))


# --- activations ----------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_activations_match_torch(dtype):
    x = np.array([-1e3, -5, -1, -1e-3, 0, 1e-3, 1, 5, 1e3, np.nan], dtype=dtype)
    pairs = [
        (convlib.relu(x), F.relu(t(x))),
        (convlib.leaky_relu(x), F.leaky_relu(t(x))),
        (convlib.leaky_relu(x, 0.2), F.leaky_relu(t(x), 0.2)),
        (convlib.sigmoid(x), torch.sigmoid(t(x))),
        (convlib.tanh(x), torch.tanh(t(x))),
    ]
    for ours, theirs in pairs:
        theirs = theirs.numpy()
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
        assert_close(ours[:-1], theirs[:-1], dtype)


# --- the Conv2d layer --------------------------------------------------------------------

def test_conv2d_layer_matches_torch_layer_with_the_same_weights():
    ours = convlib.Conv2d(4, 6, (3, 2), stride=2, padding=1, groups=2, padding_mode="circular", seed=3)
    theirs = torch.nn.Conv2d(4, 6, (3, 2), stride=2, padding=1, groups=2, padding_mode="circular")
    assert ours.weight.shape == tuple(theirs.weight.shape) and ours.bias.shape == tuple(theirs.bias.shape)
    with torch.no_grad():
        theirs.weight.copy_(t(ours.weight))
        theirs.bias.copy_(t(ours.bias))
    x = normal(2, 4, 9, 8, dtype=np.float32)
    assert_close(ours(x), theirs(t(x)).detach().numpy(), np.float32)


def test_conv2d_layer_init_is_seeded_and_in_torch_bounds():
    a, b = convlib.Conv2d(3, 8, 5, seed=7), convlib.Conv2d(3, 8, 5, seed=7)
    np.testing.assert_array_equal(a.weight, b.weight)
    assert not np.array_equal(a.weight, convlib.Conv2d(3, 8, 5, seed=8).weight)
    bound = 1 / np.sqrt(3 * 25)
    assert np.abs(a.weight).max() <= bound and np.abs(a.weight).max() > 0.8 * bound
    assert convlib.Conv2d(3, 8, 5, bias=False).bias is None


def test_conv2d_layer_weights_can_be_set_by_hand():
    layer = convlib.Conv2d(1, 1, 3, padding=1, bias=False)
    layer.weight[...] = convlib.kernels.identity()
    x = normal(1, 1, 5, 5).astype(np.float32)
    assert_close(layer(x), x, np.float32)


# --- hypothesis properties ---------------------------------------------------------------

@given(conv_setups())
def test_output_shape_follows_the_formula(setup):
    x, w, s, p, d, g = setup
    out = convlib.conv2d(x, w, stride=s, padding=p, dilation=d, groups=g)
    assert out.shape == (x.shape[0], w.shape[0], conv_output_size(x.shape[2], w.shape[2], s, p, d),
                         conv_output_size(x.shape[3], w.shape[3], s, p, d))


@given(conv_setups())
def test_conv2d_equals_the_textbook_loop(setup):
    x, w, s, p, d, g = setup
    assert_close(convlib.conv2d(x, w, stride=s, padding=p, dilation=d, groups=g),
                 convlib.reference.conv2d_loop(x, w, stride=s, padding=p, dilation=d, groups=g))


@given(conv_setups(), coefficients, coefficients)
def test_conv2d_is_linear(setup, alpha, beta):
    x, w, s, p, d, g = setup
    y = np.sin(np.arange(x.size)).reshape(x.shape)
    def f(v):
        return convlib.conv2d(v, w, stride=s, padding=p, dilation=d, groups=g)
    assert_close(f(alpha * x + beta * y), alpha * f(x) + beta * f(y))


@given(conv_setups())
def test_adjoint_identity(setup):
    """<conv2d(x, w), y> = <x, conv_transpose2d(y, w)>, with output_padding making the sizes meet."""
    x, w, s, p, d, g = setup
    out = convlib.conv2d(x, w, stride=s, padding=p, dilation=d, groups=g)
    y = np.cos(np.arange(out.size)).reshape(out.shape)
    extra = [x.shape[i] - ((out.shape[i] - 1) * s - 2 * p + d * (w.shape[i] - 1) + 1) for i in (2, 3)]
    assume(all(e < max(s, d) for e in extra))
    back = convlib.conv_transpose2d(y, w, stride=s, padding=p, output_padding=tuple(extra), groups=g, dilation=d)
    assert back.shape == x.shape
    lhs, rhs = np.sum(out * y), np.sum(x * back)
    assert abs(lhs - rhs) <= 1e-9 * max(1.0, abs(lhs))
