"""Convolution layers: channels in, channels out, and the weight tensor that links them.

* :func:`show_rgb`: a colour photo in true colour, and each channel in gray;
* :func:`show_layer_outputs`: an input and each output channel of a layer on
  the input's pixel grid, the 'valid' output drawn where it belongs;
* :func:`show_channel_sum`: inside one output channel, CNN Explainer's figure:
  each input channel's correlation map, their sum, the bias, the result;
* :func:`show_weights`: a weight tensor (out, in, kh, kw) as a grid of kernels;
* :func:`show_layout_trap`: a ported weight tensor and what it computes, next
  to what it should compute;
* :func:`show_colour_mix`: a 1x1 layer as a colour mixer;
* :func:`show_output_channels`: a layer's output channels, each in its convention.

Colours follow :mod:`._figure`: photos and channels gray on [0, 1] (true
colour for the RGB picture), kernels and weights red-blue centred at 0 with
their size in the title, layer outputs red-blue centred at 0 with symmetric
limits and a colorbar (a layer's output is signed: the next step, an
activation, cares about its sign).

Used in: chapter 4.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ...signal2d import correlate2d
from ._figure import DIVERGING, GRAY, WIDTH, _reuse, cell_text, cell_text_colour, format_value, limits
from .grids import draw_grid
from .images import _colorbar_label, _extend, draw_image

CHANNEL_NAMES = ("red", "green", "blue")
PHOTO_COLUMN = 1.75  # inches: the width of a photo panel in show_channel_sum
# Layer outputs in 21 steps of red-blue (an odd number: 0 stays white). The book's frames keep at most 64
# colours anyway; fewer steps compress better, so an explorer of 20 frames of five maps stays under 600 KB.
_MAP_CMAP = colormaps[DIVERGING].resampled(21)
_BAD = "#d9d9d9"  # cells with no output: light gray, set apart from white (0)


def _channels(image, name: str = "image") -> np.ndarray:
    image = np.asarray(image, dtype=float)
    if image.ndim != 3:
        raise ValueError(f"`{name}` must be (channels, H, W); got shape {image.shape}")
    return image


def draw_rgb(ax, image, title: str = "") -> None:
    """Draw (or update) a (3, H, W) image in true colour, clipped to [0, 1]."""
    pixels = np.clip(_channels(image).transpose(1, 2, 0), 0.0, 1.0)
    if ax.images and getattr(ax, "_convlib_rgb", None) == pixels.shape:
        ax.images[0].set_data(pixels)
    else:
        ax.clear()
        ax.imshow(pixels, interpolation="antialiased")
        ax._convlib_rgb = pixels.shape
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_title(title, fontsize=10)



def _cell_borders(ax, rows: int, cols: int, colour: str = "#888888", width: float = 0.5) -> None:
    """Lines between the cells of a small grid (cheaper to lay out than minor ticks)."""
    ax.vlines(np.arange(0.5, cols - 1), -0.5, rows - 0.5, colors=colour, linewidth=width)
    ax.hlines(np.arange(0.5, rows - 1), -0.5, cols - 0.5, colors=colour, linewidth=width)


def _light(ax, *, labels: bool = False) -> None:
    """Make a panel cheap to lay out, looking the same: hide its empty axes, draw grid borders as lines.

    :func:`.grids.draw_grid` draws cell borders as minor grid lines; here they
    become plain lines. A figure of many panels then lays out several times
    faster, which an explorer pays for on every frame; values written in the
    cells are left out of the layout. ``labels`` keeps the axes (for tick
    labels).
    """
    if not ax.images:
        return
    image = ax.images[0]
    if getattr(ax, "_convlib_light", None) is image:
        return
    ax._convlib_light = image
    if len(ax.xaxis.get_minorticklocs()):
        rows, cols = image.get_array().shape[:2]
        ax.set_xticks([], minor=True)
        ax.set_yticks([], minor=True)
        ax.grid(False, which="both")
        _cell_borders(ax, rows, cols)
    if not labels:
        ax.xaxis.set_visible(False)
        ax.yaxis.set_visible(False)
    for artist in (*ax.texts, *ax.collections, *ax.patches):   # inside the axes: nothing for the layout to do
        artist.set_in_layout(False)


def _lighten(fig, labelled=()) -> None:
    """:func:`_light` on every panel of ``fig`` but colorbars and weight mosaics; ``labelled`` keep their axes."""
    for ax in fig.axes:
        if ax.get_visible() and not hasattr(ax, "_colorbar") and not getattr(ax, "_convlib_weights", False):
            _light(ax, labels=ax in labelled)


def show_rgb(image, title: str = "photo, true colour", *, names=CHANNEL_NAMES, fig: Figure | None = None) -> Figure:
    """A colour image in true colour, then each of its channels in gray on [0, 1].

    Parameters
    ----------
    image : array (3, H, W) in [0, 1], channels first (as a layer takes it)
    names : the channels' names, for the titles

    Example
    -------
    >>> fig = show_rgb(np.zeros((3, 4, 4)))
    >>> [ax.get_title() for ax in fig.axes]
    ['photo, true colour', 'red channel', 'green channel', 'blue channel']
    """
    image = _channels(image)
    rows, cols = image.shape[1:]
    panel = (WIDTH - 0.4) / (1 + len(image))
    fig, reused = _reuse(fig, ("rgb", len(image)), WIDTH, panel * rows / cols + 0.55)
    axes = fig.axes if reused else fig.subplots(1, 1 + len(image))
    draw_rgb(axes[0], image, title)
    for ax, channel, name in zip(axes[1:], image, names):
        draw_image(ax, channel, f"{name} channel", "image")
    _lighten(fig)
    return fig


def _on_grid(values: np.ndarray, shape: tuple, offset: tuple) -> np.ndarray:
    """``values`` placed at ``offset`` on a NaN canvas of ``shape``: where a valid output sits on its input."""
    canvas = np.full(shape, np.nan)
    r, c = offset
    canvas[r:r + values.shape[0], c:c + values.shape[1]] = values
    return canvas


READABLE_PT = 8.5  # points: smaller cell labels are hard to read on a phone


def _one_decimal(value: float) -> str:
    """A cell label with at most one decimal: -.3, .1, 1 (for cells too small for -.33)."""
    value = round(float(value), 1) + 0.0
    return f"{int(value)}" if value.is_integer() else f"{value:.1f}".replace("0.", ".", 1)


def _label_size(labels, cell_pt: float, largest: float = 10.0) -> float:
    """About the font size (points) at which the longest of ``labels`` fits a square cell of ``cell_pt`` points.

    Widths in ems of DejaVu Sans: digits 0.64, '.' 0.32, '-' 0.36; a label may fill 85% of
    the cell's width and its height 60% of the cell's height.
    """
    ems = max((sum(0.32 if ch == "." else 0.36 if ch == "-" else 0.64 for ch in text) for text in labels),
              default=1.0)
    return float(min(largest, 0.85 * cell_pt / max(ems, 1.0), 0.6 * cell_pt))


def _pixel_panel(ax, canvas, title, kind, outline=None, values=True, cell_pt: float = 14.0) -> None:
    """One image on a pixel grid: grid lines, values written in, an outline around the computed cells.

    The values' font is fitted to the cells when the figure is drawn (:class:`._figure.CellText`).
    ``cell_pt``, a cell's side in points estimated from the layout, decides the decimals: when
    two decimals (``-.33``) could only be written below :data:`READABLE_PT`, the values are
    written to one (``-.3``) and the colorbar says so.
    """
    finite = canvas[np.isfinite(canvas)]
    low, high, _ = limits(finite, kind)
    cmap = DIVERGING if kind == "signed" else GRAY
    ax.clear()
    for text in list(ax.texts):
        text.remove()
    if getattr(ax, "_convlib_cbar", None) is not None:
        ax._convlib_cbar.remove()
        ax._convlib_cbar = None
    colours = colormaps[cmap].with_extremes(bad=_BAD)
    artist = ax.imshow(canvas, cmap=colours, vmin=low, vmax=high, interpolation="nearest")
    rows, cols = canvas.shape
    _cell_borders(ax, rows, cols, colour="#555555", width=0.6)
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    rounded = False
    if values:
        bound = max(abs(low), abs(high))
        labels = {(r, c): format_value(round(float(v), 2)) for (r, c), v in np.ndenumerate(canvas) if np.isfinite(v)}
        size = _label_size(labels.values(), cell_pt)
        if size < READABLE_PT:   # -.33 too small to read in its cell: one decimal, and the colorbar says so
            short = {key: _one_decimal(canvas[key]) for key in labels}
            if _label_size(short.values(), cell_pt) > size:
                labels, size, rounded = short, _label_size(short.values(), cell_pt), True
        for (r, c), text in labels.items():
            cell_text(ax, c, r, text, fontsize=10,   # fitted to its cell at draw time
                      color=cell_text_colour(canvas[r, c], bound, cmap, low, high))
    if outline is not None:
        (r, c), (h, w) = outline
        ax.add_patch(Rectangle((c - 0.5, r - 0.5), w, h, fill=False, edgecolor="#ff9900", linewidth=2))
    if kind != "image":
        bar = ax.figure.colorbar(artist, ax=ax, shrink=0.8, location="bottom", pad=0.02, aspect=25)
        bar.ax.tick_params(labelsize=7)
        if rounded:
            bar.set_label("values written to 1 decimal", fontsize=7)
        ax._convlib_cbar = bar
    ax.set_title(title, fontsize=9)


def show_layer_outputs(image, outputs, titles, *, image_title: str = "input", kinds=None, values: bool = True,
                       fig: Figure | None = None) -> Figure:
    """An input and each output channel of a layer, all on the input's pixel grid, with grid lines.

    Panels fill the columns first (input, then out 0 below it, ...), the order
    in which a phone shows them, one column after another. An input with three
    outputs sits alone above them, so they read in order both across and down.

    A 'valid' output is smaller than its input: each output pixel is drawn over
    the input pixel at the centre of its window, so the outputs sit offset by
    ``(kh - 1) // 2`` cells, with an orange outline around the computed cells.
    Cells with no output are light gray.

    Parameters
    ----------
    image : 2-D array (H, W)
    outputs : sequence of 2-D arrays, each (H - kh + 1, W - kw + 1) for an odd kernel
    titles : one title per output
    kinds : per output, 'brightness' (gray, real range) or 'signed' (red-blue), optional;
        by default 'signed' for outputs with negative values
    values : write the values in the cells

    Example
    -------
    >>> fig = show_layer_outputs(np.ones((5, 5)), [np.zeros((3, 3))], ["out 0"])
    >>> int(fig.axes[1].images[0].get_array().mask.sum())   # the 16 border cells have no output
    16
    """
    image = np.asarray(image, dtype=float)
    outputs = [np.asarray(o, dtype=float) for o in outputs]
    if len(titles) != len(outputs):
        raise ValueError(f"`titles` must give one title per output ({len(outputs)}); got {len(titles)}")
    if kinds is None:
        kinds = ["signed" if np.nanmin(o) < 0 else "brightness" for o in outputs]
    count = 1 + len(outputs)
    cols = min(count, 3)
    rows = -(-count // cols)
    fig, _ = _reuse(fig, ("layer outputs", count), WIDTH, rows * (WIDTH / cols) * 1.08 + 0.2)
    fig.clear()
    grid = fig.subplots(rows, cols, squeeze=False)
    if count == 4:   # the input alone above its three outputs: in order read across (a screen) or by columns (a phone)
        axes = np.array([grid[0, 0], *grid[1]] + list(grid[0, 1:]))
    else:
        axes = grid.ravel(order="F")   # down the columns: a phone's reading order
    cell_pt = 0.85 * WIDTH / cols * 72 / max(image.shape)   # a panel fills about 85% of its column
    _pixel_panel(axes[0], image, image_title, "image", values=values and image.size <= 64, cell_pt=cell_pt)
    for ax, output, title, kind in zip(axes[1:], outputs, titles, kinds):
        offset = ((image.shape[0] - output.shape[0]) // 2, (image.shape[1] - output.shape[1]) // 2)
        _pixel_panel(ax, _on_grid(output, image.shape, offset), title, kind, outline=(offset, output.shape),
                     values=values, cell_pt=cell_pt)
    for ax in axes[count:]:
        ax.set_visible(False)
    return fig


GAP = 0.5  # cells between neighbouring kernels of a weight tensor


def _kernel_box(o: int, i: int, kh: int, kw: int) -> tuple[float, float]:
    """(left, top) data coordinates of kernel weight[o, i] in a weight-tensor drawing."""
    return i * (kw + GAP) - 0.5, o * (kh + GAP) - 0.5


def draw_weights(ax, weight, title: str = "", *, in_names=None, out_names=None, values: bool | None = None,
                 bound: float | None = None, fontsize: float | None = None) -> None:
    """Draw a weight tensor (out, in, kh, kw) on one axes: row o, column i holds the kernel ``weight[o, i]``.

    Red-blue centred at 0, one colour scale for every kernel (``bound``, by
    default the largest |weight|), values written when ``values`` (by default
    when every kernel has at most 25 taps and there are at most 20 kernels),
    at ``fontsize`` points. Output channels are named on the left, input
    channels below.
    """
    weight = np.asarray(weight, dtype=float)
    if weight.ndim != 4:
        raise ValueError(f"`weight` must be (out, in, kh, kw); got shape {weight.shape}")
    out_channels, in_channels, kh, kw = weight.shape
    bound = float(bound if bound is not None else np.abs(weight).max()) or 1.0
    if values is None:
        values = kh * kw <= 25 and out_channels * in_channels <= 20
    size = fontsize or 7
    ax.clear()
    for o in range(out_channels):
        for i in range(in_channels):
            left, top = _kernel_box(o, i, kh, kw)
            ax.imshow(weight[o, i], cmap=DIVERGING, vmin=-bound, vmax=bound, interpolation="nearest",
                      extent=(left, left + kw, top + kh, top))
            ax.add_patch(Rectangle((left, top), kw, kh, fill=False, edgecolor="#888888", linewidth=0.6))
            if values:
                ax.vlines(left + np.arange(1, kw), top, top + kh, colors="#bbbbbb", linewidth=0.4)
                ax.hlines(top + np.arange(1, kh), left, left + kw, colors="#bbbbbb", linewidth=0.4)
                for (r, c), v in np.ndenumerate(weight[o, i]):
                    cell_text(ax, left + c + 0.5, top + r + 0.5, format_value(round(float(v), 3)),
                              fontsize=size, color=cell_text_colour(v, bound, DIVERGING))
    ax.set_xlim(-0.6, in_channels * (kw + GAP) - GAP - 0.4)
    ax.set_ylim(out_channels * (kh + GAP) - GAP - 0.4, -0.6)
    ax.set_aspect("equal")
    ax._convlib_grid = ("weights", weight.shape)  # explorers keep a kernel's own scale
    ax._convlib_weights = True
    in_names = list(in_names) if in_names is not None else [f"in {i}" for i in range(in_channels)]
    out_names = list(out_names) if out_names is not None else [f"out {o}" for o in range(out_channels)]
    ax.set_xticks([_kernel_box(0, i, kh, kw)[0] + kw / 2 for i in range(in_channels)], in_names, fontsize=8)
    ax.set_yticks([_kernel_box(o, 0, kh, kw)[1] + kh / 2 for o in range(out_channels)], out_names, fontsize=8)
    ax.tick_params(length=0, pad=2)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=9)


def show_weights(weight, title: str | None = None, *, in_names=None, out_names=None, values: bool | None = None,
                 fig: Figure | None = None) -> Figure:
    """A weight tensor (out, in, kh, kw) drawn as a grid of kernels: one row per output channel.

    One panel per input channel, so that a phone, which shows a figure one
    panel column at a time, shows every kernel at a size where its values can
    be read. The first panel's title gives the tensor's shape.

    Example
    -------
    >>> fig = show_weights(np.ones((2, 3, 3, 3)))
    >>> [ax.get_title() for ax in fig.axes]
    ['weight (2, 3, 3, 3)\\nin 0', '\\nin 1', '\\nin 2']
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['out 0', 'out 1']
    """
    weight = np.asarray(weight, dtype=float)
    if weight.ndim != 4:
        raise ValueError(f"`weight` must be (out, in, kh, kw); got shape {weight.shape}")
    out_channels, in_channels, kh, kw = weight.shape
    in_names = list(in_names) if in_names is not None else [f"in {i}" for i in range(in_channels)]
    out_names = list(out_names) if out_names is not None else [f"out {o}" for o in range(out_channels)]
    label = 1.0   # inches for the output channels' names on the left
    cell = min(0.38, (WIDTH - label - 0.2) / (in_channels * (kw + 1)))
    width = in_channels * (kw + 1) * cell + label + 0.2
    height = out_channels * (kh + GAP) * cell + 0.75
    fig, _ = _reuse(fig, ("weights", weight.shape), width, height)
    fig.clear()
    axes = fig.subplots(1, in_channels, squeeze=False)[0]
    bound = float(np.abs(weight).max()) or 1.0
    first = title if title is not None else f"weight {weight.shape}"
    for i, ax in enumerate(axes):
        heading = f"{first}\n{in_names[i]}" if i == 0 else f"\n{in_names[i]}"
        draw_weights(ax, weight[:, i:i + 1], heading, in_names=[""], out_names=out_names if i == 0 else [""] *
                     out_channels, values=values, bound=bound, fontsize=float(np.clip(cell * 72 * 0.32, 5, 10)))
        ax.set_xticks([])
        if i:
            ax.set_yticks([])
    return fig


def channel_maps(x, weight) -> np.ndarray:
    """Each input channel correlated ('valid') with its own slice of one output channel's kernel.

    ``x`` (C, H, W), ``weight`` (C, kh, kw): returns (C, H - kh + 1, W - kw + 1).
    Their sum plus the bias is the output channel.

    >>> channel_maps(np.ones((2, 3, 3)), np.ones((2, 2, 2)))[:, 0, 0]
    array([4., 4.])
    """
    x, weight = _channels(x, "x"), _channels(weight, "weight")
    if len(x) != len(weight):
        raise ValueError(f"`weight` has {len(weight)} slices for {len(x)} input channels; give one per channel")
    return np.stack([correlate2d(channel, kernel, mode="valid") for channel, kernel in zip(x, weight)])


def show_channel_sum(x, weight, bias: float = 0.0, *, rgb=None, names=None, out: str = "o", inputs: bool = True,
                     fig: Figure | None = None) -> Figure:
    """Inside one output channel of a layer: per input channel, its map; then their sum, the bias, the result.

    ``output = bias + sum_i correlate2d(x[i], weight[i], 'valid')``. One row per
    input channel: the channel (unless ``inputs=False``), its kernel slice
    ``w[o, i]`` and its map. The last column holds the colour picture (``rgb``,
    optional), the bias as one cell when there is room, the sum of the maps
    and the result. The maps share one colour scale, so their sizes compare;
    the bias, the sum and the result share another, so the bias shows as the
    shift of every pixel by its colour. Small inputs (at most 10 pixels a
    side) are drawn as grids with their values written in.

    Parameters
    ----------
    x : array (C, H, W), C >= 2
    weight : array (C, kh, kw): one output channel's kernel, a slice per input channel
    bias : float
    rgb : array (3, H, W), optional: the input in true colour, drawn top right
    names : the input channels' names (default 'in 0', 'in 1', ...)
    out : how to name the output channel in the titles ('o' gives w[o, in 0])
    inputs : draw the input channels (a first column)

    Example
    -------
    >>> fig = show_channel_sum(np.ones((2, 3, 3)), np.ones((2, 2, 2)), bias=-1.0)
    >>> fig.axes[-1].get_title()
    'output =\\nsum + bias (-1)'
    >>> [t.get_text() for t in fig.axes[-1].texts]
    ['7', '7', '7', '7']
    """
    x, weight = _channels(x, "x"), _channels(weight, "weight")
    channels = len(x)
    if channels < 2:
        raise ValueError(f"`x` must have at least 2 channels to sum; got {channels}")
    maps = channel_maps(x, weight)
    total = maps.sum(axis=0)
    bias = float(bias)
    result = total + bias
    names = list(names) if names is not None else [f"in {i}" for i in range(channels)]
    small = max(x.shape[1:]) <= 10
    side_count = 2 + (rgb is not None)
    rows = max(channels, side_count)
    kh, kw = weight.shape[1:]
    out_w = total.shape[1] / x.shape[2]
    ratios = ([1.0] if inputs else []) + [max(0.45, kw / x.shape[2]) if small else 0.55, out_w, out_w]
    width = min(WIDTH, 0.3 + sum(ratios) * (1.6 if small else PHOTO_COLUMN))  # a photo column 1.75 in wide
    column = (width - 0.3) / sum(ratios)
    row_height = column * x.shape[1] / x.shape[2] + (0.42 if small else 0.45)
    height = rows * row_height + (0.1 if small else 0.7)
    key = ("channel sum", channels, rows, rgb is not None, small, inputs, x.shape)
    fig, reused = _reuse(fig, key, width, height)
    if reused:
        grid = fig._convlib_panels
    else:
        grid = fig.subplots(rows, len(ratios), width_ratios=ratios, squeeze=False)
        fig._convlib_panels = grid
    first = 1 if inputs else 0
    map_bound = _signed_bound(maps)
    sum_bound = max(_signed_bound(total), abs(bias)) + abs(bias)
    for i in range(rows):
        for ax in grid[i][:-1]:
            ax.set_visible(i < channels)
    for i, name in enumerate(names[:channels]):
        if inputs:
            if small:
                draw_grid(grid[i][0], x[i], f"input: {name}")
            else:
                draw_image(grid[i][0], x[i], f"{name} channel", "image")
        draw_grid(grid[i][first], weight[i], f"{kh}×{kw} kernel\nw[{out}, {name}]", kernel=True, max_cells=25)
        title = f"{name},\ncorrelated" if small else f"{name}, correlated\nwith its kernel"
        if small:
            draw_grid(grid[i][first + 1], maps[i], title, signed=True)
        else:
            _draw_signed(grid[i][first + 1], maps[i], title, map_bound, bar=(i == channels - 1))
    side = list(grid[:, -1])
    if rgb is not None:
        draw_rgb(side.pop(0), rgb, "input, true colour")
    spare = side[:-2]
    sum_ax, out_ax = side[-2:]
    for ax in spare[:-1]:
        ax.set_visible(False)
    if spare:
        _bias_cell(spare[-1], bias, sum_bound, f"bias b[{out}]\n(one number)")
    bias_text = format_value(bias) if small else f"{bias:g}"
    sum_title = f"sum of the\n{channels} maps"
    out_title = f"output =\nsum + bias ({bias_text})"
    if small:
        draw_grid(sum_ax, total, sum_title, signed=True)
        draw_grid(out_ax, result, out_title, signed=True)
        for ax, values in ((sum_ax, total), (out_ax, result)):  # one scale: the bias shows as a shift
            _rescale_grid(ax, values, sum_bound)
    else:
        _draw_signed(sum_ax, total, sum_title, sum_bound, bar=False)
        _draw_signed(out_ax, result, out_title, sum_bound, bar=True)
    _lighten(fig)
    return fig


def _rescale_grid(ax, values: np.ndarray, bound: float) -> None:
    """Put an annotated signed grid on the colour scale [-bound, bound], text colours included."""
    ax.images[0].set_clim(-bound, bound)
    for text, v in zip(ax.texts, np.asarray(values, dtype=float).ravel()):
        text.set_color(cell_text_colour(v, bound, DIVERGING))


def _bias_cell(ax, bias: float, bound: float, title: str) -> None:
    """The bias as one coloured cell with its value, on the scale of the sum and the output."""
    if getattr(ax, "_convlib_bias", False):
        ax.images[0].set_data([[bias]])
        ax.images[0].set_clim(-bound, bound)
        ax.texts[0].set_text(f"{bias:g}")
        ax.texts[0].set_color(cell_text_colour(bias, bound, DIVERGING))
    else:
        ax.clear()
        ax.imshow([[bias]], cmap=DIVERGING, vmin=-bound, vmax=bound, extent=(-0.5, 0.5, 0.5, -0.5))
        ax.text(0, 0, f"{bias:g}", ha="center", va="center", fontsize=11,
                color=cell_text_colour(bias, bound, DIVERGING))
        ax.set_xlim(-1.6, 1.6)
        ax.set_ylim(1.6, -1.6)
        ax.xaxis.set_visible(False)
        ax.yaxis.set_visible(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax._convlib_bias = True
        ax._convlib_grid = ("bias",)  # explorers leave its scale alone: it follows the sum's
    ax.set_visible(True)
    ax.set_title(title, fontsize=9)


def _signed_bound(values: np.ndarray) -> float:
    return limits(np.asarray(values, dtype=float), "signed")[1]


def _draw_signed(ax, values, title: str, bound: float, bar: bool) -> None:
    """A signed map, red-blue on [-bound, bound]; ``bar`` puts a colorbar under it (shared by its column)."""
    if ax.images and getattr(ax, "_convlib_signed", None) == (values.shape, bar):
        ax.images[0].set_data(values)
        ax.images[0].set_clim(-bound, bound)
    else:
        if getattr(ax, "_convlib_cbar", None) is not None:
            ax._convlib_cbar.remove()
            ax._convlib_cbar = None
        ax.clear()
        artist = ax.imshow(values, cmap=_MAP_CMAP, vmin=-bound, vmax=bound, interpolation="nearest")
        ax._convlib_signed = (values.shape, bar)
        ax.set_xticks([])
        ax.set_yticks([])
        if bar:
            colorbar = ax.figure.colorbar(artist, ax=ax, location="bottom", shrink=0.9, pad=0.03, aspect=18)
            colorbar.ax.tick_params(labelsize=7)
            ax._convlib_cbar = colorbar
    ax._convlib_kind = "signed"
    ax.set_title(title, fontsize=9)


def show_layout_trap(weight, ported, intended, *, title_weight: str = "weight as loaded",
                     title_ported: str = "out 0, as ported", title_intended: str = "out 0, intended",
                     in_names=None, fig: Figure | None = None) -> Figure:
    """A weight tensor as a port loaded it, the output channel it computes, and the one it should.

    Both outputs share one symmetric colour scale, so a wrong port that only
    changes the sign, or the strength, shows as plainly as one that scrambles.

    Example
    -------
    >>> fig = show_layout_trap(np.ones((1, 1, 3, 3)), -np.eye(4), np.eye(4))
    >>> fig.axes[1].images[0].get_clim() == fig.axes[2].images[0].get_clim()
    True
    """
    weight = np.asarray(weight, dtype=float)
    ported, intended = np.asarray(ported, dtype=float), np.asarray(intended, dtype=float)
    fig, reused = _reuse(fig, ("layout trap", weight.shape, ported.shape), WIDTH, 2.75)
    if not reused:
        fig.subplots(1, 3, width_ratios=[0.9, 1, 1])
    axes = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")][:3]
    weight_bound = float(np.abs(weight).max()) or 1.0
    draw_weights(axes[0], weight, title_weight, in_names=in_names, values=False, bound=weight_bound)
    if getattr(axes[0], "_convlib_weight_bar", None) is None:   # too many taps to write: one shared scale instead
        scale = ScalarMappable(Normalize(-weight_bound, weight_bound), DIVERGING)
        bar = fig.colorbar(scale, ax=axes[0], orientation="horizontal", shrink=0.8, aspect=15)
        bar.ax.tick_params(labelsize=7)
        bar.set_label("weight", fontsize=8)
        axes[0]._convlib_weight_bar = bar
    axes[0]._convlib_weight_bar.mappable.set_clim(-weight_bound, weight_bound)
    axes[0].set_anchor("N")  # centred, constrained layout pushes its title off the top when the maps have colorbars
    bound = max(_signed_bound(ported), _signed_bound(intended))
    _draw_signed(axes[1], ported, title_ported, bound, bar=True)
    _draw_signed(axes[2], intended, title_intended, bound, bar=True)
    _lighten(fig)
    return fig


def show_colour_mix(rgb, weight, result, *, bias=None, title_result: str = "output", names=CHANNEL_NAMES,
                    out_names=None, fig: Figure | None = None) -> Figure:
    """A 1x1 layer as a colour mixer: the input, its (out, in) weight matrix (and bias), the output.

    ``weight`` is (out, 3, 1, 1) or (out, 3); ``bias`` (out,), optional, is
    drawn as one more column. An output of 3 channels is drawn in true colour
    (clipped to [0, 1], and the title says when it was), one channel in gray
    on [0, 1].

    Example
    -------
    >>> gray = np.array([[0.299, 0.587, 0.114]])
    >>> fig = show_colour_mix(np.ones((3, 4, 4)), gray, np.ones((1, 4, 4)))
    >>> [ax.get_title() for ax in fig.axes[:3]]
    ['input, true colour', '1×1 weights\\n(out × in)', 'output']
    """
    rgb, result = _channels(rgb, "rgb"), _channels(result, "result")
    matrix = np.asarray(weight, dtype=float).reshape(np.shape(weight)[0], -1)
    columns = [f"{n[0].upper()} in" for n in names][:matrix.shape[1]]
    if bias is not None:
        matrix = np.column_stack([matrix, np.asarray(bias, dtype=float).reshape(-1)])
        columns.append("bias")
    rows, cols = rgb.shape[1:]
    ratios = [1, 0.2 + 0.2 * matrix.shape[1], 1]
    panel = (WIDTH - 0.4) / sum(ratios)
    fig, reused = _reuse(fig, ("colour mix", matrix.shape, len(result)), WIDTH,
                         max(panel * rows / cols, 0.3 * len(matrix) + 0.3) + 0.75)
    if not reused:
        fig.subplots(1, 3, width_ratios=ratios)
    axes = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")][:3]
    draw_rgb(axes[0], rgb, "input, true colour")
    draw_grid(axes[1], matrix, "1×1 weights\n(out × in)" if bias is None else "1×1 weights\nand bias", kernel=True)
    out_names = list(out_names) if out_names is not None else (
        [f"{n[0].upper()} out" for n in names] if len(matrix) == 3 else [f"out {o}" for o in range(len(matrix))])
    axes[1].set_xticks(range(matrix.shape[1]), columns, fontsize=8)
    axes[1].set_yticks(range(len(matrix)), out_names, fontsize=8)
    axes[1].tick_params(length=0, pad=2)
    clipped = float(result.min()) < -1e-9 or float(result.max()) > 1 + 1e-9
    title = title_result + ("\n(clipped to [0, 1])" if clipped and len(result) == 3 else "")
    if len(result) == 3:
        draw_rgb(axes[2], result, title)
    else:
        draw_image(axes[2], result[0], title, "image")
    _lighten(fig, labelled=(axes[1],))
    return fig


def show_output_channels(channels, titles, *, kinds=None, shared: bool = False, bound: float | None = None,
                         fig: Figure | None = None) -> Figure:
    """A layer's output channels, two or three to a row, each in the convention of its kind.

    Panels fill the columns first, the order in which a phone shows them.

    Parameters
    ----------
    channels : array (C, H, W)
    titles : one title per channel
    kinds : per channel 'image', 'brightness' or 'signed' (see :mod:`._figure`), optional;
        by default 'signed' for channels with negative values, else 'brightness'
    shared : one colour range for all the channels (taken over all of them) and one colorbar, so
        channels compare: a weaker response looks weaker. Needs one kind for all; C <= 3 puts them
        in one row, in order.
    bound : with ``shared`` signed channels, the colour limits ±bound instead of the channels' own
        (the scale of an explorer showing the same outputs); the colorbar gets arrows where values go beyond.

    Example
    -------
    >>> fig = show_output_channels(np.stack([np.ones((4, 4)), -np.ones((4, 4))]), ["a", "b"])
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['a', 'b']
    """
    channels = _channels(channels, "channels")
    if len(titles) != len(channels):
        raise ValueError(f"`titles` must give one title per channel ({len(channels)}); got {len(titles)}")
    if kinds is None:
        if shared:
            kinds = ["signed" if np.nanmin(channels) < 0 else "brightness"] * len(channels)
        else:
            kinds = ["signed" if np.nanmin(c) < 0 else "brightness" for c in channels]
    if not isinstance(shared, bool):
        raise TypeError(f"`shared` must be True or False; got {shared!r}")
    if shared and len(set(kinds)) > 1:
        raise ValueError(f"`shared=True` draws every channel on one colour scale, so they need one kind; "
                         f"got kinds={list(kinds)}")
    cols = 2 if len(channels) in (2, 4) and not shared else min(len(channels), 3)
    rows = -(-len(channels) // cols)
    panel = (WIDTH - 0.9 * cols) / cols
    height = rows * (panel * channels.shape[1] / channels.shape[2] + 0.45) + 0.1
    fig, reused = _reuse(fig, ("output channels", len(channels), tuple(kinds), shared), WIDTH, height)
    if reused:
        axes = fig._convlib_panels
    else:
        axes = fig.subplots(rows, cols, squeeze=False).ravel(order="F")   # down the columns, as a phone shows them
        fig._convlib_panels = axes
        fig._convlib_shared_bar = None
    for ax, channel, title, kind in zip(axes, channels, titles, kinds):
        draw_image(ax, channel, title, kind)
    for ax in axes[len(channels):]:
        ax.set_visible(False)
    if shared:
        low, high, clipped = limits(channels, kinds[0])
        if bound is not None:
            if kinds[0] != "signed" or not (isinstance(bound, (int, float, np.floating)) and bound > 0):
                raise ValueError(f"`bound` fixes shared signed channels' limits at ±bound (a positive number); "
                                 f"got bound={bound!r} for kinds={list(kinds)}")
            low, high = -float(bound), float(bound)
            clipped = bool(np.nanmax(np.abs(channels)) > bound)
        used = list(axes[:len(channels)])
        for ax in used:
            ax.images[0].set_clim(low, high)
            if getattr(ax, "_convlib_cbar", None) is not None:   # one colorbar for all, below
                ax._convlib_cbar.remove()
                ax._convlib_cbar = None
        if kinds[0] != "image" or (low, high) != (0.0, 1.0):
            if fig._convlib_shared_bar is None:
                fig._convlib_shared_bar = fig.colorbar(used[-1].images[0], ax=used, shrink=0.85, aspect=30,
                                                      extend=_extend(channels, low, high) if clipped
                                                      else "neither")
                fig._convlib_shared_bar.ax.tick_params(labelsize=8)
            fig._convlib_shared_bar.update_normal(used[-1].images[0])
            fig._convlib_shared_bar.set_label(_colorbar_label(kinds[0], clipped, channels) + ", all channels",
                                              fontsize=8)
    _lighten(fig)
    return fig


__all__ = ["CHANNEL_NAMES", "channel_maps", "draw_rgb", "draw_weights", "show_channel_sum", "show_colour_mix",
           "show_layer_outputs", "show_layout_trap", "show_output_channels", "show_rgb", "show_weights"]
