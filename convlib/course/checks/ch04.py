"""Checks for the exercises of the chapter on convolution layers.

Used in: chapter 4.
"""

from __future__ import annotations

import numpy as np

from ...signal2d import convolve2d, correlate2d
from .. import data
from .core import as_array, checked, choice_answer

# Exercise "The size of a layer": Conv2d(in_channels=16, out_channels=32, kernel_size=(3, 5)), bias on.
LAYER = {"in_channels": 16, "out_channels": 32, "kernel_size": (3, 5)}


def _integer(value) -> int | None:
    """``value`` as an int when it is a whole number (3, 3.0, np.int64(3)), else None."""
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if np.isfinite(number) and number.is_integer() else None


def _shape(value) -> tuple | None:
    if not isinstance(value, (tuple, list, np.ndarray)) or np.ndim(value) != 1:
        return None
    items = [_integer(v) for v in value]
    return None if any(v is None for v in items) else tuple(items)


@checked
def layer_size(answer):
    """The weight shape and the number of parameters of Conv2d(16, 32, kernel_size=(3, 5)) with a bias."""
    if not isinstance(answer, dict):
        return False, 'answer with a dict: {"shape": (...), "parameters": ...}.'
    for key in ("shape", "parameters"):
        if key not in answer:
            return False, f'your dict has no entry "{key}".'
        if answer[key] is Ellipsis or answer[key] is None:
            return False, f'fill in "{key}" (replace the ...).'
    cin, cout, (kh, kw) = LAYER["in_channels"], LAYER["out_channels"], LAYER["kernel_size"]
    shape = _shape(answer["shape"])
    if shape is None:
        return False, 'give "shape" as a tuple of four whole numbers, like (1, 2, 3, 4).'
    layouts = {(kh, kw, cin, cout): "Keras's layout (kh, kw, in, out); torch puts the output channels first",
               (cin, cout, kh, kw): "in and out are swapped; torch's weight is (out, in, kh, kw)",
               (cout, cin, kw, kh): "kernel_size=(3, 5) means 3 rows (kh) and 5 columns (kw), in that order"}
    if shape != (cout, cin, kh, kw):
        if len(shape) != 4:
            return False, f"a Conv2d weight has 4 axes (out, in, kh, kw); yours has {len(shape)}."
        return False, f"{shape} is {layouts[shape]}." if shape in layouts else \
            f"{shape} is not it; torch's weight is (out_channels, in_channels, kh, kw)."
    count = _integer(answer["parameters"])
    if count is None:
        return False, '"parameters" should be a whole number.'
    weights = cout * cin * kh * kw
    if count == weights + cout:
        return True, f"(32, 16, 3, 5), and 32·16·3·5 weights + 32 biases = {weights + cout}."
    if count == weights:
        return False, "that counts the weights only; every output channel also learns one bias."
    if count == weights + cin:
        return False, "there is one bias per *output* channel, not per input channel."
    if count == cin * kh * kw + cout:
        return False, "that is one output channel's kernel; the layer has 32 of them."
    return False, f"{count} is off; count out·in·kh·kw weights, plus one bias per output channel."


def _weight_of(layer):
    """The weight array of a convlib or torch layer, or of an array given directly."""
    weight = getattr(layer, "weight", layer)
    if hasattr(weight, "detach"):  # a torch Parameter or tensor
        weight = weight.detach().cpu().numpy()
    bias = getattr(layer, "bias", None)
    if hasattr(bias, "detach"):
        bias = bias.detach().cpu().numpy()
    return weight, bias


def _layer_output(image, weight, bias) -> np.ndarray:
    out = np.stack([correlate2d(image, kernel[0], mode="valid") for kernel in weight])
    if bias is not None:
        out += np.asarray(bias, dtype=float).reshape(-1, 1, 1)
    return out


