"""Every page of the book has one title, and its headings nest without skipping a level.

The book numbers each chapter's sections from its headings (``numbered: 2`` in ``_toc.yml``):
a second top-level heading in a chapter makes the book number a second set of sections
(chapter 7 once had three, "7.1–7.4" twice). Headings that skip a level (``##`` then
``####``) leave a gap in the page's outline.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
PAGES = [ROOT / "intro.md", ROOT / "chapters" / "corrections.md"]
FENCE = re.compile(r"^(```|~~~)")


def headings(markdown: str) -> list[int]:
    """The levels of the markdown headings, in order, outside fenced blocks (code, admonitions)."""
    levels, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
        elif not fenced and (match := re.match(r"^(#{1,6}) \S", line)):
            levels.append(len(match.group(1)))
    return levels


def _markdown(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")


@pytest.mark.parametrize("path", CHAPTERS + PAGES, ids=lambda p: p.name)
def test_one_top_level_heading_and_no_skipped_level(path):
    levels = headings(_markdown(path))
    assert levels and levels[0] == 1, f"{path.name} should open with its title, a '# ' heading"
    assert levels.count(1) == 1, f"{path.name} has {levels.count(1)} top-level headings; the book numbers each"
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    assert not skips, f"{path.name}: a heading skips a level ({skips})"


def test_the_heading_reader_sees_what_the_book_sees():
    text = "# Title\n\n```{admonition} Box\n# not a heading\n```\n\n## One\n\n#### Skipped\n\n#not a heading"
    assert headings(text) == [1, 2, 4]
    assert len(CHAPTERS) == 7


# ------------------------------------------------------------------ terms defined before they are used

#: term -> (a phrase of its definition, a pattern for any use of it in the prose). The book is read in the
#: order of the table of contents; a chapter's first cell (title and "what you will learn") only previews.
TERMS = {
    "loss": ("the **loss**: a single", r"\bloss\b"),
    "transpose": ("the transpose $A^T$ of a matrix $A$", r"\btranspose|\^T\b|\^\{\\mathsf T\}|\.T\b"),
    "the @ operator": ("`@` is Python's operator for the matrix product", r"[\w)`] @ [\w(]|`@`"),
    "broadcasting": ("numpy **broadcasts**", r"broadcast"),
    ".item()": ("`.item()` turns", r"\.item\(\)"),
    "Jacobian": ("The Jacobian of a function", r"Jacobian"),
    "micrograd's .grad": ("keeps each value's\ngradient in an attribute `.grad`", r"\.grad\b"),
}


def _reading_order() -> str:
    """The prose of the chapters in book order, each chapter without its first (preview) cell."""
    parts = []
    for path in CHAPTERS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown"]
        parts.extend(markdown[1:])
    return "\n\n".join(parts)


@pytest.mark.parametrize("term", TERMS)
def test_a_term_is_defined_before_the_prose_uses_it(term):
    definition, use = TERMS[term]
    text = _reading_order()
    assert definition in text, f"the definition of {term} ({definition!r}) is gone"
    first_use = re.search(use, text)
    defined_at = text.index(definition)
    before = text[max(0, first_use.start() - 80):first_use.end() + 40]
    assert first_use.start() >= defined_at - 120, f"{term} is used before it is defined: …{before}…"


# ------------------------------------------------------------------ references to numbered exercises

#: A reference to an exercise by number, and what the referring sentence says it is about (its heading's words).
EXERCISE_REFERENCES = {
    ("01_functions", "1.1"): "tanh",
    ("04_multiple_inputs", "3.1"): "chain rule",
    ("06_matrix_graph", "6.2"): "S^2",
    ("07_xor", "7.1"): "NOR",
}


def _exercise_titles() -> dict[str, str]:
    titles = {}
    for path in CHAPTERS:
        for number, title in re.findall(r"^### Exercise (\d+\.\d+): (.+)$", _markdown(path), flags=re.M):
            titles[number] = title
    return titles


def test_an_exercise_referred_to_by_number_is_that_exercise():
    """Exercise numbers are typed in the prose ("exercise 3.1"): each must name the exercise it means."""
    titles = _exercise_titles()
    found = {}
    for path in CHAPTERS:
        prose = re.sub(r"^### Exercise .*$", "", _markdown(path), flags=re.M)
        for number in re.findall(r"\b[Ee]xercises? (\d+\.\d+)", prose):
            found[(path.stem, number)] = number
    assert set(found) == set(EXERCISE_REFERENCES), "update EXERCISE_REFERENCES with the prose"
    for (chapter, number), words in EXERCISE_REFERENCES.items():
        assert number in titles, f"{chapter} refers to exercise {number}, which no chapter has"
        assert words in titles[number], f"{chapter}: exercise {number} is {titles[number]!r}, not about {words!r}"


# ------------------------------------------------------------------ slide corrections after the argument

@pytest.mark.parametrize("stem", ["05_vector_inputs", "06_matrix_graph"])
def test_slide_corrections_wait_until_the_argument_is_made(stem):
    """Chapters 5 and 6 collect what the slides write differently in a closing section; no note about the slides
    interrupts the derivations before it."""
    text = _markdown(ROOT / "chapters" / f"{stem}.ipynb")
    closing = "## What the slides write differently"
    assert closing in text, f"{stem} has no closing section on the slides"
    main_line = text[:text.index(closing)]
    notes = re.findall(r"^```\{note\}\n(.*?)^```", main_line, flags=re.M | re.S)
    assert not [note for note in notes if "slide" in note], f"{stem}: a note about the slides before the closing section"
    assert main_line.count("{ref}`") == 0, f"{stem}: corrections links belong in the closing section"
    assert text[text.index(closing):].count("{ref}`corrections <corr-") >= 5
