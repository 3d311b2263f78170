"""Explorers: the static HTML (frames, controls, size, cap) and the live widgets."""

import base64
import json
import re

import numpy as np
import pytest

from convlib.course import data, explorer, plotting
from convlib.course.plotting import _figure


def render_kernel(fig, size, shade):
    plotting.show_kernel(np.full((size, size), shade), title=f"{size}x{size} of {shade}", fig=fig)


def payload(html):
    return json.loads(re.search(r'<script type="application/json" class="cx-data">(.*?)</script>', html, re.S).group(1))


def test_static_html_has_one_frame_per_combination_and_real_controls():
    ex = explorer.explore(render_kernel, size=[1, 2, 3], shade={"dark": 0.2, "light": 0.9}, title="demo")
    html = ex.static_html()
    data_ = payload(html)
    assert len(data_["keys"]) == ex.frame_count == 6
    assert set(data_["keys"]) == {f"{i},{j}" for i in range(3) for j in range(2)}
    assert len(data_["urls"]) == 6  # all frames differ
    assert data_["labels"] == [["1", "2", "3"], ["dark", "light"]]
    assert re.search(r'<input id="[^"]+" type="range" min="0" max="2" step="1" value="0"', html)
    assert '<option value="1">light</option>' in html
    assert "<script>" in html and "http" not in html.replace("data:image", "")  # self-contained, no CDN


def test_frames_really_differ_and_decode_as_webp():
    ex = explorer.explore(render_kernel, size=[2], shade=[0.1, 0.9])
    frames = ex.frames()
    first, second = (base64.b64decode(u.split(",", 1)[1]) for u in frames["urls"])
    assert first[:4] == b"RIFF" and first[8:12] == b"WEBP"
    assert first != second and frames["keys"] == {"0,0": 0, "0,1": 1}


def test_identical_frames_are_stored_once():
    ex = explorer.explore(lambda fig, a, b: plotting.show_kernel(np.full((2, 2), a), fig=fig), a=[0.0, 1.0], b=[1, 2, 3])
    data_ = payload(ex.static_html())
    assert len(data_["keys"]) == 6 and len(data_["urls"]) == 2


def test_initial_values_choose_the_first_frame():
    ex = explorer.explore(render_kernel, size=[1, 2, 3], shade=[0.5], initial={"size": 3})
    html = ex.static_html()
    data_ = payload(html)
    assert 'value="2"' in html
    assert re.search(r'class="cx-frame"[^>]*src="([^"]+)"', html).group(1) == data_["urls"][data_["keys"]["2,0"]]


def test_a_standard_explorer_stays_under_600_kb():
    photo = data.photo(size=320)
    from convlib import convolve2d, kernels

    def blur(fig, size):
        k = kernels.gaussian(size, size / 6)
        plotting.show_filter(photo, k, convolve2d(photo, k, "same", "symm"), fig=fig)

    html = explorer.explore(blur, size=[3, 5, 7, 9, 11, 15, 21, 31]).static_html()
    assert len(html.encode()) < 600_000


def test_frame_cap_gives_a_clear_error():
    ex = explorer.explore(render_kernel, size=list(range(1, 12)), shade=list(np.linspace(0, 1, 12)), max_frames=100)
    with pytest.raises(ValueError, match=r"132 frames \(size: 11 x shade: 12\); the cap is 100"):
        ex.static_html()


@pytest.mark.parametrize("bad,error,message", [
    (dict(size=5), TypeError, "control `size` must be a list or range"),
    (dict(size=[]), ValueError, "control `size` has no values"),
    (dict(), ValueError, "at least one control"),
])
def test_bad_controls(bad, error, message):
    with pytest.raises(error, match=message):
        explorer.explore(render_kernel, **bad)


def test_unknown_initial_value_is_named():
    with pytest.raises(ValueError, match=r"initial value 4 of `size` is not among its values \['1', '2'\]"):
        explorer.explore(render_kernel, size=[1, 2], shade=[0.5], initial={"size": 4})


def test_live_widget_updates_one_image_in_place():
    ex = explorer.explore(render_kernel, size=[1, 2, 3], shade={"dark": 0.2, "light": 0.9})
    box = ex.widget()
    image = ex._image_widget
    first = image.value
    figure = ex.figure
    ex._input_widgets[0].value = 2  # move the slider
    assert image.value != first and ex.figure is figure  # same figure, new picture
    assert ex.values == {"size": 3, "shade": 0.2}
    ex._input_widgets[1].value = 1  # pick 'light' in the dropdown
    assert ex.values["shade"] == 0.9
    assert type(box).__name__ == "VBox"


