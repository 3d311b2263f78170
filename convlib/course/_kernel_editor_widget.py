"""The live kernel editor: core ipywidgets only (Colab's ipywidgets 7 and Jupyter's 8), computed by convlib.

A grid of ``FloatText`` (rebuilt when the size changes), a ``Dropdown`` of
presets, convolve/correlate and the boundary as ``ToggleButtons``, the figure
input | kernel | result of :func:`.plotting.show_filter` (the book's colours),
row and column boxes that show how one pixel was computed, and an upload
button for the reader's own image.

Used in: :meth:`convlib.course.kernel_editor.KernelEditor.widget`.
"""

from __future__ import annotations

import html

import numpy as np

from .. import kernels as _kernels
from .plotting._figure import LIVE_DPI, WIDTH, figure_bytes, format_value
from .plotting.images import show_filter


def _table(values: np.ndarray, caption: str) -> str:
    rows = "".join("<tr>" + "".join(f"<td style='border:1px solid #ccd;padding:1px 4px;text-align:right'>"
                                    f"{format_value(float(v))}</td>" for v in row) + "</tr>" for row in values)
    return (f"<table style='border-collapse:collapse;font:11px monospace;display:inline-table;margin:2px 6px'>"
            f"<caption style='font-size:11px'>{caption}</caption>{rows}</table>")


def explain_html(editor, row: int, col: int) -> str:
    """The window, the kernel as applied, the products and their sum, as a small HTML block."""
    from .kernel_editor import pixel_products

    window, applied, products, total = pixel_products(editor.image, editor.kernel, row, col, editor.op,
                                                      editor.boundary)
    turned = " (turned by 180°: convolution)" if editor.op == "convolve" else " (as typed: correlation)"
    return (f"<div>Pixel (row {row}, column {col}): the window, the kernel as applied{turned}, the products.</div>"
            f"{_table(window, 'window')} × {_table(applied, 'kernel as applied')} = {_table(products, 'products')}"
            f"<div style='font-family:monospace'>sum of the products = <b>{total:.6g}</b> = result[{row}, {col}]"
            "</div>")


