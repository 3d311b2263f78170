"""Bundled data loads offline; load_image rejects non-images; exercise checks never crash."""

import numpy as np
import pytest

from convlib.course import data
from convlib.course.checks import ExerciseFailed, ch01, ch02
from convlib.reference import convolve_loop


def test_photo_is_gray_in_unit_range_and_resizable():
    photo = data.photo()
    assert photo.ndim == 2 and max(photo.shape) == 512 and 0 <= photo.min() < photo.max() <= 1
    assert max(data.photo(100).shape) == 100


def test_real_signals_have_their_documented_shapes():
    dates, prices = data.stock_prices("^GSPC")
    assert len(dates) == len(prices) > 300 and np.all(prices > 0) and np.all(np.diff(dates) > np.timedelta64(0))
    seconds, eeg = data.eeg(2)
    assert eeg.shape == seconds.shape == (800,) and eeg.std() > 0
    assert data.mri_slice().shape == (256, 256) and data.mri_slice().max() == 1.0


def test_synthetic_inputs():
    board = data.checkerboard(4, 3)
    assert board.shape == (12, 12) and set(np.unique(board)) == {-1.0, 1.0}
    assert data.bright_square(10, 4).sum() == 16
    np.testing.assert_array_equal(data.step_signal(100), np.repeat([0, 1, 0], 100))


def test_load_image_from_bytes_path_and_file(tmp_path):
    from PIL import Image
    picture = Image.fromarray((np.arange(600 * 800) % 256).astype(np.uint8).reshape(600, 800)).convert("RGB")
    path = tmp_path / "big.jpg"
    picture.save(path)
    from_path = data.load_image(path)
    assert from_path.shape == (384, 512) and 0 <= from_path.min() and from_path.max() <= 1
    assert data.load_image(path.read_bytes()).shape == (384, 512)
    with open(path, "rb") as file:
        assert data.load_image(file, size=100).shape == (75, 100)


@pytest.mark.parametrize("source,error,message", [
    (b"definitely not a picture", ValueError, "not an image"),
    ("/no/such/file.png", ValueError, "no file at"),
    (42, TypeError, "path, bytes or a file object"),
])
def test_load_image_errors(source, error, message):
    with pytest.raises(error, match=message):
        data.load_image(source)


def test_unknown_ticker_lists_the_known_ones():
    with pytest.raises(ValueError, match="AAPL"):
        data.stock_prices("NOPE")


CHECKS_AND_ANSWERS = [
    (ch01.moving_average, np.ones(5) / 5, [np.ones(5), np.ones(4) / 4, [0.1, 0.3, 0.2, 0.2, 0.2]]),
    (ch01.output_lengths, {"full": 106, "same": 100, "valid": 94}, [{"full": 107, "same": 100, "valid": 94}]),
    (ch01.my_convolve, convolve_loop, [lambda x, h: x[::-1], lambda x, h: x, lambda x, h: np.convolve(x, h)]),
    (ch01.rising_edge_kernel, [1.0, 0.0, -1.0], [[-1.0, 0.0, 1.0], [1.0, 1.0, 1.0], [1.0, -2.0, 1.0]]),
    (ch02.horizontal_edge_kernel, [[1, 2, 1], [0, 0, 0], [-1, -2, -1]], [[[1, 0, -1]] * 3, np.ones((3, 3))]),
    (ch02.valid_shape, tuple(n - 6 for n in data.photo().shape), [data.photo().shape, (505, 430), tuple(n - 6 for n in data.photo(320).shape)]),
]
JUNK = [None, ..., "text", 3, [[1, 2], [3]], [np.nan] * 5, object(), np.zeros((2, 2, 2)), []]


@pytest.mark.parametrize("check,right,wrongs", CHECKS_AND_ANSWERS)
def test_checks_accept_the_right_answer_and_hint_at_wrong_ones(check, right, wrongs, capsys):
    assert bool(check(right)) is True
    assert capsys.readouterr().out.startswith("Correct!")
    for wrong in wrongs + JUNK:
        assert bool(check(wrong)) is False
        line = capsys.readouterr().out
        assert line.startswith("Not yet:") and 20 < len(line) < 110, line
    with pytest.raises(ExerciseFailed):
        check(wrongs[0], strict=True)


def test_combined_kernel_check_spots_a_flip(capsys):
    from convlib import convolve2d, kernels
    truth = convolve2d(kernels.box(3), kernels.sobel_x())
    assert ch02.combined_kernel(truth)
    assert not ch02.combined_kernel(truth[::-1, ::-1])
    assert "flipped" in capsys.readouterr().out


def test_the_maths_library_imports_no_course_tooling():
    """`import convlib` needs numpy and scipy only: no matplotlib, Pillow or ipywidgets."""
    import subprocess
    import sys

    code = "import convlib, sys; print(sorted({'matplotlib', 'PIL', 'ipywidgets', 'IPython'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("check,answer,hint", [
    (ch01.rising_edge_kernel, [1.0, -2.0, 1.0], "curvature"),
    (ch01.rising_edge_kernel, [-1.0, 0.0, 1.0], "flip yours"),
    (ch02.horizontal_edge_kernel, [[1, 0, -1]] * 3, "left to right"),
    (ch02.horizontal_edge_kernel, [[-1, -1, -1], [0, 0, 0], [1, 1, 1]], "upside down"),
    (ch02.valid_shape, tuple(n - 6 for n in data.photo(320).shape), "320-pixel"),
    (ch01.my_convolve, lambda x, h: np.convolve(x, h), "write the loops yourself"),
])
def test_hints_name_the_real_cause(check, answer, hint, capsys):
    assert not check(answer)
    assert hint in capsys.readouterr().out


def test_seed_layer_matches_torch_conv2d_with_the_seeds_weights():
    torch = pytest.importorskip("torch")
    from convlib.course import data

    board = data.checkerboard(4, 3)
    layer = data.seed_layer()
    sobel_x = torch.tensor([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    weight = torch.stack([torch.full((3, 3), 1 / 9), sobel_x, sobel_x.T])[:, None]
    expected = torch.nn.functional.conv2d(torch.tensor(board, dtype=torch.float32)[None, None], weight)[0]
    assert np.allclose(layer(board[None]), expected.numpy(), atol=1e-6)
    assert len(data.SEED_KERNEL_NAMES) == layer.weight.shape[0]


def test_digits_are_sklearns_scaled_to_unit_range():
    datasets = pytest.importorskip("sklearn.datasets")
    images, labels = data.digits()
    raw = datasets.load_digits()
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    np.testing.assert_array_equal(images * 16, raw.images)
    np.testing.assert_array_equal(labels, raw.target)
    assert images.min() == 0 and images.max() == 1 and set(np.bincount(labels)) <= set(range(170, 190))
    images[0] = 5   # a copy: the cached digits stay as they were
    assert data.digits()[0][0].max() <= 1


def test_digits_without_sklearn_says_how_to_install(monkeypatch):
    import sys
    data._digits.cache_clear()
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        data.digits()
    data._digits.cache_clear()
