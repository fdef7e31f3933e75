"""Drawing a graph in four steps (micrograd's trace / draw_dot split, one step further):

1. **measure** — write every text once on the axes (anywhere) and measure it: box sizes, text sizes;
2. **layout** — :mod:`.layout` decides the height, node centres, arrows and text places (pure geometry);
3. **draw** — boxes and arrows where the layout put them;
4. **decorate** — the texts moved to their places, the title, the legend.

:func:`draw_graph` runs them and returns the :class:`~.graph.Diagram`.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Dict, Optional, Sequence, Tuple

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..colors import OKABE_ITO
from ..figure_style import get_target
from . import layout as geometry
from .graph import Diagram, Edge, Node, check_graph, graph_columns
from .text import format_value

# Fill (pale tint) and outline (full colour) per node kind.
KIND_STYLE = {
    "input": {"fill": "#DDEFFA", "edge": OKABE_ITO["blue"], "box": "round,pad=0.06,rounding_size=0.08"},
    "op": {"fill": "#FBEBC7", "edge": "#B07800", "box": "square,pad=0.06"},
    "output": {"fill": "#CCEBE3", "edge": OKABE_ITO["bluish_green"], "box": "round,pad=0.06,rounding_size=0.08"},
}
TEXT_COLOUR = "#1a1a1a"
FORWARD_COLOUR = "#333333"
BACKWARD_COLOUR = OKABE_ITO["vermillion"]
# Font sizes come from the figure target (lecture_lib.figure_style): node names at its label size,
# values in boxes, texts on arrows and the legend at its text size, the title at its title size.


def text_size_inches(fig, text_artist) -> Tuple[float, float]:
    box = text_artist.get_window_extent(renderer=fig.canvas.get_renderer())
    return box.width / fig.dpi, box.height / fig.dpi


# --------------------------------------------------------------------------- 1. measure


@dataclass
class Measured:
    """The texts written (not yet placed) and their sizes in inches."""

    labels: Dict = field(default_factory=dict)  # node id → label artist
    values: Dict = field(default_factory=dict)  # node id → value artist or None
    node_sizes: Dict = field(default_factory=dict)  # node id → (w, h) of its box
    node_texts: Dict = field(default_factory=dict)  # node id → the text in the box
    edge_artists: Dict = field(default_factory=dict)  # (src, dst) → artist on the forward arrow
    grad_artists: Dict = field(default_factory=dict)  # (src, dst) → artist on the backward arrow
    text_sizes: Dict = field(default_factory=dict)  # artist → (w, h)

    @property
    def label_band(self) -> float:
        """The tallest text on an arrow."""
        arrow_texts = list(self.edge_artists.values()) + list(self.grad_artists.values())
        return max((self.text_sizes[a][1] for a in arrow_texts), default=0.0)


def _measure_node(ax, node: Node, look, measured: Measured) -> None:
    fig = ax.figure
    label = ax.text(0, 0, node.label, ha="center", va="center", fontsize=look.label_pt,
                    color=TEXT_COLOUR, zorder=4)
    w, h = measured.text_sizes[label] = text_size_inches(fig, label)
    value_text = format_value(node.value)
    value = None
    if value_text:
        value = ax.text(0, 0, value_text, ha="center", va="center", fontsize=look.text_pt,
                        family="monospace", color=TEXT_COLOUR, zorder=4, linespacing=1.15)
        vw, vh = text_size_inches(fig, value)
        w, h = max(w, vw), h + vh + 0.04
    measured.labels[node.id], measured.values[node.id] = label, value
    pad = 2 * geometry.BOX_PAD
    measured.node_sizes[node.id] = (max(w, 0.28) + pad, max(h, 0.18) + pad)
    measured.node_texts[node.id] = node.label if not value_text else f"{node.label}\n{value_text}"


def _measure_edge_text(ax, text, colour, va, look, measured: Measured):
    artist = ax.text(0, 0, text, ha="center", va=va, fontsize=look.text_pt,
                     color=colour, zorder=6, linespacing=1.1)
    measured.text_sizes[artist] = text_size_inches(ax.figure, artist)
    return artist


def measure(ax, nodes: Sequence[Node], edges: Sequence[Edge], backward: bool, look) -> Measured:
    """Write every text of the graph on ``ax`` (at the origin) and measure it."""
    measured = Measured()
    for node in nodes:
        _measure_node(ax, node, look, measured)
    for edge in edges:
        key = (edge.src, edge.dst)
        text = format_value(edge.label, max_entries=4)
        if text:
            measured.edge_artists[key] = _measure_edge_text(ax, text, FORWARD_COLOUR, "bottom", look, measured)
        grad = format_value(edge.grad, max_entries=4) if backward else None
        if grad:
            measured.grad_artists[key] = _measure_edge_text(ax, grad, BACKWARD_COLOUR, "top", look, measured)
    return measured


# --------------------------------------------------------------------------- 2. layout (see layout.py)


def plan(columns, edges: Sequence[Edge], measured: Measured, *, width: float, height: Optional[float],
         title_lines: int, backward: bool) -> geometry.Layout:
    """The :class:`~.layout.Layout` for the measured graph: ``height`` None = as tall as it needs."""
    sizes = measured.node_sizes
    needed, title_height, legend_height = geometry.needed_height(columns, sizes, measured.label_band,
                                                                 title_lines, backward)
    height = geometry.rounded_height(needed) if height is None else height
    pitch = geometry.row_pitch(sizes, measured.label_band)
    positions = geometry.node_positions(columns, sizes, width, height, title_height, legend_height, pitch)
    arrows = {(e.src, e.dst): geometry.arrow(positions[e.src], positions[e.dst], sizes[e.src], sizes[e.dst],
                                             backward) for e in edges}
    result = geometry.Layout(width, height, title_height, legend_height, positions, arrows)
    edge_sizes = {k: measured.text_sizes[a] for k, a in measured.edge_artists.items()}
    grad_sizes = {k: measured.text_sizes[a] for k, a in measured.grad_artists.items()}
    result.texts, result.anchors = geometry.text_places([((e.src, e.dst), float(e.label_pos)) for e in edges],
                                                        arrows, edge_sizes, grad_sizes,
                                                        result.obstacles(sizes))
    return result


# --------------------------------------------------------------------------- 3. draw


def draw_boxes(ax, nodes: Sequence[Node], measured: Measured, plan_: geometry.Layout) -> None:
    """Each node's box at its centre, its label (and value under it) inside."""
    for node in nodes:
        x, y = plan_.positions[node.id]
        w, h = measured.node_sizes[node.id]
        style = KIND_STYLE[node.kind]
        inner_w, inner_h = w - 2 * geometry.BOX_PAD, h - 2 * geometry.BOX_PAD
        ax.add_patch(FancyBboxPatch((x - inner_w / 2, y - inner_h / 2), inner_w, inner_h,
                                    boxstyle=style["box"], facecolor=style["fill"], edgecolor=style["edge"],
                                    linewidth=1.5, zorder=3))
        label, value = measured.labels[node.id], measured.values[node.id]
        if value is None:
            label.set_position((x, y))
        else:
            lh = measured.text_sizes[label][1]
            label.set_position((x, y + inner_h / 2 - lh / 2))
            value.set_position((x, y - lh / 2 - 0.02))


