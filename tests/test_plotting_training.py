"""plotting.training: the figures of chapter 10 draw what they are given, with the book's colour conventions."""

import numpy as np
import pytest

from convlib.course import plotting
from convlib.course.plotting._figure import DIVERGING


def test_show_learning_draws_the_kernel_its_output_and_the_loss_so_far():
    kernel = np.array([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]]) / 2
    losses = np.geomspace(1, 1e-3, 11)
    fig = plotting.show_learning(kernel, np.ones((5, 6)), losses, kernel_bound=2, output_bound=3, steps_max=50,
                                 others={"Adam": np.geomspace(1, 1e-6, 51)}, name="GD")
    kernel_ax, output_ax, loss_ax = fig.axes[:3]
    assert kernel_ax.images[0].get_cmap().name == DIVERGING
    assert kernel_ax.images[0].get_clim() == (-2, 2)              # the given bound, not the kernel's own max
    assert [t.get_text() for t in kernel_ax.texts][:3] == ["-.50", "0", ".50"]
    assert output_ax.images[0].get_clim() == (-3, 3)
    run = loss_ax._convlib_run.get_xydata()
    assert len(run) == 11 and run[-1, 1] == pytest.approx(1e-3)
    assert loss_ax.get_yscale() == "log" and loss_ax.get_xlim() == (0, 50)
    # the next frame reuses the figure and updates it in place
    again = plotting.show_learning(kernel * 2, np.ones((5, 6)), losses[:3], kernel_bound=2, output_bound=3,
                                   steps_max=50, others={"Adam": np.geomspace(1, 1e-6, 51)}, name="GD", fig=fig)
    assert again is fig and len(fig.axes[2]._convlib_run.get_xdata()) == 3
    assert fig.axes[0].get_title().startswith("kernel at step 2")


def test_show_learning_gives_each_run_one_colour_whichever_is_selected():
    runs = {"GD": np.geomspace(1, 1e-3, 11), "momentum": np.geomspace(1, 1e-5, 11), "Adam": np.geomspace(1, 1e-6, 11)}
    colours = {}
    for name in runs:
        fig = plotting.show_learning(np.eye(3), np.ones((4, 4)), runs[name], kernel_bound=2, output_bound=3,
                                     others={k: v for k, v in runs.items() if k != name}, name=name,
                                     order=list(runs))
        for line in fig.axes[2].get_lines():
            if line.get_label() in runs:
                colours.setdefault(line.get_label(), set()).add(line.get_color())
    assert all(len(seen) == 1 for seen in colours.values()) and len(colours) == 3
    assert len({next(iter(seen)) for seen in colours.values()}) == 3          # three different colours
    # the kernel has its own colorbar, on the kernel's ±bound
    bars = [ax for ax in fig.axes[3:] if ax.get_xlim() == (-2, 2)]
    assert bars, [ax.get_xlim() for ax in fig.axes[3:]]
    with pytest.raises(ValueError, match="`order` must name every run"):
        plotting.show_learning(np.eye(3), np.ones((4, 4)), [1.0], kernel_bound=1, output_bound=1, name="GD",
                               order=["Adam"])


def test_show_learning_rejects_bad_shapes():
    with pytest.raises(ValueError, match="`kernel` must be 2-D"):
        plotting.show_learning(np.ones(3), np.ones((4, 4)), [1.0], kernel_bound=1, output_bound=1)


def test_show_training_curves_plots_each_epoch_in_percent():
    fig = plotting.show_training_curves([2.0, 1.0, 0.5], {"train": [0.5, 0.8, 0.9], "test": [0.4, 0.7, 0.85]})
    loss_ax, accuracy_ax = fig.axes
    assert list(loss_ax.lines[0].get_xdata()) == [1, 2, 3]
    assert loss_ax.get_ylim()[0] == pytest.approx(0.1)             # a labelled decade below the lowest loss
    assert list(accuracy_ax.lines[1].get_ydata()) == pytest.approx([40, 70, 85])
    assert [t.get_text() for t in accuracy_ax.get_legend().get_texts()] == ["train: 90.0%", "test: 85.0%"]
    with pytest.raises(ValueError, match="has 2 values but `loss` has 3"):
        plotting.show_training_curves([2.0, 1.0, 0.5], {"test": [0.1, 0.2]})


