"""_ext/figure_alt.py: the cell's alt text replaces a convlib figure's generic one, and only there."""

import html
import json
import re
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
from figure_alt import with_alt  # noqa: E402


@pytest.fixture
def figure_html(monkeypatch):
    import matplotlib.pyplot as plt

    from convlib.course import _static_html, plotting

    fig = plotting.show_images([np.eye(4)], ["identity <4×4> & more"])
    text = _static_html.figure_html(fig)
    plt.close(fig)
    return text


def test_the_alt_text_replaces_the_generic_one_in_the_image_and_the_phone_data(figure_html):
    alt = 'A 4x4 identity: "ones" <on> the diagonal\n& zeros elsewhere'
    out = with_alt(figure_html, alt)
    shown = re.search(r'<img class="cx-frame" alt="([^"]*)"', out).group(1)
    assert html.unescape(shown) == " ".join(alt.split())
    data = json.loads(re.search(r'<script type="application/json" class="cx-data">(.*?)</script>', out, re.S).group(1))
    assert data["alts"] == [" ".join(alt.split())]
    assert "</" not in re.search(r'class="cx-data">(.*?)</script>', out, re.S).group(1)
    assert "Figure. Panels" not in out


def test_other_html_and_empty_alt_texts_are_left_alone(figure_html):
    assert with_alt("<table><img class=\"cx-frame\" alt=\"x\"></table>", "new") == "<table><img class=\"cx-frame\" alt=\"x\"></table>"
    assert with_alt(figure_html, "   ") == figure_html
