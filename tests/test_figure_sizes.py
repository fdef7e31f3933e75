"""Every figure a chapter draws is legible where the book shows it, and fits a phone without scrolling.

Each chapter's code cells run in this process (IPython, matplotlib's Agg backend); every figure
a cell shows (``plt.show()``) and every animation it displays is measured: each text's size in
points (what the renderer draws: figure_style.text_sizes), the figure's dpi and the width of the
PNG the notebook stores. Its smallest text as displayed in the book's column (757 px) is

    displayed px = font pt × dpi / 72 × min(1, 757 / drawn px)  ≥ 12 px,

and its drawn width at most what a 390 px phone shows without sideways scrolling (the phone
shows a figure at ≥ 0.55 of its size: course_tools/static/book_theme.js); no text runs past
the figure's edge, no two texts are drawn over each other, and no legend covers a curve. The figures are also
the ones the notebook stores: the same number, the same widths (so the stored outputs are
current). Not a hand list: a new figure in a chapter is measured without any change here.
"""
from __future__ import annotations

import base64
import hashlib
import json
import struct
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from course_tools import project  # noqa: E402
from lecture_lib import figure_style  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
PHONE_COLUMN_PX = 358  # the text column of a 390 px wide phone (measured in the built book)
LEGIBLE = 0.55  # the smallest share of its drawn width a phone shows a figure at (book_theme.js)
PHONE_FIT_PX = PHONE_COLUMN_PX / LEGIBLE


def _stored_png_widths(notebook: dict) -> list[int]:
    widths = []
    for cell in notebook["cells"]:
        if "remove-cell" in cell["metadata"].get("tags", []):
            continue  # a slide-only cell: the lecture deck's figure (figure_style.show), not the book's
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                widths.append(struct.unpack(">I", base64.b64decode(png)[16:20])[0])
    return widths


def _run_chapter(path: Path):
    """Run the chapter's code cells here; returns [(where, text sizes, dpi, drawn px)] per figure shown."""
    from IPython.core.interactiveshell import InteractiveShell
    from lecture_lib.explorers import ExplorerAnimation

    shell = InteractiveShell.instance()
    shown, covering, misplaced = [], [], []
    where = {"cell": None}

    def show(*args, **kwargs):
        for number in plt.get_fignums():
            fig = plt.figure(number)
            drawn = figure_style.drawn_texts(fig)
            shown.append((where["cell"], [(text, pt) for text, pt, _ in drawn], fig.dpi,
                          figure_style.drawn_width_px(fig)))
            covering.extend(f"{where['cell']}: {ax.get_title()!r}" for ax in fig.axes
                            if figure_style.legend_covers_data(ax))
            misplaced.extend(f"{where['cell']}: {problem}" for problem in figure_style.misplaced_texts(fig, drawn))
        plt.close("all")

    notebook = json.loads(path.read_text(encoding="utf-8"))
    original_show = plt.show
    plt.show = show
    try:
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "code":
                continue
            where["cell"] = f"{path.stem} cell {index}"
            result = shell.run_cell("".join(cell["source"]), store_history=False, silent=False)
            result.raise_error()
            if isinstance(result.result, ExplorerAnimation):
                animation = result.result
                shown.append((where["cell"] + " (animation)", animation.text_sizes, animation.dpi,
                              animation.width_px))
                misplaced.extend(f"{where['cell']} (animation): {problem}" for problem in animation.misplaced_texts)
            plt.close("all")
    finally:
        plt.show = original_show
        InteractiveShell.clear_instance()
    return notebook, shown, covering, misplaced


# A chapter's run costs 1–11 s, and its measurements depend only on its code cells, lecture_lib,
# the pinned packages, Python and this file: they are remembered in _build/.figure_runs.json under
# a hash of all of those, and a run on unchanged inputs is not repeated.
RUNS = ROOT / "_build" / ".figure_runs.json"


def _run_key(notebook: dict) -> str:
    from course_tools import notebook_cache

    digest = hashlib.sha256(sys.version.encode() + Path(__file__).read_bytes())
    digest.update((notebook_cache.lecture_lib_hash(ROOT) + notebook_cache.environment_hash(ROOT)).encode())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            digest.update("".join(cell["source"]).encode() + b"\0")
    return digest.hexdigest()


@pytest.fixture(scope="module", params=CHAPTERS, ids=lambda p: p.stem)
def chapter_figures(request):
    path = request.param
    notebook = json.loads(path.read_text(encoding="utf-8"))
    key = _run_key(notebook)
    remembered = project.load_state(RUNS)
    if remembered.get(path.stem, {}).get("key") == key:
        run = remembered[path.stem]
        return path, notebook, [(where, [tuple(size) for size in sizes], dpi, drawn)
                                for where, sizes, dpi, drawn in run["shown"]], run["covering"], run["misplaced"]
    _, shown, covering, misplaced = _run_chapter(path)
    from filelock import FileLock

    RUNS.parent.mkdir(exist_ok=True)
    with FileLock(f"{RUNS}.lock"):  # two test workers may remember two chapters at once
        remembered = project.load_state(RUNS)
        remembered[path.stem] = {"key": key, "shown": shown, "covering": covering, "misplaced": misplaced}
        project.save_state(RUNS, remembered)
    return path, notebook, shown, covering, misplaced


