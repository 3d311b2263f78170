"""The instructor page: every chapter of _toc.yml and every exercise, generated from the notebooks.

The oracle is the notebooks read independently here (their ```{exercise} fences and the
objectives list of their first cell), not the generator's own parsing.
"""

import html as html_lib
import json
import re
from pathlib import Path

import pytest
import yaml

from convlib.course import instructor

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "_build" / "html" / "instructors.html"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CHAPTERS = [ROOT / f"{c['file']}.ipynb" for part in TOC["parts"] if part.get("numbered") for c in part["chapters"]]


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def fences(path):
    """(label, title) of each ```{exercise} in the chapter, in order."""
    found = []
    for cell in cells(path):
        for title, body in re.findall(r"^`{3,}\{exercise\} *(.*)\n((?::.*\n)*)", source(cell), re.M):
            found.append((re.search(r":label: (\S+)", body).group(1), title.strip()))
    return found


def test_every_chapter_and_every_exercise_in_the_book_order():
    book = instructor.chapters(ROOT)
    assert [c.path for c in book] == CHAPTERS and [c.number for c in book] == list(range(1, len(CHAPTERS) + 1))
    for chapter in book:
        assert [(e.label, e.title) for e in chapter.exercises] == fences(chapter.path)
        assert [e.number for e in chapter.exercises] == [f"{chapter.number}.{i}" for i in
                                                         range(1, len(chapter.exercises) + 1)]
        for exercise in chapter.exercises:   # the metadata of the answer cell, as written
            meta = next(c["metadata"]["exercise"] for c in cells(chapter.path)
                        if c["metadata"].get("exercise", {}).get("label") == exercise.label)
            assert (exercise.kind, exercise.difficulty, exercise.minutes, exercise.check, exercise.answer) == (
                meta["kind"], meta["difficulty"], meta["minutes"], meta["check"], meta["answer"])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_objectives_are_the_chapters_own_list(path):
    first = source(cells(path)[0])
    listed = first.split("By the end of this chapter you can:")[1]
    items = re.findall(r"^\d+\. ", listed.split("\n\n##")[0], re.M)
    chapter = instructor.read_chapter(path, 1)
    assert len(chapter.objectives) == len(items) >= 3
    for objective in chapter.objectives:
        assert objective in re.sub(r"\s*\n\s+", " ", first)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_prerequisites_are_earlier_chapters_the_text_names(path):
    chapter = instructor.read_chapter(path, 1)
    text = "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    for number in chapter.prerequisites:
        assert number < chapter.final and re.search(rf"[Cc]hapters? [^.]*\b{number}\b", text)
    assert 5 <= chapter.reading_minutes <= 90 and chapter.explorers >= 2


def test_a_missing_or_incomplete_exercise_metadata_is_an_error(tmp_path):
    notebook = json.loads(CHAPTERS[0].read_text())
    for cell in notebook["cells"]:
        if cell["metadata"].get("exercise", {}).get("label") == fences(CHAPTERS[0])[0][0]:
            del cell["metadata"]["exercise"]["minutes"]
    broken = tmp_path / CHAPTERS[0].name
    broken.write_text(json.dumps(notebook))
    with pytest.raises(ValueError, match=r"lacks \['minutes'\]"):
        instructor.read_chapter(broken, 1)


def test_the_built_page_lists_every_exercise_with_its_link_and_every_objective():
    if not PAGE.exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    page = PAGE.read_text()
    flat = html_lib.unescape(page).replace("’", "'")   # the HTML with typographic apostrophes plain
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", page)).replace("’", "'").replace("“", "\"").replace("”", "\"")
    for chapter in instructor.chapters(ROOT):
        assert f"{chapter.number}. {chapter.title}" in text
        assert f'href="{instructor.colab_url(ROOT, chapter.stem)}"' in page
        for exercise in chapter.exercises:
            assert f'href="chapters/{chapter.stem}.html#{exercise.label}"' in page, exercise.label
            assert f"{exercise.number} {exercise.title}" in text
            cells = [rf"{re.escape(exercise.title)}</span></a> \(<code[^>]*><span class=\"pre\">"
                     rf"{re.escape(exercise.answer)}</span></code>\)", exercise.kind, exercise.difficulty,
                     str(exercise.minutes)]   # one row of the table: (answer variable), kind, level, minutes
            assert re.search(r"(?:</p>)?</td>\s*<td[^>]*>(?:<p>)?".join(cells) + "(?:</p>)?</td>", flat), \
                exercise.label
        for objective in chapter.objectives:
            words = re.split(r"[$`]", objective)[0].strip()   # the words before any maths or code
            assert words in text, words
    assert "{instructor-guide}" not in page and "[chapter " not in text
    for chapter in instructor.chapters(ROOT):   # the suggested sequences link each chapter by its number and title
        assert f'href="chapters/{chapter.stem}.html"' in page and f"{chapter.number}. {chapter.title}" in text


def test_the_suggested_sequences_name_every_chapter_1_to_10_by_file():
    """Chapters are named as [chapter NN_name] and linked with the book's number and title at build time."""
    page = (ROOT / "instructors.md").read_text()
    module, lecture = page.split("### A two-week module")[1].split("### A one-lecture overview")
    lecture = lecture.split("## The chapters")[0]
    for plan in (module, lecture):
        stems = re.findall(r"\[chapter (\d\d_\w+)\]", plan)
        assert [int(stem[:2]) for stem in stems] == list(range(1, 11)), stems
        in_toc = {c.stem for c in instructor.chapters(ROOT)}
        for stem in stems:   # every chapter that exists is in the book under that name
            assert (stem in in_toc) == (ROOT / "chapters" / f"{stem}.ipynb").exists(), stem
    assert not re.search(r"(?<!\[)[Cc]hapters? \d", module + lecture)   # no chapter typed by number
    first = instructor.chapters(ROOT)[0]
    assert instructor.chapter_references("see [chapter 01_convolution_1d].", ROOT) == (
        f"see {{doc}}`1. {first.title} <chapters/01_convolution_1d>`.")
