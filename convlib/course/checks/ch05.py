"""Checks for the exercises of the chapter on activations.

Each check judges the answer against an oracle that does not come from the
student's code: the two layers run one after the other (scipy), pooling written
out with numpy, the seeds' layer on the checkerboard, and scipy's ``expit``.

Used in: chapter 5.
"""

from __future__ import annotations

import numpy as np
import scipy.signal
import scipy.special

from .. import data
from .core import as_array, checked, choice_answer

# Exercise "Two layers, one kernel": two 3x3 layers (cross-correlations, as a layer applies them), no activation.
FIRST = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, -1.0]])
SECOND = np.array([[0.0, 1.0, 0.0], [1.0, -2.0, 0.0], [0.0, 0.0, 3.0]])


def _layer(x, kernel):
    """One layer: scipy's 'valid' cross-correlation (no flip)."""
    return scipy.signal.correlate2d(x, kernel, mode="valid")


@checked
def combined_kernel(kernel):
    """The 5x5 kernel of one layer that equals layer FIRST followed by layer SECOND (no activation)."""
    k, hint = as_array(kernel, "your kernel", 2)
    if hint:
        return False, hint
    if k.shape != (5, 5):
        return False, f"two 3×3 layers in a row see a 5×5 window of the input (3 + 3 − 1 = 5); your kernel is " \
                      f"{k.shape[0]}×{k.shape[1]}."
    image = np.random.default_rng(5).normal(size=(9, 11))
    two = _layer(_layer(image, FIRST), SECOND)
    if np.allclose(_layer(image, k), two):
        return True, "one 5×5 layer with convolve2d(FIRST, SECOND, 'full') gives the same output as the two " \
                     "layers, on any input."
    full = scipy.signal.convolve2d(FIRST, SECOND, mode="full")
    if np.allclose(k, full[::-1, ::-1]):
        return False, "your kernel is the right one rotated by 180°. A layer correlates: it applies its kernel " \
                      "without flipping it. Which of your steps flipped it?"
    if np.allclose(k, scipy.signal.correlate2d(FIRST, SECOND, mode="full")) or \
            np.allclose(k, scipy.signal.correlate2d(SECOND, FIRST, mode="full")):
        return False, "you correlated the kernels with each other; correlating twice composes as a " \
                      "*convolution* of the two kernels: convolve2d(FIRST, SECOND, 'full')."
    if np.isclose(k.sum(), full.sum()):
        return False, f"your kernel sums to {full.sum():g}, as it should (flat input: {FIRST.sum():g} × " \
                      f"{SECOND.sum():g}), but its taps are in the wrong places; run both layers on an image " \
                      "with a single 1 and look at the result."
    return False, f"your kernel sums to {k.sum():g}; on a flat input the two layers multiply it by " \
                  f"{FIRST.sum():g} and then by {SECOND.sum():g}, so the kernel must sum to {full.sum():g}."


# The entry of the 5x5 kernel the exercise asks for by hand: row 2, column 3, counting from 0.
ENTRY = (2, 3)


@checked
def combined_entry(value):
    """Entry ENTRY of the combined 5x5 kernel, worked out by hand from FIRST and SECOND."""
    number, hint = as_array(value, "your entry", 0)
    if hint:
        return False, hint
    v = float(number)
    r, c = ENTRY
    full = scipy.signal.convolve2d(FIRST, SECOND, mode="full")
    terms = [(i, j, r - i, c - j) for i in range(3) for j in range(3) if 0 <= r - i < 3 and 0 <= c - j < 3]
    products = [(FIRST[i, j], SECOND[p, q]) for i, j, p, q in terms if FIRST[i, j] * SECOND[p, q] != 0]
    worked = " + ".join(f"{x:g}·{y:g}" for x, y in products).replace("+ -", "− ")
    if np.isclose(v, full[r, c]):
        return True, f"kernel[{r}, {c}] = sum of FIRST[i, j] · SECOND[{r} − i, {c} − j] = {worked} = " \
                     f"{full[r, c]:g}; the other products have a 0 in them."
    if np.isclose(v, full[::-1, ::-1][r, c]) or np.isclose(v, full[c, r]):
        return False, f"that is the value at another place of the kernel (rotated or transposed). The entry in " \
                      f"row {r}, column {c} pairs FIRST[i, j] with SECOND[{r} − i, {c} − j]: the indices add up " \
                      f"to ({r}, {c})."
    if np.isclose(v, scipy.signal.correlate2d(FIRST, SECOND, mode="full")[r, c]) or \
            np.isclose(v, scipy.signal.correlate2d(SECOND, FIRST, mode="full")[r, c]):
        return False, "that pairs the kernels as a correlation (indices that differ by a fixed offset). Two " \
                      f"layers in a row combine as a convolution: FIRST[i, j] meets SECOND[{r} − i, {c} − j]."
    return False, f"list the pairs (i, j), ({r} − i, {c} − j) that fall inside both 3×3 kernels ({len(terms)} " \
                  f"of them), multiply FIRST[i, j] by SECOND[{r} − i, {c} − j] for each, and add."


def order_map() -> np.ndarray:
    """The 4x4 signed map of the exercise on the order of ReLU and pooling.

    >>> order_map().shape
    (4, 4)
    """
    return np.array([[3.0, -1.0, -2.0, -2.0],
                     [-2.0, 1.0, -1.0, -3.0],
                     [1.0, 2.0, 4.0, -4.0],
                     [0.0, -1.0, -1.0, 3.0]])


ORDERS = {"a": "max-pool", "b": "average pool", "c": "both", "d": "neither"}


