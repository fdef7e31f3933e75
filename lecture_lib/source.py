"""Show a function's real source in a notebook, so the book never shows a copy that can drift."""
from __future__ import annotations

import inspect
import textwrap

from ._validate import check_callable


class SourceCode:
    """The source of one or more functions; renders as a highlighted code block in Jupyter and the book."""

    def __init__(self, *funcs):
        if not funcs:
            raise TypeError("show_source needs at least one function, got none")
        for position, func in enumerate(funcs):
            check_callable(func, f"argument {position + 1}")
        self.text = "\n\n".join(textwrap.dedent(inspect.getsource(f)).rstrip() for f in funcs)
        self.modules = sorted({inspect.getmodule(f).__name__ for f in funcs})

    def __repr__(self) -> str:
        return f"# from {', '.join(self.modules)}\n{self.text}"

    def _repr_markdown_(self) -> str:
        return f"```python\n# from {', '.join(self.modules)}\n{self.text}\n```"


def show_source(*funcs) -> SourceCode:
    """Return the source of ``funcs`` for display: ``show_source(lecture_lib.square)``."""
    return SourceCode(*funcs)
