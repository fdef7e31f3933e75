"""Chapter 5 (vector inputs): the plotted slope is the backward pass's gradient entry.

The test repeats the chapter's ``plot_entry_slice`` call (same X, W, entry and slope) and
checks the data drawn: the curve is S = σ(X·W) as x₁ varies, the tangent's slope equals
both ``matrix_function_backward_1`` and an independent central difference, and the tangent
touches the curve at the current x₁.
"""
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_lib import (  # noqa: E402
    matmul_backward_first,
    matmul_backward_second,
    matrix_forward_extra,
    matrix_function_backward_1,
    numerical_gradient,
    sigmoid,
    sigmoid_deriv,
)
from lecture_lib.plotting import plot_entry_slice  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "05_vector_inputs.ipynb"
X = np.array([[0.5, -1.0, 2.0]])
W = np.array([[0.8], [0.3], [-0.4]])


def S_of(X_, W_):
    return matrix_forward_extra(X_, W_, sigmoid).item()


def _notebook_code() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_chapter_uses_the_inputs_and_call_tested_here():
    code = _notebook_code()
    assert "X = np.array([[0.5, -1.0, 2.0]])" in code
    assert "W = np.array([[0.8], [0.3], [-0.4]])" in code
    assert "dSdX = matrix_function_backward_1(X, W, sigmoid)" in code
    assert "lambda X_: S_of(X_, W), X, (0, 0), dSdX[0, 0],\n    half_width=3.0, name=\"S\", entry=\"x₁\"," in code
    assert "delta = 0.001" in code


def _notebook_prose() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_numbers_in_the_prose_match_the_computation():
    """The prose after the nudging table states numbers the code computes; they must stay true."""
    prose = _notebook_prose()
    dSdX = matrix_function_backward_1(X, W, sigmoid)[0]
    delta = 0.001
    gaps = []
    for i in range(X.shape[1]):
        step = np.zeros_like(X)
        step[0, i] = delta
        gaps.append(abs(S_of(X + step, W) - S_of(X, W) - dSdX[i] * delta))
    assert "to within about\n$2 \\times 10^{-8}$" in prose
    assert 1.5e-8 <= max(gaps) < 2.5e-8  # "about 2 × 10⁻⁸"
    assert "$x_1$ ($w_1 = 0.8$), moves $S$ the most" in prose
    assert np.argmax(np.abs(dSdX)) == 0 and np.argmax(np.abs(W[:, 0])) == 0 and W[0, 0] == 0.8
    assert "the current $x_1 = 0.5$" in prose and X[0, 0] == 0.5


@pytest.fixture
def slice_plot():
    dSdX = matrix_function_backward_1(X, W, sigmoid)
    data = plot_entry_slice(lambda X_: S_of(X_, W), X, (0, 0), dSdX[0, 0], half_width=3.0, name="S", entry="x₁")
    yield data
    plt.close(data.fig)


def test_curve_is_S_as_x1_varies(slice_plot):
    t, s = slice_plot.lines["S"]
    np.testing.assert_allclose(t, np.linspace(-2.5, 3.5, 201))
    n = t * 0.8 + (-1.0) * 0.3 + 2.0 * (-0.4)
    np.testing.assert_allclose(s, 1 / (1 + np.exp(-n)), rtol=1e-12)


def test_tangent_slope_is_the_gradient_entry(slice_plot):
    t, tangent = slice_plot.lines["tangent"]
    slope = (tangent[-1] - tangent[0]) / (t[-1] - t[0])
    expected = float(sigmoid_deriv(np.array(-0.7))) * 0.8
    assert slope == pytest.approx(expected, rel=1e-9)
    numeric = numerical_gradient(lambda X_: S_of(X_, W), X)[0, 0]
    assert slope == pytest.approx(numeric, abs=1e-8)


def test_tangent_touches_the_curve_at_the_current_value(slice_plot):
    (a,), (fa,) = slice_plot.lines["point"]
    assert a == 0.5
    assert fa == pytest.approx(S_of(X, W), rel=1e-12)
    t, tangent = slice_plot.lines["tangent"]
    _, s = slice_plot.lines["S"]
    near = np.abs(t - a) < 0.02
    assert near.any()
    # Tangent: the gap to the curve shrinks like (t − a)², not like |t − a|.
    assert np.max(np.abs(tangent[near] - s[near])) < 1e-4


def test_a_wrong_slope_would_not_touch():
    data = plot_entry_slice(lambda X_: S_of(X_, W), X, (0, 0), 0.3, half_width=3.0, name="S", entry="x₁")
    t, tangent = data.lines["tangent"]
    _, s = data.lines["S"]
    plt.close(data.fig)
    assert np.max(np.abs(tangent - s)[np.abs(t - 0.5) < 0.5]) > 0.02


def test_every_gradient_entry_matches_the_nudges():
    dSdX = matrix_function_backward_1(X, W, sigmoid)
    np.testing.assert_allclose(dSdX, numerical_gradient(lambda X_: S_of(X_, W), X), atol=1e-8)
    np.testing.assert_allclose(matmul_backward_first(X, W), W.T)
    np.testing.assert_allclose(matmul_backward_second(X, W), X.T)


def test_plot_entry_slice_rejects_bad_input():
    f = lambda X_: S_of(X_, W)  # noqa: E731
    with pytest.raises(ValueError, match="not an entry"):
        plot_entry_slice(f, X, (0, 5), 0.1)
    with pytest.raises(ValueError, match="half_width"):
        plot_entry_slice(f, X, (0, 0), 0.1, half_width=-1.0)
    with pytest.raises(ValueError, match="num"):
        plot_entry_slice(f, X, (0, 0), 0.1, num=1)
    plt.close("all")
