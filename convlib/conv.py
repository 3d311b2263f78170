"""Convolution layers: ``conv1d`` and ``conv2d``, as ``torch.nn.functional``.

A layer computes a cross-correlation (no kernel flip) of every output channel
with every input channel of its group, adds them up, and adds a bias::

    out[n, o, r, c] = bias[o] + sum_{i, p, q} x_pad[n, g*Cg + i, r*s + p*d, c*s + q*d] * weight[o, i, p, q]

    (g = the group of output channel o, Cg = in_channels / groups)

    H_out = floor((H + pad_top + pad_bottom - d*(kH - 1) - 1) / s) + 1

The fast path is im2col: ``sliding_window_view`` sees every window without
copying, one contiguous copy lays the windows out as columns, and one matrix
multiply per group applies all the kernels at once. A depthwise layer
(``groups == in_channels``) has no sum over channels, so its matrix multiply
degenerates; when there is enough work per channel it takes shift-and-add
instead (:mod:`convlib.depthwise`), chosen by shape. The plain loop that a
textbook writes is :func:`convlib.reference.conv2d_loop`.

Used in: chapter 2 (torch's conv2d is a cross-correlation), and the tests.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._checks import as_float_array, batched, check_choice, check_int, check_ndim, ntuple, result_dtype
from .arithmetic import same_padding
from .depthwise import depthwise_conv2d, takes_depthwise_path
from .padding import pad_axes

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")
_NUMPY_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
_PADDING_MODE_ALIASES = {
    "constant": "numpy's name; use 'zeros'",
    "edge": "numpy's name; use 'replicate'",
    "nearest": "scipy.ndimage's name; use 'replicate'",
    "wrap": "numpy's name; use 'circular'",
    "symmetric": "numpy's name; torch has no such padding_mode",
}


def im2col(padded: np.ndarray, kernel_size, stride, dilation) -> np.ndarray:
    """Lay every kernel-sized window of ``padded`` out as a column.

    Parameters
    ----------
    padded : ndarray (N, C, H, W)
    kernel_size, stride, dilation : (int, int)

    Returns
    -------
    ndarray (N, C, kH, kW, H_out, W_out), contiguous.

    Example
    -------
    >>> im2col(np.arange(9.0).reshape(1, 1, 3, 3), (2, 2), (1, 1), (1, 1))[0, 0, :, :, 0, 0]
    array([[0., 1.],
           [3., 4.]])
    """
    (kh, kw), (sh, sw), (dh, dw) = kernel_size, stride, dilation
    span = (dh * (kh - 1) + 1, dw * (kw - 1) + 1)
    windows = sliding_window_view(padded, span, axis=(2, 3))  # (N, C, H', W', span_h, span_w)
    windows = windows[:, :, ::sh, ::sw, ::dh, ::dw]
    return np.ascontiguousarray(windows.transpose(0, 1, 4, 5, 2, 3))


def _check_weight_and_groups(x, weight, bias, groups, spatial):
    w = as_float_array(weight, "weight")
    layout = "(out_channels, in_channels/groups, " + ("kH, kW)" if spatial == 2 else "kL)")
    check_ndim(w, "weight", (spatial + 2,), layout)
    groups = check_int(groups, "groups", 1)
    channels, out_channels, per_group = x.shape[1], w.shape[0], w.shape[1]
    if channels % groups:
        raise ValueError(f"`groups`={groups} must divide in_channels={channels}")
    if out_channels % groups:
        raise ValueError(f"`groups`={groups} must divide out_channels={out_channels} (weight.shape[0])")
    if per_group * groups != channels:
        raise ValueError(
            f"channel mismatch: `weight` of shape {w.shape} expects {per_group * groups} input channels "
            f"({per_group} per group x {groups} groups), but `x` has {channels} (x.shape[1])"
        )
    b = None
    if bias is not None:
        b = as_float_array(bias, "bias")
        if b.shape != (out_channels,):
            raise ValueError(f"`bias` must have shape ({out_channels},), one per output channel; got {b.shape}")
    return w, b, groups


def _resolve_padding(padding, kernel_size, stride, dilation, spatial):
    """Return ((before, after), ...) per spatial axis for int, tuple, 'same' or 'valid'."""
    if isinstance(padding, str):
        padding = check_choice(padding, "padding", ("same", "valid"))
        if padding == "valid":
            return [(0, 0)] * spatial
        if any(s != 1 for s in stride):
            raise ValueError(
                f"padding='same' needs stride=1 (as in torch); got stride={stride}. Give the padding as a number"
            )
        return [same_padding(k, d) for k, d in zip(kernel_size, dilation)]
    return [(p, p) for p in ntuple(padding, "padding", 0, spatial)]


def _conv_core(x, w, b, stride, pads, dilation, groups, padding_mode):
    """conv2d on checked (N, C, H, W) arrays; ``pads`` is ((top, bottom), (left, right))."""
    dtype = result_dtype(x, w, *([b] if b is not None else []))
    x, w = x.astype(dtype, copy=False), w.astype(dtype, copy=False)
    kh, kw = w.shape[2:]
    padded_size = (x.shape[2] + sum(pads[0]), x.shape[3] + sum(pads[1]))
    span = (dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1)
    if span[0] > padded_size[0] or span[1] > padded_size[1]:
        raise ValueError(
            f"kernel of size {(kh, kw)} (spanning {span} with dilation {dilation}) is larger than the "
            f"padded input {padded_size}; use a smaller kernel or pad by at least "
            f"{max(span[0] - padded_size[0], span[1] - padded_size[1], 0)} more"
        )
    if b is not None:
        b = b.astype(dtype, copy=False)
    out_size = ((padded_size[0] - span[0]) // stride[0] + 1, (padded_size[1] - span[1]) // stride[1] + 1)
    with np.errstate(all="ignore"):  # as in torch, 0 * inf is NaN without a RuntimeWarning, on both paths
        if takes_depthwise_path(x.shape[0], x.shape[1], w.shape, out_size):
            return depthwise_conv2d(x, w, b, stride, pads, dilation, _NUMPY_MODE[padding_mode])
        return _im2col_conv(x, w, b, stride, pads, dilation, groups, padding_mode)


def _im2col_conv(x, w, b, stride, pads, dilation, groups, padding_mode):
    """The general path: im2col, then one matrix multiply per group."""
    kh, kw = w.shape[2:]
    padded = pad_axes(x, pads, _NUMPY_MODE[padding_mode], 0.0, axes=(2, 3))
    n, out_channels = x.shape[0], w.shape[0]
    cols = im2col(padded, (kh, kw), stride, dilation)  # (N, C, kh, kw, Ho, Wo)
    ho, wo = cols.shape[-2:]
    per_group = x.shape[1] // groups
    cols = cols.reshape(n, groups, per_group * kh * kw, ho * wo)
    out = np.matmul(w.reshape(groups, out_channels // groups, per_group * kh * kw), cols)
    out = out.reshape(n, out_channels, ho, wo)
    if b is not None:
        out += b[:, None, None]
    return out


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, padding_mode="zeros") -> np.ndarray:
    """2-D convolution layer (cross-correlation), as ``torch.nn.functional.conv2d``.

    Parameters
    ----------
    x : array_like (N, C_in, H, W), or unbatched (C_in, H, W)
    weight : array_like (C_out, C_in / groups, kH, kW)
    bias : array_like (C_out,), optional
    stride, dilation : int or (int, int), >= 1
    padding : int, (int, int), 'same' or 'valid'
        'same' (stride 1 only) pads d*(k-1) in total, the odd extra one after,
        as torch does.
    groups : int
        Split the channels into independent groups; ``groups == C_in`` is a
        depthwise convolution.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}
        torch's names (``nn.Conv2d``); see :mod:`convlib.padding` for numpy's.
        Unlike torch, 'reflect' also works with a pad wider than the input.

    Returns
    -------
    ndarray (N, C_out, H_out, W_out), or (C_out, H_out, W_out) for unbatched input;
    float32 when every input is float32, else float64. Non-finite input spreads as
    in torch (0 * inf is NaN), without numpy's RuntimeWarning.

    The path is chosen by shape: depthwise layers with enough work per channel
    take the shift-and-add of :mod:`convlib.depthwise`, all others im2col.

    ``H_out = floor((H + 2*padding - dilation*(kH - 1) - 1) / stride) + 1``

    Example
    -------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> conv2d(x, np.ones((1, 1, 2, 2)), stride=2)
    array([[[[10., 18.],
             [42., 50.]]]])
    """
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=2)
    w, b, groups = _check_weight_and_groups(x, weight, bias, groups, spatial=2)
    stride = ntuple(stride, "stride", 1, 2)
    dilation = ntuple(dilation, "dilation", 1, 2)
    padding_mode = check_choice(padding_mode, "padding_mode", PADDING_MODES, _PADDING_MODE_ALIASES)
    pads = _resolve_padding(padding, w.shape[2:], stride, dilation, 2)
    out = _conv_core(x, w, b, stride, pads, dilation, groups, padding_mode)
    return out[0] if unbatched else out


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1) -> np.ndarray:
    """1-D convolution layer (cross-correlation), as ``torch.nn.functional.conv1d``.

    Parameters
    ----------
    x : array_like (N, C_in, L), or unbatched (C_in, L)
    weight : array_like (C_out, C_in / groups, k)
    bias : array_like (C_out,), optional
    stride, dilation : int >= 1
    padding : int, 'same' or 'valid'
    groups : int

    Returns
    -------
    ndarray (N, C_out, L_out), or (C_out, L_out) for unbatched input.

    ``L_out = floor((L + 2*padding - dilation*(k - 1) - 1) / stride) + 1``

    Example
    -------
    >>> conv1d([[1.0, 2.0, 4.0, 7.0]], [[[-1.0, 1.0]]])
    array([[1., 2., 3.]])
    """
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=1)
    w, b, groups = _check_weight_and_groups(x, weight, bias, groups, spatial=1)
    (stride,) = ntuple(stride, "stride", 1, 1)
    (dilation,) = ntuple(dilation, "dilation", 1, 1)
    (pads,) = _resolve_padding(padding, w.shape[2:], (stride,), (dilation,), 1)
    out = _conv_core(x[:, :, None, :], w[:, :, None, :], b, (1, stride), [(0, 0), pads], (1, dilation), groups, "zeros")
    out = out[:, :, 0, :]
    return out[0] if unbatched else out
