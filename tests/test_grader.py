"""The grader on fabricated submissions: real student notebooks of chapter 1, answered from the solution cells.

One folder holds a correct notebook (the solutions pasted in), one that reuses exercise 1.1's
answer variable as scratch later, an empty one (as generated), a wrong one, one whose check calls
were edited to print "Correct!", one with an infinite loop, one with an exception, a renamed
answer and a deleted exercise cell, a notebook of another chapter, and two files that are not
notebooks. One run of ``python -m convlib.course.grader`` grades them all; the test asserts the
exact table it writes. A second run, as a teacher would type it, grades one assigned exercise
of a notebook that loops, under an overall time limit.
"""

import csv
import hashlib
import json
import re
from pathlib import Path

import pytest

from convlib.course import grader, instructor

ROOT = Path(__file__).resolve().parent.parent
STUDENT = ROOT / "notebooks" / "01_convolution_1d.ipynb"
SOURCE = ROOT / "chapters" / "01_convolution_1d.ipynb"
CELL_TIMEOUT = 10   # seconds per cell: chapter 1's cells need a fraction of it, even on a busy machine
TIMEOUT = 300       # seconds per notebook: never reached here


def source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def solutions():
    """{exercise label: the solution cell's code, as a student would write it (no strict=True)}."""
    found, label = {}, None
    for cell in json.loads(SOURCE.read_text())["cells"]:
        start = re.match(r"```\{solution-start\} (\S+)", source(cell))
        label = start.group(1) if start else label
        if "solution" in cell["metadata"].get("tags", []):
            found[label] = source(cell).replace(", strict=True", "")
    return found


def answered(answers, extra_cells=()):
    """The student notebook with some exercise cells replaced ({label: code}, None deletes the cell)."""
    notebook = json.loads(STUDENT.read_text())
    cells = []
    for cell in notebook["cells"]:
        label = cell["metadata"].get("exercise", {}).get("label")
        if label in answers and answers[label] is None:
            continue
        if label in answers:
            cell = {**cell, "source": answers[label]}
        cells.append(cell)
    notebook["cells"] = cells[:3] + list(extra_cells) + cells[3:]
    return json.dumps(notebook, indent=1)


def wrong(right):
    return {"ex-1-average": right["ex-1-average"].replace("np.ones(5) / 5", "np.ones(5)"),
            "ex-1-lengths": right["ex-1-lengths"].replace('"valid": 100 - 7 + 1', '"valid": 100 - 7'),
            "ex-1-loop": right["ex-1-loop"].replace("* h[k]", "* h[len(h) - 1 - k]"),   # correlates
            "ex-1-edge": right["ex-1-edge"].replace("[1.0, 0.0, -1.0]", "[-1.0, 0.0, 1.0]")}


