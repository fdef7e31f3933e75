"""Exercise checks: instant, specific feedback a class can trust.

Every exercise is a function the student completes; the cell after it is a *check cell*::

    check("2.1")

It looks up the exercise's function (``forward_diff``) in the notebook, runs it on the
exercise's inputs and displays a :class:`Feedback` that starts with one of three words:

    Correct: ...          the answer matches the reference on every input tried
    Not yet written: ...  the function still raises NotImplementedError
    Wrong: ...            what is wrong: the input tried, the value got, the value
                          expected, by how much, and a hint for a recognised mistake

The references, inputs and known mistakes live in ``chapter_NN.py`` beside this file,
not in the notebook: the student edition shows no answer. A check never raises because
of the student's code (see :mod:`lecture_lib.exercises.engine`), with one exception on
purpose: under nbgrader (``NBGRADER_EXECUTION`` set) a check that is not "Correct" raises
``AssertionError`` with the same message, so nbgrader's autograder scores the cell 0.

Conventions for chapter authors
-------------------------------
- A markdown cell with the heading ``### Exercise N.k: <title>`` (N = chapter,
  k = 1, 2, ... in order) and the task; the task states every rule the check enforces.
- The exercise code cell defines ONE function (its name identifies the exercise);
  the solution lies between the lines ``### BEGIN SOLUTION`` and ``### END SOLUTION``
  inside its body. The first line after BEGIN may be ``# HINT: <one line>``: the
  student edition shows it in the scaffold's ``NotImplementedError``. A hint points the
  way (which idea, which function, which shape); it does not write the line.
- Tag that cell ``hide-input`` with the metadata
  ``"mystnb": {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}``.
- The next code cell is the check cell: ``check("N.k")`` and nothing else (the first
  one of a chapter also imports ``check``).
- Register the exercise in ``chapter_NN.py`` (an :class:`Exercise`), and at least five
  wrong and two correct answers in ``tests/exercise_answers/`` (the tests require them).
- No cell other than its check (or a later exercise's solution) calls the exercise's
  function: in the student edition it raises NotImplementedError.
"""
from __future__ import annotations

import difflib
import importlib
import os
import pkgutil
import re
import sys
import types
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from .engine import (
    Feedback,
    Forbid,
    NoWarnings,
    backward_difference,
    check_function,
    check_value,
    forward_difference,
    negated,
    transposed,
    wrap,
)

__all__ = [
    "Exercise",
    "Feedback",
    "Forbid",
    "NoWarnings",
    "backward_difference",
    "check",
    "check_function",
    "check_value",
    "exercises",
    "forward_difference",
    "negated",
    "results",
    "transposed",
]

# The chapters with exercises: one module chapter_NN.py each, found, not counted (a new chapter is
# its notebook, its entry in _toc.yml, its chapter_NN.py here and its tests/exercise_answers file).
CHAPTERS = tuple(sorted(int(module.name.removeprefix("chapter_")) for module in pkgutil.iter_modules(__path__)
                        if re.fullmatch(r"chapter_\d\d", module.name)))


@dataclass(frozen=True)
class Exercise:
    """One exercise: what the student writes, and how it is checked.

    ``inputs`` builds the argument tuples (a function, so random inputs are made only when
    checked); ``reference`` computes the expected result from them. ``judge``, when given,
    replaces the comparison altogether: it gets the student's function and returns Feedback
    (for answers such as weights, judged by what they compute). ``uses`` lists earlier
    exercises whose functions this one may call: they are replaced by correct ones while
    this exercise is checked, so each exercise is judged on its own code.
    """

    number: str
    function: str
    parameters: tuple[str, ...] = ()
    reference: Callable | None = None
    inputs: Callable[[], Sequence[tuple]] | None = None
    mistakes: Mapping[str, Callable] = field(default_factory=dict)
    forbidden: tuple[Forbid, ...] = ()
    no_warnings: NoWarnings | None = None
    uses: tuple[str, ...] = ()
    more_hint: str | None = None
    rtol: float = 1e-6
    atol: float = 1e-9
    result_check: Callable | None = None
    judge: Callable[[Callable], Feedback] | None = None

    @property
    def chapter(self) -> int:
        return int(self.number.split(".")[0])

    def check(self, func: Callable) -> Feedback:
        """The feedback for ``func`` as this exercise's answer."""
        if self.judge is not None:
            return self.judge(func)
        return check_function(
            func, self.reference, self.inputs(), name=self.function, mistakes=self.mistakes,
            rtol=self.rtol, atol=self.atol, parameters=self.parameters, forbidden=self.forbidden,
            no_warnings=self.no_warnings, more_hint=self.more_hint, result_check=self.result_check,
        )


