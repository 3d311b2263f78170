"""Chapter 6's figures draw what PyTorch computes: pooling windows, maxima, unread cells, bins, and shifts."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.patches import Circle

from convlib.course import plotting
from convlib.course.plotting import pooling
from convlib.course.plotting._figure import format_value

torch.set_num_threads(1)
RNG = np.random.default_rng(7)
GRID = RNG.integers(0, 10, size=(8, 8)).astype(float)


def t(x):
    return torch.from_numpy(np.asarray(x, dtype=float))[None, None]


def written(ax):
    return [text.get_text() for text in ax.texts]


def expected_text(values):
    return [format_value(round(float(v), 2)) for v in np.ravel(values)]


@pytest.mark.parametrize("shape, k, s, p, ceil", [
    ((8, 8), 2, 2, 0, False), ((8, 8), 3, 2, 0, False), ((5, 5), 2, 2, 0, True), ((7, 9), 3, 2, 1, True),
    ((8, 8), 2, 3, 0, False), ((6, 7), 4, 1, 2, False),
])
def test_pool_windows_are_torchs_windows(shape, k, s, p, ceil):
    x = RNG.normal(size=shape)
    windows = pooling.pool_windows(shape, k, s, p, ceil)
    mine = np.array([[x[max(a, 0):b, max(c, 0):d].max() for a, b, c, d in row] for row in windows])
    np.testing.assert_array_equal(mine, F.max_pool2d(t(x), k, s, p, ceil_mode=ceil)[0, 0].numpy())


@pytest.mark.parametrize("k, s, mode", [(2, 2, "max"), (3, 1, "max"), (2, 3, "avg"), (3, 2, "avg"), (4, 4, "max")])
def test_show_pooling_writes_torchs_output(k, s, mode):
    fig = plotting.show_pooling(GRID, k, s, mode=mode)
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    truth = pool(t(GRID), k, s)[0, 0].numpy()
    if mode == "max":
        assert written(fig.axes[1]) == expected_text(truth)
    else:   # averages to one decimal, so the label fits a phone-sized cell
        assert [float(v) for v in written(fig.axes[1])] == [round(float(v), 1) for v in truth.ravel()]
        assert max(len(v.lstrip("-")) for v in written(fig.axes[1])) <= 3
    assert written(fig.axes[0]) == expected_text(GRID)
    assert f"→ {truth.shape[0]}×{truth.shape[1]}" in fig.axes[1].get_title()
    # overlapping windows repeat inputs in the outputs: no "keeps n%" claim then
    share = fig.axes[1].get_title().splitlines()[-1]
    tiles = s >= k
    assert share == (f"keeps {truth.size} of {GRID.size} ({truth.size / GRID.size:.0%})" if tiles
                     else f"{truth.size} outputs from {GRID.size} inputs")


@pytest.mark.parametrize("k, s", [(2, 2), (2, 3), (3, 4), (3, 1)])
def test_circles_sit_on_torchs_argmax(k, s):
    fig = plotting.show_pooling(GRID, k, s)
    _, indices = F.max_pool2d(t(GRID), k, s, return_indices=True)
    flat = indices[0, 0].numpy()
    # tiling windows: every window's maximum is circled; overlapping ones: the three coloured windows'
    chosen = flat.ravel() if s >= k else [flat[0, 0], flat[0, 1], flat[1, 0]]
    centres = {(int(round(c.center[1])), int(round(c.center[0]))) for c in fig.axes[0].patches if isinstance(c, Circle)}
    assert centres == {divmod(int(i), GRID.shape[1]) for i in chosen}


@pytest.mark.parametrize("k, s", [(2, 3), (3, 2), (2, 4), (3, 4), (2, 2)])
def test_struck_cells_are_the_cells_torch_never_reads(k, s):
    leaf = t(GRID).requires_grad_(True)
    F.avg_pool2d(leaf, k, s).sum().backward()
    unread = int((leaf.grad[0, 0] == 0).sum())
    fig = plotting.show_pooling(GRID, k, s)
    strokes = [line for line in fig.axes[0].lines if line.get_color() == pooling.UNREAD]
    assert len(strokes) == unread


def test_show_pooling_draws_signed_maps_red_blue_with_a_colorbar():
    signed = RNG.normal(size=(6, 6))
    fig = plotting.show_pooling(signed, 2)
    assert getattr(fig.axes[1], "_convlib_cbar", None) is not None
    low, high = fig.axes[1]._convlib_cbar.mappable.get_clim()
    assert low == -high == -np.abs(signed).max()
    assert getattr(plotting.show_pooling(GRID, 2).axes[1], "_convlib_cbar", None) is None


def test_show_pooling_with_a_photo_pools_it_the_same_way():
    photo = RNG.random((20, 24))
    fig = plotting.show_pooling(GRID, 3, 2, mode="avg", image=photo)
    np.testing.assert_allclose(fig.axes[2].images[0].get_array(), F.avg_pool2d(t(photo), 3, 2)[0, 0].numpy())
    assert "20×24 → 9×11" in fig.axes[2].get_title()


def test_show_pooling_reuses_its_figure_at_a_fixed_room():
    fig = plotting.show_pooling(GRID, 2, 1, room=((8, 8), (7, 7)))
    limits = fig.axes[1].get_xlim()
    again = plotting.show_pooling(GRID, 4, 4, room=((8, 8), (7, 7)), fig=fig)
    assert again is fig and fig.axes[1].get_xlim() == limits and len(fig.axes) == 2
    assert written(fig.axes[1]) == expected_text(F.max_pool2d(t(GRID), 4)[0, 0].numpy())


@pytest.mark.parametrize("size, out", [(5, 2), (7, 3), (6, 4), (5, 5)])
def test_show_bins_writes_torchs_adaptive_average(size, out):
    grid = np.arange(size * size, dtype=float).reshape(size, size)
    fig = plotting.show_bins(grid, out)
    assert written(fig.axes[1]) == expected_text(F.adaptive_avg_pool2d(t(grid), out)[0, 0].numpy())


def torch_pool_periodic(x, method):
    x = t(x)
    if method == "max":
        return F.max_pool2d(x, 2)[0, 0].numpy()
    if method == "avg":
        return F.avg_pool2d(x, 2)[0, 0].numpy()
    dense = F.max_pool2d(F.pad(x, (0, 1, 0, 1), mode="circular"), 2, 1)
    blur = torch.tensor(np.outer([1.0, 2, 1], [1.0, 2, 1]) / 16)[None, None]
    return F.conv2d(F.pad(dense, (1, 1, 1, 1), mode="circular"), blur, stride=2)[0, 0].numpy()


@pytest.mark.parametrize("method", pooling.METHODS)
@pytest.mark.parametrize("shape", [(8, 8), (6, 10)])
def test_pool_periodic_is_torchs_pool_with_circular_padding(method, shape):
    x = RNG.normal(size=shape)
    np.testing.assert_allclose(plotting.pool_periodic(x, method), torch_pool_periodic(x, method), atol=1e-12)


@pytest.mark.parametrize("method", pooling.METHODS)
def test_shift_change_is_zero_for_even_shifts_and_matches_torch_for_odd(method):
    x = RNG.normal(size=(10, 12))
    for shift in (0, 2, 4):
        assert plotting.shift_change(x, shift, method)[2] < 1e-12
    for shift in (1, 3):
        pooled, change, mean = plotting.shift_change(x, shift, method)
        moved = torch_pool_periodic(np.roll(x, shift, axis=1), method)
        reference = torch_pool_periodic(x, method)
        best = min(np.abs(moved - np.roll(reference, m, axis=1)).mean() for m in (shift // 2, (shift + 1) // 2))
        np.testing.assert_allclose(pooled, moved, atol=1e-12)
        assert mean == pytest.approx(best / np.ptp(x))
        assert np.abs(change).mean() == pytest.approx(best)


def test_the_checkerboard_of_2px_squares_changes_half_its_range_and_blurring_helps():
    board = np.kron(np.where((np.arange(4)[:, None] + np.arange(4)) % 2, -1.0, 1.0), np.ones((2, 2)))
    assert plotting.shift_change(board, 1, "max")[2] == pytest.approx(0.5)
    assert plotting.shift_change(board, 1, "avg")[2] == pytest.approx(0.5)
    assert plotting.shift_change(board, 1, "blur-then-max")[2] < 0.25


def test_show_shift_writes_the_change_and_keeps_its_colour_limits():
    board = np.kron(np.where((np.arange(4)[:, None] + np.arange(4)) % 2, -1.0, 1.0), np.ones((2, 2)))
    photo = RNG.random((16, 16))
    fig = None
    for shift in range(4):
        fig = plotting.show_shift(board, shift, "max", image=photo, fig=fig)
        _, change, mean = plotting.shift_change(board, shift, "max")
        panels = fig._convlib_panels
        assert written(panels[2]) == expected_text(change)
        assert f"{mean:.0%} of range" in panels[2].get_title()
        assert panels[2].images[0].get_clim() == (-2.0, 2.0)
        assert len(panels[2].images) == 1 and len(panels[3].images) == 1
    assert len(fig.axes) == 6   # four panels, two colorbars, however many frames were drawn


@pytest.mark.parametrize("call, error, words", [
    (lambda: plotting.show_pooling("grid", 2), TypeError, "`x`"),
    (lambda: plotting.show_pooling(np.ones(5), 2), ValueError, "`x`"),
    (lambda: plotting.show_pooling(GRID, 2, mode="min"), ValueError, "`mode`"),
    (lambda: plotting.show_bins(GRID, 9), ValueError, "`output_size`"),
    (lambda: plotting.show_bins(GRID, 0), ValueError, "`output_size`"),
    (lambda: plotting.pool_periodic(np.ones((3, 4)), "max"), ValueError, "even"),
    (lambda: plotting.pool_periodic(GRID, "median"), ValueError, "`method`"),
    (lambda: plotting.shift_change(GRID, -1, "max"), ValueError, "`shift`"),
    (lambda: plotting.shift_change(GRID, 1.5, "max"), ValueError, "`shift`"),
])
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
