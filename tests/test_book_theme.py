"""course_tools/book_theme.py: solutions shown without their marker lines, named controls, the icon.

Unit tests of the marker rewrite, then checks of the built book's HTML (no browser): no page
shows a marker line while the notebooks (and so the student edition) keep them, every
solution toggle is named by its visible text, every animation slider has a label and every
animation's form a name of its own, and /favicon.ico exists.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from course_tools.book_theme import without_markers
from course_tools.student_edition import BEGIN, END, HINT_PREFIX

ROOT = Path(__file__).resolve().parent.parent
MARKER_LINE = re.compile(rf"^\s*(?:{re.escape(BEGIN)}|{re.escape(END)}|{re.escape(HINT_PREFIX)})", re.M)


def test_without_markers_keeps_the_solution_only():
    code = ("def tanh(x):\n    \"\"\"doc\"\"\"\n    ### BEGIN SOLUTION\n    # HINT: use sigmoid\n"
            "    # a comment that stays\n    return 2 * sigmoid(2 * x) - 1\n    ### END SOLUTION\n")
    assert without_markers(code) == ("def tanh(x):\n    \"\"\"doc\"\"\"\n    # a comment that stays\n"
                                     "    return 2 * sigmoid(2 * x) - 1\n")


def test_a_hint_comment_elsewhere_is_kept():
    code = "# HINT: not after a marker\nx = 1\n### BEGIN SOLUTION\ny = 2\n# HINT: after code, kept\n### END SOLUTION"
    assert without_markers(code) == "# HINT: not after a marker\nx = 1\ny = 2\n# HINT: after code, kept"


# ----------------------------------------------------------------- the built book
def _pages(built_book: Path) -> dict[str, str]:
    return {path.relative_to(built_book).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted((built_book / "chapters").glob("*.html"))}


def _code_text(page_html: str) -> str:
    """The text of every code block on a page (tags stripped, entities decoded)."""
    blocks = re.findall(r"<pre>(.*?)</pre>", page_html, re.S)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)


def test_the_book_shows_solutions_without_marker_lines(built_book):
    notebooks_with_markers = [p for p in (ROOT / "chapters").glob("*.ipynb") if BEGIN in p.read_text(encoding="utf-8")]
    assert notebooks_with_markers, "no chapter has a solution to check"
    for notebook in notebooks_with_markers:
        page = built_book / "chapters" / f"{notebook.stem}.html"
        code = _code_text(page.read_text(encoding="utf-8"))
        shown = MARKER_LINE.findall(code)
        assert not shown, f"{page.name} shows solution marker lines: {shown[:3]}"
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and BEGIN in source:
                body = without_markers(source).strip().split("\n")
                assert all(line in code for line in body if line.strip()), (
                    f"{page.name}: a solution is not shown whole: {body[:3]}")


def test_solution_toggles_are_named_by_their_visible_text(built_book):
    toggles = 0
    for name, text in _pages(built_book).items():
        for summary in re.findall(r"<details class=\"admonition hide[^\"]*\">\s*(<summary[^>]*>.*?</summary>)", text, re.S):
            toggles += 1
            label = re.search(r'<summary[^>]*aria-label="([^"]*)"', summary)
            visible = re.search(r'<p class="collapsed admonition-title">([^<]*)</p>', summary).group(1)
            assert label is None or visible in label.group(1), f"{name}: toggle {visible!r} is named {label.group(1)!r}"
    assert toggles, "no solution toggle found"


def test_animation_controls_are_named(built_book):
    sliders = 0
    for name, text in _pages(built_book).items():
        for slider in re.findall(r"<input[^>]*class=\"anim-slider\"", text):
            sliders += 1
            assert 'aria-label="Frame: ' in slider, f"{name}: an animation slider without a label: {slider[:80]}"
        forms = re.findall(r'<form title="Repetition mode" aria-label="([^"]*)"', text)
        assert len(forms) == len(set(forms)), f"{name}: animation forms share a name: {forms}"
    assert sliders, "no animation found"


def test_the_site_icon_is_at_the_root(built_book):
    icon = built_book / "favicon.ico"
    assert icon.is_file() and icon.read_bytes()[:4] == b"\x00\x00\x01\x00", f"{icon} missing or not an icon"
