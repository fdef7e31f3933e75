"""Chapter 2 (Derivatives): the exercises' references, inputs and known mistakes."""
from __future__ import annotations

import dataclasses
import inspect

import numpy as np

import lecture_lib

from .. import calculus
from ..calculus import deriv
from ..functions import sigmoid, square
from . import Exercise, Feedback, Forbid, negated
from .engine import wrap


def cube(x):
    """x³: a function whose central difference is not exact (its error is Δ²)."""
    return np.asarray(x, dtype=float) ** 3


def _f(x):
    return np.asarray(x, dtype=float)


def _forward(func, x, delta=0.001):
    x = _f(x)
    return (func(x + delta) - func(x)) / delta


def _backward(func, x, delta=0.001):
    x = _f(x)
    return (func(x) - func(x - delta)) / delta


def _central(func, x, delta=0.001):
    return deriv(func, _f(x), delta)


def _difference_inputs():
    # delta left to its default (0.001) and passed (large, small, and one whose
    # x + Δ − Δ does not give x back, so an answer that moves x in place and back is seen);
    # numbers, 1-D and 2-D arrays; functions whose differences are not exact.
    return [
        (sigmoid, np.array([-2.0, 0.5, 1.0])),
        (square, 2.0),
        (sigmoid, np.array([-1.0, 0.0, 3.0]), 0.1),
        (cube, np.array([[0.5, -1.0], [2.0, 1.5]]), 0.25),
        (np.sin, 1.2, 1e-4),
        (np.exp, np.array([0.7, 0.1, -0.3]), 0.1),
        (cube, np.array([-0.5, 1.0])),
    ]


def _tangent(func, a, x):
    a = _f(a)
    return func(a) + deriv(func, a) * (_f(x) - a)


def _tangent_with(slope):
    def line(func, a, x):
        a = _f(a)
        return func(a) + slope(func, a) * (_f(x) - a)
    return line


def _ignores_delta(difference):
    return lambda func, x, delta=0.001: difference(func, x, 0.001)


def _declared_default(func, parameter):
    """The default the student's ``func`` gives ``parameter`` (``inspect.Parameter.empty`` if none)."""
    try:
        found = inspect.signature(func).parameters.get(parameter)
    except (TypeError, ValueError):
        return inspect.Parameter.empty
    return inspect.Parameter.empty if found is None else found.default


def _keeping_default(exercise, parameter, default):
    """``exercise``, also requiring the signature's default ``parameter=default``.

    Any other default is reported by name (the check's inputs that leave ``delta`` out
    would only show a small difference in value, whatever the default is).
    """
    def judge(func):
        given = _declared_default(func, parameter)
        number = isinstance(given, (int, float)) and not isinstance(given, bool)
        if given is not inspect.Parameter.empty and not (number and given == default):
            return Feedback("wrong", wrap(
                f"Wrong: `{exercise.function}` gives `{parameter}` the default {given!r}, but the "
                f"task's signature is `{exercise.function}({', '.join(exercise.parameters[:-1])}, "
                f"{parameter}={default})`: a caller who leaves {parameter} out must get {default}."))
        return exercise.check(func)
    return dataclasses.replace(exercise, judge=judge)


_OUTPUT_NUDGED = ("This adds Δ to the output, func(x) + delta; the nudge goes into the input: "
                  "func(x + delta).")

_NO_DERIV = Forbid("deriv", ((calculus, "deriv"), (lecture_lib, "deriv")),
                   "write the central difference yourself, without calling lecture_lib's deriv")

