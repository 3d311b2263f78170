"""1-D signals: stacked rows, and one step of the convolution sum.

Used in: chapter 1.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ._figure import SIGNAL_COLOURS, WIDTH, _reuse


def show_signals(rows, *, x=None, fig: Figure | None = None, height_per_row: float = 1.5, xlabel: str = "") -> Figure:
    """1-D signals stacked vertically: e.g. signal, kernel, result.

    Parameters
    ----------
    rows : sequence of (label, values) or (label, values, style)
        ``values`` is an array, or a dict name -> array to overlay several
        lines with a legend. ``style`` is 'line' (default), 'stem' (for
        kernels) or 'step'.
    x : array, optional
        Shared x values for rows as long as it; others use their index. A
        kernel's stems are centred: its taps sit at offsets -(N//2) .. N//2, so
        kernels of different sizes share one axis in an explorer (whose axes
        stay fixed across frames) and their widths can be compared.

    Example
    -------
    >>> fig = show_signals([("signal", np.arange(5.0)), ("kernel", [1, 0, -1], "stem")])
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['signal', 'kernel']
    """
    rows = [r if len(r) == 3 else (r[0], r[1], "line") for r in rows]
    fig, reused = _reuse(fig, ("signals", len(rows)), WIDTH, height_per_row * len(rows) + 0.4)
    axes = fig.axes if reused else fig.subplots(len(rows), 1, squeeze=False)[:, 0]
    for index, (ax, (label, values, style)) in enumerate(zip(axes, rows)):
        series = values if isinstance(values, dict) else {None: values}
        prepared = []
        for name, line in series.items():
            line = np.asarray(line, dtype=float)
            uses_x = x is not None and len(x) == len(line)
            xs = x if uses_x else np.arange(len(line)) - (len(line) // 2 if style == "stem" else 0)
            prepared.append((name, xs, line, uses_x))
        shape = (style, len(prepared), prepared[0][3])
        if getattr(ax, "_convlib_rows", None) == shape:
            _update_row(ax, prepared, style)  # same kind of row: move the artists, keep the axes (fast)
            ax.set_ylabel(label, fontsize=9)
        else:
            _draw_row(ax, index, prepared, style, label, xlabel)
            ax._convlib_rows = shape
    return fig


def _draw_row(ax, index, prepared, style, label, xlabel) -> None:
    ax.clear()
    ax._convlib_artists = []
    for number, (name, xs, line, _uses_x) in enumerate(prepared):
        colour = SIGNAL_COLOURS[(index + number) % len(SIGNAL_COLOURS)]
        if style == "stem":
            stems = ax.vlines(xs, 0, line, color=colour, linewidth=1.2)
            (heads,) = ax.plot(xs, line, "o", color=colour, markersize=4, label=name)
            ax._convlib_artists.append((stems, heads))
        else:
            kwargs = dict(drawstyle="steps-mid") if style == "step" else dict(
                linewidth=1.4 if number else 1.0, alpha=0.6 if len(prepared) > 1 and number == 0 else 1.0)
            (drawn,) = ax.plot(xs, line, color=colour, label=name, **kwargs)
            ax._convlib_artists.append((drawn,))
    if len(prepared) > 1:
        ax.legend(fontsize=8, loc="upper left")
    if style == "stem":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("offset j: h[j] weighs x[n − j]", fontsize=8)
    elif xlabel and prepared[0][3]:
        ax.set_xlabel(xlabel, fontsize=8)
    ax.axhline(0, color="#bbbbbb", linewidth=0.6, zorder=0)
    ax.set_ylabel(label, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)


def _update_row(ax, prepared, style) -> None:
    for artists, (name, xs, line, _uses_x) in zip(ax._convlib_artists, prepared):
        if style == "stem":
            stems, heads = artists
            stems.set_segments([[(xv, 0.0), (xv, yv)] for xv, yv in zip(xs, line)])
            heads.set_data(xs, line)
        else:
            artists[0].set_data(xs, line)
        artists[-1].set_label(name)
    legend = ax.get_legend()
    if legend is not None:
        for text, (name, *_rest) in zip(legend.get_texts(), prepared):
            text.set_text(name)
    ax.relim()
    ax.autoscale_view()


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
    fig, reused = _reuse(fig, ("step", m, k), WIDTH, 3.8)
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
    top.legend(fontsize=8, loc="upper left", ncol=2)
    top.set_title(f"step n = {n}: the kernel, flipped, slid to position {n}", fontsize=10)
    bottom.bar(np.arange(len(full)), np.where(np.arange(len(full)) <= n, full, np.nan), color="#2ca02c", width=0.8)
    bottom.bar([n], [full[n]], color="#145a14", width=0.8)
    bottom.axhline(0, color="#999999", linewidth=0.6)
    def factor(v):
        return f"({v:g})" if v < 0 else f"{v:g}"

    terms = " + ".join(f"{factor(x[i])}·{factor(h[j])}" for j, i in enumerate(taps) if 0 <= i < m) or "0"
    bottom.set_title(f"y[{n}] = {terms} = {full[n]:g}", fontsize=10)
    bottom.set_xlim(positions.min() - 0.6, positions.max() + 0.6)
    span = max(full.max(), 0) - min(full.min(), 0) or 1.0
    bottom.set_ylim(min(full.min(), 0) - 0.1 * span, max(full.max(), 0) + 0.1 * span)  # the same at every step
    bottom.set_ylabel("output y", fontsize=9)
    top.set_ylabel("x and h", fontsize=9)
    bottom.set_xlabel("index n", fontsize=8)
    for ax in (top, bottom):
        ax.tick_params(labelsize=8)
    return fig

