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
    fig = plotting.show_overlap(3, 2, length=26, vmax=36)
    stamps_ax, sums_ax, map_ax = fig._convlib_panels
    rows = stamps_ax.images[0].get_array()
    assert rows.shape == (6, 26) and stamps_ax.get_xlim() == (-0.5, 25.5)
    np.testing.assert_array_equal((rows > 0).sum(axis=0)[:13], torch_counts(3, 2, 6, 1))   # the stamps add up
    heights = [p.get_height() for p in sums_ax.patches]
    np.testing.assert_array_equal(heights, torch_counts(3, 2, 6, 1))
    shown = map_ax.images[0].get_array()
    np.testing.assert_array_equal(shown.filled(0), upsampling.inside_window(3, 2))
    norm = map_ax.images[0].norm
    assert isinstance(norm, LogNorm) and (norm.vmin, norm.vmax) == (1, 36)
    assert "max/min 4x" in fig._suptitle.get_text()
    again = plotting.show_overlap(1, 3, length=26, vmax=36, fig=fig)   # same figure, updated in place
    assert again is fig and np.ma.getmaskarray(map_ax.images[0].get_array()).sum() > 0   # gaps are white
    assert "gaps" in fig._suptitle.get_text()


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
