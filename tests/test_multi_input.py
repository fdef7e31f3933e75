"""Two-input functions σ(x + y) and σ(x·y): forward values and backward pairs against finite differences."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lecture_lib import (
    multiple_inputs_add,
    multiple_inputs_add_backward,
    multiple_inputs_multiply,
    multiple_inputs_multiply_backward,
    sigmoid,
    square,
)


def partials(forward, x, y, sigma, delta=1e-6):
    dx = (forward(x + delta, y, sigma) - forward(x - delta, y, sigma)) / (2 * delta)
    dy = (forward(x, y + delta, sigma) - forward(x, y - delta, sigma)) / (2 * delta)
    return dx, dy


def test_forward_values():
    np.testing.assert_allclose(multiple_inputs_add(np.array([1.0]), np.array([2.0]), square), [9.0])
    np.testing.assert_allclose(multiple_inputs_multiply(np.array([3.0]), np.array([2.0]), square), [36.0])


def test_addition_gives_equal_partials_multiplication_does_not():
    x, y = np.array([0.3]), np.array([-1.2])
    dx, dy = multiple_inputs_add_backward(x, y, sigmoid)
    np.testing.assert_array_equal(dx, dy)
    dx, dy = multiple_inputs_multiply_backward(x, y, sigmoid)
    # Each input's slope is scaled by the other input.
    np.testing.assert_allclose(dx / dy, y / x)


small_arrays = arrays(np.float64, st.integers(1, 6), elements=st.floats(-3, 3))


@settings(max_examples=50, deadline=None)
@given(x=small_arrays, data=st.data())
def test_backward_pairs_match_finite_differences(x, data):
    y = data.draw(arrays(np.float64, x.shape, elements=st.floats(-3, 3)))
    for forward, backward in [
        (multiple_inputs_add, multiple_inputs_add_backward),
        (multiple_inputs_multiply, multiple_inputs_multiply_backward),
    ]:
        for sigma in (sigmoid, square):
            got = backward(x, y, sigma)
            want = partials(forward, x, y, sigma)
            np.testing.assert_allclose(got[0], want[0], atol=1e-6, rtol=1e-6)
            np.testing.assert_allclose(got[1], want[1], atol=1e-6, rtol=1e-6)
