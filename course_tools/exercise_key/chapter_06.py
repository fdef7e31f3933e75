"""Chapter 6 (A computational graph with two matrix inputs): references, inputs (public and hidden), mistakes.

The references are the analytic gradients; ``tests/test_exercise_key.py`` checks each against
central differences on every input (an independent computation).
"""
from __future__ import annotations

import numpy as np

from lecture_lib.functions import sigmoid, sigmoid_deriv
from lecture_lib.matrix import matrix_function_backward_sum_1, matrix_function_backward_sum_2

from . import ExerciseKey, forward_difference_error, integers


def _matrix_pairs():
    """The chapter's shapes first (3 × 3 by 3 × 2), then other m × n by n × p, down to single rows and columns."""
    rng = np.random.default_rng(6)
    pairs = [
        (rng.normal(size=(3, 3)), rng.normal(size=(3, 2))),
        (rng.normal(size=(4, 3)), rng.normal(size=(3, 2))),
        (rng.normal(size=(2, 4)), rng.normal(size=(4, 3))),
        (rng.normal(size=(1, 2)), rng.normal(size=(2, 1))),
        (rng.normal(size=(5, 1)), rng.normal(size=(1, 4))),
        (np.array([[1, -1], [2, 0]]), np.array([[1, 0, -1], [2, 1, 0]])),
    ]
    X, W = pairs[1]
    return pairs + [(X[::-1].copy(), W[:, ::-1].copy())]  # the shapes and sums of an earlier pair


def _hidden_matrices(rng):
    found = [(np.round(rng.normal(size=(m, n)), 3), np.round(rng.normal(size=(n, p)), 3))
             for m, n, p in ((3, 3, 2), (2, 2, 2), (6, 2, 3), (1, 3, 1))]
    found.append((integers(rng, (3, 2)), integers(rng, (2, 2))))
    X, W = found[0]
    found.append((X[:, ::-1].copy(), W[::-1].copy()))
    return found


def _f(X, W):
    return np.asarray(X, float), np.asarray(W, float)


def sum_grad_W(X, W):
    return matrix_function_backward_sum_2(*_f(X, W), sigmoid)


def squared_sum_grad_X(X, W):
    X, W = _f(X, W)
    N = X @ W
    return (2 * sigmoid(N) * sigmoid_deriv(N)) @ W.T


def _dLdN(X, W):
    return sigmoid_deriv(X @ W)


def _squared_dLdN(X, W):
    return 2 * sigmoid(X @ W) * sigmoid_deriv(X @ W)


def _squared_sum_of_X(args):
    X, W = _f(*args)
    return (lambda X_: float(np.sum(sigmoid(X_ @ W) ** 2))), 0


def _sum_of_W(args):
    X, W = _f(*args)
    return (lambda W_: float(np.sum(sigmoid(X @ W_)))), 1


KEYS = [
    ExerciseKey(
        number="6.1",
        reference=sum_grad_W,
        inputs=_matrix_pairs,
        hidden=_hidden_matrices,
        probe=lambda args: forward_difference_error(*_sum_of_W(args), args, sum_grad_W),
        mistakes={
            ("You computed (dL/dN)ᵀ·X, the transpose of dL/dW: which operand goes on the left so that the "
             "result has W's shape?", "Xᵀ·(dL/dN)."): lambda X, W: _dLdN(X, W).T @ X,
            ("σ'(N) is missing: between the sum and the matrix product comes the sigmoid, whose slope "
             "multiplies entry by entry.", None): lambda X, W: X.T @ np.ones_like(X @ W),
            ("You used σ(N) where its slope σ'(N) belongs.", None): lambda X, W: X.T @ sigmoid(X @ W),
            ("This is dL/dX; the question asks for dL/dW.", "dL/dW = Xᵀ·(dL/dN)."):
                lambda X, W: matrix_function_backward_sum_1(X, W, sigmoid),
            ("σ' is evaluated at S = σ(N); it belongs at N, the value that went into σ.", None):
                lambda X, W: X.T @ sigmoid_deriv(sigmoid(X @ W)),
            ("The sign is flipped: the slope of σ is positive.", None):
                lambda X, W: -(X.T @ _dLdN(X, W)),
            ("σ'(N) is written σ(N)·(1 + σ(N)): check the sign in the sigmoid's slope.", "σ(N)·(1 − σ(N))."):
                lambda X, W: X.T @ (sigmoid(X @ W) * (1 + sigmoid(X @ W))),
            ("The sum over the examples is missing: each weight w_jk is used by every example (every row of X), "
             "and dL/dW adds their contributions. This is only the first example's.", "Xᵀ·(dL/dN)."):
                lambda X, W: X[:1].T @ _dLdN(X, W)[:1],
            ("This is the mean over the examples, not the sum: L = sum(S) adds every entry, so nothing is "
             "divided by m.", None): lambda X, W: X.T @ _dLdN(X, W) / X.shape[0],
            ("σ'(N) is σ(N)·(1 − σ(N)); 1 − σ(N) alone leaves out the factor σ(N).", None):
                lambda X, W: X.T @ (1 - sigmoid(X @ W)),
        },
    ),
    ExerciseKey(
        number="6.2",
        reference=squared_sum_grad_X,
        inputs=_matrix_pairs,
        hidden=_hidden_matrices,
        probe=lambda args: forward_difference_error(*_squared_sum_of_X(args), args, squared_sum_grad_X),
        mistakes={
            ("This is dL/dX for the plain sum: with L = sum(S²), dL/dS is not a matrix of ones.", "dL/dS = 2S."):
                lambda X, W: matrix_function_backward_sum_1(X, W, sigmoid),
            ("dL/dS = 2S uses S = σ(N), not N itself.", None):
                lambda X, W: (2 * (X @ W) * sigmoid_deriv(X @ W)) @ W.T,
            ("The factor 2 from ∂(s²)/∂s is missing.", None):
                lambda X, W: (sigmoid(X @ W) * sigmoid_deriv(X @ W)) @ W.T,
            ("The last step multiplies by W, not Wᵀ, or on the wrong side.", "dL/dX = (dL/dN)·Wᵀ."):
                lambda X, W: W @ _squared_dLdN(X, W).T,
            ("dL/dS is S², the loss itself; you need its derivative.", "2S."):
                lambda X, W: (sigmoid(X @ W) ** 2 * sigmoid_deriv(X @ W)) @ W.T,
            ("σ'(N) is missing: between S² and the matrix product comes the sigmoid, whose slope multiplies "
             "entry by entry.", "dL/dN = 2S ⊙ σ'(N)."): lambda X, W: (2 * sigmoid(X @ W)) @ W.T,
            ("This is dL/dW; the question asks for dL/dX.", "dL/dX = (dL/dN)·Wᵀ."):
                lambda X, W: X.T @ _squared_dLdN(X, W),
            ("The sign is flipped: dL/dS = 2S and σ' are both positive.", None):
                lambda X, W: -(_squared_dLdN(X, W) @ W.T),
            ("2S·(1 − S) has one factor S too few.", "dL/dN = 2S ⊙ σ'(N), and σ'(N) = S ⊙ (1 − S)."):
                lambda X, W: (2 * sigmoid(X @ W) * (1 - sigmoid(X @ W))) @ W.T,
        },
    ),
]
