"""The book build: strict, incremental, and never built from stale outputs.

``test_strict_build`` builds this project's book exactly as `make book` does (through the
session fixture ``built_book``) and fails on any Sphinx warning.

``TestIncrementalBuild`` runs the real pipeline (course_tools/build_book.py: parallel
pre-execution into the jupyter-cache, lecture_lib stamps, Sphinx from the cache with the
nb_cache_dependency extension) on a *copy* of the project in a temporary folder, with three
small notebooks instead of the chapters so that each rebuild takes seconds: one imports
lecture_lib, two do not. ``build()`` reports which notebooks it executed. The steps run in
order on one copy (one class = one xdist scope); each Sphinx run costs seconds, so one
rebuild checks several edits at once (each edit's effect is told apart by its reason), and
four Sphinx runs check it all:

1. cold: every notebook executed, the pages show their outputs, the student kit holds the wheel;
2. unchanged: nothing done at all (no Sphinx run);
3. an edited extension: nothing executed, every page re-read, the kit's wheel reused (it
   packages lecture_lib only, not course_tools/);
4. an edited notebook, an edited lecture_lib and a broken reference: exactly the notebook and
   lecture_lib's importer executed, their pages show the new outputs, not every page re-read,
   the build fails; the other page, with two top-level headings as chapter 7 has, not written
   again (course_tools/extensions/toc_numbers.py); the kit's wheel rebuilt and holding the edited lecture_lib;
5. a text edit: nothing executed, the page re-rendered, the failure of 4 still reported (every
   page re-read after a failed build); the kit re-zipped with the new student notebook, its
   wheel reused (lecture_lib did not change);
6. a new chapter dropped in as README's "Adding a chapter" says, and nothing else: its notebook,
   its entry in _toc.yml, its exercise module and its answers file (the broken reference of 4
   mended). The build executes it (and lecture_lib's importer: lecture_lib gained a module), its
   page shows its check saying "Correct" (the solution guard passed), its student edition, its
   deck and the kit hold it; then `pytest --chapter 08` in the copy runs its exercises' catalogue
   of answers and its student edition, as `make test CHAPTER=08` would, with no test file of its
   own. Cost: one incremental build of the small book and one pytest process (about 30 s).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
# What the copy leaves out: version control, the environment, build output, tests, and
# the real chapters and landing page (replaced by the small book below).
NOT_COPIED = {".git", ".venv", "_build", "tests", "bench", ".ci", "chapters", "intro.md", "_toc.yml",
              ".pytest_cache", ".hypothesis", "__pycache__", ".ipynb_checkpoints"}

USES_LIB = "chapters/uses_lib.ipynb"
PLAIN = "chapters/plain.ipynb"
OTHER = "chapters/other.ipynb"


def test_strict_build(built_book: Path):
    """`jupyter-book build -W -n --keep-going` passed (the fixture fails otherwise) and wrote the book."""
    assert (built_book / "index.html").is_file()
    assert (built_book / "intro.html").is_file()
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        page = built_book / "chapters" / f"{notebook.stem}.html"
        assert page.is_file(), f"{notebook.name} is not in the book (missing from _toc.yml?)"


def _title_cell(text: str):
    """A chapter's first cell, marked as its deck's title slide (README, "Slides")."""
    return nbformat.v4.new_markdown_cell(text, metadata={"slide": {"text": text.split("\n\n")[0]},
                                                          "slideshow": {"slide_type": "slide"}})


def _notebook(title: str, *code_cells: str, part_two: bool = False) -> str:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    notebook.cells = [_title_cell(f"# {title}")] + [nbformat.v4.new_code_cell(c) for c in code_cells]
    if part_two:
        notebook.cells.append(nbformat.v4.new_markdown_cell("# Part two\n\n## Its section\n\nMore text."))
    return nbformat.writes(notebook)


def _make_copy(target: Path) -> Path:
    for item in ROOT.iterdir():
        if item.name in NOT_COPIED or item.name.endswith(".egg-info"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(item, target / item.name)
    (target / "chapters").mkdir()
    (target / USES_LIB).write_text(_notebook(
        "Uses lecture_lib",
        "import lecture_lib\nprint('marker:', getattr(lecture_lib, 'BUILD_TEST_MARKER', 'original'))",
    ))
    (target / PLAIN).write_text(_notebook("Plain", "print('plain', 1 + 1)"))
    # Two top-level headings, as chapter 7 has (its title, Part 1, Part 2): see toc_numbers.
    (target / OTHER).write_text(_notebook("Other", "print('other', 3 + 3)", part_two=True))
    (target / "intro.md").write_text("# A small book\n\nA copy of the project for testing the build.\n")
    # Numbered chapters, as the book's are.
    (target / "_toc.yml").write_text("format: jb-book\nroot: intro\nparts:\n  - caption: Small\n    numbered: 2\n"
                                     "    chapters:\n"
                                     + "".join(f"      - file: {nb.removesuffix('.ipynb')}\n" for nb in (USES_LIB, PLAIN, OTHER)))
    return target


NEW_CHAPTER = "chapters/08_softplus.ipynb"
NEW_EXERCISES = '''"""Chapter 8 (Softplus): the exercise's public rules."""
from . import Exercise, Hint

