"""Activation functions: elementwise non-linearities, as torch.

    relu(x)        = max(x, 0)
    leaky_relu(x)  = x if x >= 0 else negative_slope * x
    sigmoid(x)     = 1 / (1 + exp(-x))
    tanh(x)        = (exp(x) - exp(-x)) / (exp(x) + exp(-x))

Any shape in, the same shape out; NaN stays NaN, and +-inf go where the
limits of the formulas go (``sigmoid(-inf) = 0``, ``tanh(inf) = 1``), with no
overflow warning for large ``|x|``.

Each function also comes as a small module with torch's name and constructor
(:class:`ReLU`, :class:`LeakyReLU`, :class:`Sigmoid`, :class:`Tanh`), so that
``convlib.Sequential(conv, ReLU())`` reads as the torch model it mirrors.
Their derivatives are the backward passes in :mod:`convlib.grad`
(``relu_backward(x, 1)`` is ``relu'(x)``).

Used in: chapter 5.
"""

from __future__ import annotations

import numpy as np
import scipy.special

from ._checks import as_float_array, check_number


def relu(x) -> np.ndarray:
    """Rectified linear unit: ``max(x, 0)``.

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return np.maximum(as_float_array(x, "x"), 0)


def leaky_relu(x, negative_slope: float = 0.01) -> np.ndarray:
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    >>> leaky_relu([-2.0, 3.0], negative_slope=0.1)
    array([-0.2,  3. ])
    """
    x = as_float_array(x, "x")
    slope = x.dtype.type(check_number(negative_slope, "negative_slope"))
    return np.where(x >= 0, x, x * slope)


def sigmoid(x) -> np.ndarray:
    """Logistic sigmoid ``1 / (1 + exp(-x))``, without overflow for large ``|x|``.

    >>> sigmoid([0.0])
    array([0.5])
    """
    return scipy.special.expit(as_float_array(x, "x"))


def tanh(x) -> np.ndarray:
    """Hyperbolic tangent, squashing to (-1, 1).

    >>> tanh([0.0])
    array([0.])
    """
    return np.tanh(as_float_array(x, "x"))


class _Activation:
    """An activation as a layer object: call it on an array of any shape."""

    function = staticmethod(relu)

    def __call__(self, x) -> np.ndarray:
        return type(self).function(x)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ReLU(_Activation):
    """``torch.nn.ReLU()``: :func:`relu` as a layer.

    >>> ReLU()([-1.0, 2.0])
    array([0., 2.])
    """

    function = staticmethod(relu)


class Sigmoid(_Activation):
    """``torch.nn.Sigmoid()``: :func:`sigmoid` as a layer.

    >>> Sigmoid()([0.0])
    array([0.5])
    """

    function = staticmethod(sigmoid)


class Tanh(_Activation):
    """``torch.nn.Tanh()``: :func:`tanh` as a layer.

    >>> Tanh()([0.0])
    array([0.])
    """

    function = staticmethod(tanh)


class LeakyReLU(_Activation):
    """``torch.nn.LeakyReLU(negative_slope=0.01)``: :func:`leaky_relu` as a layer.

    >>> LeakyReLU(0.1)([-2.0, 3.0])
    array([-0.2,  3. ])
    """

    def __init__(self, negative_slope: float = 0.01):
        self.negative_slope = check_number(negative_slope, "negative_slope")

    def __call__(self, x) -> np.ndarray:
        return leaky_relu(x, self.negative_slope)

    def __repr__(self) -> str:
        return f"LeakyReLU(negative_slope={self.negative_slope:g})"


__all__ = ["LeakyReLU", "ReLU", "Sigmoid", "Tanh", "leaky_relu", "relu", "sigmoid", "tanh"]
