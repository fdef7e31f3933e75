"""Where everything of a diagram goes: pure geometry in inches, no matplotlib, no pixels.

Given what :mod:`.measure` measured (each box's and each text's width and height), this decides
the figure's height, each node's centre, each arrow's ends and each text's place. The drawing
(:mod:`.draw`) only paints what it is told; tests/test_diagrams.py checks this module with
made-up sizes.

Coordinates are inches from the lower-left corner of the diagram's axes. An extent is
(x0, y0, x1, y1).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

BACKWARD_OFFSET = 0.075  # inches between a forward arrow and its backward arrow
BOX_PAD = 0.06  # inches between a box's text and its outline
MARGIN = 0.15  # inches left and right of the outermost boxes
TEXT_GAP = 0.05  # inches between an arrow and the text beside it
TEXT_PAD = 0.03  # inches kept free around a text on an arrow (it has a white background)
SHIFTS = (0.0, -0.12, 0.12, -0.22, 0.22, -0.32, 0.32, 0.42, 0.52)  # along an arrow, tried in this order


@dataclass(frozen=True)
class Arrow:
    """One edge's arrows: forward ``start`` → ``end``; backward ``back_start`` → ``back_end`` (or None).

    ``normal`` points to the side of the forward arrow its label goes (up, or left if vertical);
    ``horizontal`` says the arrow joins two boxes of one row; ``gap`` is its length;
    ``box_top`` / ``box_bottom`` the highest top and lowest bottom of the two boxes.
    """

    start: Tuple[float, float]
    end: Tuple[float, float]
    back_start: Optional[Tuple[float, float]]
    back_end: Optional[Tuple[float, float]]
    normal: Tuple[float, float]
    horizontal: bool
    gap: float
    box_top: float
    box_bottom: float


@dataclass
class Layout:
    """The whole diagram's geometry: figure height, node centres, arrows and text places."""

    width: float
    height: float
    title_height: float
    legend_height: float
    positions: Dict[str, Tuple[float, float]]
    arrows: Dict[Tuple[str, str], Arrow]
    texts: Dict[Tuple[str, Tuple[str, str]], Tuple[float, float]] = field(default_factory=dict)
    anchors: Dict[Tuple[str, Tuple[str, str]], Tuple[str, str]] = field(default_factory=dict)

    def obstacles(self, sizes: Dict[str, Tuple[float, float]]) -> List[Tuple[float, float, float, float]]:
        """What a text on an arrow must not cover: the boxes, the title band and the legend band."""
        boxes = [(x - sizes[n][0] / 2, y - sizes[n][1] / 2, x + sizes[n][0] / 2, y + sizes[n][1] / 2)
                 for n, (x, y) in self.positions.items()]
        return boxes + [(0.0, self.height - self.title_height, self.width, self.height + 1.0),
                        (0.0, -1.0, self.width, self.legend_height)]


# --------------------------------------------------------------------------- heights and node centres


def row_pitch(sizes: Dict[str, Tuple[float, float]], label_band: float) -> float:
    """Distance between two rows: the tallest box plus room for two bands of texts on the slanted
    arrows between rows (one beside each of two crossing arrows)."""
    tallest = max(h for _, h in sizes.values())
    return tallest + max(0.3, label_band) + label_band + 0.15


def needed_height(columns: Sequence[Sequence[str]], sizes, label_band: float, title_lines: int,
                  backward: bool) -> Tuple[float, float, float]:
    """(height the graph needs, title band, legend band), in inches.

    Texts on backward arrows may be staggered below the row (:func:`text_places`), so a
    diagram with a backward pass keeps room for one more band of them.
    """
    title_height = 0.45 + 0.25 * (title_lines - 1) if title_lines else 0.1
    legend_height = 0.35 if backward else 0.1
    rows = max(len(col) for col in columns)
    tallest = max(h for _, h in sizes.values())
    bands = 3 if backward else 2
    height = (title_height + legend_height + (rows - 1) * row_pitch(sizes, label_band) + tallest
              + bands * label_band + 0.3)
    return height, title_height, legend_height


