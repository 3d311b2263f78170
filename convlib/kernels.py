"""Named kernels: small arrays with a well-known effect.

Every kernel here is written for **convolution** (``convolve``,
``convolve2d``), the convention of image-processing textbooks. A layer
(``conv2d``) or ``correlate2d`` does not flip, so there the signed kernels
(``sobel_x``, ``kirsch``, ``shift``, ``emboss``) answer the opposite way; pass
``k[::-1, ::-1]`` to get the textbook response.

Axes: x grows to the right (columns), y grows downwards (rows), as in an image.

Separable kernels are built, as in skimage, as ``np.outer(column, row)`` of
named 1-D factors (:data:`DIFF_3`, :data:`SMOOTH_3`, :data:`FLAT_3`,
:func:`box_1d`, :func:`gaussian_1d`); :func:`factors` gives them by name.

Used in: chapter 1 (1-D kernels and windows), chapter 2 (image kernels), chapter 9 (separable
kernels, their factors, and the disk blur).
"""

from __future__ import annotations

import numpy as np
import scipy.signal.windows

from ._checks import check_choice, check_int, check_number


def _constant(values) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.setflags(write=False)  # a module constant: nobody edits Sobel by accident
    return array


DIFF_3 = _constant([1.0, 0.0, -1.0])  # central difference: convolving gives x[n+1] - x[n-1], > 0 where x rises
SMOOTH_3 = _constant([1.0, 2.0, 1.0])  # binomial smoothing (Sobel's): the centre counts twice
FLAT_3 = _constant([1.0, 1.0, 1.0])  # flat smoothing (Prewitt's): centre and neighbours count the same


def _odd_size(size, name="size"):
    size = check_int(size, name, 1)
    if size % 2 == 0:
        raise ValueError(f"`{name}` must be odd so the kernel has a centre; got {size}. Try {size + 1}")
    return size


