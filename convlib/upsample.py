"""Resizing feature maps: ``interpolate``, as ``torch.nn.functional.interpolate``.

The number of axes says what to resize, as in torch:

* 3-D input is (N, C, L): 1-D resizing along L, mode 'nearest' or 'linear';
* 4-D input is (N, C, H, W): 2-D resizing, mode 'nearest' or 'bilinear'.

There is no unbatched form: torch would read an image (C, H, W) as (N, C, L),
so pass it as ``x[None]``.

Each output index ``dst`` looks up where it falls in the input, with
``scale = in / out``, or ``1 / scale_factor`` when a ``scale_factor`` is given
(then ``out = floor(in * scale_factor)``, as torch does by default):

* 'nearest': ``src = min(floor(dst * scale), in - 1)``, and copies that pixel.
* 'linear' / 'bilinear', ``align_corners=False`` (pixel centres line up):
  ``src = max((dst + 0.5) * scale - 0.5, 0)``, and blends the two neighbours
  ``floor(src)`` and ``floor(src) + 1`` by the fractional part.
* ``align_corners=True`` (corner pixels line up): ``src = dst * (in - 1) / (out - 1)``.

An axis whose size does not change is copied, whatever the ``scale_factor``:
``scale_factor=1.2`` on an axis of 4 gives ``floor(4.8) = 4`` pixels, the same 4.
torch's rule, from ``aten/src/ATen/native/UpSample.h``:
``compute_source_index_and_lambda`` ("scale_factor = 1, simply copy") for the
linear modes. (torch's copy blends a pixel with itself at weights 1 and 0, so an
inf there becomes NaN; convlib copies it as it is.)

For 'nearest' torch has two CPU kernels and picks one by output size
(``upsample_nearest2d_kernel_impl`` in ``aten/src/ATen/native/cpu/UpSampleKernel.cpp``;
checked against torch 2.13). convlib follows both, so the picks agree pixel for pixel:

* 2-D with ``H_out + W_out <= 128`` (for a contiguous NCHW tensor, which is
  what ``torch.from_numpy`` gives for a C-ordered array): ``nearest_idx`` copies an axis whose size
  does not change, takes ``dst // 2`` on an axis that doubles, and otherwise
  computes ``dst * scale`` in float32;
* larger 2-D outputs, and all 1-D: ``dst * scale`` in the input's precision,
  rounded to float32 before the floor, with no shortcuts.

Fast paths: a nearest resize that repeats every pixel r times is r strided
copies per axis; an integer bilinear factor (align_corners=False) blends
strided slices with a fixed pattern of weights, a few feature maps at a time
so the intermediate stays in cache. Everything else gathers along one axis at
a time.

Used in: the tests, so far (written for the upsampling chapter).
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np

from ._checks import as_float_array, check_choice, ntuple

MODES = ("nearest", "linear", "bilinear")
LAYOUTS = {3: "(N, C, L)", 4: "(N, C, H, W)"}
LINEAR_MODE = {3: "linear", 4: "bilinear"}  # the blending mode for each input rank, as in torch
NEAREST_SHORTCUT_LIMIT = 128  # torch takes its nearest_idx kernel when H_out + W_out is at most this


def _check_layout(x: np.ndarray, mode: str) -> None:
    """3-D is (N, C, L) and 4-D is (N, C, H, W), as in torch; the blending mode must fit."""
    if x.ndim not in LAYOUTS:
        hint = {
            2: "; pass an unbatched signal (C, L) as x[None]",
            5: "; convlib has no volumetric (N, C, D, H, W) resizing",
        }.get(x.ndim, "")
        raise ValueError(
            f"`x` must be 3-D (N, C, L) or 4-D (N, C, H, W), as in torch; got a {x.ndim}-D array "
            f"of shape {x.shape}{hint}"
        )
    if mode in LINEAR_MODE.values() and mode != LINEAR_MODE[x.ndim]:
        if x.ndim == 3:
            raise ValueError(
                f"`mode`='bilinear' resizes 4-D input (N, C, H, W), but `x` is 3-D {x.shape}, which torch "
                f"reads as (N, C, L): use mode='linear' to resize L, or pass an unbatched image (C, H, W) as x[None]"
            )
        raise ValueError(
            f"`mode`='linear' resizes 3-D input (N, C, L), but `x` is 4-D {x.shape}, read as (N, C, H, W): "
            f"use mode='bilinear'"
        )


def _output_sizes(in_sizes, size, scale_factor):
    """Output sizes and the scale factors torch passes to its kernels (None: use in/out)."""
    n = len(in_sizes)
    if (size is None) == (scale_factor is None):
        raise ValueError(
            "give exactly one of `size` and `scale_factor`; got "
            + ("both" if size is not None else "neither")
        )
    if size is not None:
        return ntuple(size, "size", 1, n), (None,) * n
    factors = tuple(scale_factor) if isinstance(scale_factor, (tuple, list)) else (scale_factor,) * n
    if len(factors) != n or not all(isinstance(f, numbers.Real) and not isinstance(f, bool) for f in factors):
        raise TypeError(
            f"`scale_factor` must be a positive number or a sequence of {n} of them "
            f"(one per resized axis of {LAYOUTS[n + 2]}); got {scale_factor!r}"
        )
    if any(not f > 0 for f in factors):
        raise ValueError(f"`scale_factor` must be positive; got {scale_factor!r}")
    out = tuple(int(math.floor(m * float(f))) for m, f in zip(in_sizes, factors))
    if min(out) < 1:
        raise ValueError(f"`scale_factor`={scale_factor!r} shrinks the input {tuple(in_sizes)} to nothing ({out})")
    return out, tuple(float(f) for f in factors)


def _nearest_source(n_in: int, n_out: int, factor, dtype: np.dtype, shortcuts: bool) -> np.ndarray:
    """The input index torch copies to each output index along one axis.

    ``shortcuts`` selects torch's ``nearest_idx`` kernel (small 2-D outputs);
    otherwise its generic kernel, which computes in the input's precision.
    """
    if shortcuts and n_out == n_in:
        return np.arange(n_out)
    if shortcuts and n_out == 2 * n_in:
        return np.arange(n_out) // 2
    real = np.float32 if shortcuts or dtype == np.float32 else np.float64
    scale = real(1.0 / factor) if factor else real(n_in) / real(n_out)
    src = (np.arange(n_out, dtype=real) * scale).astype(np.float32)  # torch floors with floorf
    return np.minimum(np.floor(src).astype(np.int64), n_in - 1)


def _repeats(source: np.ndarray, n_in: int) -> int | None:
    """r when ``source`` repeats every input index r times in order (0, 0, 1, 1, ...), else None."""
    r, rest = divmod(len(source), n_in)
    return r if rest == 0 and np.array_equal(source, np.arange(len(source)) // r) else None


def _nearest(x: np.ndarray, out_sizes, factors) -> np.ndarray:
    shortcuts = x.ndim == 4 and sum(out_sizes) <= NEAREST_SHORTCUT_LIMIT
    sources = [_nearest_source(n, m, f, x.dtype, shortcuts) for n, m, f in zip(x.shape[2:], out_sizes, factors)]
    repeats = [_repeats(src, n) for src, n in zip(sources, x.shape[2:])]
    if all(r is not None for r in repeats):
        out = np.empty(x.shape[:2] + tuple(out_sizes), dtype=x.dtype)
        for phase in itertools.product(*(range(r) for r in repeats)):  # each output phase is the input itself
            out[(Ellipsis,) + tuple(slice(p, None, r) for p, r in zip(phase, repeats))] = x
        return out
    out = x
    for axis, (src, r) in enumerate(zip(sources, repeats), start=2):
        if r != 1:
            out = np.take(out, src, axis=axis)
    return out


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


def _linear(x: np.ndarray, out_sizes, factors, align_corners: bool) -> np.ndarray:
    in_sizes = x.shape[2:]
    integer = [not align_corners and _integer_factor(f, n, m) for n, m, f in zip(in_sizes, out_sizes, factors)]
    if x.ndim == 4 and all(integer) and all(m > n for n, m in zip(in_sizes, out_sizes)):
        (h, w), (ho, wo) = in_sizes, out_sizes
        return _bilinear_integer_2d(x, ho // h, wo // w)
    out = x
    for axis in reversed(range(2, x.ndim)):  # the last axis first
        n_in, n_out, factor = in_sizes[axis - 2], out_sizes[axis - 2], factors[axis - 2]
        if n_in == n_out:  # torch copies an axis whose size does not change, whatever the scale_factor
            continue
        if integer[axis - 2]:
            out = _bilinear_integer(out, axis, int(factor))
            continue
        left, right, weight = _linear_weights(n_in, n_out, factor, align_corners)
        shape = [1] * out.ndim
        shape[axis] = n_out
        weight = weight.reshape(shape).astype(out.dtype)
        out = np.take(out, left, axis=axis) * (1 - weight) + np.take(out, right, axis=axis) * weight
    return out.copy() if out is x else out


def interpolate(x, size=None, scale_factor=None, mode: str = "nearest", align_corners=None) -> np.ndarray:
    """Resize the spatial axes of a batch of signals or feature maps, as torch.

    Parameters
    ----------
    x : array_like (N, C, L) or (N, C, H, W)
        3-D input is resized along L, 4-D input along H and W, as in torch.
        An unbatched image (C, H, W) goes in as ``x[None]``.
    size : int, or one int per resized axis: (L_out,) or (H_out, W_out)
    scale_factor : float, or one float per resized axis
        Give exactly one of ``size`` and ``scale_factor``.
    mode : {'nearest', 'linear', 'bilinear'}
        'linear' for 3-D input, 'bilinear' for 4-D input; 'nearest' for both.
    align_corners : bool, only for 'linear' and 'bilinear' (default False)

    Returns
    -------
    ndarray (N, C, L_out) or (N, C, H_out, W_out); float64, or float32 for float32 input.

    Example
    -------
    >>> interpolate(np.array([[[[1.0, 2.0]]]]), scale_factor=2)
    array([[[[1., 1., 2., 2.],
             [1., 1., 2., 2.]]]])
    >>> interpolate(np.array([[[0.0, 4.0]]]), size=4, mode="linear")
    array([[[0., 1., 3., 4.]]])
    >>> interpolate(np.array([[[0.0, 10.0, 20.0, 30.0]]]), scale_factor=1.2, mode="linear")  # floor(4.8) = 4
    array([[[ 0., 10., 20., 30.]]])
    """
    x = as_float_array(x, "x")
    hints = {"area": "use adaptive_avg_pool2d", "trilinear": "convlib resizes 3-D and 4-D input only"}
    mode = check_choice(mode, "mode", MODES, hints)
    _check_layout(x, mode)
    if mode == "nearest" and align_corners is not None:
        raise ValueError(
            "`align_corners` only applies to mode='linear' or 'bilinear'; leave it as None for 'nearest'"
        )
    if align_corners is not None and not isinstance(align_corners, (bool, np.bool_)):
        raise TypeError(f"`align_corners` must be True, False or None; got {align_corners!r}")
    out_sizes, factors = _output_sizes(x.shape[2:], size, scale_factor)
    if mode == "nearest":
        return _nearest(x, out_sizes, factors)
    return _linear(x, out_sizes, factors, bool(align_corners))
