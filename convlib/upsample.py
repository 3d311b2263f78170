"""Resizing feature maps: ``interpolate``, as ``torch.nn.functional.interpolate``.

Each output pixel looks up where it falls in the input (``scale = in/out``):

* 'nearest':  ``src = min(floor(dst * scale), in - 1)`` and copies that pixel.
  torch computes ``dst * scale`` in float32, and so does convlib, so the
  picks agree even where the product rounds.
* 'bilinear', ``align_corners=False`` (pixel centres line up):
  ``src = max((dst + 0.5) * scale - 0.5, 0)``, and blends the two neighbours
  ``floor(src)`` and ``floor(src) + 1`` by the fractional part.
* 'bilinear', ``align_corners=True`` (corner pixels line up):
  ``src = dst * (in - 1) / (out - 1)``.

When a ``scale_factor`` is given, ``scale = 1 / scale_factor`` and
``out = floor(in * scale_factor)``, as torch does by default.

Fast paths: an integer nearest factor is r*c strided copies; an integer bilinear factor
(align_corners=False) blends strided slices with a fixed pattern of weights, a
few feature maps at a time so the intermediate stays in cache. Everything else
gathers rows, then columns.

Used in: chapter 7 (upsampling).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._checks import as_float_array, batched, check_choice, ntuple

MODES = ("nearest", "bilinear")


def _scales(in_sizes, size, scale_factor):
    """Output sizes and the scales torch passes to its kernels (None: use in/out)."""
    if (size is None) == (scale_factor is None):
        raise ValueError(
            "give exactly one of `size` and `scale_factor`; got "
            + ("both" if size is not None else "neither")
        )
    if size is not None:
        return ntuple(size, "size", 1, 2), (None, None)
    factors = scale_factor if isinstance(scale_factor, (tuple, list)) else (scale_factor, scale_factor)
    if len(factors) != 2 or not all(isinstance(f, numbers.Real) and not isinstance(f, bool) for f in factors):
        raise TypeError(f"`scale_factor` must be a positive number or a pair of them; got {scale_factor!r}")
    if any(not f > 0 for f in factors):
        raise ValueError(f"`scale_factor` must be positive; got {scale_factor!r}")
    out = tuple(int(math.floor(n * float(f))) for n, f in zip(in_sizes, factors))
    if min(out) < 1:
        raise ValueError(f"`scale_factor`={scale_factor!r} shrinks the input {tuple(in_sizes)} to nothing ({out})")
    return out, tuple(float(f) for f in factors)


def _nearest_index(n_in: int, n_out: int, factor) -> np.ndarray:
    if n_out == n_in:
        return np.arange(n_out)
    if n_out == 2 * n_in:
        return np.arange(n_out) // 2
    scale = np.float32(1.0 / factor) if factor else np.float32(n_in) / np.float32(n_out)
    src = np.floor(np.arange(n_out, dtype=np.float32) * scale).astype(np.int64)
    return np.minimum(src, n_in - 1)


def _linear_weights(n_in, n_out, factor, align_corners):
    """Left neighbour, right neighbour and the right neighbour's weight, per output index."""
    dst = np.arange(n_out, dtype=np.float64)
    if align_corners:
        src = dst * ((n_in - 1) / (n_out - 1)) if n_out > 1 else np.zeros(n_out)
    else:
        scale = 1.0 / factor if factor else n_in / n_out
        src = np.maximum((dst + 0.5) * scale - 0.5, 0.0)
    left = np.minimum(np.floor(src).astype(np.int64), n_in - 1)
    right = np.minimum(left + 1, n_in - 1)
    return left, right, src - left


def _bilinear_integer(x: np.ndarray, axis: int, r: int, out: np.ndarray | None = None) -> np.ndarray:
    """×r along ``axis`` with align_corners=False: r fixed blends of neighbouring slices.

    Output ``i*r + t`` sits at ``i + (t + 0.5)/r - 0.5`` in input coordinates:
    left of pixel i's centre it blends pixels i-1 and i, right of it i and i+1.
    At the borders torch clamps to the edge pixel.
    """
    n = x.shape[axis]
    if out is None:
        shape = list(x.shape)
        shape[axis] = n * r
        out = np.empty(shape, dtype=x.dtype)

    def along(array, start, stop=None, step=1):
        index = [slice(None)] * array.ndim
        index[axis] = slice(start, stop, step)
        return array[tuple(index)]

    lower, upper = along(x, 0, n - 1), along(x, 1, n)
    scratch = np.empty_like(lower)
    for t in range(r):
        offset = (t + 0.5) / r - 0.5
        target = along(out, t, None, r)
        if offset < 0:  # pixel i-1 weighs -offset, pixel i weighs 1 + offset
            inner, edge, edge_source, w_upper = along(target, 1), along(target, 0, 1), along(x, 0, 1), 1.0 + offset
        else:  # pixel i weighs 1 - offset, pixel i+1 weighs offset
            inner, edge, edge_source, w_upper = along(target, 0, n - 1), along(target, n - 1), along(x, n - 1), offset
        np.multiply(lower, x.dtype.type(1.0 - w_upper), out=inner)
        np.multiply(upper, x.dtype.type(w_upper), out=scratch)
        inner += scratch
        edge[...] = edge_source
    return out


