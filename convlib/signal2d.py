"""2-D convolution and cross-correlation, with scipy.signal's semantics.

``convolve2d`` flips the kernel; ``correlate2d`` does not. Output shapes for an
image (M, N) and kernel (P, Q):

    'full'   (M + P - 1, N + Q - 1)
    'same'   (M, N), centred on 'full'. With an even kernel the centre is
             ambiguous: scipy (and so convlib) starts convolve2d's window at
             ((P-1)//2, (Q-1)//2) of 'full' and correlate2d's at (P//2, Q//2).
    'valid'  (M - P + 1, N - Q + 1); when the kernel is the bigger one in
             every axis, scipy swaps the arguments and so does convlib.

The boundary says what lies outside the image (see :mod:`convlib.padding`)::

    'fill'  0 0 | a b c d | 0 0      (``fillvalue``; numpy 'constant')
    'wrap'  c d | a b c d | a b      (numpy 'wrap', torch 'circular')
    'symm'  b a | a b c d | d c      (numpy 'symmetric', scipy.ndimage 'reflect')

A kernel far bigger than the image keeps repeating the pattern.

Used in: chapter 2 (convolution in 2-D).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_choice, check_ndim, check_number, result_dtype
from .fast_correlate import correlate_padded

MODES = ("full", "same", "valid")
BOUNDARIES = ("fill", "wrap", "symm")
_NUMPY_MODE = {"fill": "constant", "wrap": "wrap", "symm": "symmetric"}
_BOUNDARY_ALIASES = {
    "constant": "numpy's name; use 'fill'",
    "zeros": "torch's name; use 'fill'",
    "circular": "torch's name; use 'wrap'",
    "symmetric": "numpy's name; use 'symm'",
    "reflect": "for scipy.ndimage 'reflect' use 'symm'; numpy/torch 'reflect' has no scipy.signal equivalent",
}


def _check(image, kernel, mode, boundary, fillvalue):
    x = as_float_array(image, "image")
    k = as_float_array(kernel, "kernel")
    check_ndim(x, "image", (2,), "a 2-D array (rows, columns)")
    check_ndim(k, "kernel", (2,), "a 2-D array (rows, columns)")
    mode = check_choice(mode, "mode", MODES)
    boundary = check_choice(boundary, "boundary", BOUNDARIES, _BOUNDARY_ALIASES)
    fillvalue = check_number(fillvalue, "fillvalue")
    if mode == "valid":
        fits = all(a >= b for a, b in zip(x.shape, k.shape))
        swaps = all(b >= a for a, b in zip(x.shape, k.shape))
        if not (fits or swaps):
            raise ValueError(
                f"mode='valid' needs the kernel to fit inside the image in both axes (or the other "
                f"way round); got image {x.shape} and kernel {k.shape}. Use mode='same' or 'full'"
            )
    dtype = result_dtype(x, k)
    return x.astype(dtype, copy=False), k.astype(dtype, copy=False), mode, boundary, fillvalue


def _full_window(x, k_corr, starts, shape, boundary, fillvalue):
    """Window of the full correlation of the boundary-extended ``x`` with ``k_corr``.

    Full-output index t reads extended-image rows t - (P - 1) .. t, so a window
    starting at s of length L needs P - 1 - s rows before and s + L - M after.
    """
    widths = [
        (p - 1 - s, s + length - m)
        for p, s, length, m in zip(k_corr.shape, starts, shape, x.shape)
    ]
    return correlate_padded(x, k_corr, widths, _NUMPY_MODE[boundary], fillvalue)


def _window(mode, image_shape, kernel_shape, same_start):
    if mode == "full":
        return (0, 0), tuple(m + p - 1 for m, p in zip(image_shape, kernel_shape))
    if mode == "same":
        return same_start, image_shape
    return tuple(p - 1 for p in kernel_shape), tuple(m - p + 1 for m, p in zip(image_shape, kernel_shape))


def _swap_needed(mode, image, kernel):
    return mode == "valid" and not all(a >= b for a, b in zip(image.shape, kernel.shape))


def convolve2d(image, kernel, mode: str = "full", boundary: str = "fill", fillvalue: float = 0) -> np.ndarray:
    """Convolve an image with a kernel, exactly as ``scipy.signal.convolve2d``.

    Parameters
    ----------
    image : array_like (M, N)
    kernel : array_like (P, Q)
    mode : {'full', 'same', 'valid'}
        Output (M+P-1, N+Q-1), (M, N) or (M-P+1, N-Q+1); see the module docstring.
    boundary : {'fill', 'wrap', 'symm'}
        What lies beyond the image edge.
    fillvalue : float
        The value beyond the edge for 'fill'.

    Returns
    -------
    ndarray, float64, or float32 when both inputs are float32.

    Formula: ``out[r, c] = sum_{i, j} image[r - i, c - j] * kernel[i, j]``.

    Example
    -------
    >>> convolve2d([[1, 2], [3, 4]], [[1, 0], [0, -1]])
    array([[ 1.,  2.,  0.],
           [ 3.,  3., -2.],
           [ 0., -3., -4.]])
    """
    x, k, mode, boundary, fillvalue = _check(image, kernel, mode, boundary, fillvalue)
    if _swap_needed(mode, x, k):
        x, k = k, x
    starts, shape = _window(mode, x.shape, k.shape, tuple((p - 1) // 2 for p in k.shape))
    return _full_window(x, k[::-1, ::-1], starts, shape, boundary, fillvalue)


def correlate2d(image, kernel, mode: str = "full", boundary: str = "fill", fillvalue: float = 0) -> np.ndarray:
    """Cross-correlate an image with a kernel, exactly as ``scipy.signal.correlate2d``.

    This is what CNN layers compute: the kernel is not flipped.

    Parameters
    ----------
    image : array_like (M, N)
    kernel : array_like (P, Q)
    mode : {'full', 'same', 'valid'}
    boundary : {'fill', 'wrap', 'symm'}
    fillvalue : float

    Returns
    -------
    ndarray, float64, or float32 when both inputs are float32.

    Formula ('valid'): ``out[r, c] = sum_{i, j} image[r + i, c + j] * kernel[i, j]``.

    Example
    -------
    >>> correlate2d([[1, 2, 3], [4, 5, 6]], [[1, -1]], mode="valid")
    array([[-1., -1.],
           [-1., -1.]])
    """
    x, k, mode, boundary, fillvalue = _check(image, kernel, mode, boundary, fillvalue)
    if _swap_needed(mode, x, k):
        # scipy slides the image over the kernel instead, and reverses the result
        starts, shape = _window(mode, k.shape, x.shape, (0, 0))
        return _full_window(k, x, starts, shape, boundary, fillvalue)[::-1, ::-1].copy()
    starts, shape = _window(mode, x.shape, k.shape, tuple(p // 2 for p in k.shape))
    return _full_window(x, k, starts, shape, boundary, fillvalue)