EXERCISES = [
    Exercise(number="8.1", function="softplus", parameters=("x",),
             more_hint=Hint("The logarithm of 1 + e^x, entry by entry.", "np.logaddexp(0, x).")),
]
'''
NEW_KEY = '''"""Chapter 8 (Softplus): the exercise's reference, inputs and known mistakes."""
import numpy as np

from lecture_lib.functions import sigmoid

from . import ExerciseKey, floats


def _softplus_inputs():
    return [(np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),), (0.3,), (np.array([[1.5, -1.0]]),)]


KEYS = [
    ExerciseKey(
        number="8.1",
        reference=lambda x: np.logaddexp(0.0, np.asarray(x, dtype=float)),
        inputs=_softplus_inputs,
        hidden=lambda rng: [(floats(rng, (3,)),)],
        mistakes={
            "This is x itself, log(e^x): the 1 + inside the logarithm is missing.": lambda x: np.asarray(x, float),
            "This is softplus(-x): the sign of x is flipped.": lambda x: np.logaddexp(0.0, -np.asarray(x, float)),
            "This is the sigmoid, softplus's derivative, not softplus.": lambda x: sigmoid(x),
            "This is ln 2 + x/2, the tangent at 0, not softplus.": lambda x: np.log(2.0) + np.asarray(x, float) / 2,
            "This is log10(1 + e^x): use the natural logarithm.":
                lambda x: np.log10(1.0 + np.exp(np.asarray(x, float))),
        },
    ),
]
'''
NEW_ANSWERS = '''"""Chapter 8: answers to exercise 8.1 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {"8.1": [
    Answer("returns x", "def softplus(x):\\n    return np.asarray(x, dtype=float)\\n", "the 1 + inside"),
    Answer("flips the sign", "def softplus(x):\\n    return np.log1p(np.exp(-np.asarray(x, dtype=float)))\\n", "sign of x"),
    Answer("the sigmoid", "def softplus(x):\\n    return 1 / (1 + np.exp(-np.asarray(x, dtype=float)))\\n", "derivative"),
    Answer("the tangent", "def softplus(x):\\n    return np.log(2) + np.asarray(x, dtype=float) / 2\\n", "tangent at 0"),
    Answer("base 10", "def softplus(x):\\n    return np.log10(1 + np.exp(np.asarray(x, dtype=float)))\\n", "natural"),
]}
CORRECT = {"8.1": [
    Answer("log1p of exp", "def softplus(x):\\n    return np.log1p(np.exp(np.asarray(x, dtype=float)))\\n"),
    Answer("logaddexp", "def softplus(x):\\n    return np.logaddexp(0, x)\\n"),
]}
'''


def _new_chapter_notebook() -> str:
    """A small chapter as the conventions of lecture_lib/exercises want it: title, one exercise, its check."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    solution = nbformat.v4.new_code_cell(
        'def softplus(x):\n    """softplus(x) = log(1 + e^x), elementwise."""\n    ### BEGIN SOLUTION\n'
        "    # HINT: np.log1p and np.exp\n    return np.logaddexp(0, x)\n    ### END SOLUTION",
        metadata={"tags": ["hide-input"],
                  "mystnb": {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}})
    notebook.cells = [
        _title_cell("# Softplus\n\nA smooth ReLU."),
        nbformat.v4.new_code_cell("import numpy as np\n\nfrom lecture_lib.exercises import check"),
        nbformat.v4.new_markdown_cell("## Exercises\n\n### Exercise 8.1: softplus\n\n"
                                      "Write `softplus(x)`, the logarithm of 1 + e^x, elementwise."),
        solution,
        nbformat.v4.new_code_cell('check("8.1")'),
    ]
    return nbformat.writes(notebook)


