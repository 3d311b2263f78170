"""The course tooling beside the maths: explorers, figures, data, timing and exercise checks.

``import convlib`` gives the operations and needs only numpy and scipy. This
subpackage is what the chapters use around them, and needs the ``course``
extra (matplotlib, Pillow, ipywidgets)::

    pip install "convlib[course] @ git+https://github.com/<owner>/<repo>@main"

In a chapter::

    from convlib.course import data, explore, plotting
    from convlib.course.checks import ch02 as checks

* :mod:`.explorer`: ``explore(render, **controls)``, live widgets or static HTML;
* :mod:`.kernel_editor`: ``kernel_editor(image, kernel=...)``, type any kernel (JS in the book, live widgets);
* :mod:`.plotting`: the figures, one module per kind;
* :mod:`.data`: the bundled real data and synthetic inputs;
* :mod:`.timing`: fair, interleaved timings;
* :mod:`.checks`: one module of exercise checks per chapter.
"""

from . import data, plotting, timing
from .explorer import explore

__all__ = ["data", "explore", "plotting", "timing"]
