"""The gradient of ``conv2d``: both halves are convolutions again.

For ``y = conv2d(x, w)`` with stride s, padding p and dilation d::

    dL/dx = conv_transpose2d(dL/dy, w, s, p, output_padding, d)
          = at stride 1: the 'full' correlation of dL/dy with the flipped kernel
    dL/dw[o, i, p, q] = sum_{n, r, c} dL/dy[n, o, r, c] * x_pad[n, i, r*s + p*d, c*s + q*d]
          = the correlation of x with dL/dy, batch and channel axes swapped
            (stride d, dilation s: the two trade places)

Fast paths, picked by shape:

* dL/dw: im2col with the batch and channel axes swapped, so the sum over
  images and output positions is one long matrix product; a few images at a
  time so that the columns stay in cache.
* dL/dx at stride 1 (groups 1) with C_in > C_out / 2: the full correlation,
  channels last, so each im2col row is (kH, kW, C_out) and the product is one
  tall, thin matrix product. Otherwise (fewer input channels, other strides,
  groups) :func:`convlib.conv_transpose2d`, whose stamps are then the smaller.

Import it as ``convlib.grad.conv2d_backward``; the textbook loop is
:func:`convlib.reference.conv2d_backward_loop`.

Used in: the tests, so far (written for the learned-kernels chapter).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._checks import as_float_array, batched, check_grad_output, ntuple, result_dtype
from .conv import _check_weight_and_groups, _resolve_padding
from .conv_transpose import conv_transpose2d
from .padding import pad_axes

CHUNK_BYTES = 2 << 20  # im2col columns per chunk: about what stays in this machine's cache


def _conv_output_shape(x, w, stride, pads, dilation):
    """(N, C_out, H_out, W_out) of conv2d, with conv2d's error when the kernel does not fit."""
    kernel = w.shape[2:]
    padded = tuple(size + before + after for size, (before, after) in zip(x.shape[2:], pads))
    span = tuple(d * (k - 1) + 1 for d, k in zip(dilation, kernel))
    if span[0] > padded[0] or span[1] > padded[1]:
        raise ValueError(
            f"kernel of size {kernel} (spanning {span} with dilation {dilation}) is larger than the "
            f"padded input {padded}; use a smaller kernel or pad by at least "
            f"{max(span[0] - padded[0], span[1] - padded[1], 0)} more"
        )
    out = tuple((p - sp) // s + 1 for p, sp, s in zip(padded, span, stride))
    return (x.shape[0], w.shape[0]) + out


def _images_per_chunk(bytes_per_image: int, n: int) -> int:
    return max(1, min(n, CHUNK_BYTES // max(bytes_per_image, 1)))


def im2col_by_tap(padded, kernel_size, stride, dilation) -> np.ndarray:
    """Every kernel tap's view of ``padded``, channels first: (C, kH, kW, N, H_out, W_out), contiguous.

    The windows of :func:`convlib.conv.im2col` with the batch and channel axes
    swapped and the taps before the images, so that the weight gradient's sum
    over images and positions runs along the last, contiguous axes.

    Example
    -------
    >>> im2col_by_tap(np.arange(9.0).reshape(1, 1, 3, 3), (2, 2), (1, 1), (1, 1))[0, 0, 1, 0]  # tap (0, 1)
    array([[1., 2.],
           [4., 5.]])
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
    span = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
    windows = sliding_window_view(padded, span, axis=(2, 3))[:, :, ::sh, ::sw, ::dh, ::dw]
    return np.ascontiguousarray(windows.transpose(1, 4, 5, 0, 2, 3))


def _weight_grad(x, gy, kernel, stride, pads, dilation, groups):
    """dL/dw (C_out, C_in/groups, kH, kW): taps (C_in*kH*kW rows) times grad_output, summed over images."""
    n, channels = x.shape[:2]
    out_channels, (ho, wo), per_group = gy.shape[1], gy.shape[2:], channels // groups
    rows = per_group * kernel[0] * kernel[1]
    total = np.zeros((groups, rows, out_channels // groups), dtype=x.dtype)
    step = _images_per_chunk(channels * kernel[0] * kernel[1] * ho * wo * x.itemsize, n)
    for start in range(0, n, step):  # pad, lay out and multiply a few images at a time, in cache
        padded = pad_axes(x[start : start + step], pads, "constant", 0.0, axes=(2, 3))
        taps = im2col_by_tap(padded, kernel, stride, dilation).reshape(groups, rows, -1)
        upstream = gy[start : start + step].transpose(1, 0, 2, 3).reshape(groups, out_channels // groups, -1)
        total += np.matmul(taps, upstream.transpose(0, 2, 1))
    return np.ascontiguousarray(total.transpose(0, 2, 1)).reshape(out_channels, per_group, *kernel)


def _input_grad_full(gy, w, size, pads, dilation):
    """dL/dx at stride 1, groups 1: the 'full' correlation of grad_output with the flipped kernel.

    ``dx[n, i, r, c] = sum_{o, p, q} gy_pad[n, o, r + p*d, c + q*d] * w[o, i, kH-1-p, kW-1-q]``, where
    gy_pad puts ``d*(k-1) - before`` zeros before grad_output (cropping if that is negative).
    """
    n, out_channels, ho, wo = gy.shape
    in_channels, (kh, kw) = w.shape[1], w.shape[2:]
    spans = (dilation[0] * (kh - 1), dilation[1] * (kw - 1))
    canvas_size = (size[0] + spans[0], size[1] + spans[1])
    src, dst = [], []
    for span, (before, _), out, length in zip(spans, pads, (ho, wo), canvas_size):
        offset = span - before  # where grad_output's row 0 lands on the canvas
        first, last = max(0, -offset), min(out, length - offset)
        src.append(slice(first, last))
        dst.append(slice(first + offset, last + offset))
    flipped = w[:, :, ::-1, ::-1].transpose(2, 3, 0, 1).reshape(kh * kw * out_channels, in_channels)
    grad = np.empty((n, in_channels) + tuple(size), dtype=gy.dtype)
    step = _images_per_chunk(size[0] * size[1] * kh * kw * out_channels * gy.itemsize, n)
    for start in range(0, n, step):  # a few images at a time, so that the columns stay in cache
        chunk = gy[start : start + step]
        canvas = np.zeros((len(chunk),) + canvas_size + (out_channels,), dtype=gy.dtype)  # channels last
        canvas[:, dst[0], dst[1], :] = chunk[:, :, src[0], src[1]].transpose(0, 2, 3, 1)
        windows = sliding_window_view(canvas, (spans[0] + 1, spans[1] + 1), axis=(1, 2))
        windows = windows[..., :: dilation[0], :: dilation[1]]  # (n, H, W, C_out, kH, kW)
        cols = np.ascontiguousarray(windows.transpose(0, 1, 2, 4, 5, 3)).reshape(-1, kh * kw * out_channels)
        grad[start : start + step] = (cols @ flipped).reshape(-1, *size, in_channels).transpose(0, 3, 1, 2)
    return grad


def _prepare(x, weight, grad_output, stride, padding, dilation, groups):
    """Check the arguments of a conv2d backward as conv2d does; return them batched, in one dtype."""
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=2)
    w, _, groups = _check_weight_and_groups(x, weight, None, groups, spatial=2)
    stride = ntuple(stride, "stride", 1, 2)
    dilation = ntuple(dilation, "dilation", 1, 2)
    pads = _resolve_padding(padding, w.shape[2:], stride, dilation, 2)
    expected = _conv_output_shape(x, w, stride, pads, dilation)
    call = f"conv2d(x, weight, stride={stride}, padding={padding!r}, dilation={dilation}, groups={groups})"
    gy = check_grad_output(grad_output, expected[1:] if unbatched else expected, call)
    gy = gy[None] if unbatched else gy
    dtype = result_dtype(x, w, gy)
    x, w, gy = (a.astype(dtype, copy=False) for a in (x, w, gy))
    return x, w, gy, stride, pads, dilation, groups, unbatched


def conv2d_backward(x, weight, grad_output, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of ``conv2d(x, weight, bias, stride, padding, dilation, groups)``, as torch autograd.

    Parameters
    ----------
    x : array_like (N, C_in, H, W), or unbatched (C_in, H, W)
    weight : array_like (C_out, C_in / groups, kH, kW)
    grad_output : array_like (N, C_out, H_out, W_out), or (C_out, H_out, W_out)
        dL/dy for ``y = conv2d(x, weight, ...)``.
    stride, padding, dilation, groups : as :func:`convlib.conv2d` (zero padding;
        'same' with an even kernel pads the odd extra after, as torch)

    Returns
    -------
    grad_input : ndarray, the shape of x
        ``conv_transpose2d(grad_output, weight, stride, padding, output_padding, groups, dilation)``,
        with ``output_padding`` giving back the rows the strided windows never reached.
    grad_weight : ndarray (C_out, C_in / groups, kH, kW)
        ``sum_{n, r, c} grad_output[n, o, r, c] * x_pad[n, g*Cg + i, r*s + p*d, c*s + q*d]``:
        the correlation of x with grad_output, batch and channel axes swapped.
    grad_bias : ndarray (C_out,), ``grad_output`` summed over batch and space.

    Example
    -------
    >>> gx, gw, gb = conv2d_backward(np.arange(9.0).reshape(1, 1, 3, 3), np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)))
    >>> gx[0, 0]
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    >>> gw[0, 0], gb
    (array([[ 8., 12.],
           [20., 24.]]), array([4.]))

    Used in: the tests, so far.
    """
    x, w, gy, stride, pads, dilation, groups, unbatched = _prepare(x, weight, grad_output, stride, padding,
                                                                   dilation, groups)
    size = x.shape[2:]

    # by size: the full correlation's im2col is C_out*kH*kW wide, the transposed convolution's
    # stamps C_in*kH*kW tall; measured, the first wins once C_in > C_out / 2
    if stride == (1, 1) and groups == 1 and 2 * w.shape[1] > w.shape[0]:
        grad_input = _input_grad_full(gy, w, size, pads, dilation)
    else:
        # crop `before` from the start of the transposed convolution's output, as the padding did;
        # output_padding gives back the rows past the last window (which get no gradient)
        before = tuple(b for b, _ in pads)
        reached = [(o - 1) * s + d * (k - 1) + 1 for o, s, d, k in zip(gy.shape[2:], stride, dilation, w.shape[2:])]
        extra = tuple(max(0, length + 2 * b - r) for length, b, r in zip(size, before, reached))
        grad_input = conv_transpose2d(gy, w, stride=stride, padding=before, output_padding=extra,
                                      groups=groups, dilation=dilation)
        if grad_input.shape[2:] != size:  # 'same' with an even kernel: one more row after than before
            grad_input = np.ascontiguousarray(grad_input[:, :, : size[0], : size[1]])
    grad_weight = _weight_grad(x, gy, w.shape[2:], stride, pads, dilation, groups)
    grad_bias = gy.sum(axis=(0, 2, 3))
    return (grad_input[0] if unbatched else grad_input), grad_weight, grad_bias


def conv2d_weight(x, weight_size, grad_output, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """The kernel's half of :func:`conv2d_backward` alone, as ``torch.nn.grad.conv2d_weight``.

    When only the kernel learns (the input is data, not a layer below), the
    input's gradient, the costlier half, is not needed.

    Parameters
    ----------
    x : array_like (N, C_in, H, W), or unbatched (C_in, H, W)
    weight_size : tuple of 4 ints, the weight's shape (C_out, C_in / groups, kH, kW)
    grad_output : array_like, the shape of ``conv2d(x, weight, ...)``
    stride, padding, dilation, groups : as :func:`convlib.conv2d`

    Returns
    -------
    ndarray ``weight_size``: ``sum_{n, r, c} grad_output[n, o, r, c] * x_pad[n, g*Cg + i, r*s + p*d, c*s + q*d]``,
    the correlation of x with grad_output.

    Example
    -------
    >>> conv2d_weight(np.arange(9.0).reshape(1, 1, 3, 3), (1, 1, 2, 2), np.ones((1, 1, 2, 2)))[0, 0]
    array([[ 8., 12.],
           [20., 24.]])

    Used in: chapter 10.
    """
    if (not isinstance(weight_size, (tuple, list)) or len(weight_size) != 4
            or not all(isinstance(k, (int, np.integer)) and not isinstance(k, bool) and k >= 1 for k in weight_size)):
        raise ValueError(f"`weight_size` must be the weight's shape, 4 positive ints (C_out, C_in/groups, kH, kW); "
                         f"got {weight_size!r}")
    placeholder = np.broadcast_to(np.zeros((), dtype=np.float32), tuple(int(k) for k in weight_size))
    x, w, gy, stride, pads, dilation, groups, _ = _prepare(x, placeholder, grad_output, stride, padding, dilation,
                                                           groups)
    return _weight_grad(x, gy, w.shape[2:], stride, pads, dilation, groups)
