"""Pooling, drawn: the windows on a small grid, what comes out, and what a small shift changes.

* :func:`pool_windows`: every window of a pool as (top, bottom, left, right) cells of the input;
* :func:`show_pooling`: a small grid with its windows drawn, the pooled grid, and optionally
  a photo pooled the same way;
* :func:`show_bins`: the bins of ``adaptive_avg_pool2d`` on a small grid, and their averages;
* :func:`pool_periodic` and :func:`shift_change`: max, average and blur-then-max pooling
  (Zhang 2019) of a periodic image, and how much their output changes when the input moves;
* :func:`show_shift`: a shifted grid, its pooled output and the change, for the shift explorer.

Colours follow :mod:`._figure`: small grids gray on their own range with values written in,
their output on the same range, so a pooled cell has the brightness of the cell it came
from; changes red-blue centred at 0 with symmetric limits and a colorbar. The first window
is outlined in orange, the next one to the right in green and the next one down in purple,
and the output cells they make are outlined in the same colours. A circle marks the cell a
max-pool window keeps.

Used in: chapter 6.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle

from ...arithmetic import pool_output_size
from ...pooling import _adaptive_bins, avg_pool2d, max_pool2d
from ...signal2d import correlate2d
from ._figure import DIVERGING, GRAY, WIDTH, _reuse, cell_text, cell_text_colour, format_value, is_signed
from .images import draw_image

MODES = ("max", "avg")
METHODS = ("max", "avg", "blur-then-max")
WINDOW_COLOURS = ("#ff7f0e", "#2ca02c", "#9467bd", "#17becf")   # first, next right, next down, (a fourth bin)
PAD_FILL = "#eadfc8"   # padding and overhang: sand, as in chapter 3
UNREAD = "#d62728"


def _grid_2d(x, name: str) -> np.ndarray:
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"`{name}` must be a 2-D array of numbers; got {type(x).__name__}")
    try:
        array = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"`{name}` must be a 2-D array of numbers; got {type(x).__name__}") from err
    if array.ndim != 2 or array.size == 0:
        raise ValueError(f"`{name}` must be a non-empty 2-D array (H, W); got shape {array.shape}")
    return array


def _check_mode(mode, choices=MODES, name: str = "mode") -> str:
    if mode not in choices:
        raise ValueError(f"`{name}` must be one of {', '.join(map(repr, choices))}; got {mode!r}")
    return mode


def pool_windows(shape, kernel_size: int, stride: int | None = None, padding: int = 0,
                 ceil_mode: bool = False) -> list[list[tuple[int, int, int, int]]]:
    """Every window of a square pool on an input of ``shape``, row by row of the output.

    Each window is (top, bottom, left, right) in input cells, bottom and right
    excluded; a window may start in the padding (negative) or hang over the end.

    >>> pool_windows((4, 5), 2)[0]
    [(0, 2, 0, 2), (0, 2, 2, 4)]
    >>> [w[2:] for w in pool_windows((2, 5), 2, ceil_mode=True)[0]]
    [(0, 2), (2, 4), (4, 6)]
    """
    stride = kernel_size if stride is None else stride
    rows, cols = (pool_output_size(size, kernel_size, stride, padding, 1, ceil_mode) for size in shape)
    return [[(r * stride - padding, r * stride - padding + kernel_size,
              c * stride - padding, c * stride - padding + kernel_size) for c in range(cols)] for r in range(rows)]


def _one_decimal(value: float) -> str:
    """A cell label with at most one decimal: 5, 4.9, -.3 (a leading 0 dropped, as format_value)."""
    value = round(float(value), 1) + 0.0
    return format_value(value) if value == round(value) else f"{value:.1f}".replace("0.", ".", 1)


def _cells(ax, values, low, high, *, origin=(0, 0), size: float = 8, fill=None, text: bool = True,
           cmap: str = GRAY, decimals: int = 2) -> None:
    """Draw ``values`` as cells (gray, or red-blue) with their values, the top-left cell at ``origin`` (row, col).

    ``decimals`` is 2 or 1 (one decimal leaves a larger font in a small cell)."""
    rows, cols = values.shape
    r0, c0 = origin
    colours = colormaps[cmap]((np.clip(values, low, high) - low) / ((high - low) or 1.0))
    if fill is not None:
        colours[np.isnan(values)] = fill
    ax.imshow(colours, extent=(c0 - 0.5, c0 + cols - 0.5, r0 + rows - 0.5, r0 - 0.5), interpolation="nearest")
    ax.vlines(np.arange(cols + 1) + c0 - 0.5, r0 - 0.5, r0 + rows - 0.5, colors="#888888", linewidth=0.5)
    ax.hlines(np.arange(rows + 1) + r0 - 0.5, c0 - 0.5, c0 + cols - 0.5, colors="#888888", linewidth=0.5)
    if text:
        for (r, c), v in np.ndenumerate(values):
            if np.isfinite(v):
                label = _one_decimal(v) if decimals == 1 else format_value(round(float(v), 2))
                cell_text(ax, c0 + c, r0 + r, label, fontsize=size,
                          color=cell_text_colour(v, max(abs(low), abs(high)), cmap, low, high), in_layout=False)


def _wipe(ax) -> None:
    """Remove what a panel drew, keeping the axes and their settings (much cheaper than ``ax.clear()``)."""
    for artist in (*ax.images, *ax.texts, *ax.patches, *ax.lines, *ax.collections):
        artist.remove()


def _bar(fig, ax, low: float, high: float, cmap: str, extend: str = "neither") -> None:
    """A colorbar under ``ax`` for ``cmap`` on [low, high], made once and kept while the limits stay."""
    key = (low, high, cmap, extend)
    if getattr(ax, "_convlib_bar_key", None) == key:
        return
    if getattr(ax, "_convlib_cbar", None) is not None:
        ax._convlib_cbar.remove()
    # on the right, as draw_image's: the phone layout keeps a colorbar with the panel to its left
    bar = fig.colorbar(ScalarMappable(Normalize(low, high), cmap), ax=ax, shrink=0.8, pad=0.03, aspect=18,
                       extend=extend)
    bar.ax.tick_params(labelsize=7)
    ax._convlib_cbar, ax._convlib_bar_key = bar, key


def _drop_bar(ax) -> None:
    if getattr(ax, "_convlib_cbar", None) is not None:
        ax._convlib_cbar.remove()
    ax._convlib_cbar, ax._convlib_bar_key = None, None


def _frame(ax, room: tuple[float, float], title: str) -> None:
    """Fixed limits of ``room`` (rows, cols) cells, centred; no ticks."""
    rows, cols = room
    ax.set_xlim(-0.5 - 0.02, cols - 0.5 + 0.02)
    ax.set_ylim(rows - 0.5 + 0.02, -0.5 - 0.02)
    ax.set_aspect("equal")
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title, fontsize=9)


def _box(ax, top, left, rows, cols, colour, inset: float = 0.0, width: float = 2.2, style: str = "-") -> None:
    ax.add_patch(Rectangle((left - 0.5 + inset, top - 0.5 + inset), cols - 2 * inset, rows - 2 * inset, fill=False,
                           edgecolor=colour, linewidth=width, linestyle=style, in_layout=False))


def _argmax(values, window) -> tuple[int, int] | None:
    """The cell (row, col) of the input that a max window keeps (the first maximum, as torch), or None."""
    top, bottom, left, right = window
    t, l = max(top, 0), max(left, 0)
    part = values[t:bottom, l:right]
    if part.size == 0 or not np.isfinite(part).any():
        return None
    r, c = np.unravel_index(np.nanargmax(part), part.shape)
    return t + int(r), l + int(c)


def _read_mask(shape, windows) -> np.ndarray:
    read = np.zeros(shape, dtype=bool)
    for top, bottom, left, right in windows:
        read[max(top, 0):max(bottom, 0), max(left, 0):max(right, 0)] = True
    return read


def _draw_input(ax, x, windows, highlighted, *, tile, marks, low, high, room, margin, title, size,
                cmap: str = GRAY) -> None:
    """The input with its padding/overhang, all windows if they tile, the highlighted ones in colour."""
    flat = [w for row in windows for w in row]
    _wipe(ax)
    (before, after_r), (before_c, after_c) = margin
    canvas = np.full((x.shape[0] + before + after_r, x.shape[1] + before_c + after_c), np.nan)
    canvas[before:before + x.shape[0], before_c:before_c + x.shape[1]] = x
    offset = ((room[0] - canvas.shape[0]) / 2 + before, (room[1] - canvas.shape[1]) / 2 + before_c)
    _cells(ax, canvas, low, high, origin=(offset[0] - before, offset[1] - before_c), size=size,
           fill=to_rgba(PAD_FILL), cmap=cmap)
    unread = ~_read_mask(x.shape, flat)
    for r, c in zip(*np.nonzero(unread)):
        ax.plot([c + offset[1] - 0.4, c + offset[1] + 0.4], [r + offset[0] + 0.4, r + offset[0] - 0.4],
                color=UNREAD, linewidth=1.2, in_layout=False)
    if tile and len(flat) > 1:
        for top, bottom, left, right in flat:
            _box(ax, top + offset[0], left + offset[1], bottom - top, right - left, "#1f3b73", width=1.0)
    for colour, (index, window) in zip(WINDOW_COLOURS, highlighted):
        top, bottom, left, right = window
        inset = 0.0 if tile else 0.09 * index
        _box(ax, top + offset[0], left + offset[1], bottom - top, right - left, colour, inset=inset)
    for cell, colour in marks:
        ax.add_patch(Circle((cell[1] + offset[1], cell[0] + offset[0]), 0.42, fill=False, edgecolor=colour,
                            linewidth=1.4, in_layout=False))
    _frame(ax, room, title)


def _draw_output(ax, y, highlighted_cells, *, low, high, room, title, size, cmap: str = GRAY,
                 decimals: int = 2) -> None:
    _wipe(ax)
    offset = ((room[0] - y.shape[0]) / 2, (room[1] - y.shape[1]) / 2)
    _cells(ax, y, low, high, origin=offset, size=size, cmap=cmap, decimals=decimals)
    for colour, (r, c) in zip(WINDOW_COLOURS, highlighted_cells):
        _box(ax, r + offset[0], c + offset[1], 1, 1, colour)
    _frame(ax, room, title)


def _pool(x, kernel_size, stride, mode, padding=0, ceil_mode=False):
    pool = max_pool2d if mode == "max" else avg_pool2d
    return pool(x[None], kernel_size, stride, padding=padding, ceil_mode=ceil_mode)[0]


def _highlights(windows) -> list[tuple[int, tuple[int, int]]]:
    """The output cells drawn in colour: the first, the next one right, the next one down."""
    cells = [(0, 0)]
    if len(windows[0]) > 1:
        cells.append((0, 1))
    if len(windows) > 1:
        cells.append((1, 0))
    return cells


def show_pooling(x, kernel_size: int, stride: int | None = None, *, mode: str = "max", padding: int = 0,
                 ceil_mode: bool = False, image=None, image_title: str = "photo", room=None,
                 fig: Figure | None = None) -> Figure:
    """A pool on a small grid, drawn: the windows on the input, the output, and optionally a photo pooled alike.

    Left, the input with its values: gray on its own range, or red-blue centred at 0 when it has
    negative values (a signed map, such as an edge detector's output). When the windows tile or leave gaps
    (stride at least the window), every window is outlined in dark blue; when
    they overlap, only the first three are drawn, in orange, green and purple,
    each a little inset so that overlaps show. Cells that no window reads are
    struck through in red; padding and ceil-mode overhang are sand. For a max
    pool, a circle marks the value each coloured window keeps (every window's,
    when they tile). Middle, the output on the same gray range, its cells outlined
    in their windows' colours, in the same colours as the input. Right (if ``image`` is given), the image pooled
    with the same settings, drawn on its own pixel grid.

    Parameters
    ----------
    x : array (H, W), small (values are written in)
    kernel_size, stride, padding, ceil_mode : as ``torch.nn.functional.max_pool2d`` (square)
    mode : 'max' or 'avg'
    image : array (H', W') in [0, 1], optional
    room : ((rows, cols), (rows, cols)), optional
        Cells reserved for the input (with padding) and the output, so that an explorer keeps one cell size.

    Example
    -------
    >>> fig = show_pooling(np.arange(16.0).reshape(4, 4), 2)
    >>> fig.axes[1].get_title().splitlines()[0]
    'max-pool → 2×2'
    """
    x = _grid_2d(x, "x")
    mode = _check_mode(mode)
    stride = kernel_size if stride is None else stride
    y = _pool(x, kernel_size, stride, mode, padding, ceil_mode)
    windows = pool_windows(x.shape, kernel_size, stride, padding, ceil_mode)
    reach = (max(w[1] for row in windows for w in row), max(w[3] for row in windows for w in row))
    margin = ((padding, max(reach[0] - x.shape[0], 0)), (padding, max(reach[1] - x.shape[1], 0)))
    in_shape = (x.shape[0] + sum(margin[0]), x.shape[1] + sum(margin[1]))
    (in_room, out_room) = room if room is not None else (in_shape, y.shape)
    in_room = (max(in_room[0], in_shape[0]), max(in_room[1], in_shape[1]))
    out_room = (max(out_room[0], y.shape[0]), max(out_room[1], y.shape[1]))
    cells = _highlights(windows)
    highlighted = [(i, windows[r][c]) for i, (r, c) in enumerate(cells)]
    tiles = stride >= kernel_size
    marks = []
    if mode == "max":
        chosen = [(windows[r][c], colour) for (r, c), colour in zip(cells, WINDOW_COLOURS)]
        if tiles:
            drawn = {windows[r][c] for r, c in cells}
            chosen += [(w, "#1f3b73") for row in windows for w in row if w not in drawn]
        marks = [(cell, colour) for w, colour in chosen if (cell := _argmax(x, w)) is not None]
    if is_signed(x):   # a signed map (an edge detector's output): red-blue, centred at 0
        cmap, high = DIVERGING, float(np.abs(x).max())
        low = -high
    else:
        cmap, low, high = GRAY, float(np.nanmin(x)), float(np.nanmax(x))
        low, high = (low, high) if high > low else (low - 0.5, high + 0.5)
    panels = 3 if image is not None else 2
    cell = min((WIDTH - 0.5) / (in_room[1] + out_room[1] + (0.7 * in_room[1] if image is not None else 0)), 0.42)
    height = max(in_room[0], out_room[0]) * cell + 1.0
    fig, reused = _reuse(fig, ("pooling", panels), WIDTH, height)
    if not reused:
        widths = [in_room[1], out_room[1]] + ([0.7 * in_room[1]] if image is not None else [])
        fig.subplots(1, panels, width_ratios=widths)
    axes = fig.axes[:panels]
    size = 8 if max(in_room) <= 10 else 6.5
    pads = f", padding {padding}" if padding else ""
    ceil = ", ceil_mode" if ceil_mode else ""
    _draw_input(axes[0], x, windows, highlighted, tile=tiles, marks=marks, low=low, high=high, room=in_room,
                margin=margin,
                title=f"input {x.shape[0]}×{x.shape[1]}{pads}{ceil}\nwindow {kernel_size}×{kernel_size}, "
                      f"stride {stride}", size=size, cmap=cmap)
    if tiles:   # windows that do not overlap keep a share of the values and drop the rest
        share = f"keeps {y.size} of {x.size} ({y.size / x.size:.0%})"
    else:       # overlapping windows read some values twice: outputs repeat inputs, no share is "kept"
        share = f"{y.size} outputs from {x.size} inputs"
    averaged = mode == "avg" and not np.allclose(y, np.round(y, 1))
    _draw_output(axes[1], y, cells, low=low, high=high, room=out_room, size=size, cmap=cmap,
                 decimals=1 if mode == "avg" else 2,
                 title=f"{mode}-pool → {y.shape[0]}×{y.shape[1]}{', to 1 decimal' if averaged else ''}\n{share}")
    if cmap == DIVERGING:   # signed: the colorbar says where 0 is
        _bar(fig, axes[1], low, high, cmap)
    else:
        _drop_bar(axes[1])
    if image is not None:
        image = _grid_2d(image, "image")
        pooled = _pool(image, kernel_size, stride, mode)
        draw_image(axes[2], pooled, f"{image_title}, {mode}-pool\n"
                                    f"{image.shape[0]}×{image.shape[1]} → {pooled.shape[0]}×{pooled.shape[1]}",
                   "image")
        axes[2].images[0].set_interpolation("nearest")
        axes[2].title.set_fontsize(9)
    return fig


def show_bins(x, output_size: int, *, fig: Figure | None = None) -> Figure:
    """``adaptive_avg_pool2d`` on a small grid: torch's bins drawn in colour, and the averages.

    Bin ``i`` covers rows ``floor(i*H/out)`` to ``ceil((i+1)*H/out) - 1``; with uneven sizes
    neighbouring bins share a row or column. Up to four bins are outlined (each a little inset).

    Example
    -------
    >>> fig = show_bins(np.arange(25.0).reshape(5, 5), 2)
    >>> fig.axes[1].get_title().splitlines()[0]
    'adaptive avg → 2×2'
    """
    x = _grid_2d(x, "x")
    if isinstance(output_size, bool) or not isinstance(output_size, (int, np.integer)) or output_size < 1:
        raise ValueError(f"`output_size` must be a whole number of at least 1; got {output_size!r}")
    if output_size > min(x.shape):
        raise ValueError(f"`output_size`={output_size} must be at most the grid's size {min(x.shape)}")
    (r0, r1), (c0, c1) = _adaptive_bins(x.shape[0], output_size), _adaptive_bins(x.shape[1], output_size)
    windows = [[(int(a), int(b), int(c), int(d)) for c, d in zip(c0, c1)] for a, b in zip(r0, r1)]
    y = np.array([[x[a:b, c:d].mean() for (a, b, c, d) in row] for row in windows])
    cells = [(r, c) for r in range(output_size) for c in range(output_size)][:len(WINDOW_COLOURS)]
    highlighted = [(i, windows[r][c]) for i, (r, c) in enumerate(cells)]
    low, high = float(x.min()), float(x.max())
    low, high = (low, high) if high > low else (low - 0.5, high + 0.5)
    cell = min((WIDTH - 0.5) / (x.shape[1] + output_size), 0.42)
    out_room = (x.shape[0], max(output_size, 3))
    fig, reused = _reuse(fig, ("bins",), WIDTH * 0.8, x.shape[0] * cell + 1.0)
    if not reused:
        fig.subplots(1, 2, width_ratios=[x.shape[1], out_room[1]])
    left, right = fig.axes[:2]
    rows = ", ".join(f"{a}–{b - 1}" for a, b in zip(r0, r1))
    _draw_input(left, x, windows, highlighted, tile=False, marks=[], low=low, high=high,
                room=x.shape, margin=((0, 0), (0, 0)), title=f"input {x.shape[0]}×{x.shape[1]}\nbins: rows {rows}",
                size=8)
    _draw_output(right, y, cells, low=low, high=high, room=out_room, size=8,
                 title=f"adaptive avg → {output_size}×{output_size}\nmean of each bin")
    return fig


BINOMIAL = np.outer([1.0, 2.0, 1.0], [1.0, 2.0, 1.0]) / 16   # Zhang's 3-tap blur, [1, 2, 1] / 4 both ways


def pool_periodic(x, method: str) -> np.ndarray:
    """2×2 pooling with stride 2 of an image that repeats (wraps around), so that shifts are exact.

    * 'max': ``max_pool2d(x, 2)``;
    * 'avg': ``avg_pool2d(x, 2)``;
    * 'blur-then-max': Zhang's antialiased max-pool (2019): a max over 2×2 windows at
      stride 1, then the [1, 2, 1] binomial blur, then every second pixel.

    Away from the wrap-around these are exactly the usual pools on the image.

    Parameters
    ----------
    x : array (H, W), H and W even

    >>> pool_periodic(np.array([[0.0, 0, 1, 1, 0, 0, 1, 1]] * 2), "max")
    array([[0., 1., 0., 1.]])
    """
    x = _grid_2d(x, "x")
    method = _check_mode(method, METHODS, "method")
    if x.shape[0] % 2 or x.shape[1] % 2:
        raise ValueError(f"`x` must have even height and width, so that a shift wraps around whole windows; "
                         f"got shape {x.shape}")
    if method != "blur-then-max":
        return _pool(x, 2, 2, method)
    wrapped = np.pad(x, ((0, 1), (0, 1)), mode="wrap")
    dense = max_pool2d(wrapped[None], 2, 1)[0]                     # (H, W): the max of every 2x2 window
    return correlate2d(dense, BINOMIAL, mode="same", boundary="wrap")[::2, ::2]


def shift_change(x, shift: int, method: str, axis: int = 1) -> tuple[np.ndarray, np.ndarray, float]:
    """How much a pool's output changes when its input moves ``shift`` pixels (wrapping around).

    The output of the shifted input is compared with the output of the original,
    itself moved by whole output cells: by ``shift // 2`` or ``(shift + 1) // 2``,
    whichever matches better (a 1-px shift is half an output cell; neither is exact).

    Returns
    -------
    (pooled, change, mean_change): the pooled shifted input, its difference from the
    aligned original output, and the mean |change| as a fraction of the input's range.

    >>> board = np.kron([[1.0, -1.0], [-1.0, 1.0]], np.ones((2, 2)))
    >>> [round(shift_change(board, s, "max")[2], 2) for s in (0, 1, 2)]
    [0.0, 0.5, 0.0]
    """
    x = _grid_2d(x, "x")
    if isinstance(shift, bool) or not isinstance(shift, (int, np.integer)) or shift < 0:
        raise ValueError(f"`shift` must be a whole number of pixels, 0 or more; got {shift!r}")
    if axis not in (0, 1):
        raise ValueError(f"`axis` must be 0 (down) or 1 (right); got {axis!r}")
    reference = pool_periodic(x, method)
    pooled = pool_periodic(np.roll(x, shift, axis=axis), method)
    spread = float(np.ptp(x)) or 1.0
    candidates = [pooled - np.roll(reference, moved, axis=axis) for moved in sorted({shift // 2, (shift + 1) // 2})]
    change = min(candidates, key=lambda d: float(np.abs(d).mean()))
    return pooled, change, float(np.abs(change).mean()) / spread


def show_shift(x, shift: int, method: str, *, image=None, image_title: str = "photo",
               fig: Figure | None = None) -> Figure:
    """The shift explorer's frame: a grid moved right by ``shift`` px, its 2×2 pool and how much that changed.

    Panels, down the columns (with ``image``, two by two): the shifted grid (the 2×2 pooling
    windows outlined; the columns that came in from the other side tinted), the pooled
    output on the same gray range, the change
    from the unshifted output (aligned by whole output cells, see :func:`shift_change`),
    red-blue with limits ± the grid's range; and, given ``image``, the image's change map
    with limits ± its range.

    Example
    -------
    >>> fig = show_shift(np.kron([[1.0, -1.0], [-1.0, 1.0]], np.ones((2, 2))), 1, "avg")
    >>> fig._convlib_panels[2].get_title().splitlines()[0]
    'change from shift 0'
    """
    x = _grid_2d(x, "x")
    pooled, change, mean = shift_change(x, shift, method)
    shifted = np.roll(x, shift, axis=1)
    low, high = float(x.min()), float(x.max())
    low, high = (low, high) if high > low else (low - 0.5, high + 0.5)
    bound = high - low
    panels = 4 if image is not None else 3
    fig, reused = _reuse(fig, ("shift", panels), WIDTH, 5.0 if image is not None else 2.6)
    if not reused:
        grid = fig.subplots(2, 2) if image is not None else fig.subplots(1, 3)
        fig._convlib_panels = list(np.ravel(grid, order="F"))   # down the columns: the order a phone shows them
    axes = fig._convlib_panels
    ax = axes[0]
    _wipe(ax)
    _cells(ax, shifted, low, high, text=False)
    for c in range(min(shift, x.shape[1])):
        ax.add_patch(Rectangle((c - 0.5, -0.5), 1, x.shape[0], facecolor="#ff7f0e", alpha=0.25, edgecolor="none",
                               in_layout=False))
    windows = [w for row in pool_windows(x.shape, 2) for w in row]
    for top, bottom, left, right in windows:
        _box(ax, top, left, bottom - top, right - left, "#1f3b73", width=1.1)
    _frame(ax, x.shape, f"input moved {shift} px right\n2×2 windows, stride 2")
    name = {"max": "max-pool", "avg": "avg-pool", "blur-then-max": "blur-then-max"}[method]
    _draw_output(axes[1], pooled, [], low=low, high=high, room=pooled.shape, size=8,
                 title=f"{name} 2×2 → {pooled.shape[0]}×{pooled.shape[1]}")
    ax = axes[2]
    _wipe(ax)
    ax.imshow(change, cmap=DIVERGING, vmin=-bound, vmax=bound, interpolation="nearest")
    rows, cols = change.shape
    ax.vlines(np.arange(cols + 1) - 0.5, -0.5, rows - 0.5, colors="#888888", linewidth=0.5)
    ax.hlines(np.arange(rows + 1) - 0.5, -0.5, cols - 0.5, colors="#888888", linewidth=0.5)
    for (r, c), v in np.ndenumerate(change):
        cell_text(ax, c, r, format_value(round(float(v), 2)), fontsize=10,
                  color=cell_text_colour(v, bound, DIVERGING), in_layout=False)
    _bar(fig, ax, -bound, bound, DIVERGING)
    _frame(ax, change.shape, f"change from shift 0\nmean |change|: {mean:.0%} of range")
    if image is not None:
        image = _grid_2d(image, "image")
        _, photo_change, photo_mean = shift_change(image, shift, method)
        ax = axes[3]
        _wipe(ax)
        span = float(np.ptp(image)) or 1.0
        ax.imshow(photo_change, cmap=DIVERGING, vmin=-span / 2, vmax=span / 2, interpolation="nearest")
        _bar(fig, ax, -span / 2, span / 2, DIVERGING, extend="both")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"{image_title}, {name}: change\nmean |change|: {photo_mean:.1%} of range", fontsize=9)
    return fig


__all__ = ["BINOMIAL", "METHODS", "MODES", "pool_periodic", "pool_windows", "shift_change", "show_bins",
           "show_pooling", "show_shift"]
