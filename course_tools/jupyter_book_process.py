"""The ``jupyter-book build`` process, started early and held before Sphinx reads a page.

The book build (course_tools/build_book.py) starts it while the notebooks execute: its imports,
configuration, pickled environment and the extensions' set-up (student edition, student kit) read
no execution. It then waits for the line ``go`` on its standard input (:meth:`HeldJupyterBook.go`)
before Sphinx reads and writes the pages, and in the meantime compiles the HTML templates (kept in
Jinja's bytecode cache, ``_build/.jinja_bytecode``) and the code lexers, which writing any page
first pays in a new process. The patch that holds it is ``course_tools.compat.run_held``.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from course_tools import compat
from course_tools.project import kernel_environment

def without_slow_imports(module: str) -> list[str]:
    """The command that runs ``module``'s ``main()`` (a console script) without the slow import
    (course_tools.compat)."""
    return compat.python_command(f"from {module} import main; sys.exit(main())")


def jupyter_book_command(fresh: bool) -> list[str]:
    """`jupyter-book build -W -n --keep-going [--all] .`, started without the slow import and
    held before Sphinx reads a page until ``go`` arrives on its standard input (:class:`HeldJupyterBook`)."""
    return (compat.python_command("from course_tools.jupyter_book_process import held_jupyter_book; "
                                  "sys.exit(held_jupyter_book())")
            + ["build", "-W", "-n", "--keep-going"] + (["--all"] if fresh else []) + ["."])


GO = "go"
STOPPED = 3  # the exit code of a held jupyter-book told to stop


def held_jupyter_book() -> int:
    """jupyter-book's ``main()``, whose Sphinx application waits for the line ``go`` on standard
    input before it builds (reads and writes the pages); any other line, or the end of input,
    ends the process with code 3, no page read. Everything before, the imports, the configuration,
    the pickled environment, the extensions' set-up (student edition, student kit), is done while
    the notebooks execute: none of it reads an execution (course_tools.compat.run_held)."""
    from jupyter_book.cli.main import main

    def gate(app) -> bool:
        warm_up(app)
        return sys.stdin.readline().strip() == GO

    return compat.run_held(main, gate, STOPPED)


# The lexers of the book's code cells and outputs (myst-nb's defaults for an IPython kernel).
LEXERS = ("ipython3", "python", "myst-ansi", "ipythontb")


def warm_up(app) -> None:
    """While held, what writing any page first pays in a new process: the HTML templates are
    compiled once and kept in Jinja's bytecode cache (``_build/.jinja_bytecode``), and the code
    lexers compile their patterns."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    compat.cache_templates(app, Path(app.outdir).parent / ".jinja_bytecode")
    for name in LEXERS:
        try:
            get_lexer_by_name(name)
        except ClassNotFound:  # not installed: Sphinx will say so where a page uses it
            pass


class HeldJupyterBook:
    """The jupyter-book process, started early and held (see ``held_jupyter_book``)."""

    def __init__(self, root: Path, fresh: bool, capture: bool):
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8") if capture else None
        self.process = subprocess.Popen(jupyter_book_command(fresh), cwd=root, env=kernel_environment(root),
                                        text=True, stdin=subprocess.PIPE, stdout=self.output,
                                        stderr=subprocess.STDOUT if capture else None)

    def go(self) -> int:
        """Let it build; its exit code."""
        try:
            self.process.stdin.write(GO + "\n")
            self.process.stdin.close()
        except BrokenPipeError:  # it failed while starting: its exit code and output tell why
            pass
        return self.process.wait()

    def stop(self) -> None:
        """Let it end without building (if it has not failed already)."""
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        self.process.wait()

    def log(self) -> str:
        if self.output is None:
            return ""
        self.output.seek(0)
        text = self.output.read()
        self.output.close()
        return text
