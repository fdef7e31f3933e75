"""Build the book into _build/html: fast, parallel, strict, and never from stale outputs.

    python -m course_tools.build_book              # what `make book` runs
    python -m course_tools.build_book --all        # also make Sphinx re-read every page
    python -m course_tools.build_book --jobs 4     # notebooks executed at once (default: CPU count)

Steps:

1. **Up to date?** A fingerprint of every input (names, sizes and mtimes of the project's
   files outside _build/.venv/.git/tests/bench, plus the installed packages folder) is
   compared with the one saved after the last *successful* build; if equal and
   _build/html exists, nothing is done.
2. **Student edition**: ``course_tools.student_edition`` writes _build/student/*.ipynb
   (only files whose content changed, so Sphinx does not re-read pages needlessly).
3. **Pre-execution into the jupyter-cache** at _build/.jupyter_cache, the path myst-nb
   uses for ``execute_notebooks: cache`` with ``cache: ""`` (``<outdir>/../.jupyter_cache``).
   The cache keys on code cells only, so every cache record also carries a *stamp*: a hash
   of ``lecture_lib/**/*.py`` (for notebooks whose code cells mention ``lecture_lib``; all
   chapters do) and of ``requirements.txt`` (for every notebook). A record whose stamp
   differs from the current one is removed and the notebook re-executed. Notebooks run
   in parallel, longest first, one kernel each, with the project root first on
   PYTHONPATH so the kernels import *this* tree's lecture_lib (``course_tools.notebook_cache``).
4. **Strict Sphinx build** from the cache: ``jupyter-book build -W -n --keep-going .``.
   ``course_tools/extensions/nb_cache_dependency.py`` (a Sphinx extension) makes Sphinx re-read a page
   whose cached execution changed. After a failed build the next build re-reads every
   page (``--all``), so warnings of pages that did not change are not hidden. The process
   starts right after step 2 and does everything that reads no execution (imports,
   configuration, the pickled environment, the extensions' set-up: student edition and
   student kit) while step 3 runs; Sphinx reads the first page only once every execution
   is in the cache (``course_tools.jupyter_book_process``). Its stage time is what is left
   after step 3.
5. **Lecture slides**, while Sphinx runs: ``course_tools.slides`` writes one reveal.js deck per
   notebook into _build/html/slides/, rebuilding only decks whose notebook (or the slide
   machinery) changed.

``build()`` returns a BuildResult listing the notebooks it executed; the tests and the
benchmark use it to check that a rebuild executes exactly what it must. This module holds the
steps' order, the fingerprint of step 1 and the build's state; it re-exports the names the tests,
the grader and the benchmark import from it (``execute_notebook``, ``cached_execution``,
``read_notebook``, ``toc_notebooks``, ``kernel_environment``, ``without_slow_imports``...).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import sysconfig
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.jupyter_book_process import HeldJupyterBook, without_slow_imports  # noqa: F401
from course_tools.notebook_cache import (  # noqa: F401  (execute_notebook, cached_execution...: this module's API too)
    CACHE_DIR, STUDENT_CACHE_DIR, cached_execution, execute_notebook, hash_files, plan, run_executions,
)
from course_tools.project import (  # noqa: F401  (toc_notebooks, read_notebook, read_config: this module's API too)
    BUILD_DIR, ROOT, STUDENT_DIR, build_lock, chapter_notebooks, kernel_environment, load_state,
    read_config, read_notebook, save_state, toc_notebooks,
)

STATE_FILE = f"{BUILD_DIR}/.build_state.json"

# Folders whose content does not go into the book (or is the build's own output).
_NOT_INPUTS = {
    ".git", ".venv", BUILD_DIR, "tests", "bench", ".ci", "__pycache__", ".ipynb_checkpoints",
    ".pytest_cache", ".hypothesis", ".mypy_cache", ".ruff_cache",
}


@dataclass
class BuildResult:
    html: Path
    returncode: int = 0
    up_to_date: bool = False                  # nothing to do: inputs unchanged since last success
    executed: list[str] = field(default_factory=list)             # notebooks executed, relative paths
    reasons: dict[str, str] = field(default_factory=dict)         # why each one was executed
    execution_seconds: dict[str, float] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)        # notebooks that failed: their error
    stages: dict[str, float] = field(default_factory=dict)        # wall time of each step
    log: str = ""                             # captured output (when capture=True)

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def to_json(self) -> dict:
        data = {k: v for k, v in self.__dict__.items() if k != "log"}
        data["html"] = str(self.html)
        return data


# --------------------------------------------------------------------------- inputs


def _walk_inputs(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _NOT_INPUTS and not d.endswith(".egg-info"))
        for name in sorted(filenames):
            if not name.endswith((".pyc", ".lock")):
                yield Path(dirpath, name)


def inputs_fingerprint(root: Path) -> str:
    """Cheap fingerprint of everything a build reads (stat data, not contents)."""
    digest = hashlib.sha256()
    for path in _walk_inputs(root):
        try:
            stat = path.stat()
        except FileNotFoundError:  # deleted while we looked (an editor's temporary file)
            continue
        digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    # Installing or upgrading a package changes the site-packages folder.
    site = Path(sysconfig.get_paths()["purelib"])
    digest.update(f"site-packages\0{site.stat().st_mtime_ns}\n".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def extensions_hash(root: Path) -> str:
    """The course's machinery (course_tools/), its Sphinx extensions and theme files among it:
    Sphinx does not know that a page depends on them, so a change has every page re-read (``--all``)."""
    tools = root / "course_tools"
    files = sorted(p for p in tools.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return hash_files((p, p.relative_to(root).as_posix()) for p in files)




# --------------------------------------------------------------------------- build


def _load_state(root: Path) -> dict:
    return load_state(root / STATE_FILE)


def _nothing_to_do(root: Path, state: dict, fingerprint: str) -> bool:
    return bool(state.get("ok") and state.get("fingerprint") == fingerprint
                and (root / BUILD_DIR / "html" / "index.html").is_file())


def is_up_to_date(root: Path = ROOT) -> bool:
    """True if a build now would have nothing to do (the check at the start of :func:`build`)."""
    return _nothing_to_do(root, _load_state(root), inputs_fingerprint(root))


def _save_state(root: Path, state: dict) -> None:
    save_state(root / STATE_FILE, state)


def _student_edition(root: Path, say) -> None:
    from course_tools import student_edition

    written = student_edition.generate(chapter_notebooks(root), root / STUDENT_DIR)
    changed = sum(bool(w) for w in written.values())
    say(f"student edition: {len(written)} notebooks in {STUDENT_DIR}/ ({changed} rewritten)")



class _Log:
    def __init__(self, capture: bool):
        self.capture, self.lines = capture, []

    def __call__(self, message: str) -> None:
        if self.capture:
            self.lines.append(message)
        else:
            print(f"[build_book] {message}", flush=True)

    def text(self) -> str:
        return "\n".join(self.lines)


def prepare(root: Path = ROOT, *, jobs: int | None = None, capture: bool = False,
            notebooks: list[Path] | None = None, students: list[Path] = ()) -> BuildResult:
    """Steps 2 and 3 only: student edition and fresh executions of every notebook in the cache.

    ``notebooks``: only these chapters instead of every notebook of the table of contents.
    ``students``: also execute the student editions (``_build/student/``) of these chapters
    into STUDENT_CACHE_DIR, in the same pool (for the tests). Fresh executions are reused.
    """
    root = Path(root).resolve()
    say = _Log(capture)
    with build_lock(root):
        result = BuildResult(html=root / BUILD_DIR / "html")
        state = _load_state(root)
        _prepare(root, result, state, say, jobs or os.cpu_count() or 1, notebooks, students)
        _save_state(root, state)
    result.log = say.text()
    return result


def student_path(root: Path, notebook: Path) -> Path:
    """Where the build writes the student edition of ``notebook``."""
    return root / STUDENT_DIR / notebook.name


def _prepare(root: Path, result: BuildResult, state: dict, say, jobs: int,
             notebooks: list[Path] | None = None, students: list[Path] = ()) -> None:
    _student_stage(root, result, say)
    _execution_stage(root, result, state, say, jobs, notebooks, students)


def _student_stage(root: Path, result: BuildResult, say) -> None:
    t = time.perf_counter()
    _student_edition(root, say)
    result.stages["student_edition"] = time.perf_counter() - t


def _execution_stage(root: Path, result: BuildResult, state: dict, say, jobs: int,
                     notebooks: list[Path] | None = None, students: list[Path] = ()) -> None:
    timeout = (read_config(root).get("execute") or {}).get("timeout", 300)
    t = time.perf_counter()
    notebooks = toc_notebooks(root) if notebooks is None else [Path(p).resolve() for p in notebooks]
    students = [student_path(root, Path(p)) for p in students]
    todo = plan(root, notebooks, state, say) + plan(root, students, state, say, STUDENT_CACHE_DIR)
    notebooks = notebooks + students
    # Longest first: the best simple schedule for a few jobs on a few cores.
    todo.sort(key=lambda item: item[0], reverse=True)
    result.stages["plan"] = time.perf_counter() - t
    t = time.perf_counter()
    seconds, failures = run_executions(root, todo, jobs, timeout, say) if todo else ({}, {})
    result.stages["execute"] = time.perf_counter() - t
    result.executed = [item[1] for item in todo]
    result.reasons = {item[1]: item[5] for item in todo}
    result.execution_seconds = seconds
    result.failures = failures
    state.setdefault("execution_seconds", {}).update(seconds)
    state["last_executed"] = result.executed
    say(f"{len(todo)} of {len(notebooks)} notebooks executed"
        + (f" in {result.stages['execute']:.1f} s" if todo else " (all cached executions are fresh)"))
    if failures:
        if any(not rel.startswith(STUDENT_DIR + "/") for rel in failures):
            state["ok"] = False  # a page of the book could not be executed
        for rel, error in failures.items():
            say(f"notebook failed to execute: {rel}: {error}")
        result.returncode = 1


def build(root: Path = ROOT, *, jobs: int | None = None, fresh: bool = False, capture: bool = False,
          force: bool = False) -> BuildResult:
    """Build ``root``'s book into ``root/_build/html``; see the module docstring."""
    root = Path(root).resolve()
    say = _Log(capture)
    with build_lock(root):
        result = _build_locked(root, jobs=jobs or os.cpu_count() or 1, fresh=fresh, force=force, say=say)
    result.log = say.text()
    return result


