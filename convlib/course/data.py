"""Real data that ships with matplotlib, and the synthetic inputs of the course.

Nothing is downloaded: matplotlib carries a small set of real sample files
(``matplotlib.cbook.get_sample_data``), which work offline, in CI and in Colab.

Used in: every chapter.
"""

from __future__ import annotations

import csv
import io
import os
from functools import lru_cache

import numpy as np
from matplotlib import cbook
from PIL import Image, UnidentifiedImageError

from .._checks import check_int

MAX_SIDE = 512


def _to_gray(picture: Image.Image, size: int | None) -> np.ndarray:
    gray = picture.convert("L")
    side = MAX_SIDE if size is None else size
    if max(gray.size) > side:
        scale = side / max(gray.size)
        gray = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))), Image.LANCZOS)
    return np.asarray(gray, dtype=np.float64) / 255.0


@lru_cache(maxsize=8)
def _photo(size: int | None) -> np.ndarray:
    with cbook.get_sample_data("grace_hopper.jpg") as file:
        return _to_gray(Image.open(file), size)


def photo(size: int | None = None) -> np.ndarray:
    """Grace Hopper's portrait, grayscale in [0, 1].

    Parameters
    ----------
    size : int, optional
        Longest side in pixels (at most 512, the default).

    Returns
    -------
    ndarray (H, W), float64; (512, 437) at the default size.

    Example
    -------
    >>> photo(64).shape
    (64, 55)
    """
    if size is not None:
        size = check_int(size, "size", 8)
    return _photo(size).copy()


def _resize(picture: Image.Image, size: int | None) -> Image.Image:
    side = MAX_SIDE if size is None else size
    if max(picture.size) <= side:
        return picture
    scale = side / max(picture.size)
    return picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                          Image.LANCZOS)


@lru_cache(maxsize=8)
def _photo_rgb(size: int | None) -> np.ndarray:
    with cbook.get_sample_data("grace_hopper.jpg") as file:
        rgb = _resize(Image.open(file).convert("RGB"), size)
    return np.asarray(rgb, dtype=np.float64).transpose(2, 0, 1) / 255.0


def photo_rgb(size: int | None = None) -> np.ndarray:
    """Grace Hopper's portrait in colour: red, green and blue channels, each in [0, 1].

    Channels first, as a layer takes them (``conv2d`` wants (C, H, W), or (N, C, H, W)).
    To show it with matplotlib, move the channels last: ``image.transpose(1, 2, 0)``.

    Parameters
    ----------
    size : int, optional
        Longest side in pixels (at most 512, the default), as :func:`photo`.

    Returns
    -------
    ndarray (3, H, W), float64 in [0, 1]; (3, 512, 437) at the default size.

    Example
    -------
    >>> image = photo_rgb(64)
    >>> image.shape, bool(0 <= image.min() < image.max() <= 1)
    ((3, 64, 55), True)

    Used in: chapter 4.
    """
    if size is not None:
        size = check_int(size, "size", 8)
    return _photo_rgb(size).copy()


def load_image(source, size: int | None = None, *, name: str | None = None) -> np.ndarray:
    """Read any image file as grayscale in [0, 1], with its longest side at most 512 px.

    Parameters
    ----------
    source : str, os.PathLike, bytes or file-like
        A path, or the raw bytes of an uploaded file.
    size : int, optional
        Longest side in pixels (default 512).
    name : str, optional
        What to call the file in an error message (e.g. an upload's file name).

    Returns
    -------
    ndarray (H, W), float64.

    Raises ValueError with the reason when the file is missing or not an image.
    """
    if size is not None:
        size = check_int(size, "size", 8)
    if isinstance(source, (bytes, bytearray, memoryview)):
        stream, label = io.BytesIO(bytes(source)), f"the {len(source)} bytes given"
    elif isinstance(source, (str, os.PathLike)):
        if not os.path.exists(source):
            raise ValueError(f"`source`: no file at {os.fspath(source)!r}")
        stream, label = source, repr(os.fspath(source))
    elif hasattr(source, "read"):
        stream, label = source, "the file object given"
    else:
        raise TypeError(f"`source` must be a path, bytes or a file object; got {type(source).__name__}")
    try:
        with Image.open(stream) as picture:
            picture.load()
            return _to_gray(picture, size)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValueError(
            f"`source`: {name or label} is not an image that Pillow can read; try a PNG or JPEG file"
        ) from None


def mri_slice() -> np.ndarray:
    """A 256x256 MRI slice of a head, scaled to [0, 1].

    >>> mri_slice().shape
    (256, 256)
    """
    with cbook.get_sample_data("s1045.ima.gz") as file:
        raw = np.frombuffer(file.read(), dtype=np.uint16).reshape(256, 256).astype(np.float64)
    return raw / raw.max()


def stock_prices(ticker: str = "AAPL") -> tuple[np.ndarray, np.ndarray]:
    """Monthly closing prices of one ticker from matplotlib's ``Stocks.csv`` (1990 onwards).

    Returns
    -------
    dates : ndarray of datetime64[D], shape (T,)
    prices : ndarray of float64, shape (T,); months without a price are dropped.

    >>> dates, prices = stock_prices("IBM")
    >>> len(dates) == len(prices) > 300
    True
    """
    path = cbook.get_sample_data("Stocks.csv", asfileobj=False)
    with open(path, newline="") as file:
        rows = [row for row in csv.reader(file) if row and not row[0].startswith("#")]
    header, body = rows[0], rows[1:]
    if ticker not in header[1:]:
        raise ValueError(f"`ticker` must be one of {', '.join(header[1:])}; got {ticker!r}")
    column = header.index(ticker)
    kept = [(row[0], float(row[column])) for row in body if row[column]]
    dates = np.array([d for d, _ in kept], dtype="datetime64[D]")
    return dates, np.array([p for _, p in kept])


