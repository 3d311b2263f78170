"""Activations: their curves, what they do to a signed feature map, and two layers against one.

* :func:`show_activation_curves`: ReLU, leaky ReLU, sigmoid and tanh, and their derivatives;
* :func:`show_activation_map`: a signed map plus a bias, the activation's curve over the
  map's values (with their histogram), and the activated map with its fraction of zeros;
* :func:`show_layers_vs_one`: two 3×3 layers with an activation between them, one 5×5
  layer (their combined kernel, or the best 5×5 kernel and bias fitted by least squares),
  and the difference, in three columns that read top to bottom (each kernel above its map);
* :func:`best_kernel`: that least-squares fit.

Colours follow :mod:`._figure`. A map before the activation is signed: red-blue centred
at 0, on the symmetric scale of the map at bias 0. After ReLU, leaky ReLU or tanh it
stays on that same red-blue scale, in every frame, so what survives keeps its colour,
what ReLU removed turns white (0), and tanh's squashing shows as paler strong edges
(its output never passes ±1). sigmoid's output is in (0, 1), not signed: it is drawn
gray on [0, 1] (0.5, the value of a 0 input, is mid-gray), also in every frame. Every
title says what was applied.

Used in: chapter 5.
"""

from __future__ import annotations

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from numpy.lib.stride_tricks import sliding_window_view

from ... import grad
from ...activations import leaky_relu, relu, sigmoid, tanh
from ...signal2d import convolve2d, correlate2d
from ._figure import DIVERGING, GRAY, SIGNAL_COLOURS, WIDTH, _reuse, limits
from .grids import draw_grid

LEAKY_SLOPE = 0.1   # torch's default is 0.01, invisible on a plot; the book draws 0.1 and says so
ACTIVATIONS = {
    "none": lambda z: np.asarray(z, dtype=float),
    "ReLU": relu,
    "leaky ReLU": lambda z: leaky_relu(z, LEAKY_SLOPE),
    "sigmoid": sigmoid,
    "tanh": tanh,
}
DERIVATIVES = {
    "ReLU": lambda z: grad.relu_backward(z, np.ones_like(z)),
    "leaky ReLU": lambda z: grad.leaky_relu_backward(z, np.ones_like(z), LEAKY_SLOPE),
    "sigmoid": lambda z: grad.sigmoid_backward(z, np.ones_like(z)),
    "tanh": lambda z: grad.tanh_backward(z, np.ones_like(z)),
}
CURVE_NAMES = ("ReLU", "leaky ReLU", "sigmoid", "tanh")


def _activation(name) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"`activation` must be one of {', '.join(map(repr, ACTIVATIONS))}; got {name!r}")
    return name


def apply(name: str, z) -> np.ndarray:
    """The activation called ``name`` ('none', 'ReLU', 'leaky ReLU' (slope 0.1), 'sigmoid', 'tanh') applied to ``z``.

    >>> apply("leaky ReLU", [-1.0, 2.0]).tolist()
    [-0.1, 2.0]
    """
    return ACTIVATIONS[_activation(name)](np.asarray(z, dtype=float))


def zero_fraction(values) -> float:
    """The fraction of exact zeros in an array (after ReLU: the pixels it switched off).

    >>> zero_fraction(relu([-1.0, 0.5, -2.0, 3.0]))
    0.5
    """
    values = np.asarray(values, dtype=float)
    return float(np.mean(values == 0))


