"""Chapter 9's figures draw what numpy and torch compute: singular values, rank-r kernels, the cost bars."""

import numpy as np
import pytest
import torch

from convlib import kernels
from convlib.course import plotting
from convlib.course.timing import _openblas_libraries, blas_threads


def test_singular_value_bars_are_numpys_svd_as_a_share_of_the_largest():
    gallery = {"laplacian": kernels.laplacian(4), "random": np.random.default_rng(1).normal(size=(4, 4))}
    fig = plotting.show_singular_values(gallery)
    for ax, kernel in zip(fig.axes, gallery.values()):
        s = np.linalg.svd(kernel, compute_uv=False)
        heights = [bar.get_height() for bar in ax.patches]
        np.testing.assert_allclose(heights, s / s[0])
        assert f"rank {np.linalg.matrix_rank(kernel)}" in ax.get_title()
        assert ax.get_ylim() == (0, 1.25)


def test_singular_values_refuse_what_is_not_a_dict_of_kernels():
    with pytest.raises(TypeError, match="`kernels`"):
        plotting.show_singular_values([np.eye(3)])
    with pytest.raises(ValueError, match="`columns`"):
        plotting.show_singular_values({"eye": np.eye(3)}, columns=0)


def correlate_with_torch(image, kernel):
    """'same' correlation by torch (odd kernels), the oracle for the filtered photos."""
    pad = (kernel.shape[1] // 2, kernel.shape[1] // 2, kernel.shape[0] // 2, kernel.shape[0] // 2)
    x = torch.nn.functional.pad(torch.from_numpy(image)[None, None], pad)
    return torch.nn.functional.conv2d(x, torch.from_numpy(kernel)[None, None])[0, 0].numpy()


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_rank_panels_show_the_truncated_svd_and_its_effect(rank):
    image = np.random.default_rng(2).random((24, 20))
    kernel = kernels.kirsch("NE")[::-1, ::-1].copy()   # correlation form, as chapter 9 shows it: the 5s at the top right
    u, s, vt = np.linalg.svd(kernel)
    truth = (u[:, :rank] * s[:rank]) @ vt[:rank]
    fig = plotting.show_rank_approximation(image, kernel, rank, correlate_with_torch, name="kirsch NE")
    kernel_ax, approx_ax, exact_ax, approx_result_ax = fig._convlib_panels
    # shown to 0.1 (legible 3x3 cells), and with the kernel's own values where the approximation is exact
    np.testing.assert_allclose(approx_ax.images[0].get_array(), truth, atol=0.05)
    if rank == 3:
        np.testing.assert_array_equal(approx_ax.images[0].get_array(), kernel)
    np.testing.assert_allclose(approx_result_ax.images[0].get_array(), correlate_with_torch(image, truth))
    error = np.linalg.norm(kernel - truth) / np.linalg.norm(kernel)
    assert approx_ax.get_title() == f"rank {rank}: error {error:.0%}"
    # one colour scale for both kernels (wide enough for both), and one for both (signed) results
    bound = max(5, np.abs(truth).max())
    assert kernel_ax.images[0].get_clim() == approx_ax.images[0].get_clim() == pytest.approx((-bound, bound))
    # every weight written to one decimal, short enough for its cell
    written = [t.get_text() for t in approx_ax.texts]
    for text, value in zip(written, approx_ax.images[0].get_array().ravel()):
        assert len(text) <= 4 and float(text) == pytest.approx(value, abs=0.05 + 1e-9), (text, value)
    assert [t.get_text() for t in kernel_ax.texts] == ["-3", "5", "5", "-3", "0", "5", "-3", "-3", "-3"]
    low, high = exact_ax.images[0].get_clim()
    assert approx_result_ax.images[0].get_clim() == (low, high) and low == -high
    # the scale is the exact result's (its 98th percentile of |value|), so its own edges stay readable
    exact = correlate_with_torch(image, kernel)
    assert high == pytest.approx(np.percentile(np.abs(exact), 98))
    # values beyond it: arrows on the colorbar, and the true range in its label
    approx_result = correlate_with_torch(image, truth)
    for ax, shown in ((exact_ax, exact), (approx_result_ax, approx_result)):
        bar = ax._convlib_cbar
        above, below = bool(shown.max() > high), bool(shown.min() < low)  # an arrow on each side that clips
        assert bar.extend == {(True, True): "both", (True, False): "max", (False, True): "min",
                              (False, False): "neither"}[above, below]
        assert "range" in bar.ax.get_ylabel()


def test_rank_panels_update_in_place_and_refuse_bad_arguments():
    image = np.random.default_rng(3).random((16, 16))
    fig = plotting.show_rank_approximation(image, kernels.disk(2), 1, correlate_with_torch)
    again = plotting.show_rank_approximation(image, kernels.disk(2), 2, correlate_with_torch, fig=fig)
    assert again is fig and len(fig._convlib_panels) == 4
    with pytest.raises(ValueError, match="`rank`"):
        plotting.show_rank_approximation(image, kernels.disk(2), 0, correlate_with_torch)
    with pytest.raises(TypeError, match="`filter`"):
        plotting.show_rank_approximation(image, kernels.disk(2), 1, "same")
    with pytest.raises(ValueError, match="`kernel`"):
        plotting.show_rank_approximation(image, np.ones(3), 1, correlate_with_torch)


def torch_params(*layers):
    return sum(p.numel() for layer in layers for p in layer.parameters())


@pytest.mark.parametrize("c, n, k", [(16, 16, 3), (64, 256, 5), (256, 16, 7)])
def test_cost_bars_are_torchs_parameter_counts(c, n, k):
    standard = torch_params(torch.nn.Conv2d(c, n, k, bias=False))
    depthwise = torch_params(torch.nn.Conv2d(c, c, k, groups=c, bias=False))
    pointwise = torch_params(torch.nn.Conv2d(c, n, 1, bias=False))
    cost = plotting.block_cost(c, n, k, 56)
    assert cost["parameters"] == {"standard": standard, "depthwise": depthwise, "pointwise": pointwise}
    assert cost["multiply-adds"]["standard"] == standard * 56 * 56
    assert np.isclose(cost["ratio"], 1 / n + 1 / k**2)
    fig = plotting.show_block_cost(c, n, k)
    for ax in fig.axes[:2]:
        full, pw, dw = (bar.get_height() for bar in ax.patches)
        assert full == 100 and np.isclose(pw, 100 / k**2) and np.isclose(dw, 100 / n)
        assert ax.patches[2].get_y() == pytest.approx(pw)   # depthwise stacked on pointwise
        assert ax.get_ylim() == (0, 118)
    assert f"1/{n} + 1/{k * k} = {1 / n + 1 / k**2:.3f}" in fig.axes[0].get_title()
    assert f"{1 / (1 / n + 1 / k**2):.1f}× fewer" in fig.axes[1].get_title()
    assert fig._suptitle is None   # a phone cuts a figure title at the middle


def test_each_cost_panel_has_its_legend_and_its_axis_labels():
    """A phone shows one panel at a time: both need the legend and the y tick labels."""
    fig = plotting.show_block_cost(64, 16, 3)
    fig.canvas.draw()
    for ax in fig.axes[:2]:
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["depthwise k×k: 1/N", "pointwise 1×1: 1/k²"]
        assert [t.get_text() for t in ax.get_yticklabels() if t.get_visible()][:2] == ["0", "20"]
        assert ax.get_ylabel() == "% of the standard layer"


def test_cost_bars_update_in_place():
    fig = plotting.show_block_cost(16, 16, 3)
    again = plotting.show_block_cost(64, 256, 7, fig=fig)
    assert again is fig and len(fig.axes) == 2
    assert np.isclose(fig.axes[0].patches[1].get_height(), 100 / 49)


def test_blas_threads_limits_and_restores():
    libraries = _openblas_libraries()
    before = [get() for get, _ in libraries]
    with blas_threads(1) as limited:
        assert limited == len(libraries)
        assert all(get() == 1 for get, _ in libraries)
    assert [get() for get, _ in libraries] == before
    with pytest.raises(ValueError, match="`threads`"):
        with blas_threads(0):
            pass


def test_a_big_kernels_small_weights_are_shown_in_percent_with_values_written():
    """A 7x7 disk's weights are 1/37: drawn and written in % of their sum (2.7), every cell labelled."""
    kernel = kernels.disk(3)
    u, s, vt = np.linalg.svd(kernel)
    fig = plotting.show_rank_approximation(np.ones((12, 12)), kernel, 1, correlate_with_torch, name="disk")
    kernel_ax, approx_ax = fig._convlib_panels[:2]
    truth = s[0] * np.outer(u[:, 0], vt[0])
    np.testing.assert_allclose(approx_ax.images[0].get_array(), 100 * truth)
    np.testing.assert_allclose(kernel_ax.images[0].get_array(), 100 * kernel)
    assert "(in %)" in kernel_ax.get_title()
    assert len(kernel_ax.texts) == len(approx_ax.texts) == 49
    assert {t.get_text() for t in kernel_ax.texts} == {"0", "2.7"}
    for text, value in zip(approx_ax.texts, 100 * truth.ravel()):
        assert float(text.get_text()) == pytest.approx(value, abs=0.05 + 1e-9)
    # what the colour means: a colorbar for the kernels, on their scale, labelled in %
    bar = fig._convlib_kernel_bar
    assert "%" in bar.ax.get_ylabel() and "red +" in bar.ax.get_ylabel()
    assert bar.mappable is approx_ax.images[0]


def test_rank_errors_are_the_titles_numbers_and_numpys():
    image = np.random.default_rng(5).random((20, 18))
    kernel = kernels.laplacian(4)
    u, s, vt = np.linalg.svd(kernel)
    approx = s[0] * np.outer(u[:, 0], vt[0])
    kernel_error, image_error = plotting.rank_errors(image, kernel, 1, correlate_with_torch)
    assert kernel_error == pytest.approx(np.linalg.norm(kernel - approx) / np.linalg.norm(kernel))
    exact = correlate_with_torch(image, kernel)
    assert image_error == pytest.approx(np.linalg.norm(exact - correlate_with_torch(image, approx))
                                        / np.linalg.norm(exact))
    fig = plotting.show_rank_approximation(image, kernel, 1, correlate_with_torch)
    assert fig._convlib_panels[3].get_title().endswith(f"error {image_error:.1%}")
    with pytest.raises(ValueError, match="`rank`"):
        plotting.rank_errors(image, kernel, 0, correlate_with_torch)


def test_output_channels_shared_is_one_scale_one_colorbar_in_order():
    rng = np.random.default_rng(6)
    maps = np.stack([rng.normal(size=(10, 12)) * scale for scale in (1.0, 3.0, 0.5)])
    fig = plotting.show_output_channels(maps, ["red", "green", "blue"], shared=True)
    panels = [ax for ax in fig.axes if ax.images and not hasattr(ax, "_colorbar")]
    assert [ax.get_title() for ax in panels] == ["red", "green", "blue"]
    lefts = [ax.get_position().x0 for ax in panels]
    assert lefts == sorted(lefts)                              # one row, left to right
    assert len({ax.images[0].get_clim() for ax in panels}) == 1
    low, high = panels[0].images[0].get_clim()
    assert low == -high and high >= 0.25 * np.abs(maps).max()
    assert sum(hasattr(ax, "_colorbar") for ax in fig.axes) == 1
    np.testing.assert_array_equal(panels[1].images[0].get_array(), maps[1])
    again = plotting.show_output_channels(maps[::-1], ["blue", "green", "red"], shared=True, fig=fig)
    assert again is fig and sum(hasattr(ax, "_colorbar") for ax in fig.axes) == 1
    with pytest.raises(ValueError, match="one kind"):
        plotting.show_output_channels(maps, ["a", "b", "c"], shared=True, kinds=["signed", "image", "signed"])
    with pytest.raises(TypeError, match="`shared`"):
        plotting.show_output_channels(maps, ["a", "b", "c"], shared="yes")


def test_interleaved_medians_samples_at_least_min_time_and_keeps_the_count():
    """Round 1 finds the count (1, 2, 5, 10, ... calls until min_time), later rounds reuse it."""
    import time

    from convlib.course.timing import interleaved_medians

    calls = []

    def nap():
        calls.append(1)
        time.sleep(0.002)

    times = interleaved_medians({"nap": nap}, repeats=3, min_time=0.01)
    assert 0.002 <= times["nap"] < 0.05
    tries = {1: 1, 2: 1 + 2, 5: 1 + 2 + 5, 10: 1 + 2 + 5 + 10}   # calls spent finding each count
    assert any(len(calls) == 1 + tries[n] + 2 * n for n in tries), len(calls)   # 1 warm-up first
    with pytest.raises(ValueError, match="`min_time`"):
        interleaved_medians({"nap": nap}, min_time=0)
    with pytest.raises(ValueError, match="`repeats`"):
        interleaved_medians({"nap": nap}, repeats=0)
