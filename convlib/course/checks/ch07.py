"""Checks for the exercises of chapter 7, upsampling and transposed convolution.

Each check works the answer out on its own, by the textbook picture (every
input pixel stamps the kernel onto the output, ``stride`` apart; windows
counted one by one), never with the convlib function the chapter teaches.

Used in: chapter 7.
"""

from __future__ import annotations

import numpy as np

from .core import as_array, checked, number_answer, whole


def _stamped_length(size: int, kernel_size: int, stride: int, padding: int = 0, output_padding: int = 0) -> int:
    """A transposed convolution's output length, by stamping: the last stamp's end, plus output_padding, cropped."""
    last = max(i * stride + kernel_size for i in range(size))
    return last + output_padding - 2 * padding


def _windows(size: int, kernel_size: int, stride: int, padding: int) -> int:
    """A convolution's output length, by counting the windows that fit in the padded input."""
    return sum(1 for start in range(0, size + 2 * padding - kernel_size + 1, stride))


SIZE_LAYER = {"size": 7, "kernel_size": 5, "stride": 2, "padding": 1, "output_padding": 1}


@checked
def transpose_size(answer):
    """Chapter 7: the output side of ConvTranspose2d(kernel_size=5, stride=2, padding=1, output_padding=1) on 7x7."""
    value, hint = number_answer(answer, "your answer")
    if hint:
        return False, hint
    n, k, s, p, op = (SIZE_LAYER[key] for key in ("size", "kernel_size", "stride", "padding", "output_padding"))
    truth = _stamped_length(n, k, s, p, op)
    if value == truth:
        return True, (f"(7 − 1)·2 − 2·1 + 5 + 1 = {truth}: the stamps cover 6·2 + 5 = 17 pixels, "
                      f"plus 1 of output_padding, minus 1 cropped on each side.")
    if value == n * s:
        return False, f"{value} is size × stride, the size a resize by 2 gives; a transposed conv adds what its " \
                      "kernel sticks out and removes the padding: (n − 1)·s − 2p + k + output_padding."
    if value == truth - op:
        return False, f"{value} leaves out output_padding: it adds {op} row and column on one side."
    if value == truth + 2 * p:
        return False, f"{value} leaves out the padding: a transposed conv *crops* padding={p} from each side."
    if value == truth + p:
        return False, f"{value} crops the padding from one side only; it comes off both sides: −2·padding."
    if value == _windows(n, k, s, p):
        return False, f"{value} is the size of the ordinary Conv2d with these settings; the transposed one goes up."
    return False, f"{value} is off; stamp the kernel: input pixel i covers output pixels i·s to i·s + k − 1, " \
                  "then add output_padding and crop padding from each side."


PADDING_LAYER = {"kernel_size": 5, "stride": 3, "padding": 2, "sizes": (32, 33)}


def _padding_truths() -> tuple[int, ...]:
    k, s, p = PADDING_LAYER["kernel_size"], PADDING_LAYER["stride"], PADDING_LAYER["padding"]
    return tuple(size - _stamped_length(_windows(size, k, s, p), k, s, p) for size in PADDING_LAYER["sizes"])


