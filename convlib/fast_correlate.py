"""The fast ways to slide a kernel over an image: shift-and-add, row matmul and FFT.

Both compute a *valid* cross-correlation of an already padded array::

    out[..., r, c] = sum_{i, j} padded[..., r + i, c + j] * kernel[i, j]

    out shape = (H - P + 1, W - Q + 1)   for padded (..., H, W), kernel (P, Q)

The signal-style functions (``convolve``, ``convolve2d``, ...) flip when they
convolve and call :func:`correlate_padded`, which pads and picks the path by
size, not by a flag:

* **shift-and-add** for up to ``SHIFT_ADD_MAX_TAPS`` taps (3x3, 4x4): one
  multiply-add of the image per kernel tap.
* **row matmul** up to ``DIRECT_MAX_TAPS`` taps (5x5 .. 8x8): every row
  window times every kernel row in one matrix multiply, then P shifted adds;
  done in strips of rows that stay in cache.
* **FFT** for bigger kernels, with transform sizes rounded up to 5-smooth
  numbers (2^a 3^b 5^c), where the FFT is quickest.

All paths work strip by strip (a few dozen output rows at a time) so that
the data stays in cache, and :func:`correlate_padded` gathers each strip's
padded rows itself instead of building a padded copy of the whole image.
Measured on this course's 2-core machine, each path is the fastest in its
range (``make bench``). Non-finite input always takes shift-and-add, so a NaN
or inf spreads only to the outputs whose window touches it, as in numpy and
scipy (an FFT would smear it over the whole image).

Used in: chapter 1 (1-D convolution), chapter 2 (2-D convolution).
"""

from __future__ import annotations

import numpy as np
import scipy.fft
from numpy.lib.stride_tricks import sliding_window_view

from .padding import pad_axes, source_indices

SHIFT_ADD_MAX_TAPS = 16
DIRECT_MAX_TAPS = 64
# Rows per strip, tuned on the course machine (512x512 image): the output strip,
# its padded rows and the scratch buffer should stay in cache.
SHIFT_ADD_STRIP_ROWS = 64
MATMUL_STRIP_ROWS = 32


def shift_and_add(
    padded: np.ndarray, kernel: np.ndarray, out: np.ndarray | None = None, finite: bool | None = None
) -> np.ndarray:
    """Valid correlation as a sum of shifted, scaled copies of ``padded``.

    Parameters
    ----------
    padded : ndarray (..., H, W)
    kernel : ndarray (P, Q), with P <= H and Q <= W
    out : ndarray (..., H - P + 1, W - Q + 1), optional
        Where to write the result.
    finite : bool, optional
        Whether ``padded`` is known to be free of inf and NaN (checked if not given).

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
    if out is None:
        out = np.empty(padded.shape[:-2] + (H, W), dtype=padded.dtype)
    scratch = np.empty(padded.shape[:-2] + (min(H, SHIFT_ADD_STRIP_ROWS), W), dtype=padded.dtype)
    # A zero tap adds nothing unless the input holds inf or NaN (0 * inf = NaN).
    skip_zeros = bool(np.isfinite(padded).all()) if finite is None else finite
    taps = [(i, j, kernel[i, j]) for i in range(P) for j in range(Q) if kernel[i, j] != 0 or not skip_zeros]
    if not taps:
        out.fill(0)
        return out
    # strips of rows keep the scratch buffer and the output strip in cache
    for top in range(0, H, SHIFT_ADD_STRIP_ROWS):
        bottom = min(H, top + SHIFT_ADD_STRIP_ROWS)
        strip, spare = out[..., top:bottom, :], scratch[..., : bottom - top, :]
        for n, (i, j, weight) in enumerate(taps):
            view = padded[..., top + i : bottom + i, j : j + W]
            if n == 0:  # the first tap writes straight into the output
                np.multiply(view, weight, out=strip)
            else:
                np.multiply(view, weight, out=spare)
                strip += spare
    return out


def row_matmul(padded: np.ndarray, kernel: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Valid correlation of a 2-D array by one matrix multiply per strip of rows.

    ``Z[r, c, i] = sum_j padded[r, c + j] * kernel[i, j]`` is a matmul of the
    row windows (a view, no copy) with the kernel rows; then
    ``out[r, c] = sum_i Z[r + i, c, i]``. Same shapes as :func:`shift_and_add`,
    for 2-D ``padded`` only.
    """
    P, Q = kernel.shape
    H, W = padded.shape[0] - P + 1, padded.shape[1] - Q + 1
    if out is None:
        out = np.empty((H, W), dtype=padded.dtype)
    rows_of_kernel = np.ascontiguousarray(kernel.T)
    for top in range(0, H, MATMUL_STRIP_ROWS):
        bottom = min(H, top + MATMUL_STRIP_ROWS)
        windows = sliding_window_view(padded[top : bottom + P - 1], Q, axis=1)  # (rows, W, Q)
        z = windows @ rows_of_kernel  # (rows, W, P)
        strip = out[top:bottom]
        np.copyto(strip, z[0 : bottom - top, :, 0])
        for i in range(1, P):
            strip += z[i : i + bottom - top, :, i]
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


