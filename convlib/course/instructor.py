"""What an instructor needs to know about each chapter, read from ``_toc.yml`` and the chapter notebooks.

Nothing here is typed by hand: a chapter added to ``_toc.yml`` appears on the
instructor page and in the grader at once.

* **Objectives:** the numbered list after "By the end of this chapter you can:"
  in the chapter's first cell.
* **Prerequisites:** the earlier chapters its text refers to ("chapter 2",
  "chapters 3 and 6"), by their final numbers (the ``NN_`` of the file name).
* **Reading time:** the words a student reads at 200 words a minute, the code
  they read at 10 lines a minute, and one minute per explorer.
* **Exercises:** each ``{exercise}`` directive (its title and label) and the
  metadata of its answer cell (tagged ``exercise``): ``kind``, ``difficulty``,
  ``minutes``, the ``check`` function of ``convlib.course.checks.chNN`` and the
  ``answer`` variable it is called on.

:func:`guide_markdown` writes the generated part of the instructor page (the
book's extension puts it into ``instructors.md`` at build time); the grader
(:mod:`convlib.course.grader`) grades against :func:`chapters`.

Used in: the instructor page and the grader.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .notebooks import SETUP_MARK, _source, student_cells

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 10
MINUTES_PER_EXPLORER = 1
KINDS = ("predict", "build", "implement", "explain")
DIFFICULTIES = ("easy", "medium", "hard")
OBJECTIVES_MARK = "By the end of this chapter you can:"
_EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise\}[ \t]*(?P<title>.*)$", re.M)
_CHAPTER_MENTION = re.compile(r"\b[Cc]hapters?\s+(\d+(?:\s*(?:,|and|or|to|–|-)\s*\d+)*)")


@dataclass
class Exercise:
    """One exercise: where it is, what it asks for, and how it is checked."""

    label: str
    title: str
    number: str          # "4.2", as the book numbers it
    kind: str
    difficulty: str
    minutes: int
    check: str           # a function of convlib.course.checks.chNN
    answer: str          # the variable (or function) the check is called on


@dataclass
class Chapter:
    """One chapter of the book, as ``_toc.yml`` and its notebook describe it."""

    path: Path
    number: int          # its place among the numbered chapters of _toc.yml (what the book shows)
    final: int           # the NN of NN_name.ipynb (what prose such as "chapter 2" refers to)
    title: str
    objectives: list[str]
    prerequisites: list[int] = field(default_factory=list)   # final numbers of earlier chapters it builds on
    reading_minutes: int = 0
    explorers: int = 0
    exercises: list[Exercise] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def checks_module(self) -> str:
        return f"convlib.course.checks.ch{self.final:02d}"

    @property
    def exercise_minutes(self) -> int:
        return sum(e.minutes for e in self.exercises)


def toc_chapters(root: Path) -> list[Path]:
    """The chapter notebooks of the numbered parts of ``_toc.yml``, in the book's order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text())
    return [root / (c["file"] + ".ipynb") for part in toc.get("parts", []) if part.get("numbered")
            for c in part.get("chapters", [])]


def objectives(first_cell: str) -> list[str]:
    """The numbered list that follows "By the end of this chapter you can:", one string per item.

    >>> text = "Intro.\\n\\n**By the end of this chapter you can:**\\n\\n1. add;\\n2. multiply\\n   by hand.\\n\\nMore."
    >>> objectives(text)
    ['add;', 'multiply by hand.']
    """
    _, mark, rest = first_cell.partition(OBJECTIVES_MARK)
    if not mark:
        raise ValueError(f"no objectives: the chapter's first cell has no {OBJECTIVES_MARK!r} list")
    items: list[str] = []
    for line in rest.split("\n")[1:]:
        item = re.match(r"^\s*\d+\.\s+(.*)$", line)
        if item:
            items.append(item.group(1).strip())
        elif items and line.startswith((" ", "\t")) and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            break
    if not items:
        raise ValueError(f"no objectives: {OBJECTIVES_MARK!r} is not followed by a numbered list")
    return items


