"""Depthwise convolution (``groups == in_channels``) by shift-and-add: the fast path ``conv2d`` takes for it.

A depthwise layer filters every input channel with its own M kernels (M =
out_channels / in_channels, the channel multiplier) and never mixes channels::

    out[n, c*M + m, r, q] = bias[c*M + m] + sum_{i, j} x_pad[n, c, r*sh + i*dh, q*sw + j*dw] * weight[c*M + m, 0, i, j]

With no sum over channels, im2col's matrix multiply shrinks to a 1 x kH*kW row
times each channel's columns, and the column copy alone moves kH*kW times the
input. Shift-and-add does instead one broadcast multiply-add of the padded input
per kernel tap (as :func:`convlib.fast_correlate.shift_and_add` does for one
image), with four tricks that keep numpy's calls few and long:

* **Flat rows.** Output row r is computed on the padded row length Wp, so tap
  (i, j) reads one contiguous slice of the flattened plane, at offset
  ``i*dh*Wp + j*dw``: one long multiply instead of H_out short ones. The last
  Wp - W_out values of each row wrap into the next row; they are never copied out.
* **Stacked images.** The images of a channel share its weights, so their padded
  planes are stacked into one tall image (the rows that straddle two images are
  thrown away as well).
* **Stride by phases.** With stride s the padded input is split into its s_h*s_w
  sub-grids ``x_pad[pr::sh, pc::sw]``. Every tap reads one of them at stride 1, so
  stride 2 computes only the outputs it keeps (a quarter), not all of them.
* **Blocks that fit in cache.** A few channels x a few images (about
  ``BLOCK_ELEMENTS`` values) are padded into one reused buffer and pass through
  every tap before the next block; a block bigger than that is worked on in
  segments.

Used in: chapter 9 (separable).
"""

from __future__ import annotations

import numpy as np

from .padding import pad_axes

# Values per working buffer (input block, accumulator, scratch), tuned with
# ``make bench`` on the course machine: three float32 buffers of this size fit
# in its 1.25 MB L2 cache, and each numpy call is long enough to hide its overhead.
BLOCK_ELEMENTS = 1 << 15
# Up to this many kernel taps per output channel, shift-and-add beats im2col.
MAX_TAPS = 49
# im2col multiplies (M x taps) by (taps x pixels): with many kernels per channel
# that is a real matrix product again, and im2col wins.
MAX_MULTIPLIER = 4


def takes_depthwise_path(in_channels: int, weight_shape) -> bool:
    """Whether ``conv2d`` uses :func:`depthwise_conv2d` for this layer (chosen by shape).

    >>> takes_depthwise_path(32, (32, 1, 3, 3)), takes_depthwise_path(32, (64, 8, 3, 3))
    (True, False)
    """
    out_channels, per_group, kh, kw = weight_shape
    return per_group == 1 and out_channels <= MAX_MULTIPLIER * in_channels and kh * kw <= MAX_TAPS


