"""Sphinx extension: re-render a notebook page whenever its cached execution changes.

myst-nb's ``execute_notebooks: cache`` mode looks outputs up in the jupyter-cache when a
page is *read*, but Sphinx decides what to read from the mtime of the page's source file
only. When ``course_tools/build_book.py`` re-executes a notebook because ``lecture_lib``
changed, the ``.ipynb`` itself is unchanged, so without this extension Sphinx would keep
the page rendered from the old outputs: a stale book.

After a notebook page is read, this extension records the cache's executed copy of that
notebook (``<cache>/executed/<hash>/base.ipynb``) as a Sphinx dependency of the page.
Re-executing the notebook rewrites that file (newer mtime) and removing the cache entry
deletes it; Sphinx treats both as "dependency changed" and re-reads the page.

Listed in ``_config.yml`` under ``sphinx: extra_extensions``.
"""
from __future__ import annotations

from pathlib import Path


def _note_cache_dependency(app, doctree) -> None:
    env = app.env
    config = getattr(env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache":
        return
    source = Path(env.doc2path(env.docname))
    if source.suffix != ".ipynb":
        return
    from jupyter_cache import get_cache

    from course_tools.project import read_notebook

    cache = get_cache(config.execution_cache_path)
    # No schema validation (slow for notebooks with large outputs); the hash needs code cells only.
    _, hashkey = cache.create_hashed_notebook(read_notebook(source))
    executed = Path(config.execution_cache_path, "executed", hashkey, "base.ipynb")
    # If the cache has no entry (execution failed), the missing file still marks the page
    # as changed next time, so it is retried rather than left stale.
    env.note_dependency(str(executed.resolve()))


def setup(app):
    app.connect("doctree-read", _note_cache_dependency)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
