"""The landing page's pictures: the slides' "Neurons and the brain" and "Types of layers".

That page (intro.md) is Markdown and runs no code, so `make figures` saves them as PNG files
(:func:`write_landing_figures`); tests/test_diagrams.py checks that the files are what this code draws.
"""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle

from ..colors import OKABE_ITO
from .draw import KIND_STYLE, TEXT_COLOUR, draw_graph
from .graph import Diagram, Edge, Node
from .text import sub

_LANDING_DPI = 150
# Darker shades of the same hues for small text on white (contrast ≥ 4.5:1, WCAG AA).
_LABEL_SHADES = {"blue": OKABE_ITO["blue"], "orange": "#8A5D00", "green": "#00775A"}
__all__ = ["neuron_diagram", "neuron_figure", "layered_network", "LANDING_FIGURES", "render_png",
           "write_landing_figures"]


def _biological_neuron(ax) -> List[str]:
    """A schematic nerve cell across ``ax`` (limits in inches); returns the labels drawn.

    Coloured like the artificial neuron under it: what receives in the inputs' blue, what
    combines in the operations' orange, what sends on in the output's green.
    """
    ax.set_axis_off()
    height = ax.get_ylim()[1]
    soma = np.array([2.2, height / 2 - 0.15])
    blue, orange, green = OKABE_ITO["blue"], KIND_STYLE["op"]["edge"], OKABE_ITO["bluish_green"]
    for angle in np.radians([120, 150, 180, 210, 240]):
        tip = soma + 0.95 * np.array([np.cos(angle), np.sin(angle)])
        ax.plot(*zip(soma, tip), color=blue, linewidth=2.2, solid_capstyle="round", zorder=2)
        for turn in (-0.5, 0.5):
            twig = tip + 0.28 * np.array([np.cos(angle + turn), np.sin(angle + turn)])
            ax.plot(*zip(tip, twig), color=blue, linewidth=1.4, solid_capstyle="round", zorder=2)
    ax.add_patch(Circle(tuple(soma), 0.34, facecolor=KIND_STYLE["op"]["fill"], edgecolor=orange,
                        linewidth=1.8, zorder=3))
    ax.add_patch(Circle(tuple(soma), 0.1, facecolor=orange, edgecolor="none", zorder=4))
    end = soma + np.array([3.3, 0.0])
    ax.plot([soma[0] + 0.34, end[0]], [soma[1]] * 2, color=green, linewidth=3, zorder=2)
    for dy in (-0.3, 0.0, 0.3):
        terminal = end + np.array([0.4, dy])
        ax.plot(*zip(end, terminal), color=green, linewidth=1.5, zorder=2)
        ax.add_patch(Circle(tuple(terminal), 0.06, facecolor=green, edgecolor="none", zorder=3))
    shade = _LABEL_SHADES
    labels = [  # (x, y, ha, va, text, colour)
        (soma[0] - 1.0, soma[1] + 1.05, "center", "bottom", "dendrites: receive signals", shade["blue"]),
        (soma[0] + 0.2, soma[1] - 0.4, "left", "top", "cell body: combines them", shade["orange"]),
        ((soma[0] + end[0]) / 2 + 0.2, soma[1] + 0.1, "center", "bottom", "axon: sends a signal on", shade["green"]),
        (end[0] + 0.6, soma[1], "left", "center", "synapses: connections,\nweak or strong", shade["green"]),
    ]
    for x, y, ha, va, text, colour in labels:
        ax.text(x, y, text, ha=ha, va=va, fontsize=9.5, color=colour, zorder=5)
    return [label[4] for label in labels]


def neuron_diagram(n_inputs: int = 3, *, title: Optional[str] = None, figsize=(8, None), ax=None,
                   target=None) -> Diagram:
    """One artificial neuron: x₁ … xₙ, each times its weight, summed with a bias b, then σ: y = σ(w·x + b)."""
    if not isinstance(n_inputs, (int, np.integer)) or isinstance(n_inputs, bool) or n_inputs < 1:
        raise ValueError(f"n_inputs must be a whole number of inputs ≥ 1, got {n_inputs!r}")
    xs = [f"x{sub(i)}" for i in range(1, n_inputs + 1)]
    terms = " + ".join(f"w{sub(i)}x{sub(i)}" for i in range(1, n_inputs + 1))
    nodes = [Node(f"x{i}", name, "input") for i, name in enumerate(xs, start=1)]
    nodes += [Node("sum", "weighted sum", "op", f"{terms} + b"), Node("act", "activation", "op", "σ(z)"),
              Node("y", "y", "output", "output")]
    edges = [Edge(f"x{i}", "sum", label=f"× w{sub(i)}", label_pos=0.35) for i in range(1, n_inputs + 1)]
    edges += [Edge("sum", "act", label="z"), Edge("act", "y")]
    return draw_graph(nodes, edges, title=title, figsize=figsize, ax=ax, target=target)


