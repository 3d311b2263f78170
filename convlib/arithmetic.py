"""Convolution arithmetic: output sizes, receptive fields, parameters and FLOPs.

All sizes are per spatial axis (call once for height, once for width).

Used in: the tests, so far (written for the stride, padding, layers, pooling, upsampling,
dilation and separable chapters).
"""

from __future__ import annotations

import numpy as np

from ._checks import check_int, ntuple


def conv_output_size(size: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length of a convolution along one axis.

    ``out = floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``

    Raises ValueError when the (dilated) kernel does not fit in the padded input.

    Example
    -------
    >>> conv_output_size(32, 3, stride=2, padding=1)
    16
    """
    size = check_int(size, "size", 1)
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = check_int(stride, "stride", 1)
    padding = check_int(padding, "padding", 0)
    dilation = check_int(dilation, "dilation", 1)
    span = dilation * (kernel_size - 1) + 1
    if span > size + 2 * padding:
        raise ValueError(
            f"`kernel_size`={kernel_size} with `dilation`={dilation} spans {span}, larger than the padded input "
            f"{size + 2 * padding} (`size`={size}, `padding`={padding}); use a smaller kernel_size or dilation, "
            f"or pad by at least {-(-(span - size) // 2)}"
        )
    return (size + 2 * padding - span) // stride + 1


def conv_transpose_output_size(
    size: int, kernel_size: int, stride: int = 1, padding: int = 0, output_padding: int = 0, dilation: int = 1
) -> int:
    """Output length of a transposed convolution along one axis.

    ``out = (size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1``

    ``output_padding`` must be smaller than ``stride`` or ``dilation``, as in torch.

    Example
    -------
    >>> conv_transpose_output_size(16, 4, stride=2, padding=1)
    32
    """
    size = check_int(size, "size", 1)
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = check_int(stride, "stride", 1)
    padding = check_int(padding, "padding", 0)
    output_padding = check_int(output_padding, "output_padding", 0)
    dilation = check_int(dilation, "dilation", 1)
    if output_padding >= max(stride, dilation):
        raise ValueError(
            f"`output_padding`={output_padding} must be smaller than `stride`={stride} or "
            f"`dilation`={dilation}, as in torch"
        )
    out = (size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1
    if out <= 0:
        raise ValueError(
            f"`padding`={padding} leaves no output (the formula gives {out}); use padding at most "
            f"{(out - 1 + 2 * padding) // 2}"
        )
    return out


def pool_output_size(
    size: int, kernel_size: int, stride: int | None = None, padding: int = 0, dilation: int = 1, ceil_mode: bool = False
) -> int:
    """Output length of a pooling window along one axis, as torch computes it.

    ``out = floor_or_ceil((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``

    ``stride`` defaults to ``kernel_size``; ``padding`` may be at most
    ``kernel_size // 2``, as in torch. With ``ceil_mode`` the last window may
    hang over the end, but must start inside the input or the left padding.

    Example
    -------
    >>> pool_output_size(5, 2), pool_output_size(5, 2, ceil_mode=True)
    (2, 3)
    """
    size = check_int(size, "size", 1)
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = kernel_size if stride is None else check_int(stride, "stride", 1)
    padding = check_int(padding, "padding", 0)
    dilation = check_int(dilation, "dilation", 1)
    if not isinstance(ceil_mode, (bool, np.bool_)):
        raise TypeError(f"`ceil_mode` must be True or False; got {ceil_mode!r}")
    if padding > kernel_size // 2:
        raise ValueError(
            f"`padding`={padding} must be at most half of `kernel_size`={kernel_size} (so at most "
            f"{kernel_size // 2}), as in torch"
        )
    span = dilation * (kernel_size - 1) + 1
    room = size + 2 * padding - span
    if room < 0:
        raise ValueError(
            f"`kernel_size`={kernel_size} with `dilation`={dilation} spans {span}, larger than the padded "
            f"input {size + 2 * padding} (`size`={size}, `padding`={padding}); use a smaller kernel_size"
        )
    if ceil_mode:
        out = -(-room // stride) + 1
        if (out - 1) * stride >= size + padding:
            out -= 1
    else:
        out = room // stride + 1
    return out


def receptive_field(layers) -> int:
    """Receptive field, in input pixels, of the last layer of a stack.

    Parameters
    ----------
    layers : sequence of (kernel_size, stride, dilation)
        From the input upwards.

    ``r = 1 + sum_l dilation_l * (kernel_size_l - 1) * prod_{j < l} stride_j``

    Example
    -------
    >>> receptive_field([(3, 1, 1), (3, 1, 1)])   # two 3x3 convs see 5x5
    5
    >>> receptive_field([(3, 2, 1), (3, 2, 1), (3, 1, 1)])
    15
    """
    try:
        items = list(layers)
    except TypeError:
        raise TypeError(f"`layers` must be a list of (kernel_size, stride, dilation); got {layers!r}") from None
    field, jump = 1, 1
    for index, layer in enumerate(items):
        if not isinstance(layer, (tuple, list)) or len(layer) != 3:
            raise TypeError(f"`layers[{index}]` must be (kernel_size, stride, dilation); got {layer!r}")
        k, s, d = (check_int(v, f"layers[{index}]", 1) for v in layer)
        field += d * (k - 1) * jump
        jump *= s
    return field


def conv_params(
    in_channels: int, out_channels: int, kernel_size, groups: int = 1, bias: bool = True, separable: bool = False
) -> int:
    """Number of learnable parameters of a convolution layer.

    * standard / grouped: ``out * (in / groups) * kH * kW (+ out)``
    * ``separable=True``: a depthwise kH x kW conv (groups = in) followed by a
      1x1 pointwise conv: ``in * kH * kW (+ in) + out * in (+ out)``

    Example
    -------
    >>> conv_params(64, 128, 3)
    73856
    >>> conv_params(64, 128, 3, separable=True)
    8960
    """
    checked = _check_layer(in_channels, out_channels, kernel_size, groups, separable)
    in_channels, out_channels, (kh, kw), groups = checked
    if separable:
        return in_channels * kh * kw + out_channels * in_channels + (in_channels + out_channels) * bool(bias)
    return out_channels * (in_channels // groups) * kh * kw + out_channels * bool(bias)


def conv_flops(
    in_channels: int,
    out_channels: int,
    kernel_size,
    output_size,
    groups: int = 1,
    bias: bool = False,
    separable: bool = False,
) -> int:
    """Floating-point operations of one convolution layer on one image.

    Counts 2 FLOPs per multiply-accumulate, as torch's FlopCounterMode does,
    plus one add per output for the bias when ``bias=True``.

    ``FLOPs = 2 * H_out * W_out * out * (in / groups) * kH * kW``

    Parameters
    ----------
    output_size : int or (H_out, W_out)
        The spatial size of the layer's output.

    Example
    -------
    >>> conv_flops(3, 16, 3, 32)
    884736
    """
    checked = _check_layer(in_channels, out_channels, kernel_size, groups, separable)
    in_channels, out_channels, (kh, kw), groups = checked
    ho, wo = ntuple(output_size, "output_size", 1, 2)
    pixels = ho * wo
    if separable:
        macs = pixels * in_channels * kh * kw + pixels * out_channels * in_channels
        adds = pixels * (in_channels + out_channels) * bool(bias)
    else:
        macs = pixels * out_channels * (in_channels // groups) * kh * kw
        adds = pixels * out_channels * bool(bias)
    return 2 * macs + adds


def _check_layer(in_channels, out_channels, kernel_size, groups, separable):
    in_channels = check_int(in_channels, "in_channels", 1)
    out_channels = check_int(out_channels, "out_channels", 1)
    kernel = ntuple(kernel_size, "kernel_size", 1, 2)
    groups = check_int(groups, "groups", 1)
    if separable and groups != 1:
        raise ValueError(f"`separable=True` fixes the groups itself; leave `groups`=1 (got {groups})")
    if in_channels % groups or out_channels % groups:
        raise ValueError(f"`groups`={groups} must divide in_channels={in_channels} and out_channels={out_channels}")
    return in_channels, out_channels, kernel, groups


def same_padding(kernel_size: int, dilation: int = 1) -> tuple[int, int]:
    """(before, after) padding that keeps the size at stride 1; torch puts the odd extra after.

    >>> same_padding(4)
    (1, 2)
    """
    total = check_int(dilation, "dilation", 1) * (check_int(kernel_size, "kernel_size", 1) - 1)
    return total // 2, total - total // 2


__all__ = [
    "conv_output_size",
    "conv_transpose_output_size",
    "pool_output_size",
    "receptive_field",
    "conv_params",
    "conv_flops",
    "same_padding",
]
