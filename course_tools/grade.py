"""Grade a class's submitted notebooks: one command, a gradebook, feedback for every student.

    make grade SUBMISSIONS=path/to/folder
    python -m course_tools.grade path/to/folder [--jobs N] [--notebook-timeout S] [--call-timeout S]

The folder is either flat (every file one submission, of any chapter; a file that is not a
notebook gets a row saying so) or nbgrader's collected layout: ``submitted/`` holding
``<student>/<assignment>/<notebook>.ipynb``, or one student's folder holding
``<assignment>/<notebook>.ipynb`` (nbgrader's ``timestamp.txt`` and other files in
those folders are ignored; the student id is kept).

For each notebook the grader takes the student's exercise cells only — their function
and class definitions (with decorators), imports and assignments to plain names; any
other statement, and anything that would rebind a name of the course such as ``check``,
is dropped and listed in the feedback — and runs them with the grader's own checks in a
sandbox of their own (:mod:`course_tools.sandbox`, :mod:`course_tools.sandbox_worker`):
no network, no view of the other submissions, the checkout or ``grades/``, limits on
memory, CPU, processes, output and time. Only frames on a dedicated pipe come back, and
are validated before they are believed. A statement or a check that ends the process
(``sys.exit`` at import time, ``os._exit``, a signal, a limit) is reported as such and the
rest is graded in a fresh sandbox.

Written into ``<folder>/grades/``, as each submission finishes:

- ``grades.csv``: submission, student, chapter, one column per exercise ("2.1", ...: 1
  correct, 0 not), score, problem (empty, or why the file could not be graded);
- ``feedback/<submission>.md``: each exercise's status and the message the student would see;
- ``summary.md``: per exercise, how many got it right and the most common mistake hints.

A second run regrades only files whose content changed (``grades/.state.json``).
"""
from __future__ import annotations

import argparse
import ast
import collections
import csv
import dataclasses
import functools
import hashlib
import json
import os
import queue
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from course_tools import sandbox

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().with_name("sandbox_worker.py")
OUT_DIR = "grades"
STATE_FILE = ".state.json"
NOTEBOOK_TIMEOUT = 120      # seconds for a whole submission
CALL_TIMEOUT = 5.0          # seconds for one call of a student's function
_EXERCISE_HEADING = re.compile(r"###\s+Exercise\s+(\d+)\.(\d+)")
# nbgrader's own files beside a collected notebook, and folders that are never submissions.
_IGNORED_FOLDERS = {OUT_DIR, ".ipynb_checkpoints", "__pycache__"}

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
    submission: str                                     # the path inside the class folder
    student: str = ""
    chapter: int | None = None
    results: list[dict] = field(default_factory=list)   # number, function, status, message, hints
    problem: str = ""
    dropped: list[str] = field(default_factory=list)    # statements of the student's cells not run
    errors: list[str] = field(default_factory=list)     # kept statements that raised or ended the process

    def row(self, numbers: list[str]) -> dict:
        marks = {r["number"]: int(r["status"] == "correct") for r in self.results}
        row = {"submission": self.submission, "student": self.student, "chapter": self.chapter or "",
               "problem": self.problem}
        for number in numbers:
            row[number] = marks.get(number, 0 if self.chapter is not None and number.startswith(
                f"{self.chapter}.") else "")
        row["score"] = sum(marks.values()) if self.chapter is not None else ""
        return row


def _student_of(submission: str) -> str:
    """The student id: nbgrader's folder name (``alice/ch02/02.ipynb``), else the file's stem."""
    parts = Path(submission).parts
    return parts[0] if len(parts) >= 3 else Path(submission).stem


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


def _protected_names(imports: list[tuple[str, list[str]]]) -> set[str]:
    """Names a student's cell may not rebind: the course's imports and the checker's names."""
    import lecture_lib
    import lecture_lib.exercises as checks

    names = set(dir(lecture_lib)) | set(checks.__all__) | {"check", "results", "np", "plt"}
    for _, bound in imports:
        names.update(bound)
    return names


def _bound_names(node: ast.stmt) -> list[str] | None:
    """The names a kept statement binds, or None for a statement the grader does not run."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    targets = (node.targets if isinstance(node, ast.Assign) else [node.target]
               if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else None)
    if targets is None:
        return None
    names = []
    for target in targets:
        for part in (target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]):
            if not isinstance(part, ast.Name):
                return None  # an attribute or item: changes something else, not a helper of the cell
            names.append(part.id)
    return names


def _segment(source: str, node: ast.stmt) -> tuple[int, str]:
    """A statement's first line and its source, decorators included."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    if first < node.lineno:
        lines = source.splitlines()[first - 1:node.end_lineno]
        return first, "\n".join(lines)
    return first, ast.get_source_segment(source, node)


