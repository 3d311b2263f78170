"""The forward loops: convolution, transposed convolution and pooling, one output element at a time.

Used in: chapter 1 (the convolution sum), chapter 2 (the speed comparison), and
the tests.
"""

from __future__ import annotations

import math

import numpy as np

from .._checks import as_float_array, check_ndim, result_dtype


def convolve_loop(signal, kernel) -> np.ndarray:
    """Full 1-D convolution: ``y[n] = sum_k signal[n - k] * kernel[k]``.

    >>> convolve_loop([1, 2, 3], [1, 1])
    array([1., 3., 5., 3.])
    """
    x = as_float_array(signal, "signal")
    h = as_float_array(kernel, "kernel")
    check_ndim(x, "signal", (1,), "a 1-D array")
    check_ndim(h, "kernel", (1,), "a 1-D array")
    y = np.zeros(len(x) + len(h) - 1, dtype=result_dtype(x, h))
    for n in range(len(y)):
        for k in range(len(h)):
            if 0 <= n - k < len(x):
                y[n] += x[n - k] * h[k]
    return y


def correlate2d_loop(image, kernel, stride=1, padding=0, dilation=1) -> np.ndarray:
    """2-D cross-correlation of one channel, with zero padding, stride and dilation.

    ``out[r, c] = sum_{i, j} padded[r*stride + i*dilation, c*stride + j*dilation] * kernel[i, j]``

    >>> correlate2d_loop(np.arange(9.0).reshape(3, 3), np.ones((2, 2)))
    array([[ 8., 12.],
           [20., 24.]])
    """
    x = as_float_array(image, "image")
    k = as_float_array(kernel, "kernel")
    check_ndim(x, "image", (2,), "a 2-D array")
    check_ndim(k, "kernel", (2,), "a 2-D array")
    padded = np.zeros((x.shape[0] + 2 * padding, x.shape[1] + 2 * padding), dtype=result_dtype(x, k))
    padded[padding : padding + x.shape[0], padding : padding + x.shape[1]] = x
    kh, kw = k.shape
    out_h = (padded.shape[0] - dilation * (kh - 1) - 1) // stride + 1
    out_w = (padded.shape[1] - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((out_h, out_w), dtype=padded.dtype)
    for r in range(out_h):
        for c in range(out_w):
            total = 0.0
            for i in range(kh):
                for j in range(kw):
                    total += padded[r * stride + i * dilation, c * stride + j * dilation] * k[i, j]
            out[r, c] = total
    return out


def conv2d_loop(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """A conv2d layer (NCHW, zero padding, square stride/padding/dilation) as loops.

    ``out[n, o] = bias[o] + sum_i correlate2d_loop(x[n, g*Cg + i], weight[o, i])``,
    where g is output channel o's group and Cg = C_in / groups.

    >>> conv2d_loop(np.ones((1, 2, 3, 3)), np.ones((1, 2, 2, 2)))
    array([[[[8., 8.],
             [8., 8.]]]])
    """
    x = as_float_array(x, "x")
    w = as_float_array(weight, "weight")
    check_ndim(x, "x", (4,), "(N, C, H, W)")
    check_ndim(w, "weight", (4,), "(C_out, C_in/groups, kH, kW)")
    n_batch, _, _, _ = x.shape
    out_channels, per_group = w.shape[:2]
    per_group_out = out_channels // groups
    planes = []
    for n in range(n_batch):
        for o in range(out_channels):
            g = o // per_group_out
            acc = sum(
                correlate2d_loop(x[n, g * per_group + i], w[o, i], stride, padding, dilation)
                for i in range(per_group)
            )
            if bias is not None:
                acc = acc + bias[o]
            planes.append(acc)
    out = np.stack(planes).reshape((n_batch, out_channels) + planes[0].shape)
    return out.astype(result_dtype(x, w), copy=False)


def conv_transpose2d_loop(x, weight, stride=1, padding=0, output_padding=0, dilation=1) -> np.ndarray:
    """Transposed convolution (groups=1) as stamping: each input pixel adds value * kernel.

    ``full[n, o, r*stride + p*dilation, c*stride + q*dilation] += x[n, i, r, c] * weight[i, o, p, q]``,
    then ``padding`` is cropped from each side.

    >>> conv_transpose2d_loop(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)))[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    x = as_float_array(x, "x")
    w = as_float_array(weight, "weight")
    n_batch, in_channels, h, wd = x.shape
    _, out_channels, kh, kw = w.shape
    full_h = (h - 1) * stride + dilation * (kh - 1) + 1 + output_padding
    full_w = (wd - 1) * stride + dilation * (kw - 1) + 1 + output_padding
    full = np.zeros((n_batch, out_channels, full_h, full_w), dtype=result_dtype(x, w))
    for n in range(n_batch):
        for i in range(in_channels):
            for r in range(h):
                for c in range(wd):
                    for o in range(out_channels):
                        for p in range(kh):
                            for q in range(kw):
                                full[n, o, r * stride + p * dilation, c * stride + q * dilation] += (
                                    x[n, i, r, c] * w[i, o, p, q]
                                )
    return full[:, :, padding : full_h - padding, padding : full_w - padding]


def _pool_loop(x, kernel_size, stride, padding, reduce, pad_value, ceil_mode):
    x = as_float_array(x, "x")
    check_ndim(x, "x", (4,), "(N, C, H, W)")
    stride = stride or kernel_size
    n_batch, channels, h, w = x.shape

    def out_size(size):
        room = size + 2 * padding - kernel_size
        out = (math.ceil(room / stride) if ceil_mode else room // stride) + 1
        if ceil_mode and (out - 1) * stride >= size + padding:
            out -= 1
        return out

    oh, ow = out_size(h), out_size(w)
    out = np.zeros((n_batch, channels, oh, ow), dtype=x.dtype)
    for n in range(n_batch):
        for ch in range(channels):
            for r in range(oh):
                for c in range(ow):
                    values = []
                    for i in range(kernel_size):
                        for j in range(kernel_size):
                            row, col = r * stride + i - padding, c * stride + j - padding
                            if 0 <= row < h and 0 <= col < w:
                                values.append(x[n, ch, row, col])
                            elif row < h + padding and col < w + padding:
                                values.append(pad_value)  # padding, not ceil-mode overhang
                    out[n, ch, r, c] = reduce(values)
    return out


def max_pool2d_loop(x, kernel_size, stride=None, padding=0, ceil_mode=False) -> np.ndarray:
    """Max pooling (square window) as loops: the largest value in each window.

    >>> max_pool2d_loop(np.arange(16.0).reshape(1, 1, 4, 4), 2)[0, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    def largest(values):
        return np.nan if any(math.isnan(v) for v in values) else max(values)

    return _pool_loop(x, kernel_size, stride, padding, largest, -math.inf, ceil_mode)


def avg_pool2d_loop(x, kernel_size, stride=None, padding=0, ceil_mode=False) -> np.ndarray:
    """Average pooling (square window, zero padding counted) as loops.

    >>> avg_pool2d_loop(np.arange(16.0).reshape(1, 1, 4, 4), 2)[0, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    return _pool_loop(x, kernel_size, stride, padding, lambda v: sum(v) / len(v), 0.0, ceil_mode)
