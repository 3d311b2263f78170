"""Type any kernel: an editor that works in the static book (JavaScript) and live (ipywidgets, convlib).

One call in a notebook::

    kernel_editor(photo, kernel="sobel x")

* **In the book** (``CONVLIB_STATIC_EXPLORERS=1``): one self-contained HTML
  block with vanilla JavaScript (:mod:`._kernel_editor_js`), nothing from a
  CDN. A grid of number cells (1×1 to 7×7; ``1/9`` is accepted), the presets
  of :data:`convlib.kernels.KERNELS`, convolve or correlate, the boundary
  fill/wrap/symm, the image and the result on canvases in the book's colours,
  and, on hover or tap, the window, the products and their sum. The reader
  can load their own picture: it is made grayscale and at most 512 px in the
  browser, and never sent anywhere. The JavaScript's numbers equal convlib's
  (``tests/test_kernel_editor_browser.py`` checks them in Chromium).
* **Live** (Jupyter, Colab): the same controls as core ipywidgets (a grid of
  ``FloatText``, ``Dropdown`` presets), computed by ``convlib.convolve2d`` /
  ``correlate2d``, drawn by :func:`.plotting.show_filter`; a row and column
  box shows how one pixel was computed (:func:`pixel_products`).

The colours follow :mod:`.plotting._figure`: gray for a kernel that does not
sum to 0 (a brightness, with blue below 0 and red above 1), red-blue centred
at 0 for one that does. The JavaScript gets that rule's constants from there.

Used in: chapter 2.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
from fractions import Fraction

import numpy as np

from .. import kernels as _kernels
from .._checks import as_float_array, check_choice, check_ndim
from ..padding import pad
from ..signal2d import _NUMPY_MODE, BOUNDARIES, convolve2d, correlate2d

OPS = ("convolve", "correlate")
MAX_KERNEL = 7
MAX_SIDE = 512
_ids = itertools.count(1)


def _check_kernel(kernel) -> np.ndarray:
    if isinstance(kernel, str):
        if kernel not in _kernels.KERNELS:
            raise ValueError(f"`kernel`={kernel!r} is not a preset; use an array or one of {list(_kernels.KERNELS)}")
        kernel = _kernels.KERNELS[kernel]
    k = as_float_array(kernel, "kernel")
    check_ndim(k, "kernel", (2,), "a square 2-D array, 1x1 to 7x7")
    if k.shape[0] != k.shape[1] or not 1 <= k.shape[0] <= MAX_KERNEL:
        raise ValueError(f"`kernel` must be square, 1x1 to {MAX_KERNEL}x{MAX_KERNEL}; got shape {k.shape}")
    if not np.all(np.isfinite(k)):
        raise ValueError("`kernel` holds NaN or infinity; every weight must be a finite number")
    return k


def _check_image(image) -> np.ndarray:
    x = as_float_array(image, "image")
    check_ndim(x, "image", (2,), "a 2-D grayscale array (rows, columns), e.g. data.photo(size=320)")
    if max(x.shape) > MAX_SIDE:
        raise ValueError(f"`image` is {x.shape[0]}x{x.shape[1]}; the editor takes at most {MAX_SIDE} px a side "
                         "(use data.photo(size=320) or data.load_image(path, size=320))")
    if not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 1:
        raise ValueError("`image` must hold brightness values in [0, 1] (no NaN), like data.photo(); got range "
                         f"{np.nanmin(x):g} to {np.nanmax(x):g}")
    return x


def apply(image, kernel, op: str = "convolve", boundary: str = "symm") -> np.ndarray:
    """What the editor shows: ``convolve2d`` or ``correlate2d`` in mode 'same' with the given boundary.

    >>> float(apply(np.eye(3), [[0, 0, 0], [0, 2, 0], [0, 0, 0]], "correlate", "fill")[1, 1])
    2.0
    """
    op = check_choice(op, "op", OPS)
    function = convolve2d if op == "convolve" else correlate2d
    return function(image, kernel, mode="same", boundary=boundary)


def pixel_products(image, kernel, row: int, col: int, op: str = "convolve", boundary: str = "symm"):
    """How one output pixel of :func:`apply` is computed: (window, kernel as applied, products, sum).

    The window is the ``P x Q`` patch of the boundary-extended image under the
    kernel; to convolve, the kernel is applied turned by 180°. For an even size
    the window starts ``P // 2`` rows above the pixel to convolve and
    ``(P - 1) // 2`` to correlate, as scipy's 'same' mode does. The sum of the
    products is ``apply(image, kernel, op, boundary)[row, col]``.

    >>> window, applied, products, total = pixel_products(np.eye(3), np.ones((3, 3)), 1, 1, "correlate", "fill")
    >>> total
    3.0
    """
    x = np.asarray(image, dtype=float)
    k = _check_kernel(kernel)
    op = check_choice(op, "op", OPS)
    boundary = check_choice(boundary, "boundary", BOUNDARIES)
    height, width = x.shape
    if not (0 <= row < height and 0 <= col < width):
        raise ValueError(f"pixel ({row}, {col}) is outside the {height}x{width} image")
    size = k.shape[0]
    half = size // 2 if op == "convolve" else (size - 1) // 2  # scipy's 'same' centre for an even kernel
    extended = pad(x, ((half, size - 1 - half), (half, size - 1 - half)), mode=_NUMPY_MODE[boundary])
    window = extended[row:row + size, col:col + size]
    applied = k[::-1, ::-1] if op == "convolve" else k
    products = window * applied
    return window, applied, products, float(products.sum())


def _cell_text(value: float) -> str:
    """A kernel weight as the reader would type it: 2, -0.5, 1/9, or 4 significant digits.

    Below 1, a 4-digit decimal drops its leading 0 (``.001342``, as Python and
    the cells both read it), so a 7x7 Gaussian's weights fit a phone's cells.

    >>> [_cell_text(v) for v in (2.0, -0.5, 1 / 9, 0.0121, -0.001342)]
    ['2', '-0.5', '1/9', '.0121', '-.001342']
    """
    fraction = Fraction(value).limit_denominator(256)
    if abs(float(fraction) - value) <= 1e-12 * max(1.0, abs(value)):
        if fraction.denominator == 1:
            return str(fraction.numerator)
        if fraction.denominator in (2, 4, 5, 8, 10, 20, 25, 50, 100):
            return f"{value:g}"
        return f"{fraction.numerator}/{fraction.denominator}"
    text = f"{value:.4g}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _png(image: np.ndarray) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.round(image * 255).astype(np.uint8)).save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def colour_rule() -> dict:
    """The constants of the book's colour rule (:mod:`.plotting._figure`), for the JavaScript."""
    import matplotlib

    from .plotting import _figure

    lut = matplotlib.colormaps[_figure.DIVERGING].resampled(256)(np.arange(256))[:, :3]
    return {
        # values within `rounding` of [0, 1] are rounding errors, drawn black or white (main: _figure.ROUNDING)
        "rule": {"sumShare": _figure.SUM_SHARE, "robust": _figure.ROBUST, "robustMinSize": 400, "keepFraction": 0.25,
                 "rounding": getattr(_figure, "ROUNDING", 1e-9)},
        "diverging": base64.b64encode(np.round(lut * 255).astype(np.uint8).tobytes()).decode("ascii"),
        "under": _figure.UNDER, "over": _figure.OVER,
    }


