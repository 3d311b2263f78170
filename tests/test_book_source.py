"""The chapters as committed: stripped of outputs, built on the course skeleton, solutions consistent."""

import json
import re
from pathlib import Path

import pytest
import yaml

from convlib.course.notebooks import setup_source

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_chapters_and_the_toc_lists_each_one():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]}
    assert CHAPTERS, "no chapters found"
    assert listed == {f"chapters/{p.stem}" for p in CHAPTERS}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_committed_notebooks_carry_no_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, source(cell)[:60]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_setup_cell_for_the_configured_repository_and_ref(path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    setup = next(c for c in cells(path) if c["cell_type"] == "code")
    expected = setup_source(config["repository"]["url"], config["repository"]["branch"])
    assert source(setup) == expected, "run `make notebooks` after changing the set-up cell or the repository"
    assert {"hide-input", "remove-output"} <= set(setup["metadata"].get("tags", []))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_follows_the_skeleton(path):
    text = [source(c) for c in cells(path)]
    markdown = "\n".join(s for c, s in zip(cells(path), text) if c["cell_type"] == "markdown")
    code = "\n".join(s for c, s in zip(cells(path), text) if c["cell_type"] == "code")
    assert text[0].startswith("# ") and "By the end of this chapter" in text[0]
    assert code.count("explore(") >= 2, "at least two explorers"
    assert markdown.count("```{exercise}") >= 3, "at least three exercises"
    assert "## Summary" in markdown and "assert " in code
    assert "import matplotlib.pyplot" not in code, "figures come from convlib.course.plotting"
    assert f"from convlib.course.checks import ch{path.name[:2]} as checks" in code, "this chapter's own checks"


EXERCISE_KEYS = {"label", "check", "answer", "kind", "difficulty", "minutes"}


def exercise_blocks(path):
    """For each {exercise}: (label, student cell, [cells from solution-start to solution-end])."""
    all_cells, blocks = cells(path), []
    for i, cell in enumerate(all_cells):
        if cell["cell_type"] == "markdown" and source(cell).startswith("```{exercise}"):
            label = re.search(r"^:label: (\S+)$", source(cell), re.M).group(1)
            rest = all_cells[i + 1:]
            student = next((c for c in rest if "exercise" in c["metadata"].get("tags", [])), None)
            start = next((j for j, c in enumerate(rest) if re.match(r"```\{solution-start\} " + re.escape(label) + r"\n",
                                                                     source(c))), None)
            end = next((j for j, c in enumerate(rest) if source(c).startswith("```{solution-end}")), None)
            blocks.append((label, student, rest, start, end))
    return blocks


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_exercise_has_a_student_cell_then_one_gated_solution(path):
    """exercise -> student cell (tagged, with metadata, calling its check) -> solution-start, code, solution-end."""
    import importlib

    from convlib.course import checks  # noqa: F401  (the package must import)

    module = importlib.import_module(f"convlib.course.checks.ch{path.name[:2]}")
    blocks = exercise_blocks(path)
    assert len(blocks) >= 3
    for label, student, rest, start, end in blocks:
        assert student is not None, f"{label}: no cell tagged 'exercise' after it"
        meta = student["metadata"].get("exercise", {})
        assert set(meta) == EXERCISE_KEYS and meta["label"] == label, f"{label}: exercise metadata {meta}"
        assert meta["kind"] in {"predict", "build", "implement", "explain"} and meta["difficulty"] in {
            "easy", "medium", "hard"} and 1 <= meta["minutes"] <= 60
        assert callable(getattr(module, meta["check"], None)), f"{label}: no check {meta['check']} in {module.__name__}"
        assert f"checks.{meta['check']}({meta['answer']}" in source(student)
        assert "remove-output" in student["metadata"]["tags"], "the static book shows no 'Not yet' for the reader"
        assert start is not None and end is not None and start < end, f"{label}: no gated solution after it"
        assert rest.index(student) < start, f"{label}: the student cell comes before the solution"
        gated = rest[start + 1:end]
        assert ":class: dropdown" in source(rest[start]), f"{label}: the solution is a dropdown"
        solution_code = [c for c in gated if c["cell_type"] == "code"]
        assert len(solution_code) == 1 and "solution" in solution_code[0]["metadata"].get("tags", [])
        assert f"checks.{meta['check']}(" in source(solution_code[0]) and "strict=True" in source(solution_code[0]), \
            "a wrong solution must fail the build"
        assert all("```{" not in source(c) for c in gated), f"{label}: nothing but text and code inside the gate"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_fence_closes_an_exercise_early(path):
    """An exercise fills its cell: a ``` code block inside a ```{exercise} closes the directive early
    (MyST and CommonMark agree), leaving the rest of the exercise as loose text. Use ````{exercise}."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    for cell in cells(path):
        text = source(cell)
        if cell["cell_type"] != "markdown" or "{exercise}" not in text:
            continue
        for token in md.parse(text):
            if token.type == "fence" and token.info.startswith("{exercise}"):
                rest = "\n".join(text.split("\n")[token.map[1]:]).strip()
                assert not rest, (f"{path.name}: {token.info!r} is closed early by an inner fence; "
                                  f"open it with more backticks than any fence inside. Left over: {rest[:80]!r}")


def test_no_solution_is_written_twice():
    """A solution lives once, as a code cell: no Markdown dropdown repeats code."""
    for path in CHAPTERS:
        for cell in cells(path):
            assert "````{solution}" not in source(cell) and "```{solution}" not in source(cell), path.name


def test_docstrings_cite_only_chapters_that_exist():
    """"Used in: chapter N" leads a reader from the code to the book, so N must be a chapter of it."""
    written = {int(p.name[:2]) for p in CHAPTERS}
    for module in sorted((ROOT / "convlib").rglob("*.py")):
        for paragraph in re.findall(r"Used in:(.*?)(?:\n\s*\n|\"\"\")", module.read_text(), re.S):
            for cited in re.findall(r"chapters? (\d+)(?: and (\d+))?", paragraph):
                for number in filter(None, cited):
                    assert int(number) in written, f"{module.relative_to(ROOT)} cites chapter {number}, not written yet"
