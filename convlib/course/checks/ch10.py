"""Checks for the exercises of the chapter on learned kernels.

Used in: chapter 10.
"""

from __future__ import annotations

import numbers

import numpy as np

from ... import grad
from ...conv import conv2d
from ...train import SGD
from .. import data
from .core import as_array, checked

# Exercise "The kernel's gradient, by hand": y = correlate(x, w) ('valid'), and dL/dy is given.
X = np.array([2.0, -1.0, 3.0, 0.0, 1.0])
W = np.array([1.0, 0.0, -1.0])
GRAD_OUTPUT = np.array([1.0, -2.0, 1.0])

# Exercise "A learning rate for Sobel": momentum 0.9, from a zero kernel, every entry within TOLERANCE in BUDGET steps.
SOBEL_X = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])  # as a layer applies it
MOMENTUM, BUDGET, TOLERANCE = 0.9, 150, 1e-3


def kernel_gradient_truth() -> np.ndarray:
    """dL/dw[p] = sum_r dL/dy[r] * x[r + p]: the correlation of x with dL/dy."""
    return np.correlate(X, GRAD_OUTPUT, mode="valid")


@checked
def kernel_gradient(answer):
    """dL/dw for y = correlate(X, W) ('valid'), given dL/dy = GRAD_OUTPUT: three numbers."""
    dw, hint = as_array(answer, "your gradient", 1)
    if hint:
        return False, hint
    truth = kernel_gradient_truth()
    if dw.shape == X.shape:
        if np.allclose(dw, np.convolve(GRAD_OUTPUT, W)):
            return False, ("that is dL/dx, the input's gradient (the 'full' convolution of dL/dy with w). "
                           "The kernel's gradient has one number per tap: 3.")
        return False, "the kernel has 3 taps, so its gradient has 3 numbers; yours has 5 (as many as x)."
    if dw.shape != truth.shape:
        return False, f"the kernel has 3 taps, so its gradient has 3 numbers; yours has {dw.size}."
    if np.allclose(dw, truth):
        return True, f"dL/dw = {truth.astype(int).tolist()}: each tap collects dL/dy[r] times the x it touched."
    if np.allclose(dw, truth[::-1]):
        return False, ("your numbers are in reverse order: you flipped, as a convolution does. Tap p touched "
                       "x[r + p] at output r, so dL/dw[p] = sum_r dL/dy[r] * x[r + p], a correlation.")
    wrong = [p for p in range(3) if not np.isclose(dw[p], truth[p])]
    p = wrong[0]
    terms = " + ".join(f"({GRAD_OUTPUT[r]:g})({X[r + p]:g})" for r in range(3))
    return False, (f"tap {p} is off (you have {dw[p]:g}). It touched x[{p}], x[{p + 1}], x[{p + 2}] at outputs "
                   f"0, 1, 2, so dL/dw[{p}] = {terms}.")


def _call(function, *args):
    try:
        return function(*args), None
    except Exception as err:  # noqa: BLE001 -- a student's function may raise anything
        return None, f"your function raised {type(err).__name__}: {err}"


