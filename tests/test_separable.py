"""convlib.separable: ranks, factors and low-rank approximations against numpy's SVD, and two 1-D passes
against scipy's and torch's 2-D correlation."""

import numpy as np
import pytest
import scipy.signal
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from convlib import kernels
from convlib.separable import correlate2d_separable, kernel_rank, low_rank, rank_terms, separate, singular_values

RNG = np.random.default_rng(9)


@pytest.mark.parametrize("kernel, rank", [
    (kernels.sobel_x(), 1), (kernels.gaussian(7, 1.5), 1), (kernels.box(5), 1), (kernels.laplacian(4), 2),
    (kernels.laplacian(8), 2), (kernels.kirsch("N"), 2), (kernels.kirsch("NE"), 3), (kernels.emboss(), 3),
    (kernels.disk(3), 3), (np.zeros((3, 3)), 0), (RNG.normal(size=(5, 4)), 4),
])
def test_rank_is_numpys_matrix_rank(kernel, rank):
    assert kernel_rank(kernel) == rank == np.linalg.matrix_rank(kernel)


def test_the_terms_add_up_to_the_kernel_and_each_is_an_outer_product():
    for kernel in [kernels.kirsch("NE"), kernels.disk(3), RNG.normal(size=(4, 6))]:
        terms = rank_terms(kernel)
        assert len(terms) == np.linalg.matrix_rank(kernel)
        np.testing.assert_allclose(sum(np.outer(c, r) for c, r in terms), kernel, atol=1e-12)
        s = np.linalg.svd(kernel, compute_uv=False)
        for (c, r), weight in zip(terms, s):   # each term carries its singular value
            assert np.isclose(np.linalg.norm(np.outer(c, r)), weight)


@pytest.mark.parametrize("r", [1, 2, 3, 4])
def test_low_rank_is_the_best_approximation(r):
    """Eckart-Young: the error is the norm of the dropped singular values, and no random rank-r sum does better."""
    kernel = RNG.normal(size=(5, 5))
    s = np.linalg.svd(kernel, compute_uv=False)
    approx = low_rank(kernel, r)
    assert np.linalg.matrix_rank(approx) == r
    error = np.linalg.norm(kernel - approx)
    assert np.isclose(error, np.sqrt((s[r:] ** 2).sum()))
    for _ in range(20):
        other = RNG.normal(size=(5, r)) @ RNG.normal(size=(r, 5))
        assert np.linalg.norm(kernel - other) >= error


def test_low_rank_at_or_above_the_rank_gives_the_kernel_back():
    np.testing.assert_allclose(low_rank(kernels.laplacian(4), 2), kernels.laplacian(4), atol=1e-12)
    np.testing.assert_allclose(low_rank(kernels.emboss(), 7), kernels.emboss(), atol=1e-12)


@pytest.mark.parametrize("name", ["sobel x", "sobel y", "prewitt x", "prewitt y", "box blur 7x7",
                                  "gaussian 7x7, sigma 1.5"])
def test_separate_finds_the_named_factors_up_to_scale(name):
    column, row = separate(kernels.KERNELS[name])
    np.testing.assert_allclose(np.outer(column, row), kernels.KERNELS[name], atol=1e-12)
    named_column, _ = kernels.factors(name)
    scale = named_column[np.argmax(np.abs(named_column))] / column[np.argmax(np.abs(named_column))]
    np.testing.assert_allclose(column * scale, named_column, atol=1e-12)


def test_separate_refuses_a_kernel_of_rank_two_and_says_so():
    with pytest.raises(ValueError, match="rank is 2"):
        separate(kernels.laplacian(4))


@pytest.mark.parametrize("bad, error", [([1, 2, 3], ValueError), (np.full((3, 3), np.nan), ValueError),
                                        ("abc", TypeError), (np.zeros((0, 3)), ValueError)])
def test_bad_kernels_get_clear_errors(bad, error):
    with pytest.raises(error, match="kernel"):
        singular_values(bad)


def test_low_rank_rejects_a_bad_rank():
    with pytest.raises((ValueError, TypeError), match="rank"):
        low_rank(np.eye(3), -1)
    with pytest.raises((ValueError, TypeError), match="rank"):
        low_rank(np.eye(3), 1.5)


@settings(max_examples=40, deadline=None)
@given(h=st.integers(1, 30), w=st.integers(1, 30), p=st.integers(1, 25), q=st.integers(1, 9),
       mode=st.sampled_from(["full", "same", "valid"]), boundary=st.sampled_from(["fill", "wrap", "symm"]),
       fillvalue=st.sampled_from([0.0, 1.5]), seed=st.integers(0, 2**16))
def test_two_passes_equal_one_2d_pass_as_scipy_computes_it(h, w, p, q, mode, boundary, fillvalue, seed):
    rng = np.random.default_rng(seed)
    image, column, row = rng.normal(size=(h, w)), rng.normal(size=p), rng.normal(size=q)
    try:
        truth = scipy.signal.correlate2d(image, np.outer(column, row), mode, boundary, fillvalue)
    except ValueError:   # scipy refuses 'valid' when neither fits inside the other
        return
    if boundary == "wrap" and (p > h or q > w):   # scipy and convlib disagree on wrapping more than once
        return
    ours = correlate2d_separable(image, column, row, mode, boundary, fillvalue)
    np.testing.assert_allclose(ours, truth, atol=1e-9)


def test_two_passes_in_valid_mode_when_the_kernel_contains_the_image():
    # found by Hypothesis: scipy swaps the roles, so (1, 1) against a 2x2 kernel is valid
    image, column, row = np.array([[0.7]]), np.array([1.0, -2.0]), np.array([0.5, 3.0])
    truth = scipy.signal.correlate2d(image, np.outer(column, row), "valid")
    np.testing.assert_allclose(correlate2d_separable(image, column, row, "valid"), truth)


def test_two_passes_equal_torchs_2d_layer():
    image, column, row = RNG.normal(size=(64, 48)), RNG.normal(size=21), RNG.normal(size=5)
    theirs = F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(np.outer(column, row))[None, None])
    np.testing.assert_allclose(correlate2d_separable(image, column, row, "valid"), theirs[0, 0].numpy(), atol=1e-9)


def test_two_passes_reject_2d_factors():
    with pytest.raises(ValueError, match="`column` must be a non-empty 1-D kernel"):
        correlate2d_separable(np.ones((5, 5)), np.ones((3, 3)), np.ones(3))


@pytest.mark.parametrize("radius", [1, 2, 3, 5])
def test_disk_is_a_round_blur(radius):
    k = kernels.disk(radius)
    assert k.shape == (2 * radius + 1,) * 2 and np.isclose(k.sum(), 1.0)
    np.testing.assert_array_equal(k, k.T)
    np.testing.assert_array_equal(k, k[::-1])
    assert k[radius, 0] > 0 and k[0, 0] == 0   # the ends of the axes are in, the corners out
