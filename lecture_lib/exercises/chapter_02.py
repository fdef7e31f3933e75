"""Chapter 2 (Derivatives): the exercises' references, inputs and known mistakes."""
from __future__ import annotations

import numpy as np

from .. import calculus
from ..calculus import deriv
from ..functions import sigmoid, square
from . import Exercise, Forbid, forward_difference, negated


def cube(x):
    """x³: a function whose central difference is not exact (its error is Δ²)."""
    return np.asarray(x, dtype=float) ** 3


def _forward(func, x, delta=0.001):
    x = np.asarray(x, dtype=float)
    return (func(x + delta) - func(x)) / delta


def _central(func, x, delta=0.001):
    return deriv(func, np.asarray(x, dtype=float), delta)


def _difference_inputs():
    return [
        (sigmoid, np.array([-2.0, 0.5, 1.0])),
        (square, 2.0),
        (sigmoid, np.array([-1.0, 0.0, 3.0]), 0.1),
        (cube, np.array([[0.5, -1.0], [2.0, 1.5]]), 0.25),
        (np.sin, 1.2, 1e-4),
    ]


def _tangent(func, a, x):
    a = np.asarray(a, dtype=float)
    return func(a) + deriv(func, a) * (np.asarray(x, dtype=float) - a)


def _ignores_delta(difference):
    return lambda func, x, delta=0.001: difference(func, x)


EXERCISES = [
    Exercise(
        number="2.1",
        function="forward_diff",
        parameters=("func", "x", "delta"),
        reference=_forward,
        inputs=_difference_inputs,
        mistakes={
            "This is the central difference (f(x+Δ) − f(x−Δ))/(2Δ); the exercise asks for the forward "
            "one, (f(x+Δ) − f(x))/Δ.": lambda func, x, delta=0.001: _central(func, x, delta),
            "The subtraction is the wrong way round: it is f(x + Δ) − f(x).": negated(_forward),
            "The division by Δ is missing.":
                lambda func, x, delta=0.001: func(np.asarray(x, float) + delta) - func(np.asarray(x, float)),
            "This ignores the `delta` argument and always uses 0.001: use the argument.":
                _ignores_delta(lambda func, x: _forward(func, x)),
            "This is the backward difference (f(x) − f(x−Δ))/Δ; the forward one looks ahead, at x + Δ.":
                lambda func, x, delta=0.001: (func(np.asarray(x, float)) - func(np.asarray(x, float) - delta)) / delta,
            "Operator precedence: f(x+Δ) − f(x)/Δ divides only f(x). Put the difference in parentheses.":
                lambda func, x, delta=0.001: func(np.asarray(x, float) + delta) - func(np.asarray(x, float)) / delta,
        },
        more_hint="(func(x + delta) − func(x)) / delta, with the delta the caller passes.",
    ),
    Exercise(
        number="2.2",
        function="central_diff",
        parameters=("func", "x", "delta"),
        reference=_central,
        inputs=_difference_inputs,
        forbidden=(Forbid("deriv", ((calculus, "deriv"),), "write the central difference yourself, "
                                                           "without calling lecture_lib's deriv"),),
        mistakes={
            "This is the forward difference (f(x+Δ) − f(x))/Δ: evaluate f on both sides, at x + Δ and x − Δ.":
                lambda func, x, delta=0.001: _forward(func, x, delta),
            "The sign is flipped: it is f(x + Δ) − f(x − Δ), in that order.": negated(_central),
            "This divides by Δ; the two points x − Δ and x + Δ are 2Δ apart.":
                lambda func, x, delta=0.001: 2 * _central(func, x, delta),
            "Operator precedence: `/ 2 * delta` divides by 2 and then MULTIPLIES by Δ; write / (2 * delta).":
                lambda func, x, delta=0.001: _central(func, x, delta) * 2 * delta * delta / 2,
            "This ignores the `delta` argument and always uses 0.001: use the argument.":
                _ignores_delta(lambda func, x: _central(func, x)),
            "The division is missing: divide the difference by 2Δ.":
                lambda func, x, delta=0.001: 2 * delta * _central(func, x, delta),
        },
        more_hint="(func(x + delta) − func(x − delta)) / (2 · delta).",
    ),
    Exercise(
        number="2.3",
        function="tangent_line",
        parameters=("func", "a", "x"),
        reference=_tangent,
        inputs=lambda: [(square, -1.0, np.array([-2.0, -1.0, 0.0, 1.5])), (sigmoid, 1.0, np.array([-1.0, 1.0, 3.0])),
                        (cube, 0.5, 2.0), (np.sin, -0.3, np.array([[0.0, 1.0], [-2.0, 0.5]]))],
        mistakes={
            "The line must pass through (a, f(a)): use (x − a), not x, after the slope.":
                lambda func, a, x: func(np.asarray(a, float)) + deriv(func, np.asarray(a, float)) * np.asarray(x, float),
            "This is f(x) + f'(a)(x − a): the line starts from f(a), the value at the point of contact.":
                lambda func, a, x: func(np.asarray(x, float)) + deriv(func, np.asarray(a, float)) * (np.asarray(x, float) - a),
            "The slope is taken at x; the tangent's slope is f'(a), one number for the whole line.":
                lambda func, a, x: func(np.asarray(a, float)) + deriv(func, np.asarray(x, float)) * (np.asarray(x, float) - a),
            "This is (a − x): the line rises with x − a.":
                lambda func, a, x: func(np.asarray(a, float)) + deriv(func, np.asarray(a, float)) * (a - np.asarray(x, float)),
            "f(a) is missing: the line passes through (a, f(a)), so add f(a).":
                lambda func, a, x: deriv(func, np.asarray(a, float)) * (np.asarray(x, float) - a),
        },
        more_hint="y = f(a) + f'(a)·(x − a), with f'(a) = deriv(func, a).",
    ),
]