def identity(size: int = 3) -> np.ndarray:
    """A single 1 in the centre: convolving with it changes nothing.

    >>> identity()
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 0., 0.]])
    """
    size = _odd_size(size)
    k = np.zeros((size, size))
    k[size // 2, size // 2] = 1.0
    return k


_DIRECTIONS = {
    "up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1),
    "up-left": (-1, -1), "up-right": (-1, 1), "down-left": (1, -1), "down-right": (1, 1),
}


def shift(direction: str, size: int = 3) -> np.ndarray:
    """Move the image one pixel (or ``size // 2`` pixels) in ``direction``.

    ``direction`` is one of 'up', 'down', 'left', 'right', 'up-left',
    'up-right', 'down-left', 'down-right'. Under convolution the 1 sits on the
    side the image moves towards:

    >>> shift("right")
    array([[0., 0., 0.],
           [0., 0., 1.],
           [0., 0., 0.]])
    """
    direction = check_choice(direction, "direction", tuple(_DIRECTIONS))
    size = _odd_size(size)
    dr, dc = _DIRECTIONS[direction]
    c = size // 2
    k = np.zeros((size, size))
    k[c + dr * c, c + dc * c] = 1.0
    return k


def box_1d(size: int) -> np.ndarray:
    """The mean of ``size`` neighbours: ``size`` samples of ``1 / size``.

    >>> box_1d(4)
    array([0.25, 0.25, 0.25, 0.25])
    """
    size = check_int(size, "size", 1)
    return np.full(size, 1.0 / size)


def box(size: int) -> np.ndarray:
    """Box blur: the mean of a ``size`` x ``size`` square, the outer product of two :func:`box_1d` (sums to 1).

    >>> box(2)
    array([[0.25, 0.25],
           [0.25, 0.25]])
    """
    g = box_1d(size)
    return np.outer(g, g)


def gaussian_1d(size: int, sigma: float) -> np.ndarray:
    """Samples of exp(-x^2 / (2 sigma^2)) at x = -(size//2) .. size//2, summing to 1.

    >>> gaussian_1d(3, 1.0).round(3)
    array([0.274, 0.452, 0.274])
    """
    size = _odd_size(size)
    sigma = check_number(sigma, "sigma")
    if not sigma > 0:
        raise ValueError(f"`sigma` must be positive; got {sigma}")
    x = np.arange(size) - size // 2
    g = np.exp(-(x**2) / (2 * sigma**2))
    return g / g.sum()


def gaussian(size: int, sigma: float) -> np.ndarray:
    """Gaussian blur: the outer product of two :func:`gaussian_1d` (separable, sums to 1).

    >>> gaussian(3, 1.0).round(3)
    array([[0.075, 0.124, 0.075],
           [0.124, 0.204, 0.124],
           [0.075, 0.124, 0.075]])
    """
    g = gaussian_1d(size, sigma)
    return np.outer(g, g)


def disk(radius: int) -> np.ndarray:
    """Disk blur ("bokeh"): the mean of the pixels within ``radius`` of the centre (sums to 1).

    Round, so not separable: a disk of radius 3 has rank 3 (chapter 9).

    >>> (disk(1) * 5).round(3)
    array([[0., 1., 0.],
           [1., 1., 1.],
           [0., 1., 0.]])
    """
    radius = check_int(radius, "radius", 1)
    y, x = np.mgrid[-radius : radius + 1, -radius : radius + 1]
    k = (x**2 + y**2 <= radius * (radius + 0.5)).astype(float)
    return k / k.sum()


def prewitt_x() -> np.ndarray:
    """Horizontal derivative, smoothed over 3 rows; positive where intensity rises to the right.

    >>> prewitt_x()
    array([[ 1.,  0., -1.],
           [ 1.,  0., -1.],
           [ 1.,  0., -1.]])
    """
    return np.outer(FLAT_3, DIFF_3)


def prewitt_y() -> np.ndarray:
    """Vertical derivative; positive where intensity rises downwards (towards larger row index).

    >>> prewitt_y()
    array([[ 1.,  1.,  1.],
           [ 0.,  0.,  0.],
           [-1., -1., -1.]])
    """
    return np.outer(DIFF_3, FLAT_3)


def sobel_x() -> np.ndarray:
    """Horizontal derivative with [1, 2, 1] smoothing; positive where intensity rises to the right.

    >>> sobel_x()
    array([[ 1.,  0., -1.],
           [ 2.,  0., -2.],
           [ 1.,  0., -1.]])
    """
    return np.outer(SMOOTH_3, DIFF_3)


def sobel_y() -> np.ndarray:
    """Vertical derivative with [1, 2, 1] smoothing; positive where intensity rises downwards.

    >>> sobel_y()
    array([[ 1.,  2.,  1.],
           [ 0.,  0.,  0.],
           [-1., -2., -1.]])
    """
    return np.outer(DIFF_3, SMOOTH_3)


def laplacian(neighbours: int = 4) -> np.ndarray:
    """Second derivative in all directions: zero on flat areas and ramps, large at edges and dots.

    ``neighbours`` is 4 (up, down, left, right) or 8 (diagonals too). Symmetric,
    so convolution and correlation agree.

    >>> laplacian(4)
    array([[ 0.,  1.,  0.],
           [ 1., -4.,  1.],
           [ 0.,  1.,  0.]])
    """
    if neighbours == 4:
        return np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
    if neighbours == 8:
        return np.array([[1.0, 1.0, 1.0], [1.0, -8.0, 1.0], [1.0, 1.0, 1.0]])
    raise ValueError(f"`neighbours` must be 4 or 8; got {neighbours!r}")


COMPASS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
_KIRSCH_RING = [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0)]  # clockwise from top-left


def kirsch(direction: str) -> np.ndarray:
    """Kirsch compass kernel: strongest where the image is brighter towards ``direction``.

    ``direction`` is one of N, NE, E, SE, S, SW, W, NW (N is up). The textbook
    mask puts three 5s on the bright side; for convolution it is stored
    rotated by 180 degrees, so under ``convolve2d`` the 5s face the bright side:

    >>> kirsch("N")
    array([[-3., -3., -3.],
           [-3.,  0., -3.],
           [ 5.,  5.,  5.]])
    """
    direction = check_choice(direction, "direction", COMPASS)
    steps = COMPASS.index(direction)
    mask = np.zeros((3, 3))
    values = [5.0, 5.0, 5.0, -3.0, -3.0, -3.0, -3.0, -3.0]  # N: the top row is 5
    for position, (r, c) in enumerate(_KIRSCH_RING):
        mask[r, c] = values[(position - steps) % 8]
    return mask[::-1, ::-1].copy()


