"""The kernel editor's Python side: the live widget (computed by convlib), the pixel readout, the static
block's data, and clear errors for bad arguments. Oracle: scipy.signal. The JavaScript engine is checked in
Chromium by ``test_kernel_editor_browser.py``."""

import datetime
import io
import json
import re
from fractions import Fraction

import matplotlib
import numpy as np
import pytest
import scipy.signal

from convlib import kernels
from convlib.course import data
from convlib.course.kernel_editor import MAX_SIDE, _cell_text, colour_rule, kernel_editor, pixel_products

SCIPY = {"convolve": scipy.signal.convolve2d, "correlate": scipy.signal.correlate2d}
IMAGE = data.photo(size=40)


@pytest.mark.parametrize("size", range(1, 8))
@pytest.mark.parametrize("op", ["convolve", "correlate"])
@pytest.mark.parametrize("boundary", ["fill", "wrap", "symm"])
def test_the_products_of_a_pixel_sum_to_scipys_value(size, op, boundary):
    kernel = np.random.default_rng(size).normal(size=(size, size))
    expected = SCIPY[op](IMAGE, kernel, mode="same", boundary=boundary)
    for row, col in [(0, 0), (39, 33), (0, 33), (17, 5)]:
        window, applied, products, total = pixel_products(IMAGE, kernel, row, col, op, boundary)
        assert window.shape == applied.shape == products.shape == (size, size)
        assert np.array_equal(applied, kernel[::-1, ::-1] if op == "convolve" else kernel)
        assert np.allclose(products, window * applied)
        assert total == pytest.approx(expected[row, col], abs=1e-12)


def cell_values(editor_widget):
    return editor_widget._convlib_parts["grid"].children


def test_the_live_widget_computes_with_convlib_for_every_control():
    editor = kernel_editor(IMAGE, "sobel x")
    box = editor.widget()
    parts = box._convlib_parts
    kernel = np.random.default_rng(3).normal(size=(3, 3)).round(3)
    for cell, value in zip(cell_values(box), kernel.ravel()):
        cell.value = float(value)
    assert np.array_equal(editor.kernel, kernel)
    assert parts["preset"].value == ""   # a typed kernel is the reader's own
    for op in ["convolve", "correlate"]:
        parts["op"].value = op
        for boundary in ["fill", "wrap", "symm"]:
            parts["boundary"].value = boundary
            expected = SCIPY[op](IMAGE, kernel, mode="same", boundary=boundary)
            shown = np.asarray(editor.figure.axes[2].images[0].get_array())
            assert np.allclose(shown, expected, atol=1e-12), (op, boundary)
            parts["row"].value, parts["col"].value = 5, 30
            total = float(re.search(r"sum of the products = <b>([^<]+)</b> = result\[5, 30\]",
                                    parts["readout"].value).group(1))
            assert total == pytest.approx(expected[5, 30], rel=1e-5, abs=1e-6)
    assert parts["image"].value[:4] == b"RIFF"   # a WebP frame
    before = editor.kernel.copy()
    cell_values(box)[4].value = float("inf")
    assert np.array_equal(editor.kernel, before) and "last valid kernel" in parts["message"].value


def test_the_live_widget_resizes_keeping_the_centre_and_loads_presets():
    editor = kernel_editor(IMAGE, "laplacian (4)")
    box = editor.widget()
    parts = box._convlib_parts
    parts["size"].value = 5
    assert len(cell_values(box)) == 25
    expected = np.zeros((5, 5))
    expected[1:4, 1:4] = kernels.laplacian(4)
    assert np.array_equal(editor.kernel, expected)
    parts["preset"].value = "gaussian 7x7, sigma 1.5"
    assert parts["size"].value == 7 and np.array_equal(editor.kernel, kernels.KERNELS["gaussian 7x7, sigma 1.5"])
    shown = np.asarray(editor.figure.axes[2].images[0].get_array())
    assert np.allclose(shown, scipy.signal.convolve2d(IMAGE, editor.kernel, "same", "symm"))
    assert editor.figure.axes[2]._convlib_kind == "brightness"
    parts["preset"].value = "sobel y"
    assert editor.figure.axes[2]._convlib_kind == "signed"   # the book's rule: sums to 0, red-blue


