"""Grade a folder of submitted notebooks: one command, a gradebook, feedback for every student.

    make grade SUBMISSIONS=path/to/folder
    python -m course_tools.grade path/to/folder [--jobs N] [--notebook-timeout S] [--call-timeout S]

Every file of the folder is one submission (any chapter; a file that is not a notebook
gets a row saying so). For each notebook the grader builds a notebook of its own — the
chapter's imports, then only the student's exercise cells (their functions, imports and
helper functions; any other top-level statement, and anything that would rebind a name
of the course such as ``check``, is dropped) — and runs it in a fresh kernel, in a fresh
temporary folder, with a time limit per call of the student's code and per notebook.
The checks are the grader's own (``lecture_lib.exercises.results``): a student's edited
check cells, stored outputs or redefined checker earn nothing.

Written into ``<folder>/grades/``, as each submission finishes:

- ``grades.csv``: submission, chapter, one column per exercise ("2.1", ...: 1 correct, 0 not),
  score, problem (empty, or why the file could not be graded);
- ``feedback/<submission>.md``: each exercise's status and the message the student would see;
- ``summary.md``: per exercise, how many got it right and the most common mistake hints.

A second run regrades only files whose content changed (``grades/.state.json``).
"""
from __future__ import annotations

import argparse
import ast
import collections
import csv
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = "grades"
STATE_FILE = ".state.json"
NOTEBOOK_TIMEOUT = 120      # seconds for a whole submission
CALL_TIMEOUT = 5.0          # seconds for one call of a student's function
RESULT_FILE = "results.json"
_EXERCISE_HEADING = re.compile(r"###\s+Exercise\s+(\d+)\.(\d+)")

# Statements kept from a student's exercise cell; everything else is dropped.
_KEPT = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)
# Submissions are prepared in threads, and CPython 3.11's ast.parse keeps its recursion count
# per interpreter, not per thread: two parses at once can fail with "SystemError: AST
# constructor recursion depth mismatch" (CPython gh-106905; it failed a grading test here).
# One parse at a time.
_AST_LOCK = threading.Lock()


def _parse(source: str) -> ast.Module:
    with _AST_LOCK:
        return ast.parse(source)


@dataclass
class Graded:
    submission: str
    chapter: int | None = None
    results: list[dict] = field(default_factory=list)   # number, function, status, message
    problem: str = ""
    dropped: list[str] = field(default_factory=list)    # statements of the student's cells not run

    def row(self, numbers: list[str]) -> dict:
        marks = {r["number"]: int(r["status"] == "correct") for r in self.results}
        row = {"submission": self.submission, "chapter": self.chapter or "", "problem": self.problem}
        for number in numbers:
            row[number] = marks.get(number, 0 if self.chapter is not None and number.startswith(
                f"{self.chapter}.") else "")
        row["score"] = sum(marks.values()) if self.chapter is not None else ""
        return row


# --------------------------------------------------------------------------- reading a submission

def chapter_notebook(chapter: int, root: Path = ROOT) -> Path | None:
    found = sorted((root / "chapters").glob(f"{chapter:02d}_*.ipynb"))
    return found[0] if found else None


def _cells(notebook: dict) -> list[dict]:
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise ValueError("it has no list of cells")
    return [c for c in cells if isinstance(c, dict)]


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def identify_chapter(notebook: dict) -> int | None:
    """The chapter of a submission: from its exercise headings, else from the functions it defines."""
    from lecture_lib.exercises import CHAPTERS, exercises

    for cell in _cells(notebook):
        if cell.get("cell_type") == "markdown":
            match = _EXERCISE_HEADING.search(_text(cell))
            if match and int(match.group(1)) in CHAPTERS:
                return int(match.group(1))
    defined = {name for cell in _cells(notebook) if cell.get("cell_type") == "code"
               for name in re.findall(r"^def\s+(\w+)", _text(cell), re.MULTILINE)}
    for chapter in CHAPTERS:
        if defined & {e.function for e in exercises(chapter).values()}:
            return chapter
    return None


def _protected_names(chapter_imports: str) -> set[str]:
    """Names a student's cell may not rebind: the course's imports and the checker's names."""
    import lecture_lib
    import lecture_lib.exercises as checks

    names = set(dir(lecture_lib)) | set(checks.__all__) | {"check", "results", "np", "plt"}
    for node in _parse(chapter_imports).body:
        for alias in getattr(node, "names", []):
            names.add((alias.asname or alias.name).split(".")[0])
    return names


def student_cell(notebook: dict, function: str, protected: set[str]) -> tuple[str | None, list[str]]:
    """The student's cell defining ``function``, reduced to definitions and imports, and what was dropped."""
    for cell in _cells(notebook):
        if cell.get("cell_type") != "code":
            continue
        source = _text(cell)
        if not re.search(rf"^def\s+{re.escape(function)}\s*\(", source, re.MULTILINE):
            continue
        try:
            tree = _parse(source)
        except SyntaxError as exc:
            return f"raise SyntaxError({f'the cell defining {function} has a syntax error: {exc.msg} (line {exc.lineno})'!r})", []
        kept, dropped = [], []
        for node in tree.body:
            bound = getattr(node, "name", None)
            if isinstance(node, _KEPT) and bound not in protected - {function}:
                kept.append(ast.get_source_segment(source, node))
            else:
                dropped.append(ast.get_source_segment(source, node).splitlines()[0][:60])
        return "\n\n".join(kept), dropped
    return None, []


