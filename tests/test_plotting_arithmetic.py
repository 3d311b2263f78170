"""Chapter 3's figures (convlib.course.plotting.arithmetic) draw what torch computes.

The oracle for "how many windows read this cell" is torch autograd: with every
weight 1, the gradient of the summed output with respect to the padded input
counts the windows that cover each cell. Output sizes and values come from
torch's conv1d and conv2d.
"""

import itertools

import numpy as np
import pytest

from convlib.course import plotting
from convlib.course.plotting import arithmetic

torch = pytest.importorskip("torch")
F = torch.nn.functional


def torch_reads(size, kernel_size, stride, before, after):
    padded = torch.ones(1, 1, size + before + after, requires_grad=True)
    F.conv1d(padded, torch.ones(1, 1, kernel_size), stride=stride).sum().backward()
    return padded.grad[0, 0].numpy().astype(int)


def torch_side(size, kernel_size, stride, before, after):
    x = F.pad(torch.zeros(1, 1, size, size), (before, after, before, after))
    return F.conv2d(x, torch.zeros(1, 1, kernel_size, kernel_size), stride=stride).shape[-1]


SETTINGS = [(i, k, s, b, a) for i, k, s, b, a in itertools.product(range(1, 8), range(1, 6), range(1, 5), range(3),
                                                                    range(3)) if k <= i + b + a]


def test_reads_per_cell_is_the_gradient_of_an_all_ones_layer():
    for i, k, s, b, a in SETTINGS:
        ours = plotting.reads_per_cell(i, k, s, (b, a) if b != a else b)
        np.testing.assert_array_equal(ours, torch_reads(i, k, s, b, a), err_msg=str((i, k, s, b, a)))


def test_the_formula_text_ends_with_torchs_output_size():
    for i, k, s, b, a in SETTINGS[::7]:
        text = plotting.formula_text(i, k, s, (b, a))
        assert text.endswith(f"= {torch_side(i, k, s, b, a)}"), (text, (i, k, s, b, a))


@pytest.mark.parametrize("call,error,words", [
    (lambda: plotting.reads_per_cell(3, 6), ValueError, "`kernel_size`=6 is larger than the padded input 3"),
    (lambda: plotting.reads_per_cell(3, 2, padding="same"), TypeError, "`padding`"),
    (lambda: plotting.reads_per_cell(3, 2, padding=(1, 2, 3)), TypeError, "pair (before, after)"),
    (lambda: plotting.reads_per_cell(3, 2, padding=-1), ValueError, "`padding`"),
    (lambda: plotting.reads_per_cell(3, 2, stride=0), ValueError, "`stride`"),
    (lambda: plotting.reads_per_cell(3.0, 2), TypeError, "`size`"),
    (lambda: plotting.show_stride_step(np.ones((4, 4)), np.ones((3, 3)), 9, stride=2), ValueError, "`index`"),
    (lambda: plotting.show_stride_step(np.ones(4), np.ones((3, 3)), 0), ValueError, "2-D"),
])
def test_errors_name_the_parameter(call, error, words):
    with pytest.raises(error, match=__import__("re").escape(words)):
        call()


@pytest.mark.parametrize("setting", [(5, 3, 2, 1), (6, 3, 2, 1), (6, 1, 3, 2), (5, 4, 1, (1, 2)), (6, 2, 3, 0)])
def test_the_read_count_map_marks_exactly_the_cells_torch_never_reads(setting):
    size, k, s, padding = setting
    before, after = padding if isinstance(padding, tuple) else (padding, padding)
    fig = plotting.show_arithmetic(size, k, s, padding, room=(11, 11))
    left, right = fig.axes[:2]
    reads = torch_reads(size, k, s, before, after)
    counts = np.outer(reads, reads)
    inside = np.zeros_like(counts, dtype=bool)
    inside[before:before + size, before:before + size] = True
    red = [t for t in left.texts if t.get_visible() and t.get_color() == arithmetic.UNREAD]
    assert len(red) == int(np.sum(counts == 0)) and all(t.get_text() == "0" for t in red)
    written = sorted(int(t.get_text()) for t in left.texts if t.get_visible() and t.get_color() != arithmetic.UNREAD)
    assert written == sorted(counts[inside & (counts > 0)].tolist())
    unread_inputs = int(np.sum((counts == 0) & inside))
    assert (f"never read: {unread_inputs} of {size * size}" if unread_inputs else "every input cell is read") \
        in left.get_title()
    side = torch_side(size, k, s, before, after)
    assert right.images[0].get_array().shape[:2] == (side, side)
    assert right.get_title().startswith(f"output {side}×{side}")


