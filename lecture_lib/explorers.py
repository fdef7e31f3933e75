"""Interactive explorers: live sliders in JupyterLab, a scrubbable animation in the book.

Each explorer is built from ONE pure *frame function* that computes everything a figure
shows, and ONE *draw function* that draws such a frame on a matplotlib figure:

========================  ==========================  ==================================  ==============================
explorer                  frame function (pure)       live widget (JupyterLab)            static version (book)
========================  ==========================  ==================================  ==============================
(a) tangent, ch. 2        ``tangent_frame``           ``tangent_explorer()``              ``tangent_animation()``
(b) Δ and the error, ch 2 ``difference_error_frame``  ``difference_error_explorer()``     ``difference_error_animation()``
(c) chain of menus, ch 3  ``chain_frame``             ``chain_explorer()``                ``chain_animation()``
(d) XOR neuron, ch. 7     ``neuron_frame``            ``neuron_explorer()``               ``neuron_animation()``
========================  ==========================  ==================================  ==============================

*Widget*: the controls (sliders, menus) call the frame function on every change, draw the
frame on a matplotlib figure and show it as a PNG in an ``ipywidgets.Image``. Nothing is
printed or displayed while it updates, so the cell's only output is the widget itself, whose
text form is a short fixed string: the cell passes nbval strictly (no ``NBVAL_IGNORE_OUTPUT``
needed). The widget keeps the last frame (``.frame``), the figure (``.figure``) and the
controls (``.controls``) so tests can move a slider and check what is drawn.

*Animation*: the same frame and draw functions render a few frames into matplotlib's
``HTMLWriter`` (what ``Animation.to_jshtml()`` uses). The HTML is made self-contained and
deterministic: the stylesheet link to a CDN is removed and the icon buttons get plain text
symbols (so it works with no network), the random element id is replaced by a hash of the
content, and the PNG frames carry no software-version metadata. Re-running the cell gives
byte-identical ``text/html``. A one-line note below it says the figure is live in JupyterLab.

How a chapter uses an explorer — two code cells::

    # cell 1 — tags: ["remove-output"]   (the book hides this output; JupyterLab shows live sliders)
    from lecture_lib import explorers
    explorers.tangent_explorer()

    # cell 2 — no tag: shown in the book (and in JupyterLab) as a scrubbable animation
    explorers.tangent_animation()

In the book a reader sees the code of cell 1, no dead slider, then the working animation and
the line "In JupyterLab this figure is live: run the code cell above and move its controls."
"""
from __future__ import annotations

import base64
import hashlib
import io
import re
import tempfile
from html import escape
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np

from matplotlib.animation import HTMLWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import blended_transform_factory

from ._validate import check_callable, check_positive
from .calculus import chain_apply, chain_deriv, deriv, difference_errors
from .colors import PALETTE
from .figure_style import drawn_texts, get_target, misplaced_texts, style_axes
from .functions import ANALYTIC_DERIVATIVES, leaky_relu, relu, sigmoid, square
from .plotting import XOR_MARKERS

__all__ = [
    "FUNCTIONS",
    "EXPLORER_NOTE",
    "Explorer",
    "ExplorerAnimation",
    "tangent_frame",
    "draw_tangent",
    "tangent_explorer",
    "tangent_animation",
    "difference_error_frame",
    "draw_difference_error",
    "difference_error_explorer",
    "difference_error_animation",
    "chain_frame",
    "draw_chain",
    "chain_explorer",
    "chain_animation",
    "neuron_frame",
    "draw_neuron",
    "neuron_explorer",
    "neuron_animation",
]

#: The functions the menus offer, by name.
FUNCTIONS: Dict[str, Callable] = {"square": square, "sigmoid": sigmoid, "relu": relu, "leaky_relu": leaky_relu}

#: The line shown under every animation.
EXPLORER_NOTE = "In JupyterLab this figure is live: run the code cell above and move its controls."

_BLUE, _ORANGE, _GREEN, _VERMILLION, _PURPLE, _SKY = PALETTE[:6]

# Sizes come from the figure target (lecture_lib.figure_style): a frame is the target's width at its dpi
# (the book: 6.4 in × 100 dpi = 640 px) and HEIGHTS[kind] × width / 7 high (at most the target's tallest);
# every text is at the target's sizes.
# The central-difference explorer has two panels: side by side on a slide, stacked in the book.
_HEIGHTS = {"tangent": 3.6, "difference_error": 3.6, "chain": 3.6, "neuron": 4.6}
_MARGINS = {"left": 0.85, "right": 0.2, "bottom": 0.62, "top": 0.45}  # inches around the axes


def figure_size(kind: str, target=None):
    """The (width, height) in inches of an explorer's figure of ``kind`` drawn for ``target``."""
    style = get_target(target)
    height = _HEIGHTS[kind] * style.width_in / 7
    if kind == "difference_error" and style.curve_columns == 1:
        height *= 2
    if style.max_height_in is not None:
        height = min(height, style.max_height_in)
    # Whole 20-pixel steps: an animation writer makes frame sizes even; a frame drawn alone must match.
    return (style.width_in, round(height * 5) / 5)