def eeg(channel: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One channel of a real EEG recording from matplotlib's ``eeg.dat``.

    Returns
    -------
    time : ndarray (800,), seconds (800 samples over 10 s, as in matplotlib's demo)
    signal : ndarray (800,)

    >>> t, v = eeg()
    >>> v.shape
    (800,)
    """
    channel = check_int(channel, "channel", 0)
    if channel > 3:
        raise ValueError(f"`channel` must be 0, 1, 2 or 3; got {channel}")
    with cbook.get_sample_data("eeg.dat") as file:
        data = np.frombuffer(file.read(), dtype=float).reshape(800, 4)
    return np.linspace(0, 10, 800, endpoint=False), data[:, channel].copy()


def checkerboard(squares: int = 8, square_size: int = 8) -> np.ndarray:
    """A board of +1 and -1 squares, ``squares`` x ``squares`` of ``square_size`` pixels.

    >>> checkerboard(2, 1)
    array([[ 1., -1.],
           [-1.,  1.]])
    """
    squares = check_int(squares, "squares", 1)
    square_size = check_int(square_size, "square_size", 1)
    board = np.where((np.arange(squares)[:, None] + np.arange(squares)) % 2 == 0, 1.0, -1.0)
    return np.kron(board, np.ones((square_size, square_size)))


def bright_square(size: int = 32, square: int = 12) -> np.ndarray:
    """A white square of side ``square`` in the middle of a black ``size`` x ``size`` image.

    >>> bright_square(4, 2)
    array([[0., 0., 0., 0.],
           [0., 1., 1., 0.],
           [0., 1., 1., 0.],
           [0., 0., 0., 0.]])
    """
    size = check_int(size, "size", 1)
    square = check_int(square, "square", 0)
    if square > size:
        raise ValueError(f"`square`={square} must fit inside `size`={size}")
    image = np.zeros((size, size))
    start = (size - square) // 2
    image[start : start + square, start : start + square] = 1.0
    return image


def step_signal(repeats: int = 100) -> np.ndarray:
    """The step signal ``repeat([0, 1, 0], repeats)``: low, high, low.

    >>> step_signal(2)
    array([0., 0., 1., 1., 0., 0.])
    """
    return np.repeat([0.0, 1.0, 0.0], check_int(repeats, "repeats", 1))


SEED_KERNEL_NAMES = ("average", "Sobel x", "Sobel y")
# How the book draws the seed layer's three channels on the checkerboard (the ``kinds`` of
# plotting.show_layer_outputs / show_output_channels): all signed, red-blue centred at 0. The board
# is +1 and -1, so even the average (a kernel that sums to 1) takes both signs, from -1 over black
# squares to +1 over white ones; gray on [0, 1] would clip half of it, and the activations of
# chapter 5 act on exactly that sign. Chapters 4 to 7 use this one rule.
SEED_KINDS = ("signed", "signed", "signed")


def seed_layer():
    """The seeds' layer: ``Conv2d(1, 3, 3)`` with hand-set average, Sobel x and Sobel y kernels, bias 0.

    Chapter 4 builds it step by step; later chapters continue its pipeline
    (ReLU, max-pool, upsample) on :func:`checkerboard`. The Sobel kernels are
    written as a layer applies them (a cross-correlation), so Sobel x is
    ``[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]``: positive where brightness rises to the right.
    The channel names are :data:`SEED_KERNEL_NAMES`; the book draws them as :data:`SEED_KINDS`.

    >>> layer = seed_layer()
    >>> layer.weight.shape, layer.bias.tolist()
    ((3, 1, 3, 3), [0.0, 0.0, 0.0])
    >>> layer.weight[1, 0].tolist()
    [[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]
    """
    from ..layers import Conv2d

    sobel_x = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    layer = Conv2d(1, 3, 3)
    layer.weight[:, 0] = [np.full((3, 3), 1 / 9), sobel_x, sobel_x.T]
    layer.bias[:] = 0
    return layer


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    try:
        from sklearn.datasets import load_digits
    except ImportError as missing:
        raise ImportError(
            "data.digits() reads the handwritten digits that ship inside scikit-learn (no download): "
            "`%pip install scikit-learn` (Colab has it)"
        ) from missing
    bunch = load_digits()
    images = (bunch.images / 16.0).astype(np.float64)
    images.setflags(write=False)
    labels = bunch.target.astype(np.int64)
    labels.setflags(write=False)
    return images, labels


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled handwritten digits: 1,797 images of 8×8 pixels and their labels 0–9.

    The UCI "optical recognition of handwritten digits" test set, as
    ``sklearn.datasets.load_digits`` ships it inside the package (no download).
    Each pixel counted the ink in a 4×4 block of a 32×32 bitmap, 0 to 16; here
    it is divided by 16, so 0 is blank paper and 1 full ink.

    Returns
    -------
    images : float ndarray (1797, 8, 8), in [0, 1], read-only
    labels : int ndarray (1797,), the digit each image shows

    Raises ImportError, saying how to install it, if scikit-learn is missing.

    Used in: chapter 10.
    """
    images, labels = _digits()
    return images.copy(), labels.copy()
