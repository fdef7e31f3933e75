"""Chapter 7 (XOR): references, inputs and known mistakes; weights are judged by what they compute."""
from __future__ import annotations

import numpy as np

from .. import xor
from ..functions import sigmoid
from . import Exercise, Feedback
from .engine import format_value, hint_line, returned_value, wrap

TOLERANCE = 0.01
CORNERS = [tuple(int(v) for v in row) for row in xor.XOR_INPUTS]
NOR = np.array([1.0, 0.0, 0.0, 0.0])
XNOR = 1.0 - xor.XOR_TARGETS.ravel()


def _numbers(value):
    """A flat float array of the numbers in ``value`` (any layout), or None."""
    if isinstance(value, (bool, np.bool_, str, dict)) or value is None:
        return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array.ravel() if np.isfinite(array).all() else None


def _corners_report(outputs, targets, z=None) -> list[str]:
    lines = []
    for k, (corner, out, target) in enumerate(zip(CORNERS, outputs, targets)):
        mark = "ok" if abs(out - target) <= TOLERANCE else f"WRONG: must be within {TOLERANCE} of {target:g}"
        zs = f"z = {format_value(z[k])}, " if z is not None else ""
        lines.append(f"  at (x1, x2) = {corner}: {zs}output {format_value(out)}  ({mark})")
    return lines


def _gate_names(outputs) -> list[str]:
    rounded = np.round(outputs)
    if np.abs(outputs - rounded).max() > TOLERANCE:
        return []
    return [name for name, table in xor.TRUTH_TABLES.items() if np.array_equal(rounded, table.ravel())]


def _judge_nor(answer) -> Feedback:
    name = "nor_weights"
    value, failed = returned_value(answer, name)
    if failed:
        return failed
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        count = _numbers(value)
        if count is not None and count.size == 3:
            return Feedback("wrong", wrap(f"Wrong: `{name}` returned one array of 3 numbers, "
                                          f"{format_value(value)}; return the two weights and the bias "
                                          f"separately: `return w, b`."))
        return Feedback("wrong", wrap(f"Wrong: `{name}` should return a pair (w, b): two weights and a bias; "
                                      f"it returned {format_value(value)}."))
    w, b = (_numbers(v) for v in value)
    if w is None or w.size != 2:
        return Feedback("wrong", wrap(f"Wrong: the first value `{name}` returns, w, should hold 2 weights "
                                      f"(one per input); it is {format_value(value[0])}."))
    if b is None or b.size != 1:
        return Feedback("wrong", wrap(f"Wrong: the second value `{name}` returns, b, should be one number "
                                      f"(the bias); it is {format_value(value[1])}."))
    z = xor.XOR_INPUTS @ w + b[0]
    outputs = sigmoid(z)
    summary = f"w = {format_value(w)}, b = {format_value(b[0])}"
    if np.all(np.abs(outputs - NOR) <= TOLERANCE):
        return Feedback("correct", wrap(f"Correct: `{name}` returns {summary}: σ(w₁x₁ + w₂x₂ + b) is "
                                        f"within {TOLERANCE} of NOR at every corner."))
    lines = [wrap(f"Wrong: `{name}` returns {summary}; with them the neuron computes:"),
             *_corners_report(outputs, NOR, z)]
    hints = []
    gates = _gate_names(outputs)
    if gates:
        hints.append(f"These weights compute {gates[0]}; NOR is 1 only at (0, 0)."
                     + (" Flip the signs of both weights and of the bias." if gates[0] == "OR" else ""))
    elif np.all(np.round(outputs) == NOR):
        hints.append("The right pattern, but not sure enough: make |z| ≥ 5 at every corner "
                     "(larger weights and bias, like the slides' ±20 and ±10).")
    else:
        hints.append("Start from OR (20, 20, −10) and negate it: NOT flips the sign of z.")
    return Feedback("wrong", "\n".join(lines + [hint_line(h) for h in hints]))


_SHAPES = {"W1": (2, 2), "b1": (1, 2), "W2": (2, 1), "b2": (1, 1)}