def exercises(chapter: int | None = None) -> dict[str, Exercise]:
    """The registered exercises by number ("2.1": ...), of one chapter or of all."""
    chapters = CHAPTERS if chapter is None else (chapter,)
    found: dict[str, Exercise] = {}
    for n in chapters:
        if n not in CHAPTERS:
            raise ValueError(f"chapter must be one of {CHAPTERS}, got {n!r}")
        module = importlib.import_module(f"{__name__}.chapter_{n:02d}")
        found.update({exercise.number: exercise for exercise in module.EXERCISES})
    return found


def _exercise(number: str) -> Exercise:
    if not isinstance(number, str) or "." not in number or not number.split(".")[0].isdigit():
        raise TypeError(f'the exercise number must be a string like "2.1", got {number!r}')
    table = exercises(int(number.split(".")[0]))
    if number not in table:
        raise ValueError(f"there is no exercise {number}; chapter {number.split('.')[0]} has "
                         f"{', '.join(table) or 'none'}")
    return table[number]


def _missing(exercise: Exercise, namespace: Mapping[str, Any]) -> Feedback:
    """Feedback when the exercise's function is not defined: not run yet, or renamed."""
    known = {e.function for e in exercises().values()}
    defined = [name for name, value in namespace.items()
               if isinstance(value, types.FunctionType) and value.__module__ == namespace.get("__name__")
               and name not in known and not name.startswith("_")]
    similar = difflib.get_close_matches(exercise.function, defined, n=1, cutoff=0.6)
    if similar:
        return Feedback("wrong", wrap(
            f"Wrong: there is no function `{exercise.function}` in this notebook, but there is "
            f"`{similar[0]}`. The check looks for the name the exercise gives: rename it back to "
            f"`{exercise.function}` and run its cell."))
    return Feedback("not written", wrap(
        f"Not yet written: no function `{exercise.function}` is defined. Run the exercise cell "
        f"above (Shift+Enter) before this check; if you renamed the function, give it back its "
        f"name `{exercise.function}`."))


def _names_used(func: Callable) -> set[str]:
    """Global names a function's code (and the functions nested in it) refers to."""
    names: set[str] = set()
    stack = [getattr(func, "__code__", None)]
    while stack:
        code = stack.pop()
        if code is None:
            continue
        names.update(code.co_names)
        stack.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return names


def _with_correct(func: Callable, replacements: Mapping[str, Callable]) -> Callable:
    """``func`` running with some global names bound to other functions (the namespace is untouched)."""
    if not replacements or not isinstance(func, types.FunctionType):
        return func
    scope = dict(func.__globals__)
    scope.update(replacements)
    clone = types.FunctionType(func.__code__, scope, func.__name__, func.__defaults__, func.__closure__)
    clone.__kwdefaults__ = func.__kwdefaults__
    return clone


def evaluate(number: str, namespace: Mapping[str, Any]) -> Feedback:
    """The feedback for exercise ``number`` with the functions defined in ``namespace``."""
    exercise = _exercise(number)
    func = namespace.get(exercise.function)
    if func is None:
        return _missing(exercise, namespace)
    if not callable(func):
        return Feedback("wrong", wrap(f"Wrong: `{exercise.function}` should be a function, but it is "
                                      f"{type(func).__name__} (was the name reused for a value?)."))
    earlier = [_exercise(n) for n in exercise.uses]
    used = _names_used(func)
    relevant = [e for e in earlier if e.function in used]
    feedback = exercise.check(_with_correct(func, {e.function: e.reference for e in relevant}))
    notes = []
    for dependency in relevant:
        own = namespace.get(dependency.function)
        status = _missing(dependency, namespace).status if own is None else dependency.check(own).status
        if status != "correct":
            state = "is not written yet" if status == "not written" else "is not correct yet"
            notes.append(f"Note: `{exercise.function}` calls your `{dependency.function}` from exercise "
                         f"{dependency.number}, which {state}. This check used a correct "
                         f"`{dependency.function}`; in your notebook `{exercise.function}` gives the right "
                         f"results once exercise {dependency.number} is correct.")
    if notes:
        feedback = Feedback(feedback.status, "\n".join([feedback.message, *map(wrap, notes)]))
    return feedback


def check(number: str, namespace: Mapping[str, Any] | None = None) -> Feedback:
    """Check exercise ``number`` ("2.1") against the function defined in the calling notebook.

    ``namespace`` defaults to the caller's globals (the notebook's variables). Under
    nbgrader a result other than "Correct" raises AssertionError (the cell then scores 0).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    feedback = evaluate(number, namespace)
    if os.environ.get("NBGRADER_EXECUTION") and not feedback:
        raise AssertionError(feedback.message)
    return feedback


def results(chapter: int, namespace: Mapping[str, Any]) -> list[dict]:
    """Every exercise of ``chapter`` checked in ``namespace``: number, function, status, message."""
    rows = []
    for number, exercise in exercises(chapter).items():
        feedback = evaluate(number, namespace)
        rows.append({"number": number, "function": exercise.function,
                     "status": feedback.status, "message": feedback.message})
    return rows
