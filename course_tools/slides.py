"""Lecture slides from the chapter notebooks: one reveal.js deck per chapter, fully offline.

    python -m course_tools.slides                                   # every chapter's deck (`make book` too)
    python -m course_tools.slides chapters/02_derivatives.ipynb     # one deck
    python -m course_tools.slides --check chapters/02_derivatives.ipynb   # + check it in Chromium, slide by slide
    python -m course_tools.slides --pdf       # + <stem>.pdf and <stem>-notes.pdf handouts (`make slides`)

The decks are nbconvert's ``SlidesExporter`` output (template ``course_tools/slides_template``,
which extends nbconvert's ``reveal`` template), written to ``_build/html/slides/<stem>.html``.
A slide shows only cells that carry a slide mark, ``metadata.slide`` (README, "Slides"): a markdown
cell's mark holds the slide text, and the cell's own prose becomes that slide's speaker notes; a
code cell's mark says whether its output, its source or both are shown; every other prose cell is
speaker notes, every other code cell stays in the book. ``metadata.slideshow.slide_type`` places a
marked cell (``slide``, ``-``, ``fragment``; no vertical ``subslide`` stacks). Before exporting, the
builder:

- honours the book's cell tags (``remove-input``, ``hide-input``, ``remove-output``; ``remove-cell``
  except on a marked cell: a slide-only figure cell), through nbconvert's TagRemovePreprocessor;
- translates the few MyST constructs the chapters use, since nbconvert renders CommonMark
  (``course_tools.myst_markdown``, shared with the student edition): numbered equations and ``{eq}``
  references, ``{glue:text}`` values, admonitions (as a framed quote), ``(label)=`` targets, roles,
  links to other chapters (to their book pages); any other directive is an error naming the cell;
- adds a listing of ``lecture_lib`` functions (``metadata.slide.listing``) read from the package,
  without their docstrings;
- drops widget views and widget state (without a kernel a widget is dead, and nbconvert would
  load the widget manager from the network); the matplotlib animations stay and play;
- appends the last slide: the chapter's exercises, linked to their place in the book.

Everything a deck loads is copied from ``node_modules/`` (npm, pinned in package.json) into
``_build/html/slides/lib/``: reveal.js 5 with its notes plugin (the speaker view) and its ``white``
theme's Source Sans Pro font, MathJax 3 (the components the template's configuration loads),
require.js and jQuery. MathJax 3 sizes math from its font data, not from the page's layout, so the
math of a slide hidden when the deck loads is right when the slide is shown: nothing is typeset
again during a talk. A deck is rebuilt only when its notebook or the machinery (this file, the
template, nbconvert, package-lock.json, lecture_lib for the listings) changed.

``course_tools.extensions.slide_links`` (a Sphinx extension) links every chapter page to its deck.
:func:`inspect_decks` opens decks in headless Chromium (every outside request blocked) and
measures every slide as the back row reads it (:func:`reading_problems`); ``--check`` prints it
and ``tests/test_slides.py`` asserts on it.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import os
import re
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.myst_markdown import MystError as SlidesError  # noqa: F401  (raised for the decks too)
from course_tools.browser import after_settling, in_folder, keep_inside, open_browser, serve
from course_tools.myst_markdown import Page, equation_numbers, myst_to_commonmark
from course_tools.project import (
    atomic_write, build_lock, load_state, read_notebook, save_state, toc_notebooks,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("slides_template")
SLIDES_DIR = Path("_build") / "html" / "slides"   # beside the book's pages: ../chapters/<stem>.html
STATE_FILE = ".decks.json"
LIB = "lib"
WIDTH, HEIGHT = 1280, 720
# What a slide must hold to be read from the back of a hall (the deck check, README "Slides"), in the
# deck's own pixels: text, code, and the text of a figure as displayed; words outside the speaker notes
# (a formula counts as one); lines of code and printed output.
TEXT_FLOOR_PX, CODE_FLOOR_PX, FIGURE_TEXT_FLOOR_PX = 28, 22, 18
MAX_WORDS, MAX_CODE_LINES = 50, 10
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
THEME = "white"    # Source Sans Pro, served from the deck's folder: one sans font for titles and text

# What the decks load from node_modules/: (package, file or folder inside it).
ASSETS = [
    ("reveal.js", "dist/reveal.js"), ("reveal.js", "dist/reveal.css"),
    ("reveal.js", f"dist/theme/{THEME}.css"), ("reveal.js", "dist/theme/fonts/source-sans-pro"),
    ("reveal.js", "plugin/notes/notes.js"),
    # MathJax 3: the loader and the components the template's configuration loads (no menu, no a11y).
    *[("mathjax", f"es5/{part}") for part in ("startup.js", "core.js", "input/tex-full.js", "output/chtml.js",
                                             "output/chtml/fonts/tex.js", "output/chtml/fonts/woff-v2", "ui/safe.js")],
    ("requirejs", "require.js"), ("jquery", "dist/jquery.min.js"),
]
EXPORTER_CONFIG = {
    "SlidesExporter": {
        "template_name": str(TEMPLATE),
        "reveal_url_prefix": f"{LIB}/reveal.js",
        "reveal_theme": THEME,
        "reveal_width": str(WIDTH),
        "reveal_height": str(HEIGHT),
        "mathjax_url": f"{LIB}/mathjax/es5/startup.js",
        "require_js_url": f"{LIB}/requirejs/require.js",
        "jquery_url": f"{LIB}/jquery/dist/jquery.min.js",
        "exclude_input_prompt": True,
        "exclude_output_prompt": True,
        "exclude_anchor_links": True,
    },
    "TagRemovePreprocessor": {
        "enabled": True,
        "remove_cell_tags": ["remove-cell"],
        "remove_input_tags": ["remove-input", "hide-input", "slides-remove-input"],
        "remove_all_outputs_tags": ["remove-output"],
    },
}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# --------------------------------------------------------------------------- MyST -> CommonMark: myst_markdown

EXERCISE_HEADING = re.compile(r"^###\s+(?P<title>Exercise\s+\d+\.\d+\b.*?)\s*$", re.M)


# --------------------------------------------------------------------------- the deck's notebook


def slide_type(cell) -> str:
    return (cell.get("metadata", {}).get("slideshow") or {}).get("slide_type") or "-"


SHOWN = {"slide", "-", "fragment"}       # slide types a cell marked for the deck may have
MARK = "slide"                           # cell.metadata["slide"]: what the cell shows in the deck (README)
SHOW = {"output", "source", "both"}      # what a marked code cell shows


def slide_mark(cell, where: str) -> dict | None:
    """The cell's slide mark (``metadata.slide``), checked; None: the cell shows nothing on a slide.

    A markdown cell's mark is ``{"text": "<slide markdown>"}`` (optionally ``"listing"``: names of
    lecture_lib functions shown under it); a code cell's is ``{"show": "output" | "source" | "both"}``.
    A cell typed ``slide``/``fragment`` without a mark, a mark on a cell typed ``skip``/``notes``,
    and ``subslide`` (a vertical stack, which the arrow key skips) are errors.
    """
    mark, kind = cell.get("metadata", {}).get(MARK), slide_type(cell)
    if kind == "subslide":
        raise SlidesError(f"{where}: slide type \"subslide\" stacks slides vertically, where the → key skips "
                          f"them; use \"slide\"")
    if mark is None:
        if kind in {"slide", "fragment"}:
            raise SlidesError(f"{where}: a cell of slide type {kind!r} must carry its slide text in "
                              f"metadata.{MARK} (README, Slides); its prose goes to the speaker notes")
        return None
    if kind not in SHOWN:
        raise SlidesError(f"{where}: metadata.{MARK} on a cell of slide type {kind!r}, which the deck does not show")
    if not isinstance(mark, dict):
        raise SlidesError(f"{where}: metadata.{MARK} must be an object, got {type(mark).__name__}")
    if cell["cell_type"] == "markdown":
        if not isinstance(mark.get("text"), str) or not mark["text"].strip():
            raise SlidesError(f"{where}: metadata.{MARK}.text (the slide's markdown) is missing or empty")
        if set(mark) - {"text", "listing"}:
            raise SlidesError(f"{where}: unknown keys in metadata.{MARK}: {sorted(set(mark) - {'text', 'listing'})}")
    elif mark.get("show") not in SHOW or set(mark) != {"show"}:
        raise SlidesError(f"{where}: a code cell's metadata.{MARK} must be {{\"show\": one of {sorted(SHOW)}}}, "
                          f"got {mark!r}")
    return mark


def listing(names: list[str], where: str) -> str:
    """The source of lecture_lib functions as a slide shows it: the code without its docstring."""
    import ast
    import inspect
    import textwrap

    import importlib

    blocks = []
    for name in names:
        module, _, attribute = name.rpartition(".")
        try:
            func = getattr(importlib.import_module("lecture_lib" + (f".{module}" if module else "")), attribute, None)
        except ImportError:
            func = None
        if not callable(func):
            raise SlidesError(f"{where}: metadata.{MARK}.listing names {name!r}, not a function of lecture_lib "
                              f"(a public name, or module.name)")
        source = textwrap.dedent(inspect.getsource(func))
        body = ast.parse(source).body[0].body
        lines = source.splitlines()
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                and isinstance(body[0].value.value, str):
            del lines[body[0].lineno - 1:body[0].end_lineno]
        blocks.append("\n".join(lines).rstrip())
    return "```python\n" + "\n\n".join(blocks) + "\n```"


def _notes_cell(source: str):
    """Speaker notes. Their math is left as TeX: reveal's speaker view copies the notes' HTML into its
    own window, which has no MathJax (typeset math would show there as nothing)."""
    import nbformat

    return nbformat.v4.new_markdown_cell(f'<div class="mathjax_ignore">\n\n{source}\n\n</div>',
                                         metadata={"slideshow": {"slide_type": "notes"}})


def lecture_cells(notebook, page: Page, name: str) -> list:
    """The deck's cells: each marked cell as its slide shows it, every other prose cell as speaker notes.

    A marked markdown cell becomes its slide text (and listing), and its own source goes to the notes
    of its slide; an unmarked markdown cell (not ``skip``) adds its source to the notes of the slide it
    follows; an unmarked code cell is left to the book. A slide's notes are one cell, right after the
    slide's first cell: reveal's speaker view shows a slide's notes, but for a fragment only the first
    note inside it, and it would hide the rest.
    """
    slides = []   # [[shown cells], [notes sources]] per slide
    for index, cell in enumerate(notebook.cells):
        where = f"{name}, cell {index}"
        mark, kind = slide_mark(cell, where), slide_type(cell)
        if cell.cell_type == "markdown" and mark is None:
            if kind != "skip" and cell.source.strip() and slides:
                slides[-1][1].append(myst_to_commonmark(cell.source, page, where))
            continue
        if mark is None:
            continue
        shown = copy.deepcopy(cell)
        if cell.cell_type == "markdown":
            shown.source = myst_to_commonmark(mark["text"], page, where + f" (metadata.{MARK}.text)")
            if mark.get("listing"):
                shown.source += "\n\n" + listing(mark["listing"], where)
        else:
            # A slide-only cell is tagged remove-cell so that the book drops it; the mark shows it here.
            shown.metadata["tags"] = [tag for tag in shown.metadata.get("tags", []) if tag != "remove-cell"]
            if mark["show"] == "output":
                shown.metadata["tags"] = [*shown.metadata.get("tags", []), "slides-remove-input"]
            elif mark["show"] == "source":
                shown.outputs = []
        if kind == "slide" or not slides:
            if kind != "slide":
                raise SlidesError(f"{where}: the first marked cell must be of slide type \"slide\" (the title slide)")
            slides.append([[], []])
        slides[-1][0].append(shown)
        if cell.cell_type == "markdown":
            slides[-1][1].append(myst_to_commonmark(cell.source, page, where))
    if not slides:
        raise SlidesError(f"{name}: no cell carries metadata.{MARK}: the deck would be empty")
    cells = []
    for shown, notes in slides:
        cells += shown[:1] + ([_notes_cell("\n\n".join(notes))] if notes else []) + shown[1:]
    return cells


def _heading_id(title: str) -> str:
    """The HTML id Sphinx gives a section with this title (math delimiters dropped first)."""
    from docutils.nodes import make_id

    return make_id(title.replace("$", "").replace("`", ""))


def exercises_cell(notebook, stem: str) -> dict:
    """The generated last slide: the chapter's exercises, each linked to its section in the book."""
    import nbformat

    page = f"../chapters/{stem}.html"
    titles = [m.group("title") for cell in notebook.cells if cell.cell_type == "markdown"
              for m in EXERCISE_HEADING.finditer(cell.source)]
    if titles:
        items = "\n".join(f"- [{title}]({page}#{_heading_id(title)})" for title in titles)
        text = f"## Exercises\n\n{items}\n\nIn the student edition, on [the chapter page]({page}).\n"
        notes = ("Each exercise comes with a check that says at once whether the answer is right, and if not, "
                 "what is wrong. Students download the chapter's student edition from the chapter page.")
    else:
        text = f"## In the book\n\nThe whole chapter, with its code and figures: [the chapter page]({page}).\n"
        notes = ""
    cell = nbformat.v4.new_markdown_cell(text, metadata={"slideshow": {"slide_type": "slide"}})
    cell["id"] = "course-exercises-slide"  # fixed: the same notebook gives the same deck
    return [cell, _notes_cell(notes)] if notes else [cell]


