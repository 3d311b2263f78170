"""Chapter 4 (convolution layers): the colour photo, the exercise checks and the layer figures.

Every check is judged against an oracle that does not come from convlib's layer code:
torch (conv2d, Conv2d, FlopCounterMode), Keras' convolution written out from its
definition, or numpy.
"""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convlib import arithmetic, kernels
from convlib.course import data, plotting
from convlib.course.checks import ExerciseFailed, ch04
from convlib.course.plotting._figure import figure_bytes

torch.set_num_threads(1)
SOBEL_X = kernels.sobel_x()[::-1, ::-1].copy()   # as a layer (a correlation) applies it
LUMA = np.array([0.299, 0.587, 0.114])


def torch_conv(x, weight, bias=None, **options):
    """torch's conv2d on numpy arrays, (C, H, W) or (N, C, H, W)."""
    x = torch.from_numpy(np.asarray(x, dtype=float))
    b = None if bias is None else torch.from_numpy(np.asarray(bias, dtype=float))
    return F.conv2d(x, torch.from_numpy(np.asarray(weight, dtype=float)), b, **options).numpy()


def verdict(check, answer, capsys):
    ok = bool(check(answer))
    return ok, capsys.readouterr().out


# --- data.photo_rgb ---------------------------------------------------------------------------------------


def test_photo_rgb_is_channels_first_in_unit_range():
    image = data.photo_rgb()
    assert image.shape == (3, 512, 437) and image.dtype == np.float64
    assert 0 <= image.min() and image.max() <= 1
    assert data.photo_rgb(64).shape == (3, 64, 55)


def test_photo_rgb_is_the_colour_of_the_gray_photo():
    """BT.601 luma of the colour photo is the gray photo (Pillow's convert('L')), up to resampling."""
    gray = np.tensordot(LUMA, data.photo_rgb(), axes=1)
    difference = np.abs(gray - data.photo())
    assert difference.mean() < 0.003 and np.percentile(difference, 99) < 0.01


def test_photo_rgb_has_colour_where_the_flag_is():
    """The flag's red stripes (lower left) are redder than the sky (upper right), which is bluer."""
    red, _, blue = data.photo_rgb()
    stripes, sky = (slice(380, 460), slice(0, 15)), (slice(40, 120), slice(370, 430))
    assert red[stripes].mean() - blue[stripes].mean() > 0.2
    assert blue[sky].mean() - red[sky].mean() > 0.2


def test_photo_rgb_returns_a_copy_and_checks_its_size():
    image = data.photo_rgb(32)
    image[:] = 0
    assert data.photo_rgb(32).max() > 0
    with pytest.raises(ValueError, match="size"):
        data.photo_rgb(4)
    with pytest.raises(TypeError, match="size"):
        data.photo_rgb("big")


# --- checks: the size of a layer -----------------------------------------------------------------------------


def test_layer_size_accepts_what_torch_builds(capsys):
    layer = torch.nn.Conv2d(16, 32, kernel_size=(3, 5))
    truth = {"shape": tuple(layer.weight.shape), "parameters": sum(p.numel() for p in layer.parameters())}
    ok, out = verdict(ch04.layer_size, truth, capsys)
    assert ok and out.startswith("Correct!")
    ok, _ = verdict(ch04.layer_size, {"shape": list(truth["shape"]), "parameters": float(truth["parameters"])}, capsys)
    assert ok


@pytest.mark.parametrize("answer,hint", [
    ({"shape": (3, 5, 16, 32), "parameters": 7712}, "Keras"),
    ({"shape": (16, 32, 3, 5), "parameters": 7712}, "swapped"),
    ({"shape": (32, 16, 5, 3), "parameters": 7712}, "3 rows"),
    ({"shape": (32, 16, 3, 5), "parameters": 7680}, "bias"),
    ({"shape": (32, 16, 3, 5), "parameters": 7696}, "per *output* channel"),
    ({"shape": (32, 16, 3, 5), "parameters": 272}, "32 of them"),
    ({"shape": (32, 16, 3, 5), "parameters": 1}, "out·in·kh·kw"),
    ({"shape": (32, 16, 15), "parameters": 7712}, "4 axes"),
    ({"shape": ..., "parameters": 7712}, "replace the ..."),
    ({"parameters": 7712}, 'no entry "shape"'),
    ({"shape": "(32, 16, 3, 5)", "parameters": 7712}, "tuple of four whole numbers"),
    ({"shape": (32, 16, 3, 5), "parameters": float("nan")}, "whole number"),
    ({"shape": (32.5, 16, 3, 5), "parameters": 7712}, "tuple of four whole numbers"),
    ([32, 16, 3, 5], "dict"),
    (None, "dict"),
])
def test_layer_size_hints(answer, hint, capsys):
    ok, out = verdict(ch04.layer_size, answer, capsys)
    assert not ok and out.startswith("Not yet:") and hint in out


