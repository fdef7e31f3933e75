"""The exercises of the course: their public rules, by number, and the data the notebook's checks read."""
from __future__ import annotations

import copy
import importlib
import json
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from .engine import Hint
from .rules import Forbid, NoWarnings

_PACKAGE = __name__.rsplit(".", 1)[0]
_FOLDER = Path(__file__).resolve().parent

# The chapters with exercises: one module chapter_NN.py each, found, not counted (a new chapter is
# its notebook, its entry in _toc.yml, its chapter_NN.py here, its key in course_tools/exercise_key and
# its tests/exercise_answers file).
CHAPTERS = tuple(sorted(int(module.name.removeprefix("chapter_")) for module in pkgutil.iter_modules([str(_FOLDER)])
                        if re.fullmatch(r"chapter_\d\d", module.name)))
KEY_DIR = _FOLDER / "key"


@dataclass(frozen=True)
class Exercise:
    """One exercise's public rules: what the student writes, and what the judge looks at.

    ``parameters`` name the arguments in messages; ``forbidden`` and ``no_warnings`` are rules of
    the task; ``uses`` lists earlier exercises whose functions this one may call (the student's
    own run, and a note says when one is not right yet); ``more_hint`` is the general hint when
    no known mistake explains a wrong value (a :class:`Hint`: a nudge, then the formula);
    ``defaults`` are parameter defaults the task's signature fixes. Refinements for a chapter:
    ``result_check(value, args)`` names a wrong kind of result; ``hint_rules`` are tried when
    no known mistake matches (``rule(context, "values" | "error")`` → Hint or None);
    ``error_hints`` map a piece of an error message to the hint it deserves here;
    ``judge_value(context)`` replaces the comparison for answers judged by what they compute.
    """

    number: str
    function: str
    parameters: tuple[str, ...] = ()
    forbidden: tuple[Forbid, ...] = ()
    no_warnings: NoWarnings | None = None
    uses: tuple[str, ...] = ()
    more_hint: Hint | str | None = None
    rtol: float = 1e-6
    atol: float = 1e-9
    defaults: Mapping[str, Any] | None = None
    result_check: Callable | None = None
    hint_rules: tuple[Callable, ...] = ()
    error_hints: Mapping[str, Any] | None = None
    judge_value: Callable | None = None

    @property
    def chapter(self) -> int:
        return int(self.number.split(".")[0])


def exercises(chapter: int | None = None) -> dict[str, Exercise]:
    """The registered exercises by number ("2.1": ...), of one chapter or of all."""
    chapters = CHAPTERS if chapter is None else (chapter,)
    found: dict[str, Exercise] = {}
    for n in chapters:
        if n not in CHAPTERS:
            raise ValueError(f"chapter must be one of {CHAPTERS}, got {n!r}")
        module = importlib.import_module(f"{_PACKAGE}.chapter_{n:02d}")
        found.update({exercise.number: exercise for exercise in module.EXERCISES})
    return found


def by_number(number: str) -> Exercise:
    if not isinstance(number, str) or "." not in number or not number.split(".")[0].isdigit():
        raise TypeError(f'the exercise number must be a string like "2.1", got {number!r}')
    table = exercises(int(number.split(".")[0]))
    if number not in table:
        raise ValueError(f"there is no exercise {number}; chapter {number.split('.')[0]} has "
                         f"{', '.join(table) or 'none'}")
    return table[number]


_READ: dict[Path, tuple[float, dict]] = {}


def public_data(number: str) -> dict:
    """The public inputs and key of exercise ``number`` (``key/chapter_NN.json``, read again when it changes).

    A fresh copy each time: what a caller changes does not change the next check.
    """
    path = KEY_DIR / f"chapter_{int(number.split('.')[0]):02d}.json"
    stamp = path.stat().st_mtime_ns
    if _READ.get(path, (None,))[0] != stamp:
        _READ[path] = (stamp, json.loads(path.read_text(encoding="utf-8")))
    return copy.deepcopy(_READ[path][1][number])
