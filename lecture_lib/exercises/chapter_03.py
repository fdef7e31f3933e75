"""Chapter 3 (Nested functions and the chain rule): references, inputs and known mistakes."""
from __future__ import annotations

import numpy as np

from .. import calculus
from ..calculus import chain_apply, chain_deriv, chain_forward
from ..functions import (
    leaky_relu,
    leaky_relu_deriv,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)
from . import Exercise, Forbid


def cube(x):
    return np.asarray(x, dtype=float) ** 3


def cube_deriv(x):
    return 3 * np.asarray(x, dtype=float) ** 2


def _forward_is_a_list(value, args):
    if not isinstance(value, list):
        return (f"the result of `forward_pass` is {type(value).__name__ if value is not None else 'None'}, "
                f"not a list")
    return None


def _chain_inputs():
    return [
        ([square, sigmoid], [square_deriv, sigmoid_deriv], np.array([-2.0, 0.5, 1.0])),
        ([leaky_relu, square, sigmoid], [leaky_relu_deriv, square_deriv, sigmoid_deriv], np.array([-1.5, 0.5, 2.0])),
        ([square, sigmoid, leaky_relu, sigmoid], [square_deriv, sigmoid_deriv, leaky_relu_deriv, sigmoid_deriv],
         np.array([[-1.0, 0.3], [1.2, 0.0]])),
        ([np.sin, cube], [np.cos, cube_deriv], 0.8),
        ([cube], [cube_deriv], np.array([1.5, -2.0])),
    ]


def _at_inputs(chain, derivatives, x):
    values = chain_forward(chain, x)
    return np.prod([d(v) for d, v in zip(derivatives, values[:-1])], axis=0)


EXERCISES = [
    Exercise(
        number="3.1",
        function="sigmoid_of_square_deriv",
        parameters=("x",),
        reference=lambda x: sigmoid_deriv(square(x)) * square_deriv(x),
        inputs=lambda: [(np.array([-2.0, -0.5, 0.5, 1.0, 3.0]),), (0.7,), (np.array([[0.0, -1.2], [2.2, 0.4]]),)],
        rtol=1e-9,
        forbidden=(Forbid("deriv", ((calculus, "deriv"),),
                          "use the analytic derivatives square_deriv and sigmoid_deriv (no central differences)"),),
        mistakes={
            "sigmoid' is evaluated at x; it must be evaluated at its own input, square(x).":
                lambda x: sigmoid_deriv(x) * square_deriv(x),
            "The inner derivative is missing: multiply by square'(x) = 2x.":
                lambda x: sigmoid_deriv(square(x)),
            "This is the derivative of sigmoid(x)², the other order: the chain [square, sigmoid] is "
            "sigmoid(square(x)).": lambda x: chain_deriv([sigmoid, square], x),
            "The derivatives are added; the chain rule multiplies them.":
                lambda x: sigmoid_deriv(square(x)) + square_deriv(x),
            "This uses sigmoid where its derivative belongs: σ'(u) = σ(u)(1 − σ(u)).":
                lambda x: sigmoid(square(x)) * square_deriv(x),
            "The inner derivative is x, not 2x: d(x²)/dx = 2x.":
                lambda x: sigmoid_deriv(square(x)) * np.asarray(x, float),
        },
        more_hint="d/dx σ(x²) = σ'(x²) · 2x: the outer slope at the inner output, times the inner slope.",
    ),
    Exercise(
        number="3.2",
        function="forward_pass",
        parameters=("chain", "x"),
        reference=chain_forward,
        inputs=lambda: [([leaky_relu, square, sigmoid], np.array([-1.5, 0.5, 2.0])), ([square, sigmoid], 1.0),
                        ([cube], np.array([[1.0, -2.0]])), ([sigmoid, cube, np.sin, square], np.array([0.3, -0.7]))],
        result_check=_forward_is_a_list,
        mistakes={
            "The input x itself must be the first value in the list.":
                lambda chain, x: chain_forward(chain, x)[1:],
            "Each function must receive the previous function's output, not x.":
                lambda chain, x: [np.asarray(x, float)] + [f(np.asarray(x, float)) for f in chain],
            "Only the final output is returned; keep every intermediate value in a list.":
                lambda chain, x: chain_apply(chain, x),
            "The last function's output is missing: the list holds n + 1 values for n functions.":
                lambda chain, x: chain_forward(chain, x)[:-1],
            "The functions are applied in reverse order; chain[0] comes first.":
                lambda chain, x: chain_forward(list(reversed(chain)), x),
        },
        more_hint="values[0] is x and values[k + 1] = chain[k](values[k]).",
    ),
    Exercise(
        number="3.3",
        function="chain_rule",
        parameters=("chain", "derivatives", "x"),
        reference=lambda chain, derivatives, x: chain_deriv(chain, x, derivatives),
        inputs=_chain_inputs,
        uses=("3.2",),
        rtol=1e-9,
        mistakes={
            "Every local derivative is evaluated at x; derivatives[k] belongs at its own function's input, "
            "values[k].": lambda chain, derivatives, x: np.prod([d(np.asarray(x, float)) for d in derivatives], axis=0),
            "Each local derivative is evaluated at its function's output, values[k + 1]; use its input, values[k].":
                lambda chain, derivatives, x: np.prod(
                    [d(v) for d, v in zip(derivatives, chain_forward(chain, x)[1:])], axis=0),
            "The local derivatives are added; the chain rule multiplies them.":
                lambda chain, derivatives, x: np.sum(
                    [d(v) for d, v in zip(derivatives, chain_forward(chain, x)[:-1])], axis=0),
            "The last function's local derivative is left out.":
                lambda chain, derivatives, x: _at_inputs(chain[:-1], derivatives[:-1], x) if len(chain) > 1
                else np.ones_like(np.asarray(x, float)),
            "The derivatives are paired with the wrong values (reversed): derivatives[k] belongs at values[k].":
                lambda chain, derivatives, x: np.prod(
                    [d(v) for d, v in zip(reversed(derivatives), chain_forward(chain, x)[:-1])], axis=0),
        },
        more_hint="values = forward_pass(chain, x); the result is the product of derivatives[k](values[k]).",
    ),
]
