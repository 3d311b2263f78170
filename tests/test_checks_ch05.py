"""Chapter 5 (activations): the exercise checks and the activation figures.

Oracles: torch (two Conv2d layers in a row, nn.ReLU with the pools of torch.nn.functional,
torch.sigmoid), and numpy for the least-squares fit. Every check must give the specific hint
for a typical wrong answer and never crash on a wrong type, shape or NaN.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convlib.course import data, plotting
from convlib.course.checks import ExerciseFailed, ch05
from convlib.course.plotting import activations
from convlib.course.plotting._figure import figure_bytes

torch.set_num_threads(1)


def verdict(check, answer, capsys):
    ok = bool(check(answer))
    return ok, capsys.readouterr().out


def torch_layers(x, *kernels, between=None):
    """Layers of one channel in a row (torch's conv2d: cross-correlation), optionally an activation between."""
    y = torch.from_numpy(np.asarray(x, dtype=float))[None, None]
    for index, kernel in enumerate(kernels):
        if index and between is not None:
            y = between(y)
        y = F.conv2d(y, torch.from_numpy(np.asarray(kernel, dtype=float))[None, None])
    return y[0, 0].numpy()


# --- the combined kernel -------------------------------------------------------------------------------------

def combined_truth():
    """The 5x5 kernel read off torch: the two layers' response to a single 1 is the kernel, rotated by 180°."""
    impulse = np.zeros((9, 9))
    impulse[4, 4] = 1
    return torch_layers(impulse, ch05.FIRST, ch05.SECOND)[::-1, ::-1].copy()


def test_combined_kernel_accepts_the_kernel_torch_agrees_with(capsys):
    truth = combined_truth()
    image = np.random.default_rng(0).normal(size=(12, 10))
    assert np.allclose(torch_layers(image, truth), torch_layers(image, ch05.FIRST, ch05.SECOND))
    for answer in (truth, truth.tolist(), truth.astype(np.float32)):
        ok, out = verdict(ch05.combined_kernel, answer, capsys)
        assert ok and out.startswith("Correct!"), out
    ch05.combined_kernel(truth, strict=True)


@pytest.mark.parametrize("answer,hint", [
    (lambda t: t[::-1, ::-1], "rotated by 180°"),
    (lambda t: __import__("scipy.signal").signal.correlate2d(ch05.FIRST, ch05.SECOND, "full"), "correlated"),
    (lambda t: np.roll(t, 1, axis=1), "wrong places"),
    (lambda t: 2 * t, "must sum to"),
    (lambda t: t[1:4, 1:4], "5×5"),
    (lambda t: ch05.FIRST @ ch05.SECOND, "5×5"),
    (lambda t: np.full((5, 5), np.nan), "NaN"),
    (lambda t: None, "still empty"),
    (lambda t: ..., "still empty"),
    (lambda t: "kernel", "numbers"),
    (lambda t: t.ravel(), "2-D"),
])
def test_combined_kernel_hints(answer, hint, capsys):
    ok, out = verdict(ch05.combined_kernel, answer(combined_truth()), capsys)
    assert not ok and out.startswith("Not yet:") and hint in out, out
    with pytest.raises(ExerciseFailed):
        ch05.combined_kernel(answer(combined_truth()), strict=True)


def test_combined_entry_accepts_the_entry_torch_gives(capsys):
    r, c = ch05.ENTRY
    truth = combined_truth()[r, c]
    assert truth not in (0, 1, -1)        # an entry worth working out: not one a guess or a flip would give
    for answer in (truth, int(truth), np.float32(truth), np.array(truth)):
        ok, out = verdict(ch05.combined_entry, answer, capsys)
        assert ok and out.startswith("Correct!") and f"= {truth:g};" in out, out
    ch05.combined_entry(truth, strict=True)


@pytest.mark.parametrize("answer,hint", [
    (lambda t: t[::-1, ::-1][ch05.ENTRY], "another place"),
    (lambda t: t.T[ch05.ENTRY], "another place"),
    (lambda t: t[ch05.ENTRY] + 2, "list the pairs"),
    (lambda t: float("nan"), "NaN"),
    (lambda t: ..., "still empty"),
    (lambda t: "five", "numbers"),
    (lambda t: [t[ch05.ENTRY]] * 2, "0-D"),
])
def test_combined_entry_hints(answer, hint, capsys):
    ok, out = verdict(ch05.combined_entry, answer(combined_truth()), capsys)
    assert not ok and out.startswith("Not yet:") and hint in out, out
    with pytest.raises(ExerciseFailed):
        ch05.combined_entry(answer(combined_truth()), strict=True)


# --- the order of ReLU and pooling ---------------------------------------------------------------------------

def torch_orders():
    x = torch.from_numpy(ch05.order_map())[None, None]
    return (F.avg_pool2d(torch.relu(x), 2)[0, 0].numpy(), torch.relu(F.avg_pool2d(x, 2))[0, 0].numpy(),
            F.max_pool2d(x, 2)[0, 0].numpy())


def test_both_orders_accepts_torchs_results(capsys):
    relu_first, pool_first, _ = torch_orders()
    assert not np.allclose(relu_first, pool_first)            # the exercise has something to find
    ok, out = verdict(ch05.both_orders, {"ReLU first": relu_first, "pool first": pool_first.tolist()}, capsys)
    assert ok and "(0, 1) agrees" in out, out
    assert verdict(ch05.both_orders, {" relu FIRST ": relu_first, "Pool first": pool_first}, capsys)[0]


@pytest.mark.parametrize("wrong, hint", [
    ("swapped", "swapped"), ("max", "max-pool"), ("plain", "plain average"), ("negative", "negative value"),
    ("one off", "row 1, column 1"),
])
def test_both_orders_hints(wrong, hint, capsys):
    relu_first, pool_first, maxed = torch_orders()
    plain = F.avg_pool2d(torch.from_numpy(ch05.order_map())[None, None], 2)[0, 0].numpy()
    answer = {"swapped": (pool_first, relu_first), "max": (np.maximum(maxed, 0), pool_first),
              "plain": (plain, pool_first), "negative": (relu_first, plain),
              "one off": (relu_first + np.array([[0, 0], [0, 0.25]]), pool_first)}[wrong]
    ok, out = verdict(ch05.both_orders, {"ReLU first": answer[0], "pool first": answer[1]}, capsys)
    assert not ok and hint in out, out


@pytest.mark.parametrize("answer, hint", [
    (..., "still empty"), ([[1, 0], [0, 1]], "dict"), ({"ReLU first": [[1, 0], [0, 1]]}, "missing"),
    ({"ReLU first": ..., "pool first": ...}, "still empty"), ({"ReLU first": "x", "pool first": [[0]]}, "numbers"),
    ({"ReLU first": [1, 2, 3, 4], "pool first": [[0, 0], [0, 0]]}, "2-D"),
    ({"ReLU first": np.zeros((3, 3)), "pool first": np.zeros((2, 2))}, "2×2"),
    ({"ReLU first": np.full((2, 2), np.nan), "pool first": np.zeros((2, 2))}, "'relu first'"),
])
def test_both_orders_bad_input_gets_a_hint_not_a_crash(answer, hint, capsys):
    ok, out = verdict(ch05.both_orders, answer, capsys)
    assert not ok and hint in out, out


# --- the dead bias -------------------------------------------------------------------------------------------

def sobel_x_channel_from_torch():
    layer = torch.nn.Conv2d(1, 3, 3)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(data.seed_layer().weight))
        layer.bias.zero_()
        return layer(torch.from_numpy(data.checkerboard(4, 3)).float()[None])[1].numpy()


