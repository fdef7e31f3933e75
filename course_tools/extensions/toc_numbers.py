"""Sphinx extension: a page is written again for its section numbers only when they changed.

After each read, Sphinx asks the table-of-contents collector which pages have new section
numbers, and writes those pages again. Jupyter Book's collector (sphinx-external-toc's
``TocTreeCollectorWithStyles``) answers by comparing the numbers *before* its own renumbering
with the numbers kept from the last build, which are *after* it. In a chapter with more than
one top-level heading (chapter 7: its title, Part 1, Part 2) the two never agree, so every
build, whatever it was for, wrote that chapter again. This extension keeps the collector's
numbering and answers with the pages whose final numbers differ from the last build's.

Listed in ``_config.yml`` under ``sphinx: extra_extensions``.
"""
from __future__ import annotations

from course_tools import compat


def setup(app):
    compat.fix_section_numbering()  # the wrapper and why it is safe: course_tools/compat.py
    return {"parallel_read_safe": True, "parallel_write_safe": True}
