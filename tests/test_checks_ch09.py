"""Chapter 9's exercise checks: right answers pass, wrong ones and junk get a specific hint, strict=True raises.

The truth each check holds is compared with PyTorch (a layer's parameters) and numpy (outer products and
ranks), never with the convlib functions the chapter teaches.
"""

import numpy as np
import pytest
import scipy.signal
import torch

from convlib.course.checks import ExerciseFailed, ch09

JUNK = [None, ..., "13", 13.5, float("nan"), [], {}, np.zeros((2, 2)), object(), (1,), (1, 2, 3, 4),
        ([np.nan] * 5, [1, 0, -1]), ("a", "b"), ([1, 2], [[1]]), ([np.nan] * 5, [1, 0, -1], 7),
        ([1, 4, 6, 4, 1], [-1, 0, 1], np.zeros((2, 2))), ([1, 4, 6, 4, 1], [-1, 0, 1], object()),
        ([1, 4, 6, 4, 1], [-1, 0, 1], float("inf")), ("a", "b", "c")]


def verdict(check, answer, capsys):
    ok = check(answer)
    line = capsys.readouterr().out.strip()
    assert line.startswith("Correct!" if ok else "Not yet:"), line
    return bool(ok), line


@pytest.mark.parametrize("junk", JUNK)
def test_checks_never_crash_on_junk(junk, capsys):
    for check in (ch09.factors, ch09.block_params, ch09.ranks, ch09.time_ratio):
        ok, line = verdict(check, junk, capsys)
        assert not ok and "raised" not in line, (check.__name__, junk, line)


def test_strict_raises_on_a_wrong_answer():
    with pytest.raises(ExerciseFailed):
        ch09.block_params(1, strict=True)


# --- factors ----------------------------------------------------------------------------------

def saving():
    """The multiply-adds per pixel two passes save, counted from the shape: kH x kW for one 2-D pass, kH + kW for two."""
    kernel = np.asarray(ch09.FACTORS_KERNEL)
    return kernel.size - sum(kernel.shape)


@pytest.mark.parametrize("column, row", [
    ([1, 4, 6, 4, 1], [-1, 0, 1]),
    ([-1, -4, -6, -4, -1], [1, 0, -1]),
    (np.array([2.0, 8, 12, 8, 2]), (-0.5, 0, 0.5)),
])
def test_factors_accepts_every_scaling(column, row, capsys):
    assert np.array_equal(np.outer(column, row), ch09.FACTORS_KERNEL)   # numpy's outer product is the oracle
    image = np.random.default_rng(0).normal(size=(9, 7))                 # and scipy: two passes = one 2-D pass
    two = scipy.signal.correlate2d(scipy.signal.correlate2d(image, np.asarray(column, float)[:, None], "valid"),
                                   np.asarray(row, float)[None, :], "valid")
    assert np.allclose(two, scipy.signal.correlate2d(image, ch09.FACTORS_KERNEL, "valid"))
    for saved in (saving(), float(saving()), np.int64(saving())):
        ok, line = verdict(ch09.factors, (column, row, saved), capsys)
        assert ok and "instead of 5 × 3 = 15" in line and "7 saved" in line, line


def test_factors_strict():
    assert ch09.factors(([1, 4, 6, 4, 1], [-1, 0, 1], 7), strict=True)
    with pytest.raises(ExerciseFailed):
        ch09.factors(([1, 4, 6, 4, 1], [-1, 0, 1], 8), strict=True)