def student_statements(notebook: dict, function: str, protected: set[str]) -> tuple[list[dict], list[str]]:
    """The statements of the student's cell defining ``function`` the grader runs, and those it drops.

    Kept: function and class definitions with their decorators, imports, and assignments to
    plain names (helpers such as ``TWO = 2``). Dropped, and listed in the feedback: anything
    else (a call, a loop, a print) and a definition or assignment that would rebind a name
    of the course.
    """
    for cell in _cells(notebook):
        if cell.get("cell_type") != "code":
            continue
        source = _text(cell)
        if not re.search(rf"^def\s+{re.escape(function)}\s*\(", source, re.MULTILINE):
            continue
        try:
            tree = _parse(source)
        except SyntaxError as exc:
            message = f"the cell defining {function} has a syntax error: {exc.msg} (line {exc.lineno})"
            return [{"cell": function, "line": 1, "source": f"raise SyntaxError({message!r})"}], []
        kept, dropped = [], []
        for node in tree.body:
            bound = _bound_names(node)
            line, text = _segment(source, node)
            # An import is always kept: it binds a module or a library's own function (a student's
            # `from lecture_lib import relu` is honest); a definition or an assignment may not
            # rebind a course name (`def check`, `np = ...`).
            if isinstance(node, (ast.Import, ast.ImportFrom)) or (
                    bound is not None and not set(bound) & (protected - {function})):
                kept.append({"cell": function, "line": line, "source": text})
            else:
                dropped.append(text.splitlines()[0][:60])
        return kept, dropped
    return [], []


def import_statements(chapter: int, root: Path = ROOT) -> list[tuple[str, list[str]]]:
    """Every top-level import statement of the chapter's instructor notebook, in order, with the names it binds."""
    path = chapter_notebook(chapter, root)
    return list(_import_statements(path, path.stat().st_mtime_ns))


@functools.lru_cache(maxsize=32)
def _import_statements(path: Path, modified: int) -> tuple[tuple[str, list[str]], ...]:
    """Read once per version of the notebook: every submission of a chapter needs them."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for cell in _cells(notebook):
        if cell.get("cell_type") != "code":
            continue
        source = _text(cell)
        try:
            tree = _parse(source)
        except SyntaxError:
            continue
        found += [(ast.get_source_segment(source, n), _bound_names(n)) for n in tree.body
                  if isinstance(n, (ast.Import, ast.ImportFrom))]
    return tuple(found)


def chapter_imports(chapter: int, root: Path = ROOT) -> str:
    """The chapter's import statements as one piece of source (what a notebook has run before its exercises)."""
    return "\n".join(source for source, _ in import_statements(chapter, root))


def grading_request(notebook: dict, chapter: int, call_timeout: float, root: Path = ROOT) -> tuple[dict, list[str]]:
    """What the sandboxed worker is sent for one submission, and the statements the grader dropped.

    The inputs are the public ones and hidden ones (:func:`course_tools.exercise_key.grading_requests`,
    from a fixed seed: a second run gives the same gradebook); never a reference or an expected value.
    """
    from course_tools.exercise_key import grading_requests
    from lecture_lib.exercises import exercises

    imports = import_statements(chapter, root)
    protected = _protected_names(imports)
    statements, dropped = [], []
    for exercise in exercises(chapter).values():
        kept, lost = student_statements(notebook, exercise.function, protected)
        statements += kept
        dropped += lost
    request = {"chapter": chapter, "imports": imports, "statements": statements,
               "exercises": list(exercises(chapter)), "requests": grading_requests(chapter),
               "call_timeout": call_timeout, "skip": []}
    return request, dropped


# --------------------------------------------------------------------------- grading one file

@dataclass
class Settings:
    """How a class is graded: time limits, the sandbox's limits, whether to run without one."""

    notebook_timeout: float = NOTEBOOK_TIMEOUT
    call_timeout: float = CALL_TIMEOUT
    step_timeout: float | None = None   # one statement or one exercise; default from call_timeout
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    sandboxed: bool = True

    def step_seconds(self) -> float:
        return self.step_timeout if self.step_timeout is not None else 10 * self.call_timeout + 10