def _is_widget(output) -> bool:
    """A widget view (its text/plain is only the widget's repr, no use without a kernel)."""
    return WIDGET_VIEW in (output.get("data") or {})


def deck_notebook(notebook, stem: str, name: str = "notebook"):
    """A copy of the notebook as the deck shows it (see the module docstring)."""
    from myst_nb.ext.glue import extract_glue_data_cell

    deck = copy.deepcopy(notebook)
    deck.metadata.pop("widgets", None)
    markdown = [cell.source for cell in deck.cells if cell.cell_type == "markdown"]
    page = Page(stem, equation_numbers(markdown, stem))
    for cell in deck.cells:
        if cell.cell_type == "code":
            page.glued.update(extract_glue_data_cell(cell))  # and drops the glue outputs, as the book does
            cell.outputs = [output for output in cell.outputs if not _is_widget(output)]
    exercises = exercises_cell(deck, stem)
    deck.cells = lecture_cells(deck, page, name) + exercises
    for index, cell in enumerate(deck.cells):
        cell["id"] = f"deck-{index}"   # nbformat wants unique ids; the deck's cells are new
    return deck


# --------------------------------------------------------------------------- building decks


def _exporter():
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    return SlidesExporter(config=Config(EXPORTER_CONFIG))


def export_deck(path: Path) -> str:
    """The deck's HTML for one notebook (stored outputs; nothing is executed)."""
    path = Path(path)
    notebook = read_notebook(path)
    html, _ = _exporter().from_notebook_node(deck_notebook(notebook, path.stem, name=str(path)),
                                             resources={"metadata": {"name": path.stem}})
    return html


