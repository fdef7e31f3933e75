"""Every line a reader sees in a code cell fits the book's column: at most 80 characters.

At 1366 px the book's text column holds about 85 characters of code, so a longer line needs
sideways scrolling (and is cut at the margin on paper). Static: reads chapters/*.ipynb, no
browser, no kernel. Checked per notebook: every line of every code cell's source, and every
line of its text output as the book shows it — printed output (stdout, stderr), the code
blocks of a Markdown result (``show_source`` shows ``lecture_lib``'s code that way) and a
result's ``text/plain`` when it has no richer form (HTML, Markdown, an image, a widget) that
the book shows instead. Each offender is named by notebook, cell number (0-based, as in
``nb["cells"]``), line number (1-based) and its length.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
MAX_CHARS = 80
# Richer representations the book renders instead of text/plain (myst-nb's priority order).
RICHER = ("text/html", "text/markdown", "text/latex", "image/svg+xml", "image/png", "image/jpeg",
          "application/vnd.jupyter.widget-view+json")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def fenced_code(markdown: str) -> list[str]:
    """The lines of the fenced code blocks in ``markdown`` (shown as code blocks, e.g. show_source)."""
    lines, inside, fence = [], False, ""
    for line in markdown.split("\n"):
        stripped = line.strip()
        if not inside and stripped[:3] in ("```", "~~~"):
            inside, fence = True, stripped[:3]
        elif inside and stripped.startswith(fence) and stripped.strip(fence[0]) == "":
            inside = False
        elif inside:
            lines.append(line)
    return lines


def shown_texts(cell: dict):
    """(what, text) for each piece of text the book shows for a code cell."""
    yield "source", _text(cell["source"])
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            yield output.get("name", "stream"), _text(output["text"])
        elif output["output_type"] in ("execute_result", "display_data"):
            data = output.get("data", {})
            if "text/markdown" in data:
                yield "text/markdown code", "\n".join(fenced_code(_text(data["text/markdown"])))
            elif "text/plain" in data and not any(kind in data for kind in RICHER):
                yield "text/plain", _text(data["text/plain"])


def long_lines(notebook: Path, limit: int = MAX_CHARS) -> list[str]:
    """One message per line longer than ``limit`` in the code cells of ``notebook``."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = []
    for number, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        for what, text in shown_texts(cell):
            for line_number, line in enumerate(text.split("\n"), start=1):
                if len(line) > limit:
                    found.append(f"{notebook.name} cell {number} {what} line {line_number} "
                                 f"({len(line)} chars): {line[:60]}...")
    return found


def test_the_checker_finds_a_long_line(tmp_path):
    cells = [{"cell_type": "code", "source": ["x = 1\n", "y = " + "1 + " * 30 + "1"], "metadata": {},
              "outputs": [{"output_type": "stream", "name": "stdout", "text": ["a" * 81 + "\n"]},
                          {"output_type": "execute_result", "data": {"text/plain": "b" * 90}, "metadata": {}},
                          {"output_type": "execute_result", "metadata": {},
                           "data": {"text/plain": "c" * 90, "text/html": "<b>c</b>"}},
                          {"output_type": "execute_result", "metadata": {},
                           "data": {"text/plain": "d" * 90,
                                    "text/markdown": "prose " * 20 + "\n```python\nx = 1\n" + "e" * 85 + "\n```\n"}}]}]
    notebook = tmp_path / "demo.ipynb"
    notebook.write_text(json.dumps({"cells": cells}))
    found = long_lines(notebook)
    assert [message.split(" (")[0] for message in found] == [
        "demo.ipynb cell 0 source line 2", "demo.ipynb cell 0 stdout line 1", "demo.ipynb cell 0 text/plain line 1",
        "demo.ipynb cell 0 text/markdown code line 2"]
    assert long_lines(notebook, limit=200) == []


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[path.stem for path in CHAPTERS])
def test_code_and_text_output_lines_fit_the_column(notebook):
    found = long_lines(notebook)
    assert not found, f"{len(found)} lines longer than {MAX_CHARS} characters:\n" + "\n".join(found)
