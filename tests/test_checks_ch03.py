"""Chapter 3's exercise checks, judged against torch: output shapes, and the gradient as a read count.

A check must accept the right answer, say "Not yet:" with a hint to wrong
answers and junk, never raise (except with ``strict=True``), and agree with
torch on every answer of a whole range, not only on the ones it was written for.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")
F = torch.nn.functional

from convlib.course.checks import ExerciseFailed, ch03  # noqa: E402

JUNK = [None, ..., "text", 3.5, float("nan"), float("inf"), [[1, 2], [3]], object(), np.zeros((2, 2, 2)), [], {},
        True, -1]


def torch_output_side(size, kernel_size, stride, padding):
    x = torch.zeros(1, 1, size, size)
    return F.conv2d(x, torch.zeros(1, 1, kernel_size, kernel_size), stride=stride, padding=padding).shape[-1]


def torch_unread(size, kernel_size, stride, padding):
    """Input cells whose gradient is 0 when every weight is 1: no window reads them."""
    x = torch.ones(1, 1, size, requires_grad=True)
    F.conv1d(x, torch.ones(1, 1, kernel_size), stride=stride, padding=padding).sum().backward()
    return [int(i) for i in torch.nonzero(x.grad[0, 0] == 0).ravel()]


def verdict(check, answer, capsys):
    ok = bool(check(answer))
    line = capsys.readouterr().out
    assert line.startswith("Correct!" if ok else "Not yet:"), line
    assert len(line) < 130, f"a hint should fit on a line or two: {line!r}"
    return ok, line


def test_output_size_agrees_with_torch_on_every_candidate(capsys):
    setting = ch03.SIZE_SETTING
    truth = torch_output_side(setting["size"], setting["kernel_size"], setting["stride"], setting["padding"])
    assert truth == 11  # the exercise's own numbers, as torch computes them
    for n in range(0, 40):
        ok, _ = verdict(ch03.output_size, n, capsys)
        assert ok == (n == truth), n
    assert verdict(ch03.output_size, (truth, truth), capsys)[0]
    assert verdict(ch03.output_size, float(truth), capsys)[0]


@pytest.mark.parametrize("wrong,words", [
    (12, "rounded up"), (9, "leaves the padding out"), (10, "each"), (32, "same"), (11.3, "whole numbers"),
])
def test_output_size_names_the_slip(wrong, words, capsys):
    ok, line = verdict(ch03.output_size, wrong, capsys)
    assert not ok and words in line


def test_same_padding_agrees_with_torch(capsys):
    keeps = [p for p in range(0, 8) if torch_output_side(32, 5, 1, p) == 32]
    assert keeps == [2]
    for p in range(0, 8):
        ok, line = verdict(ch03.same_padding, p, capsys)
        assert ok == (p in keeps), p
    assert "total" in verdict(ch03.same_padding, 4, capsys)[1]
    assert "grows by 2" in verdict(ch03.same_padding, 3, capsys)[1]   # torch: 32 -> 34
    assert torch_output_side(32, 5, 1, 3) == 34
    assert verdict(ch03.same_padding, (2, 2), capsys)[0]
    assert not verdict(ch03.same_padding, "same", capsys)[0]


def test_unread_cells_agrees_with_torch_autograd(capsys):
    setting = ch03.UNREAD_SETTING
    truth = torch_unread(setting["size"], setting["kernel_size"], setting["stride"], setting["padding"])
    assert truth == [2, 6]
    assert verdict(ch03.unread_cells, truth, capsys)[0]
    assert verdict(ch03.unread_cells, np.array(truth), capsys)[0]
    assert verdict(ch03.unread_cells, {6, 2}, capsys)[0]
    for wrong, words in [([3, 7], "padded input"), ([3, 7, 11], "padded input"), ([2, 6, 10], "cells 0 to 9"),
                         ([2, 5, 6], "reads cell 5"), ([1], "windows start"), ([], "windows start"),
                         ([2.5], "whole number")]:
        ok, line = verdict(ch03.unread_cells, wrong, capsys)
        assert not ok and words in line, (wrong, line)


def test_halving_layer_agrees_with_torch_over_a_range_of_settings(capsys):
    accepted = 0
    for k in range(1, 12):
        for s in range(1, 5):
            for p in range(0, k):
                ok, _ = verdict(ch03.halving_layer, (k, s, p), capsys)
                assert ok == (torch_output_side(224, k, s, p) == 112), (k, s, p)
                accepted += ok
    assert accepted >= 10  # many answers work: (7, 2, 3), (3, 2, 1), (2, 2, 0), ...
    ok, line = verdict(ch03.halving_layer, (7, 2, 3), capsys)
    assert ok and "ResNet" in line
    assert verdict(ch03.halving_layer, {"kernel_size": 3, "stride": 2, "padding": 1}, capsys)[0]
    for wrong, words in [((3, 1, 1), "stride 1"), ((3, 2, 0), "111"), ((1, 2, 1), "only padding"),
                         ((3, 2, "same"), "number"), ((3, 2), "tuple"), ((0, 2, 0), "at least 1"),
                         ((3, 2, -1), "negative"), ((500, 2, 1), "does not fit")]:
        ok, line = verdict(ch03.halving_layer, wrong, capsys)
        assert not ok and words in line, (wrong, line)


def test_aliasing_accepts_the_letter_in_any_reasonable_form(capsys):
    for form in ["b", "B", " b ", "(b)"]:
        assert verdict(ch03.aliasing, form, capsys)[0]
    for wrong in "acd":
        ok, line = verdict(ch03.aliasing, wrong, capsys)
        assert not ok and len(line) > 30
    assert not verdict(ch03.aliasing, "e", capsys)[0]


@pytest.mark.parametrize("check", [ch03.output_size, ch03.same_padding, ch03.unread_cells, ch03.halving_layer,
                                   ch03.aliasing])
def test_junk_gets_a_hint_never_a_traceback(check, capsys):
    for junk in JUNK:
        ok, line = verdict(check, junk, capsys)
        assert not ok, junk
        assert "raised" not in line, f"{junk!r} reached an unexpected error: {line}"


@pytest.mark.parametrize("check,wrong", [(ch03.output_size, 12), (ch03.same_padding, 4), (ch03.unread_cells, [3, 7]),
                                         (ch03.halving_layer, (3, 1, 1)), (ch03.aliasing, "a")])
def test_strict_raises_on_a_wrong_answer(check, wrong):
    with pytest.raises(ExerciseFailed, match="Not yet:"):
        check(wrong, strict=True)
