"""Chapter 7 (XOR): the plotted decision regions and loss curves show what the chapter says.

Each test makes the same plotting call as the chapter and checks the data drawn against an
independent computation (the network written out with numpy here, not lecture_lib.xor.forward).
"""
import inspect
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lecture_lib import xor  # noqa: E402
from lecture_lib.plotting import plot_decision_regions, plot_loss_curves, plot_xor_points  # noqa: E402
from lecture_lib.xor import (  # noqa: E402
    CHAPTER_LEARNING_RATE,
    CHAPTER_SEED,
    CHAPTER_STEPS,
    XOR_INPUTS,
    XOR_TARGETS,
    hand_set_xor_params,
    hidden_neuron,
    predict_proba,
    train,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "chapters" / "07_xor.ipynb"


def _notebook_code() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def _by_hand(params, points):
    """The 2-k-1 network written out independently: (hidden outputs (r × k), output (r,))."""
    def s(z):
        return 1.0 / (1.0 + np.exp(-z))

    H = s(points @ params["W1"] + params["b1"])
    return H, s(H @ params["W2"] + params["b2"]).ravel()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_chapter_makes_the_calls_tested_here():
    code = _notebook_code()
    assert ("history = train(CHAPTER_SEED, hidden=2, steps=CHAPTER_STEPS,\n"
            "                learning_rate=CHAPTER_LEARNING_RATE)") in code
    assert ("seed: train(seed, hidden=2, steps=CHAPTER_STEPS,\n"
            "                learning_rate=CHAPTER_LEARNING_RATE)\n    for seed in (0, 5, 6)") in code
    assert "many = train_many(range(1000))" in code
    assert "many_wider = train_many(range(1000), hidden=3)" in code
    for call in ('"hidden 1: OR": hidden_neuron(params_hand, 0)',
                 '"network: AND(OR, NAND)": lambda P: predict_proba(params_hand, P)',
                 '"hidden 2 (learned)": hidden_neuron(history.params, 1)',
                 '"network (learned)": lambda P: predict_proba(history.params, P)',
                 '"network (seed 6)": lambda P: predict_proba(stuck.params, P)',
                 '{f"seed {CHAPTER_SEED}": history.losses}',
                 '{f"seed {seed}": runs[seed].losses for seed in (0, 5, 6)}'):
        assert call in code, call


@pytest.mark.parametrize("which", ["hand-set", "learned", "stuck"])
def test_decision_regions_are_the_network_outputs_on_the_grid(which):
    params = {"hand-set": hand_set_xor_params(), "learned": train(CHAPTER_SEED).params,
              "stuck": train(6).params}[which]
    data = plot_decision_regions(
        {"hidden 1": hidden_neuron(params, 0), "hidden 2": hidden_neuron(params, 1),
         "network": lambda P: predict_proba(params, P)},
        XOR_INPUTS, XOR_TARGETS,
    )
    G1, G2, _ = data.grids["network"]
    assert G1.shape == (101, 101)
    assert (G1.min(), G1.max(), G2.min(), G2.max()) == (-0.25, 1.25, -0.25, 1.25)
    H, P = _by_hand(params, np.column_stack([G1.ravel(), G2.ravel()]))
    np.testing.assert_allclose(data.grids["network"][2].ravel(), P, rtol=1e-10, atol=1e-14)
    for j in range(2):
        np.testing.assert_allclose(data.grids[f"hidden {j + 1}"][2].ravel(), H[:, j], rtol=1e-10, atol=1e-14)
    # The plotted points are the XOR inputs, split by target.
    np.testing.assert_array_equal(np.column_stack(data.lines["network: target 1"]), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(np.column_stack(data.lines["network: target 0"]), [[0, 0], [1, 1]])


def test_hand_set_network_region_is_the_band_between_the_two_lines():
    data = plot_decision_regions({"network": lambda P: predict_proba(hand_set_xor_params(), P)},
                                 XOR_INPUTS, XOR_TARGETS)
    G1, G2, values = data.grids["network"]
    s = G1 + G2
    away = (np.abs(s - 0.5) > 0.1) & (np.abs(s - 1.5) > 0.1)  # not on either boundary line
    inside = (s > 0.5) & (s < 1.5)
    np.testing.assert_array_equal((values >= 0.5)[away], inside[away])


def test_learned_network_classifies_the_four_points_as_the_plot_shows():
    params = train(CHAPTER_SEED).params
    _, P = _by_hand(params, XOR_INPUTS)
    np.testing.assert_array_equal((P >= 0.5).astype(float), XOR_TARGETS.ravel())


def test_best_line_plot_is_the_or_neuron():
    w, b, _ = xor.best_line()
    scale = 20 / w[0]
    np.testing.assert_allclose([scale * w[0], scale * w[1], scale * b], [20, 20, -10], rtol=1e-12)
    data = plot_decision_regions({"best": lambda P: xor.neuron(P, scale * w, scale * b)}, XOR_INPUTS, XOR_TARGETS)
    G1, G2, values = data.grids["best"]
    np.testing.assert_allclose(values, 1 / (1 + np.exp(-(20 * G1 + 20 * G2 - 10))), rtol=1e-9)


def test_loss_curve_is_the_training_history():
    history = train(CHAPTER_SEED, hidden=2, steps=CHAPTER_STEPS, learning_rate=CHAPTER_LEARNING_RATE)
    data = plot_loss_curves({f"seed {CHAPTER_SEED}": history.losses})
    steps, losses = data.lines[f"seed {CHAPTER_SEED}"]
    np.testing.assert_array_equal(steps, np.arange(CHAPTER_STEPS + 1))
    np.testing.assert_array_equal(losses, history.losses)
    # The first and last points are the cross-entropy of the start and end parameters, by hand.
    for params, value in ((history.initial_params, losses[0]), (history.params, losses[-1])):
        _, P = _by_hand(params, XOR_INPUTS)
        y = XOR_TARGETS.ravel()
        assert value == pytest.approx(-np.mean(y * np.log(P) + (1 - y) * np.log(1 - P)), rel=1e-9)


def test_three_loss_curves_show_quick_slow_and_stuck():
    runs = {seed: train(seed) for seed in (0, 5, 6)}
    data = plot_loss_curves({f"seed {seed}": runs[seed].losses for seed in (0, 5, 6)})
    finals = {label: y[-1] for label, (_, y) in data.lines.items()}
    assert finals["seed 0"] < 0.01 and finals["seed 5"] < 0.1
    assert finals["seed 6"] == pytest.approx(np.log(2) / 2, abs=0.005)
    slow = data.lines["seed 5"][1]
    assert slow[1500] > 0.4  # still on its plateau three quarters of the way through


def test_points_plot_data():
    data = plot_xor_points(XOR_INPUTS, XOR_TARGETS)
    np.testing.assert_array_equal(np.column_stack(data.lines["target 1"]), [[0, 1], [1, 0]])
    np.testing.assert_array_equal(np.column_stack(data.lines["target 0"]), [[0, 0], [1, 1]])


@pytest.mark.parametrize("call, error", [
    (lambda: plot_decision_regions({}, XOR_INPUTS, XOR_TARGETS), TypeError),
    (lambda: plot_decision_regions({"f": lambda P: P}, XOR_INPUTS, XOR_TARGETS), ValueError),
    (lambda: plot_xor_points(XOR_INPUTS, XOR_TARGETS[:3]), ValueError),
    (lambda: plot_loss_curves({"a": np.ones((2, 2))}), ValueError),
    (lambda: plot_loss_curves([1, 2]), TypeError),
])
def test_plot_helpers_reject_bad_input(call, error):
    with pytest.raises(error):
        call()


# --------------------------------------------------------------------------- what the prose and titles claim

def _markdown() -> str:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_stuck_figure_title_is_what_the_network_computes():
    """The title says the seed-6 network answers ≈ 0.5 at (0, 1) and (1, 1) (not that its boundary
    passes through them): check it, and that the other two corners are right."""
    assert 'title="Seed 6 is stuck: the network answers ≈ 0.5 at (0, 1) and at (1, 1)"' in _notebook_code()
    _, P = _by_hand(train(6).params, XOR_INPUTS)
    np.testing.assert_allclose(P[[1, 3]], 0.5, atol=0.01)
    assert P[0] < 0.01 and P[2] > 0.99
    # The alt text: ≈ 0.5 all along x₂ = 1, the 0.5 contour crossing it between the two corners.
    x1 = np.linspace(0, 1, 201)
    _, top = _by_hand(train(6).params, np.column_stack([x1, np.ones_like(x1)]))
    np.testing.assert_allclose(top, 0.5, atol=0.01)
    assert top[0] < 0.5 < top[-1]


def test_seed_6_starts_unsaturated_and_saturates_during_training():
    """The chapter's claim: seed 6 is not saturated at the start; by the end it is, at (0, 1) and (1, 1)."""
    start, end = xor.init_params(6), train(6).params
    H0, _ = _by_hand(start, XOR_INPUTS)
    N1_start = XOR_INPUTS @ start["W1"] + start["b1"]
    assert np.abs(N1_start).max() < 3 and (H0 * (1 - H0)).max() > 0.2
    H, _ = _by_hand(end, XOR_INPUTS)
    assert (H[[1, 3]] * (1 - H[[1, 3]])).max() < 1e-3
    np.testing.assert_allclose(H[1], H[3], atol=0.01)  # one hidden point for two targets


def test_seed_0_plateau_hidden_neurons_are_nearly_linear():
    """The plateau explanation: after 100 steps every hidden output is close to σ's tangent ½ + z/4."""
    params = train(CHAPTER_SEED, steps=100).params
    N1 = XOR_INPUTS @ params["W1"] + params["b1"]
    H, P = _by_hand(params, XOR_INPUTS)
    assert np.abs(H - (0.5 + N1 / 4)).max() < 0.01
    np.testing.assert_allclose(P, 0.5, atol=0.01)


def test_best_single_neuron_on_xor_is_the_constant_one_half():
    """The optional box's claim: no sigmoid neuron has cross-entropy below log 2 on XOR."""
    rng = np.random.default_rng(0)
    y = XOR_TARGETS.ravel()
    for w1, w2, b in rng.normal(scale=5, size=(2000, 3)):
        z = XOR_INPUTS @ np.array([w1, w2]) + b
        loss = np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))
        assert loss >= np.log(2) - 1e-12


