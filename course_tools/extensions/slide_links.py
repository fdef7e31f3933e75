"""Sphinx extension: each chapter page links to its lecture slides (the deck
``_build/html/slides/<stem>.html`` that course_tools.build_book builds with course_tools.slides),
in a note after the chapter's title."""
from __future__ import annotations

from pathlib import Path

from course_tools.project import CHAPTERS_DIR, insert_note_cell
from course_tools.slides import SLIDES_DIR

LINK_NOTE = (
    "```{{note}}\n"
    "**Teaching this chapter?** <a href=\"../{folder}/{stem}.html\">Its lecture slides</a> come from this "
    "notebook: Space for the next slide, S for the speaker notes, F for full screen.\n"
    "```\n"
)


def add_slides_note(notebook_json: str, stem: str) -> str:
    """The notebook text with a link to its deck after the first cell."""
    return insert_note_cell(notebook_json, LINK_NOTE.format(folder=SLIDES_DIR.name, stem=stem), "lecture-slides-link")


def _add_slides_note(app, docname: str, source: list) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix == ".ipynb" and path.parent == Path(app.srcdir) / CHAPTERS_DIR:
        source[0] = add_slides_note(source[0], path.stem)


def setup(app):
    app.connect("source-read", _add_slides_note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
