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
