"""Explorers: frame functions compute the right values, widgets redraw from them, animations are stable and small."""
from __future__ import annotations

import html
import io
import re

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from lecture_lib import chain_deriv, sigmoid, sigmoid_deriv, square  # noqa: E402
from lecture_lib import explorers as ex  # noqa: E402
from lecture_lib import figure_style  # noqa: E402

#: Per-animation budget (bytes): a chapter page holds at most two, well under the 3 MB page limit.
ANIMATION_BUDGET = 600_000


def _line_data(fig, axes_index=0):
    return {line.get_label(): (line.get_xdata(), line.get_ydata()) for line in fig.axes[axes_index].lines}


# ----------------------------------------------------------------- frame functions


def test_tangent_frame_values():
    frame = ex.tangent_frame("square", 1.5)
    assert frame["fa"] == pytest.approx(2.25)
    assert frame["slope"] == pytest.approx(3.0, abs=1e-9)  # central difference is exact for x² up to round-off
    assert frame["analytic_slope"] == 3.0
    np.testing.assert_allclose(frame["tangent"], 2.25 + 3.0 * (frame["x"] - 1.5), atol=1e-9)
    np.testing.assert_allclose(frame["y"], frame["x"] ** 2)


def test_tangent_frame_sigmoid_slope_matches_analytic():
    for a in (-2.0, 0.0, 0.7):
        frame = ex.tangent_frame(sigmoid, a)
        assert frame["slope"] == pytest.approx(float(sigmoid_deriv(np.array(a))), abs=1e-7)


def test_difference_error_frame_orders():
    frame = ex.difference_error_frame("sigmoid", 0.5, 1e-3)
    exact = float(sigmoid_deriv(np.array(0.5)))
    assert frame["exact"] == pytest.approx(exact)
    assert frame["error"] == pytest.approx(abs(frame["estimate"] - exact))
    deltas = frame["deltas"]
    # Where truncation dominates, halving Δ divides the central error by about 4 and the one-sided by about 2.
    big = (deltas >= 1e-3) & (deltas <= 1e-1)
    central_slope = np.polyfit(np.log10(deltas[big]), np.log10(frame["central_error"][big]), 1)[0]
    one_sided_slope = np.polyfit(np.log10(deltas[big]), np.log10(frame["one_sided_error"][big]), 1)[0]
    assert central_slope == pytest.approx(2.0, abs=0.15)
    assert one_sided_slope == pytest.approx(1.0, abs=0.15)
    with pytest.raises(ValueError, match="exact derivative"):
        ex.difference_error_frame(lambda u: u ** 3, 0.5, 1e-3)
    with pytest.raises(ValueError, match="delta"):
        ex.difference_error_frame("sigmoid", 0.5, 0.0)


def test_chain_frame_values():
    frame = ex.chain_frame("square", "sigmoid")
    x = frame["x"]
    np.testing.assert_allclose(frame["y"], sigmoid(x ** 2))
    np.testing.assert_allclose(frame["chain_rule"], sigmoid_deriv(x ** 2) * 2 * x)
    np.testing.assert_allclose(frame["numeric"], frame["chain_rule"], atol=1e-5)
    assert frame["label"] == "sigmoid(square(x))"
    three = ex.chain_frame("sigmoid", "square", "relu")
    assert three["names"] == ["sigmoid", "square", "relu"]
    np.testing.assert_allclose(three["chain_rule"], chain_deriv([sigmoid, square, ex.FUNCTIONS["relu"]], three["x"]))
    with pytest.raises(ValueError, match="f2 must be one of"):
        ex.chain_frame("square", "cube")


def test_neuron_frame_slides_gates():
    # OR: 3 of 4 XOR points right (all but (1, 1)); no single neuron gets all four.
    frame = ex.neuron_frame(20, 20, -10)
    np.testing.assert_array_equal(frame["predictions"], [0, 1, 1, 1])
    assert frame["correct"] == 3
    np.testing.assert_allclose(frame["output"], sigmoid(20 * frame["grid"][0] + 20 * frame["grid"][1] - 10))
    x1, x2 = frame["boundary"]
    np.testing.assert_allclose(20 * x1 + 20 * x2 - 10, 0, atol=1e-9)  # the segment lies on σ = 0.5
    assert ex.neuron_frame(0, 0, 1)["boundary"] is None
    for params in ex.NEURON_ANIMATION_PARAMS:
        assert ex.neuron_frame(*params)["correct"] < 4


