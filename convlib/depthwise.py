"""Depthwise convolution (``groups == in_channels``) by shift-and-add: the fast path ``conv2d`` takes for it.

A depthwise layer filters every input channel with its own M kernels (M =
out_channels / in_channels, the channel multiplier) and never mixes channels::

    out[n, c*M + m, r, q] = bias[c*M + m] + sum_{i, j} x_pad[n, c, r*sh + i*dh, q*sw + j*dw] * weight[c*M + m, 0, i, j]

With no sum over channels, im2col's matrix multiply shrinks to a 1 x kH*kW row
times each channel's columns, while the column copy still moves kH*kW times the
input. Shift-and-add instead does one multiply and one add of the padded input
per kernel tap (as :func:`convlib.fast_correlate.shift_and_add` does for one
image). numpy pays for every call and runs long contiguous 1-D loops fastest,
so four tricks keep the calls few and long:

* **Flat rows.** Output row r is computed on the padded row length Wp, so tap
  (i, j) reads one contiguous slice of the flattened plane, at offset
  ``i*dh*Wp + j*dw``: one long multiply instead of H_out short ones. The last
  Wp - W_out values of each row wrap into the next row; they are never copied out.
* **Stacked images.** The images of a channel share its weights, so their padded
  planes are stacked into one tall image (the rows that straddle two images are
  thrown away as well). Small planes put several channels in one block, a row of
  the buffers each, with a column of weights; big ones get a block per channel
  and plain-number weights.
* **Stride by phases.** With stride s the padded input is split into its s_h*s_w
  sub-grids ``x_pad[pr::sh, pc::sw]``, copied straight from ``x``. Every tap reads
  one of them at stride 1, so stride 2 computes only the outputs it keeps (a
  quarter), not all of them.
* **Blocks that fit in cache.** Each block of input (about ``BLOCK_BYTES``) is
  copied into a zero frame that is reused, passes through every tap while it
  and the accumulator stay in the L2 cache, and is copied out with the bias. A
  plane bigger than a block is worked on in segments.

That is still two numpy passes over the block per tap (a multiply and an add),
plus a copy in and a copy out, where torch makes one pass in all. Measured on
the course machine, (16, 32, 64, 64) with 3x3 kernels runs in about 1.7x
torch's one-thread time when the machine is quiet, and 2-2.5x when other jobs
share it (this memory-bound loop suffers more than torch's); im2col took 7x.

Used in: chapter 9 (depthwise and depthwise-separable layers), through ``conv2d``.
"""

from __future__ import annotations

import numpy as np

from .padding import pad_axes

# Bytes per working buffer (input block, accumulator, scratch), tuned with
# ``make bench`` on the course machine: the three fit in its 1.25 MB L2 cache,
# and each numpy call is long enough to hide its overhead.
BLOCK_BYTES = 1 << 18
# im2col multiplies (M x taps) by (taps x pixels): with many kernels per channel that is
# a real matrix product again, and im2col wins (measured: M = 8).
MAX_MULTIPLIER = 4
# Below this many output values per channel (all images), each numpy call is too short
# to pay for itself and im2col's few big calls win (measured: 7x7, 16x16 and 8 x 8x8 lose,
# 64x64 and 4 x 16x16 win).
MIN_OUTPUTS_PER_CHANNEL = 1024


