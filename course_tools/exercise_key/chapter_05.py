"""Chapter 5 (Functions with multiple vector inputs): references, inputs (public and hidden), known mistakes.

The references are the analytic gradients; ``tests/test_exercise_key.py`` checks each against
central differences on every input (an independent computation).
"""
from __future__ import annotations

import numpy as np

from lecture_lib.functions import sigmoid, sigmoid_deriv
from lecture_lib.matrix import matmul_backward_second

from . import ExerciseKey, forward_difference_error, integers


def _row_and_column():
    rng = np.random.default_rng(5)
    return [
        (np.array([[0.5, -1.0, 2.0]]), np.array([[0.8], [0.3], [-0.4]])),
        (rng.normal(size=(1, 4)), rng.normal(size=(4, 1))),
        (np.array([[1.5, -0.5]]), np.array([[2.0], [1.0]])),
        (rng.normal(size=(1, 1)), rng.normal(size=(1, 1))),
        (np.array([[3.0, 1.0, -2.0, 0.5, 1.0]]), np.array([[-0.2], [0.7], [0.1], [-1.3], [0.4]])),
        (np.array([[2, -1, 1]]), np.array([[1], [0], [-2]])),
        (np.array([[0.5, 1.0, -1.0]]), np.array([[0.2], [-0.6], [0.9]])),
        (np.array([[1.0, -1.0, 0.5]]), np.array([[-0.6], [0.9], [0.2]])),
    ]


def _hidden_rows(rng):
    found = []
    for n in (2, 3, 3, 6):
        found.append((np.round(rng.normal(size=(1, n)), 3), np.round(rng.normal(size=(n, 1)), 3)))
    found.append((integers(rng, (1, 4)), integers(rng, (4, 1))))
    X, W = found[1]
    found.append((np.roll(X, 1, axis=1), np.roll(W, 1, axis=0)))  # same shapes and sums as the one before
    return found


def neuron_grad(X, W):
    X, W = np.asarray(X, float), np.asarray(W, float)
    return sigmoid_deriv(X @ W) * X.T


def _neuron_of_W(args):
    X, W = args
    return (lambda W_: float(sigmoid(np.asarray(X, float) @ W_).item())), 1


KEYS = [
    ExerciseKey(
        number="5.1",
        reference=lambda X, W: matmul_backward_second(np.asarray(X, float), np.asarray(W, float)),
        inputs=_row_and_column,
        hidden=_hidden_rows,
        mistakes={
            ("You returned the row X: the gradient must have the shape of W, a column.", "Xᵀ."): lambda X, W: X,
            ("You returned the weights: ∂N/∂w_i is the input that w_i multiplies, not w_i itself.", None):
                lambda X, W: W,
            ("You returned Wᵀ, which is ∂N/∂X; the gradient with respect to W holds what each weight "
             "multiplies.", None): lambda X, W: W.T,
            ("You returned N = X·W itself (one number); the gradient holds one slope per weight.", None):
                lambda X, W: X @ W,
            ("X * W is an elementwise (broadcast) product, an n × n table.", "∂N/∂W is simply Xᵀ."):
                lambda X, W: X * W,
            ("You returned a column of ones: ∂N/∂w_i is not 1.", "It is x_i."): lambda X, W: np.ones_like(W),
            ("The sign is flipped: N grows when w_i grows (for a positive x_i).", None):
                lambda X, W: -X.T,
            ("You returned the terms x_i·w_i of the sum; what is the slope of x_i·w_i with respect to w_i?", None):
                lambda X, W: X.T * W,
            ("You returned a column of the sum x₁ + … + xₙ; each weight's slope is its own input.", None):
                lambda X, W: np.full_like(W, np.sum(X)),
        },
    ),
    ExerciseKey(
        number="5.2",
        reference=neuron_grad,
        inputs=_row_and_column,
        hidden=_hidden_rows,
        probe=lambda args: forward_difference_error(*_neuron_of_W(args), args, neuron_grad),
        mistakes={
            ("X * W is an elementwise (broadcast) product, here an n × n table; the weighted sum is a matrix "
             "product.", "X @ W."): lambda X, W: sigmoid_deriv(X * W) * X.T,
            ("The gradient is a row: it must have the shape of W, a column.", None):
                lambda X, W: sigmoid_deriv(X @ W) * X,
            ("σ'(N) is missing: the chain rule multiplies ∂N/∂W by the slope of σ where the forward pass went.",
             None): lambda X, W: X.T,
            ("You used σ(N) where its slope σ'(N) belongs.", None): lambda X, W: sigmoid(X @ W) * X.T,
            ("σ' is evaluated at the weights, not at the value that went into σ.", "N = X·W."):
                lambda X, W: sigmoid_deriv(W) * X.T,
            ("This multiplies by W: ∂N/∂W holds the inputs, not W.", None): lambda X, W: sigmoid_deriv(X @ W) * W,
            ("σ' is evaluated at S = σ(N); it belongs at N, the value that went into σ.", None):
                lambda X, W: sigmoid_deriv(sigmoid(X @ W)) * X.T,
            ("This is ∂S/∂X, the gradient with respect to the inputs; the task asks for the weights.",
             "σ'(N)·Xᵀ."): lambda X, W: sigmoid_deriv(X @ W) * W.T,
            ("σ'(N) is written σ(N)·(1 + σ(N)): check the sign in the sigmoid's slope.", "σ(N)·(1 − σ(N))."):
                lambda X, W: sigmoid(X @ W) * (1 + sigmoid(X @ W)) * X.T,
        },
    ),
]
