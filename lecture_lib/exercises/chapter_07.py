"""Chapter 7 (XOR): the exercises' public rules; weights are judged by what they compute (no answers here).

Exercises 7.1 and 7.3 return weights, and many different weights are right: the judges run
the neuron (or network) the student's numbers describe on the four corners and report what
it computes there. Any layout that holds the right numbers is accepted where the task does
not fix it (a (1 × 2) or (2 × 1) w, a list, a 1-element b); a wrong structure is described
as what the student returned, never as a message about an argument they did not write.
"""
from __future__ import annotations

import numpy as np

from .. import xor
from ..functions import sigmoid
from .registry import Exercise
from .rules import Forbid
from .engine import Finding, Hint, correct, format_value, kind_of, wrap
from .values import Opaque

TOLERANCE = 0.01
CORNERS = [tuple(int(v) for v in row) for row in xor.XOR_INPUTS]
NOR = np.array([1.0, 0.0, 0.0, 0.0])
XNOR = 1.0 - xor.XOR_TARGETS.ravel()
RETURN_HINT = "Is a `return` statement missing? A function that ends without `return` gives None."


def _numbers(value):
    """A flat float array of the numbers in ``value`` (any layout), or None if it holds other things."""
    if isinstance(value, (bool, np.bool_, str, bytes, dict, Opaque)) or value is None:
        return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array.ravel()


def _finite(numbers) -> bool:
    return numbers is not None and bool(np.isfinite(numbers).all())


def _wrong(first: str, *lines: str, hints=()) -> Finding:
    return Finding("wrong", first.removeprefix("Wrong: "), list(lines),
                   [h if isinstance(h, Hint) else Hint(h) for h in hints if h], rule="weights")


def _corners_report(outputs, targets, z=None) -> list[str]:
    lines = []
    for k, (corner, out, target) in enumerate(zip(CORNERS, outputs, targets)):
        mark = "ok" if abs(out - target) <= TOLERANCE else f"WRONG: must be within {TOLERANCE} of {target:g}"
        zs = f"z = {format_value(z[k])}, " if z is not None else ""
        lines.append(f"  at {corner}: {zs}output {format_value(out)}  ({mark})")
    return lines


def _gate_names(outputs) -> list[str]:
    """The gates of TRUTH_TABLES (or a constant) that ``outputs`` compute, to within TOLERANCE."""
    rounded = np.round(outputs)
    if np.abs(outputs - rounded).max() > TOLERANCE:
        return []
    if np.all(rounded == rounded[0]):
        return [f"the constant {rounded[0]:g}"]
    return [name for name, table in {**xor.TRUTH_TABLES, "NOR": NOR, "XNOR": XNOR}.items()
            if np.array_equal(rounded, np.ravel(table))]


# --------------------------------------------------------------------------- 7.1: a NOR neuron

_NOR_HINTS = {
    "OR": "These weights compute OR, NOR's opposite: flip the signs of both weights and of the bias.",
    "NAND": "These weights compute NAND: 1 unless both inputs are 1. NOR must already answer 0 when ONE "
            "input is 1, so the bias must be smaller than the size of one weight.",
    "AND": "These weights compute AND: 1 only at (1, 1). NOR is 1 only at (0, 0): negate the weights.",
    "the constant 0": "The neuron answers 0 at every corner: at (0, 0) z is just b, so NOR needs b > 0.",
    "the constant 1": "The neuron answers 1 at every corner: at (1, 0) and (0, 1) z = w + b must be "
                      "negative, so each weight must outweigh the bias.",
}