# --- checks: the edge layer ----------------------------------------------------------------------------------


def edge_weights(vertical, horizontal):
    return np.array([[vertical], [horizontal]], dtype=float)


def responses_on(image, weight):
    return torch_conv(image[None], weight)


@pytest.mark.parametrize("vertical,horizontal", [
    (SOBEL_X, SOBEL_X.T),
    (-kernels.prewitt_x(), kernels.prewitt_y()),
    (np.array([[0, 0, 0], [1, 0, -1], [0, 0, 0.0]]), np.array([[0, 1, 0], [0, 0, 0], [0, -1, 0.0]])),
])
def test_edge_layer_accepts_edge_detectors_in_every_form(vertical, horizontal, capsys):
    weight = edge_weights(vertical, horizontal)
    # the oracle: on a board of vertical stripes channel 1 is silent, on horizontal stripes channel 0 is
    stripes = np.tile(np.repeat([-1.0, 1.0], 3), (12, 2))
    assert np.allclose(responses_on(stripes, weight)[1], 0) and not np.allclose(responses_on(stripes, weight)[0], 0)
    assert np.allclose(responses_on(stripes.T, weight)[0], 0)
    ours = __import__("convlib").Conv2d(1, 2, 3, bias=False)
    ours.weight[...] = weight
    theirs = torch.nn.Conv2d(1, 2, 3)
    with torch.no_grad():
        theirs.weight[...] = torch.from_numpy(weight)
        theirs.bias.zero_()
    for answer in (ours, theirs, weight):
        ok, out = verdict(ch04.edge_layer, answer, capsys)
        assert ok, out


def test_edge_layer_hints(capsys):
    import convlib

    layer = convlib.Conv2d(1, 2, 3)                       # random weights and a bias
    layer.weight[:, 0] = [SOBEL_X, SOBEL_X.T]
    cases = [
        (layer, "bias"),
        (edge_weights(SOBEL_X.T, SOBEL_X), "swapped"),
        (edge_weights(np.zeros((3, 3)), np.zeros((3, 3))), "0 on every edge"),
        (edge_weights(kernels.laplacian(4), SOBEL_X.T), "also answers a horizontal edge"),
        (edge_weights(SOBEL_X, kernels.laplacian(8)), "channel 1 also answers a vertical edge"),
        (edge_weights(SOBEL_X, np.zeros((3, 3))), "channel 1 gives 0 on a horizontal edge"),
        (edge_weights(np.ones((3, 3)), SOBEL_X.T), "sum to 0"),
        (np.zeros((1, 2, 3, 3)), "(2, 1, 3, 3)"),
        (np.full((2, 1, 3, 3), np.nan), "NaN"),
        ("sobel", "numbers"),
        (None, "pass your layer"),
    ]
    for answer, hint in cases:
        ok, out = verdict(ch04.edge_layer, answer, capsys)
        assert not ok and out.startswith("Not yet:") and hint in out, (hint, out)


# --- checks: Keras to torch ---------------------------------------------------------------------------------


def keras_conv_loops(image_hwc, kernel_hwio):
    """Keras' Conv2D ('valid', channels last) written out from its definition, one term at a time."""
    kh, kw, cin, cout = kernel_hwio.shape
    rows, cols = image_hwc.shape[0] - kh + 1, image_hwc.shape[1] - kw + 1
    out = np.zeros((rows, cols, cout))
    for r in range(rows):
        for c in range(cols):
            for o in range(cout):
                out[r, c, o] = sum(image_hwc[r + p, c + q, i] * kernel_hwio[p, q, i, o]
                                   for p in range(kh) for q in range(kw) for i in range(cin))
    return out


def test_keras_to_torch_accepts_the_weight_that_computes_the_keras_layer(capsys):
    k = ch04.keras_weight()
    answer = k.transpose(3, 2, 0, 1)
    image = np.random.default_rng(1).normal(size=(6, 5, 2))
    assert np.allclose(torch_conv(image.transpose(2, 0, 1), answer), keras_conv_loops(image, k).transpose(2, 0, 1))
    ok, out = verdict(ch04.keras_to_torch, answer, capsys)
    assert ok and out.startswith("Correct!")
    ok, _ = verdict(ch04.keras_to_torch, torch.from_numpy(answer.copy()).tolist(), capsys)
    assert ok


