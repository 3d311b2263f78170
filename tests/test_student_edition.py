"""The solution-free edition (``make book-student``): every chapter, no instructor page, and no trace of a solution.

"No trace" is tested against the solutions themselves, read from the chapter sources:
no line of solution code reaches the edition's HTML or ``_sources``, and no word found only
in solutions reaches its search index. The same detectors, run on the full book, find the
solutions there, so they are not vacuous. (Browser tests: tests/test_browser.py, both editions.)
"""

import functools
import html as html_lib
import json
import re
from pathlib import Path

import pytest
import yaml

from convlib.course import notebooks, student_book
from convlib.course.instructor import toc_chapters

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "_build" / "html"
STUDENT = ROOT / "_build" / "student" / "_build" / "html"
CHAPTERS = toc_chapters(ROOT)


@pytest.fixture(scope="module", autouse=True)
def built():
    for folder, target in ((BOOK, "book"), (STUDENT, "book-student")):
        if not (folder / "intro.html").exists():
            pytest.fail(f"{folder} is not built: run `make {target}` (make test does it first)")


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def solution_code(path):
    """The code cells inside the chapter's gated solutions, and the tagged solution cells."""
    inside, found = False, []
    for cell in json.loads(path.read_text())["cells"]:
        text = source(cell)
        inside = True if "{solution-start}" in text else False if "{solution-end}" in text else inside
        if cell["cell_type"] == "code" and (inside or "solution" in cell["metadata"].get("tags", [])):
            found.append(text)
    return found


def _code(line: str) -> str:
    return line.split("#")[0].strip()


def solution_lines(path):
    """Lines of solution code that must not leak: not seen by a student elsewhere (the exercise cell), not bare data.

    A line of numbers only (a row of a kernel) also appears in printed outputs, so it is left out.
    """
    cells = json.loads(path.read_text())["cells"]
    seen = {_code(line) for cell in notebooks.student_cells(cells, keep_book_only=True)
            for line in source(cell).splitlines()}
    return sorted({_code(line) for code in solution_code(path) for line in code.splitlines()
                   if len(_code(line)) > 12 and re.search(r"[A-Za-z_]{3}", _code(line)) and _code(line) not in seen})


