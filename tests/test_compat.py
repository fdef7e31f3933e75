"""What each trick of course_tools/compat.py (and the few listed there that live elsewhere) relies
on in a third-party library. An upgrade that changes it fails here, naming the trick and why,
instead of as a slow build, a stale page or a wrong comparison far from its cause."""
from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from course_tools import compat, project

ROOT = Path(__file__).resolve().parent.parent


def _source(obj) -> str:
    return textwrap.dedent(inspect.getsource(obj))


# --------------------------------------------------------------------------- 1. the slow optional import


def test_jsonschema_still_imports_rfc3987_syntax_and_nbformat_works_without_it():
    probe = ("import sys, nbformat\n"
             "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
             "nbformat.validate(nb)\n"
             "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)\n")
    plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    skipped = subprocess.run(compat.python_command(probe), capture_output=True, text=True)
    assert plain.stdout.strip() == "True", (
        "importing nbformat no longer imports rfc3987_syntax: compat.skip_slow_optional_imports is useless now, "
        "remove it (and -p course_tools.compat in pyproject.toml)")
    assert skipped.returncode == 0 and skipped.stdout.strip() == "False", (
        "nbformat no longer works with rfc3987_syntax made unimportable (compat.skip_slow_optional_imports):\n"
        + skipped.stderr[-2000:])


def test_the_test_command_loads_compat_first():
    options = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "-p course_tools.compat" in options
    assert sys.modules.get("rfc3987_syntax", "absent") is None, "this pytest process imported rfc3987_syntax"


# --------------------------------------------------------------------------- 2. nbformat without validation


def test_a_notebook_read_without_validation_is_what_myst_nb_reads_and_hashes_the_same():
    import myst_nb.core.read
    import nbformat
    from jupyter_cache import get_cache

    assert "nbf.reads(text, as_version=NOTEBOOK_VERSION)" in _source(myst_nb.core.read), (
        "myst-nb no longer reads notebooks with nbformat.reads: check that compat.notebook_node still gives "
        "what it reads (the build's cache lookups depend on equal hashes)")
    path = project.chapter_notebooks(ROOT)[0]
    ours = project.read_notebook(path)
    theirs = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    assert ours == theirs, "compat.notebook_node no longer gives what nbformat.reads gives (private rwbase helpers?)"
    cache = get_cache(str(ROOT / project.BUILD_DIR / ".compat_test_cache"))
    assert cache.create_hashed_notebook(ours)[1] == cache.create_hashed_notebook(theirs)[1]


# --------------------------------------------------------------------------- 3. the held Sphinx build


def test_jupyter_book_builds_through_sphinx_build():
    import jupyter_book.sphinx

    assert "app.build(" in _source(jupyter_book.sphinx), (
        "jupyter-book no longer calls Sphinx.build: the held build (compat.run_held) would not be held")


def test_a_held_build_asks_its_gate_first(monkeypatch):
    from sphinx.application import Sphinx

    monkeypatch.setattr(Sphinx, "build", lambda app, *args, **kwargs: ("built", app))  # restored afterwards
    asked = []

    def gate(answer):
        return lambda app: asked.append(app) or answer

    assert compat.run_held(lambda: Sphinx.build("app"), gate(True), 3) == ("built", "app")
    with pytest.raises(SystemExit) as stopped:
        compat.run_held(lambda: Sphinx.build("other"), gate(False), 3)
    assert stopped.value.code == 3 and asked == ["app", "other"]


def test_the_html_builder_keeps_its_templates_in_a_jinja_environment():
    from sphinx.jinja2glue import BuiltinTemplateLoader

    assert "self.environment = SandboxedEnvironment(" in _source(BuiltinTemplateLoader.init), (
        "Sphinx's template loader has no Jinja environment any more: compat.cache_templates caches nothing")


# --------------------------------------------------------------------------- 4. section numbers


def test_the_toc_collector_still_numbers_sections_in_assign_section_numbers():
    from sphinx_external_toc.collectors import TocTreeCollectorWithStyles

    source = _source(TocTreeCollectorWithStyles.assign_section_numbers)
    assert "toc_secnumbers" in source and "return" in source, (
        "sphinx-external-toc changed assign_section_numbers: check compat.fix_section_numbering against it")


# --------------------------------------------------------------------------- 5. xdist's scopes


def test_xdist_loadscope_groups_tests_by_its_split_scope():
    from xdist.scheduler import LoadScopeScheduling

    assert "self._split_scope(" in _source(LoadScopeScheduling), (
        "pytest-xdist no longer groups by _split_scope: the browser modules would no longer share one worker "
        "(compat.scope_scheduler, tests/conftest.py)")


# --------------------------------------------------------------------------- elsewhere


def _calls_and_strings(code: str) -> set[str]:
    import ast

    tree = ast.parse(textwrap.dedent(code))
    return ({ast.unparse(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
            | {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
            | {ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.Attribute)})


def test_nbvals_runtest_still_ends_as_copied_in_notebook_runs():
    """tests/notebook_runs.py's CachedCell.runtest copies the end of nbval's IPyNbCell.runtest: every
    call, attribute and message of the copy is still in nbval's."""
    import notebook_runs
    from nbval.plugin import IPyNbCell

    copied = _source(notebook_runs.CachedCell.runtest).split("# From here on exactly nbval's IPyNbCell.runtest.")[1]
    missing = _calls_and_strings(copied) - _calls_and_strings(_source(IPyNbCell.runtest))
    assert not missing, (f"nbval's IPyNbCell.runtest no longer has {sorted(missing)}, which tests/notebook_runs.py "
                         "copied from it: copy its new ending into CachedCell.runtest")


def test_matplotlib_html_writer_keeps_frames_in_saved_frames():
    """lecture_lib/explorers.py's _SmallFramesWriter appends its own PNGs to ``_saved_frames``."""
    from matplotlib.animation import HTMLWriter

    for method in (HTMLWriter.setup, HTMLWriter.grab_frame, HTMLWriter.finish):
        assert "self._saved_frames" in _source(method), (
            f"matplotlib's HTMLWriter.{method.__name__} no longer uses _saved_frames: the explorers' small frames "
            "(lecture_lib/explorers.py, _SmallFramesWriter) would be lost")


def test_a_figure_keeps_an_attribute_and_clear_empties_its_axes():
    """lecture_lib/explorers.py keeps a figure's artists on ``fig._explorer_artists`` and tells a
    cleared figure by its axes being gone."""
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    fig._explorer_artists = ("build", {"ax": ax})
    fig.clear()
    assert fig._explorer_artists[1]["ax"] not in fig.axes, "Figure.clear() keeps the axes: a cleared figure " \
        "would not be drawn anew (lecture_lib/explorers.py, _artists)"


def test_myst_nbs_glue_functions_are_where_the_decks_and_the_student_edition_import_them():
    from myst_nb.core.variables import format_plain_text
    from myst_nb.ext.glue import extract_glue_data_cell

    assert list(inspect.signature(extract_glue_data_cell).parameters) == ["cell"]
    assert "fmt_spec" in inspect.signature(format_plain_text).parameters or \
        len(inspect.signature(format_plain_text).parameters) == 2
