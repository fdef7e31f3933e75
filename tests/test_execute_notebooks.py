"""Regenerating the stored outputs (course_tools/execute_notebooks.py) writes stable files.

Executing an unchanged notebook again must not change the file, or every regeneration
churns notebooks nobody touched and a one-line change hides in a long diff.
"""
from __future__ import annotations

import json

import nbformat

from course_tools import execute_notebooks

VIEW = execute_notebooks.WIDGET_VIEW


def _notebook(*sources):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return notebook


def test_a_widget_keeps_its_text_but_not_its_view():
    notebook = _notebook("explorer()")
    notebook.cells[0].outputs = [nbformat.v4.new_output(
        "execute_result", execution_count=1,
        data={VIEW: {"model_id": "604cde0b12c1", "version_major": 2, "version_minor": 0},
              "text/plain": "tangent explorer (live in JupyterLab: func, a)"})]
    execute_notebooks._drop_widget_views(notebook)
    assert notebook.cells[0].outputs[0]["data"] == {"text/plain": "tangent explorer (live in JupyterLab: func, a)"}


def test_regenerating_twice_writes_the_same_file(tmp_path):
    """A widget (random model id), and printed output that reaches the kernel in two chunks."""
    path = tmp_path / "stable.ipynb"
    nbformat.write(_notebook(
        "import time\nprint('first', flush=True)\ntime.sleep(0.3)\nprint('second')",
        "import ipywidgets\nipywidgets.IntSlider(value=3)",
    ), path)
    execute_notebooks.execute(path)
    first = path.read_bytes()
    execute_notebooks.execute(path)
    assert path.read_bytes() == first
    cells = json.loads(first)["cells"]
    assert [o["text"] for o in cells[0]["outputs"]] == [["first\n", "second\n"]]  # one stream, not two
    assert all(VIEW not in o.get("data", {}) for o in cells[1]["outputs"])
    assert "widgets" not in json.loads(first)["metadata"]
