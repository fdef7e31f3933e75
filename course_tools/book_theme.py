"""Sphinx extension: the book's look on every device — phone navigation, scrolling boxes, print, accessibility.

What the theme (sphinx-book-theme 1.3.0 on pydata-sphinx-theme 0.17.1) gets wrong, fixed where it
starts and written here because no option of the theme does it:

- ``static/book_theme.js``: below 992 px the visible ☰ and contents buttons (in the article
  header) carry only tooltip handlers; the theme hooks its drawer to hidden copies in the page
  header (pydata-sphinx-theme#2451, sphinx-book-theme#988). The visible buttons forward their
  click. It also names the primary sidebar (a landmark) and marks boxes that scroll sideways.
- ``static/book_theme.css``: code, outputs and display equations scroll inside their own box,
  with a visible cue; equation numbers sit beside the math, never over it; figures and the
  matplotlib animations (a fixed 374 px) scale to the column, a wide figure can be scrolled at
  its legible size on a phone; print (A4) wraps code, fits equations and hides the controls.
- ``templates/``: the search buttons and the theme switch get accessible names that contain
  their visible text (axe-core's label-content-name-mismatch).
- The "Show solution" toggle of a ``hide-input`` cell is named by its visible text (myst-nb
  labels it "Toggle hidden content"). (The animations label their own controls:
  lecture_lib.explorers.)
- A solution's marker lines (``### BEGIN SOLUTION``, ``# HINT: ...``, ``### END SOLUTION``) are
  dropped from the code the book shows; the notebooks keep them for the student edition.
- ``static/favicon.ico`` is the page icon and is copied to the root of the site (``/favicon.ico``).
- **Light or dark from the first paint.** The theme's colours are defined only for
  ``<html data-theme="light">`` and ``"dark"``. On a reader's first visit its head script sets
  ``data-theme="auto"`` (nothing stored yet), and only its deferred script chooses light or dark,
  at DOMContentLoaded: until then the page is painted without the theme's colours (white, even
  for a reader whose system is dark), then restyled whole. :data:`THEME_BEFORE_PAINT`, placed
  right after the theme's head script (``templates/layout.html``), makes the same choice at once:
  the mode stored or "auto", and for "auto" the system's ``prefers-color-scheme``.
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from course_tools.student_edition import BEGIN, END, HINT_PREFIX

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
FAVICON = STATIC / "favicon.ico"


# ----------------------------------------------------------------- solutions without markers
def without_markers(code: str) -> str:
    """``code`` without its solution marker lines (and the hint right after a BEGIN marker)."""
    kept, after_begin = [], False
    for line in code.split("\n"):
        stripped = line.strip()
        if stripped in (BEGIN, END) or (after_begin and stripped.startswith(HINT_PREFIX)):
            after_begin = stripped == BEGIN
            continue
        after_begin = False
        kept.append(line)
    return "\n".join(kept)


class HideSolutionMarkers(SphinxPostTransform):
    """Drop the marker lines from every code cell's source shown in the HTML book."""

    default_priority = 190  # before myst-nb wraps hidden inputs (199) and before highlighting
    formats = ("html",)

    def run(self, **kwargs):
        for cell in self.document.findall(nodes.container):
            if cell.get("nb_element") != "cell_code_source":
                continue
            for block in cell.findall(nodes.literal_block):
                code = block.astext()
                if BEGIN not in code:
                    continue
                shown = without_markers(code)
                block.children = [nodes.Text(shown)]
                block.rawsource = shown


# ----------------------------------------------------------------- light or dark before the first paint
THEME_HEAD_SCRIPT = re.compile(r'<script data-cfasync="false">.*?</script>\n?', re.S)
# pydata-sphinx-theme 0.17.1's setMode without what it stores or restyles (its script still runs).
THEME_BEFORE_PAINT = """<script>
    (() => {
      const root = document.documentElement, mode = root.dataset.mode;
      const system = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
      root.dataset.theme = mode === "light" || mode === "dark" ? mode : system;
    })();
  </script>
"""


def with_theme_before_paint(markup: str) -> str:
    """The theme's ``css`` template block with :data:`THEME_BEFORE_PAINT` after the theme's head script."""
    markup = str(markup)
    found = THEME_HEAD_SCRIPT.search(markup)
    if not found:
        raise RuntimeError("the theme's head script (data-cfasync) is gone: check THEME_BEFORE_PAINT against the theme")
    return markup[:found.end()] + "  " + THEME_BEFORE_PAINT + markup[found.end():]


def add_template_functions(app, pagename, templatename, context, doctree) -> None:
    context["with_theme_before_paint"] = with_theme_before_paint


# ----------------------------------------------------------------- "Show solution" toggles
def visit_hide_cell(self, node) -> None:
    """myst-nb's <details> for a hidden input, its summary named by the visible prompt."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hide_cell(self, node) -> None:
    self.body.append("</details>\n")


# ----------------------------------------------------------------- wiring
def add_paths(app, config) -> None:
    config.html_static_path.append(str(STATIC))
    config.templates_path.insert(0, str(TEMPLATES))
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)


def copy_favicon(app, exception) -> None:
    if exception is None and app.builder.format == "html":
        shutil.copyfile(FAVICON, Path(app.outdir) / "favicon.ico")


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode

    app.connect("config-inited", add_paths)
    app.connect("build-finished", copy_favicon)
    app.connect("html-page-context", add_template_functions)
    app.add_css_file("book_theme.css")
    app.add_js_file("book_theme.js", loading_method="defer")
    app.add_post_transform(HideSolutionMarkers)
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_hide_cell))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
