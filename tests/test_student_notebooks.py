"""The student notebooks (notebooks/): current, free of MyST and of solutions, and they run top to bottom."""

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from convlib.course import notebooks

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9]*.ipynb"))
SETTINGS = notebooks.book_settings(ROOT)


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def student(path):
    return json.loads((ROOT / "notebooks" / path.name).read_text())


def solution_cells(path):
    """The code cells inside each gated solution of the chapter source."""
    inside, found = False, []
    for cell in json.loads(path.read_text())["cells"]:
        text = source(cell)
        if "{solution-start}" in text:
            inside = True
        elif "{solution-end}" in text:
            inside = False
        elif inside and cell["cell_type"] == "code":
            found.append(text)
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_committed_student_notebook_is_current(path):
    committed = (ROOT / "notebooks" / path.name)
    assert committed.exists(), "run `make notebooks` and commit notebooks/"
    assert committed.read_text() == notebooks.dumps(notebooks.student_notebook(path, SETTINGS)), \
        "notebooks/ is stale: run `make notebooks` and commit the result"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_solution_code_reaches_the_student(path):
    solutions = solution_cells(path)
    assert len(solutions) >= 3
    text = "\n".join(source(c) for c in student(path)["cells"])
    student_lines = {line.strip() for cell in student(path)["cells"] for line in source(cell).splitlines()}
    for solution in solutions:
        assert solution.strip() not in text
        # every line of a solution that the student does not also see in the exercise cell itself
        for line in solution.splitlines():
            line = line.strip()
            if len(line) > 12 and "strict=True" not in line and not line.startswith(("#", "def ")):
                assert line not in student_lines, f"solution line reached the student: {line!r}"
    assert "strict=True" not in text and "solution" not in " ".join(
        t for c in student(path)["cells"] for t in c["metadata"].get("tags", []))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_markdown_renders_as_commonmark_without_myst(path):
    md = MarkdownIt("commonmark")
    exercises = 0
    for cell in student(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = source(cell)
        for token in md.parse(text):
            assert not (token.type == "fence" and token.info.startswith("{")), f"raw directive: {token.info}"
        html = md.render(text)
        assert not re.search(r"^:(label|class|name):", text, re.M), text[:80]
        assert not re.search(r"\{(ref|numref|doc|math|eq|solution|exercise)[^}]*\}", html), html[:200]
        assert ":::" not in text
        if re.match(r"### Exercise \d+\.\d+ — ", text):
            exercises += 1
            link = re.search(r"\]\((\S+)\)", text).group(1)
            assert link.startswith(f"{SETTINGS['book']}/chapters/{path.stem}.html#ex-")
            # the solution line closes the exercise: nothing of the exercise leaked past it, no stray fence
            assert text.rstrip().endswith("hidden until you click it.*"), f"exercise text out of order: {text!r}"
            assert all(t.content.strip() for t in md.parse(text) if t.type in ("fence", "code_block")), \
                f"empty code block in {text[:40]!r}"
    assert exercises >= 3


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_setup_cell_installs_the_course_extra_from_the_configured_ref(path):
    setup = next(c for c in student(path)["cells"] if c["cell_type"] == "code")
    assert f'"convlib[course] @ git+{SETTINGS["repository"]}@{SETTINGS["ref"]}"' in source(setup)


def test_converter_rules_on_a_small_example():
    converter = notebooks.Converter(3, "https://book/chapters/03_x.html", "https://github.com/o/r", "v1")
    text = ("(sec-a)=\nSee {ref}`the table <sec-a>` and {math}`k^2`.\n\n```{note}\nMind the flip.\n```\n\n"
            "````{exercise} Predict\n:label: ex-3-a\n\nHow big is it?\n````")
    out = converter.markdown(text)
    assert out.startswith("See the table and $k^2$.")
    assert "> **Note.**\n>\n> Mind the flip." in out
    assert "### Exercise 3.1 — Predict\n\nHow big is it?" in out
    assert "(https://book/chapters/03_x.html#ex-3-a)" in out
    array = converter.markdown("````{exercise} By hand\n:label: ex-3-b\n\nPool this:\n\n```\n1  2\n3  4\n```\n````")
    assert array.startswith("### Exercise 3.2 — By hand\n\nPool this:\n\n```\n1  2\n3  4\n```\n\n*The solution")
    assert [t.content for t in MarkdownIt("commonmark").parse(array) if t.type == "fence"] == ["1  2\n3  4\n"]
    with pytest.raises(ValueError, match=r"no rule for the directive \{figure\}"):
        converter.markdown("```{figure} a.png\n```")
    with pytest.raises(ValueError, match="never closed"):
        converter.markdown("```{note}\nopen")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_student_notebook_runs_top_to_bottom_and_unanswered_checks_say_not_yet(path, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.reads((ROOT / "notebooks" / path.name).read_text(), as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    answers = [c for c in nb.cells if "exercise" in c.metadata.get("tags", [])]
    assert len(answers) >= 3
    for cell in answers:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert printed.startswith("Not yet:"), printed


def test_converter_drops_gated_solutions_and_book_only_cells():
    def cell(kind, text, tags=()):
        return {"cell_type": kind, "metadata": {"tags": list(tags)}, "source": text,
                **({"outputs": [{"x": 1}], "execution_count": 3} if kind == "code" else {})}

    source = {"cells": [cell("markdown", "```{exercise} T\n:label: ex-1-a\n\nDo it.\n```"),
                        cell("code", "x = ...\nchecks.a(x)", ["exercise"]),
                        cell("markdown", "```{solution-start} ex-1-a\n:class: dropdown\n```"),
                        cell("markdown", "Because."), cell("code", "x = 42\nchecks.a(x, strict=True)", ["solution"]),
                        cell("markdown", "```{solution-end}\n```"),
                        cell("markdown", "This page is static.", ["book-only"]), cell("markdown", "## Summary")]}
    out = notebooks.Converter(1, "https://b/c.html", "https://g/o/r", "main").notebook(source)
    texts = [c["source"] for c in out["cells"]]
    assert len(texts) == 3 and texts[0].startswith("### Exercise 1.1 — T") and texts[2] == "## Summary"
    assert out["cells"][1]["outputs"] == [] and out["cells"][1]["execution_count"] is None
    assert source["cells"][1]["outputs"] == [{"x": 1}], "the source is not changed"
    with pytest.raises(ValueError, match="no {solution-end}"):
        notebooks.Converter(1, "u", "r", "m").notebook({"cells": source["cells"][:4]})