def test_dead_bias_is_where_torch_relu_goes_all_zero(capsys):
    channel = torch.from_numpy(sobel_x_channel_from_torch())
    assert torch.relu(channel - 8).max() == 0 and torch.relu(channel - 7.99).max() > 0
    for answer in (-8, -8.0, np.float32(-8)):
        ok, out = verdict(ch05.dead_bias, answer, capsys)
        assert ok, out


@pytest.mark.parametrize("answer,hint", [(8, "negative bias"), (0, "negative bias"), (-4, "still above 0"),
                                         (-9, "closer to 0"), (float("nan"), "finite"), (float("-inf"), "finite"),
                                         ("-8", "one number"), (None, "still empty"), (..., "still empty"), (True, "one number"),
                                         ([-8], "one number")])
def test_dead_bias_hints(answer, hint, capsys):
    ok, out = verdict(ch05.dead_bias, answer, capsys)
    assert not ok and hint in out, out


# --- a sigmoid that does not overflow ------------------------------------------------------------------------

def stable(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def masked(x):
    out = np.empty_like(x)
    positive = x >= 0
    out[positive] = 1 / (1 + np.exp(-x[positive]))
    out[~positive] = np.exp(x[~positive]) / (1 + np.exp(x[~positive]))
    return out


def test_my_sigmoid_accepts_stable_versions_that_equal_torch(capsys):
    x = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0, np.nan, np.inf, -np.inf])
    expected = torch.sigmoid(torch.from_numpy(x)).numpy()
    for function in (stable, masked, lambda v: torch.sigmoid(torch.from_numpy(v)).numpy()):
        with np.errstate(all="ignore"):
            np.testing.assert_allclose(function(x.copy()), expected, rtol=1e-12)
        ok, out = verdict(ch05.my_sigmoid, function, capsys)
        assert ok, out


