"""The student notebooks: each chapter's source, made clean for Colab and Jupyter, without solutions.

Colab and Jupyter render Markdown as plain CommonMark, so the MyST of the
book (```` ```{exercise} ```` fences, ``:label:`` lines, roles) would show
raw, solutions included. :func:`student_notebook` turns a chapter's source
into the notebook a student opens:

* every cell from ``{solution-start}`` to ``{solution-end}``, and any cell
  tagged ``solution``, is dropped; so is any cell tagged ``book-only``
  (text about the static page, such as "this page shows no output");
* each ``{exercise}`` becomes a heading ("Exercise 3.2 — Title"), its text,
  and a link to its solution in the HTML book;
* admonitions become quotes, roles become plain text; any other directive is
  an error, so an author learns at once that the converter needs a rule;
* the set-up cell installs ``convlib[course]`` from the repository and ref
  named in ``_config.yml``, so the notebook and the library always match.

The student's answer cells and their check calls stay, so hints work as in
the book. ``make notebooks`` writes ``notebooks/NN_name.ipynb``; they are
committed, the Colab button opens them, and they are the student release.

Used in: ``make notebooks`` and the tests.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

SETUP_MARK = "# Set-up:"
ADMONITIONS = {"note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important", "warning": "Warning",
               "caution": "Caution", "attention": "Attention", "seealso": "See also", "admonition": ""}
# an opening fence: ``` or ```` or ::: with a {directive} and its argument
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>.*)$")


def setup_source(repository: str, ref: str) -> str:
    """The first code cell of every chapter: install the course library in Colab, no-op elsewhere.

    >>> print(setup_source("https://github.com/o/r", "main").splitlines()[4])
        %pip install --quiet "convlib[course] @ git+https://github.com/o/r@main"
    """
    return (f"{SETUP_MARK} in Colab this installs the course library; where it is installed it does nothing.\n"
            "try:\n"
            "    import convlib.course\n"
            "except ImportError:\n"
            f'    %pip install --quiet "convlib[course] @ git+{repository}@{ref}"\n'
            "    import convlib.course")


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _split_directive(text: str):
    """Yield ('text', str) and ('directive', name, argument, options, body) parts of a Markdown cell."""
    lines = text.split("\n")
    i, plain = 0, []
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            plain.append(lines[i])
            i += 1
            continue
        if plain:
            yield ("text", "\n".join(plain))
            plain = []
        fence, close = match["fence"], match["fence"][0] * len(match["fence"])
        j = i + 1
        while j < len(lines) and lines[j].strip() != close:
            j += 1
        if j == len(lines):
            raise ValueError(f"directive {{{match['name']}}} opened with {fence} is never closed")
        body = lines[i + 1:j]
        options = {}
        while body and body[0].startswith(":"):
            key, _, value = body.pop(0)[1:].partition(":")
            options[key.strip()] = value.strip()
        yield ("directive", match["name"], match["arg"].strip(), options, "\n".join(body).strip("\n"))
        i = j + 1
    if plain:
        yield ("text", "\n".join(plain))


def _plain_roles(text: str) -> str:
    """MyST roles and targets to CommonMark: {math}`x` -> $x$, {ref}`t <l>` -> t, `(label)=` lines dropped."""
    text = re.sub(r"\{math\}`([^`]*)`", r"$\1$", text)
    text = re.sub(r"\{(?:ref|numref|doc|eq|term|abbr)\}`([^`<]*?)\s*<[^>]*>`", r"\1", text)
    text = re.sub(r"\{(?:ref|numref|doc|eq|term|abbr)\}`([^`]*)`", r"\1", text)
    text = re.sub(r"^\([\w-]+\)=\s*$\n?", "", text, flags=re.M)
    return text


class Converter:
    """Turns one chapter's source notebook into its student notebook.

    Parameters
    ----------
    chapter : int
        The chapter's number, for "Exercise 3.2".
    book_page : str
        The URL of the chapter's page in the HTML book; solutions are linked there.
    repository, ref : str
        Where the set-up cell installs the course library from.
    """

    def __init__(self, chapter: int, book_page: str, repository: str, ref: str):
        self.chapter, self.book_page = chapter, book_page
        self.repository, self.ref = repository, ref
        self.exercises = 0

    def markdown(self, text: str) -> str:
        parts = []
        for part in _split_directive(text):
            if part[0] == "text":
                parts.append(_plain_roles(part[1]))
                continue
            _, name, argument, options, body = part
            body = self.markdown(body) if body else ""
            if name == "exercise":
                self.exercises += 1
                label = options.get("label", "")
                link = f"{self.book_page}#{label}" if label else self.book_page
                title = f" — {argument}" if argument else ""
                parts.append(f"### Exercise {self.chapter}.{self.exercises}{title}\n\n{body}\n\n"
                             f"*The solution is in the [book]({link}), hidden until you click it.*")
            elif name in ADMONITIONS:
                title = argument or ADMONITIONS[name]
                quoted = "\n".join("> " + line if line else ">" for line in body.split("\n"))
                parts.append(f"> **{title}.**\n>\n{quoted}" if title else quoted)
            elif name in ("math",):
                parts.append(f"$$\n{body}\n$$")
            else:
                raise ValueError(f"the student notebook has no rule for the directive {{{name}}}; "
                                 "add one to convlib/course/notebooks.py or use plain Markdown")
        return "\n".join(parts).strip("\n")

    def notebook(self, source: dict) -> dict:
        """The student notebook of ``source`` (a notebook dict); ``source`` itself is not changed."""
        out = copy.deepcopy(source)
        cells = []
        for cell in student_cells(out["cells"]):
            text = _source(cell)
            if cell["cell_type"] == "markdown":
                cell["source"] = self.markdown(text)
            elif text.startswith(SETUP_MARK):
                cell["source"] = setup_source(self.repository, self.ref)
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
            cells.append(cell)
        out["cells"] = cells
        return out


def student_cells(cells: list, keep_book_only: bool = False) -> list:
    """The cells a student sees: ``cells`` without solutions (and without ``book-only`` cells unless kept).

    Dropped: every cell from ``{solution-start}`` to ``{solution-end}``, any cell
    tagged ``solution`` or holding a ``{solution}`` directive, and cells tagged
    ``book-only``. The cells are returned as they are (not copied), MyST intact;
    the student notebooks and the solution-free edition of the book both start here.
    """
    kept, inside_solution = [], False
    for cell in cells:
        text = _source(cell)
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown" and re.search(r"\{solution-start\}", text):
            inside_solution = True
            continue
        if cell["cell_type"] == "markdown" and re.search(r"\{solution-end\}", text):
            inside_solution = False
            continue
        if inside_solution or "solution" in tags or re.search(r"\{solution\}", text):
            continue
        if "book-only" in tags and not keep_book_only:
            continue
        kept.append(cell)
    if inside_solution:
        raise ValueError("a {solution-start} has no {solution-end}")
    return kept


def book_settings(root: Path) -> dict:
    """repository, ref and the HTML book's address, from ``_config.yml`` (the one place a fork changes)."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text())
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    numbered = [Path(c["file"]).name for part in toc.get("parts", []) if part.get("numbered")
                for c in part["chapters"]]
    return {"repository": config["repository"]["url"].rstrip("/"),
            "ref": config["repository"].get("branch", "main"),
            "numbers": {name: i + 1 for i, name in enumerate(numbered)},
            "book": config["html"]["baseurl"].rstrip("/")}