def widget(editor):
    import ipywidgets as widgets

    from ..signal2d import BOUNDARIES
    from .kernel_editor import MAX_KERNEL, OPS, apply

    presets = {name: k for name, k in _kernels.KERNELS.items() if k.shape[0] == k.shape[1] <= MAX_KERNEL}
    state = {"figure": None, "busy": False}
    image = widgets.Image(format="webp", layout=widgets.Layout(width=f"{int(WIDTH * LIVE_DPI)}px", max_width="100%",
                                                              height="auto"))
    size = widgets.Dropdown(options=[(f"{n}×{n}", n) for n in range(1, MAX_KERNEL + 1)],
                            value=editor.kernel.shape[0], description="size", layout=widgets.Layout(width="auto"))
    preset = widgets.Dropdown(options=[("(your own)", "")] + [(name, name) for name in presets], value="",
                              description="preset", layout=widgets.Layout(width="auto"))
    op = widgets.ToggleButtons(options=list(OPS), value=editor.op, description="operation",
                               style={"button_width": "auto", "description_width": "initial"})
    boundary = widgets.ToggleButtons(options=list(BOUNDARIES), value=editor.boundary, description="boundary",
                                     style={"button_width": "auto", "description_width": "initial"})
    grid = widgets.GridBox(layout=widgets.Layout(width="max-content"))
    row = widgets.BoundedIntText(value=editor.image.shape[0] // 2, min=0, max=editor.image.shape[0] - 1,
                                 description="row", layout=widgets.Layout(width="150px"))
    col = widgets.BoundedIntText(value=editor.image.shape[1] // 2, min=0, max=editor.image.shape[1] - 1,
                                 description="column", layout=widgets.Layout(width="150px"))
    readout, message = widgets.HTML(), widgets.HTML()

    def redraw(*_):
        if state["busy"]:
            return
        result = apply(editor.image, editor.kernel, editor.op, editor.boundary)
        state["figure"] = show_filter(editor.image, editor.kernel, result, title_image=editor.image_name,
                                      title_result=f"{editor.op}d, boundary '{editor.boundary}'",
                                      fig=state["figure"])
        editor.figure = state["figure"]   # input | kernel | result, as last drawn
        image.value = figure_bytes(state["figure"], fmt="webp", dpi=LIVE_DPI)
        readout.value = explain_html(editor, min(row.value, editor.image.shape[0] - 1),
                                     min(col.value, editor.image.shape[1] - 1))

    def on_cell(change):
        cells = grid.children
        n = int(round(len(cells) ** 0.5))
        values = np.array([c.value if c.value is not None else np.nan for c in cells], dtype=float)
        if not np.all(np.isfinite(values)):
            message.value = ("<span style='color:#b00020'>A weight is not a finite number; the result still uses "
                             "the last valid kernel.</span>")
            return
        message.value = ""
        editor.kernel = values.reshape(n, n)
        if not state["busy"]:
            preset.value = ""
        redraw()

    def build(kernel: np.ndarray) -> None:
        n = kernel.shape[0]
        state["busy"] = True
        cells = []
        for (i, j), v in np.ndenumerate(kernel):
            cell = widgets.FloatText(value=float(v), description="", layout=widgets.Layout(width="70px"),
                                     tooltip=f"row {i + 1}, column {j + 1}")
            cell.observe(on_cell, names="value")
            cells.append(cell)
        grid.children = cells
        grid.layout.grid_template_columns = f"repeat({n}, 70px)"
        editor.kernel = np.array(kernel, dtype=float)
        size.value = n
        state["busy"] = False

    def on_size(change):
        if state["busy"]:
            return
        old, n = editor.kernel, change["new"]
        new = np.zeros((n, n))
        d = n // 2 - old.shape[0] // 2
        for (i, j), v in np.ndenumerate(old):
            if 0 <= i + d < n and 0 <= j + d < n:
                new[i + d, j + d] = v
        build(new)
        preset.value = ""
        redraw()

    def on_preset(change):
        if change["new"]:
            build(presets[change["new"]])
            redraw()

    def on_op(change):
        editor.op = change["new"]
        redraw()

    def on_boundary(change):
        editor.boundary = change["new"]
        redraw()

    def on_upload(change):
        from ._widgets import UPLOAD_LIMIT, uploaded_files
        from .data import load_image

        files = uploaded_files(change["new"])
        if not files:
            return
        name, content = files[0]
        if not content or len(content) > UPLOAD_LIMIT:
            message.value = f"<span style='color:#b00020'>{html.escape(name)}: empty or over " \
                            f"{UPLOAD_LIMIT / 1e6:g} MB.</span>"
            return
        try:
            editor.image = load_image(content, name=name)
        except ValueError as err:
            message.value = f"<span style='color:#b00020'>{html.escape(str(err).split(': ', 1)[-1])}</span>"
            return
        editor.image_name = "your image"
        height, width = editor.image.shape
        row.max, col.max = height - 1, width - 1
        message.value = f"Loaded {html.escape(name)}: {width} × {height} px (width × height), grayscale."
        redraw()

    upload = widgets.FileUpload(accept="image/*", multiple=False, description="Your image", icon="upload")
    size.observe(on_size, names="value")
    preset.observe(on_preset, names="value")
    op.observe(on_op, names="value")
    boundary.observe(on_boundary, names="value")
    row.observe(redraw, names="value")
    col.observe(redraw, names="value")
    upload.observe(on_upload, names="value")
    build(editor.kernel)
    redraw()
    box = widgets.VBox([
        widgets.HTML(f"<b>{html.escape(editor.title)}</b>"),
        widgets.HBox([size, preset], layout=widgets.Layout(flex_flow="row wrap")),
        widgets.HBox([op, boundary], layout=widgets.Layout(flex_flow="row wrap")),
        grid, image,
        widgets.HBox([widgets.HTML("How was this pixel computed?"), row, col],
                     layout=widgets.Layout(flex_flow="row wrap")),
        readout, widgets.HBox([upload, message], layout=widgets.Layout(flex_flow="row wrap")),
    ])
    box._convlib_parts = {"grid": grid, "size": size, "preset": preset, "op": op, "boundary": boundary,
                          "row": row, "col": col, "readout": readout, "image": image, "upload": upload,
                          "message": message}
    return box