def draw_arrows(ax, edges: Sequence[Edge], plan_: geometry.Layout):
    """Forward arrows solid; backward ones (where planned) dashed. Returns (forward, backward) lists."""
    forward, backward = [], []
    for edge in edges:
        a = plan_.arrows[(edge.src, edge.dst)]
        ax.add_patch(FancyArrowPatch(a.start, a.end, arrowstyle="-|>", mutation_scale=13, color=FORWARD_COLOUR,
                                     linewidth=1.4, shrinkA=1, shrinkB=1, zorder=5))
        forward.append((edge.src, edge.dst))
        if a.back_start is not None:
            ax.add_patch(FancyArrowPatch(a.back_start, a.back_end, arrowstyle="-|>", mutation_scale=13,
                                         color=BACKWARD_COLOUR, linewidth=1.4, linestyle=(0, (4, 2)),
                                         shrinkA=1, shrinkB=1, zorder=5))
            backward.append((edge.dst, edge.src))
    return forward, backward


# --------------------------------------------------------------------------- 4. decorate


def decorate(ax, measured: Measured, plan_: geometry.Layout, title: Optional[str], backward: bool, look) -> None:
    """Texts on arrows at their planned places (on a white ground), the title, the legend."""
    for kind, artists in (("edge", measured.edge_artists), ("grad", measured.grad_artists)):
        for key, artist in artists.items():
            if (kind, key) in plan_.texts:
                artist.set_position(plan_.texts[(kind, key)])
                artist.set_ha(plan_.anchors[(kind, key)][0])
                artist.set_va(plan_.anchors[(kind, key)][1])
            artist.set_bbox(dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
    if title:
        ax.text(plan_.width / 2, plan_.height - 0.12, title, ha="center", va="top", fontsize=look.title_pt,
                fontweight="bold", color=TEXT_COLOUR)
    if backward:
        handles = [Line2D([], [], color=FORWARD_COLOUR, linewidth=1.4, label="forward pass: values"),
                   Line2D([], [], color=BACKWARD_COLOUR, linewidth=1.4, linestyle=(0, (4, 2)),
                          label="backward pass: gradients")]
        ax.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=look.text_pt,
                  bbox_to_anchor=(0.5, 0.0), labelcolor=TEXT_COLOUR)


