"""Padding an array beyond its edges, and the names each library gives the modes.

One table of modes, written once (numpy's names are the ones convlib accepts)::

    input:  a b c d                         numpy        scipy.ndimage  scipy.signal  torch
    -----------------------------------------------------------------------------------------
    0 0 0 | a b c d | 0 0 0                'constant'   'constant'     'fill'        'constant'/'zeros'
    c b   | a b c d | c b                  'reflect'    'mirror'       --            'reflect'
    b a   | a b c d | d c                  'symmetric'  'reflect'      'symm'        --
    a a   | a b c d | d d                  'edge'       'nearest'      --            'replicate'
    c d   | a b c d | a b                  'wrap'       'grid-wrap'    'wrap'        'circular'

Careful: 'reflect' means different things in numpy (and torch) and in
scipy.ndimage. A pad wider than the array keeps repeating the same pattern
(periodic extension), as numpy does.

Used in: chapter 2 (boundary modes).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_choice, check_number

MODES = ("constant", "reflect", "symmetric", "edge", "wrap")

# Names from other vocabularies, with the numpy name to use instead.
MODE_ALIASES = {
    "zeros": "torch's name; use 'constant'",
    "fill": "scipy.signal's name; use 'constant'",
    "mirror": "scipy.ndimage's name; use 'reflect'",
    "symm": "scipy.signal's name; use 'symmetric'",
    "replicate": "torch's name; use 'edge'",
    "nearest": "scipy.ndimage's name; use 'edge'",
    "circular": "torch's name; use 'wrap'",
    "grid-wrap": "scipy.ndimage's name; use 'wrap'",
}


def source_indices(length: int, before: int, after: int, mode: str) -> np.ndarray:
    """Index into an axis of ``length`` for every position of the padded axis.

    Positions ``-before .. length + after - 1`` map back into ``0 .. length-1``.
    For 'constant' the pad positions map to the nearest edge and the caller
    overwrites them.

    >>> source_indices(3, 2, 2, "symmetric")
    array([1, 0, 0, 1, 2, 2, 1])
    """
    i = np.arange(-before, length + after)
    if mode in ("constant", "edge"):
        return np.clip(i, 0, length - 1)
    if mode == "wrap":
        return i % length
    if mode == "symmetric":  # period 2n: d c b a | a b c d | d c b a
        m = i % (2 * length)
        return np.where(m < length, m, 2 * length - 1 - m)
    # reflect, period 2(n-1): c b | a b c d | c b
    if length == 1:
        return np.zeros_like(i)
    m = i % (2 * length - 2)
    return np.where(m < length, m, 2 * length - 2 - m)


def _normalise_pad_width(pad_width, ndim: int) -> list[tuple[int, int]]:
    """numpy's rule: integers in any shape that broadcasts to (ndim, 2), none negative.

    So 3, (1, 2), ((1, 2),), one (before, after) per axis, or one (width,) per
    axis. Unlike ``np.pad``, floats are refused rather than rounded.
    """
    works = f"an int, a pair (before, after), or one pair per axis ({ndim} axes), as in np.pad"
    if isinstance(pad_width, (str, bytes)):
        raise TypeError(f"`pad_width` must be {works}; got the string {pad_width!r}. Write numbers, e.g. 3 or (1, 2)")
    try:
        widths = np.asarray(pad_width)
    except (ValueError, TypeError):  # ragged nesting
        raise TypeError(f"`pad_width` must be {works}; got {pad_width!r}, whose pairs have different lengths") from None
    if widths.dtype.kind not in "iu":
        detail = f"{widths.dtype} values" if widths.dtype.kind in "bfc" else f"of type {type(pad_width).__name__}"
        raise TypeError(f"`pad_width` must be integers: {works}; got {pad_width!r} ({detail})")
    try:
        pairs = np.broadcast_to(widths, (ndim, 2))
    except ValueError:
        raise ValueError(
            f"`pad_width` must be {works}; got {pad_width!r}, of shape {widths.shape}, which does not fit "
            f"an array of {ndim} axes"
        ) from None
    if (pairs < 0).any():
        raise ValueError(f"`pad_width` must not be negative; got {pad_width!r}. To crop, slice the array instead")
    return [(int(before), int(after)) for before, after in pairs]


def pad(array, pad_width, mode: str = "constant", value: float = 0.0) -> np.ndarray:
    """Pad ``array`` on every axis, with numpy's mode names.

    Parameters
    ----------
    array : array_like, any shape
    pad_width : int, (before, after), or one (before, after) per axis
        As in ``np.pad``: integers in any shape that broadcasts to (ndim, 2).
        Pads wider than the array are allowed in every mode.
    mode : {'constant', 'reflect', 'symmetric', 'edge', 'wrap'}
        See the module docstring for the table of these names in scipy and torch.
    value : float
        Fill value for 'constant'.

    Returns
    -------
    ndarray, shape ``array.shape[i] + before_i + after_i`` on each axis; float64,
    or float32 for float32 input.

    Example
    -------
    >>> pad([1, 2, 3], 2, mode="reflect")
    array([3., 2., 1., 2., 3., 2., 1.])
    >>> pad([1, 2, 3], (1, 0), mode="constant", value=9)
    array([9., 1., 2., 3.])
    """
    x = as_float_array(array, "array")
    mode = check_choice(mode, "mode", MODES, MODE_ALIASES)
    value = check_number(value, "value")
    widths = _normalise_pad_width(pad_width, x.ndim)
    return pad_axes(x, widths, mode, value, axes=tuple(range(x.ndim)))


def pad_axes(x: np.ndarray, widths, mode: str, value: float, axes) -> np.ndarray:
    """Pad the given ``axes`` of an already-checked array (internal fast path)."""
    out = x
    for axis, (before, after) in zip(axes, widths):
        if before == 0 and after == 0:
            continue
        n = out.shape[axis]
        if mode == "constant":
            shape = list(out.shape)
            shape[axis] = n + before + after
            padded = np.empty(shape, dtype=out.dtype)
            index = [slice(None)] * out.ndim
            for start, stop in ((0, before), (before + n, before + n + after)):
                index[axis] = slice(start, stop)
                padded[tuple(index)] = value
            index[axis] = slice(before, before + n)
            padded[tuple(index)] = out
            out = padded
        else:
            out = np.take(out, source_indices(n, before, after, mode), axis=axis)
    return out