def _same_file_stat(one: Path, other: Path) -> bool:
    first, second = one.stat(), other.stat()
    return (first.st_size, first.st_mtime_ns) == (second.st_size, second.st_mtime_ns)


def copy_assets(root: Path, out: Path) -> int:
    """Copy what the decks load from node_modules/ into out/lib/ (only changed files), and delete from
    out/lib/ what they no longer load (an older version's files). Returns the files copied."""
    copied, wanted = 0, set()
    for package, inside in ASSETS:
        source = Path(root) / "node_modules" / package / inside
        if not source.exists():
            raise SlidesError(f"{source} is missing: run `make` (npm ci installs the pinned JavaScript)")
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for file in files:
            target = Path(out) / LIB / package / file.relative_to(Path(root) / "node_modules" / package)
            wanted.add(target)
            if target.is_file() and _same_file_stat(file, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)
            copied += 1
    _prune(Path(out) / LIB, wanted)
    return copied


def _prune(folder: Path, wanted: set[Path]) -> None:
    """Delete the files under folder that are not wanted, then the folders left empty."""
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def machinery_hash(root: Path) -> str:
    """What every deck depends on besides its notebook."""
    import nbconvert

    digest = hashlib.sha256(nbconvert.__version__.encode())
    template = sorted(p for p in TEMPLATE.rglob("*") if p.is_file())
    library = sorted((Path(root) / "lecture_lib").glob("*.py"))  # the slides' listings come from it
    parts = [Path(__file__), *template, Path(root) / "package-lock.json", *library]
    for part in parts:
        digest.update(part.name.encode() + b"\0" + (part.read_bytes() if part.is_file() else b"") + b"\0")
    return digest.hexdigest()


