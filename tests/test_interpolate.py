"""interpolate against torch.nn.functional.interpolate: 1-D and 2-D, every mode, awkward scale factors."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close
from hypothesis import given
from strategies import DTYPES, interpolate_setups

import convlib

rng = np.random.default_rng(2)


def t(a):
    return torch.from_numpy(np.ascontiguousarray(a))


def normal(*shape, dtype=np.float64):
    return rng.normal(size=shape).astype(dtype)


def assert_matches_torch(x, **kwargs):
    expected = F.interpolate(t(x), **kwargs).numpy()
    ours = convlib.interpolate(x, **kwargs)
    if kwargs.get("mode", "nearest") == "nearest":  # nearest copies pixels: the picks must be identical
        assert ours.dtype == x.dtype
        np.testing.assert_array_equal(ours, expected)
    else:
        assert_close(ours, expected, x.dtype)


INTERP_CASES = [
    dict(scale_factor=2), dict(scale_factor=3), dict(scale_factor=1.5), dict(scale_factor=0.5),
    dict(scale_factor=(2, 3)), dict(scale_factor=2.7), dict(size=(15, 4)), dict(size=10), dict(size=(3, 5)),
    dict(size=(1, 1)), dict(scale_factor=(1.2, 1.1)), dict(scale_factor=(2.1, 1.0)), dict(scale_factor=(1, 2)),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode,align", [("nearest", None), ("bilinear", False), ("bilinear", True)])
@pytest.mark.parametrize("kwargs", INTERP_CASES)
def test_2d_matches_torch(kwargs, mode, align, dtype):
    assert_matches_torch(normal(2, 3, 5, 7, dtype=dtype), mode=mode, align_corners=align, **kwargs)


INTERP_1D_CASES = [
    dict(scale_factor=2), dict(scale_factor=3), dict(scale_factor=1.5), dict(scale_factor=0.4), dict(scale_factor=1.1),
    dict(scale_factor=(2.05,)), dict(size=17), dict(size=(4,)), dict(size=1),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode,align", [("nearest", None), ("linear", False), ("linear", True)])
@pytest.mark.parametrize("kwargs", INTERP_1D_CASES)
def test_1d_matches_torch(kwargs, mode, align, dtype):
    assert_matches_torch(normal(2, 3, 9, dtype=dtype), mode=mode, align_corners=align, **kwargs)


@given(interpolate_setups())
def test_matches_torch_for_any_shape_size_and_scale_factor(setup):
    x, kwargs = setup
    assert_matches_torch(x, **kwargs)


@pytest.mark.parametrize("mode,align", [("nearest", None), ("bilinear", False), ("bilinear", True)])
def test_an_axis_that_keeps_its_size_is_copied(mode, align):
    # issue #6 D1: floor(4 * 1.2) = 4, so torch leaves the row alone, whatever the factor says
    x = np.array([[[[0.0, 10.0, 20.0, 30.0]]]])
    ours = convlib.interpolate(x, scale_factor=(1, 1.2), mode=mode, align_corners=align)
    np.testing.assert_array_equal(ours, x)
    np.testing.assert_array_equal(ours, F.interpolate(t(x), scale_factor=(1, 1.2), mode=mode, align_corners=align))
    assert ours is not x


@pytest.mark.parametrize("mode", ["nearest", "bilinear"])
@pytest.mark.parametrize("shape,factor", [((1, 1, 3, 100), (2.5, 1.005)), ((1, 2, 70, 100), (2.5, 1.005)),
                                          ((1, 1, 70, 50), (1.01, 2.01)), ((1, 1, 4, 60), (2.0, 2.01))])
def test_axes_that_keep_or_double_their_size_on_both_nearest_kernels(shape, factor, mode):
    # small outputs take torch's nearest_idx kernel (it copies and halves); large ones its generic kernel (it does not)
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    assert_matches_torch(x, scale_factor=factor, mode=mode)


@pytest.mark.parametrize("factor", [2, 3, 41, 47, 55, 61])
@pytest.mark.parametrize("dtype", DTYPES)
def test_nearest_with_whole_factors_picks_what_torch_picks(factor, dtype):
    # 1/41 rounds down in float32, so torch does not repeat each pixel exactly 41 times
    x = np.arange(12, dtype=dtype).reshape(1, 1, 3, 4)
    assert_matches_torch(x, scale_factor=(1, factor))
    assert_matches_torch(x[:, :, 0], scale_factor=factor)


@pytest.mark.parametrize("n_in,n_out", [(5, 15), (3, 7), (7, 3), (10, 21), (6, 13), (9, 9), (70, 99)])
def test_nearest_picks_the_same_pixels_as_torch_where_float_rounding_matters(n_in, n_out):
    x = np.arange(n_in * n_in, dtype=np.float32).reshape(1, 1, n_in, n_in)
    assert_matches_torch(x, size=(n_out, n_out))
    assert_matches_torch(x[:, 0], size=n_out)


def test_linear_by_hand():
    x = np.array([[[0.0, 4.0]]])
    assert_close(convlib.interpolate(x, size=4, mode="linear"), [[[0, 1, 3, 4]]])
    assert_close(convlib.interpolate(x, size=3, mode="linear", align_corners=True), [[[0, 2, 4]]])


def test_an_unbatched_image_goes_in_with_a_batch_axis():
    image = normal(3, 4, 5)
    ours = convlib.interpolate(image[None], scale_factor=2, mode="bilinear")[0]
    assert ours.shape == (3, 8, 10)
    assert_close(ours, F.interpolate(t(image[None]), scale_factor=2, mode="bilinear")[0].numpy())