def _build_locked(root: Path, *, jobs: int, fresh: bool, force: bool, say) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult(html=root / BUILD_DIR / "html")
    state = _load_state(root)
    fingerprint = inputs_fingerprint(root)
    result.stages["check"] = time.perf_counter() - started
    if not force and not fresh and _nothing_to_do(root, state, fingerprint):
        result.up_to_date = True
        say("inputs unchanged since the last successful build: nothing to do. "
            f"Open file://{result.html / 'index.html'}")
        return result

    extensions = extensions_hash(root)
    fresh = fresh or not state.get("ok", False) or state.get("extensions") != extensions
    _student_stage(root, result, say)
    # Sphinx starts (and is held) while the notebooks execute: see held_jupyter_book.
    sphinx = HeldJupyterBook(root, fresh, say.capture)
    try:
        _execution_stage(root, result, state, say, jobs)
    except BaseException:
        sphinx.stop()
        raise
    if not result.ok:
        sphinx.stop()
        _save_state(root, state)
        say("not building the book: a notebook failed to execute (see above)")
        return result

    # Until Sphinx succeeds, count the build as failed: if it is interrupted, the next one
    # re-reads every page instead of trusting an environment that may have lost warnings.
    state.update(ok=False, fingerprint=None)
    _save_state(root, state)
    say(("re-reading every page: " if fresh else "") + "jupyter-book build -W -n --keep-going"
        + (" --all" if fresh else "") + " .")
    t = time.perf_counter()
    # The decks read only the notebooks, so they are built on the other cores meanwhile.
    with ThreadPoolExecutor(max_workers=1) as background:
        decks = background.submit(_slides, root, result, max(1, jobs - 1), say)
        returncode = sphinx.go()
        result.stages["sphinx"] = time.perf_counter() - t
        slides_ok = decks.result()
    if say.capture:
        say.lines.append(sphinx.log())
    result.returncode = returncode or (0 if slides_ok else 1)
    state.update(ok=returncode == 0, fingerprint=fingerprint if result.ok else None, extensions=extensions)
    _save_state(root, state)
    result.stages["total"] = time.perf_counter() - started
    if result.ok:
        say(f"built in {result.stages['total']:.1f} s. Open file://{result.html / 'index.html'}")
    else:
        say(f"the strict build FAILED (exit {result.returncode}): fix the warnings or errors above")
    return result


