"""Separable convolutions: singular values, rank-r approximations, and the cost of a MobileNet block.

* :func:`show_singular_values`: one small bar chart per kernel, its singular
  values as a share of the largest; the rank is the number of bars that are
  not zero.
* :func:`show_rank_approximation`: a kernel and its best rank-r
  approximation, above what each does to an image, with both errors.
* :func:`show_block_cost`: the parameters and multiply-adds of a depthwise-
  separable block (depthwise k x k + pointwise 1 x 1) as a share of a standard
  k x k convolution, with the formula 1/N + 1/k^2 filled in.

Used in: chapter 9.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ...arithmetic import conv_params
from ...separable import kernel_rank, low_rank, singular_values
from ._figure import DIVERGING, WIDTH, _reuse, cell_text_colour, kernel_kind
from .grids import draw_grid
from .images import draw_image
from .layers import _lighten

DEPTHWISE_COLOUR, POINTWISE_COLOUR, STANDARD_COLOUR = "#4c72b0", "#dd8452", "#8c8c8c"
RANK_HEIGHT, RANK_RATIO = 5.6, 0.9  # inches, kernel row : photo row: photos big enough to see edges on a phone


def _check_kernels(kernels) -> dict:
    if not isinstance(kernels, dict) or not kernels:
        raise TypeError(f"`kernels` must be a non-empty dict of name -> 2-D kernel; got {type(kernels).__name__}")
    return {str(name): np.asarray(k, dtype=float) for name, k in kernels.items()}


def show_singular_values(kernels, *, columns: int = 3, fig: Figure | None = None) -> Figure:
    """The singular values of each kernel, as a share of its largest: the rank is the count of nonzero bars.

    Parameters
    ----------
    kernels : dict name -> 2-D array
    columns : int, panels per row

    >>> fig = show_singular_values({"sobel x": np.outer([1, 2, 1], [1, 0, -1]), "identity": np.eye(3)})
    >>> [ax.get_title() for ax in fig.axes]
    ['sobel x\\nrank 1', 'identity\\nrank 3']
    """
    kernels = _check_kernels(kernels)
    if isinstance(columns, bool) or not isinstance(columns, (int, np.integer)) or columns < 1:
        raise ValueError(f"`columns` must be a whole number of at least 1; got {columns!r}")
    columns = min(int(columns), len(kernels))
    rows = -(-len(kernels) // columns)
    fig, _ = _reuse(fig, ("singular values", len(kernels), columns), WIDTH, 1.9 * rows + 0.3)
    fig.clear()
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    for ax, (name, k) in zip(axes, kernels.items()):
        s = singular_values(k)
        share = s / s[0] if s[0] > 0 else s
        rank = kernel_rank(k)
        colours = [DEPTHWISE_COLOUR if i < rank else "#cccccc" for i in range(len(s))]
        ax.bar(np.arange(1, len(s) + 1), share, color=colours)
        for i, v in enumerate(share):
            ax.text(i + 1, v + 0.03, f"{v:.2f}" if v >= 0.005 else "0", ha="center", va="bottom", fontsize=7)
        ax.set_ylim(0, 1.25)
        ax.set_xticks(np.arange(1, len(s) + 1))
        ax.tick_params(labelsize=7)
        ax.set_xlabel("i", fontsize=8, labelpad=1)
        ax.set_title(f"{name}\nrank {rank}", fontsize=9)
    for ax in axes[len(kernels):]:
        ax.remove()
    axes[0].set_ylabel("$s_i / s_1$", fontsize=8)
    return fig


def _relative(difference, reference) -> float:
    norm = float(np.linalg.norm(reference))
    return float(np.linalg.norm(difference)) / norm if norm > 0 else 0.0


def _check_rank_args(kernel, rank, filter, kind):
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 2:
        raise ValueError(f"`kernel` must be 2-D; got shape {kernel.shape}")
    if isinstance(rank, bool) or not isinstance(rank, (int, np.integer)) or rank < 1:
        raise ValueError(f"`rank` must be a whole number of at least 1; got {rank!r}")
    if not callable(filter):
        raise TypeError(f"`filter` must be a function (image, kernel) -> result; got {type(filter).__name__}")
    return kernel, int(rank), kind if kind is not None else kernel_kind(kernel)


def _approximate(image, kernel, rank, filter, kind):
    """(rank-r kernel, exact result, approximate result, kernel error, result error) as shown by the figure."""
    approx = low_rank(kernel, rank)
    exact, approximate = np.asarray(filter(image, kernel), float), np.asarray(filter(image, approx), float)
    kernel_error = _relative(kernel - approx, kernel)
    # a blur's result is compared around its mean: its error is in the detail, not in the average brightness
    image_error = _relative(exact - approximate, exact - (exact.mean() if kind == "brightness" else 0))
    return approx, exact, approximate, kernel_error, image_error


def rank_errors(image, kernel, rank: int, filter, *, kind: str | None = None) -> tuple[float, float]:
    """(kernel error, result error) of the best rank-``rank`` approximation, as :func:`show_rank_approximation`
    titles them: relative Frobenius norms; a blur's (brightness) result is measured around its mean.

    >>> rank_errors(np.eye(8), np.eye(3), 3, lambda x, k: x)
    (0.0, 0.0)
    """
    kernel, rank, kind = _check_rank_args(kernel, rank, filter, kind)
    return tuple(_approximate(image, kernel, rank, filter, kind)[3:])


def _kernel_unit(kernel: np.ndarray) -> tuple[float, str]:
    """(scale, unit): a blur's small weights (a 7x7 disk's are 1/37) are written in % of the sum, else as they are.

    >>> _kernel_unit(np.full((7, 7), 1 / 49)), _kernel_unit(np.eye(3))
    ((100.0, '%'), (1.0, ''))
    """
    return (100.0, "%") if float(np.abs(kernel).max()) < 0.5 else (1.0, "")


def _cell_label(value: float) -> str:
    """A weight to one decimal, short enough for a kernel's cell: 5, -3.8, .7, -.4, 0.

    >>> [_cell_label(v) for v in (5.0, -3.75, 0.66, -0.4, -0.01, 2.7027)]
    ['5', '-3.8', '.7', '-.4', '0', '2.7']
    """
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    text = f"{rounded:.1f}"
    return text.replace("0.", ".", 1) if abs(rounded) < 1 else text


EDGE_PERCENTILE = 98   # of |result|: an edge map's few strong edges would leave the rest nearly white


def _edge_bound(result: np.ndarray) -> float:
    """The colour limit of a signed result: its 98th percentile of |value| (beyond it, the colorbar's arrows).

    >>> _edge_bound(np.linspace(-1, 1, 101))
    0.98
    """
    magnitude = np.abs(np.asarray(result, dtype=float))
    magnitude = magnitude[np.isfinite(magnitude)]
    if magnitude.size == 0:
        return 1.0
    return float(np.percentile(magnitude, EDGE_PERCENTILE)) or float(magnitude.max()) or 1.0


def show_rank_approximation(image, kernel, rank: int, filter, *, name: str = "kernel", kind: str | None = None,
                            fig: Figure | None = None) -> Figure:
    """A kernel beside its best rank-``rank`` approximation; below, what each does to ``image``.

    Parameters
    ----------
    image : 2-D array
    kernel : 2-D array, drawn as it is applied (``filter`` decides how: correlation or convolution)
    rank : int >= 1
    filter : callable (image, kernel) -> 2-D array, how a kernel is applied (e.g. a 'same' correlation)
    name : str, the kernel's name, for the titles
    kind : 'brightness' | 'signed', optional; by default from the kernel (sums to 0: signed)

    Returns
    -------
    Figure with 2 x 2 panels and a colorbar for the kernels. Both kernels share
    one red-blue colour scale (red = positive weight, blue = negative, white 0)
    with every weight written to one decimal; a blur's small weights (all under
    0.5) are drawn in % of their sum, so a 7x7 disk's 1/37 reads 2.7. Both
    results share another scale. The titles give the relative errors
    (Frobenius norm) of the kernel and of the result, so the alt text has them.
    The kernel row is 1.5 times as tall as the photo row, so a 7x7 kernel's
    cells are over a quarter of an inch (27 CSS px, on a phone too, where
    each column is shown on its own), wide enough for "-3.8".

    >>> fig = show_rank_approximation(np.eye(8), np.eye(3), 1, lambda x, k: x, name="eye")
    >>> fig.axes[1].get_title()
    'rank 1: error 82%'
    """
    kernel, rank, kind = _check_rank_args(kernel, rank, filter, kind)
    approx, exact, approximate, kernel_error, image_error = _approximate(image, kernel, rank, filter, kind)
    scale, unit = _kernel_unit(kernel)
    fig, reused = _reuse(fig, ("rank approximation", kind, unit), WIDTH, RANK_HEIGHT)
    if not reused:
        axes = fig.subplots(2, 2, height_ratios=[RANK_RATIO, 1])
        fig._convlib_panels = list(axes.ravel())
        fig._convlib_kernel_bar = None
    axes = fig._convlib_panels
    # one scale for both: a rank-1 disk overshoots the disk's own weights, so the larger of the two
    bound = scale * (max(float(np.abs(kernel).max()), float(np.abs(approx).max())) or 1.0)
    # shown: the kernel's own values where the approximation is exact (a rank-3 Kirsch is 5 and -3, not 4.99)
    shown = np.where(np.abs(approx - kernel) <= 1e-9 * float(np.abs(kernel).max() or 1), kernel, approx)
    in_unit = f" (in {unit})" if unit else ""
    draw_grid(axes[0], scale * kernel, f"{name}{in_unit}: rank {kernel_rank(kernel)}", kernel=True,
              max_cells=49, bound=bound)
    draw_grid(axes[1], scale * shown, f"rank {rank}: error {kernel_error:.0%}", kernel=True, max_cells=49,
              bound=bound)
    for ax, values in zip(axes[:2], (kernel, shown)):   # one colour scale, every weight to one decimal
        for text, value in zip(ax.texts, (scale * values).ravel()):
            text.set_text(_cell_label(value))
            text.set_color(cell_text_colour(value, bound, DIVERGING))
    if fig._convlib_kernel_bar is None:
        fig._convlib_kernel_bar = fig.colorbar(axes[1].images[0], ax=axes[1], shrink=0.85)
        fig._convlib_kernel_bar.ax.tick_params(labelsize=10)
    fig._convlib_kernel_bar.set_label(f"weight{' (' + unit + ')' if unit else ''}: red +, blue −", fontsize=10)
    # a signed result: both photos on the exact result's scale, so the kernel's own edges stay readable;
    # an approximation that overshoots saturates, and its colorbar gets arrows and states its own range
    bound = _edge_bound(exact) if kind == "signed" else None
    draw_image(axes[2], exact, f"photo, {name}", kind, bound)
    draw_image(axes[3], approximate, f"photo, rank {rank}: error {image_error:.1%}", kind, bound)
    for ax in axes[2:]:
        ax.images[0].set_interpolation("nearest")   # a small photo drawn large: pixels as blocks, frames smaller
        bar = getattr(ax, "_convlib_cbar", None)
        if bar is not None:   # readable on a phone, where a column is shown on its own
            bar.ax.tick_params(labelsize=10)
            bar.ax.yaxis.label.set_fontsize(10)
    _lighten(fig)   # cell values and borders out of the layout: each frame lays out several times faster
    return fig


def block_cost(in_channels: int, out_channels: int, kernel_size: int, output_size: int) -> dict:
    """Parameters and multiply-adds (no bias) of a standard k x k layer and of depthwise k x k + pointwise 1 x 1.

    Counted with :func:`convlib.arithmetic.conv_params` on one ``output_size`` x ``output_size`` output:
    every weight is used once per output pixel, so multiply-adds = parameters x pixels.

    >>> cost = block_cost(32, 64, 3, 56)
    >>> cost["parameters"], round(cost["ratio"], 4)
    ({'standard': 18432, 'depthwise': 288, 'pointwise': 2048}, 0.1267)
    """
    standard = conv_params(in_channels, out_channels, kernel_size, bias=False)
    depthwise = conv_params(in_channels, in_channels, kernel_size, groups=in_channels, bias=False)
    pointwise = conv_params(in_channels, out_channels, 1, bias=False)
    pixels = int(output_size) ** 2
    parameters = {"standard": standard, "depthwise": depthwise, "pointwise": pointwise}
    return {"parameters": parameters, "multiply-adds": {k: v * pixels for k, v in parameters.items()},
            "ratio": (depthwise + pointwise) / standard}


def _count(n: int) -> str:
    for size, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if n >= size:
            return f"{n / size:.3g}{unit}"
    return str(n)


def show_block_cost(in_channels: int, out_channels: int, kernel_size: int, output_size: int = 56, *,
                    fig: Figure | None = None) -> Figure:
    """Bars: parameters and multiply-adds of depthwise + pointwise as a share of the standard layer.

    The standard layer is the 100 % bar; the separable bar is split into its
    depthwise share (1/N) and its pointwise share (1/k^2). The axis is fixed at
    0-100 %, so frames compare. The panels' titles fill in 1/N + 1/k^2 (no
    figure title: a phone shows the two panels one at a time).

    >>> fig = show_block_cost(32, 64, 3)
    >>> fig.axes[0].get_title().splitlines()[0]
    'parameters, 32 → 64 channels, 3×3'
    """
    cost = block_cost(in_channels, out_channels, kernel_size, output_size)
    n, k = out_channels, kernel_size
    fig, reused = _reuse(fig, ("block cost",), WIDTH, 3.0)
    if not reused:
        axes = fig.subplots(1, 2, sharey=True)
        for ax, what in zip(axes, ("parameters", "multiply-adds")):
            ax.bar([0], [100], width=0.6, color=STANDARD_COLOUR)
            ax.bar([1], [0], width=0.6, color=POINTWISE_COLOUR, label="pointwise 1×1: 1/k²")
            ax.bar([1], [0], width=0.6, color=DEPTHWISE_COLOUR, label="depthwise k×k: 1/N")
            ax.text(0, 101, "", ha="center", va="bottom", fontsize=8)
            ax.text(1, 0, "", ha="center", va="bottom", fontsize=8)
            ax.set_ylim(0, 118)
            ax.set_xlim(-0.55, 1.55)
            ax.tick_params(axis="y", labelsize=8)
            ax.set_title(what, fontsize=10)
        for ax in axes:   # a phone shows one panel at a time: each gets its legend and its axis labels
            ax.set_ylabel("% of the standard layer", fontsize=8)
            ax.tick_params(axis="y", labelleft=True)
            handles, labels = ax.get_legend_handles_labels()   # listed top-down, as the bar is stacked
            ax.legend(handles[::-1], labels[::-1], fontsize=7, loc="upper right", frameon=False)
    for ax, what in zip(fig.axes[:2], ("parameters", "multiply-adds")):
        counts = cost[what]
        dw, pw = 100 * counts["depthwise"] / counts["standard"], 100 * counts["pointwise"] / counts["standard"]
        _, pointwise, depthwise = ax.patches
        pointwise.set_height(pw)
        depthwise.set_y(pw)
        depthwise.set_height(dw)
        ax.texts[0].set_text(_count(counts["standard"]))
        ax.texts[1].set_text(f"{_count(counts['depthwise'] + counts['pointwise'])} = {dw + pw:.1f} %\n"
                             f"dw {dw:.1f} + pw {pw:.1f}")
        ax.texts[1].set_y(dw + pw + 1)
        ax.set_xticks([0, 1], [f"standard\n{k}×{k}", "depthwise\n+ pointwise"], fontsize=8)
    # each panel's title says it all: a phone shows the two panels one after the other, cut at the middle
    axes = fig.axes[:2]
    axes[0].set_title(f"parameters, {in_channels} → {out_channels} channels, {k}×{k}\n"
                      f"1/N + 1/k² = 1/{n} + 1/{k * k} = {cost['ratio']:.3f}", fontsize=9)
    axes[1].set_title(f"multiply-adds, {output_size}×{output_size} output\n"
                      f"{cost['ratio']:.3f} of the standard: {1 / cost['ratio']:.1f}× fewer", fontsize=9)
    return fig


__all__ = ["show_singular_values", "show_rank_approximation", "rank_errors", "block_cost", "show_block_cost"]