def rounded_height(height: float) -> float:
    """Up to a whole 0.1 inch, at least 1.4: the size matplotlib prints ("<Figure size 620x300 ...>",
    compared by nbval) then stays the same under tiny changes of font metrics."""
    return max(1.4, float(np.ceil(round(height * 10, 6)) / 10))


def column_centres(columns, sizes, width: float, margin: float = MARGIN) -> List[float]:
    """x of each column: evenly spaced when every box fits its equal share of the width; otherwise
    each column as wide as its widest box, with equal gaps between them (a wide matrix box stays inside)."""
    share = (width - 2 * margin) / len(columns)
    widths = [max(sizes[nid][0] for nid in col) for col in columns]
    if max(widths) <= share - 0.1 or len(columns) == 1:
        return [margin + (c + 0.5) * share for c in range(len(columns))]
    gap = max(0.0, (width - 2 * margin - sum(widths)) / (len(columns) - 1))
    centres, x = [], margin
    for w in widths:
        centres.append(x + w / 2)
        x += w + gap
    return centres


def node_positions(columns, sizes, width: float, height: float, title_height: float, legend_height: float,
                   pitch: float) -> Dict[str, Tuple[float, float]]:
    """Each node's centre: its column's x; the column's nodes spread around the middle, first = top."""
    mid_y = legend_height + (height - title_height - legend_height) / 2
    positions = {}
    for col, x in zip(columns, column_centres(columns, sizes, width)):
        for r, nid in enumerate(col):
            positions[nid] = (float(x), float(mid_y + ((len(col) - 1) / 2 - r) * pitch))
    return positions


# --------------------------------------------------------------------------- arrows


def exit_point(centre, half, start, direction):
    """Where the ray start + t·direction (t ≥ 0) leaves the box centred at ``centre``."""
    ts = []
    for axis in (0, 1):
        d = direction[axis]
        if abs(d) > 1e-12:
            bound = centre[axis] + np.sign(d) * half[axis]
            ts.append((bound - start[axis]) / d)
    t = min(t for t in ts if t >= 0) if any(t >= 0 for t in ts) else 0.0
    return start + t * direction


