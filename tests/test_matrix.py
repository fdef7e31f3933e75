"""Vector and matrix graphs: every backward function against finite differences on every entry,
and dL/dX, dL/dW against an independent reverse-mode engine (autograd)."""
import autograd.numpy as anp
import numpy as np
from autograd import grad
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lecture_lib import (
    matmul_backward_first,
    matmul_backward_second,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_backward_sum_dLdN,
    matrix_function_forward_sum,
    numerical_gradient,
    sigmoid,
    square,
)

values = st.floats(min_value=-2, max_value=2, allow_nan=False)
dims = st.integers(1, 6)


@st.composite
def matrix_pair(draw, p=None):
    m, n = draw(dims), draw(dims)
    p = draw(dims) if p is None else p
    X = draw(arrays(np.float64, (m, n), elements=values))
    W = draw(arrays(np.float64, (n, p), elements=values))
    return X, W


def test_weighted_sum_of_a_row_and_a_column():
    X = np.array([[1.0, 2.0, 3.0]])
    W = np.array([[0.5], [-1.0], [2.0]])
    np.testing.assert_allclose(matmul_forward(X, W), [[4.5]])
    np.testing.assert_allclose(matmul_backward_first(X, W), W.T)
    np.testing.assert_allclose(matmul_backward_second(X, W), X.T)


@settings(max_examples=60, deadline=None)
@given(pair=matrix_pair())
def test_matmul_backward_matches_finite_differences(pair):
    X, W = pair
    total = lambda A, B: float(np.sum(matmul_forward(A, B)))  # noqa: E731
    np.testing.assert_allclose(matmul_backward_first(X, W), numerical_gradient(lambda A: total(A, W), X), atol=1e-6)
    np.testing.assert_allclose(matmul_backward_second(X, W), numerical_gradient(lambda B: total(X, B), W), atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(pair=matrix_pair(p=1))
def test_backward_1_is_each_rows_jacobian(pair):
    X, W = pair
    got = matrix_function_backward_1(X, W, sigmoid)
    assert got.shape == X.shape
    for i in range(X.shape[0]):
        row = lambda r: float(matrix_forward_extra(r[None, :], W, sigmoid)[0, 0])  # noqa: E731
        np.testing.assert_allclose(got[i], numerical_gradient(row, X[i]), atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(pair=matrix_pair())
def test_backward_sum_matches_finite_differences_on_every_entry(pair):
    X, W = pair
    for sigma in (sigmoid, square):
        dLdX = matrix_function_backward_sum_1(X, W, sigma)
        dLdW = matrix_function_backward_sum_2(X, W, sigma)
        assert dLdX.shape == X.shape and dLdW.shape == W.shape
        np.testing.assert_allclose(
            dLdX, numerical_gradient(lambda A: matrix_function_forward_sum(A, W, sigma), X), atol=1e-6, rtol=1e-6
        )
        np.testing.assert_allclose(
            dLdW, numerical_gradient(lambda B: matrix_function_forward_sum(X, B, sigma), W), atol=1e-6, rtol=1e-6
        )


@settings(max_examples=60, deadline=None)
@given(pair=matrix_pair())
def test_dLdN_is_the_gradient_of_the_sum_with_respect_to_N(pair):
    # Independent of X and W's backward steps: central differences in N itself.
    X, W = pair
    for sigma in (sigmoid, square):
        got = matrix_function_backward_sum_dLdN(X, W, sigma)
        expected = numerical_gradient(lambda N: np.sum(sigma(N)), X @ W)
        assert got.shape == (X.shape[0], W.shape[1])
        np.testing.assert_allclose(got, expected, atol=1e-6, rtol=1e-6)


def _loss_autograd(X, W):
    N = anp.dot(X, W)
    return anp.sum(1.0 / (1.0 + anp.exp(-N)))


@settings(max_examples=60, deadline=None)
@given(pair=matrix_pair())
def test_gradients_agree_with_autograd(pair):
    X, W = pair
    np.testing.assert_allclose(matrix_function_backward_sum_1(X, W, sigmoid), grad(_loss_autograd, 0)(X, W), atol=1e-6)
    np.testing.assert_allclose(matrix_function_backward_sum_2(X, W, sigmoid), grad(_loss_autograd, 1)(X, W), atol=1e-6)
    np.testing.assert_allclose(matrix_function_forward_sum(X, W, sigmoid), _loss_autograd(X, W), rtol=1e-12)


def test_the_lectures_3x3_by_3x2_graph_shapes():
    rng = np.random.default_rng(0)
    X, W = rng.normal(size=(3, 3)), rng.normal(size=(3, 2))
    assert matrix_forward_extra(X, W, sigmoid).shape == (3, 2)
    assert isinstance(matrix_function_forward_sum(X, W, sigmoid), float)
    assert matrix_function_backward_sum_1(X, W, sigmoid).shape == (3, 3)
    assert matrix_function_backward_sum_2(X, W, sigmoid).shape == (3, 2)
