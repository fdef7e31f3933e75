"""The shared notebook executions (tests/notebook_runs.py) and how nbval failures read.

The end-to-end test runs pytest on a small copy of the project (one notebook whose stored
output is wrong, already executed into the cache as `make book` leaves it): nbval must
reuse that execution instead of executing again, name the notebook cell (JupyterLab's
index and its In [n], not nbval's "Cell 1"), show the change as a diff, and give the
command that regenerates the stored outputs.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
from nbval.plugin import NbCellError

from notebook_runs import explain_failure, output_diff, where

ROOT = Path(__file__).resolve().parent.parent


def _notebook(stored_stdout: str):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    cell = nbformat.v4.new_code_cell("print(1 + 1)", execution_count=2)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored_stdout)]
    notebook.cells = [nbformat.v4.new_markdown_cell("# Tiny"), nbformat.v4.new_code_cell("x = 1", execution_count=1),
                      cell]
    return notebook


def _stdout(text):
    return [nbformat.v4.new_output("stream", name="stdout", text=text)]


def test_output_diff_shows_the_changed_lines_and_ignores_images():
    diff = output_diff(_stdout("a\nb\n"), _stdout("a\nc\n"))
    assert "stdout:" in diff and "-b" in diff and "+c" in diff and "-a" not in diff
    png = lambda data: [nbformat.v4.new_output("display_data", data={"image/png": data})]  # noqa: E731
    assert output_diff(png("AAAA"), png("BBBB")) == ""  # nbval does not compare images either


def test_where_counts_cells_as_jupyterlab_does():
    notebook = _notebook("3\n")
    text = where(ROOT / "chapters" / "tiny.ipynb", notebook, 1)  # nbval's "Cell 1": the second code cell
    assert text.startswith("chapters/tiny.ipynb, cell 2 of 3 (In [2]): 'print(1 + 1)'")


def test_a_mismatch_names_the_cell_the_change_and_the_command():
    notebook = _notebook("3\n")
    item = SimpleNamespace(fspath=ROOT / "chapters" / "tiny.ipynb", parent=SimpleNamespace(nb=notebook),
                           cell_num=1, cell=notebook.cells[2], test_outputs=_stdout("2\n"))
    message = explain_failure(item, NbCellError(1, "Cell outputs differ", "print(1 + 1)", "nbval's own text"))
    assert "chapters/tiny.ipynb, cell 2 of 3 (In [2])" in message
    assert "-3" in message and "+2" in message
    assert "python -m course_tools.execute_notebooks chapters/tiny.ipynb" in message


def _small_project(target: Path) -> Path:
    for name in ("pyproject.toml", "conftest.py", "_config.yml", "requirements.txt"):
        shutil.copy2(ROOT / name, target / name)
    (target / "tests").mkdir()
    for name in ("conftest.py", "notebook_runs.py", "nbval_sanitize.cfg"):
        shutil.copy2(ROOT / "tests" / name, target / "tests" / name)
    (target / "chapters").mkdir()
    nbformat.write(_notebook("3\n"), target / "chapters" / "01_tiny.ipynb")
    return target


def _pytest(project: Path) -> str:
    process = subprocess.run([sys.executable, "-m", "pytest", "-n", "0", "chapters"],
                             cwd=project, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
    assert process.returncode == 1, process.stdout[-3000:]
    return process.stdout


def test_nbval_compares_with_the_cached_execution_and_explains_the_change(tmp_path, build_book_module):
    project = _small_project(tmp_path)
    notebook = project / "chapters" / "01_tiny.ipynb"
    # What `make book` leaves behind: a fresh execution in the cache. pytest must reuse it.
    assert build_book_module.prepare(project, notebooks=[notebook], capture=True).executed == ["chapters/01_tiny.ipynb"]
    output = _pytest(project)
    assert "notebook executions: 0; reused fresh from the cache: 1" in output, output[-1500:]
    assert "chapters/01_tiny.ipynb, cell 2 of 3 (In [2]): 'print(1 + 1)'" in output, output[-3000:]
    assert "-3" in output and "+2" in output
    assert "python -m course_tools.execute_notebooks chapters/01_tiny.ipynb" in output
