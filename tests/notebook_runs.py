"""One execution of each notebook per test run, shared by every test that needs it.

tests/conftest.py registers :class:`NotebookRuns` as a plugin. It gives the tests each
chapter's execution, instructor or student edition, made by the book build's pipeline
(``course_tools.build_book.prepare``: parallel, longest first, into a jupyter-cache with
the lecture_lib/requirements stamp). An execution still fresh in the cache (same code
cells, same lecture_lib, same requirements) is reused, from the last `make book` or test
run; anything else is executed once, in one batch for every chapter and edition the
selected tests need, and then shared by all of them:

- **nbval** (``--nbval``): its cells compare the stored outputs with this execution
  instead of starting a kernel of their own (nbval's own comparison, markers and
  sanitizer). Only if the notebook fails to execute does nbval run it in its own kernel,
  to report the cell that raised.
- the **student-edition** checks and **determinism** (``instructor`` / ``student``);
- the **book build**: ``built_book`` builds from the same cache.

An output mismatch is reported as the notebook cell that changed (its index as JupyterLab
counts cells, its ``In [n]``, its first line), a diff of the output (stored → new), and
the command that regenerates the stored outputs. At the end of the run one line says how
many notebooks were executed and how many executions were reused.
"""
from __future__ import annotations

import copy
import difflib
import re
import threading
from pathlib import Path

import pytest
from nbval.plugin import (
    IPyNbCell,
    IPyNbFile,
    NbCellError,
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    transform_streams_for_comparison,
)

from course_tools import build_book, notebook_cache

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text())
# nbval's own exclusions (nbval.plugin.IPyNbFile.skip_compare without --nbdime).
NOT_COMPARED = {"metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg"}
EDITIONS = ("instructor", "student")
REGENERATE = ".venv/bin/python -m course_tools.execute_notebooks"


# --------------------------------------------------------------------------- comparing like nbval


def sanitize(value):
    if isinstance(value, list):
        value = "".join(value)
    if not isinstance(value, str):
        return value
    for regex, replacement in SANITIZE:
        value = re.sub(regex, replacement, value)
    return value


def compared(outputs) -> dict[str, list]:
    """Outputs as nbval compares them: {key or mime type: [sanitized values]}."""
    flat: dict[str, list] = {}
    # Like nbval: streams of one name merged (chunking varies), then keyed by stream name.
    for output in transform_streams_for_comparison(coalesce_streams(copy.deepcopy(list(outputs)))):
        for key, value in output.items():
            if key in NOT_COMPARED:
                continue
            if key == "data":
                for mime, data in value.items():
                    if mime not in NOT_COMPARED:
                        flat.setdefault(mime, []).append(sanitize(data))
            else:
                flat.setdefault(key, []).append(sanitize(value))
    return flat


def ignored(cell) -> bool:
    """Marked NBVAL_SKIP or NBVAL_IGNORE_OUTPUT (comment or tag)."""
    markers = dict(find_comment_markers(cell.source))
    markers.update(find_metadata_tags(cell.metadata) or {})
    return markers.get("skip", False) or markers.get("check", True) is False


def output_diff(stored_outputs, new_outputs, limit: int = 40) -> str:
    """What changed between two output lists, per output kind, as a unified diff (stored → new)."""
    a, b = compared(stored_outputs), compared(new_outputs)
    parts = []
    for key in sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k)):
        old = "".join(str(v) for v in a.get(key, [])).splitlines()
        new = "".join(str(v) for v in b.get(key, [])).splitlines()
        lines = list(difflib.unified_diff(old, new, "stored in the notebook", "new execution", n=1, lineterm=""))
        if len(lines) > limit:
            lines = lines[:limit] + [f"... ({len(lines) - limit} more diff lines)"]
        parts.append(f"  {key}:" + ("" if a.get(key) else " (not stored before)") + ("" if b.get(key) else " (gone)"))
        parts.extend("    " + line for line in lines)
    return "\n".join(parts)


def code_cells(notebook) -> list[tuple[int, object]]:
    """(index in the notebook, cell) of every code cell: JupyterLab's numbering, from 0."""
    return [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]


def where(path: Path, notebook, code_number: int) -> str:
    """'chapters/x.ipynb, cell 14 (In [9]): first line' for nbval's 'Cell <code_number>'."""
    index, cell = code_cells(notebook)[code_number]
    first = next((line for line in cell.source.splitlines() if line.strip()), "")
    count = f"In [{cell.execution_count}]" if cell.execution_count else "not run"
    return f"{relative(path)}, cell {index} of {len(notebook.cells)} ({count}): {first[:70]!r}"