PLANES_PER_BLOCK = 8  # about 0.5 MB of float32 input per block: the intermediate stays in cache


def _bilinear_integer_2d(x: np.ndarray, r: int, c: int) -> np.ndarray:
    """x(r, c) bilinear on (N, C, H, W), a few planes at a time so the intermediate stays in cache."""
    n, channels, h, w = x.shape
    planes = x.reshape(n * channels, h, w)
    out = np.empty((n * channels, h * r, w * c), dtype=x.dtype)
    for start in range(0, n * channels, PLANES_PER_BLOCK):
        stop = min(n * channels, start + PLANES_PER_BLOCK)
        wide = _bilinear_integer(planes[start:stop], axis=2, r=c)  # columns first: the strided pass is smaller
        _bilinear_integer(wide, axis=1, r=r, out=out[start:stop])
    return out.reshape(n, channels, h * r, w * c)


def _integer_factor(factor, n_in: int, n_out: int) -> bool:
    """True when a scale_factor was given, is a whole number, and gives n_out = n_in * factor."""
    return factor is not None and float(factor).is_integer() and n_out == n_in * int(factor)


def interpolate(x, size=None, scale_factor=None, mode: str = "nearest", align_corners=None) -> np.ndarray:
    """Resize the spatial axes of a batch of feature maps, as torch.

    Parameters
    ----------
    x : array_like (N, C, H, W), or (C, H, W)
        Note: torch reads a 3-D input as (N, C, L); convlib reads it as an
        unbatched image, as its other layer functions do.
    size : int or (H_out, W_out)
    scale_factor : float or (float, float)
        Give exactly one of ``size`` and ``scale_factor``.
    mode : {'nearest', 'bilinear'}
    align_corners : bool, only for 'bilinear' (default False)

    Returns
    -------
    ndarray (N, C, H_out, W_out), or (C, H_out, W_out)

    Example
    -------
    >>> interpolate(np.array([[[1.0, 2.0]]]), scale_factor=2)
    array([[[1., 1., 2., 2.],
            [1., 1., 2., 2.]]])
    >>> interpolate(np.array([[[0.0, 4.0]]]), size=(1, 4), mode="bilinear")
    array([[[0., 1., 3., 4.]]])
    """
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=2)
    hints = {"linear": "use 'bilinear' for 2-D maps", "area": "use adaptive_avg_pool2d"}
    mode = check_choice(mode, "mode", MODES, hints)
    if mode == "nearest" and align_corners is not None:
        raise ValueError("`align_corners` only applies to mode='bilinear'; leave it as None for 'nearest'")
    if align_corners is not None and not isinstance(align_corners, (bool, np.bool_)):
        raise TypeError(f"`align_corners` must be True, False or None; got {align_corners!r}")
    align_corners = bool(align_corners)
    (ho, wo), factors = _scales(x.shape[2:], size, scale_factor)
    (h, w) = x.shape[2:]

    if mode == "nearest":
        if _integer_factor(factors[0], h, ho) and _integer_factor(factors[1], w, wo):
            r, c = ho // h, wo // w
            out = np.empty(x.shape[:2] + (ho, wo), dtype=x.dtype)
            for i in range(r):  # r*c strided copies: each output phase is the input itself
                for j in range(c):
                    out[:, :, i::r, j::c] = x
        else:
            out = x[:, :, _nearest_index(h, ho, factors[0])][:, :, :, _nearest_index(w, wo, factors[1])]
        return out[0] if unbatched else out

    if not align_corners and _integer_factor(factors[0], h, ho) and _integer_factor(factors[1], w, wo):
        out = _bilinear_integer_2d(x, ho // h, wo // w)
        return out[0] if unbatched else out
    out = x
    for axis, (n_in, n_out, factor) in zip((3, 2), ((w, wo, factors[1]), (h, ho, factors[0]))):
        if not align_corners and _integer_factor(factor, n_in, n_out):
            out = _bilinear_integer(out, axis, int(factor))
        else:
            left, right, weight = _linear_weights(n_in, n_out, factor, align_corners)
            shape = [1] * out.ndim
            shape[axis] = n_out
            weight = weight.reshape(shape).astype(out.dtype)
            a, b = np.take(out, left, axis=axis), np.take(out, right, axis=axis)
            out = a + weight * (b - a)
    return out[0] if unbatched else out
