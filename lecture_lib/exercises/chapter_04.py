"""Chapter 4 (Functions with multiple inputs): references, inputs and known mistakes."""
from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np

import lecture_lib

from .. import multi_input
from ..functions import sigmoid, sigmoid_deriv
from ..multi_input import multiple_inputs_multiply_backward
from . import Exercise, Feedback, Forbid
from .engine import as_numeric, close, difference, hint_line, run
from .chapter_03 import NO_DERIV, refine, with_near_miss, wrapped


def _pairs():
    return [
        (np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -1.0])),
        (np.array(3.0), np.array(1.0)),
        (-0.5, 2.0),
        (np.array([[0.2, -0.4], [1.0, 3.0]]), np.array([[1.0, 0.5], [-2.0, 0.0]])),
        (np.array([-400.0, 400.0, 0.25]), np.array([400.0, -400.0, 0.25])),
    ]


def _f(x, y):
    return np.asarray(x, float), np.asarray(y, float)


def _subtract(x, y):
    x, y = _f(x, y)
    s = sigmoid_deriv(x - y)
    return s, -s


def _product(x, y):
    x, y = _f(x, y)
    s = sigmoid_deriv(x * y)
    return s * y, s * x


def _matrix_product(x, y):
    x, y = _f(x, y)
    s = sigmoid_deriv(np.dot(x, y))
    return s * y, s * x


def _backward(name):
    return Forbid(name, ((multi_input, name), (lecture_lib, name)),
                  f"use only sigmoid_deriv and arithmetic, not {name}")


EXERCISE_4_1 = Exercise(
    number="4.1",
    function="subtract_backward",
    parameters=("x", "y"),
    reference=_subtract,
    inputs=_pairs,
    rtol=1e-9,
    forbidden=(NO_DERIV,),
    mistakes={
        "∂f/∂y has the wrong sign: y enters x − y with a minus, so its inner slope is −1 (this "
        "returns σ'(x − y) twice, as for x + y).":
            lambda x, y: (_subtract(x, y)[0], _subtract(x, y)[0]),
        "You used σ(x − y) where its slope σ'(x − y) belongs.":
            lambda x, y: (sigmoid(_f(x, y)[0] - _f(x, y)[1]), -sigmoid(_f(x, y)[0] - _f(x, y)[1])),
        "σ' must be evaluated at x − y, the value that went into σ in the forward pass, not at x + y.":
            lambda x, y: (sigmoid_deriv(_f(x, y)[0] + y), -sigmoid_deriv(_f(x, y)[0] + y)),
        "The pair is the wrong way round (or both signs are flipped): the first value is ∂f/∂x, "
        "and x enters x − y with inner slope +1, y with −1.":
            lambda x, y: tuple(reversed(_subtract(x, y))),
        "The outer slope σ'(x − y) is missing: the chain rule multiplies it by the inner slopes.":
            lambda x, y: (np.ones_like(_f(x, y)[0]), -np.ones_like(_f(x, y)[0])),
        "The outer slope is evaluated at x (or y) alone: σ' belongs at x − y.":
            lambda x, y: (sigmoid_deriv(_f(x, y)[0]), -sigmoid_deriv(_f(x, y)[1])),
    },
    more_hint="Nudge x alone, then y alone: how does x − y move? Multiply that by σ'(x − y).",
)

