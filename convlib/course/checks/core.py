"""The shared core of the exercise checks: verdicts, and parsing a student's answer.

A check takes the student's answer, prints one line ("Correct! ..." or
"Not yet: <a specific hint>") and returns a :class:`Verdict`. It never crashes
on a wrong type, shape or NaN. Solution cells call it with ``strict=True``,
which raises :class:`ExerciseFailed` instead, so a broken solution fails the
book build. Each chapter's checks live in their own module, ``chNN``.
"""

from __future__ import annotations

import numbers

import numpy as np

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


def report(ok: bool, message: str, strict: bool) -> Verdict:
    line = f"{OK} {message}" if ok else f"{NOT_YET} {message}"
    if strict and not ok:
        raise ExerciseFailed(line)
    print(line)
    return Verdict(ok)


def as_array(answer, what: str, ndim: int):
    """(array, None) for a usable numeric answer, else (None, hint)."""
    if answer is None or answer is Ellipsis:
        return None, f"{what} is still empty; replace the ... with your answer."
    if isinstance(answer, (list, tuple)) and any(item is Ellipsis for item in answer):
        return None, f"{what} still has a ... in it; replace each ... with a number."
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


def kernel_answer(kernel, shape: tuple, total: float, why: str):
    """(kernel array, None) if ``kernel`` has ``shape`` and sums to ``total``, else (None, hint)."""
    k, hint = as_array(kernel, "your kernel", len(shape))
    if hint:
        return None, hint
    if k.shape != shape:
        if len(shape) == 1:
            return None, f"use {shape[0]} taps; yours has {k.shape[0]}."
        return None, f"make it {'x'.join(map(str, shape))}; yours is {'x'.join(map(str, k.shape))}."
    if not np.isclose(k.sum(), total):
        return None, f"your kernel sums to {k.sum():g}; {why}, it must sum to {total:g}."
    return k, None


def checked(check):
    """Run a check; any unexpected error becomes a hint rather than a traceback."""
    def wrapper(answer, *, strict: bool = False):
        try:
            ok, message = check(answer)
        except Exception as err:  # noqa: BLE001 -- a student's answer may raise anything
            ok, message = False, f"checking your answer raised {type(err).__name__}: {err}"
        return report(ok, message, strict)

    wrapper.__name__, wrapper.__doc__ = check.__name__, check.__doc__
    return wrapper


def choice_answer(answer, choices):
    """(letter, None) for a multiple-choice answer among ``choices``, else (None, hint).

    Accepts 'b', ' B ', '(b)' or 'b.'; anything else gets a hint, never an error.

    >>> choice_answer("(B)", "abcd"), choice_answer(3, "abcd")[1]
    (('b', None), "answer with one letter as a string, like 'a'; got int.")
    """
    if answer is None or answer is Ellipsis:
        return None, "your answer is still empty; write one letter, like 'a'."
    if not isinstance(answer, str):
        return None, f"answer with one letter as a string, like 'a'; got {type(answer).__name__}."
    letter = answer.strip().strip("().").strip().lower()
    if letter not in choices:
        return None, f"choose one of {', '.join(repr(c) for c in choices)}; got {answer!r}."
    return letter, None


def whole(value) -> int | None:
    """``value`` as an int if it is a whole number (3, 3.0, np.int64(3)), else None (bools, NaN, 3.5, '3').

    >>> whole(3.0), whole(np.int64(4)), whole(True), whole(float("nan")), whole("3")
    (3, 4, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    if not np.isfinite(float(value)) or float(value) != int(value):
        return None
    return int(value)


def number_answer(answer, what: str):
    """(int, None) for a whole-number answer, else (None, hint).

    >>> number_answer(..., "your answer")[1]
    'your answer is still empty; replace the ... with your answer.'
    """
    if answer is None or answer is Ellipsis:
        return None, f"{what} is still empty; replace the ... with your answer."
    value = whole(answer)
    if value is None:
        return None, f"{what} should be a whole number; got {answer!r}."
    return value, None