def write_submissions(folder: Path) -> None:
    """The fabricated submissions, written into ``folder``."""
    right = solutions()
    assert set(right) == {"ex-1-average", "ex-1-lengths", "ex-1-loop", "ex-1-edge"}
    edited = {label: re.sub(r"checks\.\w+\(\w+\)", 'print("Correct!")', code) for label, code in wrong(right).items()}
    edited["ex-1-edge"] = wrong(right)["ex-1-edge"].replace(
        "checks.rising_edge_kernel(", "checks.rising_edge_kernel = lambda *a, **k: print('Correct!')\n"
        "checks.rising_edge_kernel(")
    assert all("checks." not in code for label, code in edited.items() if label != "ex-1-edge")
    crash = {**right, "ex-1-average": right["ex-1-average"].replace("(kernel)", "(kernal)"),
             "ex-1-lengths": right["ex-1-lengths"].replace("lengths = ", "my_lengths = ").replace(
                 "(lengths)", "(my_lengths)"), "ex-1-edge": None}
    broken = {"cell_type": "code", "metadata": {}, "source": "import numpyy", "outputs": [], "execution_count": None}
    files = {
        "correct.ipynb": answered(right),
        "scratch.ipynb": answered({**right, "ex-1-edge": "kernel = np.zeros(3)   # scratch\n" + right["ex-1-edge"]}),
        "empty.ipynb": STUDENT.read_text(),
        "wrong.ipynb": answered(wrong(right)),
        "edited check.ipynb": answered(edited),
        "loop.ipynb": answered({**right, "ex-1-loop": right["ex-1-loop"].replace(
            "    y = np.zeros", "    while True:\n        pass\n    y = np.zeros")}),
        "student7/Copy of 01_convolution_1d.ipynb": answered(crash, [broken]),
        "other chapter.ipynb": (ROOT / "notebooks" / "03_stride_padding.ipynb").read_text(),
        "garbage.ipynb": "this is not a notebook {",
        "photo.jpg": b"\xff\xd8\xff\xe0 JFIF",
        "report.ipynb": json.dumps({"cells": "none", "title": "my report"}),
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(exist_ok=True)
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    write_submissions(folder)
    before = {p: hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    out = tmp_path_factory.mktemp("out") / "grades.csv"
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        grader.main([str(folder), "--out", str(out), "--chapter", "1", "--timeout", str(TIMEOUT),
                     "--cell-timeout", str(CELL_TIMEOUT),
                     "--root", str(ROOT), "--jobs", "2"])
    after = {p: hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}
    with open(out, newline="") as handle:
        rows = list(csv.reader(handle))
    return {"rows": rows, "summary": printed.getvalue(), "before": before, "after": after}


RIGHT = {"1.1 ex-1-average": ("pass", "five taps of 1/5: each output is the mean of five neighbours."),
         "1.2 ex-1-lengths": ("pass", "full 106, same 100, valid 94."),
         "1.3 ex-1-loop": ("pass", "your loop agrees with np.convolve, including a kernel longer than the signal."),
         "1.4 ex-1-edge": ("pass", "on a ramp of slope 1 it gives 2 everywhere: a derivative.")}
WRONG = {"1.1 ex-1-average": ("fail", "your kernel sums to 5; to keep a flat signal at its level, it must sum to 1."),
         "1.2 ex-1-lengths": ("fail", "'valid' is not 93; only complete overlaps: M - N + 1."),
         "1.3 ex-1-loop": ("fail", "that is cross-correlation: convolution flips the kernel (x[n - k], not x[n + k])."),
         "1.4 ex-1-edge": ("fail", "it is negative where the signal rises: convolution flips the kernel, so flip yours.")}
NOT_DEFINED = "is not defined: its exercise cell was deleted, renamed, or stopped before it ran"
EXPECTED = {  # file: (chapter, status, passed, total, {exercise: (pass/fail, hint)})
    "correct.ipynb": ("1", "ran without errors", "4", "4", RIGHT),
    "scratch.ipynb": ("1", "`kernel` was reassigned after exercise 1.1 (graded as it was right after its cell)",
                      "4", "4", RIGHT),
    "empty.ipynb": ("1", "no exercise attempted (4 of 4 still `...`)", "0", "4", {
        "1.1 ex-1-average": ("fail", "your kernel is still empty; replace the ... with your answer."),
        "1.2 ex-1-lengths": ("fail", "fill in the length for 'full' (replace the ...)."),
        "1.3 ex-1-loop": ("fail", "your function returns nothing yet; end it with `return y`."),
        "1.4 ex-1-edge": ("fail", "your kernel is still empty; replace the ... with your answer.")}),
    "wrong.ipynb": ("1", "ran without errors", "0", "4", WRONG),
    "edited check.ipynb": ("1", "ran without errors", "0", "4", WRONG),
    "loop.ipynb": ("1", f"the cell of exercise 1.3 was stopped at the time limit ({CELL_TIMEOUT} s per cell): an "
                        "infinite loop?", "3", "4", {   # and the cells after it still run
        **RIGHT, "1.3 ex-1-loop": ("fail", f"the check did not finish in {CELL_TIMEOUT} s: does the answer loop "
                                           "forever?")}),
    "student7/Copy of 01_convolution_1d.ipynb": (
        "1", "cell 4 ('import numpyy') raised ModuleNotFoundError: No module named 'numpyy'; the cell of exercise 1.1 "
             "raised NameError: name 'kernal' is not defined; exercise cell missing: 1.4", "2", "4", {
            **RIGHT, "1.2 ex-1-lengths": ("fail", f"`lengths` {NOT_DEFINED}"),
            "1.4 ex-1-edge": ("fail", f"`edge_kernel` {NOT_DEFINED}")}),
    "other chapter.ipynb": ("", "wrong chapter: this is chapter 3 (Stride and padding), expected chapter 1 "
                                "(Convolution in 1-D)", "", "", {}),
    "garbage.ipynb": ("", "not a notebook: not JSON (JSONDecodeError)", "", "", {}),
    "photo.jpg": ("", "not a notebook: not JSON (UnicodeDecodeError)", "", "", {}),
    "report.ipynb": ("", "not a notebook: JSON, but without a notebook's list of cells", "", "", {}),
}


def test_the_table_has_one_exact_row_per_file(graded):
    header, *rows = graded["rows"]
    exercises = ["1.1 ex-1-average", "1.2 ex-1-lengths", "1.3 ex-1-loop", "1.4 ex-1-edge"]
    assert header == ["file", "chapter", "status", "passed", "total"] + [
        column for e in exercises for column in (e, e.split()[0] + " hint")]
    assert sorted(row[0] for row in rows) == sorted(EXPECTED)
    for row in rows:
        chapter, status, passed, total, results = EXPECTED[row[0]]
        assert row[1:5] == [chapter, status, passed, total], row[0]
        got = {e: (row[5 + 2 * i], row[6 + 2 * i]) for i, e in enumerate(exercises) if row[5 + 2 * i]}
        assert got == results, row[0]


def test_the_summary_shows_each_file_with_its_marks_and_score(graded):
    lines = graded["summary"].splitlines()
    assert lines[0].split()[:5] == ["file", "1.1", "1.2", "1.3", "1.4"]
    by_file = {name: next(line for line in lines if line.startswith(name)) for name in EXPECTED}
    assert re.search(r"✓\s+✓\s+✓\s+✓\s+4/4\s+ran without errors", by_file["correct.ipynb"])
    assert re.search(r"✗\s+✗\s+✗\s+✗\s+0/4", by_file["edited check.ipynb"])
    assert re.search(r"✓\s+✓\s+✗\s+✓\s+3/4\s+the cell of exercise 1.3 was stopped", by_file["loop.ipynb"])
    assert re.search(r"·\s+·\s+·\s+·\s+-\s+not a notebook", by_file["garbage.ipynb"])
    assert re.search(r"11 files graded in \d+ s \([\d.]+ s a file, 2 at a time\); wrote", graded["summary"]) and "hint" in graded["summary"].splitlines()[-1]


def test_the_submissions_are_never_modified(graded):
    assert graded["after"] == graded["before"]


def test_each_exercise_of_the_book_is_graded_by_its_check_on_its_answer():
    """The grader's view of the book is the instructor page's: every chapter in _toc.yml, every exercise."""
    book = instructor.chapters(ROOT)
    for chapter in book:
        assert chapter.exercises and all(e.check and e.answer for e in chapter.exercises)
        assert grader.find_chapter(book, chapter.number) is chapter
        assert grader.find_chapter(book, chapter.stem) is chapter
        assert grader.find_chapter(book, chapter.path.name) is chapter


def test_grade_in_kernel_never_raises_and_reports_the_hint():
    namespace = {"kernel": [0.2] * 5, "bad": object(), "boom": None}
    module = "convlib.course.checks.ch01"
    assert grader.grade_in_kernel(module, "moving_average", "kernel", namespace) == {
        "passed": True, "hint": "five taps of 1/5: each output is the mean of five neighbours."}
    assert grader.grade_in_kernel(module, "moving_average", "missing", namespace)["hint"].startswith(
        "`missing` is not defined")
    assert not grader.grade_in_kernel(module, "moving_average", "bad", namespace)["passed"]
    assert "could not load" in grader.grade_in_kernel(module, "no_such_check", "kernel", namespace)["hint"]


def test_recognise_reads_the_chapter_from_content_not_the_file_name():
    book = instructor.chapters(ROOT)
    third = json.loads((ROOT / "notebooks" / "03_stride_padding.ipynb").read_text())
    assert grader.recognise(third, book, "01_convolution_1d.ipynb").final == 3
    for cell in third["cells"]:   # metadata stripped (some editors do): the checks import still tells
        cell["metadata"] = {}
    assert grader.recognise(third, book).final == 3
    assert grader.recognise({"cells": []}, book, "homework.ipynb") is None


def test_bad_arguments_get_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="chapter='99' is not a chapter of this book"):
        grader.grade_folder(tmp_path, ROOT, expected="99")
    with pytest.raises(ValueError, match="exercises='1.1,1.9': 1.9 is not an exercise of this book"):
        grader.grade_folder(tmp_path, ROOT, exercises="1.1,1.9")
    with pytest.raises(ValueError, match="cell_timeout=0"):
        grader.grade_folder(tmp_path, ROOT, cell_timeout=0)
    with pytest.raises(ValueError, match="is not a folder"):
        grader.grade_folder(tmp_path / "nothing", ROOT)


def test_outside_the_repository_one_line_says_where_to_run_it(tmp_path, capsys):
    assert grader.main([str(tmp_path), "--root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == ("error: no course found at " + repr(str(tmp_path)) + ": run from a clone of the course "
                   "repository, or pass --root PATH\n")


def test_one_assigned_exercise_under_an_overall_limit_as_a_teacher_runs_it(tmp_path):
    """Only 1.4 is graded; the loop in 1.3 spends the notebook's time, so 1.4's cell is skipped and says so."""
    import subprocess
    import sys

    right = solutions()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "loop.ipynb").write_text(answered({**right, "ex-1-loop": right["ex-1-loop"].replace(
        "    y = np.zeros", "    while True:\n        pass\n    y = np.zeros")}))
    run = subprocess.run([sys.executable, "-m", "convlib.course.grader", "in", "--exercises", "1.4",
                          "--chapter", "01_convolution_1d.ipynb", "--timeout", "8", "--cell-timeout", "30",
                          "--root", str(ROOT)], cwd=tmp_path, capture_output=True, text=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert "IPKernelApp" not in run.stdout + run.stderr and "without encryption" not in run.stdout + run.stderr
    assert re.search(r"\n1 file graded in \d+ s \([\d.]+ s a file, 1 at a time\); wrote grades.csv "
                     r"\(with each exercise's hint\)$", run.stdout.rstrip())
    with open(tmp_path / "grades.csv", newline="") as handle:
        header, row = list(csv.reader(handle))
    assert header == ["file", "chapter", "status", "passed", "total", "1.4 ex-1-edge", "1.4 hint"]
    assert row[0:2] == ["loop.ipynb", "1"] and row[3:] == ["0", "1", "fail", grader.SKIPPED]
    assert re.fullmatch(r".*was stopped at the time limit \(\d+ s per cell\): an infinite loop\?; "
                        r"\d+ later code cells? skipped: the notebook reached its overall time limit \(8 s\)",
                        row[2]), row[2]
