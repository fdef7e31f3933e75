"""Chapter 2 (Derivatives): the figures show what the chapter says they show.

Each test redraws a figure of chapters/02_derivatives.ipynb with the same helper and
arguments and checks the data drawn (nbval does not compare images).
"""
import matplotlib

matplotlib.use("Agg")

import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_lib import deriv, sigmoid, sigmoid_deriv, square, square_deriv
from lecture_lib.plotting import plot_difference_error, plot_function_and_derivative, plot_tangent

X_PLOT = np.linspace(-3, 3, 400)
CURVES = [
    (square, square_deriv, "square"),
    (sigmoid, sigmoid_deriv, "sigmoid"),
    (np.abs, np.sign, "abs"),
]
A = 1.0
DELTAS = np.logspace(-13, 0, 53)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("func, analytic, name", CURVES, ids=[c[2] for c in CURVES])
def test_derivative_figure_data(func, analytic, name):
    data = plot_function_and_derivative(func, X_PLOT, analytic, name=name)
    np.testing.assert_allclose(data.lines[f"{name}(x)"][1], func(X_PLOT))
    central = data.lines[f"{name}'(x), central difference"][1]
    drawn_analytic = data.lines[f"{name}'(x), analytic"][1]
    np.testing.assert_allclose(drawn_analytic, analytic(X_PLOT))
    assert np.max(np.abs(central - analytic(X_PLOT))) < 1e-6


def test_symmetric_quotient_of_abs_at_zero_is_zero_though_one_sided_slopes_differ():
    assert float(deriv(np.abs, np.array(0.0))) == 0.0
    assert (abs(0.001) - 0) / 0.001 == pytest.approx(1.0)
    assert (0 - abs(-0.001)) / 0.001 == pytest.approx(-1.0)


@pytest.mark.parametrize("func, analytic, a, name", [
    (square, square_deriv, -1.0, "square"),
    (sigmoid, sigmoid_deriv, 1.0, "sigmoid"),
])
def test_tangent_figure_is_the_tangent(func, analytic, a, name):
    slope = float(deriv(func, np.array(a)))
    data = plot_tangent(func, a, slope, X_PLOT, name=name)
    label = [k for k in data.lines if k.startswith("tangent")][0]
    x, y = data.lines[label]
    exact = float(func(np.array(a))) + float(analytic(np.array(a))) * (X_PLOT - a)
    assert np.max(np.abs(y - exact)) < 1e-6 * 10  # slope error ~1e-8 times |x − a| ≤ 4
    np.testing.assert_allclose(data.lines["point"][1], [float(func(np.array(a)))])


def _error_curves():
    data = plot_difference_error(sigmoid, sigmoid_deriv, A, DELTAS, name="sigmoid")
    return data.lines["forward difference"][1], data.lines["central difference"][1]


def test_error_figure_truncation_slopes():
    forward, central = _error_curves()
    truncation = (DELTAS >= 1e-4) & (DELTAS <= 1e-1)
    logd = np.log10(DELTAS[truncation])
    assert np.polyfit(logd, np.log10(forward[truncation]), 1)[0] == pytest.approx(1.0, abs=0.1)
    assert np.polyfit(logd, np.log10(central[truncation]), 1)[0] == pytest.approx(2.0, abs=0.1)


def test_error_figure_shows_round_off_and_the_default_delta_is_good():
    forward, central = _error_curves()
    at_default = central[np.argmin(np.abs(DELTAS - 1e-3))]
    assert at_default < 1e-8
    # Round-off regime: at the smallest Δ both errors are far larger than at Δ = 0.001.
    assert central[0] > 1e3 * at_default and forward[0] > 1e-6
    # The central difference's best Δ lies near ε^(1/3) ≈ 6e-6.
    best = DELTAS[np.argmin(central)]
    assert 1e-7 < best < 1e-4
    # The error drawn is the one defined: |central difference − σ'(1)|.
    expected = abs(float(deriv(sigmoid, np.array(A), 1e-3)) - float(sigmoid_deriv(np.array(A))))
    assert at_default == pytest.approx(expected)


# ----------------------------------------------------------------- numbers stated in the prose

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "02_derivatives.ipynb"


def _prose() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _measured():
    forward, central = _error_curves()
    at_default = central[np.argmin(np.abs(DELTAS - 1e-3))]
    exact = float(sigmoid_deriv(np.array(A)))
    return {"central": central, "at_default": at_default, "exact": exact,
            "tiny": float(deriv(sigmoid, np.array(A), 1e-13)), "eps": np.finfo(float).eps}


def _significant(value: float, digits: int) -> float:
    return float(f"{value:.{digits - 1}e}")


# (a passage of the prose, exactly as it stands, and what must hold for it to be true)
CLAIMS = [
    (r"the tangent has slope $f'(-1) = -2$", lambda m: float(square_deriv(np.array(-1.0))) == -2),
    (r"\sigma(1)(1 - \sigma(1)) \approx 0.197$", lambda m: round(m["exact"], 3) == 0.197),
    (r"here $6 \times 10^{-9}$", lambda m: _significant(m["at_default"], 1) == 6e-9),
    (r"a relative error of a few in $10^{8}$", lambda m: 1e-8 <= m["at_default"] / m["exact"] < 1e-7),
    (r"$\varepsilon = 2.2 \times 10^{-16}$", lambda m: _significant(m["eps"], 2) == 2.2e-16),
    (r"\approx 6 \times 10^{-6}$", lambda m: _significant(m["eps"] ** (1 / 3), 1) == 6e-6),
    (r"$\Delta \sim \sqrt{\varepsilon} \approx 10^{-8}$", lambda m: 0.5e-8 < m["eps"] ** 0.5 < 2e-8),
    ("is off by about $5 \\times 10^{-4}$, a relative error of $2 \\times 10^{-3}$",
     lambda m: _significant(abs(m["tiny"] - m["exact"]), 1) == 5e-4
     and _significant(abs(m["tiny"] - m["exact"]) / m["exact"], 1) == 2e-3),
    ("$\\varepsilon/\\Delta \\approx 2\n  \\times 10^{-13}$", lambda m: _significant(m["eps"] / 1e-3, 1) == 2e-13),
    ("tens of thousands of times smaller than the truncation part",
     lambda m: 1e4 <= m["at_default"] / (m["eps"] / 1e-3) < 1e5),
    ("(an error near\n  $10^{-12}$, printed above)", lambda m: 1e-13 < np.min(m["central"]) < 1e-11),
    (r"at $\Delta = 0.001$ it is around $10^{-8}$", lambda m: 1e-9 < m["at_default"] < 1e-7),
]


@pytest.mark.parametrize("passage, holds", CLAIMS, ids=[c[0][:40] for c in CLAIMS])
def test_a_number_in_the_prose_is_what_the_code_computes(passage, holds):
    """Each number the prose states is checked against lecture_lib; if the passage was
    reworded, update it here together with its check."""
    assert passage in _prose(), f"the chapter no longer says {passage!r}"
    assert holds(_measured()), f"the chapter says {passage!r}, which the data no longer show"
