"""Checks for the exercises of chapter 8, dilation.

Each check works the answer out on its own (offsets enumerated one by one,
the textbook loop), not with the convlib function the chapter teaches.

Used in: chapter 8.
"""

from __future__ import annotations

import itertools

import numpy as np

from ...reference import correlate2d_loop
from .core import as_array, checked, number_answer, whole


def _pair(answer, what: str):
    """(a, b) of whole numbers, or (None, hint)."""
    if answer is None or answer is Ellipsis:
        return None, f"{what} is still empty; replace the ... with your answer."
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return None, f"answer with a pair {what}, like (7, 1)."
    if any(a is Ellipsis for a in answer):
        return None, "fill in both numbers of the pair (replace each ...)."
    values = [whole(a) for a in answer]
    if None in values:
        return None, f"both entries should be whole numbers; got {tuple(answer)!r}."
    return tuple(values), None


@checked
def span(answer):
    """Chapter 8: (span in pixels, CS231n's dilation) of a 5x5 kernel with PyTorch's dilation=3."""
    pair, hint = _pair(answer, "(span, cs231n_dilation)")
    if hint:
        return False, hint
    width, cs231n = pair
    k, d = 5, 3
    taps = [j * d for j in range(k)]          # 0, 3, 6, 9, 12: the pixels it reads along one axis
    truth = taps[-1] - taps[0] + 1
    if width != truth:
        if width == k * d:
            return False, f"{width} counts d pixels for every tap; there are only k - 1 = 4 gaps of d between 5 taps."
        if width == d * (k - 1):
            return False, f"{width} is the distance from the first tap to the last; count the first pixel too."
        if width == (d - 1) * (k - 1) + 1:
            return False, f"{width} uses d - 1 as the step; PyTorch's dilation=3 steps 3 pixels from tap to tap."
        return False, f"a span of {width} is off; the taps sit at 0, 3, 6, ... Count the pixels from first to last."
    if cs231n != d - 1:
        if cs231n == d:
            return False, "the span is right; CS231n counts the pixels skipped between taps, not the step."
        return False, "the span is right; CS231n's dilation is the number of pixels skipped between two taps."
    return True, f"{truth} pixels wide, 25 weights; CS231n would say dilation {d - 1}."


def _field(layers) -> int:
    """The receptive field by brute force: the spread of input positions over every path."""
    positions = {0}
    for k, s, d in reversed(layers):
        positions = {p * s + j * d for p in positions for j in range(k)}
    return max(positions) - min(positions) + 1


FIELD_STACK = [(3, 1, 1), (3, 2, 1), (3, 1, 2), (3, 1, 4)]


@checked
def stack_field(answer):
    """Chapter 8: the receptive field of the stack FIELD_STACK = (kernel, stride, dilation) per layer."""
    value, hint = number_answer(answer, "your answer")
    if hint:
        return False, hint
    truth = _field(FIELD_STACK)
    if value == truth:
        return True, f"{truth}: 1 + 2 + 2 + 2·2·2 + 2·4·2; the stride of layer 2 doubles every step above it."
    no_stride = 1 + sum(d * (k - 1) for k, _, d in FIELD_STACK)
    own_stride, jump = 1, 1
    for k, s, d in FIELD_STACK:
        jump *= s
        own_stride += d * (k - 1) * jump
    spans = sum(d * (k - 1) + 1 for k, _, d in FIELD_STACK)
    if value == no_stride:
        return False, f"{value} leaves out the stride: after the stride-2 layer every step spans 2 input pixels."
    if value == own_stride:
        return False, f"{value} applies layer 2's stride to layer 2 itself; it only spreads the layers above it."
    if value == spans:
        return False, f"{value} adds the spans; each new layer adds d(k - 1) steps, since the spans share a pixel."
    return False, f"{value} is off; use r = 1 + sum of d(k - 1) times the product of the strides below each layer."


def _reached(dilations) -> tuple[int, int]:
    """(field, reached) along one axis for 3-tap, stride-1 layers: every sum of taps -d, 0, +d, enumerated."""
    offsets = {sum(choice) for choice in itertools.product(*[(-d, 0, d) for d in dilations])}
    return 1 + 2 * sum(dilations), len(offsets)