def _deck_key(path: Path, machinery: str) -> str:
    return hashlib.sha256(machinery.encode() + Path(path).read_bytes()).hexdigest()


def _write_deck(job: tuple[str, str]) -> tuple[str, float]:
    source, target = job
    started = time.perf_counter()
    atomic_write(Path(target), export_deck(Path(source)))
    return source, time.perf_counter() - started


@dataclass
class DeckBuild:
    out: Path
    built: dict[str, float] = field(default_factory=dict)   # notebook -> seconds
    up_to_date: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _export_all(jobs: list[tuple[str, str]], workers: int) -> list[tuple[str, float]]:
    if workers == 1:
        return [_write_deck(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_write_deck, jobs))


def build_decks(notebooks, out: Path, root: Path = ROOT, jobs: int | None = None) -> DeckBuild:
    """Write out/<stem>.html for each notebook whose deck is missing or stale, in parallel."""
    started = time.perf_counter()
    out, result = Path(out), DeckBuild(Path(out))
    copy_assets(root, out)
    state, machinery, todo = load_state(out / STATE_FILE), machinery_hash(root), {}
    for path in map(Path, notebooks):
        if not path.is_file():
            raise SlidesError(f"no such notebook: {path}")
        key, target = _deck_key(path, machinery), out / f"{path.stem}.html"
        if state.get(path.stem) == key and target.is_file():
            result.up_to_date.append(str(path))
        else:
            todo[str(path)] = (str(target), key)
    if todo:
        workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))
        for source, seconds in _export_all([(source, target) for source, (target, _) in todo.items()], workers):
            result.built[source] = round(seconds, 2)
            state[Path(source).stem] = todo[source][1]
        save_state(out / STATE_FILE, state)
    result.seconds = time.perf_counter() - started
    return result


def chapter_decks(root: Path = ROOT) -> list[Path]:
    """The notebooks of the book's table of contents, in book order."""
    return toc_notebooks(Path(root))


# --------------------------------------------------------------------------- checking decks in a browser

