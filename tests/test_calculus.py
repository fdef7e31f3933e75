"""deriv and the chain rule, for chains of any length, against the central difference of the composite."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib import (
    chain_apply,
    chain_backward,
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_forward,
    chain_length_2,
    chain_length_3,
    deriv,
    derivative_of,
    leaky_relu,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)

SMOOTH = [square, sigmoid]
ALL = [square, sigmoid, leaky_relu]


def test_deriv_of_square_is_exact_for_a_quadratic():
    # For a quadratic the central difference has no truncation error.
    x = np.array([-3.0, 0.0, 1.5])
    np.testing.assert_allclose(deriv(square, x), 2 * x, atol=1e-9)


def test_deriv_is_central_not_forward():
    # f(x) = x³ at 1 with Δ = 0.1: central gives 3 + Δ² = 3.01; forward would give 3.31.
    cube = lambda x: x**3  # noqa: E731
    assert float(deriv(cube, np.array(1.0), delta=0.1)) == pytest.approx(3.01)


def test_chain_length_2_uses_its_argument():
    np.testing.assert_allclose(chain_length_2([square, sigmoid], np.array([2.0])), sigmoid(np.array([4.0])))
    np.testing.assert_allclose(chain_length_3([square, sigmoid, square], np.array([0.0])), [0.25])


def test_forward_keeps_every_intermediate():
    values = chain_forward([square, sigmoid], np.array([1.0, -2.0]))
    assert len(values) == 3
    np.testing.assert_allclose(values[1], [1.0, 4.0])
    np.testing.assert_allclose(values[2], sigmoid(np.array([1.0, 4.0])))


def test_backward_lists_local_derivatives_last_link_first():
    x = np.array([0.5])
    locals_ = chain_backward([square, sigmoid], chain_forward([square, sigmoid], x))
    np.testing.assert_allclose(locals_[0], sigmoid_deriv(np.array([0.25])))
    np.testing.assert_allclose(locals_[1], square_deriv(x))


def test_chain_deriv_2_and_3_match_the_written_out_chain_rule():
    x = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(chain_deriv_2([square, sigmoid], x), sigmoid_deriv(x**2) * 2 * x)
    expected = square_deriv(sigmoid(x**2)) * sigmoid_deriv(x**2) * 2 * x
    np.testing.assert_allclose(chain_deriv_3([square, sigmoid, square], x), expected)


def test_derivative_of_unknown_function_is_central_difference():
    cube = lambda x: x**3  # noqa: E731
    np.testing.assert_allclose(derivative_of(cube)(np.array([2.0])), [12.0], atol=1e-5)
    assert derivative_of(sigmoid) is sigmoid_deriv


def test_explicit_derivatives_are_used():
    x = np.array([1.0])
    wrong = [lambda u: np.zeros_like(u), lambda u: np.ones_like(u)]
    np.testing.assert_array_equal(chain_deriv([square, sigmoid], x, derivatives=wrong), [0.0])


@settings(max_examples=100, deadline=None)
@given(
    indices=st.lists(st.integers(0, len(ALL) - 1), min_size=1, max_size=5),
    x=st.floats(min_value=-1.5, max_value=1.5, allow_nan=False),
)
def test_chain_rule_matches_central_difference_of_the_composite(indices, x):
    chain = [ALL[i] for i in indices]
    point = np.array([x])
    # Keep every intermediate away from leaky ReLU's kink, where neither side has a derivative.
    values = chain_forward(chain, point)
    for func, value in zip(chain, values[:-1]):
        if func is leaky_relu and abs(float(value[0])) < 1e-2:
            return
    composite = lambda u: chain_apply(chain, u)  # noqa: E731
    numeric = deriv(composite, point, delta=1e-5)
    np.testing.assert_allclose(chain_deriv(chain, point), numeric, atol=1e-6, rtol=1e-6)
