"""Grade a folder of submitted chapter notebooks: one row per file in ``grades.csv``, and a summary table.

    python -m convlib.course.grader SUBMISSIONS [--out grades.csv] [--chapter N] [--timeout 120]

For each file under ``SUBMISSIONS`` (sub-folders too; hidden files skipped):

1. It is read as a notebook; a file that is not one gets a row saying so.
2. Its chapter is recognised from its content (the labels in its exercise
   cells' metadata, else its ``checks`` import, else its title), so a
   notebook renamed by Colab ("Copy of 04_layers.ipynb") is still graded.
   With ``--chapter`` a notebook of another chapter gets a row saying which.
3. A temporary copy runs from top to bottom in its own Python kernel (a
   separate process), with no network: the submission is never modified.
   Cells that raise are recorded and the run goes on; a cell still running
   when the notebook's time is up (``--timeout``, 120 s) is interrupted and
   the cells after it are skipped.
4. The grader then calls every exercise's check itself, in that kernel, on the
   student's variable named in the exercise metadata (``answer``), each check
   within :data:`CHECK_SECONDS`. The notebook's printed output is never read,
   so an edited check call changes nothing, and the check module is reloaded
   first, so a replaced check function does not count either.

Every failure of one notebook stays in its row; the run goes on.
The exercises come from the book (:func:`convlib.course.instructor.chapters`),
so a new chapter is graded as soon as it is in ``_toc.yml``.

Used in: ``make grade`` and the instructor page.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .checks.core import NOT_YET, OK, Verdict
from .instructor import Chapter, chapters

TIMEOUT = 120          # seconds for a notebook's own cells
CHECK_SECONDS = 15     # seconds for each check the grader calls afterwards
KERNEL_START = 60      # seconds on top for the kernel to start, before the watchdog kills it
RESULT_MARK = "@@convlib-grader@@"


@dataclass
class Row:
    """One graded file: what happened, and each exercise's result (None when it was not graded)."""

    file: str
    chapter: Chapter | None = None
    status: str = ""
    results: dict[str, tuple[bool, str]] = field(default_factory=dict)

    @property
    def passed(self) -> int:
        return sum(ok for ok, _ in self.results.values())

    @property
    def total(self) -> int | None:
        return len(self.chapter.exercises) if self.chapter else None


def grade_in_kernel(module: str, check: str, answer: str, namespace: dict) -> dict:
    """Run one check on the student's ``namespace[answer]``; called by the grader inside the student's kernel.

    Returns ``{"passed": bool, "hint": str}``; never raises (a KeyboardInterrupt from the time limit included).
    """
    if answer not in namespace:
        return {"passed": False, "hint": f"`{answer}` is not defined: its exercise cell was deleted, renamed, "
                                         "or stopped before it ran"}
    try:
        checks = importlib.reload(importlib.import_module(module))   # undo any change the notebook made to it
        function = getattr(checks, check)
    except Exception as err:  # noqa: BLE001 -- reported in the row
        return {"passed": False, "hint": f"the grader could not load {module}.{check}: {type(err).__name__}: {err}"}
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            verdict = function(namespace[answer])
    except KeyboardInterrupt:
        return {"passed": False,
                "hint": f"the check did not finish in {CHECK_SECONDS} s: does the answer loop forever?"}
    except BaseException as err:  # noqa: BLE001 -- SystemExit and the like, from the student's code
        return {"passed": False, "hint": f"checking the answer raised {type(err).__name__}: {err}"}
    lines = [line for line in printed.getvalue().splitlines() if line.startswith((OK, NOT_YET))]
    hint = lines[-1] if lines else ""
    for prefix in (OK, NOT_YET):
        hint = hint[len(prefix):].strip() if hint.startswith(prefix) else hint
    return {"passed": isinstance(verdict, Verdict) and bool(verdict), "hint": hint}


def _source(cell) -> str:
    return "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")


def recognise(notebook: dict, book: list[Chapter], name: str = "") -> Chapter | None:
    """The chapter a notebook belongs to, from its content (and, last, its file name); None if none fits."""
    by_label = {e.label: c for c in book for e in c.exercises}
    votes: dict[int, int] = {}
    for cell in notebook.get("cells", []):
        label = (cell.get("metadata", {}).get("exercise") or {}).get("label")
        if label in by_label:
            votes[by_label[label].number] = votes.get(by_label[label].number, 0) + 1
    by_number = {c.number: c for c in book}
    if votes:
        return by_number[max(votes, key=votes.get)]
    text = "\n".join(_source(c) for c in notebook.get("cells", []))
    imported = re.search(r"from convlib\.course\.checks import ch(\d+)", text)
    by_final = {c.final: c for c in book}
    if imported and int(imported.group(1)) in by_final:
        return by_final[int(imported.group(1))]
    title = re.search(r"^# (.+)$", text, re.M)
    for chapter in book:
        if title and title.group(1).strip() == chapter.title:
            return chapter
    return next((c for c in book if c.stem in name), None)


