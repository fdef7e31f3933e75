"""The checking engine: run a student's function safely, compare, and explain what is wrong.

A check never raises because of the student's code: an exception, an endless loop, a
wrong type, shape or kind of result, NaN, a missing ``return``, an argument changed in
place, a forbidden call, a warning where the task forbids one, or code that tampers with
numpy or the checker all become a :class:`Feedback` whose text starts with

    Correct: ...          the answer matches the reference on every input tried
    Not yet written: ...  the function still raises NotImplementedError
    Wrong: ...            what is wrong, on which input, by how much, and a hint

(A broken *reference* is the author's bug and does raise.)

:func:`check_function` and :func:`check_value` are the general tools; the chapters'
exercises are registered with them in ``lecture_lib.exercises.chapter_NN`` and checked
by number with :func:`lecture_lib.exercises.check`.
"""
from __future__ import annotations

import copy
import inspect
import math
import signal
import sys
import textwrap
import threading
import types
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

#: Hints are wrapped to this many characters, so they read without scrolling.
WIDTH = 80

#: Seconds a single call of the student's function may take before it counts as wrong.
TIME_LIMIT = 5.0

# Bound once at import: a student's code that replaces ``np.allclose`` (or the like) cannot
# change how this module compares.
_allclose = np.allclose
_asarray = np.asarray
_isnan = np.isnan
_isinf = np.isinf
_array_equal = np.array_equal


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


def format_number(number) -> str:
    """4 significant digits, '4.0' not '4.', scientific notation for very large or tiny numbers."""
    if isinstance(number, (bool, np.bool_)):
        return str(bool(number))
    if isinstance(number, (int, np.integer)):
        return str(int(number))
    number = float(number)
    if number != 0 and math.isfinite(number) and not 1e-3 <= abs(number) < 1e6:
        return np.format_float_scientific(number, precision=3, trim="0")
    return np.format_float_positional(number, precision=4, unique=True, fractional=False, trim="0")


def format_value(value: Any, prefix: str = "", shape: bool = False) -> str:
    """A compact, deterministic text for a value; continuation lines align after ``prefix``.

    Numbers show 4 significant digits and tiny values stay visible (1e-05, not 0.);
    the shape is added for matrices, or when ``shape`` is true.
    """
    if value is None:
        return "None"
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        return str(int(value))
    if callable(value) and not isinstance(value, np.ndarray):
        return getattr(value, "__name__", type(value).__name__)
    if isinstance(value, dict):
        inner = ", ".join(f"{k!r}: {format_value(v, shape=shape)}" for k, v in value.items())
        return _short("{" + inner + "}", 400)
    if isinstance(value, (list, tuple)) and (any(callable(v) for v in value) or _ragged(value)):
        inner = ", ".join(format_value(v, shape=shape) for v in value)
        return f"[{inner}]" if isinstance(value, list) else f"({inner}{',' if len(value) == 1 else ''})"
    if isinstance(value, tuple):
        inner = ", ".join(format_value(v, shape=shape) for v in value)
        return f"({inner}{',' if len(value) == 1 else ''})"
    numeric = as_numeric(value)
    if numeric is None:
        return _short(repr(value))
    if numeric.ndim == 0:
        return format_number(numeric.item())
    text = np.array2string(numeric, separator=", ", max_line_width=72, threshold=30, prefix=prefix,
                           formatter={"float_kind": format_number})
    if isinstance(value, list):
        text = f"list {text}"
    if numeric.ndim >= 2 or (shape and numeric.ndim >= 1):
        text += f"  (shape {numeric.shape})"
    return text


def _ragged(value) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            np.asarray(value, dtype=float)
        return False
    except (ValueError, TypeError):
        return True


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def kind_of(value: Any) -> str:
    """'a numpy array', 'a list', ... for messages about a wrong kind of result."""
    names = {np.ndarray: "a numpy array", str: "a string", int: "an int", float: "a float",
             list: "a list", tuple: "a tuple", dict: "a dict", bool: "a bool", type(None): "None"}
    if isinstance(value, np.generic):
        return f"a numpy {type(value).__name__}"
    return names.get(type(value), f"a {type(value).__name__}")


def _line(label: str, value: Any, shape: bool = False) -> str:
    prefix = f"{_INDENT}{label:<10}"
    return prefix + format_value(value, prefix=" " * len(prefix), shape=shape)


