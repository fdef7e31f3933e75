"""Chapter 2 (Derivatives): the exercises' references, inputs (public and hidden) and known mistakes."""
from __future__ import annotations

import numpy as np

from lecture_lib.calculus import deriv
from lecture_lib.exercises.values import INPUT_FUNCTIONS, cube
from lecture_lib.functions import sigmoid, square

from . import ExerciseKey, floats, integers, same_shape_and_sum


def _f(x):
    return np.asarray(x, dtype=float)


def forward(func, x, delta=0.001):
    """(f(x + Δ) − f(x)) / Δ: exercise 2.1's answer, and a mistake elsewhere."""
    x = _f(x)
    return (func(x + delta) - func(x)) / delta


def backward(func, x, delta=0.001):
    x = _f(x)
    return (func(x) - func(x - delta)) / delta


def central(func, x, delta=0.001):
    return deriv(func, _f(x), delta)


def negated(func):
    """``func`` with its result's sign flipped (every array in a returned tuple)."""
    def wrong_sign(*args):
        result = func(*args)
        if isinstance(result, tuple):
            return tuple(-np.asarray(r) for r in result)
        return -np.asarray(result)
    return wrong_sign


def _difference_inputs():
    # delta left to its default (0.001) and passed (large, small, and one whose
    # x + Δ − Δ does not give x back, so an answer that moves x in place and back is seen);
    # numbers, integers, 1-D and 2-D arrays; functions whose differences are not exact;
    # two arrays of one shape and one sum.
    return [
        (sigmoid, np.array([-2.0, 0.5, 1.0])),
        (square, 2.0),
        (sigmoid, np.array([-1.0, 0.0, 3.0]), 0.1),
        (cube, np.array([[0.5, -1.0], [2.0, 1.5]]), 0.25),
        (np.sin, 1.2, 1e-4),
        (np.exp, np.array([0.7, 0.1, -0.3]), 0.1),
        (cube, np.array([-0.5, 1.0])),
        (square, 3),
        (cube, np.array([1, -2, 0]), 0.5),
        (cube, np.array([1.0, -0.5])),
    ]


def _hidden_differences(rng):
    functions = [INPUT_FUNCTIONS[name] for name in ("sigmoid", "cube", "np.sin", "np.exp", "square")]
    pairs = [floats(rng, (3,)), floats(rng, ()), integers(rng, ()), integers(rng, (2, 2)),
             *same_shape_and_sum(rng, (2, 3))]
    found = []
    for k, x in enumerate(pairs):
        func = functions[k % len(functions)]
        found.append((func, x) if k % 2 else (func, x, float(rng.choice([0.5, 0.05, 2e-3]))))
    return found


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


_OUTPUT_NUDGED = ("This adds Δ to the output, func(x) + delta; the nudge goes into the input.",
                  "func(x + delta).")