@pytest.mark.parametrize("answer, words", [
    (([-1, 0, 1], [1, 4, 6, 4, 1], 7), "Swap them"),
    (([1, 4, 6, 4, 1], [1, 0, -1], 7), "sign is flipped"),
    (([1, 2, 3, 2, 1], [-1, 0, 1], 7), "differs"),
    (([1, 4, 6, 4], [-1, 0, 1], 7), "needs 5"),
    (([1, 2, 3, 2, 0.5], [-2, 0, 2], 7), "differs"),
    (([0.5, 2, 3, 2, 0.5], [-1, 0, 1], 7), "wrong size"),
    (([1, 4, 6, 4, 1], [np.inf, 0, 1], 7), "NaN or inf"),
    # the factors alone, as the exercise asked before it asked for the saving
    (([1, 4, 6, 4, 1], [-1, 0, 1]), "three things"),
    # right factors, the usual wrong savings
    (([1, 4, 6, 4, 1], [-1, 0, 1], ...), "replace the ..."),
    (([1, 4, 6, 4, 1], [-1, 0, 1], None), "replace the ..."),
    (([1, 4, 6, 4, 1], [-1, 0, 1], 8), "what the two passes cost"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], 15), "what one 2-D pass costs"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], -7), "the sign"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], 3), "3×3 kernel"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], 15 / 8), "ratio"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], 8 / 15), "ratio"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], 10), "not the saving"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], float("nan")), "whole number"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], "7"), "whole number"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], True), "whole number"),
    (([1, 4, 6, 4, 1], [-1, 0, 1], [7]), "whole number"),
])
def test_factors_hints(answer, words, capsys):
    ok, line = verdict(ch09.factors, answer, capsys)
    assert not ok and words in line, line


# --- block_params -------------------------------------------------------------------------------

def torch_block_params():
    depthwise = torch.nn.Conv2d(32, 32, 3, groups=32)
    pointwise = torch.nn.Conv2d(32, 64, 1)
    return sum(p.numel() for p in [*depthwise.parameters(), *pointwise.parameters()])


def test_block_params_truth_is_torchs(capsys):
    truth = torch_block_params()
    assert ch09.block_params(truth, strict=True)
    assert ch09.block_params(float(truth), strict=True)
    assert ch09.block_params(np.int64(truth), strict=True)


@pytest.mark.parametrize("answer, words", [
    (2336, "bias per output channel"),
    (sum(p.numel() for p in torch.nn.Conv2d(32, 64, 3).parameters()), "standard 3×3 layer"),
    (18432, "standard 3×3 layer's weights"),
    (32 * 32 * 9 + 32 + 2048 + 64, "groups=32"),
    (2400, "biases are missing"),
    (2368, "pointwise layer has a bias too"),
    (2500, "is off"),
    (True, "whole number"),
    (2432.5, "whole number"),
])
def test_block_params_hints(answer, words, capsys):
    ok, line = verdict(ch09.block_params, answer, capsys)
    assert not ok and words in line, line


# --- ranks -------------------------------------------------------------------------------------

def test_ranks_truth_is_numpys(capsys):
    truth = tuple(int(np.linalg.matrix_rank(ch09.RANK_KERNELS[name])) for name in "AB")
    assert truth == (1, 2)
    ok, _ = verdict(ch09.ranks, truth, capsys)
    assert ok
    assert ch09.ranks([1.0, 2.0], strict=True)


@pytest.mark.parametrize("answer, words", [
    ((3, 2), "multiples of [1, 2, 1]"), ((2, 2), "one outer product"), ((1, 1), "almost separable"),
    ((1, 3), "independent rows"), ((1.5, 2), "whole numbers"), ((1,), "pair"),
])
def test_ranks_hints(answer, words, capsys):
    ok, line = verdict(ch09.ranks, answer, capsys)
    assert not ok and words in line, line


# --- time_ratio ----------------------------------------------------------------------------------

@pytest.mark.parametrize("answer, ok_expected, words", [
    ("c", True, "memory"), (" (C) ", True, "memory"), ("a", False, "1/N + 1/k²"),
    ("b", False, "one thread"), ("d", False, "matrix multiply"), ("e", False, "choose one of"), (1, False, "letter"),
])
def test_time_ratio(answer, ok_expected, words, capsys):
    ok, line = verdict(ch09.time_ratio, answer, capsys)
    assert ok == ok_expected and words in line, line
