"""Sphinx extension: the book refuses to publish a chapter whose own solutions fail their checks.

Every check cell (``check("N.k")``) of an instructor notebook is executed with the
solution above it; its output must start with "Correct:". If an author breaks a
solution (a sign error, a renamed function), the build warns with the chapter, the
exercise and the first line of the feedback — and a strict build (``-W``, as
``make book`` runs it) fails instead of publishing a page whose solution says "Wrong:".
"""
from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

CHECK_CALL = re.compile(r'^\s*check\(\s*"(\d+\.\d+)"\s*\)', re.MULTILINE)


def check_cells(doctree: nodes.document):
    """(exercise number, output text) for every executed check cell of a page."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        source = "".join(node.astext() for node in cell.findall(nodes.container)
                         if node.get("nb_element") == "cell_code_source")
        match = CHECK_CALL.search(source)
        if not match:
            continue
        output = "\n".join(node.astext() for node in cell.findall(nodes.container)
                           if node.get("nb_element") == "cell_code_output")
        yield match.group(1), output.strip()


def refuse_failing_solutions(app, doctree: nodes.document) -> None:
    docname = app.env.docname
    for number, output in check_cells(doctree):
        if not output.startswith("Correct:"):
            first = output.splitlines()[0] if output else "(no output: was the notebook executed?)"
            logger.warning(f"exercise {number}: the instructor solution does not pass its own check: {first}",
                           location=docname, type="solutions", subtype="failing")


def setup(app):
    app.connect("doctree-read", refuse_failing_solutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
