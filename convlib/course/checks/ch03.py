"""Checks for the exercises of chapter 3, stride and padding.

Each check counts windows the plain way (start at 0, step by the stride, stop
when the window no longer fits), so a hint can name the slip: padding counted
once, the floor rounded up, padded positions mistaken for input positions.

Used in: chapter 3.
"""

from __future__ import annotations

import numbers

import numpy as np

from .core import checked, choice_answer

SIZE_SETTING = {"size": 32, "kernel_size": 7, "stride": 3, "padding": 3}
UNREAD_SETTING = {"size": 10, "kernel_size": 3, "stride": 4, "padding": 1}
ALIASING_ANSWER = "b"


def _window_starts(size: int, kernel_size: int, stride: int, before: int, after: int) -> list[int]:
    """Where each window starts in the padded axis: 0, stride, 2*stride, ... while it fits."""
    padded = size + before + after
    return list(range(0, padded - kernel_size + 1, stride))


def _count(size: int, kernel_size: int, stride: int, padding: int) -> int:
    return len(_window_starts(size, kernel_size, stride, padding, padding))


def _whole_number(value, what: str):
    """(int, None) for an integer answer (a float like 11.0 counts), else (None, hint)."""
    if value is None or value is Ellipsis:
        return None, f"{what} is still empty; replace the ... with a number."
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None, f"{what} should be a whole number; got {type(value).__name__}."
    if not np.isfinite(value):
        return None, f"{what} should be a whole number; got {value}."
    if value != int(value):
        return None, f"{what} is {value}; sizes are whole numbers of cells: the formula rounds down (⌊ ⌋)."
    return int(value), None


@checked
def output_size(size):
    """Chapter 3: the output side of a 7x7 layer, stride 3, padding 3, on a 32x32 input."""
    if isinstance(size, (tuple, list)) and len(size) == 2 and size[0] == size[1]:
        size = size[0]  # (11, 11) is fine: the input is square
    n, hint = _whole_number(size, "your size")
    if hint:
        return False, hint
    i, k, s, p = (SIZE_SETTING[name] for name in ("size", "kernel_size", "stride", "padding"))
    truth = _count(i, k, s, p)
    if n == truth:
        return True, f"⌊(32 + 2·3 − 7) / 3⌋ + 1 = ⌊31 / 3⌋ + 1 = {truth}; one padded column is left over."
    if n == -(-(i + 2 * p - k) // s) + 1:
        return False, "you rounded up; a window that does not fit is not placed, so the formula rounds down."
    if n == _count(i, k, s, 0):
        return False, "that leaves the padding out; padding=3 adds 3 cells on each side before the windows slide."
    if n == (i + p - k) // s + 1 or n == (i + 2 * p - k) // s:
        return False, "padding=3 means 3 cells on *each* side (6 in all), and the +1 counts the first window."
    if n == i:
        return False, "32 is what 'same' keeps at stride 1; stride 3 places a window only every third cell."
    return False, f"{n} is off; try ⌊(i + 2p − k) / s⌋ + 1 with i = 32, k = 7, s = 3, p = 3."


@checked
def same_padding(padding):
    """Chapter 3: the padding (per side) that keeps a 5x5 layer's output the size of its input, at stride 1."""
    if isinstance(padding, str):
        return False, "give the number that 'same' stands for: how many cells on each side?"
    if isinstance(padding, (tuple, list)) and len(padding) == 2 and padding[0] == padding[1]:
        padding = padding[0]  # (2, 2): the same on both axes, or on both sides
    p, hint = _whole_number(padding, "your padding")
    if hint:
        return False, hint
    if p < 0:
        return False, "padding is a number of cells added; it cannot be negative."
    change = 2 * p - 5 + 1
    if change == 0:
        return True, "2 on each side: 4 = k − 1 extra cells in all, so the 5×5 window fits at every input cell."
    if p == 4:
        return False, "4 is the total (k − 1); torch's padding counts the cells on each side."
    direction = "grows" if change > 0 else "shrinks"
    return False, f"with padding {p} a 32×32 input gives {32 + change}×{32 + change}: it {direction} by {abs(change)}."


def _indices(answer):
    """(sorted list of ints, None) for a collection of cell indices, else (None, hint)."""
    if answer is None or answer is Ellipsis:
        return None, "your answer is still empty; list the indices, e.g. [0, 5]."
    if isinstance(answer, (str, bytes, dict)) or isinstance(answer, numbers.Number):
        return None, "answer with a list of cell indices, e.g. [0, 5] (or [] if every cell is read)."
    try:
        items = list(answer)
    except TypeError:
        return None, f"answer with a list of cell indices, e.g. [0, 5]; got {type(answer).__name__}."
    values = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, numbers.Real) or not np.isfinite(item) or item != int(item):
            return None, f"every index should be a whole number; {item!r} is not."
        values.append(int(item))
    return sorted(set(values)), None


