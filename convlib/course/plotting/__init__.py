"""Figures for the course, one module per kind of figure.

* :mod:`._figure`: the colour conventions, figure reuse and encoding;
* :mod:`.images`: images side by side, input | kernel | result;
* :mod:`.grids`: kernels and pixel grids with their values written in;
* :mod:`.signals`: stacked 1-D signals and the convolution step;
* :mod:`.steps`: the 2-D convolution step: window, products, sum;
* :mod:`.arithmetic`: padding, stride and output sizes, drawn as conv_arithmetic does;
* :mod:`.receptive`: dilated kernels, receptive fields and the inputs that reach one output;
* :mod:`.layers`: channels in and out: RGB, a layer's outputs, the per-channel sum, weight tensors;
* :mod:`.activations`: activation curves, an activation on a feature map, two layers against one;
* :mod:`.pooling`: pooling windows on a small grid, adaptive bins, and what a small shift changes;
* :mod:`.upsampling`: how a transposed convolution's stamps overlap, and upsampling methods side by side;
* :mod:`.separable`: singular values, rank-r approximations, the cost of a depthwise-separable block;
* :mod:`.training`: a kernel as it is learned, loss and accuracy curves, a CNN's learned filters.

Used in: every chapter.
"""

from ._figure import DIVERGING, GRAY, figure_bytes, is_signed, kernel_kind, new_figure, panel_columns
from .activations import show_activation_curves, show_activation_map, show_layers_vs_one
from .arithmetic import (
    formula_text,
    reads_per_cell,
    show_arithmetic,
    show_layer_sizes,
    show_stride_step,
    show_strided,
    show_windows_1d,
)
from .grids import draw_grid, show_grids, show_kernel, show_pixels
from .images import draw_image, show_filter, show_images, show_padded
from .layers import (
    channel_maps,
    draw_rgb,
    draw_weights,
    show_channel_sum,
    show_colour_mix,
    show_layer_outputs,
    show_layout_trap,
    show_output_channels,
    show_rgb,
    show_weights,
)
from .pooling import pool_periodic, pool_windows, shift_change, show_bins, show_pooling, show_shift
from .receptive import (
    draw_dilated_kernel,
    draw_reach,
    draw_stack,
    show_causal_stack,
    show_dilated_filter,
    show_dilated_kernels,
    show_dilated_step,
    show_reach,
    show_reach_maps,
)
from .separable import block_cost, rank_errors, show_block_cost, show_rank_approximation, show_singular_values
from .signals import show_convolution_step, show_signals
from .steps import show_convolution_step_2d
from .training import show_digit_filters, show_learning, show_training_curves
from .upsampling import (
    coverage,
    coverage_text,
    draw_counts,
    inside_window,
    overlap,
    show_count_maps,
    show_overlap,
    show_upsampling,
)

__all__ = [
    "DIVERGING", "GRAY", "figure_bytes", "is_signed", "kernel_kind", "new_figure", "panel_columns",
    "draw_grid", "show_grids", "show_kernel", "show_pixels",
    "draw_image", "show_filter", "show_images", "show_padded",
    "show_convolution_step", "show_signals", "show_convolution_step_2d",
    "formula_text", "reads_per_cell", "show_arithmetic", "show_layer_sizes", "show_stride_step", "show_strided",
    "show_windows_1d",
    "draw_dilated_kernel", "draw_reach", "draw_stack", "show_causal_stack", "show_dilated_filter",
    "show_dilated_kernels", "show_dilated_step", "show_reach", "show_reach_maps",
    "channel_maps", "draw_rgb", "draw_weights", "show_channel_sum", "show_colour_mix", "show_layer_outputs",
    "show_layout_trap", "show_output_channels", "show_rgb", "show_weights",
    "show_activation_curves", "show_activation_map", "show_layers_vs_one",
    "coverage", "coverage_text", "draw_counts", "inside_window", "overlap", "show_count_maps", "show_overlap",
    "show_upsampling",
    "show_digit_filters", "show_learning", "show_training_curves",
    "pool_periodic", "pool_windows", "shift_change", "show_bins", "show_pooling", "show_shift",
    "block_cost", "rank_errors", "show_block_cost", "show_rank_approximation", "show_singular_values",
]
