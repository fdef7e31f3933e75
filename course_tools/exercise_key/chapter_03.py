"""Chapter 3 (Nested functions and the chain rule): references, inputs (public and hidden), known mistakes."""
from __future__ import annotations

import numpy as np

from lecture_lib.calculus import chain_apply, chain_deriv, chain_forward
from lecture_lib.exercises.values import cube, cube_deriv, one_minus
from lecture_lib.functions import (
    leaky_relu,
    leaky_relu_deriv,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)

from . import ExerciseKey, floats, integers, same_shape_and_sum


def _f(x):
    return np.asarray(x, dtype=float)


# --------------------------------------------------------------------------- 3.1

def _sigmoid_of_square_deriv(x):
    return sigmoid_deriv(square(x)) * square_deriv(x)


KEY_3_1 = ExerciseKey(
    number="3.1",
    reference=_sigmoid_of_square_deriv,
    inputs=lambda: [(np.array([-2.0, -0.5, 0.5, 1.0, 3.0]),), (0.7,), (np.array([[0.0, -1.2], [2.2, 0.4]]),),
                    (np.array([-40.0, 0.0, 40.0]),), (2,), (np.array([-1, 0, 3]),),
                    (np.array([0.9, -0.3, 1.4]),), (np.array([1.4, 0.9, -0.3]),)],
    hidden=lambda rng: [(floats(rng, ()),), (floats(rng, (2, 2)),), (integers(rng, (3,)),), (integers(rng, ()),),
                        *[(x,) for x in same_shape_and_sum(rng, (3,))]],
    mistakes={
        ("sigmoid' is evaluated at x; it must be evaluated at its own input.", "σ'(square(x))."):
            lambda x: sigmoid_deriv(x) * square_deriv(x),
        ("The inner derivative is missing.", "Multiply by square'(x)."):
            lambda x: sigmoid_deriv(square(x)),
        ("This is the derivative of sigmoid(x)², the other order: the chain [square, sigmoid] applies square "
         "first.", None): lambda x: chain_deriv([sigmoid, square], x),
        ("The derivatives are added; the chain rule multiplies them.", None):
            lambda x: sigmoid_deriv(square(x)) + square_deriv(x),
        ("This uses sigmoid where its derivative belongs.", "σ'(u) = σ(u)(1 − σ(u))."):
            lambda x: sigmoid(square(x)) * square_deriv(x),
        ("The inner derivative is x, not 2x: what is d(x²)/dx?", None):
            lambda x: sigmoid_deriv(square(x)) * _f(x),
        ("square' is evaluated at square(x): the inner derivative belongs at x itself.", None):
            lambda x: sigmoid_deriv(square(x)) * square_deriv(square(x)),
        ("This is σ(x²)·(1 − σ(x)²)·2x: σ' at u is σ(u)(1 − σ(u)), the same u in both factors.", None):
            lambda x: sigmoid(square(x)) * (1 - sigmoid(x) ** 2) * square_deriv(x),
    },
)


# --------------------------------------------------------------------------- 3.2

def forward_values(chain, x):
    """[x, f1(x), f2(f1(x)), ...] for a chain of any length, the empty one included."""
    values = [_f(x)]
    for func in chain:
        values.append(func(values[-1]))
    return values


def _shifted(chain, x):
    return [_f(x)] + forward_values(chain[1:], x)[1:]


def _hidden_chains(rng):
    x1, x2 = same_shape_and_sum(rng, (3,))
    return [([], floats(rng, (2,))), ([square], integers(rng, (3,))), ([sigmoid, np.sin], integers(rng, ())),
            ([cube, one_minus], x1), ([cube, one_minus], x2), ([np.cos, square, sigmoid], floats(rng, (2, 2)))]


KEY_3_2 = ExerciseKey(
    number="3.2",
    reference=forward_values,
    inputs=lambda: [([leaky_relu, square, sigmoid], np.array([-1.5, 0.5, 2.0])), ([square, sigmoid], 1.0),
                    ([cube], np.array([[1.0, -2.0]])), ([sigmoid, cube, np.sin, square], np.array([0.3, -0.7])),
                    ([np.exp, one_minus, square, np.cos, sigmoid], np.array([[0.5], [-0.25]])),
                    ([], np.array([2.0, -1.0])), ([square, cube], 2), ([square, one_minus], np.array([1, -2])),
                    ([sigmoid], np.array([0.5, 1.5])), ([sigmoid], np.array([1.5, 0.5]))],
    hidden=_hidden_chains,
    mistakes={
        ("The input x itself must be the first value in the list.", None):
            lambda chain, x: forward_values(chain, x)[1:],
        ("Each function must receive the previous function's output, not x.", None):
            lambda chain, x: [_f(x)] + [f(_f(x)) for f in chain],
        ("The last function's output is missing: the list holds n + 1 values for n functions.", None):
            lambda chain, x: forward_values(chain[:-1], x),
        ("The functions are applied in reverse order; chain[0] comes first.", None):
            lambda chain, x: forward_values(list(reversed(chain)), x),
        ("The list is in reverse order: values[0] is x, the last value is the chain's output.", None):
            lambda chain, x: forward_values(chain, x)[::-1],
        ("The first function is skipped: every function of the chain, chain[0] included, adds a value.", None):
            _shifted,
    },
)