@checked
def no_holes(answer):
    """Chapter 8: dilations (d1, d2, d3) for three 3x3 layers: a 15x15 field with every pixel reached."""
    if answer is None or answer is Ellipsis:
        return False, "your dilations are still empty; replace the ... with three numbers, like (1, 1, 1)."
    if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 3:
        return False, "answer with three dilations, one per layer, like (1, 1, 1)."
    if any(d is Ellipsis for d in answer):
        return False, "fill in all three dilations (replace each ...)."
    dilations = [whole(d) for d in answer]
    if None in dilations or min(dilations) < 1:
        return False, f"dilations are whole numbers of at least 1 (PyTorch's count); got {tuple(answer)!r}."
    field, reached = _reached(dilations)
    if field != 15:
        return False, (f"these span {field}×{field}; three 3-tap layers span 1 + 2(d1 + d2 + d3), so the "
                       f"dilations must add up to 7.")
    if reached < field:
        return False, (f"a 15×15 field, but only {reached} of 15 pixels per row are reached ({reached ** 2} of 225 "
                       f"in all): holes. Start small: if the layers below reach offsets -m ... m, a layer's taps at "
                       f"-d and +d leave no gap when d is at most 2m + 1.")
    return True, f"dilations {tuple(dilations)} reach all 225 pixels of the 15×15 field."


@checked
def dilated_layer(function):
    """Chapter 8: a student-written 2-D dilated layer ('valid', no flip) from the formula, with loops."""
    if not callable(function):
        return False, "pass the function itself, without parentheses: checks.dilated_layer(dilated_layer)."
    rng = np.random.default_rng(8)
    for (h, w), (kh, kw), d in [((7, 7), (3, 3), 2), ((9, 12), (2, 3), 3), ((6, 5), (3, 3), 1), ((5, 5), (1, 1), 4)]:
        x, k = rng.normal(size=(h, w)), rng.normal(size=(kh, kw))
        result = function(x, k, d)
        if result is None or result is Ellipsis:
            return False, "your function returns nothing yet; end it with `return y`."
        out, hint = as_array(result, f"the result for a {h}×{w} image, a {kh}×{kw} kernel, d={d}", 2)
        if hint:
            return False, hint
        truth = correlate2d_loop(x, k, dilation=d)
        if out.shape != truth.shape:
            return False, (f"for a {h}×{w} image and a {kh}×{kw} kernel with d={d} the output is "
                           f"{truth.shape[0]}×{truth.shape[1]} (H - d(kH - 1) by W - d(kW - 1)); yours is "
                           f"{out.shape[0]}×{out.shape[1]}.")
        if not np.allclose(out, truth):
            if np.allclose(out, correlate2d_loop(x, k[::-1, ::-1], dilation=d)):
                return False, "your kernel is flipped; a layer correlates: x[r + d*i, c + d*j] * w[i, j]."
            if d > 1 and np.allclose(out, correlate2d_loop(x, k)[:truth.shape[0], :truth.shape[1]]):
                return False, "the taps sit next to each other; step d pixels between them: x[r + d*i, c + d*j]."
            return False, f"values differ for a {kh}×{kw} kernel with d={d}; check the index x[r + d*i, c + d*j]."
    return True, "your loops agree with the textbook layer, non-square kernels and dilation 1 included."


@checked
def wavenet_depth(answer):
    """Chapter 8: layers of 2-tap causal layers with dilations 1, 2, 4, ... to see 80 samples (one second)."""
    value, hint = number_answer(answer, "your number of layers")
    if hint:
        return False, hint
    if value < 1:
        return False, "a stack has at least one layer."
    field = 1 + sum(2 ** i for i in range(value))   # a 2-tap layer with dilation 2**i adds 2**i samples
    needed = next(n for n in itertools.count(1) if 1 + sum(2 ** i for i in range(n)) >= 80)
    if value == needed:
        return True, (f"{value} layers see {field} samples ({field / 80:g} s) with {2 * value} weights; "
                      f"{value - 1} see only {field // 2}.")
    if value == 79:
        return False, "79 layers would do without dilation (each 2-tap layer adds 1 sample); dilation doubles it."
    if value < needed:
        return False, f"{value} layers see only {field} samples, less than one second (80)."
    return False, f"{value} layers see {field} samples, enough; but fewer layers already cover 80. Find the fewest."