def arrow(a, b, size_a, size_b, backward: bool) -> Arrow:
    """The arrows between boxes centred at ``a`` and ``b``, clipped at their edges; with
    ``backward``, the forward arrow moves a little up and the backward one a little down."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    half_a, half_b = np.asarray(size_a, dtype=float) / 2, np.asarray(size_b, dtype=float) / 2
    unit = (b - a) / np.linalg.norm(b - a)
    normal = np.array([-unit[1], unit[0]])  # left of the arrow: "above" a rightward arrow
    if normal[1] < 0 or (normal[1] == 0 and normal[0] < 0):
        normal = -normal
    offset = BACKWARD_OFFSET if backward else 0.0
    start = exit_point(a, half_a, a + offset * normal, unit)
    end = exit_point(b, half_b, b + offset * normal, -unit)
    back_start = back_end = None
    if backward:
        back_start = tuple(exit_point(b, half_b, b - offset * normal, -unit))
        back_end = tuple(exit_point(a, half_a, a - offset * normal, unit))
    return Arrow(tuple(start), tuple(end), back_start, back_end, tuple(normal), bool(abs(unit[1]) < 0.05),
                 float(np.linalg.norm(end - start)),
                 float(max(a[1] + half_a[1], b[1] + half_b[1]) + TEXT_PAD),
                 float(min(a[1] - half_a[1], b[1] - half_b[1]) - TEXT_PAD))


# --------------------------------------------------------------------------- texts on arrows


def anchor(side) -> Tuple[str, str]:
    """(ha, va) anchoring a text by its corner nearest the arrow, so it sits on ``side`` of it, clear of it."""
    ha = "left" if side[0] > 0.05 else ("right" if side[0] < -0.05 else "center")
    return ha, "bottom" if side[1] > 0 else "top"


def extent(place, size, anchored) -> Tuple[float, float, float, float]:
    """The extent of a text of ``size`` (w, h) at ``place`` anchored (ha, va)."""
    (x, y), (w, h), (ha, va) = place, size, anchored
    x0 = {"left": x, "center": x - w / 2, "right": x - w}[ha]
    y0 = {"bottom": y, "center": y - h / 2, "top": y - h}[va]
    return (x0, y0, x0 + w, y0 + h)


def candidates(start, end, t: float, side, size, arrow_: Arrow, direction: int) -> List[tuple]:
    """Where a text of ``size`` on the arrow start → end may go, best first, as (place, (ha, va)): at
    ``t`` along it, beside the arrow (on ``side``), then further along it either way, then the same on
    the arrow's other side. A text wider than the gap between two boxes in a row goes beyond the boxes'
    edge (above for ``direction`` +1, below for −1), then one or two text heights further out."""
    start, end, side = (np.asarray(v, dtype=float) for v in (start, end, side))
    if arrow_.horizontal and size[0] > arrow_.gap:
        return [(place, anchor(side)) for place in _beyond_boxes(start, end, t, side, size, arrow_, direction)]
    found = []
    # The other side only where no backward arrow runs there.
    for beside in (side, -side) if arrow_.back_start is None else (side,):
        for shift in SHIFTS:
            u = min(max(t + shift, 0.1), 0.9)
            p = start + u * (end - start) + TEXT_GAP * beside
            found.append(((float(p[0]), float(p[1])), anchor(beside)))
    return list(dict.fromkeys(found))


def _beyond_boxes(start, end, t, side, size, arrow_: Arrow, direction: int) -> List[Tuple[float, float]]:
    """Places above (direction +1) or below (−1) both boxes of a row, then further out, along the arrow."""
    width, height = size
    box_edge = arrow_.box_top if direction > 0 else arrow_.box_bottom
    found = []
    for shift in SHIFTS:
        u = min(max(t + shift, 0.1), 0.9)
        p = start + u * (end - start) + TEXT_GAP * side
        for k in range(3):
            edge = box_edge + direction * k * (height + 0.04)
            y = max(p[1], edge) if direction > 0 else min(p[1], edge)
            found.append((float(p[0]), float(y)))
    return list(dict.fromkeys(found))


def overlap_area(a, b, pad: float = TEXT_PAD) -> float:
    """Area (square inches) shared by extents a and b, each grown by ``pad``."""
    w = min(a[2], b[2]) - max(a[0], b[0]) + 2 * pad
    h = min(a[3], b[3]) - max(a[1], b[1]) + 2 * pad
    return w * h if w > 0 and h > 0 else 0.0


def place_texts(texts, obstacles) -> Dict:
    """{key: (place, (ha, va))} for ``texts`` = [(key, size, [(place, (ha, va)), ... best first]), ...].

    In order, each text takes its first place that meets no obstacle (box extents) and no text
    placed before it, or else the place where it overlaps least.
    """
    taken = list(obstacles)
    chosen = {}
    for key, size, places in texts:
        scored = []
        for place, anchored in places:
            box = extent(place, size, anchored)
            overlap = sum(overlap_area(box, other) for other in taken)
            scored.append((overlap, len(scored), (place, anchored), box))
            if overlap == 0:
                break
        _, _, chosen[key], box = min(scored)
        taken.append(box)
    return chosen


def text_places(edges, arrows: Dict, edge_sizes: Dict, grad_sizes: Dict, obstacles):
    """Places and anchors of the texts on the forward (``"edge"``) and backward (``"grad"``) arrows.

    ``edges``: [(key, label_pos)] in drawing order; ``edge_sizes`` / ``grad_sizes``: {key: (w, h)}
    of the texts there are. Returns ({(kind, key): place}, {(kind, key): (ha, va)}).
    """
    texts = []
    for key, t in edges:
        a = arrows[key]
        normal = np.asarray(a.normal)
        if key in edge_sizes:
            texts.append((("edge", key), edge_sizes[key],
                          candidates(a.start, a.end, t, normal, edge_sizes[key], a, +1)))
        if key in grad_sizes and a.back_start is not None:
            texts.append((("grad", key), grad_sizes[key],
                          candidates(a.back_end, a.back_start, t, -normal, grad_sizes[key], a, -1)))
    chosen = place_texts(texts, obstacles)
    return {k: place for k, (place, _) in chosen.items()}, {k: anchored for k, (_, anchored) in chosen.items()}
