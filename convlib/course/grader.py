"""Grade a folder of submitted chapter notebooks: one row per file in ``grades.csv``, and a summary table.

    python -m convlib.course.grader SUBMISSIONS [--out grades.csv] [--chapter N] [--exercises 1.1,2.1]
                                    [--cell-timeout 60] [--timeout 600] [--jobs 2] [--root PATH]

Run it from a clone of the course repository (or pass ``--root``): the
exercises come from the book's ``_toc.yml`` and chapter notebooks.
For each file under ``SUBMISSIONS`` (sub-folders too; hidden files skipped):

1. It is read as a notebook; a file that is not one gets a row saying so.
2. Its chapter is recognised from its content (the labels in its exercise
   cells' metadata, else its ``checks`` import, else its title), so a
   notebook renamed by Colab ("Copy of 04_layers.ipynb") is still graded.
   With ``--chapter`` a notebook of another chapter gets a row saying which.
3. A temporary copy runs from top to bottom in its own Python kernel (a
   separate process), with no network: the submission is never modified.
   Cells that raise are recorded and the run goes on; a cell still running
   after ``--cell-timeout`` seconds (60) is interrupted, recorded, and the run
   goes on too. ``--timeout`` (600 s) caps the whole notebook: once it is
   spent, the remaining cells are skipped and their exercises say so.
4. Right after each exercise cell runs, the grader calls that exercise's check
   itself, in that kernel, on the student's variable named in the exercise
   metadata (``answer``), within :data:`CHECK_SECONDS`. So an answer is graded
   as it stood when its exercise ran, and a variable reused as scratch later is
   still credited (the status says it was reassigned). An exercise whose cell
   never ran is checked at the end. The notebook's printed output is never
   read, so an edited check call changes nothing, and the check module is
   reloaded first, so a replaced check function does not count either.

Every failure of one notebook stays in its row; the run goes on.
The exercises come from the book (:func:`convlib.course.instructor.chapters`),
so a new chapter is graded as soon as it is in ``_toc.yml``.

Used in: ``make grade`` and the instructor page.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import importlib
import io
import json
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .checks.core import NOT_YET, OK, Verdict
from .instructor import Chapter, Exercise, chapters

CELL_TIMEOUT = 60      # seconds for each of the notebook's own cells
TIMEOUT = 600          # seconds for all of the notebook's own cells together: the backstop
CHECK_SECONDS = 15     # seconds for each check the grader calls (at most the cell limit)
KERNEL_START = 60      # seconds on top for the kernel to start, before the watchdog kills it
RESULT_MARK = "@@convlib-grader@@"
SKIPPED = "skipped: an earlier cell hit the time limit"
KERNEL_FAILED = "the grader could not start a Python kernel"
_ELLIPSIS = re.compile(r"(?<![\w.])\.\.\.(?![\w.])")


@dataclass
class Row:
    """One graded file: what happened, and each exercise's result (None when it was not graded)."""

    file: str
    chapter: Chapter | None = None
    status: str = ""
    results: dict[str, tuple[bool, str]] = field(default_factory=dict)
    exercises: list[Exercise] = field(default_factory=list)   # the ones graded: all, or those assigned

    @property
    def passed(self) -> int:
        return sum(ok for ok, _ in self.results.values())

    @property
    def total(self) -> int | None:
        return len(self.exercises) if self.chapter else None


# ---- called inside the student's kernel ----------------------------------------------------------------

_STATE: dict[str, dict] = {}   # label: the result of its check, and a fingerprint of the answer then


def grade_in_kernel(module: str, check: str, answer: str, namespace: dict, seconds: float = CHECK_SECONDS) -> dict:
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
        return {"passed": False, "hint": f"the check did not finish in {seconds:g} s: does the answer loop forever?"}
    except BaseException as err:  # noqa: BLE001 -- SystemExit and the like, from the student's code
        return {"passed": False, "hint": f"checking the answer raised {type(err).__name__}: {err}"}
    lines = [line for line in printed.getvalue().splitlines() if line.startswith((OK, NOT_YET))]
    hint = lines[-1] if lines else ""
    for prefix in (OK, NOT_YET):
        hint = hint[len(prefix):].strip() if hint.startswith(prefix) else hint
    return {"passed": isinstance(verdict, Verdict) and bool(verdict), "hint": hint}