def _figure_with_band(draw, band: float, band_on_top: bool):
    """A figure with the graph ``draw(ax)`` at its natural height and a free band of ``band`` inches.

    Returns (diagram, band_ax); both axes have their limits in inches, the same x scale.
    """
    probe = draw(None)
    height = probe.fig.get_size_inches()[1]
    plt.close(probe.fig)
    total = height + band
    fig = plt.figure(figsize=(8, total), facecolor="white")
    graph_bottom, band_bottom = (0, height / total) if band_on_top else (band / total, 0)
    diagram = draw(fig.add_axes((0, graph_bottom, 1, height / total)))
    band_ax = fig.add_axes((0, band_bottom, 1, band / total))
    band_ax.set_xlim(0, 8)
    band_ax.set_ylim(0, band)
    band_ax.set_axis_off()
    return diagram, band_ax


def neuron_figure() -> Diagram:
    """The landing page's "Neurons and the brain": a nerve cell above the artificial neuron it inspired.

    The returned :class:`Diagram` is the artificial neuron's; ``biology_labels`` has the nerve cell's texts.
    """
    title = "An artificial neuron: y = σ(w₁x₁ + w₂x₂ + w₃x₃ + b)"
    diagram, top = _figure_with_band(lambda ax: neuron_diagram(title=title, ax=ax), 2.5, band_on_top=True)
    diagram.biology_labels = _biological_neuron(top)
    top.text(4, 2.42, "A nerve cell (schematic)", ha="center", va="top", fontsize=12, fontweight="bold",
             color=TEXT_COLOUR)
    return diagram


def layered_network(sizes: Sequence[int] = (3, 4, 2), *, title: Optional[str] = None) -> Diagram:
    """A fully connected network, one column per layer: inputs, hidden layer(s) of neurons, outputs.

    ``sizes`` are the numbers of units per layer, input layer first (at least an input and an
    output layer). Every unit of a layer feeds every unit of the next; each layer is named under
    its column. Returns the :class:`Diagram`, with ``layer_labels`` (one text per layer).
    """
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s >= 1
                                 for s in sizes):
        raise ValueError(f"sizes must list at least two layers of ≥ 1 units each, got {sizes!r}")
    hidden = len(sizes) - 2
    letters = ["x"] + ["h"] * hidden + ["y"]
    kinds = ["input"] + ["op"] * hidden + ["output"]
    nodes = [Node(f"{k}:{j}", f"{letters[k]}{sub(j + 1)}", kinds[k]) for k, n in enumerate(sizes) for j in range(n)]
    edges = [Edge(f"{k}:{i}", f"{k + 1}:{j}") for k in range(len(sizes) - 1)
             for i in range(sizes[k]) for j in range(sizes[k + 1])]
    diagram, band = _figure_with_band(lambda ax: draw_graph(nodes, edges, title=title, ax=ax,
                                                            figsize=None if ax else (8, None)),
                                      0.55, band_on_top=False)
    names = ["hidden layer"] if hidden == 1 else [f"hidden layer {k}" for k in range(1, hidden + 1)]
    layer_labels = (["input layer\nbrings the inputs in"] + [f"{name}\ncomputes new features" for name in names]
                    + ["output layer\nthe network's answer"])
    for k, text in enumerate(layer_labels):
        band.text(diagram.positions[f"{k}:0"][0], 0.5, text, ha="center", va="top", fontsize=9.5,
                  color=TEXT_COLOUR, linespacing=1.3)
    diagram.layer_labels = layer_labels
    return diagram


#: The landing page's figures: file name → the function that draws it.
LANDING_FIGURES = {
    "neuron.png": neuron_figure,
    "layers.png": lambda: layered_network(title="Layers: every unit feeds every unit of the next layer"),
}


def render_png(fig) -> bytes:
    """The figure as PNG bytes, the same on every run (no date or version in the file)."""
    from io import BytesIO

    buffer = BytesIO()
    fig.savefig(buffer, format="png", dpi=_LANDING_DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def write_landing_figures(folder="figures") -> List[Path]:
    """Draw each of :data:`LANDING_FIGURES` into ``folder`` (created if needed); returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in LANDING_FIGURES.items():
        diagram = draw()
        (folder / name).write_bytes(render_png(diagram.fig))
        plt.close(diagram.fig)
        written.append(folder / name)
    return written
