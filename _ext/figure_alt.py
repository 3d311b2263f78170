"""Sphinx extension: a code cell's alt text reaches the course's HTML figures.

A chapter writes a figure's alt text where myst-nb looks for it, in the cell's
metadata (``mystnb: image: alt: ...``). myst-nb applies it only to image
outputs (PNG, JPEG); in the book a convlib figure is an HTML output (a sharp
WebP that a phone shows one panel at a time), which would otherwise carry a
generic alt text made from its panel titles. This extension wraps myst-nb's
HTML renderer: for a convlib figure (``class="convlib-explorer convlib-figure"``)
in a cell with an alt text, that text replaces the generic one, in the image
and in the phone view's data. Explorers keep their own per-frame alt texts.
"""

import dataclasses
import html
import json
import re

_FIGURE = 'class="convlib-explorer convlib-figure"'
_IMG_ALT = re.compile(r'(<img class="cx-frame" alt=")[^"]*(")')
_JSON_ALTS = re.compile(r'("alts": \[)"(?:[^"\\]|\\.)*"(\])')


def with_alt(text: str, alt: str) -> str:
    """``text`` (a convlib figure's HTML) with ``alt`` as its alt text; other HTML unchanged."""
    if _FIGURE not in text or not alt.strip():
        return text
    one_line = " ".join(alt.split())
    text = _IMG_ALT.sub(lambda m: m.group(1) + html.escape(one_line) + m.group(2), text, count=1)
    as_json = json.dumps(one_line).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _JSON_ALTS.sub(lambda m: m.group(1) + as_json + m.group(2), text, count=1)


def setup(app):
    from myst_nb.core.render import NbElementRenderer

    original = NbElementRenderer.render_text_html
    if not getattr(original, "_convlib_alt", False):
        def render_text_html(self, data):
            alt = ((data.cell_metadata or {}).get("mystnb") or {}).get("image", {}).get("alt")
            if isinstance(alt, str):
                data = dataclasses.replace(data, content=with_alt(data.string, alt))
            return original(self, data)

        render_text_html._convlib_alt = True
        NbElementRenderer.render_text_html = render_text_html
    return {"parallel_read_safe": True, "parallel_write_safe": True}
