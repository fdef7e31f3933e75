"""Where a figure will be shown, and how big its text then is: one style for every figure of the course.

Every plotting, diagram and explorer function takes ``target=`` — ``"book"`` (the default),
``"slide"`` or a :class:`Target` — and draws for it: the figure's width, its dpi, its font
sizes and how many panels sit side by side all come from the target, so a label has the same
size in every figure of a target.

- ``"book"``: the book's text column (757 px on a desktop). Figures are drawn 6.2 in wide at
  100 dpi (620 px), so a desktop shows them at their own size and a 390 px phone shrinks them
  to its column without scrolling sideways; the smallest text is 10 pt = 13.9 px. Panels are
  stacked (one curve plot per row, two square maps per row).
- ``"slide"``: a 16:9 slide of 1280 × 720 px. Figures are drawn 11.5 in × at most 5.2 in at
  100 dpi; the smallest text is 14 pt = 19.4 px; curve plots two per row, maps three.

What a reader sees of a label: its size in points × dpi / 72 pixels as drawn, shrunk with the
figure when the figure is drawn wider than where it is shown::

    displayed px = font pt × dpi / 72 × min(1, shown width px / drawn width px)

:func:`displayed_px` is that formula; :func:`text_sizes` lists every text a figure draws with
its size; tests/test_figure_sizes.py applies both to every figure the chapters draw.

Only matplotlib's public API is used; this module imports matplotlib lazily (plotting and
diagrams import it anyway).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import List, Tuple, Union

import numpy as np

__all__ = ["Target", "BOOK", "SLIDE", "TARGETS", "ENVIRONMENT_VARIABLE", "get_target", "displayed_px", "show",
           "panel_grid", "new_axes", "style_axes", "style_legend", "keep_legend_off_data", "legend_covers_data",
           "drawn_texts", "misplaced_texts", "text_sizes", "drawn_width_px", "smallest_text_px"]

#: Set this environment variable to ``slide`` (or ``book``) to change the target of every figure
#: drawn without an explicit ``target=`` (e.g. when executing a notebook for a deck).
ENVIRONMENT_VARIABLE = "LECTURE_FIGURE_TARGET"


@dataclass(frozen=True)
class Target:
    """Where figures are shown, and the sizes that follow from it.

    ``width_in`` × ``dpi`` is a full-width figure's drawn width in pixels; ``shown_px`` the
    width it is shown at (at most); ``min_label_px`` the smallest text size, in displayed
    pixels, that the target promises. Fonts in points: ``title_pt`` (titles), ``label_pt``
    (axis labels, node names), ``text_pt`` (tick labels, legends, texts on arrows, values in
    boxes) — the smallest. ``panel_height_in`` is the height of one curve plot;
    ``max_height_in`` (or None) the tallest a figure may be. ``curve_columns`` /
    ``map_columns``: how many curve plots / square maps sit side by side.
    """

    name: str
    width_in: float
    dpi: int
    shown_px: int
    min_label_px: float
    title_pt: float
    label_pt: float
    text_pt: float
    panel_height_in: float
    max_height_in: Union[float, None]
    curve_columns: int
    map_columns: int

    @property
    def width_px(self) -> int:
        return round(self.width_in * self.dpi)

    def px(self, font_pt: float, drawn_px: float = None) -> float:
        """Displayed size of a ``font_pt`` text in a figure ``drawn_px`` wide (default: full width)."""
        return displayed_px(font_pt, self.dpi, self.width_px if drawn_px is None else drawn_px, self.shown_px)

    def __repr__(self) -> str:
        return (f"Target({self.name!r}: {self.width_in:g} in × {self.dpi} dpi shown at ≤ {self.shown_px} px, "
                f"text ≥ {self.text_pt:g} pt)")


#: The book's column: 757 px on a desktop; 6.2 in × 100 dpi = 620 px, so also a phone without scrolling.
BOOK = Target("book", width_in=6.2, dpi=100, shown_px=757, min_label_px=12.0, title_pt=12.5, label_pt=12.0,
              text_pt=10.5, panel_height_in=3.3, max_height_in=None, curve_columns=1, map_columns=2)
#: A 16:9 slide, 1280 × 720 px: figures 11.5 in × at most 5.2 in at 100 dpi, text ≥ 14 pt = 19.4 px.
SLIDE = Target("slide", width_in=11.5, dpi=100, shown_px=1280, min_label_px=18.0, title_pt=18.0, label_pt=17.0,
               text_pt=14.0, panel_height_in=4.4, max_height_in=5.2, curve_columns=2, map_columns=3)
TARGETS = {"book": BOOK, "slide": SLIDE}


def get_target(target=None) -> Target:
    """The :class:`Target` for ``target``: a Target, ``"book"``, ``"slide"``, or None.

    None means the environment variable ``LECTURE_FIGURE_TARGET`` if it is set, else ``"book"``.
    """
    if target is None:
        target = os.environ.get(ENVIRONMENT_VARIABLE) or "book"
    if isinstance(target, Target):
        return target
    if not isinstance(target, str):
        raise TypeError(f"target must be 'book', 'slide' or a figure_style.Target, got {type(target).__name__}")
    if target not in TARGETS:
        raise ValueError(f"unknown figure target {target!r}; expected one of {sorted(TARGETS)} or a Target")
    return TARGETS[target]


def displayed_px(font_pt: float, dpi: float, drawn_px: float, shown_px: float) -> float:
    """How many pixels high a ``font_pt`` text is when a figure drawn ``drawn_px`` wide at ``dpi``
    is shown in a box ``shown_px`` wide (a figure is shrunk to fit, never enlarged)."""
    if drawn_px <= 0 or shown_px <= 0 or dpi <= 0:
        raise ValueError(f"dpi, drawn and shown widths must be positive, got {dpi}, {drawn_px}, {shown_px}")
    return font_pt * dpi / 72 * min(1.0, shown_px / drawn_px)


# --------------------------------------------------------------------------- figures and axes


def panel_grid(n: int, *, target=None, kind: str = "curve", height_in: float = None):
    """A figure for ``n`` panels laid out for ``target``: (fig, [axes...]) in reading order.

    ``kind="curve"``: plots of curves, ``target.curve_columns`` per row (the book stacks them),
    each ``target.panel_height_in`` high. ``kind="map"``: square maps, ``target.map_columns``
    per row. Unused cells of the last row are switched off (they stay free, e.g. for a legend).
    """
    import matplotlib.pyplot as plt

    target = get_target(target)
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a whole number of panels ≥ 1, got {n!r}")
    if kind not in ("curve", "map"):
        raise ValueError(f"kind must be 'curve' or 'map', got {kind!r}")
    columns = min(n, target.curve_columns if kind == "curve" else target.map_columns)
    rows = -(-n // columns)
    if height_in is None:
        height_in = target.panel_height_in if kind == "curve" else target.width_in / target.map_columns + 0.5
    total = rows * height_in
    if target.max_height_in is not None:
        total = min(total, target.max_height_in)
    fig, grid = plt.subplots(rows, columns, figsize=(target.width_in, total), dpi=target.dpi,
                             squeeze=False, layout="constrained")
    axes = list(grid.ravel())
    for ax in axes[n:]:
        ax.set_axis_off()
    return fig, axes[:n] if n < len(axes) else axes


def new_axes(ax=None, *, target=None, height_in: float = None):
    """``ax`` itself (with its figure), or a new one-panel figure drawn for ``target``."""
    if ax is not None:
        return ax.figure, ax
    fig, axes = panel_grid(1, target=target, height_in=height_in)
    return fig, axes[0]


def style_legend(legend, target=None) -> None:
    """A legend's texts (and title) at the target's text size."""
    if legend is None:
        return
    size = get_target(target).text_pt
    for text in legend.get_texts():
        text.set_fontsize(size)
    legend.get_title().set_fontsize(size)


def style_axes(ax, target=None) -> None:
    """Every text of ``ax`` at the target's sizes: title, axis labels, ticks, offsets, legend, colorbar."""
    target = get_target(target)
    ax.title.set_fontsize(target.title_pt)
    for axis in (ax.xaxis, ax.yaxis):
        axis.label.set_fontsize(target.label_pt)
        axis.get_offset_text().set_fontsize(target.text_pt)
    ax.tick_params(labelsize=target.text_pt)
    style_legend(ax.get_legend(), target)


