"""The two fast ways to slide a kernel over an image: shift-and-add and FFT.

Both compute a *valid* cross-correlation of an already padded array::

    out[..., r, c] = sum_{i, j} padded[..., r + i, c + j] * kernel[i, j]

    out shape = (H - P + 1, W - Q + 1)   for padded (..., H, W), kernel (P, Q)

The signal-style functions (``convolve``, ``convolve2d``, ...) pad, flip when
they convolve, and then call :func:`valid_correlate`, which picks the path by
size, not by a flag:

* **shift-and-add** for kernels with at most ``DIRECT_MAX_TAPS`` taps: one
  whole-image multiply-add per kernel tap. It beats scipy.ndimage up to 7x7 on
  this course's machine.
* **FFT** for bigger kernels, with transform sizes rounded up to 5-smooth
  numbers (2^a 3^b 5^c), where the FFT is quickest.

Non-finite input always takes shift-and-add, so a NaN or inf spreads only to
the outputs whose window touches it, as in numpy and scipy (an FFT would smear
it over the whole image).

Used in: chapter 1 (1-D convolution), chapter 2 (2-D convolution).
"""

from __future__ import annotations

import numpy as np
import scipy.fft

DIRECT_MAX_TAPS = 64


def shift_and_add(padded: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid correlation as a sum of shifted, scaled copies of ``padded``.

    Parameters
    ----------
    padded : ndarray (..., H, W)
    kernel : ndarray (P, Q), with P <= H and Q <= W

    Returns
    -------
    ndarray (..., H - P + 1, W - Q + 1), dtype of ``padded``

    Example
    -------
    >>> shift_and_add(np.arange(5.0)[None], np.array([[1.0, -1.0]]))
    array([[-1., -1., -1., -1.]])
    """
    P, Q = kernel.shape
    H, W = padded.shape[-2] - P + 1, padded.shape[-1] - Q + 1
    out = np.zeros(padded.shape[:-2] + (H, W), dtype=padded.dtype)
    scratch = np.empty_like(out)
    # A zero tap adds nothing unless the input holds inf or NaN (0 * inf = NaN).
    skip_zeros = bool(np.isfinite(padded).all())
    for i in range(P):
        for j in range(Q):
            weight = kernel[i, j]
            if weight == 0 and skip_zeros:
                continue
            np.multiply(padded[..., i : i + H, j : j + W], weight, out=scratch)
            out += scratch
    return out


def fft_correlate(padded: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid correlation through the FFT (same shapes as :func:`shift_and_add`).

    A circular convolution of length L >= H leaves the valid part untouched by
    wrap-around, so the transform needs only the padded size, rounded up to a
    5-smooth length.
    """
    P, Q = kernel.shape
    H, W = padded.shape[-2] - P + 1, padded.shape[-1] - Q + 1
    shape = (
        scipy.fft.next_fast_len(padded.shape[-2], real=True),
        scipy.fft.next_fast_len(padded.shape[-1], real=True),
    )
    spectrum = scipy.fft.rfft2(padded, s=shape) * scipy.fft.rfft2(kernel[::-1, ::-1], s=shape)
    full = scipy.fft.irfft2(spectrum, s=shape)
    return full[..., P - 1 : P - 1 + H, Q - 1 : Q - 1 + W].astype(padded.dtype, copy=False)


def valid_correlate(padded: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid correlation, by shift-and-add for small kernels and FFT for big ones."""
    if kernel.size <= DIRECT_MAX_TAPS or not np.isfinite(padded).all() or not np.isfinite(kernel).all():
        return shift_and_add(padded, kernel)
    return fft_correlate(padded, kernel)
