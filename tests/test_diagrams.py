"""Diagram helpers: what is drawn (nodes, labels, arrows) and that annotated numbers are the computed ones."""
from __future__ import annotations

import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_lib import (  # noqa: E402
    chain_backward,
    chain_forward,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_forward_sum,
    multiple_inputs_add_backward,
    multiple_inputs_multiply,
    multiple_inputs_multiply_backward,
    relu,
    sigmoid,
    sigmoid_deriv,
    square,
)
from lecture_lib import diagrams as d
from lecture_lib import figure_style  # noqa: E402
from lecture_lib.diagrams import Edge, Node, draw_graph, format_value  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(diagram):
    return sorted(t.get_text() for t in diagram.ax.texts)


# ----------------------------------------------------------------- draw_graph


def test_draw_graph_draws_every_node_label_and_arrow():
    nodes = [Node("x", "x", "input", 0.5), Node("f", "f", "op"), Node("y", "y", "output")]
    edges = [Edge("x", "f", label="in", grad=2.0), Edge("f", "y")]
    diagram = draw_graph(nodes, edges, title="T", backward=True)
    assert diagram.node_labels == {"x": "x\n0.5", "f": "f", "y": "y"}
    assert diagram.edge_labels == {("x", "f"): "in"}
    assert diagram.grad_labels == {("x", "f"): "2"}
    assert diagram.forward_arrows == [("x", "f"), ("f", "y")]
    assert diagram.backward_arrows == [("f", "x"), ("y", "f")]
    # The texts recorded are the texts on the figure.
    for text in ["x", "0.5", "f", "y", "in", "2", "T"]:
        assert text in _texts(diagram)
    assert len(diagram.ax.patches) == 3 + 4  # 3 boxes, 2 forward + 2 backward arrows
    assert repr(diagram) == "Diagram: x → f → y (forward and backward)"


def test_forward_only_draws_no_backward_arrows_or_gradients():
    diagram = draw_graph([Node("x", "x", "input"), Node("y", "y", "output")], [Edge("x", "y", grad=3.0)])
    assert diagram.backward_arrows == []
    assert diagram.grad_labels == {}
    assert "3" not in _texts(diagram)


def test_layout_columns_by_longest_path_and_forward_left_to_right():
    nodes = [Node("a", "a", "input"), Node("b", "b", "input"), Node("p", "p"), Node("q", "q"), Node("o", "o", "output")]
    # a feeds q directly and through p: q's column is the longer path (2), not 1.
    edges = [Edge("a", "p"), Edge("b", "p"), Edge("p", "q"), Edge("a", "q"), Edge("q", "o")]
    diagram = draw_graph(nodes, edges)
    assert diagram.columns == [["a", "b"], ["p"], ["q"], ["o"]]
    pos = diagram.positions
    for src, dst in diagram.forward_arrows:
        assert pos[src][0] < pos[dst][0]
    assert pos["a"][1] > pos["b"][1]  # first given is on top
    assert pos["a"][1] - pos["p"][1] == pytest.approx(pos["p"][1] - pos["b"][1])  # spread evenly


def test_arrow_directions_on_the_figure():
    diagram = d.chain(["f1"], grads=[1.0, 1.0])
    arrows = [p for p in diagram.ax.patches if type(p).__name__ == "FancyArrowPatch"]
    dashed = [a for a in arrows if a.get_linestyle() not in ("-", "solid")]
    forward = [a for a in arrows if a not in dashed]
    backward = [a for a in dashed if matplotlib.colors.to_hex(a.get_edgecolor()) == d.OKABE_ITO["vermillion"].lower()]
    assert len(forward) == len(backward) == 2
    for arrow in forward:
        (x0, _), (x1, _) = arrow._posA_posB
        assert x1 > x0
    for arrow in backward:
        (x0, _), (x1, _) = arrow._posA_posB
        assert x1 < x0


def test_figure_is_page_width_with_an_opaque_white_background():
    diagram = d.chain(["f1", "f2", "f3"])
    width, height = diagram.fig.get_size_inches()
    assert width == figure_style.BOOK.width_in and 1.4 <= height <= 5
    assert matplotlib.colors.to_hex(diagram.fig.get_facecolor()) == "#ffffff"
    assert diagram.fig.get_facecolor()[3] == 1.0