def test_every_label_is_at_least_12_px_in_the_book_and_every_figure_fits_a_phone(chapter_figures):
    path, _, shown, _, _ = chapter_figures
    book = figure_style.BOOK
    problems = []
    for where, sizes, dpi, drawn in shown:
        assert sizes, f"{where}: a figure without any text"
        text, pt = min(sizes, key=lambda item: item[1])
        px = figure_style.displayed_px(pt, dpi, drawn, book.shown_px)
        if px < book.min_label_px:
            problems.append(f"{where}: {text!r} at {pt:g} pt in a figure drawn {drawn} px wide at {dpi:g} dpi "
                            f"is {px:.1f} px in the book's {book.shown_px} px column")
        if drawn > PHONE_FIT_PX:
            problems.append(f"{where}: drawn {drawn} px wide; a phone shows at least {LEGIBLE} of it, "
                            f"{drawn * LEGIBLE:.0f} px, more than its {PHONE_COLUMN_PX} px column: it scrolls")
    assert not problems, "\n".join(problems)


def test_the_measured_figures_are_the_stored_ones(chapter_figures):
    path, notebook, shown, _, _ = chapter_figures
    drawn = [width for where, _, _, width in shown if "(animation)" not in where]
    assert drawn == _stored_png_widths(notebook), (
        f"{path.name}: the figures drawn now differ from the stored outputs; re-execute with "
        f".venv/bin/python -m course_tools.execute_notebooks {path.relative_to(ROOT)}")


def test_no_legend_covers_a_curve(chapter_figures):
    """A legend sits where no labelled curve runs under it (figure_style.keep_legend_off_data)."""
    path, _, _, covering, _ = chapter_figures
    assert not covering, f"{path.name}: legends over the curves they explain:\n" + "\n".join(covering)


def test_no_text_is_cut_off_or_drawn_over_another(chapter_figures):
    """Every label, tick and legend entry of every figure and animation frame is inside the picture,
    and no two are drawn over each other (figure_style.misplaced_texts)."""
    path, _, _, _, misplaced = chapter_figures
    assert not misplaced, f"{path.name}: texts cut off or over each other:\n" + "\n".join(misplaced)


def test_misplaced_texts_sees_a_legend_hanging_out_and_two_texts_on_each_other():
    fig, ax = plt.subplots(figsize=(3, 2))
    fig.subplots_adjust(left=0.2, bottom=0.2)  # room for the tick labels
    ax.plot([0, 1], [0, 1], label="a long legend entry that does not fit")
    ax.legend(loc="upper left", bbox_to_anchor=(0.6, 1))
    assert figure_style.misplaced_texts(fig) == ["'a long legend entry that does not fit' runs past the figure's edge"]
    ax.get_legend().remove()
    ax.legend(loc="lower right", fontsize=6)
    assert figure_style.misplaced_texts(fig) == []
    ax.text(0.5, 0.5, "first", transform=ax.transAxes)
    ax.text(0.52, 0.5, "second", transform=ax.transAxes)
    assert figure_style.misplaced_texts(fig) == ["'first' and 'second' are drawn over each other"]
    plt.close(fig)


def test_displayed_size_formula():
    assert figure_style.displayed_px(12, 72, 500, 757) == 12  # no shrink below the column width
    assert figure_style.displayed_px(12, 100, 1514, 757) == pytest.approx(12 * 100 / 72 / 2)
    # The old ch3 graph: 8.5 pt at 100 dpi in a 1020 px figure was 8.8 px in the column.
    assert figure_style.displayed_px(8.5, 100, 1020, 757) == pytest.approx(8.76, abs=0.01)
    with pytest.raises(ValueError):
        figure_style.displayed_px(12, 100, 0, 757)


# --------------------------------------------------------------------------- contrast of the XOR markers


def _luminance(colour) -> float:
    """WCAG 2 relative luminance of a colour."""
    import numpy as np
    from matplotlib.colors import to_rgb

    rgb = np.array(to_rgb(colour))
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _marker_contrasts(data, markers):
    """For every XOR point on every map: the best contrast of its marker's fill or outline with the map under it."""
    import numpy as np
    from matplotlib import colormaps

    from lecture_lib.plotting import REGION_CMAP

    cmap = colormaps[REGION_CMAP]
    found = []
    for name, (g1, g2, values) in data.grids.items():
        for target, style in markers.items():
            xs, ys = data.lines[f"{name}: target {target}"]
            for x, y in zip(xs, ys):
                i, j = np.abs(g2[:, 0] - y).argmin(), np.abs(g1[0] - x).argmin()
                band = min(int(values[i, j] * 10), 9)  # contourf fills bands 0–0.1, …, 0.9–1 with their middle
                under = cmap((band + 0.5) / 10)
                found.append((max(contrast(style["facecolor"], under), contrast(style["edgecolor"], under)),
                              f"{name}: target {target} at ({x:g}, {y:g})"))
    return found


def test_every_xor_marker_stands_out_from_the_decision_region_under_it():
    from lecture_lib import xor
    from lecture_lib.plotting import XOR_MARKERS, plot_decision_regions

    params = xor.hand_set_xor_params()
    data = plot_decision_regions({"hidden 1": xor.hidden_neuron(params, 0), "hidden 2": xor.hidden_neuron(params, 1),
                                  "network": lambda P: xor.predict_proba(params, P)}, xor.XOR_INPUTS, xor.XOR_TARGETS)
    plt.close(data.fig)
    found = _marker_contrasts(data, XOR_MARKERS)
    # WCAG 2.1, 1.4.11: a graphical object needs a contrast of at least 3:1 with what is next to it.
    low = [f"{where}: {ratio:.2f}" for ratio, where in found if ratio < 3]
    assert not low, "XOR markers hard to see on the map:\n" + "\n".join(low)
    # The old markers (black squares with a black outline) fail on the dark end of the map: the check can fail.
    old = {0: XOR_MARKERS[0], 1: {"facecolor": "black", "edgecolor": "black"}}
    assert min(ratio for ratio, _ in _marker_contrasts(data, old)) < 3