@pytest.mark.parametrize("convert,hint", [
    (lambda k: k.T, ".T reverses all four axes"),
    (lambda k: k.reshape(4, 2, 3, 3), "reshape keeps the numbers in memory order"),
    (lambda k: k.transpose(2, 3, 0, 1), "in and out swapped"),
    (lambda k: k, "still Keras"),
    (lambda k: k.transpose(3, 2, 0, 1)[:, :, ::-1, ::-1], "rotated by 180"),
    (lambda k: k.transpose(3, 2, 0, 1)[:, ::-1], "different layer"),
    (lambda k: np.full((4, 2, 3, 3), np.inf), "NaN or inf"),
    (lambda k: k[0], "4-D"),
    (lambda k: ..., "still empty"),
    (lambda k: {"weight": k}, "numbers"),
])
def test_keras_to_torch_hints(convert, hint, capsys):
    ok, out = verdict(ch04.keras_to_torch, convert(ch04.keras_weight()), capsys)
    assert not ok and out.startswith("Not yet:") and hint in out, out


# --- checks: the layer from the formula -----------------------------------------------------------------------


def right(x, w, b):
    return torch_conv(x[None], w, b)[0]


WRONG_LAYERS = [
    (lambda x, w, b: torch_conv(x[None], w)[0], "left out the bias"),
    (lambda x, w, b: torch_conv(x[None], w[:, :, ::-1, ::-1].copy(), b)[0], "flips the kernel"),
    (lambda x, w, b: torch_conv(x[None, :1], w[:, :1], b)[0], "only input channel 0 counts"),
    (lambda x, w, b: torch_conv(x[None], w, b)[0][:, 1:], "the output has shape"),
    (lambda x, w, b: torch_conv(x[None], w, b)[0] * 2, "values differ"),
    (lambda x, w, b: np.full(right(x, w, b).shape, np.nan), "NaN"),
    (lambda x, w, b: None, "returns nothing"),
    (lambda x, w, b: "y", "numbers"),
    (lambda x, w, b: x[0, 10], "checking your answer raised IndexError"),
]


def test_my_conv2d_accepts_a_correct_layer(capsys):
    ok, out = verdict(ch04.my_conv2d, right, capsys)
    assert ok and out.startswith("Correct!")


def test_my_conv2d_finds_a_channel_mixup_that_one_channel_hides(capsys):
    def swapped(x, w, b):   # kernels indexed [i, o] instead of [o, i]: right when C_in = C_out = 1
        return np.stack([sum(torch_conv(x[i:i + 1][None], w[i % w.shape[0], o % w.shape[1]][None, None])[0, 0]
                             for i in range(x.shape[0])) + b[o] for o in range(w.shape[0])])

    ok, out = verdict(ch04.my_conv2d, swapped, capsys)
    assert not ok and "right for one channel in and out" in out


@pytest.mark.parametrize("function,hint", WRONG_LAYERS)
def test_my_conv2d_hints(function, hint, capsys):
    ok, out = verdict(ch04.my_conv2d, function, capsys)
    assert not ok and out.startswith("Not yet:") and hint in out, out


def test_my_conv2d_wants_the_function_itself(capsys):
    ok, out = verdict(ch04.my_conv2d, right(np.ones((1, 3, 3)), np.ones((1, 1, 3, 3)), np.zeros(1)), capsys)
    assert not ok and "without parentheses" in out


# --- checks: which port ----------------------------------------------------------------------------------------


def test_which_port_is_the_one_that_transposes_every_kernel(capsys):
    keras = np.zeros((3, 3, 1, 1))
    keras[:, :, 0, 0] = SOBEL_X
    outcomes = {letter: eval(code.replace("c_out, c_in, kh, kw", "1, 1, 3, 3"), {"k": keras})
                for letter, code in ch04.PORTS.items()}
    turned = [letter for letter, w in outcomes.items() if np.array_equal(w[0, 0], SOBEL_X.T)]
    assert turned == ["b"]
    for answer in ("b", "B", " (b) ", "b."):
        ok, _ = verdict(ch04.which_port, answer, capsys)
        assert ok
    for answer, hint in [("a", "correct conversion"), ("c", "scrambles"), ("d", "swaps in and out"),
                         ("e", "choose one of"), (2, "string"), (..., "one letter"), (None, "one letter")]:
        ok, out = verdict(ch04.which_port, answer, capsys)
        assert not ok and hint in out


