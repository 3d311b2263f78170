"""Input checks shared by every public function.

Each check raises at the boundary of the public function, before any numpy
work, with a message that names the parameter, the value received and what
would work. Internal module: readers of the course can skip it.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_float_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a float32 or float64 array, or raise a clear error.

    float32 stays float32; every other real numeric dtype (bool, int, float16,
    float64) becomes float64. Complex, object, string and empty arrays are
    rejected.
    """
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as err:  # ragged nested lists
        raise TypeError(f"`{name}` must be a numeric array; could not convert it ({err})") from None
    kind = array.dtype.kind
    if kind == "c":
        raise TypeError(
            f"`{name}` is complex (dtype {array.dtype}); convlib works on real arrays: "
            f"pass the real and imaginary parts separately"
        )
    if kind not in "biuf":
        raise TypeError(
            f"`{name}` must be a real numeric array; got dtype {array.dtype} "
            f"(from {type(value).__name__}). Convert it with np.asarray(..., dtype=float)"
        )
    if array.size == 0:
        raise ValueError(f"`{name}` is empty (shape {array.shape}); it needs at least one element")
    if array.dtype == np.float32:
        return array
    return array.astype(np.float64, copy=False)


def result_dtype(*arrays: np.ndarray) -> np.dtype:
    """float32 when every input is float32, float64 otherwise."""
    if all(a.dtype == np.float32 for a in arrays):
        return np.dtype(np.float32)
    return np.dtype(np.float64)


def check_ndim(array: np.ndarray, name: str, allowed: tuple[int, ...], meaning: str) -> None:
    """Raise ValueError unless ``array.ndim`` is in ``allowed``.

    ``meaning`` describes the expected layout, e.g. "(N, C, H, W) or (C, H, W)".
    """
    if array.ndim not in allowed:
        raise ValueError(
            f"`{name}` must be {meaning}; got a {array.ndim}-D array of shape {array.shape}"
        )


def check_choice(value, name: str, choices: tuple[str, ...], aliases: dict | None = None) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ValueError listing them.

    ``aliases`` maps names from another library's vocabulary to a hint.
    """
    if isinstance(value, str) and value in choices:
        return value
    allowed = ", ".join(repr(c) for c in choices)
    hint = ""
    if aliases and isinstance(value, str) and value in aliases:
        hint = f" ({aliases[value]})"
    raise ValueError(f"`{name}` must be one of {allowed}; got {value!r}{hint}")


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_int(value, name: str, minimum: int) -> int:
    """Return ``value`` as int if it is an integer >= ``minimum``."""
    if not _is_int(value):
        raise TypeError(f"`{name}` must be an integer; got {value!r} of type {type(value).__name__}")
    if value < minimum:
        rule = "positive" if minimum == 1 else f"at least {minimum}"
        raise ValueError(f"`{name}` must be {rule}; got {value}")
    return int(value)


def check_number(value, name: str) -> float:
    """Return ``value`` as float if it is a real number (not bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a real number; got {value!r} of type {type(value).__name__}")
    return float(value)


def pair(value, name: str, minimum: int) -> tuple[int, int]:
    """Expand an int or a 2-sequence of ints to ``(a, b)``, each >= ``minimum``.

    >>> pair(3, "stride", 1)
    (3, 3)
    """
    return ntuple(value, name, minimum, 2)


def ntuple(value, name: str, minimum: int, n: int) -> tuple[int, ...]:
    """Expand an int or an n-sequence of ints to an n-tuple, each >= ``minimum``."""
    if _is_int(value):
        values = (value,) * n
    elif isinstance(value, (tuple, list)) and len(value) == n:
        values = tuple(value)
    else:
        example = ", ".join(["1"] * n) + ("," if n == 1 else "")
        ints = "int" if n == 1 else "ints"
        raise TypeError(f"`{name}` must be an int or a sequence of {n} {ints} like ({example}); got {value!r}")
    return tuple(check_int(v, name, minimum) for v in values)


def batched(x: np.ndarray, name: str, spatial: int = 2) -> tuple[np.ndarray, bool]:
    """Add a batch axis to unbatched layer input, as torch does.

    Returns the batched array and whether a batch axis was added, so the caller
    can remove it again. With ``spatial=2`` the layouts are (N, C, H, W) and
    (C, H, W); with ``spatial=1``, (N, C, L) and (C, L).
    """
    layout = "(N, C, H, W) or unbatched (C, H, W)" if spatial == 2 else "(N, C, L) or unbatched (C, L)"
    check_ndim(x, name, (spatial + 1, spatial + 2), layout)
    if x.ndim == spatial + 1:
        return x[None], True
    return x, False


def check_grad_output(grad_output, expected: tuple, call: str) -> np.ndarray:
    """Return ``grad_output`` as a float array, or raise unless its shape is ``expected``.

    ``call`` names the forward computation whose output it is the gradient of,
    e.g. "conv2d(x, weight, stride=(1, 1), ...)".
    """
    gy = as_float_array(grad_output, "grad_output")
    if gy.shape != tuple(expected):
        raise ValueError(
            f"`grad_output` has shape {gy.shape} but {call} gives {tuple(expected)}; "
            f"pass the gradient of the loss with respect to that output (same shape)"
        )
    return gy
