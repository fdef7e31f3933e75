"""Plots of functions and their derivatives, returning the data they draw.

nbval does not compare images, so every helper here returns a :class:`PlotData` whose
``lines`` hold the exact (x, y) arrays drawn; tests check those against the mathematics.
Colours are the Okabe–Ito palette, which stays distinguishable for colour-blind readers.

Every helper takes ``target=`` (``"book"``, the default, or ``"slide"``; see
:mod:`lecture_lib.figure_style`): a new figure is drawn at the target's width and every text
at its font sizes. Given ``ax=``, a helper draws into that axes (make the figure with
:func:`lecture_lib.figure_style.panel_grid` for the same target).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np

from ._validate import as_float_array, check_callable, check_chain, check_integer, check_positive
from .calculus import chain_apply, chain_deriv, deriv, difference_errors
from .colors import PALETTE
from .figure_style import get_target, keep_legend_off_data, new_axes, panel_grid, style_axes



@dataclass
class PlotData:
    """A drawn figure and the data on it: ``lines[label] = (x, y)`` for every curve drawn."""

    fig: object
    axes: list
    lines: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"PlotData({', '.join(self.lines)})"


def _line(ax, data: PlotData, label, x, y, **style):
    ax.plot(x, y, label=label, **style)
    data.lines[label] = (np.asarray(x), np.asarray(y))


def _finish_with_legend(ax, target, labels=None) -> None:
    """Every plot's last step: its legend, the axes styled for the target, the legend off the curves."""
    ax.legend(*([] if labels is None else [labels]))
    style_axes(ax, target)
    keep_legend_off_data(ax)


def plot_functions(funcs: dict, x, *, title="Functions", ax=None, target=None) -> PlotData:
    """Draw each ``name: func`` in ``funcs`` over ``x`` on one set of axes."""
    x = as_float_array(x, "x")
    if not isinstance(funcs, dict) or not funcs:
        raise TypeError(f"funcs must be a non-empty dict of name -> function, got {type(funcs).__name__}")
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    for k, (name, func) in enumerate(funcs.items()):
        check_callable(func, f"funcs[{name!r}]")
        _line(ax, data, name, x, func(x), color=PALETTE[k % len(PALETTE)], lw=2)
    ax.set(title=title, xlabel="x", ylabel="f(x)")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    _finish_with_legend(ax, target)
    return data


def plot_function_and_derivative(func, x, analytic=None, *, name="f", delta=0.001, title=None, ax=None,
                                 target=None) -> PlotData:
    """Draw f(x), its central-difference derivative and (if given) its analytic derivative.

    Line labels: ``f(x)``, ``central difference``, ``analytic`` (with ``f`` replaced by ``name``).
    The analytic curve is dashed on top of the numerical one, so where they agree they overlap.
    """
    check_callable(func, "func")
    x = as_float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of points to plot, got shape {x.shape}")
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    _line(ax, data, f"{name}(x)", x, func(x), color=PALETTE[0], lw=2)
    _line(ax, data, f"{name}'(x), central difference", x, deriv(func, x, delta), color=PALETTE[1], lw=4, alpha=0.6)
    if analytic is not None:
        check_callable(analytic, "analytic")
        _line(ax, data, f"{name}'(x), analytic", x, analytic(x), color=PALETTE[3], lw=1.5, ls="--")
    ax.set(title=title or f"{name} and its derivative", xlabel="x", ylabel="value")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    _finish_with_legend(ax, target)
    return data


def plot_tangent(func, a, slope, x, *, name="f", ax=None, title=None, target=None) -> PlotData:
    """Draw f over ``x`` with the tangent line at x = a: y = f(a) + slope·(x − a)."""
    check_callable(func, "func")
    x = as_float_array(x, "x")
    a = float(as_float_array(a, "a"))
    slope = float(as_float_array(slope, "slope"))
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    fa = float(func(np.array(a)))
    _line(ax, data, f"{name}(x)", x, func(x), color=PALETTE[0], lw=2)
    _line(ax, data, f"tangent at x = {a:g}, slope {slope:.3f}", x, fa + slope * (x - a), color=PALETTE[3], ls="--")
    ax.plot([a], [fa], "o", color="black")
    data.lines["point"] = (np.array([a]), np.array([fa]))
    ax.set(title=title or f"{name} and its tangent at x = {a:g}", xlabel="x", ylabel=f"{name}(x)")
    _finish_with_legend(ax, target)
    return data