def _margins(fig: Figure, right: float = None, bottom: float = None, top: float = None, **spacing) -> None:
    """Room around the axes, in inches (the same for every target), for the labels at the target's sizes."""
    width, height = fig.get_size_inches()
    given = (("right", right), ("bottom", bottom), ("top", top))
    margins = dict(_MARGINS, **{k: v for k, v in given if v is not None})
    fig.subplots_adjust(left=margins["left"] / width, right=1 - margins["right"] / width,
                        bottom=margins["bottom"] / height, top=1 - margins["top"] / height, **spacing)


def _function(func, what: str = "func"):
    """A function given by name (a key of FUNCTIONS) or as a callable → (callable, name)."""
    if isinstance(func, str):
        if func not in FUNCTIONS:
            raise ValueError(f"{what} must be one of {sorted(FUNCTIONS)} or a function, got {func!r}")
        return FUNCTIONS[func], func
    check_callable(func, what)
    return func, getattr(func, "__name__", "f")


def _function_menu(func):
    """The explorers' function menu (a Dropdown over FUNCTIONS), set to ``func``."""
    import ipywidgets as widgets

    _, name = _function(func)
    if name not in FUNCTIONS:
        raise ValueError(f"the explorer's menu offers {sorted(FUNCTIONS)}; got {name!r}")
    return widgets.Dropdown(options=list(FUNCTIONS), value=name, description="function")


