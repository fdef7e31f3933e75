"""Exercise checks: instant, specific feedback that never crashes the notebook.

Every exercise is a function the student completes; the cell after it is a *check
cell* whose last line is a call to :func:`check_function` or :func:`check_value`.
The call returns a :class:`Feedback` whose text is displayed as the cell's output
and starts with one of three words:

    Correct: ...          the answer matches the reference on every input tried
    Not yet written: ...  the function still raises NotImplementedError
    Wrong: ...            what is wrong: the input tried, the value got, the value
                          expected, and a hint for a recognised mistake

A check never raises because of the student's code: an exception inside it, a
wrong type, a wrong shape, NaN, inf or a missing ``return`` all become "Wrong: ..."
with a specific message. (A broken *reference* is the author's bug and does raise.)

Complete example (the exercise cell, then its check cell)::

    def square_deriv_numeric(x):
        \"\"\"The derivative of x² at x, by a central difference with Δ = 0.001.\"\"\"
        ### BEGIN SOLUTION
        delta = 0.001
        return (square(x + delta) - square(x - delta)) / (2 * delta)
        ### END SOLUTION

    from lecture_lib.exercises import check_function, forward_difference
    check_function(
        square_deriv_numeric,
        lambda x: deriv(square, x),               # the reference, from lecture_lib
        [(np.array([-1.0, 0.5, 2.0]),), (3.0,)],  # argument tuples: answer(*args)
        name="square_deriv_numeric",
        mistakes={
            "This is a forward difference (f(x+Δ) − f(x))/Δ; use the central one.":
                forward_difference(square, 0.001),
        },
    )

``check_value`` is the same for an answer that is a value: ``answer`` is a function
of no arguments that returns it (``check_value(weighted_sum, 4.5, name="N")``),
and ``mistakes`` maps hint text to a wrong *value*.

A mistake's hint is shown when the answer agrees with that wrong function on every
input (within ``rtol``/``atol``), so choose inputs that tell the mistakes apart.
Each call of the student's code is stopped after ``TIME_LIMIT`` seconds (an endless
loop becomes "Wrong: ... did not finish"); ``bool(feedback)`` is True when correct.

Automatic hints (no ``mistakes`` needed): a sign error (got ≈ −expected), a
transposed result (shape reversed, or got ≈ expectedᵀ), a factor of 2 (e.g. a
central difference divided by Δ instead of 2Δ), NaN or inf, a missing ``return``.
Mistakes the checker cannot guess — a forward instead of a central difference, an
elementwise product ``X * W`` where a matrix product ``X @ W`` belongs — are passed
as ``mistakes``; :func:`forward_difference`, :func:`backward_difference`,
:func:`negated` and :func:`transposed` build common ones.

Conventions for chapter authors
-------------------------------
- A markdown cell with the heading ``### Exercise N.k: <title>`` (N = chapter,
  k = 1, 2, ... in order) and the task.
- The exercise code cell defines ONE function (its name identifies the exercise);
  the solution lies between the lines ``### BEGIN SOLUTION`` and ``### END SOLUTION``
  inside its body. The first line after BEGIN may be ``# HINT: <one line>``: the
  student edition shows it in the scaffold's ``NotImplementedError``.
- Give that code cell the tag ``hide-input`` and the metadata
  ``"mystnb": {"code_prompt_show": "Show solution", "code_prompt_hide": "Hide solution"}``
  so the book hides it behind a "Show solution" toggle.
- The next code cell is the check cell: its last line is ``check_function(...)`` or
  ``check_value(...)``; no tags.
- Register at least one plausible wrong answer for the exercise in
  ``tests/wrong_answers.py`` (tests fail for an exercise without one).
- No cell other than its check cell (or a later exercise's solution) may call the
  exercise's function: in the student edition it raises NotImplementedError, and
  that edition must run top to bottom without an error. A later cell (a plot, a
  later check's reference) uses the lecture_lib function or its own reference.
- ``tests/test_student_notebooks.py`` checks all of this for every chapter.
"""
from __future__ import annotations

