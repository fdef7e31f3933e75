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