# --------------------------------------------------------------------------- 3.3

def _chain_inputs():
    return [
        ([square, sigmoid], [square_deriv, sigmoid_deriv], np.array([-2.0, 0.5, 1.0])),
        ([leaky_relu, square, sigmoid], [leaky_relu_deriv, square_deriv, sigmoid_deriv],
         np.array([-1.5, 0.5, 2.0])),
        ([square, sigmoid, leaky_relu, sigmoid], [square_deriv, sigmoid_deriv, leaky_relu_deriv, sigmoid_deriv],
         np.array([[-1.0, 0.3], [1.2, 0.0]])),
        ([np.sin, cube], [np.cos, cube_deriv], 0.8),
        ([cube], [cube_deriv], np.array([1.5, -2.0])),
        ([cube, np.sin, square], [cube_deriv, np.cos, square_deriv], np.array([0.9, -1.1, 0.4])),
        ([square, sigmoid], [square_deriv, sigmoid_deriv], 1),
        ([cube, square], [cube_deriv, square_deriv], np.array([1, -1, 2])),
        ([sigmoid, square], [sigmoid_deriv, square_deriv], np.array([0.5, 2.0])),
        ([sigmoid, square], [sigmoid_deriv, square_deriv], np.array([2.0, 0.5])),
    ]


def _hidden_chain_rules(rng):
    x1, x2 = same_shape_and_sum(rng, (3,))
    return [([np.sin], [np.cos], integers(rng, (2,))), ([square, np.sin, sigmoid], [square_deriv, np.cos,
                                                                                    sigmoid_deriv], floats(rng, ())),
            ([cube, sigmoid], [cube_deriv, sigmoid_deriv], x1), ([cube, sigmoid], [cube_deriv, sigmoid_deriv], x2),
            ([leaky_relu, cube], [leaky_relu_deriv, cube_deriv], floats(rng, (2, 2)))]


def _local(chain, derivatives, x):
    """[derivatives[k](values[k]) for each k]: the local derivatives at their inputs."""
    values = chain_forward(chain, x)
    return [d(v) for d, v in zip(derivatives, values[:-1])]


def _product(factors, x):
    result = np.ones_like(_f(x))
    for factor in factors:
        result = result * factor
    return result


KEY_3_3 = ExerciseKey(
    number="3.3",
    reference=lambda chain, derivatives, x: chain_deriv(chain, x, derivatives),
    inputs=_chain_inputs,
    hidden=_hidden_chain_rules,
    mistakes={
        ("Every local derivative is evaluated at x; each belongs at its own function's input.",
         "derivatives[k] at values[k]."): lambda chain, derivatives, x: _product([d(_f(x)) for d in derivatives], x),
        ("Each local derivative is evaluated at its function's output; use its input.",
         "derivatives[k] at values[k], not values[k + 1]."):
            lambda chain, derivatives, x: _product([d(v) for d, v in zip(derivatives, chain_forward(chain, x)[1:])],
                                                   x),
        ("The local derivatives are added; the chain rule multiplies them.", None):
            lambda chain, derivatives, x: np.sum(_local(chain, derivatives, x), axis=0),
        ("The last function's local derivative is left out.", None):
            lambda chain, derivatives, x: _product(_local(chain, derivatives, x)[:-1], x),
        ("The first function's local derivative is left out (a loop that starts at 1, or stops one short?).", None):
            lambda chain, derivatives, x: _product(_local(chain, derivatives, x)[1:], x),
        ("The derivatives are paired with the wrong values (reversed).", "derivatives[k] belongs at values[k]."):
            lambda chain, derivatives, x: _product(
                [d(v) for d, v in zip(reversed(derivatives), chain_forward(chain, x)[:-1])], x),
        ("This ignores `derivatives`: it uses lecture_lib's own derivative of each function. The task gives you "
         "the derivatives to use.", None):
            lambda chain, derivatives, x: chain_deriv(chain, x),
        ("Only the first function's local derivative is left: multiply each factor into the running product "
         "instead of overwriting it.", None):
            lambda chain, derivatives, x: _local(chain, derivatives, x)[0],
        ("Only the last function's local derivative is left: multiply each factor into the running product "
         "instead of overwriting it.", None):
            lambda chain, derivatives, x: _local(chain, derivatives, x)[-1],
        ("This is the value of the chain, not its derivative.", None):
            lambda chain, derivatives, x: chain_apply(chain, x),
    },
)

KEYS = [KEY_3_1, KEY_3_2, KEY_3_3]
