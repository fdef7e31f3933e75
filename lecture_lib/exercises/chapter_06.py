"""Chapter 6 (A computational graph with two matrix inputs): references, inputs and known mistakes."""
from __future__ import annotations

import numpy as np

from .. import matrix
from ..functions import sigmoid, sigmoid_deriv
from ..matrix import matrix_function_backward_sum_1, matrix_function_backward_sum_2, numerical_gradient
from . import Exercise, Forbid


def _matrix_pairs():
    rng = np.random.default_rng(6)
    return [
        (rng.normal(size=(3, 3)), rng.normal(size=(3, 2))),
        (rng.normal(size=(4, 3)), rng.normal(size=(3, 2))),
        (rng.normal(size=(2, 4)), rng.normal(size=(4, 3))),
        (rng.normal(size=(1, 2)), rng.normal(size=(2, 1))),
    ]


def _squared_sum_grad_X(X, W):
    # Independent of the chain rule: central differences of L = sum(σ(XW)²).
    return numerical_gradient(lambda X_: np.sum(sigmoid(X_ @ W) ** 2), X)


def _dLdN(X, W):
    return sigmoid_deriv(X @ W)


EXERCISES = [
    Exercise(
        number="6.1",
        function="sum_sigmoid_grad_W",
        parameters=("X", "W"),
        reference=lambda X, W: matrix_function_backward_sum_2(X, W, sigmoid),
        inputs=_matrix_pairs,
        forbidden=(Forbid("matrix_function_backward_sum_2", ((matrix, "matrix_function_backward_sum_2"),),
                          "work step by step, without calling matrix_function_backward_sum_2"),),
        mistakes={
            "You computed (dL/dN)ᵀ·X, the transpose of dL/dW: put Xᵀ on the LEFT, Xᵀ·(dL/dN), so the result has "
            "W's shape.": lambda X, W: _dLdN(X, W).T @ X,
            "σ'(N) is missing: between the sum and the matrix product comes the sigmoid, whose slope multiplies "
            "entry by entry.": lambda X, W: X.T @ np.ones_like(X @ W),
            "You used σ(N) where its slope σ'(N) belongs.": lambda X, W: X.T @ sigmoid(X @ W),
            "This is dL/dX, (dL/dN)·Wᵀ; the question asks for dL/dW = Xᵀ·(dL/dN).":
                lambda X, W: matrix_function_backward_sum_1(X, W, sigmoid),
            "σ' is evaluated at S = σ(N); it belongs at N, the value that went into σ.":
                lambda X, W: X.T @ sigmoid_deriv(sigmoid(X @ W)),
        },
        more_hint="N = X @ W; dL/dN = σ'(N) (dL/dS is all ones); dL/dW = Xᵀ @ dL/dN.",
    ),
    Exercise(
        number="6.2",
        function="squared_sum_grad_X",
        parameters=("X", "W"),
        reference=_squared_sum_grad_X,
        inputs=_matrix_pairs,
        atol=1e-8,
        mistakes={
            "This is dL/dX for the plain sum: with L = sum(S²), dL/dS is 2S, not a matrix of ones.":
                lambda X, W: matrix_function_backward_sum_1(X, W, sigmoid),
            "dL/dS = 2S uses S = σ(N), not N itself.":
                lambda X, W: (2 * (X @ W) * sigmoid_deriv(X @ W)) @ W.T,
            "The factor 2 from ∂(s²)/∂s = 2s is missing.":
                lambda X, W: (sigmoid(X @ W) * sigmoid_deriv(X @ W)) @ W.T,
            "The last step multiplies by W, not Wᵀ, or on the wrong side: dL/dX = (dL/dN)·Wᵀ.":
                lambda X, W: W @ (2 * sigmoid(X @ W) * sigmoid_deriv(X @ W)).T,
            "dL/dS is S², the loss itself; its derivative is 2S.":
                lambda X, W: (sigmoid(X @ W) ** 2 * sigmoid_deriv(X @ W)) @ W.T,
        },
        more_hint="dL/dS = 2S, dL/dN = 2S ⊙ σ'(N), dL/dX = (dL/dN) @ Wᵀ.",
    ),
]