@pytest.mark.parametrize(
    "nodes, edges, message",
    [
        ([Node("x", "x", "input")], [Edge("x", "nowhere")], "unknown node 'nowhere'"),
        ([Node("x", "x", "box")], [], "unknown kind 'box'"),
        ([Node("a", "a"), Node("b", "b")], [Edge("a", "b"), Edge("b", "a")], "cycle"),
        ([Node("a", "a")], [Edge("a", "a")], "no cycles"),
        ([Node("a", "a"), Node("a", "b")], [], "used twice"),
        ([], [], "non-empty"),
    ],
)
def test_bad_graphs_raise_clear_value_errors(nodes, edges, message):
    with pytest.raises(ValueError, match=message):
        draw_graph(nodes, edges)


def test_non_nodes_raise_type_error():
    with pytest.raises(TypeError, match="Node"):
        draw_graph([("x", "x", "input")], [])
    with pytest.raises(TypeError, match="Edge"):
        draw_graph([Node("x", "x", "input")], [("x", "x")])


def test_drawing_emits_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        diagram = d.matrix_graph_annotated(np.arange(9.0).reshape(3, 3) / 10, np.ones((3, 2)))
        diagram.fig.canvas.draw()


# ----------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    "value, text",
    [
        (None, None),
        ("a = 1", "a = 1"),
        (0.38940, "0.389"),
        (2, "2"),
        (np.float64(-0.5), "-0.5"),
        (np.array(0.25), "0.25"),
        (np.array([1.0, 2.0, 3.0]), "[1, 2, 3]"),
        (np.arange(6.0), "length 6"),
        (np.ones((3, 3)), "3×3\n[  1.00   1.00   1.00]\n[  1.00   1.00   1.00]\n[  1.00   1.00   1.00]"),
        (np.ones((4, 3)), "4×3"),
        (np.array([[0.5]]), "1×1: 0.5"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


def test_format_value_rejects_non_numbers():
    with pytest.raises(TypeError, match="number"):
        format_value(object())


# ----------------------------------------------------------------- presets


def test_function_box():
    diagram = d.function_box("f", input_label="x")
    assert diagram.node_labels == {"in": "x", "f": "f", "out": "f(x)"}
    assert diagram.forward_arrows == [("in", "f"), ("f", "out")]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_chain_of_any_length(n):
    names = [f"f{k}" for k in range(1, n + 1)]
    diagram = d.chain(names)
    assert [diagram.node_labels[f"f{k}"] for k in range(1, n + 1)] == [f"f{chr(0x2080 + k)}" for k in range(1, n + 1)]
    assert len(diagram.forward_arrows) == n + 1
    assert repr(diagram).startswith("Diagram: x → f₁ → ")


def test_chain_wrong_number_of_values():
    with pytest.raises(ValueError, match="values"):
        d.chain(["f1", "f2"], values=[1.0, 2.0])


@pytest.mark.parametrize("functions, x", [([square, sigmoid], 0.5), ([sigmoid, square, relu], -0.4), ([relu], 2.0)])
def test_chain_annotated_numbers_are_chain_forward_and_backward(functions, x):
    diagram = d.chain_annotated(functions, x)
    values = chain_forward(functions, np.array(x))
    local = list(reversed(chain_backward(functions, values)))  # f1'(u0) ... fn'(u_{n-1})
    n = len(functions)
    assert diagram.node_labels["x"] == f"x\n{format_value(float(values[0]))}"
    assert diagram.node_labels["y"] == f"y\n{format_value(float(values[n]))}"
    ids = ["x"] + [f"f{k}" for k in range(1, n + 1)] + ["y"]
    for k in range(1, n):
        assert diagram.edge_labels[(ids[k], ids[k + 1])] == f"u{chr(0x2080 + k)} = {format_value(float(values[k]))}"
    # dy/dx on the first backward arrow is the product of all local derivatives: the chain rule.
    expected_dydx = float(np.prod(local))
    first = diagram.grad_labels[("x", "f1")]
    assert first.endswith(f"dy/dx = {format_value(expected_dydx)}")
    assert f"′ = {format_value(float(local[0]))}" in first
    assert diagram.grad_labels[(ids[n], "y")] == "dy/dy = 1"
    assert diagram.backward_arrows == [(ids[k + 1], ids[k]) for k in range(n + 1)]


def test_two_input_graph_labels():
    diagram = d.two_input_graph("+")
    assert diagram.columns == [["x", "y"], ["alpha"], ["sigma"], ["s"]]
    assert diagram.node_labels["alpha"] == "α: x + y"
    assert d.two_input_graph("*").node_labels["alpha"] == "β: x × y"  # chapter 4's name for the product
    with pytest.raises(ValueError, match="op"):
        d.two_input_graph("-")
    with pytest.raises(ValueError, match="unknown keys"):
        d.two_input_graph("+", values={"z": 1})


@pytest.mark.parametrize("op", ["+", "×"])
def test_two_input_annotated_numbers(op):
    x, y = 1.0, -2.0
    diagram = d.two_input_annotated(x, y, op=op)
    if op == "+":
        a = x + y
        dsdx, dsdy = multiple_inputs_add_backward(np.array(x), np.array(y), sigmoid)
    else:
        a = x * y
        dsdx, dsdy = multiple_inputs_multiply_backward(np.array(x), np.array(y), sigmoid)
        assert diagram.node_labels["s"] == f"s\n{format_value(float(multiple_inputs_multiply(np.array(x), np.array(y), sigmoid)))}"
    assert diagram.edge_labels[("alpha", "sigma")] == f"a = {format_value(a)}"
    assert diagram.grad_labels[("x", "alpha")] == f"ds/dx = {format_value(float(dsdx))}"
    assert diagram.grad_labels[("y", "alpha")] == f"ds/dy = {format_value(float(dsdy))}"
    assert diagram.grad_labels[("alpha", "sigma")] == f"ds/da = {format_value(float(sigmoid_deriv(np.array(a))))}"


def test_vector_and_matrix_graph_structure():
    vector = d.vector_graph()
    assert repr(vector) == "Diagram: X, W → ν: X·W → σ → S"
    matrix = d.matrix_graph(shapes={"X": (3, 3), "W": (3, 2), "N": (3, 2), "S": (3, 2)})
    assert repr(matrix) == "Diagram: X, W → ν: X·W → σ → Λ: sum → L"
    assert matrix.node_labels["X"] == "X\n3×3"
    assert matrix.edge_labels[("nu", "sigma")] == "N 3×2"
    assert matrix.edge_labels[("sigma", "Lambda")] == "S 3×2"


def test_matrix_graph_annotated_numbers_and_shapes():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(3, 3)).round(2)
    W = rng.normal(size=(3, 2)).round(2)
    diagram = d.matrix_graph_annotated(X, W, sigmoid)
    assert diagram.node_labels["X"] == f"X\n{format_value(X)}"  # 9 entries: written in full
    assert diagram.node_labels["W"] == f"W\n{format_value(W)}"
    assert diagram.node_labels["L"] == f"L\n{format_value(matrix_function_forward_sum(X, W, sigmoid))}"
    assert diagram.edge_labels[("nu", "sigma")] == "N 3×2"
    assert diagram.grad_labels[("X", "nu")] == "dL/dX 3×3"
    assert diagram.grad_labels[("W", "nu")] == "dL/dW 3×2"
    assert diagram.grad_labels[("nu", "sigma")] == "dL/dN 3×2"
    assert diagram.grad_labels[("sigma", "Lambda")] == "dL/dS 3×2"


def test_matrix_graph_annotated_small_values_written():
    X = np.array([[1.0, 2.0]])
    W = np.array([[0.5], [-1.0]])
    diagram = d.matrix_graph_annotated(X, W, sigmoid)
    dLdX = matrix_function_backward_sum_1(X, W, sigmoid)
    dLdW = matrix_function_backward_sum_2(X, W, sigmoid)
    assert diagram.grad_labels[("X", "nu")] == f"dL/dX {format_value(dLdX, 4)}"
    assert diagram.grad_labels[("W", "nu")] == f"dL/dW {format_value(dLdW, 4)}"
    assert diagram.edge_labels[("nu", "sigma")] == "N 1×1: -1.5"


def test_xor_network_graph_weights_on_edges():
    diagram = d.xor_network_graph()
    assert diagram.columns == [["x1", "x2"], ["h1", "h2"], ["o"], ["y"]]
    assert diagram.edge_labels[("x1", "h1")] == "w = 20"
    assert diagram.edge_labels[("x2", "h2")] == "w = -20"
    assert diagram.edge_labels[("h1", "o")] == "w = 20"
    assert diagram.node_labels["h1"] == "h₁: σ OR\nb = -10"
    assert diagram.node_labels["h2"] == "h₂: σ NAND\nb = 30"
    assert diagram.node_labels["o"] == "σ AND\nb = -30"


@pytest.mark.parametrize("inputs, expected", [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)])
def test_xor_network_graph_forward_values_solve_xor(inputs, expected):
    diagram = d.xor_network_graph(inputs=inputs)
    out = float(diagram.node_labels["y"].split("\n")[1])
    assert abs(out - expected) < 0.01