EXERCISE_4_2 = Exercise(
    number="4.2",
    function="product_backward",
    parameters=("x", "y"),
    reference=lambda x, y: multiple_inputs_multiply_backward(*_f(x, y), sigmoid),
    inputs=lambda: [(np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -3.0])), (np.array(-2.0), np.array(0.75)),
                    (1.5, -0.5), (np.array([[0.1, 2.0], [-1.0, 0.4]]), np.array([[3.0, -0.2], [0.5, 1.0]])),
                    (np.array([-40.0, 30.0, 0.5]), np.array([30.0, 40.0, 0.5]))],
    rtol=1e-9,
    forbidden=(_backward("multiple_inputs_multiply_backward"), NO_DERIV),
    mistakes={
        "x and y are swapped: the slope with respect to x is the OTHER input (∂(xy)/∂x = y).":
            lambda x, y: tuple(reversed(_product(x, y))),
        "The outer slope σ'(x·y) is missing: the chain rule multiplies it by the inner slope.":
            lambda x, y: (np.asarray(y, float), np.asarray(x, float)),
        "σ' is evaluated at the wrong point: it belongs at x·y, the value that went into σ.":
            lambda x, y: (sigmoid_deriv(_f(x, y)[0]) * y, sigmoid_deriv(_f(x, y)[1]) * x),
        "You used σ(x·y) where its slope σ'(x·y) belongs.":
            lambda x, y: (sigmoid(_f(x, y)[0] * y) * y, sigmoid(_f(x, y)[0] * y) * x),
        "This is the backward pass of σ(x + y): for a product the inner slopes are not 1.":
            lambda x, y: (sigmoid_deriv(_f(x, y)[0] * y),) * 2,
        "σ' is evaluated at x + y; the forward pass computed x·y.":
            lambda x, y: (sigmoid_deriv(_f(x, y)[0] + y) * y, sigmoid_deriv(_f(x, y)[0] + y) * x),
        "x @ y (np.dot) is a dot or matrix product; the product here is elementwise, x * y.":
            _matrix_product,
        "Each input's inner slope is the other input, not itself: ∂(xy)/∂x is not x.":
            lambda x, y: (sigmoid_deriv(_f(x, y)[0] * y) * x, sigmoid_deriv(_f(x, y)[0] * y) * y),
    },
    more_hint="∂(x·y)/∂x is the other input; multiply each inner slope by σ'(x·y).",
)

ELEMENTWISE = ("Here the product is elementwise: x * y multiplies entry by entry, for numbers and "
               "arrays of any shape (`@` and np.dot are matrix products).")


def elementwise_hint(exercise: Exercise) -> Exercise:
    """``exercise`` whose feedback on a failed matrix product (``@``) says the product is elementwise."""
    def judge(func):
        feedback = exercise.check(func)
        if feedback.status == "wrong" and "matmul" in feedback.message:
            lines = feedback.message.split("\n")  # its hint about matrix shapes does not apply
            at = next((i for i, line in enumerate(lines) if line.startswith("Hint:")), len(lines))
            return Feedback("wrong", "\n".join(lines[:at] + [hint_line(ELEMENTWISE)]))
        return feedback

    return replace(exercise, judge=judge)


def _first_difference(func, plain):
    """'in value k: largest difference ...' for the first input and pair member that differ."""
    for args in plain.inputs():
        got = run(func, args, names=plain.parameters).value
        expected = plain.reference(*copy.deepcopy(args))
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return None
        for k, (member, wanted) in enumerate(zip(got, expected), start=1):
            val, exp = as_numeric(member), as_numeric(wanted)
            if val is None or val.shape != exp.shape:
                return None
            if not close(member, wanted, plain.rtol, plain.atol):
                return difference(val, exp).replace("largest difference", f"value {k}: largest difference", 1)
    return None


def _pair_difference(func, feedback, plain):
    """Show where the pair differs when got and expected print alike (4 digits hide it)."""
    if "largest difference" in feedback.message:
        return None
    where = _first_difference(func, plain)
    if where is None:
        return None
    lines = feedback.message.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("Hint:")), len(lines))
    return Feedback("wrong", "\n".join(lines[:at] + [where] + lines[at:]))


def for_pairs(exercise: Exercise) -> Exercise:
    return wrapped(elementwise_hint(with_near_miss(refine(exercise, _pair_difference))))


EXERCISES = [for_pairs(EXERCISE_4_1), for_pairs(EXERCISE_4_2)]
