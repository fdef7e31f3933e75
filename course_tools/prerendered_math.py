"""Sphinx extension: the book's math rendered when the book is built, not in the reader's browser.

Every formula reaches the browser already typeset as MathJax 3 CommonHTML (HTML and CSS, with
MathJax's TeX fonts served from the book's own ``_static/mathjax-fonts/``), with its MathML
beside it for screen readers (MathJax's assistive MathML: the drawn formula is ``aria-hidden``,
the ``<math>`` is read). No MathJax script is loaded by any page. The markup is what MathJax
writes in the browser (``mjx-container``), so the book's styles for wide equations and equation
numbers (course_tools/static/book_theme.css) apply unchanged; Sphinx's equation numbers and
references are kept as they were (the ``eqno`` span and its permalink).

How (README: "Math"):

- at ``doctree-read`` each page's formulas are noted in the environment (the TeX MathJax would
  have typeset in the browser: sphinx.ext.mathjax's rewriting of display math is reproduced);
- at ``env-updated``, once per build, the formulas of the whole book that the cache does not
  hold are rendered in **one** Node process (``course_tools/render_math.js``, MathJax 3.2.2 from
  the npm package pinned in package-lock.json); a formula's render is cached by its text (and
  the renderer's code and MathJax version) in ``_build/.prerendered_math.json``;
- the HTML writer puts each formula's cached render in place of the TeX;
- the stylesheet ``_static/prerendered-math.css`` (written with the fonts before the pages) holds only the rules of the characters and
  layouts the book's formulas use (MathJax's adaptive CSS, replayed from each formula's recorded
  usage), plus the rule that scales math to the x-height of the reader's font, which MathJax
  does in the browser by measuring (``matchFontHeight``); pages with math link it, others not.

A TeX error or an unknown macro is a warning naming the page and the formula (fatal under
``-W``); the page then shows MathJax's error box instead of the formula.
"""
from __future__ import annotations

import hashlib
import html
import json
import shutil
import subprocess
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

from course_tools.project import atomic_write, load_state

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().with_name("render_math.js")
MATHJAX = ROOT / "node_modules" / "mathjax"
FONTS = MATHJAX / "es5" / "output" / "chtml" / "fonts" / "woff-v2"
RENDERER = "prerendered"
STYLESHEET = "prerendered-math.css"
FONT_FOLDER = "mathjax-fonts"  # beside the stylesheet in _static/ (render_math.js's FONT_URL)
CACHE_NAME = ".prerendered_math.json"
# MathJax in the browser scales its fonts so that their x-height (0.442 em) equals the x-height of
# the surrounding text; in CSS that is a font size of 1ex / 0.442 of the parent's font.
SCALE_RULE = 'mjx-container[jax="CHTML"] {\n  font-size: calc(1ex / 0.442);\n}\n'
MATH_CLASS = "math notranslate nohighlight"


# ----------------------------------------------------------------- what is rendered
def display_tex(node: nodes.math_block) -> str:
    """The TeX of a display formula as sphinx.ext.mathjax hands it to MathJax (without \\[ \\])."""
    text = node.astext()
    if node.get("nowrap"):
        return text
    parts = [part for part in text.split("\n\n") if part.strip()]
    body = r"\\".join(rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts)
    return rf" \begin{{align}}\begin{{aligned}}{body}\end{{aligned}}\end{{align}} " if len(parts) > 1 else body


def formula_of(node) -> tuple[str, bool]:
    """(TeX, display?) of a math node."""
    if isinstance(node, nodes.math_block):
        return display_tex(node), True
    return node.astext(), False


def renderer_version() -> str:
    """Changes whenever a render could change: the renderer's code and MathJax's version."""
    mathjax = json.loads((MATHJAX / "package.json").read_text(encoding="utf-8"))["version"]
    return hashlib.sha256(SCRIPT.read_bytes() + mathjax.encode()).hexdigest()[:16]


def formula_key(tex: str, display: bool) -> str:
    return hashlib.sha256(f"{int(display)}\0{tex}".encode()).hexdigest()


