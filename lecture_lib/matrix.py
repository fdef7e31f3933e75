"""Functions of vector and matrix inputs (slides sections 7 and 8).

Shapes: X is (m × n) — m rows of data, n features; W is (n × p) — n
weights for each of p outputs; N = X·W is (m × p). A row vector X (1 × n)
with a column W (n × 1) is the slides' weighted sum
N = x₁w₁ + … + xₙwₙ.

Every backward function returns a gradient with the shape of the input it is
taken with respect to: dL/dX has X's shape, dL/dW has W's shape.
"""
from __future__ import annotations

import numpy as np

from ._validate import (
    as_float_array,
    as_matrix,
    check_callable,
    check_matmul_shapes,
    check_positive,
    elementwise,
)
from .calculus import derivative_of
from .functions import Array_Function


def _operands(X, W):
    X = as_matrix(X, "X")
    W = as_matrix(W, "W")
    check_matmul_shapes(X, W)
    return X, W


def _check_one_output_per_row(W):
    if W.shape[1] != 1:
        raise ValueError(
            "matrix_function_backward_1 is for one output per row, so W must "
            f"have 1 column, got W {W.shape}; for several outputs use "
            "matrix_function_backward_sum_1"
        )


def matmul_forward(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """N = ν(X, W) = X·W, (m × n)(n × p) → (m × p).

    For one row and one column: x₁w₁ + … + xₙwₙ.
    """
    X, W = _operands(X, W)
    return X @ W


def matmul_backward_first(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """∂N/∂X as the gradient of sum(N) with respect to X:
    ones(m × p) · Wᵀ, shape (m × n).

    For a row vector X (1 × n) and a column W (n × 1) this is exactly Wᵀ:
    nudging xᵢ by Δ changes N by wᵢ·Δ.
    """
    X, W = _operands(X, W)
    return np.ones((X.shape[0], W.shape[1])) @ W.T


def matmul_backward_second(X: np.ndarray, W: np.ndarray) -> np.ndarray:
    """∂N/∂W as the gradient of sum(N) with respect to W:
    Xᵀ · ones(m × p), shape (n × p).

    For a row vector X and a column W this is exactly Xᵀ: nudging wᵢ by Δ
    changes N by xᵢ·Δ.
    """
    X, W = _operands(X, W)
    return X.T @ np.ones((X.shape[0], W.shape[1]))


def matrix_forward_extra(
    X: np.ndarray, W: np.ndarray, sigma: Array_Function
) -> np.ndarray:
    """S = σ(ν(X, W)) = σ(X·W), σ applied elementwise, shape (m × p)."""
    X, W = _operands(X, W)
    sigma = elementwise(sigma, "sigma")
    return sigma(X @ W)


def matrix_function_backward_1(
    X: np.ndarray, W: np.ndarray, sigma: Array_Function
) -> np.ndarray:
    """∂S/∂X for S = σ(X·W) with one output per row (W is n × 1),
    shape (m × n).

    Row i of S depends only on row i of X, so ∂Sᵢ/∂Xᵢ = σ'(Nᵢ)·Wᵀ:
    the scalar σ'(Nᵢ) (a 1 × 1 value per row) times the row Wᵀ.
    """
    X, W = _operands(X, W)
    sigma = elementwise(sigma, "sigma")
    _check_one_output_per_row(W)
    N = X @ W
    dSdN = derivative_of(sigma)(N)  # (m × 1)
    dNdX = W.T  # (1 × n)
    return dSdN * dNdX  # (m × 1) broadcast against (1 × n) → (m × n)


def matrix_function_forward_sum(
    X: np.ndarray, W: np.ndarray, sigma: Array_Function
) -> float:
    """L = Λ(σ(ν(X, W))) = sum of all entries of σ(X·W): one number."""
    return float(np.sum(matrix_forward_extra(X, W, sigma)))


def matrix_function_backward_sum_dLdN(
    X: np.ndarray, W: np.ndarray, sigma: Array_Function
) -> np.ndarray:
    """dL/dN for L = sum(σ(N)), N = X·W: dL/dS ⊙ σ'(N), shape (m × p).

    The backward steps dL/dX and dL/dW share: Λ = sum gives
    dL/dS = ones(m × p), and σ, acting on each entry alone, multiplies
    elementwise by σ'(N).

    Taught in chapter 6 (A computational graph with two 2D matrix inputs).
    """
    X, W = _operands(X, W)
    sigma = elementwise(sigma, "sigma")
    N = X @ W  # (m × p)
    S = sigma(N)  # (m × p)
    dLdS = np.ones_like(S)  # Λ = sum: every entry of S counts once
    dSdN = derivative_of(sigma)(N)  # σ' elementwise, (m × p)
    return dLdS * dSdN  # elementwise: σ acts entry by entry


def matrix_function_backward_sum_1(
    X: np.ndarray, W: np.ndarray, sigma: Array_Function
) -> np.ndarray:
    """dL/dX for L = sum(σ(X·W)): (dL/dS ⊙ σ'(N)) · Wᵀ,
    (m × p)(p × n) → (m × n).

    ⊙ is elementwise (σ acts on each entry of N alone); · is a matrix
    product (each xᵢⱼ feeds every entry of row i of N, through the weights
    in row j of W).
    """
    X, W = _operands(X, W)
    dLdN = matrix_function_backward_sum_dLdN(X, W, sigma)
    return dLdN @ W.T


def matrix_function_backward_sum_2(
    X: np.ndarray, W: np.ndarray, sigma: Array_Function
) -> np.ndarray:
    """dL/dW for L = sum(σ(X·W)): Xᵀ · (dL/dS ⊙ σ'(N)),
    (n × m)(m × p) → (n × p).
    """
    X, W = _operands(X, W)
    dLdN = matrix_function_backward_sum_dLdN(X, W, sigma)
    return X.T @ dLdN


def numerical_gradient(
    func, array: np.ndarray, delta: float = 1e-5
) -> np.ndarray:
    """Central-difference gradient of a scalar function of an array.

    Entry by entry, it nudges each a_ij by ±Δ (all others fixed):
    (func(a + Δeᵢⱼ) − func(a − Δeᵢⱼ)) / 2Δ.
    Returns an array with the shape of ``array``. Independent of any
    backward pass.
    """
    check_callable(func, "func")
    base = as_float_array(array, "array").copy()
    delta = check_positive(delta, "delta")
    grad = np.zeros_like(base)
    for index in np.ndindex(base.shape):
        step = np.zeros_like(base)
        step[index] = delta
        up, down = float(func(base + step)), float(func(base - step))
        grad[index] = (up - down) / (2 * delta)
    return grad
