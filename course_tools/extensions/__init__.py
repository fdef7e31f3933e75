"""The course's Sphinx extensions, one concern per module, each ``setup()`` only wiring its hooks
(sphinx-exercise's layout). Listed in ``_config.yml`` under ``sphinx: extra_extensions``.

- ``student_downloads``: the student editions and the student kit written at the start of the
  build, a download note on each chapter page with exercises, the kit copied into the book.
"""
