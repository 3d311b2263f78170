"""Timing several ways of computing the same thing, fairly, on a noisy machine.

Calls are interleaved round by round, so every contender sees the same
background noise, and the median of each is reported. Quote the *ratios*
between contenders measured in one run, not absolute times.

Used in: chapter 2 (the speed of the textbook loop, convlib, scipy and torch),
and ``make bench``.
"""

from __future__ import annotations

import statistics
import time


def interleaved_medians(calls: dict, repeats: int = 5) -> dict[str, float]:
    """Median seconds per call, each name's callable run once per round.

    Parameters
    ----------
    calls : dict name -> zero-argument callable
    repeats : int, rounds after one warm-up round

    Example
    -------
    >>> times = interleaved_medians({"sum": lambda: sum(range(100))}, repeats=3)
    >>> list(times) == ["sum"] and times["sum"] > 0
    True
    """
    for fn in calls.values():
        fn()  # warm-up: caches, lazy imports, thread pools
    samples = {name: [] for name in calls}
    for _ in range(repeats):
        for name, fn in calls.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
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
