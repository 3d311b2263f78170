"""The built book (``make book`` first): offline, compact explorers, Colab links, hidden solutions."""

import re
from pathlib import Path

import pytest

HTML = Path(__file__).resolve().parent.parent / "_build" / "html"
PAGES = sorted(HTML.glob("chapters/*.html"))


@pytest.fixture(scope="module", autouse=True)
def built_book():
    if not (HTML / "intro.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")


def explorer_blocks(page):
    return re.findall(r'<div class="convlib-explorer".*?</script></div>', page.read_text(), re.S)


def test_every_chapter_page_was_built():
    chapters = sorted((HTML.parent.parent / "chapters").glob("*.ipynb"))
    assert [p.stem for p in PAGES] == [c.stem for c in chapters]


# Known, harmless CDN mentions: none. (sphinx-thebe's inline config, which names a CDN,
# is dropped by _ext/offline_html.py.)
ALLOWED_CDN_TEXT: list[str] = []


@pytest.mark.parametrize("page", sorted(HTML.glob("*.html")) + PAGES, ids=lambda p: p.stem)
def test_no_script_or_stylesheet_comes_from_a_cdn(page):
    text = page.read_text()
    loaded = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?://[^"]+)"', text)
    assert loaded == []
    for allowed in ALLOWED_CDN_TEXT:
        text = text.replace(allowed, "")
    for cdn in ["cdn.jsdelivr", "cdnjs", "unpkg.com", "googleapis", "mathjax.org"]:
        assert cdn not in text


def test_vendored_assets_are_in_the_build():
    for asset in ["mathjax/tex-chtml.js", "require.js", "html-manager/embed-amd.js"]:
        assert (HTML / "_static" / asset).is_file(), asset


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_explorers_are_static_compact_and_no_inert_widgets_remain(page):
    text = page.read_text()
    blocks = explorer_blocks(page)
    assert len(blocks) >= 2
    for block in blocks:
        assert len(block.encode()) <= 500_000, f"explorer of {len(block) // 1024} KB"
        assert 'type="range"' in block or "<select" in block
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert "widget-state+json" not in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_figures_are_images_not_their_text_repr(page):
    text = page.read_text()
    assert "&lt;Figure size" not in text and "<Figure size" not in text
    assert "Verdict(" not in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_colab_button_targets_this_chapters_notebook(page):
    links = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', page.read_text())
    assert links and all(link.endswith(f"chapters/{page.stem}.ipynb") for link in links)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_solutions_are_hidden_dropdowns_and_solution_cells_do_not_show(page):
    text = page.read_text()
    assert text.count("solution dropdown") >= 3
    plain = re.sub(r"<[^>]+>", "", text)
    assert plain.count("strict=True") >= 3  # the solution code is inside the (collapsed) dropdowns
    assert 'class="cell tag_solution' not in text  # the CI copy of each solution is removed
