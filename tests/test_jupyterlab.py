"""What students and instructors open in JupyterLab reads like the book: no raw MyST, the glued numbers.

Both editions of every chapter (the student edition of the kit, ``make lab-student`` and an
nbgrader release; the instructor edition of ``make lab`` and nbgrader's ``source/`` folder) are
opened in one real JupyterLab (this environment's, no extension), in Chromium, and measured from
the rendered DOM (tests/jupyterlab_view.py): no visible text holds MyST role or directive
syntax or an equation label, no directive shows as a code block, every number the book glues
and every equation number the text refers to is there, every link inside a notebook leads to
an element of it, math typesets without error, and the admonitions are boxes.

Cost: one JupyterLab server and one page for all fourteen notebooks (a notebook is opened with
JupyterLab's own command, measured and closed: about 1.5 s each on a quiet machine, up to 10 s
at a load average of 15), plus one start of the server and of the page: 40 s quiet, 2.5 minutes
measured at a load average of 15 on two cores. The chapter 7
student edition is photographed in light and dark mode into _build/jupyterlab/ (README figures).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course_tools import student_edition

import jupyterlab_view

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = student_edition.chapter_notebooks(ROOT)
SCREENSHOTS = ROOT / "_build" / "jupyterlab"
SCREENSHOT_CHAPTER = "07_xor"
SCREENSHOT_AT = "Seed 6 does not start saturated"  # glued numbers, a box with math


def _markdown(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def expected_glue(notebook: dict) -> list[str]:
    """Each ``{glue:text}`name:format``` of the chapter as its number, formatted with Python's format()
    from the value the notebook stored (not through the translation under test)."""
    stored = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("scrapbook")
            if record:
                prefix = record.get("mime_prefix", "")
                stored[record["name"]] = output["data"][prefix + "text/plain"]
    numbers = []
    for text in _markdown(notebook):
        for key, spec in re.findall(r"\{glue(?::text)?\}`([^`:]+)(?::([^`]*))?`", text):
            value = stored[key]
            numbers.append(format(int(value) if re.fullmatch(r"-?\d+", value) else float(value), spec))
    return numbers


def expected_equation_references(notebook: dict, stem: str) -> list[str]:
    labels = [label for text in _markdown(notebook) for label in re.findall(r"\$\$[ \t]*\(([\w:.-]+)\)", text)]
    number = {label: f"({int(stem[:2])}.{n})" for n, label in enumerate(labels, start=1)}
    return [number[label] for text in _markdown(notebook) for label in re.findall(r"\{eq\}`([^`]+)`", text)]


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("jupyterlab")
    for edition in student_edition.EDITIONS:
        student_edition.generate(CHAPTERS, root / edition, edition=edition)
    return root


@pytest.fixture(scope="module")
def views(browser, editions) -> dict[tuple[str, str], jupyterlab_view.NotebookView]:
    """Every chapter of both editions, as one JupyterLab showed it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found = {}
    with jupyterlab_view.JupyterLab(editions) as lab:
        page = lab.page(browser)
        for edition in student_edition.EDITIONS:
            for chapter in CHAPTERS:
                shot = SCREENSHOTS / f"{chapter.stem}-{edition}-light.png" \
                    if chapter.stem == SCREENSHOT_CHAPTER and edition == "student" else None
                found[edition, chapter.stem] = lab.view(page, f"{edition}/{chapter.name}", screenshot=shot,
                                                        scroll_to=SCREENSHOT_AT)
        page.context.close()
        dark = lab.page(browser, theme="JupyterLab Dark")
        lab.view(dark, f"student/{SCREENSHOT_CHAPTER}.ipynb",
                 screenshot=SCREENSHOTS / f"{SCREENSHOT_CHAPTER}-student-dark.png", scroll_to=SCREENSHOT_AT)
        dark.context.close()
    return found


# Ids without the chapter's file name: `make test CHAPTER=NN` (which selects tests by it) stays
# within its budget and leaves the JupyterLab visit to the whole run.
CASES = [pytest.param(edition, chapter, id=f"{edition}-ch{chapter.stem[:2]}")
         for edition in student_edition.EDITIONS for chapter in CHAPTERS]


@pytest.mark.parametrize("edition, chapter", CASES)
def test_jupyterlab_shows_no_raw_myst(views, edition, chapter):
    view = views[edition, chapter.stem]
    source = json.loads(chapter.read_text(encoding="utf-8"))
    assert view.cells and not view.unrendered, f"{view.unrendered} of {view.cells} markdown cells not rendered"
    assert jupyterlab_view.raw_myst(view, jupyterlab_view.source_labels(source)) == []
    assert view.math and not view.math_errors, f"{view.math} formulas, {view.math_errors} MathJax errors"


@pytest.mark.parametrize("edition, chapter", CASES)
def test_jupyterlab_shows_the_glued_numbers_and_equation_numbers(views, edition, chapter):
    view = views[edition, chapter.stem]
    source = json.loads(chapter.read_text(encoding="utf-8"))
    text = "\n".join(view.text + view.code_blocks)
    for wanted in expected_glue(source) + expected_equation_references(source, chapter.stem):
        assert wanted in text, f"{wanted!r} is not shown"
    admonitions = sum(len(re.findall(r"^```\{(?:admonition|note|tip|warning)\}", t, re.M)) for t in _markdown(source))
    assert view.boxes >= admonitions, f"{admonitions} admonitions, {view.boxes} boxes"


@pytest.mark.parametrize("edition, chapter", CASES)
def test_links_inside_a_notebook_lead_somewhere_in_jupyterlab(views, edition, chapter):
    view = views[edition, chapter.stem]
    for link in view.links:
        href = link["href"]
        assert link["text"].strip(), f"a link with no text to {href}"
        if href.startswith("#"):
            assert href[1:] in view.ids, f"{href} names no element of the notebook"
        elif not re.match(r"^[a-z]+:", href):
            assert (ROOT / "chapters" / href.split("#")[0]).suffix == ".ipynb", f"{href} is not a notebook beside it"
            assert (ROOT / "chapters" / href.split("#")[0]).is_file(), f"{href}: no such chapter"


def test_the_screenshots_were_taken(views):
    for theme in ("light", "dark"):
        shot = SCREENSHOTS / f"{SCREENSHOT_CHAPTER}-student-{theme}.png"
        assert shot.is_file() and shot.stat().st_size > 10_000, shot