def grade_file(path: Path, name: str | None = None, *, settings: Settings = Settings(), slot: int = 0,
               root: Path = ROOT) -> Graded:
    """Grade one submitted file in its own sandbox (several, if the submission ends the process early)."""
    graded = Graded(name or path.name, student=_student_of(name or path.name))
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
    request, graded.dropped = grading_request(notebook, chapter, settings.call_timeout, root)
    _run_checks(graded, request, settings, slot, root)
    return graded


def _run_checks(graded: Graded, request: dict, settings: Settings, slot: int, root: Path) -> None:
    """Run the worker until every exercise has a result; a step that ends the process is reported and skipped."""
    from lecture_lib.exercises import exercises

    functions = {number: e.function for number, e in exercises(graded.chapter).items()}
    results: dict[str, dict] = {}     # exercises the grader decided itself (the process ended in them)
    records: dict[str, dict] = {}     # what the student's functions did, from the sandbox
    skip: list[int] = []
    deadline = time.monotonic() + settings.notebook_timeout
    uid = sandbox.sandbox_uid(slot) if settings.sandboxed else None
    for _ in range(len(request["statements"]) + len(functions) + 1):
        todo = [n for n in functions if n not in results and n not in records]
        remaining = deadline - time.monotonic()
        if not todo or remaining <= 0:
            break
        limits = dataclasses.replace(settings.limits, wall_seconds=remaining)
        current: dict = {}

        def on_frame(frame, current=current):
            step = _validated(frame, request, todo)
            if step is None:
                return None
            if step["event"] == "begin":
                current.clear()
                current.update(step)
                return settings.step_seconds()
            if step["event"] == "error":
                graded.errors.append(_statement_error(request, step["index"], step["error"]))
            elif step["event"] == "record" and step["number"] not in records:
                records[step["number"]] = step["record"]
            elif step["event"] == "end":
                current["end"] = True
            return None

        run_request = dict(request, skip=skip, exercises=todo)
        finished = sandbox.run(WORKER, ["--uid", str(uid)] if uid is not None else [],
                               json.dumps(run_request).encode("utf-8"), readable=[root / "lecture_lib"],
                               pythonpath=[root], limits=limits, sandboxed=settings.sandboxed, on_frame=on_frame)
        if current.get("end"):
            break
        how = finished.ended_how(limits)
        if current.get("step") == "statement":
            skip.append(current["index"])
            graded.errors.append(_statement_error(request, current["index"], f"ended the grading process: {how}"))
        elif current.get("step") == "exercise" and current["number"] not in results:
            number = current["number"]
            results[number] = {"number": number, "function": functions[number], "status": "wrong",
                               "message": f"Wrong: while `{functions[number]}` was being checked, {how}.",
                               "hints": [f"the process ended: {how}"]}
        else:
            graded.problem = f"could not be graded: {how}"
            if finished.output_tail and not finished.frames:
                graded.problem += f" ({_last_line(finished.output_tail)})"
            break
    if not graded.problem and len(results) + len(records) < len(functions):
        graded.problem = f"timed out (more than {settings.notebook_timeout:g} s)"
    if records:
        results.update(_judged(graded.chapter, request["requests"], records, functions))
    graded.results = [results[n] for n in functions if n in results]


def _judged(chapter: int, requests: dict, records: dict, functions: dict) -> dict[str, dict]:
    """The grader's own judgement of the records, in this process: references and expected values stay here."""
    from course_tools.exercise_key import judge_chapter

    findings = judge_chapter(chapter, requests, records)
    return {number: {"number": number, "function": functions[number], "status": finding.status,
                     "message": finding.render(level=2), "hints": [hint.text for hint in finding.hints]}
            for number, finding in findings.items() if number in records}


def _validated(frame, request: dict, todo: list[str]) -> dict | None:
    """A frame from the worker if it is exactly one of the shapes the protocol allows, else None."""
    if not isinstance(frame, dict):
        return None
    event = frame.get("event")
    count = len(request["statements"])
    index_ok = isinstance(frame.get("index"), int) and 0 <= frame.get("index") < count
    if event == "begin" and frame.get("step") == "statement" and index_ok:
        return {"event": "begin", "step": "statement", "index": frame["index"]}
    if event == "begin" and frame.get("step") == "exercise" and frame.get("number") in todo:
        return {"event": "begin", "step": "exercise", "number": frame["number"]}
    if event == "error" and index_ok and isinstance(frame.get("error"), str):
        return {"event": "error", "index": frame["index"], "error": frame["error"][:300]}
    if event == "record" and frame.get("number") in todo and isinstance(frame.get("record"), dict):
        return {"event": "record", "number": frame["number"], "record": frame["record"]}
    if event == "end":
        return {"event": "end"}
    return None


