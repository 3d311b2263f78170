"""Checks for the exercises of the chapter on pooling.

Every check compares the answer with an oracle written out here from the
definition (a max or a mean over each window, torch's output-size rule, the
parameter count), not with the convlib function the chapter teaches.

Used in: chapter 6.
"""

from __future__ import annotations

import numpy as np

from .core import as_array, checked

# Exercise "Pool by hand": max-pool 2x2 (stride 2) of this 4x6 array.
HAND = np.array([[1, 3, 2, 9, 0, 4],
                 [5, 2, 7, 1, 6, 6],
                 [8, 0, 3, 3, 2, 1],
                 [4, 6, 5, 2, 7, 9]], dtype=float)

# Exercise "GoogLeNet's ceil_mode": MaxPool2d(kernel_size=3, stride=2) on GoogLeNet's 56x56 map (its second
# pool; the chapter's text works the first one, on 112x112, so the answer is not on the page).
SIZE = {"size": 56, "kernel_size": 3, "stride": 2}

# Exercise "Parameters": Conv2d(128, 128, kernel_size=3, stride=2, padding=1) against MaxPool2d(2) (the chapter's
# table counts 64 channels and kernels of 2 and 3).
CHANNELS = 128
KERNEL = 3


def _windows(x: np.ndarray, k: int, s: int, reduce) -> np.ndarray:
    """The textbook pool: ``reduce`` over every k x k window at stride s ('valid', floor)."""
    rows, cols = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1
    return np.array([[reduce(x[r * s:r * s + k, c * s:c * s + k]) for c in range(cols)] for r in range(rows)])


@checked
def hand_pool(answer):
    """Max-pool 2x2 with stride 2 of HAND, written out by hand: a 2x3 array."""
    y, hint = as_array(answer, "your pooled array", 2)
    if hint:
        return False, hint
    truth = _windows(HAND, 2, 2, np.max)
    if y.shape != truth.shape:
        if y.shape == (3, 5):
            return False, "that is a 3x5 output: stride 1. MaxPool2d(2) moves by its window, stride 2, " \
                          "so the 4x6 array gives 2x3."
        if y.shape == truth.T.shape:
            return False, f"rows and columns are swapped: 4 rows give 2, 6 columns give 3, so shape (2, 3); " \
                          f"yours is {y.shape}."
        return False, f"a 2x2 window at stride 2 fits 4/2 = 2 times down and 6/2 = 3 times across: shape (2, 3); " \
                      f"yours is {y.shape}."
    if np.array_equal(y, truth):
        return True, "each cell is the largest of its 2x2 block, " + ", ".join(f"{v:g}" for v in truth.ravel()) + "."
    if np.allclose(y, _windows(HAND, 2, 2, np.mean)):
        return False, "those are the averages of the blocks; max-pooling keeps the largest value."
    if np.array_equal(y, _windows(HAND, 2, 2, np.min)):
        return False, "those are the smallest values of the blocks; max-pooling keeps the largest."
    wrong = [(r, c) for (r, c), v in np.ndenumerate(y) if v != truth[r, c]]
    r, c = wrong[0]
    block = HAND[2 * r:2 * r + 2, 2 * c:2 * c + 2]
    return False, f"{len(wrong)} of 6 cells differ. Cell ({r}, {c}) comes from rows {2 * r}-{2 * r + 1} and " \
                  f"columns {2 * c}-{2 * c + 1}: {block.ravel().astype(int).tolist()}."


