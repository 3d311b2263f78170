"""Explorers: sliders that work live in Jupyter/Colab and in the static HTML book.

A chapter declares an explorer in a few lines: a render function that draws
into a figure, and its controls::

    def blur(fig, size, sigma):
        k = kernels.gaussian(size, sigma)
        plotting.show_filter(photo, k, convolve2d(photo, k, "same"), fig=fig)

    explore(blur, size=[3, 5, 7, 9], sigma=[0.5, 1.0, 2.0])

A list or range of numbers gives a slider; a list of names (or a dict of
label -> value) gives a choice.

* **Live** (Jupyter, Colab): core ipywidgets only (:mod:`._widgets`).
* **Static** (the built book, when ``CONVLIB_STATIC_EXPLORERS=1``, which
  ``make book`` sets): every combination is rendered in advance, as WebP
  frames, into one self-contained HTML block (:mod:`._static_html`).

What both share, and every explorer gets without asking:

* **Steady axes.** Frames that differ only by their sliders use the same y
  (and x) limits for their plots and the same colour limits for their images,
  taken over all those frames, so they can be compared: a longer kernel's taps
  really look smaller, a wider blur really looks flatter. A *choice* between
  different things (another kernel, another image) gets the limits that fit
  it: a Kirsch kernel's gain would otherwise wash out every Sobel map
  (:meth:`Explorer.fixed_limits`).
* **Every frame laid out afresh**, so nothing is clipped when a title grows.
* **Alt text per frame**: the explorer's title, the control values and the
  panels' titles.

Used in: chapters 1 and 2.
"""

from __future__ import annotations

import itertools
import numbers
import os
import weakref
from dataclasses import dataclass

import numpy as np

from . import plotting
from .plotting._figure import DPI, LIVE_DPI, WIDTH

STATIC_ENV = "CONVLIB_STATIC_EXPLORERS"
MAX_FRAMES = 120
REGISTRY: weakref.WeakSet = weakref.WeakSet()  # every explorer alive in this process


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
    kind: str  # "slider" or "choice"


def _label(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def make_control(name: str, spec, initial=None) -> Control:
    """Turn a list/range of numbers (slider) or names / a dict (choice) into a Control."""
    if isinstance(spec, dict):
        labels, values = [str(k) for k in spec], list(spec.values())
        numeric = False
    elif isinstance(spec, (list, tuple, range, np.ndarray)):
        values = list(spec)
        labels = [_label(v) for v in values]
        numeric = all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in values)
    else:
        raise TypeError(
            f"control `{name}` must be a list or range of numbers (slider), a list of names or a "
            f"dict of label -> value (choice); got {type(spec).__name__}"
        )
    if not values:
        raise ValueError(f"control `{name}` has no values; give at least one")
    control = Control(name, values, labels, 0, "slider" if numeric else "choice")
    if initial is not None:
        start = index_of(control, initial)
        if start is None and initial in labels:
            start = labels.index(initial)
        if start is None:
            raise ValueError(f"initial value {initial!r} of `{name}` is not among its values {labels}")
        control.start = start
    return control


def index_of(control: Control, value) -> int | None:
    """The position of ``value`` among a control's values (the same object, or an equal name or number)."""
    for i, v in enumerate(control.values):
        if v is value or (isinstance(v, (str, numbers.Number)) and isinstance(value, (str, numbers.Number))
                          and v == value):
            return i
    return None


def _widen(old, new) -> tuple:
    """The union of two axis ranges, keeping their direction (an image-like axis runs downwards)."""
    low, high = min(*old, *new), max(*old, *new)
    return (high, low) if old[0] > old[1] else (low, high)