def fingerprint(namespace: dict, answer: str):
    """What ``namespace[answer]`` is now, to tell later whether it changed: None if it is not defined.

    A function is kept by identity (redefining it is a change); anything else by the digest of its pickle
    (or its repr), so an array changed in place counts as changed too.
    """
    if answer not in namespace:
        return None
    value = namespace[answer]
    try:
        data = pickle.dumps(value, protocol=4)
    except Exception:  # noqa: BLE001 -- unpicklable: its repr will do
        try:
            data = repr(value).encode("utf-8", "replace")
        except Exception:  # noqa: BLE001
            data = b""
    return (value if callable(value) else None, hashlib.sha1(data).hexdigest())


def check_now(label: str, module: str, check: str, answer: str, seconds: float, namespace: dict) -> None:
    """Grade one exercise at this point of the run and remember the answer's fingerprint (in the kernel)."""
    result = grade_in_kernel(module, check, answer, namespace, seconds)
    try:
        result["fingerprint"] = fingerprint(namespace, answer)
    except BaseException:  # noqa: BLE001 -- an interrupt while pickling: no comparison later
        result["fingerprint"] = "unknown"
    _STATE[label] = result


def report(answers: dict[str, str], skipped: list[str], namespace: dict) -> str:
    """JSON {label: {"passed", "hint", "changed"}} for every exercise, comparing each answer with its fingerprint."""
    out = {}
    for label, answer in answers.items():
        if label in skipped and label not in _STATE:
            out[label] = {"passed": False, "hint": SKIPPED, "changed": ""}
            continue
        result = dict(_STATE.get(label, {"passed": False, "hint": "the grader's check did not run"}))
        then, changed = result.pop("fingerprint", "unknown"), ""
        with contextlib.suppress(Exception):
            now = fingerprint(namespace, answer)
            if then is not None and then != "unknown" and now is None:
                changed = "deleted"
            elif then is not None and then != "unknown" and (now[0] is not then[0] or now[1] != then[1]):
                changed = "reassigned"
        out[label] = {**result, "changed": changed}
    return json.dumps(out)


# ---- run by the grader -----------------------------------------------------------------------------------

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


def _kernel_call(function: str, *args) -> str:
    """A cell that calls this module's ``function`` in the kernel (imported afresh: the notebook cannot replace it)."""
    return (f"__import__('importlib').import_module('convlib.course.grader').{function}("
            + ", ".join([repr(a) for a in args] + ["globals()"]) + ")")


