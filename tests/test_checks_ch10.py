"""Chapter 10's exercise checks: right answers pass, wrong ones and junk get a specific hint, strict=True raises.

The truth each check holds is compared with PyTorch (autograd's gradient, torch.optim.SGD's run), never with
the convlib functions the chapter teaches.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convlib.course.checks import ExerciseFailed, ch10

JUNK = [None, ..., "7", 7.5, float("nan"), [], {}, np.zeros((2, 2)), object(), (1,), [..., ..., ...],
        [1, float("nan"), 2]]


def verdict(check, answer, capsys):
    ok = check(answer)
    line = capsys.readouterr().out.strip()
    assert line.startswith("Correct!" if ok else "Not yet:"), line
    return bool(ok), line


# --- kernel_gradient -------------------------------------------------------------------------

def torch_kernel_gradient():
    x = torch.tensor(ch10.X[None, None])
    w = torch.tensor(ch10.W[None, None], requires_grad=True)
    F.conv1d(x, w).backward(torch.tensor(ch10.GRAD_OUTPUT[None, None]))
    return w.grad[0, 0].numpy()


def test_kernel_gradient_truth_is_autograds(capsys):
    truth = torch_kernel_gradient()
    np.testing.assert_allclose(ch10.kernel_gradient_truth(), truth)
    assert verdict(ch10.kernel_gradient, truth.tolist(), capsys)[0]
    assert verdict(ch10.kernel_gradient, tuple(int(v) for v in truth), capsys)[0]
    assert ch10.kernel_gradient(truth, strict=True)


def test_kernel_gradient_wrong_answers_get_their_hint(capsys):
    truth = torch_kernel_gradient()
    x = torch.tensor(ch10.X[None, None], requires_grad=True)
    F.conv1d(x, torch.tensor(ch10.W[None, None])).backward(torch.tensor(ch10.GRAD_OUTPUT[None, None]))
    input_grad = x.grad[0, 0].numpy()
    cases = [(truth[::-1], "reverse order"), (input_grad, "dL/dx"), (np.zeros(5), "yours has 5"),
             (truth[:2], "yours has 2"), (truth + [0, 1, 0], "tap 1 is off")]
    for answer, words in cases:
        ok, line = verdict(ch10.kernel_gradient, answer, capsys)
        assert not ok and words in line, line
    with pytest.raises(ExerciseFailed):
        ch10.kernel_gradient(truth[::-1], strict=True)


@pytest.mark.parametrize("junk", JUNK)
def test_kernel_gradient_never_crashes_on_junk(junk, capsys):
    ok, line = verdict(ch10.kernel_gradient, junk, capsys)
    assert not ok and len(line) > 12


def test_an_unfilled_list_says_which_part_is_empty(capsys):
    assert "replace each ... with a number" in verdict(ch10.kernel_gradient, [..., ..., ...], capsys)[1]


# --- relu_backward ---------------------------------------------------------------------------

def torch_relu_backward(x, grad_output):
    leaf = torch.tensor(np.asarray(x, dtype=float), requires_grad=True)
    torch.relu(leaf).backward(torch.tensor(np.asarray(grad_output, dtype=float)))
    return leaf.grad.numpy()


def test_relu_backward_accepts_autograds_answer(capsys):
    assert verdict(ch10.relu_backward, torch_relu_backward, capsys)[0]
    assert ch10.relu_backward(lambda x, g: g * (x > 0), strict=True)


@pytest.mark.parametrize("function, words", [
    (lambda x, g: np.where(x >= 0, g, 0.0), "x > 0, not x >= 0"),
    (lambda x, g: (x > 0).astype(float), "multiply it by grad_output"),
    (lambda x, g: np.where(g > 0, g, 0.0), "comes from x"),
    (lambda x, g: np.where(x > 0, 0.0, g), "wrong way round"),
    (lambda x, g: g, "not equal"),
    (lambda x, g: None, "returned None"),
    (lambda x, g: (g * (x > 0))[None], "shape of x"),
    (lambda x, g: 1 / 0, "ZeroDivisionError"),
    (lambda x, g: g * np.nan, "NaN"),
    (lambda x: x, "TypeError"),
])
def test_relu_backward_wrong_functions_get_their_hint(function, words, capsys):
    ok, line = verdict(ch10.relu_backward, function, capsys)
    assert not ok and words in line, line


@pytest.mark.parametrize("junk", [None, ..., 3, "relu", np.zeros(3)])
def test_relu_backward_never_crashes_on_junk(junk, capsys):
    ok, line = verdict(ch10.relu_backward, junk, capsys)
    assert not ok and "function" in line


# --- sobel_rate ------------------------------------------------------------------------------

def torch_steps(lr, size, steps):
    """torch.optim.SGD with momentum on the same problem, gradients by autograd: steps to converge, or None."""
    image = torch.from_numpy(ch10.data.photo(size)[None, None])
    target = F.conv2d(image, torch.from_numpy(ch10.SOBEL_X[None, None]))
    kernel = torch.zeros(1, 1, 3, 3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([kernel], lr=lr, momentum=ch10.MOMENTUM)
    for step in range(steps + 1):
        if (kernel.detach()[0, 0].numpy() - ch10.SOBEL_X).__abs__().max() < ch10.TOLERANCE:
            return step
        opt.zero_grad()
        ((F.conv2d(image, kernel) - target) ** 2).mean().backward()
        opt.step()
    return None


@pytest.mark.parametrize("lr", [0.5, 2.0])
def test_learn_sobel_takes_torchs_steps(lr):
    steps, kernel, losses = ch10.learn_sobel(lr, 150, size=40)
    assert steps == torch_steps(lr, 40, 150)
    assert (steps is not None) == (lr == 0.5)


def test_sobel_rate_passes_a_good_rate_and_explains_bad_ones(capsys):
    ok, line = verdict(ch10.sobel_rate, 0.8, capsys)
    assert ok and "steps" in line
    ok, line = verdict(ch10.sobel_rate, 3.0, capsys)
    assert not ok and "smaller lr" in line
    ok, line = verdict(ch10.sobel_rate, 0.05, capsys)
    assert not ok and "larger lr" in line
    ok, line = verdict(ch10.sobel_rate, 0.37, capsys)      # the chapter's own rate takes 237 steps: not the answer
    assert not ok and "larger lr" in line
    with pytest.raises(ExerciseFailed):
        ch10.sobel_rate(3.0, strict=True)


@pytest.mark.parametrize("junk", [None, ..., "0.1", float("nan"), -0.1, 0, True, [0.1], np.array([0.1, 0.2])])
def test_sobel_rate_never_crashes_on_junk(junk, capsys):
    ok, line = verdict(ch10.sobel_rate, junk, capsys)
    assert not ok and len(line) > 12
