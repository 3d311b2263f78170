"""Checks for the exercises of chapter 9, separable convolutions.

Each check works the answer out on its own (numpy's outer product and matrix
rank, parameters counted weight tensor by weight tensor), not with the convlib
functions the chapter teaches.

Used in: chapter 9.
"""

from __future__ import annotations

import numbers

import numpy as np

from .core import as_array, checked, choice_answer, whole

# ex-9-factors: a 5x3 kernel, binomial smoothing down the columns times a central difference along the rows
FACTORS_KERNEL = np.outer([1.0, 4.0, 6.0, 4.0, 1.0], [-1.0, 0.0, 1.0])
FACTORS_KERNEL.setflags(write=False)


@checked
def factors(answer):
    """Chapter 9: (column, row, saved): 1-D kernels whose outer product is FACTORS_KERNEL, and the
    multiply-adds per pixel that two passes save over one 2-D pass."""
    if answer is None or answer is Ellipsis:
        return False, "your answer is still empty; answer with (column, row, saved): two 1-D lists and a number."
    if not isinstance(answer, (tuple, list)) or len(answer) != 3:
        got = f"{len(answer)} things" if isinstance(answer, (tuple, list)) else type(answer).__name__
        return False, (f"answer with three things, (column, row, saved): two 1-D lists and the multiply-adds "
                       f"per pixel saved, like ([1, 2, 1], [1, 0, -1], 3); got {got}.")
    column, hint = as_array(answer[0], "your column", 1)
    if hint:
        return False, hint
    row, hint = as_array(answer[1], "your row", 1)
    if hint:
        return False, hint
    target = FACTORS_KERNEL
    if (column.size, row.size) == (3, 5):
        return False, ("your column has 3 taps and your row 5: np.outer(column, row) has one row per column tap, "
                       "and the kernel is 5 rows by 3 columns. Swap them.")
    if (column.size, row.size) != target.shape:
        return False, (f"the kernel is {target.shape[0]}×{target.shape[1]}, so the column needs {target.shape[0]} "
                       f"taps and the row {target.shape[1]}; yours have {column.size} and {row.size}.")
    product = np.outer(column, row)
    if np.allclose(product, -target):
        return False, ("right shape and pattern, but the sign is flipped (or the row reversed): the kernel's left "
                       "column is negative, so read the row left to right, -1, 0, 1.")
    if not np.allclose(product, target):
        if np.allclose(product / (np.abs(product).max() or 1), target / np.abs(target).max()):
            return False, ("right pattern, wrong size: the largest entry of the kernel is 6. Check the scale of "
                           "your factors.")
        return False, ("np.outer(column, row) differs from the kernel. Every row of the kernel is a multiple of "
                       "one row; the multiples, read down the kernel, are the column.")
    # the truth, counted from the shapes: one 2-D pass multiplies every kernel entry, two passes every tap
    one_pass, two_passes = target.size, column.size + row.size
    saved = answer[2]
    if saved is None or saved is Ellipsis:
        return False, ("your factors are right; now replace the ... in `saved` with the multiply-adds per pixel "
                       "that two passes save.")
    value = whole(saved)
    if value is None:
        real = isinstance(saved, numbers.Real) and not isinstance(saved, bool) and np.isfinite(float(saved))
        if real and any(np.isclose(float(saved), r, atol=0.01) for r in (one_pass / two_passes,
                                                                           two_passes / one_pass)):
            return False, (f"your factors are right, and {float(saved):.3g} is a ratio of the two costs; the "
                           f"exercise asks how many multiply-adds per pixel are saved, a whole number.")
        return False, (f"your factors are right; `saved` should be a whole number of multiply-adds per pixel; "
                       f"got {saved!r}.")
    if value == one_pass - two_passes:
        scale = column[0]
        note = "" if np.isclose(scale, 1) else (f" (a scaled pair: column × {1 / scale:g}, row × {scale:g} "
                                                f"gives 1, 4, 6, 4, 1)")
        return True, (f"np.outer(column, row) is the kernel, and two passes cost {column.size} + {row.size} = "
                      f"{two_passes} multiply-adds per pixel instead of {column.size} × {row.size} = {one_pass}: "
                      f"{value} saved{note}.")
    hints = {
        two_passes: (f"{two_passes} is what the two passes cost ({column.size} + {row.size}); how many fewer is "
                     f"that than one 2-D pass?"),
        one_pass: (f"{one_pass} is what one 2-D pass costs ({column.size} × {row.size}); how many of those do "
                   f"the two passes save?"),
        two_passes - one_pass: ("the sign: two passes do fewer multiply-adds, so the saving is positive, one pass "
                                "minus two passes."),
        9 - 6: "that is the saving of a 3×3 kernel (9 - 6); this kernel is 5×3.",
    }
    return False, hints.get(value, (f"your factors are right, but {value} is not the saving: count the "
                                    f"multiply-adds per pixel of one 2-D pass and of the two 1-D passes."))


# ex-9-params: depthwise 3x3 then pointwise 1x1, 32 -> 64 channels, both with a bias (torch's default)
PARAMS_LAYER = {"in_channels": 32, "out_channels": 64, "kernel_size": 3}


