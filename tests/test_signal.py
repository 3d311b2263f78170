"""Signal-style functions against numpy and scipy.signal, over dtypes and awkward shapes."""

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close
from hypothesis import given
from strategies import DTYPES, arrays_1d, coefficients, kernel_sizes, lengths, seeds

import convlib

rng = np.random.default_rng(0)


# --- hand-computed examples (they are also in chapter 1) -------------------------

def test_moving_average_by_hand():
    assert_close(convlib.convolve([3, 6, 9, 12], [1 / 3] * 3, mode="valid"), [6, 9])


def test_derivative_by_hand():
    # [1, 0, -1] convolved: y[n] = x[n] - x[n-2], positive on a rising signal
    assert_close(convlib.convolve([0, 1, 2, 3, 4], [1, 0, -1], mode="valid"), [2, 2, 2])


def test_correlate_does_not_flip():
    assert_close(convlib.correlate([0, 1, 2, 3, 4], [1, 0, -1]), [-2, -2, -2])


# --- numpy oracle ---------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["full", "same", "valid"])
@pytest.mark.parametrize("m,n", [(1, 1), (1, 5), (5, 1), (7, 3), (7, 4), (3, 7), (4, 8), (6, 6), (300, 101), (50, 200)])
def test_1d_matches_numpy(m, n, mode, dtype):
    a, v = rng.normal(size=m).astype(dtype), rng.normal(size=n).astype(dtype)
    assert_close(convlib.convolve(a, v, mode), np.convolve(a, v, mode), dtype)
    assert_close(convlib.correlate(a, v, mode), np.correlate(a, v, mode), dtype)


def test_1d_defaults_follow_numpy():
    a, v = rng.normal(size=9), rng.normal(size=3)
    assert convlib.convolve(a, v).shape == np.convolve(a, v).shape == (11,)
    assert convlib.correlate(a, v).shape == np.correlate(a, v).shape == (7,)


def test_integer_input_gives_float64():
    out = convlib.convolve([1, 2, 3], [1, 1])
    assert out.dtype == np.float64
    assert_close(out, np.convolve([1, 2, 3], [1, 1]))


def test_mixed_dtypes_give_float64():
    a = np.ones(5, dtype=np.float32)
    assert convlib.convolve(a, np.ones(2)).dtype == np.float64


# --- scipy.signal oracle ----------------------------------------------------------

