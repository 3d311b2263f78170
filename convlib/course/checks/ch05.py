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
from .core import as_array, checked

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


def _pool(x, how):
    """2x2 pooling with stride 2, written out: every window as four numbers."""
    windows = np.stack([x[0::2, 0::2], x[0::2, 1::2], x[1::2, 0::2], x[1::2, 1::2]])
    return windows.max(axis=0) if how == "max" else windows.mean(axis=0)


ORDER_KEYS = ("relu first", "pool first")


def _orders_answer(answer):
    """{'relu first': 2x2, 'pool first': 2x2} as two arrays, or a hint."""
    shape = 'a dict {"ReLU first": [[., .], [., .]], "pool first": [[., .], [., .]]}'
    if answer is None or answer is Ellipsis:
        return None, f"your answer is still empty; write {shape}."
    if not isinstance(answer, dict):
        return None, f"give {shape}; got {type(answer).__name__}."
    keys = {str(k).strip().lower(): v for k, v in answer.items()}
    missing = [k for k in ORDER_KEYS if k not in keys]
    if missing:
        return None, f"your dict needs the keys 'ReLU first' and 'pool first'; missing {missing}."
    arrays = []
    for key in ORDER_KEYS:
        array, hint = as_array(keys[key], f"'{key}'", 2)
        if hint:
            return None, hint
        if array.shape != (2, 2):
            return None, f"'{key}' should be 2×2 (four 2×2 windows of a 4×4 map); yours is {array.shape}."
        arrays.append(array)
    return arrays, None


@checked
def both_orders(answer):
    """The 2x2 average pool of order_map(), with ReLU before it and with ReLU after it, worked out by hand."""
    arrays, hint = _orders_answer(answer)
    if hint:
        return False, hint
    relu_first, pool_first = arrays
    x = order_map()
    relu = lambda v: np.maximum(v, 0)  # noqa: E731
    right_first, right_last = _pool(relu(x), "avg"), relu(_pool(x, "avg"))
    ok_first, ok_last = np.isclose(relu_first, right_first), np.isclose(pool_first, right_last)
    if ok_first.all() and ok_last.all():
        same = [f"({r}, {c})" for r, c in zip(*np.nonzero(np.isclose(right_first, right_last)))]
        return True, f"ReLU first {right_first.tolist()}, pool first {right_last.tolist()}. Only window " \
                     f"{', '.join(same)} agrees: all its values are negative, so both orders give 0. Wherever a " \
                     "window mixes signs, clipping first keeps the positive part whole, and the average is " \
                     "larger. With max-pooling the two orders always agree: ReLU never changes which value " \
                     "is the largest."
    if np.allclose(relu_first, right_last) and np.allclose(pool_first, right_first):
        return False, "your two results are swapped: 'ReLU first' clips each of the four values, then averages; " \
                      "'pool first' averages, then clips the average."
    if np.allclose(relu_first, _pool(relu(x), "max")) or np.allclose(pool_first, relu(_pool(x, "max"))):
        return False, "that is the max-pool. Here the pool is the average: add the four values of a window, " \
                      "divide by 4."
    if (pool_first < 0).any():
        return False, "'pool first' has a negative value, but its last step is a ReLU."
    if np.allclose(relu_first, _pool(x, "avg")):
        return False, "'ReLU first' is the plain average: clip the negative values to 0 before you average."
    which = "'ReLU first'" if not ok_first.all() else "'pool first'"
    wrong = ok_first if not ok_first.all() else ok_last
    r, c = (int(i[0]) for i in np.nonzero(~wrong))
    return False, f"{which} is off in the window in row {r}, column {c} (rows {2 * r}–{2 * r + 1}, columns " \
                  f"{2 * c}–{2 * c + 1} of the map). Write its four values and redo that one."


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


__all__ = ["ENTRY", "FIRST", "ORDER_KEYS", "SECOND", "both_orders", "combined_entry", "combined_kernel", "dead_bias",
           "my_sigmoid", "order_map"]