import copy
import inspect
import math
import signal
import textwrap
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np

__all__ = [
    "Feedback",
    "check_function",
    "check_value",
    "forward_difference",
    "backward_difference",
    "negated",
    "transposed",
]

#: Hints are wrapped to this many characters, so they read without scrolling.
WIDTH = 88

#: Seconds a single call of the student's function may take before it counts as wrong.
TIME_LIMIT = 10.0


@dataclass(frozen=True)
class Feedback:
    """The result of a check: ``status`` is "correct", "not written" or "wrong"; ``message`` is plain text."""

    status: str
    message: str

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__

    def __bool__(self) -> bool:
        return self.status == "correct"


# --------------------------------------------------------------------------- formatting

_INDENT = "  "


def _format(value: Any, prefix: str = "", shape: bool = False) -> str:
    """A compact, deterministic text for a value; continuation lines align after ``prefix``.

    Arrays print with 4 significant decimals; their shape is added for matrices, or when
    ``shape`` is true (a message about shapes).
    """
    if value is None:
        return "None"
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    if isinstance(value, (list, tuple)) and any(callable(v) for v in value):
        inner = ", ".join(_format(v) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner})"
    if isinstance(value, tuple):
        inner = ", ".join(_format(v, shape=shape) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, float, np.integer, np.floating, np.ndarray, list)):
        try:
            array = np.asarray(value)
        except Exception:  # ragged lists and the like
            return _short_repr(value)
        if array.dtype.kind in "biuf" and array.ndim == 0:
            return _format_number(array.item())
        if array.dtype.kind in "biuf":
            text = np.array2string(
                array, precision=4, separator=", ", suppress_small=True,
                max_line_width=72, threshold=30, prefix=prefix,
            )
            if array.ndim >= 2 or (shape and array.ndim >= 1):
                text += f"  (shape {array.shape})"
            return text
    return _short_repr(value)


def _format_number(number) -> str:
    """4 significant decimals, '4.0' not '4.', scientific notation for very large or small numbers."""
    if isinstance(number, (bool, int)):
        return str(number)
    if number != 0 and math.isfinite(number) and not 1e-4 <= abs(number) < 1e6:
        return np.format_float_scientific(number, precision=4, trim="0")
    return np.format_float_positional(number, precision=4, trim="0")