IMAGE_SHAPES = [(1, 1), (5, 5), (7, 4), (4, 9), (3, 3)]
KERNEL_SHAPES = [(1, 1), (2, 2), (3, 3), (2, 5), (4, 3), (5, 5), (9, 11), (12, 12)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("image_shape", IMAGE_SHAPES)
@pytest.mark.parametrize("kernel_shape", KERNEL_SHAPES)
@pytest.mark.parametrize("boundary", ["fill", "wrap", "symm"])
def test_2d_matches_scipy(image_shape, kernel_shape, boundary, dtype):
    x = rng.normal(size=image_shape).astype(dtype)
    k = rng.normal(size=kernel_shape).astype(dtype)
    for mode in ["full", "same", "valid"]:
        for ours, theirs in [(convlib.convolve2d, scipy.signal.convolve2d), (convlib.correlate2d, scipy.signal.correlate2d)]:
            try:
                expected = theirs(x, k, mode, boundary, 0.5)
            except ValueError:
                with pytest.raises(ValueError, match="valid"):
                    ours(x, k, mode, boundary, 0.5)
                continue
            assert_close(ours(x, k, mode, boundary, 0.5), expected, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("k", [3, 7, 9, 15, 31])
def test_2d_fast_paths_match_scipy_on_a_photo_sized_input(k, dtype):
    # k <= 8 takes shift-and-add, k >= 9 the FFT: both must agree with scipy
    x = rng.random((96, 80)).astype(dtype)
    kernel = rng.normal(size=(k, k)).astype(dtype)
    for boundary in ["fill", "symm"]:
        assert_close(
            convlib.convolve2d(x, kernel, "same", boundary),
            scipy.signal.convolve2d(x.astype(float), kernel.astype(float), "same", boundary),
            dtype,
        )


def test_kernel_much_longer_than_image_wraps_and_reflects_like_scipy():
    # scipy gh-8684: symm/wrap with kernels several times the image size
    x = rng.normal(size=(2, 3))
    k = rng.normal(size=(11, 13))
    for boundary in ["wrap", "symm"]:
        for mode in ["full", "same"]:
            assert_close(convlib.convolve2d(x, k, mode, boundary), scipy.signal.convolve2d(x, k, mode, boundary))


def test_valid_with_kernel_bigger_than_image_swaps_like_scipy():
    x, k = rng.normal(size=(3, 4)), rng.normal(size=(6, 7))
    assert_close(convlib.convolve2d(x, k, "valid"), scipy.signal.convolve2d(x, k, "valid"))
    assert_close(convlib.correlate2d(x, k, "valid"), scipy.signal.correlate2d(x, k, "valid"))


# --- properties ------------------------------------------------------------------

@given(arrays_1d(), arrays_1d())
def test_convolve_full_is_commutative(a, b):
    assert_close(convlib.convolve(a, b), convlib.convolve(b, a))


@given(arrays_1d(), arrays_1d(), coefficients, coefficients)
def test_convolve_is_linear(a, h, alpha, beta):
    b = np.cos(np.arange(len(a)))
    lhs = convlib.convolve(alpha * a + beta * b, h)
    rhs = alpha * convlib.convolve(a, h) + beta * convlib.convolve(b, h)
    assert_close(lhs, rhs)


@given(arrays_1d(), arrays_1d())
def test_convolve_equals_textbook_loop(a, h):
    assert_close(convlib.convolve(a, h), convlib.reference.convolve_loop(a, h))


@given(lengths, lengths, kernel_sizes, kernel_sizes, seeds)
def test_separable_kernel_equals_two_1d_passes(h, w, p, q, seed):
    r = np.random.default_rng(seed)
    image, column, row = r.normal(size=(h, w)), r.normal(size=p), r.normal(size=q)
    both = convlib.convolve2d(image, np.outer(column, row))
    rows_first = np.array([convlib.convolve(line, row) for line in image])
    two_passes = np.array([convlib.convolve(line, column) for line in rows_first.T]).T
    assert_close(both, two_passes)


# --- NaN and inf ------------------------------------------------------------------

@pytest.mark.parametrize("k", [3, 11])
def test_nan_and_inf_stay_local_as_in_scipy(k):
    x = rng.random((20, 20))
    x[5, 5], x[12, 14] = np.nan, np.inf
    kernel = rng.random((k, k))
    kernel[0, 0] = 0.0  # 0 * inf must still give NaN, as in scipy
    ours = convlib.convolve2d(x, kernel, "same")
    theirs = scipy.signal.convolve2d(x, kernel, "same")
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    np.testing.assert_array_equal(np.isinf(ours), np.isinf(theirs))
    assert np.isfinite(ours).sum() > 0
    finite = np.isfinite(theirs)
    assert_close(ours[finite], theirs[finite])


def test_nan_propagates_in_1d():
    out = convlib.convolve([1.0, np.nan, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0])
    np.testing.assert_array_equal(np.isnan(out), np.isnan(np.convolve([1.0, np.nan, 1.0, 1.0, 1.0, 1.0], [1.0, 1.0])))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("kernel_shape", [(1, 1), (3, 3), (2, 7), (8, 8), (5, 1)])
def test_the_three_fast_paths_agree_with_scipy_whatever_the_size(kernel_shape, dtype):
    from convlib import fast_correlate
    padded = rng.normal(size=(70, 45)).astype(dtype)
    kernel = rng.normal(size=kernel_shape).astype(dtype)
    expected = scipy.signal.correlate2d(padded.astype(float), kernel.astype(float), "valid")
    for path in (fast_correlate.shift_and_add, fast_correlate.row_matmul, fast_correlate.fft_correlate):
        assert_close(path(padded, kernel), expected, dtype)


def test_strips_made_only_of_padding_are_filled():
    # a NaN forces the direct path; an 80-row kernel makes whole strips of pure padding
    x = rng.normal(size=(3, 4))
    x[1, 2] = np.nan
    kernel = rng.normal(size=(80, 2))
    ours, theirs = convlib.convolve2d(x, kernel, "full", fillvalue=0.5), scipy.signal.convolve2d(x, kernel, "full", fillvalue=0.5)
    np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))
    finite = ~np.isnan(theirs)
    assert_close(ours[finite], theirs[finite])
