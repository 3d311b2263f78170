"""Figures for the course, one module per kind of figure.

* :mod:`._figure`: the colour conventions, figure reuse and encoding;
* :mod:`.images`: images side by side, input | kernel | result;
* :mod:`.grids`: kernels and pixel grids with their values written in;
* :mod:`.signals`: stacked 1-D signals and the convolution step.

Used in: every chapter.
"""

from ._figure import DIVERGING, GRAY, figure_bytes, is_signed, new_figure
from .grids import draw_grid, show_grids, show_kernel, show_pixels
from .images import draw_image, show_filter, show_images
from .signals import show_convolution_step, show_signals

__all__ = [
    "DIVERGING", "GRAY", "figure_bytes", "is_signed", "new_figure",
    "draw_grid", "show_grids", "show_kernel", "show_pixels",
    "draw_image", "show_filter", "show_images",
    "show_convolution_step", "show_signals",
]
