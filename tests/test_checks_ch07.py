"""Chapter 7's exercise checks: right answers pass, wrong ones and junk get a specific hint, strict=True raises.

The truth each check holds is compared with PyTorch (layer output sizes, conv2d and conv_transpose2d
applied to basis images), never with the convlib functions the chapter teaches.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convlib.course.checks import ExerciseFailed, ch07

JUNK = [None, ..., "13", 13.5, float("nan"), [], {}, np.zeros((2, 2)), object(), (1,), (1, 2, 3, 4),
        np.full((4, 9), np.nan), {2: "4", 3: 6}, {2: None, 3: None}]
CHECKS = (ch07.transpose_size, ch07.output_padding, ch07.even_overlap, ch07.conv_matrix, ch07.levels)


def verdict(check, answer, capsys):
    ok = check(answer)
    line = capsys.readouterr().out.strip()
    assert line.startswith("Correct!" if ok else "Not yet:"), line
    return bool(ok), line


@pytest.mark.parametrize("junk", JUNK)
def test_checks_never_crash_on_junk(junk, capsys):
    for check in CHECKS:
        ok, line = verdict(check, junk, capsys)
        assert not ok and "raised" not in line, (check.__name__, junk, line)


def test_strict_raises_on_a_wrong_answer():
    with pytest.raises(ExerciseFailed):
        ch07.transpose_size(3, strict=True)


# --- transpose_size ---------------------------------------------------------------------------

def torch_size():
    layer = ch07.SIZE_LAYER
    x = torch.zeros(1, 1, layer["size"], layer["size"])
    w = torch.zeros(1, 1, layer["kernel_size"], layer["kernel_size"])
    return F.conv_transpose2d(x, w, stride=layer["stride"], padding=layer["padding"],
                              output_padding=layer["output_padding"]).shape[-1]


def test_transpose_size_truth_is_torchs():
    truth = torch_size()
    assert ch07.transpose_size(truth, strict=True)
    assert ch07.transpose_size(np.int64(truth), strict=True) and ch07.transpose_size(float(truth), strict=True)


@pytest.mark.parametrize("answer, words", [(14, "size × stride"), (15, "output_padding"), (18, "crops"),
                                           (17, "one side only"), (40, "is off")])
def test_transpose_size_hints(answer, words, capsys):
    ok, line = verdict(ch07.transpose_size, answer, capsys)
    assert not ok and words in line


def test_the_ordinary_conv_hint_is_for_torchs_conv_size(capsys):
    layer = ch07.SIZE_LAYER
    size = F.conv2d(torch.zeros(1, 1, layer["size"], layer["size"]), torch.zeros(1, 1, 5, 5), stride=2,
                    padding=1).shape[-1]
    ok, line = verdict(ch07.transpose_size, size, capsys)
    assert not ok and "ordinary Conv2d" in line


# --- output_padding ---------------------------------------------------------------------------

def torch_output_padding():
    """For each size: the output_padding that makes ConvTranspose2d give the size back, found by trying."""
    layer = ch07.PADDING_LAYER
    found = []
    k, s, p = layer["kernel_size"], layer["stride"], layer["padding"]
    for size in layer["sizes"]:
        w = torch.zeros(1, 1, k, k)
        small = F.conv2d(torch.zeros(1, 1, size, size), w, stride=s, padding=p)
        fits = [op for op in range(s) if F.conv_transpose2d(small, w, stride=s, padding=p,
                                                            output_padding=op).shape[-1] == size]
        assert len(fits) == 1
        found.append(fits[0])
    return tuple(found)


def test_output_padding_truth_is_torchs():
    truth = torch_output_padding()
    assert truth == (1, 2)
    assert ch07.output_padding(truth, strict=True) and ch07.output_padding(list(truth), strict=True)


@pytest.mark.parametrize("answer, words", [((2, 1), "other way round"), ((1, 1), "not for 33"),
                                           ((0, 2), "not for 32"), ((3, 0), "smaller than the stride"),
                                           ((-1, 0), "negative"), ((1.5, 0), "whole numbers"), (1, "pair")])
def test_output_padding_hints(answer, words, capsys):
    ok, line = verdict(ch07.output_padding, answer, capsys)
    assert not ok and words in line


# --- even_overlap -------------------------------------------------------------------------------

def torch_even(k, s):
    """Even overlap inside the output: a transposed conv of ones (torch), away from the border."""
    counts = F.conv_transpose1d(torch.ones(1, 1, 20, dtype=torch.float64), torch.ones(1, 1, k, dtype=torch.float64),
                                stride=s)[0, 0].numpy()
    inside = counts[k - 1:19 * s + 1]
    return inside.min() == inside.max()


def test_even_overlap_accepts_exactly_what_torch_finds_even(capsys):
    assert ch07.EVEN_STRIDES == (4, 5)
    for k4 in range(5, 14):
        for k5 in range(6, 16):
            ok, _ = verdict(ch07.even_overlap, {4: k4, 5: k5}, capsys)
            assert ok == (torch_even(k4, 4) and torch_even(k5, 5)), (k4, k5)
    assert ch07.even_overlap({4: 8, 5: 10}, strict=True)


@pytest.mark.parametrize("answer, words", [({4: 6, 5: 10}, "gives 2, 1, 1, 2"), ({4: 8, 5: 7}, "2, 1"),
                                           ({4: 4, 5: 10}, "only tile"), ({4: 3, 5: 10}, "gaps"),
                                           ({4: 8}, "keys"), ({2: 4, 3: 6}, "keys"), ((8, 10), "dict")])
def test_even_overlap_hints(answer, words, capsys):
    ok, line = verdict(ch07.even_overlap, answer, capsys)
    assert not ok and words in line, line


# --- conv_matrix --------------------------------------------------------------------------------

def torch_matrix():
    """C column by column: torch's conv2d of each basis image."""
    w = torch.from_numpy(ch07.ADJOINT_KERNEL)[None, None]
    columns = []
    for j in range(9):
        e = torch.zeros(9, dtype=torch.float64)
        e[j] = 1
        columns.append(F.conv2d(e.reshape(1, 1, 3, 3), w).reshape(4))
    return torch.stack(columns, dim=1).numpy()


