"""Chapter 6 (A computational graph with two matrix inputs): references, inputs and known mistakes."""
from __future__ import annotations

import numpy as np

import lecture_lib

from .. import matrix
from ..functions import sigmoid, sigmoid_deriv
from ..matrix import matrix_function_backward_sum_1, matrix_function_backward_sum_2, numerical_gradient
from . import Exercise, Forbid
from .chapter_05 import NUMERICAL, judged

BACKWARD = Forbid(
    "lecture_lib's backward functions",
    tuple((module, name) for module in (matrix, lecture_lib)
          for name in ("matrix_function_backward_sum_1", "matrix_function_backward_sum_2",
                       "matrix_function_backward_sum_dLdN")),
    "work step by step, without calling lecture_lib's matrix_function_backward_sum_1/_2 "
    "(the check compares with them)")


def _matrix_pairs():
    """The chapter's shapes first (3 × 3 by 3 × 2), then other m × n by n × p, down to single rows and columns."""
    rng = np.random.default_rng(6)
    return [
        (rng.normal(size=(3, 3)), rng.normal(size=(3, 2))),
        (rng.normal(size=(4, 3)), rng.normal(size=(3, 2))),
        (rng.normal(size=(2, 4)), rng.normal(size=(4, 3))),
        (rng.normal(size=(1, 2)), rng.normal(size=(2, 1))),
        (rng.normal(size=(5, 1)), rng.normal(size=(1, 4))),
    ]


def _squared_sum_grad_X(X, W):
    # Independent of the chain rule: central differences of L = sum(σ(XW)²).
    return numerical_gradient(lambda X_: np.sum(sigmoid(X_ @ W) ** 2), X)


def _squared_sum_of_X(args):
    X, W = args
    return (lambda X_: float(np.sum(sigmoid(X_ @ W) ** 2))), 0


def _sum_of_W(args):
    X, W = args
    return (lambda W_: float(np.sum(sigmoid(X @ W_)))), 1


def _dLdN(X, W):
    return sigmoid_deriv(X @ W)


def _squared_dLdN(X, W):
    return 2 * sigmoid(X @ W) * sigmoid_deriv(X @ W)


EXERCISES = [
    judged(Exercise(
        number="6.1",
        function="sum_sigmoid_grad_W",
        parameters=("X", "W"),
        reference=lambda X, W: matrix_function_backward_sum_2(X, W, sigmoid),
        inputs=_matrix_pairs,
        forbidden=(BACKWARD, NUMERICAL),
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
            "The sign is flipped: the slope of σ is σ(N)·(1 − σ(N)), which is positive.":
                lambda X, W: -(X.T @ _dLdN(X, W)),
            "σ'(N) is written σ(N)·(1 + σ(N)): the sigmoid's slope is σ(N)·(1 − σ(N)).":
                lambda X, W: X.T @ (sigmoid(X @ W) * (1 + sigmoid(X @ W))),
            "The sum over the examples is missing: each weight w_jk is used by every example (every row of X), "
            "and dL/dW adds their contributions, Xᵀ·(dL/dN). This is only the first example's.":
                lambda X, W: X[:1].T @ _dLdN(X, W)[:1],
            "This is the mean over the examples, not the sum: L = sum(S) adds every entry, so nothing is "
            "divided by m.": lambda X, W: X.T @ _dLdN(X, W) / X.shape[0],
            "σ'(N) is σ(N)·(1 − σ(N)); 1 − σ(N) alone leaves out the factor σ(N).":
                lambda X, W: X.T @ (1 - sigmoid(X @ W)),
        },
        more_hint="N = X @ W; dL/dN = σ'(N) (dL/dS is all ones); dL/dW = Xᵀ @ dL/dN.",
    ), scalar=_sum_of_W),
    judged(Exercise(
        number="6.2",
        function="squared_sum_grad_X",
        parameters=("X", "W"),
        reference=_squared_sum_grad_X,
        inputs=_matrix_pairs,
        atol=1e-8,
        forbidden=(NUMERICAL,),
        mistakes={
            "This is dL/dX for the plain sum: with L = sum(S²), dL/dS is 2S, not a matrix of ones.":
                lambda X, W: matrix_function_backward_sum_1(X, W, sigmoid),
            "dL/dS = 2S uses S = σ(N), not N itself.":
                lambda X, W: (2 * (X @ W) * sigmoid_deriv(X @ W)) @ W.T,
            "The factor 2 from ∂(s²)/∂s = 2s is missing.":
                lambda X, W: (sigmoid(X @ W) * sigmoid_deriv(X @ W)) @ W.T,
            "The last step multiplies by W, not Wᵀ, or on the wrong side: dL/dX = (dL/dN)·Wᵀ.":
                lambda X, W: W @ _squared_dLdN(X, W).T,
            "dL/dS is S², the loss itself; its derivative is 2S.":
                lambda X, W: (sigmoid(X @ W) ** 2 * sigmoid_deriv(X @ W)) @ W.T,
            "σ'(N) is missing: between S² and the matrix product comes the sigmoid, whose slope multiplies "
            "entry by entry: dL/dN = 2S ⊙ σ'(N).": lambda X, W: (2 * sigmoid(X @ W)) @ W.T,
            "This is dL/dW, Xᵀ·(dL/dN); the question asks for dL/dX = (dL/dN)·Wᵀ.":
                lambda X, W: X.T @ _squared_dLdN(X, W),
            "The sign is flipped: dL/dS = 2S and σ' are both positive, and the last step is (dL/dN)·Wᵀ.":
                lambda X, W: -(_squared_dLdN(X, W) @ W.T),
            "2S·(1 − S) has one factor S too few: dL/dN = 2S ⊙ σ'(N), and σ'(N) = S ⊙ (1 − S).":
                lambda X, W: (2 * sigmoid(X @ W) * (1 - sigmoid(X @ W))) @ W.T,
        },
        more_hint="dL/dS = 2S, dL/dN = 2S ⊙ σ'(N), dL/dX = (dL/dN) @ Wᵀ.",
    ), scalar=_squared_sum_of_X),
]
