"""The course's Sphinx extensions, one concern per module, each ``setup()`` only wiring its hooks
(sphinx-exercise's layout). Listed in ``_config.yml`` under ``sphinx: extra_extensions``.

- ``student_downloads``: the student editions and the student kit written at the start of the
  build, a download note on each chapter page with exercises, the kit copied into the book.
- ``slide_links``: a note on each chapter page linking its lecture slides.
- ``solution_guard``: a warning (fatal under ``-W``) for a chapter whose own solutions fail their checks.
- ``nb_cache_dependency``: a notebook page is read again when its cached execution changed.
- ``toc_numbers``: a page is written again for its section numbers only when they changed.

Three more Sphinx extensions stay beside the files they serve: the theme's fixes
(``course_tools.book_theme``, with ``static/`` and ``templates/``), the pages' scripts trimmed
(``course_tools.book_html``) and the math rendered at build time (``course_tools.prerendered_math``,
with ``render_math.js``).
"""