def test_xor_network_graph_bad_shapes():
    with pytest.raises(ValueError, match="W1"):
        d.xor_network_graph(weights=(np.ones((3, 2)), np.ones((2, 1))))


def test_import_lecture_lib_does_not_import_matplotlib_but_diagrams_does():
    code = (
        "import sys, lecture_lib; assert 'matplotlib' not in sys.modules, 'lecture_lib imported matplotlib'; "
        "from lecture_lib import diagrams; assert 'matplotlib' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_xor_network_graph_from_a_parameter_dict():
    from lecture_lib.xor import hand_set_xor_params

    params = hand_set_xor_params()
    from_dict = d.xor_network_graph(params)
    # Same numbers as the slides' default, without the gate names (a dict may hold learned weights).
    assert from_dict.edge_labels == d.xor_network_graph().edge_labels
    assert from_dict.node_labels["h2"] == "h₂: σ\nb = 30"
    learned = {"W1": np.array([[1.5, -2.25, 0.5]] * 2), "b1": np.zeros((1, 3)), "W2": np.ones((3, 1)), "b2": [[0.1]]}
    diagram = d.xor_network_graph(learned)
    assert diagram.columns[1] == ["h1", "h2", "h3"]
    assert diagram.edge_labels[("x2", "h2")] == "w = -2.25"
    assert diagram.node_labels["o"] == "σ\nb = 0.1"


# ----------------------------------------------------------------- the landing page's pictures


def test_neuron_diagram_draws_weighted_inputs_sum_activation_and_output():
    diagram = d.neuron_diagram(3)
    assert diagram.columns == [["x1", "x2", "x3"], ["sum"], ["act"], ["y"]]
    assert diagram.node_labels["sum"] == "weighted sum\nw₁x₁ + w₂x₂ + w₃x₃ + b"
    assert diagram.node_labels["act"] == "activation\nσ(z)"
    assert diagram.edge_labels == {("x1", "sum"): "× w₁", ("x2", "sum"): "× w₂", ("x3", "sum"): "× w₃",
                                   ("sum", "act"): "z"}
    assert d.neuron_diagram(1).node_labels["sum"] == "weighted sum\nw₁x₁ + b"


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "3"])
def test_neuron_diagram_rejects_a_bad_number_of_inputs(bad):
    with pytest.raises(ValueError, match="n_inputs"):
        d.neuron_diagram(bad)


