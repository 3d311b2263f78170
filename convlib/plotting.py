"""Figures for the course: images, signed results, kernels, pixel grids, 1-D stacks.

House rules, applied everywhere here:

* gray for images, a diverging map centred at 0 (with a colorbar) for signed
  results such as edge maps;
* small kernels and pixel grids show their values in the cells;
* titles say what was applied; white figure background, so the book's dark
  mode stays legible.

Every ``show_*`` function takes an optional ``fig``. Given the figure it drew
last time, it updates the same artists in place (new data, new titles), which
is what keeps explorer sliders fast. The figures are plain
``matplotlib.figure.Figure`` objects, not pyplot ones, so a notebook shows each
exactly once (no duplicates in Colab).

Used in: every chapter.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

GRAY = "gray"
DIVERGING = "RdBu_r"
KERNEL = "Blues"  # unsigned kernels: darker = more weight
SIGNAL_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")


def _show_in_notebooks() -> None:
    """Let IPython show a returned Figure as a PNG (pyplot is never imported, so nothing else does)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, lambda fig: figure_bytes(fig, "png", dpi=90))


def new_figure(width: float, height: float) -> Figure:
    """A white, constrained-layout figure that pyplot does not track."""
    return Figure(figsize=(width, height), facecolor="white", layout="constrained")


def _reuse(fig: Figure | None, key, width: float, height: float) -> tuple[Figure, bool]:
    """Return (figure, reused): reuse ``fig`` if it was last drawn with the same layout ``key``."""
    if fig is None:
        fig = new_figure(width, height)
    elif getattr(fig, "_convlib_layout", None) == key:
        return fig, True
    else:
        fig.clear()
        fig.set_layout_engine("constrained")  # lay the new panels out once (see figure_bytes)
    fig._convlib_layout = key
    return fig, False


def is_signed(image: np.ndarray) -> bool:
    """True when an array has clearly negative values (so it needs the diverging map)."""
    return bool(np.nanmin(image) < -1e-12)


def _limits(image: np.ndarray, signed: bool, robust: bool = True) -> tuple[float, float]:
    """Colour limits: symmetric around 0 when signed, [0, 1] for photos.

    With ``robust``, signed maps saturate at the 98th percentile of |value|,
    so that a few strong edges do not wash out all the others.
    """
    finite = image[np.isfinite(image)]
    if finite.size == 0:
        return (-1.0, 1.0) if signed else (0.0, 1.0)
    if signed:
        magnitude = np.abs(finite)
        bound = float(np.percentile(magnitude, 98) if robust and finite.size > 400 else magnitude.max())
        bound = bound or float(magnitude.max()) or 1.0
        return -bound, bound
    low, high = float(finite.min()), float(finite.max())
    if low >= 0 and high <= 1:
        return 0.0, 1.0  # a photo in [0, 1]: keep true black and white
    return (low, high) if high > low else (low - 0.5, high + 0.5)


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


def _cell_text_colour(value: float, low: float, high: float, cmap: str) -> str:
    """White text on dark cells, black on light ones, for each colour map used here."""
    if cmap == DIVERGING:
        return "white" if abs(value) > 0.6 * max(abs(low), abs(high)) else "black"
    if cmap == KERNEL:
        return "white" if (value - low) > 0.6 * (high - low) else "black"
    return "white" if (value - low) < 0.5 * (high - low) else "black"


def _format(value: float) -> str:
    """Short cell labels: 2, -0.5, .07, .004 (a leading 0 dropped to save room)."""
    if np.isnan(value):
        return "nan"
    if float(value).is_integer() and abs(value) < 1000:
        return f"{int(value)}"
    text = f"{value:.3f}" if abs(value) < 0.01 else f"{value:.2f}"
    return text.replace("0.", ".", 1) if abs(value) < 1 else text


def _grid_limits(values: np.ndarray, signed: bool) -> tuple[float, float]:
    """A kernel or pixel grid uses its own range (a blur kernel's 0.02 is not 'black')."""
    if signed:
        return _limits(values, True, robust=False)
    finite = values[np.isfinite(values)]
    low, high = (min(0.0, float(finite.min())), float(finite.max())) if finite.size else (0.0, 1.0)
    return (low, high) if high > low else (low - 0.5, high + 0.5)


