"""The corrections page (chapters/corrections.md) states what lecture_lib and numpy compute.

The page is Markdown, not a notebook, so it cannot insert values from the code. Instead each
test here finds one claim on the page by the words that open its item (item numbers change
as corrections are added), reads the numbers the page states, and computes them with
lecture_lib: a change to the code (say ``LEAKY_SLOPE``) that makes a sentence wrong fails
here, naming the sentence. A claim reworded so that its pattern no longer matches fails too,
asking for this test to be updated with it.
"""
from __future__ import annotations

import inspect
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from lecture_lib import (
    chain_apply,
    deriv,
    leaky_relu,
    matmul_backward_first,
    matmul_forward,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    multiple_inputs_add,
    numerical_gradient,
    sigmoid,
    sigmoid_deriv,
    square,
)
from lecture_lib.xor import SLIDE_GATES, XOR_INPUTS, truth_table

PAGE = Path(__file__).resolve().parent.parent / "chapters" / "corrections.md"
NUMBER = r"(−?\d+(?:\.\d+)?)"


def _items() -> list[str]:
    """The numbered items of the page, each as one line of text."""
    text = PAGE.read_text(encoding="utf-8")
    items = re.split(r"^\d+\. ", text, flags=re.M)[1:]
    return [" ".join(item.split("\n\n")[0].split()) for item in items]


def _item(opening: str) -> str:
    found = [item for item in _items() if item.startswith(opening)]
    assert len(found) == 1, f"expected one item of {PAGE.name} opening with {opening!r}, found {len(found)}"
    return found[0]


def _stated(opening: str, pattern: str) -> tuple[float, ...]:
    """The numbers ``pattern`` (with NUMBER groups) captures in the item opening with ``opening``."""
    item = _item(opening)
    match = re.search(pattern, item)
    assert match, f"the item {item[:70]!r}… no longer matches {pattern!r}: update this test with the page"
    return tuple(float(group.replace("−", "-")) for group in match.groups())


def _slides_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_exp_overflows_where_the_page_says_and_lecture_lib_sigmoid_does_not_warn():
    (threshold,) = _stated("**`sigmoid` computes", rf"For x below about {NUMBER}, `np.exp\(-x\)`")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(_slides_sigmoid(np.float64(threshold)))  # no overflow at the stated bound
        assert sigmoid(threshold - 1) == pytest.approx(np.exp(threshold - 1) / (1 + np.exp(threshold - 1)))
        assert sigmoid(-1000.0) == 0.0
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert _slides_sigmoid(np.float64(threshold - 1)) == 0.0  # "happens to be right (0)"


def test_the_symmetric_difference_of_abs_at_zero_is_zero():
    _stated("**The derivative is *defined*", rf"for \|x\| at {NUMBER} it is {NUMBER}")
    for delta in (1e-1, 1e-3, 1e-6):
        assert deriv(np.abs, 0.0, delta=delta) == 0.0


