"""Small arrays as annotated cells: kernels, pixel grids, hand examples.

Used in: chapter 2.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ._figure import DIVERGING, GRAY, _reuse, cell_text, cell_text_colour, format_value, is_signed


def draw_grid(ax, values, title: str = "", signed: bool | None = None, max_cells: int = 400,
              kernel: bool = False, bound: float | None = None, fmt=format_value) -> None:
    """Draw (or update) a small array as coloured cells with their values written in.

    Kernels (``kernel=True``) and signed arrays are red-blue centred at 0, with
    symmetric limits: red is a positive weight, blue a negative one, white 0,
    so a box blur reads as "all positive". Pixel grids are gray on their own
    range. Values are written while the cells are big enough to read
    (``max_cells``). A signed grid's colour limits are ``±bound`` when given
    (kernels compared across the frames of an explorer), else its own ±max.
    ``fmt`` writes a value as its label (default :func:`format_value`); a figure may choose one
    format for all its cells, e.g. ``"{:g}".format``.
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    signed = kernel or (is_signed(values) if signed is None else signed)
    finite = values[np.isfinite(values)]
    if signed:
        if bound is None:
            bound = float(np.abs(finite).max()) if finite.size else 1.0
        bound = float(bound) or 1.0
        low, high, cmap = -bound, bound, DIVERGING
    else:
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        low, high = (low, high) if high > low else (low - 0.5, high + 0.5)
        bound, cmap = max(abs(low), abs(high)), GRAY
    rows, cols = values.shape
    annotate = values.size <= max_cells
    key = (values.shape, cmap, annotate)
    if ax.images and getattr(ax, "_convlib_grid", None) == key:
        ax.images[0].set_data(values)
        ax.images[0].set_clim(low, high)
        for text, v in zip(ax.texts, values.ravel()):
            text.set_text(fmt(v) if np.isfinite(v) else format_value(v))
            text.set_color(cell_text_colour(v, bound, cmap, low, high))
    else:
        ax.clear()
        ax._convlib_grid = key
        ax.imshow(values, cmap=cmap, vmin=low, vmax=high)
        if annotate:
            for (r, c), v in np.ndenumerate(values):  # at most 11 pt, smaller where a label needs it
                label = fmt(v) if np.isfinite(v) else format_value(v)
                cell_text(ax, c, r, label, fontsize=11, color=cell_text_colour(v, bound, cmap, low, high))
        if max(rows, cols) <= 15:  # cell borders only where cells are big enough to see
            ax.set_xticks(np.arange(-0.5, cols), minor=True)
            ax.set_yticks(np.arange(-0.5, rows), minor=True)
            ax.grid(which="minor", color="#888888", linewidth=0.5)
        ax.tick_params(which="both", length=0)
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_title(title, fontsize=10)


def show_kernel(kernel, title: str = "kernel", *, fig: Figure | None = None) -> Figure:
    """One kernel drawn as cells with its values written in.

    >>> show_kernel(np.eye(3)).axes[0].get_title()
    'kernel'
    """
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    fig, reused = _reuse(fig, ("kernel",), 0.45 * kernel.shape[1] + 1.6, 0.45 * kernel.shape[0] + 0.9)
    ax = fig.axes[0] if reused else fig.subplots()
    draw_grid(ax, kernel, title, kernel=True)
    return fig


def show_pixels(image, title: str = "", *, fig: Figure | None = None) -> Figure:
    """A small image as a grid of pixels with their values: the view to check a result by hand.

    >>> show_pixels(np.arange(6.0).reshape(2, 3)).axes[0].texts[5].get_text()
    '5'
    """
    image = np.atleast_2d(np.asarray(image, dtype=float))
    rows, cols = image.shape
    fig, reused = _reuse(fig, ("pixels",), min(0.5 * cols + 1.2, 10), min(0.5 * rows + 0.8, 8))
    ax = fig.axes[0] if reused else fig.subplots()
    draw_grid(ax, image, title)
    return fig


def show_grids(arrays, titles=None, *, kernels=(), signed=(), fmt=format_value, fig: Figure | None = None) -> Figure:
    """Small arrays side by side as annotated grids: input, kernel and result of a hand example.

    ``kernels`` lists the positions of the arrays that are kernels, ``signed`` those that are
    results of a kernel summing to 0 (both drawn red-blue, centred at 0). ``fmt`` writes
    every cell's label (see :func:`draw_grid`).

    >>> [ax.get_title() for ax in show_grids([np.eye(2), np.ones((1, 1))], ["a", "b"]).axes]
    ['a', 'b']
    """
    arrays = [np.atleast_2d(np.asarray(a, dtype=float)) for a in arrays]
    titles = list(titles) if titles is not None else [""] * len(arrays)
    widths = [a.shape[1] for a in arrays]
    height = 0.5 * max(a.shape[0] for a in arrays) + 0.8
    fig, reused = _reuse(fig, ("grids", len(arrays)), 0.5 * sum(widths) + 1.2 * len(arrays), height)
    axes = fig.axes if reused else fig.subplots(1, len(arrays), width_ratios=widths, squeeze=False)[0]
    for index, (ax, array, title) in enumerate(zip(axes, arrays, titles)):
        draw_grid(ax, array, title, kernel=index in kernels, signed=True if index in signed else None, fmt=fmt)
    return fig

