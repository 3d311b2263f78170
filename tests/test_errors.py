"""Bad input gets a clear ValueError/TypeError that names the parameter and what would work."""

import numpy as np
import pytest

import convlib

x4 = np.zeros((1, 2, 5, 5))
w4 = np.zeros((3, 2, 3, 3))

CASES = [
    # --- wrong ndim, for each function
    (lambda: convlib.convolve(np.zeros((2, 2)), [1]), ValueError, "`signal` must be a 1-D array"),
    (lambda: convlib.correlate([1, 2], np.zeros((1, 1))), ValueError, "`kernel` must be a 1-D array"),
    (lambda: convlib.convolve2d(np.zeros(5), np.ones((2, 2))), ValueError, "`image` must be a 2-D array"),
    (lambda: convlib.correlate2d(np.zeros((5, 5)), np.ones(2)), ValueError, "`kernel` must be a 2-D array"),
    (lambda: convlib.conv2d(np.zeros((5, 5)), w4), ValueError, r"`x` must be \(N, C, H, W\)"),
    (lambda: convlib.conv2d(x4, np.zeros((3, 3))), ValueError, "`weight` must be"),
    (lambda: convlib.conv1d(np.zeros((1, 1, 1, 5)), np.zeros((1, 1, 2))), ValueError, r"\(N, C, L\)"),
    (lambda: convlib.conv_transpose2d(np.zeros(4), w4), ValueError, "`x` must be"),
    (lambda: convlib.max_pool2d(np.zeros((4, 4)), 2), ValueError, "`x` must be"),
    (lambda: convlib.avg_pool2d(np.zeros(4), 2), ValueError, "`x` must be"),
    (lambda: convlib.adaptive_avg_pool2d(np.zeros((4, 4)), 2), ValueError, "`x` must be"),
    (lambda: convlib.interpolate(np.zeros((4, 4)), scale_factor=2), ValueError, r"`x` must be 3-D \(N, C, L\) or 4-D.*x\[None\]"),
    (lambda: convlib.interpolate(np.zeros((1, 1, 2, 2, 2)), scale_factor=2), ValueError, "`x` must be 3-D"),
    # --- channels and groups
    (lambda: convlib.conv2d(np.zeros((1, 3, 5, 5)), w4), ValueError, "channel mismatch.*expects 2.*has 3"),
    (lambda: convlib.conv2d(np.zeros((1, 3, 5, 5)), np.zeros((3, 1, 3, 3)), groups=2), ValueError, "groups.*divide in_channels=3"),
    (lambda: convlib.conv2d(np.zeros((1, 4, 5, 5)), np.zeros((3, 2, 3, 3)), groups=2), ValueError, "divide out_channels=3"),
    (lambda: convlib.conv_transpose2d(np.zeros((1, 3, 5, 5)), np.zeros((2, 1, 3, 3))), ValueError, "channel mismatch"),
    (lambda: convlib.conv2d(x4, w4, bias=np.zeros(2)), ValueError, r"`bias` must have shape \(3,\)"),
    # --- kernel too big
    (lambda: convlib.conv2d(np.zeros((1, 2, 2, 2)), w4), ValueError, "larger than the padded input"),
    (lambda: convlib.conv2d(np.zeros((1, 2, 5, 5)), w4, dilation=3), ValueError, "larger than the padded input"),
    (lambda: convlib.max_pool2d(np.zeros((1, 1, 3, 3)), 4), ValueError, "larger than the input"),
    (lambda: convlib.avg_pool2d(np.zeros((1, 1, 3, 3)), 6, padding=1), ValueError, "larger than the input"),
    (lambda: convlib.convolve2d(np.zeros((3, 5)), np.ones((5, 3)), mode="valid"), ValueError, "Use mode='same'"),
    # --- stride, dilation, kernel_size <= 0; negative padding
    (lambda: convlib.conv2d(x4, w4, stride=0), ValueError, "`stride` must be positive; got 0"),
    (lambda: convlib.conv2d(x4, w4, dilation=(1, -1)), ValueError, "`dilation` must be positive"),
    (lambda: convlib.conv2d(x4, w4, padding=-1), ValueError, "`padding` must be at least 0"),
    (lambda: convlib.max_pool2d(x4, 0), ValueError, "`kernel_size` must be positive"),
    (lambda: convlib.avg_pool2d(x4, 2, stride=-2), ValueError, "`stride` must be positive"),
    (lambda: convlib.conv_transpose2d(x4, np.zeros((2, 1, 3, 3)), padding=-1), ValueError, "`padding` must be at least 0"),
    (lambda: convlib.conv2d(x4, w4, stride=1.5), TypeError, "`stride` must be an int or a sequence of 2 ints.*got 1.5"),
    (lambda: convlib.conv2d(x4, w4, stride=(1, 2, 3)), TypeError, "`stride` must be an int or a sequence of 2"),
    (lambda: convlib.arithmetic.conv_output_size(10, 3, stride=0), ValueError, "`stride` must be positive"),
    (lambda: convlib.arithmetic.receptive_field([(3, 0, 1)]), ValueError, "positive"),
    # --- padding='same' with stride > 1
    (lambda: convlib.conv2d(x4, w4, stride=2, padding="same"), ValueError, "padding='same' needs stride=1"),
    (lambda: convlib.conv2d(x4, w4, padding="full"), ValueError, "`padding` must be one of 'same', 'valid'"),
    # --- unknown mode / boundary / padding_mode, listing the allowed ones
    (lambda: convlib.convolve([1], [1], mode="mid"), ValueError, "`mode` must be one of 'full', 'same', 'valid'"),
    (lambda: convlib.convolve2d([[1]], [[1]], boundary="reflect"), ValueError, "'fill', 'wrap', 'symm'.*scipy.ndimage"),
    (lambda: convlib.conv2d(x4, w4, padding_mode="edge"), ValueError, "'zeros', 'reflect', 'replicate', 'circular'.*'replicate'"),
    (lambda: convlib.pad([1], 1, mode="nope"), ValueError, "`mode` must be one of 'constant'"),
    (lambda: convlib.interpolate(x4, scale_factor=2, mode="bicubic"), ValueError, "'nearest', 'linear', 'bilinear'"),
    # --- interpolate: the mode must fit the layout, as in torch
    (lambda: convlib.interpolate(np.zeros((3, 5, 5)), scale_factor=2, mode="bilinear"), ValueError,
     r"`mode`='bilinear' resizes 4-D input.*3-D.*\(N, C, L\).*mode='linear'.*x\[None\]"),
    (lambda: convlib.interpolate(x4, scale_factor=2, mode="linear"), ValueError, r"`mode`='linear' resizes 3-D.*use mode='bilinear'"),
    (lambda: convlib.interpolate(np.zeros((1, 2, 5)), scale_factor=(2, 2)), TypeError, r"`scale_factor` .* sequence of 1 .*\(N, C, L\)"),
    (lambda: convlib.interpolate(x4, size=(2, 2, 2)), TypeError, "`size` must be an int or a sequence of 2 ints"),
    (lambda: convlib.interpolate(np.zeros((1, 2, 5)), size=(2, 2)), TypeError, r"`size` must be an int or a sequence of 1 int"),
    (lambda: convlib.interpolate(np.zeros((1, 2, 5)), size=2, mode="linear", align_corners=1), TypeError, "`align_corners` must be True, False or None"),
    # --- non-numeric, object, complex, empty
    (lambda: convlib.convolve(["a", "b"], [1]), TypeError, "`signal` must be a real numeric array; got dtype <U1"),
    (lambda: convlib.conv2d(np.array([None] * 4).reshape(1, 1, 2, 2), w4), TypeError, "`x` must be a real numeric array; got dtype object"),
    (lambda: convlib.convolve([[1, 2], [3]], [1]), TypeError, "`signal` must be a numeric array"),
    (lambda: convlib.convolve2d(np.ones((3, 3)) * 1j, np.ones((2, 2))), TypeError, "`image` is complex"),
    (lambda: convlib.relu(np.array([1 + 2j])), TypeError, "`x` is complex"),
    (lambda: convlib.convolve([], [1, 2]), ValueError, r"`signal` is empty \(shape \(0,\)\)"),
    (lambda: convlib.conv2d(np.zeros((0, 2, 5, 5)), w4), ValueError, "`x` is empty"),
    (lambda: convlib.max_pool2d(np.zeros((1, 1, 0, 3)), 1), ValueError, "`x` is empty"),
    # --- interpolate size/scale_factor
    (lambda: convlib.interpolate(x4, size=4, scale_factor=2), ValueError, "exactly one of `size` and `scale_factor`; got both"),
    (lambda: convlib.interpolate(x4), ValueError, "got neither"),
    (lambda: convlib.interpolate(x4, scale_factor=-1), ValueError, "`scale_factor` must be positive"),
    (lambda: convlib.interpolate(x4, scale_factor=0.1), ValueError, "to nothing"),
    (lambda: convlib.interpolate(x4, scale_factor=2, align_corners=True), ValueError, "only applies to mode='linear' or 'bilinear'"),
    # --- output_padding >= stride
    (lambda: convlib.conv_transpose2d(x4, np.zeros((2, 1, 3, 3)), stride=2, output_padding=2), ValueError,
     "`output_padding`=.* must be smaller than stride"),
    (lambda: convlib.conv_transpose2d(x4, np.zeros((2, 1, 3, 3)), padding=4), ValueError, "crops the whole output"),
    # --- pool padding larger than half the kernel
    (lambda: convlib.max_pool2d(x4, 2, padding=2), ValueError, "at most half of kernel_size"),
    # --- pad: every wrong pad_width names it and says what would work (issue #6 D2: '3' used to recurse forever)
    (lambda: convlib.pad(np.zeros((6, 5)), "3"), TypeError, r"`pad_width` must be .*an int, a pair \(before, after\).*got the string '3'"),
    (lambda: convlib.pad(np.zeros((6, 5)), "34"), TypeError, "`pad_width` .*got the string '34'"),
    (lambda: convlib.pad(np.zeros((6, 5)), 1.5), TypeError, r"`pad_width` must be integers.*got 1.5 \(float64 values\)"),
    (lambda: convlib.pad(np.zeros((6, 5)), (1, 2.5)), TypeError, "`pad_width` must be integers"),
    (lambda: convlib.pad(np.zeros((6, 5)), [(1, 2), (1.0, 2)]), TypeError, "`pad_width` must be integers"),
    (lambda: convlib.pad(np.zeros((6, 5)), None), TypeError, "`pad_width` must be integers.*got None"),
    (lambda: convlib.pad(np.zeros((6, 5)), True), TypeError, "`pad_width` must be integers.*bool"),
    (lambda: convlib.pad(np.zeros((6, 5)), {1: 2}), TypeError, "`pad_width` must be integers.*dict"),
    (lambda: convlib.pad(np.zeros((6, 5)), [(1, 2), 3]), TypeError, "`pad_width` .*different lengths"),
    (lambda: convlib.pad(np.zeros((6, 5)), [[1, 2, 3]]), ValueError, r"`pad_width` .*shape \(1, 3\).*2 axes"),
    (lambda: convlib.pad(np.zeros((6, 5)), ((1, 2), (3, 4), (5, 6))), ValueError, r"`pad_width` .*shape \(3, 2\).*2 axes"),
    (lambda: convlib.pad(np.zeros((6, 5)), [[[1]]]), ValueError, r"`pad_width` .*shape \(1, 1, 1\)"),
    (lambda: convlib.pad(np.zeros(4), (1, 2, 3)), ValueError, r"one pair per axis \(1 axes\).*shape \(3,\)"),
    (lambda: convlib.pad([1, 2], -1), ValueError, "`pad_width` must not be negative"),
    (lambda: convlib.pad(np.zeros((6, 5)), [(1, -2), (0, 0)]), ValueError, r"`pad_width` must not be negative; got \[\(1, -2\).*slice"),
    (lambda: convlib.pad([1, 2], 1, value="x"), TypeError, "`value` must be a real number"),
    (lambda: convlib.pad([1, 2], 1, value=None), TypeError, "`value` must be a real number"),
    (lambda: convlib.pad([1, 2], 1, mode=None), ValueError, "`mode` must be one of 'constant'"),
    (lambda: convlib.pad([1j, 2], 1), TypeError, "`array` is complex"),
    (lambda: convlib.pad([], 1), ValueError, "`array` is empty"),
    # --- others
    (lambda: convlib.convolve2d([[1]], [[1]], fillvalue="x"), TypeError, "`fillvalue` must be a real number"),
    (lambda: convlib.leaky_relu([1.0], negative_slope="a"), TypeError, "`negative_slope`"),
    (lambda: convlib.Conv2d(3, 4, 3, groups=2), ValueError, "`groups`=2 must divide in_channels=3"),
    (lambda: convlib.max_pool2d(x4, 2, ceil_mode="yes"), TypeError, "`ceil_mode` must be True or False"),
]


@pytest.mark.parametrize("call,error,message", CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_errors_come_before_any_numpy_work():
    """The message comes from convlib itself, not from deep inside numpy."""
    with pytest.raises(ValueError) as info:
        convlib.conv2d(np.zeros((1, 3, 5, 5)), w4)
    assert info.traceback[-1].path.name in {"conv.py", "_checks.py"}


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_non_finite_values_propagate_instead_of_vanishing(value):
    x = np.ones((1, 1, 6, 6))
    x[0, 0, 2, 3] = value
    out = convlib.conv2d(x, np.ones((1, 1, 3, 3)), padding=1)
    assert not np.isfinite(out).all()
    assert np.isfinite(out).sum() == 36 - 9
    assert not np.isfinite(convlib.avg_pool2d(x, 2)).all()
    assert not np.isfinite(convlib.interpolate(x, scale_factor=2, mode="bilinear")).all()