def depthwise_conv2d(x, weight, bias, stride, pads, dilation, mode) -> np.ndarray:
    """Depthwise conv2d on checked arrays of one dtype, by shift-and-add over the kernel taps.

    Parameters
    ----------
    x : ndarray (N, C, H, W)
    weight : ndarray (C*M, 1, kH, kW)
    bias : ndarray (C*M,) or None
    stride, dilation : (int, int)
    pads : ((top, bottom), (left, right))
    mode : numpy padding mode name ('constant' pads zeros)

    Returns
    -------
    ndarray (N, C*M, H_out, W_out), ``H_out = (H + top + bottom - dh*(kH - 1) - 1) // sh + 1``

    Example
    -------
    >>> x = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> depthwise_conv2d(x, np.ones((1, 1, 2, 2)), None, (2, 2), ((0, 0), (0, 0)), (1, 1), "constant")
    array([[[[10., 18.],
             [42., 50.]]]])
    """
    n, channels, h, w = x.shape
    out_channels, _, kh, kw = weight.shape
    mult = out_channels // channels
    (top, bottom), (left, right) = pads
    (sh, sw), (dh, dw) = stride, dilation
    hp, wp = h + top + bottom, w + left + right
    ho, wo = (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1
    hq, wq = -(-hp // sh), -(-wp // sw)  # the size of a phase (sub-grid) of the padded plane
    plane = hq * wq
    phases = sorted({(i * dh % sh, j * dw % sw) for i in range(kh) for j in range(kw)})
    # tap (i, j) reads phase (i*dh % sh, j*dw % sw), shifted by (i*dh // sh, j*dw // sw)
    taps = [(phases.index((i * dh % sh, j * dw % sw)), (i * dh // sh) * wq + j * dw // sw, i, j)
            for i in range(kh) for j in range(kw)]

    if channels * plane >= BLOCK_ELEMENTS:  # a block is some channels of one image: contiguous in x and out
        block_c, block_n = _even_split(channels, max(1, BLOCK_ELEMENTS // plane)), 1
    else:  # small planes: all channels of a few images, stacked
        block_c, block_n = channels, _even_split(n, max(1, BLOCK_ELEMENTS // (channels * plane)))
    if mode == "constant":  # copy the image into a zero frame that is never overwritten
        source, r0, c0 = x, top, left
    else:
        source, r0, c0 = pad_axes(x, pads, mode, 0.0, axes=(2, 3)), 0, 0
    padded = np.zeros((block_c, block_n, hp, wp), dtype=x.dtype)
    strided = (sh, sw) != (1, 1)
    if strided:  # each phase keeps a zero tail where it is shorter than (hq, wq)
        phase_planes = np.zeros((len(phases), block_c, block_n, hq, wq), dtype=x.dtype)
    else:
        phase_planes = padded[None]
    flat = phase_planes.reshape(len(phases), block_c, block_n * plane)
    acc = np.empty((block_c, block_n, hq, wq), dtype=x.dtype)
    acc_flat = acc.reshape(block_c, block_n * plane)
    scratch = np.empty((block_c, min(block_n * plane, BLOCK_ELEMENTS)), dtype=x.dtype)
    segment = scratch.shape[1]
    out = np.empty((n, out_channels, ho, wo), dtype=x.dtype)

    for na in range(0, n, block_n):
        nb = min(n, na + block_n)
        m = nb - na
        for ca in range(0, channels, block_c):
            cb = min(channels, ca + block_c)
            nc = cb - ca
            chunk = source[na:nb, ca:cb].transpose(1, 0, 2, 3)
            padded[:nc, :m, r0 : r0 + chunk.shape[2], c0 : c0 + chunk.shape[3]] = chunk
            if strided:
                for p, (pr, pc) in enumerate(phases):
                    sub = padded[:nc, :m, pr::sh, pc::sw]
                    phase_planes[p, :nc, :m, : sub.shape[2], : sub.shape[3]] = sub
            length = ((m - 1) * hq + ho - 1) * wq + wo  # flat positions up to the last output
            for k in range(mult):
                kernels = weight[ca * mult + k : cb * mult : mult, 0]  # (nc, kH, kW)
                # one weight per tap: a column for each channel of the block, or a plain number for one
                factors = [kernels[:, i, j, None] if nc > 1 else float(kernels[0, i, j]) for _, _, i, j in taps]
                rows = slice(None, nc) if nc > 1 else 0
                for s0 in range(0, length, segment):
                    s1 = min(length, s0 + segment)
                    total, spare = acc_flat[rows, s0:s1], scratch[rows, : s1 - s0]
                    for t, (p, offset, _, _) in enumerate(taps):
                        view = flat[p, rows, offset + s0 : offset + s1]
                        if t == 0:  # the first tap writes straight into the accumulator
                            np.multiply(view, factors[0], out=total)
                        else:
                            np.multiply(view, factors[t], out=spare)
                            total += spare
                result = acc[:nc, :m, :ho, :wo].transpose(1, 0, 2, 3)
                target = out[na:nb, ca * mult + k : cb * mult : mult]
                if bias is None:
                    target[...] = result
                else:
                    np.add(result, bias[ca * mult + k : cb * mult : mult, None, None], out=target)
    return out


def _even_split(total: int, most: int) -> int:
    """The block size that splits ``total`` into as few, and as equal, blocks of at most ``most``.

    >>> _even_split(16, 7)
    6
    """
    blocks = -(-total // most)
    return -(-total // blocks)