def plot_difference_error(func, analytic, a, deltas, *, name="f", ax=None, target=None) -> PlotData:
    """Log–log plot of the forward- and central-difference errors at x = a against Δ."""
    deltas = as_float_array(deltas, "deltas")
    forward, central = difference_errors(func, analytic, a, deltas)
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    # A zero error cannot be drawn on a log axis; floor it at the smallest positive double.
    tiny = np.finfo(float).tiny
    _line(ax, data, "forward difference", deltas, np.maximum(forward, tiny), color=PALETTE[0], marker="o", ms=3)
    _line(ax, data, "central difference", deltas, np.maximum(central, tiny), color=PALETTE[1], marker="s", ms=3)
    ax.set(xscale="log", yscale="log", xlabel="Δ", ylabel="|numerical − exact|",
           title=f"Error of the numerical derivative of {name} at x = {float(a):g}")
    ax.axvline(1e-3, color="0.5", ls=":", lw=1)
    _finish_with_legend(ax, target)
    return data


def plot_partial_derivatives(forward, backward, x, y, *, name="f", delta=0.001, title=None, target=None) -> PlotData:
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
    dfdx_numeric = deriv(lambda u: forward(u, yy), x, delta)  # y held fixed
    dfdy_numeric = deriv(lambda v: forward(x, v), yy, delta)  # x held fixed

    fig, (ax_f, ax_d) = panel_grid(2, target=target)
    data = PlotData(fig, [ax_f, ax_d])
    y_text = f"{float(y_value):g}"
    _line(ax_f, data, f"{name}(x, y)", x, forward(x, yy), color=PALETTE[0], lw=2)
    ax_f.set(title=f"{name}(x, y) along x, y = {y_text}", xlabel="x", ylabel=f"{name}(x, y)")
    _finish_with_legend(ax_f, target)
    # Thick translucent lines for the backward pass, thin dashed ones on top for the
    # differences: where they agree, the reader sees one line drawn over the other.
    _line(ax_d, data, f"∂{name}/∂x, backward pass", x, dfdx, color=PALETTE[1], lw=5, alpha=0.5)
    _line(ax_d, data, f"∂{name}/∂x, central difference", x, dfdx_numeric, color=PALETTE[3], lw=1.5, ls="--")
    _line(ax_d, data, f"∂{name}/∂y, backward pass", x, dfdy, color=PALETTE[5], lw=5, alpha=0.5)
    _line(ax_d, data, f"∂{name}/∂y, central difference", x, dfdy_numeric, color=PALETTE[7], lw=1.5, ls=":")
    ax_d.set(title=title or f"Partial derivatives of {name} along x, y = {y_text}", xlabel="x", ylabel="slope")
    ax_d.axhline(0, color="0.8", lw=0.8, zorder=0)
    _finish_with_legend(ax_d, target)
    return data


def plot_entry_slice(func, array, index, slope, *, half_width=2.0, num=201, name="L", entry="x",
                     title=None, ax=None, target=None) -> PlotData:
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
    num = check_integer(num, "num", 2)

    def at(t):
        moved = base.copy()
        moved[index] = t
        return float(func(moved))

    t = np.linspace(a - half_width, a + half_width, num)
    values = np.array([at(v) for v in t])
    fa = at(a)
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    _line(ax, data, name, t, values, color=PALETTE[0], lw=2)
    _line(ax, data, "tangent", t, fa + slope * (t - a), color=PALETTE[3], ls="--")
    ax.plot([a], [fa], "o", color="black")
    data.lines["point"] = (np.array([a]), np.array([fa]))
    ax.set(title=title or f"{name} as {entry} varies, all other entries fixed",
           xlabel=entry, ylabel=name)
    _finish_with_legend(ax, target, [name, f"tangent at {entry} = {a:.3f}, slope {slope:.4f}", "current value"])
    return data


