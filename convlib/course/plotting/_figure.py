"""The figure conventions of the whole book, written once.

* **Images** are gray on [0, 1] (other data, such as a ±1 checkerboard or a
  gradient magnitude, gray on their own range, with a colorbar).
  **Brightness results** (of kernels that sum to 1: blur, sharpen, emboss)
  are gray on [0, 1] too, so black stays black and white stays white, and
  their overshoot is coloured: blue below 0, red above 1 (a colorbar with
  arrows says so). A sharpen's halo and an emboss's relief stay visible.
* **Signed results** (of kernels that sum to 0, or nearly, or less: edges,
  derivatives; :func:`kernel_kind`) use the
  red-blue map centred at 0, with symmetric limits taken from the data and a
  colorbar. When a few extreme pixels would wash out the rest, the limits sit
  at the 99.5th percentile of |value|; the colorbar then shows arrows and its
  label gives the real range.
* **Kernels** are always red-blue centred at 0 (red = positive weight), with
  their values written in while they are legible, and their size in the title.
* White figure background, so the book's dark mode stays legible.

Figures are :data:`WIDTH` inches wide and drawn at :data:`DPI` for the book:
shown at most ``WIDTH * 100`` CSS pixels wide, each frame has 1.5 device
pixels per CSS pixel, so it stays sharp on high-density screens.

Every ``show_*`` function takes an optional ``fig``. Given the figure it drew
last time, it updates the same artists in place, which keeps explorers fast.
Figures are plain ``matplotlib.figure.Figure`` objects, never pyplot ones, so a
notebook shows each exactly once.
"""

from __future__ import annotations

import io
import os

import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

GRAY = "gray"
DIVERGING = "RdBu_r"
UNDER, OVER = "#2166ac", "#d6604d"  # brightness below 0 (blue) and above 1 (red)
SIGNAL_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
WIDTH = 6.4   # inches: shown at up to 640 CSS px
DPI = 150     # book frames: 960 px for 640 CSS px, 1.5x
LIVE_DPI = 100  # live frames are sent at the size they are shown
ROBUST = 99.5  # percentile of |value| where a signed map saturates
KINDS = ("image", "brightness", "signed")