@checked
def unread_cells(cells):
    """Chapter 3: the input cells (0-based) that no window reads for size 10, kernel 3, stride 4, padding 1."""
    answer, hint = _indices(cells)
    if hint:
        return False, hint
    i, k, s, p = (UNREAD_SETTING[name] for name in ("size", "kernel_size", "stride", "padding"))
    read = set()
    for start in _window_starts(i, k, s, p, p):
        read.update(range(start - p, start - p + k))
    truth = sorted(set(range(i)) - read)
    padded_truth = sorted(set(range(i + 2 * p)) - {c + p for c in read})
    if answer == truth:
        return True, f"cells {truth[0]} and {truth[1]} fall in the gaps: windows start every 4 cells but cover 3."
    if answer in (padded_truth, [c for c in padded_truth if p <= c < i + p]):
        return False, "those are positions in the padded input; subtract the padding (1) to get input cells."
    if any(c < 0 or c >= i for c in answer):
        return False, f"the input has cells 0 to {i - 1}; the padding around them is not part of the input."
    if set(truth) < set(answer):
        extra = sorted(set(answer) - set(truth))
        return False, f"some window reads cell {extra[0]}; windows start at padded positions 0, 4, 8 and cover 3."
    return False, "not those; windows start at padded positions 0, 4 and 8, cover 3 cells each, and padded " \
                  "position c is input cell c − 1."


@checked
def halving_layer(setting):
    """Chapter 3: a (kernel_size, stride, padding) that turns a 224x224 input into 112x112."""
    if isinstance(setting, dict):
        try:
            setting = (setting["kernel_size"], setting["stride"], setting["padding"])
        except KeyError:
            return False, "use the keys 'kernel_size', 'stride' and 'padding', or a tuple (k, s, p)."
    if not isinstance(setting, (tuple, list)) or len(setting) != 3:
        return False, "answer with a tuple (kernel_size, stride, padding), e.g. (3, 1, 1)."
    names = ("kernel_size", "stride", "padding")
    values = []
    for name, value in zip(names, setting):
        if isinstance(value, str):
            return False, f"give {name} as a number; 'same' and 'valid' are not numbers of cells."
        number, hint = _whole_number(value, f"your {name}")
        if hint:
            return False, hint
        values.append(number)
    k, s, p = values
    if k < 1 or s < 1:
        return False, "kernel_size and stride must be at least 1."
    if p < 0:
        return False, "padding cannot be negative."
    if k > 224 + 2 * p:
        return False, f"a {k}-wide kernel does not fit in the padded input of {224 + 2 * p}."
    if p >= k:
        return False, f"with padding {p} ≥ kernel {k} the first window reads only padding; use less padding."
    out = _count(224, k, s, p)
    if out == 112:
        left = (224 + 2 * p - k) % s
        famous = {(7, 2, 3): " It is ResNet's first layer.", (3, 2, 1): " It is the usual stride-2 3×3 layer.",
                  (2, 2, 0): " It is also MaxPool2d(2, 2)'s shape rule."}.get((k, s, p), "")
        rest = f"the floor drops {left} padded cell{'s' if left > 1 else ''}" if left else "every window fits exactly"
        return True, f"⌊(224 + 2·{p} − {k}) / {s}⌋ + 1 = 112; {rest}.{famous}"
    if s == 1:
        return False, f"stride 1 gives {out}: it moves one cell at a time, so it can only trim, never halve."
    return False, f"that gives {out}, not 112; try stride 2, with k and p such that 224 + 2p − k is 222 or 223."


ALIASING_CHOICES = {
    "a": "the stride averages neighbouring pixels, and the average blurs the stripes together",
    "b": "the stride keeps one pixel in every s and skips the rest, so stripes finer than the new pixel grid are "
         "sampled at the wrong places and come back as a coarser, false pattern",
    "c": "the layer flips the kernel, which mirrors the stripes",
    "d": "the padding adds zeros at the border, which darken the stripes",
}


@checked
def aliasing(choice):
    """Chapter 3: why a stride without a blur turns fine stripes into a false pattern (a, b, c or d)."""
    letter, hint = choice_answer(choice, ALIASING_CHOICES)
    if hint:
        return False, hint
    if letter == ALIASING_ANSWER:
        return True, "that is aliasing; a blur first removes the detail the coarser grid cannot hold."
    return False, {
        "a": "a plain stride averages nothing; it keeps one pixel and drops the others (look at stride 4, no blur).",
        "c": "a layer does not flip its kernel, and here the kernel is 1×1 anyway; the stride alone does it.",
        "d": "padding only touches the border; the false pattern fills the whole picture.",
    }[letter]