def naive(x):
    return 1 / (1 + np.exp(-x))


def both_branches(x):
    return np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x)))


@pytest.mark.parametrize("function,hint", [
    (naive, "overflowed"),
    (both_branches, "np.where computes both branches"),
    (lambda x: 1 / (1 + np.exp(x)), "at x = -6"),
    (lambda x: np.tanh(x), "sigmoid is"),
    (lambda x: x.sum(), "keeps the shape"),
    (lambda x: None, "returns nothing"),
    (lambda x: "sigmoid", "return numbers"),
    (lambda x: np.nan_to_num(stable(x)), "NaN should stay NaN"),
    (lambda x: 1 / 0, "ZeroDivisionError"),
    (stable(np.zeros(1)), "without parentheses"),
])
def test_my_sigmoid_hints(function, hint, capsys):
    ok, out = verdict(ch05.my_sigmoid, function, capsys)
    assert not ok and hint in out, out


# --- figures -------------------------------------------------------------------------------------------------

def test_activation_curves_draw_torch_values_and_autograd_derivatives():
    fig = plotting.show_activation_curves()
    left, right = fig.axes
    curves = {line.get_label(): line for line in left.lines if not line.get_label().startswith("_")}
    slopes = {line.get_label(): line for line in right.lines if not line.get_label().startswith("_")}
    torch_fns = {"ReLU": torch.relu, "leaky ReLU (0.1)": lambda t: F.leaky_relu(t, 0.1),
                 "sigmoid": torch.sigmoid, "tanh": torch.tanh}
    assert set(curves) == set(torch_fns) == set(slopes)
    for label, function in torch_fns.items():
        z = torch.from_numpy(np.asarray(curves[label].get_xdata(), dtype=float)).requires_grad_(True)
        y = function(z)
        y.sum().backward()
        np.testing.assert_allclose(curves[label].get_ydata(), y.detach().numpy(), atol=1e-12)
        drawn = np.asarray(slopes[label].get_ydata(), dtype=float)
        keep = ~np.isnan(drawn)                 # the jump of ReLU's derivative at 0 is left undrawn
        assert keep.sum() >= len(drawn) - 1
        np.testing.assert_allclose(drawn[keep], z.grad.numpy()[keep], atol=1e-12)
    assert len(figure_bytes(fig)) > 1000
    with pytest.raises(ValueError, match="names"):
        plotting.show_activation_curves(["none"])
    with pytest.raises(ValueError, match="activation"):
        plotting.show_activation_curves(["softmax"])


def test_activation_map_titles_say_what_was_applied_with_the_fraction_of_zeros():
    z = np.arange(-8.0, 8.0).reshape(4, 4)
    fig = plotting.show_activation_map(z, "ReLU", bias=-2, name="Sobel x")
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    expected_zeros = float(torch.mean((torch.relu(torch.from_numpy(z) - 2) == 0).double()))
    assert titles[0].startswith("before: Sobel x − 2")
    assert titles[2] == f"ReLU(Sobel x − 2)\n{expected_zeros:.0%} zeros"
    after = fig.axes[[ax.get_title() for ax in fig.axes].index(titles[2])].images[0]
    before = fig.axes[0].images[0]
    assert after.get_clim() == before.get_clim() and after.get_clim()[0] == -after.get_clim()[1]   # one scale
    np.testing.assert_array_equal(after.get_array(), torch.relu(torch.from_numpy(z) - 2).numpy())
    dead = plotting.show_activation_map(z, "ReLU", bias=-7, name="Sobel x")
    assert any("dead: all zeros" in ax.get_title() for ax in dead.axes)
    sig = plotting.show_activation_map(z, "sigmoid", bias=0.5, name="m")
    result = [ax for ax in sig.axes if ax.get_title().startswith("sigmoid(")][0]
    assert result.images[0].get_clim() == (0.0, 1.0) and "never 0" in result.get_title()
    flat = plotting.show_activation_map(np.array([[0.0, 1.0], [-1.0, 2.0]]), "tanh")
    assert any(ax.get_title() == "tanh(map)\n25% zeros: only where 0 before" for ax in flat.axes)
    with pytest.raises(ValueError, match="activation"):
        plotting.show_activation_map(z, "softplus")
    with pytest.raises(ValueError, match="2-D"):
        plotting.show_activation_map(z.ravel(), "ReLU")


