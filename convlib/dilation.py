"""Dilation: the kernel with holes, and which input pixels a stack of layers reaches.

A layer with ``dilation=d`` (torch's name; d = 1 is the ordinary kernel)
spreads its k taps d pixels apart, so d - 1 pixels are skipped between
neighbouring taps. The kernel then spans

    span = d * (k - 1) + 1 = k + (k - 1) * (d - 1)

pixels per axis with the same k weights. CS231n counts the skipped pixels
instead: its "dilation 0" is torch's ``dilation=1``.

Stacking layers widens the receptive field (:func:`convlib.arithmetic.receptive_field`),
but a stack of dilated layers need not read every pixel inside it: three 3x3
layers with dilation 2 span 13x13 and reach only 49 of its 169 pixels (the
*gridding effect*). :func:`reach` counts, for every input pixel of the field,
the paths that lead from it to one output pixel: zero means a hole.

Used in: chapter 8 (dilation).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_int, ntuple


def dilate(kernel, dilation) -> np.ndarray:
    """The kernel with holes: ``dilation - 1`` zeros inserted between neighbouring taps.

    Correlating with ``dilate(k, d)`` gives what a layer with ``dilation=d`` and
    kernel ``k`` gives, at the cost of a bigger kernel: the zeros are not
    weights, only places the layer skips.

    Parameters
    ----------
    kernel : array_like (k,) or (kH, kW)
    dilation : int >= 1, or (int, int) for a 2-D kernel
        torch's convention: 1 is the ordinary kernel.

    Returns
    -------
    ndarray (d*(k-1)+1,) or (dH*(kH-1)+1, dW*(kW-1)+1), float64 (float32 stays float32).

    Example
    -------
    >>> dilate([1.0, 2.0, 3.0], 2)
    array([1., 0., 2., 0., 3.])
    >>> dilate(np.ones((2, 2)), 3)
    array([[1., 0., 0., 1.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.],
           [1., 0., 0., 1.]])
    """
    k = as_float_array(kernel, "kernel")
    if k.ndim not in (1, 2):
        raise ValueError(f"`kernel` must be 1-D (k,) or 2-D (kH, kW); got a {k.ndim}-D array of shape {k.shape}")
    steps = ntuple(dilation, "dilation", 1, k.ndim)
    out = np.zeros(tuple(d * (n - 1) + 1 for d, n in zip(steps, k.shape)), dtype=k.dtype)
    out[tuple(slice(None, None, d) for d in steps)] = k
    return out


def _layers(layers) -> list[tuple[int, int, int]]:
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__iter__"):
        raise TypeError(f"`layers` must be a list of (kernel_size, stride, dilation); got {layers!r}")
    checked = []
    for index, layer in enumerate(layers):
        if not isinstance(layer, (tuple, list)) or len(layer) != 3:
            raise TypeError(f"`layers[{index}]` must be (kernel_size, stride, dilation); got {layer!r}")
        checked.append(tuple(check_int(v, f"layers[{index}]", 1) for v in layer))
    return checked


def reach(layers, ndim: int = 2) -> np.ndarray:
    """How many paths lead from each input pixel of the receptive field to one output pixel of a stack.

    An impulse at one output pixel is pushed back through the stack, top layer
    first: each layer sends every value to the k input positions its taps
    read (``i * stride + j * dilation``). The result is the gradient of that
    output with respect to the input when every weight is 1; an entry of 0 is
    a pixel inside the field that the stack never reads (a hole).

    Parameters
    ----------
    layers : sequence of (kernel_size, stride, dilation)
        From the input upwards, as :func:`convlib.arithmetic.receptive_field`
        takes them; square kernels, the same on both axes.
    ndim : 1 or 2
        A 1-D stack (signals) or a 2-D one (images). In 2-D the count is the
        outer product of the 1-D counts.

    Returns
    -------
    ndarray of int64, shape (r,) or (r, r), r = receptive_field(layers).
    Index 0 is the first (top-left) input pixel of the field. The entries sum
    to the number of paths, ``prod(kernel_size) ** ndim``.

    Example
    -------
    >>> reach([(3, 1, 2), (3, 1, 2)], ndim=1)          # two 3-tap layers, dilation 2: every other pixel
    array([1, 0, 2, 0, 3, 0, 2, 0, 1])
    >>> int((reach([(3, 1, 2)] * 3) > 0).sum()), reach([(3, 1, 2)] * 3).size   # the gridding effect
    (49, 169)
    """
    stack = _layers(layers)
    if isinstance(ndim, bool) or ndim not in (1, 2):
        raise ValueError(f"`ndim` must be 1 (signals) or 2 (images); got {ndim!r}")
    counts = np.ones(1, dtype=np.int64)
    for kernel_size, stride, dilation in reversed(stack):
        below = np.zeros((len(counts) - 1) * stride + dilation * (kernel_size - 1) + 1, dtype=np.int64)
        for tap in range(kernel_size):
            start = tap * dilation
            below[start:start + (len(counts) - 1) * stride + 1:stride] += counts
        counts = below
    return counts if ndim == 1 else np.outer(counts, counts)


__all__ = ["dilate", "reach"]
