"""Every notebook figure carries a description for readers who cannot see it.

myst-nb turns the cell metadata ``{"mystnb": {"image": {"alt": "..."}}}`` into the ``alt``
attribute of every image that cell outputs; without it the book's <img> has no real alt text.
This check reads the notebooks only (no build), so a new figure without a description fails
fast, before the browser test would.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")


def figure_cells(notebook: dict) -> list[tuple[int, dict]]:
    """(index, cell) of each code cell with at least one stored image output."""
    return [
        (index, cell)
        for index, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code"
        and any(kind in output.get("data", {}) for output in cell.get("outputs", []) for kind in IMAGE_TYPES)
    ]


def alt_problem(cell: dict) -> str | None:
    """Why the cell's alt text is missing or useless, or None if it is a real description."""
    image = cell.get("metadata", {}).get("mystnb", {}).get("image", {})
    alt = image.get("alt") if isinstance(image, dict) else None
    if not isinstance(alt, str) or not alt.strip():
        return 'no {"mystnb": {"image": {"alt": ...}}} metadata'
    if re.fullmatch(r"\S+\.(png|jpe?g|svg|gif)", alt.strip()) or "/" in alt.split()[0]:
        return f"alt text looks like a file name: {alt!r}"
    if len(alt.split()) < 4:
        return f"alt text too short to describe the figure: {alt!r}"
    return None


def test_there_are_notebooks_with_figures():
    # Guards against the glob silently finding nothing (the parametrized test would then pass vacuously).
    figures = sum(len(figure_cells(json.loads(path.read_text(encoding="utf-8")))) for path in NOTEBOOKS)
    assert NOTEBOOKS and figures > 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_cell_has_alt_text(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    problems = [
        f"cell {index} (id {cell.get('id')}): {problem}"
        for index, cell in figure_cells(notebook)
        if (problem := alt_problem(cell)) is not None
    ]
    assert not problems, f"{path.name}: figure cells without a real description:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "metadata, ok",
    [
        ({}, False),
        ({"mystnb": {"image": {"alt": "  "}}}, False),
        ({"mystnb": {"image": {"alt": "figure.png"}}}, False),
        ({"mystnb": {"image": {"width": "50%"}}}, False),
        ({"mystnb": {"image": {"alt": "Parabola x² with its tangent line at x = −1."}}}, True),
    ],
)
def test_alt_problem_detects_missing_descriptions(metadata, ok):
    cell = {"cell_type": "code", "metadata": metadata, "outputs": [{"data": {"image/png": ""}}]}
    assert (alt_problem(cell) is None) == ok
