"""tests/scheduling.py: the modules marked ``book_visit`` share one xdist scope (one worker makes
the book's page visits once); every other test keeps xdist's own scope."""
from __future__ import annotations

import pytest

import scheduling

BROWSER_MODULES = ("tests/test_browser.py", "tests/test_devices.py", "tests/test_accessibility.py")


@pytest.mark.parametrize("module", BROWSER_MODULES)
def test_the_browser_checks_share_the_visits_scope(module):
    assert scheduling.scope(f"{module}::test_something[intro.html]") == scheduling.BROWSER_SCOPE


@pytest.mark.parametrize("nodeid, expected", [
    ("tests/test_slides.py::test_deck[01]", "tests/test_slides.py"),
    ("tests/test_build.py::TestIncrementalBuild::test_cold", "tests/test_build.py::TestIncrementalBuild"),
    ("chapters/02_derivatives.ipynb::Cell 3", "chapters/02_derivatives.ipynb"),
])
def test_other_tests_keep_xdists_scope(nodeid, expected):
    assert scheduling.scope(nodeid) == expected


def test_a_new_module_joins_by_its_marker_alone(tmp_path, monkeypatch):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_new_page_check.py").write_text(
        "import pytest\n\npytestmark = [pytest.mark.slow, pytest.mark.book_visit]\n\n\ndef test_x(visits):\n    pass\n")
    (tmp_path / "tests" / "test_unmarked.py").write_text("import pytest\n\npytestmark = pytest.mark.slow\n")
    monkeypatch.setattr(scheduling, "ROOT", tmp_path)
    scheduling.joins_book_visit.cache_clear()
    try:
        assert scheduling.scope("tests/test_new_page_check.py::test_x") == scheduling.BROWSER_SCOPE
        assert scheduling.scope("tests/test_unmarked.py::test_y") == "tests/test_unmarked.py"
    finally:
        scheduling.joins_book_visit.cache_clear()
