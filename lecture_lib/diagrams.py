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

Colours: the Okabe–Ito palette (colour-blind safe). Figures have an opaque white
background and dark text, so a diagram reads the same in the book's light and dark theme
(a transparent PNG with dark text would vanish on the dark theme's background). The forward
and backward passes differ by line style (solid / dashed) as well as by colour.
"""
from __future__ import annotations

import re
import textwrap
from collections import OrderedDict
from dataclasses import dataclass
from numbers import Number
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from .colors import OKABE_ITO
from .figure_style import get_target

__all__ = [
    "OKABE_ITO",
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
]

NODE_KINDS = ("input", "op", "output")

# Fill (pale tint) and outline (full colour) per node kind.
_KIND_STYLE = {
    "input": {"fill": "#DDEFFA", "edge": OKABE_ITO["blue"], "box": "round,pad=0.06,rounding_size=0.08"},
    "op": {"fill": "#FBEBC7", "edge": "#B07800", "box": "square,pad=0.06"},
    "output": {"fill": "#CCEBE3", "edge": OKABE_ITO["bluish_green"], "box": "round,pad=0.06,rounding_size=0.08"},
}
_TEXT_COLOUR = "#1a1a1a"
_FORWARD_COLOUR = "#333333"
_BACKWARD_COLOUR = OKABE_ITO["vermillion"]

# Font sizes come from the figure target (lecture_lib.figure_style): node names at its label size,
# values in boxes, texts on arrows and the legend at its text size, the title at its title size.
_BACKWARD_OFFSET = 0.075  # inches between a forward arrow and its backward arrow
_BOX_PAD = 0.06  # inches, matches the boxstyle pads above


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Node:
    """A node of a computational graph.

    ``id`` names it in edges; ``label`` is drawn in the box; ``kind`` is ``"input"``,
    ``"op"`` or ``"output"``; ``value`` (optional) is written in the box under the label —
    a number, an array (see :func:`format_value`) or a ready-made string.
    """

    id: str
    label: str
    kind: str = "op"
    value: Any = None


@dataclass(frozen=True)
class Edge:
    """An arrow of the forward pass from node ``src`` to node ``dst``.

    ``label`` (optional) is written above the forward arrow; ``grad`` (optional) is written
    on the backward arrow when the graph is drawn with ``backward=True``. Either may be a
    number, an array or a string. ``label_pos`` (0–1) says where along the arrow the texts
    sit (0.5 = middle); move it when two crossing arrows would put their texts on top of
    each other.
    """

    src: str
    dst: str
    grad: Any = None
    label: Any = None
    label_pos: float = 0.5


class Diagram:
    """What :func:`draw_graph` drew: the figure and the exact texts and arrows on it.

    Attributes: ``fig``, ``ax``; ``node_labels`` {id: text in the box (label, then value)};
    ``edge_labels`` {(src, dst): text above the forward arrow}; ``grad_labels``
    {(src, dst): text on the backward arrow}; ``forward_arrows`` [(src, dst)];
    ``backward_arrows`` [(dst, src)] (the direction they point); ``positions``
    {id: (x, y)} in inches from the lower-left corner; ``columns`` [[ids], ...];
    ``title``.
    """

    def __init__(self, fig, ax, title, columns, positions, node_labels, edge_labels,
                 grad_labels, forward_arrows, backward_arrows):
        self.fig = fig
        self.ax = ax
        self.title = title
        self.columns = columns
        self.positions = positions
        self.node_labels = node_labels
        self.edge_labels = edge_labels
        self.grad_labels = grad_labels
        self.forward_arrows = forward_arrows
        self.backward_arrows = backward_arrows

    def __repr__(self) -> str:
        first_lines = {nid: text.split("\n")[0] for nid, text in self.node_labels.items()}
        path = " → ".join(", ".join(first_lines[n] for n in col) for col in self.columns)
        passes = " (forward and backward)" if self.backward_arrows else ""
        return f"Diagram: {path}{passes}"


# --------------------------------------------------------------------------- formatting


def _number(x) -> str:
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.3g}"
    return text


def format_value(value, max_entries: int = 9) -> Optional[str]:
    """The text a diagram writes for ``value``.

    None → None; a string as it is; a number with 3 significant digits ("0.389");
    a 1-D array of at most 4 entries in full ("[1, 2, 3]"), longer ones as "length n";
    a matrix as its shape ("3×2"), followed by one line per row (2 decimals) when it has
    at most ``max_entries`` entries; a 1×1 matrix as "1×1: 0.389".
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (Number, np.number)):
        return _number(value)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"a diagram value must be a number, an array of numbers or a string, got {type(value).__name__}"
        ) from error
    if array.ndim == 0:
        return _number(array)
    if array.ndim == 1:
        if array.size <= 4:
            return "[" + ", ".join(_number(v) for v in array) + "]"
        return f"length {array.size}"
    if array.ndim == 2:
        m, n = array.shape
        shape = f"{m}×{n}"
        if array.size == 1:
            return f"{shape}: {_number(array[0, 0])}"
        if array.size <= max_entries:
            rows = ["[" + " ".join(f"{v:6.2f}" for v in row) + "]" for row in array]
            return shape + "\n" + "\n".join(rows)
        return shape
    return "×".join(str(s) for s in array.shape)


# --------------------------------------------------------------------------- layout


