"""Exercise checks: instant, specific feedback a class can trust — with no answer in the student's hands.

Every exercise is a function the student completes; the cell after it is a *check cell*::

    check("2.1")

It looks up the exercise's function (``forward_diff``) in the notebook and checks it in two
phases:

1. **run** (:mod:`~lecture_lib.exercises.running`): call it on the exercise's public inputs and
   record plain outcomes — the value returned, an exception, warnings, arguments changed in
   place, forbidden calls, a time-out;
2. **judge** (:mod:`~lecture_lib.exercises.judging`): compare the outcomes with the expected
   values and with the values known mistakes give on the same inputs, and return a
   :class:`Finding` that is displayed as text starting with one of three words:

    Correct: ...          the answer matches the expected value on every input tried
    Not yet written: ...  the function still raises NotImplementedError
    Wrong: ...            what is wrong: the input tried, the value got, the value
                          expected, by how much, and a hint for a recognised mistake

lecture_lib holds no code that computes an answer. The expected values and the known
mistakes' values on the public inputs are *data* (``key/chapter_NN.json``), computed by the
course's build from the references and mistakes kept on the instructor's side
(``course_tools.exercise_key``, which is not part of the student's installation). The grader
runs phase 1 in a sandbox on hidden inputs too and phase 2 in its own process.

A first wrong attempt at an exercise gets hints that name the mistake and point the way; the
formula-level hint comes after a second, different wrong attempt (:class:`~.engine.Hint`).

A check never raises because of the student's code, with one exception on purpose: under
nbgrader (``NBGRADER_EXECUTION`` set) a check that is not "Correct" raises ``AssertionError``
with the same message, so nbgrader's autograder scores the cell 0.

Conventions for chapter authors
-------------------------------
- A markdown cell with the heading ``### Exercise N.k: <title>`` (N = chapter,
  k = 1, 2, ... in order) and the task; the task states every rule the check enforces.
- The exercise code cell defines ONE function (its name identifies the exercise); its
  docstring states the task, not the solution. The solution lies between the lines
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` inside its body. The first line after BEGIN
  may be ``# HINT: <one line>``: the student edition shows it in the scaffold's
  ``NotImplementedError``. A hint points the way; it does not write the line.
- Tag that cell ``hide-input`` with the metadata
  ``"mystnb": {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}``.
- The next code cell is the check cell: ``check("N.k")`` and nothing else (the first
  one of a chapter also imports ``check``).
- Register the exercise's public rules in ``chapter_NN.py`` (an :class:`Exercise`), its
  reference, inputs (public and hidden) and known mistakes in ``course_tools/exercise_key/``,
  then ``python -m course_tools.exercise_key`` writes ``key/chapter_NN.json``; at least five
  wrong and two correct answers go in ``tests/exercise_answers/`` (the tests require them).
- No cell other than its check (or a later exercise's solution) calls the exercise's
  function: in the student edition it raises NotImplementedError.
"""
from __future__ import annotations

import hashlib
import os
import sys
import types
from typing import Any, Mapping

from .engine import Feedback, Finding, Hint, wrong
from .judging import Key, decode_inputs, judge
from .registry import CHAPTERS, KEY_DIR, Exercise, by_number, exercises, public_data
from .rules import Forbid, NoWarnings
from .running import run_exercise

__all__ = [
    "Exercise",
    "Feedback",
    "Finding",
    "Forbid",
    "Hint",
    "NoWarnings",
    "check",
    "check_function",
    "check_value",
    "exercises",
    "results",
]

def evaluate(number: str, namespace: Mapping[str, Any], level: int = 1) -> Finding:
    """The finding for exercise ``number`` with the functions defined in ``namespace`` (public inputs)."""
    exercise = by_number(number)
    inputs = public_data(number)["inputs"]
    record = run_exercise(exercise, namespace, inputs)
    # The key is read only now: nothing the student's code could look for was in memory while it ran.
    key = Key.from_json(public_data(number)["key"])
    calls = {e.function: n for n, e in exercises().items() if n in exercise.uses}
    earlier = {calls[name]: evaluate(calls[name], namespace).status for name in record.get("uses", [])}
    finding = judge(exercise, decode_inputs(inputs), record, key, earlier)
    finding.level = level
    return finding


# --------------------------------------------------------------------------- attempts, and the checker kept whole

_ATTEMPTS: dict[str, list[str]] = {}