def _scalar(value, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a number, got {type(value).__name__}") from error
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {number}")
    return number


def _artists(fig: Figure, build: Callable[[Figure, object], dict], target=None) -> dict:
    """The artists ``build(fig)`` made on ``fig`` for an earlier frame — or, on a new figure (or one
    cleared or drawn on by another draw function), ``fig`` cleared and ``build(fig)`` called now.

    So a draw function makes its axes, lines and labels once and each frame only updates what it
    changes: making axes and their ticks costs more than drawing them. A frame drawn after other
    frames is the same picture as that frame drawn alone on a new figure (tests/test_explorers.py).
    """
    built = getattr(fig, "_explorer_artists", None)
    if built is None or built[0] is not build or built[1]["ax"] not in fig.axes:
        fig.clear()
        built = fig._explorer_artists = (build, build(fig, get_target(target)))
    return built[1]


# --------------------------------------------------------------------------- (a) tangent


def tangent_frame(func="square", a: float = 1.0, *, x=None, delta: float = 0.001) -> dict:
    """What the tangent explorer shows for the point x = a on ``func``.

    The slope is the central difference (f(a + Δ) − f(a − Δ)) / 2Δ (``deriv``), the tangent
    is y = f(a) + slope·(x − a). Returns {"name", "x", "y", "a", "fa", "slope",
    "analytic_slope" (None if the function has no analytic derivative), "tangent", "ylim"}.
    """
    func, name = _function(func)
    a = _scalar(a, "a")
    x = np.linspace(-2.5, 2.5, 201) if x is None else np.asarray(x, dtype=float)
    y = func(x)
    fa = float(func(np.array(a)))
    slope = float(deriv(func, np.array(a), delta))
    analytic = ANALYTIC_DERIVATIVES.get(func)
    span = float(np.max(y) - np.min(y)) or 1.0
    return {
        "name": name,
        "x": x,
        "y": y,
        "a": a,
        "fa": fa,
        "slope": slope,
        "analytic_slope": None if analytic is None else float(analytic(np.array(a))),
        "tangent": fa + slope * (x - a),
        "ylim": (float(np.min(y)) - 0.25 * span, float(np.max(y)) + 0.25 * span),
    }


def _tangent_axes(fig: Figure, target) -> dict:
    ax = fig.add_subplot()
    curve, = ax.plot([], [], color=_BLUE, lw=2)
    tangent, = ax.plot([], [], color=_VERMILLION, lw=1.8, ls="--")
    point, = ax.plot([], [], "o", color="black", ms=7)
    ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    ax.axvline(0, color="0.85", lw=0.8, zorder=0)
    _margins(fig)
    return {"ax": ax, "curve": curve, "tangent": tangent, "point": point}


def draw_tangent(fig: Figure, frame: dict, target=None) -> None:
    """Draw a :func:`tangent_frame` on ``fig``."""
    artists = _artists(fig, _tangent_axes, target)
    ax, name, a = artists["ax"], frame["name"], frame["a"]
    artists["curve"].set(data=(frame["x"], frame["y"]), label=f"{name}(x)")
    artists["tangent"].set(data=(frame["x"], frame["tangent"]), label=f"tangent, slope {frame['slope']:.3f}")
    artists["point"].set(data=([a], [frame["fa"]]), label=f"point a = {a:.2f}")
    ax.set_ylim(*frame["ylim"])
    ax.set_xlim(frame["x"][0], frame["x"][-1])
    exact = "" if frame["analytic_slope"] is None else f" (exact {frame['analytic_slope']:.3f})"
    ax.set(title=f"{name} at a = {a:.2f}: derivative ≈ {frame['slope']:.3f}{exact}",
           xlabel="x", ylabel=f"{name}(x)")
    ax.legend(loc="upper left")
    style_axes(ax, target)


def tangent_explorer(func="square", a: float = 1.0, *, target=None) -> "Explorer":
    """Live: a point moving along ``func`` (menu) with its tangent and the derivative's value."""
    import ipywidgets as widgets

    controls = {
        "func": _function_menu(func),
        "a": widgets.FloatSlider(value=_scalar(a, "a"), min=-2.0, max=2.0, step=0.05, description="a",
                                 continuous_update=True, readout_format=".2f"),
    }
    return Explorer("tangent explorer", tangent_frame, draw_tangent, controls, target=target,
                    figsize=figure_size("tangent", target))


def tangent_animation(func="square", a_values: Optional[Sequence[float]] = None, *,
                      target=None) -> "ExplorerAnimation":
    """Static: the point moving from a = −2 to 2 (17 frames) — the explorer without a kernel."""
    _, name = _function(func)
    a_values = np.linspace(-2.0, 2.0, 17) if a_values is None else a_values
    frames = [tangent_frame(func, float(a)) for a in a_values]
    return _animate(f"tangent to {name}, a from {frames[0]['a']:g} to {frames[-1]['a']:g}",
                    draw_tangent, frames, figsize=figure_size("tangent", target), fps=3, target=target)


# --------------------------------------------------------------------------- (b) central difference error


def difference_error_frame(func="sigmoid", a: float = 0.5, delta: float = 1e-3, *, deltas=None) -> dict:
    """The error of the central and one-sided differences at x = a as Δ changes.

    central(Δ) = (f(a + Δ) − f(a − Δ)) / 2Δ  — error of order Δ² (plus round-off ≈ ε/Δ);
    one-sided(Δ) = (f(a + Δ) − f(a)) / Δ     — error of order Δ.
    Errors are |estimate − analytic derivative|; an error of exactly 0 (round-off can cancel)
    is drawn at 1e-17, the bottom of the axes. Returns {"name", "a", "delta", "deltas",
    "central_error", "one_sided_error", "exact", "estimate", "error", "x", "y", "secant", "secant_x"}.
    """
    func, name = _function(func)
    if func not in ANALYTIC_DERIVATIVES:
        raise ValueError(f"the error needs an exact derivative to compare with; {name} has none "
                         f"(use one of {sorted(FUNCTIONS)})")
    a = _scalar(a, "a")
    delta = check_positive(_scalar(delta, "delta"), "delta")
    deltas = np.logspace(-12, 0, 49) if deltas is None else np.asarray(deltas, dtype=float)
    exact = float(ANALYTIC_DERIVATIVES[func](np.array(a)))
    fa = float(func(np.array(a)))
    one_sided, central = difference_errors(func, ANALYTIC_DERIVATIVES[func], a, deltas)
    estimate = float(deriv(func, np.array(a), delta))
    x = np.linspace(a - 1.5, a + 1.5, 121)
    secant_x = np.array([a - 1.5, a + 1.5])
    return {
        "name": name,
        "a": a,
        "delta": delta,
        "deltas": deltas,
        "central_error": np.maximum(central, 1e-17),
        "one_sided_error": np.maximum(one_sided, 1e-17),
        "exact": exact,
        "estimate": estimate,
        "error": max(abs(estimate - exact), 1e-17),
        "x": x,
        "y": func(x),
        "points": (np.array([a - delta, a + delta]), func(np.array([a - delta, a + delta]))),
        "secant_x": secant_x,
        "secant": fa + estimate * (secant_x - a),
    }


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _power_of_ten(value, _position=None) -> str:
    """Tick label 10⁻⁶ as plain text (faster to draw than mathtext, same look)."""
    if value <= 0:
        return ""
    exponent = int(round(np.log10(value)))
    return "10" + str(exponent).translate(_SUPERSCRIPTS) if np.isclose(value, 10.0 ** exponent) else ""


def _difference_error_axes(fig: Figure, target) -> dict:
    if target.curve_columns == 1:
        left, right = fig.subplots(2, 1)
    else:
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.35]})
    artists = {"ax": left, "right": right}
    artists["curve"], = left.plot([], [], color=_BLUE, lw=2)
    artists["secant"], = left.plot([], [], color=_VERMILLION, lw=1.5, ls="--", label="line through a ± Δ")
    artists["points"], = left.plot([], [], "o", color="black", ms=5, label="f(a − Δ), f(a + Δ)")
    artists["one_sided"], = right.loglog([], [], color=_ORANGE, lw=1.8, label="one-sided: error ∝ Δ")
    artists["central"], = right.loglog([], [], color=_BLUE, lw=1.8, label="central: error ∝ Δ²")
    artists["this"], = right.loglog([], [], "o", color=_VERMILLION, ms=8, label="this Δ (central)")
    artists["delta"] = None  # the line at Δ, drawn for each frame
    right.set_ylim(1e-17, 1e1)
    right.set(xlabel="Δ", ylabel="|estimate − exact|")
    right.legend(loc="lower right")
    for axis in (right.xaxis, right.yaxis):
        axis.set_major_formatter(FuncFormatter(_power_of_ten))
    _margins(fig, hspace=0.45, wspace=0.3)
    return artists