def upload_explorer(seen):
    ex = explorer.explore(lambda fig, image: (seen.append(image.shape), plotting.show_images([image], fig=fig)),
                          image={"photo": data.photo(64)}, upload="image")
    box = ex.widget()
    buttons, hint, message = box.children[1].children
    upload, path, load = buttons.children
    return upload, path, load, hint, message


def as_upload(name, content):
    import datetime
    return ({"name": name, "content": memoryview(content), "type": "image/png", "size": len(content),
             "last_modified": datetime.datetime(2026, 1, 1)},)


def png_bytes(height, width):
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((height, width), dtype=np.uint8)).save(buffer, "png")
    return buffer.getvalue()


def test_upload_adds_the_readers_image_and_reports_its_size_as_width_by_height():
    seen = []
    upload, _, _, hint, message = upload_explorer(seen)
    assert "MB" in hint.value and "path" in hint.value  # the limit is said next to the button
    upload.value = as_upload("mine.png", png_bytes(30, 40))
    assert seen[-1] == (30, 40) and "mine.png" in message.value and "40 × 30 px" in message.value


@pytest.mark.parametrize("name,content,expected", [
    ("notes.txt", b"hello", "notes.txt is not an image"),
    ("empty.png", b"", "empty.png is empty"),
    ("huge.png", b"\0" * (6_000_000), "over the 5 MB limit"),
])
def test_every_failed_upload_says_why_and_names_the_file(name, content, expected):
    seen = []
    upload, _, _, _, message = upload_explorer(seen)
    before = len(seen)
    upload.value = as_upload(name, content)
    assert expected in message.value and "BytesIO" not in message.value
    assert len(seen) == before  # nothing was drawn from it


def test_an_upload_that_arrives_empty_is_not_silent():
    upload, _, _, _, message = upload_explorer([])
    upload.value = as_upload("a.png", png_bytes(4, 4))
    upload.value = ()
    upload.value = as_upload("a.png", png_bytes(4, 4))  # the value is set again: still a message, not silence
    assert "Loaded" in message.value
    message.value = ""
    upload.value = ()
    assert message.value == "" or "No file" in message.value


def test_load_by_path_is_the_fallback_that_always_works(tmp_path):
    seen = []
    _, path, load, _, message = upload_explorer(seen)
    (tmp_path / "p.png").write_bytes(png_bytes(12, 20))
    path.value = str(tmp_path / "p.png")
    load.click()
    assert seen[-1] == (12, 20) and "p.png: 20 × 12 px" in message.value
    path.value = str(tmp_path / "missing.png")
    load.click()
    assert "no file at" in message.value


def test_static_mode_follows_the_environment(monkeypatch):
    monkeypatch.setenv(explorer.STATIC_ENV, "1")
    assert explorer.static_mode()
    monkeypatch.delenv(explorer.STATIC_ENV)
    assert not explorer.static_mode()


def test_one_update_returns_a_png():
    """(Its speed is measured by `make bench`, not asserted here.)"""
    ex = explorer.explore(render_kernel, size=[2], shade=[0.5])
    assert ex.update()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_returned_figure_displays_as_a_png_in_ipython():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    _figure._show_in_notebooks()
    data_, _ = shell.display_formatter.format(plotting.show_kernel(np.eye(2)))
    assert data_["image/png"][:8] == b"\x89PNG\r\n\x1a\n"


def test_every_frame_shares_the_axes_limits_of_all_frames():
    """Steady axes: the y-limits of every frame cover the data of every frame (oracle: numpy min/max)."""
    series = {n: np.sin(np.arange(30) / 3.0) * n for n in (1, 5, 20)}

    def draw(fig, gain):
        plotting.show_signals([("wave", series[gain])], fig=fig)

    ex = explorer.explore(draw, gain=[1, 5, 20])
    limits = []
    for gain in (1, 5, 20):
        ex.draw(gain=gain)
        limits.append(ex.figure.axes[0].get_ylim())
    assert limits[0] == limits[1] == limits[2]
    everything = np.concatenate(list(series.values()))
    assert limits[0][0] <= everything.min() and limits[0][1] >= everything.max()


def test_image_colour_limits_are_shared_across_frames():
    def draw(fig, scale):
        plotting.show_images([np.linspace(-1, 1, 64).reshape(8, 8) * scale], kinds=["signed"], fig=fig)

    ex = explorer.explore(draw, scale=[0.5, 4.0])
    ex.draw(scale=0.5)
    assert ex.figure.axes[0].images[0].get_clim() == (-4.0, 4.0)