def chapter_imports(chapter: int, root: Path = ROOT) -> str:
    """Every top-level import statement of the chapter's instructor notebook, in order."""
    notebook = json.loads(chapter_notebook(chapter, root).read_text(encoding="utf-8"))
    lines = []
    for cell in _cells(notebook):
        if cell.get("cell_type") != "code":
            continue
        source = _text(cell)
        try:
            tree = _parse(source)
        except SyntaxError:
            continue
        lines += [ast.get_source_segment(source, n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return "\n".join(lines)


def grading_notebook(notebook: dict, chapter: int, call_timeout: float, root: Path = ROOT):
    """The notebook the grader runs: imports, the student's exercise cells, the grader's own checks."""
    import nbformat
    from lecture_lib.exercises import exercises

    imports = chapter_imports(chapter, root)
    protected = _protected_names(imports)
    cells = [nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\n" + imports)]
    dropped = []
    for exercise in exercises(chapter).values():
        source, lost = student_cell(notebook, exercise.function, protected)
        dropped += lost
        if source:
            cells.append(nbformat.v4.new_code_cell(source))
    cells.append(nbformat.v4.new_code_cell(
        "def _grade():\n"
        "    import json\n"
        "    from lecture_lib.exercises import running, results\n"
        f"    running.TIME_LIMIT = {call_timeout!r}\n"
        f"    rows = results({chapter}, globals())\n"
        f"    with open({RESULT_FILE!r}, 'w', encoding='utf-8') as handle:\n"
        "        json.dump(rows, handle)\n"
        "_grade()\n"))
    graded = nbformat.v4.new_notebook()
    graded.cells = cells
    graded.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return graded, dropped


# --------------------------------------------------------------------------- grading one file

def grade_file(path: Path, *, notebook_timeout: int = NOTEBOOK_TIMEOUT, call_timeout: float = CALL_TIMEOUT,
               root: Path = ROOT) -> Graded:
    graded = Graded(path.name)
    if path.suffix != ".ipynb":
        graded.problem = "not a notebook (.ipynb)"
        return graded
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        _cells(notebook)
    except (UnicodeDecodeError, ValueError) as exc:
        graded.problem = f"invalid JSON: {str(exc).splitlines()[0][:80]}" if isinstance(
            exc, json.JSONDecodeError) or isinstance(exc, UnicodeDecodeError) else f"not a notebook: {exc}"
        return graded
    chapter = identify_chapter(notebook)
    if chapter is None or chapter_notebook(chapter, root) is None:
        graded.problem = "not a chapter of this course (no exercise of ours in it)"
        return graded
    graded.chapter = chapter
    program, graded.dropped = grading_notebook(notebook, chapter, call_timeout, root)
    with tempfile.TemporaryDirectory(prefix="grade-") as folder:
        graded.results, graded.problem = _execute(program, Path(folder), notebook_timeout, root)
    return graded


def _execute(program, folder: Path, timeout: int, root: Path) -> tuple[list[dict], str]:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    from course_tools.build_book import kernel_environment

    env = kernel_environment(root)
    env.pop("NBGRADER_EXECUTION", None)
    env["MPLBACKEND"] = "Agg"
    client = NotebookClient(program, timeout=timeout, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}, record_timing=False)
    try:
        client.execute(env=env, cwd=str(folder))
    except CellTimeoutError:
        return [], f"timed out (more than {timeout} s)"
    except DeadKernelError:
        return [], "the kernel died (the submission crashed Python, e.g. by exhausting memory)"
    except Exception as exc:  # a kernel that could not start, and the like
        return [], f"could not be run: {type(exc).__name__}: {str(exc).splitlines()[0][:80] if str(exc) else ''}"
    result = folder / RESULT_FILE
    if not result.is_file():
        return [], "the grader's checks did not finish (the submission stopped the kernel?)"
    return json.loads(result.read_text(encoding="utf-8")), ""


# --------------------------------------------------------------------------- the class

def submissions(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def feedback_text(graded: Graded) -> str:
    lines = [f"# Feedback: {graded.submission}", ""]
    if graded.problem:
        lines += [f"**Could not be graded:** {graded.problem}", ""]
    if graded.chapter is not None:
        score = sum(r["status"] == "correct" for r in graded.results)
        lines += [f"Chapter {graded.chapter}: {score} of {len(graded.results)} exercises correct.", ""]
    for row in graded.results:
        lines += [f"## Exercise {row['number']} (`{row['function']}`): {row['status']}", "", "```text",
                  row["message"], "```", ""]
    if graded.dropped:
        lines += ["Not run by the grader (only definitions and imports of your exercise cells count):", ""]
        lines += [f"- `{text}`" for text in graded.dropped] + [""]
    return "\n".join(lines)


def summary_text(all_graded: list[Graded]) -> str:
    by_exercise: dict[str, list[dict]] = collections.defaultdict(list)
    for graded in all_graded:
        for row in graded.results:
            by_exercise[row["number"]].append(row)
    lines = ["# Class summary", "", f"{len(all_graded)} submissions; "
             f"{sum(bool(g.problem) for g in all_graded)} could not be graded.", "",
             "| exercise | correct | graded | most common hints |", "|---|---|---|---|"]
    for number in sorted(by_exercise, key=lambda n: tuple(map(int, n.split(".")))):
        rows = by_exercise[number]
        hints = collections.Counter()
        for row in rows:
            if row["status"] == "wrong":
                text = " ".join(row["message"].split())
                hints.update(re.findall(r"Hint: (.*?)(?= Hint: | Note: |$)", text) or ["(no hint)"])
            elif row["status"] == "not written":
                hints["not written"] += 1
        common = "; ".join(f"{hint} ({count})" for hint, count in hints.most_common(3)).replace("|", "\\|")
        correct = sum(r["status"] == "correct" for r in rows)
        lines.append(f"| {number} | {correct} | {len(rows)} | {common} |")
    return "\n".join(lines) + "\n"


def _numbers(all_graded: list[Graded]) -> list[str]:
    from lecture_lib.exercises import exercises

    chapters = sorted({g.chapter for g in all_graded if g.chapter is not None})
    return [number for chapter in chapters for number in exercises(chapter)]


def write_outputs(out: Path, all_graded: list[Graded]) -> Path:
    numbers = _numbers(all_graded)
    columns = ["submission", "chapter", *numbers, "score", "problem"]
    csv_path = out / "grades.csv"
    temporary = csv_path.with_suffix(".tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for graded in sorted(all_graded, key=lambda g: g.submission):
            writer.writerow(graded.row(numbers))
    os.replace(temporary, csv_path)
    (out / "summary.md").write_text(summary_text(all_graded), encoding="utf-8")
    return csv_path


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.lock = threading.Lock()

    def step(self, name: str) -> None:
        with self.lock:
            self.done += 1
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {name[:40]:<40}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


def grade_folder(folder: Path, *, jobs: int | None = None, notebook_timeout: int = NOTEBOOK_TIMEOUT,
                 call_timeout: float = CALL_TIMEOUT, root: Path = ROOT, progress: bool = True) -> Path:
    """Grade every submission in ``folder``; returns the path of grades.csv."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"grade: no such folder: {folder}")
    files = submissions(folder)
    if not any(p.suffix == ".ipynb" for p in files):
        raise SystemExit(f"grade: {folder} holds no notebook (.ipynb) to grade")
    out = folder / OUT_DIR
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    state_path = out / STATE_FILE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    digests = {p.name: _digest(p) for p in files}
    state = {name: entry for name, entry in state.items() if digests.get(name) == entry.get("sha256")}
    done = {name: Graded(**entry["graded"]) for name, entry in state.items()}
    todo = [p for p in files if p.name not in done]
    lock = threading.Lock()
    bar = Progress(len(todo)) if progress and todo else None

    def finished(graded: Graded) -> None:
        with lock:
            done[graded.submission] = graded
            state[graded.submission] = {"sha256": digests[graded.submission], "graded": graded.__dict__}
            (out / "feedback" / f"{Path(graded.submission).stem}.md").write_text(feedback_text(graded), encoding="utf-8")
            temporary = state_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(state, indent=1), encoding="utf-8")
            os.replace(temporary, state_path)
            write_outputs(out, list(done.values()))
        if bar:
            bar.step(graded.submission)

    # One kernel more than cores: while one starts up (waiting, not computing) the cores stay busy.
    with ThreadPoolExecutor(max_workers=jobs or (os.cpu_count() or 1) + 1) as pool:
        futures = {pool.submit(grade_file, p, notebook_timeout=notebook_timeout, call_timeout=call_timeout,
                               root=root): p for p in todo}
        for future in as_completed(futures):
            try:
                graded = future.result()
            except Exception as exc:  # the grader's own failure on one file must not lose the others
                graded = Graded(futures[future].name, problem=f"grader error: {type(exc).__name__}: {exc}")
            finished(graded)
    return write_outputs(out, list(done.values()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the folder of submitted notebooks")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="submissions at once (default: CPU count + 1)")
    parser.add_argument("--notebook-timeout", type=int, default=NOTEBOOK_TIMEOUT)
    parser.add_argument("--call-timeout", type=float, default=CALL_TIMEOUT)
    args = parser.parse_args(argv)
    csv_path = grade_folder(args.folder, jobs=args.jobs, notebook_timeout=args.notebook_timeout,
                            call_timeout=args.call_timeout)
    print(f"grades: {csv_path}\nfeedback: {csv_path.parent / 'feedback'}\nsummary: {csv_path.parent / 'summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
