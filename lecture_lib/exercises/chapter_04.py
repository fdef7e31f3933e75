"""Chapter 4 (Functions with multiple inputs): references, inputs and known mistakes."""
from __future__ import annotations

import numpy as np

from .. import multi_input
from ..functions import sigmoid, sigmoid_deriv
from ..multi_input import multiple_inputs_multiply_backward
from . import Exercise, Forbid


def _pairs():
    return [
        (np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -1.0])),
        (np.array(3.0), np.array(1.0)),
        (-0.5, 2.0),
        (np.array([[0.2, -0.4], [1.0, 3.0]]), np.array([[1.0, 0.5], [-2.0, 0.0]])),
    ]


def _subtract(x, y):
    s = sigmoid_deriv(np.asarray(x, float) - np.asarray(y, float))
    return s, -s


def _product(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    s = sigmoid_deriv(x * y)
    return s * y, s * x


EXERCISES = [
    Exercise(
        number="4.1",
        function="subtract_backward",
        parameters=("x", "y"),
        reference=_subtract,
        inputs=_pairs,
        mistakes={
            "∂f/∂y has the wrong sign: y enters x − y with a minus, so ∂(x − y)/∂y = −1, and ∂f/∂y = −σ'(x − y).":
                lambda x, y: (_subtract(x, y)[0], _subtract(x, y)[0]),
            "You used σ(x − y) where its slope σ'(x − y) belongs.":
                lambda x, y: (sigmoid(np.asarray(x, float) - y), -sigmoid(np.asarray(x, float) - y)),
            "σ' must be evaluated at x − y, the value that went into σ in the forward pass, not at x + y.":
                lambda x, y: (sigmoid_deriv(np.asarray(x, float) + y), -sigmoid_deriv(np.asarray(x, float) + y)),
            "The two partial derivatives are swapped: the first is ∂f/∂x = σ'(x − y).":
                lambda x, y: tuple(reversed(_subtract(x, y))),
            "The outer slope σ'(x − y) is missing: the chain rule multiplies it by the inner slopes 1 and −1.":
                lambda x, y: (np.ones_like(np.asarray(x, float)), -np.ones_like(np.asarray(x, float))),
            "Both signs are flipped: ∂f/∂x = +σ'(x − y).": lambda x, y: (-_subtract(x, y)[0], _subtract(x, y)[0]),
        },
        more_hint="∂f/∂x = σ'(x − y)·1 and ∂f/∂y = σ'(x − y)·(−1).",
    ),
    Exercise(
        number="4.2",
        function="product_backward",
        parameters=("x", "y"),
        reference=lambda x, y: multiple_inputs_multiply_backward(np.asarray(x, float), np.asarray(y, float), sigmoid),
        inputs=lambda: [(np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -3.0])), (np.array(-2.0), np.array(0.75)),
                        (1.5, -0.5), (np.array([[0.1, 2.0], [-1.0, 0.4]]), np.array([[3.0, -0.2], [0.5, 1.0]]))],
        forbidden=(Forbid("multiple_inputs_multiply_backward",
                          ((multi_input, "multiple_inputs_multiply_backward"),),
                          "use only sigmoid_deriv and arithmetic, not multiple_inputs_multiply_backward"),),
        mistakes={
            "x and y are swapped: the slope with respect to x is the OTHER input, y (∂(xy)/∂x = y), so "
            "∂f/∂x = σ'(xy)·y and ∂f/∂y = σ'(xy)·x.":
                lambda x, y: tuple(reversed(_product(x, y))),
            "The outer slope σ'(x·y) is missing: the chain rule multiplies it by the inner slope.":
                lambda x, y: (np.asarray(y, float), np.asarray(x, float)),
            "σ' is evaluated at the wrong point: it belongs at x·y, the value that went into σ.":
                lambda x, y: (sigmoid_deriv(np.asarray(x, float)) * y, sigmoid_deriv(np.asarray(y, float)) * x),
            "You used σ(x·y) where its slope σ'(x·y) belongs.":
                lambda x, y: (sigmoid(np.asarray(x, float) * y) * y, sigmoid(np.asarray(x, float) * y) * x),
            "This is the backward pass of σ(x + y): for a product the inner slopes are y and x, not 1.":
                lambda x, y: (sigmoid_deriv(np.asarray(x, float) * y),) * 2,
            "σ' is evaluated at x + y; the forward pass computed x·y.":
                lambda x, y: (sigmoid_deriv(np.asarray(x, float) + y) * y, sigmoid_deriv(np.asarray(x, float) + y) * x),
        },
        more_hint="∂f/∂x = σ'(x·y)·y and ∂f/∂y = σ'(x·y)·x.",
    ),
]