@pytest.mark.parametrize("hidden", [2, 3])
def test_train_many_ends_where_train_ends(hidden):
    seeds = [0, 5, 6, 17]
    many = xor.train_many(seeds, hidden=hidden, steps=300, learning_rate=1.5)
    assert many.params["W1"].shape == (4, 2, hidden) and many.params["b2"].shape == (4, 1, 1)
    for i, seed in enumerate(seeds):
        single = train(seed, hidden=hidden, steps=300, learning_rate=1.5)
        for name in xor.PARAM_NAMES:
            np.testing.assert_allclose(many.params[name][i], single.params[name], rtol=1e-9, atol=1e-12)
        assert many.final_loss[i] == pytest.approx(single.losses[-1], rel=1e-9)
        assert many.accuracy[i] == xor.accuracy(single.params)


@pytest.mark.parametrize("call, error, words", [
    (lambda: xor.train_many([]), ValueError, "at least one seed"),
    (lambda: xor.train_many([0, -1]), TypeError, "seed must be an integer >= 0"),
    (lambda: xor.train_many([0], steps=0), ValueError, "steps must be an integer >= 1"),
    (lambda: xor.train_many([0], learning_rate=-1), ValueError, "learning_rate"),
])
def test_train_many_rejects_bad_input(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_squared_error_and_cross_entropy_output_gradients():
    """The two ∂L/∂n formulas the chapter states, against central differences, on random outputs."""
    from lecture_lib import numerical_gradient

    rng = np.random.default_rng(3)
    for _ in range(20):
        n, y = rng.normal(scale=4, size=5), rng.integers(0, 2, size=5).astype(float)
        p, m = 1 / (1 + np.exp(-n)), n.size
        squared = numerical_gradient(lambda v: np.mean((1 / (1 + np.exp(-v)) - y) ** 2), n)
        cross = numerical_gradient(lambda v: np.mean(y * np.logaddexp(0, -v) + (1 - y) * np.logaddexp(0, v)), n)
        np.testing.assert_allclose(squared, 2 / m * (p - y) * p * (1 - p), atol=1e-9)
        np.testing.assert_allclose(cross, (p - y) / m, atol=1e-9)


def _glued_names() -> set:
    """The names the stored outputs glue (myst-nb's glue writes them into the output metadata)."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return {output.get("metadata", {}).get("scrapbook", {}).get("name")
            for cell in cells if cell["cell_type"] == "code" for output in cell.get("outputs", [])} - {None}


def test_prose_numbers_come_from_glue():
    """The success rates and seed-6 numbers are glued from the computation, not typed."""
    text, glued = _markdown(), _glued_names()
    used = set(re.findall(r"\{glue:text\}`([^`:]+)", text))
    assert used <= glued, f"glue roles with nothing glued under their name: {sorted(used - glued)}"
    for name in ("rate_2", "rate_3", "solved_10", "solved_100", "like_seed_6", "failed_1000", "seed6_n1_0",
                 "seed6_sp_2000", "seed6_grad_end", "seed0_n1_0", "seed0_gap_100", "bce_ratio", "wider6_accuracy"):
        assert name in used, name
    for stale in ("Nine of the ten runs", "small random weights", "passes through (0, 1) and (1, 1)",
                  "saturation that trapped seed 6"):
        assert stale not in text + _notebook_code(), stale


def test_typed_numbers_in_the_prose_are_what_the_code_does():
    """Numbers the prose states without glue: the defaults it names, and what the networks compute."""
    assert inspect.signature(xor.best_line).parameters["angles"].default == 360  # "tries 360 directions"
    assert inspect.signature(xor.gradient_check).parameters["delta"].default == 1e-5  # "Δ = 10⁻⁵"
    # The hand-set hidden layer moves (0,0) → (0,1), (0,1) and (1,0) → (1,1), (1,1) → (1,0); each hidden
    # neuron alone is right on 3 of the 4 XOR points.
    H, _ = _by_hand(hand_set_xor_params(), XOR_INPUTS)
    np.testing.assert_allclose(H, [[0, 1], [1, 1], [1, 1], [1, 0]], atol=1e-4)
    assert [int(np.sum((H[:, j] >= 0.5) == XOR_TARGETS.ravel())) for j in range(2)] == [3, 3]
    # Seed 0's network: hidden 1 is 0 only at (1, 0), hidden 2 is 1 only at (0, 1); a large negative
    # output weight on h₁ and a large positive one on h₂.
    learned = train(CHAPTER_SEED).params
    H, _ = _by_hand(learned, XOR_INPUTS)
    assert (H >= 0.5).astype(int).T.tolist() == [[1, 1, 0, 1], [0, 1, 0, 0]]
    assert learned["W2"][0, 0] < -5 and learned["W2"][1, 0] > 5
    assert xor.accuracy(train(6).params) == 0.5  # "seed 6 ... with 50% accuracy"


# --------------------------------------------------------------------------- one sitting per Part

#: The most main-line words (whitespace-separated tokens of the markdown source, outside the
#: "Optional:" boxes) each Part may have: Part 1 with the chapter's introduction, Part 2 up to the
#: exercises (the exercises and the summary are not counted). And the most cells of the chapter.
MAIN_LINE_WORDS = {"Part 1": 1100, "Part 2": 1300}
MAX_CELLS = 55
OPTIONAL_BOX = re.compile(r"^```\{admonition\} Optional:.*?^```[ \t]*$", re.DOTALL | re.MULTILINE)


def main_line_words(cells) -> dict:
    """Words of the main line per Part: markdown outside "Optional:" boxes, before the exercises."""
    words, part = {"Part 1": 0, "Part 2": 0}, "Part 1"
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] != "markdown":
            continue
        if text.lstrip().startswith("## Part 2"):
            part = "Part 2"
        if text.lstrip().startswith(("## Exercises", "## Summary")):
            break
        words[part] += len(OPTIONAL_BOX.sub("", text).split())
    return words


def test_each_part_reads_in_one_sitting():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    words = main_line_words(cells)
    for part, limit in MAIN_LINE_WORDS.items():
        assert words[part] <= limit, (f"{part} has {words[part]} main-line words, more than {limit}: cut words, "
                                      "or move depth into an 'Optional:' dropdown box")
    read = [cell for cell in cells if "remove-cell" not in cell["metadata"].get("tags", [])]  # not the decks' own
    assert len(read) <= MAX_CELLS, f"the chapter has {len(read)} cells, more than {MAX_CELLS}"


def test_word_count_leaves_out_only_optional_boxes_and_exercises():
    def md(text):
        return {"cell_type": "markdown", "source": [text]}

    box = "```{admonition} Optional: depth\n:class: dropdown\nfive words in the box\n```"
    note = "```{admonition} A note\nthree more words\n```"
    cells = [md("# Title one"), md("## Part 2\n\ntwo words\n\n" + box), md(note),
             {"cell_type": "code", "source": ["many code words here"]}, md("## Exercises\n\nnot counted")]
    assert main_line_words(cells) == {"Part 1": 3, "Part 2": 5 + 7}  # "# Part 2 two words" and the note


def test_optional_depth_stays_in_the_chapter():
    """What moved into the optional boxes is still there, executed and checked."""
    text, code = _markdown(), _notebook_code()
    for title in ("why not the mean squared error?", "why the loss first sits near log 2",
                  "how seed 6 walked into the trap, step by step"):
        assert f"```{{admonition}} Optional: {title}\n:class: dropdown" in text, title
    # The squared error's gradient (2/m)(p − y)p(1 − p) is checked against central differences.
    assert '"squared error": 2 / m * (p - y) * p * (1 - p)' in code
    assert "numeric = numerical_gradient(loss_of_n, n)" in code and "assert difference < 1e-9" in code


# --------------------------------------------------------------------------- what the prose claims

def _lines_of_best_accuracy():
    """Every line best_line's scan tries that reaches the best accuracy with the widest margin:
    (direction in degrees, margin), computed here independently of best_line's tie-breaking."""
    y, found = XOR_TARGETS.ravel(), []
    for degrees in range(360):
        w = np.array([np.cos(np.radians(degrees)), np.sin(np.radians(degrees))])
        projections = np.sort(XOR_INPUTS @ w)
        cuts = np.concatenate([[projections[0] - 1], (projections[:-1] + projections[1:]) / 2, [projections[-1] + 1]])
        for cut in cuts:
            right = np.mean(((XOR_INPUTS @ w - cut) >= 0) == y)
            found.append((right, np.min(np.abs(XOR_INPUTS @ w - cut)), degrees))
    best = max(right for right, _, _ in found)
    widest = max(margin for right, margin, _ in found if right == best)
    return best, [(degrees, margin) for right, margin, degrees in found
                  if right == best and margin > widest - 1e-9]


def test_the_best_line_ties_with_three_others_and_best_line_returns_the_first():
    """The prose: at most 3 of 4; four lines tie at √2/4 from their nearest point; the first of the scan, 45°."""
    text = _markdown()
    assert "at most **3 of the 4 points right**, never 4. Four lines tie, each $\\sqrt{2}/4 \\approx 0.354$" in text
    best, ties = _lines_of_best_accuracy()
    assert best == 0.75
    assert [degrees for degrees, _ in ties] == [45, 135, 225, 315]  # OR, cut off (0, 1), NAND, cut off (1, 0)
    assert all(margin == pytest.approx(np.sqrt(2) / 4) for _, margin in ties)
    assert round(np.sqrt(2) / 4, 3) == 0.354
    w, b, accuracy = xor.best_line()
    np.testing.assert_allclose(w, [np.cos(np.pi / 4), np.sin(np.pi / 4)])
    # The NAND line x₁ + x₂ = 1.5 (225°) and the OR line x₁ + x₂ = 0.5 (45°).
    assert -b * np.sqrt(2) == pytest.approx(0.5) and accuracy == best


def test_the_chapter_claims_only_the_remedies_it_shows():
    """Seed 6: the chapter shows other starts and a third hidden neuron, not other learning rates."""
    text = _markdown()
    assert "a different learning rate" not in text and "The next\nlecture" not in text and "next lecture" not in text
    assert "{glue:text}`wider6_accuracy:.0%`" in text.split("```{admonition} Optional: how seed 6")[0]
    assert xor.accuracy(train(6, hidden=3).params) == 1.0 and xor.accuracy(train(6).params) == 0.5


def test_the_output_gradient_is_derived_in_the_main_text():
    """∂L/∂N₂ = (P − Y)/m is derived outside the optional boxes, and the table refers to that derivation."""
    main = OPTIONAL_BOX.sub("", _markdown())
    assert "(eq-bce-output-grad)" in main and "The first line is {eq}`eq-bce-output-grad`" in main
    derivation = main[main.index("The first step back goes through the loss"):main.index("(eq-bce-output-grad)")]
    assert r"\sigma'(n_i) = p_i(1 - p_i)" in derivation and r"= \frac{p_i - y_i}{m}." in derivation


def test_every_typed_decimal_in_the_prose_is_computed():
    """The decimals the prose types (not glued) are, to the digits shown, what they say: the decision threshold,
    σ(−10), log 2 and ½ log 2, σ′'s maximum, the tied lines' distance √2/4 and the NAND line's 1.5."""
    text = _markdown()
    text = text[:text.index("## Exercises")]
    w_nand, b_nand = xor.SLIDE_GATES["NAND"]
    allowed = {"decision threshold": 0.5, "σ(−10), mantissa": float(1 / (1 + np.exp(10))) * 1e5,
               "log 2": np.log(2), "½ log 2": np.log(2) / 2, "σ′ at 0": 0.25, "√2/4": np.sqrt(2) / 4,
               "NAND line x₁ + x₂ = −b/w": -b_nand / w_nand[0]}
    assert "$\\sigma(-10) \\approx 4.5 \\times 10^{-5}$" in text and "$\\tfrac{1}{2}\\log 2 \\approx 0.347$" in text
    stale = []
    for match in re.finditer(r"(?<![\w.])\d+\.\d+(?![\w.])", text):
        digits = len(match.group(0).split(".")[1])
        if not any(round(value, digits) == float(match.group(0)) for value in allowed.values()):
            stale.append(f"{match.group(0)}: …{text[max(0, match.start() - 50):match.end() + 10]}…")
    assert not stale, "decimals in the prose that nothing computes:\n" + "\n".join(stale)
