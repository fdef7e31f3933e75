"""The project as every tool sees it: its paths, its table of contents, its notebooks, and the
few file helpers they all need. The leaf of ``course_tools``: it imports nothing of the course
but ``course_tools.compat`` (the third-party tricks, itself importing nothing of the course), and the book build, the student edition and kit, the decks, the grader, the screenshots and the
tests import it (nbdev's ``config.py`` plays this part there).

- **Paths**: ``ROOT`` and the folders under it that the tools share (``BUILD_DIR``, ...).
- **Table of contents**: :func:`toc_entries` reads ``_toc.yml`` once for everyone;
  :func:`toc_notebooks` (the book's notebooks, in reading order), :func:`toc_pages` and
  :func:`book_pages` (its HTML pages), :func:`chapter_notebooks` (every ``chapters/*.ipynb``).
- **Notebooks**: :func:`read_notebook` (nbformat's node, without the slow schema validation),
  :func:`cell_source` (a cell's source as one string, whichever form the file stores),
  :func:`insert_note_cell` (a note added to a chapter page as Sphinx reads it).
- **Kernels**: :func:`kernel_environment` (this tree's ``lecture_lib`` first on the path).
- **Files**: :func:`build_lock` (the lock every writer of ``_build/`` holds), :func:`atomic_write`
  (readers never see half a file), :func:`load_state` / :func:`save_state` (a JSON state file
  that may be missing or damaged).
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from course_tools import compat

ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = "_build"
CHAPTERS_DIR = "chapters"
STUDENT_DIR = f"{BUILD_DIR}/student"          # the student edition of every chapter
LOCK_FILE = f"{BUILD_DIR}/.build.lock"
HTML_DIR = f"{BUILD_DIR}/html"

# Pages Sphinx writes besides those of the table of contents.
GENERATED_PAGES = ("genindex.html", "search.html")


# --------------------------------------------------------------------------- table of contents


def read_toc(root: Path = ROOT) -> dict:
    """``_toc.yml`` as data."""
    import yaml

    return yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8")) or {}


def toc_entries(root: Path = ROOT, numbered_only: bool = False) -> list[str]:
    """The files of ``_toc.yml`` in reading order, as written there (``chapters/01_functions``):
    the root, then each part's chapters and their sections. ``numbered_only``: only the chapters
    of numbered parts (no root)."""
    toc = read_toc(root)
    order = [] if numbered_only or not isinstance(toc.get("root"), str) else [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if isinstance(entry.get("file"), str):
                order.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []) or []:
        if part.get("numbered") or not numbered_only:
            walk(part.get("chapters"))
    if toc.get("numbered") or not numbered_only:
        walk(toc.get("chapters"))
    return order


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The .ipynb files listed in _toc.yml, in book order."""
    paths: list[Path] = []
    for entry in toc_entries(root):
        path = Path(root) / entry
        candidate = path if path.suffix == ".ipynb" else path.with_suffix(".ipynb")
        if candidate.is_file() and candidate not in paths:
            paths.append(candidate)
    return paths


def toc_pages(root: Path = ROOT, numbered_only: bool = False) -> list[str]:
    """The pages of _toc.yml in reading order, as HTML paths (only numbered parts' chapters if asked)."""
    return [re.sub(r"\.(md|ipynb)$", "", name) + ".html" for name in toc_entries(root, numbered_only)]


def book_pages(root: Path, html_root: Path) -> list[str]:
    """The reader's pages of the built book: the table of contents' and Sphinx's own (index, search)."""
    return toc_pages(root) + [page for page in GENERATED_PAGES if (Path(html_root) / page).is_file()]


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """Every notebook in ``chapters/``, by name (the numbered chapters, then the others)."""
    return sorted((Path(root) / CHAPTERS_DIR).glob("*.ipynb"))


def read_config(root: Path = ROOT) -> dict:
    """``_config.yml`` as data."""
    import yaml

    return yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}


# --------------------------------------------------------------------------- notebooks


def read_notebook(path: Path):
    """The notebook as nbformat's NotebookNode, without schema validation.

    nbformat.read validates against the JSON schema, which takes seconds for notebooks
    carrying large outputs (animations); hashing and executing do not need it.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("nbformat") != 4:
        import nbformat

        return nbformat.read(path, as_version=4)
    return compat.notebook_node(data)


def cell_source(cell: dict) -> str:
    """A cell's source as one string (a notebook file may store it as a list of lines)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def insert_note_cell(notebook_json: str, source: str, cell_id: str) -> str:
    """The notebook text with a markdown cell ``source`` after its first cell (the title), for a
    Sphinx ``source-read`` hook. ``cell_id`` is the cell's id where the format has ids (4.5+):
    fixed, so the same notebook gives the same page."""
    notebook = json.loads(notebook_json)
    cells = notebook.get("cells", [])
    note = {"cell_type": "markdown", "metadata": {}, "source": source}
    if notebook.get("nbformat", 4) >= 4 and notebook.get("nbformat_minor", 0) >= 5:
        note["id"] = cell_id
    cells.insert(1 if cells else 0, note)
    return json.dumps(notebook, ensure_ascii=False)


def kernel_environment(root: Path = ROOT) -> dict:
    """Environment for kernels and the Sphinx process: this tree's lecture_lib comes first."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


# --------------------------------------------------------------------------- files


def build_lock(root: Path = ROOT):
    """The lock every writer of ``root/_build`` holds (the book build, the decks, the tests' executions)."""
    from filelock import FileLock

    (Path(root) / BUILD_DIR).mkdir(exist_ok=True)
    return FileLock(str(Path(root) / LOCK_FILE))


def atomic_write(path: Path, data: str | bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never a part:
    into a temporary file beside it, then renamed over it. ``mode``: the file's permissions."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb" if isinstance(data, bytes) else "w",
                       **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as stream:
            stream.write(data)
        os.chmod(temporary, mode)  # mkstemp makes it private
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_report(path: Path, data) -> None:
    """A measurement's results as readable JSON (indented, in the order given), written atomically."""
    atomic_write(path, json.dumps(data, indent=1) + "\n")


def load_state(path: Path) -> dict:
    """A JSON state file's content; {} if it is missing or damaged (the state is then rebuilt)."""
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(path: Path, state: dict) -> None:
    """Write a JSON state file atomically (sorted keys: the same state gives the same bytes)."""
    atomic_write(path, json.dumps(state, indent=1, sort_keys=True))
