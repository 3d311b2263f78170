"""Pooling: ``max_pool2d``, ``avg_pool2d`` and ``adaptive_avg_pool2d``, as torch.

A pooling window slides like a kernel, but instead of a weighted sum it takes
the maximum or the mean of what it covers, channel by channel::

    max:  out[n, c, r, q] = max_{i, j} x_pad[n, c, r*s + i*d, q*s + j*d]
    avg:  out[n, c, r, q] = sum_{i, j} x_pad[n, c, r*s + i, q*s + j] / divisor

Both the max and the sum over a rectangle can be taken rows first, then
columns. The fast path does exactly that with strided slices of the whole
batch: kH slices folded with ``np.maximum`` or ``+``, then kW slices, so
kH + kW passes instead of kH * kW. The plain loops are in
:mod:`convlib.reference`.

Used in: chapter 6.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, batched, ntuple
from .arithmetic import pool_output_size


def _check_pool(x, kernel_size, stride, padding, dilation, ceil_mode):
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=2)
    kernel = ntuple(kernel_size, "kernel_size", 1, 2)
    stride = kernel if stride is None else ntuple(stride, "stride", 1, 2)
    padding = ntuple(padding, "padding", 0, 2)
    dilation = ntuple(dilation, "dilation", 1, 2)
    if not isinstance(ceil_mode, (bool, np.bool_)):
        raise TypeError(f"`ceil_mode` must be True or False; got {ceil_mode!r}")
    for k, p in zip(kernel, padding):
        if p > k // 2:
            raise ValueError(
                f"`padding`={padding} must be at most half of kernel_size={kernel}, as in torch: "
                f"a window should never see only padding"
            )
    for size, k, d, p in zip(x.shape[2:], kernel, dilation, padding):
        if d * (k - 1) + 1 > size + 2 * p:
            raise ValueError(
                f"pool kernel_size={kernel} (dilation {dilation}) is larger than the input "
                f"{x.shape[2:]} padded by {padding}; use a smaller kernel_size or pad more"
            )
    out = tuple(
        pool_output_size(size, k, s, p, d, bool(ceil_mode))
        for size, k, s, p, d in zip(x.shape[2:], kernel, stride, padding, dilation)
    )
    return x, unbatched, kernel, stride, padding, dilation, out


def _padded(x, padding, kernel, stride, dilation, out, value):
    """Pad so that every window position, including ceil-mode overhang, is in range."""
    widths = []
    for size, p, k, s, d, o in zip(x.shape[2:], padding, kernel, stride, dilation, out):
        after = max(p, (o - 1) * s + d * (k - 1) + 1 - size - p)
        widths.append((p, after))
    if all(w == (0, 0) for w in widths):
        return x
    shape = x.shape[:2] + tuple(size + b + a for size, (b, a) in zip(x.shape[2:], widths))
    padded = np.full(shape, value, dtype=x.dtype)
    (top, _), (left, _) = widths
    padded[:, :, top : top + x.shape[2], left : left + x.shape[3]] = x
    return padded


def _fold_axis(x, axis, kernel, stride, dilation, out, ufunc):
    """Fold ``kernel`` strided slices along ``axis`` with ``ufunc`` (np.maximum or np.add)."""
    def window(i):
        index = [slice(None)] * x.ndim
        index[axis] = slice(i * dilation, i * dilation + stride * (out - 1) + 1, stride)
        return x[tuple(index)]

    if kernel == 1:
        return window(0)
    result = ufunc(window(0), window(1))
    for i in range(2, kernel):
        ufunc(result, window(i), out=result)
    return result


def _pool_separable(padded, kernel, stride, dilation, out, ufunc):
    """Rows first, then columns: (N, C, H_pad, W_pad) -> (N, C, H_out, W_out)."""
    rows = _fold_axis(padded, 2, kernel[0], stride[0], dilation[0], out[0], ufunc)
    result = _fold_axis(rows, 3, kernel[1], stride[1], dilation[1], out[1], ufunc)
    return result if result.base is None else result.copy()


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False) -> np.ndarray:
    """Max pooling, as ``torch.nn.functional.max_pool2d``.

    Parameters
    ----------
    x : array_like (N, C, H, W), or unbatched (C, H, W)
    kernel_size : int or (int, int)
    stride : int or (int, int), default ``kernel_size``
    padding : int or (int, int), at most half the kernel; pads with -inf
    dilation : int or (int, int)
    ceil_mode : bool
        Round the output size up, letting the last window hang over the edge.

    Returns
    -------
    ndarray (N, C, H_out, W_out), or (C, H_out, W_out); NaN in a window gives NaN.

    ``H_out = floor((H + 2*padding - dilation*(kH - 1) - 1) / stride) + 1``

    Example
    -------
    >>> max_pool2d(np.arange(16.0).reshape(1, 4, 4), 2)
    array([[[ 5.,  7.],
            [13., 15.]]])
    """
    checked = _check_pool(x, kernel_size, stride, padding, dilation, ceil_mode)
    x, unbatched, kernel, stride, padding, dilation, out = checked
    padded = _padded(x, padding, kernel, stride, dilation, out, -np.inf)
    result = _pool_separable(padded, kernel, stride, dilation, out, np.maximum)
    return result[0] if unbatched else result


def _avg_divisor(size, kernel, stride, padding, out, count_include_pad):
    """Per-output divisor along one axis, torch's rule: padding counts, overhang never does."""
    start = np.arange(out) * stride - padding
    end = np.minimum(start + kernel, size + padding)
    if count_include_pad:
        return end - start
    return np.minimum(end, size) - np.maximum(start, 0)


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) -> np.ndarray:
    """Average pooling, as ``torch.nn.functional.avg_pool2d``.

    Parameters
    ----------
    x : array_like (N, C, H, W), or unbatched (C, H, W)
    kernel_size : int or (int, int)
    stride : int or (int, int), default ``kernel_size``
    padding : int or (int, int), at most half the kernel; pads with zeros
    ceil_mode : bool
    count_include_pad : bool
        Whether the zero padding counts in the divisor. Cells that a ceil-mode
        window hangs past the padding never count.

    Returns
    -------
    ndarray (N, C, H_out, W_out), or (C, H_out, W_out)

    Example
    -------
    >>> avg_pool2d(np.arange(16.0).reshape(1, 4, 4), 2)
    array([[[ 2.5,  4.5],
            [10.5, 12.5]]])
    """
    x, unbatched, kernel, stride, padding, _, out = _check_pool(x, kernel_size, stride, padding, 1, ceil_mode)
    padded = _padded(x, padding, kernel, stride, (1, 1), out, 0.0)
    total = _pool_separable(padded, kernel, stride, (1, 1), out, np.add)
    rows = _avg_divisor(x.shape[2], kernel[0], stride[0], padding[0], out[0], count_include_pad)
    cols = _avg_divisor(x.shape[3], kernel[1], stride[1], padding[1], out[1], count_include_pad)
    total /= np.outer(rows, cols).astype(x.dtype)
    return total[0] if unbatched else total


