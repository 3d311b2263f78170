"""pad() against np.pad, including pads wider than the array (numpy #25926 territory)."""

import numpy as np
import pytest
from conftest import assert_close
from hypothesis import given
from strategies import lengths, pad_modes, pad_widths

import convlib
from convlib.padding import MODES


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("length", [1, 2, 3, 5])
@pytest.mark.parametrize("width", [0, 1, 2, 4, 7, 13])
def test_1d_matches_numpy_even_when_wider_than_the_array(mode, length, width):
    x = np.arange(1.0, length + 1)
    assert_close(convlib.pad(x, width, mode=mode), np.pad(x, width, mode=mode))


@given(lengths, lengths, pad_widths, pad_widths, pad_widths, pad_modes)
def test_2d_asymmetric_pads_match_numpy(h, w, top, bottom, side, mode):
    x = np.arange(h * w, dtype=float).reshape(h, w)
    widths = ((top, bottom), (side, 0))
    assert_close(convlib.pad(x, widths, mode=mode), np.pad(x, widths, mode=mode))


def test_constant_value_and_float32():
    x = np.ones((2, 2), dtype=np.float32)
    out = convlib.pad(x, 1, value=-1.5)
    assert out.dtype == np.float32
    assert_close(out, np.pad(x, 1, constant_values=-1.5), np.float32)


@pytest.mark.parametrize("alias,hint", [("replicate", "edge"), ("circular", "wrap"), ("mirror", "reflect"), ("symm", "symmetric")])
def test_other_libraries_names_point_to_numpys(alias, hint):
    with pytest.raises(ValueError, match=f"use '{hint}'"):
        convlib.pad([1, 2], 1, mode=alias)


def test_negative_pad_is_rejected():
    with pytest.raises(ValueError, match="pad_width.*negative"):
        convlib.pad([1, 2, 3], -1)


@pytest.mark.parametrize("pad_width", [2, np.int64(2), (1, 3), [3], ((1, 2),), ((0, 1), (2, 0)), [[1], [2]],
                                       np.array([[1, 2], [3, 0]]), np.array(1)])
def test_every_form_of_pad_width_that_numpy_accepts(pad_width):
    x = np.arange(12.0).reshape(3, 4)
    assert_close(convlib.pad(x, pad_width, mode="reflect"), np.pad(x, pad_width, mode="reflect"))
