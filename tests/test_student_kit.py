"""The student kit alone is enough: a virtual environment made from it runs a student notebook.

This is what a student with only the book (or a notebook from the instructor) does: unzip the
kit, follow its README's one setup step, run the chapters. Every chapter runs there, as the
student gets it (every check says "Not yet written") and with the instructor's solutions filled
in (the instructor edition: every check says "Correct").

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

from course_tools import project, student_kit

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


def _cache_dir() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nn-course-kit-env"
    cache.mkdir(parents=True, exist_ok=True)
    return cache


def kit_environment(kit: Path) -> Path:
    """The virtual environment the kit's requirements.txt gives (made once per pins and Python)."""
    requirements = (kit / "requirements.txt").read_bytes()
    key = hashlib.sha256(requirements + sys.version.encode() + platform.platform().encode()).hexdigest()[:16]
    cache = _cache_dir()
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


@pytest.fixture(scope="module")
def kit_python(kit) -> Path:
    """The kit's environment with this run's wheel, proven to hold exactly the pins plus lecture_lib."""
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
    return python


def test_the_kit_environment_imports_the_kits_lecture_lib(kit_python, tmp_path):
    where = _run([kit_python, "-c", "import lecture_lib; print(lecture_lib.__file__)"], cwd=tmp_path)
    assert str(kit_python.parent.parent) in where.stdout, where.stdout


# --------------------------------------------------------------------------- every chapter, both ways
#
# Each chapter runs in the kit's environment twice: as the student gets it (every check "Not yet
# written") and with the instructor's solutions (the instructor edition: every check "Correct").
# 14 executions cost about a minute on two cores, so a passing result is remembered in
# _build/.kit_runs.json under a hash of everything it depends on (the notebook as executed, the
# wheel's lecture_lib, the pins, the Python): a run on unchanged inputs is not repeated.

RUNS = ROOT / "_build" / ".kit_runs.json"


def _checks(executed: dict, chapter: str) -> list[str]:
    """The first line each check cell printed (its execute_result), in order.

    The check cells are the executed edition's cells whose code is a ``check("N.k")`` call; there
    must be one per exercise of the chapter's instructor notebook (found by its solution markers).
    """
    from course_tools.student_edition import find_exercises

    instructor = json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text("utf-8"))
    checks = [cell for cell in executed["cells"] if cell["cell_type"] == "code"
              and re.search(r'^check\("\d+\.\d+"\)', "".join(cell["source"]), re.M)]
    assert len(checks) == len(find_exercises(instructor)), f"{chapter}: one check cell per exercise"
    found = []
    for cell in checks:
        outputs = cell.get("outputs", [])
        text = "".join("".join(o.get("data", {}).get("text/plain", "")) for o in outputs
                       if o.get("output_type") == "execute_result")
        errors = [o.get("ename") for o in outputs if o.get("output_type") == "error"]
        found.append(text.split("\n")[0] if text else f"no result ({errors or 'nothing printed'})")
    return found


def _execute(python: Path, notebook: Path, out: Path) -> dict:
    _run([python.with_name("jupyter"), "nbconvert", "--to", "notebook", "--execute", "--output", notebook.name,
          "--output-dir", out, "--ExecutePreprocessor.timeout=600", notebook], cwd=notebook.parent)
    return json.loads((out / notebook.name).read_text(encoding="utf-8"))


def _run_key(kit: Path, notebook: Path) -> str:
    """What a chapter's run depends on: the pins, Python, the notebook and the wheel's lecture_lib
    (the wheel's course_tools, the build machinery, is not imported by a notebook)."""
    digest = hashlib.sha256(sys.version.encode() + platform.platform().encode())
    for part in (kit / "requirements.txt", notebook):
        digest.update(part.read_bytes() + b"\0")
    with zipfile.ZipFile(next(kit.glob("lecture_lib-*.whl"))) as wheel:
        for name in sorted(n for n in wheel.namelist() if n.startswith("lecture_lib/")):
            digest.update(name.encode() + b"\0" + wheel.read(name) + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module")
def chapter_runs(kit, kit_python, tmp_path_factory) -> dict[tuple[str, str], list[str]]:
    """{(edition, chapter): the checks' first lines}, every chapter of both editions run in the kit's environment."""
    from concurrent.futures import ThreadPoolExecutor

    from course_tools import student_edition

    solved = tmp_path_factory.mktemp("solved")
    student_edition.generate(student_edition.chapter_notebooks(ROOT), solved, edition="instructor")
    notebooks = {("student", p.stem): p for p in sorted((kit / "notebooks").glob("*.ipynb"))}
    notebooks |= {("instructor", p.stem): p for p in sorted(solved.glob("*.ipynb"))}
    remembered = project.load_state(RUNS)
    keys = {case: _run_key(kit, path) for case, path in notebooks.items()}
    results = {case: remembered[key] for case, key in keys.items() if key in remembered}
    todo = [case for case in notebooks if case not in results]
    out = tmp_path_factory.mktemp("executed")
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1))) as pool:
        executed = dict(zip(todo, pool.map(lambda case: _execute(kit_python, notebooks[case], out / case[0]), todo)))
    for case, notebook in executed.items():
        results[case] = _checks(notebook, case[1])
    print(f"\nstudent kit: {len(todo)} chapter runs executed, {len(notebooks) - len(todo)} reused unchanged")
    return {"runs": results, "keys": keys, "executed": set(todo)}


