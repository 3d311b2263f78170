"""Going back up: how the stamps of a transposed convolution overlap, and what each upsampling method makes.

* :func:`overlap`, :func:`interior`, :func:`coverage`: how many kernel stamps
  of a transposed convolution land on each output pixel (computed with
  :func:`convlib.conv_transpose2d` on an input of ones and a kernel of ones),
  and the part of the output away from the border where that count repeats.
* :func:`show_overlap`: Distill's 1-D picture (one row per input pixel, its
  stamp ``kernel_size`` wide, ``stride`` apart, and their sum) next to the
  2-D count map, the max/min coverage in the title.
* :func:`draw_counts`, :func:`show_count_maps`: count maps side by side
  (two stacked layers, say) on one scale.
* :func:`show_upsampling`: one upsampling method with its kernel, on a constant
  image and on the photo (two rows, so a 4x4 kernel's values stay readable on a phone).

**A count is not signed**, so a count map is neither gray (images) nor red-blue
(signed values, kernels): it uses chapter 8's sequential map
:data:`~.receptive.COUNTS` on a log scale (so 1, 2 and 4 stay apart next to
36), with a colorbar, and an output pixel that no stamp reaches (a gap) is
white. The output of a random kernel is signed (its weights are), so it is
red-blue centred at 0, with a colorbar.

Used in: chapter 7.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib import colormaps
from matplotlib.collections import LineCollection
from matplotlib.colors import ListedColormap, LogNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullLocator

from ..._checks import check_int
from ...conv_transpose import conv_transpose2d
from ._figure import WIDTH, _reuse, check_kind, kernel_kind
from .grids import draw_grid
from .images import draw_image
from .receptive import COUNTS, _count_ticks

# Alternate rows of the 1-D picture, so neighbouring stamps stay apart: two blue-grays, which are neither counts
# nor signed values, and leave the frame's 64-colour palette to the count map's colorbar.
STAMPS = ("#4f6d8f", "#9fb3c8")


def overlap(kernel_size: int, stride: int, inputs: int = 5, ndim: int = 2) -> np.ndarray:
    """How many stamps land on each output pixel: a transposed convolution of ones by a kernel of ones.

    Parameters
    ----------
    kernel_size, stride : int >= 1
    inputs : int >= 1, the input's length (1-D) or side (2-D)
    ndim : 1 or 2

    Returns
    -------
    ndarray of ints, length ``(inputs - 1)*stride + kernel_size`` (1-D) or that squared (2-D).

    Example
    -------
    >>> overlap(3, 2, inputs=3, ndim=1).tolist()
    [1, 1, 2, 1, 2, 1, 1]
    """
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = check_int(stride, "stride", 1)
    inputs = check_int(inputs, "inputs", 1)
    if ndim not in (1, 2):
        raise ValueError(f"`ndim` must be 1 or 2; got {ndim!r}")
    shape = (1, 1) + ((1, inputs) if ndim == 1 else (inputs, inputs))
    kernel = np.ones((1, 1) + ((1, kernel_size) if ndim == 1 else (kernel_size, kernel_size)))
    counts = conv_transpose2d(np.ones(shape), kernel, stride=stride)[0, 0]
    return np.rint(counts[0] if ndim == 1 else counts).astype(int)


def interior(kernel_size: int, stride: int, inputs: int = 5) -> slice:
    """The output positions (along one axis) that every stamp which could reach them does reach.

    From ``kernel_size - 1`` to ``(inputs - 1)*stride``: away from the border, where the
    count repeats with period ``stride``. Empty (a zero-length slice) when the input is too
    short to have an inside.

    >>> interior(3, 2, inputs=5)
    slice(2, 9, None)
    """
    return slice(kernel_size - 1, max(kernel_size - 1, (inputs - 1) * stride + 1))


def coverage(kernel_size: int, stride: int, inputs: int = 5, ndim: int = 2) -> tuple[int, int]:
    """(most, fewest) stamps on one output pixel inside the output (see :func:`interior`).

    >>> coverage(3, 2), coverage(4, 2), coverage(1, 2)
    ((4, 1), (4, 4), (1, 0))
    """
    inputs = max(check_int(inputs, "inputs", 1), 2 + -(-kernel_size // stride))  # long enough to have an inside
    inside = interior(kernel_size, stride, inputs)
    counts = overlap(kernel_size, stride, inputs, ndim)
    counts = counts[inside] if ndim == 1 else counts[inside, inside]
    return int(counts.max()), int(counts.min())


def coverage_text(kernel_size: int, stride: int, ndim: int = 2) -> str:
    """The max/min coverage in words: 'even: 4 stamps everywhere', 'uneven: 4 to 1 stamps (4x)', 'gaps: ...'.

    >>> coverage_text(3, 2)
    'uneven, 1 to 4 stamps (max/min 4x)'
    """
    most, fewest = coverage(kernel_size, stride, ndim=ndim)
    if fewest == 0:
        return f"gaps, some pixels get no stamp (stride {stride} > kernel {kernel_size})"
    if most == fewest:
        return f"even, {most} stamp{'s' if most > 1 else ''} on every pixel (max/min 1x)"
    return f"uneven, {fewest} to {most} stamps (max/min {most / fewest:g}x)"


def _grid_lines(rows: int, cols: int, colour: str, width: float) -> LineCollection:
    """The borders of a rows x cols grid of pixels, as one collection."""
    segments = [[(c - 0.5, -0.5), (c - 0.5, rows - 0.5)] for c in range(cols + 1)]
    segments += [[(-0.5, r - 0.5), (cols - 0.5, r - 0.5)] for r in range(rows + 1)]
    return LineCollection(segments, colors=colour, linewidths=width)


def _count_norm(vmax: int) -> LogNorm:
    return LogNorm(vmin=1, vmax=max(int(vmax), 2))


def draw_counts(ax, counts, title: str = "", *, canvas: int | None = None, vmax: int | None = None,
                inside: slice | None = None, colorbar: bool = True, ticks=None, gaps: bool = True) -> None:
    """A 2-D count map (log scale, gaps white) in the top-left of a ``canvas`` x ``canvas`` grid.

    ``inside`` (a slice per axis, see :func:`interior`) is outlined with a dashed square.
    The axes keep their own colour scale in an explorer (``vmax`` fixes it across frames).
    ``ticks``: the colorbar's ticks (say, the counts present); by default 1, 2, 3, 5, 10, ... up to vmax.
    ``gaps``: whether the colorbar's label explains white (no stamp); say False where no pixel is white.

    >>> from convlib.course.plotting import new_figure
    >>> ax = new_figure(3, 3).subplots()
    >>> draw_counts(ax, overlap(3, 2, inputs=2), canvas=6)
    >>> int(np.ma.count(ax.images[0].get_array()))   # 5 x 5 output pixels, all covered; 11 masked
    25
    """
    counts = np.atleast_2d(np.asarray(counts))
    rows, cols = counts.shape
    canvas = max(canvas or 0, rows, cols)
    vmax = max(int(vmax or counts.max()), 1)
    shown = np.zeros((canvas, canvas))
    shown[:rows, :cols] = counts
    outside = np.ones((canvas, canvas), dtype=bool)
    outside[:rows, :cols] = False
    masked = np.ma.masked_array(shown, mask=outside | (shown < 1))
    key = (canvas, vmax)
    if ax.images and getattr(ax, "_convlib_counts", None) == key:
        ax.images[0].set_data(masked)
    else:
        if getattr(ax, "_convlib_counts_bar", None) is not None:
            ax._convlib_counts_bar.remove()
            ax._convlib_counts_bar = None
        ax.clear()
        palette = colormaps[COUNTS].with_extremes(bad="white")
        artist = ax.imshow(masked, cmap=palette, norm=_count_norm(vmax), interpolation="nearest")
        ax._convlib_counts = key
        ax._convlib_grid = key  # an explorer leaves its scale alone: vmax fixes it
        ax.set_xticks([])
        ax.set_yticks([])
        if canvas <= 25:  # pixel borders, where pixels are big enough to see (lines, not ticks: fast to lay out)
            ax.add_collection(_grid_lines(canvas, canvas, "#d0d0d0", 0.4))
        if colorbar:
            bar = ax.figure.colorbar(artist, ax=ax, shrink=0.85)
            ticks = sorted({int(t) for t in ticks if 1 <= t <= vmax}) if ticks is not None else _count_ticks(vmax)
            bar.ax.yaxis.set_major_locator(FixedLocator(ticks))
            bar.ax.yaxis.set_minor_locator(NullLocator())
            bar.ax.set_yticklabels([str(t) for t in ticks])
            bar.ax.tick_params(labelsize=8)
            bar.set_label("stamps per pixel\n(log scale" + ("; white: none)" if gaps else ")"), fontsize=8)
            ax._convlib_counts_bar = bar
    for patch in list(ax.patches):
        patch.remove()
    # the output's edge (solid) and its inside (dashed)
    ax.add_patch(Rectangle((-0.5, -0.5), cols, rows, fill=False, edgecolor="#555555", linewidth=0.8, zorder=3))
    if inside is not None and inside.stop > inside.start:
        size = inside.stop - inside.start
        ax.add_patch(Rectangle((inside.start - 0.5, inside.start - 0.5), size, size, fill=False,
                               edgecolor="#d62728", linewidth=1.4, linestyle="--", zorder=4))
    ax.set_xlim(-0.5, canvas - 0.5)
    ax.set_ylim(canvas - 0.5, -0.5)
    ax.set_title(title, fontsize=9)


def _draw_stamps(ax, kernel_size: int, stride: int, inputs: int, length: int) -> None:
    """One row per input pixel: its stamp, ``kernel_size`` output pixels wide, starting at ``i*stride``.

    Drawn as one image (rows alternate in colour, white elsewhere) with white pixel borders.
    """
    rows = np.zeros((inputs, length))
    for i in range(inputs):
        rows[i, i * stride:i * stride + kernel_size] = 1 + i % 2
    if getattr(ax, "_convlib_stamps", None) != rows.shape:   # the input's length and the axis follow the setting
        ax._convlib_stamps = rows.shape
        ax.clear()
        ax.imshow(rows, cmap=ListedColormap(["white", *STAMPS]), vmin=0, vmax=2, interpolation="nearest",
                  aspect="auto")
        ax.add_collection(_grid_lines(inputs, length, "white", 1.0))
        every = 1 if inputs <= 8 else 2
        ax.set_yticks(range(0, inputs, every), [f"x[{i}]" for i in range(0, inputs, every)], fontsize=7)
        ax.set_xticks([])
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(length=0)
        ax.set_xlim(-0.5, length - 0.5)
        ax.set_ylim(inputs - 0.5, -0.5)
    else:
        ax.images[0].set_data(rows)
    ax.set_title(f"1-D: each input pixel stamps the kernel\n({kernel_size} wide), {stride} apart", fontsize=9)


def _draw_sums(ax, counts: np.ndarray, length: int, top: int, inside: slice) -> None:
    """The 1-D counts as bars with their values, dark inside the output and light near the border."""
    for artist in list(ax.patches) + list(ax.texts):
        artist.remove()
    if inside.stop > inside.start:   # the inside, shaded behind its bars
        ax.add_patch(Rectangle((inside.start - 0.5, 0), inside.stop - inside.start, top * 1.3 + 0.5,
                               facecolor="#ececec", edgecolor="none", zorder=0))
    for p, c in enumerate(counts):
        colour = "#3a3a3a" if inside.start <= p < inside.stop else "#b0b0b0"
        ax.add_patch(Rectangle((p - 0.42, 0), 0.84, c, facecolor=colour, edgecolor="none"))
        ax.text(p, c + 0.1, str(c), ha="center", va="bottom", fontsize=7)
    if not getattr(ax, "_convlib_sums", False):
        ax._convlib_sums = True
        ax.set_yticks([])
        ax.set_xlabel("output pixel (shaded, dark bars: inside)", fontsize=8)
        ax.tick_params(labelsize=7)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_title("stamps on each output pixel (1-D)", fontsize=9)
    ax.set_xlim(-0.5, length - 0.5)
    ax.set_ylim(0, top * 1.3 + 0.5)


def inside_window(kernel_size: int, stride: int, window: int = 12) -> np.ndarray:
    """A ``window`` x ``window`` piece of the 2-D count map, away from the border (where the pattern repeats).

    >>> inside_window(3, 2, window=4).tolist()
    [[4, 2, 4, 2], [2, 1, 2, 1], [4, 2, 4, 2], [2, 1, 2, 1]]
    """
    window = check_int(window, "window", 1)
    inputs = -(-(kernel_size - 1 + window) // stride) + 1
    start = kernel_size - 1
    return overlap(kernel_size, stride, inputs, ndim=2)[start:start + window, start:start + window]


def stamp_inputs(kernel_size: int, stride: int, span: int = 12) -> int:
    """How many 1-D input pixels :func:`show_overlap` draws: enough that the inside (where the count
    repeats) is at least as long as either border ramp, and the output about ``span`` pixels or more.

    >>> stamp_inputs(6, 1), stamp_inputs(3, 2), stamp_inputs(6, 4)
    (10, 6, 4)
    """
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = check_int(stride, "stride", 1)
    for inputs in range(2, 100):
        inside = interior(kernel_size, stride, inputs)
        if inside.stop - inside.start >= max(kernel_size - 1, stride) and \
                (inputs - 1) * stride + kernel_size >= span:
            return inputs
    return 100


def show_overlap(kernel_size: int, stride: int, *, inputs: int | None = None, window: int = 12,
                 length: int | None = None, vmax: int | None = None, fig: Figure | None = None) -> Figure:
    """The overlap of a transposed convolution's stamps: in 1-D (rows and sums) and in 2-D (a count map).

    The 1-D picture shows the whole output of ``inputs`` pixels of ones, border included (by
    default :func:`stamp_inputs`: an inside at least as long as the border ramps), on an axis
    that fits it; the 2-D map a ``window`` x ``window`` piece of the inside of a large output.
    ``length`` widens the 1-D axis; ``vmax`` fixes the colour scale, so that the frames of an
    explorer can be compared. The verdict (max/min coverage) is the 2-D map's title, so that a
    phone, which shows the panels one column at a time, shows it whole.

    Example
    -------
    >>> fig = show_overlap(3, 2)
    >>> fig._convlib_panels[2].get_title().splitlines()[:2]
    ['transposed conv, kernel 3, stride 2:', 'uneven, 1 to 4 stamps (max/min 4x)']
    """
    kernel_size = check_int(kernel_size, "kernel_size", 1)
    stride = check_int(stride, "stride", 1)
    inputs = stamp_inputs(kernel_size, stride) if inputs is None else check_int(inputs, "inputs", 1)
    line = overlap(kernel_size, stride, inputs, ndim=1)
    grid = inside_window(kernel_size, stride, window)
    length = max(length or 0, len(line))
    vmax = max(vmax or 0, int(grid.max()))
    fig, reused = _reuse(fig, ("overlap", window), WIDTH, 3.9)
    if reused:
        stamps_ax, sums_ax, map_ax = fig._convlib_panels
    else:
        spec = fig.add_gridspec(2, 2, width_ratios=[1.15, 1], height_ratios=[1.25, 1])
        stamps_ax, sums_ax = fig.add_subplot(spec[0, 0]), fig.add_subplot(spec[1, 0])
        map_ax = fig.add_subplot(spec[:, 1])
        fig._convlib_panels = (stamps_ax, sums_ax, map_ax)
    _draw_stamps(stamps_ax, kernel_size, stride, inputs, length)
    # the largest 1-D count is the square root of the largest 2-D one: one scale for every frame
    _draw_sums(sums_ax, line, length, max(int(line.max()), int(round(vmax ** 0.5))),
               interior(kernel_size, stride, inputs))
    verdict = textwrap.wrap(coverage_text(kernel_size, stride), 36)
    title = "\n".join([f"transposed conv, kernel {kernel_size}, stride {stride}:", *verdict,
                       f"2-D: a {window}x{window} piece inside"])
    draw_counts(map_ax, grid, title, canvas=window, vmax=vmax)
    map_ax.title.set_fontweight("normal")
    return fig


def show_count_maps(maps, titles, *, vmax: int | None = None, fig: Figure | None = None) -> Figure:
    """Count maps side by side on one log scale, one colorbar (two stacked layers, say).

    >>> fig = show_count_maps([overlap(3, 2), overlap(4, 2)], ["k3", "k4"])
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['k3', 'k4']
    """
    maps = [np.atleast_2d(np.asarray(m)) for m in maps]
    if len(titles) != len(maps):
        raise ValueError(f"`titles` must give one title per map ({len(maps)}); got {len(titles)}")
    canvas = max(max(m.shape) for m in maps)
    vmax = max(vmax or 0, max(int(m.max()) for m in maps))
    fig, reused = _reuse(fig, ("count maps", len(maps)), WIDTH, WIDTH / len(maps) + 0.5)
    axes = fig._convlib_panels if reused else fig.subplots(1, len(maps), squeeze=False)[0]
    fig._convlib_panels = axes
    present = sorted({int(v) for m in maps for v in np.unique(m) if v >= 1})   # ticks at the counts drawn
    gaps = any(bool((m < 1).any()) for m in maps)
    for i, (ax, counts, title) in enumerate(zip(axes, maps, titles)):
        draw_counts(ax, counts, title, canvas=canvas, vmax=vmax, colorbar=i == len(maps) - 1,
                    ticks=present if len(present) <= 12 else None, gaps=gaps)
    return fig


def show_upsampling(kernel, flat, photo, *, method: str, flat_title: str = "", photo_title: str = "",
                    kind: str | None = None, source=None, source_title: str = "input",
                    bounds: tuple[float, float] | None = None, fig: Figure | None = None) -> Figure:
    """One upsampling method in two columns: its kernel (values written) above its output on a
    constant image; the photo it upsamples (``source``, gray, when given) above its output on it.
    A phone shows the columns one after the other: the kernel and what it makes of a constant,
    then the photo and what it makes of it.

    Two rows keep a 4x4 kernel's cells readable on a phone. The outputs are drawn as the book
    draws a kernel's result: signed (red-blue centred at 0) when the kernel sums to 0 or the
    output has negative values, else gray brightness. ``kind`` ('signed', 'brightness' or
    'image') fixes it for both, e.g. for every random kernel of an explorer, so that one seed's
    all-positive output does not change the colours. ``bounds`` = (constant, photo) fixes the
    signed outputs' limits at ± those values, one scale for every frame of an explorer.

    Example
    -------
    >>> fig = show_upsampling(np.ones((2, 2)) / 4, np.ones((8, 8)), np.eye(8), method="box", photo_title="eye")
    >>> [ax.get_title().splitlines() for ax in fig.axes if ax.get_title()]
    [['box', '2x2 kernel'], ['eye']]
    """
    kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
    flat, photo = np.asarray(flat, dtype=float), np.asarray(photo, dtype=float)
    if kind is not None:
        kinds = (check_kind(kind),) * 2
    else:
        kinds = tuple("signed" if kernel_kind(kernel) == "signed" or np.nanmin(a) < -1e-12 else "brightness"
                      for a in (flat, photo))
    if bounds is not None:
        if len(bounds) != 2:
            raise ValueError(f"`bounds` must be a pair (constant, photo) of colour limits; got {bounds!r}")
        if kinds != ("signed", "signed"):
            raise ValueError(f"`bounds` fixes the limits of signed outputs; these are drawn as {kinds}")
    fig, reused = _reuse(fig, ("upsampling", kinds), WIDTH, 5.3)
    if reused:
        axes = fig._convlib_panels
    else:
        grid = fig.subplots(2, 2)
        axes = [grid[0, 0], grid[1, 0], grid[0, 1], grid[1, 1]]   # kernel, constant | photo, photo's output
        fig._convlib_panels = axes
    draw_grid(axes[0], kernel, f"{method}\n{kernel.shape[0]}x{kernel.shape[1]} kernel", kernel=True)
    draw_image(axes[1], flat, flat_title, kinds[0], bound=None if bounds is None else bounds[0])
    if source is None:
        axes[2].set_visible(False)
    else:
        draw_image(axes[2], source, source_title, "image")
    draw_image(axes[3], photo, photo_title, kinds[1], bound=None if bounds is None else bounds[1])
    return fig


__all__ = ["STAMPS", "coverage", "coverage_text", "draw_counts", "inside_window", "interior", "overlap",
           "show_count_maps", "show_overlap", "show_upsampling", "stamp_inputs"]