@checked
def block_params(answer):
    """Chapter 9: the parameters of Conv2d(32, 32, 3, groups=32) followed by Conv2d(32, 64, 1), biases included."""
    if answer is None or answer is Ellipsis:
        return False, "your count is still empty; replace the ... with a whole number."
    value = whole(answer)
    if value is None:
        return False, f"a parameter count is a whole number; got {answer!r}."
    c, n, k = PARAMS_LAYER["in_channels"], PARAMS_LAYER["out_channels"], PARAMS_LAYER["kernel_size"]
    depthwise_weights = np.zeros((c, 1, k, k)).size     # one k x k kernel per input channel
    pointwise_weights = np.zeros((n, c, 1, 1)).size     # one weight per (output, input) pair
    truth = depthwise_weights + c + pointwise_weights + n
    if value == truth:
        return True, (f"{depthwise_weights} + {c} (depthwise) + {pointwise_weights} + {n} (pointwise) = {truth}, "
                      f"against {n * c * k * k + n} for a standard 3×3 layer.")
    hints = {
        depthwise_weights + pointwise_weights: "that is every weight; each layer also has a bias per output channel.",
        n * c * k * k + n: "that is the standard 3×3 layer; the depthwise one has a single 3×3 kernel per channel.",
        n * c * k * k: "that is the standard 3×3 layer's weights; count the depthwise and pointwise layers instead.",
        c * c * k * k + c + pointwise_weights + n: ("the depthwise layer has groups=32: each of its 32 kernels sees "
                                                    "one channel, so it holds 32 × 9 weights, not 32 × 32 × 9."),
        depthwise_weights + c + n + c: ("the pointwise layer mixes every input channel into every output: "
                                        "64 × 32 weights."),
        depthwise_weights + pointwise_weights + n: ("one layer's biases are missing: the depthwise layer has 32 (one "
                                                    "per channel) and the pointwise layer 64."),
        depthwise_weights + c + pointwise_weights: "the pointwise layer has a bias too: one per output channel, 64.",
    }
    return False, hints.get(value, f"{value} is off. Count each weight tensor, (out, in/groups, kH, kW), plus one "
                                   f"bias per output channel, for both layers.")


# ex-9-rank: the ranks of two 3x3 kernels
RANK_KERNELS = {
    "A": np.array([[2.0, 4.0, 2.0], [3.0, 6.0, 3.0], [-1.0, -2.0, -1.0]]),
    "B": np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 2.0]]),
}


@checked
def ranks(answer):
    """Chapter 9: (rank of A, rank of B) for RANK_KERNELS; rank 1 means separable."""
    if answer is None or answer is Ellipsis:
        return False, "your ranks are still empty; answer with a pair (rank_A, rank_B), like (3, 3)."
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return False, "answer with a pair of whole numbers (rank_A, rank_B), like (3, 3)."
    values = [whole(a) for a in answer]
    if None in values:
        return False, f"ranks are whole numbers from 0 to 3; got {tuple(answer)!r}."
    truth = [int(np.linalg.matrix_rank(RANK_KERNELS[name])) for name in "AB"]
    if values == truth:
        return True, ("A = np.outer([2, 3, -1], [1, 2, 1]) is separable (rank 1); B's corner 2 breaks the pattern, "
                      "so B needs two rank-1 terms.")
    wrong = [name for name, v, t in zip("AB", values, truth) if v != t]
    if "A" in wrong:
        return False, ("look at A's rows: [2, 4, 2], [3, 6, 3] and [-1, -2, -1] are all multiples of [1, 2, 1], "
                       "so A is one outer product. A negative multiple still counts.")
    if values[1] == 1:
        return False, "B is almost separable, but its last row [1, 2, 2] is not a multiple of [1, 2, 1]."
    return False, ("B's first two rows are multiples of [1, 2, 1] and its last is not; how many independent rows "
                   "does that leave?")


TIME_CHOICES = {
    "a": "the separable block really does as many multiply-adds as the standard one",
    "b": "torch gives the depthwise step more threads than the standard layer",
    "c": "the depthwise step does few multiply-adds per value it reads from memory",
    "d": "the 1×1 pointwise step cannot use a fast matrix multiply routine",
}


@checked
def time_ratio(answer):
    """Chapter 9: why the separable block saves less time than FLOPs (multiple choice among TIME_CHOICES)."""
    letter, hint = choice_answer(answer, tuple(TIME_CHOICES))
    if hint:
        return False, hint
    if letter == "c":
        return True, ("each value read feeds 9 multiply-adds in the depthwise step, against 9 · 64 = 576 in "
                      "the standard 3×3 layer with 64 outputs: the depthwise step waits on memory, and its "
                      "small calls cannot fill the machine.")
    return False, {
        "a": "the count is right (1/N + 1/k² of the standard layer, as the cost explorer shows); look at how "
             "much work each step does per value it reads.",
        "b": "every torch time in this chapter uses one thread (torch.set_num_threads(1)).",
        "d": "the pointwise step is exactly a matrix multiply: (out × in) times (in × pixels).",
    }[letter]


__all__ = ["factors", "block_params", "ranks", "time_ratio", "FACTORS_KERNEL", "PARAMS_LAYER", "RANK_KERNELS",
           "TIME_CHOICES"]