# Run in a deck once Reveal is ready: wait for MathJax's first (and only) typesetting, the images and
# the fonts (course_tools.browser), then sum the deck up. mathFound: the formulas MathJax found; mathRendered: the ones on the page
# (also in reveal's .aria-status, which copies the slide shown first, math included).
DECK_SUMMARY_JS = after_settling("""
  const raw = [];
  const walker = document.createTreeWalker(document.querySelector('.reveal .slides'), NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement.closest('script, style, pre, code, mjx-container, .jp-OutputArea, aside.notes')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  while (walker.nextNode()) {
    const t = walker.currentNode.textContent;
    if (/\\$\\$|\\\\\\(|\\\\\\[|\\\\(frac|partial|sum|sigma|cdot|mathbf|begin|left|right|times|nabla)\\b/.test(t) ||
        /(^|[^\\\\$\\w])\\$[^$\\s][^$\\n]{0,80}[^$\\s\\\\]\\$/.test(t))
      raw.push(t.trim().slice(0, 80));
  }
  return {
    slides: Reveal.getTotalSlides(),
    fragments: document.querySelectorAll('.reveal .slides .fragment').length,
    mathFound: Array.from(MathJax.startup.document.math).length,
    mathRendered: document.querySelectorAll('mjx-container').length,
    mathErrors: [...document.querySelectorAll('mjx-merror, [data-mjx-error]')]
      .filter(e => !e.parentElement.closest('mjx-merror, [data-mjx-error]'))
      .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 80)),
    rawTex: raw,
    brokenImages: [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))
      .map(i => (i.getAttribute('src') || '').slice(0, 80)),
    animations: document.querySelectorAll('.animation img[id^="_anim_img"]').length,
  };
""")

# Defines courseMeasure(): the slide on screen, measured once in the deck's own pixels (1280 x 720
# before reveal scales it) as it arrives, with its fragments' space (hidden fragments keep it);
# each animation on it is played. Each slide is recorded in courseVisited (in the order reached)
# and courseReport. From here on, MathJax typesetting anything again is counted in courseTypeset
# (a deck must show the math as typeset at load time, with no re-flow on a slide change).
_MEASURE_JS = """
() => {
  const {width, height} = Reveal.getConfig(), slides = Reveal.getSlides();
  window.courseVisited = [];
  window.courseReport = [];
  window.courseTypeset = [];
  const document_ = MathJax.startup.document;
  for (const method of ['render', 'rerender', 'convert'])
    document_[method] = (original => function (...args) {
      courseTypeset.push(`${method} on ${Reveal.getIndices().h}/${Reveal.getIndices().v}`);
      return original.apply(this, args);
    })(document_[method]);
  const name = el => (el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/)[0] : '') + ' "' +
      (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '"');
  const pause = ms => new Promise(done => setTimeout(done, ms));
  // What the audience reads on a slide, in the deck's own pixels: the words outside the speaker
  // notes (a formula counts as one), the smallest text and code, the lines of code, the smallest
  // text of each figure as displayed, whether the slide ends on a colon, and axe-core's findings.
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const px = el => Math.round(parseFloat(getComputedStyle(el).fontSize) * 10) / 10;
  window.courseRead = async slide => {
    const read = {words: 0, text: [], code: [], codeLines: 0, figures: [], last: '', axe: []};
    const scale = Reveal.getScale();
    const walker = document.createTreeWalker(slide, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {acceptNode: n => {
      const el = n.nodeType === 1 ? n : n.parentElement;
      if (el.closest('aside.notes, script, style') || (n.nodeType === 1 && !shown(n))) return NodeFilter.FILTER_REJECT;
      if (el.closest('mjx-container') && !(n.nodeType === 1 && n.tagName === 'MJX-CONTAINER'))
        return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    }});
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.nodeType === 1) {
        if (node.tagName === 'MJX-CONTAINER') { read.words += 1; read.text.push(px(node)); read.last = 'formula'; }
        else if (node.tagName === 'PRE') {
          read.codeLines += node.textContent.replace(/\\n+$/, '').split('\\n').length; read.last = 'code';
        } else if (node.tagName === 'IMG') read.last = 'figure';
        continue;
      }
      const text = node.textContent.trim();
      if (!text) continue;
      const el = node.parentElement;
      if (el.closest('pre, code')) read.code.push(px(el));
      else { read.text.push(px(el)); read.words += text.split(/\\s+/).filter(w => /\\w/.test(w)).length; }
      if (!el.closest('pre')) read.last = text;
    }
    for (const figure of slide.querySelectorAll('.course-figure')) {
      const img = figure.querySelector('img');
      if (!img || !shown(img)) continue;
      const own = parseFloat(figure.dataset.textPx), drawn = img.naturalWidth || parseFloat(figure.dataset.widthPx);
      const displayed = img.getBoundingClientRect().width / scale;
      read.figures.push({textPx: isNaN(own) ? null : Math.round(own * Math.min(1, displayed / drawn) * 10) / 10,
                         drawnPx: drawn, displayedPx: Math.round(displayed)});
    }
    return read;
  };
  window.courseMeasure = async () => {
    const {h, v} = Reveal.getIndices(), key = `#/${h}/${v}`;
    if (courseVisited.includes(key)) return;
    courseVisited.push(key);
    const slide = Reveal.getCurrentSlide(), found = [], played = [];
    if (slide.scrollHeight > height + 1)
      found.push(`taller than the screen: ${slide.scrollHeight} px > ${height} px`);
    if (slide.scrollWidth > width + 1) found.push(`wider than the screen: ${slide.scrollWidth} px > ${width} px`);
    for (const el of slide.querySelectorAll('*')) {
      if (el.closest('aside.notes, script, style, mjx-container *')) continue;
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        found.push(`${name(el)} scrolls or is cut off sideways by ${el.scrollWidth - el.clientWidth} px`);
      if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
        found.push(`${name(el)} scrolls or is cut off vertically by ${el.scrollHeight - el.clientHeight} px`);
    }
    for (const img of slide.querySelectorAll('.animation img[id^="_anim_img"]')) {
      const before = img.src, animation = img.closest('.animation');
      animation.querySelector('button[onclick$=".play_animation()"]').click();
      for (let waited = 0; img.src === before && waited < 3000; waited += 50) await pause(50);
      played.push(img.src !== before);
      animation.querySelector('button[onclick$=".pause_animation()"]').click();
    }
    const heading = [...slide.querySelectorAll('h1, h2, h3, h4')].find(h => !h.closest('aside.notes'));
    courseReport.push({number: slides.indexOf(slide) + 1, slide: key,
                       title: heading ? heading.textContent.replace('¶', '').trim() : '', problems: found, played,
                       read: await courseRead(slide)});
  };
}
"""


