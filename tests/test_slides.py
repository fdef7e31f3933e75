"""The lecture decks (course_tools/slides.py): built from the notebooks, offline, every slide on screen.

Two kinds of decks are checked. A **fixture** notebook written by this module (every slide type,
MyST the builder translates, a figure, an animation, a widget, notes, skipped exercises) tests the
machinery independently of the chapters' state, plus a deliberately **bad** one proving that the
checks catch what they look for. The **chapter** decks are the ones `make book` wrote into
_build/html/slides/ (fixture ``built_book``).

The browser tests open every deck in one headless Chromium (Debian's, through Playwright) with every
request to anything but the deck's own server blocked, press Space through every slide and measure
each one in the deck's own 1280 x 720 pixels (course_tools.slides.inspect_decks). Without
/usr/bin/chromium they skip, except under CI=true. The math is typeset once, at load (MathJax 3): the
checks fail if a slide change typesets it again, and a test compares the math of slides hidden at
load time with the same math typeset while on screen.
"""
from __future__ import annotations

import base64
import io
import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

import browser_records
from course_tools import slides
from course_tools.browser import keep_inside, serve

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = "09_fixture"   # chapter 9 of a book that does not exist: equations are numbered 9.n
BAD = "10_bad"


# --------------------------------------------------------------------------- the fixture notebooks


def _cell(kind: str, source: str, slide_type: str | None = None, tags=(), outputs=(), slide=None):
    cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
    if slide_type:
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    if tags:
        cell.metadata["tags"] = list(tags)
    if slide is not None:
        cell.metadata["slide"] = {"text": slide} if kind == "md" else {"show": slide}
    if kind == "code":
        cell.outputs = list(outputs)
    return cell


def _figure(dpi=60):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 2.5), dpi=dpi)
    axes = figure.subplots()
    (line,) = axes.plot([0, 1, 2], [0, 1, 4])
    return figure, line


def _png_output(text_px=None):
    """A 240 px wide figure; ``text_px``: its smallest text in its own pixels, as a slide figure records it."""
    figure, _ = _figure()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    metadata = {"image/png": {"smallest_text_px": text_px}} if text_px is not None else {}
    return nbformat.v4.new_output("display_data", data={
        "image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": "<Figure>"}, metadata=metadata)


def _animation_output():
    from matplotlib.animation import FuncAnimation

    figure, line = _figure()
    animation = FuncAnimation(figure, lambda i: line.set_ydata([0, i, 2 * i]) or [line], frames=4, interval=100)
    # Without matplotlib's CDN stylesheet for the button icons, as lecture_lib.explorers makes the chapters'.
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", animation.to_jshtml(default_mode="loop"))
    html = html.replace('<img id="', '<img alt="An animated curve" id="')
    return nbformat.v4.new_output("execute_result", data={"text/html": html, "text/plain": "<HTML>"},
                                  metadata={"text/html": {"smallest_text_px": 40, "width_px": 240}},
                                  execution_count=1)


def _stream(text: str):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


GLUED = nbformat.v4.new_output(  # what myst_nb.glue("slope", 0.123456) stores
    "display_data", data={"application/papermill.record/text/plain": "0.123456"},
    metadata={"scrapbook": {"name": "slope", "mime_prefix": "application/papermill.record/"}})
WIDGET = nbformat.v4.new_output("display_data", data={
    "application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2, "version_minor": 0},
    "text/plain": "interactive(children=(FloatSlider(value=0.0),))"})


