"""Timing several ways of computing the same thing, fairly, on a noisy machine.

Calls are interleaved round by round, so every contender sees the same
background noise, and the median of each is reported. Each sample is one
``timeit.Timer(fn).autorange()``: as many calls as take at least 0.2 s, so a
fast function is not timed by a single call at the clock's resolution. Quote
the *ratios* between contenders measured in one run, not absolute times.

Used in: chapter 2 (the speed of the textbook loop, convlib, scipy and torch),
and ``make bench``.
"""

from __future__ import annotations

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
