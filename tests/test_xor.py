"""lecture_lib.xor: the slides' gates, the two-layer backward pass, training, and bad input."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib import xor
from lecture_lib.xor import SLIDE_GATES, TRUTH_TABLES, XOR_INPUTS, XOR_TARGETS


# --------------------------------------------------------------------------- gates and the hand-set network

@pytest.mark.parametrize("gate", ["OR", "NAND", "AND"])
def test_slide_gates_have_their_truth_tables(gate):
    w, b = SLIDE_GATES[gate]
    table = xor.truth_table(w, b)
    assert table.decisions.tolist() == TRUTH_TABLES[gate].ravel().astype(int).tolist()
    # ±20 weights put every pre-activation at |z| >= 10: σ is within σ(−10) ≈ 4.5e-5 of 0 or 1.
    assert np.all(np.abs(table.outputs - TRUTH_TABLES[gate].ravel()) < 5e-5)


def test_slide_gate_weights_are_the_slides():
    assert {g: (w.tolist(), b) for g, (w, b) in SLIDE_GATES.items()} == {
        "OR": ([20.0, 20.0], -10.0), "NAND": ([-20.0, -20.0], 30.0), "AND": ([20.0, 20.0], -30.0)}


def test_neuron_is_sigmoid_of_weighted_sum_by_hand():
    # σ(20·1 + 20·0 − 10) = σ(10), computed independently of lecture_lib.
    out = xor.neuron(np.array([[1.0, 0.0]]), [20, 20], -10)
    assert out.shape == (1, 1)
    assert out[0, 0] == pytest.approx(1 / (1 + np.exp(-10.0)), rel=1e-12)


def test_truth_table_text_shows_every_row_and_the_slides_expression():
    text = str(xor.truth_table(*SLIDE_GATES["AND"]))
    assert "σ(20·0 + 20·0 − 30) = σ(−30)" in text  # the (0, 0) row the slides leave out
    assert text.count("σ(20·1 + 20·1 − 30)") == 1  # listed once, not twice as on the slides
    assert len(text.splitlines()) == 5


def test_hand_set_network_computes_xor():
    params = xor.hand_set_xor_params()
    P = xor.predict_proba(params, XOR_INPUTS)
    assert P.shape == (4, 1)
    assert np.all(np.abs(P - XOR_TARGETS) < 1e-4)
    assert xor.accuracy(params) == 1.0


def test_hand_set_network_is_and_of_or_and_nand():
    gate = {g: xor.neuron(XOR_INPUTS, *SLIDE_GATES[g]) for g in SLIDE_GATES}
    composed = xor.neuron(np.hstack([gate["OR"], gate["NAND"]]), *SLIDE_GATES["AND"])
    np.testing.assert_allclose(xor.predict_proba(xor.hand_set_xor_params(), XOR_INPUTS), composed, rtol=1e-12)


def test_hidden_neuron_is_column_j_of_the_hidden_layer():
    params = xor.init_params(7, hidden=3)
    params["b1"] = np.array([[0.5, -1.0, 2.0]])
    H = xor.forward(params, XOR_INPUTS)["H"]
    for j in range(3):
        np.testing.assert_allclose(xor.hidden_neuron(params, j)(XOR_INPUTS).ravel(), H[:, j], rtol=1e-12)


def test_best_single_line_gets_three_of_four():
    w, b, acc = xor.best_line()
    assert acc == 0.75
    decisions = (XOR_INPUTS @ w + b >= 0).astype(float)
    assert np.mean(decisions == XOR_TARGETS.ravel()) == 0.75


@pytest.mark.parametrize("gate", ["OR", "NAND", "AND"])
def test_best_line_separates_separable_gates(gate):
    assert xor.best_line(XOR_INPUTS, TRUTH_TABLES[gate])[2] == 1.0


# --------------------------------------------------------------------------- the backward pass

def test_backward_shapes_match_parameters():
    params = xor.init_params(3, hidden=4)
    grads = xor.backward(params, XOR_INPUTS, XOR_TARGETS)
    assert {name: g.shape for name, g in grads.items()} == {name: params[name].shape for name in xor.PARAM_NAMES}


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), hidden=st.integers(1, 5), m=st.integers(1, 6), n=st.integers(1, 3))
def test_gradient_check_every_weight_and_bias(seed, hidden, m, n):
    rng = np.random.default_rng(seed)
    params = xor.init_params(seed, hidden=hidden, n_inputs=n)
    params["b1"] = rng.normal(size=params["b1"].shape)  # non-zero biases, so their gradients are tested too
    params["b2"] = rng.normal(size=(1, 1))
    X = rng.normal(size=(m, n))
    Y = rng.integers(0, 2, size=(m, 1)).astype(float)
    differences = xor.gradient_check(params, X, Y)
    assert set(differences) == set(xor.PARAM_NAMES)
    assert max(differences.values()) < 1e-7


def test_gradient_check_catches_a_wrong_backward(monkeypatch):
    """The check is not circular: a backward pass with σ′ left out fails it."""
    real = xor.two_layer_backward

    def without_sigma_prime(p, cache, Y):
        grads = real(p, cache, Y)
        dN1 = ((cache["P"] - Y) / Y.shape[0]) @ p["W2"].T  # σ′(N1) forgotten
        grads["W1"] = cache["X"].T @ dN1
        return grads

    monkeypatch.setattr(xor, "two_layer_backward", without_sigma_prime)
    differences = xor.gradient_check(xor.init_params(1), XOR_INPUTS, XOR_TARGETS)
    assert differences["W1"] > 1e-3


def test_loss_is_binary_cross_entropy_by_hand():
    params = xor.init_params(2)
    P = xor.predict_proba(params, XOR_INPUTS).ravel()
    y = XOR_TARGETS.ravel()
    expected = -np.mean(y * np.log(P) + (1 - y) * np.log(1 - P))
    assert xor.loss(params, XOR_INPUTS, XOR_TARGETS) == pytest.approx(expected, rel=1e-12)


def test_loss_stays_finite_when_output_saturates_wrongly():
    params = xor.hand_set_xor_params()
    flipped = 1 - XOR_TARGETS  # every answer confidently wrong: log(σ) would be log(0) if computed from P
    value = xor.loss(params, XOR_INPUTS, flipped)
    assert np.isfinite(value) and value > 9


# --------------------------------------------------------------------------- training

def test_chapter_training_reaches_full_accuracy():
    history = xor.train(xor.CHAPTER_SEED, hidden=2, steps=xor.CHAPTER_STEPS,
                        learning_rate=xor.CHAPTER_LEARNING_RATE)
    assert history.steps == xor.CHAPTER_STEPS
    assert xor.accuracy(history.params) == 1.0
    assert history.losses[-1] < 0.01
    assert history.losses[-1] < history.losses[0]


def test_training_is_deterministic_for_a_seed():
    a, b = xor.train(5, steps=300), xor.train(5, steps=300)
    np.testing.assert_array_equal(a.losses, b.losses)
    for name in xor.PARAM_NAMES:
        np.testing.assert_array_equal(a.params[name], b.params[name])
    assert not np.array_equal(a.losses, xor.train(6, steps=300).losses)


def test_training_history_matches_the_loss_of_its_parameters():
    history = xor.train(1, steps=50)
    assert history.losses.shape == (51,)
    assert history.losses[0] == pytest.approx(xor.loss(history.initial_params, XOR_INPUTS, XOR_TARGETS))
    assert history.losses[-1] == pytest.approx(xor.loss(history.params, XOR_INPUTS, XOR_TARGETS))


def test_one_training_step_is_one_gradient_descent_step():
    start = xor.init_params(4)
    grads = xor.backward(start, XOR_INPUTS, XOR_TARGETS)
    after = xor.train(4, steps=1, learning_rate=0.5).params
    for name in xor.PARAM_NAMES:
        np.testing.assert_allclose(after[name], start[name] - 0.5 * grads[name], rtol=1e-12)
        np.testing.assert_allclose(after[name], xor.descent_step(start[name], grads[name], 0.5), rtol=1e-12)


def test_the_stuck_seed_of_the_chapter_is_stuck():
    """Seed 6 ends with two inputs mapped to one hidden code: loss → ln(2)/2, accuracy 50 %."""
    history = xor.train(6)
    assert xor.accuracy(history.params) == 0.5
    assert history.losses[-1] == pytest.approx(np.log(2) / 2, abs=0.005)


# --------------------------------------------------------------------------- bad input

@pytest.mark.parametrize("call, error, words", [
    (lambda: xor.neuron(XOR_INPUTS, [1, 2, 3], 0), ValueError, "w must hold 2 weights"),
    (lambda: xor.neuron(XOR_INPUTS, [1, 2], [0, 1]), ValueError, "b must be a single number"),
    (lambda: xor.neuron([0, 1], [1, 2], 0), ValueError, "X must be a 2-D array"),
    (lambda: xor.neuron(XOR_INPUTS, "ab", 0), TypeError, "w must be"),
    (lambda: xor.train(steps=0), ValueError, "steps must be an integer >= 1"),
    (lambda: xor.train(steps=2.5), ValueError, "steps must be an integer >= 1"),
    (lambda: xor.train(learning_rate=0), ValueError, "learning_rate must be a finite number > 0"),
    (lambda: xor.train(learning_rate=-1.0), ValueError, "learning_rate"),
    (lambda: xor.train(seed=-1), TypeError, "seed must be an integer >= 0"),
    (lambda: xor.train(seed=1.5), TypeError, "seed must be an integer >= 0"),
    (lambda: xor.train(hidden=0), ValueError, "hidden must be an integer >= 1"),
    (lambda: xor.train(Y=np.array([[0.0], [1.0], [1.0]])), ValueError, "Y must have shape (4, 1)"),
    (lambda: xor.train(Y=np.array([[0.0], [2.0], [1.0], [0.0]])), ValueError, "only 0 and 1"),
    (lambda: xor.forward({"W1": np.ones((2, 2))}, XOR_INPUTS), ValueError, "params is missing"),
    (lambda: xor.forward([1, 2], XOR_INPUTS), TypeError, "params must be a dict"),
    (lambda: xor.forward({**xor.init_params(0), "W2": np.ones((3, 1))}, XOR_INPUTS), ValueError,
     "W2 must have shape (2, 1)"),
    (lambda: xor.forward(xor.init_params(0), np.ones((4, 3))), ValueError, "X must have 2 columns"),
    (lambda: xor.descent_step(np.ones(2), np.ones(3), 0.1), ValueError, "same shape"),
    (lambda: xor.descent_step(np.ones(2), np.ones(2), 0), ValueError, "learning_rate"),
    (lambda: xor.hidden_neuron(xor.init_params(0), 2), ValueError, "j must be a hidden neuron index 0..1"),
    (lambda: xor.unit_square_grid(1), ValueError, "resolution must be an integer >= 2"),
    (lambda: xor.best_line(angles=0), ValueError, "angles must be an integer >= 1"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)