def _check_graph(nodes: Sequence[Node], edges: Sequence[Edge]):
    if not isinstance(nodes, (list, tuple)) or not nodes:
        raise ValueError("nodes must be a non-empty list of Node")
    if not isinstance(edges, (list, tuple)):
        raise TypeError(f"edges must be a list of Edge, got {type(edges).__name__}")
    ids = []
    for node in nodes:
        if not isinstance(node, Node):
            raise TypeError(f"every node must be a Node, got {type(node).__name__}: {node!r}")
        if node.kind not in NODE_KINDS:
            raise ValueError(f"node {node.id!r} has unknown kind {node.kind!r}; expected one of {NODE_KINDS}")
        if node.id in ids:
            raise ValueError(f"node id {node.id!r} is used twice")
        ids.append(node.id)
    seen = set()
    for edge in edges:
        if not isinstance(edge, Edge):
            raise TypeError(f"every edge must be an Edge, got {type(edge).__name__}: {edge!r}")
        for end in (edge.src, edge.dst):
            if end not in ids:
                raise ValueError(f"edge {edge.src!r} → {edge.dst!r} names unknown node {end!r}; nodes are {ids}")
        if edge.src == edge.dst:
            raise ValueError(f"edge {edge.src!r} → {edge.dst!r} is a loop: a computational graph has no cycles")
        if (edge.src, edge.dst) in seen:
            raise ValueError(f"edge {edge.src!r} → {edge.dst!r} appears twice")
        seen.add((edge.src, edge.dst))
        if not 0.0 <= float(edge.label_pos) <= 1.0:
            raise ValueError(f"edge {edge.src!r} → {edge.dst!r}: label_pos must be in [0, 1], got {edge.label_pos}")
    return ids


def _columns(ids: List[str], edges: Sequence[Edge]) -> List[List[str]]:
    """Column of each node = length of the longest path reaching it from a node without inputs."""
    parents = {i: [] for i in ids}
    for edge in edges:
        parents[edge.dst].append(edge.src)
    depth: Dict[str, int] = {}
    state: Dict[str, int] = {}  # 1 = being visited, 2 = done

    def visit(nid, trail):
        if state.get(nid) == 2:
            return depth[nid]
        if state.get(nid) == 1:
            cycle = trail[trail.index(nid):] + [nid]
            raise ValueError(f"the graph has a cycle: {' → '.join(reversed(cycle))}; a computational graph has none")
        state[nid] = 1
        depth[nid] = 1 + max((visit(p, trail + [nid]) for p in parents[nid]), default=-1)
        state[nid] = 2
        return depth[nid]

    for nid in ids:
        visit(nid, [])
    columns = [[] for _ in range(max(depth.values()) + 1)]
    for nid in ids:  # keeps the caller's order inside a column: first = top
        columns[depth[nid]].append(nid)
    return columns


def _text_size_inches(fig, text_artist) -> Tuple[float, float]:
    renderer = fig.canvas.get_renderer()
    box = text_artist.get_window_extent(renderer=renderer)
    return box.width / fig.dpi, box.height / fig.dpi


def _exit_point(centre, half, start, direction):
    """Where the ray start + t·direction (t ≥ 0) leaves the box centred at ``centre``."""
    ts = []
    for axis in (0, 1):
        d = direction[axis]
        if abs(d) > 1e-12:
            bound = centre[axis] + np.sign(d) * half[axis]
            ts.append((bound - start[axis]) / d)
    t = min(t for t in ts if t >= 0) if any(t >= 0 for t in ts) else 0.0
    return start + t * direction


def _anchor(artist, side):
    """Anchor a text by the corner nearest its arrow, so it sits on the ``side`` of the arrow, clear of it."""
    artist.set_ha("left" if side[0] > 0.05 else ("right" if side[0] < -0.05 else "center"))
    artist.set_va("bottom" if side[1] > 0 else "top")


def _text_candidates(fig, artist, start, end, t, side, horizontal, gap, box_edge, direction):
    """Where a text on the arrow start → end may go, best first: at ``t`` along it, beside the arrow
    (on ``side``), then further along it either way; a text wider than the gap between two boxes
    in a row goes beyond the boxes' edge (``box_edge``, above for direction +1, below for −1),
    then one or two text heights further out."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    width, height = _text_size_inches(fig, artist)
    found = []
    for shift in (0.0, -0.12, 0.12, -0.22, 0.22, -0.32, 0.32):
        u = min(max(t + shift, 0.1), 0.9)
        p = start + u * (end - start) + 0.05 * side
        if horizontal and width > gap:
            for k in range(3):
                q = p.copy()
                edge = box_edge + direction * k * (height + 0.04)
                q[1] = max(q[1], edge) if direction > 0 else min(q[1], edge)
                found.append(tuple(q))
        else:
            found.append(tuple(p))
    return list(dict.fromkeys(found))


def _column_centres(columns, sizes, width_in: float, margin: float) -> List[float]:
    """x of each column: evenly spaced when every box fits its equal share of the width; otherwise
    each column as wide as its widest box, with equal gaps between them (a wide matrix box stays inside)."""
    share = (width_in - 2 * margin) / len(columns)
    widths = [max(sizes[nid][0] for nid in col) for col in columns]
    if max(widths) <= share - 0.1 or len(columns) == 1:
        return [margin + (c + 0.5) * share for c in range(len(columns))]
    gap = max(0.0, (width_in - 2 * margin - sum(widths)) / (len(columns) - 1))
    centres, x = [], margin
    for w in widths:
        centres.append(x + w / 2)
        x += w + gap
    return centres


def _overlap_area(a, b, pad=0.06) -> float:
    """Area (square inches) shared by extents a and b (x0, y0, x1, y1), each grown by ``pad``."""
    w = min(a[2], b[2]) - max(a[0], b[0]) + 2 * pad
    h = min(a[3], b[3]) - max(a[1], b[1]) + 2 * pad
    return w * h if w > 0 and h > 0 else 0.0


def _place_without_overlaps(ax, candidates: dict, boxes: list) -> None:
    """Put each text at its first candidate place where it meets no node box and no text placed
    before it (or, if there is none, at its first place). Extents are in the axes' inches."""
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()
    taken = list(boxes)
    for artist, places in candidates.items():
        scored = []
        for place in places:
            artist.set_position(place)
            corners = to_data.transform(artist.get_window_extent(renderer).get_points())
            extent = (*corners[0], *corners[1])
            overlap = sum(_overlap_area(extent, other) for other in taken)
            scored.append((overlap, len(scored), place, extent))
            if overlap == 0:
                break
        _, _, place, extent = min(scored)  # no overlap, or else the least
        artist.set_position(place)
        taken.append(extent)


