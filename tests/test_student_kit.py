"""The student kit alone is enough: a fresh virtual environment made from it runs a student notebook.

This is what a student with only the book (or a notebook from the instructor) does: unzip the
kit, follow its README's one setup step, run a chapter. Every check must say "Not yet written".
"""
from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from course_tools import student_kit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("kit")
    path, _ = student_kit.build(ROOT, folder / "student-kit.zip")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder / "student-kit"


def test_the_kit_holds_every_student_notebook_and_no_solution(kit):
    names = sorted(p.name for p in (kit / "notebooks").glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "chapters").glob("*.ipynb"))
    for path in (kit / "notebooks").glob("*.ipynb"):
        assert "### BEGIN SOLUTION" not in path.read_text(encoding="utf-8"), path.name
    assert len(list(kit.glob("lecture_lib-*.whl"))) == 1
    assert "pip install -r requirements.txt" in (kit / "README.md").read_text(encoding="utf-8")


def test_the_kit_pins_what_the_notebooks_need(kit):
    pins = dict(line.split("==") for line in (kit / "requirements.txt").read_text().split())
    assert set(pins) == set(student_kit.PACKAGES)
    project = (ROOT / "requirements.txt").read_text()
    assert all(f"{name}=={version}" in project for name, version in pins.items())


def test_the_same_inputs_give_the_same_kit(tmp_path):
    first, _ = student_kit.build(ROOT, tmp_path / "a.zip")
    second, _ = student_kit.build(ROOT, tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()


def test_a_fresh_environment_from_the_kit_runs_a_student_notebook(kit, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    wheel = next(kit.glob("lecture_lib-*.whl"))
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt", wheel.name],
                             cwd=kit, capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    notebook = kit / "notebooks" / "02_derivatives.ipynb"
    run = subprocess.run([str(env_dir / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
                          "--output", "executed.ipynb", "--output-dir", str(tmp_path), str(notebook)],
                         cwd=kit / "notebooks", capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    executed = json.loads((tmp_path / "executed.ipynb").read_text(encoding="utf-8"))
    checks = ["".join(o["data"]["text/plain"]) for c in executed["cells"] if c["cell_type"] == "code"
              and "check(" in "".join(c["source"]) and "def " not in "".join(c["source"])
              for o in c["outputs"] if o.get("output_type") == "execute_result"]
    assert len(checks) == 3 and all(text.startswith("Not yet written") for text in checks), checks
    # the kit's lecture_lib is the installed wheel, not this repository's
    where = subprocess.run([str(python), "-c", "import lecture_lib; print(lecture_lib.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert str(env_dir) in where.stdout