@dataclass
class DeckVisit:
    """What a reader of one deck gets, as headless Chromium saw it."""

    deck: str
    slides: int = 0                    # Reveal.getTotalSlides()
    fragments: int = 0
    blocked: list[str] = field(default_factory=list)          # requests to anything but the deck's server
    failed: list[str] = field(default_factory=list)           # requests that failed (a missing file)
    console_errors: list[str] = field(default_factory=list)
    math: dict = field(default_factory=dict)                  # found, rendered, errors, raw TeX left
    typeset_again: list[str] = field(default_factory=list)    # MathJax typesetting after load, and where
    broken_images: list[str] = field(default_factory=list)
    animations: int = 0
    animations_played: list[bool] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)          # "#/h/v" of each slide Space reached, in order
    reached_last: bool = False
    overflows: dict[str, list[str]] = field(default_factory=dict)   # "n (#/h/v) title" -> what does not fit
    read: dict[str, dict] = field(default_factory=dict)   # "n (#/h/v) title" -> what the audience reads (courseRead)
    axe: list[str] = field(default_factory=list)          # axe-core's serious/critical findings outside the slides
    seconds: float = 0.0
    loaded: list[str] = field(default_factory=list)           # files loaded, relative to the deck's folder
    missing: list[str] = field(default_factory=list)          # files requested and not found (HTTP 404...)


def _walk(page, visit: DeckVisit) -> None:
    """Press Space as often as there are slides and fragments, measuring each slide it reaches.

    One pass, as a presenter gives the talk: each slide is measured on arrival (see _MEASURE_JS).
    """
    page.evaluate(_MEASURE_JS)
    page.locator(".reveal").focus()
    page.evaluate("courseMeasure()")
    for _ in range(visit.slides + visit.fragments):
        page.keyboard.press("Space")
        page.evaluate("courseMeasure()")
    for here in sorted(page.evaluate("courseReport"), key=lambda r: r["number"]):
        label = f"{here['number']} ({here['slide']}) {here['title']}".strip()
        if here["problems"]:
            visit.overflows[label] = here["problems"]
        visit.read[label] = here["read"]
        visit.animations_played += here["played"]
    visit.visited = page.evaluate("courseVisited")
    visit.typeset_again = page.evaluate("courseTypeset")
    visit.reached_last = page.evaluate("Reveal.isLastSlide() && !Reveal.availableFragments().next")
    _axe(page, visit)   # the deck's own controls and slide number, over the last slide


# axe-core's serious and critical findings, each with the number of the slide it is on (0: outside the
# slides: the controls, the slide number). One run over the whole page: in reveal's print view every
# slide is laid out and visible, so one run checks them all (a run per slide shown costs about a second).
AXE_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']}), slides = Reveal.getSlides(), found = [];
  for (const v of result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical'))
    for (const node of v.nodes) {
      const el = document.querySelector(node.target[0]), section = el && el.closest('.reveal .slides section');
      found.push({number: section ? slides.indexOf(section) + 1 : 0,
                  text: `${v.impact} ${v.id}: ${v.help} (${node.target.join(' ')})`});
    }
  return found;
}
"""


def _axe(page, visit: DeckVisit, slides_only: bool = False) -> None:
    """Run axe-core on the page (AXE_JS) and file each finding under its slide in ``visit.read``."""
    page.add_script_tag(path=str(AXE))   # inline: no request
    labels = {int(label.split(" ", 1)[0]): label for label in visit.read}
    for finding in page.evaluate(AXE_JS):
        if finding["number"] in labels:
            if finding["text"] not in visit.read[labels[finding["number"]]]["axe"]:
                visit.read[labels[finding["number"]]]["axe"].append(finding["text"])
        elif not slides_only and finding["text"] not in visit.axe:
            visit.axe.append(finding["text"])


# Set before the deck's own scripts run: reveal says "pdf-ready" (an event that bubbles from its
# wrapper) once its print view is laid out and shown.
PDF_READY_JS = "document.addEventListener('pdf-ready', () => { window.__revealPdfReady = true; });"


def _open_print_view(context):
    """A page of ``context`` that will record reveal's "pdf-ready" (see _wait_for_print_layout)."""
    context.add_init_script(PDF_READY_JS)
    return context.new_page()