def upload(name, content):
    """One file as ipywidgets 8's FileUpload holds it."""
    return {"name": name, "type": "image/png", "size": len(content), "content": memoryview(content),
            "last_modified": datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)}


def test_the_live_upload_loads_a_picture_and_refuses_a_broken_one():
    from PIL import Image

    editor = kernel_editor(IMAGE, "box blur 3x3")
    box = editor.widget()
    parts = box._convlib_parts
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (10, 200, 30)).save(buffer, "PNG")
    parts["upload"].value = (upload("mine.png", buffer.getvalue()),)
    assert editor.image.shape == (341, 512) and "Loaded mine.png" in parts["message"].value
    assert parts["row"].max == 340
    parts["upload"].value = (upload("bad.png", b"not an image"),)
    assert "b00020" in parts["message"].value and editor.image.shape == (341, 512)


def test_the_static_block_carries_the_hooks_the_image_and_the_presets():
    editor = kernel_editor(data.photo(size=320), "sobel x", op="correlate", boundary="wrap")
    block = editor.static_html()
    assert block.startswith('<div class="convlib-kernel-editor" id="convlib-kernel-editor-')
    assert 'data-op="correlate" data-boundary="wrap" data-mode="same"' in block
    assert len(block.encode()) <= 150_000
    assert "http://" not in block and "https://" not in block
    payload = json.loads(re.search(r'<script type="application/json" class="ke-data">(.*?)</script>', block).group(1))
    assert payload["kernel"] == [_cell_text(v) for v in kernels.sobel_x().ravel()] == ["1", "0", "-1", "2", "0", "-2",
                                                                                       "1", "0", "-1"]
    names = [p["name"] for p in payload["presets"]]
    assert names == [n for n, k in kernels.KERNELS.items() if k.shape[0] == k.shape[1] <= 7]
    lut = np.frombuffer(__import__("base64").b64decode(payload["diverging"]), np.uint8).reshape(256, 3)
    reference = matplotlib.colormaps["RdBu_r"](np.linspace(0, 1, 256))[:, :3] * 255
    assert np.abs(lut - reference).max() <= 0.5
    assert payload == {**payload, **colour_rule()}


@pytest.mark.parametrize("value", [2.0, -0.5, 1 / 9, 1 / 49, 0.0121, -2 / 3, 0.0625, 1e-5, 123.456])
def test_cell_texts_read_back_as_the_weight(value):
    text = _cell_text(value)
    back = float(Fraction(text)) if "/" in text else float(text)
    assert back == pytest.approx(value, rel=5e-4)
    if "/" in text:
        assert back == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("kwargs,error,words", [
    ({"kernel": "sobel z"}, ValueError, "not a preset"),
    ({"kernel": np.ones((3, 5))}, ValueError, "square"),
    ({"kernel": np.ones((9, 9))}, ValueError, "7x7"),
    ({"kernel": [[1.0, np.nan]] * 2}, ValueError, "NaN"),
    ({"kernel": "abc" * 0 or object()}, TypeError, "kernel"),
    ({"image": np.ones((4, 4, 3))}, ValueError, "2-D"),
    ({"image": np.ones((MAX_SIDE + 1, 8))}, ValueError, "512"),
    ({"image": np.full((8, 8), 255.0)}, ValueError, "[0, 1]"),
    ({"op": "flip"}, ValueError, "op"),
    ({"boundary": "reflect"}, ValueError, "boundary"),
])
def test_bad_arguments_get_a_clear_error(kwargs, error, words):
    args = {"image": IMAGE, **kwargs}
    with pytest.raises(error, match=re.escape(words)):
        kernel_editor(**args)
