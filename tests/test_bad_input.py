"""Bad input gets a clear TypeError or ValueError naming what was wrong — never a bare assert."""
import ast
from pathlib import Path

import numpy as np
import pytest

import lecture_lib
from lecture_lib import (
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_length_2,
    deriv,
    matmul_backward_first,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_backward_sum_dLdN,
    matrix_function_forward_sum,
    multiple_inputs_add,
    multiple_inputs_add_backward,
    multiple_inputs_multiply_backward,
    numerical_gradient,
    show_source,
    sigmoid,
    square,
)

X33, W22 = np.ones((3, 3)), np.ones((2, 2))


@pytest.mark.parametrize(
    "func", [matmul_forward, matmul_backward_first, lambda X, W: matrix_forward_extra(X, W, sigmoid),
             lambda X, W: matrix_function_backward_sum_1(X, W, sigmoid),
             lambda X, W: matrix_function_backward_sum_2(X, W, sigmoid),
             lambda X, W: matrix_function_backward_sum_dLdN(X, W, sigmoid),
             lambda X, W: matrix_function_forward_sum(X, W, sigmoid)],
)
def test_matrix_shapes_that_do_not_line_up(func):
    with pytest.raises(ValueError, match=r"\(3, 3\).*\(2, 2\).*columns.*\(3\).*rows.*\(2\)"):
        func(X33, W22)


def test_one_dimensional_array_where_a_matrix_is_needed():
    with pytest.raises(ValueError, match=r"X must be a 2-D array.*1-D with shape \(3,\)"):
        matmul_forward(np.ones(3), np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"W must be a 2-D array.*3-D"):
        matmul_forward(np.ones((1, 3)), np.ones((3, 1, 1)))


def test_backward_1_needs_one_output_per_row():
    with pytest.raises(ValueError, match=r"W must have 1 column, got W \(3, 2\)"):
        matrix_function_backward_1(X33, np.ones((3, 2)), sigmoid)


@pytest.mark.parametrize("func,length", [(chain_length_2, 2), (chain_deriv_2, 2), (chain_deriv_3, 3)])
def test_chain_of_the_wrong_length(func, length):
    with pytest.raises(ValueError, match=rf"chain must have length {length}, got a chain of length 1"):
        func([square], np.array([1.0]))


def test_chain_with_a_non_callable():
    with pytest.raises(TypeError, match=r"chain\[1\] must be a function.*int"):
        chain_deriv([square, 3], np.array([1.0]))


def test_chain_that_is_not_a_list():
    with pytest.raises(TypeError, match=r"chain must be a list of functions, got function"):
        chain_deriv(square, np.array([1.0]))
    with pytest.raises(ValueError, match="empty chain"):
        chain_deriv([], np.array([1.0]))


@pytest.mark.parametrize("delta", [0, -0.001, float("nan"), float("inf")])
def test_delta_must_be_positive(delta):
    with pytest.raises(ValueError, match=r"delta must be a finite number > 0"):
        deriv(square, np.array([1.0]), delta=delta)


def test_delta_must_be_a_number():
    with pytest.raises(TypeError, match=r"delta must be a positive number, got str"):
        deriv(square, np.array([1.0]), delta="0.1")
    with pytest.raises(ValueError, match=r"delta must be a finite number > 0"):
        numerical_gradient(np.sum, np.ones(2), delta=0)


def test_func_must_be_callable():
    with pytest.raises(TypeError, match=r"func must be a function.*list"):
        deriv([1, 2], np.array([1.0]))


@pytest.mark.parametrize("bad", [np.array(["a", "b"]), "abc", np.array([True, False]), [1, "x"], {"a": 1}])
def test_non_numeric_arrays(bad):
    with pytest.raises(TypeError, match=r"x must (be a number|hold numbers)"):
        square(bad)


def test_complex_numbers_are_refused():
    with pytest.raises(TypeError, match="real numbers, got complex"):
        sigmoid(np.array([1j]))


@pytest.mark.parametrize("func", [multiple_inputs_add, multiple_inputs_add_backward, multiple_inputs_multiply_backward])
def test_x_and_y_of_different_shapes(func):
    with pytest.raises(ValueError, match=r"x and y must have the same shape, got x \(2,\) and y \(3,\)"):
        func(np.ones(2), np.ones(3), sigmoid)


def test_sigma_must_be_callable():
    with pytest.raises(TypeError, match=r"sigma must be a function.*str"):
        multiple_inputs_add(np.ones(2), np.ones(2), "sigmoid")
    with pytest.raises(TypeError, match=r"sigma must be a function"):
        matrix_forward_extra(np.ones((1, 2)), np.ones((2, 1)), None)


def test_show_source_needs_functions():
    with pytest.raises(TypeError, match="at least one function"):
        show_source()
    with pytest.raises(TypeError, match=r"argument 1 must be a function"):
        show_source(3)


def test_no_bare_assert_in_lecture_lib():
    """`assert` vanishes under `python -O`, so input checks must raise explicitly."""
    package = Path(lecture_lib.__file__).parent
    offenders = [
        f"{path.name}:{node.lineno}"
        for path in package.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Assert)
    ]
    assert offenders == []


# ----------------------------------------------------------------- functions handed to lecture_lib

@pytest.mark.parametrize("call, message", [
    (lambda: lecture_lib.deriv(lambda x: np.sum(x), np.array([1.0, 2.0])),
     r"func \(<lambda>\) must work elementwise and keep its input's shape: for an input of shape \(2,\) "
     r"it returned shape \(\) — one number for many"),
    (lambda: lecture_lib.matrix_forward_extra(np.ones((1, 2)), np.ones((2, 1)), lambda n: 0.5),
     r"sigma \(<lambda>\) must work elementwise"),
    (lambda: lecture_lib.matrix_function_backward_sum_2(np.ones((2, 3)), np.ones((3, 2)), lambda n: n[:, :1]),
     r"sigma \(<lambda>\) must work elementwise and keep its input's shape: for an input of shape \(2, 2\) "
     r"it returned shape \(2, 1\)"),
    (lambda: lecture_lib.chain_deriv([lecture_lib.square, lambda u: [1.0, 2.0]], np.ones(3)),
     r"chain\[1\] \(<lambda>\) must work elementwise"),
    (lambda: lecture_lib.chain_deriv([lecture_lib.square], np.ones(3), [lambda u: 2.0]),
     r"derivatives\[0\] \(<lambda>\) must work elementwise"),
])
def test_a_function_that_breaks_the_elementwise_rule_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_function_that_returns_no_numbers_is_named():
    with pytest.raises(TypeError, match=r"sigma \(<lambda>\) must return numbers, but it returned str"):
        lecture_lib.matrix_function_forward_sum(np.ones((2, 2)), np.ones((2, 2)), lambda n: "S")


def test_checked_functions_keep_their_analytic_derivative():
    x = np.array([-1.0, 0.5])
    np.testing.assert_array_equal(lecture_lib.chain_deriv([lecture_lib.sigmoid], x), lecture_lib.sigmoid_deriv(x))
