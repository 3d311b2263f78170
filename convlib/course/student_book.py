"""The solution-free edition of the book: the student notebooks' content, with the outputs ``make book`` computed.

``make book-student`` runs this module, then Jupyter Book on the folder it
writes, ``_build/student/``:

* each chapter is its source with the outputs the main build computed, taken
  from the build's execution cache (``_build/.jupyter_cache``, keyed by the
  notebook's content, as Jupyter Book itself reads it), with the cells a
  student never sees dropped by the same rule as the student notebooks
  (:func:`convlib.course.notebooks.student_cells`): solutions, their dropdown
  gates and any ``solution`` cell. Text written for the static page
  (``book-only``) stays, less any sentence about solutions. MyST stays, so
  exercises, cross-references and maths render as in the book;
* ``_toc.yml`` is the book's without the instructor page; ``_config.yml`` is
  the book's with execution off (nothing is run twice) and the title marked;
* the pages, the extension and the static files are linked, not copied.

A chapter the cache does not hold, as it is now, was changed after
``make book``: that is an error, not a silent old page.

Used in: ``make book-student`` and its tests.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .notebooks import _source, student_cells

OUT = Path("_build") / "student"
CACHE = Path("_build") / ".jupyter_cache"
INSTRUCTOR_PAGES = {"instructors"}
LINKED = ["_ext", "_assets", "_vendor"]


def without_instructor_pages(toc: dict) -> dict:
    """``toc`` with every entry for an instructor page removed (and any part left empty)."""
    parts = []
    for part in toc.get("parts", []):
        chapters = [c for c in part.get("chapters", []) if c.get("file") not in INSTRUCTOR_PAGES]
        if chapters:
            parts.append({**part, "chapters": chapters})
    return {**toc, "parts": parts}


def _drop_solution_sentences(text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(s for s in sentences if "solution" not in s.lower())


def executed(path: Path, cache_dir: Path) -> dict:
    """The chapter at ``path`` with the outputs of its last execution in the book build's cache."""
    import nbformat
    from jupyter_cache import get_cache

    notebook = nbformat.reads(path.read_text(), as_version=4)
    try:
        _, merged = get_cache(str(cache_dir)).merge_match_into_notebook(notebook)
    except KeyError:
        raise ValueError(f"{path.name} as it is now was never executed by the book build ({cache_dir} has no "
                         "match): run `make book` before `make book-student`") from None
    return json.loads(nbformat.writes(merged))


def student_chapter(executed: dict) -> dict:
    """The executed chapter without what a student never sees (solutions; sentences about them)."""
    notebook = dict(executed)
    cells = []
    for cell in student_cells(executed["cells"], keep_book_only=True):
        if "book-only" in cell.get("metadata", {}).get("tags", []) and cell["cell_type"] == "markdown":
            text = _drop_solution_sentences(_source(cell))
            if not text:
                continue
            cell = {**cell, "source": text}
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def stage(root: Path, out: Path | None = None) -> Path:
    """Write the student edition's sources into ``out`` (default ``_build/student``); return it."""
    import yaml

    out = out or root / OUT
    if out.exists():
        for item in out.iterdir():   # keep out/_build (Sphinx's own cache), rewrite the sources
            if item.name != "_build":
                item.unlink() if item.is_file() or item.is_symlink() else shutil.rmtree(item)
    out.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((root / "_config.yml").read_text())
    config["title"] = f"{config['title']} (student edition)"
    config["execute"] = {**config.get("execute", {}), "execute_notebooks": "off"}
    (out / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    toc = without_instructor_pages(yaml.safe_load((root / "_toc.yml").read_text()))
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
    for name in LINKED:
        (out / name).symlink_to(Path("..", "..", name) if out == root / OUT else (root / name).resolve())
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for page in pages:
        source = next((root / f"{page}{suffix}" for suffix in (".ipynb", ".md") if (root / f"{page}{suffix}").exists()),
                      None)
        if source is None:
            raise ValueError(f"_toc.yml lists {page!r}, but neither {page}.ipynb nor {page}.md exists")
        target = out / source.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            shutil.copyfile(source, target)
            continue
        notebook = student_chapter(executed(source, root / CACHE))
        target.write_text(json.dumps(notebook, ensure_ascii=False))
    return out


if __name__ == "__main__":
    print(f"staged the student edition in {stage(Path.cwd())}")
