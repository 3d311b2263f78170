"""Convolution arithmetic, drawn the way conv_arithmetic draws it: padded input, windows, output.

* :func:`reads_per_cell`: how many windows read each cell of a padded axis
  (0 = never read);
* :func:`show_arithmetic`: the padded input with every cell's read count, the
  footprints of the first and last windows, and the output grid, titled with
  the output-size formula filled in;
* :func:`show_windows_1d`: a 1-D input, its padding, every window and the sum it
  writes: a hand example at a glance;
* :func:`show_stride_step`: one window of a strided, padded layer: the window,
  the kernel, the products and the output cell they write;
* :func:`show_strided`: images downsampled by a stride, drawn at one size;
* :func:`show_layer_sizes`: the output size through a stack of layers.

The colours, in every figure of this module: **input cells** are gray (their
values) or blue (their read counts, darker = read more often); **padding** is
sand-coloured; a cell **no window reads** is hatched; the **window** is
outlined in orange, as in chapter 2's step-through, and the input's own
border is dashed.

Used in: chapter 3.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from ..._checks import check_int
from ._figure import DIVERGING, SIGNAL_COLOURS, WIDTH, _reuse, cell_text, format_value

PAD_COLOUR = "#eadcb8"      # padding cells: sand
PAD_TEXT = "#6b5a2e"
WINDOW = "#ff9900"          # the window's outline, as in chapter 2's step-through
BORDER = "#333333"          # the input's own border, dashed
UNREAD = "#c0392b"          # cells no window reads: red text or hatching
UNREAD_FILL = "#f6cfcf"     # ... and a pale red fill in the read-count map
OUTPUT_FILL = "#dde9f5"
COUNT_MAP = colormaps["Blues"]


def _padding_pair(padding, name: str = "padding") -> tuple[int, int]:
    """An int (per side) or a (before, after) pair, as (before, after)."""
    if isinstance(padding, (tuple, list)):
        if len(padding) != 2:
            raise TypeError(f"`{name}` must be an int (per side) or a pair (before, after); got {padding!r}")
        return check_int(padding[0], name, 0), check_int(padding[1], name, 0)
    value = check_int(padding, name, 0)
    return value, value


def _setting(size, kernel_size, stride, padding):
    size = check_int(size, "size", 1)
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = check_int(stride, "stride", 1)
    before, after = _padding_pair(padding)
    padded = size + before + after
    if kernel_size > padded:
        raise ValueError(f"`kernel_size`={kernel_size} is larger than the padded input {padded} (`size`={size}, "
                         f"`padding`={padding!r}); use a smaller kernel or pad by at least "
                         f"{kernel_size - padded} more")
    out = (padded - kernel_size) // stride + 1
    return size, kernel_size, stride, before, after, padded, out


def reads_per_cell(size: int, kernel_size: int, stride: int = 1, padding=0) -> np.ndarray:
    """How many windows of a layer read each cell of the padded axis (padding included).

    Windows start at ``0, stride, 2*stride, ...`` of the padded axis, as long as
    they fit; each covers ``kernel_size`` cells. A 0 marks a cell that no window
    reads. In 2-D the count of cell (r, c) is ``reads[r] * reads[c]``.

    Parameters
    ----------
    size : int, the input's length
    kernel_size, stride : int
    padding : int (cells on each side) or (before, after)

    Returns
    -------
    ndarray of int, length ``size + before + after``.

    Example
    -------
    >>> reads_per_cell(6, 3, stride=2, padding=1)   # the last padding cell is never read
    array([1, 1, 2, 1, 2, 1, 1, 0])
    >>> reads_per_cell(6, 3, stride=2)              # without padding, the last input cell is lost
    array([1, 1, 2, 1, 1, 0])
    """
    _, k, s, _, _, padded, out = _setting(size, kernel_size, stride, padding)
    counts = np.zeros(padded, dtype=int)
    for start in range(0, out * s, s):
        counts[start:start + k] += 1
    return counts


def formula_text(size: int, kernel_size: int, stride: int = 1, padding=0) -> str:
    """The output-size formula with the numbers filled in.

    >>> formula_text(6, 3, 2, 1)
    '⌊(6 + 2·1 − 3) / 2⌋ + 1 = 3'
    >>> formula_text(5, 4, 1, (1, 2))
    '(5 + 1 + 2 − 4) / 1 + 1 = 5'
    """
    i, k, s, before, after, _, out = _setting(size, kernel_size, stride, padding)
    pads = f"2·{before}" if before == after else f"{before} + {after}"
    inner = f"({i} + {pads} − {k}) / {s}"
    return f"⌊{inner}⌋ + 1 = {out}" if s > 1 else f"{inner} + 1 = {out}"


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[j:j + 2], 16) / 255 for j in (1, 3, 5))


def _grid_lines(shape, offset: float) -> np.ndarray:
    """Segments of the lines between the cells of an array of ``shape`` whose first cell is centred at ``offset``."""
    rows, cols = shape
    top, left = offset - 0.5, offset - 0.5
    across = [[(left, top + r), (left + cols, top + r)] for r in range(rows + 1)]
    down = [[(left + c, top), (left + c, top + rows)] for c in range(cols + 1)]
    return np.array(across + down)


def _cell_axes(ax, room, texts: int = 0) -> None:
    """Prepare ``ax`` once for cells in a fixed room: an image, grid lines and a pool of cell labels.

    ``room`` is a number of cells (square) or (rows, cols). Labels stay out of
    the layout (they sit inside the axes anyway), which keeps each frame fast.
    """
    rows, cols = (room, room) if np.ndim(room) == 0 else room
    ax.clear()
    ax._convlib_grid = True  # the explorer leaves these axes alone: their limits are fixed here
    ax.imshow(np.ones((1, 1, 3)), interpolation="nearest")
    lines = LineCollection([], colors="white", linewidths=1.0, antialiaseds=False)
    ax.add_collection(lines)
    ax._convlib_lines = lines
    ax._convlib_labels = [cell_text(ax, 0, 0, "", fontsize=7, in_layout=False) for _ in range(texts)]
    ax.set_xlim(-0.5, cols - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_aspect("equal")
    for side in ax.spines.values():
        side.set_visible(False)


def _fill_cells(ax, colours: np.ndarray, offset: float) -> None:
    """Show a (rows, cols, 3) colour array as cells from ``offset``, and drop the old outlines."""
    rows, cols = colours.shape[:2]
    ax.images[0].set_data(colours)
    ax.images[0].set_extent((offset - 0.5, offset + cols - 0.5, offset + rows - 0.5, offset - 0.5))
    ax._convlib_lines.set_segments(_grid_lines((rows, cols), offset))
    for patch in list(ax.patches):
        patch.remove()


def _hatch(ax, row: float, col: float) -> None:
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, hatch="///", edgecolor=UNREAD,
                           linewidth=0, alpha=0.7))


def _box(ax, row: float, col: float, rows: float, cols: float, colour: str, style: str = "-",
         width: float = 2.5) -> None:
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), cols, rows, fill=False, edgecolor=colour, linewidth=width,
                           linestyle=style, zorder=3))


def _fresh(ax) -> None:
    ax.clear()
    ax._convlib_grid = True  # the explorer leaves these axes alone: their limits are set here, fixed


def show_arithmetic(size: int, kernel_size: int, stride: int = 1, padding=0, *, room: tuple[int, int] | None = None,
                    max_reads: int | None = None, fig: Figure | None = None) -> Figure:
    """conv_arithmetic, drawn: the padded input with each cell's read count, and the output grid.

    Left: the input (``size`` x ``size``, dashed border) inside its padding
    (sand). Each input cell shows how many window positions read it, darker
    blue for more; a red 0 is a cell no window reads, and the title counts the
    input cells never read. The first window is outlined in orange,
    the last one dotted. Right: the output grid, one cell per window position,
    with its first and last cells outlined the same way, titled with the
    output-size formula, numbers filled in. (The colours are explained in the
    text around the figure, so that every frame stays small.)

    Parameters
    ----------
    size, kernel_size, stride : int
    padding : int (cells on each side) or (before, after), the same on both axes
    room : (int, int), optional
        Cells reserved for the padded input and for the output. An explorer
        passes the largest of its settings, so cells keep one size in every
        frame and the grids sit centred.
    max_reads : int, optional
        The read count drawn darkest (by default this setting's largest), fixed
        across an explorer's frames.

    Example
    -------
    >>> fig = show_arithmetic(6, 3, stride=2, padding=1)
    >>> fig.axes[1].get_title().splitlines()[1]
    '⌊(6 + 2·1 − 3) / 2⌋ + 1 = 3'
    >>> show_arithmetic(6, 1, stride=2).axes[0].get_title().splitlines()[1]
    'input cells never read: 27 of 36'
    """
    i, k, s, before, after, padded, out = _setting(size, kernel_size, stride, padding)
    reads = reads_per_cell(i, k, s, (before, after))
    counts = np.outer(reads, reads)
    in_room, out_room = room if room is not None else (padded, out)
    in_room, out_room = max(in_room, padded), max(out_room, out)
    top = max(int(max_reads or counts.max()), 1)
    fig, reused = _reuse(fig, ("arithmetic", in_room, out_room), WIDTH, 3.2)
    if not reused:
        left, right = fig.subplots(1, 2)
        _cell_axes(left, in_room, in_room * in_room)
        _cell_axes(right, out_room)
    left, right = fig.axes[:2]

    inside = np.zeros((padded, padded), dtype=bool)
    inside[before:before + i, before:before + i] = True
    levels = np.minimum(counts, top) / top
    colours = COUNT_MAP(0.2 + 0.7 * levels)[..., :3]
    colours[~inside] = _rgb(PAD_COLOUR)
    colours[counts == 0] = _rgb(UNREAD_FILL)
    offset = (in_room - padded) / 2
    _fill_cells(left, colours, offset)
    labels = iter(left._convlib_labels)
    # the read counts: about half a cell high, in points
    size = float(np.clip(0.55 * 72 * left.get_position().width * WIDTH / in_room, 6.5, 10))
    for (r, c), n in np.ndenumerate(counts):
        label = next(labels)
        if n == 0:
            colour = UNREAD
        elif not inside[r, c]:
            label.set_visible(False)  # how often a padding cell is read matters less; bytes are dear
            continue
        else:
            colour = "white" if levels[r, c] > 0.5 else "#1a1a1a"
        label.set(position=(c + offset, r + offset), text=str(n), color=colour, visible=True, fontsize=size,
                  fontweight="bold" if n == 0 else "normal")
    for label in labels:
        label.set_visible(False)
    _box(left, before + offset, before + offset, i, i, BORDER, "--", 1.2)
    last = (out - 1) * s
    _box(left, offset, offset, k, k, WINDOW)
    if out > 1:
        _box(left, last + offset, last + offset, k, k, WINDOW, ":", 2.2)
    pads = f"padding {before}" if before == after else f"padding {before} and {after}"
    unread = int(np.sum((counts == 0) & inside))
    note = f"input cells never read: {unread} of {i * i}" if unread else "every input cell is read"
    left.set_title(f"input {i}×{i}, {pads}: reads per cell\n{note}", fontsize=9.5)

    out_offset = (out_room - out) / 2
    _fill_cells(right, np.ones((out, out, 3)) * np.array(_rgb(OUTPUT_FILL)), out_offset)
    _box(right, out_offset, out_offset, 1, 1, WINDOW)
    if out > 1:
        _box(right, out - 1 + out_offset, out - 1 + out_offset, 1, 1, WINDOW, ":", 2.2)
    right.set_title(f"output {out}×{out}\n{formula_text(i, k, s, (before, after))}", fontsize=9.5)
    return fig


def _as_rows(signals) -> list[np.ndarray]:
    """One 1-D input, or a list of them (lengths may differ), as a list of float arrays."""
    if isinstance(signals, np.ndarray) and signals.ndim == 1:
        return [signals.astype(float)]
    items = list(signals)
    if items and all(np.ndim(item) == 0 for item in items):
        return [np.asarray(items, dtype=float)]
    return [np.asarray(item, dtype=float).ravel() for item in items]


def show_windows_1d(signals, kernel, stride: int = 1, padding=0, *, fig: Figure | None = None) -> Figure:
    """A 1-D layer by hand: each padded input, every window under it, and the value each window writes.

    The layer is a cross-correlation, as ``conv1d``: window ``j`` covers padded
    cells ``j*stride .. j*stride + k - 1`` and writes
    ``y[j] = sum_t padded[j*stride + t] * kernel[t]``. Give several inputs
    (e.g. of lengths 5 and 6) to compare them, one panel each, on one scale.

    Example
    -------
    >>> fig = show_windows_1d([[1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6]], [1, 1, 1], stride=2, padding=1)
    >>> [t.get_text() for t in fig.axes[1].texts if t.get_text().startswith("y")]
    ['y[0] = 3', 'y[1] = 9', 'y[2] = 15']
    """
    rows = _as_rows(signals)
    h = np.asarray(kernel, dtype=float).ravel()
    settings = [_setting(len(x), len(h), stride, padding) for x in rows]
    widest = max(setting[5] for setting in settings)
    heights = [1.9 + 0.32 * setting[6] for setting in settings]
    cell = 0.42  # inches: as narrow as the cells need, so a phone shows them near full size
    fig, _ = _reuse(fig, ("windows1d", tuple(len(x) for x in rows), len(h), stride, str(padding)),
                    min(WIDTH, cell * (widest + 3.4)), cell * sum(heights) + 0.1)
    fig.clear()
    axes = fig.subplots(len(rows), 1, squeeze=False, height_ratios=heights)[:, 0]
    for ax, x, (i, k, s, before, after, _, out) in zip(axes, rows, settings):
        _fresh(ax)
        padded = np.concatenate([np.zeros(before), x, np.zeros(after)])
        reads = reads_per_cell(i, k, s, (before, after))
        for c, v in enumerate(padded):
            is_pad = not before <= c < before + i
            ax.add_patch(Rectangle((c - 0.5, -0.5), 1, 1, facecolor=PAD_COLOUR if is_pad else "white",
                                   edgecolor="#888888", linewidth=0.6))
            ax.text(c, 0, format_value(v), ha="center", va="center", fontsize=10,
                    color=PAD_TEXT if is_pad else "#1a1a1a")
            if reads[c] == 0:
                _hatch(ax, 0, c)
        ax.add_patch(Rectangle((before - 0.5, -0.5), i, 1, fill=False, edgecolor=BORDER, linestyle="--",
                               linewidth=1.2))
        for j in range(out):
            y, start = 0.85 + 0.32 * j, j * s
            value = float(padded[start:start + k] @ h)
            colour = SIGNAL_COLOURS[j % len(SIGNAL_COLOURS)]
            ax.plot([start - 0.4, start - 0.4, start + k - 0.6, start + k - 0.6], [y - 0.12, y, y, y - 0.12],
                    color=colour, linewidth=1.6)
            ax.text(start + k - 0.4, y, f"y[{j}] = {value:g}", va="center", ha="left", fontsize=9, color=colour)
        ax.set_xlim(-0.6, widest + 2.2)
        ax.set_ylim(0.85 + 0.32 * out, -0.6)
        ax.set_aspect("equal")
        for side in ax.spines.values():
            side.set_visible(False)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"input of {i}: {formula_text(i, k, s, (before, after))} outputs", fontsize=10)
    return fig


def _label_cells(ax, values: np.ndarray, colours: np.ndarray, offset: float = 0.0, size: float = 8) -> None:
    """Write each value in its cell (white on dark cells), from the axes' label pool; NaN cells stay blank."""
    labels = ax._convlib_labels
    shade = colours @ np.array([0.299, 0.587, 0.114])
    for label, ((r, c), v) in zip(labels, np.ndenumerate(values)):
        label.set(position=(c + offset, r + offset), text=format_value(v), visible=True, fontsize=size,
                  color="white" if shade[r, c] < 0.5 else "#1a1a1a")
    for label in labels[values.size:]:
        label.set_visible(False)


def _signed_colours(values: np.ndarray, bound: float | None = None) -> np.ndarray:
    """Red-blue, centred at 0, symmetric limits (the book's convention for kernels and signed values)."""
    finite = values[np.isfinite(values)]
    bound = bound or (float(np.abs(finite).max()) if finite.size else 1.0) or 1.0
    colours = colormaps[DIVERGING](0.5 + 0.5 * np.clip(np.nan_to_num(values) / bound, -1, 1))[..., :3]
    colours[~np.isfinite(values)] = 0.94  # not computed yet: light gray, blank
    return colours


def show_stride_step(image, kernel, index: int, *, stride: int = 1, padding: int = 0,
                     fig: Figure | None = None) -> Figure:
    """Output cell number ``index`` (row-major) of a strided, zero-padded layer, drawn step by step.

    Four panels: the padded input (gray values, padding in sand, the input's
    border dashed, cells no window reads hatched) with the window outlined;
    the kernel, applied as written (a layer does not flip it); the products of
    the window and the kernel, titled with their sum; and the output, filled in
    up to the current cell, which is outlined. Kernel, products and output are
    red-blue, centred at 0; the output keeps one colour scale at every step.

    Parameters
    ----------
    image : 2-D array, small (about 5x5 to 8x8)
    kernel : 2-D array
    index : int, 0 .. (number of outputs - 1)
    stride, padding : int

    Example
    -------
    >>> fig = show_stride_step(np.arange(25.0).reshape(5, 5), np.ones((3, 3)), 1, stride=2, padding=1)
    >>> fig.axes[3].get_title().splitlines()
    ['output 3×3', 'y[0, 1] = 27']
    """
    x = np.asarray(image, dtype=float)
    w = np.asarray(kernel, dtype=float)
    if x.ndim != 2 or w.ndim != 2:
        raise ValueError(f"`image` and `kernel` must be 2-D; got shapes {x.shape} and {w.shape}")
    kh, kw = w.shape
    stride = check_int(stride, "stride", 1)
    padding = check_int(padding, "padding", 0)
    padded = np.pad(x, padding)
    out_h, out_w = (padded.shape[0] - kh) // stride + 1, (padded.shape[1] - kw) // stride + 1
    if out_h < 1 or out_w < 1:
        raise ValueError(f"`kernel` of shape {w.shape} is larger than the padded input {padded.shape}")
    index = check_int(index, "index", 0)
    if index >= out_h * out_w:
        raise ValueError(f"`index` must be between 0 and {out_h * out_w - 1} (a {out_h}×{out_w} output); got {index}")
    full = np.array([[np.sum(padded[r * stride:r * stride + kh, c * stride:c * stride + kw] * w)
                      for c in range(out_w)] for r in range(out_h)])
    row, col = divmod(index, out_w)
    top, left = row * stride, col * stride
    products = padded[top:top + kh, left:left + kw] * w
    shown = np.where(np.arange(full.size).reshape(full.shape) <= index, full, np.nan)

    rows, cols = padded.shape
    fig, reused = _reuse(fig, ("stridestep", x.shape, w.shape, stride, padding), WIDTH, 2.5)
    if not reused:
        axes = fig.subplots(1, 4, width_ratios=[cols, kw + 0.6, kw + 0.6, out_w + 0.6])
        for ax, shape in zip(axes, [padded.shape, w.shape, w.shape, full.shape]):
            _cell_axes(ax, shape, shape[0] * shape[1])
    axes = fig.axes[:4]

    inside = np.zeros(padded.shape, dtype=bool)
    inside[padding:padding + x.shape[0], padding:padding + x.shape[1]] = True
    low, high = float(x.min()), float(x.max())
    high = high if high > low else low + 1
    colours = colormaps["gray"](0.25 + 0.7 * (padded - low) / (high - low))[..., :3]
    colours[~inside] = _rgb(PAD_COLOUR)
    _fill_cells(axes[0], colours, 0.0)
    _label_cells(axes[0], padded, colours, size=8 if max(rows, cols) <= 8 else 7)
    for label, is_inside in zip(axes[0]._convlib_labels, inside.ravel()):
        if not is_inside:
            label.set_color(PAD_TEXT)
    reads_r = reads_per_cell(x.shape[0], kh, stride, padding)
    reads_c = reads_per_cell(x.shape[1], kw, stride, padding)
    for r, c in zip(*np.nonzero(np.outer(reads_r, reads_c) == 0)):
        _hatch(axes[0], r, c)
    _box(axes[0], padding, padding, x.shape[0], x.shape[1], BORDER, "--", 1.2)
    _box(axes[0], top, left, kh, kw, WINDOW)
    axes[0].set_title(f"padded input, window at\n({row}·{stride}, {col}·{stride}) = ({top}, {left})", fontsize=9.5)

    value = f"{full[row, col]:g}"
    most = float(np.abs(padded).max() * np.abs(w).max()) or 1.0  # the products' scale, the same at every step
    panels = [(w, None, f"kernel {kh}×{kw}\nnot flipped"), (products, most, f"products\nsum = {value}"),
              (shown, float(np.abs(full).max()) or 1.0, f"output {out_h}×{out_w}\ny[{row}, {col}] = {value}")]
    for ax, (values, bound, title) in zip(axes[1:], panels):
        colours = _signed_colours(values, bound)
        _fill_cells(ax, colours, 0.0)
        _label_cells(ax, values, colours, size=9 if max(values.shape) <= 4 else 8)
        ax.set_title(title, fontsize=9.5)
    _box(axes[3], row, col, 1, 1, WINDOW)
    return fig


def show_strided(images, titles, *, shape=None, fig: Figure | None = None) -> Figure:
    """Images of different resolutions side by side, each drawn over the same area, one block per pixel.

    A stride-``s`` output has ``s`` times fewer pixels per side; drawn over the
    original's area with nearest-neighbour blocks, every pixel is visible as it
    is, and nothing smooths the aliasing away. Gray on [0, 1] (images). Each
    image is a panel of its own, so a phone shows each at full width.

    Parameters
    ----------
    images : sequence of 2-D arrays
    titles : sequence of str (two short lines each fit a panel)
    shape : (rows, cols), optional
        The area to draw over; by default the first image's shape.

    Example
    -------
    >>> fig = show_strided([np.eye(8), np.eye(8)[::2, ::2]], ["stride 1", "stride 2"])
    >>> fig.axes[1].images[0].get_extent()
    [-0.5, 7.5, 7.5, -0.5]
    """
    images = [np.asarray(im, dtype=float) for im in images]
    rows, cols = shape if shape is not None else images[0].shape
    panel = (WIDTH - 0.25 * len(images)) / len(images)
    fig, reused = _reuse(fig, ("strided", len(images), rows, cols), WIDTH, panel * rows / cols + 0.65)
    axes = fig.axes[:len(images)] if reused else fig.subplots(1, len(images), squeeze=False)[0]
    for ax, image, title in zip(axes, images, titles):
        extent = (-0.5, cols - 0.5, rows - 0.5, -0.5)
        if ax.images:
            ax.images[0].set_data(image)
            ax.images[0].set_extent(extent)
        else:
            ax.imshow(image, cmap="gray", vmin=0, vmax=1, interpolation="nearest", extent=extent)
            ax.set_xticks([])
            ax.set_yticks([])
        ax.set_xlim(-0.5, cols - 0.5)
        ax.set_ylim(rows - 0.5, -0.5)
        ax._convlib_grid = True  # fixed by the area drawn over, not by the data
        ax.set_title(title, fontsize=9.5)
    return fig


def show_layer_sizes(sizes: dict, *, title: str = "", fig: Figure | None = None) -> Figure:
    """Output size after each layer of a stack, one line per kind of stack.

    Parameters
    ----------
    sizes : dict label -> sequence of int
        The size before the first layer, then after each layer.

    Example
    -------
    >>> fig = show_layer_sizes({"valid 3×3": [32, 30, 28], "same 3×3": [32, 32, 32]})
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['valid 3×3', 'same 3×3']
    """
    # one panel, so narrower than WIDTH: a phone shows it whole, and its labels stay readable at 390 px
    fig, reused = _reuse(fig, ("layersizes", len(sizes)), 0.7 * WIDTH, 3.0)
    ax = fig.axes[0] if reused else fig.subplots()
    ax.clear()
    markers = "osD^v"
    for number, (label, values) in enumerate(sizes.items()):
        values = np.asarray(values)
        ax.plot(np.arange(len(values)), values, marker=markers[number % len(markers)], markersize=4,
                color=SIGNAL_COLOURS[number % len(SIGNAL_COLOURS)], label=label)
        ax.annotate(f"{values[-1]}", (len(values) - 1, values[-1]), textcoords="offset points", xytext=(6, 0),
                    va="center", fontsize=8, color=SIGNAL_COLOURS[number % len(SIGNAL_COLOURS)])
    ax.set_xlabel("layers applied", fontsize=9)
    ax.set_ylabel("output size (pixels per side)", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    longest = max(len(values) for values in sizes.values())
    ax.set_xlim(-0.4, longest - 1 + 0.08 * longest + 0.4)  # room for the final sizes written at the right
    top = max(int(np.max(values)) for values in sizes.values())
    ax.set_ylim(0, (1.25 + 0.12 * len(sizes)) * top)  # headroom: the legend sits above the lines, never on them
    ax.tick_params(labelsize=8.5)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8.5, loc="upper right", frameon=False)
    ax.set_title(title, fontsize=10)
    return fig