def _axes_key(fig, index, group):
    return (group, getattr(fig, "_convlib_layout", None), index)


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
        Shown above the controls, and the start of each frame's alt text.
    upload : str, optional
        Name of a choice control whose values are images: live, an upload
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
        self._limits: dict | None = None
        REGISTRY.add(self)

    @property
    def frame_count(self) -> int:
        return int(np.prod([len(c.values) for c in self.controls]))

    def combinations(self):
        """Every combination of control indices, in order."""
        return itertools.product(*[range(len(c.values)) for c in self.controls])

    def values_at(self, combo) -> dict:
        return {c.name: c.values[i] for c, i in zip(self.controls, combo)}

    # --- steady axes -----------------------------------------------------------------

    def _group(self) -> tuple:
        """The current values of the choice controls: frames of one group share their limits."""
        return tuple(index_of(c, self.values[c.name]) for c in self.controls if c.kind == "choice")

    def _record(self, store: dict) -> None:
        """Widen ``store`` to cover the limits of the figure as just rendered."""
        fig, group = self.figure, self._group()
        for index, ax in enumerate(fig.axes):
            if hasattr(ax, "_colorbar") or hasattr(ax, "_convlib_grid"):
                continue  # colorbars follow their image; kernels and pixel grids keep their own scale
            key = _axes_key(fig, index, group)
            if ax.images and hasattr(ax, "_convlib_kind"):
                low, high = ax.images[0].get_clim()
                entry = ("clim", low, high)
            elif ax.lines or ax.collections or ax.patches:
                (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
                entry = ("xy", x0, x1, y0, y1)
            else:
                continue
            old = store.get(key)
            if old is None or old[0] != entry[0]:
                store[key] = entry
            elif entry[0] == "clim":
                store[key] = ("clim", min(old[1], entry[1]), max(old[2], entry[2]))
            else:
                store[key] = ("xy", *_widen(old[1:3], entry[1:3]), *_widen(old[3:5], entry[3:5]))

    def _apply(self, store: dict) -> None:
        fig, group = self.figure, self._group()
        for index, ax in enumerate(fig.axes):
            entry = store.get(_axes_key(fig, index, group))
            if entry is None or hasattr(ax, "_colorbar") or hasattr(ax, "_convlib_grid"):
                continue
            if entry[0] == "clim" and ax.images:
                ax.images[0].set_clim(entry[1], entry[2])
            elif entry[0] == "xy" and not ax.images:
                ax.set_xlim(entry[1], entry[2])
                ax.set_ylim(entry[3], entry[4])

    def fixed_limits(self) -> dict:
        """The limits every frame uses: one pass over all frames, rendering without drawing."""
        if self._limits is None:
            saved, store = dict(self.values), {}
            if self.frame_count <= 4 * MAX_FRAMES:
                for combo in self.combinations():
                    self._render(self.values_at(combo))
                    self._record(store)
            self._limits = store
            self.values = saved
        return self._limits

    # --- drawing -----------------------------------------------------------------------

    def _render(self, values: dict):
        self.values.update(values)
        if self.figure is None:
            self.figure = plotting.new_figure(WIDTH, 3.0)
        self.render(self.figure, **self.values)
        return self.figure

    def draw(self, **values):
        """Render ``values`` (the current ones where not given) with the explorer's fixed limits."""
        limits = self.fixed_limits()
        fig = self._render(values)
        self._record(limits)  # an uploaded image may widen them
        self._apply(limits)
        return fig

    def update(self, fmt: str = "png", quality: int = 80, dpi: float = LIVE_DPI, lossless_too: bool = False,
               relayout: str = "changed", **values) -> bytes:
        """One control move: compute, redraw, lay out (where needed) and encode the figure."""
        return plotting.figure_bytes(self.draw(**values), fmt=fmt, quality=quality, dpi=dpi,
                                     lossless_too=lossless_too, relayout=relayout)

    def alt_text(self) -> str:
        """What the current frame shows: title, control values and panel titles."""
        positions = [(c, index_of(c, self.values[c.name])) for c in self.controls]
        settings = ", ".join(f"{c.name} {c.labels[i]}" if i is not None else c.name for c, i in positions)
        fig = self.figure
        panels = [ax.get_title() for ax in fig.axes if ax.get_title()] if fig is not None else []
        suptitle = fig._suptitle.get_text() if fig is not None and fig._suptitle is not None else ""
        parts = [f"{self.title}: {settings}" if self.title else settings]
        if suptitle:
            parts.append(suptitle)
        if panels:
            parts.append("panels: " + "; ".join(panels))
        return ". ".join(parts).replace("\n", " ")

    def frames(self, fmt: str = "webp", quality: int = 80, dpi: float = DPI) -> dict:
        """Every combination rendered: unique frames (data URLs, alt texts, sizes, phone columns) and the key map."""
        from ._static_html import render_frames

        if self.frame_count > self.max_frames:
            sizes = " x ".join(f"{c.name}: {len(c.values)}" for c in self.controls)
            raise ValueError(
                f"this explorer would render {self.frame_count} frames ({sizes}); the cap is "
                f"{self.max_frames}. Offer fewer values per control, or raise max_frames"
            )
        return render_frames(self, fmt, quality, dpi)

    def static_html(self, fmt: str = "webp", quality: int = 80) -> str:
        """One self-contained HTML block: controls, the frame, and vanilla JS to swap frames."""
        from ._static_html import static_html

        return static_html(self, self.frames(fmt, quality))

    def widget(self):
        """Core ipywidgets: one control per parameter and an Image updated in place."""
        from ._widgets import widget

        return widget(self)

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