KEYS = [
    ExerciseKey(
        number="2.1",
        reference=forward,
        inputs=_difference_inputs,
        hidden=_hidden_differences,
        mistakes={
            ("This is the central difference, which looks on both sides of x; the exercise asks for the "
             "forward one.", "(f(x+Δ) − f(x))/Δ."): central,
            ("The subtraction is the wrong way round.", "It is f(x + Δ) − f(x)."): negated(forward),
            ("The division by Δ is missing.", None):
                lambda func, x, delta=0.001: func(_f(x) + delta) - func(_f(x)),
            ("This ignores the `delta` argument and always uses 0.001: use the argument.", None):
                _ignores_delta(forward),
            ("This divides by 0.001 whatever `delta` is: divide by the argument.", None):
                lambda func, x, delta=0.001: (func(_f(x) + delta) - func(_f(x))) / 0.001,
            ("This is the backward difference (it looks behind x); the forward one looks ahead, at x + Δ.",
             None): backward,
            ("This evaluates f at x + Δ and x − Δ but divides by Δ: the forward quotient compares "
             "f(x + Δ) with f(x) itself.", None):
                lambda func, x, delta=0.001: 2 * central(func, x, delta),
            ("Operator precedence: f(x+Δ) − f(x)/Δ divides only f(x). Put the difference in parentheses.",
             None):
                lambda func, x, delta=0.001: func(_f(x) + delta) - func(_f(x)) / delta,
            _OUTPUT_NUDGED: lambda func, x, delta=0.001: (func(_f(x)) + delta - func(_f(x))) / delta,
        },
    ),
    ExerciseKey(
        number="2.2",
        reference=central,
        inputs=_difference_inputs,
        hidden=_hidden_differences,
        mistakes={
            ("This is the forward difference (it looks only ahead of x): evaluate f on both sides.",
             "At x + Δ and x − Δ."): forward,
            ("This is the backward difference (it looks only behind x): evaluate f on both sides.",
             "At x + Δ and x − Δ."): backward,
            ("The sign is flipped: check the order of the subtraction.", "It is f(x + Δ) − f(x − Δ)."):
                negated(central),
            ("This divides by Δ; how far apart are the two points you evaluate?", "x − Δ and x + Δ are 2Δ apart."):
                lambda func, x, delta=0.001: 2 * central(func, x, delta),
            ("Operator precedence: `/ 2 * delta` divides by 2 and then MULTIPLIES by Δ.", "Write / (2 * delta)."):
                lambda func, x, delta=0.001: central(func, x, delta) * delta * delta,
            ("This ignores the `delta` argument and always uses 0.001: use the argument.", None):
                _ignores_delta(central),
            ("This divides by 0.002 whatever `delta` is: divide by a multiple of the argument.", "2 * delta."):
                lambda func, x, delta=0.001: central(func, x, delta) * delta / 0.001,
            ("The division is missing.", "Divide the difference by 2Δ."):
                lambda func, x, delta=0.001: 2 * delta * central(func, x, delta),
            _OUTPUT_NUDGED: lambda func, x, delta=0.001: (
                (func(_f(x)) + delta) - (func(_f(x)) - delta)) / (2 * delta),
        },
    ),
    ExerciseKey(
        number="2.3",
        reference=_tangent,
        inputs=lambda: [(square, -1.0, np.array([-2.0, -1.0, 0.0, 1.5])),
                        (sigmoid, 1.0, np.array([-1.0, 1.0, 3.0])),
                        (cube, 0.5, 2.0), (np.sin, -0.3, np.array([[0.0, 1.0], [-2.0, 0.5]])),
                        (np.exp, 0.0, np.array([-1.0, 2.0])), (square, 2, np.array([0, 1, 3])),
                        (cube, 1.0, np.array([0.5, 2.5])), (cube, 1.0, np.array([2.5, 0.5]))],
        hidden=lambda rng: [(cube, floats(rng, ()), floats(rng, (3,))), (sigmoid, integers(rng, ()),
                                                                           integers(rng, (2, 2))),
                            *[(np.sin, 0.5, x) for x in same_shape_and_sum(rng, (4,))]],
        mistakes={
            ("The line must pass through (a, f(a)): measure the distance from a.", "Use (x − a), not x, after "
                                                                                   "the slope."):
                lambda func, a, x: func(_f(a)) + deriv(func, _f(a)) * _f(x),
            ("This starts from f(x): the line starts from the value at the point of contact.", "f(a)."):
                lambda func, a, x: func(_f(x)) + deriv(func, _f(a)) * (_f(x) - a),
            ("The slope is taken at x; the tangent's slope is one number for the whole line.", "f'(a)."):
                lambda func, a, x: func(_f(a)) + deriv(func, _f(x)) * (_f(x) - a),
            ("This is (a − x): the line rises with x − a.", None):
                lambda func, a, x: func(_f(a)) + deriv(func, _f(a)) * (a - _f(x)),
            ("f(a) is missing: the line passes through (a, f(a)).", "Add f(a)."):
                lambda func, a, x: deriv(func, _f(a)) * (_f(x) - a),
            ("The slope is f(a), the function's value; the tangent's slope is the derivative.",
             "f'(a) = deriv(func, a)."):
                _tangent_with(lambda func, a: func(a)),
            ("The slope comes from the forward difference; the task asks for the central difference, which "
             "is far more accurate.", "deriv(func, a)."):
                _tangent_with(lambda func, a: forward(func, a)),
            ("This is f(a)·f'(a)·(x − a): the line ADDS f(a) to the slope term.", None):
                lambda func, a, x: func(_f(a)) * deriv(func, _f(a)) * (_f(x) - a),
            ("Operator precedence: f(a) + f'(a)·x − a multiplies only x by the slope and then "
             "subtracts a. Put x − a in parentheses.", None):
                lambda func, a, x: func(_f(a)) + deriv(func, _f(a)) * _f(x) - a,
        },
    ),
]
