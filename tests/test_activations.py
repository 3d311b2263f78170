"""Activations (chapter 5): the functions, their layer objects, their derivatives and Sequential, against torch.

The awkward inputs are the point: NaN, +-inf, 0, -0 and magnitudes where a naive
``1 / (1 + exp(-x))`` overflows. Every comparison is with torch on the same numbers.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close
from strategies import DTYPES

import convlib
from convlib import grad

torch.set_num_threads(1)
AWKWARD = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-30, -1e-30, 1.0, -1.0, 30.0, -30.0, 89.0, -89.0, 1e4, -1e4,
           1e38, -1e38, 710.0, -710.0, 1e300, -1e300]


def awkward(dtype):
    with np.errstate(over="ignore"):
        return np.array(AWKWARD, dtype=dtype)


PAIRS = [
    ("relu", convlib.relu, torch.relu),
    ("leaky_relu 0.01", convlib.leaky_relu, F.leaky_relu),
    ("leaky_relu 0.2", lambda x: convlib.leaky_relu(x, 0.2), lambda x: F.leaky_relu(x, 0.2)),
    ("sigmoid", convlib.sigmoid, torch.sigmoid),
    ("tanh", convlib.tanh, torch.tanh),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,ours,theirs", PAIRS, ids=[p[0] for p in PAIRS])
def test_activations_match_torch_on_nan_inf_and_huge_inputs_without_warnings(name, ours, theirs, dtype):
    x = awkward(dtype)
    with np.errstate(all="raise"):        # an overflow in exp would raise here
        got = ours(x)
    expected = theirs(torch.from_numpy(x)).numpy()
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_array_equal(got[np.isinf(expected)], expected[np.isinf(expected)])
    finite = np.isfinite(expected)
    assert_close(got[finite], expected[finite], dtype)


def test_sigmoid_limits_are_exact_where_the_naive_formula_breaks():
    x = np.array([-1e4, -800.0, 800.0, 1e4, -np.inf, np.inf])
    with np.errstate(over="ignore"):
        naive = 1 / (1 + np.exp(-x))            # exp(800) overflows: the naive formula warns
    with np.errstate(all="raise"):
        got = convlib.sigmoid(x)
    assert got.tolist() == [0.0, 0.0, 1.0, 1.0, 0.0, 1.0]
    assert np.array_equal(got, naive)           # same limits, but without the overflow


@pytest.mark.parametrize("dtype", DTYPES)
def test_leaky_relu_backward_matches_torch_autograd(dtype):
    x = np.concatenate([np.random.default_rng(0).normal(size=12), [0.0, -0.0, 1e30, -1e30, np.nan]]).astype(dtype)
    gy = np.random.default_rng(1).normal(size=x.size).astype(dtype)
    for slope in (0.01, 0.2):
        tx = torch.from_numpy(x.copy()).requires_grad_(True)
        F.leaky_relu(tx, slope).backward(torch.from_numpy(gy))
        got = grad.leaky_relu_backward(x, gy, negative_slope=slope)
        assert got.dtype == np.dtype(dtype)
        assert_close(got, tx.grad.numpy(), dtype)


@pytest.mark.parametrize("name,backward,function", [("relu", grad.relu_backward, torch.relu),
                                                    ("sigmoid", grad.sigmoid_backward, torch.sigmoid),
                                                    ("tanh", grad.tanh_backward, torch.tanh)])
def test_derivatives_on_huge_and_infinite_inputs_match_torch(name, backward, function):
    x = np.array([-np.inf, -1e300, -1e4, -30.0, 0.0, 30.0, 1e4, 1e300, np.inf])
    tx = torch.from_numpy(x.copy()).requires_grad_(True)
    function(tx).backward(torch.ones_like(tx))
    with np.errstate(over="ignore", invalid="ignore"):
        got = backward(x, np.ones_like(x))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(tx.grad.numpy()))
    finite = np.isfinite(tx.grad.numpy())
    assert_close(got[finite], tx.grad.numpy()[finite])


def test_activation_layers_equal_torch_modules():
    x = np.random.default_rng(2).normal(scale=3, size=(2, 3, 5, 4))
    pairs = [(convlib.ReLU(), torch.nn.ReLU()), (convlib.LeakyReLU(), torch.nn.LeakyReLU()),
             (convlib.LeakyReLU(0.3), torch.nn.LeakyReLU(0.3)), (convlib.Sigmoid(), torch.nn.Sigmoid()),
             (convlib.Tanh(), torch.nn.Tanh())]
    for ours, theirs in pairs:
        assert_close(ours(x), theirs(torch.from_numpy(x)).numpy())
    assert repr(convlib.LeakyReLU(0.3)) == "LeakyReLU(negative_slope=0.3)" and repr(convlib.ReLU()) == "ReLU()"


def test_leaky_relu_layer_rejects_a_slope_that_is_not_a_number():
    with pytest.raises(TypeError, match="negative_slope"):
        convlib.LeakyReLU("0.1")


def test_sequential_equals_torch_sequential_and_indexes_its_layers():
    conv = convlib.Conv2d(2, 3, 3, padding=1, seed=4)
    theirs_conv = torch.nn.Conv2d(2, 3, 3, padding=1)
    with torch.no_grad():
        theirs_conv.weight.copy_(torch.from_numpy(conv.weight))
        theirs_conv.bias.copy_(torch.from_numpy(conv.bias))
    ours = convlib.Sequential(conv, convlib.ReLU(), convlib.Tanh())
    theirs = torch.nn.Sequential(theirs_conv, torch.nn.ReLU(), torch.nn.Tanh())
    x = np.random.default_rng(3).normal(size=(2, 6, 5)).astype(np.float32)
    with torch.no_grad():
        assert_close(ours(x), theirs(torch.from_numpy(x)).numpy(), np.float32)
        assert_close(ours[0](x), theirs[0](torch.from_numpy(x)).numpy(), np.float32)   # the first layer alone
    assert len(ours) == 3 and ours[1].__class__ is convlib.ReLU
    assert (ours(x) >= 0).all() and (ours[0](x) < 0).any()


def test_sequential_names_a_layer_that_is_not_callable():
    with pytest.raises(TypeError, match="layer 1 of Sequential"):
        convlib.Sequential(convlib.ReLU(), 3)
