"""Spatially separable kernels: the rank of a kernel, its 1-D factors, and two 1-D passes.

A k x k kernel ``K`` is **separable** when it is an outer product of two 1-D
kernels, ``K = np.outer(column, row)``: its matrix has rank 1. Then a 2-D
correlation is a pass of ``column`` down the columns followed by a pass of
``row`` along the rows, at 2k multiply-adds per pixel instead of k^2.

The singular value decomposition writes any kernel as a sum of such outer
products, largest first::

    K = s_1 u_1 v_1^T + s_2 u_2 v_2^T + ... ,    s_1 >= s_2 >= ... >= 0

The number of nonzero ``s_i`` is the rank, and keeping the first r terms gives
the best rank-r approximation (Eckart-Young): its error, in the Frobenius norm,
is ``sqrt(s_{r+1}^2 + s_{r+2}^2 + ...)``, and nothing of rank r comes closer.

Used in: chapter 9 (separable convolutions).
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, check_int
from .fast_correlate import SHIFT_ADD_MAX_TAPS
from .signal2d import correlate2d

# Singular values below RANK_TOL * s_1 count as zero: rounding leaves about 1e-16 * s_1.
RANK_TOL = 1e-10


def _matrix(kernel, name: str = "kernel") -> np.ndarray:
    k = as_float_array(kernel, name)
    if k.ndim != 2 or k.size == 0:
        raise ValueError(f"`{name}` must be a non-empty 2-D array (a kernel); got shape {k.shape}")
    if not np.isfinite(k).all():
        raise ValueError(f"`{name}` contains NaN or inf; a kernel's rank needs finite values")
    return k


def singular_values(kernel) -> np.ndarray:
    """The singular values of a kernel, largest first: how much each rank-1 term weighs.

    >>> singular_values([[0, 1, 0], [1, -4, 1], [0, 1, 0]]).round(3)   # the Laplacian: rank 2
    array([4.449, 0.449, 0.   ])
    """
    return np.linalg.svd(_matrix(kernel), compute_uv=False)


def kernel_rank(kernel, tol: float = RANK_TOL) -> int:
    """The number of rank-1 (separable) terms a kernel needs: singular values above ``tol * s_1``.

    >>> kernel_rank(np.outer([1, 2, 1], [1, 0, -1])), kernel_rank(np.eye(3))
    (1, 3)
    """
    s = singular_values(kernel)
    if s[0] == 0:
        return 0
    return int((s > tol * s[0]).sum())


def rank_terms(kernel) -> list[tuple[np.ndarray, np.ndarray]]:
    """The kernel as a sum of outer products, largest first: ``[(column_i, row_i), ...]``.

    ``sum(np.outer(c, r) for c, r in rank_terms(K))`` is ``K``. Each term's
    weight ``s_i`` is split evenly, ``column = sqrt(s) u``, ``row = sqrt(s) v``,
    and its sign chosen so the column's largest entry is positive. Terms with a
    zero singular value are left out.

    >>> [(c.round(3), r.round(3)) for c, r in rank_terms(np.outer([1.0, 2.0], [3.0, 3.0]))]
    [(array([1.377, 2.755]), array([2.178, 2.178]))]
    """
    k = _matrix(kernel)
    u, s, vt = np.linalg.svd(k)
    terms = []
    for i in range(kernel_rank(k)):
        column, row = u[:, i] * np.sqrt(s[i]), vt[i] * np.sqrt(s[i])
        if column[np.argmax(np.abs(column))] < 0:
            column, row = -column, -row
        terms.append((column, row))
    return terms


def low_rank(kernel, rank: int) -> np.ndarray:
    """The best rank-``rank`` approximation of a kernel: the first ``rank`` terms of its SVD.

    A rank at or above the kernel's own gives the kernel back.

    >>> low_rank([[0, 1, 0], [1, -4, 1], [0, 1, 0]], 1).round(2)
    array([[-0.2 ,  0.91, -0.2 ],
           [ 0.91, -4.04,  0.91],
           [-0.2 ,  0.91, -0.2 ]])
    """
    k = _matrix(kernel)
    rank = check_int(rank, "rank", 0)
    u, s, vt = np.linalg.svd(k)
    r = min(rank, len(s))
    return (u[:, :r] * s[:r]) @ vt[:r]


def separate(kernel, tol: float = RANK_TOL) -> tuple[np.ndarray, np.ndarray]:
    """The 1-D factors ``(column, row)`` of a separable kernel: ``np.outer(column, row)`` is the kernel.

    Raises ValueError, with the rank, when the kernel is not separable. The
    factors are fixed up to a scale (2*column and row/2 work as well); here the
    column's largest entry is positive and both carry ``sqrt(s_1)``.

    >>> column, row = separate([[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    >>> np.allclose(np.outer(column, row), [[1, 0, -1], [2, 0, -2], [1, 0, -1]])
    True
    """
    k = _matrix(kernel)
    rank = kernel_rank(k, tol)
    if rank > 1:
        s = singular_values(k)
        raise ValueError(
            f"`kernel` of shape {k.shape} is not separable: its rank is {rank} (singular values "
            f"{np.array2string(s, precision=3)}); use low_rank(kernel, 1) for the nearest separable kernel"
        )
    if rank == 0:
        return np.zeros(k.shape[0]), np.zeros(k.shape[1])
    return rank_terms(k)[0]


def correlate2d_separable(image, column, row, mode: str = "same", boundary: str = "fill",
                          fillvalue: float = 0) -> np.ndarray:
    """2-D correlation with ``np.outer(column, row)``, as two 1-D passes: down the columns, then along the rows.

    Equal to ``correlate2d(image, np.outer(column, row), mode, boundary, fillvalue)``
    for every mode and boundary (each pads one axis at a time), at
    ``len(column) + len(row)`` multiply-adds per pixel instead of their product.
    A column of more than ``SHIFT_ADD_MAX_TAPS`` taps runs as a row pass over
    the transposed image: ``correlate2d``'s matrix-multiply path suits rows.

    Parameters
    ----------
    image : array_like (M, N)
    column : array_like (P,), the factor applied down each column
    row : array_like (Q,), the factor applied along each row
    mode, boundary, fillvalue : as :func:`convlib.correlate2d`

    >>> image = np.arange(12.0).reshape(3, 4)
    >>> np.allclose(correlate2d_separable(image, [1, 2, 1], [1, 0, -1]),
    ...             correlate2d(image, np.outer([1, 2, 1], [1, 0, -1]), "same"))
    True
    """
    column, row = as_float_array(column, "column"), as_float_array(row, "row")
    for name, factor in (("column", column), ("row", row)):
        if factor.ndim != 1 or factor.size == 0:
            raise ValueError(f"`{name}` must be a non-empty 1-D kernel; got shape {factor.shape}. "
                             f"For a 2-D kernel K, pass its factors: separate(K)")
    image = as_float_array(image, "image")
    if mode == "valid" and image.ndim == 2 and (column.size > image.shape[0] or row.size > image.shape[1]):
        # scipy's 'valid' swaps the roles when the kernel contains the image; the passes cannot follow that
        return correlate2d(image, np.outer(column, row), mode, boundary, fillvalue)
    if column.size <= SHIFT_ADD_MAX_TAPS:
        down = correlate2d(image, column[:, None], mode, boundary, fillvalue)
    else:  # a long column kernel runs fastest as a row kernel on the transposed image
        down = correlate2d(image.T, column[None, :], mode, boundary, fillvalue).T
    if boundary == "fill" and fillvalue != 0 and mode != "valid":
        # the second pass must see the padding the 2-D kernel would see: fillvalue * sum(column)
        fillvalue = fillvalue * float(column.sum())
    return correlate2d(down, row[None, :], mode, boundary, fillvalue)


__all__ = ["singular_values", "kernel_rank", "rank_terms", "low_rank", "separate", "correlate2d_separable",
           "RANK_TOL"]
