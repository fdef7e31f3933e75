"""The student edition: every chapter notebook with its solutions replaced by scaffolds.

    python -m course_tools.student_edition                       # every chapters/*.ipynb
    python -m course_tools.student_edition --out _build/student chapters/02_derivatives.ipynb
    python -m course_tools.student_edition --instructor --out _build/instructor     # `make lab`
    python -m course_tools.student_edition --nbgrader-source ~/course  # ~/course/source/<chapter>/

Both editions read in plain JupyterLab as the book reads (:func:`readable_notebook`): the book's
MyST is written as CommonMark, glued numbers filled in. The instructor edition keeps the solutions
and the outputs; it is what ``make lab`` opens and what goes into nbgrader's ``source/`` folder.

In an instructor notebook a solution is the region between two marker lines, each on
a line of its own (any indentation), inside the body of the exercise's function::

    def tanh(x):
        \"\"\"tanh(x) = 2·sigmoid(2x) − 1, elementwise.\"\"\"
        ### BEGIN SOLUTION
        # HINT: tanh(x) = 2 * sigmoid(2 * x) - 1
        return 2 * sigmoid(2 * x) - 1
        ### END SOLUTION

The student edition replaces the region, markers included, with a scaffold at the
BEGIN marker's indentation::

    def tanh(x):
        \"\"\"tanh(x) = 2·sigmoid(2x) − 1, elementwise.\"\"\"
        # YOUR CODE HERE
        raise NotImplementedError("tanh(x) = 2 * sigmoid(2 * x) - 1")

The hint convention: if the line right after ``### BEGIN SOLUTION`` is a comment
``# HINT: <text>``, <text> is the scaffold's message (the check cell then shows it
under "Not yet written"); otherwise the message is a generic one naming the
function to complete.

Everything else is kept as it is, except that outputs and execution counts are
cleared. Only code cells are transformed: markers in markdown or raw cells are text
(for instance a page explaining the convention) and are left alone. A marker that is
unbalanced, nested, or not on a line of its own is refused with an error naming the
notebook, the cell index and the line.

Regeneration is incremental: a student notebook is written only when its content
changes, so calling the generator from every book build costs milliseconds.

For the book, the Sphinx extension ``course_tools.extensions.student_downloads`` (listed in
``_config.yml`` under ``sphinx: extra_extensions``) generates the student editions into
``_build/student/`` at the start of the build and adds to each chapter page that has exercises
a download link to its student edition (:func:`add_download_note`, here).
"""
from __future__ import annotations

import argparse
import ast
import copy
import functools
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from course_tools.project import atomic_write, cell_source, chapter_notebooks, insert_note_cell  # noqa: F401

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
HINT_PREFIX = "# HINT:"