def test_activation_map_keeps_one_colour_scale_in_every_frame():
    """The explorer's frames: every signed result (ReLU, leaky ReLU, tanh) on the bias-0 map's ±scale, whatever
    the bias; sigmoid gray on [0, 1]. So tanh's strong edges, capped at ±1 by torch.tanh, look paler than before."""
    z = np.linspace(-3.0, 3.0, 16).reshape(4, 4)
    bound = float(np.abs(z).max())
    for activation in ("ReLU", "leaky ReLU", "tanh", "sigmoid"):
        for bias in (-3, -0.5, 0, 0.5):
            fig = plotting.show_activation_map(z, activation, bias=bias, name="m")
            before, after = (ax for ax in fig.axes if getattr(ax, "_convlib_map", None))
            assert before.images[0].get_clim() == (-bound, bound)
            expected = (0.0, 1.0) if activation == "sigmoid" else (-bound, bound)
            assert after.images[0].get_clim() == expected, (activation, bias)
            assert after.images[0].get_cmap().name.startswith("gray" if activation == "sigmoid" else "RdBu")
    fig = plotting.show_activation_map(z, "tanh", name="m")
    after = [ax for ax in fig.axes if getattr(ax, "_convlib_map", None)][1]
    np.testing.assert_allclose(after.images[0].get_array(), torch.tanh(torch.from_numpy(z)).numpy())
    assert float(np.abs(after.images[0].get_array()).max()) < 0.4 * bound


def test_layers_vs_one_difference_is_zero_without_activation_and_not_with_relu():
    image = data.photo(64)[10:40, 10:40]
    sobel_x = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    fig = plotting.show_layers_vs_one(image, sobel_x, sobel_x.T, "none")
    maps = [ax for ax in fig.axes if getattr(ax, "_convlib_map", None)]
    two, one, difference = (ax.images[0].get_array() for ax in maps)
    np.testing.assert_allclose(two, torch_layers(image, sobel_x, sobel_x.T), atol=1e-12)
    assert np.abs(difference).max() < 1e-12
    relu = plotting.show_layers_vs_one(image, sobel_x, sobel_x.T, "ReLU", single="best fit")
    two, one, difference = (ax.images[0].get_array() for ax in relu.axes if getattr(ax, "_convlib_map", None))
    np.testing.assert_allclose(two, torch_layers(image, sobel_x, sobel_x.T, between=torch.relu), atol=1e-12)
    assert np.abs(difference).max() > 0.1 * np.abs(two).max()
    assert len({ax.images[0].get_clim() for ax in relu.axes if getattr(ax, "_convlib_map", None)}) == 1
    # the fitted 5×5 kernel has its values written, like the combined one (book rule), also in a reused frame
    fit, _ = activations.best_kernel(image, two, 5)
    for shown in (relu, plotting.show_layers_vs_one(image, sobel_x, sobel_x.T, "ReLU", single="best fit", fig=fig)):
        kernel_ax = next(ax for ax in shown.axes if ax.get_title().startswith("one 5×5 layer"))
        written = [float(t.get_text().replace("−", "-")) for t in kernel_ax.texts]
        np.testing.assert_allclose(written, fit.ravel(), atol=0.006)
    with pytest.raises(ValueError, match="single"):
        plotting.show_layers_vs_one(image, sobel_x, sobel_x.T, "ReLU", single="fit")


def test_best_kernel_recovers_a_torch_layer_and_is_optimal():
    rng = np.random.default_rng(3)
    image, kernel = rng.normal(size=(20, 18)), rng.normal(size=(5, 5))
    target = torch_layers(image, kernel) - 0.7
    fit, bias = activations.best_kernel(image, target, 5)
    np.testing.assert_allclose(fit, kernel, atol=1e-9)
    assert abs(bias + 0.7) < 1e-9
    noisy = target + rng.normal(scale=0.5, size=target.shape)
    fit, bias = activations.best_kernel(image, noisy, 5)
    residual = np.sum((torch_layers(image, fit) + bias - noisy) ** 2)
    nudged = fit.copy()
    nudged[2, 2] += 1e-3
    assert residual <= np.sum((torch_layers(image, nudged) + bias - noisy) ** 2)
    with pytest.raises(ValueError, match="valid"):
        activations.best_kernel(image, target[1:], 5)


def test_the_exercise_text_shows_the_arrays_the_checks_use():
    """The chapter writes FIRST, SECOND and order_map() out as matrices; they must be the checks' arrays."""
    import json
    import re
    from pathlib import Path

    chapter = json.loads((Path(__file__).parents[1] / "chapters" / "05_activations.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in chapter["cells"] if c["cell_type"] == "markdown")
    written = [np.array([[float(v) for v in row.split("&")] for row in re.split(r"\\\\", body)])
               for body in re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", text)]
    assert any(w.shape == (3, 3) and np.array_equal(w, ch05.FIRST) for w in written)
    assert any(w.shape == (3, 3) and np.array_equal(w, ch05.SECOND) for w in written)
    assert any(w.shape == (4, 4) and np.array_equal(w, ch05.order_map()) for w in written)
