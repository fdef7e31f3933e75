"""Chapter 3 (Nested functions and the chain rule): the figures show what the chapter says.

Each test redraws a figure of chapters/03_chain_rule.ipynb with the same helper and
arguments and checks the data drawn: the chain-rule curve equals both the central
difference of the whole composite and an independent closed-form derivative.
"""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_lib import (
    chain_apply,
    chain_backward,
    chain_deriv,
    chain_forward,
    deriv,
    leaky_relu,
    sigmoid,
    square,
)
from lecture_lib.plotting import plot_chain_derivative

X_PLOT = np.linspace(-3, 3, 400)


def _s(x):
    return 1 / (1 + np.exp(-x))


def _ds(x):
    return _s(x) * (1 - _s(x))


def _leaky(x):
    return np.where(x > 0, x, 0.2 * x)


def _dleaky(x):
    return np.where(x > 0, 1.0, 0.2)


# chain, closed-form composite, closed-form derivative (written out by hand, independent of lecture_lib)
CASES = [
    ([square, sigmoid], lambda x: _s(x ** 2), lambda x: _ds(x ** 2) * 2 * x),
    ([sigmoid, square], lambda x: _s(x) ** 2, lambda x: 2 * _s(x) * _ds(x)),
    ([leaky_relu, square, sigmoid], lambda x: _s(_leaky(x) ** 2),
     lambda x: _ds(_leaky(x) ** 2) * 2 * _leaky(x) * _dleaky(x)),
    ([leaky_relu, sigmoid, square], lambda x: _s(_leaky(x)) ** 2,
     lambda x: 2 * _s(_leaky(x)) * _ds(_leaky(x)) * _dleaky(x)),
]
IDS = ["sigmoid(square)", "square(sigmoid)", "sigmoid(square(leaky))", "square(sigmoid(leaky))"]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("chain, composite, derivative", CASES, ids=IDS)
def test_chain_figure_data(chain, composite, derivative):
    data = plot_chain_derivative(chain, X_PLOT)
    for label in ("composite", "central difference", "chain rule"):
        np.testing.assert_array_equal(data.lines[label][0], X_PLOT)
    np.testing.assert_allclose(data.lines["composite"][1], composite(X_PLOT), rtol=1e-12)
    chain_rule = data.lines["chain rule"][1]
    central = data.lines["central difference"][1]
    assert np.max(np.abs(chain_rule - central)) < 1e-6
    assert np.max(np.abs(chain_rule - derivative(X_PLOT))) < 1e-12


def test_chain_figure_central_difference_is_of_the_whole_composite():
    """The helper's numerical curve is a central difference of the composite, not of each link."""
    chain = [leaky_relu, sigmoid, square]
    data = plot_chain_derivative(chain, X_PLOT)
    expected = deriv(lambda u: chain_apply(chain, u), X_PLOT)
    np.testing.assert_array_equal(data.lines["central difference"][1], expected)


def test_chain_figure_detects_a_wrong_chain_rule():
    """If the local derivatives were wrong, the drawn curves would disagree (the check can fail)."""
    chain = [square, sigmoid]
    wrong = [lambda u: 2 * u, lambda u: _ds(u) * 2]  # outer derivative doubled
    data = plot_chain_derivative(chain, X_PLOT, derivatives=wrong)
    assert np.max(np.abs(data.lines["chain rule"][1] - data.lines["central difference"][1])) > 1e-2


def test_step_by_step_values_at_minus_one_point_five():
    """The chapter's forward/backward table for [leaky_relu, square, sigmoid] at x = −1.5."""
    chain = [leaky_relu, square, sigmoid]
    values = [float(v) for v in chain_forward(chain, -1.5)]
    np.testing.assert_allclose(values, [-1.5, -0.3, 0.09, _s(0.09)])
    local = [float(v) for v in chain_backward(chain, chain_forward(chain, -1.5))]
    np.testing.assert_allclose(local, [_ds(0.09), -0.6, 0.2])
    assert float(chain_deriv(chain, -1.5)) == pytest.approx(_ds(0.09) * -0.6 * 0.2)


def test_kink_of_square_sigmoid_leaky_at_zero():
    f = lambda u: chain_apply([leaky_relu, sigmoid, square], u)
    h = 1e-6
    left = float((f(np.array(0.0)) - f(np.array(-h))) / h)
    right = float((f(np.array(h)) - f(np.array(0.0))) / h)
    assert left == pytest.approx(0.05, abs=1e-5)
    assert right == pytest.approx(0.25, abs=1e-5)


def test_plot_chain_derivative_rejects_bad_input():
    with pytest.raises(TypeError):
        plot_chain_derivative(square, X_PLOT)
    with pytest.raises(ValueError):
        plot_chain_derivative([square, sigmoid], X_PLOT.reshape(20, 20))
    with pytest.raises(ValueError):
        plot_chain_derivative([square, sigmoid], X_PLOT, names=["only one"])