def draw_difference_error(fig: Figure, frame: dict, target=None) -> None:
    """Draw a :func:`difference_error_frame`: the secant on the left, the log–log error on the right."""
    artists = _artists(fig, _difference_error_axes, target)
    left, right = artists["ax"], artists["right"]
    name, a, delta = frame["name"], frame["a"], frame["delta"]
    artists["curve"].set(data=(frame["x"], frame["y"]), label=f"{name}(x)")
    artists["secant"].set_data(frame["secant_x"], frame["secant"])
    artists["points"].set_data(*frame["points"])
    left.set(title=f"{name} near a = {a:g}", xlabel="x", ylabel=f"{name}(x)")
    left.legend(loc="upper left")
    artists["one_sided"].set_data(frame["deltas"], frame["one_sided_error"])
    artists["central"].set_data(frame["deltas"], frame["central_error"])
    artists["this"].set_data([delta], [frame["error"]])
    right.set_title(f"Δ = {delta:.0e}: error {frame['error']:.1e}")
    if artists["delta"] is not None:
        artists["delta"].remove()
    for ax in (left, right):  # the limits follow the new data, as they would on a new figure...
        ax.relim()
        ax.autoscale_view()
    artists["delta"] = right.axvline(delta, color="0.6", lw=1, ls=":")  # ...before the line at Δ is added
    for ax in (left, right):
        style_axes(ax, target)


def difference_error_explorer(func="sigmoid", a: float = 0.5, delta: float = 1e-3, *,
                              target=None) -> "Explorer":
    """Live: Δ on a logarithmic slider, the central difference's error redrawn (and the one-sided's)."""
    import ipywidgets as widgets

    controls = {
        "func": _function_menu(func),
        "a": widgets.FloatSlider(value=_scalar(a, "a"), min=-2.0, max=2.0, step=0.1, description="a",
                                 continuous_update=False),
        "delta": widgets.FloatLogSlider(value=_scalar(delta, "delta"), base=10, min=-12, max=0, step=0.25,
                                        description="Δ", readout_format=".0e", continuous_update=False),
    }
    return Explorer("central-difference error explorer", difference_error_frame, draw_difference_error,
                    controls, figsize=figure_size("difference_error", target), target=target)


def difference_error_animation(func="sigmoid", a: float = 0.5,
                               delta_values: Optional[Sequence[float]] = None, *,
                               target=None) -> "ExplorerAnimation":
    """Static: Δ from 1 down to 1e-12 (13 frames, one per power of ten)."""
    _, name = _function(func)
    delta_values = np.logspace(0, -12, 13) if delta_values is None else delta_values
    frames = [difference_error_frame(func, a, float(d)) for d in delta_values]
    return _animate(f"central-difference error of {name} at a = {_scalar(a, 'a'):g}, Δ from "
                    f"{frames[0]['delta']:.0e} to {frames[-1]['delta']:.0e}",
                    draw_difference_error, frames, figsize=figure_size("difference_error", target), fps=2,
                    target=target)


# --------------------------------------------------------------------------- (c) chain of menus


def chain_frame(f1="square", f2="sigmoid", f3=None, *, x=None, delta: float = 0.001) -> dict:
    """A chain f1 → f2 (→ f3) picked by name, with its derivative two ways.

    chain_rule = ``chain_deriv`` (product of the analytic local derivatives at the forward
    values); numeric = central difference of the whole composition. ``f3=None`` (or "none")
    gives a chain of two. Returns {"names", "label", "x", "y", "chain_rule", "numeric",
    "max_difference"}.
    """
    picked = [f for f in (f1, f2, f3) if f is not None and f != "none"]
    if len(picked) < 2:
        raise ValueError("a chain needs at least f1 and f2")
    functions, names = zip(*(_function(f, f"f{k}") for k, f in enumerate(picked, start=1)))
    functions = list(functions)
    x = np.linspace(-3, 3, 241) if x is None else np.asarray(x, dtype=float)
    y = chain_apply(functions, x)
    rule = chain_deriv(functions, x)
    numeric = deriv(lambda u: chain_apply(functions, u), x, delta)
    label = "x"
    for n in names:
        label = f"{n}({label})"
    return {"names": list(names), "label": label, "x": x, "y": y, "chain_rule": rule, "numeric": numeric,
            "max_difference": float(np.max(np.abs(rule - numeric)))}


def _chain_axes(fig: Figure, target) -> dict:
    ax = fig.add_subplot()
    composition, = ax.plot([], [], color=_BLUE, lw=2)
    chain_rule, = ax.plot([], [], color=_VERMILLION, lw=2, label="derivative by the chain rule")
    numeric, = ax.plot([], [], "o", color="black", ms=4, mfc="none", label="central difference, Δ = 0.001")
    ax.set(xlabel="x", ylabel="value")
    _margins(fig, top=0.75)  # a title of two lines
    return {"ax": ax, "composition": composition, "chain_rule": chain_rule, "numeric": numeric, "zero": None}


def draw_chain(fig: Figure, frame: dict, target=None) -> None:
    """Draw a :func:`chain_frame`: the composition, its chain-rule derivative and the central difference."""
    artists = _artists(fig, _chain_axes, target)
    ax, x = artists["ax"], frame["x"]
    artists["composition"].set(data=(x, frame["y"]), label=frame["label"])
    artists["chain_rule"].set_data(x, frame["chain_rule"])
    artists["numeric"].set_data(x[::8], frame["numeric"][::8])
    if artists["zero"] is not None:
        artists["zero"].remove()
    ax.relim()  # the limits follow the new data, as they would on a new figure...
    ax.autoscale_view()
    # ...before the line y = 0 is added, which widens them only if 0 is outside.
    artists["zero"] = ax.axhline(0, color="0.85", lw=0.8, zorder=0)
    # Two lines: a chain of three functions and the gap do not fit one line of the frame.
    ax.set_title(f"{frame['label']} and its derivative\nlargest gap from the central difference: "
                 f"{frame['max_difference']:.1e}")
    ax.legend(loc="upper left")
    style_axes(ax, target)