def plot_chain_derivative(chain, x, *, names=None, derivatives=None, delta=0.001, title=None, ax=None,
                          target=None) -> PlotData:
    """Draw a chain f_n(...f_1(x)), its chain-rule derivative and the central difference of the composite.

    ``chain`` is a list of functions applied first to last; ``names`` (optional) their names
    for the labels, default each function's ``__name__``. The chain-rule curve is
    :func:`lecture_lib.calculus.chain_deriv` (analytic local derivatives, or ``derivatives``);
    the central difference treats the whole composite as one function, so it is an
    independent check. Line labels: ``composite``, ``chain rule``, ``central difference``.
    """
    chain = check_chain(chain)
    x = as_float_array(x, "x")
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of points to plot, got shape {x.shape}")
    if names is None:
        names = [getattr(f, "__name__", f"f{k + 1}") for k, f in enumerate(chain)]
    elif not isinstance(names, (list, tuple)) or len(names) != len(chain):
        raise ValueError(f"names must be a list with one name per function ({len(chain)}), got {names!r}")
    formula = "x"
    for name in names:
        formula = f"{name}({formula})"
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    _line(ax, data, "composite", x, chain_apply(chain, x), color=PALETTE[0], lw=2)
    _line(ax, data, "central difference", x, deriv(lambda u: chain_apply(chain, u), x, delta),
          color=PALETTE[1], lw=4, alpha=0.6)
    _line(ax, data, "chain rule", x, chain_deriv(chain, x, derivatives), color=PALETTE[3], lw=1.5, ls="--")
    ax.set(title=title or formula, xlabel="x", ylabel="value")
    ax.axhline(0, color="0.8", lw=0.8, zorder=0)
    _finish_with_legend(ax, target, [formula, "derivative: central difference", "derivative: chain rule"])
    return data


# --------------------------------------------------------------------------- XOR: points, decision regions, loss curves (chapter 7)

@dataclass(repr=False)
class GridPlotData(PlotData):
    """A :class:`PlotData` that also drew surfaces: ``grids[name] = (x₁ grid, x₂ grid, values)``."""

    grids: dict = field(default_factory=dict)


#: How the XOR points are drawn: target 0 a white circle with a black edge, target 1 a black square
#: with a white edge, so each marker has one colour that stands out from any shade of the map under it
#: (the dark end of the map is navy, the light end pale yellow: black on navy alone was nearly invisible).
XOR_MARKERS = {0: {"marker": "o", "facecolor": "white", "edgecolor": "black"},
               1: {"marker": "s", "facecolor": "black", "edgecolor": "white"}}
#: The colour map of decision regions (light = 0, dark = 1); cividis stays readable in colour-blind vision.
REGION_CMAP = "cividis_r"


def _xor_points(ax, data, points, targets, prefix=""):
    """Scatter the points by target (shape, not colour: see :data:`XOR_MARKERS`)."""
    points = as_float_array(points, "points")
    targets = as_float_array(targets, "targets").ravel()
    if points.ndim != 2 or points.shape[1] != 2 or targets.shape != (points.shape[0],):
        raise ValueError(f"points must be (m × 2) with one target each, got points {points.shape} "
                         f"and targets {targets.shape}")
    for value, style in XOR_MARKERS.items():
        chosen = points[targets == value]
        label = f"{prefix}target {value}"
        ax.scatter(chosen[:, 0], chosen[:, 1], s=130, linewidth=2, zorder=3, label=f"target {value}", **style)
        data.lines[label] = (chosen[:, 0], chosen[:, 1])


def _square_axes(ax, title):
    ax.set(title=title, xlabel="x₁", ylabel="x₂", xlim=(-0.25, 1.25), ylim=(-0.25, 1.25), aspect="equal",
           xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])


def plot_xor_points(points, targets, *, title="The four XOR points", ax=None, target=None) -> PlotData:
    """The points (m × 2) of the unit square with their 0/1 targets; ``lines["target 0"/"target 1"]``."""
    if ax is None:
        fig, (ax,) = panel_grid(1, target=target, kind="map")
    data = PlotData(ax.figure, [ax])
    _xor_points(ax, data, points, targets)
    _square_axes(ax, title)
    ax.legend(loc="center")
    style_axes(ax, target)
    return data


