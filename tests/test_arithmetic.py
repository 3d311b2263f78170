"""Size formulas against what torch actually produces, parameters and FLOPs against torch's counters."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from strategies import (
    conv_geometries,
    conv_geometries_too_small,
    conv_transpose_geometries,
    pool_geometries,
)
from torch.utils.flop_counter import FlopCounterMode

from convlib import arithmetic


def torch_conv_length(size, k, s, p, d):
    return F.conv2d(torch.zeros(1, 1, size, 1), torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0), dilation=(d, 1)).shape[2]


@given(conv_geometries())
def test_conv_output_size_matches_torch(geometry):
    assert arithmetic.conv_output_size(*geometry) == torch_conv_length(*geometry)


@given(conv_geometries_too_small())
def test_conv_output_size_refuses_a_kernel_torch_refuses(geometry):
    size, k, s, p, d = geometry
    with pytest.raises(RuntimeError, match="Kernel size can't be greater than actual input size"):
        torch_conv_length(*geometry)
    with pytest.raises(ValueError, match=rf"`kernel_size`={k} with `dilation`={d} spans .* larger than the padded input"):
        arithmetic.conv_output_size(*geometry)


@given(conv_transpose_geometries())
def test_conv_transpose_output_size_matches_torch(geometry):
    size, k, s, p, op, d = geometry
    out = F.conv_transpose2d(torch.zeros(1, 1, size, 1), torch.zeros(1, 1, k, 1), stride=(s, 1), padding=(p, 0),
                             output_padding=(op, 0), dilation=(d, 1))
    assert arithmetic.conv_transpose_output_size(size, k, s, p, op, d) == out.shape[2]


@given(pool_geometries())
def test_pool_output_size_matches_torch(geometry):
    size, k, s, p, d, ceil_mode = geometry
    out = F.max_pool2d(torch.zeros(1, 1, size, 1), (k, 1), (s, 1), (p, 0), (d, 1), ceil_mode)
    assert arithmetic.pool_output_size(size, k, s, p, d, ceil_mode) == out.shape[2]


# Every error of every function here names its parameter in backticks.
ERRORS = [
    # conv_output_size
    (lambda: arithmetic.conv_output_size(0, 3), ValueError, "`size` must be positive; got 0"),
    (lambda: arithmetic.conv_output_size(8.0, 3), TypeError, "`size` must be an integer; got 8.0"),
    (lambda: arithmetic.conv_output_size(8, 0), ValueError, "`kernel_size` must be positive"),
    (lambda: arithmetic.conv_output_size(8, 3, stride=0), ValueError, "`stride` must be positive"),
    (lambda: arithmetic.conv_output_size(8, 3, padding=-1), ValueError, "`padding` must be at least 0; got -1"),
    (lambda: arithmetic.conv_output_size(8, 3, dilation=0), ValueError, "`dilation` must be positive"),
    (lambda: arithmetic.conv_output_size(8, 3, padding=True), TypeError, "`padding` must be an integer"),
    (lambda: arithmetic.conv_output_size(2, 5, padding=1), ValueError,
     r"`kernel_size`=5 with `dilation`=1 spans 5, larger than the padded input 4 \(`size`=2, `padding`=1\).*pad by at least 2"),
    # conv_transpose_output_size
    (lambda: arithmetic.conv_transpose_output_size(4, 3, stride=2, output_padding=2), ValueError,
     "`output_padding`=2 must be smaller than `stride`=2 or `dilation`=1"),
    (lambda: arithmetic.conv_transpose_output_size(4, 3, output_padding=-1), ValueError, "`output_padding` must be at least 0"),
    (lambda: arithmetic.conv_transpose_output_size(1, 1, padding=1), ValueError, "`padding`=1 leaves no output .*at most 0"),
    (lambda: arithmetic.conv_transpose_output_size(4, "3"), TypeError, "`kernel_size` must be an integer"),
    (lambda: arithmetic.conv_transpose_output_size(4, 3, dilation=0), ValueError, "`dilation` must be positive"),
    # pool_output_size
    (lambda: arithmetic.pool_output_size(8, 3, padding=2), ValueError, r"`padding`=2 must be at most half of `kernel_size`=3 \(so at most 1\)"),
    (lambda: arithmetic.pool_output_size(1, 5, padding=1), ValueError, "`kernel_size`=5 with `dilation`=1 spans 5, larger than the padded input 3"),
    (lambda: arithmetic.pool_output_size(8, 2, ceil_mode="yes"), TypeError, "`ceil_mode` must be True or False"),
    (lambda: arithmetic.pool_output_size(8, 2, stride=0), ValueError, "`stride` must be positive"),
    (lambda: arithmetic.pool_output_size(8, 2, dilation=-1), ValueError, "`dilation` must be positive"),
    # receptive_field
    (lambda: arithmetic.receptive_field(5), TypeError, r"`layers` must be a list of \(kernel_size, stride, dilation\)"),
    (lambda: arithmetic.receptive_field([(3, 1)]), TypeError, r"`layers\[0\]` must be \(kernel_size, stride, dilation\)"),
    (lambda: arithmetic.receptive_field([(3, 1, 1), (3, 0, 1)]), ValueError, r"`layers\[1\]` must be positive"),
    (lambda: arithmetic.receptive_field([(3, 1.5, 1)]), TypeError, r"`layers\[0\]` must be an integer"),
    # conv_params, conv_flops
    (lambda: arithmetic.conv_params(0, 8, 3), ValueError, "`in_channels` must be positive"),
    (lambda: arithmetic.conv_params(4, 6, 3, groups=3), ValueError, "`groups`=3 must divide in_channels=4"),
    (lambda: arithmetic.conv_params(4, 6, 3, groups=2, separable=True), ValueError, "`separable=True` fixes the groups"),
    (lambda: arithmetic.conv_params(4, 6, (3,)), TypeError, "`kernel_size` must be an int or a sequence of 2 ints"),
    (lambda: arithmetic.conv_flops(4, "8", 3, 16), TypeError, "`out_channels` must be an integer"),
    (lambda: arithmetic.conv_flops(4, 8, 3, 0), ValueError, "`output_size` must be positive"),
    (lambda: arithmetic.conv_flops(4, 8, 3, 16, groups=0), ValueError, "`groups` must be positive"),
    # same_padding
    (lambda: arithmetic.same_padding(0), ValueError, "`kernel_size` must be positive"),
    (lambda: arithmetic.same_padding(3, dilation=0), ValueError, "`dilation` must be positive"),
]


@pytest.mark.parametrize("call,error,message", ERRORS, ids=[str(i) for i in range(len(ERRORS))])
def test_bad_arguments_name_the_parameter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_the_suggested_padding_is_enough():
    # the kernel-too-large message suggests padding by 2; with that, the kernel fits, in convlib and in torch
    assert arithmetic.conv_output_size(2, 5, padding=2) == torch_conv_length(2, 5, 1, 2, 1) == 2
    assert arithmetic.conv_transpose_output_size(1, 1, padding=0) == 1


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
