"""Dilated kernels and receptive fields: taps with holes, which input pixels reach an output, and by how many paths.

* :func:`show_dilated_kernels`: one kernel at several dilations, drawn at one
  scale, so the holes between its taps and the growing span can be seen.
* :func:`show_dilated_step`: a dilated layer step by step: the taps on the
  input, the products, the sum.
* :func:`show_dilated_filter`: a dilated kernel on the photo, its taps drawn
  over the pixels they read.
* :func:`show_reach`, :func:`show_reach_maps`: the input pixels that reach one
  output pixel of a stack of layers, coloured by the number of paths.
* :func:`show_causal_stack`: a 1-D causal stack (WaveNet style) on a signal.

**A count map is not signed**, so it is neither gray (images) nor red-blue
(signed values, kernels): it uses the sequential map :data:`COUNTS` on a log
scale, with a colorbar, and pixels that no path reaches (holes) are white.

Used in: chapter 8.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, MaxNLocator, NullLocator

from ...arithmetic import receptive_field
from ...dilation import dilate, reach
from ._figure import DIVERGING, WIDTH, _reuse, cell_text, cell_text_colour, format_value, kernel_kind
from .grids import draw_grid
from .images import draw_image

COUNTS = "viridis"   # sequential: dark = one path, yellow = many; holes are white
HOLE = "#e9e9e9"     # a skipped pixel inside a dilated kernel's span
TAP = "#ff9900"      # outlines of the pixels a kernel reads
_EDGE = "#7a8fa6"


def _span(kernel_size: int, dilation: int) -> int:
    return dilation * (kernel_size - 1) + 1


def _size(shape) -> str:
    return "×".join(map(str, shape))


def _plain(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    ax.tick_params(which="both", length=0)


def _cells(ax, rows: int, cols: int, colour: str = "white", width: float = 0.8) -> None:
    """Lines between cells, where cells are big enough to see them."""
    ax.set_xticks(np.arange(-0.5, cols), minor=True)
    ax.set_yticks(np.arange(-0.5, rows), minor=True)
    ax.grid(which="minor", color=colour, linewidth=width)
    ax.xaxis.set_major_locator(NullLocator())
    ax.yaxis.set_major_locator(NullLocator())
    ax.tick_params(which="both", length=0)


def draw_dilated_kernel(ax, kernel, dilation: int, title: str = "", canvas: int | None = None,
                        values: bool = True) -> None:
    """One 2-D kernel with its holes, at a fixed scale: taps red-blue (centred at 0), skipped pixels gray.

    ``canvas`` (odd, at least the span) fixes the number of cells drawn, so
    kernels of different dilations drawn on the same canvas share one scale.

    >>> from convlib.course.plotting import new_figure
    >>> ax = new_figure(2, 2).subplots()
    >>> draw_dilated_kernel(ax, np.ones((2, 2)), 3, canvas=5)
    >>> int(np.ma.count(ax.images[0].get_array()))   # four taps drawn; the holes and the margin masked
    4
    """
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    spread = dilate(kernel, dilation)
    taps = dilate(np.ones_like(kernel), dilation) > 0
    rows, cols = spread.shape
    canvas = max(canvas or 0, rows, cols)
    top, left = (canvas - rows) // 2, (canvas - cols) // 2
    shown = np.full((canvas, canvas), np.nan)
    shown[top:top + rows, left:left + cols] = np.where(taps, spread, np.nan)
    bound = float(np.abs(kernel).max()) or 1.0
    ax.clear()
    palette = colormaps[DIVERGING].with_extremes(bad=(0, 0, 0, 0))   # transparent: holes gray behind, canvas white
    ax.add_patch(Rectangle((left - 0.5, top - 0.5), cols, rows, facecolor=HOLE, edgecolor="none", zorder=0.5))
    ax.imshow(np.ma.masked_invalid(shown), cmap=palette, vmin=-bound, vmax=bound, zorder=1)
    ax.add_patch(Rectangle((left - 0.5, top - 0.5), cols, rows, fill=False, edgecolor="#555555", linewidth=1.0,
                           linestyle="--", zorder=3))
    if rows <= 15 and cols <= 15:  # lines between the cells of the span
        for r in range(1, rows):
            ax.plot([left - 0.5, left + cols - 0.5], [top + r - 0.5] * 2, color="white", linewidth=0.8, zorder=2)
        for c in range(1, cols):
            ax.plot([left + c - 0.5] * 2, [top - 0.5, top + rows - 0.5], color="white", linewidth=0.8, zorder=2)
    _plain(ax)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlim(-0.5, canvas - 0.5)
    ax.set_ylim(canvas - 0.5, -0.5)
    if values and canvas <= 9:
        size = 9 if canvas <= 5 else 7.5 if canvas <= 7 else 6.5
        for (r, c), v in np.ndenumerate(kernel):
            y, x = top + r * dilation, left + c * dilation
            cell_text(ax, x, y, format_value(v), fontsize=size, zorder=4, color=cell_text_colour(v, bound, DIVERGING))
    ax.set_title(title, fontsize=9)


def show_dilated_kernels(kernel, dilations=(1, 2, 3), *, fig: Figure | None = None) -> Figure:
    """One kernel at several dilations, side by side at one scale: the taps, the holes, the span.

    Every panel has the canvas of the widest span, so the cells have one size
    and the span visibly grows. Each is titled with torch's dilation, CS231n's
    count of skipped pixels, the span and the number of weights (which does
    not grow).

    Example
    -------
    >>> fig = show_dilated_kernels(np.ones((3, 3)), [1, 2])
    >>> [ax.get_title().splitlines()[0] for ax in fig.axes]
    ['dilation=1 (CS231n: 0)', 'dilation=2 (CS231n: 1)']
    """
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    dilations = [int(d) for d in dilations]
    canvas = max(_span(max(kernel.shape), d) for d in dilations)
    fig, reused = _reuse(fig, ("dilated-kernels", kernel.shape, tuple(dilations)), WIDTH, 2.75)
    axes = fig.axes if reused else fig.subplots(1, len(dilations), squeeze=False)[0]
    for ax, d in zip(axes, dilations):
        span = (_span(kernel.shape[0], d), _span(kernel.shape[1], d))
        draw_dilated_kernel(ax, kernel, d, f"dilation={d} (CS231n: {d - 1})\nspans {_size(span)}, "
                            f"{kernel.size} weights", canvas=canvas)
    return fig


def _outline(ax, cells, colour: str = TAP, width: float = 2.5, fill: float = 0.0) -> None:
    for patch in list(ax.patches):
        patch.remove()
    for r, c in cells:
        if fill:
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=colour, alpha=fill, edgecolor="none"))
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor=colour, linewidth=width))


def show_dilated_step(image, kernel, dilation: int, index: int, *, fig: Figure | None = None) -> Figure:
    """Output pixel number ``index`` (row-major, 'valid') of a dilated layer (``conv2d``: no flip), drawn.

    Four panels: the input with the pixels the taps read outlined (the pixels
    between them are skipped); the kernel as the layer applies it; the
    products of the tapped pixels and the weights, titled with their sum; and
    the output, filled in up to the current pixel.

    ``out[r, c] = sum_{i, j} x[r + d*i, c + d*j] * k[i, j]``

    Example
    -------
    >>> fig = show_dilated_step(np.arange(25.0).reshape(5, 5), np.ones((3, 3)), 2, 0)
    >>> fig.axes[3].get_title().splitlines()
    ['output (1×1)', 'y[0, 0] = 108']
    """
    image = np.asarray(image, dtype=float)
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    d = int(dilation)
    kh, kw = kernel.shape
    span = (_span(kh, d), _span(kw, d))
    out_rows, out_cols = image.shape[0] - span[0] + 1, image.shape[1] - span[1] + 1
    if out_rows < 1 or out_cols < 1:
        raise ValueError(f"the kernel spans {_size(span)} with `dilation`={d}, larger than the image "
                         f"{_size(image.shape)}")
    if not 0 <= index < out_rows * out_cols:
        raise ValueError(f"`index` must be between 0 and {out_rows * out_cols - 1} (a {out_rows}×{out_cols} "
                         f"output); got {index}")
    row, col = divmod(index, out_cols)
    tapped = image[row:row + span[0]:d, col:col + span[1]:d]
    products = tapped * kernel
    full = np.array([[np.sum(image[r:r + span[0]:d, c:c + span[1]:d] * kernel) for c in range(out_cols)]
                     for r in range(out_rows)])
    shown = np.where(np.arange(full.size).reshape(full.shape) <= index, full, np.nan)

    fig, reused = _reuse(fig, ("dilated-step", image.shape, kernel.shape, d), WIDTH, 2.3)  # room between panels
    axes = fig.axes[:4] if reused else fig.subplots(1, 4, width_ratios=[image.shape[1], kw + 0.6, kw + 0.6,
                                                                         max(out_cols, 3)])
    draw_grid(axes[0], image, f"input {_size(image.shape)}\ntaps from ({row}, {col})")
    _outline(axes[0], [(row + d * i, col + d * j) for i in range(kh) for j in range(kw)], fill=0.45)
    axes[0].add_patch(Rectangle((col - 0.5, row - 0.5), span[1], span[0], fill=False, edgecolor="#d62728",
                                linewidth=1.2, linestyle="--"))
    draw_grid(axes[1], kernel, f"{_size(kernel.shape)} kernel\ndilation {d}", kernel=True)
    draw_grid(axes[2], products, f"products\nsum = {full[row, col]:g}", signed=True)
    draw_grid(axes[3], shown, f"output ({_size(full.shape)})\ny[{row}, {col}] = {full[row, col]:g}", signed=True)
    bound = float(np.abs(full).max()) or 1.0
    axes[3].images[0].set_clim(-bound, bound)
    _outline(axes[3], [(row, col)], width=2.5)
    return fig


def show_dilated_filter(image, kernel, dilation: int, result, *, centre=None, canvas: int = 23,
                        title_result: str = "result", kind: str | None = None, fig: Figure | None = None) -> Figure:
    """A dilated kernel on a photo: the photo with its footprint, the taps over the pixels they read, the result.

    Parameters
    ----------
    image, result : 2-D arrays (the result of the dilated layer, same size as the image)
    kernel : 2-D array, the layer's weights (drawn as applied, no flip)
    dilation : int
    centre : (row, col), optional
        Where the middle panel zooms in (default: the image's centre).
    canvas : int
        The zoomed crop is ``canvas`` x ``canvas`` pixels at every dilation,
        so the taps spread over the same pixels as the dilation grows.
    kind : 'brightness' or 'signed', optional
        The result's convention (default: 'signed' for a kernel summing to 0).

    Example
    -------
    >>> fig = show_dilated_filter(np.zeros((40, 40)), np.ones((3, 3)) / 9, 2, np.zeros((40, 40)))
    >>> fig.axes[1].get_title().splitlines()[0]
    '3×3 kernel, dilation 2'
    """
    image = np.asarray(image, dtype=float)
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    kind = kind or kernel_kind(kernel)
    d = int(dilation)
    kh, kw = kernel.shape
    span = (_span(kh, d), _span(kw, d))
    if max(span) > canvas:
        raise ValueError(f"`canvas`={canvas} is smaller than the kernel's span {_size(span)}; use at least {max(span)}")
    centre = (image.shape[0] // 2, image.shape[1] // 2) if centre is None else centre
    half = canvas // 2
    r0 = int(np.clip(centre[0] - half, 0, image.shape[0] - canvas))
    c0 = int(np.clip(centre[1] - half, 0, image.shape[1] - canvas))
    crop = image[r0:r0 + canvas, c0:c0 + canvas]

    fig, reused = _reuse(fig, ("dilated-filter", kind), WIDTH, 2.75)
    if not reused:
        fig.subplots(1, 3, width_ratios=[1, 0.9, 1])
    photo_ax, zoom_ax, result_ax = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")][:3]
    draw_image(photo_ax, image, f"photo: {_size(span)} footprint", "image")
    for patch in list(photo_ax.patches):
        patch.remove()
    top, left = centre[0] - (span[0] - 1) // 2, centre[1] - (span[1] - 1) // 2
    photo_ax.add_patch(Rectangle((left - 0.5, top - 0.5), span[1], span[0], fill=False, edgecolor="#ffcc00",
                                 linewidth=1.4))
    photo_ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), canvas, canvas, fill=False, edgecolor="#ffcc00",
                                 linewidth=0.7, linestyle=":"))

    zoom_ax.clear()
    zoom_ax.imshow(crop, cmap="gray", vmin=0, vmax=1)
    bound = float(np.abs(kernel).max()) or 1.0
    palette = colormaps[DIVERGING]
    t0, l0 = top - r0, left - c0
    for (i, j), v in np.ndenumerate(kernel):
        zoom_ax.add_patch(Rectangle((l0 + j * d - 0.5, t0 + i * d - 0.5), 1, 1,
                                    facecolor=palette(0.5 + 0.5 * v / bound), edgecolor="black", linewidth=0.6))
    zoom_ax.add_patch(Rectangle((l0 - 0.5, t0 - 0.5), span[1], span[0], fill=False, edgecolor="#ffcc00",
                                linewidth=1.2, linestyle="--"))
    zoom_ax.set_xlim(-0.5, canvas - 0.5)
    zoom_ax.set_ylim(canvas - 0.5, -0.5)
    _plain(zoom_ax)
    zoom_ax.set_title(f"{_size(kernel.shape)} kernel, dilation {d}\n{kernel.size} taps over {_size(span)} px",
                      fontsize=9)
    draw_image(result_ax, result, title_result, kind)
    return fig


def _count_palette():
    return colormaps[COUNTS].with_extremes(bad="white")


def _count_ticks(vmax: int) -> list[int]:
    ticks = [t for t in (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= vmax]
    return ticks if vmax in ticks or vmax < 2 else ticks + [int(vmax)]


def draw_reach(ax, counts, title: str = "", *, canvas: int | None = None, vmax: int | None = None,
               colorbar: bool = True) -> None:
    """A count map: input pixels coloured by the number of paths to one output (log scale), holes white.

    The map is centred on a ``canvas`` x ``canvas`` grid (at least its own
    size), so maps of different stacks share one scale; the dashed square is
    the receptive field.

    >>> from convlib.course.plotting import new_figure
    >>> ax = new_figure(3, 3).subplots()
    >>> draw_reach(ax, reach([(3, 1, 2)]), canvas=7)
    >>> int(np.ma.count(ax.images[0].get_array()))   # nine pixels reached, 40 masked (white)
    9
    """
    counts = np.atleast_2d(np.asarray(counts))
    rows, cols = counts.shape
    canvas = max(canvas or 0, rows, cols)
    vmax = max(int(vmax or counts.max()), 1)
    top, left = (canvas - rows) // 2, (canvas - cols) // 2
    shown = np.zeros((canvas, canvas))
    shown[top:top + rows, left:left + cols] = counts
    masked = np.ma.masked_less(shown, 1)
    norm = LogNorm(vmin=1, vmax=max(vmax, 2))
    if ax.images and getattr(ax, "_convlib_reach", None) == (canvas, vmax):
        ax.images[0].set_data(masked)
    else:
        if getattr(ax, "_convlib_reach_bar", None) is not None:
            ax._convlib_reach_bar.remove()
            ax._convlib_reach_bar = None
        ax.clear()
        artist = ax.imshow(masked, cmap=_count_palette(), norm=norm, interpolation="nearest")
        ax._convlib_reach = (canvas, vmax)
        if canvas <= 25:
            _cells(ax, canvas, canvas, "#d0d0d0", 0.5)
        else:
            _plain(ax)
        if colorbar:
            bar = ax.figure.colorbar(artist, ax=ax, shrink=0.85)
            bar.ax.yaxis.set_major_locator(FixedLocator(_count_ticks(vmax)))
            bar.ax.yaxis.set_minor_locator(NullLocator())
            bar.ax.set_yticklabels([str(t) for t in _count_ticks(vmax)])
            bar.ax.tick_params(labelsize=8)
            bar.set_label("paths (log scale)\nwhite: none", fontsize=8)
            ax._convlib_reach_bar = bar
    for patch in list(ax.patches):
        patch.remove()
    ax.add_patch(Rectangle((left - 0.5, top - 0.5), cols, rows, fill=False, edgecolor="#333333", linewidth=1.2,
                           linestyle="--", zorder=3))
    ax.set_xlim(-0.5, canvas - 0.5)
    ax.set_ylim(canvas - 0.5, -0.5)
    ax.set_title(title, fontsize=9)


def _stack_levels(kernel_size: int, dilations, causal: bool) -> list[dict]:
    """For each level, input first: {position: number of paths} of the nodes that reach the one output."""
    levels = [{0: 1}]
    for d in reversed(list(dilations)):
        below: dict = {}
        for position, paths in levels[-1].items():
            for offset in _offsets(kernel_size, d, causal):
                below[position + offset] = below.get(position + offset, 0) + paths
        levels.append(below)
    return levels[::-1]


def _offsets(kernel_size: int, dilation: int, causal: bool) -> list[float]:
    if causal:
        return [-j * dilation for j in range(kernel_size)]
    return [(j - (kernel_size - 1) / 2) * dilation for j in range(kernel_size)]


def draw_stack(ax, kernel_size: int, dilations, *, causal: bool = False, width: int | None = None,
               depth: int | None = None, vmax: int | None = None, title: str = "", counts: bool = True) -> None:
    """A 1-D stack drawn as a graph: from one output (top) down to the input pixels it reaches (bottom).

    Each reached node is joined to the taps it reads one layer below. Input
    pixels are coloured like :func:`draw_reach` (paths, log scale) and carry
    their number of paths; inside the field (shaded), a pixel no path reaches
    is a hollow red circle. ``width`` (pixels shown) and ``depth`` (layers
    shown) fix the axes across frames. A causal stack's taps all lie in the past.

    >>> from convlib.course.plotting import new_figure
    >>> ax = new_figure(4, 2).subplots()
    >>> draw_stack(ax, 3, [2, 2])
    >>> [t.get_text() for t in ax.texts]   # paths from each input pixel of the 9-pixel field
    ['1', '0', '2', '0', '3', '0', '2', '0', '1']
    """
    dilations = list(dilations)
    levels = _stack_levels(kernel_size, dilations, causal)
    field = receptive_field([(kernel_size, 1, d) for d in dilations])
    width = max(width or 0, field)
    depth = max(depth or 0, len(dilations))
    lo = -(width - 1) if causal else -(width - 1) / 2
    positions = np.arange(width) + lo
    vmax = max(int(vmax or max(levels[0].values())), 2)
    norm, palette = LogNorm(vmin=1, vmax=vmax), colormaps[COUNTS]
    frame = (width, depth, causal, lo)
    if getattr(ax, "_convlib_stack", None) == frame:   # same axes: replace only what the stack draws
        for artist in [*ax.collections, *ax.texts, *ax.patches]:
            artist.remove()
    else:
        ax.clear()
        ax._convlib_stack = frame
        ax.set_ylim(-0.8, depth + 0.35)
        ax.set_xlim(lo - 0.7, lo + width - 0.3)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelsize=8)
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("offset from the output (samples)" if causal else "input offset (pixels)", fontsize=8)
    grid_x = np.tile(positions, len(levels))
    grid_y = np.repeat(np.arange(len(levels)), width)
    ax.scatter(grid_x, grid_y, s=5, color="#c8c8c8", zorder=1, linewidths=0)
    edges = [[(position, level), (position + offset, level - 1)]
             for level in range(len(levels) - 1, 0, -1)
             for position in levels[level] for offset in _offsets(kernel_size, dilations[level - 1], causal)]
    ax.add_collection(LineCollection(edges, colors=_EDGE, linewidths=0.9, zorder=2), autolim=False)
    inner = [(position, level) for level in range(1, len(levels)) for position in levels[level]]
    ax.scatter([p for p, _ in inner], [lv for _, lv in inner], s=26, color="#333333", zorder=3, linewidths=0)
    field_lo = min(levels[0])
    inputs = np.arange(field) + field_lo
    paths = np.array([levels[0].get(position, 0) for position in inputs])
    hit = paths > 0
    ax.scatter(inputs[hit], np.zeros(hit.sum()), s=42, c=palette(norm(paths[hit])), edgecolors="#333333",
               linewidths=0.6, zorder=4)
    ax.scatter(inputs[~hit], np.zeros((~hit).sum()), s=42, facecolors="white", edgecolors="#d62728",
               linewidths=1.0, zorder=4)
    if counts and width <= 21:
        for position, number in zip(inputs, paths):
            ax.text(position, -0.3, str(number), ha="center", va="top", fontsize=6.5, zorder=4,
                    color="#333333" if number else "#d62728")
    ax.add_patch(Rectangle((field_lo - 0.5, -0.72), field, 0.95, facecolor="#ffcc00", alpha=0.22, edgecolor="none",
                           zorder=0))
    names = ["input"] + [f"layer {i + 1}, d={d}" for i, d in enumerate(dilations)]
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names, fontsize=8)
    ax.set_ylim(-0.8, depth + 0.35)
    ax.set_xlim(lo - 0.7, lo + width - 0.3)
    ax.set_title(title, fontsize=9)


def show_reach(dilations, kernel_size: int = 3, *, canvas: int | None = None, vmax: int | None = None,
               depth: int | None = None, fig: Figure | None = None) -> Figure:
    """Which input pixels reach one output pixel of a stack of ``kernel_size`` x ``kernel_size`` layers.

    Left: the 2-D count map (paths per input pixel, log scale; holes white).
    Right: a cross-section through the middle row, as a graph from the output
    down to the input. Pass ``canvas``, ``vmax`` and ``depth`` (the largest
    field, count and depth of an explorer) to keep every frame on one scale.

    Example
    -------
    >>> fig = show_reach([2, 2, 2])
    >>> fig.axes[0].get_title().splitlines()[1]
    '13×13 field: 49 of 169 reached'
    """
    dilations = [int(d) for d in dilations]
    layers = [(kernel_size, 1, d) for d in dilations]
    counts = reach(layers)
    field = counts.shape[0]
    canvas = max(canvas or 0, field)
    vmax = vmax or int(counts.max())
    fig, reused = _reuse(fig, ("reach", canvas), WIDTH, 3.0)
    if not reused:
        fig.subplots(1, 2, width_ratios=[1, 1.25])
    map_ax, stack_ax = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")][:2]
    reached = int((counts > 0).sum())
    schedule = ", ".join(map(str, dilations))
    layer_word = "layer" if len(dilations) == 1 else "layers"
    draw_reach(map_ax, counts, f"{kernel_size}×{kernel_size} {layer_word}, d = {schedule}\n"
               f"{field}×{field} field: {reached} of {counts.size} reached", canvas=canvas, vmax=vmax)
    row = reach(layers, ndim=1)
    draw_stack(stack_ax, kernel_size, dilations, width=canvas, depth=depth, vmax=vmax,
               title=f"one row, as a 1-D stack\n{int((row > 0).sum())} of {field} pixels reached")
    return fig


def show_reach_maps(stacks, titles, *, fig: Figure | None = None) -> Figure:
    """Count maps of several stacks side by side, on one canvas and one colour scale.

    Parameters
    ----------
    stacks : sequence of layer lists, each a sequence of (kernel_size, stride, dilation)
    titles : sequence of str, one per stack

    Example
    -------
    >>> fig = show_reach_maps([[(7, 1, 1)], [(3, 1, 3)]], ["7×7", "3×3, d=3"])
    >>> [ax.get_title().splitlines()[0] for ax in fig.axes[:2]]
    ['7×7', '3×3, d=3']
    """
    maps = [reach(layers) for layers in stacks]
    canvas = max(m.shape[0] for m in maps)
    vmax = max(int(m.max()) for m in maps)
    fig, reused = _reuse(fig, ("reach-maps", len(maps), canvas), WIDTH, 2.3)
    axes = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")] if reused else \
        list(fig.subplots(1, len(maps), squeeze=False)[0])
    for index, (ax, counts, title) in enumerate(zip(axes, maps, titles)):
        reached = int((counts > 0).sum())
        draw_reach(ax, counts, f"{title}\n{reached} of {counts.size}", canvas=canvas, vmax=vmax,
                   colorbar=index == len(maps) - 1)
    return fig


def show_causal_stack(signal, dilations, *, kernel_size: int = 2, x=None, output=None, at: int | None = None,
                      width: int | None = None, depth: int | None = None, vmax: int | None = None,
                      window: int | None = None, unit: str = "s", ylabel: str = "signal",
                      fig: Figure | None = None) -> Figure:
    """A 1-D causal stack (WaveNet style): its graph for one output sample, and the signal it reads.

    Left: the stack as a graph from the output sample ``at`` down to the input
    samples it reads, all in its past, each with its number of paths. Right:
    the signal, the stack's ``output`` (if given), and the receptive field of
    sample ``at`` shaded. Side by side, so a phone shows each panel on its own.

    Parameters
    ----------
    signal : 1-D array
    dilations : sequence of int, one per layer
    x : 1-D array, optional: the time of each sample, in ``unit`` (default: the index)
    ylabel : str: what the signal measures, for its axis
    output : 1-D array, optional: the stack's output, aligned with ``signal``
    at : int, optional: the output sample whose field is shown (default: the last)
    width, depth, vmax : int, optional
        Samples and layers shown in the graph, and the largest path count of
        its colour scale: give the largest of an explorer to fix them across frames.
    window : int, optional: samples of the signal shown, ending at ``at`` (default: all)

    Example
    -------
    >>> fig = show_causal_stack(np.zeros(40), [1, 2, 4], unit="")
    >>> fig.axes[0].get_title().splitlines()
    ['2-tap causal layers, d = 1, 2, 4', 'field: 8 samples']
    """
    signal = np.asarray(signal, dtype=float)
    dilations = [int(d) for d in dilations]
    field = receptive_field([(kernel_size, 1, d) for d in dilations])
    at = len(signal) - 1 if at is None else int(at)
    x = np.arange(len(signal), dtype=float) if x is None else np.asarray(x, dtype=float)
    step = float(x[1] - x[0]) if len(x) > 1 else 1.0
    fig, reused = _reuse(fig, ("causal-stack",), WIDTH, 3.1)
    if not reused:
        fig.subplots(1, 2, width_ratios=[1.1, 1])
    graph, trace = fig.axes[:2]
    seconds = field * step
    duration = "" if not unit else f" ({seconds * 1000:.0f} ms)" if unit == "s" and seconds < 1 else \
        f" ({seconds:.3g} {unit})"
    draw_stack(graph, kernel_size, dilations, causal=True, width=width, depth=depth, vmax=vmax, counts=True,
               title=f"{kernel_size}-tap causal layers, d = {', '.join(map(str, dilations))}\n"
                     f"field: {field} samples{duration}")
    start = 0 if window is None else max(0, at - window + 1)
    shown = slice(start, at + 1)
    field_span = (x[max(0, at - field + 1)] - step / 2, x[at] + step / 2)
    frame = (start, at, hash(signal[shown].tobytes()), hash(x[shown].tobytes()), output is not None)
    if getattr(trace, "_convlib_trace", None) == frame:   # same signal and window: move the output and the band
        if output is not None:
            trace.lines[1].set_ydata(np.asarray(output, dtype=float)[shown])
        for patch in list(trace.patches):
            patch.remove()
        trace.axvspan(*field_span, color="#ffcc00", alpha=0.4)
    else:
        trace.clear()
        trace._convlib_trace = frame
        trace.plot(x[shown], signal[shown], color="#1f77b4", linewidth=0.8, alpha=0.7, label="input")
        if output is not None:
            trace.plot(x[shown], np.asarray(output, dtype=float)[shown], color="#d62728", linewidth=1.4,
                       label="stack output")
        trace.axvspan(*field_span, color="#ffcc00", alpha=0.4, label="field of the last output")
        peak = float(np.abs(signal[shown]).max()) or 1.0
        trace.set_ylim(-1.1 * peak, 1.1 * peak)
        trace.set_xlim(x[start] - step, x[at] + 2 * step)
        trace.legend(fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
        trace.set_xlabel(f"time ({unit})" if unit else "sample", fontsize=8)
        trace.set_ylabel(ylabel, fontsize=8)
        trace.tick_params(labelsize=8)
        trace.grid(alpha=0.3)
    trace.set_title(f"the signal and the stack's output\n(every weight 1/{kernel_size})", fontsize=9)
    return fig