# --------------------------------------------------------------------------- drawing


def draw_graph(nodes: Sequence[Node], edges: Sequence[Edge], *, title: Optional[str] = None,
               backward: bool = False, ax=None, figsize=None, target=None) -> Diagram:
    """Draw a computational graph and return the :class:`Diagram` (figure plus the texts drawn).

    Layout: each node's column is the length of the longest path from an input to it;
    the nodes of a column are spread evenly, first given = top. Forward arrows are solid
    and point left to right; with ``backward=True`` each edge also gets a dashed vermillion
    arrow pointing back, just under it, with ``edge.grad`` written on it (if given).

    ``target`` (see :mod:`lecture_lib.figure_style`) sets the font sizes and the default width.
    ``figsize`` defaults to the target's width (the book: 6.2 in at 100 dpi) and as tall as
    the graph needs; ``(width, None)`` fixes only the width. ``ax``: draw into an existing axes (its limits become inches).
    Raises ValueError for an unknown node kind, an edge to an unknown node, a cycle, or a
    repeated id/edge; TypeError for objects that are not Node/Edge.
    """
    ids = _check_graph(nodes, edges)
    columns = _columns(ids, edges)
    by_id = {node.id: node for node in nodes}

    look = get_target(target)
    auto_height = figsize is None or figsize[1] is None
    if ax is None:
        width = look.width_in if figsize is None else float(figsize[0])
        fig = plt.figure(figsize=(width, 3.0 if auto_height else float(figsize[1])), dpi=look.dpi,
                         facecolor="white")
        ax = fig.add_axes((0, 0, 1, 1))
    else:
        fig = ax.figure
    ax.set_facecolor("white")
    ax.set_axis_off()

    # Draw texts first (anywhere) to measure them; place them once the layout is known.
    label_artists, value_artists, sizes, node_texts = {}, {}, {}, {}
    for nid in ids:
        node = by_id[nid]
        label = ax.text(0, 0, node.label, ha="center", va="center", fontsize=look.label_pt,
                        color=_TEXT_COLOUR, zorder=4)
        w, h = _text_size_inches(fig, label)
        value_text = format_value(node.value)
        value_artist = None
        if value_text:
            value_artist = ax.text(0, 0, value_text, ha="center", va="center", fontsize=look.text_pt,
                                   family="monospace", color=_TEXT_COLOUR, zorder=4, linespacing=1.15)
            vw, vh = _text_size_inches(fig, value_artist)
            w, h = max(w, vw), h + vh + 0.04
        label_artists[nid], value_artists[nid] = label, value_artist
        sizes[nid] = (max(w, 0.28) + 2 * _BOX_PAD, max(h, 0.18) + 2 * _BOX_PAD)
        node_texts[nid] = node.label if not value_text else f"{node.label}\n{value_text}"

    edge_texts, grad_texts, edge_artists, grad_artists = OrderedDict(), OrderedDict(), {}, {}
    label_band = 0.0
    for edge in edges:
        key = (edge.src, edge.dst)
        text = format_value(edge.label, max_entries=4)
        if text:
            edge_texts[key] = text
            edge_artists[key] = ax.text(0, 0, text, ha="center", va="bottom", fontsize=look.text_pt,
                                        color=_FORWARD_COLOUR, zorder=6, linespacing=1.1)
            label_band = max(label_band, _text_size_inches(fig, edge_artists[key])[1])
        grad = format_value(edge.grad, max_entries=4) if backward else None
        if grad:
            grad_texts[key] = grad
            grad_artists[key] = ax.text(0, 0, grad, ha="center", va="top", fontsize=look.text_pt,
                                        color=_BACKWARD_COLOUR, zorder=6, linespacing=1.1)
            label_band = max(label_band, _text_size_inches(fig, grad_artists[key])[1])

    # Geometry in inches.
    if ax.figure is fig and ax.get_position().bounds == (0, 0, 1, 1):
        fig_w, _ = fig.get_size_inches()
        width_in = fig_w
    else:
        pos = ax.get_position()
        width_in = fig.get_size_inches()[0] * pos.width
    max_rows = max(len(col) for col in columns)
    tallest = max(h for _, h in sizes.values())
    # Texts on arrows sit beside the arrows: above and below the row for horizontal ones,
    # between the columns for slanted ones, so rows need only a little room between them.
    pitch = tallest + max(0.3, label_band) + 0.15
    if title:  # wrapped to the figure's width (bold characters are about 0.66 em wide)
        title = textwrap.fill(title, width=max(20, int(width_in * 72 / (look.title_pt * 0.66))))
    title_h = 0.45 + 0.25 * title.count("\n") if title else 0.1
    legend_h = 0.35 if backward else 0.1
    # Texts on the backward arrows may be staggered below the row (see _text_candidates): room for one more.
    needed_h = title_h + legend_h + (max_rows - 1) * pitch + tallest + (3 if backward else 2) * label_band + 0.3
    if ax.get_position().bounds == (0, 0, 1, 1) and auto_height:
        # Rounded up to 0.1 inch: the size matplotlib prints ("<Figure size 800x300 ...>", compared by
        # nbval) then stays the same under tiny changes of font metrics.
        height_in = max(1.4, np.ceil(round(needed_h * 10, 6)) / 10)
        fig.set_size_inches(width_in, height_in)
    else:
        pos = ax.get_position()
        height_in = fig.get_size_inches()[1] * pos.height
    ax.set_xlim(0, width_in)
    ax.set_ylim(0, height_in)

    margin = 0.15
    mid_y = legend_h + (height_in - title_h - legend_h) / 2
    positions = {}
    for col, x in zip(columns, _column_centres(columns, sizes, width_in, margin)):
        for r, nid in enumerate(col):
            positions[nid] = (x, mid_y + ((len(col) - 1) / 2 - r) * pitch)

    # Boxes and their texts.
    for nid in ids:
        x, y = positions[nid]
        w, h = sizes[nid]
        style = _KIND_STYLE[by_id[nid].kind]
        inner_w, inner_h = w - 2 * _BOX_PAD, h - 2 * _BOX_PAD
        ax.add_patch(FancyBboxPatch((x - inner_w / 2, y - inner_h / 2), inner_w, inner_h,
                                    boxstyle=style["box"], facecolor=style["fill"], edgecolor=style["edge"],
                                    linewidth=1.5, zorder=3))
        label = label_artists[nid]
        value = value_artists[nid]
        if value is None:
            label.set_position((x, y))
        else:
            lh = _text_size_inches(fig, label)[1]
            label.set_position((x, y + inner_h / 2 - lh / 2))
            label.set_va("center")
            value.set_position((x, y - lh / 2 - 0.02))

    # Arrows: forward solid, backward dashed under it, both clipped at the box edges.
    forward_arrows, backward_arrows = [], []
    candidates = {}  # text on an arrow → the places it may go, best first
    for edge in edges:
        key = (edge.src, edge.dst)
        a, b = np.array(positions[edge.src]), np.array(positions[edge.dst])
        half_a, half_b = np.array(sizes[edge.src]) / 2, np.array(sizes[edge.dst]) / 2
        direction = b - a
        unit = direction / np.linalg.norm(direction)
        normal = np.array([-unit[1], unit[0]])  # left of the arrow: "above" a rightward arrow
        if normal[1] < 0 or (normal[1] == 0 and normal[0] < 0):
            normal = -normal
        offset = _BACKWARD_OFFSET if backward else 0.0
        fa = a + offset * normal
        fb = b + offset * normal
        start = _exit_point(a, half_a, fa, unit)
        end = _exit_point(b, half_b, fb, -unit)
        ax.add_patch(FancyArrowPatch(tuple(start), tuple(end), arrowstyle="-|>", mutation_scale=13,
                                     color=_FORWARD_COLOUR, linewidth=1.4, shrinkA=1, shrinkB=1, zorder=5))
        forward_arrows.append(key)
        t = float(edge.label_pos)
        horizontal = abs(unit[1]) < 0.05
        gap = float(np.linalg.norm(end - start))
        # A text wider than the gap between two boxes in a row goes above (below) both boxes
        # instead of on top of them.
        box_top = max(a[1] + half_a[1], b[1] + half_b[1]) + _BOX_PAD / 2
        box_bottom = min(a[1] - half_a[1], b[1] - half_b[1]) - _BOX_PAD / 2
        if key in edge_artists:
            candidates[edge_artists[key]] = _text_candidates(fig, edge_artists[key], start, end, t, normal,
                                                             horizontal, gap, box_top, +1)
            _anchor(edge_artists[key], normal)
        if backward:
            ba = a - offset * normal
            bb = b - offset * normal
            bstart = _exit_point(b, half_b, bb, -unit)
            bend = _exit_point(a, half_a, ba, unit)
            ax.add_patch(FancyArrowPatch(tuple(bstart), tuple(bend), arrowstyle="-|>", mutation_scale=13,
                                         color=_BACKWARD_COLOUR, linewidth=1.4, linestyle=(0, (4, 2)),
                                         shrinkA=1, shrinkB=1, zorder=5))
            backward_arrows.append((edge.dst, edge.src))
            if key in grad_artists:
                candidates[grad_artists[key]] = _text_candidates(fig, grad_artists[key], bend, bstart, t, -normal,
                                                                 horizontal, gap, box_bottom, -1)
                _anchor(grad_artists[key], -normal)

    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2) for (x, y), (w, h) in
             ((positions[nid], sizes[nid]) for nid in ids)]
    _place_without_overlaps(ax, candidates, boxes)
    for artist in list(edge_artists.values()) + list(grad_artists.values()):
        artist.set_bbox(dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))

    if title:
        ax.text(width_in / 2, height_in - 0.12, title, ha="center", va="top", fontsize=look.title_pt,
                fontweight="bold", color=_TEXT_COLOUR)
    if backward:
        handles = [Line2D([], [], color=_FORWARD_COLOUR, linewidth=1.4, label="forward pass: values"),
                   Line2D([], [], color=_BACKWARD_COLOUR, linewidth=1.4, linestyle=(0, (4, 2)),
                          label="backward pass: gradients")]
        ax.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=look.text_pt,
                  bbox_to_anchor=(0.5, 0.0), labelcolor=_TEXT_COLOUR)

    return Diagram(fig, ax, title, columns, positions, node_texts, dict(edge_texts), dict(grad_texts),
                   forward_arrows, backward_arrows)