def chain_explorer(f1="square", f2="sigmoid", f3="none", *, target=None) -> "Explorer":
    """Live: pick f1, f2 and optionally f3 from menus; the chain and its derivative are redrawn."""
    import ipywidgets as widgets

    for k, f in enumerate((f1, f2), start=1):
        if f not in FUNCTIONS:
            raise ValueError(f"f{k} must be one of {sorted(FUNCTIONS)}, got {f!r}")
    if f3 not in list(FUNCTIONS) + ["none", None]:
        raise ValueError(f"f3 must be one of {sorted(FUNCTIONS)} or 'none', got {f3!r}")
    controls = {
        "f1": widgets.Dropdown(options=list(FUNCTIONS), value=f1, description="f1"),
        "f2": widgets.Dropdown(options=list(FUNCTIONS), value=f2, description="f2"),
        "f3": widgets.Dropdown(options=["none"] + list(FUNCTIONS), value=f3 or "none", description="f3"),
    }
    return Explorer("chain-rule explorer", chain_frame, draw_chain, controls, target=target,
                    figsize=figure_size("chain", target))


#: The chains the static version steps through.
CHAIN_ANIMATION_CHAINS = (
    ("square", "sigmoid", None),
    ("sigmoid", "square", None),
    ("leaky_relu", "square", None),
    ("relu", "sigmoid", None),
    ("square", "sigmoid", "relu"),
    ("leaky_relu", "sigmoid", "square"),
    ("sigmoid", "square", "leaky_relu"),
)


def chain_animation(chains: Sequence[Sequence] = CHAIN_ANIMATION_CHAINS, *, target=None) -> "ExplorerAnimation":
    """Static: one frame per chain in ``chains`` (default: 7 chains of two and three functions)."""
    frames = [chain_frame(*c) for c in chains]
    return _animate(f"{len(frames)} chains and their derivatives", draw_chain, frames,
                    figsize=figure_size("chain", target), fps=1, target=target)


# --------------------------------------------------------------------------- (d) XOR neuron

_XOR_POINTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
_XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])
_NEURON_CMAP = LinearSegmentedColormap.from_list("blue_white_orange", [_SKY, "#FFFFFF", _ORANGE])


def _clip_line(w1: float, w2: float, b: float, lo: float, hi: float):
    """The segment of w1·x1 + w2·x2 + b = 0 inside the square [lo, hi]², or None."""
    points = []
    for x1 in (lo, hi):
        if w2 != 0:
            x2 = -(w1 * x1 + b) / w2
            if lo - 1e-12 <= x2 <= hi + 1e-12:
                points.append((x1, x2))
    for x2 in (lo, hi):
        if w1 != 0:
            x1 = -(w2 * x2 + b) / w1
            if lo - 1e-12 <= x1 <= hi + 1e-12:
                points.append((x1, x2))
    unique = sorted(set((round(p[0], 12), round(p[1], 12)) for p in points))
    if len(unique) < 2:
        return None
    start, end = unique[0], unique[-1]
    return np.array([start[0], end[0]]), np.array([start[1], end[1]])


def neuron_frame(w1: float = 20.0, w2: float = 20.0, b: float = -10.0, *, resolution: int = 61) -> dict:
    """One sigmoid neuron σ(w1·x1 + w2·x2 + b) over the unit square, against the XOR targets.

    The decision boundary σ(…) = 0.5 is the line w1·x1 + w2·x2 + b = 0 (σ(0) = ½); a point
    is predicted 1 where σ ≥ 0.5. Returns {"w1", "w2", "b", "grid" (x1, x2 meshes),
    "output" (σ on the grid), "boundary" ((x1s, x2s) segment or None), "points", "targets",
    "point_outputs", "predictions", "correct" (how many of the 4 XOR points it gets right)}.
    No line separates XOR, so ``correct`` is never 4.
    """
    w1, w2, b = _scalar(w1, "w1"), _scalar(w2, "w2"), _scalar(b, "b")
    lo, hi = -0.25, 1.25
    axis = np.linspace(lo, hi, int(resolution))
    g1, g2 = np.meshgrid(axis, axis)
    output = sigmoid(w1 * g1 + w2 * g2 + b)
    point_outputs = sigmoid(_XOR_POINTS @ np.array([w1, w2]) + b)
    predictions = (point_outputs >= 0.5).astype(float)
    return {
        "w1": w1, "w2": w2, "b": b,
        "grid": (g1, g2),
        "output": output,
        "boundary": _clip_line(w1, w2, b, lo, hi),
        "points": _XOR_POINTS,
        "targets": _XOR_TARGETS,
        "point_outputs": point_outputs,
        "predictions": predictions,
        "correct": int(np.sum(predictions == _XOR_TARGETS)),
    }