def test_conv_matrix_truth_is_torchs_and_its_transpose_is_conv_transpose2d():
    c = torch_matrix()
    assert ch07.conv_matrix(c, strict=True)
    y = np.arange(4.0).reshape(2, 2) - 1.5
    transposed = F.conv_transpose2d(torch.from_numpy(y)[None, None], torch.from_numpy(ch07.ADJOINT_KERNEL)[None, None])
    np.testing.assert_allclose(c.T @ y.ravel(), transposed.numpy().ravel())


def test_conv_matrix_hints(capsys):
    c = torch_matrix()
    ok, line = verdict(ch07.conv_matrix, c.T, capsys)
    assert not ok and "Cᵀ" in line
    flipped = np.zeros_like(c)
    w = ch07.ADJOINT_KERNEL[::-1, ::-1]
    for r in range(2):
        for col in range(2):
            for p in range(2):
                for q in range(2):
                    flipped[r * 2 + col, (r + p) * 3 + col + q] = w[p, q]
    ok, line = verdict(ch07.conv_matrix, flipped, capsys)
    assert not ok and "flipped" in line
    one_off = c.copy()
    one_off[3] = np.roll(one_off[3], 1)
    ok, line = verdict(ch07.conv_matrix, one_off, capsys)
    assert not ok and "row 3" in line
    ok, line = verdict(ch07.conv_matrix, np.zeros((3, 9)), capsys)
    assert not ok and "4 x 9" in line


# --- levels -------------------------------------------------------------------------------------

def torch_levels(k, s, seed):
    """Distinct values of torch's conv_transpose2d of a constant input with a random kernel, inside the output."""
    torch.manual_seed(seed)
    w = torch.rand(1, 1, k, k, dtype=torch.float64) - 0.5
    n = 12
    out = F.conv_transpose2d(torch.ones(1, 1, n, n, dtype=torch.float64), w, stride=s)[0, 0]
    inside = out[k - 1:(n - 1) * s + 1, k - 1:(n - 1) * s + 1]
    return len(set(np.round(inside.numpy().ravel(), 9)))


def test_levels_truth_is_what_torch_shows():
    layer = ch07.LEVELS_LAYER
    truth = max(torch_levels(layer["kernel_size"], layer["stride"], seed) for seed in range(3))
    assert truth == 9
    assert ch07.levels(truth, strict=True) and ch07.levels(np.int64(truth), strict=True)
    for k, s in [(4, 2), (3, 2), (6, 2), (8, 4)]:     # the counting in the check agrees with torch elsewhere too
        assert ch07._levels(k, s) == max(torch_levels(k, s, seed) for seed in range(3)), (k, s)


@pytest.mark.parametrize("answer, words", [(4, "stride 2"), (3, "one axis"), (1, "even overlap"),
                                           (36, "counts taps"), (4.5, "whole"), (7, "is off")])
def test_levels_hints(answer, words, capsys):
    ok, line = verdict(ch07.levels, answer, capsys)
    assert not ok and words in line, line
