"""Timing several ways of computing the same thing, fairly, on a noisy machine.

Calls are interleaved round by round, so every contender sees the same
background noise, and the median of each is reported. Each sample is one
``timeit.Timer(fn).autorange()``: as many calls as take at least 0.2 s, so a
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


def interleaved_medians(calls: dict, repeats: int = 5) -> dict[str, float]:
    """Median seconds per call, each name's callable timed once per round.

    A sample is ``timeit.Timer(fn).autorange()``, which repeats the call until
    the total reaches 0.2 s; the sample is that total divided by the number of
    calls. Rounds visit the names in turn, so all see the same background.

    Parameters
    ----------
    calls : dict name -> zero-argument callable
    repeats : int, rounds (samples per name) after one warm-up call each

    Returns
    -------
    dict name -> median seconds per call, in the order of ``calls``

    Example
    -------
    >>> times = interleaved_medians({"sum": lambda: sum(range(100))}, repeats=3)
    >>> list(times) == ["sum"] and times["sum"] > 0
    True
    """
    for fn in calls.values():
        fn()  # warm-up: caches, lazy imports, thread pools
    timers = {name: timeit.Timer(fn) for name, fn in calls.items()}
    samples = {name: [] for name in calls}
    for _ in range(repeats):
        for name, timer in timers.items():
            number, total = timer.autorange()
            samples[name].append(total / number)
    return {name: statistics.median(values) for name, values in samples.items()}


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