# --------------------------------------------------------------------------- presets

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(k: int) -> str:
    return str(k).translate(_SUBSCRIPTS)


def _pretty(name: str) -> str:
    """'f1' → 'f₁' (trailing digits as subscripts)."""
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return head + tail.translate(_SUBSCRIPTS) if head and tail else name


def _optional_list(items, length: int, what: str):
    if items is None:
        return [None] * length
    items = list(items)
    if len(items) != length:
        raise ValueError(f"{what} must have {length} entries, got {len(items)}")
    return items


def function_box(name: str = "f", *, input_label: str = "x", output_label: Optional[str] = None,
                 input_value=None, output_value=None, title: Optional[str] = None, figsize=None,
                 ax=None, target=None) -> Diagram:
    """A function as a box: ``x → [f] → f(x)``, optionally with a number going in and coming out."""
    output_label = output_label if output_label is not None else f"{name}({input_label})"
    nodes = [Node("in", input_label, "input", input_value), Node("f", name, "op"),
             Node("out", output_label, "output", output_value)]
    return draw_graph(nodes, [Edge("in", "f"), Edge("f", "out")], title=title, figsize=figsize, ax=ax, target=target)


def chain(names: Sequence[str] = ("f1", "f2"), values=None, grads=None, *, input_label: str = "x",
          output_label: str = "y", local_grads=None, backward: Optional[bool] = None,
          title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """A chain ``x → f₁ → f₂ → … → fₙ → y`` of any length n ≥ 1.

    ``values`` (optional, n + 1 entries: what :func:`lecture_lib.chain_forward` returns,
    u₀ = x, u₁ = f₁(x), …): u₀ is written in the input box, u₁ … uₙ₋₁ on the arrows between
    the functions, uₙ in the output box.
    ``grads`` (optional, n + 1 entries): dy/du₀ (= dy/dx), dy/du₁, …, dy/duₙ (= 1), written
    on the backward arrow that carries each — arrow k goes back from fₖ₊₁ (or y) to fₖ (or x).
    ``local_grads`` (optional, n entries, f₁′(u₀) … fₙ′(uₙ₋₁)) add a line "×fₖ′ = …" to the
    gradient on the arrow going into fₖ, so the reader sees each multiplication of the chain rule.
    The backward pass is drawn when ``grads`` is given (or ``backward=True``).
    """
    names = list(names)
    if not names or not all(isinstance(n, str) for n in names):
        raise ValueError(f"names must be a non-empty list of function names (strings), got {names!r}")
    n = len(names)
    values = _optional_list(values, n + 1, "values (u₀ = x, then one per function)")
    grads = _optional_list(grads, n + 1, "grads (dy/du₀ … dy/duₙ)")
    local_grads = _optional_list(local_grads, n, "local_grads (one per function)")
    if backward is None:
        backward = any(g is not None for g in grads)
    nodes = [Node("x", input_label, "input", values[0])]
    nodes += [Node(f"f{k}", _pretty(name), "op") for k, name in enumerate(names, start=1)]
    nodes.append(Node("y", output_label, "output", values[n]))
    ids = [node.id for node in nodes]
    edges = []
    for k in range(n + 1):
        label = None
        if 0 < k < n and values[k] is not None:
            label = f"u{_sub(k)} = {format_value(values[k], 4)}"
        grad = None
        if grads[k] is not None:
            name = "x" if k == 0 else ("y" if k == n else f"u{_sub(k)}")
            grad = f"dy/d{name} = {format_value(grads[k], 4)}"
            if k < n and local_grads[k] is not None:
                grad = f"×{_pretty(names[k])}′ = {format_value(local_grads[k], 4)}\n{grad}"
        edges.append(Edge(ids[k], ids[k + 1], grad=grad, label=label))
    return draw_graph(nodes, edges, title=title, backward=backward, figsize=figsize, ax=ax, target=target)


def chain_annotated(functions: Sequence, x, *, names: Optional[Sequence[str]] = None,
                    title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """The chain of ``functions`` at the number ``x``, annotated from an actual computation.

    Runs :func:`lecture_lib.chain_forward` (u₀ = x, uₖ = fₖ(uₖ₋₁), written forward) and
    :func:`lecture_lib.chain_backward` (local derivatives fₖ′(uₖ₋₁)), and writes the
    accumulated gradients dy/duₖ = fₙ′(uₙ₋₁) × … × fₖ₊₁′(uₖ) on the backward arrows, so the
    gradient on the first arrow, dy/dx, is the chain rule's product.
    """
    from .calculus import chain_backward, chain_forward

    functions = list(functions)
    x_array = np.asarray(x, dtype=float)
    if x_array.size != 1:
        raise ValueError(f"chain_annotated draws one number going through the chain; x has shape {x_array.shape}")
    values = chain_forward(functions, x_array.reshape(()))
    local_last_first = chain_backward(functions, values)
    local = [float(v) for v in reversed(local_last_first)]  # f₁′(u₀) … fₙ′(uₙ₋₁)
    n = len(functions)
    grads = [1.0] * (n + 1)
    for k in range(n - 1, -1, -1):
        grads[k] = grads[k + 1] * local[k]
    if names is None:
        names = [getattr(f, "__name__", f"f{k}") for k, f in enumerate(functions, start=1)]
    return chain(names, [float(v) for v in values], grads, local_grads=local, title=title,
                 figsize=figsize, ax=ax, target=target)


def two_input_graph(op: str = "+", values: Optional[dict] = None, grads: Optional[dict] = None, *,
                    sigma_label: str = "σ", backward: Optional[bool] = None, title: Optional[str] = None,
                    figsize=None, ax=None, target=None) -> Diagram:
    """``(x, y) → α → σ → s`` with α(x, y) = x + y (``op="+"``), or ``(x, y) → β → σ → s`` with
    β(x, y) = x × y (``op="×"``, also "*"): the names chapter 4 gives the two combinations.

    ``values`` (optional) {"x", "y", "a", "s"}: x and y in the input boxes, a = α(x, y) on the
    arrow α → σ, s in the output box. ``grads`` (optional) {"x", "y", "a"}: ds/dx, ds/dy, ds/da
    on the backward arrows (drawn when grads are given or ``backward=True``).
    """
    if op in ("*", "x", "·"):
        op = "×"
    if op not in ("+", "×"):
        raise ValueError(f"op must be '+' or '×' (or '*'), got {op!r}")
    values = dict(values or {})
    grads = dict(grads or {})
    for what, given, allowed in (("values", values, {"x", "y", "a", "s"}), ("grads", grads, {"x", "y", "a"})):
        unknown = set(given) - allowed
        if unknown:
            raise ValueError(f"{what} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    if backward is None:
        backward = bool(grads)
    a_label = "a" if values.get("a") is None else f"a = {format_value(values['a'], 4)}"

    def g(key, name):
        return None if grads.get(key) is None else f"ds/d{name} = {format_value(grads[key], 4)}"

    nodes = [Node("x", "x", "input", values.get("x")), Node("y", "y", "input", values.get("y")),
             Node("alpha", f"{'α' if op == '+' else 'β'}: x {op} y", "op"), Node("sigma", sigma_label, "op"),
             Node("s", "s", "output", values.get("s"))]
    edges = [Edge("x", "alpha", grad=g("x", "x")), Edge("y", "alpha", grad=g("y", "y")),
             Edge("alpha", "sigma", grad=g("a", "a"), label=a_label), Edge("sigma", "s")]
    return draw_graph(nodes, edges, title=title, backward=backward, figsize=figsize, ax=ax, target=target)


def two_input_annotated(x: float, y: float, op: str = "+", sigma=None, *, title: Optional[str] = None,
                        figsize=None, ax=None, target=None) -> Diagram:
    """:func:`two_input_graph` at numbers x, y, annotated with the lecture's forward and backward functions."""
    from . import multi_input
    from .calculus import derivative_of
    from .functions import sigmoid

    sigma = sigmoid if sigma is None else sigma
    multiply = op in ("×", "*", "x", "·")
    if not multiply and op != "+":
        raise ValueError(f"op must be '+' or '×' (or '*'), got {op!r}")
    xv, yv = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xv.size != 1 or yv.size != 1:
        raise ValueError(f"two_input_annotated draws one number per input; got shapes {xv.shape} and {yv.shape}")
    if multiply:
        s = multi_input.multiple_inputs_multiply(xv, yv, sigma)
        dsdx, dsdy = multi_input.multiple_inputs_multiply_backward(xv, yv, sigma)
        a = xv * yv
    else:
        s = multi_input.multiple_inputs_add(xv, yv, sigma)
        dsdx, dsdy = multi_input.multiple_inputs_add_backward(xv, yv, sigma)
        a = xv + yv
    dsda = derivative_of(sigma)(a)
    return two_input_graph("×" if multiply else "+",
                           values={"x": float(xv), "y": float(yv), "a": float(a), "s": float(s)},
                           grads={"x": float(dsdx), "y": float(dsdy), "a": float(dsda)},
                           title=title, figsize=figsize, ax=ax, target=target)


_SHAPE_PREFIX = re.compile(r"^\d+×\d+")


def _named(name: str, value, max_entries: int) -> str:
    """'N 3×2' (with rows under it when small), 'N 1×1: 0.5', 'L = 1.23', 'N = [1, 2]'."""
    text = format_value(value, max_entries=max_entries)
    if text is None:
        return name
    if _SHAPE_PREFIX.match(text):
        return f"{name} {text}"
    return f"{name} = {text}"


def matrix_graph(*, with_sum: bool = True, values: Optional[dict] = None, grads: Optional[dict] = None,
                 shapes: Optional[dict] = None, sigma_label: str = "σ", backward: Optional[bool] = None,
                 title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """``(X, W) → ν → σ → S`` and, with ``with_sum=True``, ``… → σ → Λ → L`` (L = sum of S).

    ``values`` (optional) {"X", "W", "N", "S", "L"}: X, W in the input boxes, N and S on the
    arrows, L (or S without the sum) in the output box. ``grads`` (optional)
    {"X", "W", "N", "S"}: dL/dX, dL/dW, dL/dN, dL/dS on the backward arrows.
    ``shapes`` (optional) {"X": (3, 3), ...} writes shapes where no values are given.
    Arrays with few entries are written in full, bigger ones as their shape (see :func:`format_value`).
    """
    values = dict(values or {})
    grads = dict(grads or {})
    shapes = dict(shapes or {})
    allowed_values = {"X", "W", "N", "S", "L"} if with_sum else {"X", "W", "N", "S"}
    allowed_grads = {"X", "W", "N", "S"} if with_sum else {"X", "W", "N"}
    for what, given, allowed in (("values", values, allowed_values), ("grads", grads, allowed_grads),
                                 ("shapes", shapes, allowed_values)):
        unknown = set(given) - allowed
        if unknown:
            raise ValueError(f"{what} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    if backward is None:
        backward = bool(grads)
    out = "L" if with_sum else "S"

    def shown(key, max_entries):
        if values.get(key) is not None:
            return values[key]
        if key in shapes:
            return "×".join(str(s) for s in shapes[key])
        return None

    def forward_label(key):
        v = shown(key, 4)
        return key if v is None else _named(key, v, 4)

    def grad_label(key):
        if grads.get(key) is None:
            return None
        return _named(f"d{out}/d{key}", grads[key], 4)

    nodes = [Node("X", "X", "input", shown("X", 9)), Node("W", "W", "input", shown("W", 9)),
             Node("nu", "ν: X·W", "op"), Node("sigma", sigma_label, "op")]
    edges = [Edge("X", "nu", grad=grad_label("X")), Edge("W", "nu", grad=grad_label("W")),
             Edge("nu", "sigma", grad=grad_label("N"), label=forward_label("N"))]
    if with_sum:
        nodes += [Node("Lambda", "Λ: sum", "op"), Node("L", "L", "output", shown("L", 1))]
        edges += [Edge("sigma", "Lambda", grad=grad_label("S"), label=forward_label("S")),
                  Edge("Lambda", "L")]
    else:
        nodes.append(Node("S", "S", "output", shown("S", 9)))
        edges.append(Edge("sigma", "S"))
    return draw_graph(nodes, edges, title=title, backward=backward, figsize=figsize, ax=ax, target=target)


def vector_graph(*, values: Optional[dict] = None, grads: Optional[dict] = None, shapes: Optional[dict] = None,
                 sigma_label: str = "σ", backward: Optional[bool] = None, title: Optional[str] = None,
                 figsize=None, ax=None, target=None) -> Diagram:
    """``(X, W) → ν → σ → S`` (chapter 5): :func:`matrix_graph` without the sum Λ."""
    return matrix_graph(with_sum=False, values=values, grads=grads, shapes=shapes, sigma_label=sigma_label,
                        backward=backward, title=title, figsize=figsize, ax=ax, target=target)


def matrix_graph_annotated(X, W, sigma=None, *, title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """``(X, W) → ν → σ → Λ → L`` annotated from an actual computation with :mod:`lecture_lib.matrix`.

    Forward: N = X·W, S = σ(N), L = sum(S) (``matrix_function_forward_sum``). Backward:
    dL/dS = ones, dL/dN = dL/dS ⊙ σ′(N), dL/dX (``matrix_function_backward_sum_1``),
    dL/dW (``matrix_function_backward_sum_2``). Shapes are always written; values where an
    array has at most 9 entries (inputs) or 4 entries (arrows).
    """
    from . import matrix
    from .calculus import derivative_of
    from .functions import sigmoid

    sigma = sigmoid if sigma is None else sigma
    N = matrix.matmul_forward(X, W)
    S = matrix.matrix_forward_extra(X, W, sigma)
    L = matrix.matrix_function_forward_sum(X, W, sigma)
    dLdS = np.ones_like(S)
    dLdN = dLdS * derivative_of(sigma)(N)
    dLdX = matrix.matrix_function_backward_sum_1(X, W, sigma)
    dLdW = matrix.matrix_function_backward_sum_2(X, W, sigma)
    return matrix_graph(values={"X": np.asarray(X, dtype=float), "W": np.asarray(W, dtype=float),
                                "N": N, "S": S, "L": L},
                        grads={"X": dLdX, "W": dLdW, "N": dLdN, "S": dLdS},
                        sigma_label=getattr(sigma, "__name__", "σ") if sigma is not sigmoid else "σ",
                        title=title, figsize=figsize, ax=ax, target=target)


#: The slides' XOR network: hidden OR (20, 20; −10) and NAND (−20, −20; 30), output AND (20, 20; −30).
XOR_WEIGHTS = (np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([[20.0], [20.0]]))
XOR_BIASES = (np.array([-10.0, 30.0]), np.array([-30.0]))


def xor_network_graph(weights=None, biases=None, *, inputs=None, hidden_names=None,
                      output_name: Optional[str] = None, title: Optional[str] = None, figsize=None,
                      ax=None, target=None) -> Diagram:
    """The 2-k-1 XOR network: x₁, x₂ → k sigmoid neurons → one sigmoid neuron → y.

    ``weights`` = (W1, W2) with W1 of shape (2 × k) — W1[i, j] is the weight from input xᵢ₊₁
    to hidden neuron j+1 — and W2 of shape (k × 1); ``biases`` = (b1 of k, b2 of 1).
    ``weights`` may instead be a parameter dict {"W1", "b1", "W2", "b2"} as used by
    :mod:`lecture_lib.xor` (e.g. ``hand_set_xor_params()`` or a trained network); then leave
    ``biases`` out. Default: the slides' OR, NAND and AND neurons (:data:`XOR_WEIGHTS`,
    :data:`XOR_BIASES`), named so. Weights are written on the arrows, biases in the neurons.
    ``inputs`` (optional, (x₁, x₂)) runs the network forward and writes each neuron's output
    σ(w·x + b) in its box and the network's output in y.
    """
    from .functions import sigmoid

    slides = weights is None and biases is None
    if isinstance(weights, dict):
        if biases is not None:
            raise ValueError("give either a parameter dict {'W1', 'b1', 'W2', 'b2'} or weights and biases, not both")
        missing = [k for k in ("W1", "b1", "W2", "b2") if k not in weights]
        if missing:
            raise ValueError(f"the parameter dict is missing {missing}; it needs W1, b1, W2, b2")
        W1, W2, b1, b2 = weights["W1"], weights["W2"], weights["b1"], weights["b2"]
    else:
        W1, W2 = XOR_WEIGHTS if weights is None else weights
        b1, b2 = XOR_BIASES if biases is None else biases
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    b1, b2 = np.asarray(b1, dtype=float).reshape(-1), np.asarray(b2, dtype=float).reshape(-1)
    k = W1.shape[1] if W1.ndim == 2 else -1
    if W1.ndim != 2 or W1.shape[0] != 2 or W2.shape not in ((k, 1), (k,)) or b1.shape != (k,) or b2.shape != (1,):
        raise ValueError(f"the XOR network needs W1 (2×k), W2 (k×1), b1 (k), b2 (1); got W1 {W1.shape}, "
                         f"W2 {W2.shape}, b1 {b1.shape}, b2 {b2.shape}")
    W2 = W2.reshape(k, 1)
    if hidden_names is None:
        hidden_names = ("OR", "NAND") if slides else ("",) * k
    if output_name is None:
        output_name = "AND" if slides else ""
    if len(hidden_names) != k:
        raise ValueError(f"hidden_names must name the {k} hidden neurons, got {len(hidden_names)} names")
    hidden_out = out = None
    x_values = (None, None)
    if inputs is not None:
        x = np.asarray(inputs, dtype=float).reshape(-1)
        if x.shape != (2,):
            raise ValueError(f"inputs must be two numbers (x₁, x₂), got shape {x.shape}")
        hidden_out = sigmoid(x @ W1 + b1)
        out = float(sigmoid(hidden_out @ W2 + b2)[0])
        x_values = (float(x[0]), float(x[1]))

    def neuron_text(bias, output):
        text = f"b = {format_value(float(bias))}"
        return text if output is None else f"{text}\nout {format_value(float(output))}"

    def neuron_label(prefix, name):
        return f"{prefix}σ {name}".rstrip()

    nodes = [Node("x1", "x₁", "input", x_values[0]), Node("x2", "x₂", "input", x_values[1])]
    for j in range(k):
        nodes.append(Node(f"h{j + 1}", neuron_label(f"h{_sub(j + 1)}: ", hidden_names[j]), "op",
                          neuron_text(b1[j], None if hidden_out is None else hidden_out[j])))
    nodes.append(Node("o", neuron_label("", output_name), "op", neuron_text(b2[0], out)))
    nodes.append(Node("y", "y", "output", out))
    edges = []
    for i in range(2):
        for j in range(k):
            edges.append(Edge(f"x{i + 1}", f"h{j + 1}", label=f"w = {format_value(W1[i, j])}", label_pos=0.28))
    for j in range(k):
        edges.append(Edge(f"h{j + 1}", "o", label=f"w = {format_value(W2[j, 0])}", label_pos=0.5))
    edges.append(Edge("o", "y"))
    return draw_graph(nodes, edges, title=title, figsize=figsize, ax=ax, target=target)


# --------------------------------------------------------------------------- the landing page's pictures
# The slides' "Neurons and the brain" and "Types of layers", drawn for the landing page (intro.md).
# That page is Markdown and runs no code, so `make figures` saves them as PNG files
# (write_landing_figures); tests/test_diagrams.py checks that the files are what this code draws.

from pathlib import Path  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402

_LANDING_DPI = 150
# Darker shades of the same hues for small text on white (contrast ≥ 4.5:1, WCAG AA).
_LABEL_SHADES = {"blue": OKABE_ITO["blue"], "orange": "#8A5D00", "green": "#00775A"}
__all__ += ["neuron_diagram", "neuron_figure", "layered_network", "LANDING_FIGURES", "render_png",
            "write_landing_figures"]


def _biological_neuron(ax) -> List[str]:
    """A schematic nerve cell across ``ax`` (limits in inches); returns the labels drawn.

    Coloured like the artificial neuron under it: what receives in the inputs' blue, what
    combines in the operations' orange, what sends on in the output's green.
    """
    ax.set_axis_off()
    height = ax.get_ylim()[1]
    soma = np.array([2.2, height / 2 - 0.15])
    blue, orange, green = OKABE_ITO["blue"], _KIND_STYLE["op"]["edge"], OKABE_ITO["bluish_green"]
    for angle in np.radians([120, 150, 180, 210, 240]):
        tip = soma + 0.95 * np.array([np.cos(angle), np.sin(angle)])
        ax.plot(*zip(soma, tip), color=blue, linewidth=2.2, solid_capstyle="round", zorder=2)
        for turn in (-0.5, 0.5):
            twig = tip + 0.28 * np.array([np.cos(angle + turn), np.sin(angle + turn)])
            ax.plot(*zip(tip, twig), color=blue, linewidth=1.4, solid_capstyle="round", zorder=2)
    ax.add_patch(Circle(tuple(soma), 0.34, facecolor=_KIND_STYLE["op"]["fill"], edgecolor=orange,
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
    xs = [f"x{_sub(i)}" for i in range(1, n_inputs + 1)]
    terms = " + ".join(f"w{_sub(i)}x{_sub(i)}" for i in range(1, n_inputs + 1))
    nodes = [Node(f"x{i}", name, "input") for i, name in enumerate(xs, start=1)]
    nodes += [Node("sum", "weighted sum", "op", f"{terms} + b"), Node("act", "activation", "op", "σ(z)"),
              Node("y", "y", "output", "output")]
    edges = [Edge(f"x{i}", "sum", label=f"× w{_sub(i)}", label_pos=0.35) for i in range(1, n_inputs + 1)]
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
             color=_TEXT_COLOUR)
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
    nodes = [Node(f"{k}:{j}", f"{letters[k]}{_sub(j + 1)}", kinds[k]) for k, n in enumerate(sizes) for j in range(n)]
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
                  color=_TEXT_COLOUR, linespacing=1.3)
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


if __name__ == "__main__":  # `make figures`: python -m lecture_lib.diagrams [folder]
    import sys

    for path in write_landing_figures(*sys.argv[1:2]):
        print(f"wrote {path}")
