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
    urls, keys = ex.frames()
    first, second = (base64.b64decode(u.split(",", 1)[1]) for u in urls)
    assert first[:4] == b"RIFF" and first[8:12] == b"WEBP"
    assert first != second and keys == {"0,0": 0, "0,1": 1}


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


def test_a_standard_explorer_stays_under_500_kb():
    photo = data.photo(size=320)
    from convlib import convolve2d, kernels

    def blur(fig, size):
        k = kernels.gaussian(size, size / 6)
        plotting.show_filter(photo, k, convolve2d(photo, k, "same", "symm"), fig=fig)

    html = explorer.explore(blur, size=[3, 5, 7, 9, 11, 15, 21, 31]).static_html()
    assert len(html.encode()) < 500_000


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


def test_upload_adds_the_readers_image_and_reports_bad_files():
    import datetime
    import io

    from PIL import Image

    seen = []
    ex = explorer.explore(lambda fig, image: (seen.append(image.shape), plotting.show_images([image], fig=fig)),
                          image={"photo": data.photo(64)}, upload="image")
    box = ex.widget()
    upload, message = box.children[1].children
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((30, 40), dtype=np.uint8)).save(buffer, "png")
    stamp = datetime.datetime(2026, 1, 1)
    upload.value = ({"name": "mine.png", "content": memoryview(buffer.getvalue()), "type": "image/png",
                     "size": 1, "last_modified": stamp},)
    assert seen[-1] == (30, 40) and "mine.png" in message.value
    upload.value = ({"name": "notes.txt", "content": memoryview(b"hello"), "type": "text/plain",
                     "size": 5, "last_modified": stamp},)
    assert "not an image" in message.value and seen[-1] == (30, 40)


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
