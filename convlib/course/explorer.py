"""Explorers: sliders that work live in Jupyter/Colab and in the static HTML book.

A chapter declares an explorer in a few lines: a render function that draws
into a figure, and its controls::

    def blur(fig, size, sigma):
        k = kernels.gaussian(size, sigma)
        plotting.show_filter(photo, k, convolve2d(photo, k, "same"), fig=fig)

    explore(blur, size=[3, 5, 7, 9], sigma=[0.5, 1.0, 2.0])

A list or range of numbers gives a slider; a list of names (or a dict of
label -> value) gives a dropdown.

* **Live** (Jupyter, Colab): core ipywidgets only. One persistent figure is
  redrawn in place and sent as a PNG to an ``ipywidgets.Image``; it is never
  shown by pyplot, so Colab shows no duplicate.
* **Static** (the built book, when ``CONVLIB_STATIC_EXPLORERS=1``, which
  ``make book`` sets): the same render function draws every combination of
  control values in advance, as compact WebP frames, into one self-contained
  HTML block with real ``<input type=range>`` and ``<select>`` controls and a
  few lines of vanilla JavaScript. Nothing loads from a CDN, the controls work
  from the keyboard, and no inert widget appears.

Used in: every chapter's explorers.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import json
import numbers
import os
from dataclasses import dataclass

import numpy as np

from . import plotting

STATIC_ENV = "CONVLIB_STATIC_EXPLORERS"
MAX_FRAMES = 120


def static_mode() -> bool:
    """True when explorers should render as static HTML (set by ``make book``)."""
    return os.environ.get(STATIC_ENV, "") == "1"


@dataclass
class Control:
    """One control: its name, the values it offers, their labels, and the starting index."""

    name: str
    values: list
    labels: list[str]
    start: int
    kind: str  # "slider" or "dropdown"


def _label(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


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


def make_control(name: str, spec, initial=None) -> Control:
    """Turn a list/range of numbers (slider) or names / a dict (dropdown) into a Control."""
    if isinstance(spec, dict):
        labels, values, kind = [str(k) for k in spec], list(spec.values()), "dropdown"
    elif isinstance(spec, (list, tuple, range, np.ndarray)):
        values = list(spec)
        if not values:
            raise ValueError(f"control `{name}` has no values; give at least one")
        numeric = all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in values)
        labels, kind = [_label(v) for v in values], ("slider" if numeric else "dropdown")
    else:
        raise TypeError(
            f"control `{name}` must be a list or range of numbers (slider), a list of names or a "
            f"dict of label -> value (dropdown); got {type(spec).__name__}"
        )
    if initial is None:
        start = 0
    elif initial in values:
        start = values.index(initial)
    elif initial in labels:
        start = labels.index(initial)
    else:
        raise ValueError(f"initial value {initial!r} of `{name}` is not among its values {labels}")
    return Control(name, values, labels, start, kind)


class Explorer:
    """An explorer: ``render(fig, **values)`` plus its controls. See the module docstring.

    Parameters
    ----------
    render : callable(fig, **values)
        Draws into the figure it is given (use the ``fig=`` argument of
        :mod:`convlib.course.plotting`'s functions so the figure is updated in place).
    controls : dict name -> values
    initial : dict name -> starting value, optional
    max_frames : int
        Static mode renders every combination; more than this is an error.
    title : str
        Shown above the controls, and the alt text of the frames.
    upload : str, optional
        Name of a dropdown control whose values are images: live, an upload
        button adds "your image" to it (grayscale, at most 512 px).
    """

    def __init__(self, render, controls: dict, *, initial=None, max_frames: int = MAX_FRAMES, title: str = "",
                 upload: str | None = None):
        if not callable(render):
            raise TypeError(f"`render` must be a function render(fig, **values); got {type(render).__name__}")
        if not controls:
            raise ValueError("an explorer needs at least one control, e.g. size=[3, 5, 7]")
        initial = initial or {}
        unknown = set(initial) - set(controls)
        if unknown:
            raise ValueError(f"`initial` names unknown controls {sorted(unknown)}; controls are {list(controls)}")
        if upload is not None and upload not in controls:
            raise ValueError(f"`upload`={upload!r} must name one of the controls {list(controls)}")
        self.render = render
        self.upload = upload
        self.controls = [make_control(name, spec, initial.get(name)) for name, spec in controls.items()]
        self.max_frames = max_frames
        self.title = title
        self.figure = None
        self.values = {c.name: c.values[c.start] for c in self.controls}

    @property
    def frame_count(self) -> int:
        return int(np.prod([len(c.values) for c in self.controls]))

    def draw(self, **values):
        """Render ``values`` (the current ones where not given) into the persistent figure."""
        self.values.update(values)
        if self.figure is None:
            self.figure = plotting.new_figure(9, 3.5)
        self.render(self.figure, **self.values)
        return self.figure

    def update(self, fmt: str = "png", quality: int = 70, **values) -> bytes:
        """One slider move: compute, redraw and encode the figure."""
        return plotting.figure_bytes(self.draw(**values), fmt=fmt, quality=quality)

    # --- static HTML ----------------------------------------------------------------

    def frames(self, fmt: str = "webp", quality: int = 70) -> tuple[list[str], dict[str, int]]:
        """Every combination rendered: (unique data URLs, key 'i,j,..' -> index into them)."""
        if self.frame_count > self.max_frames:
            sizes = " x ".join(f"{c.name}: {len(c.values)}" for c in self.controls)
            raise ValueError(
                f"this explorer would render {self.frame_count} frames ({sizes}); the cap is "
                f"{self.max_frames}. Offer fewer values per control, or raise max_frames"
            )
        saved = dict(self.values)
        urls, index, keys = [], {}, {}
        for combo in itertools.product(*[range(len(c.values)) for c in self.controls]):
            values = {c.name: c.values[i] for c, i in zip(self.controls, combo)}
            data = self.update(fmt=fmt, quality=quality, **values)
            url = f"data:image/{fmt};base64," + base64.b64encode(data).decode("ascii")
            if url not in index:
                index[url] = len(urls)
                urls.append(url)
            keys[",".join(map(str, combo))] = index[url]
        self.values = saved
        return urls, keys

    def static_html(self, fmt: str = "webp", quality: int = 70) -> str:
        """One self-contained HTML block: controls, the frame, and vanilla JS to swap frames."""
        urls, keys = self.frames(fmt, quality)
        spec = json.dumps([[c.name, c.labels] for c in self.controls])
        uid = "cx-" + hashlib.sha1((self.title + spec + str(len(urls))).encode()).hexdigest()[:10]
        start = ",".join(str(c.start) for c in self.controls)
        parts = [f'<div class="convlib-explorer" id="{uid}" style="border:1px solid #ccd;border-radius:6px;'
                 'padding:8px 10px;margin:0.5em 0;background:#fff;color:#222">']
        if self.title:
            parts.append(f'<div style="font-weight:600;margin-bottom:4px">{html.escape(self.title)}</div>')
        parts.append('<div style="display:flex;flex-wrap:wrap;gap:6px 22px;align-items:center;font-size:0.9em">')
        for position, control in enumerate(self.controls):
            label_id = f"{uid}-{position}"
            name = html.escape(control.name)
            if control.kind == "slider":
                parts.append(
                    f'<label for="{label_id}">{name} <input id="{label_id}" type="range" min="0" '
                    f'max="{len(control.values) - 1}" step="1" value="{control.start}" data-pos="{position}" '
                    f'aria-valuetext="{html.escape(control.labels[control.start])}" style="vertical-align:middle"> '
                    f'<output aria-live="polite" style="font-family:monospace">'
                    f"{html.escape(control.labels[control.start])}</output></label>"
                )
            else:
                options = "".join(
                    f'<option value="{i}"{" selected" if i == control.start else ""}>{html.escape(lab)}</option>'
                    for i, lab in enumerate(control.labels)
                )
                parts.append(f'<label for="{label_id}">{name} <select id="{label_id}" data-pos="{position}">'
                             f"{options}</select></label>")
        parts.append("</div>")
        if self.upload:
            parts.append('<div style="font-size:0.8em;color:#555;margin-top:2px">Open this chapter in Colab or '
                         "Jupyter to add your own image with an upload button.</div>")
        alt = html.escape(self.title or "explorer frame")
        parts.append(f'<img class="cx-frame" alt="{alt}" src="{urls[keys[start]]}" '
                     'style="max-width:100%;height:auto;display:block;margin-top:6px">')
        payload = json.dumps({"labels": [c.labels for c in self.controls], "urls": urls, "keys": keys})
        parts.append(f'<script type="application/json" class="cx-data">{payload}</script>')
        parts.append(_SCRIPT.replace("UID", uid))
        parts.append("</div>")
        return "".join(parts)

    # --- live widgets ---------------------------------------------------------------

    def widget(self):
        """Core ipywidgets: one control per parameter and an Image updated in place."""
        import ipywidgets as widgets

        image = widgets.Image(value=self.update(), format="png", layout=widgets.Layout(max_width="100%"))
        inputs = []
        for control in self.controls:
            # options carry indices, not values: values may be arrays, which widgets cannot compare
            options = [(label, i) for i, label in enumerate(control.labels)]
            common = dict(options=options, value=control.start, description=control.name,
                          style={"description_width": "initial"})
            if control.kind == "slider":
                box = widgets.SelectionSlider(continuous_update=True, **common)
            else:
                box = widgets.Dropdown(**common)

            def on_change(change, control=control):
                image.value = self.update(**{control.name: control.values[change["new"]]})

            box.observe(on_change, names="value")
            inputs.append(box)
        self._image_widget, self._input_widgets = image, inputs
        header = [widgets.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
        rows = [widgets.HBox(inputs, layout=widgets.Layout(flex_flow="row wrap"))]
        if self.upload:
            rows.append(self._upload_row(widgets, inputs[[c.name for c in self.controls].index(self.upload)]))
        return widgets.VBox(header + rows + [image])

    def _upload_row(self, widgets, dropdown):
        """An upload button that adds the reader's image to the ``upload`` dropdown."""
        control = next(c for c in self.controls if c.name == self.upload)
        from .data import load_image

        button = widgets.FileUpload(accept="image/*", multiple=False, description="Try your own image")
        message = widgets.HTML("")

        def on_upload(change):
            files = uploaded_files(change["new"])
            if not files:
                return
            name, content = files[0]
            try:
                picture = load_image(content)
            except ValueError as err:
                message.value = f"<span style='color:#b00'>{html.escape(str(err))}</span>"
                return
            control.values.append(picture)
            control.labels.append(f"your image: {name}")
            dropdown.options = [(label, i) for i, label in enumerate(control.labels)]
            dropdown.value = len(control.values) - 1
            message.value = f"Loaded {html.escape(name)} ({picture.shape[0]}x{picture.shape[1]} px, grayscale)"

        button.observe(on_upload, names="value")
        return widgets.HBox([button, message])

    def _ipython_display_(self):
        from IPython.display import HTML, display

        if static_mode():
            display(HTML(self.static_html()))
        else:
            display(self.widget())


def explore(render, *, initial=None, max_frames: int = MAX_FRAMES, title: str = "", upload: str | None = None,
            **controls) -> Explorer:
    """Build an :class:`Explorer`; shown as live widgets or static HTML when displayed.

    >>> ex = explore(lambda fig, size: plotting.show_kernel(np.ones((size, size)), fig=fig), size=[1, 3])
    >>> ex.frame_count
    2
    """
    return Explorer(render, controls, initial=initial, max_frames=max_frames, title=title, upload=upload)


_SCRIPT = """<script>(function(){
var root=document.getElementById("UID");if(!root)return;
var data=JSON.parse(root.querySelector("script.cx-data").textContent);
var img=root.querySelector("img.cx-frame");
var inputs=Array.prototype.slice.call(root.querySelectorAll("[data-pos]"));
function refresh(){
  var key=inputs.map(function(el){return el.value;}).join(",");
  inputs.forEach(function(el){
    var label=data.labels[+el.getAttribute("data-pos")][+el.value];
    if(el.type==="range"){el.setAttribute("aria-valuetext",label);
      var out=el.parentNode.querySelector("output");if(out)out.textContent=label;}
  });
  var src=data.urls[data.keys[key]];if(src&&img.src!==src)img.src=src;
  root.setAttribute("data-frame",key);
}
inputs.forEach(function(el){el.addEventListener("input",refresh);el.addEventListener("change",refresh);});
refresh();
})();</script>"""
