"""Chapter 4 (multiple inputs): the plotted partial derivatives are the right ones.

Each test makes the same ``plot_partial_derivatives`` call as the chapter and checks the
data it drew: the backward-pass curves equal the analytic partial derivatives, and the
central-difference curves (which nudge one input with the other fixed) agree with them.
"""
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_lib import (  # noqa: E402
    multiple_inputs_add,
    multiple_inputs_add_backward,
    multiple_inputs_multiply,
    multiple_inputs_multiply_backward,
    sigmoid,
    sigmoid_deriv,
)
from lecture_lib.plotting import plot_partial_derivatives  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "04_multiple_inputs.ipynb"
X_GRID = np.linspace(-5, 5, 201)
Y_FIXED = 0.5


def _notebook_code() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_chapter_makes_the_calls_tested_here():
    code = _notebook_code()
    assert "x_grid = np.linspace(-5, 5, 201)" in code
    assert "lambda x, y: multiple_inputs_add_backward(x, y, sigmoid),\n    x_grid, 0.5," in code
    assert "lambda x, y: multiple_inputs_multiply_backward(x, y, sigmoid),\n    x_grid, 0.5," in code


@pytest.fixture
def add_plot():
    data = plot_partial_derivatives(
        lambda x, y: multiple_inputs_add(x, y, sigmoid),
        lambda x, y: multiple_inputs_add_backward(x, y, sigmoid),
        X_GRID, Y_FIXED,
    )
    yield data
    plt.close(data.fig)


@pytest.fixture
def multiply_plot():
    data = plot_partial_derivatives(
        lambda x, y: multiple_inputs_multiply(x, y, sigmoid),
        lambda x, y: multiple_inputs_multiply_backward(x, y, sigmoid),
        X_GRID, Y_FIXED,
    )
    yield data
    plt.close(data.fig)


def test_add_plot_draws_the_function_along_x(add_plot):
    x, f = add_plot.lines["f(x, y)"]
    np.testing.assert_array_equal(x, X_GRID)
    np.testing.assert_allclose(f, 1 / (1 + np.exp(-(X_GRID + Y_FIXED))), rtol=1e-12)


def test_add_partials_are_both_sigma_prime_of_the_sum(add_plot):
    expected = sigmoid_deriv(X_GRID + Y_FIXED)
    lib_dx, lib_dy = multiple_inputs_add_backward(X_GRID, np.full_like(X_GRID, Y_FIXED), sigmoid)
    np.testing.assert_array_equal(add_plot.lines["∂f/∂x, backward pass"][1], lib_dx)
    np.testing.assert_array_equal(add_plot.lines["∂f/∂y, backward pass"][1], lib_dy)
    for label in ("∂f/∂x, backward pass", "∂f/∂y, backward pass",
                  "∂f/∂x, central difference", "∂f/∂y, central difference"):
        x, d = add_plot.lines[label]
        np.testing.assert_array_equal(x, X_GRID)
        np.testing.assert_allclose(d, expected, atol=1e-6, err_msg=label)


