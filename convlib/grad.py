"""The backward pass: the gradient of each layer function, as torch autograd computes it.

Each ``*_backward`` function takes the layer's input and ``grad_output``, the
gradient of the loss with respect to the layer's output, and returns the
gradient with respect to the input (and to the weight and bias, if any). The
central fact of chapter 10 is that the gradients of a convolution are again
convolutions::

    y = conv2d(x, w)                        (stride s, padding p, dilation d)
    dL/dx = conv_transpose2d(dL/dy, w)      (the same s, p, d)
    dL/dw[o, i] = sum_n correlate(x_pad[n, i], dL/dy[n, o])   (stride d, dilation s)

This module holds the activations, the linear layer and the loss; the
convolution's gradient lives in :mod:`convlib.grad_conv` and the pools' in
:mod:`convlib.grad_pool`. Both are re-exported here, so every gradient is
``convlib.grad.<name>``. The plain loops that a textbook writes are in
:mod:`convlib.reference`.

Used in: the tests, so far (written for the learned-kernels chapter).
"""

from __future__ import annotations

import numpy as np
import scipy.special

from ._checks import as_float_array, check_grad_output, check_ndim, check_number, result_dtype
from .grad_conv import conv2d_backward, conv2d_weight
from .grad_pool import avg_pool2d_backward, max_pool2d_backward

__all__ = [
    "conv2d_backward",
    "conv2d_weight",
    "max_pool2d_backward",
    "avg_pool2d_backward",
    "relu_backward",
    "leaky_relu_backward",
    "sigmoid_backward",
    "tanh_backward",
    "linear_backward",
    "cross_entropy",
]


def _elementwise(x, grad_output):
    x = as_float_array(x, "x")
    gy = check_grad_output(grad_output, x.shape, "an elementwise function of `x`")
    dtype = result_dtype(x, gy)
    return x.astype(dtype, copy=False), gy.astype(dtype, copy=False)


def relu_backward(x, grad_output) -> np.ndarray:
    """Gradient of ``relu(x)``: ``grad_output`` where ``x > 0``, else 0 (0 at exactly 0, as torch).

    Parameters
    ----------
    x, grad_output : array_like, the same shape (any)

    Returns
    -------
    ndarray, the shape of x: ``0 where x <= 0, else grad_output`` (so NaN in x passes the
    gradient through, as in torch)

    Example
    -------
    >>> relu_backward([-1.0, 0.0, 2.0], [5.0, 5.0, 5.0])
    array([0., 0., 5.])

    Used in: chapter 5 (the derivative curves).
    """
    x, gy = _elementwise(x, grad_output)
    return np.where(x <= 0, x.dtype.type(0), gy)


def leaky_relu_backward(x, grad_output, negative_slope: float = 0.01) -> np.ndarray:
    """Gradient of ``leaky_relu(x, negative_slope)``: ``grad_output`` where ``x > 0``, else ``negative_slope`` times it.

    At exactly 0 the slope is ``negative_slope``, as torch.

    Parameters
    ----------
    x, grad_output : array_like, the same shape (any)
    negative_slope : float

    Returns
    -------
    ndarray, the shape of x

    Example
    -------
    >>> leaky_relu_backward([-1.0, 0.0, 2.0], [5.0, 5.0, 5.0], negative_slope=0.1)
    array([0.5, 0.5, 5. ])

    Used in: chapter 5.
    """
    slope = check_number(negative_slope, "negative_slope")
    x, gy = _elementwise(x, grad_output)
    return np.where(x > 0, gy, gy * x.dtype.type(slope))


def sigmoid_backward(x, grad_output) -> np.ndarray:
    """Gradient of ``sigmoid(x)``: ``grad_output * s * (1 - s)`` with ``s = sigmoid(x)``.

    Parameters
    ----------
    x, grad_output : array_like, the same shape (any)

    Returns
    -------
    ndarray, the shape of x

    Example
    -------
    >>> sigmoid_backward([0.0], [1.0])
    array([0.25])

    Used in: chapter 5 (the derivative curves).
    """
    x, gy = _elementwise(x, grad_output)
    s = scipy.special.expit(x)
    return gy * (1 - s) * s