def _grading_cells(chapter: Chapter) -> list[str]:
    cells = ["from convlib.course.grader import grade_in_kernel as _grader_grade\n_grader_results = {}"]
    cells += [f"_grader_results[{e.label!r}] = _grader_grade({chapter.checks_module!r}, {e.check!r}, "
              f"{e.answer!r}, globals())" for e in chapter.exercises]
    cells.append(f"import json as _grader_json\nprint({RESULT_MARK!r} + _grader_json.dumps(_grader_results))")
    return cells


def _where(cell, chapter: Chapter, index: int) -> str:
    """How a teacher finds a cell: its exercise, or its number and first line."""
    label = (cell.get("metadata", {}).get("exercise") or {}).get("label")
    number = next((e.number for e in chapter.exercises if e.label == label), None)
    if number:
        return f"the cell of exercise {number}"
    first = next((line for line in _source(cell).splitlines() if line.strip()), "")
    return f"cell {index + 1} ({first.strip()[:40]!r})"


def run_notebook(path: Path, chapter: Chapter, timeout: float = TIMEOUT) -> tuple[str, dict | None]:
    """Run a copy of the notebook at ``path`` in a new kernel, then the chapter's checks in that kernel.

    Returns (what happened, {label: {"passed", "hint"}}), the results None when the checks could not run.
    A watchdog kills the kernel if the whole run overruns its limit, whatever the notebook does.
    """
    import threading

    import nbformat
    from nbclient import NotebookClient

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # cells without ids: Jupyter adds them, nothing to report
        nb = nbformat.read(str(path), as_version=4)
    student = len(nb.cells)
    for text in _grading_cells(chapter):
        nb.cells.append(nbformat.v4.new_code_cell(text))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(path.parent)}})
    notes, deadline, index, stopped, skipped = [], time.monotonic() + timeout, 0, [], 0
    limit = timeout + CHECK_SECONDS * (len(chapter.exercises) + 2) + KERNEL_START

    def kill():
        stopped.append(True)
        with contextlib.suppress(Exception):
            os.killpg(client.km.provisioner.pid, signal.SIGKILL)

    watchdog = threading.Timer(limit, kill)
    watchdog.start()
    try:
        with client.setup_kernel(env={**os.environ, "PIP_NO_INDEX": "1", "MPLBACKEND": "Agg"}):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                if index < student:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:   # time is up: the notebook's other cells are skipped, the checks still run
                        skipped += 1
                        continue
                    client.timeout = max(1, int(remaining + 0.999))
                else:
                    if skipped:
                        notes.append(f"{skipped} later code cell{'s' * (skipped > 1)} not run")
                        skipped = 0
                    client.timeout = CHECK_SECONDS
                client.execute_cell(cell, index)
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if index < student and time.monotonic() >= deadline - 1:   # interrupted at the time limit
                    notes.append(f"{_where(cell, chapter, index)} was stopped at the time limit ({timeout:g} s): "
                                 "an infinite loop?")
                elif index < student and errors:
                    notes.append(f"{_where(cell, chapter, index)} raised {errors[0].get('ename')}: "
                                 f"{str(errors[0].get('evalue', ''))[:100]}")
    except Exception as err:  # noqa: BLE001 -- a dead kernel, or one that would not start: the row says which
        during = _where(nb.cells[index], chapter, index) if index < student else "the grader's checks"
        if stopped:
            return "; ".join(notes + [f"stopped: {during} ignored the time limit and the interrupt; the kernel was "
                                      f"killed after {limit:g} s, so nothing could be graded"]), None
        return "; ".join(notes + [f"the kernel died during {during} ({type(err).__name__})"]), None
    finally:
        watchdog.cancel()
    printed = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []) if o.get("output_type") == "stream")
    if RESULT_MARK not in printed:
        return "; ".join(notes + ["the grader's checks did not run: the kernel no longer answered "
                                  "(code that ignores interrupts?)"]), None
    return "; ".join(notes), json.loads(printed.split(RESULT_MARK, 1)[1].strip().splitlines()[0])


