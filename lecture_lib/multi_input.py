"""Functions with two inputs (slides section 6): f(x, y) = σ(α(x, y)).

The backward functions return the pair (∂f/∂x, ∂f/∂y), each with the shape of x.
"""
from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_callable, check_same_shape
from .calculus import derivative_of
from .functions import Array_Function


def _inputs(x, y, sigma):
    x = as_float_array(x, "x")
    y = as_float_array(y, "y")
    check_same_shape(x, y)
    check_callable(sigma, "sigma")
    return x, y


def multiple_inputs_add(x: np.ndarray, y: np.ndarray,
                        sigma: Array_Function) -> np.ndarray:
    """Forward: a = α(x, y) = x + y, then s = σ(a).

    x and y have the same shape; so has s."""
    x, y = _inputs(x, y, sigma)
    a = x + y
    return sigma(a)


def multiple_inputs_add_backward(x: np.ndarray, y: np.ndarray,
                                 sigma: Array_Function):
    """Backward of σ(x + y): ∂f/∂x = σ'(x + y)·∂α/∂x = σ'(x + y)·1,
    and the same for y."""
    x, y = _inputs(x, y, sigma)
    a = x + y
    dsda = derivative_of(sigma)(a)
    dadx, dady = 1.0, 1.0
    return dsda * dadx, dsda * dady


def multiple_inputs_multiply(x: np.ndarray, y: np.ndarray,
                             sigma: Array_Function) -> np.ndarray:
    """Forward: a = β(x, y) = x · y (elementwise), then s = σ(a)."""
    x, y = _inputs(x, y, sigma)
    a = x * y
    return sigma(a)


def multiple_inputs_multiply_backward(x: np.ndarray, y: np.ndarray,
                                      sigma: Array_Function):
    """Backward of σ(x·y): ∂f/∂x = σ'(x·y)·y and ∂f/∂y = σ'(x·y)·x.

    Each input's slope is the *other* input."""
    x, y = _inputs(x, y, sigma)
    a = x * y
    dsda = derivative_of(sigma)(a)
    dadx, dady = y, x
    return dsda * dadx, dsda * dady
