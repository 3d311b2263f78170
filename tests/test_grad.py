"""convlib.grad against torch autograd, finite differences and the textbook loops, plus its errors."""

import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import convlib
from convlib import grad, reference

DTYPES = [np.float64, np.float32]
rng = np.random.default_rng(7)


def normal(*shape, dtype=np.float64):
    return rng.normal(size=shape).astype(dtype)


def torch_grads(forward, inputs, grad_output):
    """torch autograd's gradients of forward(*inputs), given dL/d(output)."""
    leaves = [torch.tensor(np.ascontiguousarray(a), requires_grad=True) for a in inputs]
    out = forward(*leaves)
    return [g.numpy() for g in torch.autograd.grad(out, leaves, torch.tensor(np.ascontiguousarray(grad_output)))]


def check_conv(x, w, stride, padding, dilation, groups, dtype):
    x, w = x.astype(dtype), w.astype(dtype)
    b = np.zeros(w.shape[0], dtype)
    out = convlib.conv2d(x, w, b, stride, padding, dilation, groups)
    gy = np.cos(np.arange(out.size)).reshape(out.shape).astype(dtype)
    ours = grad.conv2d_backward(x, w, gy, stride, padding, dilation, groups)
    theirs = torch_grads(lambda a, b_, c: F.conv2d(a, b_, c, stride, padding, dilation, groups), (x, w, b), gy)
    for mine, expected in zip(ours, theirs):
        assert_close(mine, expected, dtype)


# --- conv2d_backward -----------------------------------------------------------------------

