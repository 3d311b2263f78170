"""Size formulas against what torch actually produces, parameters and FLOPs against torch's counters."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convlib import arithmetic


@given(st.integers(1, 40), st.integers(1, 7), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_conv_output_size_matches_torch(size, k, s, p, d):
    if d * (k - 1) + 1 > size + 2 * p:
        with pytest.raises(ValueError, match="larger than the padded input"):
            arithmetic.conv_output_size(size, k, s, p, d)
        return
    out = F.conv2d(torch.zeros(1, 1, size, 1), torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0), dilation=(d, 1))
    assert arithmetic.conv_output_size(size, k, s, p, d) == out.shape[2]


@given(st.integers(1, 20), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(0, 3), st.integers(1, 3))
def test_conv_transpose_output_size_matches_torch(size, k, s, p, op, d):
    if op >= max(s, d) or (size - 1) * s - 2 * p + d * (k - 1) + op + 1 <= 0:
        return
    out = F.conv_transpose2d(torch.zeros(1, 1, size, 1), torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0),
                             output_padding=(op, 0), dilation=(d, 1))
    assert arithmetic.conv_transpose_output_size(size, k, s, p, op, d) == out.shape[2]


@given(st.integers(1, 30), st.integers(1, 6), st.integers(1, 4), st.integers(0, 3), st.integers(1, 2), st.booleans())
def test_pool_output_size_matches_torch(size, k, s, p, d, ceil_mode):
    if p > k // 2 or d * (k - 1) + 1 > size + 2 * p:
        return
    out = F.max_pool2d(torch.zeros(1, 1, size, 1), (k, 1), (s, 1), (p, 0), (d, 1), ceil_mode)
    assert arithmetic.pool_output_size(size, k, s, p, d, ceil_mode) == out.shape[2]


def test_receptive_field_by_hand_and_by_probing():
    assert arithmetic.receptive_field([(3, 1, 1)] * 3) == 7
    assert arithmetic.receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)]) == 15  # WaveNet-style dilations
    # probe: one output pixel's gradient touches exactly the receptive field
    layers = [(3, 2, 1), (5, 1, 2), (3, 2, 1)]
    x = torch.zeros(1, 1, 80, 1, requires_grad=True)
    y = x
    for k, s, d in layers:
        y = F.conv2d(y, torch.ones(1, 1, k, 1), stride=(s, 1), dilation=(d, 1))
    y[0, 0, y.shape[2] // 2, 0].backward()
    touched = np.nonzero(x.grad[0, 0, :, 0].numpy())[0]
    assert arithmetic.receptive_field(layers) == touched.max() - touched.min() + 1


@pytest.mark.parametrize("c_in,c_out,k,groups,bias", [(3, 16, 3, 1, True), (64, 128, (3, 5), 4, False), (32, 32, 3, 32, True)])
def test_conv_params_match_torch(c_in, c_out, k, groups, bias):
    layer = torch.nn.Conv2d(c_in, c_out, k, groups=groups, bias=bias)
    assert arithmetic.conv_params(c_in, c_out, k, groups=groups, bias=bias) == sum(p.numel() for p in layer.parameters())


def test_separable_params_match_a_torch_depthwise_plus_pointwise_stack():
    stack = torch.nn.Sequential(torch.nn.Conv2d(24, 24, 3, groups=24), torch.nn.Conv2d(24, 40, 1))
    assert arithmetic.conv_params(24, 40, 3, separable=True) == sum(p.numel() for p in stack.parameters())


def _torch_flops(module, x):
    with FlopCounterMode(display=False) as counter:
        module(x)
    return counter.get_total_flops()


@pytest.mark.parametrize("c_in,c_out,k,groups,size", [(3, 16, 3, 1, 32), (16, 32, (3, 5), 4, 20), (8, 8, 3, 8, 17)])
def test_conv_flops_match_torch_flop_counter(c_in, c_out, k, groups, size):
    layer = torch.nn.Conv2d(c_in, c_out, k, groups=groups, padding=1, bias=False)
    x = torch.zeros(1, c_in, size, size)
    out = layer(x).shape[2:]
    assert arithmetic.conv_flops(c_in, c_out, k, tuple(out), groups=groups) == _torch_flops(layer, x)


def test_separable_flops_match_torch_and_are_much_smaller():
    stack = torch.nn.Sequential(torch.nn.Conv2d(32, 32, 3, groups=32, padding=1, bias=False),
                                torch.nn.Conv2d(32, 64, 1, bias=False))
    x = torch.zeros(1, 32, 28, 28)
    separable = arithmetic.conv_flops(32, 64, 3, 28, separable=True)
    assert separable == _torch_flops(stack, x)
    assert separable < arithmetic.conv_flops(32, 64, 3, 28) / 7


def test_same_padding_matches_torch_for_even_kernels():
    for k in range(1, 7):
        before, after = arithmetic.same_padding(k)
        x = torch.arange(10.0).reshape(1, 1, 1, 10)
        w = torch.zeros(1, 1, 1, k)
        w[..., 0] = 1.0  # picks the leftmost tap: out[i] = padded[i]
        out = F.conv2d(x, w, padding="same")[0, 0, 0]
        assert out.shape[0] == 10 and before + after == k - 1
        assert torch.equal(out[before:], x[0, 0, 0, : 10 - before])