def test_neuron_figure_draws_the_nerve_cell_above_the_artificial_neuron():
    diagram = d.neuron_figure()
    texts = [t.get_text() for ax in diagram.fig.axes for t in ax.texts]
    for label in diagram.biology_labels + ["A nerve cell (schematic)"]:
        assert label in texts
    assert [label.split(":")[0] for label in diagram.biology_labels] == ["dendrites", "cell body", "axon", "synapses"]
    nerve_cell, artificial = sorted(diagram.fig.axes, key=lambda ax: ax.get_position().y0, reverse=True)
    assert artificial is diagram.ax and nerve_cell.get_position().y0 >= artificial.get_position().y1 - 1e-9


def test_layered_network_connects_each_unit_to_every_unit_of_the_next_layer():
    diagram = d.layered_network((3, 4, 2))
    assert [len(column) for column in diagram.columns] == [3, 4, 2]
    assert sorted(diagram.forward_arrows) == sorted(
        (f"{k}:{i}", f"{k + 1}:{j}") for k, (a, b) in enumerate([(3, 4), (4, 2)]) for i in range(a) for j in range(b))
    assert [diagram.node_labels[f"1:{j}"] for j in range(4)] == ["h₁", "h₂", "h₃", "h₄"]
    texts = [t.get_text() for ax in diagram.fig.axes for t in ax.texts]
    assert [label.split("\n")[0] for label in diagram.layer_labels] == ["input layer", "hidden layer", "output layer"]
    assert all(label in texts for label in diagram.layer_labels)
    deep = d.layered_network((2, 3, 3, 1))
    assert [label.split("\n")[0] for label in deep.layer_labels][1:3] == ["hidden layer 1", "hidden layer 2"]


@pytest.mark.parametrize("bad", [(3,), (3, 0, 2), (3, 2.0), [], (True, 2)])
def test_layered_network_rejects_bad_sizes(bad):
    with pytest.raises(ValueError, match="sizes"):
        d.layered_network(bad)


