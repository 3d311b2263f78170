"""Named kernels: their documented behaviour, checked on synthetic images."""

import numpy as np
import pytest
import scipy.signal
from conftest import assert_close

import convlib
from convlib import kernels

ramp_right = np.tile(np.arange(9.0), (9, 1))  # intensity rises to the right
ramp_down = ramp_right.T


def centre(image, kernel):
    return convlib.convolve2d(image, kernel, "valid")[3, 3]


def test_derivatives_are_positive_where_intensity_rises():
    assert centre(ramp_right, kernels.sobel_x()) > 0 and centre(ramp_right, kernels.prewitt_x()) > 0
    assert centre(ramp_down, kernels.sobel_y()) > 0 and centre(ramp_down, kernels.prewitt_y()) > 0
    assert centre(ramp_right, kernels.sobel_y()) == 0 and centre(ramp_down, kernels.sobel_x()) == 0
    # a slope of 1 per pixel: sobel gives 8 = 2 pixels x (1 + 2 + 1)
    assert centre(ramp_right, kernels.sobel_x()) == 8


def test_sobel_matches_scipy_ndimage_up_to_its_convention():
    import scipy.ndimage
    image = np.random.default_rng(0).random((12, 10))
    # ndimage.sobel(axis=1) is a correlation with [-1, 0, 1] along x, so it equals our convolution
    assert_close(convlib.convolve2d(image, kernels.sobel_x(), "same", "symm"), scipy.ndimage.sobel(image, axis=1))


@pytest.mark.parametrize("direction", kernels.COMPASS)
def test_kirsch_responds_most_to_its_own_direction(direction):
    angle = {"N": 90, "NE": 45, "E": 0, "SE": -45, "S": -90, "SW": -135, "W": 180, "NW": 135}[direction]
    rows, cols = np.mgrid[0:9, 0:9]
    a = np.deg2rad(angle)
    image = np.cos(a) * cols - np.sin(a) * rows  # brighter towards `direction` (up is N)
    responses = {d: centre(image, kernels.kirsch(d)) for d in kernels.COMPASS}
    assert max(responses, key=responses.get) == direction


@pytest.mark.parametrize("direction,dr,dc", [("right", 0, 1), ("left", 0, -1), ("up", -1, 0), ("down-left", 1, -1)])
def test_shift_moves_the_image_that_way(direction, dr, dc):
    image = np.zeros((7, 7))
    image[3, 3] = 1.0
    moved = convlib.convolve2d(image, kernels.shift(direction), "same")
    assert moved[3 + dr, 3 + dc] == 1.0 and moved.sum() == 1.0


@pytest.mark.parametrize("kernel", [kernels.box(5), kernels.gaussian(7, 1.3), kernels.sharpen(), kernels.emboss(),
                                    kernels.identity(5)])
def test_brightness_preserving_kernels_sum_to_one(kernel):
    assert kernel.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("kernel", [kernels.sobel_x(), kernels.prewitt_y(), kernels.laplacian(4), kernels.laplacian(8)]
                         + [kernels.kirsch(d) for d in kernels.COMPASS])
def test_edge_kernels_ignore_flat_regions(kernel):
    assert kernel.sum() == pytest.approx(0.0)


def test_laplacian_is_zero_on_a_ramp_and_identity_changes_nothing():
    assert centre(ramp_right + ramp_down, kernels.laplacian(8)) == 0
    image = np.random.default_rng(1).random((5, 6))
    assert_close(convlib.convolve2d(image, kernels.identity(3), "same"), image)


def test_gaussian_matches_scipy_window_and_is_separable():
    g = kernels.gaussian_1d(9, 1.5)
    w = scipy.signal.windows.gaussian(9, 1.5)
    assert_close(g, w / w.sum())
    assert np.linalg.matrix_rank(kernels.gaussian(9, 1.5)) == 1


@pytest.mark.parametrize("name", kernels.WINDOWS)
@pytest.mark.parametrize("size", [1, 4, 11])
def test_windows_sum_to_one_and_are_symmetric(name, size):
    w = kernels.window(name, size)
    assert w.shape == (size,) and w.sum() == pytest.approx(1.0)
    assert_close(w, w[::-1])