#: Any line that mentions a marker; it must then be exactly the marker (plus indentation).
_MARKER_MENTION = re.compile(r"#+\s*(BEGIN|END)\s+SOLUTION", re.IGNORECASE)
_DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(\w+)\s*\(")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = Path("_build") / "student"


class MarkerError(ValueError):
    """A malformed solution marker; the message names the notebook, cell and line."""


# --------------------------------------------------------------------------- one cell

def _enclosing_function(lines: list[str], index: int, indent: str) -> str | None:
    """The name of the innermost ``def`` above line ``index`` that the marker is inside of."""
    for line in reversed(lines[:index]):
        match = _DEF.match(line)
        if match and len(match.group(1)) < len(indent):
            return match.group(2)
    return None


def _python_string(text: str) -> str:
    """``text`` as a Python string literal, double-quoted when possible."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return repr(text)


def scaffold_source(source: str, where: str = "cell") -> str:
    """The student version of one code cell's source: each solution region becomes a scaffold.

    ``where`` names the cell in error messages (e.g. "chapters/01_functions.ipynb, cell 24").
    """
    lines = source.split("\n")
    out: list[str] = []
    begin_line = None  # 0-based line of the open BEGIN marker
    for number, line in enumerate(lines):
        stripped = line.strip()
        mention = _MARKER_MENTION.search(line)
        if mention and stripped not in (BEGIN, END):
            raise MarkerError(
                f"{where}, line {number + 1}: a solution marker must be alone on its line, exactly "
                f"{BEGIN!r} or {END!r} (indentation allowed); found {stripped!r}"
            )
        if stripped == BEGIN:
            if begin_line is not None:
                raise MarkerError(
                    f"{where}, line {number + 1}: nested {BEGIN!r}: the region opened on line "
                    f"{begin_line + 1} is not closed yet"
                )
            begin_line = number
            continue
        if stripped == END:
            if begin_line is None:
                raise MarkerError(f"{where}, line {number + 1}: {END!r} without a {BEGIN!r} before it")
            out.extend(_scaffold(lines, begin_line, number))
            begin_line = None
            continue
        if begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise MarkerError(f"{where}, line {begin_line + 1}: {BEGIN!r} is never closed by {END!r}")
    return "\n".join(out)


def _scaffold(lines: list[str], begin: int, end: int) -> list[str]:
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    first = lines[begin + 1].strip() if begin + 1 < end else ""
    if first.startswith(HINT_PREFIX) and first[len(HINT_PREFIX):].strip():
        hint = first[len(HINT_PREFIX):].strip()
    else:
        function = _enclosing_function(lines, begin, indent)
        hint = f"complete `{function}`" if function else "write the code of this exercise"
        hint += " (see the exercise text above)"
    return [f"{indent}# YOUR CODE HERE", *_raise_lines(indent, hint)]


MAX_LINE = 80  # the book's code column (tests/test_line_lengths.py)


def _raise_lines(indent: str, hint: str) -> list[str]:
    """``raise NotImplementedError(hint)``: on one line if it fits in MAX_LINE, else the hint on lines of its own."""
    line = f"{indent}raise NotImplementedError({_python_string(hint)})"
    inner = indent + " " * 4
    chunks = textwrap.wrap(hint, width=MAX_LINE - len(inner) - 3, break_long_words=False, break_on_hyphens=False)
    chunks = [chunk + " " for chunk in chunks[:-1]] + chunks[-1:]
    if len(line) <= MAX_LINE or not chunks or "".join(chunks) != hint:
        return [line]
    return ([f"{indent}raise NotImplementedError("] + [inner + _python_string(chunk) for chunk in chunks]
            + [f"{indent})"])


def has_solution(source: str) -> bool:
    """True if a code cell's source contains a solution region."""
    return any(line.strip() == BEGIN for line in source.split("\n"))


# --------------------------------------------------------------------------- one notebook

@dataclass(frozen=True)
class Exercise:
    """One exercise of a notebook: the function its solution completes, and where it lies."""

    name: str
    solution_cell: int
    check_cell: int | None  # the next code cell, by convention the check cell


def find_exercises(notebook: dict) -> list[Exercise]:
    """The exercises of a notebook, in order: one per solution region in a code cell."""
    cells = notebook.get("cells", [])
    found = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code":
            continue
        lines = cell_source(cell).split("\n")
        for number, line in enumerate(lines):
            if line.strip() == BEGIN:
                indent = line[: len(line) - len(line.lstrip())]
                name = _enclosing_function(lines, number, indent) or f"cell {index}"
                check = next((j for j in range(index + 1, len(cells))
                              if cells[j].get("cell_type") == "code"), None)
                found.append(Exercise(name, index, check))
    return found


def _source_lines(text: str) -> list[str]:
    """The on-disk form nbformat writes: a list of lines, each keeping its newline."""
    return text.splitlines(keepends=True)


def student_notebook(notebook: dict, name: str = "notebook", stem: str | None = None,
                     pages: dict[str, str] | None = None) -> dict:
    """A new notebook dict: solutions scaffolded, outputs and execution counts cleared, and
    the book's markup written as JupyterLab renders it (:func:`readable_notebook`)."""
    result = readable_notebook(notebook, name, stem, pages)
    for index, cell in enumerate(result.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        text = cell_source(cell)
        new = scaffold_source(text, where=f"{name}, cell {index}")
        if new != text:
            cell["source"] = _source_lines(new)
        cell["outputs"] = []
        cell["execution_count"] = None
    return result


# --------------------------------------------------------------------------- readable in JupyterLab

def readable_notebook(notebook: dict, name: str = "notebook", stem: str | None = None,
                      pages: dict[str, str] | None = None) -> dict:
    """A new notebook dict that reads in plain JupyterLab as the book page reads (solutions kept).

    JupyterLab renders CommonMark, not the book's MyST. Every markdown cell is translated by
    ``course_tools.myst_markdown`` (the decks' translation): glued values become the numbers the
    book shows (taken from this notebook's stored outputs), ``{eq}`` references and labelled
    equations their numbers, admonitions quoted boxes, a link to a label of this notebook a link to
    its heading, a link to another chapter stays a link (the editions sit side by side), and a link to
    a page that is not a notebook (``pages``: {name: title}, e.g. the corrections page) names that
    page of the book. Cells tagged ``remove-cell`` are left out, as the book leaves them out (the
    decks' slide-only figure cells). The code cells lose the book's plumbing (:func:`strip_glue`): the numbers are
    already in the text, and the student's environment has no myst-nb.
    """
    from course_tools import myst_markdown

    stem = stem or Path(name).stem
    result = copy.deepcopy(notebook)
    # A cell the book removes (the decks' slide-only figures) is not part of the page either.
    every = result.get("cells", [])
    cells = result["cells"] = [every[index] for index in kept_cells(result)]
    markdown = [cell_source(cell) for cell in cells if cell.get("cell_type") == "markdown"]
    targets = myst_markdown.target_headings(markdown)
    if pages is None:  # the course's own pages, beside its chapters
        pages = book_pages(ROOT / "chapters")
    link = functools.partial(_jupyterlab_link, targets=targets, pages=pages)
    page = myst_markdown.notebook_page(copy.deepcopy(result), stem, link=link)
    for index, cell in enumerate(cells):
        where = f"{name}, cell {index}"
        text = cell_source(cell)
        if cell.get("cell_type") == "markdown":
            new = myst_markdown.myst_to_commonmark(text, page, where)
        elif cell.get("cell_type") == "code":
            new = strip_glue(text, where)
            cell["outputs"] = [o for o in cell.get("outputs", []) if "scrapbook" not in o.get("metadata", {})]
        else:
            continue
        if new != text:
            cell["source"] = _source_lines(new)
    return result


def kept_cells(notebook: dict) -> list[int]:
    """The indices of ``notebook``'s cells that its editions keep: all but those the book removes."""
    return [index for index, cell in enumerate(notebook.get("cells", []))
            if "remove-cell" not in cell.get("metadata", {}).get("tags", [])]


def jupyterlab_heading_id(title: str) -> str:
    """The id JupyterLab gives a rendered heading: its text, spaces replaced by hyphens."""
    return title.strip().replace(" ", "-")


def _jupyterlab_link(text: str, url: str, targets: dict[str, str], pages: dict[str, str]) -> str:
    """``[text](url)`` of the book, as a link that works in JupyterLab, or the name of the page."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return f"[{text}]({url})"
    path, _, fragment = url.partition("#")
    if not path and fragment in targets:
        return f"[{text or targets[fragment]}](#{jupyterlab_heading_id(targets[fragment])})"
    if not path and f"#{fragment}" in pages:  # a label on another page of the book: {ref}
        return _book_page(text, pages[f"#{fragment}"])
    if not path:
        return text or fragment  # a label the book resolves elsewhere: its text
    page = Path(path).stem
    if path.endswith(".md") or page in pages:
        title = pages.get(page)
        if title is None:
            raise ValueError(f"a link to {url!r} names a page of the book this notebook is not given")
        return _book_page(text, title)
    return f"[{text}]({url})"


def _book_page(text: str, title: str) -> str:
    """A link to a page of the book that is not a notebook, named in the text (it is not beside the notebook)."""
    return f"{text} (“{title}”, in the book)" if text else f"“{title}”, a page of the book"


def book_pages(folder: Path) -> dict[str, str]:
    """{name: title} of the book's Markdown pages beside the chapters (the corrections page), and
    {"#label": title} for each ``(label)=`` target on them (what a ``{ref}`` may point to)."""
    pages = {}
    for path in sorted(Path(folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        heading = re.search(r"^#\s+(.+?)\s*$", text, re.M)
        pages[path.stem] = heading.group(1) if heading else path.stem
        pages |= {f"#{label}": pages[path.stem] for label in re.findall(r"^\(([\w:.-]+)\)=", text, re.M)}
    return pages


_GLUE_IMPORT = ("myst_nb", "glue")


def _is_glue_only(statement: ast.stmt) -> bool:
    """A statement that only glues values for the book: ``glue(...)``, its import, or a block of them."""
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        return isinstance(statement.value.func, ast.Name) and statement.value.func.id == "glue"
    if isinstance(statement, ast.ImportFrom):
        return statement.module == _GLUE_IMPORT[0] and [a.name for a in statement.names] == [_GLUE_IMPORT[1]]
    if isinstance(statement, (ast.If, ast.For, ast.While)) and not statement.orelse:
        return all(_is_glue_only(inner) for inner in statement.body)
    return False


def strip_glue(source: str, where: str = "cell") -> str:
    """A code cell's source without the book's ``glue`` calls and the import of ``myst_nb.glue``.

    Whole statements only (a loop or ``if`` that only glues goes with them); a block that would be
    left empty, or a ``glue`` used any other way, is refused with an error naming the cell.
    """
    if "glue" not in source:
        return source
    try:
        tree = ast.parse(source)
    except SyntaxError:
        raise ValueError(f"{where}: a cell that mentions glue must be plain Python") from None
    drop: list[ast.stmt] = []

    def visit(node: ast.AST) -> None:
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if not isinstance(body, list) or not body or not isinstance(body[0], ast.stmt):
                continue
            glued = [statement for statement in body if _is_glue_only(statement)]
            if glued and len(glued) == len(body) and not isinstance(node, ast.Module):
                raise ValueError(f"{where}, line {body[0].lineno}: a block holds only glue calls; "
                                 f"without them it would be empty")
            drop.extend(glued)
            for statement in body:
                if statement not in glued:
                    visit(statement)
        for handler in getattr(node, "handlers", []):
            visit(handler)

    visit(tree)
    lines = source.split("\n")
    doomed = {number for statement in drop for number in range(statement.lineno - 1, statement.end_lineno)}
    kept = "\n".join(line for number, line in enumerate(lines) if number not in doomed)
    left = ast.parse(kept)
    if any(isinstance(n, ast.Name) and n.id == "glue" or isinstance(n, ast.ImportFrom) and n.module == "myst_nb"
           for n in ast.walk(left)):
        raise ValueError(f"{where}: glue is used other than as a statement `glue(...)`: {kept!r}")
    return kept


def _dumps(notebook: dict) -> str:
    # The layout nbformat.write uses, so the files diff cleanly against the instructor edition.
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _write_if_changed(path: Path, text: str) -> bool:
    """Write atomically, and only when the content differs. True if written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            if path.stat().st_mode & 0o777 != 0o644:
                path.chmod(0o644)  # editions written by an older version were private
            return False
    except FileNotFoundError:
        pass
    atomic_write(path, text, mode=0o644)  # students and JupyterLab must read it
    return True


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


EDITIONS = ("student", "instructor")


def edition_notebook(path: Path, edition: str = "student") -> dict:
    """The student edition of a chapter, or its readable instructor edition (solutions and outputs kept)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    path = Path(path)
    notebook = json.loads(path.read_text(encoding="utf-8"))
    make = student_notebook if edition == "student" else readable_notebook
    return make(notebook, name=_display_name(path), stem=path.stem, pages=book_pages(path.parent))


def generate(notebooks: Iterable[Path], out: Path, keep_existing: bool = False, edition: str = "student",
             layout: str = "flat") -> dict[Path, bool]:
    """Write the ``edition`` of each notebook into ``out`` (same file name).

    ``layout="nbgrader"`` writes ``out/<stem>/<name>`` instead: one assignment per chapter, as
    nbgrader's ``source/`` folder wants it. Returns {output path: True if written, False if
    already up to date (or kept)}. Every notebook is checked before anything is written, so a
    malformed marker leaves ``out`` untouched. ``keep_existing`` never touches a file that
    exists: a student's work.
    """
    out = Path(out)
    texts = {}
    for path in notebooks:
        path = Path(path)
        target = out / path.stem / path.name if layout == "nbgrader" else out / path.name
        texts[target] = _dumps(edition_notebook(path, edition))
    return {target: False if keep_existing and target.exists() else _write_if_changed(target, text)
            for target, text in texts.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course_tools.student_edition",
        description="Generate the student edition of chapter notebooks (solutions replaced by scaffolds), "
                    "or their instructor edition, both readable in plain JupyterLab.",
    )
    parser.add_argument("notebooks", nargs="*", type=Path, help="instructor notebooks (default: chapters/*.ipynb)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--keep-existing", action="store_true",
                        help="never overwrite a notebook that exists in the output folder (a student's work)")
    parser.add_argument("--instructor", action="store_true",
                        help="the instructor edition instead: solutions and outputs kept, readable in JupyterLab")
    parser.add_argument("--nbgrader-source", type=Path, metavar="COURSE",
                        help="write the instructor edition into COURSE/source/<chapter>/ for nbgrader")
    args = parser.parse_args(argv)
    edition = "instructor" if args.instructor or args.nbgrader_source else "student"
    layout = "nbgrader" if args.nbgrader_source else "flat"
    out = args.nbgrader_source / "source" if args.nbgrader_source else args.out
    paths = args.notebooks or chapter_notebooks(Path.cwd() if (Path.cwd() / "chapters").is_dir() else ROOT)
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    try:
        results = generate(paths, out, keep_existing=args.keep_existing, edition=edition, layout=layout)
    except ValueError as error:  # MarkerError, or MyST with no Markdown form
        print(f"error: {error}", file=sys.stderr)
        return 1
    for target, written in results.items():
        print(f"{'wrote' if written else 'kept' if args.keep_existing else 'up to date'}: {_display_name(target)}")
    return 0


# --------------------------------------------------------------------------- the book's download note
# (the Sphinx hooks that add it and write the editions are course_tools/extensions/student_downloads.py)

DOWNLOAD_NOTE = (
    "```{{note}}\n"
    "**Do the exercises yourself:** download the student edition of this chapter, "
    "{{download}}`{name} </{folder}/{name}>`, the same notebook with the solutions removed. "
    "Open it in JupyterLab, complete each exercise and run the check cell after it. "
    "No copy of the course yet? The "
    '<a class="reference download internal" href="../{kit}" download>student kit</a> holds every '
    "chapter's student edition, the course library `lecture_lib` and one setup step (its README).\n"
    "```\n"
)
# The kit is linked by hand and copied into the book when it is built (_copy_kit), not through
# Sphinx's {download}: that would make it a dependency of every chapter page, and any change to
# one chapter (which rebuilds the kit) would make Sphinx re-read them all.
KIT_IN_BOOK = "student-kit.zip"


def build_for_book(root: Path = ROOT, folder: Path = DEFAULT_OUT) -> dict[Path, bool]:
    """Generate the student edition of every chapter into ``root/folder`` (for the book build)."""
    return generate(chapter_notebooks(root), Path(root) / folder)


def add_download_note(notebook_json: str, name: str, folder: str = DEFAULT_OUT.as_posix()) -> str:
    """The notebook text with a download note for its student edition after the first cell.

    Notebooks without a solution region are returned unchanged.
    """
    cells = json.loads(notebook_json).get("cells", [])
    if not any(c.get("cell_type") == "code" and has_solution(cell_source(c)) for c in cells):
        return notebook_json
    return insert_note_cell(notebook_json, DOWNLOAD_NOTE.format(name=name, folder=folder, kit=KIT_IN_BOOK),
                            "student-edition-download")


if __name__ == "__main__":
    sys.exit(main())