def _where(cell, chapter: Chapter, index: int) -> str:
    """How a teacher finds a cell: its exercise, or its number and first line."""
    label = (cell.get("metadata", {}).get("exercise") or {}).get("label")
    number = next((e.number for e in chapter.exercises if e.label == label), None)
    if number:
        return f"the cell of exercise {number}"
    first = next((line for line in _source(cell).splitlines() if line.strip()), "")
    return f"cell {index + 1} ({first.strip()[:40]!r})"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def run_notebook(path: Path, chapter: Chapter, timeout: float = TIMEOUT, cell_timeout: float = CELL_TIMEOUT,
                 exercises: list[Exercise] | None = None) -> tuple[str, dict | None]:
    """Run a copy of the notebook at ``path`` in a new kernel, checking each exercise right after its cell.

    Returns (what happened, {label: {"passed", "hint", "changed"}}), the results None when the checks could
    not run. Each cell gets ``cell_timeout`` seconds, all of them ``timeout``; a watchdog kills the kernel
    if the whole run overruns, whatever the notebook does.
    """
    import threading

    import nbformat
    from nbclient import NotebookClient

    exercises = chapter.exercises if exercises is None else exercises
    by_label = {e.label: e for e in exercises}
    check_seconds = min(CHECK_SECONDS, cell_timeout)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # cells without ids: Jupyter adds them, nothing to report
        nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, timeout=cell_timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(path.parent)}})
    notes, index, stopped, skipped, skipped_labels, checked = [], 0, [], 0, [], set()
    deadline = time.monotonic() + timeout
    limit = timeout + cell_timeout + check_seconds * (len(exercises) + 2) + KERNEL_START

    def kill():
        stopped.append(True)
        with contextlib.suppress(Exception):
            os.killpg(client.km.provisioner.pid, signal.SIGKILL)

    def grader_cell(code: str, seconds: float):
        client.timeout = max(1, int(seconds + 0.999))
        cell = nbformat.v4.new_code_cell(code)
        client.execute_cell(cell, index, store_history=False)
        return cell

    def check(exercise: Exercise):
        checked.add(exercise.label)
        grader_cell(_kernel_call("check_now", exercise.label, chapter.checks_module, exercise.check,
                                 exercise.answer, check_seconds), check_seconds)

    watchdog = threading.Timer(limit, kill)
    watchdog.start()
    phase = "start"
    try:
        # the kernel's own log ("running over TCP without encryption") is no news to a teacher: not shown
        with client.setup_kernel(env={**os.environ, "PIP_NO_INDEX": "1", "MPLBACKEND": "Agg"},
                                 stderr=subprocess.DEVNULL):
            phase = "cell"
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                label = (cell.get("metadata", {}).get("exercise") or {}).get("label")
                remaining = deadline - time.monotonic()
                if remaining <= 0:   # the notebook's time is spent: its other cells are skipped
                    skipped += 1
                    if label in by_label:
                        skipped_labels.append(label)
                    continue
                phase = "cell"
                seconds = min(cell_timeout, remaining)
                client.timeout = max(1, int(seconds + 0.999))
                started = time.monotonic()
                client.execute_cell(cell, index)
                errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                if time.monotonic() - started >= client.timeout - 0.5:   # interrupted at the time limit
                    notes.append(f"{_where(cell, chapter, index)} was stopped at the time limit "
                                 f"({client.timeout:g} s per cell): an infinite loop?")
                elif errors:
                    notes.append(f"{_where(cell, chapter, index)} raised {errors[0].get('ename')}: "
                                 f"{str(errors[0].get('evalue', ''))[:100]}")
                if label in by_label and label not in checked:
                    phase = "check"
                    check(by_label[label])
            if skipped:
                notes.append(f"{_plural(skipped, 'later code cell')} skipped: the notebook reached its overall "
                             f"time limit ({timeout:g} s)")
            phase = "check"
            for exercise in exercises:   # deleted or renamed exercise cells: their answers as they are now
                if exercise.label not in checked and exercise.label not in skipped_labels:
                    check(exercise)
            answers = {e.label: e.answer for e in exercises}
            last = grader_cell(f"print({RESULT_MARK!r} + {_kernel_call('report', answers, skipped_labels)})",
                               check_seconds)
    except Exception as err:  # noqa: BLE001 -- a dead kernel, or one that would not start: the row says which
        during = _where(nb.cells[index], chapter, index) if phase == "cell" else "the grader's checks"
        if phase == "start" and not stopped:
            return f"{KERNEL_FAILED} ({type(err).__name__}: {str(err)[:100]})", None
        if stopped:
            return "; ".join(notes + [f"stopped: {during} ignored the time limit and the interrupt; the kernel was "
                                      f"killed after {limit:g} s, so nothing could be graded"]), None
        return "; ".join(notes + [f"the kernel died during {during} ({type(err).__name__})"]), None
    finally:
        watchdog.cancel()
    printed = "".join(o.get("text", "") for o in last.get("outputs", []) if o.get("output_type") == "stream")
    if RESULT_MARK not in printed:
        return "; ".join(notes + ["the grader's checks did not run: the kernel no longer answered "
                                  "(code that ignores interrupts?)"]), None
    results = json.loads(printed.split(RESULT_MARK, 1)[1].strip().splitlines()[0])
    for exercise in exercises:
        changed = results.get(exercise.label, {}).get("changed")
        if changed:
            notes.append(f"`{exercise.answer}` was {changed} after exercise {exercise.number} "
                         "(graded as it was right after its cell)")
    return "; ".join(notes), results