def emboss() -> np.ndarray:
    """Emboss: a relief lit from the bottom right (sums to 1, so flat areas keep their brightness).

    >>> emboss()
    array([[-2., -1.,  0.],
           [-1.,  1.,  1.],
           [ 0.,  1.,  2.]])
    """
    return np.array([[-2.0, -1.0, 0.0], [-1.0, 1.0, 1.0], [0.0, 1.0, 2.0]])


def sharpen() -> np.ndarray:
    """Sharpen: identity plus the negative Laplacian (sums to 1).

    >>> sharpen()
    array([[ 0., -1.,  0.],
           [-1.,  5., -1.],
           [ 0., -1.,  0.]])
    """
    return identity(3) - laplacian(4)


WINDOWS = ("hann", "exponential", "flattop", "gaussian", "boxcar")


def window(name: str, size: int) -> np.ndarray:
    """A 1-D smoothing window from ``scipy.signal.windows``, normalised to sum 1.

    'gaussian' uses std = size / 6 and 'exponential' tau = size / 6, so the
    window fades out inside its length. 'flattop' has small negative lobes.

    >>> window("boxcar", 4)
    array([0.25, 0.25, 0.25, 0.25])
    """
    name = check_choice(name, "name", WINDOWS)
    size = check_int(size, "size", 1)
    if name == "gaussian":
        w = scipy.signal.windows.gaussian(size, std=max(size / 6, 1e-3))
    elif name == "exponential":
        w = scipy.signal.windows.exponential(size, tau=max(size / 6, 1e-3))
    else:
        w = scipy.signal.windows.get_window(name, size, fftbins=False)
    return np.asarray(w, dtype=float) / np.sum(w)


def _unique_names(pairs) -> dict:
    """A dict from (name, value) pairs; a name that repeats raises instead of silently replacing the first."""
    catalog = {}
    for name, value in pairs:
        if name in catalog:
            raise ValueError(f"kernel name {name!r} appears twice; every name in the catalog must be unique")
        catalog[name] = value
    return catalog


# (column, row) factors of the separable kernels in KERNELS, by display name
_FACTORS = _unique_names([
    ("box blur 3x3", (box_1d(3), box_1d(3))), ("box blur 7x7", (box_1d(7), box_1d(7))),
    ("gaussian 7x7, sigma 1.5", (gaussian_1d(7, 1.5), gaussian_1d(7, 1.5))),
    ("prewitt x", (FLAT_3, DIFF_3)), ("prewitt y", (DIFF_3, FLAT_3)),
    ("sobel x", (SMOOTH_3, DIFF_3)), ("sobel y", (DIFF_3, SMOOTH_3)),
])

KERNELS: dict[str, np.ndarray] = _unique_names(
    [("identity", identity()), ("box blur 3x3", box(3)), ("box blur 7x7", box(7)),
     ("gaussian 7x7, sigma 1.5", gaussian(7, 1.5)), ("sharpen", sharpen()), ("emboss", emboss()),
     ("prewitt x", prewitt_x()), ("prewitt y", prewitt_y()), ("sobel x", sobel_x()), ("sobel y", sobel_y()),
     ("laplacian (4)", laplacian(4)), ("laplacian (8)", laplacian(8))]
    + [(f"kirsch {d}", kirsch(d)) for d in COMPASS]
    + [(f"shift {d}", shift(d)) for d in ("right", "down")]
)
"""Display name -> 2-D kernel, in a teaching order, for dropdowns."""


def factors(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The 1-D factors ``(column, row)`` of a separable kernel of :data:`KERNELS`.

    ``np.outer(column, row)`` is the kernel: convolving the columns with
    ``column``, then the rows with ``row``, equals the 2-D convolution, at
    ``len(column) + len(row)`` multiplications per pixel instead of their product.

    >>> column, row = factors("sobel x")
    >>> column, row
    (array([1., 2., 1.]), array([ 1.,  0., -1.]))
    """
    hints = {n: "not separable: its matrix has rank > 1" for n in KERNELS if n not in _FACTORS}
    column, row = _FACTORS[check_choice(name, "name", tuple(_FACTORS), hints)]
    return column.copy(), row.copy()