def _add_chapter(project: Path) -> None:
    """README's "Adding a chapter": the five files and the key they give, nothing else."""
    (project / NEW_CHAPTER).write_text(_new_chapter_notebook())
    toc = project / "_toc.yml"
    toc.write_text(toc.read_text().replace("      - file: chapters/other\n",
                                           "      - file: chapters/other\n      - file: chapters/08_softplus\n"))
    (project / "lecture_lib" / "exercises" / "chapter_08.py").write_text(NEW_EXERCISES)
    (project / "course_tools" / "exercise_key" / "chapter_08.py").write_text(NEW_KEY)
    subprocess.run([sys.executable, "-m", "course_tools.exercise_key"], cwd=project, check=True,
                   env=dict(os.environ, PYTHONPATH=str(project)), capture_output=True, text=True, timeout=120)
    shutil.copytree(ROOT / "tests", project / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (project / "tests" / "exercise_answers" / "chapter_08.py").write_text(NEW_ANSWERS)


def _page(project: Path, notebook: str) -> str:
    return (project / "_build" / "html" / notebook.replace(".ipynb", ".html")).read_text(encoding="utf-8")


@pytest.fixture(scope="class")
def project(tmp_path_factory) -> Path:
    return _make_copy(tmp_path_factory.mktemp("book_copy"))


def _kit(project: Path) -> tuple[tuple[int, int], dict[str, bytes]]:
    """The kit's kept wheel (its inode and mtime: new when rebuilt) and what the book's kit holds."""
    kept = list((project / "_build" / "student-kit-wheel").glob("lecture_lib-*.whl"))
    assert len(kept) == 1, kept
    stat = kept[0].stat()
    with zipfile.ZipFile(project / "_build" / "html" / "student-kit.zip") as kit:
        files = {name.removeprefix("student-kit/"): kit.read(name) for name in kit.namelist()}
    wheel = next(name for name in files if name.startswith("lecture_lib-") and name.endswith(".whl"))
    assert files[wheel] == kept[0].read_bytes(), "the book's kit holds another wheel than the one kept"
    return (stat.st_ino, stat.st_mtime_ns), files


def _in_wheel(wheel: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return archive.read(name).decode()


def _kit_wheel(files: dict[str, bytes]) -> bytes:
    return next(data for name, data in files.items() if name.endswith(".whl"))


class TestIncrementalBuild:
    kept_wheels: list = []  # the kit's kept wheel after each build, in order

    def build(self, build_book_module, project, *, expect_ok=True):
        result = build_book_module.build(project, capture=True)
        assert result.ok == expect_ok, f"build exit {result.returncode}:\n{result.log[-3000:]}"
        # Sphinx found every notebook in the cache (its hash agrees with build_book's).
        assert "Executing notebook" not in result.log, "myst-nb executed a notebook itself"
        return result

    def test_cold_build_executes_every_notebook(self, build_book_module, project):
        result = self.build(build_book_module, project)
        assert sorted(result.executed) == [OTHER, PLAIN, USES_LIB]
        assert "marker: original" in _page(project, USES_LIB)
        assert "plain 2" in _page(project, PLAIN)
        wheel, files = _kit(project)
        assert "BUILD_TEST_MARKER" not in _in_wheel(_kit_wheel(files), "lecture_lib/__init__.py")
        self.kept_wheels.append(wheel)

    def test_unchanged_rebuild_executes_nothing(self, build_book_module, project):
        result = self.build(build_book_module, project)
        assert result.executed == []
        assert result.up_to_date, "nothing changed, yet the build did work"

    def test_an_edited_extension_has_every_page_read_again(self, build_book_module, project):
        extension = project / "course_tools" / "book_html.py"
        extension.write_text(extension.read_text() + "\n# edited\n")
        # Sphinx does not know that pages depend on the course's own extensions: the build tells it.
        result = self.build(build_book_module, project)
        assert result.executed == [], "an extension is not an input of any notebook's execution"
        assert "re-reading every page" in result.log
        wheel, files = _kit(project)
        # The kit's wheel packages lecture_lib only (the machinery and the exercises' key stay here).
        assert wheel == self.kept_wheels[-1], "the wheel does not package course_tools/: it must be reused"
        with zipfile.ZipFile(io.BytesIO(_kit_wheel(files))) as archive:
            assert not [name for name in archive.namelist() if name.startswith("course_tools/")]
        self.kept_wheels.append(wheel)

    def test_an_edited_notebook_and_the_importers_of_an_edited_lecture_lib_alone_reexecute(
            self, build_book_module, project):
        path = project / PLAIN
        path.write_text(path.read_text().replace("1 + 1", "2 + 2"))
        init = project / "lecture_lib" / "__init__.py"
        init.write_text(init.read_text() + "\nBUILD_TEST_MARKER = 'edited'\n")
        # And a broken reference: the strict build fails, but still writes every page.
        intro = project / "intro.md"
        intro.write_text(intro.read_text() + "\nSee {doc}`chapters/does_not_exist`.\n")
        other_page = project / "_build" / "html" / OTHER.replace(".ipynb", ".html")
        other_written = other_page.stat().st_mtime_ns
        result = self.build(build_book_module, project, expect_ok=False)
        # OTHER changed in nothing, its section numbers neither: its page is not written again.
        assert other_page.stat().st_mtime_ns == other_written, "OTHER's page was written again"
        assert '<span class="section-number">3.1. </span>Its section' in _page(project, OTHER)
        assert sorted(result.executed) == [PLAIN, USES_LIB], "OTHER changed in nothing it depends on"
        assert result.reasons == {PLAIN: "not in cache (new or edited code)", USES_LIB: "lecture_lib changed"}
        assert "re-reading every page" not in result.log, "the last build succeeded, no extension changed"
        assert "does_not_exist" in result.log
        assert "plain 4" in _page(project, PLAIN)
        # The page itself shows the new output: Sphinx re-read it although the .ipynb did not change.
        assert "marker: edited" in _page(project, USES_LIB)
        assert "marker: original" not in _page(project, USES_LIB)
        # The kit a student downloads has the edited lecture_lib, not the wheel kept from before.
        wheel, files = _kit(project)
        assert wheel != self.kept_wheels[-1], "lecture_lib changed: the kit's wheel must be rebuilt"
        assert "BUILD_TEST_MARKER = 'edited'" in _in_wheel(_kit_wheel(files), "lecture_lib/__init__.py")
        self.kept_wheels.append(wheel)

    def test_a_text_edit_executes_nothing_and_a_failed_build_keeps_failing(self, build_book_module, project):
        path = project / OTHER
        path.write_text(path.read_text().replace("# Other", "# Other, retitled"))
        # Sphinx alone would re-read only the edited page, and intro.md's warning would vanish.
        result = self.build(build_book_module, project, expect_ok=False)
        assert result.executed == [] and "sphinx" in result.stages, "a markdown edit must not execute notebooks"
        assert "re-reading every page" in result.log and "does_not_exist" in result.log
        assert "Other, retitled" in _page(project, OTHER)
        state = json.loads((project / "_build" / ".build_state.json").read_text())
        assert state["ok"] is False and state["fingerprint"] is None
        # The kit is re-zipped with the new student edition, around the same wheel.
        wheel, files = _kit(project)
        assert "Other, retitled" in files["notebooks/other.ipynb"].decode()
        assert wheel == self.kept_wheels[-1], "lecture_lib did not change: the kit's wheel is reused"
        assert "BUILD_TEST_MARKER = 'edited'" in _in_wheel(_kit_wheel(files), "lecture_lib/__init__.py")

    def test_a_new_chapter_is_its_own_files_alone(self, build_book_module, project):
        intro = project / "intro.md"
        intro.write_text(intro.read_text().replace("\nSee {doc}`chapters/does_not_exist`.\n", ""))
        _add_chapter(project)
        result = self.build(build_book_module, project)
        assert sorted(result.executed) == [NEW_CHAPTER, USES_LIB], "lecture_lib gained a module: its importer too"
        page = _page(project, NEW_CHAPTER)
        assert "Exercise 8.1" in page and "Correct: " in page, "the chapter's page shows its check passing"
        assert "08_softplus.ipynb" in page.split("Do the exercises yourself", 1)[1][:2000], "no student edition link"
        student = (project / "_build" / "student" / "08_softplus.ipynb").read_text()
        assert "raise NotImplementedError" in student and "logaddexp" not in student
        deck = (project / "_build" / "html" / "slides" / "08_softplus.html").read_text()
        assert "Exercise 8.1" in deck, "the chapter's deck ends with its exercises"
        _, files = _kit(project)
        assert "notebooks/08_softplus.ipynb" in files
        # Its exercises, as `make test CHAPTER=08` runs them, with no test file of its own.
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "tests/test_exercise_catalogue.py", "tests/test_student_notebooks.py",
             "--chapter", "08", "-n", "0", "-q", "-p", "no:randomly"],
            cwd=project, env=build_book_module.kernel_environment(project), capture_output=True, text=True,
            timeout=600)
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
        assert run.returncode == 0, f"pytest --chapter 08 in the copy:\n{run.stdout[-4000:]}\n{run.stderr[-2000:]}"
        # 5 wrong + 2 correct answers + their count, the conventions, the student edition's two checks.
        assert "11 passed" in summary, summary


def test_a_venv_installed_from_another_folder_is_installed_again(tmp_path):
    """The venv's stamp records the folder installed from (`-e .`): a venv left from another checkout
    or worktree, whose editable install imports that folder's code, is installed again by `make`."""
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.parent.mkdir()

    def plan() -> str:  # what `make` would run (-n) to have the venv, in the copy
        return subprocess.run(["make", "-n", ".venv/.installed"], cwd=tmp_path, text=True, capture_output=True,
                              check=True).stdout

    stamp.write_text("/somewhere/else\n")
    assert "pip install --quiet -r requirements.txt" in plan()
    stamp.write_text(f"{tmp_path}\n")
    assert "pip install" not in plan()
