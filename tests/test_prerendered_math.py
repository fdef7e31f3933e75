"""course_tools/prerendered_math.py: the book's math typeset when the book is built.

The renderer itself (Node, MathJax 3 from npm) on a few formulas of the kinds the chapters use,
a TeX error, the stylesheet made from recorded usage (equal to the one made by rendering all at
once), the cache (a formula is rendered once), and the built book's HTML: no TeX left in it, every
formula with its MathML, the stylesheet and its fonts served from the book.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docutils import nodes

from course_tools import prerendered_math as pm

pytestmark = pytest.mark.skipif(shutil.which("node") is None or not (pm.MATHJAX / "package.json").is_file(),
                                reason="needs Node.js and node_modules/mathjax (make installs it)")

KINDS = [  # what the chapters use: aligned, matrices, cases, \operatorname, \underbrace, \tfrac, \big
    (r"\begin{aligned} f(x) &= x^2 \\ \frac{df}{dx} &= 2x \end{aligned}", True),
    (r"\begin{bmatrix} x_{11} & x_{12} \\ x_{21} & x_{22} \end{bmatrix}\begin{pmatrix}1\\2\end{pmatrix}", True),
    (r"\operatorname{relu}(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}", True),
    (r"\underbrace{\sigma\big(\tfrac{1}{2}\big)}_{\nu} \odot \Delta", False),
]


def _block(text: str, nowrap: bool = False) -> nodes.math_block:
    return nodes.math_block(text, text, nowrap=nowrap, number=None)


def test_display_tex_is_what_sphinx_hands_mathjax():
    assert pm.display_tex(_block("a = b")) == "a = b"
    assert pm.display_tex(_block(r"a \\ b")) == r"\begin{split}a \\ b\end{split}"
    assert pm.display_tex(_block("a = b\n\nc = d")) == r" \begin{align}\begin{aligned}a = b\\c = d\end{aligned}\end{align} "
    assert pm.display_tex(_block(r"\begin{align}a\end{align}", nowrap=True)) == r"\begin{align}a\end{align}"


def test_formulas_render_with_mathml_and_a_tex_error_is_reported():
    result = pm.run_renderer(KINDS + [(r"\notamacro x", False), (r"\frac{1}{", True)], [])
    rendered = result["rendered"]
    for (tex, display), render in zip(KINDS, rendered):
        assert "error" not in render, (tex, render)
        html = render["html"]
        assert html.startswith('<mjx-container class="MathJax" jax="CHTML"'), html[:80]
        assert ('display="true"' in html.split(">", 1)[0]) == display
        assert '<mjx-math class=" MJX-TEX" aria-hidden="true"' in html or 'aria-hidden="true"' in html.split("<mjx-assistive-mml")[0]
        assert re.search(r'<mjx-assistive-mml[^>]*><math xmlns="http://www.w3.org/1998/Math/MathML"', html), html[-300:]
        assert "NaN" not in html and "mjx-merror" not in html
    assert "\\notamacro" in rendered[-2]["error"] or "notamacro" in rendered[-2]["error"], rendered[-2]
    assert rendered[-1]["error"], rendered[-1]
    assert "mjx-c.mjx-c1D465.TEX-I::before" in result["css"] and 'url("mathjax-fonts/' in result["css"]


def test_the_stylesheet_from_recorded_usage_equals_rendering_all_at_once():
    together = pm.run_renderer(KINDS, [])
    first, rest = KINDS[:1], together["rendered"][1:]
    replayed = pm.run_renderer(first, [render["usage"] for render in rest])
    assert replayed["css"] == together["css"]
    alone = pm.run_renderer(first, [])
    assert len(alone["css"]) < len(together["css"]), "the stylesheet is not limited to what the formulas use"


def test_a_formula_is_rendered_once(tmp_path, monkeypatch):
    calls = []
    real = pm.run_renderer
    monkeypatch.setattr(pm, "run_renderer", lambda formulas, usage: calls.append(list(formulas)) or real(formulas, usage))
    cache = pm.MathCache(tmp_path / "cache.json")
    cache.ensure(set(KINDS[:2]))
    cache.save()
    again = pm.MathCache(tmp_path / "cache.json")
    again.ensure(set(KINDS[:2]))
    assert calls == [sorted(KINDS[:2])], "an unchanged set of formulas was rendered again"
    again.ensure(set(KINDS[:3]))
    assert calls[-1] == [KINDS[2]], "only the new formula is rendered"
    assert again.css["text"] == real(KINDS[:3], [])["css"]


# ----------------------------------------------------------------- the built book
def test_the_built_book_holds_typeset_math_and_serves_its_fonts(built_book: Path):
    pages = {p.relative_to(built_book).as_posix(): p.read_text(encoding="utf-8")
             for p in [built_book / "intro.html", *sorted((built_book / "chapters").glob("*.html"))]}
    with_math = 0
    for name, text in pages.items():
        assert not re.search(r'class="math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">.*?</span>)?\\[\[(]', text), \
            f"{name}: TeX left for the browser"
        containers = text.count("<mjx-container ")
        assert text.count("<mjx-assistive-mml ") == containers, f"{name}: a formula without its MathML"
        assert "mathjax" not in " ".join(re.findall(r"<script[^>]*>", text)).lower(), f"{name}: loads MathJax"
        if containers:
            with_math += 1
            assert re.search(r'href="(?:\.\./)?_static/prerendered-math\.css\?v=', text), \
                f"{name}: has math but does not link the math stylesheet"
        else:
            assert "prerendered-math.css" not in text, f"{name}: links the math stylesheet without math"
    assert with_math >= 7, f"only {with_math} pages with typeset math"
    css = (built_book / "_static" / pm.STYLESHEET).read_text(encoding="utf-8")
    assert pm.SCALE_RULE in css
    fonts = set(re.findall(r'url\("(mathjax-fonts/[^"]+)"\)', css))
    assert fonts and all((built_book / "_static" / font).is_file() for font in fonts), fonts