CONV_CASES = [
    # (N, C, H, W), (O, C/g, kh, kw), stride, padding, dilation, groups
    ((1, 1, 1, 1), (1, 1, 1, 1), 1, 0, 1, 1),            # 1x1
    ((2, 3, 7, 5), (4, 3, 2, 4), 1, 0, 1, 1),            # non-square, even kernel
    ((2, 3, 9, 8), (6, 3, 3, 3), 2, 1, 1, 1),            # stride 2: rows past the last window
    ((2, 4, 10, 9), (6, 2, 3, 3), (2, 1), (1, 2), 1, 2), # groups 2, pairs
    ((2, 4, 8, 8), (4, 1, 3, 3), 1, 1, 1, 4),            # depthwise
    ((1, 2, 12, 11), (3, 2, 3, 2), 1, 2, (2, 3), 1),     # dilation
    ((2, 8, 9, 9), (3, 8, 3, 3), 1, 1, 1, 1),            # stride 1, C_in > C_out/2: the full-correlation path
    ((1, 2, 5, 5), (2, 2, 1, 1), 1, 3, 1, 1),            # padding wider than the kernel
    ((3, 2, 6, 6), (2, 2, 4, 4), 3, "valid", 1, 1),
    ((1, 2, 6, 7), (2, 2, 4, 3), 1, "same", 1, 1),       # even kernel 'same': one more after
    ((1, 4, 9, 9), (2, 2, 2, 3), 1, "same", (2, 1), 2),  # dilated, grouped 'same'
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("x_shape,w_shape,stride,padding,dilation,groups", CONV_CASES)
def test_conv2d_backward_matches_torch(x_shape, w_shape, stride, padding, dilation, groups, dtype):
    check_conv(normal(*x_shape), normal(*w_shape), stride, padding, dilation, groups, dtype)


@st.composite
def conv_setups(draw):
    groups = draw(st.integers(1, 3))
    c_in, c_out = groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    ints = st.integers(1, 3)
    stride = draw(st.one_of(ints, st.tuples(ints, ints)))
    dilation = draw(st.one_of(st.integers(1, 2), st.tuples(st.integers(1, 2), st.integers(1, 2))))
    padding = draw(st.one_of(st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2)),
                             st.just("same"), st.just("valid")))
    if padding == "same":
        stride = 1
    pad = (0, 0) if isinstance(padding, str) else (padding, padding) if isinstance(padding, int) else padding
    dil = (dilation, dilation) if isinstance(dilation, int) else dilation
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    assume(dil[0] * (kh - 1) + 1 <= h + 2 * pad[0] and dil[1] * (kw - 1) + 1 <= w + 2 * pad[1])
    r = np.random.default_rng(draw(st.integers(0, 2**31)))
    x = r.normal(size=(draw(st.integers(1, 3)), c_in, h, w))
    weight = r.normal(size=(c_out, c_in // groups, kh, kw))
    return x, weight, stride, padding, dilation, groups


@settings(max_examples=60)
@given(conv_setups(), st.sampled_from(DTYPES))
def test_conv2d_backward_matches_torch_everywhere(setup, dtype):
    check_conv(*setup, dtype)


@settings(max_examples=40)
@given(conv_setups(), st.sampled_from(DTYPES))
def test_conv2d_weight_matches_torch_nn_grad(setup, dtype):
    """The kernel's half alone, as torch.nn.grad.conv2d_weight (or, for 'same'/'valid', autograd) computes it."""
    x, w, stride, padding, dilation, groups = setup
    x = x.astype(dtype)
    out = convlib.conv2d(x, w.astype(dtype), None, stride, padding, dilation, groups)
    gy = np.sin(np.arange(out.size)).reshape(out.shape).astype(dtype)
    ours = grad.conv2d_weight(x, w.shape, gy, stride, padding, dilation, groups)
    if isinstance(padding, str):   # torch.nn.grad takes numbers only
        theirs = torch_grads(lambda a, b_: F.conv2d(a, b_, None, stride, padding, dilation, groups),
                             (x, w.astype(dtype)), gy)[1]
    else:
        theirs = torch.nn.grad.conv2d_weight(torch.from_numpy(x), w.shape, torch.from_numpy(gy), stride, padding,
                                             dilation, groups).numpy()
    assert ours.dtype == dtype
    assert_close(ours, theirs, dtype)


def test_conv2d_weight_unbatched_and_its_errors():
    x, gy = normal(2, 6, 5), normal(3, 4, 3)
    assert_close(grad.conv2d_weight(x, (3, 2, 3, 3), gy), grad.conv2d_backward(x, normal(3, 2, 3, 3), gy)[1],
                 np.float64)
    with pytest.raises(ValueError, match="`weight_size` must be"):
        grad.conv2d_weight(x, (3, 2, 3), gy)
    with pytest.raises(ValueError, match="`grad_output` has shape"):
        grad.conv2d_weight(x, (3, 2, 2, 2), gy)


@settings(max_examples=20)
@given(conv_setups())
def test_conv2d_backward_in_chunks_of_one_image(setup):
    """The fast paths work a few images at a time; force one, and the answer must not change."""
    saved = convlib.grad_conv.CHUNK_BYTES
    convlib.grad_conv.CHUNK_BYTES = 1
    try:
        check_conv(*setup, np.float64)
    finally:
        convlib.grad_conv.CHUNK_BYTES = saved


def test_conv2d_backward_unbatched_like_torch():
    x, w = normal(2, 6, 5), normal(3, 2, 3, 3)
    gy = normal(3, 4, 5)
    gx, gw, gb = grad.conv2d_backward(x, w, gy, padding=(0, 1))
    bx, bw, bb = grad.conv2d_backward(x[None], w, gy[None], padding=(0, 1))
    assert gx.shape == x.shape
    assert_close(gx, bx[0])
    assert_close(gw, bw)
    assert_close(gb, bb)


def test_conv2d_backward_by_hand():
    """1-D in disguise: y = [x0 + 2 x1, x1 + 2 x2]; dL/dy = [1, 10]."""
    gx, gw, gb = grad.conv2d_backward([[[[5.0, 6.0, 7.0]]]], [[[[1.0, 2.0]]]], [[[[1.0, 10.0]]]])
    assert gx.tolist() == [[[[1.0, 12.0, 20.0]]]]          # the flipped kernel slid over [1, 10]: full conv
    assert gw.tolist() == [[[[5.0 + 60.0, 6.0 + 70.0]]]]   # x correlated with [1, 10]
    assert gb.tolist() == [11.0]


def numerical_gradient(f, array, eps=1e-6):
    result = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        saved = array[index]
        array[index] = saved + eps
        up = f()
        array[index] = saved - eps
        down = f()
        array[index] = saved
        result[index] = (up - down) / (2 * eps)
    return result


def test_conv2d_backward_finite_differences():
    x, w, b = normal(2, 2, 6, 5), normal(3, 2, 3, 2), normal(3)
    kwargs = dict(stride=(2, 1), padding=(1, 2), dilation=(1, 2))
    gy = normal(*convlib.conv2d(x, w, b, **kwargs).shape)
    def loss():
        return np.sum(convlib.conv2d(x, w, b, **kwargs) * gy)
    gx, gw, gb = grad.conv2d_backward(x, w, gy, **kwargs)
    for analytic, array in ((gx, x), (gw, w), (gb, b)):
        np.testing.assert_allclose(analytic, numerical_gradient(loss, array), rtol=1e-7, atol=1e-7)


@settings(max_examples=15)
@given(st.integers(1, 2), st.integers(1, 2), st.integers(1, 2), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 2), st.integers(1, 2), st.integers(3, 7), st.integers(0, 2**31))
def test_conv2d_backward_equals_the_textbook_loop(groups, c_in, c_out, k, s, p, d, size, seed):
    assume(d * (k - 1) + 1 <= size + 2 * p)
    r = np.random.default_rng(seed)
    x, w = r.normal(size=(2, groups * c_in, size, size)), r.normal(size=(groups * c_out, c_in, k, k))
    out = convlib.conv2d(x, w, stride=s, padding=p, dilation=d, groups=groups)
    gy = np.sin(np.arange(out.size)).reshape(out.shape)
    fast = grad.conv2d_backward(x, w, gy, s, p, d, groups)
    loop = reference.conv2d_backward_loop(x, w, gy, s, p, d, groups)
    for a, b in zip(fast, loop):
        assert_close(a, b)


# --- pooling -------------------------------------------------------------------------------

def every_window_touches_the_input(size, kernel, stride, padding, dilation, out):
    return all(any(0 <= r * s - p + i * d < n for i in range(k)) for n, k, s, p, d, o
               in zip(size, kernel, stride, padding, dilation, out) for r in range(o))


@st.composite
def pool_setups(draw, dilated=True):
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = (draw(st.integers(0, kernel[0] // 2)), draw(st.integers(0, kernel[1] // 2)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2))) if dilated else (1, 1)
    h, w = draw(st.integers(1, 9)), draw(st.integers(1, 9))
    assume(all(d * (k - 1) + 1 <= n + 2 * p for n, k, p, d in zip((h, w), kernel, padding, dilation)))
    r = np.random.default_rng(draw(st.integers(0, 2**31)))
    x = r.integers(-2, 3, size=(draw(st.integers(1, 2)), 2, h, w)).astype(float)  # many ties
    return x, kernel, stride, padding, dilation, draw(st.booleans())


@settings(max_examples=80)
@given(pool_setups(), st.sampled_from(DTYPES))
def test_max_pool2d_backward_matches_torch_with_ties(setup, dtype):
    x, kernel, stride, padding, dilation, ceil_mode = setup
    x = x.astype(dtype)
    out = convlib.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode)
    # torch 2.13 writes the gradient of a window that holds only padding out of bounds: never ask it
    assume(every_window_touches_the_input(x.shape[2:], kernel, stride, padding, dilation, out.shape[2:]))
    gy = np.cos(np.arange(out.size)).reshape(out.shape).astype(dtype)
    (expected,) = torch_grads(lambda a: F.max_pool2d(a, kernel, stride, padding, dilation, ceil_mode), (x,), gy)
    assert_close(grad.max_pool2d_backward(x, gy, kernel, stride, padding, dilation, ceil_mode), expected, dtype)


@pytest.mark.parametrize("values", [
    [[np.nan, 1.0, np.nan, 2.0]],                 # NaN wins, the last NaN takes the gradient
    [[2.0, np.nan, 3.0, 5.0]],
    [[-np.inf, -np.inf, -np.inf, -np.inf]],       # only -inf: the first cell inside the input
    [[3.0, 3.0, 3.0, 3.0]],                       # ties: the first
])
def test_max_pool2d_backward_nan_and_inf_like_torch(values):
    x = np.array(values)[None, None]
    for kwargs in (dict(kernel_size=(1, 3), stride=1, padding=(0, 1)), dict(kernel_size=(1, 2), stride=1)):
        out = convlib.max_pool2d(x, **kwargs)
        gy = np.arange(1.0, out.size + 1).reshape(out.shape)
        (expected,) = torch_grads(lambda a, kwargs=kwargs: F.max_pool2d(a, **kwargs), (x,), gy)
        assert_close(grad.max_pool2d_backward(x, gy, **kwargs), expected)


def test_max_pool2d_backward_window_of_only_padding_gives_nothing():
    """Width 1, kernel 2, dilation 2, padding 1: the window sees columns -1 and 1, both padding.
    The output does not depend on x, so no gradient; torch 2.13 writes it past the input instead."""
    x = np.array([[[[1.0], [2.0]]]])
    out = convlib.max_pool2d(x, (1, 2), 1, (0, 1), (1, 2))
    assert np.all(out == -np.inf)
    assert np.all(grad.max_pool2d_backward(x, np.ones(out.shape), (1, 2), 1, (0, 1), (1, 2)) == 0)


@settings(max_examples=60)
@given(pool_setups(dilated=False), st.booleans(), st.sampled_from(DTYPES))
def test_avg_pool2d_backward_matches_torch(setup, count_include_pad, dtype):
    x, kernel, stride, padding, _, ceil_mode = setup
    x = x.astype(dtype)
    out = convlib.avg_pool2d(x, kernel, stride, padding, ceil_mode, count_include_pad)
    gy = np.cos(np.arange(out.size)).reshape(out.shape).astype(dtype)
    (expected,) = torch_grads(
        lambda a: F.avg_pool2d(a, kernel, stride, padding, ceil_mode, count_include_pad), (x,), gy)
    got = grad.avg_pool2d_backward(x, gy, kernel, stride, padding, ceil_mode, count_include_pad)
    assert_close(got, expected, dtype)


@pytest.mark.parametrize("pool", ["max", "avg"])
def test_pool_backward_finite_differences(pool):
    x = normal(1, 2, 7, 6)  # distinct values: the max is differentiable here
    kwargs = dict(kernel_size=3, stride=2, padding=1, ceil_mode=True)
    forward = convlib.max_pool2d if pool == "max" else convlib.avg_pool2d
    backward = grad.max_pool2d_backward if pool == "max" else grad.avg_pool2d_backward
    gy = normal(*forward(x, **kwargs).shape)
    numeric = numerical_gradient(lambda: np.sum(forward(x, **kwargs) * gy), x)
    np.testing.assert_allclose(backward(x, gy, **kwargs), numeric, rtol=1e-7, atol=1e-7)


@settings(max_examples=30)
@given(st.integers(1, 3), st.integers(1, 3), st.integers(0, 1), st.booleans(), st.booleans(),
       st.integers(1, 8), st.integers(1, 8), st.integers(0, 2**31))
def test_pool_backward_equals_the_textbook_loops(kernel, stride, padding, ceil_mode, count_include_pad, h, w, seed):
    assume(padding <= kernel // 2 and kernel <= min(h, w) + 2 * padding)
    x = np.random.default_rng(seed).integers(0, 3, size=(2, 2, h, w)).astype(float)
    out = convlib.max_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode)
    gy = np.cos(np.arange(out.size)).reshape(out.shape)
    assert_close(grad.max_pool2d_backward(x, gy, kernel, stride, padding, ceil_mode=ceil_mode),
                 reference.max_pool2d_backward_loop(x, gy, kernel, stride, padding))
    assert_close(grad.avg_pool2d_backward(x, gy, kernel, stride, padding, ceil_mode, count_include_pad),
                 reference.avg_pool2d_backward_loop(x, gy, kernel, stride, padding, count_include_pad))


def test_pool_backward_unbatched():
    x, gy = normal(2, 4, 4), normal(2, 2, 2)
    assert_close(grad.max_pool2d_backward(x, gy, 2), grad.max_pool2d_backward(x[None], gy[None], 2)[0])
    assert_close(grad.avg_pool2d_backward(x, gy, 2), grad.avg_pool2d_backward(x[None], gy[None], 2)[0])


# --- activations, linear, loss -------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,torch_fn", [("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh)])
def test_activation_backward_matches_torch(name, torch_fn, dtype):
    x = np.concatenate([normal(20), [0.0, -0.0, 30.0, -30.0, 800.0, -800.0]]).astype(dtype)
    gy = normal(x.size, dtype=dtype)
    (expected,) = torch_grads(torch_fn, (x,), gy)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        got = getattr(grad, f"{name}_backward")(x, gy)
    assert_close(got, expected, dtype)


def test_relu_backward_is_zero_at_zero_and_passes_nan_like_torch():
    x = np.array([0.0, np.nan, -1.0, 1.0])
    (expected,) = torch_grads(torch.relu, (x,), np.ones(4))
    got = grad.relu_backward(x, np.ones(4))
    assert got.tolist() == [0.0, 1.0, 0.0, 1.0] == expected.tolist()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("x_shape", [(5, 4), (2, 3, 4)])
def test_linear_backward_matches_torch(x_shape, dtype):
    x, w, b = normal(*x_shape, dtype=dtype), normal(3, 4, dtype=dtype), normal(3, dtype=dtype)
    gy = normal(*x_shape[:-1], 3, dtype=dtype)
    expected = torch_grads(F.linear, (x, w, b), gy)
    for got, want in zip(grad.linear_backward(x, w, gy), expected):
        assert_close(got, want, dtype)


def test_linear_backward_equals_the_textbook_loop():
    x, w, gy = normal(4, 5), normal(3, 5), normal(4, 3)
    for a, b in zip(grad.linear_backward(x, w, gy), reference.linear_backward_loop(x, w, gy)):
        assert_close(a, b)


@pytest.mark.parametrize("dtype", DTYPES)
def test_cross_entropy_matches_torch(dtype):
    logits, labels = normal(6, 4, dtype=dtype) * 3, np.array([0, 3, 1, 1, 2, 3])
    z = torch.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(z, torch.tensor(labels))
    (expected_grad,) = torch.autograd.grad(loss, z)
    ours, ours_grad = grad.cross_entropy(logits, labels)
    assert np.dtype(type(ours)) == dtype
    assert_close(ours, loss.item(), dtype)
    assert_close(ours_grad, expected_grad.numpy(), dtype)
    loop_loss, loop_grad = reference.cross_entropy_loop(logits.astype(np.float64), labels)
    exact_loss, exact_grad = grad.cross_entropy(logits.astype(np.float64), labels)
    assert_close(loop_loss, exact_loss)
    assert_close(loop_grad, exact_grad)


def test_cross_entropy_is_stable_for_huge_logits():
    logits = np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        loss, g = grad.cross_entropy(logits, [1, 2])
    z = torch.tensor(logits, requires_grad=True)
    expected = F.cross_entropy(z, torch.tensor([1, 2]))
    assert_close(loss, expected.item())
    assert_close(g, torch.autograd.grad(expected, z)[0].numpy())


# --- a whole network, end to end -----------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_tiny_cnn_gradients_match_torch_end_to_end(dtype):
    """conv 3x3 (1->4, padding 1) -> relu -> max-pool 2 -> linear (64->3) -> cross-entropy."""
    images, labels = normal(5, 1, 8, 8, dtype=dtype), np.array([0, 2, 1, 2, 0])
    cw, cb = normal(4, 1, 3, 3, dtype=dtype), normal(4, dtype=dtype)
    lw, lb = normal(3, 64, dtype=dtype) * 0.3, normal(3, dtype=dtype)

    conv = convlib.conv2d(images, cw, cb, padding=1)
    act = convlib.relu(conv)
    pooled = convlib.max_pool2d(act, 2)
    logits = pooled.reshape(5, -1) @ lw.T + lb
    loss, g_logits = grad.cross_entropy(logits, labels)
    g_flat, g_lw, g_lb = grad.linear_backward(pooled.reshape(5, -1), lw, g_logits)
    g_act = grad.max_pool2d_backward(act, g_flat.reshape(pooled.shape), 2)
    g_conv = grad.relu_backward(conv, g_act)
    g_images, g_cw, g_cb = grad.conv2d_backward(images, cw, g_conv, padding=1)

    leaves = [torch.tensor(a, requires_grad=True) for a in (images, cw, cb, lw, lb)]
    ti, tcw, tcb, tlw, tlb = leaves
    t_pooled = F.max_pool2d(torch.relu(F.conv2d(ti, tcw, tcb, padding=1)), 2)
    t_loss = F.cross_entropy(F.linear(t_pooled.flatten(1), tlw, tlb), torch.tensor(labels))
    expected = torch.autograd.grad(t_loss, leaves)
    assert_close(loss, t_loss.item(), dtype)
    for got, want in zip((g_images, g_cw, g_cb, g_lw, g_lb), expected):
        assert_close(got, want.numpy(), dtype)


# --- errors: named, and the same as the forward functions' ---------------------------------

x4, w4 = np.zeros((1, 2, 5, 5)), np.zeros((3, 2, 3, 3))
gy4 = np.zeros((1, 3, 3, 3))

SAME_AS_FORWARD = [
    # (forward call, backward call): the same exception and message
    (lambda: convlib.conv2d(np.zeros((5, 5)), w4), lambda: grad.conv2d_backward(np.zeros((5, 5)), w4, gy4)),
    (lambda: convlib.conv2d(x4, np.zeros((3, 3))), lambda: grad.conv2d_backward(x4, np.zeros((3, 3)), gy4)),
    (lambda: convlib.conv2d(np.zeros((1, 3, 5, 5)), w4), lambda: grad.conv2d_backward(np.zeros((1, 3, 5, 5)), w4, gy4)),
    (lambda: convlib.conv2d(x4, np.zeros((3, 1, 3, 3)), groups=2),
     lambda: grad.conv2d_backward(x4, np.zeros((3, 1, 3, 3)), gy4, groups=2)),
    (lambda: convlib.conv2d(x4, w4, stride=0), lambda: grad.conv2d_backward(x4, w4, gy4, stride=0)),
    (lambda: convlib.conv2d(x4, w4, dilation=(1, -1)), lambda: grad.conv2d_backward(x4, w4, gy4, dilation=(1, -1))),
    (lambda: convlib.conv2d(x4, w4, padding=-1), lambda: grad.conv2d_backward(x4, w4, gy4, padding=-1)),
    (lambda: convlib.conv2d(x4, w4, padding="full"), lambda: grad.conv2d_backward(x4, w4, gy4, padding="full")),
    (lambda: convlib.conv2d(x4, w4, stride=2, padding="same"),
     lambda: grad.conv2d_backward(x4, w4, gy4, stride=2, padding="same")),
    (lambda: convlib.conv2d(x4, w4, dilation=3), lambda: grad.conv2d_backward(x4, w4, gy4, dilation=3)),
    (lambda: convlib.conv2d(x4.astype(complex), w4), lambda: grad.conv2d_backward(x4.astype(complex), w4, gy4)),
    (lambda: convlib.max_pool2d(np.zeros((4, 4)), 2), lambda: grad.max_pool2d_backward(np.zeros((4, 4)), gy4, 2)),
    (lambda: convlib.max_pool2d(x4, 6), lambda: grad.max_pool2d_backward(x4, gy4, 6)),
    (lambda: convlib.max_pool2d(x4, 2, padding=2), lambda: grad.max_pool2d_backward(x4, gy4, 2, padding=2)),
    (lambda: convlib.max_pool2d(x4, 2, ceil_mode=1), lambda: grad.max_pool2d_backward(x4, gy4, 2, ceil_mode=1)),
    (lambda: convlib.avg_pool2d(x4, 0), lambda: grad.avg_pool2d_backward(x4, gy4, 0)),
    (lambda: convlib.avg_pool2d(x4, (2, 2, 2)), lambda: grad.avg_pool2d_backward(x4, gy4, (2, 2, 2))),
    (lambda: convlib.relu("abc"), lambda: grad.relu_backward("abc", [1.0])),
]


@pytest.mark.parametrize("forward,backward", SAME_AS_FORWARD)
def test_backward_raises_the_forward_error(forward, backward):
    with pytest.raises((ValueError, TypeError)) as expected:
        forward()
    with pytest.raises(expected.type, match=re.escape(str(expected.value))):
        backward()


ERRORS = [
    (lambda: grad.conv2d_backward(x4, w4, np.zeros((1, 3, 5, 5))), ValueError,
     r"`grad_output` has shape \(1, 3, 5, 5\) but conv2d\(x, weight, stride=\(1, 1\), padding=0, .*\) gives \(1, 3, 3, 3\)"),
    (lambda: grad.conv2d_backward(x4[0], w4, gy4), ValueError, r"`grad_output` has shape \(1, 3, 3, 3\) but .* gives \(3, 3, 3\)"),
    (lambda: grad.conv2d_backward(x4, w4, gy4, padding="same"), ValueError, r"padding='same'.* gives \(1, 3, 5, 5\)"),
    (lambda: grad.max_pool2d_backward(x4, np.zeros((1, 2, 3, 3)), 2), ValueError,
     r"`grad_output` has shape \(1, 2, 3, 3\) but max_pool2d\(x, kernel_size=\(2, 2\).* gives \(1, 2, 2, 2\)"),
    (lambda: grad.avg_pool2d_backward(x4, np.zeros((1, 2, 2, 2)), 2, ceil_mode=True), ValueError,
     r"ceil_mode=True\) gives \(1, 2, 3, 3\)"),
    (lambda: grad.avg_pool2d_backward(x4, np.zeros((1, 2, 2, 2)), 2, count_include_pad=None), TypeError,
     "`count_include_pad` must be True or False"),
    (lambda: grad.relu_backward(np.zeros(3), np.zeros(4)), ValueError, r"`grad_output` has shape \(4,\) but .* gives \(3,\)"),
    (lambda: grad.tanh_backward(np.zeros(3), None), TypeError, "`grad_output` must be a real numeric array"),
    (lambda: grad.linear_backward(np.zeros((2, 4)), np.zeros((3, 5)), np.zeros((2, 3))), ValueError,
     r"`x` of shape \(2, 4\) must end in in_features=5"),
    (lambda: grad.linear_backward(np.zeros((2, 4)), np.zeros(4), np.zeros((2, 3))), ValueError, "`weight` must be"),
    (lambda: grad.linear_backward(np.zeros((2, 4)), np.zeros((3, 4)), np.zeros((3, 2))), ValueError,
     r"`grad_output` has shape \(3, 2\) but x @ weight.T gives \(2, 3\)"),
    (lambda: grad.cross_entropy(np.zeros((2, 3)), [0, 3]), ValueError, r"`labels` must be in 0..2 for 3 classes.*got 3 at index 1"),
    (lambda: grad.cross_entropy(np.zeros((2, 3)), [-1, 0]), ValueError, "got -1 at index 0"),
    (lambda: grad.cross_entropy(np.zeros((2, 3)), [0.0, 1.5]), TypeError, "`labels` must be integer class indices; got dtype float64"),
    (lambda: grad.cross_entropy(np.zeros((2, 3)), [0, 1, 2]), ValueError, "`labels` has 3 entries but `logits` has 2 rows"),
    (lambda: grad.cross_entropy(np.zeros((2, 3)), [[0, 1]]), ValueError, "`labels` must be a 1-D array"),
    (lambda: grad.cross_entropy(np.zeros(3), [0]), ValueError, r"`logits` must be \(N, classes\)"),
]


@pytest.mark.parametrize("call,error,message", ERRORS)
def test_named_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
