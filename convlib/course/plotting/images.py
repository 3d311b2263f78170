"""Images side by side, and input | kernel | result.

Used in: chapters 2 onwards.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ._figure import DIVERGING, GRAY, _limits, _reuse, is_signed
from .grids import draw_grid


def draw_image(ax, image, title: str = "", signed: bool | None = None) -> None:
    """Draw (or update) one image on ``ax``: gray, or diverging around 0 with a colorbar."""
    image = np.asarray(image, dtype=float)
    signed = is_signed(image) if signed is None else signed
    low, high = _limits(image, signed)
    if ax.images and getattr(ax, "_convlib_signed", None) == signed:
        artist = ax.images[0]
        artist.set_data(image)
        artist.set_extent((-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5))
        artist.set_clim(low, high)
    else:
        ax.clear()
        artist = ax.imshow(image, cmap=DIVERGING if signed else GRAY, vmin=low, vmax=high, interpolation="antialiased")
        ax._convlib_signed = signed
        if signed:
            ax.figure.colorbar(artist, ax=ax, shrink=0.8, label="value (0 = white)")
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_title(title, fontsize=10)



def show_images(images, titles=None, *, signed=None, fig: Figure | None = None, height: float = 3.4) -> Figure:
    """Images side by side, each with its title; signed ones on a diverging map with a colorbar.

    Parameters
    ----------
    images : sequence of 2-D arrays
    titles : sequence of str, optional
    signed : sequence of bool, optional
        Force the colour map per image; by default an image with negative values is signed.
    fig : Figure, optional
        A figure from an earlier call with the same layout, to update in place.

    Example
    -------
    >>> fig = show_images([np.eye(3), -np.eye(3)], ["identity", "negated"])
    >>> len(fig.axes)    # two images and one colorbar
    3
    """
    images = [np.asarray(im, dtype=float) for im in images]
    titles = list(titles) if titles is not None else [""] * len(images)
    flags = [is_signed(im) for im in images] if signed is None else list(signed)
    fig, reused = _reuse(fig, ("images", len(images), tuple(flags)), min(3.3 * len(images), 9.0), height)
    axes = fig.axes[: len(images)] if reused else fig.subplots(1, len(images), squeeze=False)[0]
    for ax, image, title, flag in zip(axes, images, titles, flags):
        draw_image(ax, image, title, flag)
    return fig


def show_filter(image, kernel, result, *, title_image="input", title_kernel="kernel", title_result="result",
                fig: Figure | None = None) -> Figure:
    """Input | kernel (with values) | result: what one convolution did.

    Example
    -------
    >>> fig = show_filter(np.ones((8, 8)), np.ones((3, 3)) / 9, np.ones((8, 8)))
    >>> [ax.get_title() for ax in fig.axes]
    ['input', 'kernel', 'result']
    """
    result = np.asarray(result, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    signed = is_signed(result)
    fig, reused = _reuse(fig, ("filter", signed), 8.5, 3.2)
    if not reused:
        axes = fig.subplots(1, 3, width_ratios=[1, 0.55, 1])
    else:
        axes = fig.axes[:3]
    draw_image(axes[0], image, title_image, signed=False)
    draw_grid(axes[1], kernel, title_kernel, max_cells=81, kernel=True)
    draw_image(axes[2], result, title_result, signed=signed)
    return fig