def takes_depthwise_path(batch: int, in_channels: int, weight_shape, out_size) -> bool:
    """Whether ``conv2d`` uses :func:`depthwise_conv2d` for this layer (chosen by shape, not by a flag).

    Parameters
    ----------
    batch, in_channels : int
    weight_shape : (C_out, C_in / groups, kH, kW)
    out_size : (H_out, W_out)

    >>> takes_depthwise_path(16, 32, (32, 1, 3, 3), (64, 64)), takes_depthwise_path(16, 32, (64, 8, 3, 3), (64, 64))
    (True, False)
    """
    out_channels, per_group = weight_shape[:2]
    return (per_group == 1 and out_channels <= MAX_MULTIPLIER * in_channels
            and batch * out_size[0] * out_size[1] >= MIN_OUTPUTS_PER_CHANNEL)


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
    (sh, sw), (dh, dw) = stride, dilation
    if mode != "constant":  # pad once; a zero frame costs nothing, as it is never overwritten below
        x, pads = pad_axes(x, pads, mode, 0.0, axes=(2, 3)), ((0, 0), (0, 0))
        h, w = x.shape[2:]
    (top, bottom), (left, right) = pads
    hp, wp = h + top + bottom, w + left + right
    ho, wo = (hp - dh * (kh - 1) - 1) // sh + 1, (wp - dw * (kw - 1) - 1) // sw + 1
    hq, wq = -(-hp // sh), -(-wp // sw)  # the size of a phase (sub-grid) of the padded plane
    plane = hq * wq
    block_elements = BLOCK_BYTES // x.dtype.itemsize
    phases = sorted({(i * dh % sh, j * dw % sw) for i in range(kh) for j in range(kw)})
    # tap (i, j) reads phase (i*dh % sh, j*dw % sw), shifted by (i*dh // sh, j*dw // sw)
    taps = [(phases.index((i * dh % sh, j * dw % sw)), (i * dh // sh) * wq + j * dw // sw, i, j)
            for i in range(kh) for j in range(kw)]
    # where each phase finds the image: phase rows a0.. hold x rows r0, r0 + sh, ...
    copies = [(*_phase_window(pr, top, sh, h), *_phase_window(pc, left, sw, w)) for pr, pc in phases]

    if n * plane <= block_elements:  # all images of several channels: a row of the buffers per channel
        block_c, block_n = _even_split(channels, block_elements // (n * plane)), n
    else:  # some images of one channel: every numpy call is one long 1-D run
        block_c, block_n = 1, _even_split(n, max(1, block_elements // plane))
    # zeros outside the copied windows: the padding, and the tail of a phase shorter than (hq, wq)
    phase_planes = np.zeros((len(phases), block_c, block_n, hq, wq), dtype=x.dtype)
    flat = phase_planes.reshape(len(phases), block_c, block_n * plane)
    acc = np.empty((block_c, block_n, hq, wq), dtype=x.dtype)
    acc_flat = acc.reshape(block_c, block_n * plane)
    segment = min(block_n * plane, block_elements)
    scratch = np.empty((block_c, segment), dtype=x.dtype)
    out = np.empty((n, out_channels, ho, wo), dtype=x.dtype)

    for na in range(0, n, block_n):
        nb = min(n, na + block_n)
        m = nb - na
        for ca in range(0, channels, block_c):
            cb = min(channels, ca + block_c)
            nc = cb - ca
            block = x[na:nb, ca:cb].transpose(1, 0, 2, 3)
            for p, (a0, r0, n_rows, b0, c0, n_cols) in enumerate(copies):
                phase_planes[p, :nc, :m, a0 : a0 + n_rows, b0 : b0 + n_cols] = block[:, :, r0::sh, c0::sw]
            length = ((m - 1) * hq + ho - 1) * wq + wo  # flat positions up to the last output
            for k in range(mult):
                kernels = weight[ca * mult + k : cb * mult : mult, 0]  # (nc, kH, kW)
                # one weight per tap: a column for each channel of the block, or a plain number for one
                factors = [kernels[:, i, j, None] if nc > 1 else float(kernels[0, i, j]) for _, _, i, j in taps]
                lanes = slice(None, nc) if nc > 1 else 0  # the block's channels, as rows of the flat buffers
                for s0 in range(0, length, segment):
                    s1 = min(length, s0 + segment)
                    total, spare = acc_flat[lanes, s0:s1], scratch[lanes, : s1 - s0]
                    for t, (p, offset, _, _) in enumerate(taps):
                        view = flat[p, lanes, offset + s0 : offset + s1]
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


def _phase_window(phase: int, pad: int, step: int, size: int) -> tuple[int, int, int]:
    """Where the image lies in one phase of a padded axis: (first phase index, first image index, count).

    Padded index ``phase + a*step`` holds image index ``phase + a*step - pad``.

    >>> _phase_window(0, 1, 2, 5)  # padded 0..6 = [pad, x0, x1, x2, x3, x4, pad]; phase 0 holds pad, x1, x3, pad
    (1, 1, 2)
    """
    first = max(0, -(-(pad - phase) // step))
    start = phase + first * step - pad
    return first, start, max(0, -(-(size - start) // step))


def _even_split(total: int, most: int) -> int:
    """The block size that splits ``total`` into as few, and as equal, blocks of at most ``most``.

    >>> _even_split(16, 7)
    6
    """
    blocks = -(-total // most)
    return -(-total // blocks)