def tanh_backward(x, grad_output) -> np.ndarray:
    """Gradient of ``tanh(x)``: ``grad_output * (1 - tanh(x)**2)``.

    Parameters
    ----------
    x, grad_output : array_like, the same shape (any)

    Returns
    -------
    ndarray, the shape of x

    Example
    -------
    >>> tanh_backward([0.0], [3.0])
    array([3.])

    Used in: chapter 5 (the derivative curves).
    """
    x, gy = _elementwise(x, grad_output)
    t = np.tanh(x)
    return gy * (1 - t * t)


def linear_backward(x, weight, grad_output):
    """Gradients of the linear layer ``y = x @ weight.T + bias`` (torch's ``nn.Linear`` layout).

    Parameters
    ----------
    x : array_like (N, in_features), or (..., in_features)
    weight : array_like (out_features, in_features)
    grad_output : array_like (N, out_features), or (..., out_features)

    Returns
    -------
    grad_input : ndarray, the shape of x: ``grad_output @ weight``
    grad_weight : ndarray (out_features, in_features): ``grad_output.T @ x``, summed over the batch
    grad_bias : ndarray (out_features,): ``grad_output`` summed over the batch

    Example
    -------
    >>> gx, gw, gb = linear_backward([[1.0, 2.0]], [[3.0, 4.0]], [[1.0]])
    >>> gx, gw, gb
    (array([[3., 4.]]), array([[1., 2.]]), array([1.]))

    Used in: the tests, so far.
    """
    x = as_float_array(x, "x")
    w = as_float_array(weight, "weight")
    check_ndim(w, "weight", (2,), "(out_features, in_features), as torch.nn.Linear")
    if x.ndim == 0 or x.shape[-1] != w.shape[1]:
        raise ValueError(
            f"`x` of shape {x.shape} must end in in_features={w.shape[1]} (weight.shape[1]), "
            f"as torch.nn.Linear's input (N, in_features)"
        )
    gy = check_grad_output(grad_output, x.shape[:-1] + (w.shape[0],), "x @ weight.T")
    dtype = result_dtype(x, w, gy)
    x, w, gy = (a.astype(dtype, copy=False) for a in (x, w, gy))
    flat_x, flat_gy = x.reshape(-1, x.shape[-1]), gy.reshape(-1, gy.shape[-1])
    return gy @ w, flat_gy.T @ flat_x, flat_gy.sum(axis=0)


def _check_labels(labels, n_rows: int, n_classes: int) -> np.ndarray:
    array = np.asarray(labels)
    if array.dtype.kind not in "iu":
        raise TypeError(
            f"`labels` must be integer class indices; got dtype {array.dtype}. "
            f"Convert them with np.asarray(labels, dtype=int)"
        )
    check_ndim(array, "labels", (1,), "a 1-D array of class indices, one per row of `logits`")
    if len(array) != n_rows:
        raise ValueError(f"`labels` has {len(array)} entries but `logits` has {n_rows} rows; give one label per row")
    bad = np.flatnonzero((array < 0) | (array >= n_classes))
    if bad.size:
        raise ValueError(
            f"`labels` must be in 0..{n_classes - 1} for {n_classes} classes (logits.shape[1]); "
            f"got {array[bad[0]]} at index {bad[0]}"
        )
    return array


def cross_entropy(logits, labels):
    """Mean cross-entropy loss of ``logits`` against integer ``labels``, and its gradient.

    As ``torch.nn.functional.cross_entropy`` with its defaults (mean over the
    batch, no ignore_index, no label smoothing), computed stably with the
    log-sum-exp trick so that large logits do not overflow.

    Parameters
    ----------
    logits : array_like (N, classes), unnormalised scores
    labels : array_like of int (N,), each in ``0 .. classes - 1``

    Returns
    -------
    loss : scalar of the logits' dtype,
        ``mean_n (logsumexp(logits[n]) - logits[n, labels[n]])``
    grad_logits : ndarray (N, classes), ``(softmax(logits) - one_hot(labels)) / N``

    Example
    -------
    >>> loss, grad = cross_entropy([[0.0, 0.0]], [1])
    >>> round(float(loss), 4), grad
    (0.6931, array([[ 0.5, -0.5]]))

    Used in: the tests, so far.
    """
    z = as_float_array(logits, "logits")
    check_ndim(z, "logits", (2,), "(N, classes): one row of scores per example")
    labels = _check_labels(labels, *z.shape)
    shifted = z - z.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(len(z))
    loss = -log_probs[rows, labels].mean()
    grad = np.exp(log_probs)
    grad[rows, labels] -= 1
    grad /= len(z)
    return z.dtype.type(loss), grad
