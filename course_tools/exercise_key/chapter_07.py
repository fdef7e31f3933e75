"""Chapter 7 (XOR): references, inputs (public and hidden) and known mistakes.

7.1 and 7.3 return weights, judged by what they compute (``lecture_lib.exercises.chapter_07``):
many weights are right, so no expected value is shipped. Their reference weights are here, for
the tests.
"""
from __future__ import annotations

import numpy as np

from lecture_lib import xor

from . import ExerciseKey, floats, integers, same_shape_and_sum


def reference_nor():
    return np.array([-20.0, -20.0]), 10.0


def reference_xnor():
    return {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([[-30.0, 10.0]]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}


def descent_step(param, grad, learning_rate):
    return np.asarray(param, dtype=float) - learning_rate * np.asarray(grad, dtype=float)


def _descent_inputs():
    params = xor.init_params(xor.CHAPTER_SEED)
    grads = xor.backward(params, xor.XOR_INPUTS, xor.XOR_TARGETS)
    return [
        (params["W1"], grads["W1"], xor.CHAPTER_LEARNING_RATE),
        (np.array([[0.5], [-1.5]]), np.array([[0.2], [-0.4]]), 0.1),
        (np.array([[3.0]]), np.array([[-2.0]]), 0.25),
        (params["b1"], grads["b1"], 0.5),
        (np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.0, -1.0]), 0.05),
        (np.array([[2, -1], [0, 3]]), np.array([[1, 1], [-2, 0]]), 1),
        (np.array([0.5, -0.5]), np.array([0.25, 0.75]), 0.5),
        (np.array([-0.5, 0.5]), np.array([0.75, 0.25]), 0.5),
    ]


def _hidden_descent(rng):
    p1, p2 = same_shape_and_sum(rng, (2, 2))
    g = floats(rng, (2, 2))
    return [(floats(rng, (3,)), floats(rng, (3,)), 0.3), (integers(rng, (2, 1)), integers(rng, (2, 1)), 2),
            (p1, g, 0.1), (p2, g, 0.1), (floats(rng, (1, 2)), floats(rng, (1, 2)), 1.5)]


KEYS = [
    ExerciseKey(number="7.1", reference=None, inputs=lambda: [()]),
    ExerciseKey(
        number="7.2",
        reference=descent_step,
        inputs=_descent_inputs,
        hidden=_hidden_descent,
        mistakes={
            ("You added the gradient: that climbs the loss. Gradient descent goes the other way.",
             "It SUBTRACTS learning_rate × gradient."):
                lambda param, grad, learning_rate: param + learning_rate * grad,
            ("The learning rate is missing: the step is scaled.", "Subtract learning_rate × gradient."):
                lambda param, grad, learning_rate: param - grad,
            ("You returned only the change; add it to the parameter.", None):
                lambda param, grad, learning_rate: -learning_rate * grad,
            ("The learning rate divides the gradient; it scales it by multiplying.", None):
                lambda param, grad, learning_rate: param - grad / learning_rate,
            ("You applied the step to the gradient: the update starts from the parameter.", "θ − η·∂L/∂θ."):
                lambda param, grad, learning_rate: grad - learning_rate * grad,
            ("The learning rate multiplies the parameter too: only the gradient is scaled.", "θ − η·∂L/∂θ."):
                lambda param, grad, learning_rate: learning_rate * (param - grad),
            ("This uses the chapter's learning rate 2 whatever `learning_rate` is: use the argument.", None):
                lambda param, grad, learning_rate: param - xor.CHAPTER_LEARNING_RATE * grad,
            ("The gradient already has the parameter's shape: do not transpose it.", None):
                lambda param, grad, learning_rate: param - learning_rate * np.asarray(grad).T,
            ("This is the update with its sign flipped.", "It is θ − η·∂L/∂θ."):
                lambda param, grad, learning_rate: learning_rate * grad - param,
        },
    ),
    ExerciseKey(number="7.3", reference=None, inputs=lambda: [()]),
]