def test_the_fixed_delta_quotient_is_deriv_and_its_error_is_f3_delta_squared_over_6():
    delta, plus, minus, two_delta = _stated(
        "**\"For very small value for Δ",
        rf"such as {NUMBER}: df/du\(a\) = \(f\(a \+ {NUMBER}\) − f\(a − {NUMBER}\)\) / {NUMBER}",
    )
    assert delta == plus == minus == inspect.signature(deriv).parameters["delta"].default
    assert two_delta == pytest.approx(2 * delta)
    item = _item("**\"For very small value for Δ")
    example = re.search(rf"for the sigmoid at a = {NUMBER}, about {NUMBER} × 10⁻([⁰¹²³⁴⁵⁶⁷⁸⁹]+)", item)
    assert example, f"the item {item[:70]!r}… no longer gives the sigmoid example: update this test with the page"
    a, mantissa = float(example.group(1)), float(example.group(2))
    stated_error = mantissa * 10.0 ** -int(example.group(3).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")))
    s, ds = sigmoid(a), sigmoid_deriv(a)
    third = ds * (1 - 6 * s + 6 * s**2)  # σ‴
    error = deriv(sigmoid, a) - ds
    assert error != 0  # an approximation, not an equality
    assert error == pytest.approx(third * delta**2 / 6, rel=1e-3)
    assert float(f"{abs(error):.0e}") == pytest.approx(stated_error), f"|error| is {abs(error):.2g}"


def test_the_kink_of_squared_sigmoid_of_leaky_relu_has_the_stated_slopes():
    left, right = _stated("**\"Three mostly differentiable", rf"left slope {NUMBER}, right slope {NUMBER}")
    chain = [leaky_relu, sigmoid, square]
    h = 1e-7
    at_zero = chain_apply(chain, 0.0)
    assert (at_zero - chain_apply(chain, -h)) / h == pytest.approx(left, rel=1e-4)
    assert (chain_apply(chain, h) - at_zero) / h == pytest.approx(right, rel=1e-4)


def test_the_slides_assert_listing_with_and_without_the_blank_line():
    _item("**`assert len(chain) == 2, \\` followed by an empty line**")
    with_blank = 'def f(chain):\n    assert len(chain) == 2, \\\n\n        "Length should be 2"\n'
    without = with_blank.replace("\\\n\n", "\\\n")
    with pytest.raises(SyntaxError, match="invalid syntax"):
        compile(with_blank, "slide", "exec")
    namespace = {}
    exec(compile(without, "slide", "exec"), namespace)
    with pytest.raises(AssertionError, match="Length should be 2"):
        namespace["f"]([1])


def test_multiple_inputs_add_returns_an_array_the_shape_of_x():
    _item("**`multiple_inputs_add(...) -> float`.**")
    x = np.array([[0.5, -1.0, 2.0]])
    result = multiple_inputs_add(x, np.ones_like(x), sigmoid)
    assert isinstance(result, np.ndarray) and result.shape == x.shape


def test_the_order_of_np_dot_matters_for_more_than_one_input():
    _stated("**`matrix_function_backward_1`", rf"which is undefined for n > {NUMBER}")
    n = 3
    dSdN, dNdX = np.ones((1, 1)), np.ones((1, n))
    assert np.dot(dSdN, dNdX).shape == (1, n)
    with pytest.raises(ValueError):
        np.dot(dNdX, dSdN)
    assert np.dot(np.ones((1, 1)), np.ones((1, 1))).shape == (1, 1)  # n = 1: defined


def test_matmul_backward_first_is_w_transposed_only_for_one_row_and_one_column():
    _item("**`matmul_backward_first` returns Wᵀ** — right only when X is one row")
    rng = np.random.default_rng(0)
    X_row, W_column = rng.normal(size=(1, 3)), rng.normal(size=(3, 1))
    assert np.array_equal(matmul_backward_first(X_row, W_column), W_column.T)
    W_two = rng.normal(size=(3, 2))  # one row, two columns: each xᵢ feeds two outputs
    grad = matmul_backward_first(X_row, W_two)
    assert grad.shape == X_row.shape != W_two.T.shape
    assert np.allclose(grad, W_two.sum(axis=1))  # wᵢ₁ + wᵢ₂
    X_batch = rng.normal(size=(4, 3))
    assert np.allclose(matmul_backward_first(X_batch, W_two), np.ones((4, 2)) @ W_two.T)
    assert np.allclose(matmul_backward_first(X_batch, W_two),
                       numerical_gradient(lambda X: matmul_forward(X, W_two).sum(), X_batch))


def test_the_full_derivative_of_o_has_the_stated_number_of_entries():
    m, p, m2, n, entries = _stated("**\"dO/du(X) is a (3 × 3) matrix\"",
                                   rf"has {NUMBER}·{NUMBER}·{NUMBER}·{NUMBER} = {NUMBER} entries")
    X, W = np.ones((3, 3)), np.ones((3, 2))
    O = matmul_forward(X, W)
    assert (m, p) == O.shape and (m2, n) == X.shape
    assert entries == O.size * X.size
    assert np.allclose(matmul_backward_first(X, W), numerical_gradient(lambda A: matmul_forward(A, W).sum(), X))


def test_ones_times_w_transposed_with_star_is_not_the_product_meant():
    _item("**The `*` in \"dO/du(X) = ones * Wᵀ\"** is a matrix product")
    W = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match="broadcast"):
        np.ones((3, 2)) * W.T
    assert (np.ones((3, 2)) @ W.T).shape == (3, 3)


def test_dl_dx_and_dl_dw_are_the_formulas_the_page_gives():
    opening = "**\"dL/dX = dΛ/du(S)"
    shapes = _stated(opening, rf"dL/dX = \(ones ⊙ σ′\(N\)\) · Wᵀ, \({NUMBER} × {NUMBER}\)\({NUMBER} × {NUMBER}\) → "
                              rf"{NUMBER} × {NUMBER}")
    assert "dL/dW = Xᵀ(ones ⊙ σ′(N))" in _item(opening)
    rng = np.random.default_rng(1)
    X, W = rng.normal(size=(3, 3)), rng.normal(size=(3, 2))
    local = np.ones((3, 2)) * sigmoid_deriv(X @ W)
    assert shapes == local.shape + W.T.shape + X.shape
    assert np.allclose(matrix_function_backward_sum_1(X, W, sigmoid), local @ W.T)
    assert np.allclose(matrix_function_backward_sum_2(X, W, sigmoid), X.T @ local)


def test_the_and_neurons_four_rows_are_lecture_libs():
    stated = _stated(
        "**The AND neuron's truth table",
        rf"The four rows are σ\({NUMBER}\) ≈ (\d), σ\({NUMBER}\) ≈ (\d), σ\({NUMBER}\) ≈ (\d) and σ\({NUMBER}\) ≈ (\d)",
    )
    sums, decisions = stated[0::2], stated[1::2]
    weights, bias = SLIDE_GATES["AND"]
    assert tuple(XOR_INPUTS @ weights + bias) == sums
    table = truth_table(weights, bias)
    assert tuple(table.decisions) == decisions
    assert np.all(np.abs(table.outputs - table.decisions) < 1e-4)  # "≈"


def test_multiple_inputs_add_names_both_shapes_instead_of_a_bare_assert():
    assert "bare `assert x.shape == y.shape`" in _item("**`multiple_inputs_add(...) -> float`.**")
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        multiple_inputs_add(np.ones(3), np.ones(2), sigmoid)
