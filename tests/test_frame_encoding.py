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
    assert (frame[white] >= 254).all(axis=-1).mean() > 0.99, name  # the background stays white, not gray
    assert np.abs(frame - truth).mean() < 4, name  # on average within a few levels of 255


def test_a_lossless_frame_keeps_pure_white():
    rng = np.random.default_rng(5)
    fig = plotting.show_kernel(rng.normal(size=(5, 5)), "kernel")
    raw = figure_bytes(fig, "webp", lossless_too=True)
    assert raw[12:16] == b"VP8L"  # a grid: the lossless encoding is the smaller
    frame, truth = _pixels(raw), _pixels(figure_bytes(fig, "png"))
    white = (truth == 255).all(axis=-1)
    assert (frame[white] == 255).all()


def test_the_smaller_encoding_is_kept():
    fig = dict(_figures())["grids"]
    both = figure_bytes(fig, "webp", lossless_too=True)
    lossy = figure_bytes(fig, "webp")
    assert len(both) <= len(lossy)


def test_grays_stay_gray_next_to_red_and_blue():
    """A small gray image beside a red-blue map (the digits' filters): the 64 colours must not tint the grays."""
    rng = np.random.default_rng(7)
    small = data.photo()[::24, ::24]
    fig = plotting.show_images([small, rng.normal(size=small.shape)], ["gray", "signed"])
    frame, truth = _pixels(figure_bytes(fig, "webp", lossless_too=True)), _pixels(figure_bytes(fig, "png"))
    gray = (truth.max(axis=-1) == truth.min(axis=-1)) & (truth[..., 0] < 250)
    spread = frame[gray].max(axis=-1) - frame[gray].min(axis=-1)
    assert gray.sum() > 1000
    assert np.percentile(spread, 99) <= 6, np.percentile(spread, [50, 99, 100])


def test_the_ends_of_the_red_blue_map_keep_their_colour_in_every_frame():
    """The review saw navy turn purple in one frame and not the next; the palette's red-blue steps are fixed."""
    from matplotlib import colormaps

    ends = (np.array(colormaps["RdBu_r"]([0.0, 1.0])[:, :3]) * 255).round().astype(int)
    rng = np.random.default_rng(11)
    for scale in (0.5, 1.0, 3.0):
        fig = plotting.show_kernel(np.clip(rng.normal(size=(6, 6)) * scale, -1, 1), "kernel")
        frame, truth = _pixels(figure_bytes(fig, "webp", lossless_too=True)), _pixels(figure_bytes(fig, "png"))
        for end in ends:
            here = (np.abs(truth - end).sum(axis=-1) <= 3)
            if here.sum() > 50:
                assert np.abs(frame[here] - end).max() <= 12, (scale, end)


def test_other_colour_maps_stay_close():
    """A count map in Blues and a viridis map: colours outside the fixed grays and red-blue steps stay near."""
    from convlib.course.plotting._figure import new_figure

    rng = np.random.default_rng(0)
    fig = new_figure(6.4, 3)
    left, right = fig.subplots(1, 2)
    fig.colorbar(left.imshow(rng.integers(1, 10, (12, 12)), cmap="Blues"), ax=left)
    fig.colorbar(right.imshow(rng.normal(size=(12, 12)), cmap="viridis"), ax=right)
    figure_bytes(fig, "png")  # the first layout of a fresh figure moves its panels; settle it first
    frame, truth = _pixels(figure_bytes(fig, "webp", lossless_too=True)), _pixels(figure_bytes(fig, "png"))
    error = np.abs(frame - truth).max(axis=-1)
    assert (error > 40).mean() < 0.002, np.percentile(error, [50, 99, 100])