def relative(path) -> str:
    path = Path(path).resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --------------------------------------------------------------------------- the shared executions


def chapter_of(nodeid: str, stems) -> str | None:
    return next((stem for stem in stems if stem in nodeid), None)


class NotebookRuns:
    """The plugin: executions shared by every test of the run (see the module docstring)."""

    def __init__(self, config, root: Path = ROOT):
        self.config, self.root = config, root
        self.chapters = {p.stem: p for p in sorted((root / "chapters").glob("*.ipynb"))}
        self.wanted: set[tuple[str, str]] = set()     # (chapter stem, edition) the selected tests need
        self.done: set[tuple[str, str]] = set()
        self.executed: list[str] = []                 # notebooks executed (under xdist: by all workers)
        self.failures: dict[str, str] = {}
        self._lock = threading.Lock()                 # held while a batch executes
        self._started: set[tuple[str, str]] = set()   # what a batch started early covers

    # ---- which executions the selected tests need
    def needs(self, item) -> list[tuple[str, str]]:
        stem = Path(str(item.fspath)).stem
        if isinstance(item, IPyNbCell) and stem in self.chapters:
            return [(stem, "instructor")]
        marker = item.get_closest_marker("notebook_run")
        chapter = chapter_of(item.nodeid, self.chapters) if marker else None
        return [(chapter, edition) for edition in marker.args] if chapter else []

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        self.wanted = {need for item in items for need in self.needs(item)}

    def _distributed(self) -> bool:
        return bool(self.config.getoption("numprocesses", None)) or hasattr(self.config, "workerinput")

    def _start(self, needs: set) -> None:
        self._started |= needs
        threading.Thread(target=self._execute_batch, args=(needs,), daemon=True, name="notebook executions").start()

    def pytest_sessionstart(self, session):
        """`make test CHAPTER=NN` (one process): that chapter's two editions start executing at
        once, in a thread, while pytest collects and runs the tests that need no execution; a
        test that needs one waits for the batch. Under xdist a worker executes when a test
        first needs it."""
        chapter = self.config.getoption("chapter", None)
        stems = [s for s in self.chapters if chapter and chapter.isdigit() and s.startswith(f"{int(chapter):02d}_")]
        if stems and not self._distributed() and not self.config.getoption("collectonly"):
            self._start({(stems[0], edition) for edition in EDITIONS})

    def pytest_collection_finish(self, session):
        """In one process, whatever else the selected tests need starts executing at once too."""
        rest = self.wanted - self.done - self._started
        if rest and not self._distributed() and not self.config.getoption("collectonly"):
            self._start(rest)

    # ---- getting them
    def execution(self, chapter: Path, edition: str = "instructor"):
        """The fresh execution (a NotebookNode) of ``chapter``'s edition, or None if it failed."""
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}, got {edition!r}")
        chapter = Path(chapter)
        self._execute_batch({(chapter.stem, edition)})  # nothing to do if it is done
        if edition == "student":
            return notebook_cache.cached_execution(self.root, build_book.student_path(self.root, chapter),
                                                   notebook_cache.STUDENT_CACHE_DIR)
        return notebook_cache.cached_execution(self.root, chapter)

    def failure(self, chapter: Path, edition: str = "instructor") -> str | None:
        rel = relative(build_book.student_path(self.root, chapter) if edition == "student" else chapter)
        return self.failures.get(rel)

    def _execute_batch(self, extra: set) -> None:
        """Everything still wanted, in one pool: the build's parallel, longest-first executor.

        Nothing if ``extra`` is done already (waiting first for a batch under way)."""
        with self._lock:
            if extra and extra <= self.done:
                return
            batch = ({need for need in self.wanted if need[0] in self.chapters} | extra) - self.done
            if not batch:
                return
            paths = lambda edition: [self.chapters.get(s, ROOT / "chapters" / f"{s}.ipynb")  # noqa: E731
                                     for s, e in sorted(batch) if e == edition]
            result = build_book.prepare(self.root, capture=True, notebooks=paths("instructor"),
                                        students=paths("student"))
            self.done |= batch
            self.executed += result.executed
            self.failures.update(result.failures)

    def record(self, *paths) -> None:
        """Count executions made outside the shared batch (the book build's, a second one...)."""
        self.executed += [relative(self.root / path) for path in paths]

    # ---- nbval: compare with the shared execution instead of a kernel of its own
    @pytest.hookimpl(wrapper=True)
    def pytest_collect_file(self, file_path, parent):
        found = yield
        return [CachedNotebook.from_parent(parent, path=file_path, runs=self)
                if type(node) is IPyNbFile and Path(file_path).stem in self.chapters else node
                for node in found or []]

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        if isinstance(item, IPyNbCell) and call.excinfo is not None and call.excinfo.errisinstance(NbCellError):
            report.longrepr = explain_failure(item, call.excinfo.value)
        return report

    # ---- the count at the end (under xdist each worker sends its own to the controller)
    def pytest_sessionfinish(self, session):
        if hasattr(session.config, "workeroutput"):
            session.config.workeroutput["notebook_runs"] = {"executed": self.executed,
                                                            "done": sorted(map(list, self.done))}

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error):
        counts = getattr(node, "workeroutput", {}).get("notebook_runs", {})
        self.executed += counts.get("executed", [])
        self.done |= {tuple(need) for need in counts.get("done", [])}

    def pytest_terminal_summary(self, terminalreporter):
        if self.done:
            names = ", ".join(Path(p).stem + (" (student)" if "student" in p else "") for p in self.executed)
            edition = lambda rel: "student" if rel.startswith(build_book.STUDENT_DIR) else "instructor"  # noqa: E731
            reused = self.done - {(Path(rel).stem, edition(rel)) for rel in self.executed}
            terminalreporter.write_line(f"notebook executions: {len(self.executed)}" + (f" ({names})" if names else "")
                                        + f"; reused fresh from the cache: {len(reused)}")