@checked
def relu_backward(function):
    """A student's relu_backward(x, grad_output), compared with convlib.grad.relu_backward."""
    if not callable(function):
        return False, f"pass your function itself (relu_backward, no brackets); got {type(function).__name__}."
    rng = np.random.default_rng(10)
    cases = [(np.array([-2.0, -0.5, 0.0, 0.5, 3.0]), np.array([1.0, 2.0, 3.0, -4.0, 5.0])),
             (rng.normal(size=(2, 3, 4, 4)), rng.normal(size=(2, 3, 4, 4)))]
    for x, gy in cases:
        result, error = _call(function, x.copy(), gy.copy())
        if error:
            return False, error
        if result is None:
            return False, "your function returned None; end it with `return` and the gradient."
        got, hint = as_array(result, "your gradient", x.ndim)
        if hint:
            return False, f"{hint} It should have the shape of x, {x.shape}."
        if got.shape != x.shape:
            return False, f"the gradient has the shape of x, {x.shape}; yours has shape {got.shape}."
        truth = grad.relu_backward(x, gy)
        if np.allclose(got, truth):
            continue
        if np.allclose(got, (x > 0).astype(float)):
            return False, "that is the mask (x > 0) alone: multiply it by grad_output (the chain rule)."
        if np.allclose(got, np.where(x >= 0, gy, 0.0)):
            return False, ("at x = 0 exactly the gradient is 0 in torch and convlib (ReLU's slope there is taken "
                           "as 0): use x > 0, not x >= 0.")
        if np.allclose(got, np.where(gy > 0, gy, 0.0)):
            return False, "the mask comes from x (where the ReLU let the input through), not from grad_output."
        if np.allclose(got, np.where(x > 0, 0.0, gy)):
            return False, "the mask is the wrong way round: the gradient passes where x > 0 and is 0 elsewhere."
        return False, "not equal to grad_output where x > 0 and 0 elsewhere; try x = [-1, 2] and grad_output [5, 5]."
    return True, "it matches convlib.grad.relu_backward, zero at exactly 0 included."


def sobel_problem(size: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """The chapter's Sobel problem: the photo (1, 1, H, W) and Sobel x applied as a layer (1, 1, H-2, W-2)."""
    image = data.photo(size)[None, None]
    return image, conv2d(image, SOBEL_X[None, None])


def learn_sobel(lr, steps: int, momentum: float = MOMENTUM, size: int = 128):
    """Learn Sobel x from zeros with SGD(lr, momentum): (steps to converge or None, kernel, losses).

    Stops once every entry is within :data:`TOLERANCE` of Sobel x, or when the loss stops being finite.
    """
    image, target = sobel_problem(size)
    kernel = np.zeros((1, 1, 3, 3))
    optimiser = SGD([kernel], lr=lr, momentum=momentum)
    losses = []
    for step in range(steps + 1):
        error = conv2d(image, kernel) - target
        losses.append(float(np.mean(error**2)))
        if np.abs(kernel[0, 0] - SOBEL_X).max() < TOLERANCE:
            return step, kernel[0, 0], np.array(losses)
        if not np.isfinite(losses[-1]) or losses[-1] > 1e6:
            return None, kernel[0, 0], np.array(losses)
        if step < steps:
            optimiser.step([grad.conv2d_weight(image, kernel.shape, 2 * error / error.size)])
    return None, kernel[0, 0], np.array(losses)


@checked
def sobel_rate(lr):
    """A learning rate with which SGD (momentum 0.9) learns Sobel x from zero within BUDGET steps."""
    if lr is None or lr is Ellipsis:
        return False, "lr is still empty; replace the ... with a number, like 0.1."
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        return False, f"lr should be one number, like 0.1; got {type(lr).__name__}."
    lr = float(lr)
    if not np.isfinite(lr) or lr <= 0:
        return False, f"lr must be a positive number; got {lr}."
    steps, kernel, losses = learn_sobel(lr, BUDGET)
    if steps is not None:
        return True, f"lr = {lr:g} learned Sobel x (every entry within {TOLERANCE:g}) in {steps} steps."
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return False, (f"with lr = {lr:g} the loss grew from {losses[0]:.3g} to {losses[-1]:.3g} by step "
                       f"{len(losses) - 1}: the steps overshoot. Try a smaller lr (with momentum 0.9 the limit is "
                       f"2 (1 + 0.9) / largest eigenvalue).")
    distance = np.abs(kernel - SOBEL_X).max()
    return False, (f"with lr = {lr:g}, after {BUDGET} steps an entry is still {distance:.2g} from Sobel x "
                   f"(the loss went from {losses[0]:.3g} to {losses[-1]:.3g}). Too slow: try a larger lr.")