# ----------------------------------------------------------------- widgets


def test_tangent_widget_redraws_when_a_slider_moves():
    widget = ex.tangent_explorer("square", a=1.0)
    assert widget.frame["a"] == 1.0
    first_png = widget.image.value
    widget.controls["a"].value = -1.5
    assert widget.frame["a"] == -1.5
    assert widget.frame["slope"] == pytest.approx(-3.0, abs=1e-9)
    lines = _line_data(widget.figure)
    tangent = next(v for k, v in lines.items() if k.startswith("tangent"))
    np.testing.assert_allclose(tangent[1], 2.25 - 3.0 * (tangent[0] + 1.5), atol=1e-9)
    assert widget.image.value != first_png
    widget.controls["func"].value = "sigmoid"
    assert widget.frame["name"] == "sigmoid"
    assert widget.frame["slope"] == pytest.approx(float(sigmoid_deriv(np.array(-1.5))), abs=1e-7)
    assert repr(widget) == "tangent explorer (live in JupyterLab: func, a)"


def test_difference_error_widget_follows_delta():
    widget = ex.difference_error_explorer()
    widget.controls["delta"].value = 1e-2
    expected = ex.difference_error_frame("sigmoid", 0.5, 1e-2)
    assert widget.frame["delta"] == pytest.approx(1e-2)
    assert widget.frame["error"] == pytest.approx(expected["error"])
    marker = _line_data(widget.figure, 1)["this Δ (central)"]
    assert marker[0][0] == pytest.approx(1e-2)
    assert marker[1][0] == pytest.approx(expected["error"])


def test_chain_widget_menus():
    widget = ex.chain_explorer()
    widget.controls["f1"].value = "sigmoid"
    widget.controls["f2"].value = "square"
    widget.controls["f3"].value = "leaky_relu"
    assert widget.frame["label"] == "leaky_relu(square(sigmoid(x)))"
    lines = _line_data(widget.figure)
    np.testing.assert_allclose(lines["derivative by the chain rule"][1], widget.frame["chain_rule"])
    widget.controls["f3"].value = "none"
    assert widget.frame["names"] == ["sigmoid", "square"]


def test_neuron_widget_sliders():
    widget = ex.neuron_explorer()
    assert widget.frame["correct"] == 3  # the slides' OR neuron
    widget.controls["w1"].value = -20
    widget.controls["w2"].value = -20
    widget.controls["b"].value = 30  # NAND
    np.testing.assert_array_equal(widget.frame["predictions"], [1, 1, 1, 0])
    assert widget.frame["correct"] == 3
    boundary = _line_data(widget.figure)["boundary σ = 0.5"]
    np.testing.assert_allclose(-20 * boundary[0] - 20 * boundary[1] + 30, 0, atol=1e-9)


def test_widget_png_has_no_changing_metadata():
    widget = ex.neuron_explorer()
    assert b"Software" not in widget.image.value and b"Matplotlib" not in widget.image.value


# ----------------------------------------------------------------- animations


@pytest.fixture(scope="module")
def animations():
    return {
        "tangent": (ex.tangent_animation(), ex.draw_tangent, ex.figure_size("tangent")),
        "difference_error": (ex.difference_error_animation(), ex.draw_difference_error,
                             ex.figure_size("difference_error")),
        "chain": (ex.chain_animation(), ex.draw_chain, ex.figure_size("chain")),
        "neuron": (ex.neuron_animation(), ex.draw_neuron, ex.figure_size("neuron")),
    }


