"""What JupyterLab shows of a notebook: one real JupyterLab server, driven in headless Chromium.

    python tests/jupyterlab_view.py FOLDER [FOLDER ...]     # count the raw MyST JupyterLab shows

One server (``jupyter lab``, the environment's own, with whatever extensions it has) is started
with its root at a folder, its own settings and workspaces (``windowingMode: none``, so every cell
is rendered, not only those in view) and the application exposed to the page
(``expose_app_in_browser``). One Chromium page loads JupyterLab once; each notebook is then opened
with JupyterLab's own ``docmanager:open`` command, measured once its markdown cells are rendered,
and closed, so a notebook costs its rendering (about a second), not a JupyterLab start-up.

What is measured (:class:`NotebookView`) is what a reader sees: the visible text of every rendered
markdown cell, the code blocks in them, the elements inside them that carry an id, the links and
the typeset math. :func:`raw_myst` finds the book's syntax in that text.
"""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

TOKEN = "course-jupyterlab-test"
# Settings of a JupyterLab used for measuring: every cell rendered, nothing restored between notebooks.
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}

_MEASURE_JS = """
(panelId) => {
  const panel = document.getElementById(panelId);
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const cells = [...panel.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')];
  const text = cells.map((cell) => {
    const copy = cell.cloneNode(true);
    copy.querySelectorAll('mjx-container, .MathJax, script, style, pre').forEach((m) => m.replaceWith(' '));
    return copy.innerText;
  });
  const links = cells.flatMap((cell) => [...cell.querySelectorAll('a[href]:not(.jp-InternalAnchorLink)')].map((a) => ({
    text: a.innerText, href: a.getAttribute('href')})));
  return {
    cells: cells.length,
    unrendered: panel.querySelectorAll('.jp-MarkdownCell:not(.jp-mod-rendered)').length,
    text,
    code_blocks: cells.flatMap((cell) => [...cell.querySelectorAll('pre')].filter(visible)
                                              .map((pre) => pre.innerText)),
    // JupyterLab 4 names a heading by data-jupyter-id (what its fragment links look up), not id
    ids: [...panel.querySelectorAll('.jp-RenderedMarkdown [id], .jp-RenderedMarkdown [data-jupyter-id]')]
           .map((el) => el.getAttribute('data-jupyter-id') || el.id),
    links,
    math: panel.querySelectorAll('.jp-MarkdownCell mjx-container').length,
    math_errors: panel.querySelectorAll('.jp-MarkdownCell mjx-merror').length,
    boxes: panel.querySelectorAll('.jp-MarkdownCell blockquote, .jp-MarkdownCell aside').length,
  };
}
"""


@dataclass
class NotebookView:
    """One notebook as JupyterLab rendered it (see the module docstring)."""

    path: str
    cells: int = 0
    unrendered: int = 0
    text: list[str] = field(default_factory=list)        # visible text of each markdown cell, math and <pre> left out
    code_blocks: list[str] = field(default_factory=list)  # <pre> blocks inside markdown cells
    ids: list[str] = field(default_factory=list)          # what a #fragment link can lead to
    links: list[dict] = field(default_factory=list)
    math: int = 0
    math_errors: int = 0
    boxes: int = 0


# TeX that was not typeset: a dollar or \( left in the text.
_MATH_SOURCE = re.compile(r"\$|\\\(")
# Role syntax (`{eq}`, `{glue:text}`, `{doc}`...) and directive syntax (`:::{admonition}`) as visible
# text; not TeX's braces (`\frac{a}{b}`, `x^{m}`), which only a code block would show, counted apart.
_ROLE_OR_DIRECTIVE = re.compile(r"(?<![\w\\}^_])\{[a-z][\w:-]*\}")


def source_labels(notebook: dict) -> set[str]:
    """The labels a notebook's markdown defines: ``$$ ... $$ (label)`` and ``(label)=``."""
    labels = set()
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            labels |= set(re.findall(r"\$\$[ \t]*\(([\w:.-]+)\)", text))
            labels |= set(re.findall(r"^\(([\w:.-]+)\)=", text, re.M))
    return labels