def chapter_number(path: Path, settings: dict) -> int:
    """The chapter's number as the book shows it: its place among the numbered chapters of ``_toc.yml``."""
    if path.stem not in settings["numbers"]:
        raise ValueError(f"chapter {path.name!r} is not in a numbered part of _toc.yml; add it there")
    return settings["numbers"][path.stem]


def student_notebook(path: Path, settings: dict) -> dict:
    """The student notebook for the chapter source at ``path``."""
    converter = Converter(chapter_number(path, settings), f"{settings['book']}/chapters/{path.stem}.html",
                          settings["repository"], settings["ref"])
    return converter.notebook(json.loads(path.read_text()))


def dumps(notebook: dict) -> str:
    """The committed text of a notebook: stable, so a stale copy shows up as a diff."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def build_all(root: Path, out_dir: str = "notebooks") -> list[Path]:
    """Write ``notebooks/NN_name.ipynb`` for every chapter; return the paths written."""
    settings = book_settings(root)
    target = root / out_dir
    target.mkdir(exist_ok=True)
    written = []
    for path in sorted((root / "chapters").glob("[0-9]*.ipynb")):
        destination = target / path.name
        destination.write_text(dumps(student_notebook(path, settings)))
        written.append(destination)
    return written


if __name__ == "__main__":
    for written in build_all(Path.cwd()):
        print(f"wrote {written}")
