"""Gradients of the pooling layers, as torch autograd computes them.

Each output of a pool depends on one window, so its gradient flows back into
that window only, and overlapping windows add up::

    max:  dL/dx[the window's maximum]  += dL/dy[n, c, r, q]     (the first maximum on ties)
    avg:  dL/dx[every cell of window]  += dL/dy[n, c, r, q] / divisor

The fast path mirrors the forward one in :mod:`convlib.pooling`: one strided
slice of the whole batch per window offset, never a loop over windows. For the
max, it takes the forward maximum and then, offset by offset, the first cell of
each window that equals it. Import
these as ``convlib.grad.<name>``; the plain loops are in :mod:`convlib.reference`.

Used in: chapter 6 (where the gradient goes), and written for the learned-kernels chapter.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_grad_output, result_dtype
from .pooling import _avg_divisor, _check_pool, _padded, _pool_separable


def _grad_output(grad_output, x, out, unbatched, call):
    expected = x.shape[:2] + out
    gy = check_grad_output(grad_output, expected[1:] if unbatched else expected, call)
    return gy[None] if unbatched else gy


def _window(i, dilation, stride, out):
    """Positions ``i*dilation + stride*r`` for r = 0 .. out-1, as a slice."""
    return slice(i * dilation, i * dilation + stride * (out - 1) + 1, stride)


def _first_inside(size, kernel, stride, padding, dilation, out):
    """Per output along one axis, the first window offset inside the input, or -1 if all are padding."""
    positions = (np.arange(out) * stride - padding)[:, None] + np.arange(kernel) * dilation
    inside = (positions >= 0) & (positions < size)
    return np.where(inside.any(axis=1), inside.argmax(axis=1), -1)


def max_pool2d_backward(x, grad_output, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """Gradient of ``max_pool2d(x, kernel_size, stride, padding, dilation, ceil_mode)``.

    Each window's gradient goes to the position of its maximum. Ties go to the
    first maximum in the window (row by row), a NaN wins over every number (the
    last NaN if several), and a window of only -inf picks its first cell inside
    the input, exactly as torch's CPU kernel. A window that sees only padding
    (possible with dilation) sends its gradient nowhere: the output does not
    depend on x there (torch 2.13 writes it past the end of the input row).

    Parameters
    ----------
    x : array_like (N, C, H, W), or unbatched (C, H, W)
    grad_output : array_like (N, C, H_out, W_out), or (C, H_out, W_out)
    kernel_size, stride, padding, dilation, ceil_mode : as :func:`convlib.max_pool2d`

    Returns
    -------
    ndarray, the shape of x:
    ``grad_input[n, c, argmax of window (r, q)] += grad_output[n, c, r, q]``

    Example
    -------
    >>> max_pool2d_backward(np.array([[[1.0, 3.0], [3.0, 2.0]]]), np.array([[[10.0]]]), 2)
    array([[[ 0., 10.],
            [ 0.,  0.]]])

    Used in: the tests, so far.
    """
    checked = _check_pool(x, kernel_size, stride, padding, dilation, ceil_mode)
    x, unbatched, kernel, stride, padding, dilation, out = checked
    call = f"max_pool2d(x, kernel_size={kernel}, stride={stride}, padding={padding}, dilation={dilation}, " \
           f"ceil_mode={ceil_mode})"
    gy = _grad_output(grad_output, x, out, unbatched, call)
    dtype = result_dtype(x, gy)
    x, gy = x.astype(dtype, copy=False), gy.astype(dtype, copy=False)
    padded = _padded(x, padding, kernel, stride, dilation, out, -np.inf)
    offsets = [(i, j) for i in range(kernel[0]) for j in range(kernel[1])]

    def window(i, j):
        return (slice(None), slice(None), _window(i, dilation[0], stride[0], out[0]),
                _window(j, dilation[1], stride[1], out[1]))

    grad = np.zeros(padded.shape, dtype=dtype)
    disjoint = all(s >= d * (k - 1) + 1 for s, d, k in zip(stride, dilation, kernel))  # windows never overlap

    def send(i, j, hit):  # each window's gradient to the cell at offset (i, j), where `hit`
        target = grad[window(i, j)]
        if disjoint:
            np.copyto(target, gy, where=hit)
        else:
            np.add(target, gy, out=target, where=hit)

    best = _pool_separable(padded, kernel, stride, dilation, out, np.maximum)  # the forward pass
    if np.all(best > -np.inf):  # no NaN, no window of only -inf: the first cell equal to the max wins
        hit, pending = np.empty(gy.shape, dtype=bool), np.ones(gy.shape, dtype=bool)
        for i, j in offsets:
            np.equal(padded[window(i, j)], best, out=hit)
            hit &= pending
            pending ^= hit
            send(i, j, hit)
    else:
        chosen = _torch_scan(x, padded, window, offsets, gy.shape, kernel, stride, padding, dilation, out)
        for (i, j), hit in zip(offsets, chosen):
            send(i, j, hit)
    if grad.shape != x.shape:
        top, left = padding
        grad = np.ascontiguousarray(grad[:, :, top : top + x.shape[2], left : left + x.shape[3]])
    return grad[0] if unbatched else grad


def _torch_scan(x, padded, window, offsets, shape, kernel, stride, padding, dilation, out):
    """torch's CPU loop, for every window at once: a value wins if it beats the best so far or is NaN.

    So the last NaN wins, and a window of only -inf picks its first cell inside
    the input. Returns one boolean mask per offset: the windows whose gradient goes there.
    """
    best = np.full(shape, -np.inf, dtype=padded.dtype)
    which = np.full(shape, -1, dtype=np.int32)
    for t, (i, j) in enumerate(offsets):
        values = padded[window(i, j)]
        wins = (values > best) | np.isnan(values)
        np.copyto(best, values, where=wins)
        np.copyto(which, t, where=wins)
    if (which < 0).any():
        rows, cols = (_first_inside(x.shape[2 + a], kernel[a], stride[a], padding[a], dilation[a], out[a])
                      for a in (0, 1))
        first = np.where((rows[:, None] < 0) | (cols[None, :] < 0), -1, rows[:, None] * kernel[1] + cols[None, :])
        which = np.where(which < 0, first, which)  # still -1 for a window of only padding: no gradient
    return [which == t for t in range(len(offsets))]


def _spread_axis(g, axis, kernel, stride, out, length):
    """The adjoint of summing ``kernel`` strided slices along ``axis``: add ``g`` into each slice."""
    shape = list(g.shape)
    shape[axis] = length
    result = np.zeros(shape, dtype=g.dtype)
    index = [slice(None)] * g.ndim
    for i in range(kernel):
        index[axis] = _window(i, 1, stride, out)
        result[tuple(index)] += g
    return result


def avg_pool2d_backward(x, grad_output, kernel_size, stride=None, padding=0, ceil_mode=False,
                        count_include_pad=True):
    """Gradient of ``avg_pool2d(x, kernel_size, stride, padding, ceil_mode, count_include_pad)``.

    Each output spreads its gradient evenly over its window, divided by the
    same divisor as the forward pass (torch's rule: zero padding counts when
    ``count_include_pad``; cells a ceil-mode window hangs past the padding
    never count).

    Parameters
    ----------
    x : array_like (N, C, H, W), or unbatched (C, H, W)
    grad_output : array_like (N, C, H_out, W_out), or (C, H_out, W_out)
    kernel_size, stride, padding, ceil_mode, count_include_pad : as :func:`convlib.avg_pool2d`

    Returns
    -------
    ndarray, the shape of x:
    ``grad_input[n, c, r*s + i - p, q*s + j - p] += grad_output[n, c, r, q] / divisor[r, q]``

    Example
    -------
    >>> avg_pool2d_backward(np.zeros((1, 2, 4)), np.array([[[4.0, 8.0]]]), 2)
    array([[[1., 1., 2., 2.],
            [1., 1., 2., 2.]]])

    Used in: the tests, so far.
    """
    checked = _check_pool(x, kernel_size, stride, padding, 1, ceil_mode)
    x, unbatched, kernel, stride, padding, _, out = checked
    call = f"avg_pool2d(x, kernel_size={kernel}, stride={stride}, padding={padding}, ceil_mode={ceil_mode})"
    gy = _grad_output(grad_output, x, out, unbatched, call)
    if not isinstance(count_include_pad, (bool, np.bool_)):
        raise TypeError(f"`count_include_pad` must be True or False; got {count_include_pad!r}")
    dtype = result_dtype(x, gy)
    rows = _avg_divisor(x.shape[2], kernel[0], stride[0], padding[0], out[0], count_include_pad)
    cols = _avg_divisor(x.shape[3], kernel[1], stride[1], padding[1], out[1], count_include_pad)
    scaled = gy.astype(dtype, copy=False) / np.outer(rows, cols).astype(dtype)
    padded_shape = _padded(x[:1, :1], padding, kernel, stride, (1, 1), out, 0.0).shape[2:]
    # the forward sums rows first, then columns; the gradient spreads columns first, then rows
    grad = _spread_axis(scaled, 3, kernel[1], stride[1], out[1], padded_shape[1])
    grad = _spread_axis(grad, 2, kernel[0], stride[0], out[0], padded_shape[0])
    grad = grad[:, :, padding[0] : padding[0] + x.shape[2], padding[1] : padding[1] + x.shape[3]]
    grad = np.ascontiguousarray(grad)
    return grad[0] if unbatched else grad
