"""The book's explorer frames (WebP, lossy or 64-colour lossless, the smaller) stay true to the drawing.

The oracle is the same figure rendered losslessly to PNG.
"""

import io

import numpy as np
import pytest
from PIL import Image

from convlib.course import data, plotting
from convlib.course.plotting._figure import figure_bytes


def _pixels(raw: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(raw)).convert("RGB"), dtype=int)


def _figures():
    rng = np.random.default_rng(3)
    yield "grids", plotting.show_grids([rng.integers(0, 9, (8, 8)), rng.normal(size=(6, 6))], ["counts", "signed"])
    yield "photo", plotting.show_images([data.photo(), data.photo()[:, ::-1]], ["photo", "mirrored"])
    yield "kernel", plotting.show_kernel(rng.normal(size=(5, 5)), "kernel")


@pytest.mark.parametrize("name,fig", list(_figures()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_frame_keeps_white_white_and_colours_close(name, fig):
    frame = _pixels(figure_bytes(fig, "webp", lossless_too=True))
    truth = _pixels(figure_bytes(fig, "png"))
    assert frame.shape == truth.shape
    white = (truth == 255).all(axis=-1)
    assert white.mean() > 0.2  # the page background
    assert (frame[white] >= 250).all(axis=-1).mean() > 0.99, name  # the background stays white, not gray
    assert np.abs(frame - truth).mean() < 4, name  # on average within a few levels of 255


def test_the_smaller_encoding_is_kept():
    fig = dict(_figures())["grids"]
    both = figure_bytes(fig, "webp", lossless_too=True)
    lossy = figure_bytes(fig, "webp")
    assert len(both) <= len(lossy)