def legend_covers_data(ax) -> bool:
    """Whether ``ax``'s legend, where it is drawn, covers a point of a labelled curve (4 px margin)."""
    legend = ax.get_legend()
    if legend is None:
        return False
    from matplotlib.transforms import Bbox

    ax.figure.draw_without_rendering()
    # A curve grazing the frame counts; a curve is drawn only inside its axes (clipped there).
    box = Bbox.intersection(legend.get_window_extent().padded(4), ax.get_window_extent())
    if box is None:
        return False
    for line in ax.get_lines():
        if line.get_label().startswith("_") or not line.get_visible():
            continue
        xy = np.asarray(line.get_xydata(), dtype=float)
        if box.count_contains(line.get_transform().transform(xy[np.isfinite(xy).all(axis=1)])):
            return True
    return False


def keep_legend_off_data(ax, *, grow: float = 0.15, tries: int = 8) -> None:
    """Room above the data until ``ax``'s legend, at its "best" place, covers none of the drawn curves.

    Matplotlib's "best" place is the least bad corner; with long labels at a slide's text size
    every corner may cross a curve. Each try raises the top of the y range by ``grow`` of its
    height (of its decades on a log scale), so the legend finds free space above the curves; the curves keep their shape.
    """
    for _ in range(tries):
        if not legend_covers_data(ax):
            return
        low, high = ax.get_ylim()
        if ax.get_yscale() == "log":  # grow by a share of the decades shown
            ax.set_ylim(low, high * (high / low) ** grow)
        else:
            ax.set_ylim(low, high + grow * (high - low))