@checked
def edge_layer(layer):
    """Conv2d(1, 2, 3): channel 0 answers vertical edges only, channel 1 horizontal ones (on the checkerboard)."""
    if layer is None or layer is Ellipsis:
        return False, "pass your layer (or its weight), after setting its weights."
    weight, bias = _weight_of(layer)
    w, hint = as_array(weight, "the layer's weight", 4)
    if hint:
        return False, hint
    if w.shape != (2, 1, 3, 3):
        return False, f"the weight of Conv2d(1, 2, 3) has shape (2, 1, 3, 3): (out, in, kh, kw); yours is {w.shape}."
    if bias is not None:
        b, hint = as_array(bias, "the layer's bias", 1)
        if hint:
            return False, hint
        if b.shape != (2,):
            return False, f"the bias should hold one number per output channel, shape (2,); yours is {b.shape}."
    else:
        b = None
    flat = _layer_output(np.ones((5, 5)), w, b)[:, 0, 0]
    for channel in (0, 1):
        if not np.isclose(flat[channel], 0, atol=1e-9):
            why = "a bias moves every pixel: set it to 0" if b is not None and not np.isclose(b[channel], 0) else \
                f"its weights sum to {w[channel].sum():g}; an edge detector's weights sum to 0"
            return False, f"on a flat area channel {channel} gives {flat[channel]:g}, not 0: {why}."
    vertical = np.where(np.arange(8) < 4, -1.0, 1.0)[None, :].repeat(8, axis=0)   # dark left, bright right
    on_vertical = _layer_output(vertical, w, b)
    on_horizontal = _layer_output(vertical.T, w, b)
    zero_v = np.allclose(on_vertical, 0, atol=1e-9, rtol=0)
    seen = {c: (not np.allclose(on_vertical[c], 0, atol=1e-9), not np.allclose(on_horizontal[c], 0, atol=1e-9))
            for c in (0, 1)}
    if seen[0] == (False, True) and seen[1] == (True, False):
        return False, "your channels are swapped: channel 0 answers horizontal edges, channel 1 vertical ones."
    if zero_v and np.allclose(on_horizontal, 0, atol=1e-9):
        return False, "both channels give 0 on every edge; give each kernel weights that differ across the edge."
    if not seen[0][0]:
        return False, "channel 0 gives 0 on a vertical edge (dark left, bright right); weigh the left and right " \
                      "columns differently."
    if seen[0][1]:
        return False, "channel 0 also answers a horizontal edge; make every row of its kernel sum to 0, like " \
                      "[-1, 0, 1] in each row."
    if not seen[1][1]:
        return False, "channel 1 gives 0 on a horizontal edge; weigh the top and bottom rows differently."
    if seen[1][0]:
        return False, "channel 1 also answers a vertical edge; make every column of its kernel sum to 0."
    board = data.checkerboard(4, 3)
    out = _layer_output(board, w, b)
    straddles = np.zeros(10, dtype=bool)
    straddles[[1, 2, 4, 5, 7, 8]] = True   # 3-pixel squares: windows starting here cross a boundary
    columns_quiet = np.allclose(out[0][:, ~straddles], 0, atol=1e-9)
    rows_quiet = np.allclose(out[1][~straddles, :], 0, atol=1e-9)
    if not (columns_quiet and rows_quiet):
        return False, "on the checkerboard your channels light up away from the edges they should find."
    return True, "on the checkerboard channel 0 lights up only along the vertical edges, channel 1 along the " \
                 "horizontal ones."


def keras_weight() -> np.ndarray:
    """The Keras kernel of the exercise: (kh, kw, in, out) = (3, 3, 2, 4), every value different.

    >>> keras_weight().shape
    (3, 3, 2, 4)
    """
    return (np.arange(72.0).reshape(3, 3, 2, 4) - 35.5) / 8


def _keras_conv(image_hwc: np.ndarray, kernel_hwio: np.ndarray) -> np.ndarray:
    """Keras' Conv2D ('valid', channels last), straight from its definition: (H', W', out)."""
    kh, kw, cin, cout = kernel_hwio.shape
    rows, cols = image_hwc.shape[0] - kh + 1, image_hwc.shape[1] - kw + 1
    out = np.zeros((rows, cols, cout))
    for p in range(kh):
        for q in range(kw):
            out += image_hwc[p:p + rows, q:q + cols, :] @ kernel_hwio[p, q]
    return out


@checked
def keras_to_torch(weight):
    """The Keras kernel of keras_weight(), (kh, kw, in, out), in torch's layout (out, in, kh, kw)."""
    w, hint = as_array(weight, "your weight", 4)
    if hint:
        return False, hint
    k = keras_weight()
    kh, kw, cin, cout = k.shape
    if w.shape != (cout, cin, kh, kw):
        named = {(kh, kw, cin, cout): "still Keras's (kh, kw, in, out)",
                 (cin, cout, kh, kw): "(in, out, kh, kw): in and out swapped",
                 (cout, cin, kw, kh): "(out, in, kw, kh)"}
        what = named.get(w.shape, "not torch's layout")
        return False, f"shape {w.shape} is {what}; torch wants (out, in, kh, kw) = {(cout, cin, kh, kw)}."
    image = np.random.default_rng(4).normal(size=(7, 6, cin))
    keras_out = _keras_conv(image, k)                               # (H', W', out)
    yours = np.stack([sum(correlate2d(image[:, :, i], w[o, i], mode="valid") for i in range(cin))
                      for o in range(cout)])                         # (out, H', W')
    if np.allclose(yours, keras_out.transpose(2, 0, 1)):
        return True, "transpose(3, 2, 0, 1): out first, then in, then kh and kw in their order."
    if np.allclose(w, k.T):
        return False, ".T reverses all four axes, so it also swaps kh and kw: every kernel is transposed " \
                      "(Sobel x would turn into Sobel y). Name the order: transpose(3, 2, 0, 1)."
    if np.allclose(w, k.reshape(w.shape)):
        return False, "reshape keeps the numbers in memory order and only relabels the axes; use transpose to " \
                      "move axes."
    if np.allclose(w, k.transpose(3, 2, 0, 1)[:, :, ::-1, ::-1]):
        return False, "each kernel is rotated by 180°; a layer does not flip its kernels."
    return False, "your weight computes a different layer from Keras's; move the axes with one transpose."


