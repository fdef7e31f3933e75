"""Sphinx extension: the HTML pages of the book load without errors, and load nothing they do not use.

**No script twice.** Sphinx 7.4 lists an inline script (a ``<script>`` with a body and no file)
twice when an extension adds it after the builder started: once as registered on the builder
(file ``None``) and once re-added from the registry (file ``''``). sphinx-thebe's
``const THEBE_JS_URL = ...`` is such a script, and declaring a ``const`` twice is an uncaught
SyntaxError on every page. The second copy of any script that is identical apart from that
``None``/``''`` difference is dropped.

**No script or stylesheet a page does not use** (issue 26: pages ready at once on a phone).
Jupyter Book's extensions and the theme add their files to every page; each is kept only on
the pages that use it:

- the copy buttons (``clipboard.min.js``, ``copybutton.js``/``.css``) and the code colours
  (``pygments.css``): pages with a code block;
- sphinx-togglebutton (its script, stylesheet and settings): pages with a ``toggle`` or
  ``dropdown`` element; sphinx-design (``design-tabs.js``, ``sphinx-design.min.css``): pages
  with its tabs or ``sd-`` elements; myst-nb's stylesheet: pages with notebook cells or outputs;
- sphinx-thebe (the launcher script and its settings, its stylesheet and the per-page config in
  the body): nowhere while ``launch_buttons.thebe`` is off, since nothing can start it;
- the saved ipywidgets state: nowhere while no widget script is loaded (``nb_ipywidgets_js``
  empty), since nothing reads it;
- Font Awesome's script (1.5 MB, pydata-sphinx-theme loads it to turn the header's handful of
  ``<i class="fa-...">`` icons into SVG): nowhere. The theme's own stylesheet already draws the
  same icons from Font Awesome's web font (``vendor/fontawesome/webfonts``);
- the search index and Sphinx's search code (``searchtools.js``, ``language_data.js``,
  ``searchindex.js``; the theme loads them on every page for a search-as-you-type that is off):
  only on the search page, which the search field opens;
- ``sphinx_highlight.js`` (marks the words searched for, on the page a search result opens):
  loaded by a two-line script only when there are such words (the search page loads it as
  before: its search code reads a setting from it).

**What only an interaction needs loads on that interaction.** sphinx-copybutton's files
(``clipboard.min.js``, ``copybutton.js``, ``copybutton.css``) put a button on every code block
as the page loads: about thirty on a chapter, each with its tooltip and icon, and the work
delays the page. A reader sees a copy button only when the pointer is over a code block (the
button is transparent until then), reaches one by keyboard or taps on a touch screen. So a
small inline script loads the three files, unchanged and in their order, on the first pointer
over a code block, key press, focus or touch; sphinx-copybutton then adds every button at once
(it runs as soon as it is loaded, after the page has loaded too).

The theme's two template blocks that write Font Awesome's and the search's ``<script>`` tags
are passed through :func:`without_unused_theme_scripts` (``templates/layout.html``).
"""
from __future__ import annotations

import json
import re

from docutils import nodes

# (asset file name, pattern in the page body that makes the page use it); None: no page uses it.
CODE_BLOCKS = r'class="highlight'
TOGGLES = r'class="(?:[^"]*\s)?(?:toggle|dropdown)(?:\s[^"]*)?"'
DESIGN = r'class="(?:[^"]*\s)?sd-'
NOTEBOOK = r'class="(?:[^"]*\s)?(?:cell|output)(?:[\s_][^"]*)?"'
USED_ONLY_WITH = {
    "clipboard.min.js": CODE_BLOCKS,  # loaded on the first interaction (COPY_BUTTON_LOADER)
    "copybutton.js": CODE_BLOCKS,
    "copybutton.css": CODE_BLOCKS,
    "pygments.css": CODE_BLOCKS,
    "togglebutton.js": TOGGLES,
    "togglebutton.css": TOGGLES,
    "design-tabs.js": DESIGN,
    "sphinx-design.min.css": DESIGN,
    "mystnb.css": NOTEBOOK,  # written mystnb.<hash>.css
}
THEBE_FILES = ("sphinx-thebe.js", "sphinx-thebe.css")
# Inline scripts (no file) that only configure another script, by what their body starts with.
INLINE_SETTINGS = {"let toggleHint": "togglebutton.js", "let toggleOpenOnPrint": "togglebutton.js",
                   "var togglebuttonSelector": "togglebutton.js", "const THEBE_JS_URL": "sphinx-thebe.js"}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
HIGHLIGHT = "sphinx_highlight.js"
# Theme-written <script> tags no page needs (the search page writes its own search scripts).
UNUSED_THEME_SCRIPTS = re.compile(
    r'[ \t]*<script\b[^>]*\bsrc="(?:[^"]*/)?(?:fontawesome\.js|searchtools\.js|language_data\.js|searchindex\.js)'
    r'(?:\?[^"]*)?"[^>]*>\s*</script>\n?')
# Loads sphinx_highlight.js only for a page opened from a search result (Sphinx 7.4 hands the
# words over in localStorage, older links in ?highlight=).
HIGHLIGHT_LOADER = """(() => {{
  let words = new URLSearchParams(location.search).has("highlight");
  try {{ words = words || Boolean(localStorage.getItem("sphinx_highlight_terms")); }} catch (error) {{}}
  if (words) document.head.appendChild(Object.assign(document.createElement("script"), {{src: {src}}}));
}})();"""

