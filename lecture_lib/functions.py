"""Elementary functions of the lecture (slides section 3) and their analytic
derivatives.

Every function maps an ndarray to an ndarray of the same shape, elementwise.
The derivatives are written out by hand so the numerical derivative in
:mod:`lecture_lib.calculus` has something independent to be checked against.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._validate import as_float_array

#: A function that takes an ndarray and returns an ndarray (the slides'
#: ``Array_Function``).
Array_Function = Callable[[np.ndarray], np.ndarray]

#: Slope of leaky ReLU for negative inputs (the slides' 0.2).
LEAKY_SLOPE = 0.2


def square(x: np.ndarray) -> np.ndarray:
    """f(x) = x², elementwise. Shape in = shape out."""
    x = as_float_array(x, "x")
    return np.power(x, 2)


def square_deriv(x: np.ndarray) -> np.ndarray:
    """f'(x) = 2x, elementwise."""
    x = as_float_array(x, "x")
    return 2 * x


def relu(x: np.ndarray) -> np.ndarray:
    """f(x) = max(x, 0), elementwise (the slides' f₂)."""
    x = as_float_array(x, "x")
    return np.maximum(x, 0.0)


def relu_deriv(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 for x > 0 and 0 for x < 0. At x = 0 there is no derivative;
    we use 0 there."""
    x = as_float_array(x, "x")
    return (x > 0).astype(float)


def leaky_relu(x: np.ndarray) -> np.ndarray:
    """f(x) = max(0.2·x, x), elementwise: x for x ≥ 0, 0.2·x for x < 0."""
    x = as_float_array(x, "x")
    return np.maximum(LEAKY_SLOPE * x, x)


def leaky_relu_deriv(x: np.ndarray) -> np.ndarray:
    """f'(x) = 1 for x > 0 and 0.2 for x < 0 (at x = 0 we use 0.2)."""
    x = as_float_array(x, "x")
    return np.where(x > 0, 1.0, LEAKY_SLOPE)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^(−x)), elementwise, without overflow.

    For x ≥ 0 we evaluate 1 / (1 + e^(−x)); for x < 0 the equal form
    e^x / (1 + e^x). Either way the exponent is ≤ 0, so e^(...) never
    overflows, even at x = ±1000.
    """
    x = as_float_array(x, "x")
    z = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def sigmoid_deriv(x: np.ndarray) -> np.ndarray:
    """σ'(x) = σ(x)·(1 − σ(x)), elementwise."""
    s = sigmoid(x)
    return s * (1.0 - s)


#: The analytic derivative of each elementary function, used by the chain rule
#: and the
#: matrix backward passes whenever the function is one of ours.
ANALYTIC_DERIVATIVES = {
    square: square_deriv,
    relu: relu_deriv,
    leaky_relu: leaky_relu_deriv,
    sigmoid: sigmoid_deriv,
}
