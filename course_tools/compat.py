"""Every trick the course's machinery plays on a third-party library, in one place.

Each is worth its speed or its fix, and each relies on something the library does not promise:
a private name, a function's body, the order of its imports. ``tests/test_compat.py`` asserts,
for each, the third-party behaviour it relies on, so that an upgrade fails *there*, naming the
trick and why, instead of as a slow build or a wrong page far from its cause. This module
imports nothing of the course (``course_tools.project`` builds on it).

Here:

1. :func:`skip_slow_optional_imports` — jsonschema imports ``rfc3987_syntax`` (~2 s of CPU) in
   every process that imports nbformat; done when this module is imported, so the test command
   loads it first (``-p course_tools.compat`` in pyproject.toml), and :func:`python_command`
   does it in the ``jupyter-book`` process.
2. :func:`notebook_node` — nbformat's reading without its schema validation (its private
   ``rejoin_lines`` / ``strip_transient``), hashed exactly as myst-nb hashes what it reads.
3. :func:`run_held` — ``Sphinx.build`` replaced, in the ``jupyter-book`` child only, by one that
   first asks a gate (the book build waits for its notebooks there) and warms Jinja's templates.
4. :func:`fix_section_numbering` — sphinx-external-toc's ``assign_section_numbers`` wrapped so it
   names only the pages whose numbers changed (``course_tools/extensions/toc_numbers.py``).
5. :func:`scope_scheduler` — pytest-xdist's ``LoadScopeScheduling`` with its private
   ``_split_scope`` overridden (the browser modules share one scope; tests/conftest.py).

Elsewhere, tested in tests/test_compat.py all the same:

- ``tests/notebook_runs.py``: ``CachedCell.runtest`` copies the end of nbval's ``IPyNbCell.runtest``
  (comparison of a shared execution's outputs).
- ``lecture_lib/explorers.py``: matplotlib's ``HTMLWriter._saved_frames`` (frames kept as small
  PNGs), and each figure's artists kept on ``fig._explorer_artists`` (the lecture's library does
  not import the machinery, so these stay beside the code that needs them).
- ``course_tools/slides.py``, ``course_tools/myst_markdown.py``: myst-nb's glue functions
  (``myst_nb.ext.glue.extract_glue_data_cell``, ``myst_nb.core.variables.format_plain_text``).
"""
from __future__ import annotations

import sys
from typing import Callable

# --------------------------------------------------------------------------- 1. a slow optional import

#: Optional modules that jsonschema imports if installed (through jupyter-events, rfc3987_syntax is:
#: it compiles ~40 grammars at import) and that nothing here needs: they check only the "iri"
#: string formats, which no schema used here relies on.
SLOW_OPTIONAL_IMPORTS = ("rfc3987_syntax",)


def skip_slow_optional_imports(modules: dict = sys.modules) -> None:
    """Make ``import rfc3987_syntax`` fail at once (an ImportError, which jsonschema expects of an
    optional package) in this process: about 2 s of CPU saved in every process importing nbformat."""
    for name in SLOW_OPTIONAL_IMPORTS:
        modules.setdefault(name, None)


def python_command(code: str) -> list[str]:
    """``python -c code`` in a new process that skips the slow optional imports first."""
    skip = "".join(f"sys.modules[{name!r}] = None; " for name in SLOW_OPTIONAL_IMPORTS)
    return [sys.executable, "-c", "import sys; " + skip + code]


# Imported first by the test command and by the book build: done here, once, before nbformat.
skip_slow_optional_imports()


# --------------------------------------------------------------------------- 2. nbformat without validation


def notebook_node(data: dict):
    """A notebook's JSON (version 4) as nbformat's NotebookNode, as ``nbformat.reads`` makes it but
    without validating against the schema, which takes seconds for notebooks carrying large outputs
    (animations): the jupyter-cache hash of the result must equal the one of what myst-nb reads."""
    import nbformat
    from nbformat.v4.rwbase import rejoin_lines, strip_transient

    return strip_transient(rejoin_lines(nbformat.from_dict(data)))


# --------------------------------------------------------------------------- 3. a held Sphinx build


def run_held(main: Callable[[], int], gate: Callable[[object], bool], stopped: int) -> int:
    """Run ``main()`` (jupyter-book's command line) with every Sphinx application asking
    ``gate(app)`` before it builds (reads and writes the pages): False ends the process with code
    ``stopped``, no page read. Meant for a child process of its own: the patch is never undone."""
    from sphinx.application import Sphinx

    build = Sphinx.build

    def build_after_gate(app, *args, **kwargs):
        if not gate(app):
            raise SystemExit(stopped)
        return build(app, *args, **kwargs)

    Sphinx.build = build_after_gate
    return main()


def cache_templates(app, folder) -> None:
    """Keep the HTML builder's compiled Jinja templates in ``folder`` (Jinja's bytecode cache, each
    entry checked against its template's source): a new process then does not compile them again."""
    from jinja2 import FileSystemBytecodeCache

    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        folder.mkdir(parents=True, exist_ok=True)
        templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


# --------------------------------------------------------------------------- 4. section numbers


def fix_section_numbering() -> None:
    """sphinx-external-toc's collector tells Sphinx which pages have new section numbers by
    comparing the numbers *before* its own renumbering with those kept *after* it, so a chapter
    with two top-level headings is written again by every build. Wrapped (once per process) to
    name the pages whose final numbers differ from the last build's."""
    from sphinx_external_toc.collectors import TocTreeCollectorWithStyles

    assign = TocTreeCollectorWithStyles.assign_section_numbers
    if getattr(assign, "course_tools_fixed", False):
        return

    def assign_section_numbers(self, env):
        before = {doc: dict(numbers) for doc, numbers in env.toc_secnumbers.items()}
        assign(self, env)
        return [doc for doc, numbers in env.toc_secnumbers.items() if numbers != before.get(doc)]

    assign_section_numbers.course_tools_fixed = True
    TocTreeCollectorWithStyles.assign_section_numbers = assign_section_numbers


# --------------------------------------------------------------------------- 5. xdist's scopes


def scope_scheduler(config, log, scope_of: Callable[[str], str]):
    """pytest-xdist's ``--dist loadscope`` scheduler, with ``scope_of(nodeid)`` deciding which tests
    go to one worker together (xdist's own grouping is its private ``_split_scope``)."""
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return Scheduling(config, log)