def _torch_rule(size: int, k: int, s: int, ceil: bool) -> int:
    """torch's pool output size, written out: floor or ceil of (size - k) / s, plus 1; the last window starts inside."""
    room = size - k
    out = (-(-room // s) if ceil else room // s) + 1
    if ceil and (out - 1) * s >= size:
        out -= 1
    return out


@checked
def pool_size(answer):
    """The output size of MaxPool2d(3, stride=2) on SIZE x SIZE, with ceil_mode=False and with ceil_mode=True."""
    sizes, hint = as_array(answer, "your answer", 1)
    if hint:
        return False, hint
    if sizes.shape != (2,):
        return False, f"give two numbers, (size with ceil_mode=False, size with ceil_mode=True); you gave {sizes.size}."
    if not np.all(sizes == np.round(sizes)):
        return False, "an output size is a whole number of pixels."
    n, k, s = SIZE["size"], SIZE["kernel_size"], SIZE["stride"]
    truth = (_torch_rule(n, k, s, False), _torch_rule(n, k, s, True))
    floor, ceil = int(sizes[0]), int(sizes[1])
    steps = (n - k) / s
    if (floor, ceil) == truth:
        return True, f"({n} − {k}) / {s} = {steps:g}: floor gives {int(steps)} + 1 = {truth[0]}, ceil gives " \
                     f"{int(steps) + 1} + 1 = {truth[1]}. GoogLeNet uses ceil_mode=True to get exactly half of {n}."
    if (floor, ceil) == (truth[1], truth[0]):
        return False, "swapped: ceil_mode rounds up, so its size is the larger one."
    if floor == ceil:
        return False, f"the two differ here: ({n} − {k}) / {s} is not a whole number, so floor and ceil round it apart."
    if floor == truth[0] - 1 or ceil == truth[1] - 1:
        return False, "add 1: the formula counts the steps the window takes, plus its first position."
    if floor == n - k + 1:
        return False, f"{floor} is stride 1; the pool moves 2 pixels at a time."
    if floor == n // k or floor == (n - k) // k + 1:
        return False, "that uses the default stride (= the window, 3); this pool sets stride=2."
    return False, "use out = floor((H − k) / s) + 1, and ceil in place of floor for ceil_mode=True."


@checked
def parameters(answer):
    """The learned parameters of MaxPool2d(2) and of Conv2d(CHANNELS, CHANNELS, KERNEL, stride=2, padding=1)."""
    if not isinstance(answer, dict):
        return False, 'answer with a dict: {"pool": ..., "conv": ...}.'
    values = {}
    for key in ("pool", "conv"):
        if key not in answer:
            return False, f'your dict has no entry "{key}".'
        value, hint = as_array(answer[key], f'"{key}"', 0)
        if hint:
            return False, hint
        if value != np.round(value):
            return False, f'"{key}" should be a whole number of parameters.'
        values[key] = int(value)
    c, k = CHANNELS, KERNEL
    conv = c * c * k * k + c
    if values["pool"] != 0:
        return False, "a pool has nothing to learn: its max or mean is fixed, so it has 0 parameters."
    if values["conv"] == conv:
        return True, f"0 for the pool; {c}·{c}·{k}·{k} weights + {c} biases = {conv:,} for the strided " \
                     "convolution. Stride and padding change the output's size, not the count."
    if values["conv"] == c * c * k * k:
        return False, "that counts the weights; every output channel also learns one bias."
    if values["conv"] in (c * k * k + c, c * k * k):
        return False, f"each of the {c} output channels has a {k}×{k} kernel for every one of the {c} input channels."
    if values["conv"] in (c * c * 2 * 2 + c, c * c * 2 * 2):
        return False, f"that is a 2×2 kernel; this convolution's kernel is {k}×{k}."
    if values["conv"] in (c * c * (k + 2) ** 2 + c, c * c * k * k * 4 + c):
        return False, "padding and stride learn nothing: count only the kernel's weights and the biases."
    return False, "count out·in·kh·kw weights, plus one bias per output channel."


def _pooled(x: np.ndarray) -> np.ndarray:
    return _windows(x, 2, 2, np.max)


@checked
def shift_counterexample(x):
    """An input whose 2x2 max-pool (stride 2) changes when the input moves one pixel to the right (wrapping)."""
    grid, hint = as_array(x, "your input", 2)
    if hint:
        return False, hint
    h, w = grid.shape
    if h < 2 or w < 2 or h % 2 or w % 2:
        return False, f"use an even height and width of at least 2, so that 2x2 windows tile it; yours is {h}x{w}."
    before = _pooled(grid)
    after = _pooled(np.roll(grid, 1, axis=1))
    if np.array_equal(before, after):
        if np.ptp(grid) == 0:
            return False, "a flat input looks the same wherever it is; put one bright pixel on a dark background."
        return False, "after the shift every window still has the same maximum. Put a bright pixel in the " \
                      "right-hand column of a window (an odd column): the shift carries it into the next window."
    changed = int(np.sum(before != after))
    return True, f"{changed} of {before.size} pooled values change although the input only moved one pixel: " \
                 f"max-pooling is not shift-invariant."


__all__ = ["CHANNELS", "HAND", "KERNEL", "SIZE", "hand_pool", "parameters", "pool_size", "shift_counterexample"]