def _wait_for_print_layout(page) -> None:
    """Until reveal has laid out its print view and said so (a page per slide, the web font loaded),
    and the browser has painted it: under load a PDF printed at the first sign of the layout came out
    as one blank page."""
    page.wait_for_function("window.__revealPdfReady === true && "
                           "document.querySelectorAll('.reveal .pdf-page').length >= Reveal.getTotalSlides()",
                           timeout=30_000)
    painted = "await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));"
    page.evaluate(after_settling(painted))


def _axe_every_slide(browser, base: str, deck: str, visit: DeckVisit) -> None:
    """axe-core over every slide at once, in reveal's print view (see AXE_JS)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, service_workers="block")
    keep_inside(context, base, [])
    page = _open_print_view(context)
    try:
        page.goto(base + deck + "?print-pdf", wait_until="load")
        _wait_for_print_layout(page)
        page.evaluate(DECK_SUMMARY_JS)
        _axe(page, visit, slides_only=True)
    finally:
        context.close()


def visit_deck(browser, base: str, deck: str) -> DeckVisit:
    """Open one deck from the server at ``base`` with every other request blocked, and inspect it."""
    started, visit = time.perf_counter(), DeckVisit(deck)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, service_workers="block")
    keep_inside(context, base, visit.blocked)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda e: visit.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: r.url.startswith(base) and visit.failed.append(r.url))

    def response(r):
        if r.status >= 400:
            visit.failed.append(f"{r.status} {r.url}")
            if r.url.startswith(base):
                visit.missing.append(in_folder(r.url, base))

    page.on("response", response)
    page.on("requestfinished", lambda r: r.url.startswith(base) and visit.loaded.append(in_folder(r.url, base)))
    try:
        page.goto(base + deck, wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=30_000)
        seen = page.evaluate(DECK_SUMMARY_JS)
        visit.slides, visit.fragments, visit.animations = seen["slides"], seen["fragments"], seen["animations"]
        visit.broken_images = seen["brokenImages"]
        visit.math = {k: seen[k] for k in ("mathFound", "mathRendered", "mathErrors", "rawTex")}
        _walk(page, visit)
    finally:
        context.close()
    _axe_every_slide(browser, base, deck, visit)
    visit.seconds = round(time.perf_counter() - started, 2)
    visit.loaded, visit.missing = sorted(set(visit.loaded)), sorted(set(visit.missing))
    return visit


NOTES_PDF = "-notes.pdf"   # <stem>-notes.pdf: the handout with the speaker notes


def print_pdf(browser, base: str, deck: str, target: Path, notes: bool = False) -> None:
    """The deck as a PDF handout (reveal's ?print-pdf view, one page per slide); with ``notes``, each
    slide followed by a page of its speaker notes (reveal's showNotes option, from the address)."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    keep_inside(context, base, [])
    page = _open_print_view(context)
    try:
        page.goto(base + deck + "?print-pdf" + ("&showNotes=separate-page" if notes else ""), wait_until="load")
        _wait_for_print_layout(page)
        page.evaluate(DECK_SUMMARY_JS)
        page.pdf(path=str(target), width=f"{WIDTH}px", height=f"{HEIGHT}px", print_background=True,
                 prefer_css_page_size=True)
    finally:
        context.close()


def inspect_decks(decks: list[Path], pdf: bool = False, browser=None) -> dict[str, DeckVisit]:
    """Visit each deck in headless Chromium; with ``pdf``, also print <stem>.pdf beside it.

    Each deck's folder is served from 127.0.0.1; the result is keyed by the deck's path.
    With ``pdf``, also <stem>-notes.pdf, the handout with the speaker notes.
    ``browser``: a Playwright browser to reuse (else one is started for this call).
    """
    from playwright.sync_api import sync_playwright

    if browser is None:
        with sync_playwright() as playwright:
            browser = open_browser(playwright)
            try:
                return inspect_decks(decks, pdf, browser)
            finally:
                browser.close()
    servers = {folder: serve(folder) for folder in {Path(deck).parent for deck in decks}}
    visits = {}
    try:
        for deck in map(Path, decks):
            base = servers[deck.parent][1]
            visits[str(deck)] = visit_deck(browser, base, deck.name)
            if pdf:
                print_pdf(browser, base, deck.name, deck.with_suffix(".pdf"))
                print_pdf(browser, base, deck.name, deck.with_name(deck.stem + NOTES_PDF), notes=True)
    finally:
        for server, _ in servers.values():
            server.shutdown()
            server.server_close()
    return visits


def visit_problems(visit: DeckVisit) -> list[str]:
    """Everything wrong with one visited deck, one line each (empty: the deck is fine)."""
    math = visit.math
    found = [f"blocked request: {u}" for u in visit.blocked] + [f"failed request: {u}" for u in visit.failed]
    found += [f"console error: {e}" for e in visit.console_errors]
    found += [f"math error: {e}" for e in math.get("mathErrors", [])]
    found += [f"TeX left as text: {t}" for t in math.get("rawTex", [])]
    if math.get("mathFound") != math.get("mathRendered"):
        found.append(f"math typeset: {math.get('mathRendered')} of {math.get('mathFound')} formulas")
    found += [f"math typeset again while presenting (MathJax {t})" for t in visit.typeset_again]
    found += [f"image not loaded: {src}" for src in visit.broken_images]
    found += [f"axe-core: {finding}" for finding in visit.axe]
    if visit.animations_played.count(True) != visit.animations:
        found.append(f"animations that play: {visit.animations_played.count(True)} of {visit.animations}")
    if not visit.reached_last:
        found.append(f"Space did not reach the last slide (stopped at {visit.visited[-1:]})")
    found += [f"slide {slide}: {problem}" for slide, problems in visit.overflows.items() for problem in problems]
    found += [f"slide {slide}: {problem}" for slide, read in visit.read.items() for problem in reading_problems(read)]
    return found


def reading_problems(read: dict) -> list[str]:
    """What keeps the back row from reading one slide (its courseRead measures), one line each."""
    found = []
    if read["text"] and min(read["text"]) < TEXT_FLOOR_PX:
        found.append(f"text at {min(read['text'])} px, below {TEXT_FLOOR_PX} px")
    if read["code"] and min(read["code"]) < CODE_FLOOR_PX:
        found.append(f"code at {min(read['code'])} px, below {CODE_FLOOR_PX} px")
    if read["words"] > MAX_WORDS:
        found.append(f"{read['words']} words outside the notes, more than {MAX_WORDS}: move prose to the notes")
    if read["codeLines"] > MAX_CODE_LINES:
        found.append(f"{read['codeLines']} lines of code or output, more than {MAX_CODE_LINES}")
    for figure in read["figures"]:
        if figure["textPx"] is None:
            found.append(f"a figure without its text-size measure (output metadata smallest_text_px), "
                         f"{figure['drawnPx']} px wide")
        elif figure["textPx"] < FIGURE_TEXT_FLOOR_PX:
            found.append(f"figure text at {figure['textPx']} px as displayed, below {FIGURE_TEXT_FLOOR_PX} px "
                         f"(drawn {figure['drawnPx']} px wide, shown {figure['displayedPx']} px)")
    if read["last"].rstrip().endswith((":", "\uff1a")):
        found.append(f"ends on a colon: {read['last'][-60:]!r}")
    found += [f"axe-core: {violation}" for violation in read["axe"]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course_tools.slides", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="chapter notebooks (default: every chapter of _toc.yml)")
    parser.add_argument("--out", type=Path, default=ROOT / SLIDES_DIR, help=f"output folder (default: {SLIDES_DIR})")
    parser.add_argument("--check", action="store_true", help="open each deck in Chromium and report what is wrong")
    parser.add_argument("--pdf", action="store_true", help="also print each deck to <out>/<stem>.pdf")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="decks built at once (default: CPU count)")
    args = parser.parse_args(argv)
    paths = args.notebooks or chapter_decks(ROOT)
    try:
        with build_lock(ROOT):  # `make book` writes the same folder
            result = build_decks(paths, args.out, ROOT, args.jobs)
    except SlidesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for source, seconds in result.built.items():
        print(f"built {args.out / Path(source).stem}.html in {seconds:.1f} s")
    print(f"{len(result.built)} built, {len(result.up_to_date)} up to date, in {result.seconds:.1f} s")
    if not (args.check or args.pdf):
        return 0
    visits = inspect_decks([args.out / f"{Path(p).stem}.html" for p in paths], pdf=args.pdf)
    failed = False
    for name, visit in visits.items():
        problems = visit_problems(visit)
        failed |= bool(problems)
        pdf = f", {Path(name).with_suffix('.pdf')}" if args.pdf else ""
        print(f"{name}: {visit.slides} slides, {len(problems)} problems, checked in {visit.seconds:.1f} s{pdf}")
        for problem in problems:
            print(f"  {problem}")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