def test_strict_checks_raise():
    with pytest.raises(ExerciseFailed):
        ch04.layer_size({"shape": (1, 2, 3, 4), "parameters": 1}, strict=True)
    with pytest.raises(ExerciseFailed):
        ch04.edge_layer(np.zeros((2, 1, 3, 3)), strict=True)
    with pytest.raises(ExerciseFailed):
        ch04.keras_to_torch(ch04.keras_weight().T, strict=True)
    with pytest.raises(ExerciseFailed):
        ch04.my_conv2d(lambda x, w, b: None, strict=True)
    with pytest.raises(ExerciseFailed):
        ch04.which_port("a", strict=True)
    assert ch04.which_port("b", strict=True)


# --- counting, against torch ------------------------------------------------------------------------------------


@pytest.mark.parametrize("c_in,c_out,kernel,size", [(3, 64, 3, 224), (512, 512, 3, 14), (256, 64, 1, 56),
                                                    (16, 32, (3, 5), 20)])
def test_chapter_4_counts_match_torchs_flop_counter(c_in, c_out, kernel, size):
    from torch.utils.flop_counter import FlopCounterMode

    kh, kw = (kernel, kernel) if isinstance(kernel, int) else kernel
    conv = torch.nn.Conv2d(c_in, c_out, kernel, padding=(kh // 2, kw // 2), device="meta")
    with FlopCounterMode(display=False) as counter:
        conv(torch.empty(1, c_in, size, size, device="meta"))
    assert arithmetic.conv_flops(c_in, c_out, kernel, size) == counter.get_total_flops()
    assert arithmetic.conv_params(c_in, c_out, kernel) == sum(p.numel() for p in conv.parameters())


# --- the figures -----------------------------------------------------------------------------------------------


def test_channel_maps_add_up_to_torchs_layer():
    x = data.photo_rgb(40)
    weight = np.random.default_rng(2).normal(size=(3, 3, 2))
    maps = plotting.channel_maps(x, weight)
    assert maps.shape == (3, 40 - 3 + 1, 34 - 2 + 1)
    assert np.allclose(maps.sum(axis=0) + 0.25, torch_conv(x, weight[None], [0.25])[0])


def test_the_channel_sum_figure_shows_what_the_layer_computes():
    x = data.photo_rgb(48)
    weight = np.array([SOBEL_X, np.zeros((3, 3)), -SOBEL_X])
    fig = plotting.show_channel_sum(x, weight, 0.5, names=["red", "green", "blue"], inputs=False)
    output_panel = next(ax for ax in fig.axes if ax.get_title().startswith("output"))
    assert np.allclose(output_panel.images[0].get_array(), torch_conv(x, weight[None], [0.5])[0])
    low, high = output_panel.images[0].get_clim()
    assert low == -high   # signed, centred at 0
    sum_panel = next(ax for ax in fig.axes if ax.get_title().startswith("sum"))
    assert sum_panel.images[0].get_clim() == (low, high), "the sum and the output share a scale"


def test_the_tiny_example_grids_hold_the_hand_computed_numbers():
    x = np.array([[[1, 2, 0], [0, 1, 3], [2, 1, 0]], [[0, 1, 1], [1, 0, 2], [1, 1, 1]]], dtype=float)
    w = np.array([[[1, 0], [0, -1]], [[1, 1], [1, 1]]], dtype=float)
    fig = plotting.show_channel_sum(x, w, -1.0)
    output_panel = next(ax for ax in fig.axes if ax.get_title().startswith("output"))
    assert [t.get_text() for t in output_panel.texts] == ["1", "2", "1", "4"]


def test_weights_are_drawn_one_kernel_per_output_and_input_channel():
    """One panel per input channel (a phone shows one at a time), one row per output channel, one colour scale."""
    weight = np.arange(2 * 3 * 2 * 2, dtype=float).reshape(2, 3, 2, 2) - 5
    fig = plotting.show_weights(weight, in_names=["R", "G", "B"], out_names=["edges", "colour"])
    assert len(fig.axes) == 3 and [ax.get_title().splitlines()[-1] for ax in fig.axes] == ["R", "G", "B"]
    assert "(2, 3, 2, 2)" in fig.axes[0].get_title()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["edges", "colour"]
    for i, ax in enumerate(fig.axes):
        assert len(ax.images) == 2
        for o, image in enumerate(ax.images):
            assert np.array_equal(image.get_array(), weight[o, i])
            left, right, bottom, top = image.get_extent()
            assert right - left == 2 and bottom - top == 2                     # every tap one cell
            assert image.get_clim() == (-np.abs(weight).max(), np.abs(weight).max())
        assert ax.images[1].get_extent()[3] > ax.images[0].get_extent()[2]     # out 1 below out 0
    assert [t.get_text() for t in fig.axes[0].texts[:4]] == ["-5", "-4", "-3", "-2"]


def test_a_valid_output_sits_over_the_centres_of_its_windows():
    board = data.checkerboard(4, 3)
    out = torch_conv(board[None, None], SOBEL_X[None, None])[0, 0]
    fig = plotting.show_layer_outputs(board, [out], ["Sobel x"])
    shown = fig.axes[1].images[0].get_array()
    assert np.array_equal(shown[1:-1, 1:-1], out) and shown.mask[0].all() and shown.mask[:, -1].all()


def test_layer_outputs_read_in_order_across_a_screen_and_down_a_phone():
    """Input, out 0, out 1, out 2: the same order read row by row (1280 px) or phone column by column."""
    titles = ["out 0: average", "out 1: Sobel x", "out 2: Sobel y"]
    fig = plotting.show_layer_outputs(data.checkerboard(4, 3), np.ones((3, 10, 10)), titles, image_title="input")
    figure_bytes(fig, "png", dpi=60)
    shown = [ax for ax in fig.axes if ax.get_visible() and ax.get_title()]
    boxes = {ax.get_title(): ax.get_position() for ax in shown}
    across = sorted(boxes, key=lambda t: (-round(boxes[t].y0, 3), boxes[t].x0))
    columns = plotting.panel_columns(fig)
    column = {t: next(i for i, c in enumerate(columns) if c[0] <= (b.x0 + b.x1) / 2 <= c[1]) for t, b in boxes.items()}
    down = sorted(boxes, key=lambda t: (column[t], -boxes[t].y0))
    assert across == down == ["input", *titles]


def test_a_colour_mix_clips_and_says_so():
    rgb = data.photo_rgb(32)
    sepia = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]])
    mixed = torch_conv(rgb, sepia[:, :, None, None])
    fig = plotting.show_colour_mix(rgb, sepia, mixed, title_result="sepia")
    assert mixed.max() > 1 and "clipped" in fig.axes[2].get_title()
    assert fig.axes[2].images[0].get_array().max() <= 1


