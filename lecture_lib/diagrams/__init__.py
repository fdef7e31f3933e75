"""Computational-graph diagrams drawn with matplotlib (no graphviz, no system binaries).

A graph is a list of :class:`Node` (inputs, operations, outputs) and a list of
:class:`Edge` (arrows of the forward pass, left to right). :func:`draw_graph` lays it out
(columns = longest path from the inputs, rows spread evenly), draws it, and returns a
:class:`Diagram` holding the figure and exactly the texts it drew, so tests can check a
diagram without looking at pixels. With ``backward=True`` every edge also gets a dashed
arrow of the backward pass (right to left, below the forward arrow, in vermillion) with the
edge's gradient written on it.

How a chapter cell looks (end every diagram cell with ``plt.show()``, as every plot cell)::

    import matplotlib.pyplot as plt
    from lecture_lib import diagrams

    diagrams.chain(["f1", "f2"], title="f2(f1(x)): two functions in a row")
    plt.show()

The stored output is then just the PNG (which nbval does not compare). If you keep the
returned :class:`Diagram`, its ``repr`` is short and deterministic
(``Diagram: x → f1 → f2 → y``), so displaying it is also safe under nbval.

Examples::

    Node("x", "x", "input", value=0.5)          # kind is "input", "op" or "output"
    Edge("x", "f1", grad=0.389, label="u₀")     # label above the forward arrow, grad on the backward one

    draw_graph([Node("x", "x", "input"), Node("f", "f", "op"), Node("y", "y", "output")],
               [Edge("x", "f"), Edge("f", "y")], title="A function is a box")

    function_box("f", input_label="x", output_label="f(x)")   # chapter 1
    chain(["f1", "f2", "f3"])                                   # chapter 3: any length
    chain_annotated([square, sigmoid], 0.5)                     # chapter 3: values and gradients computed
    two_input_graph("+")                                        # chapter 4: (x, y) → α → σ
    two_input_annotated(1.0, 2.0, op="×")                       # chapter 4, computed
    vector_graph()                                              # chapter 5: (X, W) → ν → σ
    matrix_graph()                                              # chapter 6: (X, W) → ν → σ → Λ
    matrix_graph_annotated(X, W, sigmoid)                       # chapter 6, computed
    xor_network_graph()                                         # chapter 7: the slides' OR/NAND/AND network

Values are formatted by :func:`format_value`: numbers with 3 significant digits, short
vectors in full, matrices as their shape ("3×2") followed by their rows when they have at
most ``max_entries`` entries.

Every function takes ``target=`` (``"book"`` or ``"slide"``, see :mod:`lecture_lib.figure_style`),
which sets the width and the font sizes.

The package, one concern per module: ``graph`` (Node, Edge, Diagram, checks, columns),
``text`` (how values are written), ``layout`` (pure geometry: heights, node centres, arrows,
text places without overlaps; no matplotlib), ``draw`` (measure → layout → draw → decorate:
:func:`draw_graph`), ``presets`` (the chapters' diagrams), ``xor_network`` (chapter 7's
network), ``landing`` (the landing page's pictures; ``python -m lecture_lib.diagrams [folder]``).

Colours: the Okabe–Ito palette (colour-blind safe). Figures have an opaque white
background and dark text, so a diagram reads the same in the book's light and dark theme
(a transparent PNG with dark text would vanish on the dark theme's background). The forward
and backward passes differ by line style (solid / dashed) as well as by colour.
"""
from __future__ import annotations

from ..colors import OKABE_ITO
from .draw import draw_graph
from .graph import NODE_KINDS, Diagram, Edge, Node
from .landing import (
    LANDING_FIGURES,
    layered_network,
    neuron_diagram,
    neuron_figure,
    render_png,
    write_landing_figures,
)
from .presets import (
    chain,
    chain_annotated,
    function_box,
    matrix_graph,
    matrix_graph_annotated,
    two_input_annotated,
    two_input_graph,
    vector_graph,
)
from .text import format_value
from .xor_network import XOR_BIASES, XOR_WEIGHTS, xor_network_graph

__all__ = [
    "OKABE_ITO",
    "NODE_KINDS",
    "Node",
    "Edge",
    "Diagram",
    "format_value",
    "draw_graph",
    "function_box",
    "chain",
    "chain_annotated",
    "two_input_graph",
    "two_input_annotated",
    "vector_graph",
    "matrix_graph",
    "matrix_graph_annotated",
    "xor_network_graph",
    "XOR_WEIGHTS",
    "XOR_BIASES",
    "neuron_diagram",
    "neuron_figure",
    "layered_network",
    "LANDING_FIGURES",
    "render_png",
    "write_landing_figures",
]
