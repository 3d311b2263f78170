"""The live form of an explorer: core ipywidgets only, so it runs in Colab (ipywidgets 7) and Jupyter (8).

* One persistent figure is redrawn in place and sent as a WebP (quality 80)
  at the size it is shown (:data:`~.plotting._figure.LIVE_DPI`); it is never
  shown by pyplot, so Colab shows no duplicate.
* Numbers get a ``SelectionSlider``. A short list of names (at most five,
  short ones) gets ``ToggleButtons``, which answer to the keyboard in
  JupyterLab; a longer list gets a ``Dropdown`` (in JupyterLab its arrow keys
  move the notebook's cell instead, ipywidgets #3912: click it to choose).
* An upload button adds the reader's image, with the limit said next to it, a
  message for every outcome, and a path box as a fallback that always works.

Used in: every explorer, live.
"""

from __future__ import annotations

import html
import os

from .plotting._figure import LIVE_DPI, WIDTH

UPLOAD_LIMIT = 5_000_000  # bytes: above this, the upload is refused with a message
TOGGLE_MAX_OPTIONS, TOGGLE_MAX_LABEL = 5, 14


def uploaded_files(value) -> list[tuple[str, bytes]]:
    """(name, bytes) of each file in a ``FileUpload.value``, in ipywidgets 8 or 7 format.

    ipywidgets 8 gives a tuple of dicts with 'name' and 'content'; ipywidgets 7
    (still Colab's default) a dict name -> {'metadata': ..., 'content': ...}.

    >>> uploaded_files(({"name": "a.png", "content": memoryview(b"x")},))
    [('a.png', b'x')]
    >>> uploaded_files({"b.png": {"metadata": {"name": "b.png"}, "content": b"y"}})
    [('b.png', b'y')]
    """
    if isinstance(value, dict):
        return [(name, bytes(item["content"])) for name, item in value.items()]
    return [(item.get("name", "upload"), bytes(item["content"])) for item in value]


def _choice_widget(widgets, control, common):
    short = len(control.labels) <= TOGGLE_MAX_OPTIONS and max(map(len, control.labels)) <= TOGGLE_MAX_LABEL
    if short:
        return widgets.ToggleButtons(style={"button_width": "auto", "description_width": "initial"},
                                     **{k: v for k, v in common.items() if k != "style"})
    return widgets.Dropdown(**common)


def widget(explorer):
    """The live explorer: one control per parameter, an upload row if asked, and the image."""
    import ipywidgets as widgets

    shown = int(WIDTH * LIVE_DPI)
    image = widgets.Image(value=explorer.update(fmt="webp"), format="webp",
                          layout=widgets.Layout(width=f"{shown}px", max_width="100%", height="auto"))
    inputs = []
    for control in explorer.controls:
        # options carry indices, not values: values may be arrays, which widgets cannot compare
        options = [(label, i) for i, label in enumerate(control.labels)]
        common = dict(options=options, value=control.start, description=control.name,
                      style={"description_width": "initial"})
        if control.kind == "slider":
            box = widgets.SelectionSlider(continuous_update=True, **common)
        else:
            box = _choice_widget(widgets, control, common)

        def on_change(change, control=control):
            image.value = explorer.update(fmt="webp", **{control.name: control.values[change["new"]]})

        box.observe(on_change, names="value")
        inputs.append(box)
    explorer._image_widget, explorer._input_widgets = image, inputs
    header = [widgets.HTML(f"<b>{html.escape(explorer.title)}</b>")] if explorer.title else []
    rows = [widgets.HBox(inputs, layout=widgets.Layout(flex_flow="row wrap"))]
    if explorer.upload:
        names = [c.name for c in explorer.controls]
        rows.append(upload_row(explorer, widgets, inputs[names.index(explorer.upload)]))
    return widgets.VBox(header + rows + [image])


def _error(text: str) -> str:
    return f"<span style='color:#b00020'>{html.escape(text)}</span>"


def upload_row(explorer, widgets, chooser):
    """An upload button and a path box that add the reader's image to the ``upload`` control."""
    from .data import load_image

    control = next(c for c in explorer.controls if c.name == explorer.upload)
    button = widgets.FileUpload(accept="image/*", multiple=False, description="Upload image", icon="upload",
                                layout=widgets.Layout(width="auto"))
    path = widgets.Text(placeholder="or a file path, e.g. /content/photo.jpg", layout=widgets.Layout(width="260px"))
    load = widgets.Button(description="Load", layout=widgets.Layout(width="auto"))
    limit_mb = UPLOAD_LIMIT / 1e6
    hint = widgets.HTML(f"<small>Images up to {limit_mb:g} MB. Colab can drop uploads over about 1 MB without a "
                        "word: if nothing happens, put the file in Colab's file panel and load it by path.</small>")
    message = widgets.HTML("")

    def add(name: str, source) -> None:
        try:
            picture = load_image(source, name=name)
        except (ValueError, TypeError) as err:
            message.value = _error(str(err).split(": ", 1)[-1])
            return
        control.values.append(picture)
        control.labels.append(f"your image: {name}")
        if hasattr(chooser, "options"):
            chooser.options = [(label, i) for i, label in enumerate(control.labels)]
        chooser.value = len(control.values) - 1
        height, width = picture.shape
        message.value = f"Loaded {html.escape(name)}: {width} × {height} px (width × height), grayscale."

    def on_upload(change):
        files = uploaded_files(change["new"])
        if not files:
            if change["new"] not in ((), {}, None) or change["old"] in ((), {}, None):
                message.value = _error("No file arrived. Try again, or load the file by path.")
            return
        name, content = files[0]
        if len(content) == 0:
            message.value = _error(f"{name} is empty (0 bytes).")
        elif len(content) > UPLOAD_LIMIT:
            message.value = _error(f"{name} is {len(content) / 1e6:.1f} MB, over the {limit_mb:g} MB limit: save "
                                   "a smaller copy, or load it by path.")
        else:
            add(name, content)

    def on_load(_):
        text = path.value.strip()
        if not text:
            message.value = _error("Type the path of an image file first.")
        else:
            add(os.path.basename(text) or text, text)

    button.observe(on_upload, names="value")
    load.on_click(on_load)
    return widgets.VBox([widgets.HBox([button, path, load], layout=widgets.Layout(flex_flow="row wrap")),
                         hint, message])