def _short_repr(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(value: Any) -> str:
    """'a numpy array', 'a string', ... for messages about a wrong type."""
    names = {np.ndarray: "a numpy array", str: "a string", int: "an int", float: "a float",
             list: "a list", tuple: "a tuple", dict: "a dict", bool: "a bool"}
    return names.get(type(value), f"a {type(value).__name__}")


def _line(label: str, value: Any, shape: bool = False) -> str:
    prefix = f"{_INDENT}{label:<10}"
    return prefix + _format(value, prefix=" " * len(prefix), shape=shape)


def _describe_args(args: tuple, reference: Callable) -> list[str]:
    """One line per argument, named after the reference's parameters when possible."""
    try:
        names = [p.name for p in inspect.signature(reference).parameters.values()
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        names = []
    lines = []
    for i, arg in enumerate(args):
        name = names[i] if i < len(names) else f"argument {i + 1}"
        prefix = f"{_INDENT}{'input:':<10}{name} = "
        lines.append(prefix + _format(arg, prefix=" " * len(prefix)))
    return lines


# --------------------------------------------------------------------------- running student code

class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float):
    """Interrupt the student's code after ``seconds`` (main thread on Unix only; elsewhere no limit)."""
    usable = (
        seconds and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # leave a timer someone else set alone
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class _Outcome:
    value: Any = None
    not_written: str | None = None   # the NotImplementedError message
    error: str | None = None         # a description of any other failure


def _run(func: Callable, args: tuple) -> _Outcome:
    """Call the student's ``func(*args)`` on a copy of the arguments, capturing every failure."""
    try:
        args = copy.deepcopy(args)
    except Exception:
        pass
    try:
        with warnings.catch_warnings(), _time_limit(TIME_LIMIT):
            # NaN/inf are reported by the check itself; the numpy warnings would only add noise.
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                return _Outcome(value=func(*args))
    except NotImplementedError as exc:
        return _Outcome(not_written=str(exc))
    except _TooSlow:
        return _Outcome(error=f"did not finish within {TIME_LIMIT:g} s (an endless loop?)")
    except RecursionError:
        return _Outcome(error="raised RecursionError: it calls itself without end")
    except (Exception, SystemExit) as exc:
        text = str(exc).strip().splitlines()
        return _Outcome(error=f"raised {type(exc).__name__}: {text[0] if text else '(no message)'}")


# --------------------------------------------------------------------------- comparing values

def _as_numeric(value: Any):
    """A float array for a number or array of numbers, else None."""
    if isinstance(value, (str, bytes, dict, set)) or value is None or callable(value):
        return None
    try:
        array = np.asarray(value)
    except Exception:
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(float)


def _is_sequence_of_values(expected: Any) -> bool:
    """A tuple (e.g. two gradients) or a list that is not one array: compared item by item."""
    return isinstance(expected, tuple) or (isinstance(expected, list) and _as_numeric(expected) is None)


def _close(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """True if ``got`` matches ``expected`` (numbers within tolerance, tuples elementwise)."""
    if _is_sequence_of_values(expected):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return False
        return all(_close(g, e, rtol, atol) for g, e in zip(got, expected))
    exp = _as_numeric(expected)
    if exp is None:
        try:
            return bool(got == expected)
        except Exception:
            return False
    val = _as_numeric(got)
    if val is None or val.shape != exp.shape:
        return False
    return bool(np.allclose(val, exp, rtol=rtol, atol=atol, equal_nan=True))


def _problem(got: Any, expected: Any, rtol: float, atol: float, what: str) -> tuple[str | None, list[str]]:
    """Why ``got`` is not ``expected``: (a sentence about ``what``, or None if it matches; hints)."""
    if _is_sequence_of_values(expected):
        kind = f"{_kind(expected)} of {len(expected)} values"
        if got is None:
            return f"{what} is None, not {kind}", ["Is a `return` statement missing?"]
        if not isinstance(got, (tuple, list)):
            return f"{what} is {_kind(got)}, not {kind}", (
                ["Return both values, e.g. `return a, b`."] if len(expected) == 2 else [])
        if len(got) != len(expected):
            return f"{what} holds {len(got)} values, not {len(expected)}", []
        for i, (g, e) in enumerate(zip(got, expected)):
            description, hints = _problem(g, e, rtol, atol, what=f"value {i + 1} of {what}")
            if description:
                return description, hints
        return None, []

    exp = _as_numeric(expected)
    if exp is None:  # a non-numeric expected value: compare by equality
        return (None, []) if _close(got, expected, rtol, atol) else (f"{what} is not the expected value", [])
    if got is None:
        return f"{what} is None", ["Is a `return` statement missing?"]
    val = _as_numeric(got)
    if val is None:
        return f"{what} is {_kind(got)}, not {'a number' if exp.ndim == 0 else 'a numpy array'}", []
    if val.shape != exp.shape:
        hints = []
        if val.ndim == exp.ndim == 2 and val.shape == exp.shape[::-1]:
            hints.append("The shape is the transpose of the expected one: check which "
                         "operand comes first, or a missing or extra `.T`.")
        elif val.size == exp.size:
            hints.append("Same number of entries, different shape: a missing reshape, "
                         "or a row vector where a column belongs?")
        return f"{what} has shape {val.shape}, expected shape {exp.shape}", hints
    if np.isnan(val).any() and not np.isnan(exp).any():
        return f"{what} contains NaN (not a number)", [
            "NaN comes from 0/0, inf − inf or an undefined operation such as the log of a negative number."]
    if np.isinf(val).any() and not np.isinf(exp).any():
        return f"{what} contains inf (infinity)", [
            "inf comes from an overflow, e.g. np.exp of a large number, or a division by zero."]
    if np.allclose(val, exp, rtol=rtol, atol=atol, equal_nan=True):
        return None, []
    return f"{what} is not the expected value", _automatic_hints(val, exp, rtol, atol)


def _automatic_hints(val: np.ndarray, exp: np.ndarray, rtol: float, atol: float) -> list[str]:
    def close(a, b):
        return bool(np.allclose(a, b, rtol=rtol, atol=atol))

    if close(exp, 0.0):
        return []
    if close(val, -exp):
        return ["The sign is flipped: got ≈ −expected. Check a subtraction's order or a minus sign."]
    if exp.ndim == 2 and exp.shape[0] == exp.shape[1] and not close(exp, exp.T) and close(val, exp.T):
        return ["Got the transpose of the expected matrix: check the order of a product or a `.T`."]
    if close(val, 2 * exp):
        return ["Got twice the expected value: e.g. a central difference divides by 2Δ, not Δ."]
    if close(val, exp / 2):
        return ["Got half the expected value: is a factor of 2 wrong?"]
    return []


# --------------------------------------------------------------------------- public checks

def _check_args(name, rtol, atol, mistakes):
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    for label, tol in (("rtol", rtol), ("atol", atol)):
        if not isinstance(tol, (int, float)) or not math.isfinite(tol) or tol < 0:
            raise ValueError(f"{label} must be a finite number >= 0, got {tol!r}")
    if mistakes is not None and not isinstance(mistakes, Mapping):
        raise TypeError(f"mistakes must be a dict {{hint text: wrong answer}}, got {type(mistakes).__name__}")
    return dict(mistakes or {})


def _hint_line(hint: str) -> str:
    """'Hint: ...' wrapped to short lines, continuation lines indented under the text."""
    return textwrap.fill(f"Hint: {hint}", width=WIDTH, subsequent_indent=" " * 6,
                         break_long_words=False, break_on_hyphens=False)


def _not_written(name: str, message: str) -> Feedback:
    text = f"Not yet written: complete `{name}` (replace the `raise NotImplementedError` line)."
    hint = message.strip()
    if hint:
        text += "\n" + _hint_line(hint)
    return Feedback("not written", text)


def _wrong(lines: list[str], hints: list[str]) -> Feedback:
    seen = []
    for hint in hints:
        if hint not in seen:
            seen.append(hint)
    return Feedback("wrong", "\n".join(lines + [_hint_line(h) for h in seen]))


def _agrees_everywhere(wrong: Callable, inputs, got_values, rtol, atol) -> bool:
    """True if the mistake ``wrong`` gives what the student got, on every input."""
    for args, got in zip(inputs, got_values):
        outcome = _run(wrong, args)
        if outcome.error is not None or outcome.not_written is not None:
            return False
        if not _close(got, outcome.value, rtol, atol):
            return False
    return True


def check_function(
    answer: Callable,
    reference: Callable,
    inputs: Sequence[tuple],
    *,
    name: str,
    mistakes: Mapping[str, Callable] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Feedback:
    """Compare ``answer(*args)`` with ``reference(*args)`` for every ``args`` in ``inputs``.

    ``mistakes`` maps a hint text to a plausible wrong function; when the answer agrees
    with one of them on every input (and is wrong), its hint is shown.
    """
    mistakes = _check_args(name, rtol, atol, mistakes)
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    inputs = [args if isinstance(args, tuple) else (args,) for args in inputs]
    if not inputs:
        raise ValueError("inputs must hold at least one argument tuple")
    if not callable(answer):
        return Feedback("wrong", f"Wrong: `{name}` should be a function, but it is a {type(answer).__name__}.")

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        expected_values = [reference(*copy.deepcopy(args)) for args in inputs]

    got_values = []
    for args, expected in zip(inputs, expected_values):
        outcome = _run(answer, args)
        if outcome.not_written is not None:
            return _not_written(name, outcome.not_written)
        if outcome.error is not None:
            return _wrong([f"Wrong: `{name}` {outcome.error}.", *_describe_args(args, reference)], [])
        got_values.append(outcome.value)

    for args, got, expected in zip(inputs, got_values, expected_values):
        description, hints = _problem(got, expected, rtol, atol, what=f"the result of `{name}`")
        if description is None:
            continue
        shape = "shape" in description
        lines = [f"Wrong: {description}.", *_describe_args(args, reference),
                 _line("got:", got, shape), _line("expected:", expected, shape)]
        matched = [hint for hint, wrong in mistakes.items()
                   if _agrees_everywhere(wrong, inputs, got_values, rtol, atol)]
        return _wrong(lines, matched or hints)

    count = len(inputs)
    return Feedback("correct", f"Correct: `{name}` gives the expected result for "
                               f"{'the input' if count == 1 else f'all {count} inputs'} tried.")


def check_value(
    answer: Callable[[], Any],
    expected: Any,
    *,
    name: str,
    mistakes: Mapping[str, Any] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Feedback:
    """Compare the value ``answer()`` returns with ``expected``.

    ``answer`` is a function of no arguments (a plain value is accepted too);
    ``mistakes`` maps a hint text to a plausible wrong value.
    """
    mistakes = _check_args(name, rtol, atol, mistakes)
    if callable(answer):
        outcome = _run(answer, ())
        if outcome.not_written is not None:
            return _not_written(name, outcome.not_written)
        if outcome.error is not None:
            return _wrong([f"Wrong: `{name}` {outcome.error}."], [])
        got = outcome.value
    else:
        got = answer
    description, hints = _problem(got, expected, rtol, atol, what=f"`{name}`")
    if description is None:
        return Feedback("correct", f"Correct: `{name}` is {_format(expected)}.")
    shape = "shape" in description
    lines = [f"Wrong: {description}.", _line("got:", got, shape), _line("expected:", expected, shape)]
    matched = [hint for hint, wrong in mistakes.items() if _close(got, wrong, rtol, atol)]
    return _wrong(lines, matched or hints)


# --------------------------------------------------------------------------- common mistakes

def forward_difference(func: Callable, delta: float = 0.001) -> Callable:
    """The mistake (f(u + Δ) − f(u)) / Δ where the central difference belongs, as a function of u."""
    def forward(u):
        u = np.asarray(u, dtype=float)
        return (func(u + delta) - func(u)) / delta
    forward.__name__ = f"forward_difference({getattr(func, '__name__', 'func')})"
    return forward


def backward_difference(func: Callable, delta: float = 0.001) -> Callable:
    """The mistake (f(u) − f(u − Δ)) / Δ where the central difference belongs, as a function of u."""
    def backward(u):
        u = np.asarray(u, dtype=float)
        return (func(u) - func(u - delta)) / delta
    backward.__name__ = f"backward_difference({getattr(func, '__name__', 'func')})"
    return backward


def negated(func: Callable) -> Callable:
    """``func`` with its result's sign flipped (every array in a returned tuple)."""
    def wrong(*args):
        result = func(*args)
        if isinstance(result, tuple):
            return tuple(-np.asarray(r) for r in result)
        return -np.asarray(result)
    return wrong


def transposed(func: Callable) -> Callable:
    """``func`` with its (matrix) result transposed."""
    def wrong(*args):
        return np.asarray(func(*args)).T
    return wrong