def _handout(chapter: Chapter) -> dict[str, str]:
    """{label: the exercise cell as the student notebook hands it out}, from ``notebooks/`` next to the chapters."""
    path = chapter.path.parent.parent / "notebooks" / chapter.path.name
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return {}
    return {(c.get("metadata", {}).get("exercise") or {}).get("label"): _source(c).strip() for c in cells}


def _unanswered(notebook: dict, chapter: Chapter, exercises: list[Exercise]) -> tuple[int, bool]:
    """How many of these exercises' cells are as handed out, or still hold ``...`` outside comments;
    and whether each of those holds ``...``."""
    wanted, handout, count, dots = {e.label for e in exercises}, _handout(chapter), 0, True
    for cell in notebook.get("cells", []):
        label = (cell.get("metadata", {}).get("exercise") or {}).get("label")
        if label in wanted:
            code = "\n".join(line.split("#", 1)[0] for line in _source(cell).splitlines())
            ellipsis = bool(_ELLIPSIS.search(code))
            if ellipsis or _source(cell).strip() == handout.get(label):
                count, dots = count + 1, dots and ellipsis
    return count, dots


def grade_notebook(path: Path, name: str, book: list[Chapter], expected: Chapter | None = None,
                   timeout: float = TIMEOUT, cell_timeout: float = CELL_TIMEOUT,
                   assigned: set[str] | None = None) -> Row:
    """One row for the file at ``path`` (shown as ``name``); never raises for a bad submission.

    ``assigned``: the exercise numbers ("1.1") to grade; None grades every exercise of the chapter.
    """
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
    row.exercises = [e for e in row.chapter.exercises if assigned is None or e.number in assigned]
    if not row.exercises:
        row.status = (f"not graded: no assigned exercise ({', '.join(sorted(assigned))}) is in chapter "
                      f"{row.chapter.number} ({row.chapter.title})")
        row.chapter = None
        return row
    present = {(c.get("metadata", {}).get("exercise") or {}).get("label") for c in notebook.get("cells", [])}
    missing = [e.number for e in row.exercises if e.label not in present]
    with tempfile.TemporaryDirectory(prefix="convlib-grade-") as tmp:
        copy = Path(tmp) / "submission.ipynb"
        shutil.copyfile(path, copy)
        status, results = run_notebook(copy, row.chapter, timeout, cell_timeout, row.exercises)
        if results is None and status.startswith(KERNEL_FAILED):   # a busy machine: one more try
            status, results = run_notebook(copy, row.chapter, timeout, cell_timeout, row.exercises)
    notes = [status] if status else []
    if missing:
        notes.append(f"exercise cell{'s' * (len(missing) > 1)} missing: {', '.join(missing)}")
    unanswered, dots = _unanswered(notebook, row.chapter, row.exercises)
    still = "still `...`" if dots else "still `...` or as handed out"
    if unanswered == len(row.exercises) and not notes:
        row.status = f"no exercise attempted ({unanswered} of {len(row.exercises)} {still})"
    else:
        if unanswered:
            notes.append(f"{unanswered} of {len(row.exercises)} exercises {still}")
        row.status = "; ".join(notes) if notes else "ran without errors"
    if results is not None:
        row.results = {e.label: (results[e.label]["passed"], results[e.label]["hint"])
                       for e in row.exercises if e.label in results}
    return row