@checked
def output_padding(answer):
    """Chapter 7: (output_padding for 32, for 33) for ConvTranspose2d(5, stride 3, padding 2) to undo Conv2d's shape."""
    first, second = PADDING_LAYER["sizes"]
    if answer is None or answer is Ellipsis:
        return False, "your answer is still empty; replace the ... with a pair, like (0, 0)."
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return False, f"answer with a pair (output_padding for {first}, output_padding for {second}), like (0, 0)."
    if any(a is Ellipsis for a in answer):
        return False, "fill in both numbers of the pair (replace each ...)."
    values = [whole(a) for a in answer]
    if None in values:
        return False, f"both entries should be whole numbers; got {tuple(answer)!r}."
    k, s, p = PADDING_LAYER["kernel_size"], PADDING_LAYER["stride"], PADDING_LAYER["padding"]
    truths = list(_padding_truths())
    small = _windows(first, k, s, p)
    back = _stamped_length(small, k, s, p)
    if any(v < 0 for v in values):
        return False, "output_padding adds rows and columns; it cannot be negative."
    if any(v >= s for v in values):
        return False, f"output_padding must be smaller than the stride ({s}), or torch refuses the layer."
    if values == truths:
        return True, (f"{first} and {second} both go down to {small}, and {small} comes back as {back}; "
                      f"{first} needs {truths[0]} more row and column, {second} needs {truths[1]}.")
    if values == truths[::-1]:
        return False, f"the other way round: the larger input needs more; {small} comes back as {back} without " \
                      "output_padding."
    wrong = [size for size, v, t in zip(PADDING_LAYER["sizes"], values, truths) if v != t]
    return False, f"not for {wrong[0]}: compute its Conv2d size, then what ConvTranspose2d makes of that without " \
                  "output_padding, and add the difference."


def _stamp_counts(kernel_size: int, stride: int, inputs: int) -> list[int]:
    """How many stamps cover each output pixel, inside (away from the border), counted one stamp at a time."""
    counts = [0] * ((inputs - 1) * stride + kernel_size)
    for i in range(inputs):
        for j in range(kernel_size):
            counts[i * stride + j] += 1
    return counts[kernel_size - 1:(inputs - 1) * stride + 1]


EVEN_STRIDES = (4, 5)


@checked
def even_overlap(answer):
    """Chapter 7: {stride: kernel_size} for strides 4 and 5, each kernel larger than its stride, overlapping evenly."""
    strides = EVEN_STRIDES
    example = "{" + ", ".join(f"{s}: ..." for s in strides) + "}"
    if answer is None or answer is Ellipsis:
        return False, f"your answer is still empty; fill in the dict {example}."
    if not isinstance(answer, dict):
        return False, f"answer with a dict {example} of kernel sizes; got {type(answer).__name__}."
    if set(answer) != set(strides):
        return False, f"use the strides {strides[0]} and {strides[1]} as the keys, {example}; got keys " \
                      f"{sorted(map(str, answer))}."
    for stride in strides:
        k, hint = number_answer(answer[stride], f"the kernel size for stride {stride}")
        if hint:
            return False, hint
        if k <= stride:
            return False, f"make the kernel for stride {stride} larger than {stride}; with {k} the stamps do not " \
                          "overlap at all" + (" and leave gaps." if k < stride else ", they only tile.")
        counts = _stamp_counts(k, stride, inputs=k + 4)
        if min(counts) != max(counts):
            pattern = ", ".join(map(str, counts[:stride]))
            return False, f"kernel {k} with stride {stride} gives {pattern} stamps in turn (in 2-D the products: " \
                          f"{min(counts) ** 2} to {max(counts) ** 2}); look for the kernel sizes that make it even."
    return True, f"kernel {answer[strides[0]]} with stride {strides[0]} and {answer[strides[1]]} with stride " \
                 f"{strides[1]}: the stride divides the kernel, so every pixel gets the same number of stamps."


ADJOINT_KERNEL = np.array([[1.0, 2.0], [3.0, 4.0]])


def _conv_matrix(kernel: np.ndarray, size: int = 3) -> np.ndarray:
    """d2l's kernel2matrix: row r*m + c of C holds the weights that output (r, c) puts on each input pixel."""
    kh, kw = kernel.shape
    m = size - kh + 1
    matrix = np.zeros((m * m, size * size))
    for r in range(m):
        for c in range(m):
            for p in range(kh):
                for q in range(kw):
                    matrix[r * m + c, (r + p) * size + (c + q)] = kernel[p, q]
    return matrix