def _statement_error(request: dict, index: int, error: str) -> str:
    statement = request["statements"][index]
    first = statement["source"].splitlines()[0][:60] if statement["source"] else ""
    return f"`{first}` (the cell defining `{statement['cell']}`, line {statement['line']}) {error}"


def _last_line(output: bytes) -> str:
    lines = [line for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


# --------------------------------------------------------------------------- the class

def submissions(folder: Path) -> dict[str, Path]:
    """The class's submissions by their path inside ``folder`` (``alice/ch02/02_derivatives.ipynb``).

    Every file at the top is one (a file that is not a notebook gets a row saying so). In
    folders below — nbgrader's ``<student>/<assignment>/`` or ``<assignment>/`` — only
    notebooks count: nbgrader's ``timestamp.txt`` and the like are not submissions. Hidden
    files, symbolic links, checkpoints and the grader's own ``grades/`` are skipped.
    """
    found = {}
    for current, folders, files in os.walk(folder):
        here = Path(current)
        depth = len(here.relative_to(folder).parts)
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in _IGNORED_FOLDERS
                            and not (here / f).is_symlink() and depth < 2)
        for name in files:
            path = here / name
            if name.startswith(".") or path.is_symlink() or (depth and path.suffix != ".ipynb"):
                continue
            relative = path.relative_to(folder).as_posix()
            found[relative if depth != 1 else f"{folder.name}/{relative}"] = path
    return dict(sorted(found.items()))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def feedback_text(graded: Graded) -> str:
    lines = [f"# Feedback: {graded.submission}", ""]
    if graded.problem:
        lines += [f"**Could not be graded:** {graded.problem}", ""]
    if graded.chapter is not None:
        from lecture_lib.exercises import exercises

        score = sum(r["status"] == "correct" for r in graded.results)
        lines += [f"Chapter {graded.chapter}: {score} of {len(exercises(graded.chapter))} exercises correct.", ""]
    for row in graded.results:
        lines += [f"## Exercise {row['number']} (`{row['function']}`): {row['status']}", "", "```text",
                  row["message"], "```", ""]
    if graded.dropped:
        lines += ["Not run by the grader (of your exercise cells, only definitions, imports and "
                  "assignments to plain names count):", ""]
        lines += [f"- `{text}`" for text in graded.dropped] + [""]
    if graded.errors:
        lines += ["Statements of your exercise cells that failed when the grader ran them:", ""]
        lines += [f"- {text}" for text in graded.errors] + [""]
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
                hints.update(row.get("hints") or ["(no hint)"])
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


def write_outputs(out: Path, all_graded: list[Graded], sandboxed: bool = True) -> Path:
    numbers = _numbers(all_graded)
    columns = ["submission", "student", "chapter", *numbers, "score", "problem"]
    csv_path = out / "grades.csv"
    temporary = csv_path.with_suffix(".tmp")
    with temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for graded in sorted(all_graded, key=lambda g: g.submission):
            writer.writerow(graded.row(numbers))
    os.replace(temporary, csv_path)
    summary = summary_text(all_graded)
    if not sandboxed:
        summary = summary.replace("\n\n", f"\n\n**WARNING, graded without a sandbox:** {UNSANDBOXED_WARNING}\n\n", 1)
    (out / "summary.md").write_text(summary, encoding="utf-8")
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


