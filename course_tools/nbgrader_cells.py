"""nbgrader cell metadata for the instructor notebooks, derived from the exercise conventions.

    python -m course_tools.nbgrader_cells              # write it into every chapters/*.ipynb
    python -m course_tools.nbgrader_cells --check      # exit 1 if a notebook is out of date

An instructor who runs nbgrader on JupyterHub can put a chapter notebook into an nbgrader
course as it is (``source/<assignment>/``):

- the exercise cell (the one with ``### BEGIN SOLUTION``) is a solution cell
  (``grade_id`` "exercise-N-k");
- its check cell (``check("N.k")``) is a locked, autograded test cell worth one point
  ("check-N-k"): under nbgrader, ``check`` raises when the answer is not "Correct", so
  the cell scores 0, while in a student's own notebook it prints the feedback;
- every other cell, markdown or code, is locked (read-only) so a student cannot edit the
  lecture or a check, and nbgrader's autograder restores it from the source anyway.

The metadata is computed from the notebook's structure, never typed by hand: after adding
or moving cells, run this again (``tests/test_nbgrader.py`` fails while a notebook is out
of date).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from course_tools.project import cell_source
from course_tools.student_edition import has_solution

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_VERSION = 3
CHECK_CALL = re.compile(r'^\s*check\(\s*"(\d+)\.(\d+)"\s*\)', re.MULTILINE)
EXERCISE_HEADING = re.compile(r"###\s+Exercise\s+(\d+)\.(\d+)")


def cell_metadata(notebook: dict) -> list[dict]:
    """The nbgrader metadata of every cell, in order."""
    result = []
    number = None
    for index, cell in enumerate(notebook["cells"]):
        source = cell_source(cell)
        heading = EXERCISE_HEADING.search(source) if cell["cell_type"] == "markdown" else None
        if heading:
            number = f"{heading.group(1)}-{heading.group(2)}"
        check = CHECK_CALL.search(source) if cell["cell_type"] == "code" else None
        if cell["cell_type"] == "code" and has_solution(source):
            if number is None:
                raise ValueError(f"cell {index}: a solution before any '### Exercise N.k' heading")
            meta = {"grade": False, "solution": True, "locked": False, "grade_id": f"exercise-{number}"}
        elif check:
            meta = {"grade": True, "solution": False, "locked": True, "points": 1,
                    "grade_id": f"check-{check.group(1)}-{check.group(2)}"}
        else:
            meta = {"grade": False, "solution": False, "locked": True,
                    "grade_id": f"cell-{cell.get('id') or index}"}
        meta["schema_version"] = SCHEMA_VERSION
        result.append(meta)
    return result


def apply(notebook: dict) -> bool:
    """Write the metadata into ``notebook`` (a dict); True if anything changed."""
    changed = False
    for cell, meta in zip(notebook["cells"], cell_metadata(notebook)):
        if cell.setdefault("metadata", {}).get("nbgrader") != meta:
            cell["metadata"]["nbgrader"] = meta
            changed = True
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--check", action="store_true", help="only report notebooks that are out of date")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "chapters").glob("*.ipynb"))
    stale = []
    for path in paths:
        from course_tools.execute_notebooks import notebook_lock, write_notebook

        with notebook_lock(path):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            if apply(notebook):
                stale.append(path)
                if not args.check:
                    write_notebook(notebook, path)
    for path in stale:
        print(f"{'out of date' if args.check else 'updated'}: {path}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
