"""The figure conventions of the whole book, written once.

* **Images and brightness results** (kernels that sum to 1) are gray.
* **Signed results** (kernels that sum to 0) use red-blue centred at 0, with
  symmetric limits from the data and a colorbar.
* **Kernels** are red-blue centred at 0, with their values written in.
* White figure background, so dark mode stays legible.

Every ``show_*`` function takes an optional ``fig``. Given the figure it drew
last time, it updates the same artists in place, which keeps explorers fast.
Figures are plain ``matplotlib.figure.Figure`` objects, never pyplot ones, so a
notebook shows each exactly once.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

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
