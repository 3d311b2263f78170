"""Speed of convlib next to scipy and torch (CPU), measured side by side in one run.

Prints medians and the ratio convlib / other for each case; ratios are what to
quote, since this machine's absolute times are noisy. Also times one update of
a live explorer. Not a test: nothing here asserts on time.

    make bench                      # or: python benchmarks/run.py [--quick]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# this checkout's convlib, even when the virtualenv has another checkout installed in editable mode
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch starts its thread pool
# numpy's OpenBLAS: one thread, like torch below. With two, on this loaded 2-core machine,
# conv2d's matrix products swung from 5 ms to 90 ms.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy.ndimage  # noqa: E402
import scipy.signal  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)  # torch's default 2 threads swing up to 60x on this 2-core machine

import convlib  # noqa: E402
from convlib.arithmetic import conv_flops  # noqa: E402
from convlib.course import explorer  # noqa: E402
from convlib.course.timing import interleaved_medians  # noqa: E402


def cases(rng):
    """(name, what the other is, target ratio or None, convlib call, other call)."""
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

    # the backward pass: torch's side is autograd on a kept graph, so only the backward is timed
    for channels in (3, 16):
        inputs = rng.normal(size=(16, channels, 64, 64)).astype(np.float32)
        weight = rng.normal(size=(16, channels, 3, 3)).astype(np.float32)
        gy = rng.normal(size=(16, 16, 64, 64)).astype(np.float32)
        leaves = [torch.from_numpy(a).requires_grad_() for a in (inputs, weight, b)]
        out, tgy = F.conv2d(*leaves, padding=1), torch.from_numpy(gy)
        yield (f"conv2d_backward (16,{channels},64,64)->16 3x3", "torch autograd.grad", 2.5,
               lambda x=inputs, w=weight, gy=gy: convlib.grad.conv2d_backward(x, w, gy, padding=1),
               lambda out=out, leaves=leaves, tgy=tgy: torch.autograd.grad(out, leaves, tgy, retain_graph=True))

    # depthwise (groups == in_channels) and grouped layers, chapter 9
    x = rng.normal(size=(16, 32, 64, 64)).astype(np.float32)
    tx = torch.from_numpy(x)
    for stride in (1, 2):
        w = rng.normal(size=(32, 1, 3, 3)).astype(np.float32)
        b = rng.normal(size=32).astype(np.float32)
        tw, tb = torch.from_numpy(w), torch.from_numpy(b)
        yield (f"conv2d depthwise (16,32,64,64) 3x3 s={stride}", "torch conv2d", 2.0,
               lambda w=w, b=b, s=stride: convlib.conv2d(x, w, b, stride=s, padding=1, groups=32),
               lambda tw=tw, tb=tb, s=stride: F.conv2d(tx, tw, tb, stride=s, padding=1, groups=32))
    w = rng.normal(size=(64, 8, 3, 3)).astype(np.float32)
    tw = torch.from_numpy(w)
    yield ("conv2d groups=4 (16,32,64,64)->64 3x3", "torch conv2d", None,
           lambda: convlib.conv2d(x, w, padding=1, groups=4), lambda: F.conv2d(tx, tw, padding=1, groups=4))

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


def mobilenet_block(rng, repeats: int) -> None:
    """Standard 3x3 conv against depthwise 3x3 + pointwise 1x1: the FLOP ratio next to the time ratios."""
    n, c_in, c_out, size = 16, 32, 64, 64
    x = rng.normal(size=(n, c_in, size, size)).astype(np.float32)
    standard = rng.normal(size=(c_out, c_in, 3, 3)).astype(np.float32)
    depthwise = rng.normal(size=(c_in, 1, 3, 3)).astype(np.float32)
    pointwise = rng.normal(size=(c_out, c_in, 1, 1)).astype(np.float32)
    tx, ts, td, tp = (torch.from_numpy(a) for a in (x, standard, depthwise, pointwise))
    times = interleaved_medians({
        "convlib standard": lambda: convlib.conv2d(x, standard, padding=1),
        "convlib separable": lambda: convlib.conv2d(convlib.conv2d(x, depthwise, padding=1, groups=c_in), pointwise),
        "torch standard": lambda: F.conv2d(tx, ts, padding=1),
        "torch separable": lambda: F.conv2d(F.conv2d(tx, td, padding=1, groups=c_in), tp),
    }, repeats=repeats)
    flops_standard = conv_flops(c_in, c_out, 3, size)
    flops_separable = conv_flops(c_in, c_out, 3, size, separable=True)
    print(f"\nMobileNet block, x (16,{c_in},{size},{size}) -> {c_out} channels, 3x3, padding 1 (informational):")
    print(f"{'':26} {'standard':>10} {'dw + pw':>10} {'standard / separable':>21}")
    print(f"{'GFLOPs (convlib.arithmetic)':26} {n * flops_standard / 1e9:10.3f} {n * flops_separable / 1e9:10.3f} "
          f"{flops_standard / flops_separable:20.2f}x")
    for who in ("convlib", "torch"):
        std, sep = times[f"{who} standard"], times[f"{who} separable"]
        print(f"{who + ' time':26} {std * 1e3:8.2f}ms {sep * 1e3:8.2f}ms {std / sep:20.2f}x")


def chapter_explorers(root: Path):
    """(chapter, explorer) for every explorer of every chapter: each chapter's code cells run as a reader would.

    The set-up cell, the exercise and solution cells and shell lines are skipped.
    """
    import convlib.course

    made: list = []
    original = explorer.explore

    def recording(*args, **kwargs):
        made.append(original(*args, **kwargs))
        return made[-1]

    convlib.course.explore = explorer.explore = recording  # the chapters import it from convlib.course
    for path in sorted((root / "chapters").glob("[0-9]*.ipynb")):
        namespace: dict = {"__name__": f"chapter_{path.stem}"}
        made.clear()
        for cell in json.loads(path.read_text())["cells"]:
            text = "".join(cell["source"])
            tags = cell["metadata"].get("tags", [])
            if cell["cell_type"] != "code" or text.startswith("# Set-up") or {"exercise", "solution"} & set(tags):
                continue
            code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!")))
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, path.name, "exec"), namespace)  # noqa: S102 -- our own chapters
        yield from ((path.stem, index + 1, ex) for index, ex in enumerate(list(made)))
    convlib.course.explore = explorer.explore = original


def live_update_times(ex, moves: int) -> tuple[float, list[float]]:
    """Creation (the limits pass and the first frame), then one control move at a time, as the live widget does."""
    start = time.perf_counter()
    ex._limits = None
    ex.update(fmt="webp")
    created = time.perf_counter() - start
    times, positions = [], [c.start for c in ex.controls]
    for move in range(moves):
        k = move % len(ex.controls)
        control = ex.controls[k]
        positions[k] = (positions[k] + 1) % len(control.values)
        start = time.perf_counter()
        ex.update(fmt="webp", **{control.name: control.values[positions[k]]})
        times.append(time.perf_counter() - start)
    return created, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--explorers", action="store_true", help="only the live explorers")
    args = parser.parse_args()
    repeats = 5 if args.quick else 25
    rng = np.random.default_rng(0)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, numpy {np.__version__}, "
          f"OpenBLAS threads {os.environ['OPENBLAS_NUM_THREADS']}; median of {repeats} interleaved samples, "
          "each a timeit autorange (>= 0.2 s of calls)\n")
    header = f"{'case':40} {'convlib':>10} {'other':>10} {'ratio':>7} {'target':>7}  other is"
    print(header)
    print("-" * len(header))
    for name, other, target, ours, theirs in ([] if args.explorers else cases(rng)):
        times = interleaved_medians({"ours": ours, "theirs": theirs}, repeats=3 if target is None else repeats)
        ratio = times["ours"] / times["theirs"]
        verdict = "" if target is None else ("ok" if ratio <= target else "MISS")
        target_text = "-" if target is None else f"<={target:g}"
        print(f"{name:40} {times['ours'] * 1e3:8.2f}ms {times['theirs'] * 1e3:8.2f}ms {ratio:6.2f}x "
              f"{target_text:>7}  {other} {verdict}")

    if not args.explorers:
        mobilenet_block(rng, repeats)

    print("\nLive explorers, every one of every chapter: one control move = compute, redraw, lay out, encode WebP")
    print(f"{'chapter':22} {'#':>2} {'title':42} {'create':>8} {'p50':>8} {'p90':>8}  target p50 <= 80 ms")
    for chapter, index, ex in chapter_explorers(Path(__file__).resolve().parent.parent):
        created, moves = live_update_times(ex, 12 if args.quick else 40)
        moves.sort()
        p50, p90 = statistics.median(moves), moves[int(0.9 * (len(moves) - 1))]
        print(f"{chapter:22} {index:>2} {ex.title[:42]:42} {created * 1e3:6.0f}ms {p50 * 1e3:6.1f}ms "
              f"{p90 * 1e3:6.1f}ms  {'ok' if p50 <= 0.080 else 'MISS'}")


if __name__ == "__main__":
    main()