@pytest.mark.parametrize("name", ["tangent", "difference_error", "chain", "neuron"])
def test_animation_is_self_contained_small_and_noted(animations, name):
    animation, _, _ = animations[name]
    html = animation._repr_html_()
    assert animation.size_bytes < ANIMATION_BUDGET
    assert ex.EXPLORER_NOTE in html
    # No network: no external stylesheet or script, no icon font.
    assert "<link" not in html and "src=\"http" not in html and "href=\"http" not in html and "fa fa-" not in html
    assert "<script" in html  # the player is inline JavaScript
    assert repr(animation).startswith("Animation: ") and "0x" not in repr(animation)


def test_animation_html_is_deterministic():
    first = ex.chain_animation(ex.CHAIN_ANIMATION_CHAINS[:3])
    second = ex.chain_animation(ex.CHAIN_ANIMATION_CHAINS[:3])
    assert first.html == second.html
    other = ex.chain_animation(ex.CHAIN_ANIMATION_CHAINS[1:4])
    ids = [h.split('id="_anim_img')[1][:32] for h in (first.html, other.html)]
    assert ids[0] != ids[1]  # ids come from the content, so two animations on one page differ


@pytest.mark.parametrize("name", ["tangent", "difference_error", "chain", "neuron"])
def test_animation_names_its_picture_and_controls(animations, name):
    """matplotlib names neither the frame slider nor the repetition-mode form; each is named after the
    animation (two on a page are told apart), in the notebook's own output (book, JupyterLab, decks)."""
    animation, _, _ = animations[name]
    what = html.escape(f"Animation of {animation.description}", quote=True)
    markup = animation.animation_html
    assert re.search(rf'<img alt="{re.escape(what)}; step through it[^"]*" src="data:image/png;base64,', markup)
    assert re.search(rf'<input aria-label="Frame: {re.escape(what)}" id="_anim_slider[0-9a-f]+" type="range"', markup)
    assert f'<form title="Repetition mode" aria-label="Repetition mode: {what}"' in markup


@pytest.mark.parametrize("name", ["tangent", "neuron"])
def test_animation_starts_its_player_only_when_seen(animations, name):
    """The first frame is the picture's own src (shown without JavaScript and before the player starts);
    the player, which decodes every frame, is created when an IntersectionObserver sees the figure
    (tests/test_browser.py watches it happen in the book)."""
    markup = animations[name][0].animation_html
    script = markup[markup.index("Instantiate the Animation class"):]
    assert "frames[0] = img.getAttribute(\"src\")" in script and 'frames[0] = "data:' not in script
    assert "setTimeout(function()" not in script and "new IntersectionObserver(" in script
    assert script.index("seen.observe(img)") > script.index("new Animation(frames")


@pytest.mark.parametrize("name", ["tangent", "difference_error", "chain", "neuron"])
def test_animation_frames_are_the_frame_functions_drawn(animations, name):
    animation, draw, figsize = animations[name]
    pngs = animation.frame_pngs()
    assert len(pngs) == len(animation.frames) >= 5
    # The animation draws each frame on the figure of the frame before; every frame must be the
    # picture that frame gives drawn alone on a new figure.
    for index, frame in enumerate(animation.frames):
        assert pngs[index] == ex.render_frame_png(draw, frame, figsize=figsize), f"frame {index}"
    assert len(set(pngs)) == len(pngs)  # every frame shows something different
    image = Image.open(io.BytesIO(pngs[0]))
    assert image.size[0] == round(figsize[0] * figure_style.BOOK.dpi) == animation.width_px
    assert "Software" not in image.info


