"""Plots of functions and their derivatives, returning the data they draw.

nbval does not compare images, so every helper here returns a :class:`PlotData` whose
``lines`` hold the exact (x, y) arrays drawn; tests check those against the mathematics.
Colours are the Okabe–Ito palette, which stays distinguishable for colour-blind readers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from ._validate import as_float_array, check_callable, check_positive
from .calculus import deriv

#: Okabe–Ito colours: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


@dataclass
class PlotData:
    """A drawn figure and the data on it: ``lines[label] = (x, y)`` for every curve drawn."""

    fig: object
    axes: list
    lines: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"PlotData({', '.join(self.lines)})"


def _new_axes(ax, figsize=(7, 4)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax.figure, ax


def _line(ax, data: PlotData, label, x, y, **style):
    ax.plot(x, y, label=label, **style)
    data.lines[label] = (np.asarray(x), np.asarray(y))


def plot_functions(funcs: dict, x, *, title="Functions", ax=None) -> PlotData:
    """Draw each ``name: func`` in ``funcs`` over ``x`` on one set of axes."""
    x = as_float_array(x, "x")
    if not isinstance(funcs, dict) or not funcs:
        raise TypeError(f"funcs must be a non-empty dict of name -> function, got {type(funcs).__name__}")
    fig, ax = _new_axes(ax)
    data = PlotData(fig, [ax])
    for k, (name, func) in enumerate(funcs.items()):
        check_callable(func, f"funcs[{name!r}]")
        _line(ax, data, name, x, func(x), color=PALETTE[k % len(PALETTE)], lw=2)
    ax.set(title=title, xlabel="x", ylabel="f(x)")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax.legend()
    return data


def plot_function_and_derivative(func, x, analytic=None, *, name="f", delta=0.001, title=None, ax=None) -> PlotData:
    """Draw f(x), its central-difference derivative and (if given) its analytic derivative.

    Line labels: ``f(x)``, ``central difference``, ``analytic`` (with ``f`` replaced by ``name``).
    The analytic curve is dashed on top of the numerical one, so where they agree they overlap.
    """
    check_callable(func, "func")
    x = as_float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of points to plot, got shape {x.shape}")
    fig, ax = _new_axes(ax)
    data = PlotData(fig, [ax])
    _line(ax, data, f"{name}(x)", x, func(x), color=PALETTE[0], lw=2)
    _line(ax, data, f"{name}'(x), central difference", x, deriv(func, x, delta), color=PALETTE[1], lw=4, alpha=0.6)
    if analytic is not None:
        check_callable(analytic, "analytic")
        _line(ax, data, f"{name}'(x), analytic", x, analytic(x), color=PALETTE[3], lw=1.5, ls="--")
    ax.set(title=title or f"{name} and its derivative", xlabel="x", ylabel="value")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.legend()
    return data


def plot_tangent(func, a, slope, x, *, name="f", ax=None, title=None) -> PlotData:
    """Draw f over ``x`` with the tangent line at x = a: y = f(a) + slope·(x − a)."""
    check_callable(func, "func")
    x = as_float_array(x, "x")
    a = float(as_float_array(a, "a"))
    slope = float(as_float_array(slope, "slope"))
    fig, ax = _new_axes(ax)
    data = PlotData(fig, [ax])
    fa = float(func(np.array(a)))
    _line(ax, data, f"{name}(x)", x, func(x), color=PALETTE[0], lw=2)
    _line(ax, data, f"tangent at x = {a:g}, slope {slope:.3f}", x, fa + slope * (x - a), color=PALETTE[3], ls="--")
    ax.plot([a], [fa], "o", color="black")
    data.lines["point"] = (np.array([a]), np.array([fa]))
    ax.set(title=title or f"{name} and its tangent at x = {a:g}", xlabel="x", ylabel=f"{name}(x)")
    ax.legend()
    return data


def difference_errors(func, analytic, a, deltas):
    """Absolute errors of the forward and central differences of ``func`` at ``a`` for each Δ.

    Returns ``(forward_errors, central_errors)``, arrays the shape of ``deltas``.
    """
    check_callable(func, "func")
    check_callable(analytic, "analytic")
    deltas = as_float_array(deltas, "deltas")
    for d in deltas.ravel():
        check_positive(float(d), "every delta")
    a = float(as_float_array(a, "a"))
    exact = float(analytic(np.array(a)))
    forward = np.array([abs((float(func(np.array(a + d))) - float(func(np.array(a)))) / d - exact) for d in deltas])
    central = np.array([abs(float(deriv(func, np.array(a), float(d))) - exact) for d in deltas])
    return forward, central


def plot_difference_error(func, analytic, a, deltas, *, name="f", ax=None) -> PlotData:
    """Log–log plot of the forward- and central-difference errors at x = a against Δ."""
    deltas = as_float_array(deltas, "deltas")
    forward, central = difference_errors(func, analytic, a, deltas)
    fig, ax = _new_axes(ax)
    data = PlotData(fig, [ax])
    # A zero error cannot be drawn on a log axis; floor it at the smallest positive double.
    tiny = np.finfo(float).tiny
    _line(ax, data, "forward difference", deltas, np.maximum(forward, tiny), color=PALETTE[0], marker="o", ms=3)
    _line(ax, data, "central difference", deltas, np.maximum(central, tiny), color=PALETTE[1], marker="s", ms=3)
    ax.set(xscale="log", yscale="log", xlabel="Δ", ylabel="|numerical − exact|",
           title=f"Error of the numerical derivative of {name} at x = {float(a):g}")
    ax.axvline(1e-3, color="0.5", ls=":", lw=1)
    ax.legend()
    return data


def plot_partial_derivatives(forward, backward, x, y, *, name="f", delta=0.001, title=None) -> PlotData:
    """Draw f(x, y) along x for one fixed y, and both partial derivatives, two ways.

    ``forward(x, y)`` returns f elementwise; ``backward(x, y)`` returns the pair
    (∂f/∂x, ∂f/∂y), each with the shape of x (as the lecture's ``*_backward`` functions do).
    ``y`` is one number, held fixed while x runs over the 1-D array ``x``.

    The central differences nudge one input while the other stays fixed:
        ∂f/∂x ≈ (f(x + Δ, y) − f(x − Δ, y)) / 2Δ,   ∂f/∂y ≈ (f(x, y + Δ) − f(x, y − Δ)) / 2Δ.

    Left panel: ``f(x, y)``. Right panel line labels: ``∂f/∂x, backward pass``,
    ``∂f/∂x, central difference``, ``∂f/∂y, backward pass``, ``∂f/∂y, central difference``
    (with ``f`` replaced by ``name``).
    """
    check_callable(forward, "forward")
    check_callable(backward, "backward")
    x = as_float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of points to plot, got shape {x.shape}")
    y_value = as_float_array(y, "y")
    if y_value.ndim != 0:
        raise ValueError(f"y must be one number (held fixed along x), got shape {y_value.shape}")
    delta = check_positive(delta, "delta")
    yy = np.full_like(x, float(y_value))
    result = backward(x, yy)
    if not isinstance(result, tuple) or len(result) != 2:
        raise TypeError(f"backward must return the pair (∂f/∂x, ∂f/∂y), got {type(result).__name__}")
    dfdx, dfdy = (np.broadcast_to(as_float_array(r, "backward result"), x.shape) for r in result)
    dfdx_numeric = (forward(x + delta, yy) - forward(x - delta, yy)) / (2 * delta)
    dfdy_numeric = (forward(x, yy + delta) - forward(x, yy - delta)) / (2 * delta)

    fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=(11, 4))
    data = PlotData(fig, [ax_f, ax_d])
    y_text = f"{float(y_value):g}"
    _line(ax_f, data, f"{name}(x, y)", x, forward(x, yy), color=PALETTE[0], lw=2)
    ax_f.set(title=f"{name}(x, y) along x, y = {y_text}", xlabel="x", ylabel=f"{name}(x, y)")
    ax_f.legend()
    # Thick translucent lines for the backward pass, thin dashed ones on top for the
    # differences: where they agree, the reader sees one line drawn over the other.
    _line(ax_d, data, f"∂{name}/∂x, backward pass", x, dfdx, color=PALETTE[1], lw=5, alpha=0.5)
    _line(ax_d, data, f"∂{name}/∂x, central difference", x, dfdx_numeric, color=PALETTE[3], lw=1.5, ls="--")
    _line(ax_d, data, f"∂{name}/∂y, backward pass", x, dfdy, color=PALETTE[5], lw=5, alpha=0.5)
    _line(ax_d, data, f"∂{name}/∂y, central difference", x, dfdy_numeric, color=PALETTE[7], lw=1.5, ls=":")
    ax_d.set(title=title or f"Partial derivatives of {name} along x, y = {y_text}", xlabel="x", ylabel="slope")
    ax_d.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax_d.legend(fontsize="small")
    fig.tight_layout()
    return data


def plot_entry_slice(func, array, index, slope, *, half_width=2.0, num=201, name="L", entry="x",
                     title=None, ax=None) -> PlotData:
    """Draw a scalar function of an array as ONE entry moves, with the tangent at its current value.

    ``func(A)`` returns one number. Entry ``A[index]`` (current value a) runs over
    [a − half_width, a + half_width] while every other entry keeps its value; the tangent is
    y = func(A) + slope·(t − a), so if ``slope`` is the gradient entry ∂func/∂A[index] it touches
    the curve at t = a.

    Line labels: ``name`` (the curve), ``tangent`` and ``point`` (the current value).
    """
    check_callable(func, "func")
    base = as_float_array(array, "array")
    if not isinstance(index, tuple):
        index = (index,)
    try:
        a = float(base[index])
    except (IndexError, TypeError) as exc:
        raise ValueError(f"index {index} is not an entry of an array of shape {base.shape}") from exc
    slope = float(as_float_array(slope, "slope"))
    half_width = check_positive(half_width, "half_width")
    if not isinstance(num, int) or num < 2:
        raise ValueError(f"num must be an integer >= 2, got {num!r}")

    def at(t):
        moved = base.copy()
        moved[index] = t
        return float(func(moved))

    t = np.linspace(a - half_width, a + half_width, num)
    values = np.array([at(v) for v in t])
    fa = at(a)
    fig, ax = _new_axes(ax)
    data = PlotData(fig, [ax])
    _line(ax, data, name, t, values, color=PALETTE[0], lw=2)
    _line(ax, data, "tangent", t, fa + slope * (t - a), color=PALETTE[3], ls="--")
    ax.plot([a], [fa], "o", color="black")
    data.lines["point"] = (np.array([a]), np.array([fa]))
    ax.set(title=title or f"{name} as {entry} varies, all other entries fixed",
           xlabel=entry, ylabel=name)
    ax.legend([name, f"tangent at {entry} = {a:.3f}, slope {slope:.4f}", "current value"])
    return data