@pytest.mark.parametrize("name", sorted(d.LANDING_FIGURES))
def test_landing_figures_in_the_repository_are_what_the_code_draws(name):
    from io import BytesIO
    from pathlib import Path

    import matplotlib.image as mpimg

    committed = Path(__file__).resolve().parent.parent / "figures" / name
    assert committed.is_file(), f"{committed} is missing: run `make figures`"
    drawn = d.LANDING_FIGURES[name]()
    fresh = mpimg.imread(BytesIO(d.render_png(drawn.fig)), format="png")
    stored = mpimg.imread(committed, format="png")
    assert fresh.shape == stored.shape and np.array_equal(fresh, stored), (
        f"figures/{name} is not what lecture_lib.diagrams draws now: run `make figures` and commit the file")


def test_render_png_is_the_same_on_every_run():
    first = d.render_png(d.layered_network().fig)
    assert first == d.render_png(d.layered_network().fig)
    assert b"Software" not in first and b"matplotlib" not in first


def test_the_landing_page_shows_each_landing_figure_with_alt_text():
    import re
    from pathlib import Path

    intro = (Path(__file__).resolve().parent.parent / "intro.md").read_text(encoding="utf-8")
    figures = dict(re.findall(r"```\{figure\} figures/(\S+)\n((?::\w+:.*\n)*)", intro))
    assert sorted(figures) == sorted(d.LANDING_FIGURES), "intro.md must show every landing figure once"
    for name, options in figures.items():
        alt = re.search(r"^:alt: (.+)$", options, flags=re.M)
        assert alt and len(alt.group(1).split()) >= 8, f"figures/{name} in intro.md needs a real :alt: description"
        # The description names the last unit of each column the figure draws (x3, h4, y2): it cannot go stale.
        diagram = d.LANDING_FIGURES[name]()
        for column in diagram.columns:
            last = diagram.node_labels[column[-1]].split("\n")[0].translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
            unit = re.fullmatch(r"([xhy])(\d+)", last)
            if unit:
                letter, count = unit.group(1), int(unit.group(2))
                assert f"{letter}{count}" in alt.group(1) and f"{letter}{count + 1}" not in alt.group(1), (
                    f"the :alt: text of figures/{name} does not match the {count} units {letter}1… drawn")


# --------------------------------------------------------------------------- the pure layout (no pixels)

from lecture_lib.diagrams import layout as geometry  # noqa: E402


