"""Chapter 6 (the 2D matrix graph): the plotted tangent's slope is dL/dx₁₁.

The test repeats the chapter's seeded X, W and its ``plot_entry_slice`` call and checks the
data drawn: the curve is L = sum(σ(XW)) as x₁₁ varies, and the tangent's slope equals
``matrix_function_backward_sum_1(X, W, sigmoid)[0, 0]`` and an independent central difference.
Every entry of both gradients is also checked against ``numerical_gradient`` and against the
entry-by-entry sums over paths that the chapter derives.
"""
import inspect
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_lib import (  # noqa: E402
    matmul_backward_first,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_sum,
    numerical_gradient,
    sigmoid,
    sigmoid_deriv,
)
from lecture_lib.plotting import plot_entry_slice  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "06_matrix_graph.ipynb"


def chapter_inputs():
    rng = np.random.default_rng(38)
    X = np.round(rng.normal(size=(3, 3)), 1)
    W = np.round(rng.normal(scale=0.6, size=(3, 2)), 1)
    return X, W


def L_of(X, W):
    return matrix_function_forward_sum(X, W, sigmoid)


def _notebook_code() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_chapter_uses_the_inputs_and_call_tested_here():
    code = _notebook_code()
    assert "rng = np.random.default_rng(38)" in code
    assert "X = np.round(rng.normal(size=(3, 3)), 1)" in code
    assert "W = np.round(rng.normal(scale=0.6, size=(3, 2)), 1)" in code
    assert "dLdX = dLdN @ W.T" in code
    assert "lambda X_: L_of(X_, W), X, (0, 0), dLdX[0, 0],\n    half_width=3.0, name=\"L\", entry=\"x₁₁\"," in code


def test_numbers_in_the_prose_match_the_code():
    """The nudge size the prose states is numerical_gradient's default; the shape rule comes before the 4-D array."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert "by $\\pm 10^{-5}$" in prose
    assert inspect.signature(numerical_gradient).parameters["delta"].default == 1e-5
    X, W = chapter_inputs()
    assert f"$N$ has ${X.shape[0] * W.shape[1]}$ entries and $X$ has ${X.size}$" in prose
    assert f"each of the {X.size} entries of $X$ (then each of the {W.size} entries of $W$)" in prose
    assert prose.index("## The shape rule") < prose.index("## Optional: the derivative of a matrix")
    assert prose.index("**loss**") < prose.index("exercise 6.2 replaces it")


@pytest.fixture
def x11_plot():
    X, W = chapter_inputs()
    dLdX = matrix_function_backward_sum_1(X, W, sigmoid)
    data = plot_entry_slice(lambda X_: L_of(X_, W), X, (0, 0), dLdX[0, 0], half_width=3.0, name="L", entry="x₁₁")
    yield data
    plt.close(data.fig)


def test_curve_is_L_as_x11_varies(x11_plot):
    X, W = chapter_inputs()
    t, values = x11_plot.lines["L"]
    np.testing.assert_allclose(t, np.linspace(X[0, 0] - 3, X[0, 0] + 3, 201))
    # Only row 1 of N changes with x₁₁: n₁ₖ = t·w₁ₖ + x₁₂w₂ₖ + x₁₃w₃ₖ.
    rest = np.sum(sigmoid(X[1:] @ W))
    row = np.outer(t, W[0]) + X[0, 1:] @ W[1:]
    np.testing.assert_allclose(values, rest + np.sum(1 / (1 + np.exp(-row)), axis=1), rtol=1e-12)


def test_tangent_slope_is_dL_dx11(x11_plot):
    X, W = chapter_inputs()
    t, tangent = x11_plot.lines["tangent"]
    slope = (tangent[-1] - tangent[0]) / (t[-1] - t[0])
    assert slope == pytest.approx(matrix_function_backward_sum_1(X, W, sigmoid)[0, 0], rel=1e-9)
    assert slope == pytest.approx(numerical_gradient(lambda X_: L_of(X_, W), X)[0, 0], abs=1e-8)
    (a,), (fa,) = x11_plot.lines["point"]
    assert a == X[0, 0]
    assert fa == pytest.approx(L_of(X, W), rel=1e-12)
    near = np.abs(t - a) < 0.02
    _, values = x11_plot.lines["L"]
    assert near.any() and np.max(np.abs(tangent[near] - values[near])) < 1e-4


def test_both_gradients_match_finite_differences_on_every_entry():
    X, W = chapter_inputs()
    dLdX = matrix_function_backward_sum_1(X, W, sigmoid)
    dLdW = matrix_function_backward_sum_2(X, W, sigmoid)
    assert dLdX.shape == (3, 3) and dLdW.shape == (3, 2)
    assert np.max(np.abs(dLdX - numerical_gradient(lambda X_: L_of(X_, W), X))) < 1e-6
    assert np.max(np.abs(dLdW - numerical_gradient(lambda W_: L_of(X, W_), W))) < 1e-6


def test_gradients_equal_the_sums_over_paths_derived_in_the_chapter():
    X, W = chapter_inputs()
    dLdN = sigmoid_deriv(X @ W)
    by_paths_X = np.array([[sum(dLdN[i, k] * W[j, k] for k in range(2)) for j in range(3)] for i in range(3)])
    by_paths_W = np.array([[sum(X[i, j] * dLdN[i, k] for i in range(3)) for k in range(2)] for j in range(3)])
    np.testing.assert_allclose(matrix_function_backward_sum_1(X, W, sigmoid), by_paths_X, rtol=1e-12)
    np.testing.assert_allclose(matrix_function_backward_sum_2(X, W, sigmoid), by_paths_W, rtol=1e-12)


def test_the_3x3_matrix_is_the_gradient_of_sum_N():
    X, W = chapter_inputs()
    grad_sum_N = numerical_gradient(lambda X_: np.sum(X_ @ W), X)
    np.testing.assert_allclose(matmul_backward_first(X, W), grad_sum_N, atol=1e-8)
    np.testing.assert_allclose(matmul_backward_first(X, W), np.ones((3, 2)) @ W.T)