def _nor_structure(value, name):
    """(w, b) as flat arrays if ``value`` is a pair of the right sizes, else (None, Feedback)."""
    if value is None:
        return None, _wrong(f"Wrong: `{name}` returned None, not a pair (w, b).", hints=[RETURN_HINT])
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        numbers = _numbers(value)
        count = f"{numbers.size} numbers" if numbers is not None else kind_of(value)
        hint = ("Return the two weights and the bias separately, as a pair: `return w, b` "
                "with w holding 2 numbers and b one." if numbers is not None and numbers.size == 3 else
                "NOR needs 3 numbers: a weight for each of the 2 inputs, and a bias." if numbers is not None
                else "")
        return None, _wrong(f"Wrong: `{name}` should return a pair (w, b), two weights and a bias; it "
                            f"returned {count}: {format_value(value)}.", hints=[hint])
    w, b = (_numbers(v) for v in value)
    if w is not None and b is not None and w.size == 1 and b.size == 2:
        return None, _wrong(f"Wrong: `{name}` returned ({format_value(value[0])}, {format_value(value[1])}): "
                            f"one number first and two second.", hints=["The order is (w, b): the two "
                                                                        "weights first, then the bias."])
    if w is None or w.size != 2:
        return None, _wrong(f"Wrong: the first value `{name}` returns, w, should hold 2 weights (one per "
                            f"input); it is {format_value(value[0])}.")
    if b is None or b.size != 1:
        return None, _wrong(f"Wrong: the second value `{name}` returns, b, should be one number (the "
                            f"bias); it is {format_value(value[1])}.")
    if not (_finite(w) and _finite(b)):
        return None, _wrong(f"Wrong: `{name}` returned w = {format_value(w)}, b = {format_value(b[0])}: "
                            f"they must be finite numbers (no NaN or inf).")
    try:  # the shapes the chapter's own neuron takes, so that neuron(X, *nor_weights()) works
        xor.neuron(xor.XOR_INPUTS, value[0], value[1])
    except ValueError as error:
        return None, _wrong(f"Wrong: the chapter's `neuron` cannot use what `{name}` returns: {error}.",
                            hints=["`neuron` computes X·w + b with X of shape (4 × 2), one row per input pair: "
                                   "w is 2 numbers, flat `(2,)` or a column `(2, 1)`. A row `(1, 2)` does not "
                                   "multiply X."])
    return (w, b[0]), None


def _judge_nor(ctx) -> Finding:
    name = "nor_weights"
    value = ctx.calls[0].value
    weights, failed = _nor_structure(value, name)
    if failed is not None:
        return failed
    w, b = weights
    z = xor.XOR_INPUTS @ w + b
    outputs = sigmoid(z)
    summary = f"w = {format_value(w)}, b = {format_value(b)}"
    if np.all(np.abs(outputs - NOR) <= TOLERANCE):
        return correct(f"`{name}` returns {summary}: σ(w₁x₁ + w₂x₂ + b) is within {TOLERANCE} of NOR at "
                       f"every corner.", rule="weights")
    gates = _gate_names(outputs)
    if gates:
        hint = _NOR_HINTS.get(gates[0], f"These weights compute {gates[0]}; NOR is 1 only at (0, 0).")
    elif np.array_equal(np.round(outputs), NOR):
        hint = ("The right pattern, but not sure enough: make |z| ≥ 5 at every corner (larger weights "
                "and bias, like the slides' ±20 and ±10).")
    else:
        hint = Hint("NOR is OR followed by NOT, and NOT flips the sign of z = w·x + b.",
                    "Start from the slides' OR neuron (20, 20, −10) and negate it.")
    return _wrong(f"Wrong: `{name}` returns {summary}; with them the neuron computes:",
                  *_corners_report(outputs, NOR, z), hints=[hint])


# --------------------------------------------------------------------------- 7.2: one descent step

_ROW_INTO_ENTRY = Hint("Your loop puts a whole row into one entry: the parameter can be 2-D (W1 is 2 × 2).",
                       "numpy's arithmetic works entry by entry on whole arrays of any shape; or build the "
                       "result with np.zeros_like(param) and loop over np.ndindex(param.shape).")


# --------------------------------------------------------------------------- 7.3: XNOR, two layers

_SHAPES = {"W1": (2, 2), "b1": (1, 2), "W2": (2, 1), "b2": (1, 1)}


def _xnor_structure(value, name):
    """The four parameters as arrays of their shapes, or (None, Feedback) naming what is wrong."""
    wanted = "a dict {'W1': (2 × 2), 'b1': (1 × 2), 'W2': (2 × 1), 'b2': (1 × 1)}"
    if value is None:
        return None, _wrong(f"Wrong: `{name}` returned None, not {wanted}.", hints=[RETURN_HINT])
    if not isinstance(value, dict):
        hint = ("Put the four arrays in a dict under their names: return {'W1': ..., 'b1': ..., "
                "'W2': ..., 'b2': ...}." if isinstance(value, (tuple, list)) else "")
        what = (f"{kind_of(value)} of {len(value)} values" if isinstance(value, (tuple, list))
                else f"{kind_of(value)}: {format_value(value)}")
        return None, _wrong(f"Wrong: `{name}` should return {wanted}; it returned {what}.", hints=[hint])
    missing = [key for key in _SHAPES if key not in value]
    if missing:
        near = [k for k in value if isinstance(k, str) and k.upper() in missing]
        return None, _wrong(f"Wrong: the dict `{name}` returns has the keys {', '.join(map(repr, value))} "
                            f"but no {', '.join(missing)}.",
                            hints=["Keys are case-sensitive: 'W1', not 'w1'." if near else ""])
    params = {}
    for key, shape in _SHAPES.items():
        numbers, size = _numbers(value[key]), shape[0] * shape[1]
        if numbers is None or numbers.size != size:
            return None, _wrong(f"Wrong: {key} should hold {size} number{'s' if size > 1 else ''} (shape "
                                f"{shape}); `{name}` gives {format_value(value[key], shape=True)}.")
        if key == "W1" and np.shape(value[key]) != (2, 2):
            return None, _wrong(f"Wrong: W1 must be a 2 × 2 matrix (row i for input x_i, column j for "
                                f"hidden neuron j); `{name}` gives shape {np.shape(value[key])}.")
        layout = np.shape(value[key]) if isinstance(value[key], np.ndarray) else None
        if key != "W1" and layout is not None and len(layout) >= 2 and layout != shape:
            return None, _wrong(f"Wrong: {key} has shape {layout}; the chapter's network (xor.check_params, "
                                f"xor.forward) needs shape {shape}: entry j of b1 and row j of W2 belong to "
                                f"hidden neuron j. Give it shape {shape}, or a flat list of its numbers.")
        if not _finite(numbers):
            return None, _wrong(f"Wrong: {key} = {format_value(value[key])} holds NaN or inf; every "
                                f"weight and bias must be a finite number.")
        params[key] = numbers.reshape(shape)
    return params, None