def _judge_xnor(answer) -> Feedback:
    name = "xnor_params"
    value, failed = returned_value(answer, name)
    if failed:
        return failed
    if not isinstance(value, dict):
        return Feedback("wrong", wrap(f"Wrong: `{name}` should return a dict with the keys W1, b1, W2, b2; it "
                                      f"returned {format_value(value)}."))
    missing = [key for key in _SHAPES if key not in value]
    if missing:
        return Feedback("wrong", wrap(f"Wrong: the dict `{name}` returns has no {', '.join(missing)}; it needs "
                                      f"W1 (2 × 2), b1 (1 × 2), W2 (2 × 1) and b2 (1 × 1)."))
    params = {}
    for key, shape in _SHAPES.items():
        numbers = _numbers(value[key])
        size = shape[0] * shape[1]
        if numbers is None or numbers.size != size:
            return Feedback("wrong", wrap(f"Wrong: {key} should hold {size} number{'s' if size > 1 else ''} "
                                          f"(shape {shape}); `{name}` gives {format_value(value[key], shape=True)}."))
        if key == "W1" and np.asarray(value[key]).shape != (2, 2):
            return Feedback("wrong", wrap(f"Wrong: W1 must be a 2 × 2 matrix (row i for input x_i, column j "
                                          f"for hidden neuron j); it has shape {np.asarray(value[key]).shape}."))
        params[key] = numbers.reshape(shape)
    hidden = sigmoid(xor.XOR_INPUTS @ params["W1"] + params["b1"])
    outputs = sigmoid(hidden @ params["W2"] + params["b2"]).ravel()
    if np.all(np.abs(outputs - XNOR) <= TOLERANCE):
        return Feedback("correct", f"Correct: `{name}` gives a network within {TOLERANCE} of XNOR at every corner.")
    lines = [wrap(f"Wrong: the network `{name}` describes does not compute XNOR (1 where x1 = x2):"),
             *_corners_report(outputs, XNOR)]
    for j in range(2):
        gates = _gate_names(hidden[:, j])
        what = gates[0] if gates else "no gate (outputs " + format_value(hidden[:, j]) + ")"
        lines.append(f"  hidden neuron {j + 1} (column {j + 1} of W1, entry {j + 1} of b1) computes {what}")
    gates = _gate_names(outputs)
    hints = []
    if gates == ["XOR"]:
        hints.append("This network computes XOR, not XNOR: the output must be 1 where the inputs are equal.")
    hints.append("XNOR = OR(AND(x1, x2), NOR(x1, x2)): one hidden neuron for AND, one for NOR (exercise 7.1), "
                 "and an OR neuron on top.")
    return Feedback("wrong", "\n".join(lines + [hint_line(h) for h in hints]))


def _descent_inputs():
    params = xor.init_params(xor.CHAPTER_SEED)
    grads = xor.backward(params, xor.XOR_INPUTS, xor.XOR_TARGETS)
    return [
        (params["W1"], grads["W1"], xor.CHAPTER_LEARNING_RATE),
        (np.array([[0.5], [-1.5]]), np.array([[0.2], [-0.4]]), 0.1),
        (np.array([[3.0]]), np.array([[-2.0]]), 0.25),
        (params["b1"], grads["b1"], 0.5),
    ]


EXERCISES = [
    Exercise(number="7.1", function="nor_weights", judge=_judge_nor),
    Exercise(
        number="7.2",
        function="gradient_descent_step",
        parameters=("param", "grad", "learning_rate"),
        reference=xor.descent_step,
        inputs=_descent_inputs,
        mistakes={
            "You added the gradient: that climbs the loss. Gradient descent SUBTRACTS learning_rate × gradient.":
                lambda param, grad, learning_rate: param + learning_rate * grad,
            "The learning rate is missing: subtract learning_rate × gradient, not the bare gradient.":
                lambda param, grad, learning_rate: param - grad,
            "You returned only the change −learning_rate × gradient; add it to the parameter.":
                lambda param, grad, learning_rate: -learning_rate * grad,
            "The learning rate divides the gradient; it multiplies it.":
                lambda param, grad, learning_rate: param - grad / learning_rate,
            "You returned the gradient step applied to the gradient: θ − η·∂L/∂θ starts from the parameter θ.":
                lambda param, grad, learning_rate: grad - learning_rate * grad,
        },
        more_hint="θ − η·∂L/∂θ: param - learning_rate * grad, as a new array.",
    ),
    Exercise(number="7.3", function="xnor_params", judge=_judge_xnor, uses=()),
]