#: For each draw function: frames the live widgets can show one after another — other functions,
#: other limits, a chain of three after a chain of two, a neuron with no boundary in the square —
#: and back to the first frame.
REDRAWN_FRAMES = {
    "tangent": (ex.draw_tangent, ex.figure_size("tangent"),
                [ex.tangent_frame("square", 1.0), ex.tangent_frame("sigmoid", -1.5), ex.tangent_frame("relu", 0.0),
                 ex.tangent_frame("square", 1.0)]),
    "difference_error": (ex.draw_difference_error, ex.figure_size("difference_error"),
                         [ex.difference_error_frame("sigmoid", 0.5, 1e-3),
                          ex.difference_error_frame("square", -2.0, 1.0),
                          ex.difference_error_frame("leaky_relu", 1.0, 1e-12),
                          ex.difference_error_frame("sigmoid", 0.5, 1e-3)]),
    "chain": (ex.draw_chain, ex.figure_size("chain"),
              [ex.chain_frame("square", "sigmoid"), ex.chain_frame("sigmoid", "square", "relu"),
               ex.chain_frame("relu", "relu"), ex.chain_frame("square", "sigmoid")]),
    "neuron": (ex.draw_neuron, ex.figure_size("neuron"),
               [ex.neuron_frame(20, 20, -10), ex.neuron_frame(0, 0, 1), ex.neuron_frame(-30, 5, 40),
                ex.neuron_frame(20, 20, -10)]),
}


def _pixels(png: bytes) -> bytes:
    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


@pytest.mark.parametrize("name", list(REDRAWN_FRAMES))
def test_a_frame_drawn_after_others_is_that_frame_drawn_alone(name):
    draw, figsize, frames = REDRAWN_FRAMES[name]
    fig = ex._new_figure(figsize)
    drawn = []
    for frame in frames:
        draw(fig, frame)
        drawn.append(ex._small_png(fig))
    assert drawn[-1] == drawn[0]  # the first frame again: the picture it gave on the new figure
    for index in range(1, len(frames) - 1):
        assert drawn[index] == ex.render_frame_png(draw, frames[index], figsize=figsize), f"frame {index}"


def test_a_figure_drawn_by_another_explorer_is_drawn_anew():
    fig = ex._new_figure(ex.figure_size("tangent"))
    ex.draw_chain(fig, ex.chain_frame())
    ex.draw_tangent(fig, ex.tangent_frame())
    assert ex._small_png(fig) == ex.render_frame_png(ex.draw_tangent, ex.tangent_frame(),
                                                     figsize=ex.figure_size("tangent"))
    fig.clear()
    ex.draw_tangent(fig, ex.tangent_frame("sigmoid"))
    assert len(fig.axes) == 1
    assert ex._small_png(fig) == ex.render_frame_png(ex.draw_tangent, ex.tangent_frame("sigmoid"), figsize=ex.figure_size("tangent"))


def test_widget_image_is_its_frame_drawn_alone():
    widget = ex.tangent_explorer("square", a=1.0)
    widget.controls["func"].value = "sigmoid"
    widget.controls["a"].value = -1.5
    fresh = ex.render_frame_png(ex.draw_tangent, ex.tangent_frame("sigmoid", -1.5), figsize=ex.figure_size("tangent"))
    assert _pixels(widget.image.value) == _pixels(fresh)


def test_animation_frames_follow_their_parameters(animations):
    tangent = animations["tangent"][0]
    np.testing.assert_allclose([f["a"] for f in tangent.frames], np.linspace(-2, 2, 17))
    for frame in tangent.frames:
        assert frame["slope"] == pytest.approx(2 * frame["a"], abs=1e-9)
    neuron = animations["neuron"][0]
    assert [(f["w1"], f["w2"], f["b"]) for f in neuron.frames] == [tuple(map(float, p)) for p in ex.NEURON_ANIMATION_PARAMS]
    deltas = [f["delta"] for f in animations["difference_error"][0].frames]
    np.testing.assert_allclose(deltas, np.logspace(0, -12, 13))


def test_importing_explorers_does_not_import_ipywidgets():
    import subprocess
    import sys

    code = "import sys; import lecture_lib.explorers; assert 'ipywidgets' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_live_explorer_says_when_it_stops_answering():
    from lecture_lib import explorers

    explorer = explorers.tangent_explorer("square", 1.0)
    first = explorer.status.value
    assert "a = 1" in first and "redraw 1" in first and "kernel has stopped or restarted" in first
    explorer.controls["a"].value = 2.0
    assert "a = 2" in explorer.status.value and "redraw 2" in explorer.status.value
