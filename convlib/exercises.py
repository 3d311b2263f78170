"""Auto-checks for the exercises: a success line, or a specific hint.

Each ``check_*`` function takes the student's answer, prints one line and
returns True or False. It never crashes on a wrong type, shape or NaN: a
wrong answer gets a hint that says what is off. Solution cells call it with
``strict=True``, which raises instead, so a broken solution fails the build.

Used in: the exercises of every chapter.
"""

from __future__ import annotations

import numpy as np

from . import kernels
from .signal1d import convolve, correlate
from .signal2d import convolve2d

OK, NOT_YET = "Correct!", "Not yet:"


class ExerciseFailed(AssertionError):
    """Raised by a check with ``strict=True`` when the answer is wrong."""


class Verdict:
    """True or False, and shows nothing in a notebook (the printed line is the feedback)."""

    def __init__(self, ok: bool):
        self.ok = ok

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Verdict({self.ok})"

    def _ipython_display_(self) -> None:
        pass


def _report(ok: bool, message: str, strict: bool) -> Verdict:
    line = f"{OK} {message}" if ok else f"{NOT_YET} {message}"
    if strict and not ok:
        raise ExerciseFailed(line)
    print(line)
    return Verdict(ok)


def _as_array(answer, what: str, ndim: int):
    """(array, None) for a usable numeric answer, else (None, hint)."""
    if answer is None or answer is Ellipsis:
        return None, f"{what} is still empty; replace the ... with your answer."
    try:
        array = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, f"{what} should be numbers (a list or numpy array); got {type(answer).__name__}."
    if array.ndim != ndim:
        return None, f"{what} should be {ndim}-D; yours has shape {array.shape}."
    if array.size == 0:
        return None, f"{what} is empty."
    if not np.isfinite(array).all():
        return None, f"{what} contains NaN or inf; every entry should be a finite number."
    return array, None


def _kernel_answer(kernel, shape: tuple, total: float, why: str):
    """(kernel array, None) if ``kernel`` has ``shape`` and sums to ``total``, else (None, hint)."""
    k, hint = _as_array(kernel, "your kernel", len(shape))
    if hint:
        return None, hint
    if k.shape != shape:
        if len(shape) == 1:
            return None, f"use {shape[0]} taps; yours has {k.shape[0]}."
        return None, f"make it {'x'.join(map(str, shape))}; yours is {'x'.join(map(str, k.shape))}."
    if not np.isclose(k.sum(), total):
        return None, f"your kernel sums to {k.sum():g}; {why}, it must sum to {total:g}."
    return k, None


def _checked(check):
    """Run a check; any unexpected error becomes a hint rather than a traceback."""
    def wrapper(answer, *, strict: bool = False):
        try:
            ok, message = check(answer)
        except Exception as err:  # noqa: BLE001 -- a student's answer may raise anything
            ok, message = False, f"checking your answer raised {type(err).__name__}: {err}"
        return _report(ok, message, strict)

    wrapper.__name__, wrapper.__doc__ = check.__name__, check.__doc__
    return wrapper


# --- chapter 1 -----------------------------------------------------------------------

@_checked
def check_moving_average(kernel):
    """Chapter 1: the kernel of a 5-point moving average."""
    k, hint = _kernel_answer(kernel, (5,), 1.0, "to keep a flat signal at its level")
    if hint:
        return False, hint
    if not np.allclose(k, k[0]):
        return False, "a moving average weighs every sample equally; your taps differ."
    return True, "five taps of 1/5: each output is the mean of five neighbours."


@_checked
def check_output_lengths(lengths):
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


@_checked
def check_my_convolve(function):
    """Chapter 1: a student-written full convolution, compared with np.convolve."""
    if not callable(function):
        return False, "pass the function itself, without parentheses: check_my_convolve(my_convolve)."
    rng = np.random.default_rng(0)
    for m, n in [(6, 3), (10, 4), (3, 5), (1, 1)]:
        x, h = rng.normal(size=m), rng.normal(size=n)
        result = function(x, h)
        if result is None or result is Ellipsis:
            return False, "your function returns nothing yet; end it with `return y`."
        out, hint = _as_array(result, f"the result for lengths {m} and {n}", 1)
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


@_checked
def check_rising_edge_kernel(kernel):
    """Chapter 1: a 3-tap kernel whose 'same' convolution is positive where a signal rises, 0 where flat."""
    k, hint = _kernel_answer(kernel, (3,), 0.0, "to give 0 on a flat signal")
    if hint:
        return False, hint
    ramp = np.arange(10.0)
    slope = convolve(ramp, k, "valid")
    if not np.all(slope > 0):
        return False, "on a rising ramp your output is not positive; remember convolution flips the kernel."
    return True, f"on a ramp of slope 1 it gives {slope[0]:g} everywhere: a derivative."


# --- chapter 2 -----------------------------------------------------------------------

@_checked
def check_horizontal_edge_kernel(kernel):
    """Chapter 2: a 3x3 kernel for horizontal edges (intensity rising downwards), blind to vertical ones."""
    k, hint = _kernel_answer(kernel, (3, 3), 0.0, "to give 0 on flat areas")
    if hint:
        return False, hint
    down = np.tile(np.arange(9.0)[:, None], (1, 9))
    right = down.T
    if not convolve2d(down, k, "valid")[3, 3] > 0:
        return False, "it should be positive where intensity rises downwards; try flipping it upside down."
    if not np.isclose(convolve2d(right, k, "valid")[3, 3], 0):
        return False, "it also reacts to intensity rising to the right; make every column weigh the same."
    return True, "that is a vertical derivative, like sobel_y."


@_checked
def check_valid_shape(shape):
    """Chapter 2: shape of convolve2d(photo, 7x7 kernel, mode='valid') for the 512x437 photo."""
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        return False, "answer with a pair (rows, columns)."
    truth = (512 - 7 + 1, 437 - 7 + 1)
    if tuple(shape) == truth:
        return True, "each side loses kernel size - 1 = 6 pixels."
    if tuple(shape) == (512, 437):
        return False, "that is 'same'; 'valid' keeps only positions where the whole kernel fits."
    return False, f"{tuple(shape)} is off; a side of N pixels with a K-wide kernel gives N - K + 1."


@_checked
def check_combined_kernel(kernel):
    """Chapter 2: one kernel equal to a 3x3 box blur followed by sobel_x."""
    k, hint = _as_array(kernel, "your kernel", 2)
    if hint:
        return False, hint
    truth = convolve2d(kernels.box(3), kernels.sobel_x())
    if k.shape != truth.shape:
        return False, f"combining a 3x3 and a 3x3 kernel gives a 5x5 one ('full' mode); yours is {k.shape}."
    if np.allclose(k, truth):
        return True, "convolution is associative: (f * a) * b = f * (a * b)."
    if np.allclose(k, truth[::-1, ::-1]):
        return False, "your kernel is flipped; convolve the two kernels rather than correlate them."
    return False, "values differ; convolve the two kernels with each other in 'full' mode."
