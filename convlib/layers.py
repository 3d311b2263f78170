"""``Conv2d``: a small numpy layer with the constructor of ``torch.nn.Conv2d``.

It holds a weight and a bias and calls :func:`convlib.conv2d`. Weights start
like torch's (uniform in +-1/sqrt(fan_in)), from a seeded generator, so every
run of a chapter shows the same numbers. Set them by hand to see what a
kernel does::

    layer = Conv2d(1, 1, 3, padding=1, bias=False)
    layer.weight[...] = kernels.sobel_x()[::-1, ::-1]   # as a correlation
    edges = layer(image[None])

:class:`Sequential` chains layers (a ``Conv2d``, an activation of
:mod:`convlib.activations`, any callable), as ``torch.nn.Sequential``.

Used in: chapters 4 and 5, and the tests.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_choice, check_int, ntuple
from .conv import PADDING_MODES, conv2d


class Conv2d:
    """A 2-D convolution layer with its own weight and bias.

    Parameters
    ----------
    in_channels, out_channels : int
    kernel_size : int or (int, int)
    stride, padding, dilation, groups, padding_mode : as :func:`convlib.conv2d`
    bias : bool
    seed : int
        Seeds the initial weights (keyword only).
    dtype : numpy dtype, default float32 (as torch)

    Attributes
    ----------
    weight : ndarray (out_channels, in_channels / groups, kH, kW)
    bias : ndarray (out_channels,) or None

    Example
    -------
    >>> layer = Conv2d(3, 8, 3, padding=1)
    >>> layer(np.zeros((2, 3, 16, 16), dtype=np.float32)).shape
    (2, 8, 16, 16)
    """

    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups=1,
        bias=True,
        padding_mode="zeros",
        *,
        seed: int = 0,
        dtype=np.float32,
    ):
        self.in_channels = check_int(in_channels, "in_channels", 1)
        self.out_channels = check_int(out_channels, "out_channels", 1)
        self.kernel_size = ntuple(kernel_size, "kernel_size", 1, 2)
        self.groups = check_int(groups, "groups", 1)
        if self.in_channels % self.groups or self.out_channels % self.groups:
            raise ValueError(
                f"`groups`={groups} must divide in_channels={in_channels} and out_channels={out_channels}"
            )
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.padding_mode = check_choice(padding_mode, "padding_mode", PADDING_MODES)
        fan_in = (self.in_channels // self.groups) * self.kernel_size[0] * self.kernel_size[1]
        bound = 1.0 / np.sqrt(fan_in)
        rng = np.random.default_rng(seed)
        shape = (self.out_channels, self.in_channels // self.groups) + self.kernel_size
        self.weight = rng.uniform(-bound, bound, size=shape).astype(dtype)
        self.bias = rng.uniform(-bound, bound, size=self.out_channels).astype(dtype) if bias else None

    def __call__(self, x) -> np.ndarray:
        """Apply the layer: x (N, C_in, H, W) or (C_in, H, W) -> (N, C_out, H_out, W_out)."""
        return conv2d(
            x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups, self.padding_mode
        )

    def __repr__(self) -> str:
        return (
            f"Conv2d({self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, dilation={self.dilation}, groups={self.groups}, "
            f"bias={self.bias is not None}, padding_mode={self.padding_mode!r})"
        )


class Sequential:
    """Layers applied one after another, as ``torch.nn.Sequential``: ``model(x) = layers[-1](...layers[0](x))``.

    The layers stay reachable by index (``model[0]`` is the first), and calling
    one of them alone runs only that layer: ``model[0](x)`` skips the rest.

    Example
    -------
    >>> from convlib.activations import ReLU
    >>> conv = Conv2d(1, 1, 1, bias=False)
    >>> conv.weight[...] = -1
    >>> model = Sequential(conv, ReLU())
    >>> x = np.array([[[1.0, -2.0]]])
    >>> model(x).tolist(), conv(x).tolist()
    ([[[0.0, 2.0]]], [[[-1.0, 2.0]]])
    """

    def __init__(self, *layers):
        for index, layer in enumerate(layers):
            if not callable(layer):
                raise TypeError(f"layer {index} of Sequential must be callable (a layer or a function); got "
                                f"{layer!r} of type {type(layer).__name__}")
        self.layers = list(layers)

    def __call__(self, x) -> np.ndarray:
        for layer in self.layers:
            x = layer(x)
        return x

    def __getitem__(self, index):
        return self.layers[index]

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        inner = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({inner}\n)"