def _adaptive_bins(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """torch's bins: [floor(i*size/out), ceil((i+1)*size/out))."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


def adaptive_avg_pool2d(x, output_size) -> np.ndarray:
    """Average pooling to a fixed output size, as ``torch.nn.functional.adaptive_avg_pool2d``.

    Bin ``i`` along an axis of length H covers rows ``floor(i*H/H_out)`` to
    ``ceil((i+1)*H/H_out) - 1``; neighbouring bins may overlap by one row.

    Parameters
    ----------
    x : array_like (N, C, H, W), or unbatched (C, H, W)
    output_size : int, or (H_out, W_out) where either may be None (keep that size)

    Returns
    -------
    ndarray (N, C, H_out, W_out), or (C, H_out, W_out)

    Example
    -------
    >>> adaptive_avg_pool2d(np.arange(6.0).reshape(1, 2, 3), 1)
    array([[[2.5]]])
    """
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=2)
    if isinstance(output_size, (tuple, list)) and len(output_size) == 2:
        output_size = tuple(s if o is None else o for o, s in zip(output_size, x.shape[2:]))
    ho, wo = ntuple(output_size, "output_size", 1, 2)
    n, c, h, w = x.shape
    if h % ho == 0 and w % wo == 0:  # equal, non-overlapping bins: a reshape and a mean
        result = x.reshape(n, c, ho, h // ho, wo, w // wo).mean(axis=(3, 5), dtype=np.float64)
        result = result.astype(x.dtype, copy=False)
    else:  # overlapping bins: average the row bins, then the column bins
        (r0, r1), (c0, c1) = _adaptive_bins(h, ho), _adaptive_bins(w, wo)
        rows = np.stack([x[:, :, a:b, :].mean(axis=2, dtype=np.float64) for a, b in zip(r0, r1)], axis=2)
        result = np.stack([rows[:, :, :, a:b].mean(axis=3) for a, b in zip(c0, c1)], axis=3)
        result = result.astype(x.dtype, copy=False)
    return result[0] if unbatched else result
