"""Sphinx extension: the student edition of every chapter and the student kit, and a link to them
from each chapter page.

- ``builder-inited``: writes ``_build/student/*.ipynb`` (course_tools.student_edition; only the
  files whose content changed) and the kit ``_build/student-kit.zip`` (course_tools.student_kit);
- ``source-read``: a chapter page with exercises gets a note linking its student edition and the
  kit (:func:`course_tools.student_edition.add_download_note`);
- ``build-finished``: the kit is copied into the book, where the note links it.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from course_tools import student_kit
from course_tools.project import CHAPTERS_DIR
from course_tools.student_edition import KIT_IN_BOOK, add_download_note, build_for_book


def _write_editions_and_kit(app) -> None:
    build_for_book(Path(app.srcdir))
    student_kit.build(Path(app.srcdir))


def _add_download_note(app, docname: str, source: list) -> None:
    path = Path(app.env.doc2path(docname))
    if path.suffix == ".ipynb" and path.parent == Path(app.srcdir) / CHAPTERS_DIR:
        source[0] = add_download_note(source[0], path.name)


def _copy_kit(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copyfile(Path(app.srcdir) / student_kit.KIT, Path(app.outdir) / KIT_IN_BOOK)


def setup(app):
    app.connect("builder-inited", _write_editions_and_kit)
    app.connect("source-read", _add_download_note)
    app.connect("build-finished", _copy_kit)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
