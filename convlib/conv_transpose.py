"""Transposed convolution, as ``torch.nn.functional.conv_transpose2d``.

Each input pixel stamps a copy of the kernel, scaled by its value, onto the
output; the stamps sit ``stride`` apart and overlapping stamps add up. It is
the adjoint (the transpose) of ``conv2d`` with the same weight, which is where
its name comes from::

    <conv2d(x, w), y> = <x, conv_transpose2d(y, w)>

    H_out = (H - 1)*stride - 2*padding + dilation*(kH - 1) + output_padding + 1

The fast path computes every stamp with one matrix multiply per group and adds
the kH*kW shifted stamp planes into place (col2im). The plain loop is
:func:`convlib.reference.conv_transpose2d_loop`.

Used in: the tests, so far (written for the upsampling chapter).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, batched, check_int, check_ndim, ntuple, result_dtype


def conv_transpose2d(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1) -> np.ndarray:
    """2-D transposed convolution ("deconvolution"), as torch.

    Parameters
    ----------
    x : array_like (N, C_in, H, W), or unbatched (C_in, H, W)
    weight : array_like (C_in, C_out / groups, kH, kW)   -- note: C_in first, unlike conv2d
    bias : array_like (C_out,), optional
    stride, dilation : int or (int, int), >= 1
    padding : int or (int, int), >= 0
        Crops ``padding`` rows and columns from each side of the full output
        (it undoes the ``padding`` of the conv2d that this transposes).
    output_padding : int or (int, int)
        Extra rows/columns added on one side to pick among the input sizes
        that a strided conv2d maps to the same size; must be smaller than
        stride or dilation.
    groups : int

    Returns
    -------
    ndarray (N, C_out, H_out, W_out), or (C_out, H_out, W_out) for unbatched input.

    ``H_out = (H - 1)*stride - 2*padding + dilation*(kH - 1) + output_padding + 1``

    Example
    -------
    >>> conv_transpose2d(np.ones((1, 1, 2, 2)), np.ones((1, 1, 2, 2)), stride=1)
    array([[[[1., 2., 1.],
             [2., 4., 2.],
             [1., 2., 1.]]]])
    """
    x = as_float_array(x, "x")
    x, unbatched = batched(x, "x", spatial=2)
    w = as_float_array(weight, "weight")
    check_ndim(w, "weight", (4,), "(in_channels, out_channels/groups, kH, kW)")
    groups = check_int(groups, "groups", 1)
    stride = ntuple(stride, "stride", 1, 2)
    dilation = ntuple(dilation, "dilation", 1, 2)
    padding = ntuple(padding, "padding", 0, 2)
    output_padding = ntuple(output_padding, "output_padding", 0, 2)
    n, channels, h, wd = x.shape
    if channels % groups:
        raise ValueError(f"`groups`={groups} must divide in_channels={channels}")
    if w.shape[0] != channels:
        raise ValueError(
            f"channel mismatch: `weight` of shape {w.shape} expects {w.shape[0]} input channels "
            f"(weight.shape[0] for a transposed convolution), but `x` has {channels} (x.shape[1])"
        )
    for op, s, d in zip(output_padding, stride, dilation):
        if op >= s and op >= d:
            raise ValueError(
                f"`output_padding`={output_padding} must be smaller than stride={stride} or "
                f"dilation={dilation} in each axis, as in torch"
            )
    out_per_group, kh, kw = w.shape[1:]
    out_channels = out_per_group * groups
    b = None
    if bias is not None:
        b = as_float_array(bias, "bias")
        if b.shape != (out_channels,):
            raise ValueError(f"`bias` must have shape ({out_channels},); got {b.shape}")
    full = tuple(
        (size - 1) * s + d * (k - 1) + 1 + op
        for size, s, d, k, op in zip((h, wd), stride, dilation, (kh, kw), output_padding)
    )
    out_shape = tuple(f - 2 * p for f, p in zip(full, padding))
    if min(out_shape) <= 0:
        raise ValueError(
            f"`padding`={padding} crops the whole output: the full output is {full}, and 2*padding "
            f"must be smaller than that"
        )

    dtype = result_dtype(x, w, *([b] if b is not None else []))
    x, w = x.astype(dtype, copy=False), w.astype(dtype, copy=False)
    per_group = channels // groups
    # stamps[n, g, o, p, q, i, j] = sum_c w[g*Cg + c, o, p, q] * x[n, g*Cg + c, i, j]
    weights_t = w.reshape(groups, per_group, out_per_group * kh * kw).transpose(0, 2, 1)
    stamps = np.matmul(weights_t, x.reshape(n, groups, per_group, h * wd))
    stamps = stamps.reshape(n, groups, out_per_group, kh, kw, h, wd)
    canvas = np.zeros((n, groups, out_per_group) + full, dtype=dtype)
    (sh, sw), (dh, dw) = stride, dilation
    for p in range(kh):
        for q in range(kw):
            rows = slice(p * dh, p * dh + sh * (h - 1) + 1, sh)
            cols = slice(q * dw, q * dw + sw * (wd - 1) + 1, sw)
            canvas[..., rows, cols] += stamps[:, :, :, p, q]
    (ph, pw) = padding
    out = canvas.reshape(n, out_channels, *full)[:, :, ph : ph + out_shape[0], pw : pw + out_shape[1]]
    out = np.ascontiguousarray(out)
    if b is not None:
        out += b.astype(dtype, copy=False)[:, None, None]
    return out[0] if unbatched else out