def grade_folder(folder: Path, *, jobs: int | None = None, notebook_timeout: float = NOTEBOOK_TIMEOUT,
                 call_timeout: float = CALL_TIMEOUT, settings: Settings | None = None, root: Path = ROOT,
                 progress: bool = True) -> Path:
    """Grade every submission in ``folder``; returns the path of grades.csv.

    Refuses (SystemExit, saying why) where no sandbox can be made, unless ``settings.sandboxed``
    is false — then it warns on stderr and in ``summary.md``.
    """
    folder = Path(folder)
    settings = settings or Settings(notebook_timeout=notebook_timeout, call_timeout=call_timeout)
    if not folder.is_dir():
        raise SystemExit(f"grade: no such folder: {folder}")
    files = submissions(folder)
    if not any(p.suffix == ".ipynb" for p in files.values()):
        raise SystemExit(f"grade: {folder} holds no notebook (.ipynb) to grade")
    _require_sandbox(settings)
    book = Gradebook(folder / OUT_DIR, files, settings.sandboxed)
    todo = book.todo()
    bar = Progress(len(todo)) if progress and todo else None
    workers = jobs or (os.cpu_count() or 1) + 1
    slots: queue.Queue[int] = queue.Queue()
    for slot in range(workers):
        slots.put(slot)

    def one(name: str) -> Graded:
        slot = slots.get()  # a user id of its own for each sandbox running at once
        try:
            return grade_file(files[name], name, settings=settings, slot=slot, root=root)
        finally:
            slots.put(slot)

    # One sandbox more than cores: while one starts (waiting on Python's imports) the cores stay busy.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(one, name): name for name in todo}
        for future in as_completed(futures):
            try:
                graded = future.result()
            except Exception as exc:  # the grader's own failure on one file must not lose the others
                name = futures[future]
                graded = Graded(name, student=_student_of(name), problem=f"grader error: {type(exc).__name__}: {exc}")
            book.add(graded)
            if bar:
                bar.step(graded.submission)
    return book.write()


def _require_sandbox(settings: Settings) -> None:
    if not settings.sandboxed:
        sys.stderr.write(f"WARNING: {UNSANDBOXED_WARNING}\n")
        return
    try:
        sandbox.backend()
    except sandbox.Unavailable as exc:
        raise SystemExit(f"grade: refusing to run students' code without a sandbox: {exc}.\n"
                         f"{UNSANDBOXED_WARNING}\nTo grade anyway, add --unsafe-no-sandbox.") from None


class Gradebook:
    """``grades/``: what was graded (kept in ``.state.json`` by each file's digest), written as each one finishes."""

    def __init__(self, out: Path, files: dict[str, Path], sandboxed: bool):
        self.out, self.sandboxed = out, sandboxed
        (out / "feedback").mkdir(parents=True, exist_ok=True)
        self.state_path = out / STATE_FILE
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        self.digests = {name: _digest(path) for name, path in files.items()}
        self.state = {name: entry for name, entry in state.items()
                      if self.digests.get(name) == entry.get("sha256")}
        self.done = {name: Graded(**entry["graded"]) for name, entry in self.state.items()}
        self.lock = threading.Lock()

    def todo(self) -> list[str]:
        return [name for name in self.digests if name not in self.done]

    def add(self, graded: Graded) -> None:
        with self.lock:
            self.done[graded.submission] = graded
            self.state[graded.submission] = {"sha256": self.digests[graded.submission], "graded": graded.__dict__}
            feedback = self.out / "feedback" / Path(graded.submission).with_suffix(".md")
            feedback.parent.mkdir(parents=True, exist_ok=True)
            feedback.write_text(feedback_text(graded), encoding="utf-8")
            temporary = self.state_path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self.state, indent=1), encoding="utf-8")
            os.replace(temporary, self.state_path)
            self.write()

    def write(self) -> Path:
        return write_outputs(self.out, list(self.done.values()), self.sandboxed)


UNSANDBOXED_WARNING = (
    "no sandbox: each submission runs as a plain process of yours, with limits on memory, CPU time, "
    "processes (not for root) and output, but with your files, your network and your other processes in reach: a "
    "hostile submission can read or change other submissions, the course checkout and grades/, and leave "
    "a process behind. Grade on Linux with bubblewrap (apt-get install bubblewrap) for a sandbox.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="the folder of submitted notebooks")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="submissions at once (default: CPU count + 1)")
    parser.add_argument("--notebook-timeout", type=int, default=NOTEBOOK_TIMEOUT)
    parser.add_argument("--call-timeout", type=float, default=CALL_TIMEOUT)
    parser.add_argument("--unsafe-no-sandbox", action="store_true",
                        help="grade where no sandbox can be made (macOS): see the warning it prints")
    args = parser.parse_args(argv)
    settings = Settings(notebook_timeout=args.notebook_timeout, call_timeout=args.call_timeout,
                        sandboxed=not args.unsafe_no_sandbox)
    csv_path = grade_folder(args.folder, jobs=args.jobs, settings=settings)
    print(f"grades: {csv_path}\nfeedback: {csv_path.parent / 'feedback'}\nsummary: {csv_path.parent / 'summary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
