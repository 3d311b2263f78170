"""The chapters as committed: stripped of outputs, built on the course skeleton, solutions consistent."""

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


def cells(path):
    return json.loads(path.read_text())["cells"]


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_there_are_chapters_and_the_toc_lists_each_one():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = {c["file"] for part in toc["parts"] for c in part["chapters"]}
    assert CHAPTERS, "no chapters found"
    assert listed == {f"chapters/{p.stem}" for p in CHAPTERS}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_committed_notebooks_carry_no_outputs(path):
    for cell in cells(path):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, source(cell)[:60]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_first_code_cell_installs_convlib_from_the_configured_repository(path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    setup = next(c for c in cells(path) if c["cell_type"] == "code")
    assert "import convlib" in source(setup) and "except ImportError" in source(setup)
    assert f"git+{config['repository']['url']}" in source(setup), "the install URL must match repository.url"
    assert "remove-output" in setup["metadata"].get("tags", [])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_follows_the_skeleton(path):
    text = [source(c) for c in cells(path)]
    markdown = "\n".join(s for c, s in zip(cells(path), text) if c["cell_type"] == "markdown")
    code = "\n".join(s for c, s in zip(cells(path), text) if c["cell_type"] == "code")
    assert text[0].startswith("# ") and "By the end of this chapter" in text[0]
    assert code.count("explore(") >= 2, "at least two explorers"
    assert markdown.count("```{exercise}") >= 3, "at least three exercises"
    assert "## Summary" in markdown and "assert " in code
    assert "import matplotlib.pyplot" not in code, "figures come from convlib.plotting"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_exercise_has_a_check_a_dropdown_solution_and_a_tagged_solution_cell(path):
    all_cells = cells(path)
    exercises = [i for i, c in enumerate(all_cells) if c["cell_type"] == "markdown" and "```{exercise}" in source(c)]
    for i in exercises:
        label = re.search(r":label: (\S+)", source(all_cells[i])).group(1)
        student, solution_md, solution_code = all_cells[i + 1], all_cells[i + 2], all_cells[i + 3]
        assert "exercise" in student["metadata"]["tags"] and "check_" in source(student)
        assert source(solution_md).startswith(f"````{{solution}} {label}") and ":class: dropdown" in source(solution_md)
        assert set(solution_code["metadata"]["tags"]) >= {"solution", "remove-cell"}
        assert "strict=True" in source(solution_code), "solutions must fail the build when wrong"
        # the code shown in the dropdown is exactly the code that runs in CI
        assert source(solution_code).strip() in source(solution_md)
