"""The judge's vocabulary: findings, their text, and how values are compared and described.

A check runs in two phases (see :mod:`lecture_lib.exercises`): :mod:`~lecture_lib.exercises.running`
calls the student's function and records plain outcomes; :mod:`~lecture_lib.exercises.judging`
compares them with the expected values and the known mistakes' values and returns a
:class:`Finding`: data (status, headline, details, hints, notes, the outcomes observed) that is
rendered to text in one place, :meth:`Finding.render`. Its text starts with

    Correct: ...          the answer matches the expected values on every input tried
    Not yet written: ...  the function still raises NotImplementedError
    Wrong: ...            what is wrong, on which input, by how much, and a hint

Hints come in two steps (:class:`Hint`): the first wrong attempt at an exercise gets ``text``,
which names the mistake and points the way; a second, different wrong attempt also gets
``more``, the formula-level help.

:func:`check_function` and :func:`check_value` are general tools for a reference *you* pass
(tests, new exercises); the course's exercises keep their references on the instructor's side
(``course_tools.exercise_key``) and ship only expected values (``lecture_lib/exercises/key/``).
"""
from __future__ import annotations

import inspect
import math
import textwrap
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .values import Opaque

#: Hints are wrapped to this many characters, so they read without scrolling.
WIDTH = 80

# Bound once at import: a student's code that replaces ``np.allclose`` (or the like) cannot
# change how this module compares.
_allclose = np.allclose
_asarray = np.asarray
_isnan = np.isnan
_isinf = np.isinf
_array_equal = np.array_equal

STATUS_WORDS = {"correct": "Correct", "not written": "Not yet written", "wrong": "Wrong"}


@dataclass(frozen=True)
class Hint:
    """A hint in two steps: ``text`` names the mistake and points the way; ``more`` gives the formula."""

    text: str
    more: str | None = None

    def at(self, level: int) -> str:
        return " ".join(part for part in (self.text, self.more) if part) if level >= 2 else self.text


def as_hint(hint) -> Hint | None:
    """A :class:`Hint` from a Hint, a text, or a (text, more) pair; None for nothing."""
    if hint is None or isinstance(hint, Hint):
        return hint
    if isinstance(hint, str):
        return Hint(hint) if hint else None
    text, more = hint
    return Hint(text, more)


@dataclass
class Finding:
    """The result of a check, as data; :meth:`render` turns it into the text a student reads.

    ``status`` is "correct", "not written" or "wrong"; ``headline`` the first sentence (after the
    status word); ``details`` pre-formatted lines (input, got, expected, where they differ);
    ``hints`` and ``notes`` what to do; ``rule`` which rule of the judge decided; ``mistake`` the
    known mistake recognised (its hint's text), if any; ``outcomes`` the run records observed.
    ``more`` is formula-level help shown only from the second step on, for a finding whose hints
    have no second step of their own. ``level`` is the hint step shown by default (1: first
    attempt, 2: later ones).
    """

    status: str
    headline: str
    details: list[str] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rule: str = ""
    mistake: str | None = None
    outcomes: list = field(default_factory=list)
    more: str | None = None
    level: int = 2

    def render(self, level: int | None = None) -> str:
        level = self.level if level is None else level
        lines = [wrap(f"{STATUS_WORDS[self.status]}: {self.headline}"), *self.details]
        seen: list[str] = []
        for hint in self.hints:
            text = hint.at(level)
            if text and text not in seen:
                seen.append(text)
        if level >= 2 and self.more and self.more not in seen:
            seen.append(self.more)
        lines += [hint_line(text) for text in seen]
        lines += [wrap(f"Note: {note}") for note in self.notes]
        return "\n".join(lines)

    @property
    def message(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return self.render()

    __str__ = __repr__

    def __bool__(self) -> bool:
        return self.status == "correct"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["message"] = self.render()
        return data


#: The name chapters and tests have used for a check's result.
Feedback = Finding


def correct(headline: str, **fields) -> Finding:
    return Finding("correct", headline, **fields)


def wrong(headline: str, details: Sequence[str] = (), hints: Sequence = (), **fields) -> Finding:
    return Finding("wrong", headline, list(details), [h for h in map(as_hint, hints) if h], **fields)


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
    if isinstance(value, Opaque):
        return value.callable_name or value.text or value.kind
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
    if isinstance(value, Opaque):
        return value.kind
    if isinstance(value, np.generic):
        return f"a numpy {type(value).__name__}"
    return names.get(type(value), f"a {type(value).__name__}")


def value_line(label: str, value: Any, shape: bool = False) -> str:
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


def explain_error(kind: str, text: str) -> str | None:
    """What a common Python/numpy error (its type name and message) usually means in a beginner's code."""
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
    if kind == "NameError":
        return (f"{text}: a typo, a name from another notebook, or a cell above that has not been run "
                f"yet (run the notebook from the top).")
    if kind == "ZeroDivisionError":
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

