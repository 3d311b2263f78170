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
    tags = re.findall(r"<(?:script|link|img|iframe)[^>]*>", text)
    loaded = [t for t in tags if re.search(r'(?:src|href)="https?://', t) and 'rel="canonical"' not in t]
    assert loaded == []
    for allowed in ALLOWED_CDN_TEXT:
        text = text.replace(allowed, "")
    for cdn in ["cdn.jsdelivr", "cdnjs", "unpkg.com", "googleapis", "mathjax.org"]:
        assert cdn not in text


def test_only_the_assets_pages_load_are_shipped():
    static = HTML / "_static"
    assert (static / "mathjax" / "tex-chtml.js").is_file()
    assert not (static / "require.js").exists() and not (static / "html-manager").exists()
    assert not (static / "mathjax" / "tex-svg.js").exists(), "only the MathJax bundle a page loads"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_explorers_are_static_compact_and_no_inert_widgets_remain(page):
    text = page.read_text()
    blocks = explorer_blocks(page)
    assert len(blocks) >= 2
    for block in blocks:
        assert len(block.encode()) <= 600_000, f"explorer of {len(block) // 1024} KB"
        assert 'type="range"' in block or "<select" in block
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert "widget-state+json" not in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_figures_are_images_not_their_text_repr(page):
    text = page.read_text()
    assert "&lt;Figure size" not in text and "<Figure size" not in text
    assert "Verdict(" not in text


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_colab_button_opens_this_chapters_student_notebook(page):
    links = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', page.read_text())
    assert links and all(link.endswith(f"/notebooks/{page.stem}.ipynb") for link in links)


def dropdowns(text):
    return re.findall(r'<div class="solution dropdown admonition".*?</section>\s*</div>', text, re.S)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_each_solution_is_one_executed_cell_inside_its_dropdown(page):
    text = page.read_text()
    blocks = dropdowns(text)
    assert len(blocks) >= 3 and len(blocks) == text.count('class="solution dropdown')
    for block in blocks:
        plain = re.sub(r"<[^>]+>", "", block)
        assert "strict=True" in plain, "the solution's code is in the dropdown"
        assert "cell_output" in block and "Correct!" in plain, "with the output the build produced"
    outside = re.sub(r'<div class="solution dropdown admonition".*?</section>\s*</div>', "", text, flags=re.S)
    assert "strict=True" not in re.sub(r"<[^>]+>", "", outside), "no solution code outside a dropdown"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_unanswered_exercises_show_no_not_yet_in_the_static_book(page):
    assert "Not yet:" not in page.read_text()


def test_no_source_notebook_with_solutions_is_published():
    """The source notebooks hold the solutions in plain text: the book ships no _sources/ and links none."""
    assert not (HTML / "_sources").exists()
    for page in PAGES:
        assert "_sources/" not in page.read_text()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_alt_text_a_chapter_writes_reaches_its_figure(page):
    import html
    import json

    source = json.loads((HTML.parent.parent / "chapters" / f"{page.stem}.ipynb").read_text())
    written = [" ".join(cell["metadata"]["mystnb"]["image"]["alt"].split()) for cell in source["cells"]
               if isinstance(cell["metadata"].get("mystnb", {}).get("image", {}).get("alt"), str)]
    shown = {" ".join(html.unescape(a).split()) for a in re.findall(r'<img[^>]* alt="([^"]*)"', page.read_text())}
    assert written, "every chapter describes its figures"
    assert [alt for alt in written if alt not in shown] == []