# ----------------------------------------------------------------- rendering, cached
def run_renderer(formulas: list[tuple[str, bool]], usage: list[dict]) -> dict:
    """One Node process: renders ``formulas`` and makes the stylesheet for them and ``usage``."""
    node = shutil.which("node")
    if node is None:
        raise ExtensionError("course_tools.prerendered_math needs Node.js (`node`) to render the book's math")
    if not (MATHJAX / "package.json").is_file():
        raise ExtensionError(f"{MATHJAX} is missing: run `make book` (it installs the npm packages with `npm ci`)")
    request = {"formulas": [{"tex": tex, "display": display} for tex, display in formulas], "usage": usage}
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(request), capture_output=True, text=True,
                          cwd=ROOT, check=False)
    if done.returncode != 0:
        raise ExtensionError(f"rendering the math failed ({SCRIPT.name}, exit {done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


class MathCache:
    """Renders by formula, and the stylesheet for a set of formulas, kept in one JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self.version = renderer_version()
        stored = load_state(path)
        fresh = stored.get("version") == self.version
        self.renders: dict[str, dict] = stored.get("renders", {}) if fresh else {}
        self.css: dict = stored.get("css", {}) if fresh else {}
        self.changed = False
        self.rendered_now = 0

    def ensure(self, formulas: set[tuple[str, bool]]) -> None:
        """Every formula of ``formulas`` rendered, and the stylesheet made for exactly that set."""
        missing = sorted(f for f in formulas if formula_key(*f) not in self.renders)
        wanted = sorted(formula_key(*f) for f in formulas)
        css_for = hashlib.sha256("\n".join(wanted).encode()).hexdigest()
        if not missing and self.css.get("for") == css_for:
            return
        usage = [self.renders[key]["usage"] for key in wanted if key in self.renders and "usage" in self.renders[key]]
        result = run_renderer(missing, usage)
        for formula, render in zip(missing, result["rendered"]):
            self.renders[formula_key(*formula)] = render
        self.rendered_now += len(missing)
        self.css = {"for": css_for, "text": result["css"]}
        # Renders no page uses any more are dropped with the next change.
        self.renders = {key: self.renders[key] for key in wanted}
        self.changed = True

    def save(self) -> None:
        if self.changed:
            atomic_write(self.path, json.dumps({"version": self.version, "renders": self.renders, "css": self.css}))
            self.changed = False

    def stylesheet(self) -> str:
        return ("/* The book's math, rendered when the book was built (course_tools/prerendered_math.py): "
                "MathJax 3 CommonHTML */\n" + SCALE_RULE + self.css.get("text", ""))


def _cache(app) -> MathCache:
    if not hasattr(app, "_prerendered_math"):
        app._prerendered_math = MathCache(Path(app.doctreedir).parent / CACHE_NAME)
    return app._prerendered_math


# ----------------------------------------------------------------- Sphinx events
def _math_nodes(doctree):
    return doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))


def note_formulas(app, doctree) -> None:
    formulas = {formula_of(node) for node in _math_nodes(doctree)}
    app.env.prerendered_math[app.env.docname] = sorted(formulas)


def init_env(app, env, docnames) -> None:
    if not hasattr(env, "prerendered_math"):
        env.prerendered_math = {}


def purge(app, env, docname) -> None:
    getattr(env, "prerendered_math", {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    for docname in docnames:
        env.prerendered_math[docname] = other.prerendered_math.get(docname, [])


def _render_all(app, extra: set = frozenset()) -> int:
    """Every formula of the book (and ``extra``) rendered and saved, the stylesheet and fonts written:
    the number of formulas."""
    formulas = {tuple(f) for page in app.env.prerendered_math.values() for f in page} | set(extra)
    cache = _cache(app)
    cache.ensure(formulas)
    cache.save()
    write_static(app)
    return len(formulas)


def render_book(app, env) -> list[str]:
    """Once per build, after reading: every formula of the book rendered (one Node process at most)."""
    if getattr(app.builder, "math_renderer_name", None) != RENDERER:
        return []
    count = _render_all(app)
    if _cache(app).rendered_now:
        logger.info(f"[prerendered_math] {_cache(app).rendered_now} formulas rendered, {count} in the book")
    return []


def _render(self, node) -> str:
    """The cached render of a math node's formula (rendered now if a later transform made it)."""
    tex, display = formula_of(node)
    cache = _cache(self.builder.app)
    render = cache.renders.get(formula_key(tex, display))
    if render is None:
        _render_all(self.builder.app, {(tex, display)})
        render = cache.renders[formula_key(tex, display)]
    if "error" in render:
        logger.warning(f"TeX error in {'display' if display else 'inline'} math {tex.strip()!r}: {render['error']}",
                       location=node, type="prerendered_math")
        return (f'<mjx-container class="MathJax" jax="CHTML"><mjx-merror data-mjx-error="{html.escape(render["error"])}">'
                f"{html.escape(tex)}</mjx-merror></mjx-container>")
    return render["html"]


def visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS=MATH_CLASS) + _render(self, node) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node) -> None:
    self.body.append(self.starttag(node, "div", CLASS=MATH_CLASS))
    if node["number"] and not node.get("nowrap"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_render(self, node) + "</div>\n")
    raise nodes.SkipNode


def link_stylesheet(app, pagename, templatename, context, doctree) -> None:
    """Only pages with math load the math stylesheet."""
    if getattr(app.builder, "math_renderer_name", None) == RENDERER and doctree is not None \
            and next(iter(_math_nodes(doctree)), None) is not None:
        app.add_css_file(STYLESHEET)


def _write_if_changed(target: Path, data: bytes) -> None:
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write_static(app) -> None:
    """The stylesheet and MathJax's fonts, in the built book's _static/ (before the pages are
    written: Sphinx adds the stylesheet's checksum to its address, so a changed one is fetched anew)."""
    static = Path(app.outdir) / "_static"
    _write_if_changed(static / STYLESHEET, _cache(app).stylesheet().encode())
    for font in sorted(FONTS.glob("*.woff")):
        _write_if_changed(static / FONT_FOLDER / font.name, font.read_bytes())


def setup(app):
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_displaymath, None))
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-read", note_formulas)
    app.connect("env-updated", render_book)
    app.connect("html-page-context", link_stylesheet)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