@checked
def conv_matrix(answer):
    """Chapter 7: the matrix C with conv2d(x, ADJOINT_KERNEL).ravel() == C @ x.ravel() for a 3x3 input x."""
    matrix, hint = as_array(answer, "your C", 2)
    if hint:
        return False, hint
    truth = _conv_matrix(ADJOINT_KERNEL)
    if matrix.shape == truth.T.shape and np.allclose(matrix, truth.T):
        return False, "that is Cᵀ (9 x 4): C has one row per output pixel (4) and one column per input pixel (9)."
    if matrix.shape != truth.shape:
        return False, f"C maps the 9 input pixels to the 4 output pixels, so it is 4 x 9; yours is " \
                      f"{matrix.shape[0]} x {matrix.shape[1]}."
    if np.allclose(matrix, truth):
        return True, "C @ x.ravel() is conv2d, and C.T @ y.ravel() is conv_transpose2d: the transposed convolution " \
                     "is this matrix, transposed."
    if np.allclose(matrix, _conv_matrix(ADJOINT_KERNEL[::-1, ::-1])):
        return False, "your kernel is flipped: a layer (conv2d) correlates, so output (0, 0) weighs x[0, 0] by w[0, 0]."
    rows_ok = [np.allclose(matrix[i], truth[i]) for i in range(4)]
    if any(rows_ok):
        bad = rows_ok.index(False)
        return False, f"row {bad} (output ({bad // 2}, {bad % 2})) is off; its window starts at input pixel " \
                      f"({bad // 2}, {bad % 2}), which is column {bad // 2 * 3 + bad % 2} of C."
    return False, "row r·2 + c of C holds w[p, q] in column (r + p)·3 + (c + q), and 0 elsewhere."


LEVELS_LAYER = {"kernel_size": 6, "stride": 3}


def _levels(kernel_size: int, stride: int) -> int:
    """How many different sets of taps land on the pixels inside the output: one per (row, column) phase.

    Counted by stamping: for each output pixel inside, the set of kernel taps (p, q) that reach it.
    """
    inputs = kernel_size + 3
    inside = range(kernel_size - 1, (inputs - 1) * stride + 1)
    taps_1d = []
    for o in inside:
        taps_1d.append(frozenset(o - i * stride for i in range(inputs) if 0 <= o - i * stride < kernel_size))
    return len({(r, c) for r in set(taps_1d) for c in set(taps_1d)})


@checked
def levels(answer):
    """Chapter 7: how many values ConvTranspose2d(6, stride 3), random weights, makes of a constant input (inside)."""
    value, hint = number_answer(answer, "your answer")
    if hint:
        return False, hint
    k, s = LEVELS_LAYER["kernel_size"], LEVELS_LAYER["stride"]
    truth = _levels(k, s)
    if value == truth:
        return True, (f"{truth} = {s}·{s}: a pixel's row can be at any of {s} places between two stamps' starts, and "
                      f"so can its column; each of the {truth} (row, column) pairs gets its own {k // s}·{k // s} "
                      f"taps, so {truth} random sums.")
    if value == 4:
        return False, "4 is the answer for stride 2 (the four quarter-sums); with stride 3 a row can sit at 3 places " \
                      "between two stamps' starts."
    if value == s:
        return False, f"{value} counts one axis; the row and the column each pick their taps, so the levels multiply."
    if value == 1:
        return False, "the overlap is even (the stride divides the kernel), but even overlap makes only the *count* " \
                      "equal; which taps land on a pixel still depends on where it sits."
    if value == k * k or value == (k // s) ** 2:
        return False, f"{value} counts taps; count instead the different *sets* of taps that land on a pixel: " \
                      "the pixel's row and column, each counted between two stamps' starts, pick the set."
    return False, f"{value} is off; follow the chapter's kernel-4, stride-2 case: which taps land on a pixel " \
                  "depends on its row and column, counted from the last stamp's start. How many (row, column) cases?"


__all__ = ["ADJOINT_KERNEL", "EVEN_STRIDES", "LEVELS_LAYER", "PADDING_LAYER", "SIZE_LAYER", "conv_matrix",
           "even_overlap", "levels", "output_padding", "transpose_size"]
