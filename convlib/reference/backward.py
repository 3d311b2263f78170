"""The backward loops: each gradient as a textbook writes it, one output element at a time.

The rule is the same everywhere: an output element was computed from some
inputs, so its gradient ``grad_output[...]`` flows back to exactly those
inputs, each scaled by how much it mattered (the chain rule). Walk over the
output elements, send each one's gradient back, and add up what arrives.

Used in: the tests, so far (written for the learned-kernels chapter).
"""

from __future__ import annotations

import math

import numpy as np

from .._checks import as_float_array, check_ndim, result_dtype


def _arrays(**named):
    return [as_float_array(value, name) for name, value in named.items()]


def conv2d_backward_loop(x, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of a conv2d layer (NCHW, zero padding, square stride/padding/dilation) as loops.

    Output element ``out[n, o, r, c]`` is ``sum_{i, p, q} x_pad[n, g*Cg + i, r*s + p*d, c*s + q*d] * w[o, i, p, q]``
    (plus ``bias[o]``), so its gradient ``gy = grad_output[n, o, r, c]`` sends back::

        grad_x_pad[n, g*Cg + i, r*s + p*d, c*s + q*d] += w[o, i, p, q] * gy
        grad_w[o, i, p, q]                            += x_pad[n, g*Cg + i, r*s + p*d, c*s + q*d] * gy
        grad_b[o]                                     += gy

    Returns ``(grad_input, grad_weight, grad_bias)``, shaped like x, weight and (C_out,).

    >>> gx, gw, gb = conv2d_backward_loop(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), np.ones((1, 1, 1, 1)))
    >>> gx[0, 0], gw[0, 0], gb
    (array([[1., 1.],
           [1., 1.]]), array([[1., 1.],
           [1., 1.]]), array([1.]))
    """
    x, w, gy = _arrays(x=x, weight=weight, grad_output=grad_output)
    check_ndim(x, "x", (4,), "(N, C, H, W)")
    check_ndim(w, "weight", (4,), "(C_out, C_in/groups, kH, kW)")
    check_ndim(gy, "grad_output", (4,), "(N, C_out, H_out, W_out)")
    n_batch, channels, h, wd = x.shape
    out_channels, per_group, kh, kw = w.shape
    per_group_out = out_channels // groups
    dtype = result_dtype(x, w, gy)
    x_pad = np.zeros((n_batch, channels, h + 2 * padding, wd + 2 * padding), dtype=dtype)
    x_pad[:, :, padding : padding + h, padding : padding + wd] = x
    grad_pad = np.zeros_like(x_pad)
    grad_w = np.zeros(w.shape, dtype=dtype)
    grad_b = np.zeros(out_channels, dtype=dtype)
    for n in range(n_batch):
        for o in range(out_channels):
            g = o // per_group_out  # the group of output channel o
            for r in range(gy.shape[2]):
                for c in range(gy.shape[3]):
                    upstream = gy[n, o, r, c]
                    grad_b[o] += upstream
                    for i in range(per_group):
                        for p in range(kh):
                            for q in range(kw):
                                row, col = r * stride + p * dilation, c * stride + q * dilation
                                grad_pad[n, g * per_group + i, row, col] += w[o, i, p, q] * upstream
                                grad_w[o, i, p, q] += x_pad[n, g * per_group + i, row, col] * upstream
    return grad_pad[:, :, padding : padding + h, padding : padding + wd], grad_w, grad_b


def max_pool2d_backward_loop(x, grad_output, kernel_size, stride=None, padding=0) -> np.ndarray:
    """Gradient of max pooling (square window) as loops: each window's gradient goes to its maximum.

    The first maximum in the window (row by row) wins ties, and a NaN wins over
    every number, as in torch. The output size is read from ``grad_output``,
    so a ceil-mode pool needs no extra argument.

    >>> max_pool2d_backward_loop(np.array([[[[1.0, 3.0], [3.0, 2.0]]]]), np.array([[[[10.0]]]]), 2)[0, 0]
    array([[ 0., 10.],
           [ 0.,  0.]])
    """
    x, gy = _arrays(x=x, grad_output=grad_output)
    check_ndim(x, "x", (4,), "(N, C, H, W)")
    stride = stride or kernel_size
    n_batch, channels, h, w = x.shape
    grad = np.zeros(x.shape, dtype=result_dtype(x, gy))
    for n in range(n_batch):
        for ch in range(channels):
            for r in range(gy.shape[2]):
                for c in range(gy.shape[3]):
                    best, where = -math.inf, None
                    for i in range(kernel_size):
                        for j in range(kernel_size):
                            row, col = r * stride + i - padding, c * stride + j - padding
                            if 0 <= row < h and 0 <= col < w:  # padding never wins
                                value = x[n, ch, row, col]
                                if where is None or value > best or math.isnan(value):
                                    best, where = value, (row, col)
                    grad[n, ch, where[0], where[1]] += gy[n, ch, r, c]
    return grad


def avg_pool2d_backward_loop(x, grad_output, kernel_size, stride=None, padding=0, count_include_pad=True):
    """Gradient of average pooling (square window) as loops: each window shares its gradient evenly.

    Every cell of the window gets ``grad_output / divisor``, where the divisor
    counts the cells inside the input, plus the zero padding when
    ``count_include_pad``; a ceil-mode window's overhang past the padding
    never counts. The output size is read from ``grad_output``.

    >>> avg_pool2d_backward_loop(np.zeros((1, 1, 2, 4)), np.array([[[[4.0, 8.0]]]]), 2)[0, 0]
    array([[1., 1., 2., 2.],
           [1., 1., 2., 2.]])
    """
    x, gy = _arrays(x=x, grad_output=grad_output)
    check_ndim(x, "x", (4,), "(N, C, H, W)")
    stride = stride or kernel_size
    n_batch, channels, h, w = x.shape
    grad = np.zeros(x.shape, dtype=result_dtype(x, gy))
    for n in range(n_batch):
        for ch in range(channels):
            for r in range(gy.shape[2]):
                for c in range(gy.shape[3]):
                    cells, divisor = [], 0
                    for i in range(kernel_size):
                        for j in range(kernel_size):
                            row, col = r * stride + i - padding, c * stride + j - padding
                            inside = 0 <= row < h and 0 <= col < w
                            on_padding = not inside and row < h + padding and col < w + padding
                            if inside:
                                cells.append((row, col))
                            if inside or (count_include_pad and on_padding):
                                divisor += 1
                    for row, col in cells:
                        grad[n, ch, row, col] += gy[n, ch, r, c] / divisor
    return grad


def linear_backward_loop(x, weight, grad_output):
    """Gradients of ``y = x @ weight.T + bias`` (x (N, in), weight (out, in)) as loops.

    ``y[n, o] = bias[o] + sum_i x[n, i] * weight[o, i]``, so ``gy = grad_output[n, o]`` sends back
    ``grad_x[n, i] += weight[o, i] * gy``, ``grad_w[o, i] += x[n, i] * gy`` and ``grad_b[o] += gy``.

    >>> linear_backward_loop([[1.0, 2.0]], [[3.0, 4.0]], [[1.0]])
    (array([[3., 4.]]), array([[1., 2.]]), array([1.]))
    """
    x, w, gy = _arrays(x=x, weight=weight, grad_output=grad_output)
    check_ndim(x, "x", (2,), "(N, in_features)")
    dtype = result_dtype(x, w, gy)
    grad_x, grad_w = np.zeros(x.shape, dtype=dtype), np.zeros(w.shape, dtype=dtype)
    grad_b = np.zeros(w.shape[0], dtype=dtype)
    for n in range(x.shape[0]):
        for o in range(w.shape[0]):
            upstream = gy[n, o]
            grad_b[o] += upstream
            for i in range(w.shape[1]):
                grad_x[n, i] += w[o, i] * upstream
                grad_w[o, i] += x[n, i] * upstream
    return grad_x, grad_w, grad_b


def cross_entropy_loop(logits, labels):
    """Mean cross-entropy of ``logits`` (N, classes) against integer ``labels``, and its gradient, as loops.

    Per row: ``loss = logsumexp(z) - z[label]`` and ``dloss/dz[k] = softmax(z)[k] - (k == label)``;
    both are averaged over the N rows. ``logsumexp(z) = m + log(sum_k exp(z[k] - m))`` with ``m = max(z)``
    never overflows.

    >>> loss, grad = cross_entropy_loop([[0.0, 0.0]], [1])
    >>> round(loss, 4), grad
    (0.6931, array([[ 0.5, -0.5]]))
    """
    (z,) = _arrays(logits=logits)
    check_ndim(z, "logits", (2,), "(N, classes)")
    n_rows, n_classes = z.shape
    loss = 0.0
    grad = np.zeros(z.shape, dtype=z.dtype)
    for n in range(n_rows):
        m = max(z[n])
        log_sum_exp = m + math.log(sum(math.exp(z[n, k] - m) for k in range(n_classes)))
        label = int(labels[n])
        loss += float(log_sum_exp - z[n, label]) / n_rows
        for k in range(n_classes):
            grad[n, k] = (math.exp(z[n, k] - log_sum_exp) - (k == label)) / n_rows
    return loss, grad