def draw_grid(ax, values, title: str = "", signed: bool | None = None, max_cells: int = 400,
              kernel: bool = False) -> None:
    """Draw (or update) a small array as coloured cells with their values written in.

    Pixel grids are gray; ``kernel=True`` draws unsigned kernels in blues (darker
    = more weight) so that a uniform box kernel does not look empty. Signed
    arrays are red-blue around 0.
    """
    values = np.atleast_2d(np.asarray(values, dtype=float))
    signed = is_signed(values) if signed is None else signed
    low, high = _grid_limits(values, signed)
    cmap = DIVERGING if signed else KERNEL if kernel else GRAY
    rows, cols = values.shape
    annotate = values.size <= max_cells
    key = (values.shape, cmap, annotate)
    if ax.images and getattr(ax, "_convlib_grid", None) == key:
        ax.images[0].set_data(values)
        ax.images[0].set_clim(low, high)
        for text, v in zip(ax.texts, values.ravel()):
            text.set_text(_format(v))
            text.set_color(_cell_text_colour(v, low, high, cmap))
    else:
        ax.clear()
        ax._convlib_grid = key
        ax.imshow(values, cmap=cmap, vmin=low, vmax=high)
        if annotate:
            size = 11 if max(rows, cols) <= 4 else 9 if max(rows, cols) <= 5 else 7 if max(rows, cols) <= 9 else 6
            for (r, c), v in np.ndenumerate(values):
                ax.text(c, r, _format(v), ha="center", va="center", fontsize=size,
                        color=_cell_text_colour(v, low, high, cmap))
        if max(rows, cols) <= 15:  # cell borders only where cells are big enough to see
            ax.set_xticks(np.arange(-0.5, cols), minor=True)
            ax.set_yticks(np.arange(-0.5, rows), minor=True)
            ax.grid(which="minor", color="#888888", linewidth=0.5)
        ax.tick_params(which="both", length=0)
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


def show_grids(arrays, titles=None, *, fig: Figure | None = None) -> Figure:
    """Small arrays side by side as annotated grids: input, kernel and result of a hand example.

    >>> [ax.get_title() for ax in show_grids([np.eye(2), np.ones((1, 1))], ["a", "b"]).axes]
    ['a', 'b']
    """
    arrays = [np.atleast_2d(np.asarray(a, dtype=float)) for a in arrays]
    titles = list(titles) if titles is not None else [""] * len(arrays)
    widths = [a.shape[1] for a in arrays]
    height = 0.5 * max(a.shape[0] for a in arrays) + 0.8
    fig, reused = _reuse(fig, ("grids", len(arrays)), 0.5 * sum(widths) + 1.2 * len(arrays), height)
    axes = fig.axes if reused else fig.subplots(1, len(arrays), width_ratios=widths, squeeze=False)[0]
    for ax, array, title in zip(axes, arrays, titles):
        draw_grid(ax, array, title)
    return fig


def show_signals(rows, *, x=None, fig: Figure | None = None, height_per_row: float = 1.5, xlabel: str = "") -> Figure:
    """1-D signals stacked vertically: e.g. signal, kernel, result.

    Parameters
    ----------
    rows : sequence of (label, values) or (label, values, style)
        ``values`` is an array, or a dict name -> array to overlay several
        lines with a legend. ``style`` is 'line' (default), 'stem' (for
        kernels) or 'step'.
    x : array, optional
        Shared x values for rows as long as it; others use their index.

    Example
    -------
    >>> fig = show_signals([("signal", np.arange(5.0)), ("kernel", [1, 0, -1], "stem")])
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['signal', 'kernel']
    """
    rows = [r if len(r) == 3 else (r[0], r[1], "line") for r in rows]
    fig, reused = _reuse(fig, ("signals", len(rows)), 8.5, height_per_row * len(rows) + 0.5)
    axes = fig.axes if reused else fig.subplots(len(rows), 1, squeeze=False)[:, 0]
    for index, (ax, (label, values, style)) in enumerate(zip(axes, rows)):
        series = values if isinstance(values, dict) else {None: values}
        ax.clear()
        uses_x = False
        for number, (name, line) in enumerate(series.items()):
            line = np.asarray(line, dtype=float)
            uses_x = x is not None and len(x) == len(line)
            xs = x if uses_x else np.arange(len(line))
            colour = SIGNAL_COLOURS[(index + number) % len(SIGNAL_COLOURS)]
            if style == "stem":
                ax.stem(xs, line, linefmt=colour, markerfmt="o", basefmt="#999999", label=name)
            elif style == "step":
                ax.step(xs, line, where="mid", color=colour, label=name)
            else:
                ax.plot(xs, line, color=colour, linewidth=1.4 if number else 1.0, label=name,
                        alpha=0.6 if len(series) > 1 and number == 0 else 1.0)
        if len(series) > 1:
            ax.legend(fontsize=9, loc="upper left")
        if style == "stem":
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if xlabel:
            ax.set_xlabel(xlabel if uses_x else "tap index", fontsize=9)
        ax.axhline(0, color="#bbbbbb", linewidth=0.6, zorder=0)
        ax.set_ylabel(label, fontsize=10)
        ax.tick_params(labelsize=9)
        ax.grid(alpha=0.3)
    return fig


