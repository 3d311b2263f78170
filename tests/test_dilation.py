"""convlib.dilation: dilate against torch's dilated layers, reach against torch autograd and a path-by-path count."""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from convlib.arithmetic import receptive_field
from convlib.dilation import dilate, reach

layers = st.tuples(st.integers(1, 4), st.integers(1, 3), st.integers(1, 4))   # (kernel_size, stride, dilation)
stacks = st.lists(layers, min_size=1, max_size=4)


def torch_gradient(stack, ndim):
    """Every weight 1: the gradient of one output with respect to the input, cut to its nonzero extent."""
    field = receptive_field(stack)
    size = 2 * field + 8
    shape = (1, 1) + (size,) * ndim
    x = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
    out = x
    conv = F.conv1d if ndim == 1 else F.conv2d
    for k, s, d in stack:
        out = conv(out, torch.ones((1, 1) + (k,) * ndim, dtype=torch.float64), stride=s, dilation=d)
    out[(0, 0) + tuple(n // 2 for n in out.shape[2:])].backward()
    grad = x.grad[0, 0].numpy()
    box = tuple(slice(idx.min(), idx.max() + 1) for idx in np.nonzero(grad))
    return grad[box]


def paths_by_enumeration(stack):
    """Every path from the output down, one tap per layer: its input position is sum_l tap_l * d_l * jump_l."""
    jumps = np.cumprod([1] + [s for _, s, _ in stack[:-1]])
    counts = {}
    for taps in itertools.product(*[range(k) for k, _, _ in stack]):
        position = sum(t * d * j for t, (_, _, d), j in zip(taps, stack, jumps))
        counts[position] = counts.get(position, 0) + 1
    out = np.zeros(max(counts) + 1, dtype=np.int64)
    for position, number in counts.items():
        out[position] = number
    return out


@pytest.mark.parametrize("stack", [
    [(3, 1, 2)] * 3, [(3, 1, 1), (3, 1, 2), (3, 1, 3)], [(3, 2, 1), (3, 1, 2), (5, 1, 1)], [(2, 1, 1), (4, 2, 3)],
    [(7, 1, 1)], [(1, 1, 1)], [(3, 1, 1), (3, 2, 1), (3, 1, 2), (3, 1, 4)], [(2, 1, d) for d in (1, 2, 4, 8)],
], ids=str)
@pytest.mark.parametrize("ndim", [1, 2])
def test_reach_is_the_gradient_of_one_output_when_every_weight_is_one(stack, ndim):
    counts = reach(stack, ndim=ndim)
    np.testing.assert_array_equal(counts, torch_gradient(stack, ndim))
    assert counts.dtype == np.int64


def test_the_gridding_numbers_of_the_chapter():
    assert (torch_gradient([(3, 1, 2)] * 3, 2) > 0).sum() == 49
    assert (reach([(3, 1, 2)] * 3) > 0).sum() == 49 and reach([(3, 1, 2)] * 3).shape == (13, 13)
    assert (reach([(3, 1, 1), (3, 1, 2), (3, 1, 3)]) > 0).all()


@given(stacks)
def test_reach_counts_every_path_once(stack):
    counts = reach(stack, ndim=1)
    np.testing.assert_array_equal(counts, paths_by_enumeration(stack))
    assert len(counts) == receptive_field(stack)
    assert counts.sum() == np.prod([k for k, _, _ in stack])
    np.testing.assert_array_equal(counts, counts[::-1])   # tap j <-> k - 1 - j mirrors every path
    assert counts[0] > 0 and counts[-1] > 0
    np.testing.assert_array_equal(reach(stack), np.outer(counts, counts))


def test_an_empty_stack_reaches_only_its_own_pixel():
    np.testing.assert_array_equal(reach([], ndim=1), [1])
    np.testing.assert_array_equal(reach([]), [[1]])


@pytest.mark.parametrize("shape, d", [((3, 3), 2), ((2, 4), (3, 1)), ((5, 1), (1, 4)), ((1, 1), 3), ((4, 3), 1)])
def test_a_kernel_written_with_holes_gives_what_torch_gives_with_dilation(shape, d):
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(1, 1, 19, 23)), rng.normal(size=(1, 1) + shape)
    holes = dilate(w[0, 0], d)
    expected = F.conv2d(torch.from_numpy(x), torch.from_numpy(w), dilation=d).numpy()
    ours = F.conv2d(torch.from_numpy(x), torch.from_numpy(holes[None, None])).numpy()
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-12)
    dh, dw = (d, d) if isinstance(d, int) else d
    assert holes.shape == (dh * (shape[0] - 1) + 1, dw * (shape[1] - 1) + 1)
    assert np.count_nonzero(dilate(np.ones(shape), d)) == shape[0] * shape[1]


def test_dilate_in_1d_and_dtypes():
    signal, taps = np.random.default_rng(1).normal(size=(1, 1, 40)), np.array([1.0, -2.0, 0.5])
    expected = F.conv1d(torch.from_numpy(signal), torch.from_numpy(taps[None, None]), dilation=4).numpy()
    ours = F.conv1d(torch.from_numpy(signal), torch.from_numpy(dilate(taps, 4)[None, None])).numpy()
    np.testing.assert_allclose(ours, expected, rtol=1e-12)
    assert dilate(np.ones(3, dtype=np.float32), 2).dtype == np.float32
    assert dilate([1, 2], 2).dtype == np.float64


@pytest.mark.parametrize("call, error, words", [
    (lambda: dilate(np.ones((3, 3)), 0), ValueError, "`dilation` must be positive"),
    (lambda: dilate(np.ones((3, 3)), 1.5), TypeError, "`dilation` must be an int"),
    (lambda: dilate(np.ones((3, 3)), (2, 2, 2)), TypeError, "`dilation`"),
    (lambda: dilate(np.ones((2, 2, 2)), 2), ValueError, "`kernel` must be 1-D"),
    (lambda: dilate([], 2), ValueError, "`kernel` is empty"),
    (lambda: dilate("abc", 2), TypeError, "`kernel`"),
    (lambda: reach(3), TypeError, "`layers` must be a list"),
    (lambda: reach("333"), TypeError, "`layers` must be a list"),
    (lambda: reach([(3, 1)]), TypeError, r"`layers\[0\]` must be \(kernel_size, stride, dilation\)"),
    (lambda: reach([(3, 1, 1), (3, 1, 0)]), ValueError, r"`layers\[1\]` must be positive"),
    (lambda: reach([(3, 1, 2.0)]), TypeError, r"`layers\[0\]` must be an integer"),
    (lambda: reach([(3, 1, 1)], ndim=3), ValueError, "`ndim` must be 1"),
    (lambda: reach([(3, 1, 1)], ndim=True), ValueError, "`ndim` must be 1"),
])
def test_errors_name_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()
