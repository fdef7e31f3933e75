"""Regenerate the stored outputs of instructor notebooks by executing them top to bottom.

    python -m course_tools.execute_notebooks                 # every chapters/*.ipynb
    python -m course_tools.execute_notebooks chapters/02_derivatives.ipynb

The stored outputs are the nbval reference: run this after changing a notebook or
lecture_lib on purpose, then review the diff. Notebooks run in parallel, one kernel each,
from the chapters/ folder, in the current Python environment.
"""
from __future__ import annotations

import argparse
import fcntl
import sys
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def notebook_lock(path: Path, patience: float = 120.0):
    """Hold ``chapters/.<stem>.lock`` (flock) while a notebook is read, changed and written back.

    Two people (or tools) re-executing or editing one notebook at once would otherwise lose
    one of the changes. ``flock chapters/.02_derivatives.lock <command>`` takes the same lock
    from the shell — but not around a command that takes it itself (like this module): after
    ``patience`` seconds of waiting it warns and goes on, rather than wait for itself forever.
    """
    import time

    lock_path = path.parent / f".{path.stem}.lock"
    with open(lock_path, "w") as handle:
        deadline = time.monotonic() + patience
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    print(f"warning: {lock_path} is still held after {patience:g} s (by a `flock` around "
                          f"this very command?); going on without it", file=sys.stderr)
                    locked = False
                    break
                time.sleep(0.2)
        try:
            yield
        finally:
            if locked:
                fcntl.flock(handle, fcntl.LOCK_UN)


def execute(path: Path) -> str:
    with notebook_lock(path):
        return _execute(path)


def _execute(path: Path) -> str:
    from course_tools.build_book import execute_notebook  # the book build's kernel, environment and folder

    run = execute_notebook(path, timeout=600)
    if run.error:
        raise RuntimeError(f"{path}: {run.error}")
    notebook = run.notebook
    # Live widgets need a kernel anyway; their saved state only adds random ids to the diff.
    notebook.metadata.pop("widgets", None)
    _drop_widget_views(notebook)
    # Kernel details differ between machines and are not part of the lesson.
    # What JupyterLab writes for this kernel: a notebook then opens unmodified.
    notebook.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                       "name": "python3"}
    write_notebook(notebook, path)
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def canonical_text(notebook) -> str:
    """The one form every notebook is stored in: what ``nbformat.write`` writes (keys sorted,
    one-space indents, non-ASCII as is, sources split into lines, a final newline).

    Every tool that writes a chapter writes this (``write_notebook``), so regenerating the
    outputs of a fresh clone changes nothing but what really changed
    (tests/test_canonical_notebooks.py checks the committed notebooks).
    """
    import nbformat

    text = nbformat.writes(nbformat.from_dict(notebook))
    return text if text.endswith("\n") else text + "\n"


def write_notebook(notebook, path: Path) -> None:
    """Write ``notebook`` (a dict or NotebookNode) to ``path`` in :func:`canonical_text` form."""
    from course_tools.project import atomic_write

    atomic_write(Path(path), canonical_text(notebook))


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _drop_widget_views(notebook) -> None:
    """Keep a widget's text form, not its view: the view names a random model id (new on every
    run) of a state that is not saved, so JupyterLab could only show "model not found" for it.
    nbval does not compare widget views either."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and len(data) > 1:
                del data[WIDGET_VIEW]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to execute (default: chapters/*.ipynb)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "chapters").glob("*.ipynb"))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for done in pool.map(execute, paths):
            print(f"executed {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