class KernelEditor:
    """The editor: shown as static HTML in the book and as core ipywidgets live. See the module docstring."""

    def __init__(self, image=None, kernel="sobel x", *, op: str = "convolve", boundary: str = "symm",
                 title: str = "Type any kernel", image_name: str = "photo"):
        if image is None:
            from . import data

            image = data.photo(size=320)
        self.image = _check_image(image)
        self.kernel = _check_kernel(kernel)
        self.op = check_choice(op, "op", OPS)
        self.boundary = check_choice(boundary, "boundary", BOUNDARIES)
        if not isinstance(title, str) or not isinstance(image_name, str):
            raise TypeError("`title` and `image_name` must be strings")
        self.title, self.image_name = title, image_name

    def result(self) -> np.ndarray:
        return apply(self.image, self.kernel, self.op, self.boundary)

    # --- static ---------------------------------------------------------------------------

    def static_html(self) -> str:
        """One self-contained HTML block (see :mod:`._kernel_editor_js`)."""
        from ._kernel_editor_js import SCRIPT, STYLE

        uid = f"convlib-kernel-editor-{next(_ids)}"
        presets = [{"name": name, "size": int(k.shape[0]), "cells": [_cell_text(v) for v in k.ravel()]}
                   for name, k in _kernels.KERNELS.items() if k.ndim == 2 and k.shape[0] == k.shape[1] <= MAX_KERNEL]
        size = int(self.kernel.shape[0])
        data = {"png": _png(self.image), "imageName": self.image_name, "maxSide": MAX_SIDE, "size": size,
                "kernel": [_cell_text(v) for v in self.kernel.ravel()], "op": self.op, "boundary": self.boundary,
                "presets": presets, **colour_rule()}
        start = next((i for i, p in enumerate(presets) if p["cells"] == data["kernel"]), None)

        def options(values, chosen, labels=None):
            labels = labels or values
            return "".join(f'<option value="{html.escape(str(v))}"{" selected" if v == chosen else ""}>'
                           f"{html.escape(str(label))}</option>" for v, label in zip(values, labels))

        controls = "".join([
            f'<label>size <select class="ke-size">{options(list(range(1, MAX_KERNEL + 1)), size, [f"{n}×{n}" for n in range(1, MAX_KERNEL + 1)])}</select></label>',  # noqa: E501
            '<label>preset <select class="ke-preset"><option value="">(your own)</option>'
            f'{options(list(range(len(presets))), start, [p["name"] for p in presets])}</select></label>',
            f'<label>operation <select class="ke-op">{options(list(OPS), self.op)}</select></label>',
            f'<label>boundary <select class="ke-boundary">{options(list(BOUNDARIES), self.boundary)}</select></label>',
            '<label>your image <input class="ke-file" type="file" accept="image/*" style="max-width:210px"></label>',
            '<button type="button" class="ke-photo" hidden>back to the photo</button>',
        ])
        panels = (
            '<div class="ke-panels">'
            '<figure><figcaption class="ke-input-caption"></figcaption><div class="ke-box">'
            '<canvas class="ke-canvas ke-input" role="img" aria-label="the input image"></canvas>'
            '<div class="ke-mark ke-window" hidden></div></div></figure>'
            '<figure><figcaption class="ke-result-caption"></figcaption><div class="ke-box">'
            '<canvas class="ke-canvas ke-result" role="img" tabindex="0" aria-label="the result; hover, tap or '
            'drag on a pixel, or focus it and use the arrow keys, to see how it was computed"></canvas>'
            '<div class="ke-mark ke-pixel" hidden></div></div>'
            '<div class="ke-legend"><canvas></canvas><div class="ke-ticks"></div><div class="ke-legend-text"></div>'
            '</div></figure></div>'
        )
        note = ('<div class="ke-note">Computed in your browser by the same formula as '
                "<code>convlib.convolve2d</code> / <code>correlate2d</code> (mode 'same'); the book's tests check "
                "that the numbers agree. Your image stays on your device: it is made grayscale and at most "
                f"{MAX_SIDE} px here, and never sent anywhere.</div>")
        return "".join([
            f'<div class="convlib-kernel-editor" id="{uid}" data-op="{self.op}" data-boundary="{self.boundary}" '
            'data-mode="same">', STYLE,
            f'<div class="ke-title">{html.escape(self.title)}</div>',
            f'<div class="ke-controls">{controls}</div>',
            '<div class="ke-top"><div class="ke-grid" role="group" aria-label="kernel weights"></div>'
            '<div class="ke-side"><div class="ke-kind"></div><div class="ke-msg" role="status" aria-live="polite">'
            "</div></div></div>",
            panels,
            '<div class="ke-readout" aria-live="polite"></div>', note,
            f'<script type="application/json" class="ke-data">{json.dumps(data)}</script>',
            SCRIPT.replace("UID", uid), "</div>",
        ])

    # --- live -------------------------------------------------------------------------------

    def widget(self):
        from ._kernel_editor_widget import widget

        return widget(self)

    def _ipython_display_(self):
        from IPython.display import HTML, display

        from .explorer import static_mode

        display(HTML(self.static_html()) if static_mode() else self.widget())


def kernel_editor(image=None, kernel="sobel x", *, op: str = "convolve", boundary: str = "symm",
                  title: str = "Type any kernel", image_name: str = "photo") -> KernelEditor:
    """An editor for any kernel up to 7×7 on ``image``: static HTML in the book, live widgets in Jupyter/Colab.

    Parameters
    ----------
    image : 2-D array in [0, 1], at most 512 px a side (default: the 320-px photo)
    kernel : square array 1×1 .. 7×7, or a name from :data:`convlib.kernels.KERNELS`
    op : 'convolve' or 'correlate'
    boundary : 'fill', 'wrap' or 'symm'

    >>> editor = kernel_editor(np.zeros((8, 8)), "box blur 3x3", boundary="wrap")
    >>> editor.result().shape
    (8, 8)
    """
    return KernelEditor(image, kernel, op=op, boundary=boundary, title=title, image_name=image_name)