def test_catalog_holds_2d_float_kernels():
    assert len(kernels.KERNELS) >= 20 and "shift right" in kernels.KERNELS
    for name, k in kernels.KERNELS.items():
        assert k.ndim == 2 and k.dtype == np.float64, name
    assert "sobel x" in kernels.KERNELS and "kirsch NE" in kernels.KERNELS


def test_catalog_construction_refuses_a_repeated_name():
    # KERNELS is a dict, so a repeated name could only ever be caught while it is built
    assert list(kernels._unique_names([("b", 1), ("a", 2)])) == ["b", "a"]
    with pytest.raises(ValueError, match="'sobel x' appears twice"):
        kernels._unique_names([("sobel x", 1), ("sobel y", 2), ("sobel x", 3)])


# --- separable kernels and their 1-D factors (chapter 9) ---------------------------

SEPARABLE = ["box blur 3x3", "box blur 7x7", "gaussian 7x7, sigma 1.5", "prewitt x", "prewitt y", "sobel x", "sobel y"]


@pytest.mark.parametrize("name", SEPARABLE)
def test_separable_kernel_is_the_outer_product_of_its_factors(name):
    column, row = kernels.factors(name)
    assert column.ndim == 1 and row.ndim == 1
    assert_close(np.outer(column, row), kernels.KERNELS[name])


@pytest.mark.parametrize("name", SEPARABLE)
def test_two_1d_passes_equal_scipys_2d_convolution(name):
    column, row = kernels.factors(name)
    image = np.random.default_rng(2).random((11, 9))
    down_columns = np.array([convlib.convolve(line, column) for line in image.T]).T
    two_passes = np.array([convlib.convolve(line, row) for line in down_columns])
    assert_close(two_passes, scipy.signal.convolve2d(image, kernels.KERNELS[name]))


def test_the_factors_are_the_textbook_ones():
    np.testing.assert_array_equal(kernels.factors("sobel x"), [[1, 2, 1], [1, 0, -1]])
    np.testing.assert_array_equal(kernels.factors("prewitt y"), [[1, 0, -1], [1, 1, 1]])
    assert_close(kernels.box_1d(5), np.ones(5) / 5)
    assert_close(kernels.factors("gaussian 7x7, sigma 1.5")[0], scipy.signal.windows.gaussian(7, 1.5) / scipy.signal.windows.gaussian(7, 1.5).sum())


def test_every_rank_1_kernel_of_the_catalog_has_factors_and_no_other():
    rank_1 = {n for n, k in kernels.KERNELS.items() if np.linalg.matrix_rank(k) == 1}
    assert rank_1 - {"identity", "shift right", "shift down"} == set(SEPARABLE)  # single-pixel kernels need no factors
    with pytest.raises(ValueError, match="not separable"):
        kernels.factors("laplacian (4)")
    with pytest.raises(ValueError, match="`name` must be one of 'box blur 3x3'"):
        kernels.factors("sobel")


def test_factors_cannot_be_edited_by_accident():
    with pytest.raises(ValueError, match="read-only"):
        kernels.SMOOTH_3[1] = 3.0
    column, _ = kernels.factors("box blur 3x3")
    column[:] = 0.0
    assert kernels.factors("box blur 3x3")[0].sum() == pytest.approx(1.0)
    assert kernels.sobel_x()[1, 0] == 2.0


def test_prewitt_matches_scipy_ndimage_up_to_its_convention():
    import scipy.ndimage
    image = np.random.default_rng(3).random((10, 12))
    assert_close(convlib.convolve2d(image, kernels.prewitt_y(), "same", "symm"), scipy.ndimage.prewitt(image, axis=0))


@pytest.mark.parametrize("call,message", [
    (lambda: kernels.gaussian(4, 1.0), "odd"),
    (lambda: kernels.gaussian(5, 0), "sigma"),
    (lambda: kernels.laplacian(6), "4 or 8"),
    (lambda: kernels.kirsch("north"), "'N'"),
    (lambda: kernels.shift("sideways"), "'right'"),
    (lambda: kernels.window("hamming2", 5), "'hann'"),
    (lambda: kernels.box(0), "positive"),
])
def test_bad_kernel_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