def _show_in_notebooks() -> None:
    """Let IPython show a returned Figure (pyplot is never imported, so nothing else does).

    Live, as a PNG. In the book (``CONVLIB_STATIC_EXPLORERS=1``), as the same
    HTML block as an explorer's frame: sharp on high-density screens, and one
    panel at a time on a phone.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    formatters["image/png"].for_type(Figure, lambda fig: figure_bytes(fig, "png", dpi=110))
    if os.environ.get("CONVLIB_STATIC_EXPLORERS", "") == "1":
        def as_html(fig):
            from .._static_html import figure_html
            return figure_html(fig)

        formatters["text/html"].for_type(Figure, as_html)


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
        fig.set_size_inches(width, height)
    fig._convlib_layout = key
    return fig, False


def is_signed(image: np.ndarray) -> bool:
    """True when an array has clearly negative values.

    >>> is_signed(np.array([0.0, 1.0])), is_signed(np.array([-0.5, 1.0]))
    (False, True)
    """
    return bool(np.nanmin(image) < -1e-12)


SUM_SHARE = 0.02  # a kernel whose sum is at most this share of its total |weight| responds to change: signed


def kernel_kind(kernel) -> str:
    """'signed' for a kernel that sums to 0 (edges, derivatives), else 'brightness' (blur, sharpen).

    "Sums to 0" allows for a typed kernel that nearly does (``[1, 0, -1.01]``:
    a sum within 2% of its total weight), and a negative sum (an inverted
    image) is signed too: gray on [0, 1] would show it all as "below black".

    >>> kernel_kind([[1, 0, -1]] * 3), kernel_kind(np.ones((3, 3)) / 9), kernel_kind([1, 0, -1.01])
    ('signed', 'brightness', 'signed')
    >>> kernel_kind([[-1, -1, -1], [-1, 9, -1], [-1, -1, -1]]), kernel_kind([[-1.0]])
    ('brightness', 'signed')
    """
    kernel = np.asarray(kernel, dtype=float)
    return "signed" if kernel.sum() <= SUM_SHARE * float(np.abs(kernel).sum()) else "brightness"


def check_kind(kind, name: str = "kind") -> str:
    if kind not in KINDS:
        raise ValueError(f"`{name}` must be one of {', '.join(map(repr, KINDS))}; got {kind!r}")
    return kind


ROUNDING = 1e-9  # values this close outside [0, 1] are rounding errors (an average of ones is 1 + 2e-16), not overshoot


def within_rounding(image: np.ndarray, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """``image`` with the values less than :data:`ROUNDING` outside [low, high] moved onto the limit.

    A 3x3 average of ones is 1.0000000000000002 in floating point; drawn as is, it
    would take the colour of overshoot. Real overshoot is left alone.

    >>> within_rounding(np.array([1 + 2e-16, 1.5, -1e-17])).tolist()
    [1.0, 1.5, 0.0]
    """
    out = np.array(image, dtype=float)
    out[(out > high) & (out <= high + ROUNDING)] = high
    out[(out < low) & (out >= low - ROUNDING)] = low
    return out


def limits(image: np.ndarray, kind: str) -> tuple[float, float, bool]:
    """Colour limits (low, high, clipped) for an image of a given kind.

    'image': [0, 1] (true black and white) when the data fit, else the data's
    range; 'brightness': [0, 1], with ``clipped`` when values fall outside
    (they are drawn in colour); 'signed': symmetric around 0 (robust at the
    :data:`ROBUST` percentile on large maps).

    >>> limits(np.array([[-0.2, 1.3]]), "brightness")
    (0.0, 1.0, True)
    >>> limits(np.array([[-2.0, 1.0]]), "signed")
    (-2.0, 2.0, False)
    """
    finite = image[np.isfinite(image)]
    if finite.size == 0:
        return (-1.0, 1.0, False) if kind == "signed" else (0.0, 1.0, False)
    low, high = float(finite.min()), float(finite.max())
    if kind == "signed":
        magnitude = np.abs(finite)
        peak = float(magnitude.max()) or 1.0
        bound = float(np.percentile(magnitude, ROBUST)) if finite.size > 400 else peak
        bound = bound if bound > 0.25 * peak else peak  # only clip a few outliers, never most of the map
        return -bound, bound, bound < peak
    if kind == "brightness":
        return 0.0, 1.0, bool(low < -ROUNDING or high > 1 + ROUNDING)
    if low >= -ROUNDING and high <= 1 + ROUNDING:
        return 0.0, 1.0, False
    return (low, high, False) if high > low else (low - 0.5, high + 0.5, False)


def cell_text_colour(value: float, bound: float, cmap: str, low: float = 0.0, high: float = 1.0) -> str:
    """White text on dark cells, black on light ones."""
    if cmap == DIVERGING:
        return "white" if abs(value) > 0.55 * bound else "black"
    return "white" if (value - low) < 0.5 * (high - low) else "black"


def format_value(value: float) -> str:
    """Short cell labels: 2, -0.5, .07, .004 (a leading 0 dropped to save room).

    >>> [format_value(v) for v in (2.0, -0.5, 0.0712, 0.0041, float("nan"), 5 - 1e-15)]
    ['2', '-.50', '.07', '.004', '', '5']
    """
    if np.isnan(value):
        return ""  # not computed yet: an empty cell
    if abs(value) < 1000 and abs(value - round(value)) < 1e-9:   # 5 - 1e-15 is 5, not "5.00"
        return f"{int(round(value))}"
    text = f"{value:.3f}" if abs(value) < 0.01 else f"{value:.2f}"
    return text.replace("0.", ".", 1) if abs(value) < 1 else text


class CellText(Text):
    """A value written in a grid cell: its font shrinks at draw time until the label fits its cell.

    Every label of the same size in the same axes gets one font size, the one
    that fits the widest of them, so a grid reads evenly. ``fontsize`` is the
    largest size wanted; ``cell`` the cell's side in data units. Sizing happens
    when the figure is drawn, after the layout, so it holds at any figure size.
    """

    FILL = 0.86  # of a cell's width a label may take
    HEIGHT = 0.62  # of a cell's height, for the font size (in points)

    def __init__(self, x, y, text="", *, cell: float = 1.0, **kwargs):
        self._cell = float(cell)
        self._max_size = None
        super().__init__(x, y, text, **kwargs)
        self._max_size = float(self.get_fontsize())

    def set_fontsize(self, fontsize):
        if getattr(self, "_max_size", None) is not None and not getattr(self, "_fitting", False):
            self._max_size = float(fontsize)
        super().set_fontsize(fontsize)

    def set_text(self, s):
        changed = s != getattr(self, "_text", None)
        super().set_text(s)
        if changed and self.axes is not None:
            self.axes._convlib_cell_version = getattr(self.axes, "_convlib_cell_version", 0) + 1

    def _fitted_size(self, renderer) -> float:
        ax = self.axes
        (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (self._cell, self._cell)])
        to_points = 72.0 / self.figure.dpi
        width, height = abs(x1 - x0), abs(y1 - y0)
        key = (getattr(ax, "_convlib_cell_version", 0), len(ax.texts), round(width, 1), round(height, 1))
        cache = ax.__dict__.setdefault("_convlib_cell_sizes", {})
        group = (self._cell, self._max_size)
        if cache.get(group, (None,))[0] != key:
            labels = [t for t in ax.texts if isinstance(t, CellText) and (t._cell, t._max_size) == group
                      and t.get_visible() and t.get_text()]
            widest = sorted(labels, key=lambda t: len(t.get_text()))[-3:]
            scale = 1.0
            for label in widest:
                label._fitting = True
                Text.set_fontsize(label, self._max_size)
                extent = label.get_window_extent(renderer)
                label._fitting = False
                if extent.width > 0:
                    scale = min(scale, self.FILL * width / extent.width)
            size = min(self._max_size * scale, self.HEIGHT * height * to_points)
            cache[group] = (key, size)
        return cache[group][1]

    def draw(self, renderer):
        if self.get_visible() and self.get_text() and self.axes is not None and self._max_size:
            self._fitting = True
            Text.set_fontsize(self, self._fitted_size(renderer))
            self._fitting = False
        super().draw(renderer)


def cell_text(ax, x: float, y: float, text: str, *, fontsize: float = 11, cell: float = 1.0, **kwargs) -> CellText:
    """Write ``text`` centred in the cell at ``(x, y)`` of ``ax``, at most ``fontsize`` points, fitted to the cell."""
    kwargs.setdefault("in_layout", False)  # inside its axes anyway; left out, each frame's layout is cheaper
    label = CellText(x, y, text, cell=cell, fontsize=fontsize, ha=kwargs.pop("ha", "center"),
                     va=kwargs.pop("va", "center"), **kwargs)
    ax._add_text(label)
    ax._convlib_cell_version = getattr(ax, "_convlib_cell_version", 0) + 1
    return label


def layout_signature(fig: Figure) -> tuple:
    """What the layout depends on: sizes, limits, labels, and the number of lines of each title.

    A title's length is left out: it changes from frame to frame (``y[3] = ...``)
    and is centred over its panel, so it only needs a new layout when it gains a line.
    """
    parts = [tuple(fig.get_size_inches()), fig.dpi, len(fig.axes), id(fig._suptitle)]
    for ax in fig.axes:
        title = ax.get_title()
        parts.append((id(ax), ax.get_xlim(), ax.get_ylim(), bool(ax.get_xlabel()), bool(ax.get_ylabel()),
                      title.count("\n"), ax.get_legend() is not None, ax.get_xscale(), ax.get_yscale()))
    return tuple(parts)


def _moving_artists(fig: Figure) -> list:
    """Everything a frame may change: data, images, texts, titles, labels, legends. Not: spines, ticks, grids."""
    moving = [fig._suptitle] if fig._suptitle is not None else []
    for ax in fig.axes:
        moving += [*ax.collections, *ax.patches, *ax.images, *ax.lines, *ax.texts, *ax.tables,
                   ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        if ax.get_legend() is not None:
            moving.append(ax.get_legend())
        if ax.images:  # grid lines and spines sit above an image: draw them after it, as a full draw does
            moving += [ax.xaxis, ax.yaxis, *ax.spines.values()]
    return moving


def _draw_moving(fig: Figure, canvas) -> None:
    """Draw a frame on top of a cached background: only what moves is drawn (blitting).

    The background (spines, ticks, tick labels, grids: the costly part) is drawn
    once per layout; it stays valid while :func:`layout_signature` does not
    change, and every explorer keeps its axes limits steady, so it mostly does.
    """
    signature = layout_signature(fig)
    cached = getattr(fig, "_convlib_background", None)
    moving = _moving_artists(fig)
    if cached is None or cached[0] != signature:
        fig.set_layout_engine("constrained")
        for artist in moving:
            artist.set_animated(True)
        canvas.draw()
        fig.set_layout_engine("none")
        cached = (signature, canvas.copy_from_bbox(fig.bbox))
        fig._convlib_background = cached
    canvas.restore_region(cached[1])
    renderer = canvas.get_renderer()
    for artist in sorted(moving, key=lambda a: (fig.axes.index(a.axes) if a.axes in fig.axes else -1,
                                                a.get_zorder())):
        if artist.get_visible():
            artist.draw(renderer)


def _fixed_palette() -> list[int]:
    """24 grays and 24 steps of the red-blue map, as a flat [r, g, b, ...] list: every frame's shared colours."""
    from matplotlib import colormaps

    grays = np.repeat(np.linspace(0, 255, 24), 3)
    diverging = colormaps[DIVERGING](np.linspace(0, 1, 24))[:, :3].ravel() * 255
    return np.concatenate([grays, diverging]).round().astype(int).tolist()