def correlate_padded(x: np.ndarray, kernel: np.ndarray, widths, mode: str, value: float) -> np.ndarray:
    """Valid correlation of ``pad(x, widths, mode, value)`` with ``kernel``, for 2-D ``x``.

    Small kernels never build the padded image: each strip of output rows
    gathers its own padded rows into a small buffer that stays in cache. Big
    kernels pad once and take the FFT.
    """
    (top, bottom), (left, right) = widths
    finite = np.isfinite(x).all() and np.isfinite(kernel).all() and np.isfinite(value)
    if kernel.size > DIRECT_MAX_TAPS and finite:
        return fft_correlate(pad_axes(x, widths, mode, value, axes=(0, 1)), kernel)
    if kernel.size <= SHIFT_ADD_MAX_TAPS or not finite:
        def core(chunk, kernel, out):
            return shift_and_add(chunk, kernel, out=out, finite=bool(finite))
        strip_rows = SHIFT_ADD_STRIP_ROWS
    else:
        core, strip_rows = row_matmul, MATMUL_STRIP_ROWS
    P, Q = kernel.shape
    rows = source_indices(x.shape[0], top, bottom, mode)
    cols = None if mode == "constant" else source_indices(x.shape[1], left, right, mode)  # constant: slices
    padded_width = x.shape[1] + left + right
    H, W = len(rows) - P + 1, padded_width - Q + 1
    out = np.empty((H, W), dtype=x.dtype)
    outside_rows = (np.arange(-top, x.shape[0] + bottom) < 0) | (np.arange(-top, x.shape[0] + bottom) >= x.shape[0])
    chunk_buffer = np.empty((strip_rows + P - 1, padded_width), dtype=x.dtype)
    for start in range(0, H, strip_rows):
        stop = min(H, start + strip_rows)
        source = rows[start : stop + P - 1]
        chunk = chunk_buffer[: len(source)]
        if mode == "constant":  # copy the image rows in once (one consecutive run), then paint the border
            inside = np.flatnonzero(~outside_rows[start : stop + P - 1])
            if inside.size == 0:  # a strip made only of padding (kernel taller than the image)
                chunk[...] = value
            else:
                first, last = inside[0], inside[-1] + 1
                chunk[first:last, left : left + x.shape[1]] = x[source[first] : source[first] + last - first]
                chunk[:first] = value
                chunk[last:] = value
                chunk[:, :left] = value
                chunk[:, left + x.shape[1] :] = value
        else:
            np.take(x[source], cols, axis=1, out=chunk)
        core(chunk, kernel, out=out[start:stop])
    return out