def fixture_notebook():
    """Every kind of cell once: marked slides (markdown with slide text, code showing its output or
    source, a slide-only cell), prose that goes to the notes, unmarked code left to the book, the MyST
    the chapters use, and outputs of every kind they have."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    notebook.cells = [
        _cell("md", "# Slides fixture\n\nTITLE-PROSE-MARKER: the book's opening paragraph.", "slide",
              slide="# Slides fixture\n\nA deck from the test's own notebook"),
        _cell("code", "import numpy as np  # SETUP-MARKER", "skip"),
        _cell("md", "## Formulas\n\n(sec-formulas)=\n$$\nf(x) = x^2\n$$ (eq-square)\n\nFORMULA-PROSE-MARKER: by "
                    "{eq}`eq-square` the slope is $2x$; see {ref}`the formulas <sec-formulas>`.", "slide",
              slide="## Formulas\n\n$$\nf(x) = x^2\n$$ (eq-square)\n\nBy {eq}`eq-square` the slope is $2x$; "
                    "[the summary](#summary). Glued: {glue:text}`slope:.2f`."),
        _cell("md", "A fragment's prose.", "fragment",
              slide="```{admonition} A framed box\n:class: note\nThe slope of $x^2$ is $2x$.\n```"),
        _cell("md", "NOTES-MARKER: say this aloud.", "notes"),
        _cell("md", "UNMARKED-PROSE-MARKER: a paragraph of the book with no slide of its own."),
        _cell("code", "print('PRINTED-MARKER')", "slide", outputs=[_stream("PRINTED-MARKER\n"), GLUED], slide="both"),
        _cell("code", "plt.plot([0, 1, 2], [0, 1, 4])  # PLOT-SOURCE-MARKER", "slide", outputs=[_png_output(30)],
              slide="output"),
        _cell("code", "animation_of_the_square()", "slide", outputs=[_animation_output()], slide="output"),
        _cell("code", "interact(f, x=0.0)  # WIDGET-MARKER", "slide", tags=["remove-output"], outputs=[WIDGET],
              slide="source"),
        _cell("code", "explorer()", "-", outputs=[WIDGET], slide="output"),
        _cell("code", "book_only_plot()  # BOOK-CODE-MARKER", outputs=[_stream("BOOK-OUTPUT-MARKER\n")]),
        _cell("code", "slide_only_plot()  # SLIDE-ONLY-MARKER", "-", tags=["remove-cell"],
              outputs=[_stream("SLIDE-ONLY-OUTPUT\n")], slide="output"),
        _cell("md", "## Exercises\n\n### Exercise 9.1: the slope of $x^2$\n\nSKIPPED-MARKER", "skip"),
        _cell("code", "def slope(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", "skip",
              tags=["hide-input"]),
        _cell("md", "## Summary\n\nSUMMARY-PROSE-MARKER\n\n$$\nX^\\top\n$$ (eq-chain)", "slide",
              slide="## Summary\n\n- a slide per idea\n- the prose in the notes\n\n"  # hidden at load
                    "$$\n\\frac{\\partial L}{\\partial W} = X^\\top \\frac{\\partial L}{\\partial Y}, \\quad "
                    "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix} \\quad \\text{größer}\n$$ (eq-chain)"),
    ]
    return notebook


WORDY = " ".join(["word"] * 60)
LISTING = "\n".join(f"line_{n} = {n}" for n in range(12))


def bad_notebook():
    """What the checks must catch, one slide each: too tall, a code line too wide, outside and missing
    images, TeX errors and TeX that MathJax was told to leave alone, small text, small code, too many
    words, too much code, a colon at the end, a figure whose text is too small as displayed, a figure
    with no measure of its text, text too faint for axe-core (and, see fixture_decks, math typeset
    again on every slide change)."""
    notebook = nbformat.v4.new_notebook()
    long_line = "x = [" + ", ".join(str(n) for n in range(60)) + "]"
    slides = [
        ("# Too tall\n\n" + "\n\n".join(f"Paragraph {n}." for n in range(40))),
        None,
        "## Images\n\n![outside](https://example.org/outside.png) ![missing](missing.png)",
        ("## Math\n\nUnknown: $\\notamacro x$, wrong: $\\frac{1}$, "
         '<span class="tex2jax_ignore">left alone: $\\frac{a}{b}$</span>'),
        '## Small text\n\n<span style="font-size: 14px">tiny</span> and normal',
        '## Small code\n\n<pre style="font-size: 12px">x = 1</pre>\n\nand normal',
        f"## Wordy\n\n{WORDY}",
        "## Too much code",
        "## Dangling\n\nThe result is as follows:",
        "## Small figure text",
        "## Unmeasured figure",
        '## Faint\n\n<span style="color: #d0d0d0">hard to see</span> on white',
    ]
    cells = []
    for text in slides:
        if text is None:
            cells.append(_cell("code", long_line, "slide", slide="source"))
        else:
            cells.append(_cell("md", "Prose.", "slide", slide=text))
        if text == "## Too much code":
            cells.append(_cell("code", LISTING, "-", slide="source"))
        if text == "## Small figure text":   # 10 px in a 240 px figure shown at 240 px
            cells.append(_cell("code", "plot()", "-", outputs=[_png_output(10)], slide="output"))
        if text == "## Unmeasured figure":
            cells.append(_cell("code", "plot()", "-", outputs=[_png_output()], slide="output"))
    notebook.cells = cells
    return notebook


# The slide number as reveal's serif theme drew it: white on grey, contrast 3.17 (axe-core: serious).
OLD_SLIDE_NUMBER = (".reveal .slide-number {color: #ffffff; background-color: #90918d} "
                    ".reveal .slide-number a {color: currentColor}")

# What the template did for MathJax 2, in MathJax 3's words: the check must report it.
RETYPESET_ON_SLIDE_CHANGE = 'Reveal.on("slidechanged", event => MathJax.typesetPromise([event.currentSlide]));'


def _write(notebook, folder: Path, stem: str) -> Path:
    path = folder / "chapters" / f"{stem}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def fixture_decks(tmp_path_factory) -> dict[str, Path]:
    """The fixture and the bad notebook built into <tmp>/slides/ (the built book's layout)."""
    folder = tmp_path_factory.mktemp("deck")
    notebooks = [_write(fixture_notebook(), folder, FIXTURE), _write(bad_notebook(), folder, BAD)]
    slides.build_decks(notebooks, folder / "slides", ROOT, jobs=1)  # in this process: no start-up cost
    decks = {path.stem: folder / "slides" / f"{path.stem}.html" for path in notebooks}
    bad = decks[BAD].read_text(encoding="utf-8")
    assert bad.count("window.Reveal = Reveal;") == 1, "the template's footer changed: update this fixture"
    bad = bad.replace("window.Reveal = Reveal;", f"window.Reveal = Reveal; {RETYPESET_ON_SLIDE_CHANGE}")
    assert bad.count("</head>") == 1
    bad = bad.replace("</head>", f"<style>{OLD_SLIDE_NUMBER}</style></head>")
    decks[BAD].write_text(bad, encoding="utf-8")
    return decks


def _html(deck: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser")


# --------------------------------------------------------------------------- the deck's content


def test_marked_cells_become_slides_and_the_prose_their_notes(fixture_decks):
    html = _html(fixture_decks[FIXTURE])
    columns = html.select("div.slides > section")
    assert all(len(column.find_all("section", recursive=False)) <= 1 for column in columns), \
        "a vertical stack of slides: → would skip its lower slides"
    shown = [[h for h in column.find_all(["h1", "h2"]) if not h.find_parent("aside")] for column in columns]
    titles = [hs[0].get_text(strip=True).rstrip("¶") if hs else None for hs in shown]
    # title, formulas (+ a fragment), printed, figure, animation, widget source + slide-only, summary, exercises
    assert titles == ["Slides fixture", "Formulas", None, None, None, None, "Summary", "Exercises"], titles
    assert columns[1].select(".fragment"), "the fragment cell is a fragment"
    notes = [" ".join(n.get_text(" ", strip=True) for n in column.select("aside.notes")) for column in columns]
    assert "TITLE-PROSE-MARKER" in notes[0] and "TITLE-PROSE-MARKER" not in _visible(columns[0]), notes[0]
    assert "FORMULA-PROSE-MARKER" in notes[1] and "NOTES-MARKER" in notes[1] and "UNMARKED-PROSE-MARKER" in notes[1]
    assert "A fragment's prose." in notes[1], "a marked fragment's prose is in the notes too"
    assert "SUMMARY-PROSE-MARKER" in notes[6] and "SUMMARY-PROSE-MARKER" not in _visible(columns[6])
    text = html.get_text(" ")
    for left_out in ("SETUP-MARKER", "SKIPPED-MARKER", "BEGIN SOLUTION", "BOOK-CODE-MARKER", "BOOK-OUTPUT-MARKER"):
        assert left_out not in text, f"{left_out}: a cell without a slide mark reached the deck"
    assert "PRINTED-MARKER" in _visible(columns[2]) and "print" in _visible(columns[2]), "show: both"
    assert "PLOT-SOURCE-MARKER" not in text and columns[3].find("img"), "show: output, only the figure"
    assert "WIDGET-MARKER" in _visible(columns[5]), "show: source"
    assert "SLIDE-ONLY-OUTPUT" in _visible(columns[5]) and "SLIDE-ONLY-MARKER" not in text, \
        "a slide-only cell (tagged remove-cell for the book) shows in the deck"


def _visible(section) -> str:
    """A slide's text outside its speaker notes."""
    copy = BeautifulSoup(str(section), "html.parser")
    for aside in copy.select("aside.notes"):
        aside.decompose()
    return copy.get_text(" ")


def test_the_math_of_the_notes_is_left_as_tex(fixture_decks):
    """reveal's speaker view has no MathJax: the notes keep their TeX, readable, instead of empty math."""
    notes = _html(fixture_decks[FIXTURE]).select("div.slides > section")[1].select("aside.notes")
    assert any(n.select(".mathjax_ignore") and "$2x$" in n.get_text() for n in notes), [str(n)[:200] for n in notes]


def test_myst_becomes_what_nbconvert_renders(fixture_decks):
    formulas = _html(fixture_decks[FIXTURE]).select("div.slides > section")[1]
    text = _visible(formulas)
    assert r"\tag{9.1}" in text and "By (9.1) the slope" in text, "numbered as in the book, and referenced"
    assert "Glued: 0.12." in text and "0.123456" not in _html(fixture_decks[FIXTURE]).get_text(), "glue"
    assert formulas.find("a", string="the summary")["href"] == f"../chapters/{FIXTURE}.html#summary"
    box = formulas.find("blockquote")
    assert box is not None and "A framed box" in box.get_text() and ":class:" not in box.get_text()


def _rejected(notebook, match):
    with pytest.raises(slides.SlidesError, match=match):
        slides.deck_notebook(notebook, FIXTURE, name="fixture.ipynb")


def test_an_unknown_directive_is_an_error_naming_the_cell():
    notebook = fixture_notebook()
    notebook.cells[2].metadata["slide"]["text"] += "\n\n```{figure} picture.png\n```\n"
    _rejected(notebook, r"fixture\.ipynb, cell 2 \(metadata\.slide\.text\): the MyST directive \{figure\}")
    notebook.cells[2].metadata["slideshow"]["slide_type"] = "skip"
    del notebook.cells[2].metadata["slide"]
    slides.deck_notebook(notebook, FIXTURE, name="fixture.ipynb")  # a skipped cell is not translated


@pytest.mark.parametrize("change, message", [
    (lambda cells: cells[2].metadata.pop("slide"), r"cell 2: a cell of slide type 'slide' must carry its slide text"),
    (lambda cells: cells[6].metadata.pop("slide"), r"cell 6: a cell of slide type 'slide' must carry"),
    (lambda cells: cells[2].metadata["slideshow"].update(slide_type="subslide"), r"cell 2: .*subslide.* → key"),
    (lambda cells: cells[4].metadata.update(slide={"text": "x"}), r"cell 4: metadata\.slide on a cell of slide type 'notes'"),
    (lambda cells: cells[2].metadata["slide"].update(text=" "), r"cell 2: metadata\.slide\.text .* is missing or empty"),
    (lambda cells: cells[7].metadata["slide"].update(show="all"), r"cell 7: a code cell's metadata\.slide must be"),
    (lambda cells: cells[2].metadata["slide"].update(listing=["no_such_function"]), r"cell 2: .*'no_such_function'"),
])
def test_a_cell_shown_without_its_mark_or_with_a_wrong_one_is_an_error(change, message):
    notebook = fixture_notebook()
    change(notebook.cells)
    _rejected(notebook, r"fixture\.ipynb, " + message)


def test_a_listing_is_the_library_s_code_without_its_docstring():
    import inspect

    import lecture_lib

    notebook = fixture_notebook()
    notebook.cells[2].metadata["slide"]["listing"] = ["square", "functions.sigmoid"]
    deck = slides.deck_notebook(notebook, FIXTURE, name="fixture.ipynb")
    shown = next(cell.source for cell in deck.cells if "## Formulas" in cell.source)
    assert "def square(" in shown and "def sigmoid(" in shown, shown
    assert inspect.getdoc(lecture_lib.square).splitlines()[0] not in shown, "the docstring is left to the book"
    assert inspect.getsource(lecture_lib.square).splitlines()[-1].strip() in shown


def test_every_cell_shown_in_a_chapter_deck_is_marked():
    """The chapters mark what each slide shows (README, Slides): a deck's cells are its marked cells, in
    order, plus speaker notes and the generated exercises slide; nothing else reaches a slide."""
    from course_tools.build_book import read_notebook

    for path in slides.chapter_decks(ROOT):
        notebook = read_notebook(path)
        marked = [cell for cell in notebook.cells if cell.metadata.get("slide") is not None]
        assert marked, f"{path.name}: no cell carries metadata.slide"
        for cell in notebook.cells:
            kind = slides.slide_type(cell)
            assert kind != "subslide", f"{path.name}, cell {cell.get('id')}: a vertical stack"
            if kind in {"slide", "fragment"} or cell.metadata.get("slide") is not None:
                assert cell.metadata.get("slide") is not None and kind in slides.SHOWN, \
                    f"{path.name}, cell {cell.get('id')}: shown in the deck without its slide mark"
        deck = slides.deck_notebook(notebook, path.stem, name=path.name)
        shown = [cell for cell in deck.cells if slides.slide_type(cell) != "notes"]
        assert len(shown) == len(marked) + 1, f"{path.name}: {len(shown)} cells shown, {len(marked)} marked"
        for cell, original in zip(shown, marked):
            assert cell.cell_type == original.cell_type, f"{path.name}: the deck's cells are not the marked ones"
            if cell.cell_type == "code":
                assert cell.source == original.source


def test_widgets_are_dropped_and_nothing_is_loaded_from_elsewhere(fixture_decks):
    html = _html(fixture_decks[FIXTURE])
    assert "WIDGET-MARKER" in html.get_text() and "FloatSlider" not in html.get_text()
    urls = [tag.get(attr) for tag in html.find_all(True) for attr in ("src", "href") if tag.get(attr)]
    outside = [u for u in urls if re.match(r"^(https?:)?//", u)]
    assert not outside, f"the deck refers to other hosts: {outside}"
    scripts = [tag["src"] for tag in html.find_all("script", src=True)]
    assert scripts and all((fixture_decks[FIXTURE].parent / s.split("?")[0]).is_file() for s in scripts), scripts


def test_the_last_slide_links_the_exercises_in_the_book(fixture_decks):
    last = _html(fixture_decks[FIXTURE]).select("div.slides > section")[-1]
    hrefs = [a["href"] for a in last.find_all("a")]
    assert f"../chapters/{FIXTURE}.html#exercise-9-1-the-slope-of-x-2" in hrefs, hrefs
    assert all(h.startswith(f"../chapters/{FIXTURE}.html") for h in hrefs), hrefs

def test_decks_are_rebuilt_only_when_their_notebook_changes(tmp_path):
    first = _write(fixture_notebook(), tmp_path, FIXTURE)
    second = _write(bad_notebook(), tmp_path, BAD)
    out = tmp_path / "slides"
    assert set(slides.build_decks([first, second], out, ROOT, jobs=2).built) == {str(first), str(second)}
    unchanged = slides.build_decks([first, second], out, ROOT, jobs=1)
    assert unchanged.built == {} and len(unchanged.up_to_date) == 2
    stamp = (out / f"{BAD}.html").stat().st_mtime_ns
    notebook = fixture_notebook()
    notebook.cells[0].source += " EDITED-MARKER"
    nbformat.write(notebook, first)
    edited = slides.build_decks([first, second], out, ROOT, jobs=1)
    assert list(edited.built) == [str(first)] and "EDITED-MARKER" in (out / f"{FIXTURE}.html").read_text()
    assert (out / f"{BAD}.html").stat().st_mtime_ns == stamp


# --------------------------------------------------------------------------- the book


def test_every_chapter_page_links_to_its_deck(built_book):
    for notebook in slides.chapter_decks(ROOT):
        if notebook.parent.name != "chapters":
            continue
        page = (built_book / "chapters" / f"{notebook.stem}.html").read_text(encoding="utf-8")
        assert f'href="../slides/{notebook.stem}.html"' in page, f"{notebook.stem}: no link to its deck"
        assert (built_book / "slides" / f"{notebook.stem}.html").is_file(), f"{notebook.stem}: no deck"


def test_exercise_links_reach_their_sections(built_book):
    for notebook in slides.chapter_decks(ROOT):
        last = _html(built_book / "slides" / f"{notebook.stem}.html").select("div.slides > section")[-1]
        for link in last.find_all("a"):
            page, _, anchor = link["href"].partition("#")
            target = (built_book / "slides" / page).resolve()
            assert target.is_file(), f"{notebook.stem}: {link['href']} is not in the book"
            if anchor:
                assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), f"{notebook.stem}: no #{anchor}"


# --------------------------------------------------------------------------- in a browser


# `browser` (tests/conftest.py): Debian's Chromium for the whole session, shared with the book's checks.


@pytest.fixture(scope="module")
def fixture_visits(browser, fixture_decks):
    started = time.perf_counter()
    visits = slides.inspect_decks(list(fixture_decks.values()), pdf=True, browser=browser)
    print(f"\nfixture decks checked in {time.perf_counter() - started:.1f} s")
    return {Path(deck).stem: visit for deck, visit in visits.items()}


# The chapter decks' visits are kept here and reused while nothing they depend on changed: the
# deck's bytes and every file it loaded, course_tools/slides.py (the check), Chromium, the fonts
# (tests/browser_records.py). After one chapter's edit, only its deck is visited again.
DECK_RECORD = ROOT / "_build" / ".deck_visits.json"


@dataclass
class DeckRecord(slides.DeckVisit):
    """A deck's visit and what it depended on: {file in the deck's folder: sha256, or None if missing}."""

    inputs: dict = field(default_factory=dict)


def _visit_record(browser, folder: Path, stem: str) -> DeckRecord:
    (visit,) = slides.inspect_decks([folder / f"{stem}.html"], browser=browser).values()
    return DeckRecord(**asdict(visit),
                      inputs=browser_records.inputs(folder, visit.loaded + [f"{stem}.html"], visit.missing))


@pytest.fixture(scope="module")
def chapter_visits(browser, built_book):
    folder = built_book / "slides"
    stems = [n.stem for n in slides.chapter_decks(ROOT)]
    started = time.perf_counter()
    key = browser_records.environment_key(browser, Path(slides.__file__))
    visits, visited = browser_records.reuse_or_visit(
        DECK_RECORD, key, stems, lambda stem: _visit_record(browser, folder, stem), folder, None, DeckRecord)
    print(f"\nchapter decks checked in {time.perf_counter() - started:.1f} s: "
          f"{visited} visited, {len(stems) - visited} reused unchanged")
    for stem, visit in visits.items():
        print(f"{stem}: {visit.slides} slides, {len(visit.overflows)} do not fit ({visit.seconds:.1f} s)")
    return visits


@pytest.fixture(params=["fixture", "chapters"])
def visits(request) -> dict:
    """The fixture deck's visit, or every chapter deck's (the bad deck has its own test)."""
    if request.param == "fixture":
        return {FIXTURE: request.getfixturevalue("fixture_visits")[FIXTURE]}
    return request.getfixturevalue("chapter_visits")


def _each(visits: dict, problems) -> dict:
    found = {deck: problems(visit) for deck, visit in visits.items()}
    return {deck: p for deck, p in found.items() if p}


def test_no_request_leaves_a_deck(visits):
    bad = _each(visits, lambda v: v.blocked + v.failed)
    assert not bad, "requests outside the deck's folder, or failed:\n" + json.dumps(bad, indent=1)


def test_no_console_errors(visits):
    bad = _each(visits, lambda v: v.console_errors)
    assert not bad, json.dumps(bad, indent=1)


def test_all_math_is_typeset(visits):
    def problems(v):
        m = v.math
        count = [] if m["mathFound"] == m["mathRendered"] else [f"{m['mathRendered']} of {m['mathFound']} typeset"]
        return count + m["mathErrors"] + [f"TeX left as text: {t}" for t in m["rawTex"]]

    bad = _each(visits, problems)
    assert not bad, json.dumps(bad, indent=1)
    assert all(v.math["mathFound"] > 0 for v in visits.values()), "no formula found: is MathJax running?"


def test_math_is_never_typeset_again_while_presenting(visits):
    """The math is typeset once, when the deck loads: no slide change makes MathJax typeset again."""
    bad = _each(visits, lambda v: v.typeset_again)
    assert not bad, json.dumps(bad, indent=1)


def test_the_deck_loads_mathjax_3_and_no_slide_change_handler_typesets(fixture_decks):
    html = _html(fixture_decks[FIXTURE])
    mathjax = [script["src"] for script in html.find_all("script", src=True) if "mathjax" in script["src"]]
    assert mathjax == ["lib/mathjax/es5/startup.js"], mathjax
    inline = "\n".join(s.get_text() for s in html.find_all("script", src=False))
    assert "slidechanged" not in inline and not re.search(r"MathJax\.(Hub|typeset)|Rerender", inline), \
        "the deck typesets math again (MathJax 3 needs no re-typesetting of a slide when it is shown)"


# For each slide with math: the math's boxes (deck pixels) as the slide is shown, and again after
# its math is typeset afresh while it is on screen; and whether the slide was hidden at load time.
MATH_AS_SHOWN_JS = """
async () => {
  await MathJax.startup.promise;
  const scale = Reveal.getScale(), slides = Reveal.getSlides();
  const hiddenAtLoad = slides.map(slide => getComputedStyle(slide).display === 'none');
  const boxes = slide => [...slide.querySelectorAll('mjx-container')].map(math => {
    const box = math.getBoundingClientRect(), top = slide.getBoundingClientRect().top;
    return [box.left, box.width, box.top - top, box.height].map(x => Math.round(x / scale * 10) / 10);
  });
  const found = [];
  for (const [n, slide] of slides.entries()) {
    if (!slide.querySelector('mjx-container')) continue;
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v, 99);
    const shown = boxes(slide), items = MathJax.startup.document.getMathItemsWithin([slide]);
    MathJax.typesetClear([slide]);
    items.forEach(item => item.removeFromDocument(true));   // back to its TeX
    await MathJax.typesetPromise([slide]);
    found.push({slide: `#/${h}/${v}`, hiddenAtLoad: hiddenAtLoad[n], shown, typesetWhenShown: boxes(slide)});
  }
  return found;
}
"""


def _most_math(decks: list[Path]) -> Path:
    return max(decks, key=lambda deck: deck.read_text(encoding="utf-8").count("$"))


@pytest.mark.parametrize("which", ["fixture", "chapter with the most math"])
def test_math_hidden_at_load_is_right_when_shown(which, request, browser, fixture_decks):
    """Math typeset on a hidden slide has the size and place it gets when typeset on screen."""
    if which == "fixture":
        deck = fixture_decks[FIXTURE]
    else:
        built = request.getfixturevalue("built_book")
        deck = _most_math([built / "slides" / f"{n.stem}.html" for n in slides.chapter_decks(ROOT)])
    server, base = serve(deck.parent)
    context = browser.new_context(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
    try:
        page = context.new_page()
        page.goto(base + deck.name, wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=30_000)
        found = page.evaluate(MATH_AS_SHOWN_JS)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert any(slide["hiddenAtLoad"] for slide in found), f"{deck.name}: no slide with math was hidden at load"
    differ = {s["slide"]: [(a, b) for a, b in zip(s["shown"], s["typesetWhenShown"]) if a != b][:3]
              for s in found if s["shown"] != s["typesetWhenShown"]}
    assert not differ, (f"{deck.name}: math changes when typeset again on screen ([left, width, top, height] "
                        f"as shown, then typeset on screen):\n" + json.dumps(differ, indent=1))


def test_every_image_loads(visits):
    bad = _each(visits, lambda v: v.broken_images)
    assert not bad, json.dumps(bad, indent=1)


def test_the_animations_play(visits):
    bad = _each(visits, lambda v: [] if v.animations_played.count(True) == v.animations else
                [f"{v.animations_played.count(True)} of {v.animations} animations play"])
    assert not bad, json.dumps(bad, indent=1)
    if FIXTURE in visits:
        assert visits[FIXTURE].animations == 1


def test_space_reaches_the_last_slide(visits):
    bad = _each(visits, lambda v: [] if v.reached_last and len(v.visited) == v.slides else
                [f"reached {len(v.visited)} of {v.slides} slides: {v.visited}"])
    assert not bad, json.dumps(bad, indent=1)
    if FIXTURE in visits:
        assert visits[FIXTURE].slides == 8


def test_every_slide_fits_the_screen(visits):
    bad = _each(visits, lambda v: v.overflows)
    assert not bad, (f"slides that do not fit {slides.WIDTH} x {slides.HEIGHT} (split them: README, Slides; "
                     "`python -m course_tools.slides --check <notebook>` lists them):\n" + json.dumps(bad, indent=1))


def _problems_on(visit, title: str) -> list[str]:
    (label,) = [label for label in visit.read if label.endswith(f") {title}")]
    return slides.reading_problems(visit.read[label]) + visit.overflows.get(label, [])


def test_every_slide_reads_from_the_back_row(visits):
    """Text >= 28 px, code >= 22 px, figure text >= 18 px as displayed, <= 50 words outside the notes,
    <= 10 lines of code, no colon at the end, and nothing serious or critical for axe-core."""
    bad = _each(visits, lambda v: {label: problems for label, read in v.read.items()
                                   if (problems := slides.reading_problems(read))})
    assert not bad, ("slides the back row cannot read (README, Slides; `python -m course_tools.slides --check "
                     "<notebook>` lists them):\n" + json.dumps(bad, indent=1, ensure_ascii=False))
    assert all(v.read for v in visits.values()), "no slide was read: is courseRead running?"


def test_axe_core_finds_nothing_serious_around_the_slides(visits):
    bad = _each(visits, lambda v: v.axe)
    assert not bad, json.dumps(bad, indent=1)


def test_every_chapter_slide_has_speaker_notes(built_book):
    """The book's prose is the lecturer's notes: every slide of a chapter deck carries some."""
    for notebook in slides.chapter_decks(ROOT):
        columns = _html(built_book / "slides" / f"{notebook.stem}.html").select("div.slides > section")
        without = [n for n, column in enumerate(columns, start=1)
                   if not any(aside.get_text(strip=True) for aside in column.select("aside.notes"))]
        assert not without, f"{notebook.stem}: slides {without} have no speaker notes"
        assert all(len(column.find_all("section", recursive=False)) <= 1 for column in columns), \
            f"{notebook.stem}: a vertical stack of slides"


def test_the_speaker_view_shows_notes_next_slide_and_timer_offline(browser, fixture_decks):
    """S opens reveal's speaker view (its notes plugin, from the deck's folder): the current slide's notes,
    the next slide and a timer; every slide reached with → as with Space."""
    deck = fixture_decks[FIXTURE]
    server, base = serve(deck.parent)
    context = browser.new_context(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
    blocked = []
    keep_inside(context, base, blocked)
    try:
        page = context.new_page()
        page.goto(base + deck.name, wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=30_000)
        page.locator(".reveal").focus()
        with context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_function("document.querySelector('#upcoming-slide iframe') && "
                                  "document.querySelector('.speaker-controls-notes .value')", timeout=15_000)
        page.keyboard.press("ArrowRight")   # to "Formulas"
        speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value').textContent"
                                 ".includes('FORMULA-PROSE-MARKER')", timeout=15_000)
        assert "$2x$" in speaker.evaluate("document.querySelector('.speaker-controls-notes .value').textContent")
        page.keyboard.press("ArrowRight")   # its fragment: the notes written after it
        speaker.wait_for_function("document.querySelector('.speaker-controls-notes .value').textContent"
                                 ".includes('NOTES-MARKER')", timeout=15_000)
        seen = speaker.evaluate("""() => ({
          upcoming: document.querySelector('#upcoming-slide iframe').src,
          timer: document.querySelector('.speaker-controls-time .timer').textContent.trim(),
          notes: document.querySelector('.speaker-controls-notes .value').textContent})""")
        presses = 0
        while not page.evaluate("Reveal.isLastSlide() && !Reveal.availableFragments().next") and presses < 30:
            page.keyboard.press("ArrowRight")
            presses += 1
        total = page.evaluate("Reveal.getTotalSlides()")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert not blocked, blocked
    assert seen["upcoming"].startswith(base + deck.name) and re.match(r"\d\d:\d\d:\d\d", seen["timer"]), seen
    assert "UNMARKED-PROSE-MARKER" in seen["notes"], seen["notes"]
    assert presses == total - 2, f"→ took {presses} more presses for {total} slides, from the second"


def test_the_checks_catch_a_bad_deck(fixture_visits):
    bad = fixture_visits[BAD]
    problems = "\n".join(slides.visit_problems(bad))
    assert any("color-contrast" in finding and "slide-number" in finding for finding in bad.axe), bad.axe
    assert any("taller than the screen" in p for p in bad.overflows.get("1 (#/0/0) Too tall", [])), problems
    assert any("sideways" in p or "wider" in p for ps in bad.overflows.values() for p in ps), problems
    assert bad.blocked == ["https://example.org/outside.png"], problems
    assert any("missing.png" in url for url in bad.failed), problems
    assert len(bad.broken_images) == 2, problems
    assert bad.math["mathErrors"] == ["Undefined control sequence \\notamacro", "Missing argument for \\frac"], problems
    assert bad.math["rawTex"] == ["left alone: $\\frac{a}{b}$"], problems
    assert len(bad.typeset_again) == bad.slides - 1 and "math typeset again while presenting" in problems, problems


@pytest.mark.parametrize("title, expected", [
    ("Small text", r"^text at 14(\.0)? px, below 28 px$"),
    ("Small code", r"^code at 12(\.0)? px, below 22 px$"),
    ("Wordy", r"^61 words outside the notes, more than 50"),
    ("Too much code", r"^12 lines of code or output, more than 10$"),
    ("Dangling", r"^ends on a colon: 'The result is as follows:'$"),
    ("Small figure text", r"^figure text at 10(\.0)? px as displayed, below 18 px \(drawn 240 px wide, shown 240 px\)$"),
    ("Unmeasured figure", r"^a figure without its text-size measure"),
    ("Faint", r"^axe-core: serious color-contrast: "),
])
def test_the_reading_checks_catch_each_rule(fixture_visits, title, expected):
    """Each slide of the bad deck breaks one rule, and the check says which, on that slide only."""
    found = _problems_on(fixture_visits[BAD], title)
    assert len(found) == 1 and re.search(expected, found[0]), found


def test_the_reading_measures_of_a_good_slide(fixture_visits):
    """The fixture deck passes: text at the theme's 32 px, code at 24 px, figures at their recorded size."""
    good = fixture_visits[FIXTURE]
    assert not [p for read in good.read.values() for p in slides.reading_problems(read)], good.read
    formulas = next(read for label, read in good.read.items() if label.endswith("Formulas"))
    assert min(formulas["text"]) == 32 and formulas["words"] < 50, formulas
    figure = next(read for read in good.read.values() if read["figures"] and read["figures"][0]["drawnPx"] == 240)
    assert figure["figures"][0]["textPx"] in (30, 40), figure


def _pdf_pages(path: Path) -> tuple[bytes, int]:
    pdf = path.read_bytes()
    return pdf, len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_a_pdf_handout_has_a_page_per_slide(fixture_visits, fixture_decks):
    pdf, pages = _pdf_pages(fixture_decks[FIXTURE].with_suffix(".pdf"))
    assert pdf.startswith(b"%PDF") and pages == fixture_visits[FIXTURE].slides, f"{pages} pages"


def test_the_handout_with_notes_adds_a_page_of_notes_per_slide_that_has_them(fixture_visits, fixture_decks):
    deck = fixture_decks[FIXTURE]
    pdf, pages = _pdf_pages(deck.with_name(deck.stem + slides.NOTES_PDF))
    with_notes = sum(1 for column in _html(deck).select("div.slides > section") if column.select("aside.notes"))
    # a page per slide, and at least one more per slide with notes (long notes may take two)
    assert pdf.startswith(b"%PDF") and pages >= fixture_visits[FIXTURE].slides + with_notes >= 10, f"{pages} pages"


def test_a_deck_works_from_the_file_system(browser, fixture_decks):
    """Opened straight from the folder (a copy on a USB stick): reveal, MathJax and the figure load."""
    context = browser.new_context(viewport={"width": slides.WIDTH, "height": slides.HEIGHT})
    outside, errors = [], []
    keep_inside(context, "file://", outside)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(fixture_decks[FIXTURE].as_uri(), wait_until="load")
        page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=30_000)
        seen = page.evaluate(slides.DECK_SUMMARY_JS)
    finally:
        context.close()
    assert not outside and not errors, (outside, errors)
    assert seen["slides"] == 8 and seen["mathFound"] == seen["mathRendered"] > 0 and not seen["brokenImages"], seen


def test_each_chapter_deck_record_lists_what_it_loaded(chapter_visits, built_book):
    """What a deck's visit is reused by (tests/browser_records.py): the deck and the files it loaded, as built."""
    folder = built_book / "slides"
    for stem, visit in chapter_visits.items():
        assert f"{stem}.html" in visit.inputs and any(rel.startswith("lib/") for rel in visit.inputs), stem
        stale = [rel for rel, known in visit.inputs.items() if browser_records.digest(folder / rel) != known]
        assert not stale, f"{stem}: recorded inputs that differ from the built deck's folder: {stale}"
