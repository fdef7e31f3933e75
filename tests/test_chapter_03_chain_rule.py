"""Chapter 3 (Nested functions and the chain rule): the figures show what the chapter says.

Each test redraws a figure of chapters/03_chain_rule.ipynb with the same helper and
arguments and checks the data drawn: the chain-rule curve equals both the central
difference of the whole composite and an independent closed-form derivative.
"""
import ast
import inspect
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecture_lib import (
    chain_apply,
    chain_backward,
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_forward,
    deriv,
    leaky_relu,
    sigmoid,
    sigmoid_deriv,
    square,
)
from lecture_lib.functions import LEAKY_SLOPE
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


# ----------------------------------------------------------------- what the prose states

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "03_chain_rule.ipynb"


def _prose() -> str:
    """Every markdown cell and every figure's alt text: the text a reader sees."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    texts = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    texts += [c["metadata"].get("mystnb", {}).get("image", {}).get("alt", "") for c in cells]
    return "\n".join(texts)


def _minus(text: str) -> str:
    return text.replace("-", "−")


def _numbers_stated():
    """The numbers the prose states, computed from lecture_lib (so LEAKY_SLOPE can change)."""
    s = LEAKY_SLOPE
    u1 = float(leaky_relu(-1.5))
    u2, y = u1 ** 2, float(sigmoid(u1 ** 2))
    outer = float(sigmoid_deriv(u2))
    product = outer * 2 * u1 * s
    left = 2 * float(sigmoid(0.0)) * float(sigmoid_deriv(0.0)) * s
    lowest = float(sigmoid(leaky_relu(-3.0))) ** 2
    plateau = float(sigmoid(leaky_relu(-3.0) ** 2))
    return [
        rf"$\sigma'({u2:.2f}) \approx {outer:.4f}$",
        rf"$\frac{{d}}{{du}}u^2 = 2u_1 = {2 * u1:.1f}$",
        rf"$\operatorname{{leaky}}'(-1.5) = {s:g}$",
        f"their product ${product:.4f}$",
        _minus(f"u₁ = {u1:.1f}, u₂ = {u2:.2f}, y = {y:.3f}"),
        _minus(f"local factors {outer:.3f}, {2 * u1:.1f} and {s:g} give dy/dx = {product:.4f}"),
        rf"$2\sigma(0)\sigma'(0)\times {s:g} = {left:.2f}$",
        f"`leaky_relu_deriv(0)` is ${s:g}$",
        f"rising from {lowest:.2f} to 0.9",
        f"near 0.5–{plateau:.1f} left of 0",
    ]


@pytest.mark.parametrize("claim", _numbers_stated())
def test_the_prose_states_what_lecture_lib_computes(claim):
    assert claim in _prose(), f"chapter 3 should say {claim!r} (computed from lecture_lib)"


def test_the_slides_listings_agree_with_the_generic_chain_rule():
    x = np.linspace(-2, 2, 41).reshape(41, 1)  # any shape, not only 1-D
    for chain in ([square, sigmoid], [np.sin, leaky_relu]):
        np.testing.assert_allclose(chain_deriv_2(chain, x), chain_deriv(chain, x), rtol=1e-12)
    for chain in ([leaky_relu, square, sigmoid], [np.cos, sigmoid, square]):
        np.testing.assert_allclose(chain_deriv_3(chain, x), chain_deriv(chain, x), rtol=1e-12)


def test_the_slides_listings_keep_the_forward_values_and_go_backwards():
    """The shown listings compute f1_of_x once and take the local derivatives output first."""
    function = ast.parse(inspect.getsource(chain_deriv_3)).body[0]
    body = "\n".join(ast.unparse(statement) for statement in function.body[1:])  # no docstring
    assert body.count("f1(") == 1 and "f2(f1_of_x)" in body
    order = [body.index(name + " = ") for name in ("df3du", "df2du", "df1dx")]
    assert order == sorted(order)


def test_the_backward_sweep_count_in_the_chapter():
    """'Why backwards?': n multiplications in one sweep against n(n − 1)/2 one at a time."""
    n = 10
    assert sum(n - k - 1 for k in range(n)) == n * (n - 1) // 2 == 45