EXERCISES = [
    _keeping_default(Exercise(
        number="2.1",
        function="forward_diff",
        parameters=("func", "x", "delta"),
        reference=_forward,
        inputs=_difference_inputs,
        mistakes={
            "This is the central difference (f(x+Δ) − f(x−Δ))/(2Δ); the exercise asks for the forward "
            "one, (f(x+Δ) − f(x))/Δ.": _central,
            "The subtraction is the wrong way round: it is f(x + Δ) − f(x).": negated(_forward),
            "The division by Δ is missing.":
                lambda func, x, delta=0.001: func(_f(x) + delta) - func(_f(x)),
            "This ignores the `delta` argument and always uses 0.001: use the argument.":
                _ignores_delta(_forward),
            "This divides by 0.001 whatever `delta` is: divide by the argument delta.":
                lambda func, x, delta=0.001: (func(_f(x) + delta) - func(_f(x))) / 0.001,
            "This is the backward difference (f(x) − f(x−Δ))/Δ; the forward one looks ahead, at x + Δ.":
                _backward,
            "This evaluates f at x + Δ and x − Δ but divides by Δ: the forward quotient compares "
            "f(x + Δ) with f(x) itself.":
                lambda func, x, delta=0.001: 2 * _central(func, x, delta),
            "Operator precedence: f(x+Δ) − f(x)/Δ divides only f(x). Put the difference in parentheses.":
                lambda func, x, delta=0.001: func(_f(x) + delta) - func(_f(x)) / delta,
            _OUTPUT_NUDGED: lambda func, x, delta=0.001: (func(_f(x)) + delta - func(_f(x))) / delta,
        },
        more_hint="Evaluate func at x + delta and at x, and divide the difference by the delta the "
                  "caller passes.",
    ), "delta", 0.001),
    _keeping_default(Exercise(
        number="2.2",
        function="central_diff",
        parameters=("func", "x", "delta"),
        reference=_central,
        inputs=_difference_inputs,
        forbidden=(_NO_DERIV,),
        mistakes={
            "This is the forward difference (f(x+Δ) − f(x))/Δ: evaluate f on both sides, at x + Δ and x − Δ.":
                _forward,
            "This is the backward difference (f(x) − f(x−Δ))/Δ: evaluate f on both sides, at x + Δ and "
            "x − Δ.": _backward,
            "The sign is flipped: it is f(x + Δ) − f(x − Δ), in that order.": negated(_central),
            "This divides by Δ; the two points x − Δ and x + Δ are 2Δ apart.":
                lambda func, x, delta=0.001: 2 * _central(func, x, delta),
            "Operator precedence: `/ 2 * delta` divides by 2 and then MULTIPLIES by Δ; write / (2 * delta).":
                lambda func, x, delta=0.001: _central(func, x, delta) * delta * delta,
            "This ignores the `delta` argument and always uses 0.001: use the argument.":
                _ignores_delta(_central),
            "This divides by 0.002 whatever `delta` is: divide by 2 * delta.":
                lambda func, x, delta=0.001: _central(func, x, delta) * delta / 0.001,
            "The division is missing: divide the difference by 2Δ.":
                lambda func, x, delta=0.001: 2 * delta * _central(func, x, delta),
            _OUTPUT_NUDGED: lambda func, x, delta=0.001: (
                (func(_f(x)) + delta) - (func(_f(x)) - delta)) / (2 * delta),
        },
        more_hint="Evaluate func at x + delta and at x − delta; those two points are 2·delta apart.",
    ), "delta", 0.001),
    Exercise(
        number="2.3",
        function="tangent_line",
        parameters=("func", "a", "x"),
        reference=_tangent,
        inputs=lambda: [(square, -1.0, np.array([-2.0, -1.0, 0.0, 1.5])),
                        (sigmoid, 1.0, np.array([-1.0, 1.0, 3.0])),
                        (cube, 0.5, 2.0), (np.sin, -0.3, np.array([[0.0, 1.0], [-2.0, 0.5]])),
                        (np.exp, 0.0, np.array([-1.0, 2.0]))],
        uses=("2.1", "2.2"),
        mistakes={
            "The line must pass through (a, f(a)): use (x − a), not x, after the slope.":
                lambda func, a, x: func(_f(a)) + deriv(func, _f(a)) * _f(x),
            "This is f(x) + f'(a)(x − a): the line starts from f(a), the value at the point of contact.":
                lambda func, a, x: func(_f(x)) + deriv(func, _f(a)) * (_f(x) - a),
            "The slope is taken at x; the tangent's slope is f'(a), one number for the whole line.":
                lambda func, a, x: func(_f(a)) + deriv(func, _f(x)) * (_f(x) - a),
            "This is (a − x): the line rises with x − a.":
                lambda func, a, x: func(_f(a)) + deriv(func, _f(a)) * (a - _f(x)),
            "f(a) is missing: the line passes through (a, f(a)), so add f(a).":
                lambda func, a, x: deriv(func, _f(a)) * (_f(x) - a),
            "The slope is f(a), the function's value; the tangent's slope is the derivative f'(a) = "
            "deriv(func, a).":
                _tangent_with(lambda func, a: func(a)),
            "The slope comes from the forward difference; the task asks for the central difference "
            "deriv(func, a), which is far more accurate.":
                _tangent_with(lambda func, a: _forward(func, a)),
            "This is f(a)·f'(a)·(x − a): the line ADDS f(a) to f'(a)·(x − a).":
                lambda func, a, x: func(_f(a)) * deriv(func, _f(a)) * (_f(x) - a),
            "Operator precedence: f(a) + f'(a)·x − a multiplies only x by the slope and then "
            "subtracts a. Put x − a in parentheses.":
                lambda func, a, x: func(_f(a)) + deriv(func, _f(a)) * _f(x) - a,
        },
        more_hint="y = f(a) + f'(a)·(x − a), with f'(a) = deriv(func, a).",
    ),
]