def mentioned_chapters(text: str) -> set[int]:
    """Chapter numbers named in prose: "chapter 2", "Chapters 3 and 6", "chapters 4–6".

    >>> sorted(mentioned_chapters("as in chapter 2, and chapters 4–6 or Chapter 9; a 3×3 kernel"))
    [2, 4, 5, 6, 9]
    """
    found: set[int] = set()
    for group in _CHAPTER_MENTION.findall(text):
        numbers = [int(n) for n in re.findall(r"\d+", group)]
        found.update(numbers)
        for low, high in zip(numbers, numbers[1:]):
            if re.search(rf"{low}\s*(?:to|–|-)\s*{high}", group):
                found.update(range(low, high + 1))
    return found


def _words(text: str) -> int:
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$", " formula ", text, flags=re.S)   # a formula reads as a few words
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))


def _exercise_cells(cells: list, chapter: int, path: Path) -> list[Exercise]:
    exercises, metadata = [], {}
    for cell in cells:
        meta = cell.get("metadata", {}).get("exercise")
        if cell["cell_type"] == "code" and meta:
            metadata[meta.get("label")] = meta
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = _source(cell)
        for match in _EXERCISE.finditer(text):
            label = re.search(r"^:label:\s*(\S+)", text[match.end():], re.M)
            if not label:
                raise ValueError(f"{path.name}: the exercise {match['title']!r} has no :label:")
            meta = metadata.get(label.group(1))
            if meta is None:
                raise ValueError(f"{path.name}: exercise {label.group(1)} has no answer cell with 'exercise' metadata "
                                 "(label, check, answer, kind, difficulty, minutes); see shared/CHAPTER.md")
            missing = {"check", "answer", "kind", "difficulty", "minutes"} - set(meta)
            if missing:
                raise ValueError(f"{path.name}: exercise {label.group(1)} lacks {sorted(missing)} in its metadata")
            exercises.append(Exercise(label.group(1), match["title"].strip(), f"{chapter}.{len(exercises) + 1}",
                                      meta["kind"], meta["difficulty"], int(meta["minutes"]), meta["check"],
                                      meta["answer"]))
    return exercises


def read_chapter(path: Path, number: int) -> Chapter:
    """Everything the instructor page and the grader need from one chapter notebook."""
    cells = json.loads(path.read_text())["cells"]
    first = _source(cells[0])
    title = re.match(r"#\s+(.*)", first)
    if not title:
        raise ValueError(f"{path.name}: the first cell should start with the chapter's '# Title'")
    final = int(path.name[:2])
    seen = student_cells(cells, keep_book_only=True)
    prose = "\n".join(_source(c) for c in seen if c["cell_type"] == "markdown")
    code = [_source(c) for c in seen if c["cell_type"] == "code" and not _source(c).startswith(SETUP_MARK)
            and "exercise" not in c.get("metadata", {}).get("tags", [])]
    explorers = sum(len(re.findall(r"\bexplore\(", c)) for c in code)
    code_lines = sum(1 for c in code for line in c.splitlines() if line.strip() and not line.strip().startswith("#"))
    reading = math.ceil(_words(prose) / WORDS_PER_MINUTE + code_lines / CODE_LINES_PER_MINUTE
                        + explorers * MINUTES_PER_EXPLORER)
    earlier = sorted(n for n in mentioned_chapters(prose) if n < final)
    return Chapter(path, number, final, title.group(1).strip(), objectives(first), earlier, reading, explorers,
                   _exercise_cells(cells, number, path))


def chapters(root: Path) -> list[Chapter]:
    """Every chapter of the book, in the order of ``_toc.yml``."""
    return [read_chapter(path, i + 1) for i, path in enumerate(toc_chapters(root))]


