"""Timing several ways of computing the same thing, fairly, on a noisy machine.

Calls are interleaved round by round, so every contender sees the same
background noise, and the median of each is reported. Each sample is as many
calls as take at least ``min_time`` (0.2 s unless asked for less; the count is
found in the first round, as ``timeit.Timer.autorange`` does, and kept), so a
fast function is not timed by a single call at the clock's resolution. Quote
the *ratios* between contenders measured in one run, not absolute times.

numpy's matrix multiply (OpenBLAS) starts one thread per core; on a shared
2-core machine two threads swing wildly, so :func:`blas_threads` runs a block
of timings with one, as ``torch.set_num_threads(1)`` does for torch.

Used in: chapter 2 (the speed of the textbook loop, convlib, scipy and torch),
chapter 9 (separable kernels and blocks), and ``make bench``.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import statistics
import timeit


def interleaved_medians(calls: dict, repeats: int = 5, min_time: float = 0.2) -> dict[str, float]:
    """Median seconds per call, each name's callable timed once per round.

    A sample times ``number`` calls in a row and divides by ``number``. In the
    first round, ``number`` grows 1, 2, 5, 10, 20, ... until the calls take at
    least ``min_time`` seconds (``timeit``'s autorange with its 0.2 s made a
    parameter); later rounds reuse it. Rounds visit the names in turn, so all
    see the same background.

    Parameters
    ----------
    calls : dict name -> zero-argument callable
    repeats : int, rounds (samples per name) after one warm-up call each
    min_time : float, seconds of calls per sample, at least (a smaller budget
        is faster and noisier; take more ``repeats`` then)

    Returns
    -------
    dict name -> median seconds per call, in the order of ``calls``

    Example
    -------
    >>> times = interleaved_medians({"sum": lambda: sum(range(100))}, repeats=3, min_time=0.01)
    >>> list(times) == ["sum"] and times["sum"] > 0
    True
    """
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise ValueError(f"`repeats` must be a whole number of at least 1; got {repeats!r}")
    if isinstance(min_time, bool) or not isinstance(min_time, (int, float)) or not min_time > 0:
        raise ValueError(f"`min_time` must be a positive number of seconds, like 0.2; got {min_time!r}")
    for fn in calls.values():
        fn()  # warm-up: caches, lazy imports, thread pools
    timers = {name: timeit.Timer(fn) for name, fn in calls.items()}
    numbers: dict[str, int] = {}
    samples = {name: [] for name in calls}
    for _ in range(repeats):
        for name, timer in timers.items():
            if name not in numbers:
                numbers[name], total = _autorange(timer, min_time)
            else:
                total = timer.timeit(numbers[name])
            samples[name].append(total / numbers[name])
    return {name: statistics.median(values) for name, values in samples.items()}


def _autorange(timer: timeit.Timer, min_time: float) -> tuple[int, float]:
    """(number, seconds): the first of 1, 2, 5, 10, 20, 50, ... calls that take at least ``min_time``."""
    scale = 1
    while True:
        for step in (1, 2, 5):
            number = scale * step
            total = timer.timeit(number)
            if total >= min_time:
                return number, total
        scale *= 10


def speed_table(times: dict[str, float], baseline: str) -> str:
    """A small text table of medians and how many times slower than ``baseline`` each is.

    >>> print(speed_table({"fast": 0.001, "slow": 0.1}, "fast"))
    fast      1.000 ms     1.0x
    slow    100.000 ms   100.0x
    """
    width = max(len(name) for name in times)
    return "\n".join(
        f"{name:<{width}} {seconds * 1e3:9.3f} ms {seconds / times[baseline]:7.1f}x" for name, seconds in times.items()
    )


# (get, set) function names of the OpenBLAS builds numpy and scipy ship, newest first
_OPENBLAS_CALLS = [("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
                   ("scipy_openblas_get_num_threads", "scipy_openblas_set_num_threads"),
                   ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
                   ("openblas_get_num_threads", "openblas_set_num_threads")]


def _openblas_libraries() -> list:
    """(get, set) ctypes functions of every OpenBLAS loaded in this process (Linux; elsewhere none)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = sorted(set(re.findall(r"(/\S*openblas\S*\.so[\w.]*)", maps.read())))
    except OSError:
        return []
    found = []
    for path in paths:
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for get_name, set_name in _OPENBLAS_CALLS:
            if hasattr(library, get_name) and hasattr(library, set_name):
                getter, setter = getattr(library, get_name), getattr(library, set_name)
                getter.restype, setter.argtypes = ctypes.c_int, [ctypes.c_int]
                found.append((getter, setter))
                break
    return found


@contextlib.contextmanager
def blas_threads(threads: int = 1):
    """Run a block with numpy's and scipy's OpenBLAS limited to ``threads`` threads, then restore them.

    Yields the number of OpenBLAS libraries it limited (0 where none is found,
    e.g. numpy built on Accelerate or MKL: then nothing changes).

    >>> with blas_threads(1) as limited:
    ...     isinstance(limited, int)
    True
    """
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
        raise ValueError(f"`threads` must be a whole number of at least 1; got {threads!r}")
    libraries = _openblas_libraries()
    saved = [getter() for getter, _ in libraries]
    for _, setter in libraries:
        setter(threads)
    try:
        yield len(libraries)
    finally:
        for (_, setter), count in zip(libraries, saved):
            setter(count)