def test_show_digit_filters_pairs_each_filter_with_its_map():
    rng = np.random.default_rng(0)
    weight, maps = rng.normal(size=(8, 1, 3, 3)), rng.normal(size=(8, 8, 8))
    fig = plotting.show_digit_filters(rng.uniform(size=(8, 8)), weight, maps, kernel_bound=4, map_bound=5,
                                      title="epoch 3")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:5] == ["input digit", "filter 0", "map 0", "filter 1", "map 1"] and "map 7" in titles
    filter_3, map_3 = fig.axes[7], fig.axes[8]
    np.testing.assert_array_equal(filter_3.images[0].get_array(), weight[3, 0])
    np.testing.assert_array_equal(map_3.images[0].get_array(), maps[3])
    assert filter_3.images[0].get_clim() == (-4, 4) and map_3.images[0].get_clim() == (-5, 5)
    assert fig._suptitle.get_text() == "epoch 3"
    again = plotting.show_digit_filters(np.zeros((8, 8)), weight * 0, maps * 0, kernel_bound=4, map_bound=5, fig=fig)
    assert again is fig and not np.any(fig.axes[8].images[0].get_array())
    with pytest.raises(ValueError, match="the same 1 to 8 channels"):
        plotting.show_digit_filters(np.zeros((8, 8)), weight, maps[:4])


def test_show_learning_loss_axis_holds_the_data_or_marks_what_it_clips():
    kernel, output = np.zeros((3, 3)), np.ones((4, 4))
    fig = plotting.show_learning(kernel, output, np.geomspace(1, 1e-3, 11), kernel_bound=1, output_bound=1,
                                 others={"Adam": np.geomspace(0.5, 3e-17, 51)})
    loss_ax = fig.axes[2]
    assert loss_ax.get_ylim() == pytest.approx((1e-17, 1.0))        # whole decades around every curve
    assert not any(artist.get_visible() for artist in loss_ax._convlib_floor)
    clipped = plotting.show_learning(kernel, output, np.geomspace(1, 1e-12, 11), kernel_bound=1, output_bound=1,
                                     loss_limits=(1e-8, 1.0))
    line, label = clipped.axes[2]._convlib_floor
    assert line.get_visible() and label.get_visible() and "lower values" in label.get_text()
    assert clipped.axes[2]._convlib_run.get_ydata().min() == pytest.approx(1e-8)   # drawn on the marked floor


def test_show_digit_filters_reads_in_order_on_a_phone_with_big_cells():
    from convlib.course.plotting._figure import DPI, figure_bytes, panel_columns
    rng = np.random.default_rng(1)
    fig = plotting.show_digit_filters(rng.uniform(size=(8, 8)), rng.normal(size=(8, 1, 3, 3)),
                                      rng.normal(size=(8, 8, 8)), title="first-layer filters after epoch 15")
    figure_bytes(fig, "png", dpi=DPI)                          # one draw, as the book's first frame gets
    assert panel_columns(fig) == [(0.0, 1.0)]                  # one column: a phone shows it whole, never cut
    assert fig.get_size_inches()[0] * DPI / 1.5 <= 336         # fits inside an explorer on a 390 px screen
    boxes = {ax.get_title(): ax.get_window_extent() for ax in fig.axes if ax.get_title()}
    assert boxes["filter 0"].width / 1.5 / 3 >= 20             # kernel cells at least 20 CSS px
    assert max(len(label.get_text()) for label in fig.axes[1].texts) <= 4 and fig.axes[1].texts[0].get_fontsize() >= 7
    tops = [boxes[name].y1 for name in ("input digit", "filter 0", "map 0", "filter 4", "map 4")]
    assert tops == sorted(tops, reverse=True)                  # top to bottom: digit, filters 0-3, their maps, 4-7
    assert boxes["filter 0"].x0 < boxes["filter 1"].x0 < boxes["filter 3"].x0
    assert fig._suptitle.get_window_extent().x0 >= 0 and fig._suptitle.get_window_extent().x1 <= fig.bbox.width