def _linear_text(w1: float, w2: float, b: float) -> str:
    """'20·x₁ + 20·x₂ − 10' with proper signs."""
    def term(value, text, first=False):
        sign = "−" if value < 0 else ("" if first else "+")
        return f"{sign}{abs(value):g}{text}" if first else f" {sign} {abs(value):g}{text}"

    return term(w1, "·x₁", first=True) + term(w2, "·x₂") + term(b, "")


def _neuron_axes(fig: Figure, target) -> dict:
    ax = fig.add_subplot()
    boundary, = ax.plot([], [], color="black", lw=2.2, label="boundary σ = 0.5")
    targets = []
    for value, style in XOR_MARKERS.items():
        chosen = _XOR_POINTS[_XOR_TARGETS == value]
        targets.append(ax.scatter(chosen[:, 0], chosen[:, 1], s=130, linewidth=2, zorder=3,
                                  label=f"XOR target {value}", **style))
    ax.set(xlim=(-0.25, 1.25), ylim=(-0.25, 1.25), aspect="equal", xlabel="x₁", ylabel="x₂",
           xticks=[0, 0.5, 1], yticks=[0, 0.5, 1])
    # The colour bar hangs on the square's right side (inset_axes), and the right margin leaves room for
    # it and its labels: the square and its bar sit in the middle of the frame.
    _margins(fig, bottom=1.1, right=1.25)
    return {"ax": ax, "boundary": boundary, "targets": targets, "shading": None, "colorbar": None}


def draw_neuron(fig: Figure, frame: dict, target=None) -> None:
    """Draw a :func:`neuron_frame`: σ as shading, the boundary σ = 0.5, the four XOR points."""
    artists = _artists(fig, _neuron_axes, target)
    ax, boundary = artists["ax"], artists["boundary"]
    if artists["shading"] is not None:
        artists["shading"].remove()
    artists["shading"] = ax.contourf(*frame["grid"], frame["output"], levels=np.linspace(0, 1, 11),
                                     cmap=_NEURON_CMAP)
    if artists["colorbar"] is None:  # the same for every frame: its colours follow the fixed levels
        artists["colorbar"] = fig.colorbar(artists["shading"], cax=ax.inset_axes([1.05, 0, 0.05, 1]), ticks=[0, 0.5, 1])
        artists["colorbar"].set_label("neuron output σ")
    boundary.set_visible(frame["boundary"] is not None)
    if frame["boundary"] is not None:
        boundary.set_data(*frame["boundary"])
    ax.set_title(f"σ({_linear_text(frame['w1'], frame['w2'], frame['b'])}): "
                 f"{frame['correct']} of 4 XOR points right", pad=14)  # above the colour bar's top label
    shown = ([boundary] if frame["boundary"] is not None else []) + artists["targets"]
    # Below the x label, centred on the figure (the square axes beside the colour bar are narrower
    # than the three entries' row).
    ax.legend(handles=shown, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, borderaxespad=0,
              bbox_transform=blended_transform_factory(fig.transFigure, ax.transAxes))
    style_axes(ax, target)
    bar = artists["colorbar"]
    bar.set_label("neuron output σ", fontsize=get_target(target).label_pt)
    bar.ax.tick_params(labelsize=get_target(target).text_pt)


def neuron_explorer(w1: float = 20.0, w2: float = 20.0, b: float = -10.0, *, target=None) -> "Explorer":
    """Live: w1, w2 and b on sliders; the decision boundary over the four XOR points is redrawn."""
    import ipywidgets as widgets

    def slider(value, name, limit):
        # Redraw when the slider is released: a redraw takes a few tenths of a second.
        return widgets.FloatSlider(value=_scalar(value, name), min=-limit, max=limit, step=1.0, description=name,
                                   readout_format=".0f", continuous_update=False)

    controls = {"w1": slider(w1, "w1", 30), "w2": slider(w2, "w2", 30), "b": slider(b, "b", 40)}
    return Explorer("XOR neuron explorer", neuron_frame, draw_neuron, controls, target=target,
                    figsize=figure_size("neuron", target))


#: The neurons the static version steps through: the slides' OR, NAND and AND, then a boundary
#: turning about the centre of the square — none of them gets all four XOR points right.
NEURON_ANIMATION_PARAMS = tuple(
    [(20.0, 20.0, -10.0), (-20.0, -20.0, 30.0), (20.0, 20.0, -30.0)]
    + [(round(20 * np.cos(t), 1), round(20 * np.sin(t), 1), round(-20 * (np.cos(t) + np.sin(t)) * 0.55, 1))
       for t in np.linspace(0, 2 * np.pi, 10, endpoint=False)]
)


def neuron_animation(params: Sequence[Sequence[float]] = NEURON_ANIMATION_PARAMS, *,
                     target=None) -> "ExplorerAnimation":
    """Static: one frame per (w1, w2, b) in ``params`` (default: OR, NAND, AND, then 10 turning lines)."""
    frames = [neuron_frame(*p) for p in params]
    return _animate(f"one neuron against XOR, {len(frames)} settings of (w1, w2, b)", draw_neuron, frames,
                    figsize=figure_size("neuron", target), fps=1, target=target)


# --------------------------------------------------------------------------- widget