@functools.cache
def page_text(page: Path) -> str:
    """What a page shows and holds, scripts and tags removed, entities decoded, spaces collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(r"\s+", " ", text)


def leaked_lines(root: Path) -> list[str]:
    """Solution lines found in any page or _sources file under ``root``."""
    files = sorted(root.rglob("*.html")) + sorted(p for p in (root / "_sources").rglob("*") if p.is_file())
    texts = [page_text(f) if f.suffix == ".html" else re.sub(r"\s+", " ", f.read_text(errors="replace"))
             for f in files]
    every = "\n".join(texts)
    return [line for path in CHAPTERS for line in solution_lines(path) if re.sub(r"\s+", " ", line) in every]


def index_terms(root: Path) -> set[str]:
    text = (root / "searchindex.js").read_text()
    return set(json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"])


def stems(text: str) -> set[str]:
    from sphinx.search.en import SearchEnglish

    english = SearchEnglish({})
    return {english.stem(w.lower()) for w in re.findall(r"\w+", text)}


def solution_only_terms(root: Path, strip=lambda text: text) -> set[str]:
    """Search terms of ``root``'s index that come from solution code and from no page's visible text."""
    shown = set().union(*(stems(strip(page_text(p))) for p in root.rglob("*.html") if p.name != "search.html"))
    solutions = set().union(*(stems(code) for path in CHAPTERS for code in solution_code(path)))
    return index_terms(root) & (solutions - shown)


def without_dropdowns(text: str) -> str:
    return re.sub(r"Solution to Exercise.*?(?=Exercise \d+\.\d+|Summary)", " ", text)


def test_every_chapter_is_in_the_edition_and_the_instructor_page_is_not():
    assert sorted(p.stem for p in STUDENT.glob("chapters/*.html")) == sorted(p.stem for p in CHAPTERS)
    assert (BOOK / "instructors.html").exists() and not (STUDENT / "instructors.html").exists()
    for page in [STUDENT / "intro.html", *STUDENT.glob("chapters/*.html")]:
        assert "instructors.html" not in page.read_text(), f"{page.name} links the instructor page"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_exercises_stay_and_solutions_and_their_dropdowns_go(path):
    page = (STUDENT / "chapters" / f"{path.stem}.html").read_text()
    labels = re.findall(r"^:label: (ex-\S+)", "\n".join(source(c) for c in json.loads(path.read_text())["cells"]), re.M)
    assert len(labels) >= 3
    for label in labels:
        assert f'id="{label}"' in page, f"exercise {label} is missing from the student edition"
    assert 'class="solution' not in page and "Solution to Exercise" not in page
    assert "strict=True" not in page_text(STUDENT / "chapters" / f"{path.stem}.html")
    assert page.count('class="convlib-explorer"') == (BOOK / "chapters" / f"{path.stem}.html").read_text().count(
        'class="convlib-explorer"'), "every explorer, with its frames from the book's build"


def test_no_solution_line_reaches_the_html_or_sources_and_the_detector_finds_them_in_the_book():
    assert len([line for path in CHAPTERS for line in solution_lines(path)]) >= 3 * len(CHAPTERS)
    assert leaked_lines(STUDENT) == []
    in_book = leaked_lines(BOOK)
    for path in CHAPTERS:   # each chapter's solutions are in the full book, in their dropdowns
        assert set(solution_lines(path)) & set(in_book), path.name


def test_no_word_only_solutions_use_reaches_the_search_index():
    assert solution_only_terms(STUDENT) == set()
    found = solution_only_terms(BOOK, strip=without_dropdowns)
    assert {"strict"} <= found, f"the detector should find the solutions' words in the book's index; found {found}"


def test_the_edition_is_configured_from_the_book_with_execution_off():
    config = yaml.safe_load((ROOT / "_build" / "student" / "_config.yml").read_text())
    book = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["repository"] == book["repository"] and config["sphinx"] == book["sphinx"]
    assert config["title"].endswith("(student edition)")


def test_without_instructor_pages_drops_them_and_empty_parts():
    toc = {"root": "intro", "parts": [{"caption": "A", "numbered": True, "chapters": [{"file": "chapters/01_a"}]},
                                      {"caption": "For instructors", "chapters": [{"file": "instructors"}]}]}
    assert student_book.without_instructor_pages(toc) == {"root": "intro", "parts": [toc["parts"][0]]}


def test_book_only_text_keeps_everything_but_the_sentences_about_solutions():
    cells = [{"cell_type": "markdown", "metadata": {"tags": ["book-only"]},
              "source": "This page is static. Open it in Colab. Each solution below is hidden until you click it."},
             {"cell_type": "markdown", "metadata": {}, "source": "```{solution-start} ex-1-a\n:class: dropdown\n```"},
             {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "x = 1", "outputs": []},
             {"cell_type": "markdown", "metadata": {}, "source": "```{solution-end}\n```"}]
    out = student_book.student_chapter({"cells": cells, "metadata": {}})
    assert [c["source"] for c in out["cells"]] == ["This page is static. Open it in Colab."]


def test_a_chapter_changed_after_the_book_was_built_is_an_error(tmp_path):
    """The outputs must be the ones of this very notebook: an edited chapter is not in the build's cache."""
    chapter = json.loads(CHAPTERS[0].read_text())
    ran = student_book.executed(CHAPTERS[0], ROOT / student_book.CACHE)
    assert sum(len(c.get("outputs", [])) for c in ran["cells"]) >= 5, "the outputs come from the cache"
    chapter["cells"][2]["source"] = source(chapter["cells"][2]) + "\nprint('edited after the build')"
    edited = tmp_path / CHAPTERS[0].name
    edited.write_text(json.dumps(chapter))
    with pytest.raises(ValueError, match="run `make book` before `make book-student`"):
        student_book.executed(edited, ROOT / student_book.CACHE)