def test_the_layout_module_imports_no_matplotlib():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(geometry.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "matplotlib" not in imported and imported <= {"__future__", "dataclasses", "typing", "numpy"}


def test_columns_are_spread_evenly_when_boxes_fit_and_by_width_when_one_does_not():
    sizes = {"a": (0.5, 0.3), "b": (0.5, 0.3), "c": (0.5, 0.3)}
    assert geometry.column_centres([["a"], ["b"], ["c"]], sizes, 6.3, margin=0.15) == pytest.approx([1.15, 3.15, 5.15])
    sizes["a"] = (2.5, 1.0)  # a wide matrix box: wider than its share of 2 inches
    centres = geometry.column_centres([["a"], ["b"], ["c"]], sizes, 6.3, margin=0.15)
    assert centres[0] - 1.25 == pytest.approx(0.15)  # its left edge at the margin, not cut off
    assert centres[2] + 0.25 == pytest.approx(6.15)
    gaps = [centres[1] - 0.25 - (centres[0] + 1.25), centres[2] - 0.25 - (centres[1] + 0.25)]
    assert gaps[0] == pytest.approx(gaps[1]) and gaps[0] > 0


def test_nodes_of_a_column_are_spread_about_the_middle_first_on_top():
    sizes = {"x": (0.4, 0.3), "y": (0.4, 0.3), "f": (0.4, 0.3)}
    positions = geometry.node_positions([["x", "y"], ["f"]], sizes, 4.0, 3.0, 0.45, 0.1, pitch=1.0)
    assert positions["x"][1] > positions["y"][1]
    assert positions["f"][1] == pytest.approx((positions["x"][1] + positions["y"][1]) / 2)
    assert positions["x"][1] - positions["y"][1] == pytest.approx(1.0)


def test_an_arrow_runs_between_the_box_edges_and_the_backward_one_under_it():
    a = geometry.arrow((1.0, 1.0), (3.0, 1.0), (0.4, 0.3), (0.6, 0.3), backward=True)
    assert a.start[0] == pytest.approx(1.2) and a.end[0] == pytest.approx(2.7)
    assert a.horizontal and a.gap == pytest.approx(1.5)
    assert a.start[1] > 1.0 > a.back_start[1]  # forward above, backward below
    assert a.back_start[0] == pytest.approx(2.7) and a.back_end[0] == pytest.approx(1.2)


def test_texts_take_the_first_place_free_of_boxes_and_earlier_texts():
    box = (0.0, 0.0, 1.0, 1.0)
    above = ("center", "bottom")
    texts = [("first", (0.5, 0.2), [((0.5, 0.5), above), ((0.5, 1.2), above)]),
             ("second", (0.5, 0.2), [((0.5, 1.2), above), ((0.5, 1.7), above)])]
    assert geometry.place_texts(texts, [box]) == {"first": ((0.5, 1.2), above), "second": ((0.5, 1.7), above)}


def test_a_text_with_no_free_place_takes_the_least_crowded():
    box = (0.0, 0.0, 1.0, 1.0)
    corner = ("left", "bottom")
    texts = [("t", (0.4, 0.2), [((0.2, 0.4), corner), ((0.9, 0.4), corner)])]  # inside, then mostly outside
    assert geometry.place_texts(texts, [box]) == {"t": ((0.9, 0.4), corner)}


def test_a_text_wider_than_the_gap_goes_beyond_the_boxes_then_further_out():
    a = geometry.arrow((1.0, 1.0), (2.0, 1.0), (0.6, 0.4), (0.6, 0.4), backward=False)
    places = [place for place, _ in geometry.candidates(a.start, a.end, 0.5, a.normal, (1.5, 0.2), a, +1)]
    assert places[0][1] == pytest.approx(a.box_top)
    assert places[1][1] == pytest.approx(a.box_top + 0.24)


def test_a_text_may_go_to_the_other_side_of_an_arrow_only_without_a_backward_arrow():
    for backward, sides in ((False, {"bottom", "top"}), (True, {"bottom"})):
        a = geometry.arrow((1.0, 1.0), (3.0, 1.0), (0.4, 0.3), (0.4, 0.3), backward=backward)
        found = geometry.candidates(a.start, a.end, 0.5, a.normal, (0.3, 0.2), a, +1)
        assert {va for _, (_, va) in found} == sides


def test_the_extent_of_an_anchored_text():
    assert geometry.extent((1.0, 1.0), (0.4, 0.2), ("center", "top")) == pytest.approx((0.8, 0.8, 1.2, 1.0))
    assert geometry.extent((1.0, 1.0), (0.4, 0.2), ("right", "bottom")) == pytest.approx((0.6, 1.0, 1.0, 1.2))


# --------------------------------------------------------------------------- drawn: no text over another


def _chapter_diagrams():
    from lecture_lib import leaky_relu, xor

    X = np.array([[1.4, 0.1, 0.3], [0.9, 0.4, 1.5], [-1.2, 0.9, 0.1]])
    W = np.array([[0.8, 0.8], [0.5, -0.3], [-0.3, 0.1]])
    return {
        "learned XOR network": lambda: d.xor_network_graph(xor.train(xor.CHAPTER_SEED).params),
        "slides' XOR network": lambda: d.xor_network_graph(inputs=(1, 0)),
        "chain, annotated": lambda: d.chain_annotated([leaky_relu, square, sigmoid], -1.5,
                                                      title="Forward values and backward gradients"),
        "matrix graph, annotated": lambda: d.matrix_graph_annotated(X, W, sigmoid, title="L = sum(σ(XW))"),
        "two inputs, annotated": lambda: d.two_input_annotated(1.0, 2.0, op="×"),
    }


@pytest.mark.parametrize("name", list(_chapter_diagrams()))
def test_no_text_on_an_arrow_overlaps_a_box_or_another_text(name):
    from matplotlib.patches import FancyBboxPatch

    diagram = _chapter_diagrams()[name]()
    fig = diagram.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    arrow_texts = set(diagram.edge_labels.values()) | set(diagram.grad_labels.values())
    texts = [t for t in diagram.ax.texts if t.get_text() in arrow_texts]
    assert len(texts) == len(diagram.edge_labels) + len(diagram.grad_labels)
    boxes = [(p.get_window_extent(renderer), "a box") for p in diagram.ax.patches if isinstance(p, FancyBboxPatch)]
    placed = [(t.get_window_extent(renderer), repr(t.get_text())) for t in texts]
    for k, (extent, what) in enumerate(placed):
        for other, other_what in boxes + placed[k + 1:]:
            assert not extent.overlaps(other), f"{name}: {what} overlaps {other_what}"
    plt.close(fig)
