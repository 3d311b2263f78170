"""Chapter 8's exercise checks: right answers pass, wrong ones and junk get a specific hint, strict=True raises.

The truth each check holds is compared with PyTorch (a layer's output size, autograd's gradient of one
output), never with the convlib functions the chapter teaches.
"""

import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convlib.course.checks import ExerciseFailed, ch08

JUNK = [None, ..., "13", 13.5, float("nan"), [], {}, np.zeros((2, 2)), object(), (1,), (1, 2, 3, 4)]


def verdict(check, answer, capsys):
    ok = check(answer)
    line = capsys.readouterr().out.strip()
    assert line.startswith("Correct!" if ok else "Not yet:"), line
    return bool(ok), line


def torch_field(stack, ndim=2):
    """Receptive field: the nonzero extent of the gradient of one output, every weight 1 (PyTorch autograd)."""
    size = 96 if ndim == 2 else 600
    x = torch.zeros((1, 1) + (size,) * ndim, dtype=torch.float64, requires_grad=True)
    out, conv = x, F.conv1d if ndim == 1 else F.conv2d
    for k, s, d in stack:
        out = conv(out, torch.ones((1, 1) + (k,) * ndim, dtype=torch.float64), stride=s, dilation=d)
    out[(0, 0) + tuple(n // 2 for n in out.shape[2:])].backward()
    grad = x.grad[0, 0].numpy()
    nonzero = np.nonzero(grad)
    return grad, [int(i.max() - i.min() + 1) for i in nonzero]


# --- span ------------------------------------------------------------------------------------

def test_span_truth_is_what_torch_needs():
    x = torch.zeros(1, 1, 40, 40)
    out = F.conv2d(x, torch.ones(1, 1, 5, 5), dilation=3)
    span = 40 - out.shape[-1] + 1   # 'valid' keeps N - span + 1 positions
    assert ch08.span((span, 2), strict=True)


@pytest.mark.parametrize("answer, words", [
    ((15, 2), "4 gaps"), ((12, 2), "count the first pixel"), ((9, 2), "d - 1 as the step"), ((14, 2), "off"),
    ((13, 3), "pixels skipped"), ((13, 0), "pixels skipped"), ((..., 2), "both numbers"),
    ((13.0, 2.0), None),
])
def test_span_hints(answer, words, capsys):
    ok, line = verdict(ch08.span, answer, capsys)
    assert ok == (words is None)
    if words:
        assert words in line


@pytest.mark.parametrize("junk", JUNK)
def test_checks_never_crash_on_junk(junk, capsys):
    for check in (ch08.span, ch08.stack_field, ch08.no_holes, ch08.dilated_layer, ch08.wavenet_depth):
        ok, line = verdict(check, junk, capsys)
        assert not ok and "raised" not in line, (check.__name__, junk, line)


# --- stack_field ---------------------------------------------------------------------------

def test_stack_field_truth_is_autograds():
    _, (rows, cols) = torch_field(ch08.FIELD_STACK)
    assert rows == cols
    assert ch08.stack_field(rows, strict=True)
    assert ch08.stack_field(np.int64(rows), strict=True)


@pytest.mark.parametrize("answer, words", [(17, "leaves out the stride"), (31, "itself"), (20, "adds the spans"),
                                           (30, "is off"), (-1, "is off")])
def test_stack_field_hints(answer, words, capsys):
    ok, line = verdict(ch08.stack_field, answer, capsys)
    assert not ok and words in line


# --- no_holes ------------------------------------------------------------------------------

def test_no_holes_accepts_exactly_the_schedules_autograd_finds_complete(capsys):
    accepted = 0
    for dilations in itertools.product(range(1, 8), repeat=3):
        stack = [(3, 1, d) for d in dilations]
        grad, extent = torch_field(stack, ndim=1)
        complete = extent == [15] and np.count_nonzero(grad) == 15
        if sum(dilations) == 7:   # the candidates: also in 2-D, all 225 pixels
            grad, extent = torch_field(stack)
            assert complete == (extent == [15, 15] and np.count_nonzero(grad) == 225)
        ok, _ = verdict(ch08.no_holes, dilations, capsys)
        assert ok == complete, dilations
        accepted += ok
    assert accepted >= 3   # (1, 2, 4), (1, 3, 3), (1, 1, 5) and their orders


@pytest.mark.parametrize("answer, words", [((2, 2, 2), "add up to 7"), ((2, 2, 3), "holes"), ((3, 2, 2), "holes"),
                                           ((0, 3, 4), "at least 1"), ((1.5, 2.5, 3), "whole numbers"),
                                           ((1, 2), "three dilations"), ((..., ..., ...), "fill in all three")])
def test_no_holes_hints(answer, words, capsys):
    ok, line = verdict(ch08.no_holes, answer, capsys)
    assert not ok and words in line


# --- dilated_layer ---------------------------------------------------------------------------

def torch_layer(x, w, d):
    return F.conv2d(torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None], dilation=d).numpy()[0, 0]


def loops(x, w, d):
    kh, kw = w.shape
    y = np.zeros((x.shape[0] - d * (kh - 1), x.shape[1] - d * (kw - 1)))
    for r, c, i, j in itertools.product(range(y.shape[0]), range(y.shape[1]), range(kh), range(kw)):
        y[r, c] += x[r + d * i, c + d * j] * w[i, j]
    return y


def test_dilated_layer_accepts_torch_and_the_loops():
    assert ch08.dilated_layer(torch_layer, strict=True)
    assert ch08.dilated_layer(loops, strict=True)


def no_dilation(x, w, d):
    return torch_layer(x, w, 1)[: x.shape[0] - d * (w.shape[0] - 1), : x.shape[1] - d * (w.shape[1] - 1)]


def raises(x, w, d):
    raise IndexError("index 9 is out of bounds")


@pytest.mark.parametrize("function, words", [
    (lambda x, w, d: torch_layer(x, w[::-1, ::-1].copy(), d), "flipped"),
    (no_dilation, "step d pixels"),
    (lambda x, w, d: torch_layer(x, w, 1), "output is"),
    (lambda x, w, d: None, "returns nothing"),
    (lambda x, w, d: np.full(torch_layer(x, w, d).shape, np.nan), "NaN"),
    (lambda x, w, d: 2 * torch_layer(x, w, d), "values differ"),
    (lambda x, w, d: torch_layer(x, w, d).ravel(), "2-D"),
    (raises, "raised IndexError"),
    (loops(np.ones((5, 5)), np.ones((3, 3)), 1), "without parentheses"),
])
def test_dilated_layer_hints(function, words, capsys):
    ok, line = verdict(ch08.dilated_layer, function, capsys)
    assert not ok and words in line, line


# --- wavenet_depth ---------------------------------------------------------------------------

def test_wavenet_depth_truth_is_autograds():
    fewest = next(n for n in range(1, 12) if torch_field([(2, 1, 2**i) for i in range(n)], ndim=1)[1][0] >= 80)
    assert ch08.wavenet_depth(fewest, strict=True)


@pytest.mark.parametrize("answer, words", [(6, "only 64"), (8, "fewer layers"), (79, "without dilation"),
                                           (0, "at least one layer"), (80, "fewer layers")])
def test_wavenet_depth_hints(answer, words, capsys):
    ok, line = verdict(ch08.wavenet_depth, answer, capsys)
    assert not ok and words in line, line


# --- strict ------------------------------------------------------------------------------------

@pytest.mark.parametrize("check, wrong", [(ch08.span, (15, 2)), (ch08.stack_field, 17), (ch08.no_holes, (2, 2, 2)),
                                          (ch08.dilated_layer, lambda x, w, d: None), (ch08.wavenet_depth, 6),
                                          (ch08.span, None)])
def test_strict_raises_on_a_wrong_answer(check, wrong):
    with pytest.raises(ExerciseFailed, match="Not yet:"):
        check(wrong, strict=True)