def parameter_names(func: Callable) -> list[str]:
    try:
        return [p.name for p in inspect.signature(func).parameters.values()
                if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        return []


def describe_args(args: tuple, names: Sequence[str]) -> list[str]:
    """One line per argument, named after the exercise's parameters."""
    lines = []
    for i, arg in enumerate(args):
        name = names[i] if i < len(names) else f"argument {i + 1}"
        prefix = f"{_INDENT}{'input:':<10}{name} = "
        lines.append(prefix + format_value(arg, prefix=" " * len(prefix)))
    return lines


def hint_line(hint: str, label: str = "Hint") -> str:
    """'Hint: ...' wrapped to short lines, continuation lines indented under the text."""
    return textwrap.fill(f"{label}: {hint}", width=WIDTH, subsequent_indent=" " * (len(label) + 2),
                         break_long_words=False, break_on_hyphens=False)


def wrap(text: str) -> str:
    return "\n".join(textwrap.fill(part, width=WIDTH, subsequent_indent=_INDENT * 2,
                                   break_long_words=False, break_on_hyphens=False)
                     for part in text.split("\n"))


# --------------------------------------------------------------------------- rules of a task

@dataclass(frozen=True)
class Forbid:
    """A task's rule "do not call X": ``targets`` are (module, attribute) pairs watched during the call.

    ``Forbid("np.tanh", [(np, "tanh"), (math, "tanh")], "do not call np.tanh")``: a call of
    any of them (through the module, or through a name bound to the same object) breaks the rule.
    """

    label: str
    targets: tuple
    rule: str


@dataclass(frozen=True)
class NoWarnings:
    """A task's rule "without warnings": any warning the student's code emits breaks it."""

    rule: str


class _Spy:
    """Stands in for a forbidden function during the student's call and records its use."""

    def __init__(self, original, label, calls):
        self._original, self._label, self._calls = original, label, calls

    def __call__(self, *args, **kwargs):
        # Only the student's own calls count: lecture_lib may use the function inside an
        # allowed one (derivative_of calls deriv).
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.split(".")[0] != "lecture_lib":
            self._calls.append(self._label)  # (the name called, the rule's label)
        return self._original(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._original, name)


@contextmanager
def _watching(forbidden: Sequence[Forbid], namespaces: Sequence[dict]):
    """Replace each forbidden function by a spy in its module and wherever a namespace binds it."""
    calls: list[str] = []
    undo = []
    for rule in forbidden:
        for module, attribute in rule.targets:
            original = getattr(module, attribute)
            shown = {"numpy": "np", "math": "math"}.get(module.__name__)
            spy = _Spy(original, (f"{shown}.{attribute}" if shown else attribute, rule.label), calls)
            undo.append((module.__dict__, attribute, original))
            setattr(module, attribute, spy)
            for namespace in namespaces:
                for name, value in list(namespace.items()):
                    if value is original:
                        undo.append((namespace, name, original))
                        namespace[name] = spy
    try:
        yield calls
    finally:
        for mapping, name, original in reversed(undo):
            mapping[name] = original


# --------------------------------------------------------------------------- running student code

class _TooSlow(BaseException):
    """Raised inside the student's code when time is up (BaseException: `except Exception` won't swallow it)."""


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


def _guarded_modules():
    """numpy, math and lecture_lib's modules: what a check relies on and a student's code must not replace."""
    return [module for name, module in list(sys.modules.items())
            if isinstance(module, types.ModuleType)
            and (name in ("numpy", "numpy.linalg", "math") or name.split(".")[0] == "lecture_lib")]


def _snapshot(modules):
    return [(module, dict(vars(module))) for module in modules]


def _tampered(snapshot) -> list[str]:
    """Names the student's code replaced in numpy, math or lecture_lib (restored at once)."""
    changed = []
    for module, before in snapshot:
        now = vars(module)
        for name, value in before.items():
            if now.get(name, _MISSING) is not value:
                changed.append(f"{module.__name__}.{name}")
                setattr(module, name, value)
    return changed


_MISSING = object()


@dataclass
class Outcome:
    """What one call of the student's function did."""

    value: Any = None
    not_written: str | None = None        # the NotImplementedError message
    error: str | None = None              # a description of any other failure
    hint: str | None = None               # what the error usually means, for a novice
    mutated: list[str] = field(default_factory=list)   # arguments changed in place
    warnings: list[str] = field(default_factory=list)  # warnings emitted
    forbidden: list[tuple] = field(default_factory=list)  # (name called, rule label) of forbidden calls
    tampered: list[str] = field(default_factory=list)   # numpy/lecture_lib names replaced
    timed_out: bool = False


def _same(before, after) -> bool:
    """Whether an argument is unchanged (arrays by value, containers item by item)."""
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and before.shape == after.shape and bool(
            _array_equal(before, after, equal_nan=before.dtype.kind == "f"))
    if isinstance(before, (list, tuple)):
        return type(before) is type(after) and len(before) == len(after) and all(
            _same(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return isinstance(after, dict) and before.keys() == after.keys() and all(
            _same(before[k], after[k]) for k in before)
    try:  # numbers and functions: deepcopy keeps the very objects, so a reordered list shows here
        return before is after or (type(before) is type(after) and bool(before == after))
    except Exception:
        return False


def run(func: Callable, args: tuple, *, names: Sequence[str] = (), forbidden: Sequence[Forbid] = (),
        time_limit: float | None = None) -> Outcome:
    """Call the student's ``func(*args)`` on fresh copies of ``args``, capturing everything it does."""
    given = copy.deepcopy(args)
    pristine = copy.deepcopy(args)
    outcome = Outcome()
    snapshot = _snapshot(_guarded_modules())
    import lecture_lib

    # The package binds the names of its submodules' functions too (lecture_lib.deriv).
    namespaces = [getattr(func, "__globals__", {}), vars(lecture_lib)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with _watching(forbidden, namespaces) as calls, \
                    np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"), \
                    _time_limit(TIME_LIMIT if time_limit is None else time_limit):
                try:
                    outcome.value = func(*given)
                finally:
                    outcome.forbidden = list(dict.fromkeys(calls))
        except NotImplementedError as exc:
            outcome.not_written = str(exc)
        except _TooSlow:
            outcome.timed_out = True
            outcome.error = f"did not finish within {TIME_LIMIT if time_limit is None else time_limit:g} s"
            outcome.hint = "An endless loop? Check that every loop ends (a `while` whose condition never changes)."
        except RecursionError:
            outcome.error = "raised RecursionError: it calls itself without end"
            outcome.hint = ("A function that calls itself needs a case that stops; here you probably meant "
                            "to call a lecture_lib function of another name.")
        except (Exception, SystemExit, KeyboardInterrupt) as exc:
            text = str(exc).strip().splitlines()
            message = _short(text[0], 160).rstrip(".") if text else "(no message)"
            outcome.error = f"raised {type(exc).__name__}: {message}"
            outcome.hint = explain_error(exc)
    outcome.warnings = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    outcome.tampered = _tampered(snapshot)
    outcome.mutated = [names[i] if i < len(names) else f"argument {i + 1}"
                       for i, (b, a) in enumerate(zip(pristine, given)) if not _same(b, a)]
    return outcome


def explain_error(exc: BaseException) -> str | None:
    """What a common Python/numpy error usually means in a beginner's code, and what to write instead."""
    text = str(exc)
    rules = [
        ("setting an array element with a sequence",
         "Your loop puts a whole row into one entry: the input can be 2-D. numpy's arithmetic works entry "
         "by entry on whole arrays of any shape; or build the result with np.zeros_like(x) and loop over "
         "np.ndindex(x.shape)."),
        ("bitwise_xor", "In Python `^` is bitwise XOR, not a power: write `x ** 2` for x squared."),
        ("truth value of an array",
         "`if`, `and`, `or` and `max()` need one True/False, but an array holds many. To choose entry "
         "by entry use np.where(condition, a, b) (or np.maximum); combine conditions with & and |."),
        ("could not be broadcast",
         "`*` multiplies entry by entry and needs shapes that match (or broadcast). For a matrix "
         "product use `@` (X @ W): X's columns must equal W's rows."),
        ("matmul", "A matrix product A @ B needs A's number of columns to equal B's number of rows. "
                   "Check the order of the operands and a missing or extra `.T`."),
        ("shapes", "The shapes do not fit this operation: print the shapes of your arrays (`.shape`)."),
        ("can't multiply sequence", "A Python list does not do arithmetic entry by entry: "
                                    "use np.asarray(x) first, or numpy functions."),
        ("unsupported operand type(s)", "A Python list (or None) does not do arithmetic: use np.asarray(x), "
                                        "and check that every function you call returns a value."),
        ("only length-1 arrays", "`math` functions take one number, not an array: use numpy's (np.exp, ...)."),
        ("only 0-dimensional", "`math` functions and float() take one number, not an array: use numpy's "
                               "(np.exp, ...). A 1 × 1 matrix is still an array: `.item()` (or N[0, 0]) "
                               "gives its number."),
        ("not subscriptable", "Your code indexes something that is a single number: the task allows a "
                              "plain number as input too. Use numpy's elementwise operations instead of indexing."),
        ("has no len()", "Your code takes len() of a single number: the task allows a plain number as "
                         "input too. Use numpy's elementwise operations instead of a loop."),
        ("unsized object", "Your code takes len() of a single number: the task allows a plain number as "
                           "input too. Use numpy's elementwise operations instead of a loop."),
        ("0-d array", "Your code loops over a single number: the task allows a plain number as input "
                      "too. Use numpy's elementwise operations instead of a loop."),
        ("is not iterable", "Your code loops over something that is a single number: the task allows a "
                            "plain number too. Use numpy's elementwise operations instead of a loop."),
        ("too many indices", "Your code indexes with more positions than the array has dimensions: "
                             "print its `.shape`."),
        ("math range error", "math.exp overflows for large inputs; numpy's functions (and lecture_lib's "
                             "sigmoid) handle them."),
        ("object is not callable", "Something you call is not a function: a variable with the same name "
                                   "as a function, or a missing operator (2(x) instead of 2 * x)?"),
        ("positional argument", "The function is called with the task's arguments: check its parameters."),
    ]
    if isinstance(exc, NameError):
        return (f"{text}: a typo, a name from another notebook, or a cell above that has not been run "
                f"yet (run the notebook from the top).")
    if isinstance(exc, ZeroDivisionError):
        return "A division by zero: is a denominator (like delta) zero, or a parenthesis misplaced?"
    for needle, explanation in rules:
        if needle in text:
            return explanation
    return None


# --------------------------------------------------------------------------- comparing values

def as_numeric(value: Any):
    """A float array for a number, a numpy array or a (nested) list of numbers, else None."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _asarray(float(value))
    if type(value) is np.ndarray:  # not a subclass: its comparisons could be anything
        return value.astype(float) if value.dtype.kind in "biuf" else None
    if isinstance(value, list) and value and not _ragged(value):
        try:
            array = _asarray(value, dtype=float)
        except (TypeError, ValueError):
            return None
        return array
    return None


def _is_sequence_of_values(expected: Any) -> bool:
    """A tuple (e.g. two gradients) or a list that is not one array: compared item by item."""
    return isinstance(expected, tuple) or (isinstance(expected, list) and as_numeric(expected) is None)


def close(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    """True if ``got`` matches ``expected`` (numbers within tolerance, tuples elementwise)."""
    return problem(got, expected, rtol, atol, "it")[0] is None


def difference(val: np.ndarray, exp: np.ndarray) -> str:
    """Where two arrays of one shape differ most and by how much (absolute and relative)."""
    errors = np.abs(val - exp)
    index = np.unravel_index(int(np.argmax(errors)), errors.shape) if errors.ndim else ()
    absolute = float(errors[index]) if errors.ndim else float(errors)
    scale = float(np.abs(exp[index])) if exp.ndim else float(abs(exp))
    where = f" at index {tuple(int(i) for i in index)}" if exp.ndim else ""
    relative = f", relative {format_number(absolute / scale)}" if scale > 0 else ""
    got = float(val[index]) if val.ndim else float(val)
    want = float(exp[index]) if exp.ndim else float(exp)
    return (f"{_INDENT}largest difference{where}: {format_number(absolute)}{relative}\n"
            f"{_INDENT}there: got {got:.10g}, expected {want:.10g}")


def problem(got: Any, expected: Any, rtol: float, atol: float, what: str) -> tuple[str | None, list[str]]:
    """Why ``got`` is not ``expected``: (a sentence about ``what``, or None if it matches; hints)."""
    if _is_sequence_of_values(expected):
        kind = f"a pair" if len(expected) == 2 else f"{len(expected)} values"
        if got is None:
            return f"{what} is None, not {kind}", ["Is a `return` statement missing?"]
        if not isinstance(got, (tuple, list)):
            return f"{what} is {kind_of(got)}, not {kind}", (
                ["Return both values, e.g. `return a, b`."] if len(expected) == 2 else [])
        if len(got) != len(expected):
            return f"{what} holds {len(got)} values, not {len(expected)}", []
        for i, (g, e) in enumerate(zip(got, expected)):
            description, hints = problem(g, e, rtol, atol, what=f"value {i + 1} of {what}")
            if description:
                return description, hints
        return None, []

    exp = as_numeric(expected)
    if exp is None:  # a non-numeric expected value: compare by equality
        try:
            return (None, []) if type(got) is type(expected) and bool(got == expected) else (
                f"{what} is not the expected value", [])
        except Exception:
            return f"{what} is not the expected value", []
    if got is None:
        return f"{what} is None", ["Is a `return` statement missing? A function that ends without "
                                   "`return` gives None."]
    if isinstance(got, np.ndarray) and type(got) is not np.ndarray:
        return f"{what} is {kind_of(got)} (a subclass of numpy's array), not a plain numpy array", []
    val = as_numeric(got)
    if val is None:
        wanted = "a number" if exp.ndim == 0 else "a numpy array"
        return f"{what} is {kind_of(got)}, not {wanted}", []
    if isinstance(expected, np.ndarray) and expected.ndim >= 1 and isinstance(got, list):
        return f"{what} is a list, not a numpy array", [
            "Return a numpy array: build it with numpy operations, or convert with np.array(...)."]
    if val.shape != exp.shape:
        hints = []
        if val.ndim == exp.ndim == 2 and val.shape == exp.shape[::-1]:
            hints.append("The shape is the transpose of the expected one: check which "
                         "operand comes first, or a missing or extra `.T`.")
        elif val.size == exp.size:
            hints.append("Same number of entries, different shape: a missing reshape, "
                         "or a row vector where a column belongs?")
        elif exp.ndim >= 1 and val.ndim == 0:
            hints.append("One number where an array belongs: a sum (np.sum) or a loop that "
                         "keeps only the last value?")
        return f"{what} has shape {val.shape}, expected shape {exp.shape}", hints
    if _isnan(val).any() and not _isnan(exp).any():
        return f"{what} contains NaN (not a number)", [
            "NaN comes from 0/0, inf − inf (e.g. e^x/e^x for a large x) or an undefined operation."]
    if _isinf(val).any() and not _isinf(exp).any():
        return f"{what} contains inf (infinity)", [
            "inf comes from an overflow, e.g. np.exp of a large number, or a division by zero."]
    if _allclose(val, exp, rtol=rtol, atol=atol, equal_nan=True):
        return None, []
    return f"{what} is not the expected value", automatic_hints(val, exp, rtol, atol)


def automatic_hints(val: np.ndarray, exp: np.ndarray, rtol: float, atol: float) -> list[str]:
    def near(a, b):
        return bool(_allclose(a, b, rtol=rtol, atol=atol))

    if near(exp, 0.0):
        return []
    if near(val, -exp):
        return ["The sign is flipped: got ≈ −expected. Check a subtraction's order or a minus sign."]
    if exp.ndim == 2 and exp.shape[0] == exp.shape[1] and not near(exp, exp.T) and near(val, exp.T):
        return ["Got the transpose of the expected matrix: check the order of a product or a `.T`."]
    if near(val, 2 * exp):
        return ["Got twice the expected value: a factor of 2 too many (e.g. dividing by Δ "
                "where 2Δ belongs)."]
    if near(val, exp / 2):
        return ["Got half the expected value: is a factor of 2 missing?"]
    if near(val, 0.0):
        return ["Got zeros: is a step multiplied by zero, or a value overwritten?"]
    return []


# --------------------------------------------------------------------------- one check, start to end

def _validate(name, rtol, atol, mistakes):
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    for label, tol in (("rtol", rtol), ("atol", atol)):
        if not isinstance(tol, (int, float)) or not math.isfinite(tol) or tol < 0:
            raise ValueError(f"{label} must be a finite number >= 0, got {tol!r}")
    if mistakes is not None and not isinstance(mistakes, Mapping):
        raise TypeError(f"mistakes must be a dict {{hint text: wrong answer}}, got {type(mistakes).__name__}")
    return dict(mistakes or {})


def not_written(name: str, message: str) -> Feedback:
    text = (f"Not yet written: `{name}` still raises NotImplementedError. Replace the "
            f"`raise NotImplementedError` line with your code, then run that cell (Shift+Enter) "
            f"before this check.")
    lines = [wrap(text)]
    if message.strip():
        lines.append(hint_line(message.strip()))
    return Feedback("not written", "\n".join(lines))


def wrong(lines: list[str], hints: Sequence[str]) -> Feedback:
    seen = []
    for hint in hints:
        if hint and hint not in seen:
            seen.append(hint)
    return Feedback("wrong", "\n".join([wrap(lines[0]), *lines[1:]] + [hint_line(h) for h in seen]))


def _tampering(name: str, outcome: Outcome) -> Feedback:
    return wrong([f"Wrong: `{name}` replaced {', '.join(outcome.tampered[:3])} while it ran "
                  f"(restored). A check compares results; it cannot be talked into agreeing."], [])


def _signature_problem(answer: Callable, names: Sequence[str], inputs: Sequence[tuple]) -> str | None:
    """Whether ``answer`` accepts every argument tuple the check passes, as the task's signature does."""
    try:
        signature = inspect.signature(answer)
    except (TypeError, ValueError):
        return None
    for args in inputs:
        try:
            signature.bind(*args)
        except TypeError:
            mine = ", ".join(str(p) for p in signature.parameters.values())
            return (f"takes ({mine}), but the task calls it with {len(args)} argument"
                    f"{'s' if len(args) != 1 else ''}: ({', '.join(names[:len(args)])})")
    return None


def check_function(
    answer: Callable,
    reference: Callable,
    inputs: Sequence[tuple],
    *,
    name: str,
    mistakes: Mapping[str, Callable] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    parameters: Sequence[str] | None = None,
    forbidden: Sequence[Forbid] = (),
    no_warnings: NoWarnings | None = None,
    more_hint: str | None = None,
    result_check: Callable[[Any, tuple], str | None] | None = None,
) -> Feedback:
    """Compare ``answer(*args)`` with ``reference(*args)`` for every ``args`` in ``inputs``.

    ``mistakes`` maps a hint to a plausible wrong function: when the answer agrees with
    it on every input, its hint is shown. ``parameters`` names the arguments in messages
    (default: the reference's). The answer must leave its arguments unchanged, call none
    of ``forbidden``, and emit no warning if ``no_warnings`` is given. ``more_hint`` is
    shown after a wrong attempt no specific hint explains. ``result_check(value, args)``
    may return a sentence about a result that is wrong in a way a value comparison misses.
    """
    mistakes = _validate(name, rtol, atol, mistakes)
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    inputs = [args if isinstance(args, tuple) else (args,) for args in inputs]
    if not inputs:
        raise ValueError("inputs must hold at least one argument tuple")
    if not callable(answer):
        return Feedback("wrong", wrap(f"Wrong: `{name}` should be a function, but it is {kind_of(answer)}."))
    names = list(parameters) if parameters is not None else parameter_names(reference)
    extra = [more_hint] if more_hint else []

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        expected_values = [reference(*copy.deepcopy(args)) for args in inputs]

    mismatch = _signature_problem(answer, names, inputs)
    if mismatch:
        return wrong([f"Wrong: `{name}` {mismatch}."], [f"Keep the parameters the exercise gives: "
                                                         f"`{name}({', '.join(names)})`."])
    outcomes = []
    for args in inputs:
        outcome = run(answer, args, names=names, forbidden=forbidden)
        if outcome.not_written is not None:
            return not_written(name, outcome.not_written)
        outcomes.append(outcome)
        if outcome.timed_out:
            break  # one endless loop is enough: the student should not wait for every input
    runs = list(zip(inputs, outcomes))
    # The most basic problem first: a broken rule or a changed argument explains a later error.
    for args, outcome in runs:
        if outcome.tampered:
            return _tampering(name, outcome)
    for args, outcome in runs:
        if outcome.forbidden:
            rule = next(r for r in forbidden if r.label == outcome.forbidden[0][1])
            return wrong([f"Wrong: `{name}` calls {outcome.forbidden[0][0]}, and the task says: "
                          f"{rule.rule}.", *describe_args(args, names)], extra)
    for args, outcome in runs:
        if outcome.mutated:
            which = ", ".join(f"`{m}`" for m in outcome.mutated)
            return wrong([f"Wrong: `{name}` changed its argument {which} in place.",
                          *describe_args(args, names)],
                         ["The caller's array (or list) must be left as it was: compute a new value "
                          "(x = x + 1 or np.where(...)) instead of changing it (x += 1, x[...] = ..., "
                          "list.pop(), list.append() on an argument)."])
    for args, outcome in runs:
        if outcome.error is not None:
            return wrong([f"Wrong: `{name}` {outcome.error}.", *describe_args(args, names)],
                         [outcome.hint] if outcome.hint else extra)
    if no_warnings is not None:
        for args, outcome in runs:
            if outcome.warnings:
                return wrong([f"Wrong: `{name}` emitted a warning ({outcome.warnings[0]}), and the task "
                              f"says: {no_warnings.rule}.", *describe_args(args, names)],
                             ["Overflow warnings come from np.exp of a large number: rewrite the "
                              "formula so that every exponent is ≤ 0, or use lecture_lib's sigmoid."])

    got_values = [o.value for o in outcomes]
    for args, got, expected, outcome in zip(inputs, got_values, expected_values, outcomes):
        description, hints = problem(got, expected, rtol, atol, what=f"the result of `{name}`")
        if description is None and result_check is not None:
            description = result_check(got, args)
        if description is None:
            continue
        shape = "shape" in description
        lines = [f"Wrong: {description}.", *describe_args(args, names),
                 _line("got:", got, shape), _line("expected:", expected, shape)]
        val, exp = as_numeric(got), as_numeric(expected)
        if val is not None and exp is not None and val.shape == exp.shape and (
                format_value(got) == format_value(expected) or val.ndim > 0):
            lines.append(difference(val, exp))
        if outcome.warnings:
            lines.append(f"{_INDENT}(your code also emitted {outcome.warnings[0]})")
        matched = [hint for hint, mistake in mistakes.items()
                   if _agrees_everywhere(mistake, inputs, got_values, rtol, atol)]
        return wrong(lines, matched or hints or extra)

    count = len(inputs)
    return Feedback("correct", wrap(f"Correct: `{name}` gives the expected result for "
                                    f"{'the input' if count == 1 else f'all {count} inputs'} tried."))


def _agrees_everywhere(mistake: Callable, inputs, got_values, rtol, atol) -> bool:
    """True if the mistake gives what the student got, on every input."""
    for args, got in zip(inputs, got_values):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                value = mistake(*copy.deepcopy(args))
        except Exception:
            return False
        if not close(got, value, rtol, atol):
            return False
    return True


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
    mistakes = _validate(name, rtol, atol, mistakes)
    if callable(answer):
        outcome = run(answer, ())
        if outcome.not_written is not None:
            return not_written(name, outcome.not_written)
        if outcome.error is not None:
            return wrong([f"Wrong: `{name}` {outcome.error}."], [outcome.hint] if outcome.hint else [])
        got = outcome.value
    else:
        got = answer
    description, hints = problem(got, expected, rtol, atol, what=f"`{name}`")
    if description is None:
        return Feedback("correct", wrap(f"Correct: `{name}` is {format_value(expected)}."))
    shape = "shape" in description
    lines = [f"Wrong: {description}.", _line("got:", got, shape), _line("expected:", expected, shape)]
    matched = [hint for hint, value in mistakes.items() if close(got, value, rtol, atol)]
    return wrong(lines, matched or hints)


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
    def wrong_sign(*args):
        result = func(*args)
        if isinstance(result, tuple):
            return tuple(-np.asarray(r) for r in result)
        return -np.asarray(result)
    return wrong_sign


def transposed(func: Callable) -> Callable:
    """``func`` with its (matrix) result transposed."""
    def wrong_layout(*args):
        return np.asarray(func(*args)).T
    return wrong_layout


def returned_value(answer: Callable[[], Any], name: str) -> tuple[Any, Feedback | None]:
    """Run an answer that takes no arguments: (its value, None), or (None, the feedback if it failed).

    Test the second item with ``is not None``: a Feedback that is not "Correct" is falsy.
    """
    if not callable(answer):
        return None, Feedback("wrong", wrap(f"Wrong: `{name}` should be a function, but it is {kind_of(answer)}."))
    signature_problem = _signature_problem(answer, [], [()])
    if signature_problem:
        return None, wrong([f"Wrong: `{name}` {signature_problem}."], [f"`{name}()` takes no arguments."])
    outcome = run(answer, ())
    if outcome.not_written is not None:
        return None, not_written(name, outcome.not_written)
    if outcome.tampered:
        return None, _tampering(name, outcome)
    if outcome.error is not None:
        return None, wrong([f"Wrong: `{name}` {outcome.error}."], [outcome.hint] if outcome.hint else [])
    return outcome.value, None
