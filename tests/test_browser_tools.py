"""course_tools/browser.py without a browser: the local server, confinement to it, served names."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from course_tools import browser


def test_a_folder_is_served_on_loopback_at_a_free_port(tmp_path):
    (tmp_path / "page.html").write_text("<p>hello</p>")
    server, base = browser.serve(tmp_path)
    other, other_base = browser.serve(tmp_path)
    try:
        assert base.startswith("http://127.0.0.1:") and base != other_base
        assert urllib.request.urlopen(base + "page.html", timeout=10).read() == b"<p>hello</p>"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "absent.html", timeout=10)
        assert missing.value.code == 404
    finally:
        for running in (server, other):
            running.shutdown()
            running.server_close()


@pytest.mark.parametrize("url, expected", [
    ("http://127.0.0.1:8000/book/chapters/01_x.html", "chapters/01_x.html"),
    ("http://127.0.0.1:8000/book/", "index.html"),
    ("http://127.0.0.1:8000/book/_static/a%20b.css?v=1#top", "_static/a b.css"),
    ("http://127.0.0.1:8000/other/x.html", None),
    ("https://cdn.example/x.js", None),
])
def test_a_url_names_its_served_file(url, expected):
    assert browser.in_folder(url, "http://127.0.0.1:8000/book/") == expected


class _Request:
    def __init__(self, url):
        self.url = url


class _Route:
    def __init__(self, url):
        self.request, self.outcome = _Request(url), None

    def continue_(self):
        self.outcome = "continued"

    def abort(self, reason):
        self.outcome = reason


class _Context:
    def route(self, pattern, handler):
        self.pattern, self.handler = pattern, handler


def test_requests_leaving_the_server_are_aborted_and_recorded():
    context, blocked = _Context(), []
    browser.keep_inside(context, "http://127.0.0.1:9/", blocked)
    inside, outside = _Route("http://127.0.0.1:9/intro.html"), _Route("https://fonts.example/f.woff2")
    context.handler(inside)
    context.handler(outside)
    assert context.pattern == "**/*"
    assert (inside.outcome, outside.outcome) == ("continued", "blockedbyclient")
    assert blocked == ["https://fonts.example/f.woff2"]


def test_a_missing_chromium_is_named(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")
    with pytest.raises(browser.ChromiumMissing, match="apt-get install chromium"):
        browser.open_browser(playwright=None)
