"""Chapter 8's figures draw what PyTorch computes: dilated layers, and the input pixels that reach one output."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.collections import PathCollection
from matplotlib.colors import LogNorm

from convlib.course import plotting
from convlib.course.plotting import receptive


def torch_paths(dilations, ndim=2, k=3):
    """Every weight 1: autograd's gradient of the centre output, cut to its nonzero extent."""
    size = 64
    x = torch.zeros((1, 1) + (size,) * ndim, dtype=torch.float64, requires_grad=True)
    out, conv = x, F.conv1d if ndim == 1 else F.conv2d
    for d in dilations:
        out = conv(out, torch.ones((1, 1) + (k,) * ndim, dtype=torch.float64), dilation=d)
    out[(0, 0) + tuple(n // 2 for n in out.shape[2:])].backward()
    grad = x.grad[0, 0].numpy()
    return grad[tuple(slice(i.min(), i.max() + 1) for i in np.nonzero(grad))]


@pytest.mark.parametrize("dilations", [(2, 2, 2), (1, 2, 3), (3,), (1, 2, 5), (3, 3)])
def test_the_count_map_is_autograds_gradient_on_a_steady_canvas(dilations):
    fig = plotting.show_reach(dilations, canvas=19, vmax=49, depth=3)
    map_ax = fig.axes[0]
    shown = map_ax.images[0].get_array()
    truth = torch_paths(dilations)
    field = truth.shape[0]
    top = (19 - field) // 2
    assert shown.shape == (19, 19) and map_ax.get_xlim() == (-0.5, 18.5)
    inside = shown[top:top + field, top:top + field]
    np.testing.assert_array_equal(np.ma.getmaskarray(inside), truth == 0)   # holes are masked: drawn white
    np.testing.assert_array_equal(inside.filled(0), truth)
    assert np.ma.getmaskarray(shown).sum() == 19 * 19 - np.count_nonzero(truth)
    norm = map_ax.images[0].norm
    assert isinstance(norm, LogNorm) and (norm.vmin, norm.vmax) == (1, 49)
    reached, total = np.count_nonzero(truth), truth.size
    assert f"{reached} of {total} reached" in map_ax.get_title()


@pytest.mark.parametrize("dilations", [(2, 2, 2), (1, 2, 3), (3, 3, 3)])
def test_the_stack_graph_marks_the_holes_of_one_row(dilations):
    fig = plotting.show_reach(dilations)
    stack_ax = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")][1]
    row = torch_paths(dilations, ndim=1)
    hollow = [c for c in stack_ax.collections if isinstance(c, PathCollection) and len(c.get_facecolors()) and
              np.allclose(c.get_facecolors()[:, :3], 1.0)]
    holes = sum(c.get_offsets().shape[0] for c in hollow)
    assert holes == np.count_nonzero(row == 0)
    written = [int(t.get_text()) for t in stack_ax.texts]
    assert written == [int(v) for v in row]
    assert f"{np.count_nonzero(row)} of {len(row)} pixels reached" in stack_ax.get_title()


def test_the_dilated_step_fills_in_what_torch_computes():
    image = np.random.default_rng(3).integers(0, 10, size=(7, 7)).astype(float)
    kernel = np.array([[1.0, 1.0, 1.0], [1.0, -8.0, 1.0], [1.0, 1.0, 1.0]])
    truth = F.conv2d(torch.from_numpy(image)[None, None], torch.from_numpy(kernel)[None, None],
                     dilation=2).numpy()[0, 0]
    fig = None
    for index in range(9):
        fig = plotting.show_dilated_step(image, kernel, 2, index, fig=fig)
        row, col = divmod(index, 3)
        output = fig.axes[3].images[0].get_array()
        np.testing.assert_allclose(np.asarray(output)[row, col], truth[row, col])
        assert f"sum = {truth[row, col]:g}" in fig.axes[2].get_title()
        taps = [(p.get_y() + 0.5, p.get_x() + 0.5) for p in fig.axes[0].patches
                if p.get_width() == 1 and not p.get_fill()]
        assert sorted(taps) == [(row + 2 * i, col + 2 * j) for i in range(3) for j in range(3)]
    assert np.isfinite(np.asarray(fig.axes[3].images[0].get_array())).all()   # all filled in at the end


def test_the_kernel_figure_keeps_one_scale_and_its_weights():
    fig = plotting.show_dilated_kernels(np.arange(1.0, 10.0).reshape(3, 3), [1, 2, 3])
    for ax, d in zip(fig.axes, [1, 2, 3]):
        shown = ax.images[0].get_array()
        assert shown.shape == (7, 7) and ax.get_xlim() == (-0.5, 6.5)
        assert np.ma.count(shown) == 9   # nine taps; every hole and the canvas around are masked
        assert f"spans {2 * d + 1}×{2 * d + 1}, 9 weights" in ax.get_title() and f"(CS231n: {d - 1})" in ax.get_title()


def test_the_photo_panel_places_the_taps_d_apart():
    image = np.linspace(0, 1, 60 * 50).reshape(60, 50)
    fig = plotting.show_dilated_filter(image, np.ones((3, 3)) / 9, 4, image, centre=(30, 25), canvas=15)
    zoom = fig.axes[1]
    taps = sorted((p.get_y(), p.get_x()) for p in zoom.patches if p.get_width() == 1)
    rows, cols = sorted({r for r, _ in taps}), sorted({c for _, c in taps})
    assert len(taps) == 9 and np.diff(rows).tolist() == [4, 4] and np.diff(cols).tolist() == [4, 4]
    assert "9 taps over 9×9 px" in zoom.get_title()
    with pytest.raises(ValueError, match="`canvas`=7 is smaller than the kernel's span 9×9"):
        plotting.show_dilated_filter(image, np.ones((3, 3)), 4, image, canvas=7)


def test_the_causal_stack_reads_only_the_past_and_shades_its_field():
    signal = np.sin(np.arange(100) / 5)
    fig = plotting.show_causal_stack(signal, [1, 2, 4, 8], output=signal, unit="")
    graph, trace = fig.axes[:2]
    row = torch_paths([1, 2, 4, 8], ndim=1, k=2)
    assert [int(t.get_text()) for t in graph.texts] == [int(v) for v in row] == [1] * 16
    offsets = np.concatenate([c.get_offsets()[:, 0] for c in graph.collections if hasattr(c, "get_offsets")])
    assert offsets.max() <= 0, "a causal stack reads nothing after its output"
    band = trace.patches[0]
    assert np.isclose(band.get_width(), 16) and np.isclose(band.get_x() + band.get_width(), 99.5)
    assert "field: 16 samples" in graph.get_title()


@pytest.mark.parametrize("call, words", [
    (lambda: plotting.show_dilated_step(np.ones((4, 4)), np.ones((3, 3)), 2, 0), "spans 5×5"),
    (lambda: plotting.show_dilated_step(np.ones((7, 7)), np.ones((3, 3)), 2, 9), "`index` must be between 0 and 8"),
])
def test_errors_say_what_would_work(call, words):
    with pytest.raises(ValueError, match=words):
        call()


def test_count_ticks_end_at_the_largest_count():
    assert receptive._count_ticks(49) == [1, 2, 3, 5, 10, 20, 49]
    assert receptive._count_ticks(20) == [1, 2, 3, 5, 10, 20]
