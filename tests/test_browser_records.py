"""tests/browser_records.py (through tests/book_pages.py): a browser record is reused only while
everything it depends on is unchanged."""
from __future__ import annotations

import json

import pytest

import book_pages
import browser_records
from book_pages import Visit

BASE = "http://127.0.0.1:5555/"


class FakeBrowser:
    def __init__(self, version="120.0"):
        self.version = version


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A two-page book whose pages load a shared stylesheet; visits are counted, not made."""
    html = tmp_path / "html"
    (html / "_static").mkdir(parents=True)
    (html / "a.html").write_text("<p>a</p>")
    (html / "b.html").write_text("<p>b</p>")
    (html / "_static" / "theme.css").write_text("p {}")
    monkeypatch.setattr(book_pages, "RECORD", tmp_path / "record.json")
    visited = []

    def fake_visit(browser, base, page, folder, *, settings=True):
        visited.append(page)
        loaded = {page, "_static/theme.css"}
        missing = {"_static/missing.js"} if page == "b.html" else set()
        return Visit(page=page, seen={"links": [base + "a.html#top"]}, axe={"desktop-light": []},
                     inputs={rel: browser_records.digest(folder / rel) for rel in sorted(loaded | missing)})

    monkeypatch.setattr(book_pages, "visit", fake_visit)
    return html, visited


def _run(html, base=BASE, browser=None):
    return book_pages.visit_all(browser or FakeBrowser(), base, ["a.html", "b.html"], html)


def test_unchanged_pages_are_reused_with_the_current_address(book):
    html, visited = book
    _run(html)
    assert visited == ["a.html", "b.html"]
    found, count = _run(html, base="http://127.0.0.1:6666/")
    assert count == 0 and visited == ["a.html", "b.html"]
    assert found["a.html"].seen["links"] == ["http://127.0.0.1:6666/a.html#top"]
    assert "127.0.0.1" not in book_pages.RECORD.read_text()  # stored without the port of one run


def test_an_edited_page_alone_is_visited_again(book):
    html, visited = book
    _run(html)
    (html / "a.html").write_text("<p>a, edited</p>")
    _, count = _run(html)
    assert count == 1 and visited[2:] == ["a.html"]


def test_an_edited_asset_has_every_page_that_loaded_it_visited_again(book):
    html, visited = book
    _run(html)
    (html / "_static" / "theme.css").write_text("p { color: red }")
    _, count = _run(html)
    assert count == 2


def test_a_file_that_was_missing_and_now_exists_is_a_change(book):
    html, visited = book
    _run(html)
    (html / "_static" / "missing.js").write_text("// now here")
    _run(html)
    assert visited[2:] == ["b.html"]


def test_another_browser_or_check_code_invalidates_every_record(book, monkeypatch):
    html, visited = book
    _run(html)
    _, count = _run(html, browser=FakeBrowser("121.0"))
    assert count == 2
    monkeypatch.setattr(browser_records, "environment_key", lambda browser, *files: "other code")
    _, count = _run(html, browser=FakeBrowser("121.0"))
    assert count == 2


def test_a_record_without_inputs_or_from_a_broken_file_is_not_trusted(book):
    html, visited = book
    _run(html)
    stored = json.loads(book_pages.RECORD.read_text())
    stored["records"]["a.html"]["inputs"] = {}
    book_pages.RECORD.write_text(json.dumps(stored))
    _, count = _run(html)
    assert count == 1
    book_pages.RECORD.write_text("{not json")
    _, count = _run(html)
    assert count == 2