def test_alt_text_describes_the_current_frame():
    ex = explorer.explore(render_kernel, size=[1, 2], shade={"dark": 0.2, "light": 0.9}, title="Demo")
    frames = ex.frames()
    assert frames["alts"][frames["keys"]["1,1"]].startswith("Demo: size 2, shade light")
    assert "2x2 of 0.9" in frames["alts"][frames["keys"]["1,1"]]


def test_frames_are_sharp_and_phones_get_one_column_per_panel():
    photo = data.photo(64)

    def three(fig, k):
        plotting.show_filter(photo, np.ones((k, k)) / k**2, photo, fig=fig)

    ex = explorer.explore(three, k=[3])
    frames = ex.frames()
    html = ex.static_html()
    width = frames["sizes"][0][0]
    shown = int(re.search(r"max-width:min\(100%, (\d+)px\)", html).group(1))
    assert width >= 1.5 * shown
    columns = frames["cols"][0]
    assert len(columns) == 3 and columns[0][0] == 0.0 and columns[-1][1] == 1.0
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in zip(columns, columns[1:]))


def test_slider_value_labels_have_a_fixed_width():
    html = explorer.explore(render_kernel, size=[1, 2, 10], shade=[0.5]).static_html()
    assert re.search(r'<output aria-live="polite" style="min-width:3ch">1</output>', html)


def test_short_choices_are_toggle_buttons_and_long_ones_dropdowns():
    ex = explorer.explore(lambda fig, a, b: render_kernel(fig, 1, 0.5), a=["x", "y"], b=[f"option {i}" for i in range(8)])
    ex.widget()
    assert [type(w).__name__ for w in ex._input_widgets] == ["ToggleButtons", "Dropdown"]


def _pixels(data_bytes):
    import io

    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(data_bytes)).convert("RGB"), dtype=float)


@pytest.mark.parametrize("which", ["signals", "filter"])
def test_a_live_move_draws_the_same_picture_as_a_full_draw(which):
    """Live moves draw only what changes over a cached background; the picture must match a full draw."""
    from convlib import convolve2d, kernels
    photo = data.photo(64)
    signal, kernel = np.array([1.0, 2.0, 3.0, 0.0, 1.0, 2.0]), np.array([1.0, 0.5, -1.0])
    if which == "signals":
        ex = explorer.explore(lambda fig, n: plotting.show_convolution_step(signal, kernel, n, fig=fig), n=range(8))
    else:
        ex = explorer.explore(lambda fig, k: plotting.show_filter(
            photo, kernels.KERNELS[k], convolve2d(photo, kernels.KERNELS[k], "same"), fig=fig),
            k=["sobel x", "laplacian (4)", "sharpen"])
    combos = list(ex.combinations())
    for combo in combos + combos:  # visit every frame, so the background is cached and reused
        ex.update(**ex.values_at(combo))
    for combo in combos:
        fast = _pixels(ex.update(**ex.values_at(combo)))
        full = _pixels(ex.update(relayout="always", **ex.values_at(combo)))
        assert fast.shape == full.shape
        assert (np.abs(fast - full).max(axis=2) > 40).mean() < 0.01


def test_steady_limits_keep_an_inverted_axis_inverted():
    """Grids drawn with patches run their y-axis downwards; the shared limits must too."""
    from matplotlib.patches import Rectangle

    def draw(fig, n):
        if not fig.axes:
            fig.subplots()
        ax = fig.axes[0]
        for patch in list(ax.patches):
            patch.remove()
        ax.add_patch(Rectangle((0, 0), n, n))
        ax.set_xlim(0, n)
        ax.set_ylim(n, 0)  # row 0 at the top

    ex = explorer.explore(draw, n=[2, 5])
    ex.draw(n=2)
    assert ex.figure.axes[0].get_ylim() == (5, 0) and ex.figure.axes[0].get_xlim() == (0, 5)


def test_a_rounding_error_above_1_is_drawn_white_and_real_overshoot_red():
    import matplotlib.pyplot as plt
    from scipy.signal import correlate2d

    blurred = correlate2d(np.ones((6, 6)), np.full((3, 3), 1 / 9), "valid")
    assert blurred.max() > 1   # the rounding error this guards against (1 + 2e-16)
    over = blurred.copy()
    over[0, 0] = 1.2
    fig = plotting.show_images([blurred, over], ["average of ones", "with overshoot"], kinds=["brightness"] * 2)
    colours = [ax.images[0].to_rgba(ax.images[0].get_array()) for ax in fig.axes if ax.images]
    white = np.array([1.0, 1.0, 1.0, 1.0])
    assert np.allclose(colours[0], white)                           # all 1.0: white, no red specks
    assert not np.allclose(colours[1][0, 0], white) and np.allclose(colours[1][1, 1], white)
    plt.close(fig)
