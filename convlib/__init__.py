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

Dtypes, the same rule for every function: float32 stays float32 when every
array argument is float32; anything else (float64, float16, bool and every
integer type, or a mix) is computed and returned as float64. So integer input
never wraps around or truncates, and the result may differ in dtype from the
libraries convlib follows: ``scipy.signal.convolve2d`` keeps uint8 and wraps
(four pixels of 200 sum to 32), ``np.convolve`` keeps int64, and torch keeps
integer dtypes in ``max_pool2d`` and nearest ``interpolate``. Cast back
yourself if you need the integer type, e.g. ``np.clip(out, 0, 255).astype(np.uint8)``.

>>> import numpy as np
>>> image = np.full((2, 2), 200, dtype=np.uint8)
>>> convolve2d(image, np.ones((2, 2), dtype=np.uint8), mode="valid")
array([[800.]])
"""

from . import arithmetic, grad, kernels, reference, train
from .activations import LeakyReLU, ReLU, Sigmoid, Tanh, leaky_relu, relu, sigmoid, tanh
from .conv import conv1d, conv2d
from .conv_transpose import conv_transpose2d
from .layers import Conv2d, Sequential
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
    "Sequential",
    "ReLU",
    "LeakyReLU",
    "Sigmoid",
    "Tanh",
]
