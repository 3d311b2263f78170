"""Values written in grid cells fit their cell at any figure size (plotting._figure.CellText).

The oracle is the figure's own geometry: each label's rendered box, measured by
the renderer, against its cell's box from the axes' data transform.
"""

import numpy as np
import pytest

from convlib.course import plotting
from convlib.course.plotting._figure import CellText, figure_bytes


def _cells_and_labels(fig):
    figure_bytes(fig)  # lays out and draws, so the labels are sized
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for label in ax.texts:
            if isinstance(label, CellText) and label.get_visible() and label.get_text():
                x, y = label.get_position()
                (x0, y0), (x1, y1) = ax.transData.transform([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)])
                yield ax, label, label.get_window_extent(renderer), (min(x0, x1), max(x0, x1))


@pytest.mark.parametrize("shape", [(3, 3), (4, 4), (7, 7), (9, 9)])
@pytest.mark.parametrize("width", [1.4, 2.5, 6.4])
def test_kernel_values_fit_their_cells(shape, width):
    rng = np.random.default_rng(sum(shape))
    kernel = np.round(rng.normal(size=shape) * 3, 3) - 0.125  # long labels: "-1.38", "-.125"
    fig = plotting.show_kernel(kernel, f"{shape} kernel")
    fig.set_size_inches(width, width * 1.1)
    found = list(_cells_and_labels(fig))
    assert len(found) == kernel.size
    for _, label, box, (left, right) in found:
        assert box.x0 >= left - 0.5 and box.x1 <= right + 0.5, (label.get_text(), box, left, right)
    sizes = {round(label.get_fontsize(), 6) for _, label, _, _ in found}
    assert len(sizes) == 1, sizes  # one font size across a grid


def test_short_labels_keep_the_largest_size():
    fig = plotting.show_kernel(np.ones((3, 3)), "box")
    fig.set_size_inches(4, 4)
    found = list(_cells_and_labels(fig))
    assert {label.get_fontsize() for _, label, _, _ in found} == {11}


def test_a_set_fontsize_is_the_largest_a_label_may_take():
    fig = plotting.show_kernel(np.ones((3, 3)), "box")
    fig.set_size_inches(4, 4)
    for label in fig.axes[0].texts:
        label.set_fontsize(6)
    found = list(_cells_and_labels(fig))
    assert {label.get_fontsize() for _, label, _, _ in found} == {6}


def test_labels_refit_when_an_update_makes_them_longer():
    fig = plotting.show_kernel(np.ones((5, 5)), "ones")
    fig.set_size_inches(1.5, 1.6)
    before = {label.get_fontsize() for _, label, _, _ in _cells_and_labels(fig)}
    fig = plotting.show_kernel(np.full((5, 5), -0.125), "ones", fig=fig)  # same artists, longer text
    found = list(_cells_and_labels(fig))
    after = {label.get_fontsize() for _, label, _, _ in found}
    assert max(after) < min(before)
    for _, label, box, (left, right) in found:
        assert box.x0 >= left - 0.5 and box.x1 <= right + 0.5
