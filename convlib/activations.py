"""Activation functions: elementwise non-linearities, as torch.

    relu(x)        = max(x, 0)
    leaky_relu(x)  = x if x >= 0 else negative_slope * x
    sigmoid(x)     = 1 / (1 + exp(-x))
    tanh(x)        = (exp(x) - exp(-x)) / (exp(x) + exp(-x))

Any shape in, the same shape out; NaN stays NaN.

Used in: the tests, so far (written for the activations chapter).
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