def grade_notebook(path: Path, name: str, book: list[Chapter], expected: Chapter | None = None,
                   timeout: float = TIMEOUT) -> Row:
    """One row for the file at ``path`` (shown as ``name``); never raises for a bad submission."""
    import nbformat

    row = Row(name)
    try:
        notebook = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        row.status = f"not a notebook: not JSON ({type(err).__name__})"
        return row
    if not (isinstance(notebook, dict) and isinstance(notebook.get("cells"), list) and "nbformat" in notebook):
        row.status = "not a notebook: JSON, but without a notebook's list of cells"
        return row
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # nbformat warns about cells without ids, which Jupyter adds itself
            nbformat.validate(nbformat.from_dict(notebook))
    except Exception as err:  # noqa: BLE001 -- any malformation
        message = str(err).splitlines()[0][:100]
        row.status = f"not a notebook: JSON, but not a valid notebook ({message})"
        return row
    row.chapter = recognise(notebook, book, name)
    if row.chapter is None:
        row.status = "not graded: no exercise of any chapter of this course in it"
        return row
    if expected is not None and row.chapter.number != expected.number:
        row.status = (f"wrong chapter: this is chapter {row.chapter.number} ({row.chapter.title}), "
                      f"expected chapter {expected.number} ({expected.title})")
        row.chapter = None
        return row
    present = {(c.get("metadata", {}).get("exercise") or {}).get("label") for c in notebook.get("cells", [])}
    missing = [e.number for e in row.chapter.exercises if e.label not in present]
    with tempfile.TemporaryDirectory(prefix="convlib-grade-") as tmp:
        copy = Path(tmp) / "submission.ipynb"
        shutil.copyfile(path, copy)
        status, results = run_notebook(copy, row.chapter, timeout)
    notes = [status] if status else []
    if missing:
        notes.append(f"exercise cell{'s' * (len(missing) > 1)} missing: {', '.join(missing)}")
    row.status = "; ".join(notes) if notes else "ran without errors"
    if results is not None:
        row.results = {label: (r["passed"], r["hint"]) for label, r in results.items()}
    return row


def submissions(folder: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under ``folder`` (sorted, hidden files and checkpoints left out), except ``skip``."""
    skip = tuple(p.resolve() for p in skip)
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.resolve() not in skip
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def grade_folder(folder: Path, root: Path, expected: int | str | None = None, timeout: float = TIMEOUT,
                 skip: tuple[Path, ...] = (), jobs: int = 1) -> list[Row]:
    """A row for every file under ``folder``, graded against the book at ``root``, ``jobs`` notebooks at a time."""
    from concurrent.futures import ThreadPoolExecutor

    book = chapters(root)
    want = None
    if expected is not None:
        want = next((c for c in book if str(expected) in (str(c.number), c.stem)), None)
        if want is None:
            raise ValueError(f"chapter={expected!r} is not a chapter of this book; use one of "
                             f"{', '.join(str(c.number) for c in book)} or a file name such as {book[0].stem}")
    if not folder.is_dir():
        raise ValueError(f"submissions={str(folder)!r} is not a folder; give the folder that holds the notebooks")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs={jobs!r}: give a whole number of notebooks to run at once, 1 or more")
    with ThreadPoolExecutor(max_workers=jobs) as pool:   # each notebook runs in its own kernel process
        return list(pool.map(lambda path: grade_notebook(path, str(path.relative_to(folder)), book, want, timeout),
                             submissions(folder, skip)))


def _exercises(rows: list[Row]):
    seen = {}
    for row in rows:
        if row.chapter:
            seen[row.chapter.number] = row.chapter
    return [e for number in sorted(seen) for e in seen[number].exercises]


def write_csv(rows: list[Row], out: Path) -> None:
    """``grades.csv``: file, chapter, status, passed, total, then each exercise's result and hint."""
    exercises = _exercises(rows)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "chapter", "status", "passed", "total"]
                        + [column for e in exercises for column in (f"{e.number} {e.label}", f"{e.number} hint")])
        for row in rows:
            cells = []
            for e in exercises:
                result = row.results.get(e.label)
                cells += [("pass" if result[0] else "fail"), result[1]] if result else ["", ""]
            graded = bool(row.results)
            writer.writerow([row.file, row.chapter.number if row.chapter else "", row.status,
                             row.passed if graded else "", row.total if graded else ""] + cells)


def summary(rows: list[Row]) -> str:
    """A short table: one line per file, ✓ or ✗ per exercise, the score, and what happened."""
    exercises = _exercises(rows)
    width = max([len("file")] + [len(r.file) for r in rows])
    head = f"{'file':<{width}}  " + " ".join(f"{e.number:>4}" for e in exercises) + "  score  what happened"
    lines = [head, "-" * len(head)]
    for row in rows:
        marks = []
        for e in exercises:
            result = row.results.get(e.label)
            marks.append(f"{('✓' if result[0] else '✗') if result else '·':>4}")
        score = f"{row.passed}/{row.total}" if row.results else "-"
        lines.append(f"{row.file:<{width}}  " + " ".join(marks) + f"  {score:>5}  {row.status}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m convlib.course.grader", description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path, help="the folder of submitted notebooks")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write (grades.csv)")
    parser.add_argument("--chapter", help="the chapter assigned (a number or a file name): flags other chapters")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per notebook (120)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (1; at most your cores)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the course repository (here)")
    args = parser.parse_args(argv)
    try:
        rows = grade_folder(args.submissions, args.root, args.chapter, args.timeout, skip=(args.out,),
                            jobs=args.jobs)
    except ValueError as err:
        parser.error(str(err))
    write_csv(rows, args.out)
    print(summary(rows))
    print(f"\n{len(rows)} files graded; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
