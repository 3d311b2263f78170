"""Chapter 6's exercise checks: right answers pass, wrong ones and junk get a specific hint, strict=True raises.

The truth each check holds is compared with PyTorch (max_pool2d, MaxPool2d's output size, the parameters of
its modules), never with the convlib pools the chapter teaches.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convlib.course.checks import ExerciseFailed, ch06

JUNK = [None, ..., "5", 5.5, float("nan"), [], {}, np.zeros((2, 2, 2)), object(), (1,), [[1, float("inf")]]]


def verdict(check, answer, capsys):
    ok = check(answer)
    line = capsys.readouterr().out.strip()
    assert line.startswith("Correct!" if ok else "Not yet:"), line
    return bool(ok), line


def torch_max(x, k=2, s=None):
    return F.max_pool2d(torch.as_tensor(np.asarray(x, dtype=float))[None, None], k, s)[0, 0].numpy()


# --- pool by hand --------------------------------------------------------------------------------

def test_hand_pool_accepts_torchs_answer_as_list_array_or_ints(capsys):
    truth = torch_max(ch06.HAND)
    for answer in (truth, truth.tolist(), truth.astype(int), torch.from_numpy(truth)):
        ok, line = verdict(ch06.hand_pool, answer, capsys)
        assert ok and "5, 9, 6, 8, 5, 9" in line
    assert ch06.hand_pool(truth, strict=True)


@pytest.mark.parametrize("make, words", [
    (lambda: F.avg_pool2d(torch.tensor(ch06.HAND)[None, None], 2)[0, 0].numpy(), "averages"),
    (lambda: -F.max_pool2d(-torch.tensor(ch06.HAND)[None, None], 2)[0, 0].numpy(), "smallest"),
    (lambda: torch_max(ch06.HAND, 2, 1), "stride 1"),
    (lambda: torch_max(ch06.HAND).T, "swapped"),
    (lambda: np.zeros((3, 3)), "shape (2, 3)"),
])
def test_hand_pool_names_the_mistake(make, words, capsys):
    ok, line = verdict(ch06.hand_pool, make(), capsys)
    assert not ok and words in line


def test_hand_pool_points_at_the_first_wrong_cell(capsys):
    answer = torch_max(ch06.HAND)
    answer[1, 2] = 7
    ok, line = verdict(ch06.hand_pool, answer, capsys)
    assert not ok and "1 of 6 cells differ" in line and "Cell (1, 2)" in line and "[2, 1, 7, 9]" in line


# --- output size with ceil_mode ----------------------------------------------------------------------

def torch_sizes():
    x = torch.zeros(1, 1, ch06.SIZE["size"], ch06.SIZE["size"])
    k, s = ch06.SIZE["kernel_size"], ch06.SIZE["stride"]
    return tuple(F.max_pool2d(x, k, s, ceil_mode=ceil).shape[-1] for ceil in (False, True))


def test_pool_size_accepts_torchs_sizes(capsys):
    floor, ceil = torch_sizes()
    assert (floor, ceil) == (27, 28)   # GoogLeNet's second pool, 56 -> 28, needs ceil_mode
    for answer in ((floor, ceil), [float(floor), float(ceil)], np.array([floor, ceil])):
        ok, _ = verdict(ch06.pool_size, answer, capsys)
        assert ok


@pytest.mark.parametrize("answer, words", [
    ((28, 27), "swapped"), ((26, 27), "add 1"), ((27, 27), "differ"), ((54, 55), "stride 1"),
    ((18, 19), "default stride"), ((27.5, 28), "whole number"), ((27,), "two numbers"), ((30, 31), "floor"),
])
def test_pool_size_hints(answer, words, capsys):
    ok, line = verdict(ch06.pool_size, answer, capsys)
    assert not ok and words in line, line


# --- parameters -----------------------------------------------------------------------------------

def test_parameters_accepts_torchs_counts(capsys):
    c = ch06.CHANNELS
    pool = sum(p.numel() for p in torch.nn.MaxPool2d(2).parameters())
    conv = sum(p.numel() for p in torch.nn.Conv2d(c, c, ch06.KERNEL, stride=2, padding=1).parameters())
    assert conv == 147_584
    ok, _ = verdict(ch06.parameters, {"pool": pool, "conv": conv}, capsys)
    assert ok
    ok, _ = verdict(ch06.parameters, {"pool": np.int64(pool), "conv": float(conv)}, capsys)
    assert ok


@pytest.mark.parametrize("answer, words", [
    ({"pool": 4, "conv": 147584}, "nothing to learn"), ({"pool": 0, "conv": 147456}, "bias"),
    ({"pool": 0, "conv": 1280}, "every one of the 128 input"), ({"pool": 0, "conv": 1}, "out·in·kh·kw"),
    ({"pool": 0, "conv": 65664}, "2×2 kernel"), ({"pool": 0, "conv": 409728}, "padding and stride"),
    ({"pool": 0}, 'no entry "conv"'), ({"pool": 0, "conv": ...}, "empty"), ([0, 147584], "dict"),
    ({"pool": 0, "conv": 147584.5}, "whole number"),
])
def test_parameters_hints(answer, words, capsys):
    ok, line = verdict(ch06.parameters, answer, capsys)
    assert not ok and words in line, line


# --- shift counterexample -------------------------------------------------------------------------

def moves_under_torch(x):
    return not np.array_equal(torch_max(x), torch_max(np.roll(x, 1, axis=1)))


@pytest.mark.parametrize("column", [1, 3])
def test_a_pixel_in_an_odd_column_is_a_counterexample(column, capsys):
    x = np.zeros((4, 4))
    x[2, column] = 1
    assert moves_under_torch(x)
    ok, line = verdict(ch06.shift_counterexample, x, capsys)
    assert ok and "not shift-invariant" in line


def test_zhangs_signal_is_a_counterexample(capsys):
    x = np.array([[0, 0, 1, 1, 0, 0, 1, 1]] * 2, dtype=float)
    assert moves_under_torch(x)
    ok, _ = verdict(ch06.shift_counterexample, x, capsys)
    assert ok


@pytest.mark.parametrize("x, words", [
    (np.zeros((4, 4)), "flat input"), (np.pad([[1.0]], ((0, 3), (0, 3))), "odd column"),
    (np.ones((3, 4)), "even height and width"), (np.ones((4, 1)), "even height and width"),
])
def test_shift_counterexample_hints(x, words, capsys):
    if x.shape[0] % 2 == 0 and x.shape[1] % 2 == 0:
        assert not moves_under_torch(x)
    ok, line = verdict(ch06.shift_counterexample, x, capsys)
    assert not ok and words in line, line


# --- junk and strict ----------------------------------------------------------------------------------

@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
@pytest.mark.parametrize("check", [ch06.hand_pool, ch06.pool_size, ch06.parameters, ch06.shift_counterexample])
def test_junk_gets_a_hint_never_a_traceback(check, junk, capsys):
    ok, line = verdict(check, junk, capsys)
    assert not ok and "raised" not in line, line


def test_strict_raises_on_a_wrong_answer():
    with pytest.raises(ExerciseFailed):
        ch06.hand_pool(np.zeros((2, 3)), strict=True)
    with pytest.raises(ExerciseFailed):
        ch06.pool_size((27, 27), strict=True)
    with pytest.raises(ExerciseFailed):
        ch06.parameters({"pool": 0, "conv": 0}, strict=True)
    with pytest.raises(ExerciseFailed):
        ch06.shift_counterexample(np.zeros((2, 2)), strict=True)


def test_the_answers_are_not_on_the_page_above_the_exercises():
    """The chapter's text works MaxPool2d(3, 2) on 112 and counts 64-channel convolutions; the exercises ask for
    other sizes, so neither answer can be copied from the page (solutions left out)."""
    import json
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "chapters" / "06_pooling.ipynb").read_text())["cells"]
    text, hidden = [], False
    for cell in cells:
        source = "".join(cell["source"])
        hidden = hidden or source.startswith("```{solution-start}")
        if not hidden and "solution" not in cell["metadata"].get("tags", []):
            text.append(source)
        hidden = hidden and not source.startswith("```{solution-end}")
    page = "\n".join(text)
    c, k = ch06.CHANNELS, ch06.KERNEL
    conv = c * c * k * k + c
    assert f"{conv:,}" not in page and str(conv) not in page
    assert f"Conv2d({c}, {c}, kernel_size={k}, stride=2, padding=1)" in page      # the exercise asks for it
    assert f"{ch06.SIZE['size']}×{ch06.SIZE['size']}" in page
    assert "(27, 28)" not in page and "27 and 28" not in page


def test_show_images_shared_draws_every_panel_on_one_scale_with_one_colorbar():
    """ch6's edge map and its pools: the same gray is the same value in all three panels (oracle: numpy's max)."""
    from convlib.course import plotting

    edges = np.abs(np.random.default_rng(1).normal(size=(8, 8))) * 3
    pooled = F.avg_pool2d(torch.from_numpy(edges)[None, None], 2)[0, 0].numpy()
    fig = plotting.show_images([edges, pooled], ["edges", "avg-pool"], kinds=["image"] * 2, shared=True)
    images = [ax.images[0] for ax in fig.axes if ax.images and hasattr(ax, "_convlib_kind")]
    assert [im.get_clim() for im in images] == [(float(edges.min()), float(edges.max()))] * 2
    assert len(fig.axes) == 3                                   # two panels, one colorbar
    alone = plotting.show_images([edges, pooled], ["edges", "avg-pool"], kinds=["image"] * 2)
    assert [ax.images[0].get_clim()[1] for ax in alone.axes if ax.images and hasattr(ax, "_convlib_kind")] == \
        [float(edges.max()), float(pooled.max())]              # without it, each panel has its own range
    with pytest.raises(ValueError, match="one kind"):
        plotting.show_images([edges, -edges], kinds=["image", "signed"], shared=True)