def _region_panel(ax, data, name, func, grids, points, targets, target):
    """One map of ``func`` over the grid, its 0.5 boundary and the points; returns the filled contours."""
    G1, G2, grid_points = grids
    check_callable(func, f"funcs[{name!r}]")
    values = as_float_array(func(grid_points), f"funcs[{name!r}](points)")
    if values.size != grid_points.shape[0]:
        raise ValueError(f"funcs[{name!r}] must give one value per point ({grid_points.shape[0]}), "
                         f"got shape {values.shape}")
    values = values.reshape(G1.shape)
    filled = ax.contourf(G1, G2, values, levels=np.linspace(0, 1, 11), cmap=REGION_CMAP, vmin=0, vmax=1)
    if values.min() < 0.5 < values.max():
        ax.contour(G1, G2, values, levels=[0.5], colors=[PALETTE[3]], linewidths=2.5)
    data.grids[name] = (G1, G2, values)
    _xor_points(ax, data, points, targets, prefix=f"{name}: ")
    _square_axes(ax, name)
    style_axes(ax, target)
    return filled


def plot_decision_regions(funcs: dict, points, targets, *, resolution=101, title=None, target=None) -> GridPlotData:
    """One square map per ``name: func`` over [−0.25, 1.25]², as many per row as the target allows.

    ``func`` maps points (r × 2) to values in [0, 1] (shape (r,) or (r × 1)), e.g. a neuron's σ.
    Each panel fills the values (light = 0, dark = 1), draws the decision boundary
    value = 0.5 as a line, and marks ``points`` by ``targets``. ``grids[name]`` holds
    (x₁ grid, x₂ grid, values) as drawn; ``lines[f"{name}: target 0"]`` etc. the points.
    The key (markers, boundary, colour scale) goes in the free cell of the last row, or under the maps.
    """
    from .xor import unit_square_grid

    if not isinstance(funcs, dict) or not funcs:
        raise TypeError(f"funcs must be a non-empty dict of name -> function, got {type(funcs).__name__}")
    style = get_target(target)
    grids = unit_square_grid(resolution)
    fig, axes = panel_grid(len(funcs), target=style, kind="map")
    data = GridPlotData(fig, list(axes))
    for ax, (name, func) in zip(axes, funcs.items()):
        filled = _region_panel(ax, data, name, func, grids, points, targets, style)
    handles, labels = axes[0].get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color=PALETTE[3], lw=2.5))
    labels.append("boundary: output = 0.5")
    free = [ax for ax in fig.axes if not ax.axison]
    if free:  # the last row has room: the key goes there
        free[0].legend(handles, labels, loc="upper center", frameon=False, fontsize=style.text_pt)
        bar = fig.colorbar(filled, cax=free[0].inset_axes((0.1, 0.12, 0.8, 0.09)), orientation="horizontal")
    else:
        fig.legend(handles, labels, loc="outside lower center", ncol=3, frameon=False,
                            fontsize=style.text_pt)
        bar = fig.colorbar(filled, ax=list(axes), shrink=0.8)
    bar.set_label("output", fontsize=style.label_pt)
    bar.ax.tick_params(labelsize=style.text_pt)
    if title:
        fig.suptitle(title, fontsize=style.title_pt)
    return data


def plot_loss_curves(curves: dict, *, title="Training loss", ax=None, target=None) -> PlotData:
    """Loss against step for each ``label: losses`` (losses[t] after t steps), log scale on y.

    ``lines[label] = (steps 0..T, losses)``.
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves must be a non-empty dict of label -> losses, got {type(curves).__name__}")
    fig, ax = new_axes(ax, target=target)
    data = PlotData(fig, [ax])
    for k, (label, losses) in enumerate(curves.items()):
        losses = as_float_array(losses, f"curves[{label!r}]")
        if losses.ndim != 1:
            raise ValueError(f"curves[{label!r}] must be a 1-D array of losses, got shape {losses.shape}")
        _line(ax, data, label, np.arange(losses.size), losses, color=PALETTE[k % len(PALETTE)], lw=2)
    ax.set(title=title, xlabel="gradient-descent step", ylabel="loss (binary cross-entropy)", yscale="log")
    _finish_with_legend(ax, target)
    return data