class CachedNotebook(IPyNbFile):
    """nbval's notebook file whose cells take their outputs from the shared execution."""

    def __init__(self, *args, runs: NotebookRuns, **kwargs):
        super().__init__(*args, **kwargs)
        self.runs, self.executed = runs, None

    def collect(self):
        for cell in super().collect():
            yield CachedCell.from_parent(self, name=cell.name, cell_num=cell.cell_num, cell=cell.cell,
                                         options=cell.options)

    def setup(self):
        self.executed = self.runs.execution(self.path)
        if self.executed is None:
            self.runs.record(self.path)
            super().setup()  # it failed: nbval's own kernel finds and reports the cell that raised
        else:
            self.setup_sanitize_files()


class CachedCell(IPyNbCell):
    def runtest(self):
        if self.parent.executed is None:
            return super().runtest()
        if self.options["skip"]:
            pytest.skip()
        _, executed = code_cells(self.parent.executed)[self.cell_num]
        outs = coalesce_streams(copy.deepcopy(executed.outputs))
        self.test_outputs = outs
        error = next((out for out in outs if out.output_type == "error"), None)
        if error is not None and not self.options["check_exception"]:
            self.raise_cell_error("Cell execution caused an exception", "\n" + "\n".join(error.traceback))
        # From here on exactly nbval's IPyNbCell.runtest.
        unrun = self.cell.execution_count is None
        if unrun and self.cell.outputs:
            self.raise_cell_error("Unrun reference cell has outputs")
        if self.options["check"] and not unrun:
            if not self.compare_outputs(outs, coalesce_streams(self.cell.outputs)):
                self.raise_cell_error("Cell outputs differ", "\n".join(self.comparison_traceback))


def explain_failure(item: IPyNbCell, error: NbCellError) -> str:
    """An nbval failure in the notebook's own terms, and what to do about it."""
    path = Path(str(item.fspath))
    place = where(path, item.parent.nb, item.cell_num)
    regenerate = f"{REGENERATE} {relative(path)}"
    if str(error) == "Cell outputs differ":
        return (f"{place}\nits output changed (nbval's 'Cell {item.cell_num}' counts code cells from 0):\n"
                f"{output_diff(item.cell.outputs, item.test_outputs or [])}\n\n"
                f"If the change is intended, regenerate the stored outputs and review the diff:\n"
                f"    {regenerate}\n    git diff {relative(path)}")
    traceback = re.sub(r"\x1b\[[0-9;]*m", "", error.inner_traceback or "")
    return (f"{place}\n{error} (nbval's 'Cell {item.cell_num}' counts code cells from 0)\n{traceback}\n\n"
            f"Fix the cell (or lecture_lib); then regenerate the stored outputs: {regenerate}")
