"""The student kit alone is enough: a virtual environment made from it runs a student notebook.

This is what a student with only the book (or a notebook from the instructor) does: unzip the
kit, follow its README's one setup step, run a chapter. Every check must say "Not yet written".

The kit pins every package it needs, dependencies included, so the environment its
requirements.txt gives is always the same one: it is made once per set of pins (and Python)
under ``~/.cache/nn-course-kit-env/`` (``$XDG_CACHE_HOME`` if set) and reused, which spares each
test run a minute or more of pip. Every run then installs the kit's own wheel into it,
offline, and proves the environment is exactly the pins plus lecture_lib (``pip freeze``,
``pip check``), so nothing from this project or an earlier run can stand in for the kit.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import re
import shutil
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


def _pins(kit: Path) -> dict[str, str]:
    lines = [line for line in (kit / "requirements.txt").read_text().splitlines() if not line.startswith("#")]
    return {student_kit._canonical(name): version for name, version in (line.split("==") for line in lines)}


def test_the_kit_pins_what_the_notebooks_need_and_everything_that_needs(kit):
    pins = _pins(kit)
    assert {student_kit._canonical(name) for name in student_kit.PACKAGES} <= set(pins)
    assert set(pins) == set(student_kit.dependency_closure()), "every dependency is pinned, nothing else"
    project = {student_kit._canonical(line.split("==")[0]): line.split("==")[1]
               for line in (ROOT / "requirements.txt").read_text().split() if "==" in line}
    assert all(project[name] == version for name, version in pins.items()), "the kit's pins are the course's"


def test_the_same_inputs_give_the_same_kit(kit, tmp_path):
    again, _ = student_kit.build(ROOT, tmp_path / "again.zip")
    assert again.read_bytes() == (kit.parent / "student-kit.zip").read_bytes()


def _clean_environment() -> dict:
    """A student's environment: no PYTHONPATH or virtualenv of this project leaking in."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(ROOT)))
    return env


def _run(command, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True, timeout=900,
                            env=_clean_environment(), **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
    return result


def kit_environment(kit: Path) -> Path:
    """The virtual environment the kit's requirements.txt gives (made once per pins and Python)."""
    requirements = (kit / "requirements.txt").read_bytes()
    key = hashlib.sha256(requirements + sys.version.encode() + platform.platform().encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nn-course-kit-env"
    cache.mkdir(parents=True, exist_ok=True)
    env_dir, done = cache / key, cache / f"{key}.done"
    with open(cache / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run may be making the same one
        if not done.is_file():
            shutil.rmtree(env_dir, ignore_errors=True)
            venv.create(env_dir, with_pip=True)
            _run([env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", kit / "requirements.txt"],
                 cwd=kit)
            done.write_text(requirements.decode())
    return env_dir


def test_an_environment_from_the_kit_alone_runs_a_student_notebook(kit, tmp_path):
    env_dir = kit_environment(kit)
    python = env_dir / "bin" / "python"
    wheel = next(kit.glob("lecture_lib-*.whl"))
    # This run's wheel, offline: the environment's only other source is the kit's pins.
    _run([python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--force-reinstall", wheel.name],
         cwd=kit)
    _run([python, "-m", "pip", "check"])
    frozen = _run([python, "-m", "pip", "freeze", "--all", "--exclude", "pip", "--exclude", "setuptools"]).stdout
    installed = {student_kit._canonical(re.split(r"==| @ ", line)[0]) for line in frozen.splitlines()}
    assert installed == set(_pins(kit)) | {"lecture-lib"}, installed ^ (set(_pins(kit)) | {"lecture-lib"})
    notebook = kit / "notebooks" / "06_matrix_graph.ipynb"  # two exercises, one of the quickest chapters
    _run([env_dir / "bin" / "jupyter", "nbconvert", "--to", "notebook", "--execute",
          "--output", "executed.ipynb", "--output-dir", tmp_path, notebook], cwd=kit / "notebooks")
    executed = json.loads((tmp_path / "executed.ipynb").read_text(encoding="utf-8"))
    checks = ["".join(o["data"]["text/plain"]) for c in executed["cells"] if c["cell_type"] == "code"
              and "check(" in "".join(c["source"]) and "def " not in "".join(c["source"])
              for o in c["outputs"] if o.get("output_type") == "execute_result"]
    assert len(checks) == 2 and all(text.startswith("Not yet written") for text in checks), checks
    # the kit's lecture_lib is the installed wheel, not this repository's
    where = _run([python, "-c", "import lecture_lib; print(lecture_lib.__file__)"], cwd=tmp_path)
    assert str(env_dir) in where.stdout, where.stdout
