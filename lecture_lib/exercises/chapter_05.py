"""Chapter 5 (Functions with multiple vector inputs): references, inputs and known mistakes."""
from __future__ import annotations

import numpy as np

from ..functions import sigmoid, sigmoid_deriv
from ..matrix import matmul_backward_second, matrix_forward_extra, numerical_gradient
from . import Exercise


def _row_and_column():
    rng = np.random.default_rng(5)
    return [
        (np.array([[0.5, -1.0, 2.0]]), np.array([[0.8], [0.3], [-0.4]])),
        (rng.normal(size=(1, 4)), rng.normal(size=(4, 1))),
        (np.array([[1.5, -0.5]]), np.array([[2.0], [1.0]])),
        (rng.normal(size=(1, 1)), rng.normal(size=(1, 1))),
    ]


def _neuron_grad(X, W):
    # Independent of the chain rule: nudge each weight both ways (central differences).
    return numerical_gradient(lambda W_: matrix_forward_extra(X, W_, sigmoid).item(), W)


EXERCISES = [
    Exercise(
        number="5.1",
        function="weighted_sum_grad_W",
        parameters=("X", "W"),
        reference=matmul_backward_second,
        inputs=_row_and_column,
        mistakes={
            "You returned the row X: the gradient must have the shape of W, a column, so it is Xᵀ.":
                lambda X, W: X,
            "You returned the weights: ∂N/∂w_i is the input x_i that w_i multiplies, not w_i itself.":
                lambda X, W: W,
            "You returned Wᵀ, which is ∂N/∂X; the gradient with respect to W holds the inputs, Xᵀ.":
                lambda X, W: W.T,
            "You returned N = X·W itself (one number); the gradient holds one slope per weight.":
                lambda X, W: X @ W,
            "X * W is an elementwise (broadcast) product, an n × n table; ∂N/∂W is simply Xᵀ.":
                lambda X, W: X * W,
            "You returned a column of ones: ∂N/∂w_i is x_i, not 1.": lambda X, W: np.ones_like(W),
        },
        more_hint="∂N/∂w_i = x_i, arranged like W (a column): Xᵀ.",
    ),
    Exercise(
        number="5.2",
        function="neuron_grad_W",
        parameters=("X", "W"),
        reference=_neuron_grad,
        inputs=_row_and_column,
        uses=("5.1",),
        atol=1e-8,
        mistakes={
            "X * W is an elementwise (broadcast) product, here an n × n table; the weighted sum is the matrix "
            "product X @ W.": lambda X, W: sigmoid_deriv(X * W) * X.T,
            "The gradient is a row: it must have the shape of W, a column (use X.T, not X).":
                lambda X, W: sigmoid_deriv(X @ W) * X,
            "σ'(N) is missing: the chain rule multiplies ∂N/∂W = Xᵀ by the slope of σ at N.":
                lambda X, W: X.T,
            "You used σ(N) where its slope σ'(N) belongs.": lambda X, W: sigmoid(X @ W) * X.T,
            "σ' is evaluated at the weights, not at N = X·W, the value that went into σ.":
                lambda X, W: sigmoid_deriv(W) * X.T,
            "This multiplies by W: ∂N/∂W is Xᵀ (the inputs), not W.": lambda X, W: sigmoid_deriv(X @ W) * W,
        },
        more_hint="N = X @ W, then σ'(N) times Xᵀ (the answer to 5.1).",
    ),
]