_FIXED_PALETTE = _fixed_palette()


def _on_palette(rgb, colours: int, pixels_in: np.ndarray) -> np.ndarray:
    """``rgb`` on ``colours`` median-cut colours plus the fixed grays and red-blue steps; pure white kept."""
    from PIL import Image

    palette = Image.new("P", (1, 1))
    palette.putpalette(rgb.quantize(colours).getpalette()[:colours * 3] + _FIXED_PALETTE)
    mapped = np.array(rgb.quantize(palette=palette, dither=Image.Dither.NONE).convert("RGB"))
    mapped[(pixels_in == 255).all(axis=-1)] = 255
    return mapped


def figure_bytes(fig: Figure, fmt: str = "png", quality: int = 80, dpi: float = DPI,
                 lossless_too: bool = False, relayout: str = "always") -> bytes:
    """Lay out and render a figure to image bytes: 'png' (lossless) or 'webp'/'jpeg' (compact).

    With ``lossless_too`` (the book's frames), a WebP is encoded both lossy and
    lossless (on 64 colours, plenty for plots and grids) and the smaller is kept.

    ``relayout='always'`` (the book) lays every frame out afresh and draws it
    whole, so nothing is clipped or overlaps. ``relayout='changed'`` (live
    explorers, where layout and axes cost most of a move) lays out and draws the
    axes again only when something they depend on changed
    (:func:`layout_signature`), and draws just what moves on top of them.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    if fmt not in ("png", "webp", "jpeg"):
        raise ValueError(f"`fmt` must be one of 'png', 'webp', 'jpeg'; got {fmt!r}")
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    if relayout == "changed":
        _draw_moving(fig, canvas)
    else:
        for artist in _moving_artists(fig):
            artist.set_animated(False)
        fig._convlib_background = None
        fig.set_layout_engine("constrained")
        canvas.draw()
    pixels = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    if fmt == "png":
        pixels.save(buffer, format="png", compress_level=1)
    elif fmt == "webp":  # lossy suits photos; 64 colours, lossless, suit line art and grids: keep the smaller
        rgb = pixels.convert("RGB")
        rgb.save(buffer, format="webp", quality=quality, method=3)
        if lossless_too:
            # 24 grays and 24 steps of the red-blue map, the same in every frame (so a value keeps its
            # colour from frame to frame, and grays beside red-blue stay gray: 64 median-cut colours per
            # frame tinted grays by up to 28/255 and turned navy purple), and 16 by median cut for the
            # rest; 32 when 16 leave more than 0.2% of the pixels over 40/255 off (other colour maps:
            # a Blues count map), since every colour costs bytes and explorers must stay under 600 KB.
            # Pillow maps pixels to a palette through a coarse cache (white came out 249-253), so pure
            # white is put back. A light lossless effort: 2-3x faster than the default.
            pixels_in = np.asarray(rgb)
            mapped = _on_palette(rgb, 16, pixels_in)
            if (np.abs(mapped.astype(np.int16) - pixels_in).max(axis=-1) > 40).mean() > 0.002:
                mapped = _on_palette(rgb, 32, pixels_in)
            other = io.BytesIO()
            Image.fromarray(mapped).save(other, format="webp", lossless=True, quality=25, method=1)
            buffer = other if other.tell() < buffer.tell() else buffer
    else:
        pixels.convert("RGB").save(buffer, format="jpeg", quality=quality)
    return buffer.getvalue()


def panel_columns(fig: Figure) -> list[tuple[float, float]]:
    """The figure's panels as columns: (left, right) fractions of its width, for the phone layout.

    Axes whose extents (titles, labels and colorbars included) overlap
    horizontally form one column; columns are split halfway between them.
    Call after the figure was drawn.
    """
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    spans = sorted((b.x0 / width, b.x1 / width, hasattr(ax, "_colorbar")) for ax in fig.axes if ax.get_visible()
                   for b in [ax.get_tightbbox(renderer)] if b is not None)
    merged: list[list[float]] = []
    for left, right, colorbar in spans:
        if merged and (colorbar or left < merged[-1][1] - 0.01):  # a colorbar stays with its image
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    if len(merged) < 2:
        return [(0.0, 1.0)]
    cuts = [0.0] + [(a[1] + b[0]) / 2 for a, b in zip(merged, merged[1:])] + [1.0]
    return [(round(float(max(0.0, a)), 4), round(float(min(1.0, b)), 4)) for a, b in zip(cuts, cuts[1:])]


_show_in_notebooks()
