"""The notebooks' executions, kept in a jupyter-cache and stamped with what they depend on besides
their code cells (which alone key the cache): the book build's step 3 (course_tools/build_book.py),
the tests' shared executions (tests/notebook_runs.py) and `python -m course_tools.execute_notebooks`.

- **Stamps**: a hash of ``lecture_lib/**/*.py`` (for a notebook whose code cells mention
  ``lecture_lib``) and of ``requirements.txt``; a cache record with another stamp is stale.
- **Execution**: :func:`execute_notebook`, top to bottom in the notebook's folder, with this tree's
  ``lecture_lib`` first on the kernel's path (:func:`course_tools.project.kernel_environment`).
- **The cache**: :func:`plan` (what needs executing, stale records dropped), :func:`run_executions`
  (in parallel, longest first, into the cache), :func:`cached_execution` (a fresh record or None).
"""
from __future__ import annotations

import hashlib
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from course_tools.project import BUILD_DIR, ROOT, kernel_environment, read_notebook

CACHE_DIR = f"{BUILD_DIR}/.jupyter_cache"
# Executions of the student edition (_build/student/*.ipynb), made for the tests by
# ``build_book.prepare(..., students=...)``, with the same stamps; the book itself never reads them.
STUDENT_CACHE_DIR = f"{BUILD_DIR}/.jupyter_cache_student"
STAMP_KEY = "build_book_stamp"
_MENTIONS_LIB = re.compile(r"\blecture_lib\b")


# --------------------------------------------------------------------------- stamps


def hash_files(paths) -> str:
    """One hash of (file, name) pairs: their names and bytes."""
    digest = hashlib.sha256()
    for path, name in paths:
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def lecture_lib_hash(root: Path) -> str:
    lib = root / "lecture_lib"
    files = sorted(p for p in lib.rglob("*.py") if "__pycache__" not in p.parts)
    return hash_files((p, p.relative_to(root).as_posix()) for p in files)


def environment_hash(root: Path) -> str:
    files = [root / "requirements.txt"]
    return hash_files((p, p.name) for p in files if p.is_file())


def uses_lecture_lib(notebook) -> bool:
    return any(cell.cell_type == "code" and _MENTIONS_LIB.search(cell.source) for cell in notebook.cells)


def notebook_stamp(notebook, lib_hash: str, env_hash: str) -> str:
    """What a cached execution of this notebook depends on besides its code cells."""
    return f"env={env_hash[:16]};lecture_lib={lib_hash[:16] if uses_lecture_lib(notebook) else '-'}"


# --------------------------------------------------------------------------- execution and the cache


@dataclass
class Execution:
    notebook: object                          # the executed nbformat.NotebookNode
    seconds: float
    error: str | None = None                  # traceback text if a cell raised


def execute_notebook(path: Path, root: Path = ROOT, timeout: int | None = 300, notebook=None) -> Execution:
    """Execute a notebook top to bottom in its own folder, as the book build does.

    The kernel gets ``kernel_environment(root)``, so it imports ``root``'s lecture_lib.
    """
    from nbclient import NotebookClient

    if notebook is None:
        notebook = read_notebook(path)
    # record_timing=False: timing metadata in cells would change the hash myst-nb matches on.
    # coalesce_streams: one stdout (stderr) output per cell, however the kernel chunked it.
    client = NotebookClient(notebook, timeout=timeout, allow_errors=False, record_timing=False,
                            coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    error = None
    try:
        client.execute(env=kernel_environment(root))
    except Exception as exc:  # a cell error, a timeout or a dead kernel
        error = f"{exc.__class__.__name__}: {exc}"
    return Execution(notebook, time.perf_counter() - started, error)


def get_cache(root: Path, cache_dir: str = CACHE_DIR):
    from jupyter_cache import get_cache as _get_cache

    return _get_cache(str(root / cache_dir))


def cached_execution(root: Path, path: Path, cache_dir: str = CACHE_DIR):
    """The cached executed notebook for ``path`` if it is fresh (same code and stamp), else None."""
    cache = get_cache(root, cache_dir)
    notebook = read_notebook(path)
    try:
        record = cache.match_cache_notebook(notebook)
    except KeyError:
        return None
    if record.data.get(STAMP_KEY) != notebook_stamp(notebook, lecture_lib_hash(root), environment_hash(root)):
        return None
    return cache.get_cache_bundle(record.pk).nb


def plan(root: Path, notebooks: list[Path], state: dict, say, cache_dir: str = CACHE_DIR):
    """Decide which notebooks need executing; drop their stale cache records."""
    cache = get_cache(root, cache_dir)
    lib_hash, env_hash = lecture_lib_hash(root), environment_hash(root)
    todo = []
    previous_seconds = state.get("execution_seconds", {})
    for path in notebooks:
        rel = path.relative_to(root).as_posix()
        notebook = read_notebook(path)
        stamp = notebook_stamp(notebook, lib_hash, env_hash)
        try:
            record = cache.match_cache_notebook(notebook)
        except KeyError:
            record = None
        if record is not None and record.data.get(STAMP_KEY) == stamp:
            continue
        if record is None:
            reason = "not in cache (new or edited code)"
        else:
            old = record.data.get(STAMP_KEY) or ""
            reason = "lecture_lib changed" if old.split(";")[0] == stamp.split(";")[0] else "environment changed"
            if not old:
                reason = "cached without a stamp"
            cache.remove_cache(record.pk)
        seconds = previous_seconds.get(rel) or (record.data.get("execution_seconds") if record else None)
        # Never timed: schedule first, biggest file first (stored plots and animations grow
        # with the work a notebook does).
        estimate = (0, seconds) if seconds is not None else (1, path.stat().st_size)
        todo.append((estimate, rel, path, notebook, stamp, reason, cache_dir))
    return todo


def run_executions(root: Path, todo, jobs: int, timeout, say) -> tuple[dict, dict]:
    from jupyter_cache.base import CacheBundleIn

    seconds: dict[str, float] = {}
    failures: dict[str, str] = {}

    def run(item):
        _, rel, path, notebook, stamp, reason, _ = item
        return item, execute_notebook(path, root, timeout, notebook=notebook)

    # Threads are enough: each notebook runs in its own kernel process.
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for item, execution in pool.map(run, todo):
            _, rel, path, _, stamp, reason, cache_dir = item
            if execution.error is not None:
                failures[rel] = execution.error
                say(f"FAILED   {rel} after {execution.seconds:.1f} s ({reason})")
                continue
            seconds[rel] = round(execution.seconds, 3)
            get_cache(root, cache_dir).cache_notebook_bundle(
                CacheBundleIn(execution.notebook, str(path),
                              data={"execution_seconds": execution.seconds, STAMP_KEY: stamp}),
                check_validity=False,
                overwrite=True,
            )
            say(f"executed {rel} in {execution.seconds:.1f} s ({reason})")
    return seconds, failures
