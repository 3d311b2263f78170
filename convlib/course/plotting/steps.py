"""Step-throughs in 2-D: one output pixel of a convolution, its window, its products and their sum.

Used in: chapter 2.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ...signal2d import convolve2d, correlate2d
from ._figure import WIDTH, _reuse
from .grids import draw_grid

OPS = ("convolve", "correlate")


def _outline(ax, row: int, col: int, rows: int, cols: int, colour: str = "#ff9900") -> None:
    for patch in list(ax.patches):
        patch.remove()
    ax.add_patch(Rectangle((col - 0.5, row - 0.5), cols, rows, fill=False, edgecolor=colour, linewidth=2.5))


def show_convolution_step_2d(image, kernel, index: int, *, op: str = "convolve", input_title: str = "input",
                             fig: Figure | None = None) -> Figure:
    """Output pixel number ``index`` (row-major, 'valid' mode) of a 2-D convolution or correlation, drawn.

    Four panels: the input with the window outlined; the kernel *as it is
    applied* (flipped by 180° for convolution, as written for correlation);
    the products of the window and the applied kernel, titled with their sum;
    and the output, filled in up to the current pixel, which is outlined.

    Parameters
    ----------
    image : 2-D array, small (about 6x6 to 8x8)
    kernel : 2-D array, smaller than the image
    index : int, 0 .. (number of 'valid' outputs - 1)
    op : 'convolve' or 'correlate'
    input_title : str, the first line of the input panel's title (say what the input is)

    Example
    -------
    >>> fig = show_convolution_step_2d(np.arange(16.0).reshape(4, 4), np.eye(3), 0)
    >>> fig.axes[3].get_title().splitlines()
    ['convolve output', 'y[0, 0] = 15']
    """
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    if op not in OPS:
        raise ValueError(f"`op` must be 'convolve' or 'correlate'; got {op!r}")
    kh, kw = kernel.shape
    full = (convolve2d if op == "convolve" else correlate2d)(image, kernel, mode="valid")
    out_rows, out_cols = full.shape
    if not 0 <= index < full.size:
        raise ValueError(f"`index` must be between 0 and {full.size - 1} (a {out_rows}×{out_cols} output); got {index}")
    row, col = divmod(index, out_cols)
    applied = kernel[::-1, ::-1] if op == "convolve" else kernel
    window = image[row:row + kh, col:col + kw]
    products = window * applied
    shown = np.where(np.arange(full.size).reshape(full.shape) <= index, full, np.nan)

    fig, reused = _reuse(fig, ("step2d", image.shape, kernel.shape), 0.8 * WIDTH, 2.1)
    axes = fig.axes[:4] if reused else fig.subplots(1, 4, width_ratios=[image.shape[1], kw, kw, out_cols])
    draw_grid(axes[0], image, f"{input_title}\nwindow at ({row}, {col})")
    _outline(axes[0], row, col, kh, kw)
    how = "flipped 180°" if op == "convolve" else "as written"
    draw_grid(axes[1], applied, f"kernel\n{how}", kernel=True)
    # one colour scale for the products of every window, so a frame's colours compare with the next one's
    every = np.lib.stride_tricks.sliding_window_view(image, (kh, kw)) * applied
    draw_grid(axes[2], products, f"products\nsum = {full[row, col]:g}", signed=True,
              bound=float(np.abs(every).max()) or 1.0)
    draw_grid(axes[3], shown, f"{op} output\ny[{row}, {col}] = {full[row, col]:g}", signed=True)
    # one colour scale for the whole output grid, whichever cells are filled in yet
    bound = float(np.abs(full).max()) or 1.0
    axes[3].images[0].set_clim(-bound, bound)
    _outline(axes[3], row, col, 1, 1)
    return fig
