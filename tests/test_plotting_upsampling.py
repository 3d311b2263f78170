"""Chapter 7's figures draw what PyTorch computes: how the stamps of a transposed convolution overlap."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from matplotlib.colors import LogNorm

from convlib.course import plotting
from convlib.course.plotting import upsampling


def torch_counts(k, s, inputs, ndim):
    shape = (1, 1) + (inputs,) * ndim
    conv = F.conv_transpose1d if ndim == 1 else F.conv_transpose2d
    ones = torch.ones((1, 1) + (k,) * ndim, dtype=torch.float64)
    return conv(torch.ones(shape, dtype=torch.float64), ones, stride=s)[0, 0].numpy()


@pytest.mark.parametrize("k", range(1, 7))
@pytest.mark.parametrize("s", range(1, 5))
def test_overlap_and_coverage_are_torchs(k, s):
    for ndim in (1, 2):
        np.testing.assert_array_equal(upsampling.overlap(k, s, 5, ndim), torch_counts(k, s, 5, ndim))
    big = torch_counts(k, s, 20, 2)
    inside = big[k - 1:19 * s + 1, k - 1:19 * s + 1]
    assert upsampling.coverage(k, s) == (inside.max(), inside.min())
    np.testing.assert_array_equal(upsampling.inside_window(k, s, 8), big[k - 1:k + 7, k - 1:k + 7])
    text = upsampling.coverage_text(k, s)
    assert text.startswith("gaps" if inside.min() == 0 else "even" if inside.min() == inside.max() else "uneven")


def test_the_issue_numbers():
    assert upsampling.coverage(3, 2) == (4, 1)   # kernel 3, stride 2: the most-covered get 4x the least
    assert upsampling.coverage(4, 2) == (4, 4)


def test_show_overlap_draws_the_counts_on_a_fixed_scale():
    fig = plotting.show_overlap(3, 2, inputs=6, length=26, vmax=36)
    stamps_ax, sums_ax, map_ax = fig._convlib_panels
    rows = stamps_ax.images[0].get_array()
    assert rows.shape == (6, 26) and stamps_ax.get_xlim() == (-0.5, 25.5)
    np.testing.assert_array_equal((rows > 0).sum(axis=0)[:13], torch_counts(3, 2, 6, 1))   # the stamps add up
    heights = [p.get_height() for p in sums_ax.patches if p.get_zorder() > 0]   # the bars, not the inside's shade
    np.testing.assert_array_equal(heights, torch_counts(3, 2, 6, 1))
    shown = map_ax.images[0].get_array()
    np.testing.assert_array_equal(shown.filled(0), upsampling.inside_window(3, 2))
    norm = map_ax.images[0].norm
    assert isinstance(norm, LogNorm) and (norm.vmin, norm.vmax) == (1, 36)
    assert "max/min 4x" in map_ax.get_title() and fig._suptitle is None   # the verdict belongs to one panel
    again = plotting.show_overlap(1, 3, inputs=6, length=26, vmax=36, fig=fig)   # same figure, updated in place
    assert again is fig and np.ma.getmaskarray(map_ax.images[0].get_array()).sum() > 0   # gaps are white
    assert "gaps" in map_ax.get_title()


@pytest.mark.parametrize("k", range(1, 7))
@pytest.mark.parametrize("s", range(1, 5))
def test_show_overlap_1d_input_is_mostly_inside_on_an_axis_that_fits(k, s):
    """By default the 1-D input is long enough that the inside (torch's repeating counts) beats each border ramp."""
    fig = plotting.show_overlap(k, s, vmax=36)
    stamps_ax, sums_ax, _ = fig._convlib_panels
    inputs = stamps_ax.images[0].get_array().shape[0]
    counts = torch_counts(k, s, inputs, 1)
    assert stamps_ax.get_xlim() == (-0.5, len(counts) - 0.5) and sums_ax.get_xlim() == (-0.5, len(counts) - 0.5)
    inside = counts[k - 1:(inputs - 1) * s + 1]
    assert len(inside) >= k - 1 and len(inside) >= s
    if k % s == 0:   # even: the inside holds only the full count, k // s stamps
        assert set(inside.tolist()) == {k // s}


def test_count_map_ticks_are_the_counts_present():
    one = upsampling.inside_window(3, 2, 8)
    two = upsampling.inside_window(3, 1, 8)   # 9 everywhere
    fig = plotting.show_count_maps([one, two], ["a", "b"])
    bar = [ax for ax in fig.axes if getattr(ax, "_convlib_counts_bar", None) is not None][0]._convlib_counts_bar
    assert sorted(bar.get_ticks().tolist()) == sorted({int(v) for v in np.unique(np.concatenate([one, two]))})
    assert "white" not in bar.ax.get_ylabel()   # no gaps, so no claim about white


def test_show_count_maps_shares_one_scale_and_checks_titles():
    fig = plotting.show_count_maps([upsampling.overlap(3, 2), upsampling.overlap(3, 1)], ["a", "b"])
    norms = [ax.images[0].norm for ax in fig.axes if ax.images and hasattr(ax, "_convlib_counts")]
    assert len(norms) == 2 and norms[0].vmax == norms[1].vmax == 9
    with pytest.raises(ValueError, match="one title per map"):
        plotting.show_count_maps([np.ones((2, 2))], ["a", "b"])


def test_show_upsampling_kinds():
    fig = plotting.show_upsampling(np.array([[1.0, -1.0]]), np.zeros((4, 4)), np.ones((4, 4)), method="diff")
    kinds = [ax._convlib_kind for ax in fig.axes if hasattr(ax, "_convlib_kind")]
    assert kinds == ["signed", "signed"]   # a kernel summing to 0 makes signed outputs
    fig = plotting.show_upsampling(np.ones((2, 2)) / 4, np.ones((4, 4)), np.eye(4), method="box")
    assert [ax._convlib_kind for ax in fig.axes if hasattr(ax, "_convlib_kind")] == ["brightness", "brightness"]
    fig = plotting.show_upsampling(np.ones((2, 2)) / 4, np.ones((4, 4)), np.eye(4), method="box", kind="signed")
    assert [ax._convlib_kind for ax in fig.axes if hasattr(ax, "_convlib_kind")] == ["signed", "signed"]
    with pytest.raises(ValueError, match="kind"):
        plotting.show_upsampling(np.ones((2, 2)), np.ones((4, 4)), np.eye(4), method="box", kind="grey")


@pytest.mark.parametrize("bad, match", [(dict(kernel_size=0, stride=1), "kernel_size"),
                                        (dict(kernel_size=3, stride=1.5), "stride")])
def test_bad_input_names_the_parameter(bad, match):
    with pytest.raises((TypeError, ValueError), match=match):
        upsampling.overlap(**bad)
    with pytest.raises(ValueError, match="ndim"):
        upsampling.overlap(3, 2, ndim=3)


def test_show_upsampling_two_rows_shared_bounds_and_a_readable_kernel():
    kernel = np.linspace(-0.25, 0.25, 16).reshape(4, 4)
    flat = F.conv_transpose2d(torch.ones(1, 1, 12, 12, dtype=torch.float64), torch.from_numpy(kernel)[None, None],
                              stride=2, padding=1)[0, 0, 4:-4, 4:-4].numpy()
    face = np.linspace(-0.6, 0.2, 64).reshape(8, 8)
    fig = plotting.show_upsampling(kernel, flat, face, method="seed 0", source=np.eye(4), kind="signed",
                                   bounds=(0.3, 0.4))
    kernel_ax, flat_ax, source_ax, face_ax = fig._convlib_panels
    assert flat_ax.images[0].get_clim() == (-0.3, 0.3) and face_ax.images[0].get_clim() == (-0.4, 0.4)
    assert flat_ax._convlib_cbar.extend == ("both" if flat.min() < -0.3 and flat.max() > 0.3 else
                                            "min" if flat.min() < -0.3 else "max")     # beyond the bound, by side
    assert face.min() < -0.4 and face.max() < 0.4 and face_ax._convlib_cbar.extend == "min"   # only below
    fig.canvas.draw()   # two columns: kernel above constant, photo above its output
    left, right = [(ax.get_position().x0 + ax.get_position().x1) / 2 for ax in (kernel_ax, flat_ax)], \
        [(ax.get_position().x0 + ax.get_position().x1) / 2 for ax in (source_ax, face_ax)]
    assert max(left) < 0.5 < min(right)
    assert kernel_ax.get_position().y0 > flat_ax.get_position().y0
    assert source_ax.images[0].get_clim() == (0.0, 1.0) and source_ax._convlib_kind == "image"
    fig.canvas.draw()
    phone = 358 / fig.bbox.width                       # a 390 px phone shows the frame 358 px wide
    assert kernel_ax.bbox.width / 4 * phone >= 24    # a 4x4 kernel's cells hold '-.15' at a readable size (one row: 15)
    again = plotting.show_upsampling(kernel / 10, flat / 10, face / 10, method="seed 1", source=np.eye(4),
                                     kind="signed", bounds=(0.3, 0.4), fig=fig)
    assert again is fig and flat_ax.images[0].get_clim() == (-0.3, 0.3) and flat_ax._convlib_cbar.extend == "neither"
    without = plotting.show_upsampling(kernel, flat, face, method="seed 0", kind="signed")
    assert not without._convlib_panels[2].get_visible()


def test_show_upsampling_bad_bounds_name_the_parameter():
    with pytest.raises(ValueError, match="bounds"):
        plotting.show_upsampling(np.ones((2, 2)), np.ones((4, 4)), np.eye(4), method="box", bounds=(1.0,))
    with pytest.raises(ValueError, match="bounds"):   # gray outputs have no symmetric limit
        plotting.show_upsampling(np.ones((2, 2)) / 4, np.ones((4, 4)), np.eye(4), method="box", bounds=(1, 1))
    with pytest.raises(ValueError, match="bound"):
        plotting.show_upsampling(np.ones((2, 2)), -np.ones((4, 4)), -np.eye(4), method="box", bounds=(0, 1))


def test_the_zero_insertion_step_through_is_torchs_transposed_convolution():
    """Insert zeros, pad, convolve (the chapter's step-through) ends on torch's conv_transpose2d output."""
    x, w = np.array([[1.0, 2.0], [-1.0, 3.0]]), np.arange(9.0).reshape(3, 3) - 4
    spread = np.zeros((3, 3))
    spread[::2, ::2] = x
    padded = np.pad(spread, ((1, 2), (1, 2)))              # k - 1 - p = 1, and output_padding 1 more
    truth = F.conv_transpose2d(torch.from_numpy(x)[None, None], torch.from_numpy(w)[None, None], stride=2,
                               padding=1, output_padding=1)[0, 0].numpy()
    fig = plotting.show_convolution_step_2d(padded, w, truth.size - 1, input_title="x, spread and padded")
    assert fig.axes[0].get_title().splitlines()[0] == "x, spread and padded"
    np.testing.assert_allclose(fig.axes[3].images[0].get_array(), truth)


def test_integer_labels_print_as_integers():
    """align_corners=True gives 5 - 1e-15 where torch says 5: the cell says 5, not 5.00."""
    from convlib import interpolate
    from convlib.course.plotting._figure import format_value
    small = np.array([[0.0, 3.0], [6.0, 9.0]])[None, None]
    ours = interpolate(small, scale_factor=2, mode="bilinear", align_corners=True)[0, 0]
    theirs = F.interpolate(torch.from_numpy(small), scale_factor=2, mode="bilinear", align_corners=True)[0, 0].numpy()
    assert [format_value(v) for v in ours.ravel()] == [str(int(round(v))) for v in theirs.ravel()]
    assert format_value(2.5) == "2.50" and format_value(-1e-13) == "0"


def test_step_products_keep_one_scale_for_every_window():
    """The products panel's limits are the largest |product| over all windows (numpy), the same in every frame."""
    image, kernel = np.arange(36.0).reshape(6, 6) - 10, np.array([[1.0, -2.0], [0.5, 3.0]])
    windows = np.array([image[r:r + 2, c:c + 2] * kernel[::-1, ::-1] for r in range(5) for c in range(5)])
    fig = plotting.show_convolution_step_2d(image, kernel, 0)
    first = fig.axes[2].images[0].get_clim()
    plotting.show_convolution_step_2d(image, kernel, 24, fig=fig)
    assert first == fig.axes[2].images[0].get_clim() == (-np.abs(windows).max(), np.abs(windows).max())


def test_show_grids_writes_every_cell_in_one_chosen_format():
    small = np.array([[0.0, 3.0], [6.0, 9.0]])[None, None]
    centres = F.interpolate(torch.from_numpy(small), scale_factor=2, mode="bilinear")[0, 0].numpy()
    fig = plotting.show_grids([centres], ["x"], fmt="{:g}".format)
    assert [t.get_text() for t in fig.axes[0].texts] == [f"{v:g}" for v in centres.ravel()]
    assert "0.75" in [t.get_text() for t in fig.axes[0].texts] and "1.5" in [t.get_text() for t in fig.axes[0].texts]
