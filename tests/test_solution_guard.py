"""course_tools.extensions.solution_guard: a strict build refuses a chapter whose solution fails its check."""
from __future__ import annotations

import subprocess
import sys

import nbformat

CONF = """
extensions = ["myst_nb", "course_tools.extensions.solution_guard"]
nb_execution_mode = "off"
exclude_patterns = ["_build"]
"""


def _project(tmp_path, outputs: dict[str, str]):
    """A one-page book whose check cells (exercise number → stored output) were executed."""
    (tmp_path / "conf.py").write_text(CONF)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# Chapter")]
    for count, (number, text) in enumerate(outputs.items(), start=1):
        check = nbformat.v4.new_code_cell(f'check("{number}")', execution_count=count)
        check.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": text}, execution_count=count)]
        notebook.cells.append(check)
    nbformat.write(notebook, tmp_path / "index.ipynb")
    return tmp_path


def _build(project):
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html", str(project),
                           str(project / "_build")], capture_output=True, text=True, timeout=300)


def test_a_failing_solution_stops_the_strict_build_naming_the_exercise(tmp_path):
    result = _build(_project(tmp_path, {
        "2.1": "Correct: `forward_diff` gives the expected result for all 5 inputs tried.",
        "2.2": "Wrong: the result of `central_diff` is not the expected value.",
        "2.3": "Not yet written: `tangent_line` still raises NotImplementedError.",
    }))
    assert result.returncode != 0
    assert "exercise 2.1" not in result.stderr
    assert "exercise 2.2: the instructor solution does not pass its own check: Wrong: the result" in result.stderr
    assert "exercise 2.3: the instructor solution does not pass its own check: Not yet written" in result.stderr


def test_passing_solutions_build(tmp_path):
    result = _build(_project(tmp_path, {"2.1": "Correct: `forward_diff` gives the expected result."}))
    assert result.returncode == 0, result.stderr