# --------------------------------------------------------------------------- measuring


def drawn_texts(fig) -> List[Tuple[str, float, object]]:
    """Draw the figure on its canvas and return every text drawn: [(text, pt, box), ...].

    It records what the renderer is asked to draw (``draw_text``, matplotlib's public renderer
    API), so it sees exactly the texts in the picture: tick labels, legends, colour bars, and
    nothing hidden or switched off. ``box`` is where the text is drawn (a matplotlib ``Bbox`` in
    pixels), or None when matplotlib does not say which text artist it draws.
    """
    renderer = fig.canvas.get_renderer()
    drawn = []
    draw_text = renderer.draw_text

    def recording(gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if str(s).strip():
            box = mtext.get_window_extent(renderer) if mtext is not None else None
            drawn.append((str(s), float(prop.get_size_in_points()), box))
        return draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)

    renderer.draw_text = recording
    try:
        fig.canvas.draw()
    finally:
        del renderer.draw_text
    return drawn


def misplaced_texts(fig, drawn=None, slack_px: float = 1.0) -> List[str]:
    """Texts the picture cuts off at its edge, and texts drawn over each other (more than
    ``slack_px`` in both directions), as sentences; [] for a good figure. ``drawn``: what
    :func:`drawn_texts` returned for ``fig`` (else the figure is drawn)."""
    drawn = drawn_texts(fig) if drawn is None else drawn
    width, height = fig.canvas.get_width_height()
    placed = [(text, box) for text, _, box in drawn if box is not None]
    found = [f"{text!r} runs past the figure's edge" for text, box in placed
             if box.x0 < -slack_px or box.y0 < -slack_px or box.x1 > width + slack_px or box.y1 > height + slack_px]
    for index, (text, box) in enumerate(placed):
        for other, other_box in placed[index + 1:]:
            common = box.intersection(box, other_box)
            if common is not None and common.width > slack_px and common.height > slack_px:
                found.append(f"{text!r} and {other!r} are drawn over each other")
    return found


def text_sizes(fig) -> List[Tuple[str, float]]:
    """Every text the figure draws, with its size: [(text, pt), ...] (see :func:`drawn_texts`)."""
    return [(text, pt) for text, pt, _ in drawn_texts(fig)]


def drawn_width_px(fig) -> int:
    """The width of the PNG the notebook stores for ``fig`` (the inline backend crops it: bbox "tight")."""
    from io import BytesIO

    buffer = BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", dpi=fig.dpi)
    data = buffer.getvalue()
    return int.from_bytes(data[16:20], "big")


def smallest_text_px(fig, target=None, drawn_px: float = None) -> Tuple[float, str]:
    """The smallest text of ``fig`` as displayed for ``target``: (px, the text).

    ``drawn_px`` defaults to the width of the PNG a notebook stores for the figure.
    """
    target = get_target(target)
    drawn = drawn_width_px(fig) if drawn_px is None else drawn_px
    sizes = text_sizes(fig)
    if not sizes:
        raise ValueError("the figure draws no text")
    text, pt = min(sizes, key=lambda item: item[1])
    return displayed_px(pt, fig.dpi, drawn, target.shown_px), text


def show(figure) -> None:
    """Display a figure (a PlotData, a Diagram) or an animation, with its smallest text as output metadata.

    The smallest text is in the figure's own pixels (pt × dpi / 72). The lecture decks show a slide
    figure from a slide-only cell that ends with ``figure_style.show(fig)``;
    their check (course_tools/slides.py) reads ``smallest_text_px`` (and, for an animation, ``width_px``)
    from the output's metadata and scales it by the width the slide displays the figure at. A figure is
    closed after it is shown, so that the notebook shows it once.
    """
    from IPython.display import display

    figure = getattr(figure, "fig", figure)   # a PlotData or a Diagram: its figure
    if hasattr(figure, "text_sizes") and hasattr(figure, "width_px"):   # an explorer animation
        sizes, dpi, kind, extra = figure.text_sizes, figure.dpi, "text/html", {"width_px": figure.width_px}
    else:
        sizes, dpi, kind, extra = text_sizes(figure), figure.dpi, "image/png", {}
    if not sizes:
        raise ValueError("the figure draws no text, so its text size cannot be recorded")
    smallest = min(pt for _, pt in sizes) * dpi / 72
    display(figure, metadata={kind: {"smallest_text_px": round(smallest, 1), **extra}})
    if kind == "image/png":
        import matplotlib.pyplot as plt

        plt.close(figure)