def _network(params):
    hidden = sigmoid(xor.XOR_INPUTS @ params["W1"] + params["b1"])
    return hidden, sigmoid(hidden @ params["W2"] + params["b2"]).ravel()


def _correct_network(params) -> bool:
    return bool(np.all(np.abs(_network(params)[1] - XNOR) <= TOLERANCE))


def _xnor_hints(params, hidden, outputs) -> list:
    hidden_gates = sorted((_gate_names(hidden[:, j]) or ["?"])[0] for j in range(2))
    output_gates = _gate_names(outputs)
    if output_gates == ["XOR"]:
        return ["This network computes XOR, not XNOR: the output must be 1 where the inputs are equal."]
    if _correct_network({**params, "W1": params["W1"].T}):
        return ["With W1 transposed this network would be right: column j of W1 holds the two weights "
                "INTO hidden neuron j (row i belongs to input x_i)."]
    if hidden_gates == ["AND", "NOR"]:
        return [Hint("The hidden neurons compute AND and NOR, as they should; the output neuron must answer 1 "
                     "when either of them is 1.", "An OR neuron, like the slides' (20, 20, −10).")]
    if np.array_equal(np.round(outputs), XNOR):
        return ["The right pattern, but not sure enough: make |z| ≥ 5 for every neuron at every corner "
                "(weights like the slides' ±20)."]
    return [Hint("One hidden neuron for 'both inputs are 1', one for 'both are 0'; the output combines them.",
                 "XNOR = OR(AND(x1, x2), NOR(x1, x2)): an AND neuron, a NOR neuron (exercise 7.1), and an OR "
                 "neuron on top.")]


def _judge_xnor(ctx) -> Finding:
    name = "xnor_params"
    value = ctx.calls[0].value
    params, failed = _xnor_structure(value, name)
    if failed is not None:
        return failed
    hidden, outputs = _network(params)
    if np.all(np.abs(outputs - XNOR) <= TOLERANCE):
        return correct(f"`{name}` gives a network within {TOLERANCE} of XNOR at every corner.", rule="weights")
    lines = _corners_report(outputs, XNOR)
    for j in range(2):
        gates = _gate_names(hidden[:, j])
        what = f"computes {gates[0]}" if gates else f"outputs {format_value(hidden[:, j])} (no gate)"
        lines.append(wrap(f"  hidden neuron {j + 1} (column {j + 1} of W1, entry {j + 1} of b1) {what}"))
    return _wrong(f"Wrong: the network `{name}` returns does not compute XNOR (1 where x1 = x2):", *lines,
                  hints=_xnor_hints(params, hidden, outputs))


EXERCISES = [
    Exercise(number="7.1", function="nor_weights", judge_value=_judge_nor),
    Exercise(number="7.2", function="gradient_descent_step", parameters=("param", "grad", "learning_rate"),
             forbidden=(Forbid("descent_step", ((xor, "descent_step"),),
                               "write the update yourself, do not call lecture_lib's descent_step"),),
             error_hints={"setting an array element": _ROW_INTO_ENTRY},
             more_hint=Hint("Step against the gradient, scaled by the learning rate, into a new array.",
                            "θ − η·∂L/∂θ: the parameter minus the learning rate times the gradient.")),
    Exercise(number="7.3", function="xnor_params", judge_value=_judge_xnor, uses=("7.1",)),
]
