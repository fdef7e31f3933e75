"""Every committed notebook is in the one canonical form (course_tools.execute_notebooks.canonical_text).

Regenerating a fresh clone's outputs must change only what really changed: a notebook written
by one tool with its keys in another order (as the nbgrader-metadata step once did) shows up
as a diff of every cell. Cheap: a JSON round trip, no execution.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from course_tools.execute_notebooks import canonical_text

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_in_canonical_form(path):
    text = path.read_text(encoding="utf-8")
    canonical = canonical_text(json.loads(text))
    if text != canonical:
        first = next(i for i, (a, b) in enumerate(zip(text.splitlines(), canonical.splitlines())) if a != b)
        pytest.fail(f"{path.name} is not in canonical form (first difference at line {first + 1}); "
                    f"rewrite it with: .venv/bin/python -m course_tools.execute_notebooks {path.relative_to(ROOT)}")


def test_canonical_form_sorts_keys_whatever_order_they_were_written_in():
    notebook = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    cell = notebook["cells"][0]
    cell["metadata"] = dict(list(reversed(list(cell["metadata"].items()))) + [("zz", 1), ("aa", 2)])
    shuffled = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    text = canonical_text(json.loads(shuffled))
    assert text != shuffled
    assert text == canonical_text(json.loads(text))
    keys = list(json.loads(text)["cells"][0]["metadata"])
    assert keys == sorted(keys)