def colab_url(root: Path, stem: str) -> str:
    """The Colab address of a chapter's student notebook, from ``_config.yml``'s repository and branch."""
    from .notebooks import book_settings

    settings = book_settings(root)
    repository = re.sub(r"^https://github\.com/", "", settings["repository"])
    return f"https://colab.research.google.com/github/{repository}/blob/{settings['ref']}/notebooks/{stem}.ipynb"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def guide_markdown(root: Path, heading: str = "##") -> str:
    """The generated part of the instructor page: a table of chapters, then each chapter in detail (MyST)."""
    book = chapters(root)
    by_final = {c.final: c for c in book}
    lines = ["| chapter | reading | exercises | exercise minutes |", "|---|---|---|---|"]
    for c in book:
        lines.append(f"| {c.number}. {{doc}}`{_cell(c.title)} <{c.path.relative_to(root).with_suffix('')}>` "
                     f"| {c.reading_minutes} min | {len(c.exercises)} | {c.exercise_minutes} min |")
    total_reading, total_exercises = sum(c.reading_minutes for c in book), sum(c.exercise_minutes for c in book)
    lines.append(f"| **all {len(book)} chapters** | **{total_reading} min** | "
                 f"**{sum(len(c.exercises) for c in book)}** | **{total_exercises} min** |")
    for c in book:
        doc = c.path.relative_to(root).with_suffix("")
        lines += ["", f"{heading} {c.number}. {c.title}", "",
                  f"{{doc}}`Read it <{doc}>` · [open the student notebook in Colab]({colab_url(root, c.stem)}) · "
                  f"about **{c.reading_minutes} min** to read ({c.explorers} explorers), "
                  f"**{c.exercise_minutes} min** of exercises.", ""]
        if c.prerequisites:
            names = [f"{{doc}}`{by_final[n].number}. {_cell(by_final[n].title)} "
                     f"<{by_final[n].path.relative_to(root).with_suffix('')}>`"
                     if n in by_final else f"chapter {n}" for n in c.prerequisites]
            lines.append("**Builds on:** " + ", ".join(names) + ".")
        else:
            lines.append("**Builds on:** the course's prerequisites only (Python and numpy).")
        lines += ["", "**Objectives.** A student can:", ""]
        lines += [f"{i}. {objective}" for i, objective in enumerate(c.objectives, 1)]
        lines += ["", "| exercise (answer variable) | kind | level | min |", "|---|---|---|---|"]
        for e in c.exercises:   # four narrow columns: the table fits a phone
            lines.append(f"| {{ref}}`{e.number} {_cell(e.title)} <{e.label}>` (`{e.answer}`) | {e.kind} "
                         f"| {e.difficulty} | {e.minutes} |")
    return "\n".join(lines) + "\n"


CHAPTER_REFERENCE = re.compile(r"\[chapter (\d\d_\w+)\]")


def chapter_references(text: str, root: Path) -> str:
    """Each ``[chapter 08_dilation]`` in ``text`` as a link showing the chapter's book number and title.

    So a page that names chapters (the suggested sequences) never drifts from ``_toc.yml`` and the notebooks.
    A chapter not (yet) in ``_toc.yml`` becomes plain "chapter N" (N its file prefix).

    >>> chapter_references("read [chapter 99_none] first", Path("."))
    'read chapter 99 first'
    """
    book = {c.stem: c for c in chapters(root)} if (Path(root) / "_toc.yml").is_file() else {}

    def link(match: re.Match) -> str:
        chapter = book.get(match.group(1))
        if chapter is None:
            return f"chapter {int(match.group(1)[:2])}"
        return f"{{doc}}`{chapter.number}. {chapter.title} <{chapter.path.relative_to(root).with_suffix('')}>`"

    return CHAPTER_REFERENCE.sub(link, text)


if __name__ == "__main__":
    print(guide_markdown(Path.cwd()))