def figures():
    rgb = data.photo_rgb(80)[:, 2:52]
    weight = np.random.default_rng(0).normal(size=(3, 3, 3, 3))
    out = torch_conv(rgb, weight)
    x = np.arange(18.0).reshape(2, 3, 3)
    return {
        "rgb": plotting.show_rgb(data.photo_rgb(256)[:, 8:168]),
        "layer outputs": plotting.show_layer_outputs(data.checkerboard(4, 3), np.ones((3, 10, 10)),
                                                     ["out 0: average", "out 1: Sobel x", "out 2: Sobel y"],
                                                     image_title="input: checkerboard\n(white +1, black −1)"),
        "channel sum": plotting.show_channel_sum(rgb, weight[0], -0.5, names=["red", "green", "blue"],
                                                 inputs=False),
        "channel sum, small": plotting.show_channel_sum(x, np.ones((2, 2, 2)), -1.0, names=["ch 0", "ch 1"]),
        "weights": plotting.show_weights(weight, in_names=["red", "green", "blue"],
                                         out_names=["brightness", "red − blue", "Sobel x"]),
        "layout trap": plotting.show_layout_trap(weight, out[0], -out[0], title_weight="loaded with\n.T",
                                                 title_ported="out 0, ported\n= the Sobel y response",
                                                 title_intended="out 0, intended:\nSobel x", in_names="RGB"),
        "colour mix": plotting.show_colour_mix(rgb, -np.eye(3), 1 - rgb, bias=np.ones(3), title_result="negative"),
        "output channels": plotting.show_output_channels(out[:3] * [[[1]], [[1]], [[-1]]],
                                                         ["out 0: brightness", "out 1: red − blue", "out 2: Sobel x"]),
    }


@pytest.mark.parametrize("name", list(figures()))
def test_panel_titles_fit_their_panels_so_phone_crops_keep_them(name):
    """Nothing is clipped, and each title stays within its own phone column (one column per panel column)."""
    fig = figures()[name]
    figure_bytes(fig, "png", dpi=100)
    renderer = fig.canvas.get_renderer()
    columns = plotting.panel_columns(fig)
    width, height = fig.bbox.width, fig.bbox.height
    for ax in fig.axes:
        if not ax.get_visible() or not ax.get_title():
            continue
        box = ax.title.get_window_extent(renderer)
        assert box.x0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, f"{ax.get_title()!r} is clipped"
        centre = (ax.get_position().x0 + ax.get_position().x1) / 2
        column = next(c for c in columns if c[0] <= centre <= c[1])
        assert column[0] * width - 1 <= box.x0 and box.x1 <= column[1] * width + 1, \
            f"{ax.get_title()!r} spills out of its phone column {column}"
    assert fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)
