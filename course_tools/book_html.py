"""Sphinx extension: small fixes to the HTML pages of the book, so they load without errors.

Sphinx 7.4 lists an inline script (a ``<script>`` with a body and no file) twice when an
extension adds it after the builder started: once as registered on the builder (file
``None``) and once re-added from the registry (file ``''``). sphinx-thebe's
``const THEBE_JS_URL = ...`` is such a script, and declaring a ``const`` twice is an uncaught
SyntaxError on every page. This extension drops the second copy of any script that is
identical apart from that ``None``/``''`` difference.
"""
from __future__ import annotations


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


def setup(app):
    # After the extensions that add page scripts (myst-nb adds its widget scripts at 500).
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