def _slides(root: Path, result: BuildResult, jobs: int, say) -> bool:
    """Step 5: the lecture decks of the book's notebooks (course_tools/slides.py). True if built."""
    from course_tools import slides

    t = time.perf_counter()
    try:
        decks = slides.build_decks(toc_notebooks(root), root / slides.SLIDES_DIR, root, jobs)
    except slides.SlidesError as error:
        say(f"slides FAILED: {error}")
        return False
    result.stages["slides"] = time.perf_counter() - t
    say(f"slides: {len(decks.built)} of {len(decks.built) + len(decks.up_to_date)} decks rebuilt "
        f"in {decks.seconds:.1f} s, into {slides.SLIDES_DIR}/")
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="make Sphinx re-read every page")
    parser.add_argument("--force", action="store_true", help="run every step even if the inputs are unchanged")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="notebooks executed at once (default: CPU count)")
    parser.add_argument("--root", type=Path, default=ROOT, help="project to build (default: this one)")
    parser.add_argument("--json", type=Path, help="also write the result (executed notebooks, timings) here")
    args = parser.parse_args(argv)
    result = build(args.root, jobs=args.jobs, fresh=args.all, force=args.force)
    if args.json:
        args.json.write_text(json.dumps(result.to_json(), indent=1), encoding="utf-8")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
