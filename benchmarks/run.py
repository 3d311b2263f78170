"""Speed of convlib next to scipy and torch (CPU), measured side by side in one run.

Prints medians and the ratio convlib / other for each case; ratios are what to
quote, since this machine's absolute times are noisy. Not a test: nothing here
asserts on time.

    make bench                      # or: python benchmarks/run.py [--quick]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch starts its thread pool

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy.ndimage  # noqa: E402
import scipy.signal  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import convlib  # noqa: E402


def median_seconds(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(ours, theirs, repeats: int) -> tuple[float, float]:
    """Median of each, alternating rounds so both see the same machine noise."""
    a, b = [], []
    ours(), theirs()
    for _ in range(repeats):
        for fn, bucket in ((ours, a), (theirs, b)):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return statistics.median(a), statistics.median(b)


def cases(rng):
    photo = rng.random((512, 512))
    for k in (3, 7):
        kernel = rng.normal(size=(k, k))
        yield (f"correlate2d 512x512 same k={k}", "scipy.ndimage.correlate", 1.0,
               lambda kernel=kernel: convlib.correlate2d(photo, kernel, "same"),
               lambda kernel=kernel: scipy.ndimage.correlate(photo, kernel, mode="constant"))
        yield (f"convolve2d  512x512 same k={k}", "scipy.ndimage.convolve", 1.0,
               lambda kernel=kernel: convlib.convolve2d(photo, kernel, "same"),
               lambda kernel=kernel: scipy.ndimage.convolve(photo, kernel, mode="constant"))
    for k in (15, 31):
        kernel = rng.normal(size=(k, k))
        yield (f"convolve2d  512x512 same k={k}", "scipy.signal.fftconvolve", 1.5,
               lambda kernel=kernel: convlib.convolve2d(photo, kernel, "same"),
               lambda kernel=kernel: scipy.signal.fftconvolve(photo, kernel, "same"))
        yield (f"correlate2d 512x512 same k={k}", "scipy.signal.fftconvolve", 1.5,
               lambda kernel=kernel: convlib.correlate2d(photo, kernel, "same"),
               lambda kernel=kernel: scipy.signal.fftconvolve(photo, kernel[::-1, ::-1], "same"))

    x = rng.normal(size=(16, 3, 64, 64)).astype(np.float32)
    w = rng.normal(size=(16, 3, 3, 3)).astype(np.float32)
    b = rng.normal(size=16).astype(np.float32)
    tx, tw, tb = torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b)
    for stride in (1, 2):
        yield (f"conv2d (16,3,64,64)->16 3x3 s={stride}", "torch conv2d", 2.0,
               lambda s=stride: convlib.conv2d(x, w, b, stride=s, padding=1),
               lambda s=stride: F.conv2d(tx, tw, tb, stride=s, padding=1))

    maps = rng.normal(size=(16, 16, 128, 128)).astype(np.float32)
    tmaps = torch.from_numpy(maps)
    yield ("max_pool2d 2x2 (16,16,128,128)", "torch max_pool2d", 1.0,
           lambda: convlib.max_pool2d(maps, 2), lambda: F.max_pool2d(tmaps, 2))
    yield ("avg_pool2d 2x2 (16,16,128,128)", "torch avg_pool2d", 1.0,
           lambda: convlib.avg_pool2d(maps, 2), lambda: F.avg_pool2d(tmaps, 2))
    yield ("interpolate x2 nearest", "torch interpolate", 1.0,
           lambda: convlib.interpolate(maps, scale_factor=2),
           lambda: F.interpolate(tmaps, scale_factor=2))
    yield ("interpolate x2 bilinear", "torch interpolate", 1.0,
           lambda: convlib.interpolate(maps, scale_factor=2, mode="bilinear"),
           lambda: F.interpolate(tmaps, scale_factor=2, mode="bilinear"))

    small = rng.random((64, 64))
    kernel3 = rng.normal(size=(3, 3))
    yield ("textbook loop 64x64 k=3 (reference)", "convlib.correlate2d", None,
           lambda: convlib.reference.correlate2d_loop(small, kernel3, padding=1),
           lambda: convlib.correlate2d(small, kernel3, "same"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 5 if args.quick else 25
    rng = np.random.default_rng(0)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, numpy {np.__version__}; "
          f"median of {repeats}, interleaved\n")
    header = f"{'case':40} {'convlib':>10} {'other':>10} {'ratio':>7} {'target':>7}  other is"
    print(header)
    print("-" * len(header))
    for name, other, target, ours, theirs in cases(rng):
        reps = 3 if target is None else repeats
        a, b = interleaved(ours, theirs, reps)
        ratio = a / b
        verdict = "" if target is None else ("ok" if ratio <= target else "MISS")
        target_text = "-" if target is None else f"<={target:g}"
        print(f"{name:40} {a * 1e3:8.2f}ms {b * 1e3:8.2f}ms {ratio:6.2f}x {target_text:>7}  {other} {verdict}")


if __name__ == "__main__":
    main()