def _call(function, *args):
    result = function(*args)
    if result is None or result is Ellipsis:
        return None, "your function returns nothing yet; end it with `return y`."
    return result, None


def _oracle(x, weight, bias) -> np.ndarray:
    """torch's conv2d when torch is installed, else the textbook loop of convlib.reference."""
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        from ...reference import conv2d_loop
        return conv2d_loop(x[None], weight, bias)[0]
    with torch.no_grad():
        return F.conv2d(torch.from_numpy(x)[None], torch.from_numpy(weight), torch.from_numpy(bias))[0].numpy()


@checked
def my_conv2d(function):
    """A student-written layer from the formula: (C_in, H, W), (C_out, C_in, kh, kw), (C_out,) -> 'valid' output."""
    if not callable(function):
        return False, "pass the function itself, without parentheses: checks.my_conv2d(my_conv2d)."
    rng = np.random.default_rng(0)
    cases = [(1, 1, 5, 5, 3, 3), (3, 2, 6, 7, 3, 3), (2, 4, 5, 6, 2, 3), (3, 1, 4, 4, 1, 1)]
    for index, (cin, cout, h, w, kh, kw) in enumerate(cases):
        x = rng.normal(size=(cin, h, w))
        weight = rng.normal(size=(cout, cin, kh, kw))
        bias = rng.normal(size=cout)
        where = f"with {cin} input channel{'s' if cin > 1 else ''}, {cout} output channel{'s' if cout > 1 else ''} " \
                f"and a {kh}x{kw} kernel"
        result, hint = _call(function, x.copy(), weight.copy(), bias.copy())
        if hint:
            return False, hint
        out, hint = as_array(result, f"your result ({where})", 3)
        if hint:
            return False, hint
        truth = _oracle(x, weight, bias)
        if out.shape != truth.shape:
            return False, f"{where}, the output has shape (C_out, H - kh + 1, W - kw + 1) = {truth.shape}; " \
                          f"yours is {out.shape}."
        if np.allclose(out, truth):
            continue
        no_bias = truth - bias[:, None, None]
        flipped = _oracle(x, weight[:, :, ::-1, ::-1].copy(), bias)
        first_only = np.stack([correlate2d(x[0], weight[o, 0], mode="valid") + bias[o] for o in range(cout)])
        if np.allclose(out, no_bias):
            return False, f"{where}, you left out the bias: add bias[o] to every pixel of output channel o."
        if np.allclose(out, flipped):
            return False, "that flips the kernel (a convolution); a layer computes a cross-correlation: " \
                          "x[i, r + p, c + q] * w[o, i, p, q]."
        if cin > 1 and np.allclose(out, first_only):
            return False, f"{where}, only input channel 0 counts; sum over every input channel i."
        convolved = np.stack([sum(convolve2d(x[i], weight[o, i], mode="valid") for i in range(cin)) + bias[o]
                              for o in range(cout)])
        if np.allclose(out, convolved):
            return False, "that flips the kernel (a convolution); a layer does not flip."
        earlier = " It was right for one channel in and out: check the channel indices." if index else ""
        return False, f"values differ from torch's conv2d {where}.{earlier}"
    return True, "your loops agree with torch's conv2d, for several channels, a non-square kernel and a 1x1 one."


PORTS = {"a": "k.transpose(3, 2, 0, 1)", "b": "k.T", "c": "k.reshape(c_out, c_in, kh, kw)",
         "d": "k.transpose(2, 3, 0, 1)"}


@checked
def which_port(answer):
    """Multiple choice: which conversion of a Keras kernel turned a vertical-edge layer into a horizontal-edge one."""
    letter, hint = choice_answer(answer, PORTS)
    if hint:
        return False, hint
    if letter == "b":
        return True, ".T reverses every axis: (out, in, kw, kh). Each kernel is transposed, and Sobel x " \
                     "transposed is Sobel y."
    return False, {
        "a": "that is the correct conversion: every kernel keeps its rows and columns.",
        "c": "reshape scrambles the taps across kernels; you would see noise-like kernels, not a clean Sobel y.",
        "d": "that swaps in and out: kernels move between channels, but each keeps its orientation.",
    }[letter]


__all__ = ["LAYER", "PORTS", "edge_layer", "keras_to_torch", "keras_weight", "layer_size", "my_conv2d",
           "which_port"]
