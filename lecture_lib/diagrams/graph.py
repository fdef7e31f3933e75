"""The graph a diagram draws: nodes, edges, their checks and the column of each node."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Sequence

NODE_KINDS = ("input", "op", "output")


@dataclass(frozen=True)
class Node:
    """A node of a computational graph.

    ``id`` names it in edges; ``label`` is drawn in the box; ``kind`` is ``"input"``,
    ``"op"`` or ``"output"``; ``value`` (optional) is written in the box under the label —
    a number, an array (see :func:`lecture_lib.diagrams.format_value`) or a ready-made string.
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



def check_graph(nodes: Sequence[Node], edges: Sequence[Edge]):
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


def graph_columns(ids: List[str], edges: Sequence[Edge]) -> List[List[str]]:
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