def raw_myst(view: NotebookView, labels: set[str]) -> list[str]:
    """Every piece of the book's syntax the reader sees: roles, directives, labels, math source."""
    text = "\n".join(view.text + view.code_blocks)
    found = [m.group(0) for m in _ROLE_OR_DIRECTIVE.finditer(text)]
    found += [f"math source: {m.group(0)}" for m in _MATH_SOURCE.finditer("\n".join(view.text))]
    found += [f"({label})" for label in sorted(labels) for _ in re.finditer(re.escape(f"({label})"), text)]
    # The chapters' markdown holds no code block of its own: a block is a directive shown as its source.
    found += [f"code block: {block.strip().splitlines()[0][:30] if block.strip() else ''}" for block in view.code_blocks]
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class JupyterLab:
    """A JupyterLab server on ``root`` (a context manager); :meth:`open` gives a page on it."""

    def __init__(self, root: Path, jupyter: Path | None = None):
        self.root = Path(root)
        self.jupyter = Path(jupyter) if jupyter else Path(sys.executable).with_name("jupyter")
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._home = tempfile.TemporaryDirectory(prefix="jupyterlab-view-")
        self.process = None

    def __enter__(self) -> "JupyterLab":
        home = Path(self._home.name)
        settings = home / "settings"
        for name, value in SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(value))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
                   JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
                   JUPYTER_CONFIG_DIR=str(home / "config"))
        self.log = open(home / "server.log", "w")
        self.process = subprocess.Popen(
            [str(self.jupyter), "lab", "--no-browser", f"--port={self.port}", "--ip=127.0.0.1",
             f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={self.root}",
             "--ServerApp.allow_root=True", "--LabApp.expose_app_in_browser=True",
             "--LabApp.news_url=", "--ServerApp.open_browser=False"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited: {(home / 'server.log').read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={TOKEN}", timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"jupyter lab did not answer in 120 s: {(home / 'server.log').read_text()[-2000:]}")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        self._home.cleanup()

    def extensions(self) -> list[str]:
        """The prebuilt extensions the server loads (e.g. jupyterlab-myst)."""
        listing = subprocess.run([str(self.jupyter), "labextension", "list"], capture_output=True, text=True)
        return re.findall(r"^\s+(\S+) v[\d.]+\S* enabled", listing.stdout + listing.stderr, re.M)

    def page(self, browser, theme: str = "JupyterLab Light", viewport=(1280, 900)):
        """A Chromium page with JupyterLab loaded (a fresh workspace), every outside request refused."""
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:%d/)" % self.port), lambda route: route.abort())
        page = context.new_page()
        page.goto(f"{self.url}/lab/workspaces/view-{time.monotonic_ns()}?reset&token={TOKEN}")
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started", timeout=120_000)
        page.evaluate("() => window.jupyterapp.started")
        page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme)
        page.wait_for_function("(t) => document.body.dataset.jpThemeName === t", arg=theme, timeout=30_000)
        return page

    def view(self, page, path: str, screenshot: Path | None = None, scroll_to: str = "") -> NotebookView:
        """Open ``path`` (relative to the root) in JupyterLab, measure it, close it.

        ``screenshot``: photograph the window first, scrolled to the first markdown cell holding
        ``scroll_to``, with the file browser closed.
        """
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        panel_id = page.evaluate("""async (path) => {
            const widget = await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
            await widget.context.ready; await widget.revealed;
            return widget.id; }""", path)
        page.wait_for_function("""(id) => {
            const panel = document.getElementById(id);
            if (!panel || panel.classList.contains('lm-mod-hidden')) return false;
            const md = [...panel.querySelectorAll('.jp-MarkdownCell')];
            const done = md.filter((c) => c.classList.contains('jp-mod-rendered')
                                        && c.querySelector('.jp-RenderedMarkdown > *'));
            return md.length > 0 && md.length === done.length; }""", arg=panel_id, timeout=60_000)
        try:  # MathJax typesets after rendering, cell by cell; math left as "$...$" is measured as raw
            page.wait_for_function("""(id) => [...document.getElementById(id).querySelectorAll('.jp-RenderedMarkdown')]
                .every((cell) => { const copy = cell.cloneNode(true);
                    copy.querySelectorAll('mjx-container, pre, code').forEach((m) => m.remove());
                    return !/\\$|\\\\\\(/.test(copy.textContent); })""", arg=panel_id, timeout=30_000)
        except PlaywrightTimeout:
            pass
        measured = page.evaluate(_MEASURE_JS, panel_id)
        if screenshot is not None:
            page.evaluate("""async ([id, text]) => {
                const app = window.jupyterapp;
                if (!app.shell.leftCollapsed) app.commands.execute('application:toggle-left-area');
                const notebook = [...app.shell.widgets('main')].find((w) => w.id === id).content;
                const index = notebook.widgets.findIndex((c) => c.node.innerText.includes(text));
                if (index >= 0) { notebook.activeCellIndex = index; await notebook.scrollToItem(index, 'start'); }
            }""", [panel_id, scroll_to])
            page.wait_for_timeout(1000)
            page.screenshot(path=str(screenshot))
        page.evaluate("""async (id) => {
            const app = window.jupyterapp;
            const widget = [...app.shell.widgets('main')].find((w) => w.id === id);
            if (widget) { widget.context.sessionContext.shutdown(); widget.dispose(); } }""", panel_id)
        return NotebookView(path, **measured)


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from course_tools import slides

    folders = [Path(f).resolve() for f in argv]
    root = Path(os.path.commonpath(folders))
    with JupyterLab(root) as lab, sync_playwright() as playwright:
        browser = slides.open_browser(playwright)
        page = lab.page(browser)
        print("extensions:", ", ".join(lab.extensions()) or "none")
        for folder in folders:
            total = 0
            for notebook in sorted(folder.glob("*.ipynb")):
                started = time.monotonic()
                view = lab.view(page, notebook.relative_to(root).as_posix())
                raw = raw_myst(view, source_labels(json.loads(notebook.read_text())))
                total += len(raw)
                print(f"{notebook.relative_to(root)}: {len(raw)} raw ({time.monotonic() - started:.1f} s) {raw}")
            print(f"{folder.relative_to(root) if folder != root else folder}: {total} raw constructs")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
