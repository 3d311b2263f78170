"""1-D convolution and cross-correlation, with numpy's semantics.

Convolution flips the kernel, cross-correlation does not::

    convolve:  y[n] = sum_k x[n - k] h[k]
    correlate: y[n] = sum_k x[n + k] h[k]      (up to the output offset)

Output lengths for input length M and kernel length N (numpy's rules, which
let either argument be the longer one):

    'full'   M + N - 1           every overlap, however partial
    'same'   max(M, N)           centred on 'full'
    'valid'  max(M, N) - min(M, N) + 1   only complete overlaps

Used in: chapter 1 (convolution in 1-D).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_choice, check_ndim, result_dtype
from .fast_correlate import correlate_padded

MODES = ("full", "same", "valid")


def _check_pair(signal, kernel, mode):
    a = as_float_array(signal, "signal")
    v = as_float_array(kernel, "kernel")
    check_ndim(a, "signal", (1,), "a 1-D array")
    check_ndim(v, "kernel", (1,), "a 1-D array")
    mode = check_choice(mode, "mode", MODES)
    dtype = result_dtype(a, v)
    return a.astype(dtype, copy=False), v.astype(dtype, copy=False), mode


def _full_convolution_window(a: np.ndarray, h: np.ndarray, start: int, length: int) -> np.ndarray:
    """Entries ``start .. start+length-1`` of the full convolution of ``a`` and ``h``."""
    if len(h) > len(a):  # convolution commutes: slide the shorter one
        a, h = h, a
    m, n = len(a), len(h)
    # the full convolution reads a zero-padded signal; only the needed window is padded
    widths = [(0, 0), (n - 1 - start, start + length - m)]
    return correlate_padded(a[None, :], h[::-1][None, :], widths, "constant", 0.0)[0]


def _window(mode: str, m: int, n: int) -> tuple[int, int]:
    short, long = min(m, n), max(m, n)
    if mode == "full":
        return 0, m + n - 1
    if mode == "same":
        return (short - 1) // 2, long
    return short - 1, long - short + 1


def convolve(signal, kernel, mode: str = "full") -> np.ndarray:
    """Convolve two 1-D arrays, exactly as ``np.convolve``.

    Parameters
    ----------
    signal : array_like (M,)
    kernel : array_like (N,)
    mode : {'full', 'same', 'valid'}
        Output length M + N - 1, max(M, N) or max(M, N) - min(M, N) + 1.

    Returns
    -------
    ndarray (L,), float64, or float32 when both inputs are float32.

    Formula: ``y[n] = sum_k signal[n - k] * kernel[k]``.

    Example
    -------
    >>> convolve([1, 2, 3], [0, 1, 0.5])
    array([0. , 1. , 2.5, 4. , 1.5])
    >>> convolve([1, 2, 3], [0, 1, 0.5], mode="same")
    array([1. , 2.5, 4. ])
    """
    a, v, mode = _check_pair(signal, kernel, mode)
    start, length = _window(mode, len(a), len(v))
    return _full_convolution_window(a, v, start, length)


def correlate(signal, kernel, mode: str = "valid") -> np.ndarray:
    """Cross-correlate two 1-D arrays, exactly as ``np.correlate``.

    Same as :func:`convolve` with the kernel reversed, so the kernel is read
    left to right as it slides. Note numpy's default here is ``mode='valid'``.

    Parameters
    ----------
    signal : array_like (M,)
    kernel : array_like (N,)
    mode : {'valid', 'same', 'full'}

    Returns
    -------
    ndarray (L,), float64, or float32 when both inputs are float32.

    Formula: ``y[n] = sum_k signal[n + k] * kernel[k]`` (valid part).

    Example
    -------
    >>> correlate([1, 2, 3, 4], [1, -1])
    array([-1., -1., -1.])
    """
    a, v, mode = _check_pair(signal, kernel, mode)
    m, n = len(a), len(v)
    start, length = _window(mode, m, n)
    if mode == "same" and n > m:
        # numpy swaps the arguments and reverses the result: centre from the other end
        start = (m + n - 1) - length - start
    return _full_convolution_window(a, v[::-1], start, length)
