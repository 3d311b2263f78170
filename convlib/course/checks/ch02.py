"""Checks for the exercises of chapter 2, convolution in 2-D.

Used in: chapter 2.
"""

from __future__ import annotations

import numpy as np

from ... import kernels
from ...signal2d import convolve2d
from .. import data
from .core import as_array, checked, kernel_answer


@checked
def horizontal_edge_kernel(kernel):
    """Chapter 2: a 3x3 kernel for horizontal edges (intensity rising downwards), blind to vertical ones."""
    k, hint = kernel_answer(kernel, (3, 3), 0.0, "to give 0 on flat areas")
    if hint:
        return False, hint
    down = np.tile(np.arange(9.0)[:, None], (1, 9))
    right = down.T
    if not np.isclose(convolve2d(right, k, "valid")[3, 3], 0):
        return False, "it reacts to brightness changing left to right; make the weights of each row equal."
    if np.isclose(convolve2d(down, k, "valid")[3, 3], 0):
        return False, "it gives 0 where brightness rises downwards; compare the row below with the row above."
    if not convolve2d(down, k, "valid")[3, 3] > 0:
        return False, "it is negative where brightness rises downwards: convolution flips it; turn it upside down."
    return True, "that is a vertical derivative, like sobel_y."


@checked
def valid_shape(shape):
    """Chapter 2: shape of convolve2d(photo, 7x7 kernel, mode='valid') for the full-size photo."""
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        return False, "answer with a pair (rows, columns)."
    rows, cols = data.photo().shape
    truth = (rows - 7 + 1, cols - 7 + 1)
    if tuple(shape) == truth:
        return True, "each side loses kernel size - 1 = 6 pixels."
    if tuple(shape) == (rows, cols):
        return False, "that is 'same'; 'valid' keeps only positions where the whole kernel fits."
    small = data.photo(320).shape
    if tuple(shape) == (small[0] - 6, small[1] - 6):
        return False, "that is right for the 320-pixel `photo`; the exercise asks about data.photo() at full size."
    return False, f"{tuple(shape)} is off; a side of N pixels with a K-wide kernel gives N - K + 1."


@checked
def combined_kernel(kernel):
    """Chapter 2: one kernel equal to a 3x3 box blur followed by sobel_x."""
    k, hint = as_array(kernel, "your kernel", 2)
    if hint:
        return False, hint
    truth = convolve2d(kernels.box(3), kernels.sobel_x())
    if k.shape != truth.shape:
        return False, f"combining a 3x3 and a 3x3 kernel gives a 5x5 one ('full' mode); yours is {k.shape}."
    if np.allclose(k, truth):
        return True, "convolution is associative: (f * a) * b = f * (a * b)."
    if np.allclose(k, truth[::-1, ::-1]):
        return False, "your kernel is flipped; convolve the two kernels rather than correlate them."
    return False, "values differ; convolve the two kernels with each other in 'full' mode."
