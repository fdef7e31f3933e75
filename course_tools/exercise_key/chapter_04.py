"""Chapter 4 (Functions with multiple inputs): references, inputs (public and hidden), known mistakes."""
from __future__ import annotations

import numpy as np

from lecture_lib.functions import sigmoid, sigmoid_deriv
from lecture_lib.multi_input import multiple_inputs_multiply_backward

from . import ExerciseKey, floats, integers, same_shape_and_sum


def _pairs():
    return [
        (np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -1.0])),
        (np.array(3.0), np.array(1.0)),
        (-0.5, 2.0),
        (np.array([[0.2, -0.4], [1.0, 3.0]]), np.array([[1.0, 0.5], [-2.0, 0.0]])),
        (np.array([-400.0, 400.0, 0.25]), np.array([400.0, -400.0, 0.25])),
        (2, -1),
        (np.array([1, 0, -2]), np.array([3, 1, 1])),
        (np.array([0.5, 1.5]), np.array([1.0, -0.5])),
        (np.array([1.5, 0.5]), np.array([-0.5, 1.0])),
    ]


def _hidden_pairs(rng):
    a1, a2 = same_shape_and_sum(rng, (3,))
    b1, b2 = same_shape_and_sum(rng, (3,))
    return [(floats(rng, ()), floats(rng, ())), (integers(rng, (2, 2)), integers(rng, (2, 2))),
            (integers(rng, ()), floats(rng, ())), (a1, b1), (a2, b2), (floats(rng, (4,)), floats(rng, (4,)))]


def _f(x, y):
    return np.asarray(x, float), np.asarray(y, float)


def _subtract(x, y):
    x, y = _f(x, y)
    s = sigmoid_deriv(x - y)
    return s, -s


def _product(x, y):
    x, y = _f(x, y)
    s = sigmoid_deriv(x * y)
    return s * y, s * x


def _matrix_product(x, y):
    x, y = _f(x, y)
    s = sigmoid_deriv(np.dot(x, y))
    return s * y, s * x


KEYS = [
    ExerciseKey(
        number="4.1",
        reference=_subtract,
        inputs=_pairs,
        hidden=_hidden_pairs,
        mistakes={
            ("∂f/∂y has the wrong sign: y enters x − y with a minus (this returns the same slope twice, as for "
             "x + y).", "Its inner slope is −1."):
                lambda x, y: (_subtract(x, y)[0], _subtract(x, y)[0]),
            ("You used σ(x − y) where its slope belongs.", "σ'(x − y)."):
                lambda x, y: (sigmoid(_f(x, y)[0] - _f(x, y)[1]), -sigmoid(_f(x, y)[0] - _f(x, y)[1])),
            ("σ' must be evaluated at the value that went into σ in the forward pass, not at x + y.", None):
                lambda x, y: (sigmoid_deriv(_f(x, y)[0] + y), -sigmoid_deriv(_f(x, y)[0] + y)),
            ("The pair is the wrong way round (or both signs are flipped): the first value is ∂f/∂x.",
             "x enters x − y with inner slope +1, y with −1."):
                lambda x, y: tuple(reversed(_subtract(x, y))),
            ("The outer slope is missing: the chain rule multiplies it by the inner slopes.", "σ'(x − y)."):
                lambda x, y: (np.ones_like(_f(x, y)[0]), -np.ones_like(_f(x, y)[0])),
            ("The outer slope is evaluated at x (or y) alone: σ' belongs where the forward pass went.",
             "At x − y."):
                lambda x, y: (sigmoid_deriv(_f(x, y)[0]), -sigmoid_deriv(_f(x, y)[1])),
        },
    ),
    ExerciseKey(
        number="4.2",
        reference=lambda x, y: multiple_inputs_multiply_backward(*_f(x, y), sigmoid),
        inputs=lambda: [(np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -3.0])), (np.array(-2.0), np.array(0.75)),
                        (1.5, -0.5), (np.array([[0.1, 2.0], [-1.0, 0.4]]), np.array([[3.0, -0.2], [0.5, 1.0]])),
                        (np.array([-40.0, 30.0, 0.5]), np.array([30.0, 40.0, 0.5])), (-1, 2),
                        (np.array([2, -1]), np.array([1, 3])),
                        (np.array([0.5, 1.5]), np.array([1.0, -0.5])), (np.array([1.5, 0.5]), np.array([-0.5, 1.0]))],
        hidden=_hidden_pairs,
        mistakes={
            ("x and y are swapped: the slope with respect to x is the OTHER input.", "∂(xy)/∂x = y."):
                lambda x, y: tuple(reversed(_product(x, y))),
            ("The outer slope is missing: the chain rule multiplies it by the inner slope.", "σ'(x·y)."):
                lambda x, y: (np.asarray(y, float), np.asarray(x, float)),
            ("σ' is evaluated at the wrong point: it belongs at the value that went into σ.", "At x·y."):
                lambda x, y: (sigmoid_deriv(_f(x, y)[0]) * y, sigmoid_deriv(_f(x, y)[1]) * x),
            ("You used σ(x·y) where its slope belongs.", "σ'(x·y)."):
                lambda x, y: (sigmoid(_f(x, y)[0] * y) * y, sigmoid(_f(x, y)[0] * y) * x),
            ("This is the backward pass of σ(x + y): for a product the inner slopes are not 1.", None):
                lambda x, y: (sigmoid_deriv(_f(x, y)[0] * y),) * 2,
            ("σ' is evaluated at x + y; the forward pass computed x·y.", None):
                lambda x, y: (sigmoid_deriv(_f(x, y)[0] + y) * y, sigmoid_deriv(_f(x, y)[0] + y) * x),
            ("x @ y (np.dot) is a dot or matrix product; the product here is elementwise.", "x * y."):
                _matrix_product,
            ("Each input's inner slope is not itself: when x alone grows a little, by how much does x·y grow?",
             "∂(xy)/∂x = y, the other input."):
                lambda x, y: (sigmoid_deriv(_f(x, y)[0] * y) * x, sigmoid_deriv(_f(x, y)[0] * y) * y),
        },
    ),
]
