"""Chapter 1 (Functions): the derivative figures show what the chapter says they show.

nbval does not compare images, so these tests redraw each figure with the same helper
and arguments as chapters/01_functions.ipynb and check the data drawn.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_lib import (
    deriv,
    leaky_relu,
    leaky_relu_deriv,
    relu,
    relu_deriv,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)
from lecture_lib.plotting import plot_function_and_derivative, plot_functions

# The chapter's plotting grid.
X_PLOT = np.linspace(-3, 3, 400)

FUNCTIONS = [
    (square, square_deriv, "square"),
    (relu, relu_deriv, "relu"),
    (leaky_relu, leaky_relu_deriv, "leaky_relu"),
    (sigmoid, sigmoid_deriv, "sigmoid"),
]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_grid_avoids_the_kink():
    """The chapter's claim: no grid point lies within Δ = 0.001 of the kink at 0."""
    assert np.min(np.abs(X_PLOT)) > 0.001


@pytest.mark.parametrize("func, analytic, name", FUNCTIONS, ids=[f[2] for f in FUNCTIONS])
def test_derivative_figure_data(func, analytic, name):
    data = plot_function_and_derivative(func, X_PLOT, analytic, name=name)
    x, y = data.lines[f"{name}(x)"]
    np.testing.assert_array_equal(x, X_PLOT)
    np.testing.assert_allclose(y, func(X_PLOT))
    _, central = data.lines[f"{name}'(x), central difference"]
    _, drawn_analytic = data.lines[f"{name}'(x), analytic"]
    np.testing.assert_allclose(drawn_analytic, analytic(X_PLOT))
    assert np.max(np.abs(central - analytic(X_PLOT))) < 1e-6


@pytest.mark.parametrize("func, expected", [
    (square, lambda x: 2 * x),
    (relu, lambda x: (x > 0).astype(float)),
    (leaky_relu, lambda x: np.where(x > 0, 1.0, 0.2)),
    (sigmoid, lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2),
])
def test_analytic_derivatives_against_independent_formulas(func, expected):
    """The hand-written derivatives the figure draws equal the chapter's formulas."""
    analytic = dict((f, a) for f, a, _ in FUNCTIONS)[func]
    np.testing.assert_allclose(analytic(X_PLOT), expected(X_PLOT), rtol=1e-12, atol=1e-15)


def test_curves_figure_data():
    funcs = {"square": square, "relu": relu, "leaky": leaky_relu, "sigmoid": sigmoid}
    data = plot_functions(funcs, X_PLOT)
    for label, func in funcs.items():
        np.testing.assert_allclose(data.lines[label][1], func(X_PLOT))


def test_central_difference_at_the_kink_averages_the_one_sided_slopes():
    assert float(deriv(relu, np.array(0.0))) == pytest.approx(0.5)
    assert float(deriv(leaky_relu, np.array(0.0))) == pytest.approx(0.6)


def test_tanh_exercise_figure():
    """Exercise 1.2 plots tanh with its derivative 1 − tanh²; the central difference agrees."""
    data = plot_function_and_derivative(np.tanh, X_PLOT, lambda x: 1 - np.tanh(x) ** 2, name="tanh")
    _, central = data.lines["tanh'(x), central difference"]
    assert np.max(np.abs(central - (1 - np.tanh(X_PLOT) ** 2))) < 1e-6