def test_cells_keep_their_size_across_settings_in_one_room():
    small = plotting.show_arithmetic(5, 3, 1, 0, room=(10, 10))
    large = plotting.show_arithmetic(6, 1, 1, 2, room=(10, 10))
    for a, b in zip(small.axes, large.axes):
        assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()


def test_the_step_through_writes_torchs_output_and_the_sum_of_its_products():
    tiny = np.random.default_rng(3).integers(0, 10, size=(6, 6)).astype(float)
    kernel = np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]])
    layer = F.conv2d(torch.from_numpy(tiny)[None, None], torch.from_numpy(kernel)[None, None], stride=2,
                     padding=1)[0, 0].numpy()
    fig = None
    for index in range(layer.size):
        fig = plotting.show_stride_step(tiny, kernel, index, stride=2, padding=1, fig=fig)
        row, col = divmod(index, layer.shape[1])
        value = f"{layer[row, col]:g}"
        assert fig.axes[2].get_title() == f"products\nsum = {value}"
        assert fig.axes[3].get_title() == f"output 3×3\ny[{row}, {col}] = {value}"
        products = [float(t.get_text()) for t in fig.axes[2].texts if t.get_visible()]
        assert np.isclose(sum(products), layer[row, col])
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    assert len(hatched) == 8 + 7, "the last padded row and column (15 cells) are never read"


def test_the_1d_windows_write_torchs_values():
    signals = [[1.0, 2, 3, 4, 5], [1.0, 2, 3, 4, 5, 6]]
    fig = plotting.show_windows_1d(signals, [1.0, 1, 1], stride=2, padding=1)
    for ax, signal in zip(fig.axes, signals):
        truth = F.conv1d(torch.tensor(signal)[None, None], torch.ones(1, 1, 3), stride=2, padding=1)[0, 0]
        written = [t.get_text() for t in ax.texts if t.get_text().startswith("y[")]
        assert written == [f"y[{j}] = {v:g}" for j, v in enumerate(truth.tolist())]


def test_on_a_phone_every_panel_is_a_column_of_its_own():
    """panel_columns finds one column per panel only when no title or label spills into its neighbour."""
    from convlib.course.plotting import figure_bytes, panel_columns

    figures = [(plotting.show_arithmetic(6, 3, 2, 2, room=(10, 10)), 2),
               (plotting.show_arithmetic(5, 4, 1, (1, 2), room=(10, 10)), 2),
               (plotting.show_stride_step(np.ones((6, 6)), np.ones((3, 3)), 4, stride=2, padding=1), 4)]
    for fig, panels in figures:
        figure_bytes(fig, "png")
        assert len(panel_columns(fig)) == panels


def test_strided_images_cover_the_same_area_and_sizes_plot_one_line_each():
    image = np.random.default_rng(0).random((12, 40))
    fig = plotting.show_strided([image, image[::4, ::4]], ["stride 1", "stride 4"])
    assert [ax.images[0].get_extent() for ax in fig.axes] == [[-0.5, 39.5, 11.5, -0.5]] * 2
    fig = plotting.show_layer_sizes({"valid": [28, 26, 24], "same": [28, 28, 28]}, title="sizes")
    assert [line.get_label() for line in fig.axes[0].lines] == ["valid", "same"]
