"""draw_image's colorbar arrows: one on each side whose values go beyond the limits, and only there."""

import numpy as np
import pytest

from convlib.course.plotting import new_figure
from convlib.course.plotting.images import draw_image


@pytest.mark.parametrize("values, bound, extend", [([-3.0, 1.0], 2.0, "min"), ([-1.0, 3.0], 2.0, "max"),
                                                  ([-3.0, 3.0], 2.0, "both"), ([-1.0, 1.0], 2.0, "neither")])
def test_signed_bound_arrows_by_side(values, bound, extend):
    ax = new_figure(3, 3).subplots()
    image = np.array([values * 2])
    draw_image(ax, image, "x", "signed", bound=bound)
    assert ax._convlib_cbar.extend == extend
    # the side without an arrow really holds every value: what the arrows claim is what numpy finds
    low, high = ax.images[0].get_clim()
    assert (image.min() < low) == (extend in ("min", "both")) and (image.max() > high) == (extend in ("max", "both"))


def test_brightness_overshoot_above_only_gets_one_arrow_and_updates_in_place():
    ax = new_figure(3, 3).subplots()
    draw_image(ax, np.array([[0.0, 0.5, 1.4]]), "x", "brightness")
    assert ax._convlib_cbar.extend == "max"
    draw_image(ax, np.array([[-0.3, 0.5, 1.4]]), "x", "brightness")   # now both sides: the colorbar follows
    assert ax._convlib_cbar.extend == "both"
    draw_image(ax, np.array([[0.0, 0.5, 1.0]]), "x", "brightness")
    assert ax._convlib_cbar.extend == "neither"


def test_shared_output_channels_take_a_given_bound_and_arrow_only_the_side_beyond():
    from convlib.course.plotting import show_output_channels
    channels = np.stack([np.linspace(-0.5, 0.2, 16).reshape(4, 4), np.linspace(-0.1, 0.1, 16).reshape(4, 4)])
    fig = show_output_channels(channels, ["a", "b"], kinds=["signed"] * 2, shared=True, bound=0.3)
    clims = {ax.images[0].get_clim() for ax in fig.axes if ax.images and ax.get_title()}
    assert clims == {(-0.3, 0.3)} and fig._convlib_shared_bar.extend == "min"   # only -0.5 goes beyond
    with pytest.raises(ValueError, match="bound"):
        show_output_channels(channels, ["a", "b"], kinds=["signed"] * 2, shared=True, bound=-1)
