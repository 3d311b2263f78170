"""The plain textbook loops: slow, obvious, and the oracle for the fast code.

Every function here is written to be read next to its formula, one output
element at a time. The tests check the fast functions against these, and the
book times them to show what vectorising buys.

* :mod:`convlib.reference.forward`: the forward loops (``convolve_loop``,
  ``correlate2d_loop``, ``conv2d_loop``, ``conv_transpose2d_loop``, the pools);
* :mod:`convlib.reference.backward`: their gradients (``conv2d_backward_loop``,
  the pools, ``linear_backward_loop``, ``cross_entropy_loop``).

Used in: chapter 1 (the convolution sum), chapter 2 (the speed comparison), and the
tests (the backward loops are written for the learned-kernels chapter).
"""

from .backward import (
    avg_pool2d_backward_loop,
    conv2d_backward_loop,
    cross_entropy_loop,
    linear_backward_loop,
    max_pool2d_backward_loop,
)
from .forward import (
    avg_pool2d_loop,
    conv2d_loop,
    conv_transpose2d_loop,
    convolve_loop,
    correlate2d_loop,
    max_pool2d_loop,
)

__all__ = [
    "convolve_loop",
    "correlate2d_loop",
    "conv2d_loop",
    "conv_transpose2d_loop",
    "max_pool2d_loop",
    "avg_pool2d_loop",
    "conv2d_backward_loop",
    "max_pool2d_backward_loop",
    "avg_pool2d_backward_loop",
    "linear_backward_loop",
    "cross_entropy_loop",
]
