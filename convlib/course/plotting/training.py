"""Training: a kernel as it is learned, loss and accuracy curves, and a network's learned filters.

* :func:`show_learning`: one step of learning a kernel: the kernel so far, its
  output, and the loss curve up to that step (other optimisers' curves faint);
* :func:`show_training_curves`: the loss and the accuracies, epoch by epoch;
* :func:`show_digit_filters`: a small CNN's filters, each above the map it
  makes of one digit.

Kernels are red-blue centred at 0 with their values written; pass one
``kernel_bound`` (and ``output_bound``/``map_bound``) for every frame of an
explorer, so that a kernel's colours mean the same at step 0 and step 500.

Used in: chapter 10.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from ._figure import DIVERGING, SIGNAL_COLOURS, WIDTH, _reuse
from .grids import draw_grid
from .images import draw_image
from .layers import _draw_signed

# The runs' colours: blue, red and near-black sit on the frame palette's fixed red-blue and gray steps, so
# they keep their colour in every explorer frame (a green run turned gray in some frames and not others).
_RUN_COLOURS = (SIGNAL_COLOURS[0], SIGNAL_COLOURS[1], "#222222", SIGNAL_COLOURS[3])


def _loss_axes(ax, steps_max: int, loss_limits) -> None:
    ax.set_yscale("log")
    ax.minorticks_off()   # log axes draw dozens of minor ticks: costly in every frame, and clutter at 390 px
    ax.set_xlim(0, steps_max)
    ax.set_ylim(*loss_limits)
    ax.set_xlabel("step", fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(True, which="major", color="#dddddd", linewidth=0.6)


def show_learning(kernel, output, losses, *, kernel_bound: float, output_bound: float, loss_limits=None,
                  steps_max: int | None = None, others=None, name: str = "", order=None,
                  fig: Figure | None = None) -> Figure:
    """One step of learning a kernel: the kernel, what it computes, and the loss so far.

    Parameters
    ----------
    kernel : (kh, kw) array, the kernel after ``len(losses) - 1`` steps
    output : 2-D array, the kernel applied to the training image
    losses : 1-D array, the loss at steps 0, 1, ..., now
    kernel_bound, output_bound : float, the colour limits ±bound of the kernel and of the output
        (the output in 21 steps of red-blue, which keeps an explorer's frames small)
    loss_limits : (low, high), the loss axis (logarithmic); default: the decades that hold ``losses`` and
        ``others``. Values below ``low`` are drawn on a dashed line marked "lower values drawn here", so a
        clipped curve never looks like a plateau
    steps_max : int, the right end of the step axis (default: the last step)
    others : dict name -> 1-D array, other runs' whole loss curves, drawn faint for comparison
    name : str, what learned it (e.g. "Adam, lr 0.1"), for the titles
    order : list of str, every run's name (``name`` and those in ``others``) in a fixed order: each run
        keeps the colour of its position in every frame, whichever run is selected (default: ``name``
        first, then ``others`` in their order)

    Example
    -------
    >>> fig = show_learning(np.eye(3), np.ones((4, 4)), [1.0, 0.5], kernel_bound=2, output_bound=1, name="GD")
    >>> [ax.get_title() for ax in fig.axes if ax.get_title()]
    ['kernel at step 1\\n(GD)', 'its output', 'loss (mean squared error)']
    """
    kernel = np.asarray(kernel, dtype=float)
    losses = np.asarray(losses, dtype=float)
    if kernel.ndim != 2 or losses.ndim != 1 or losses.size == 0:
        raise ValueError(f"`kernel` must be 2-D and `losses` a non-empty 1-D array; got shapes {kernel.shape} "
                         f"and {losses.shape}")
    step = losses.size - 1
    steps_max = step if steps_max is None else steps_max
    others = others or {}
    order = [name, *others] if order is None else list(order)
    missing = [run for run in [name, *others] if run not in order]
    if missing:
        raise ValueError(f"`order` must name every run; {missing} missing from {order}")
    colour = {run: _RUN_COLOURS[index % len(_RUN_COLOURS)] for index, run in enumerate(order)}
    fig, reused = _reuse(fig, ("learning", kernel.shape, tuple(others), name), WIDTH, 2.5)
    if reused:
        axes = fig.axes[:3]
    else:
        axes = fig.subplots(1, 3, width_ratios=[1, 1.25, 1.45])
    draw_grid(axes[0], kernel, f"kernel at step {step}" + (f"\n({name})" if name else ""), kernel=True,
              bound=kernel_bound)
    if not reused:   # the kernel's own scale, under it as the output's is under the output
        bar = fig.colorbar(ScalarMappable(Normalize(-kernel_bound, kernel_bound), DIVERGING), ax=axes[0],
                           location="bottom", shrink=0.9, pad=0.03, aspect=12)
        bar.ax.tick_params(labelsize=7)
    _draw_signed(axes[1], np.asarray(output, dtype=float), "its output", output_bound, bar=True)
    if loss_limits is None:
        curves = [c for c in [losses, *map(np.asarray, others.values())] if np.any(c > 0)]
        low = min(float(np.min(c[c > 0])) for c in curves) if curves else 1e-6
        high = max(float(np.max(c)) for c in curves) if curves else 1.0
        loss_limits = (10.0 ** np.floor(np.log10(low)), 10.0 ** np.ceil(np.log10(max(high, low * 10))))
    ax, floor = axes[2], loss_limits[0]
    clipped = any(np.any(np.asarray(c) < floor) for c in [losses, *others.values()])
    if not reused:
        for label, curve in others.items():
            ax.plot(np.arange(len(curve)), np.maximum(curve, floor), color=colour[label],
                    linewidth=1, alpha=0.35, label=label)
        ax._convlib_run = ax.plot([], [], color=colour[name], linewidth=2, label=name or "this run")[0]
        ax._convlib_now = ax.plot([], [], "o", color=colour[name], markersize=5)[0]
        ax.set_title("loss (mean squared error)", fontsize=9)
        ax.legend(fontsize=7, loc="upper right", frameon=False)
        ax.minorticks_off()
        ax._convlib_floor = (ax.axhline(floor, color="#555555", linestyle="--", linewidth=0.8),
                             ax.text(0.02, 0.02, "lower values drawn here", transform=ax.transAxes, fontsize=6.5,
                                     color="#555555", va="bottom"))
    for artist in ax._convlib_floor:
        artist.set_visible(clipped)
    ax._convlib_floor[0].set_ydata([floor, floor])
    ax._convlib_run.set_data(np.arange(step + 1), np.maximum(losses, floor))
    ax._convlib_now.set_data([step], [max(losses[-1], floor)])
    _loss_axes(ax, max(steps_max, 1), loss_limits)
    return fig


def show_training_curves(loss, accuracies, *, loss_label: str = "training loss (cross-entropy)",
                         fig: Figure | None = None) -> Figure:
    """Loss and accuracies after each epoch, side by side.

    Parameters
    ----------
    loss : 1-D array, the mean training loss over each epoch (epochs 1, 2, ...)
    accuracies : dict name -> 1-D array of fractions in [0, 1] after each epoch (e.g. "train", "test")

    Example
    -------
    >>> fig = show_training_curves([1.0, 0.5], {"test": [0.8, 0.9]})
    >>> [ax.get_title() for ax in fig.axes]
    ['training loss (cross-entropy)', 'accuracy']
    """
    loss = np.asarray(loss, dtype=float)
    if loss.ndim != 1 or loss.size == 0:
        raise ValueError(f"`loss` must be a non-empty 1-D array, one value per epoch; got shape {loss.shape}")
    epochs = np.arange(1, loss.size + 1)
    fig, _ = _reuse(fig, ("training", loss.size), WIDTH, 2.4)
    fig.clear()
    left, right = fig.subplots(1, 2)
    left.plot(epochs, loss, "o-", color=SIGNAL_COLOURS[0], markersize=3)
    left.set_yscale("log")
    if np.all(loss > 0):  # from a whole decade below the lowest loss, so the last epochs sit on a labelled scale
        left.set_ylim(10.0 ** np.floor(np.log10(loss.min())), None)
    left.set_title(loss_label, fontsize=9)
    for index, (name, values) in enumerate(accuracies.items()):
        values = np.asarray(values, dtype=float)
        if values.shape != loss.shape:
            raise ValueError(f"`accuracies[{name!r}]` has {values.size} values but `loss` has {loss.size} epochs")
        right.plot(epochs, 100 * values, "o-", color=SIGNAL_COLOURS[index + 1], markersize=3,
                   label=f"{name}: {100 * values[-1]:.1f}%")
    right.set_title("accuracy", fontsize=9)
    right.set_ylabel("%", fontsize=8)
    right.legend(fontsize=7, loc="lower right", frameon=False)
    for ax in (left, right):
        ax.set_xlabel("epoch", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(True, color="#dddddd", linewidth=0.6)
    return fig


def _one_decimal(value: float) -> str:
    """A learned weight in at most 4 characters: -1.4, .9, -.2, 0.

    >>> [_one_decimal(v) for v in (-1.41, 0.94, -0.16, 0.003, -0.04)]
    ['-1.4', '.9', '-.2', '0', '0']
    """
    text = f"{value:.1f}"
    if float(text) == 0:
        return "0"
    return text.replace("0.", ".", 1) if abs(float(text)) < 1 else text


PHONE_WIDTH = 3.3  # inches: 330 CSS px, inside an explorer on a 390 px phone, so the figure is never cut into columns


def show_digit_filters(digit, weight, maps, *, kernel_bound: float | None = None, map_bound: float | None = None,
                       title: str = "", digit_title: str = "input digit", fig: Figure | None = None) -> Figure:
    """A CNN's first-layer filters, each above the map it makes of one digit.

    Laid out for a phone first: :data:`PHONE_WIDTH` wide, one column that reads
    from top to bottom (the title, the digit, filters 0-3 above their maps,
    filters 4-7 above theirs, the maps' colorbar), so a 390 px screen shows it
    whole, in order, with kernel cells about 25 px wide (weights to one decimal,
    so their labels fit those cells at a readable size).

    Parameters
    ----------
    digit : (H, W) array in [0, 1], the input image
    weight : (C, 1, kh, kw) or (C, kh, kw), the filters (C ≤ 8, in rows of 4)
    maps : (C, H', W'), each filter's output on ``digit`` (before the ReLU: signed)
    kernel_bound, map_bound : float, colour limits ±bound (default: from the data); fix them across frames
    title : str, the figure's title (what was applied, e.g. "epoch 3")

    Example
    -------
    >>> fig = show_digit_filters(np.zeros((8, 8)), np.ones((8, 1, 3, 3)), np.ones((8, 8, 8)))
    >>> [ax.get_title() for ax in fig.axes][:3]
    ['input digit', 'filter 0', 'map 0']
    """
    weight = np.asarray(weight, dtype=float)
    weight = weight[:, 0] if weight.ndim == 4 else weight
    maps = np.asarray(maps, dtype=float)
    if weight.ndim != 3 or maps.ndim != 3 or len(weight) != len(maps) or not 1 <= len(weight) <= 8:
        raise ValueError(f"`weight` (C, 1, kh, kw) and `maps` (C, H, W) must hold the same 1 to 8 channels; "
                         f"got shapes {np.shape(weight)} and {maps.shape}")
    kernel_bound = kernel_bound or float(np.abs(weight).max()) or 1.0
    map_bound = map_bound or float(np.abs(maps).max()) or 1.0
    rows = 2 * ((len(weight) + 3) // 4)
    fig, reused = _reuse(fig, ("digit filters", weight.shape, maps.shape), PHONE_WIDTH, 1.8 + 1.12 * rows)
    if not reused:
        grid = fig.add_gridspec(1 + rows, 4, height_ratios=[1.5] + [1] * rows)
        digit_ax = fig.add_subplot(grid[0, 1:3])
        pairs = [(fig.add_subplot(grid[1 + 2 * (k // 4), k % 4]), fig.add_subplot(grid[2 + 2 * (k // 4), k % 4]))
                 for k in range(len(weight))]
        fig._convlib_panels = (digit_ax, pairs)
    digit_ax, pairs = fig._convlib_panels
    draw_image(digit_ax, digit, digit_title, "image")
    for k, (kernel_ax, map_ax) in enumerate(pairs):
        draw_grid(kernel_ax, weight[k], f"filter {k}", kernel=True, bound=kernel_bound)
        kernel_ax.title.set_fontsize(8)
        for label, value in zip(kernel_ax.texts, weight[k].ravel()):
            label.set_text(_one_decimal(value))  # 4 characters at most: a larger font fits a phone-sized cell
            label.set_in_layout(False)  # sized to its cell at draw time: the layout must not make room for it
        _draw_signed(map_ax, maps[k], f"map {k}", map_bound, bar=False)
        map_ax.title.set_fontsize(8)
    if not reused:  # its own mappable: the colorbar follows the maps' colours whatever an explorer does to a panel
        scale = ScalarMappable(Normalize(-map_bound, map_bound), pairs[0][1].images[0].get_cmap())
        bar = fig.colorbar(scale, ax=[m for pair in pairs for m in pair], location="bottom", shrink=0.8,
                           aspect=30, pad=0.02)
        bar.ax.tick_params(labelsize=7)
        bar.set_label("map value, before the ReLU (0 = white)", fontsize=7)
        fig._convlib_scale = scale
    fig._convlib_scale.set_clim(-map_bound, map_bound)
    if title:
        fig.suptitle(textwrap.fill(title, 40), fontsize=10)
    return fig