# sphinx-copybutton's files, in the order they load, and what loads them on the first interaction.
COPY_BUTTON_FILES = ("copybutton.css", "clipboard.min.js", "copybutton.js")
COPY_BUTTON_LOADER = """(() => {{
  const files = {files}, events = ["pointerover", "keydown", "focusin", "touchstart"];
  const load = (event) => {{
    if (event.type === "pointerover" && !(event.target.closest && event.target.closest("div.highlight"))) return;
    events.forEach((type) => document.removeEventListener(type, load, true));
    for (const file of files) {{
      const element = file.endsWith(".css") ? Object.assign(document.createElement("link"), {{rel: "stylesheet", href: file}})
                                            : Object.assign(document.createElement("script"), {{src: file, async: false}});
      document.head.appendChild(element);
    }}
  }};
  events.forEach((type) => document.addEventListener(type, load, {{capture: true, passive: true}}));
}})();"""


def _name(asset) -> str:
    """The file name of a script or stylesheet, without its folder, query and content hash."""
    filename = str(getattr(asset, "filename", asset) or "")
    name = filename.split("?", 1)[0].rsplit("/", 1)[-1]
    return re.sub(r"^mystnb\.[0-9a-f]+\.css$", "mystnb.css", name)


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {})
    return (getattr(script, "filename", script) or "", getattr(script, "priority", 0), tuple(sorted(attributes.items())))


def drop_duplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    # In place: the list is the builder's own, restored from its backup after each page.
    scripts[:] = unique


def thebe_on(config) -> bool:
    return bool((config.html_theme_options or {}).get("launch_buttons", {}).get("thebe"))


def unused_files(body: str, config) -> set[str]:
    """The names (as :func:`_name` gives them) of the scripts and stylesheets a page with ``body`` does not use."""
    unused = {name for name, pattern in USED_ONLY_WITH.items() if not re.search(pattern, body)}
    if not thebe_on(config):
        unused.update(THEBE_FILES)
    return unused


def _inline_body(script) -> str:
    return (getattr(script, "attributes", {}) or {}).get("body", "").strip()


def keep_used_assets(app, pagename, templatename, context, doctree) -> None:
    """Drop from the page's script and stylesheet lists what the page does not use (in place)."""
    unused = unused_files(context.get("body", ""), app.config)
    no_widgets = not app.config.nb_ipywidgets_js
    scripts, styles = context.get("script_files"), context.get("css_files")
    on_interaction = {}  # sphinx-copybutton's files: {name: address from this page}
    if scripts is not None:
        kept = []
        for script in scripts:
            name, body = _name(script), _inline_body(script)
            attributes = getattr(script, "attributes", {}) or {}
            configures = next((file for start, file in INLINE_SETTINGS.items() if body.startswith(start)), None)
            if name in unused or configures in unused or (no_widgets and attributes.get("type") == WIDGET_STATE):
                continue
            if name == HIGHLIGHT and pagename != "search":  # the search code uses it (SPHINX_HIGHLIGHT_ENABLED)
                script = type(script)(None, body=HIGHLIGHT_LOADER.format(src=json.dumps(_address(context, script))))
            if name in COPY_BUTTON_FILES:
                on_interaction[name] = _address(context, script)
                continue
            kept.append(script)
        scripts[:] = kept
    if styles is not None:
        kept = [style for style in styles if _name(style) not in unused]
        on_interaction.update((_name(style), _address(context, style)) for style in kept if _name(style) in COPY_BUTTON_FILES)
        styles[:] = [style for style in kept if _name(style) not in COPY_BUTTON_FILES]
    if on_interaction and scripts:
        files = [on_interaction[name] for name in COPY_BUTTON_FILES if name in on_interaction]
        script_type = type(scripts[0])  # Sphinx's own (private) script class, as for the highlighter above
        scripts.append(script_type(None, body=COPY_BUTTON_LOADER.format(files=json.dumps(files))))
    context["without_unused_theme_scripts"] = without_unused_theme_scripts


def _address(context, asset) -> str:
    """The address of a script or stylesheet from the page being written (with its ?v= digest)."""
    filename = str(getattr(asset, "filename", asset))
    return filename if "://" in filename else context["pathto"](filename, 1)


def without_unused_theme_scripts(markup: str) -> str:
    """A theme template block without its Font Awesome and search ``<script>`` tags."""
    return UNUSED_THEME_SCRIPTS.sub("", str(markup))


def drop_thebe_config(app, doctree, docname) -> None:
    """sphinx-thebe's per-page settings (raw ``<script>``s appended to the body) while thebe is off."""
    if thebe_on(app.config):
        return
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if 'type="text/x-thebe-config"' in text or text.startswith("<script>kernelName = "):
            raw.parent.remove(raw)


def setup(app):
    # After the extensions that add page scripts (myst-nb adds its widget scripts at 500).
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", keep_used_assets, priority=910)
    # After sphinx-thebe appends its settings (default priority).
    app.connect("doctree-resolved", drop_thebe_config, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