def show_activation_curves(names=CURVE_NAMES, *, z=None, fig: Figure | None = None) -> Figure:
    """The activations ``names`` on the left, their derivatives on the right, over ``z`` (default -4 .. 4).

    Leaky ReLU is drawn with slope :data:`LEAKY_SLOPE` (0.1), ten times torch's default,
    so that its slope shows.

    Example
    -------
    >>> fig = show_activation_curves()
    >>> [ax.get_title() for ax in fig.axes]
    ['activation f(z)', "derivative f'(z)"]
    >>> len(fig.axes[0].lines) - 2   # four curves, and the two axes through 0
    4
    """
    names = [_activation(n) for n in names]
    if "none" in names:
        raise ValueError("`names` lists activations to draw; 'none' has no curve worth drawing")
    z = np.linspace(-4, 4, 801) if z is None else np.asarray(z, dtype=float)
    fig, _ = _reuse(fig, ("activation curves", tuple(names)), WIDTH, 2.9)
    fig.clear()
    left, right = fig.subplots(1, 2)
    for ax in (left, right):
        ax.axhline(0, color="#999999", linewidth=0.8)
        ax.axvline(0, color="#999999", linewidth=0.8)
        ax.set_xlabel("z (the layer's output)", fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(True, alpha=0.3)
    styles = ["-", "--", "-", "-."]
    for index, name in enumerate(names):
        colour, style = SIGNAL_COLOURS[index % len(SIGNAL_COLOURS)], styles[index % len(styles)]
        label = f"leaky ReLU ({LEAKY_SLOPE:g})" if name == "leaky ReLU" else name
        left.plot(z, apply(name, z), style, color=colour, linewidth=2, label=label)
        derivative = DERIVATIVES[name](z).astype(float)
        if name in ("ReLU", "leaky ReLU"):   # a jump at 0: do not draw the vertical segment
            derivative[np.argmin(np.abs(z))] = np.nan
        right.plot(z, derivative, style, color=colour, linewidth=2, label=label)
    left.set_ylim(-1.5, 4.2)
    right.set_ylim(-0.1, 1.15)
    left.set_title("activation f(z)", fontsize=10)
    right.set_title("derivative f'(z)", fontsize=10)
    left.legend(fontsize=8, loc="upper left")
    return fig


def map_scale(z) -> float:
    """The bound ``b`` of the symmetric red-blue scale [-b, b] on which :func:`show_activation_map` draws ``z``.

    It is the scale of every signed panel (before; after ReLU, leaky ReLU or tanh), whatever the bias.

    >>> map_scale(np.array([[-2.0, 1.0], [0.5, 0.0]]))
    2.0
    """
    return float(limits(np.asarray(z, dtype=float), "signed")[1])


def _result_scale(name: str, before: np.ndarray) -> tuple[str, float, float]:
    """(cmap, low, high) for a map after activation ``name``, given the map before it (at bias 0).

    Fixed for a given ``before``, whatever the bias: sigmoid's output, in (0, 1), is gray on
    [0, 1]; every other output is signed and keeps the red-blue scale of ``before``, so tanh's
    values (never beyond ±1) are drawn on the same colours as the map they came from.
    """
    if name == "sigmoid":
        return GRAY, 0.0, 1.0
    bound = map_scale(before)
    return DIVERGING, -bound, bound   # none, ReLU, leaky ReLU, tanh: the scale of the map before


_MAP_CMAPS = {DIVERGING: colormaps[DIVERGING].resampled(21), GRAY: colormaps[GRAY].resampled(32)}  # compact frames


def _map_panel(ax, values, title, cmap, low, high, label, extend="neither", own_scale=False) -> None:
    """A map drawn with fixed limits, a colorbar below it; reused in place when the layout matches.

    ``own_scale``: the limits are already fixed for every frame of an explorer, which leaves them alone.
    """
    if ax.images and getattr(ax, "_convlib_map", None) == (values.shape, cmap, extend):
        ax.images[0].set_data(values)
        ax.images[0].set_clim(low, high)
    else:
        if getattr(ax, "_convlib_cbar", None) is not None:
            ax._convlib_cbar.remove()
        ax.clear()
        artist = ax.imshow(values, cmap=_MAP_CMAPS[cmap], vmin=low, vmax=high, interpolation="antialiased")
        ax._convlib_map = (values.shape, cmap, extend)
        ax.xaxis.set_visible(False)   # no ticks to lay out: a frame lays out several times faster
        ax.yaxis.set_visible(False)
        bar = ax.figure.colorbar(artist, ax=ax, location="bottom", shrink=0.9, pad=0.03, aspect=18, extend=extend)
        bar.ax.tick_params(labelsize=7)
        bar.locator = MaxNLocator(5)
        bar.update_ticks()
        ax._convlib_cbar = bar
    ax._convlib_cbar.set_label(label, fontsize=7)
    ax._convlib_kind = "signed" if cmap == DIVERGING else "image"
    if own_scale:
        ax._convlib_grid = ("own scale",)
    ax.set_title(title, fontsize=9)


def show_activation_map(z, activation: str, bias: float = 0.0, *, name: str = "map", z_range=None,
                        fig: Figure | None = None) -> Figure:
    """A signed map plus a bias, the activation's curve over its values, and the map after the activation.

    Left: ``z + bias``, red-blue centred at 0 on the scale of ``z`` itself (so the scale
    stays put while the bias moves; values beyond it take its end colours). Middle: the activation's curve, over
    ``z_range`` (default: the range of ``z + bias``), above a histogram of the values of
    ``z + bias``; a pink band marks where ReLU outputs 0. Right: the activated map,
    titled with its fraction of exact zeros (all zeros: a *dead* map, whose gradient is
    0 everywhere, so it never learns again).

    Parameters
    ----------
    z : 2-D array, a signed feature map (a layer's output before its activation)
    activation : 'none', 'ReLU', 'leaky ReLU', 'sigmoid' or 'tanh'
    bias : added to every pixel before the activation
    name : how the titles call ``z`` ('Sobel x', ...)
    z_range : (low, high) of the curve's horizontal axis, optional; give it to keep the
        axis fixed while the bias changes

    Example
    -------
    >>> fig = show_activation_map(np.array([[-1.0, 2.0], [3.0, -4.0]]), "ReLU", bias=-2.5)
    >>> fig.axes[2].get_title()
    'ReLU(map − 2.5)\\n75% zeros'
    """
    z = np.asarray(z, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"`z` must be a 2-D map; got shape {z.shape}")
    activation = _activation(activation)
    bias = float(bias)
    before = z + bias
    after = apply(activation, before)
    lo, hi = z_range if z_range is not None else (float(before.min()), float(before.max()))
    span = max(hi - lo, 1e-9)
    u = np.linspace(lo - 0.05 * span, hi + 0.05 * span, 400)
    fu = apply(activation, u)
    fig, reused = _reuse(fig, ("activation map", z.shape, activation, lo, hi), WIDTH,
                         (WIDTH - 0.6) / 3 * z.shape[0] / z.shape[1] + 1.25)
    if not reused:
        fig.subplots(1, 3, width_ratios=[1, 1.05, 1])
    axes = [ax for ax in fig.axes if not hasattr(ax, "_colorbar")][:3]
    sign = "+" if bias >= 0 else "−"
    shifted = f"{name} {sign} {abs(bias):g}" if bias else name
    bound = map_scale(z)   # the map's own scale, whatever the bias: fixed across an explorer's frames
    _map_panel(axes[0], before, f"before: {shifted}\n(signed)", DIVERGING, -bound, bound,
               "value (arrows: beyond the scale)", extend="both", own_scale=True)
    cmap, low, high = _result_scale(activation, z)
    zeros = zero_fraction(after)
    if activation in ("ReLU", "none"):
        tail = "dead: all zeros" if zeros == 1 else f"{zeros:.0%} zeros"
    else:
        tail = f"{zeros:.0%} zeros: " + {"sigmoid": "never 0", "tanh": "only where 0 before",
                                         "leaky ReLU": f"negatives × {LEAKY_SLOPE:g}"}[activation]
    label = {"sigmoid": "gray on [0, 1]: sigmoid's range"}.get(activation, "same scale as before")
    extend = "both" if cmap == DIVERGING else "neither"
    _map_panel(axes[2], after, f"{activation}({shifted})\n{tail}", cmap, low, high, label, extend=extend,
               own_scale=True)
    curve = axes[1]
    counts, edges = np.histogram(np.clip(before, u[0], u[-1]), bins=40, range=(u[0], u[-1]))
    top, bottom = max(float(fu.max()), 1.0), min(float(fu.min()), 0.0)
    heights = bottom + counts / max(counts.max(), 1) * 0.6 * (top - bottom)
    if reused and getattr(curve, "_convlib_hist", None) is not None:
        curve._convlib_hist.set_data(heights, edges)
    else:
        curve.clear()
        if activation == "ReLU":
            curve.axvspan(u[0], 0, color="#fde0dd", zorder=0)
        curve._convlib_hist = curve.stairs(heights, edges, baseline=bottom, fill=True, color="#bbbbbb")
        curve.plot(u, fu, color=SIGNAL_COLOURS[0], linewidth=2)
        curve.axhline(0, color="#999999", linewidth=0.6)
        curve.axvline(0, color="#999999", linewidth=0.6)
        curve.set_xlim(u[0], u[-1])
        curve.set_ylim(bottom - 0.05 * (top - bottom), top + 0.05 * (top - bottom))
        curve.tick_params(labelsize=7)
        curve.xaxis.set_major_locator(MaxNLocator(5))
        curve.yaxis.set_major_locator(MaxNLocator(5))
    curve.set_xlabel(f"value of {shifted}; gray: how many pixels", fontsize=7)
    below = float(np.mean(before < 0))
    curve.set_title(f"{activation} curve\n{below:.0%} of pixels below 0", fontsize=9)
    return fig


def best_kernel(image, target, size: int = 5) -> tuple[np.ndarray, float]:
    """The ``size``×``size`` kernel and bias whose one layer comes closest to ``target`` (least squares).

    Solves ``correlate2d(image, kernel, 'valid') + bias ≈ target`` for the kernel's taps and
    the bias. ``target`` must have the 'valid' shape ``(H - size + 1, W - size + 1)``.

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> image, kernel = rng.normal(size=(12, 12)), rng.normal(size=(3, 3))
    >>> fit, bias = best_kernel(image, correlate2d(image, kernel, "valid") + 2, size=3)
    >>> bool(np.allclose(fit, kernel)), round(bias, 6)
    (True, 2.0)
    """
    image, target = np.asarray(image, dtype=float), np.asarray(target, dtype=float)
    rows, cols = image.shape[0] - size + 1, image.shape[1] - size + 1
    if target.shape != (rows, cols):
        raise ValueError(f"`target` must have the 'valid' shape {(rows, cols)} for a {size}×{size} kernel on an "
                         f"image of shape {image.shape}; got {target.shape}")
    windows = sliding_window_view(image, (size, size)).reshape(rows * cols, size * size)
    design = np.column_stack([windows, np.ones(rows * cols)])
    solution, *_ = np.linalg.lstsq(design, target.ravel(), rcond=None)
    return solution[:-1].reshape(size, size), float(solution[-1])


def show_layers_vs_one(image, first, second, activation: str, *, single: str = "combined",
                       names=("first", "second"), fig: Figure | None = None) -> Figure:
    """Two layers (3×3, activation, 3×3) against one 5×5 layer, and their difference.

    Three columns, each read top to bottom (a phone shows them one after another, in
    this order): the two kernels above the two layers' output; the single 5×5 kernel
    above its output; the activation's curve (what sits between the layers) above the
    difference. The three maps share one red-blue scale (that of the two layers'
    output), so a difference that looks white is small next to the output. ``single``
    is 'combined' (``convolve2d(first, second, 'full')``: what the two layers would be
    without an activation) or 'best fit' (the 5×5 kernel and bias that come closest,
    :func:`best_kernel`).

    Example
    -------
    >>> image = np.random.default_rng(0).normal(size=(10, 10))
    >>> fig = show_layers_vs_one(image, np.ones((3, 3)), np.eye(3), "none")
    >>> title = [ax.get_title() for ax in fig.axes if ax.get_title().startswith("difference")][0]
    >>> float(title.split("= ")[1].split()[0]) < 1e-12
    True
    """
    image = np.asarray(image, dtype=float)
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    activation = _activation(activation)
    if single not in ("combined", "best fit"):
        raise ValueError(f"`single` must be 'combined' or 'best fit'; got {single!r}")
    before = correlate2d(image, first, mode="valid")
    hidden = apply(activation, before)
    two = correlate2d(hidden, second, mode="valid")
    size = first.shape[0] + second.shape[0] - 1
    if single == "combined":
        kernel, bias = convolve2d(first, second, mode="full"), 0.0
    else:
        kernel, bias = best_kernel(image, two, size)
    one = correlate2d(image, kernel, mode="valid") + bias
    difference = two - one
    bound = limits(two, "signed")[1]
    fig, reused = _reuse(fig, ("layers vs one", image.shape, size), WIDTH, 1.6 * (WIDTH - 0.4) / 3 + 1.9)
    if not reused:
        grid = fig.add_gridspec(2, 3, height_ratios=[0.6, 1])
        pair = grid[0, 0].subgridspec(1, 2, wspace=0.15)
        fig._convlib_panels = [fig.add_subplot(pair[0, 0]), fig.add_subplot(pair[0, 1]), fig.add_subplot(grid[0, 1]),
                               fig.add_subplot(grid[0, 2]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1]),
                               fig.add_subplot(grid[1, 2])]
    k1, k2, k_one, curve, *maps = fig._convlib_panels
    draw_grid(k1, first, f"layer 1:\n{names[0]}", kernel=True)
    draw_grid(k2, second, f"layer 2:\n{names[1]}", kernel=True)
    which = "combined kernel" if single == "combined" else f"best fit, bias {round(bias, 2) + 0.0:+.2f}"
    # values written for the combined and the fitted kernel alike (the cell text drops decimals to fit)
    draw_grid(k_one, np.round(kernel, 2), f"one {size}×{size} layer:\n{which}", kernel=True, max_cells=size * size)
    lo, hi = float(before.min()), float(before.max())
    span = max(hi - lo, 1e-9)
    u = np.linspace(lo - 0.05 * span, hi + 0.05 * span, 200)
    curve.clear()
    curve.plot(u, apply(activation, u), color=SIGNAL_COLOURS[0], linewidth=2)
    curve.axhline(0, color="#999999", linewidth=0.6)
    curve.axvline(0, color="#999999", linewidth=0.6)
    curve.tick_params(labelsize=7)
    curve.xaxis.set_major_locator(MaxNLocator(4))
    curve.yaxis.set_major_locator(MaxNLocator(4))
    curve.set_xlabel("layer 1's output", fontsize=7)
    curve.set_title("between the layers:\n" + ("nothing" if activation == "none" else activation), fontsize=9)
    between = "" if activation == "none" else f" → {activation}"
    _map_panel(maps[0], two, f"two layers\n(1{between} → 2)", DIVERGING, -bound, bound, "output")
    _map_panel(maps[1], one, f"one {size}×{size} layer", DIVERGING, -bound, bound, "same scale")
    largest = float(np.abs(difference).max())
    share = largest / max(float(np.abs(two).max()), 1e-300)
    _map_panel(maps[2], difference, f"difference: max |·| = {largest:.2g}\n({share:.0%} of the output's peak)",
               DIVERGING, -bound, bound, "same scale")
    return fig


__all__ = ["ACTIVATIONS", "CURVE_NAMES", "DERIVATIVES", "LEAKY_SLOPE", "apply", "best_kernel", "map_scale",
           "show_activation_curves", "show_activation_map", "show_layers_vs_one", "zero_fraction"]