# --------------------------------------------------------------------------- all four


def _canvas(ax, figsize, look):
    """(fig, ax, width, fixed height or None) in inches: a new whole-figure axes, or the given one."""
    if ax is None:
        width = look.width_in if figsize is None else float(figsize[0])
        fixed = None if figsize is None or figsize[1] is None else float(figsize[1])
        fig = plt.figure(figsize=(width, 3.0 if fixed is None else fixed), dpi=look.dpi, facecolor="white")
        ax = fig.add_axes((0, 0, 1, 1))
        whole = True
    else:
        fig, whole, fixed = ax.figure, False, None
    ax.set_facecolor("white")
    ax.set_axis_off()
    pos = ax.get_position()
    width = fig.get_size_inches()[0] * pos.width
    if not whole:
        fixed = fig.get_size_inches()[1] * pos.height
    return fig, ax, width, fixed


def draw_graph(nodes: Sequence[Node], edges: Sequence[Edge], *, title: Optional[str] = None,
               backward: bool = False, ax=None, figsize=None, target=None) -> Diagram:
    """Draw a computational graph and return the :class:`Diagram` (figure plus the texts drawn).

    Layout: each node's column is the length of the longest path from an input to it;
    the nodes of a column are spread evenly, first given = top. Forward arrows are solid
    and point left to right; with ``backward=True`` each edge also gets a dashed vermillion
    arrow pointing back, just under it, with ``edge.grad`` written on it (if given). Texts on
    arrows go where they meet no box and no other text (:func:`.layout.place_texts`).

    ``target`` (see :mod:`lecture_lib.figure_style`) sets the font sizes and the default width.
    ``figsize`` defaults to the target's width (the book: 6.2 in at 100 dpi) and as tall as
    the graph needs; ``(width, None)`` fixes only the width. ``ax``: draw into an existing axes
    (its limits become inches). Raises ValueError for an unknown node kind, an edge to an unknown
    node, a cycle, or a repeated id/edge; TypeError for objects that are not Node/Edge.
    """
    ids = check_graph(nodes, edges)
    columns = graph_columns(ids, edges)
    look = get_target(target)
    fig, ax, width, fixed_height = _canvas(ax, figsize, look)
    measured = measure(ax, nodes, edges, backward, look)
    wrapped = textwrap.fill(title, width=max(20, int(width * 72 / (look.title_pt * 0.66)))) if title else None
    plan_ = plan(columns, edges, measured, width=width, height=fixed_height,
                 title_lines=wrapped.count("\n") + 1 if wrapped else 0, backward=backward)
    if fixed_height is None:
        fig.set_size_inches(width, plan_.height)
    ax.set_xlim(0, plan_.width)
    ax.set_ylim(0, plan_.height)
    draw_boxes(ax, nodes, measured, plan_)
    forward_arrows, backward_arrows = draw_arrows(ax, edges, plan_)
    decorate(ax, measured, plan_, wrapped, backward, look)
    edge_texts = {k: a.get_text() for k, a in measured.edge_artists.items()}
    grad_texts = {k: a.get_text() for k, a in measured.grad_artists.items()}
    return Diagram(fig, ax, title, columns, plan_.positions, measured.node_texts, edge_texts, grad_texts,
                   forward_arrows, backward_arrows)
