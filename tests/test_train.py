"""convlib.train: the optimisers step for step against torch.optim, mini-batches, a tiny training run, errors."""

import numpy as np
import pytest
import torch
from conftest import assert_close

from convlib import conv2d, grad
from convlib.train import SGD, Adam, batches, cosine

DTYPES = [np.float64, np.float32]


def run_both(make_ours, make_torch, dtype, steps=6):
    """Feed the same gradients to both optimisers for a few steps; return both parameter lists."""
    rng = np.random.default_rng(3)
    params = [rng.normal(size=(3, 4)).astype(dtype), rng.normal(size=5).astype(dtype)]
    leaves = [torch.tensor(p.copy(), requires_grad=True) for p in params]
    ours, theirs = make_ours(params), make_torch(leaves)
    for _ in range(steps):
        grads = [rng.normal(size=p.shape).astype(dtype) * 3 for p in params]
        ours.step(grads)
        for leaf, g in zip(leaves, grads):
            leaf.grad = torch.tensor(g)
        theirs.step()
    return params, [leaf.detach().numpy() for leaf in leaves]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_sgd_matches_torch(momentum, dtype):
    ours, theirs = run_both(lambda p: SGD(p, lr=0.1, momentum=momentum),
                            lambda p: torch.optim.SGD(p, lr=0.1, momentum=momentum), dtype)
    for a, b in zip(ours, theirs):
        assert_close(a, b, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kwargs", [dict(lr=0.01), dict(lr=0.3, betas=(0.5, 0.9), eps=1e-3)])
def test_adam_matches_torch(kwargs, dtype):
    ours, theirs = run_both(lambda p: Adam(p, **kwargs), lambda p: torch.optim.Adam(p, **kwargs), dtype)
    for a, b in zip(ours, theirs):
        assert_close(a, b, dtype)


def test_params_are_updated_in_place():
    w = np.ones(3)
    view = w[:]
    SGD([w], lr=1.0).step([np.ones(3)])
    assert view.tolist() == [0.0, 0.0, 0.0]


def test_batches_cover_every_example_once():
    seen = np.concatenate(list(batches(10, 3, np.random.default_rng(0))))
    assert sorted(seen.tolist()) == list(range(10))
    assert [len(b) for b in batches(10, 3, np.random.default_rng(0))] == [3, 3, 3, 1]
    first = [b.tolist() for b in batches(10, 3, np.random.default_rng(5))]
    assert first == [b.tolist() for b in batches(10, 3, np.random.default_rng(5))]  # seeded


def test_cosine_rates_are_torchs_cosine_annealing():
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.02)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=15)
    expected = []
    for _ in range(15):
        expected.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    np.testing.assert_allclose(cosine(0.02, 15), expected, rtol=1e-12, atol=1e-15)


def test_a_kernel_learns_sobel():
    """The chapter's first experiment in miniature: learn a 3x3 kernel from input/output pairs."""
    rng = np.random.default_rng(0)
    images = rng.random((8, 1, 12, 12))
    sobel = np.array([[[[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]]])
    targets = conv2d(images, sobel, padding=1)
    kernel = np.zeros((1, 1, 3, 3))
    opt = Adam([kernel], lr=0.1)
    for _ in range(300):
        out = conv2d(images, kernel, padding=1)
        _, grad_kernel, _ = grad.conv2d_backward(images, kernel, 2 * (out - targets) / out.size, padding=1)
        opt.step([grad_kernel])
    np.testing.assert_allclose(kernel, sobel, atol=1e-2)


ERRORS = [
    (lambda: SGD(np.zeros(3), lr=0.1), TypeError, "`params` must be a non-empty list of numpy arrays"),
    (lambda: SGD([], lr=0.1), TypeError, "`params` must be a non-empty list"),
    (lambda: SGD([[1.0, 2.0]], lr=0.1), TypeError, r"`params\[0\]` must be a float32 or float64 numpy array"),
    (lambda: SGD([np.zeros(3, dtype=int)], lr=0.1), TypeError, r"`params\[0\]`.*got int64"),
    (lambda: SGD([np.zeros(3)], lr=-1.0), ValueError, "`lr` must be at least 0; got -1.0"),
    (lambda: SGD([np.zeros(3)], lr="fast"), TypeError, "`lr` must be a real number"),
    (lambda: SGD([np.zeros(3)], lr=0.1, momentum=-0.5), ValueError, "`momentum` must be at least 0"),
    (lambda: Adam([np.zeros(3)], lr=0.1, betas=(0.9, 1.0)), ValueError, r"`betas` must be two numbers in \[0, 1\)"),
    (lambda: SGD([np.zeros(3)], lr=0.1).step([np.zeros(3), np.zeros(2)]), ValueError,
     r"`grads` must be a list with one gradient per parameter \(1, in the order of `params`\); got 2"),
    (lambda: Adam([np.zeros(3)], lr=0.1).step([np.zeros(4)]), ValueError,
     r"`grads\[0\]` has shape \(4,\) but `params\[0\]` has shape \(3,\)"),
    (lambda: list(batches(0, 2, np.random.default_rng(0))), ValueError, "`n` must be positive"),
    (lambda: cosine(-0.1, 5), ValueError, "`lr` must be at least 0; got -0.1"),
    (lambda: cosine(0.1, 0), ValueError, "`steps` must be"),
    (lambda: list(batches(5, 2, 0)), TypeError, "`rng` must be a numpy Generator"),
]


@pytest.mark.parametrize("call,error,message", ERRORS)
def test_named_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