def submissions(folder: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under ``folder`` (sorted, hidden files and checkpoints left out), except ``skip``."""
    skip = tuple(p.resolve() for p in skip)
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.resolve() not in skip
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def find_chapter(book: list[Chapter], chapter: int | str) -> Chapter:
    """The chapter named by its book number (8), its file name without or with .ipynb (08_dilation[.ipynb])."""
    wanted = str(chapter).strip()
    found = next((c for c in book if wanted in (str(c.number), c.stem, c.path.name)), None)
    if found is None:
        raise ValueError(f"chapter={chapter!r} is not a chapter of this book; use one of "
                         f"{', '.join(str(c.number) for c in book)}, or a file name such as {book[0].stem} "
                         f"or {book[0].path.name}")
    return found


def parse_exercises(book: list[Chapter], text: str | None) -> set[str] | None:
    """``"1.1, 2.1"`` -> {"1.1", "2.1"}, each checked against the book's exercise numbers; None stays None."""
    if text is None:
        return None
    numbers = {part.strip() for part in str(text).split(",") if part.strip()}
    known = {e.number for c in book for e in c.exercises}
    unknown = sorted(numbers - known)
    if not numbers or unknown:
        raise ValueError(f"exercises={text!r}: {', '.join(unknown) or 'none given'} "
                         f"{'is not an exercise' if len(unknown) == 1 else 'are not exercises'} of this book; "
                         f"give book numbers separated by commas, such as 1.1,2.1")
    return numbers


def grade_folder(folder: Path, root: Path, expected: int | str | None = None, timeout: float = TIMEOUT,
                 skip: tuple[Path, ...] = (), jobs: int = 1, cell_timeout: float = CELL_TIMEOUT,
                 exercises: str | None = None) -> list[Row]:
    """A row for every file under ``folder``, graded against the book at ``root``, ``jobs`` notebooks at a time.

    ``exercises``: "1.1,2.1" grades only those exercises (None: all of each notebook's chapter).
    """
    from concurrent.futures import ThreadPoolExecutor

    if not (Path(root) / "_toc.yml").is_file():
        raise FileNotFoundError(f"no course found at {str(root)!r}: run from a clone of the course repository, "
                                "or pass --root PATH")
    book = chapters(Path(root))
    want = None if expected is None else find_chapter(book, expected)
    assigned = parse_exercises(book, exercises)
    if not folder.is_dir():
        raise ValueError(f"submissions={str(folder)!r} is not a folder; give the folder that holds the notebooks")
    if not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs={jobs!r}: give a whole number of notebooks to run at once, 1 or more")
    for name, value in (("cell_timeout", cell_timeout), ("timeout", timeout)):
        if not isinstance(value, (int, float)) or not value > 0:
            raise ValueError(f"{name}={value!r}: give a number of seconds above 0")
    with ThreadPoolExecutor(max_workers=jobs) as pool:   # each notebook runs in its own kernel process
        return list(pool.map(lambda path: grade_notebook(path, str(path.relative_to(folder)), book, want, timeout,
                                                         cell_timeout, assigned),
                             submissions(folder, skip)))


def _exercises(rows: list[Row]):
    seen: dict[str, Exercise] = {}
    for row in rows:
        for e in row.exercises if row.chapter else []:
            seen[e.label] = e
    return sorted(seen.values(), key=lambda e: tuple(int(n) for n in e.number.split(".")))


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
    parser.add_argument("--chapter", help="the chapter assigned: its number (8) or file name (08_dilation, "
                                          "08_dilation.ipynb); notebooks of other chapters are flagged")
    parser.add_argument("--exercises", help="grade only these exercises, such as 1.1,2.1 (all by default)")
    parser.add_argument("--cell-timeout", type=float, default=CELL_TIMEOUT,
                        help=f"seconds per cell before it is interrupted ({CELL_TIMEOUT})")
    parser.add_argument("--timeout", type=float, default=TIMEOUT,
                        help=f"seconds for all of a notebook's cells; later cells are skipped ({TIMEOUT})")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks graded at once (1; at most your cores)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the course repository (here)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        rows = grade_folder(args.submissions, args.root, args.chapter, args.timeout, skip=(args.out,),
                            jobs=args.jobs, cell_timeout=args.cell_timeout, exercises=args.exercises)
    except FileNotFoundError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except ValueError as err:
        parser.error(str(err))
    write_csv(rows, args.out)
    print(summary(rows))
    seconds = time.monotonic() - started
    print(f"\n{_plural(len(rows), 'file')} graded in {seconds:.0f} s ({seconds / max(1, len(rows)):.1f} s a file, "
          f"{args.jobs} at a time); wrote {args.out} (with each exercise's hint)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