def _fingerprint(func: Any) -> str:
    """What a function's code says, without where it was typed (a re-run cell gives the same)."""
    digest = hashlib.sha256()
    stack = [getattr(func, "__code__", None) or getattr(getattr(func, "pyfunc", None), "__code__", None)]
    while stack:
        code = stack.pop()
        if not isinstance(code, types.CodeType):
            digest.update(repr(code).encode())
            continue
        digest.update(code.co_code + repr((code.co_names, code.co_varnames)).encode())
        for const in code.co_consts:
            (stack.append(const) if isinstance(const, types.CodeType) else digest.update(repr(const).encode()))
    return digest.hexdigest()


def level_for(number: str, func: Any, status: str) -> int:
    """1 for the first wrong answer to ``number`` in this session, 2 from the second different one on."""
    if status != "wrong":
        return 1
    seen = _ATTEMPTS.setdefault(number, [])
    mark = _fingerprint(func)
    if mark not in seen:
        seen.append(mark)
    return 1 if seen.index(mark) == 0 and len(seen) == 1 else 2


def forget_attempts() -> None:
    """Start counting wrong attempts afresh (every exercise back to first-step hints)."""
    _ATTEMPTS.clear()


def _checker_modules():
    return [module for name, module in sorted(sys.modules.items())
            if name == __name__ or name.startswith(__name__ + ".")]


def _callables(module) -> dict:
    return {name: value for name, value in vars(module).items()
            if callable(value) and not (name.startswith("__") and name.endswith("__"))}


_PRISTINE: dict[str, dict] = {}


def _keep_pristine() -> None:
    exercises()  # every chapter's module loaded, so that each is kept as it was before any student's cell ran
    for module in _checker_modules():
        _PRISTINE.setdefault(module.__name__, _callables(module))


def _restore_checker() -> list[str]:
    """Names of the checker's own functions replaced since they were loaded, and a changed time limit
    (restored now)."""
    from . import running

    _keep_pristine()
    replaced = []
    if running.TIME_LIMIT != running.TIME_LIMIT_DEFAULT:
        replaced.append("running.TIME_LIMIT")
        running.TIME_LIMIT = running.TIME_LIMIT_DEFAULT
    for module in _checker_modules():
        for name, original in _PRISTINE.get(module.__name__, {}).items():
            if vars(module).get(name) is not original:
                replaced.append(f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
                setattr(module, name, original)
    return replaced


def check(number: str, namespace: Mapping[str, Any] | None = None) -> Finding:
    """Check exercise ``number`` ("2.1") against the function defined in the calling notebook.

    ``namespace`` defaults to the caller's globals (the notebook's variables). Under
    nbgrader a result other than "Correct" raises AssertionError (the cell then scores 0).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    replaced = _restore_checker()
    if replaced:
        finding = wrong(f"the checker's own {', '.join(replaced[:3])} had been replaced before this check "
                        f"(restored). A check compares results; it cannot be talked into agreeing. Run the "
                        f"check again.", rule="tampered")
    else:
        finding = evaluate(number, namespace)
        finding.level = level_for(number, namespace.get(by_number(number).function), finding.status)
    if _under_nbgrader() and not finding:
        raise AssertionError(finding.render())
    return finding


def _under_nbgrader() -> bool:
    """Whether nbgrader runs this notebook: ``NBGRADER_EXECUTION`` set now, or when the kernel started.

    A student's cell can unset the variable (nbgrader's Validate dialog shows its name); the
    environment a Linux process was started with stays readable in ``/proc/self/environ``.
    """
    if os.environ.get("NBGRADER_EXECUTION"):
        return True
    try:
        with open("/proc/self/environ", "rb") as handle:
            started_with = handle.read().split(b"\0")
    except OSError:
        return False
    return any(entry.startswith(b"NBGRADER_EXECUTION=") and entry != b"NBGRADER_EXECUTION=" for entry in started_with)


def results(chapter: int, namespace: Mapping[str, Any]) -> list[dict]:
    """Every exercise of ``chapter`` checked in ``namespace``: number, function, status, message."""
    rows = []
    for number, exercise in exercises(chapter).items():
        finding = evaluate(number, namespace, level=2)
        rows.append({"number": number, "function": exercise.function,
                     "status": finding.status, "message": finding.render()})
    return rows


def check_function(answer, reference, inputs, **kwargs) -> Finding:
    """See :func:`lecture_lib.exercises.general.check_function`."""
    from .general import check_function as general

    return general(answer, reference, inputs, **kwargs)


def check_value(answer, expected, **kwargs) -> Finding:
    """See :func:`lecture_lib.exercises.general.check_value`."""
    from .general import check_value as general

    return general(answer, expected, **kwargs)


_keep_pristine()