def show_convolution_step(signal, kernel, n: int, *, fig: Figure | None = None) -> Figure:
    """One step of the full convolution sum y[n] = sum_k x[n - k] h[k], drawn.

    Top: the signal, with the flipped kernel placed so that h[k] sits under
    x[n - k]. Bottom: the output, computed up to step n, with y[n] marked and
    its sum written out.

    Example
    -------
    >>> fig = show_convolution_step([1, 2, 3], [1, 1], 1)
    >>> "y[1]" in fig.axes[1].get_title()
    True
    """
    x, h = np.asarray(signal, dtype=float), np.asarray(kernel, dtype=float)
    m, k = len(x), len(h)
    full = np.convolve(x, h)
    fig, reused = _reuse(fig, ("step", m, k), 8.5, 4.2)
    top, bottom = fig.axes[:2] if reused else fig.subplots(2, 1, sharex=True)
    top.clear()
    bottom.clear()
    positions = np.arange(-(k - 1), m + k - 1)
    padded = np.array([x[i] if 0 <= i < m else 0.0 for i in positions])
    top.bar(positions, padded, color="#c7d7ea", edgecolor="#1f77b4", width=0.8, label="signal x (0 outside)")
    taps = n - np.arange(k)  # h[j] multiplies x[n - j]
    top.plot(taps, h, "o", color="#d62728", markersize=8, label="flipped kernel: h[j] under x[n - j]")
    for j, position in enumerate(taps):
        top.annotate(f"h[{j}]", (position, h[j]), textcoords="offset points", xytext=(0, 8), ha="center",
                     fontsize=9, color="#d62728")
    top.axvspan(taps.min() - 0.5, taps.max() + 0.5, color="#d62728", alpha=0.08)
    top.axhline(0, color="#999999", linewidth=0.6)
    low, high = min(padded.min(), h.min(), 0), max(padded.max(), h.max())
    top.set_ylim(low - 0.15 * (high - low), high + 0.6 * (high - low))  # headroom for the legend
    top.legend(fontsize=9, loc="upper left", ncol=2)
    top.set_title(f"step n = {n}: the kernel is flipped and slid to position {n}", fontsize=11)
    bottom.bar(np.arange(len(full)), np.where(np.arange(len(full)) <= n, full, np.nan), color="#2ca02c", width=0.8)
    bottom.bar([n], [full[n]], color="#145a14", width=0.8)
    bottom.axhline(0, color="#999999", linewidth=0.6)
    def factor(v):
        return f"({v:g})" if v < 0 else f"{v:g}"

    terms = " + ".join(f"{factor(x[i])}·{factor(h[j])}" for j, i in enumerate(taps) if 0 <= i < m) or "0"
    bottom.set_title(f"y[{n}] = {terms} = {full[n]:g}", fontsize=11)
    bottom.set_xlim(positions.min() - 0.6, positions.max() + 0.6)
    bottom.set_xlabel("index n", fontsize=9)
    return fig


def figure_bytes(fig: Figure, fmt: str = "png", quality: int = 70, dpi: float = 80) -> bytes:
    """Render a figure to image bytes: 'png' (fast, lossless) or 'webp'/'jpeg' (compact)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    if fig.get_layout_engine() is not None and fig.get_layout_engine().__class__.__name__ != "PlaceHolderLayoutEngine":
        # the panels are laid out; keep them where they are for the next, in-place redraws
        fig.set_layout_engine("none")
    pixels = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    if fmt == "png":
        pixels.save(buffer, format="png", compress_level=1)
    elif fmt == "webp":
        pixels.convert("RGB").save(buffer, format="webp", quality=quality, method=6)
    elif fmt == "jpeg":
        pixels.convert("RGB").save(buffer, format="jpeg", quality=quality)
    else:
        raise ValueError(f"`fmt` must be one of 'png', 'webp', 'jpeg'; got {fmt!r}")
    return buffer.getvalue()


_show_in_notebooks()