def _pool(x, how):
    """2x2 pooling with stride 2, written out: every window as four numbers."""
    windows = np.stack([x[0::2, 0::2], x[0::2, 1::2], x[1::2, 0::2], x[1::2, 1::2]])
    return windows.max(axis=0) if how == "max" else windows.mean(axis=0)


@checked
def which_order(answer):
    """Multiple choice: for which 2x2 pool does swapping it with ReLU change the result on order_map()?"""
    letter, hint = choice_answer(answer, ORDERS)
    if hint:
        return False, hint
    x = order_map()
    relu = lambda v: np.maximum(v, 0)  # noqa: E731
    a_first, a_last = _pool(relu(x), "avg"), relu(_pool(x, "avg"))
    changed = int(np.sum(~np.isclose(a_first, a_last)))
    top_left = f"top-left window (3, −1, −2, 1): ReLU first gives (3 + 0 + 0 + 1) / 4 = {a_first[0, 0]:g}, " \
               f"pooling first gives ReLU({_pool(x, 'avg')[0, 0]:g}) = {a_last[0, 0]:g}"
    if letter == "b":
        return True, f"{changed} of the 4 averages change: {top_left}. Max-pool and ReLU commute (ReLU never " \
                     "changes which value is largest), so the max result is the same either way."
    return False, {
        "a": "ReLU keeps the order of values (it is monotone), so the largest value of a window stays the largest; "
             "max-pool gives the same result either way. Try the average on the top-left window.",
        "c": "the max-pool result is the same either way: the largest of four values, clipped at 0, is the "
             "largest of the four clipped values. Only one of the pools changes.",
        "d": f"compute one average both ways: {top_left}.",
    }[letter]


def _number(value) -> float | None:
    if isinstance(value, (bool, str)) or value is None or value is Ellipsis:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number


def _sobel_x_channel() -> np.ndarray:
    layer = data.seed_layer()
    return scipy.signal.correlate2d(data.checkerboard(4, 3), layer.weight[1, 0], mode="valid")


@checked
def dead_bias(answer):
    """The largest bias b for which ReLU(Sobel x channel + b), on the seeds' checkerboard, is 0 everywhere."""
    if answer is None or answer is Ellipsis:
        return False, "your answer is still empty; replace the ... with a number."
    b = _number(answer)
    if b is None:
        return False, f"answer with one number, like -3.5; got {type(answer).__name__}."
    if not np.isfinite(b):
        return False, "answer with a finite number."
    channel = _sobel_x_channel()
    peak = float(channel.max())
    alive = int(np.sum(channel + b > 0))
    if np.isclose(b, -peak):
        return True, f"the strongest response is {peak:g} (a whole column of the window on each side of an edge: " \
                     f"(1 + 2 + 1) × 2); with b = −{peak:g} it lands exactly on 0, and every pixel is switched " \
                     "off. Any bias below that kills the map too."
    if b >= 0:
        return False, f"a bias of {b:g} lifts every pixel; ReLU then keeps {alive} of the {channel.size} pixels. " \
                      "Killing a map takes a negative bias."
    if alive:
        return False, f"with b = {b:g}, {alive} pixels are still above 0 (the edges, where Sobel x gives " \
                      f"{peak:g}). Push the bias lower."
    return False, f"with b = {b:g} the map is dead, but so it is with a bias closer to 0; find the largest one, " \
                  "where the strongest response just reaches 0."


def _oracle_sigmoid(x: np.ndarray) -> np.ndarray:
    return scipy.special.expit(x)


@checked
def my_sigmoid(function):
    """A student-written sigmoid: equal to 1 / (1 + exp(-x)), for every x, without an overflow warning."""
    if not callable(function):
        return False, "pass the function itself, without parentheses: checks.my_sigmoid(my_sigmoid)."
    cases = [("small inputs", np.linspace(-6, 6, 25)),
             ("large inputs", np.array([-1000.0, -750.0, -40.0, 40.0, 750.0, 1000.0])),
             ("NaN and ±inf", np.array([np.nan, -np.inf, np.inf, 0.0]))]
    for name, x in cases:
        try:
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                result = function(x.copy())
        except FloatingPointError as err:
            trap = " np.where computes both branches on every element, so exp(-x) is still evaluated where it " \
                   "overflows; use exp(-|x|), which is never above 1, in both formulas." \
                if name != "small inputs" else ""
            return False, f"on {name} numpy reported '{err}': exp overflowed. For x < 0, write " \
                          f"1 / (1 + exp(-x)) as exp(x) / (1 + exp(x)).{trap}"
        if result is None or result is Ellipsis:
            return False, "your function returns nothing yet; end it with `return ...`."
        try:
            y = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            return False, f"your function should return numbers; it returned {type(result).__name__}."
        if y.shape != x.shape:
            return False, f"on {name} (shape {x.shape}) your function returned shape {y.shape}; an activation " \
                          "works element by element and keeps the shape."
        truth = _oracle_sigmoid(x)
        if not np.array_equal(np.isnan(y), np.isnan(truth)):
            where = "NaN should stay NaN" if np.isnan(x).any() else "no value should be NaN"
            return False, f"on {name}, {where}; got {y.tolist()}."
        finite = ~np.isnan(truth)
        if not np.allclose(y[finite], truth[finite], rtol=1e-9, atol=1e-12):
            bad = int(np.argmax(~np.isclose(y, truth, rtol=1e-9, atol=1e-12) & finite))
            return False, f"on {name}, at x = {x[bad]:g} you give {y[bad]:.6g}; sigmoid is {truth[bad]:.6g}."
    return True, "right on small and large inputs, NaN and ±inf, without a single overflow."


__all__ = ["ENTRY", "FIRST", "ORDERS", "SECOND", "combined_entry", "combined_kernel", "dead_bias", "my_sigmoid",
           "order_map", "which_order"]
