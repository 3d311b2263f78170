"""Checks for the exercises of chapter 1, convolution in 1-D.

Used in: chapter 1.
"""

from __future__ import annotations

import numpy as np

from ...signal1d import convolve, correlate
from .core import as_array, checked, kernel_answer


@checked
def moving_average(kernel):
    """Chapter 1: the kernel of a 5-point moving average."""
    k, hint = kernel_answer(kernel, (5,), 1.0, "to keep a flat signal at its level")
    if hint:
        return False, hint
    if not np.allclose(k, k[0]):
        return False, "a moving average weighs every sample equally; your taps differ."
    return True, "five taps of 1/5: each output is the mean of five neighbours."


@checked
def output_lengths(lengths):
    """Chapter 1: output lengths for a 100-sample signal and a 7-tap kernel, as a dict by mode."""
    if not isinstance(lengths, dict):
        return False, "answer with a dict like {'full': ..., 'same': ..., 'valid': ...}."
    signal, kernel = np.zeros(100), np.ones(7)
    for mode in ("full", "same", "valid"):
        if mode not in lengths:
            return False, f"your dict has no entry for '{mode}'."
        if lengths[mode] is Ellipsis or lengths[mode] is None:
            return False, f"fill in the length for '{mode}' (replace the ...)."
        truth = len(convolve(signal, kernel, mode))
        if lengths[mode] != truth:
            rule = {"full": "every partial overlap counts: M + N - 1",
                    "same": "the output matches the longer input",
                    "valid": "only complete overlaps: M - N + 1"}[mode]
            return False, f"'{mode}' is not {lengths[mode]!r}; {rule}."
    return True, "full 106, same 100, valid 94."


@checked
def my_convolve(function):
    """Chapter 1: a student-written full convolution, compared with np.convolve."""
    if not callable(function):
        return False, "pass the function itself, without parentheses: checks.my_convolve(my_convolve)."
    borrowed = _library_calls(function)
    if borrowed:
        return False, f"write the loops yourself: your function calls {borrowed}."
    rng = np.random.default_rng(0)
    for m, n in [(6, 3), (10, 4), (3, 5), (1, 1)]:
        x, h = rng.normal(size=m), rng.normal(size=n)
        result = function(x, h)
        if result is None or result is Ellipsis:
            return False, "your function returns nothing yet; end it with `return y`."
        out, hint = as_array(result, f"the result for lengths {m} and {n}", 1)
        if hint:
            return False, hint
        truth = np.convolve(x, h)
        if out.shape != truth.shape:
            return False, f"for lengths {m} and {n} the full output has {len(truth)} samples; yours has {len(out)}."
        if not np.allclose(out, truth):
            if np.allclose(out, correlate(x, h, "full")):
                return False, "that is cross-correlation: convolution flips the kernel (x[n - k], not x[n + k])."
            return False, f"values differ from np.convolve for lengths {m} and {n}; check the index n - k."
    return True, "your loop agrees with np.convolve, including a kernel longer than the signal."


@checked
def rising_edge_kernel(kernel):
    """Chapter 1: a 3-tap kernel whose 'same' convolution is positive where a signal rises, 0 where flat."""
    k, hint = kernel_answer(kernel, (3,), 0.0, "to give 0 on a flat signal")
    if hint:
        return False, hint
    ramp = np.arange(10.0)
    slope = convolve(ramp, k, "valid")
    if np.allclose(slope, 0):
        return False, "it gives 0 on a steady rise: it measures curvature, not slope. Take later minus earlier."
    if np.all(slope < 0):
        return False, "it is negative where the signal rises: convolution flips the kernel, so flip yours."
    if not np.all(slope > 0):
        return False, "on a rising ramp your output is not positive everywhere; take a later minus an earlier sample."
    return True, f"on a ramp of slope 1 it gives {slope[0]:g} everywhere: a derivative."


def _library_calls(function) -> str:
    """The names of ready-made convolutions the function's code uses (empty if none, or if it cannot be read)."""
    import inspect
    import re

    try:
        code = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    library = r"\b(?:np|numpy|scipy|signal|convlib)\.(?:\w+\.)*(?:convolve\w*|correlate\w*)"
    found = sorted(set(re.findall(library, code)))
    return ", ".join(found)
