"""Executing a notebook twice gives the same outputs, in everything nbval compares.

Two executions are compared without paying for a third when they agree:

1. the outputs stored in ``chapters/*.ipynb`` (an execution by course_tools/execute_notebooks.py);
2. the book build's execution in the jupyter-cache (``executed_cache`` fixture: made fresh
   for the current code and lecture_lib, re-executed when either changed).

If they differ, a fresh execution decides: if it equals (2), the notebook is
deterministic and the stored outputs are merely out of date (nbval fails on that, with a
diff; regenerate them with course_tools/execute_notebooks.py), and this test passes with a
warning; if it differs from (2), the notebook is not reproducible and this test fails.
Notebooks outside the table of contents (not executed by the build) are executed here.

Compared like nbval compares: every output except images, widget views, metadata and
execution counts (so text/plain, text/html, text/markdown, stdout, stderr and errors),
streams merged by name, after the sanitizer tests/nbval_sanitize.cfg, skipping cells
marked NBVAL_IGNORE_OUTPUT / NBVAL_SKIP. A difference means unseeded randomness,
addresses, timings, unordered sets... and stored outputs that cannot be a stable nbval
reference.

One class per notebook, so pytest-xdist (--dist loadscope) spreads the notebooks over
the workers.
"""
from __future__ import annotations

import copy
import re
import sys
import warnings
from pathlib import Path

from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    transform_streams_for_comparison,
)

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
SANITIZE = get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text())
# nbval's own exclusions (nbval.plugin.IPyNbFile.skip_compare without --nbdime).
NOT_COMPARED = {"metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg"}


def sanitize(value):
    if isinstance(value, list):
        value = "".join(value)
    if not isinstance(value, str):
        return value
    for regex, replacement in SANITIZE:
        value = re.sub(regex, replacement, value)
    return value


def compared(cell) -> dict[str, list]:
    """The outputs of a code cell as nbval compares them: {key or mime type: [values]}."""
    flat: dict[str, list] = {}
    # Like nbval: streams of one name merged (chunking varies), then keyed by stream name.
    outputs = coalesce_streams(copy.deepcopy(cell.get("outputs", [])))
    for output in transform_streams_for_comparison(outputs):
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
    markers = dict(find_comment_markers(cell.source))
    markers.update(find_metadata_tags(cell.metadata) or {})
    return markers.get("skip", False) or markers.get("check", True) is False


def differences(first, second) -> list[str]:
    code = lambda nb: [c for c in nb.cells if c.cell_type == "code"]  # noqa: E731
    cells_1, cells_2 = code(first), code(second)
    assert len(cells_1) == len(cells_2), "the two executions have different code cells"
    found = []
    for index, (one, two) in enumerate(zip(cells_1, cells_2)):
        if ignored(one):
            continue
        a, b = compared(one), compared(two)
        if a != b:
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            detail = "; ".join(f"{k}: {str(a.get(k))[:300]!r} vs {str(b.get(k))[:300]!r}" for k in keys)
            found.append(f"code cell {index} ({one.source.splitlines()[0][:60] if one.source else ''!r}): {detail}")
    return found


def _check(name: str, executed_cache, build_book_module):
    path = ROOT / "chapters" / name
    stored = build_book_module.read_notebook(path)
    built = build_book_module.cached_execution(ROOT, path)
    if built is None:
        # Not in the table of contents, so the build does not execute it.
        run = build_book_module.execute_notebook(path, ROOT)
        assert run.error is None, f"{name} failed to execute: {run.error}"
        built = run.notebook
    if not differences(stored, built):
        return
    fresh = build_book_module.execute_notebook(path, ROOT)
    assert fresh.error is None, f"{name} failed on its second execution: {fresh.error}"
    found = differences(built, fresh.notebook)
    assert not found, f"{name} gives different outputs on two executions:\n" + "\n".join(found)
    warnings.warn(f"{name}: deterministic, but its stored outputs are out of date "
                  f"(regenerate with course_tools/execute_notebooks.py {path.relative_to(ROOT)})")


def _make_class(name: str):
    def test_two_executions_give_identical_outputs(self, executed_cache, build_book_module):
        _check(name, executed_cache, build_book_module)

    class_name = "TestDeterminism_" + Path(name).stem
    return class_name, type(class_name, (), {"test_two_executions_give_identical_outputs":
                                             test_two_executions_give_identical_outputs})


for _path in CHAPTERS:
    _class_name, _class = _make_class(_path.name)
    setattr(sys.modules[__name__], _class_name, _class)


def test_there_are_notebooks_to_compare():
    assert CHAPTERS, "no chapters/*.ipynb found"


def test_the_comparison_notices_a_changed_output():
    """The comparison is not vacuous: it sees stdout, text/plain and stderr changes, not PNGs."""
    import nbformat

    def notebook(stdout, plain, stderr, png):
        cell = nbformat.v4.new_code_cell("x")
        cell.outputs = [
            nbformat.v4.new_output("stream", name="stdout", text=stdout),
            nbformat.v4.new_output("stream", name="stderr", text=stderr),
            nbformat.v4.new_output("execute_result", data={"text/plain": plain, "image/png": png}, execution_count=1),
        ]
        return nbformat.v4.new_notebook(cells=[cell])

    base = notebook("1.0\n", "2", "", "AAAA")
    assert differences(base, notebook("1.0\n", "2", "", "BBBB")) == []          # PNG ignored, like nbval
    assert differences(base, notebook("1.1\n", "2", "", "AAAA"))
    assert differences(base, notebook("1.0\n", "3", "", "AAAA"))
    assert differences(base, notebook("1.0\n", "2", "warning\n", "AAAA"))
    at_1 = notebook("<Figure at 0x7f01>\n", "2", "", "AAAA")
    assert differences(at_1, notebook("<Figure at 0x7f99>\n", "2", "", "AAAA")) == []  # sanitized, like nbval
