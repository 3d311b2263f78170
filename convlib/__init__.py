"""convlib: every operation of the course *Convolutions, hands-on*, in readable numpy.

Two vocabularies, each copied from its home:

* signal style (numpy / scipy.signal): :func:`convolve`, :func:`correlate`,
  :func:`convolve2d`, :func:`correlate2d`, :func:`pad`;
* layer style (torch.nn.functional, NCHW, cross-correlation): :func:`conv1d`,
  :func:`conv2d`, :func:`conv_transpose2d`, :func:`max_pool2d`,
  :func:`avg_pool2d`, :func:`adaptive_avg_pool2d`, :func:`interpolate`, the
  activations and the :class:`Conv2d` layer.

Named kernels live in :mod:`convlib.kernels`, size formulas in
:mod:`convlib.arithmetic`, and the plain textbook loops in
:mod:`convlib.reference`. The backward pass (every layer's gradient, as
torch autograd) is :mod:`convlib.grad`, and :mod:`convlib.train` holds the
SGD and Adam steps of a small training loop.
"""

from . import arithmetic, grad, kernels, reference, train
from .activations import leaky_relu, relu, sigmoid, tanh
from .conv import conv1d, conv2d
from .conv_transpose import conv_transpose2d
from .layers import Conv2d
from .padding import pad
from .pooling import adaptive_avg_pool2d, avg_pool2d, max_pool2d
from .signal1d import convolve, correlate
from .signal2d import convolve2d, correlate2d
from .upsample import interpolate

__version__ = "0.1.0"

__all__ = [
    "arithmetic",
    "kernels",
    "reference",
    "grad",
    "train",
    "convolve",
    "correlate",
    "convolve2d",
    "correlate2d",
    "pad",
    "conv1d",
    "conv2d",
    "conv_transpose2d",
    "max_pool2d",
    "avg_pool2d",
    "adaptive_avg_pool2d",
    "interpolate",
    "relu",
    "leaky_relu",
    "sigmoid",
    "tanh",
    "Conv2d",
]
