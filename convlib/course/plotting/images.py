"""Images side by side, and input | kernel | result.

Used in: chapter 2.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ._figure import (
    DIVERGING,
    GRAY,
    OVER,
    UNDER,
    WIDTH,
    _reuse,
    check_kind,
    is_signed,
    kernel_kind,
    limits,
    within_rounding,
)
from .grids import draw_grid


def _colorbar_label(kind: str, clipped: bool, image: np.ndarray) -> str:
    if kind == "signed":
        label = "value (0 = white)"
    elif kind == "brightness":
        label = "brightness" + ("\nblue < 0, red > 1" if clipped else "")
    else:
        label = "value"
    if clipped:
        label += f"\nrange {np.nanmin(image):.2g} to {np.nanmax(image):.2g}"
    return label


def _cmap(kind: str):
    import matplotlib

    if kind == "signed":
        return DIVERGING
    if kind == "brightness":
        return matplotlib.colormaps[GRAY].with_extremes(under=UNDER, over=OVER)
    return GRAY


def _extend(shown: np.ndarray, low: float, high: float) -> str:
    """The colorbar's arrows: 'min', 'max' or 'both', by which side(s) of [low, high] the values go beyond.

    >>> _extend(np.array([-3.0, 1.0]), -2.0, 2.0), _extend(np.array([-1.0, 3.0]), -2.0, 2.0)
    ('min', 'max')
    """
    finite = shown[np.isfinite(shown)]
    if finite.size == 0:
        return "neither"
    margin = 1e-9 * max(abs(low), abs(high), 1e-12)
    below, above = bool(finite.min() < low - margin), bool(finite.max() > high + margin)
    return {(True, True): "both", (True, False): "min", (False, True): "max"}.get((below, above), "neither")


def draw_image(ax, image, title: str = "", kind: str | None = None, bound: float | None = None, *,
               scale_of=None, colorbar: bool = True) -> None:
    """Draw (or update) one image on ``ax`` in the book's convention for its ``kind``.

    ``kind`` is 'image' (gray on [0, 1], no colorbar; other data on its own
    range, with one), 'brightness' (gray on [0, 1], overshoot blue below 0 and
    red above 1, with a colorbar) or 'signed' (red-blue centred at 0, with a
    colorbar). By default an image with negative values is 'signed'.
    ``scale_of``: an array whose colour limits (in the same kind) to use instead of the
    image's own; :func:`show_images` passes all its images, for one shared scale.
    ``colorbar=False`` leaves the colorbar out (a shared scale needs only one).
    ``bound`` fixes a signed image's limits at ±bound (one scale for the frames of an
    explorer, chosen from all of them); values beyond it are drawn in the end colours,
    and the colorbar gets an arrow on each side that goes beyond.
    """
    image = np.asarray(image, dtype=float)
    kind = check_kind(kind if kind is not None else ("signed" if is_signed(image) else "image"))
    shown = image if scale_of is None else np.asarray(scale_of, dtype=float)   # what the scale and its label cover
    low, high, clipped = limits(shown, kind)
    if bound is not None:
        if kind != "signed":
            raise ValueError(f"`bound` fixes the limits of a signed image; got kind={kind!r}")
        if not (isinstance(bound, (int, float, np.floating)) and np.isfinite(bound) and bound > 0):
            raise ValueError(f"`bound` must be a positive number, like 0.5; got {bound!r}")
        finite = shown[np.isfinite(shown)]
        low, high = -float(bound), float(bound)
        clipped = bool(finite.size and np.abs(finite).max() > bound * (1 + 1e-9))
    if kind != "signed" and (low, high) == (0.0, 1.0):
        image = within_rounding(image)   # 1 + 2e-16 is white, not the red of overshoot
    extend = _extend(shown, low, high) if clipped else "neither"
    state = (kind, extend, colorbar)
    if ax.images and getattr(ax, "_convlib_state", None) == state:
        artist = ax.images[0]
        artist.set_data(image)
        artist.set_extent((-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5))
        artist.set_clim(low, high)
        if getattr(ax, "_convlib_cbar", None) is not None:
            ax._convlib_cbar.set_label(_colorbar_label(kind, clipped, shown), fontsize=8)
    else:
        if getattr(ax, "_convlib_cbar", None) is not None:
            ax._convlib_cbar.remove()
            ax._convlib_cbar = None
        ax.clear()
        artist = ax.imshow(image, cmap=_cmap(kind), vmin=low, vmax=high,   # small maps: hard pixels, as explorers
                           interpolation="nearest" if max(image.shape[:2]) <= 128 else "antialiased")
        ax._convlib_state, ax._convlib_kind = state, kind
        if colorbar and (kind != "image" or (low, high) != (0.0, 1.0)):
            bar = ax.figure.colorbar(artist, ax=ax, shrink=0.85, extend=extend)
            bar.ax.tick_params(labelsize=8)
            bar.set_label(_colorbar_label(kind, clipped, shown), fontsize=8)
            ax._convlib_cbar = bar
        ax.set_xticks([])
        ax.set_yticks([])
    ax._convlib_kind = kind
    ax.set_title(title, fontsize=10)


def show_images(images, titles=None, *, kinds=None, shared: bool = False, fig: Figure | None = None,
                height: float = 2.6) -> Figure:
    """Images side by side, each with its title, each in the convention of its kind.

    Parameters
    ----------
    images : sequence of 2-D arrays
    titles : sequence of str, optional
    kinds : sequence of 'image' | 'brightness' | 'signed', optional
        By default an image with negative values is 'signed', others 'image'.
    shared : draw every image on one colour scale, taken from all of them (they must be of one
        kind), so that the same shade is the same value in every panel; one colorbar, on the last
    fig : Figure, optional
        A figure from an earlier call with the same layout, to update in place.

    Example
    -------
    >>> fig = show_images([np.eye(3), -np.eye(3)], ["identity", "negated"])
    >>> len(fig.axes)    # two images and one colorbar
    3
    >>> fig = show_images([np.eye(3) * 2, np.eye(3)], shared=True)
    >>> [ax.images[0].get_clim() for ax in fig.axes if ax.images], len(fig.axes)   # one colorbar
    ([(0.0, 2.0), (0.0, 2.0)], 3)
    """
    images = [np.asarray(im, dtype=float) for im in images]
    titles = list(titles) if titles is not None else [""] * len(images)
    if kinds is None:
        kinds = ["signed" if is_signed(im) else "image" for im in images]
    kinds = [check_kind(k, "kinds") for k in kinds]
    if shared and len(set(kinds)) > 1:
        raise ValueError(f"`shared=True` draws the images on one scale, so they must be of one kind; got {kinds}")
    together = np.concatenate([im.ravel() for im in images]) if shared else None
    fig, reused = _reuse(fig, ("images", len(images), tuple(kinds)), WIDTH, height)
    if reused:
        axes = [ax for ax in fig.axes if hasattr(ax, "_convlib_kind")][: len(images)]
    else:
        axes = fig.subplots(1, len(images), squeeze=False)[0]
    for index, (ax, image, title, kind) in enumerate(zip(axes, images, titles, kinds)):
        draw_image(ax, image, title, kind, scale_of=together, colorbar=not shared or index == len(images) - 1)
    return fig


def _footprint(ax, kernel_shape, image_shape) -> None:
    """Outline the kernel's footprint, at the image's scale, in the image's top-left corner."""
    for patch in list(ax.patches):
        patch.remove()
    rows, cols = kernel_shape
    margin = max(2, image_shape[1] // 40)
    ax.add_patch(Rectangle((margin - 0.5, margin - 0.5), cols, rows, fill=False, edgecolor="#ffcc00",
                           linewidth=1.2))


def show_filter(image, kernel, result, *, title_image="input", title_kernel="kernel", title_result="result",
                kind: str | None = None, fig: Figure | None = None) -> Figure:
    """Input | kernel (with values, and its size) | result: what one convolution did.

    The result's kind follows the kernel: a kernel summing to 0 gives a signed
    map, any other a brightness map (see :mod:`._figure`). A yellow square on
    the input shows the kernel's footprint at the image's scale.

    Example
    -------
    >>> fig = show_filter(np.ones((8, 8)), np.ones((3, 3)) / 9, np.ones((8, 8)))
    >>> [ax.get_title() for ax in fig.axes[:3]]
    ['input', '3×3 kernel', 'result']
    """
    result = np.asarray(result, dtype=float)
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    kind = check_kind(kind) if kind is not None else kernel_kind(kernel)
    fig, reused = _reuse(fig, ("filter", kind), WIDTH, 2.5)
    if not reused:
        fig.subplots(1, 3, width_ratios=[1, 0.7, 1])
    axes = fig.axes[:3]
    draw_image(axes[0], image, title_image, "image")
    _footprint(axes[0], kernel.shape, np.shape(image))
    size = "×".join(map(str, kernel.shape))
    draw_grid(axes[1], kernel, f"{size} {title_kernel}", kernel=True, max_cells=25)
    draw_image(axes[2], result, title_result, kind)
    return fig


def show_padded(padded, pad: int, result, *, title_padded: str = "padded input", title_result: str = "result",
                fig: Figure | None = None) -> Figure:
    """A padded input, with the original image's border outlined, beside the result.

    What lies beyond the border (zeros, the other side of the image, a mirror)
    is drawn where the kernel meets it, so each boundary mode can be seen.

    >>> fig = show_padded(np.pad(np.ones((4, 4)), 2), 2, np.ones((4, 4)))
    >>> len(fig.axes[0].patches)
    1
    """
    padded = np.asarray(padded, dtype=float)
    fig, reused = _reuse(fig, ("padded",), WIDTH, 2.9)
    if not reused:
        fig.subplots(1, 2)
    axes = fig.axes[:2]
    draw_image(axes[0], padded, title_padded, "image")
    for patch in list(axes[0].patches):
        patch.remove()
    inner = (padded.shape[0] - 2 * pad, padded.shape[1] - 2 * pad)
    axes[0].add_patch(Rectangle((pad - 0.5, pad - 0.5), inner[1], inner[0], fill=False, edgecolor="#ff9900",
                                linewidth=1.5, linestyle="--"))
    draw_image(axes[1], result, title_result, "brightness")
    # the same scale as the padded input: the result sits where the image sat, inside the same frame
    axes[1].images[0].set_extent((pad - 0.5, pad + inner[1] - 0.5, pad + inner[0] - 0.5, pad - 0.5))
    axes[1].set_xlim(-0.5, padded.shape[1] - 0.5)
    axes[1].set_ylim(padded.shape[0] - 0.5, -0.5)
    for patch in list(axes[1].patches):
        patch.remove()
    axes[1].add_patch(Rectangle((pad - 0.5, pad - 0.5), inner[1], inner[0], fill=False, edgecolor="#ff9900",
                                linewidth=1.5, linestyle="--"))
    return fig