def test_multiply_partials_are_each_scaled_by_the_other_input(multiply_plot):
    outer = sigmoid_deriv(X_GRID * Y_FIXED)
    lib_dx, lib_dy = multiple_inputs_multiply_backward(X_GRID, np.full_like(X_GRID, Y_FIXED), sigmoid)
    np.testing.assert_array_equal(multiply_plot.lines["∂f/∂x, backward pass"][1], lib_dx)
    np.testing.assert_array_equal(multiply_plot.lines["∂f/∂y, backward pass"][1], lib_dy)
    expected = {"x": outer * Y_FIXED, "y": outer * X_GRID}
    for which in ("x", "y"):
        _, backward = multiply_plot.lines[f"∂f/∂{which}, backward pass"]
        _, central = multiply_plot.lines[f"∂f/∂{which}, central difference"]
        np.testing.assert_allclose(backward, expected[which], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(central, backward, atol=1e-6)
    # The point of the chapter's second plot: the two partial derivatives differ except where x = y.
    _, dx = multiply_plot.lines["∂f/∂x, backward pass"]
    _, dy = multiply_plot.lines["∂f/∂y, backward pass"]
    assert np.max(np.abs(dx - dy)) > 0.3


def test_central_difference_curves_hold_the_other_input_fixed():
    # A backward pass that is wrong for y alone must show up as a gap between the y curves.
    wrong = plot_partial_derivatives(
        lambda x, y: multiple_inputs_multiply(x, y, sigmoid),
        lambda x, y: (sigmoid_deriv(x * y) * y, sigmoid_deriv(x * y) * y),
        X_GRID, Y_FIXED,
    )
    _, backward = wrong.lines["∂f/∂y, backward pass"]
    _, central = wrong.lines["∂f/∂y, central difference"]
    plt.close(wrong.fig)
    assert np.max(np.abs(backward - central)) > 0.1


def test_plot_partial_derivatives_rejects_bad_input():
    f = lambda x, y: multiple_inputs_add(x, y, sigmoid)  # noqa: E731
    b = lambda x, y: multiple_inputs_add_backward(x, y, sigmoid)  # noqa: E731
    with pytest.raises(ValueError, match="y must be one number"):
        plot_partial_derivatives(f, b, X_GRID, np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="1-D"):
        plot_partial_derivatives(f, b, np.zeros((2, 2)), 0.5)
    with pytest.raises(TypeError, match="pair"):
        plot_partial_derivatives(f, lambda x, y: x, X_GRID, 0.5)
    plt.close("all")


def test_one_variable_on_two_paths_gets_the_sum_of_the_products():
    """The chapter's section: σ(x·x), x feeding both inputs of β, has derivative σ'(x²)·x + σ'(x²)·x."""
    x = np.array([-1.5, 0.5, 2.0])
    via_first, via_second = multiple_inputs_multiply_backward(x, x, sigmoid)
    central = (multiple_inputs_multiply(x + 1e-3, x + 1e-3, sigmoid)
               - multiple_inputs_multiply(x - 1e-3, x - 1e-3, sigmoid)) / 2e-3
    np.testing.assert_allclose(via_first + via_second, central, atol=1e-6)
    np.testing.assert_allclose(via_first + via_second, sigmoid_deriv(x ** 2) * 2 * x, rtol=1e-12)
    assert np.max(np.abs(via_first - central)) > 0.1  # one path alone is not the derivative
    assert "## One variable, two paths: add the products" in _notebook_markdown()


def _notebook_markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_the_product_is_called_beta_in_the_prose_and_in_the_diagram():
    from lecture_lib import diagrams

    assert r"a = \beta(x, y) = x \cdot y" in _notebook_markdown()
    assert 'op="×"' in _notebook_code()
    diagram = diagrams.two_input_annotated(1.0, 2.0, op="×")
    assert diagram.node_labels["alpha"] == "β: x × y"
    plt.close("all")


def _prose_before_the_exercises() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return text[:text.index("## Exercises")]


def test_every_decimal_in_the_prose_is_computed():
    """Each decimal the prose states is, to the digits it shows, a value the chapter's code uses or computes:
    deriv's Δ, the fixed y of the plots, and the worked point x = 1, y = 2 of σ(x·y)."""
    import inspect

    from lecture_lib import deriv

    x0, y0 = 1.0, 2.0
    slope = float(sigmoid_deriv(x0 * y0))
    allowed = [inspect.signature(deriv).parameters["delta"].default, Y_FIXED,
               float(sigmoid(x0 * y0)), slope, slope * y0, slope * x0]
    text = _prose_before_the_exercises()
    assert "At $x = 1$, $y = 2$ for $f = \\sigma(x \\cdot y)$" in text
    assert "x0, y0 = np.array(1.0), np.array(2.0)" in _notebook_code()
    stale = []
    for match in re.finditer(r"(?<![\w.])\d+\.\d+(?![\w.])", re.sub(r"exercise \d+\.\d+", "", text, flags=re.I)):
        digits = len(match.group(0).split(".")[1])
        if not any(round(value, digits) == float(match.group(0)) for value in allowed):
            stale.append(match.group(0))
    assert not stale, f"decimals in the prose that the chapter does not compute: {stale}"
