"""Chapter 1 (Functions): the derivative figures show what the chapter says they show.

nbval does not compare images, so these tests redraw each figure with the same helper
and arguments as chapters/01_functions.ipynb and check the data drawn.
"""
import matplotlib

matplotlib.use("Agg")

import inspect
import json
import math
import re
from pathlib import Path

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
from lecture_lib.functions import LEAKY_SLOPE
from lecture_lib.plotting import plot_function_and_derivative, plot_functions

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "01_functions.ipynb"

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
    """The prose: the central difference at 0 is (0 + 1)/2 for ReLU and (s + 1)/2 for leaky ReLU."""
    assert float(deriv(relu, np.array(0.0))) == pytest.approx((0 + 1) / 2)
    assert float(deriv(leaky_relu, np.array(0.0))) == pytest.approx((LEAKY_SLOPE + 1) / 2)


def _markdown() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def _numbers_the_prose_may_state() -> dict[str, float]:
    """Every decimal the chapter's prose states, computed from lecture_lib (name: value)."""
    return {
        "leaky ReLU's slope s (LEAKY_SLOPE)": LEAKY_SLOPE,
        "deriv's default Δ": inspect.signature(deriv).parameters["delta"].default,
        "X_PLOT's points nearest to 0": float(np.min(np.abs(X_PLOT))),
        "the largest float, mantissa": np.finfo(float).max / 10 ** 308,
        "e^710, mantissa": math.exp(710 - 308 * math.log(10)),  # e^710 itself overflows
    }


def test_every_decimal_in_the_prose_is_computed_by_lecture_lib():
    """Numbers in the text cannot go stale: each decimal the prose states (outside exercise
    numbers) is, to the digits it shows, one that lecture_lib computes now. Changing
    LEAKY_SLOPE, deriv's Δ or the grid makes this fail, naming the passage."""
    allowed = _numbers_the_prose_may_state()
    stale = []
    for text in _markdown():
        text = re.sub(r"Exercise \d+\.\d+", "", text)
        for match in re.finditer(r"(?<![\w.])\d+\.\d+(?![\w.])", text):
            stated = match.group(0)
            digits = len(stated.split(".")[1])
            if not any(round(value, digits) == float(stated) for value in allowed.values()):
                stale.append(f"{stated!r} in: ...{text[max(0, match.start() - 60):match.end() + 20]}...")
    assert not stale, "numbers in the prose that lecture_lib does not compute:\n" + "\n".join(stale)


def test_the_prose_states_the_slope_s_once_with_its_value():
    """s is named once with its value (the lecture's 0.2); everywhere else the prose says s."""
    stated = [m.group(1) for text in _markdown() for m in re.finditer(r"\$s = ([\d.]+)\$", text)]
    assert stated == [str(LEAKY_SLOPE)]


def test_the_check_cell_outputs_are_the_table_the_prose_reads():
    """The kink table prints, for each function, the analytic slopes on both sides and the average."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    table = next("".join(o["text"]) for c in cells if c["cell_type"] == "code"
                 for o in c.get("outputs", []) if o.get("name") == "stdout" and "slope left" in "".join(o["text"]))
    leaky = next(line for line in table.splitlines() if line.startswith("leaky ReLU")).split()
    assert [float(v) for v in leaky[2:6]] == pytest.approx(
        [LEAKY_SLOPE, 1.0, round((LEAKY_SLOPE + 1) / 2, 2), LEAKY_SLOPE])


def test_tanh_exercise_figure():
    """Exercise 1.2 plots tanh with its derivative 1 − tanh²; the central difference agrees."""
    data = plot_function_and_derivative(np.tanh, X_PLOT, lambda x: 1 - np.tanh(x) ** 2, name="tanh")
    _, central = data.lines["tanh'(x), central difference"]
    assert np.max(np.abs(central - (1 - np.tanh(X_PLOT) ** 2))) < 1e-6