def _new_figure(figsize, dpi: int = None) -> Figure:
    # Not pyplot's figure: the inline backend never shows it by itself.
    fig = Figure(figsize=figsize, dpi=get_target().dpi if dpi is None else dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _explorer_class():
    import ipywidgets as widgets

    class _Explorer(widgets.VBox):
        """A live explorer: controls above a figure, redrawn from the frame function on each change."""

        def __init__(self, name, frame_function, draw_function, controls, figsize, target=None):
            self.name = name
            self.frame_function = frame_function
            self.draw_function = draw_function
            self.controls = controls
            self.target = get_target(target)
            self.figure = _new_figure(figsize, self.target.dpi)
            self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
            # The kernel redraws the figure; after a kernel restart the controls still move but
            # nothing answers. This line, rewritten by every redraw, makes that visible and says why.
            self.status = widgets.HTML()
            self.draws = 0
            self.frame = None
            box = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))
            super().__init__([box, self.image, self.status])
            for control in controls.values():
                control.observe(self._update, names="value")
            self._update()

        def values(self) -> dict:
            return {key: control.value for key, control in self.controls.items()}

        def _update(self, change=None):
            self.frame = self.frame_function(**self.values())
            self.draw_function(self.figure, self.frame, target=self.target)
            # Smaller PNGs travel faster to the browser and keep the saved widget state light.
            self.image.value = _small_png(self.figure, optimize=False)
            self.draws += 1
            shown = ", ".join(f"{key} = {_status_value(value)}" for key, value in self.values().items())
            self.status.value = (f"<small>Drawn for {shown} (redraw {self.draws}). If this line stops "
                                 f"following the controls, the kernel has stopped or restarted: run the "
                                 f"cell again.</small>")

        def __repr__(self) -> str:  # the cell's text/plain output: fixed, so nbval compares it strictly
            return f"{self.name} (live in JupyterLab: {', '.join(self.controls)})"

    return _Explorer


def _status_value(value) -> str:
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def Explorer(name, frame_function, draw_function, controls, figsize, target=None):  # noqa: N802 — a class
    """Build a live explorer widget (an ``ipywidgets.VBox``): ``.controls``, ``.frame``, ``.figure``, ``.image``.

    Defined lazily so that importing this module does not import ipywidgets.
    """
    return _explorer_class()(name, frame_function, draw_function, controls, figsize, target)


# --------------------------------------------------------------------------- animation

_ICONS = {
    "fa fa-minus": "−",
    "fa fa-fast-backward": "⇤",
    "fa fa-step-backward": "◁",
    "fa fa-play fa-flip-horizontal": "◀",
    "fa fa-pause": "❚❚",
    "fa fa-play": "▶",
    "fa fa-step-forward": "▷",
    "fa fa-fast-forward": "⇥",
    "fa fa-plus": "+",
}


_FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,((?:[^"\\]|\\\n)*)"')


def _small_png(fig: Figure, optimize: bool = True, sizes: Optional[list] = None,
               misplaced: Optional[list] = None) -> bytes:
    """The figure drawn once, as a PNG of at most 64 colours (no dithering): line art stays sharp, 3–4× smaller.

    The picture is read straight from the canvas: the same pixels ``savefig`` would encode
    (the figures are white, at their own dpi), without a PNG to encode and decode again.
    ``sizes`` (a list): the texts drawn and their sizes are added to it; ``misplaced`` (a list): texts
    cut off at the edge or drawn over each other (figure_style.misplaced_texts).
    """
    from PIL import Image

    drawn = drawn_texts(fig)
    if sizes is not None:
        sizes.extend((text, pt) for text, pt, _ in drawn)
    if misplaced is not None:
        misplaced.extend(misplaced_texts(fig, drawn))
    image = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())).convert("RGB")  # RGBA, height × width × 4
    reduced = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    reduced.save(buffer, format="png", optimize=optimize)
    return buffer.getvalue()


def _self_contained(html: str) -> str:
    """Remove the CDN stylesheet, draw the buttons with text symbols, fix the random id."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>\s*", "", html)
    for css_class, symbol in _ICONS.items():
        html = html.replace(f'<i class="{css_class}"></i>', symbol)
    ids = set(re.findall(r'id="_anim_img([0-9a-f]+)"', html))
    if len(ids) != 1:
        raise RuntimeError(f"unexpected animation HTML from matplotlib: {len(ids)} element ids")
    (random_id,) = ids
    stable_id = hashlib.sha256(html.replace(random_id, "").encode()).hexdigest()[:32]
    return html.replace(random_id, stable_id)


def _labelled(html: str, description: str) -> str:
    """Accessible names matplotlib does not write: the picture's alt text, the frame slider's and the
    repetition-mode form's labels, each naming the animation (two on a page are told apart)."""
    what = escape(f"Animation of {description}", quote=True)
    html = _replace_once(html, '<img id="_anim_img',
                         f'<img alt="{what}; step through it with the buttons or the slider below." id="_anim_img')
    html = _replace_once(html, '<input id="_anim_slider', f'<input aria-label="Frame: {what}" id="_anim_slider')
    return _replace_once(html, 'aria-label="Repetition mode"', f'aria-label="Repetition mode: {what}"')


# matplotlib's player builds every frame as an image (decoded at once, and a page's load event waits
# for them) as soon as the page loads. Here the first frame is the picture's own src (shown without
# JavaScript, in print and until the player starts) and the player starts when the figure comes
# within a screen's height of the screen, or at once in a browser without IntersectionObserver.
# A click, slider move or focus on the controls starts it first if it has not started yet (the
# capture listener runs before the control's own handler, which calls the player).
_FIRST_FRAME = re.compile(r'\n\s*frames\[0\] = "(data:image/png;base64,(?:[^"\\]|\\\n)*)"\n')
_PLAYER_START = re.compile(r"/\* set a timeout[^*]*\*/\s*setTimeout\(function\(\) \{\s*(anim[0-9a-f]+ = new Animation\([^)]*\));\s*\}, 0\);")
_START_WHEN_SEEN = """var img = document.getElementById(img_id), seen = null, started = false;
    frames[0] = img.getAttribute("src");
    var start = function() {{
      if (started) return;
      started = true;
      if (seen) seen.disconnect();
      {create};
    }};
    ["click", "input", "focusin"].forEach(function(type) {{ img.parentNode.addEventListener(type, start, true); }});
    if (!window.IntersectionObserver) {{ setTimeout(start, 0); return; }}
    seen = new IntersectionObserver(function(entries) {{
      if (entries.some(function(entry) {{ return entry.isIntersecting; }})) start();
    }}, {{rootMargin: "100% 0px"}});
    seen.observe(img);"""


def _started_when_seen(html: str) -> str:
    """The player started only when the figure comes near the screen, the first frame in the page."""
    first, start = _FIRST_FRAME.search(html), _PLAYER_START.search(html)
    if not first or not start:
        raise RuntimeError("unexpected animation HTML from matplotlib: no first frame or no player start")
    data = first.group(1).replace("\\\n", "")
    html = html[:first.start()] + "\n" + html[first.end():]
    html = _replace_once(html, '" id="_anim_img', f'" src="{data}" id="_anim_img')
    return _PLAYER_START.sub(lambda found: _START_WHEN_SEEN.format(create=" ".join(found.group(1).split())), html)


def _replace_once(html: str, old: str, new: str) -> str:
    if html.count(old) != 1:
        raise RuntimeError(f"unexpected animation HTML from matplotlib: {html.count(old)} times {old!r}")
    return html.replace(old, new)


class ExplorerAnimation:
    """A scrubbable animation (HTML + inline JavaScript, no kernel, no network) and its frames.

    Displays as ``text/html`` (the animation and :data:`EXPLORER_NOTE`) and as a short
    ``text/plain``. ``frames`` are the frame dicts drawn, in order; ``size_bytes`` the HTML's size;
    ``width_px`` the frames' width and ``text_sizes`` every text drawn on any frame, as (text, pt);
    ``misplaced_texts`` the texts some frame cuts off at its edge or draws over another (none, in a
    good animation).
    """

    def __init__(self, description: str, html: str, frames: List[dict], dpi: int, width_px: int = None,
                 text_sizes: List[tuple] = (), misplaced_texts: List[str] = ()):
        self.description = description
        self.frames = frames
        self.dpi = dpi
        self.width_px = width_px
        self.text_sizes = list(text_sizes)
        self.misplaced_texts = list(misplaced_texts)
        self.animation_html = html
        self.html = (f'<div class="lecture-explorer">{html}\n'
                     f'<p class="explorer-note"><em>{EXPLORER_NOTE}</em></p></div>')

    @property
    def size_bytes(self) -> int:
        return len(self.html.encode())

    def frame_pngs(self) -> List[bytes]:
        """The PNG images embedded in the animation, in order."""
        first = re.search(r'<img[^>]* src="data:image/png;base64,([^"]*)" id="_anim_img', self.animation_html)
        rest = [data.replace("\\\n", "") for _, data in _FRAME.findall(self.animation_html)]
        return [base64.b64decode(data) for data in [first.group(1)] + rest]

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"Animation: {self.description} ({len(self.frames)} frames)"


class _SmallFramesWriter(HTMLWriter):
    """matplotlib's ``HTMLWriter`` (what ``Animation.to_jshtml()`` uses), keeping each frame as a ``_small_png``."""

    def grab_frame(self, sizes=None, misplaced=None, **savefig_kwargs):
        png = _small_png(self.fig, sizes=sizes, misplaced=misplaced)
        self._saved_frames.append(base64.encodebytes(png).decode("ascii"))


def _animate(description: str, draw_function, frames: List[dict], *, figsize, fps: float,
             target=None) -> ExplorerAnimation:
    dpi = get_target(target).dpi
    fig = _new_figure(figsize, dpi)
    sizes, misplaced = [], []
    writer = _SmallFramesWriter(fps=fps, embed_frames=True, default_mode="once")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "animation.html")
        with writer.saving(fig, str(path), dpi):
            for frame in frames:
                draw_function(fig, frame, target=target)
                writer.grab_frame(sizes=sizes, misplaced=misplaced)
        html = path.read_text()
    html = _started_when_seen(_labelled(_self_contained(html), description))
    return ExplorerAnimation(description, html, frames, dpi, fig.canvas.get_width_height()[0], sorted(set(sizes)),
                             sorted(set(misplaced)))


def render_frame_png(draw_function, frame: dict, *, figsize, target=None) -> bytes:
    """One frame drawn alone, as PNG bytes (for checking an animation's frames)."""
    fig = _new_figure(figsize, get_target(target).dpi)
    draw_function(fig, frame, target=target)
    return _small_png(fig)
