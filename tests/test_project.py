"""course_tools/project.py: the table of contents, notebook reading and the file helpers every tool uses."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import nbformat
import pytest

from course_tools import project

ROOT = Path(__file__).resolve().parent.parent

TOC = """format: jb-book
root: intro
parts:
  - caption: Lecture
    numbered: 2
    chapters:
      - file: chapters/01_a
        sections:
          - file: chapters/01_a_more
      - file: chapters/02_b.ipynb
  - caption: Around
    chapters:
      - file: chapters/notes
"""


@pytest.fixture
def small_project(tmp_path) -> Path:
    (tmp_path / "_toc.yml").write_text(TOC)
    (tmp_path / "chapters").mkdir()
    for name in ("01_a", "02_b", "notes"):
        (tmp_path / "chapters" / f"{name}.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    (tmp_path / "chapters" / "01_a_more.md").write_text("# More\n")
    (tmp_path / "chapters" / "99_not_in_toc.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))
    return tmp_path


def test_the_toc_is_read_in_reading_order_with_sections(small_project):
    assert project.toc_entries(small_project) == [
        "intro", "chapters/01_a", "chapters/01_a_more", "chapters/02_b.ipynb", "chapters/notes"]
    assert project.toc_entries(small_project, numbered_only=True) == [
        "chapters/01_a", "chapters/01_a_more", "chapters/02_b.ipynb"]


def test_the_books_notebooks_and_pages_come_from_the_toc(small_project):
    chapters = small_project / "chapters"
    assert project.toc_notebooks(small_project) == [chapters / "01_a.ipynb", chapters / "02_b.ipynb",
                                                    chapters / "notes.ipynb"]
    assert project.toc_pages(small_project, numbered_only=True) == [
        "chapters/01_a.html", "chapters/01_a_more.html", "chapters/02_b.html"]
    html = small_project / "html"
    html.mkdir()
    (html / "search.html").write_text("")
    assert project.book_pages(small_project, html)[-2:] == ["chapters/notes.html", "search.html"]
    assert chapters / "99_not_in_toc.ipynb" in project.chapter_notebooks(small_project)


def test_this_books_notebooks_are_its_numbered_chapters_in_order():
    assert project.toc_notebooks(ROOT) == sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def test_a_notebook_is_read_as_nbformat_reads_it():
    path = project.toc_notebooks(ROOT)[0]
    assert project.read_notebook(path) == nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)


def test_a_cells_source_is_one_string_in_either_form():
    assert project.cell_source({"source": ["a\n", "b"]}) == "a\nb"
    assert project.cell_source({"source": "a\nb"}) == "a\nb"
    assert project.cell_source({}) == ""


def test_a_note_cell_goes_after_the_title_with_its_id_where_the_format_has_ids():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                               nbformat.v4.new_code_cell("1")])
    result = json.loads(project.insert_note_cell(nbformat.writes(notebook), "a note", "the-note"))
    assert [project.cell_source(cell) for cell in result["cells"]] == ["# Title", "a note", "1"]
    assert result["cells"][1]["id"] == "the-note"
    old = {"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": []}
    result = json.loads(project.insert_note_cell(json.dumps(old), "a note", "the-note"))
    assert result["cells"] == [{"cell_type": "markdown", "metadata": {}, "source": "a note"}]


def test_an_atomic_write_leaves_the_old_file_or_the_new_one_and_no_temporary(tmp_path):
    target = tmp_path / "sub" / "state.json"
    project.atomic_write(target, "old")
    seen = []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            seen.append(target.read_text())

    reader = threading.Thread(target=read)
    reader.start()
    for _ in range(200):
        project.atomic_write(target, "new" * 1000)
        project.atomic_write(target, "old")
    stop.set()
    reader.join()
    assert set(seen) <= {"old", "new" * 1000}
    project.atomic_write(target, b"\x00bytes", mode=0o600)
    assert target.read_bytes() == b"\x00bytes" and target.stat().st_mode & 0o777 == 0o600
    assert os.listdir(target.parent) == ["state.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "kept.txt"
    project.atomic_write(target, "old")
    with pytest.raises(TypeError):
        project.atomic_write(target, 42)
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["kept.txt"]


def test_a_missing_or_damaged_state_is_empty(tmp_path):
    path = tmp_path / "state.json"
    assert project.load_state(path) == {}
    path.write_text("{not json")
    assert project.load_state(path) == {}
    path.write_text("[1, 2]")
    assert project.load_state(path) == {}
    project.save_state(path, {"b": 1, "a": [2]})
    assert project.load_state(path) == {"a": [2], "b": 1}
    assert path.read_text() == json.dumps({"a": [2], "b": 1}, indent=1, sort_keys=True)


def test_kernels_import_this_trees_lecture_lib_first(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    env = project.kernel_environment(ROOT)
    assert env["PYTHONPATH"].split(os.pathsep) == [str(ROOT), "/elsewhere"]


def test_the_build_lock_is_one_file_under_build(tmp_path):
    lock = project.build_lock(tmp_path)
    with lock:
        assert lock.is_locked
    assert Path(lock.lock_file) == tmp_path / project.LOCK_FILE


def test_a_report_is_indented_json_in_the_order_given(tmp_path):
    path = tmp_path / "bench" / "results.json"
    project.write_report(path, {"b": 1, "a": [2]})
    assert path.read_text() == '{\n "b": 1,\n "a": [\n  2\n ]\n}\n'