def _remember(chapter_runs, case) -> None:
    """Keep a passing run, so an identical run is not repeated (see above)."""
    if case not in chapter_runs["executed"]:
        return
    remembered = project.load_state(RUNS)
    remembered[chapter_runs["keys"][case]] = chapter_runs["runs"][case]
    project.save_state(RUNS, remembered)


CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
# Ids without the chapter's file name: `make test CHAPTER=NN` (which selects tests by it) does not
# start the kit's environment.
CHAPTER_IDS = [f"ch{stem[:2]}" for stem in CHAPTERS]


@pytest.mark.parametrize("edition, verdict", [("student", "Not yet written"), ("instructor", "Correct")],
                         ids=["blank", "with-the-solutions"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTER_IDS)
def test_every_chapter_runs_from_the_kit(chapter_runs, chapter, edition, verdict):
    """The blank student edition: every check "Not yet written"; the solved one: every check "Correct"."""
    checks = chapter_runs["runs"][edition, chapter]
    assert checks, f"{chapter}: no check cell found"
    assert all(line.startswith(verdict) for line in checks), checks
    _remember(chapter_runs, (edition, chapter))


# --------------------------------------------------------------------------- Windows and macOS
#
# A student may have Windows or a Mac. pip's resolver, asked for those platforms and for wheels
# only (--platform, --only-binary, --dry-run: nothing is installed), proves that every pin has a
# wheel there and that pip finds them consistent. It asks the package index (about a minute per platform), so a result is
# remembered beside the kit environments, per pins, platform and Python version: it runs again
# only when the kit's requirements.txt changes.

PLATFORMS = [("win_amd64", "3.11.5"), ("macosx_14_0_arm64", "3.13")]


@pytest.mark.parametrize("platform_tag, python_version", PLATFORMS, ids=[p for p, _ in PLATFORMS])
def test_the_kits_pins_resolve_on_windows_and_macos(kit, tmp_path, platform_tag, python_version):
    requirements = (kit / "requirements.txt").read_bytes()
    key = hashlib.sha256(requirements + f"{platform_tag} {python_version}".encode()).hexdigest()[:16]
    done = _cache_dir() / f"resolves-{platform_tag}-{key}"
    if done.is_file():
        return
    report = tmp_path / "report.json"
    _run([sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--ignore-installed",
          "--platform", platform_tag, "--python-version", python_version, "--implementation", "cp",
          "--only-binary=:all:", "--target", tmp_path / "target", "--report", report,
          "-r", kit / "requirements.txt"])
    resolved = {student_kit._canonical(item["metadata"]["name"]): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]}
    # Every pin, at its version (a platform may add its own packages: pywinpty, colorama, appnope).
    assert {name: resolved.get(name) for name in _pins(kit)} == _pins(kit), set(resolved.items()) ^ set(_pins(kit).items())
    done.write_text(requirements.decode())


def test_the_landing_page_and_the_kits_readme_give_the_same_steps(kit):
    """A student with only the book and the kit: the commands on the landing page are the kit's own."""
    wheel = next(kit.glob("lecture_lib-*.whl")).name
    readme = (kit / "README.md").read_text(encoding="utf-8")
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    steps = ["cd student-kit", "python3 -m venv .venv", "py -m venv .venv",
             f".venv/bin/pip install -r requirements.txt {wheel}",
             f".venv\\Scripts\\pip install -r requirements.txt {wheel}",
             ".venv/bin/jupyter lab notebooks", ".venv\\Scripts\\jupyter lab notebooks",
             "source .venv/bin/activate", ".venv\\Scripts\\activate"]
    for step in steps:
        assert step in readme, f"the kit's README lacks {step!r}"
        assert step in intro.replace("\\\\", "\\"), f"intro.md lacks {step!r}"
    assert not re.search(r"\bmake (lab|book|test)|repositor", readme), "the kit's README must not need the repository"
