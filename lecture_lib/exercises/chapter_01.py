"""Chapter 1 (Functions): the exercises' references, inputs and known mistakes."""
from __future__ import annotations

import math

import numpy as np

from ..functions import leaky_relu, sigmoid
from . import Exercise, Forbid, NoWarnings

SAMPLE = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])


def _tanh_inputs():
    return [(SAMPLE.copy(),), (np.array([-1000.0, -40.0, 40.0, 1000.0]),), (0.3,),
            (np.array([[0.1, -3.0], [2.5, 0.0]]),)]


def _leaky_inputs():
    return [(SAMPLE.copy(), 0.2), (np.array([-3.0, 1.0]), 0.01), (np.array([-1.0, 2.0, -0.5]), 1.5),
            (-2.0, 0.3), (np.array([[-1.0, 4.0], [0.0, -2.0]]), 0.0)]


def _reference_leaky(x, slope):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, x, slope * x)


EXERCISES = [
    Exercise(
        number="1.1",
        function="tanh",
        parameters=("x",),
        reference=np.tanh,
        inputs=_tanh_inputs,
        forbidden=(Forbid("np.tanh", ((np, "tanh"), (math, "tanh")),
                          "use the identity with lecture_lib's sigmoid, do not call np.tanh"),),
        no_warnings=NoWarnings("it works for every input, including x = ±1000, without warnings"),
        mistakes={
            "This is sigmoid(2x) without the '2· ... − 1': tanh = 2·sigmoid(2x) − 1.":
                lambda x: sigmoid(2 * np.asarray(x, dtype=float)),
            "This is 2·sigmoid(x) − 1: the sigmoid's argument must be 2x.":
                lambda x: 2 * sigmoid(np.asarray(x, dtype=float)) - 1,
            "This is 2·sigmoid(2x) + 1: the identity subtracts 1.":
                lambda x: 2 * sigmoid(2 * np.asarray(x, dtype=float)) + 1,
            "This is sigmoid(2x) − 1: the sigmoid must be doubled, 2·sigmoid(2x) − 1.":
                lambda x: sigmoid(2 * np.asarray(x, dtype=float)) - 1,
            "This is 1 − 2·sigmoid(2x), which is −tanh(x): the order is 2·sigmoid(2x) − 1.":
                lambda x: 1 - 2 * sigmoid(2 * np.asarray(x, dtype=float)),
        },
        more_hint="Write the task's identity tanh(x) = 2·σ(2x) − 1 with `sigmoid` from lecture_lib.",
    ),
    Exercise(
        number="1.2",
        function="tanh_deriv",
        parameters=("x",),
        reference=lambda x: 1 - np.tanh(x) ** 2,
        inputs=lambda: [(SAMPLE.copy(),), (np.array([-30.0, 30.0]),), (0.7,), (np.array([[0.2], [-1.5]]),)],
        uses=("1.1",),
        mistakes={
            "This is 1 − tanh(x): the tanh must be squared.": lambda x: 1 - np.tanh(x),
            "This is tanh(x)·(1 − tanh(x)), the pattern of the sigmoid's derivative; tanh's is 1 − tanh(x)².":
                lambda x: np.tanh(x) * (1 - np.tanh(x)),
            "This is tanh(x)² − 1: the sign is flipped, it is 1 − tanh(x)².": lambda x: np.tanh(x) ** 2 - 1,
            "This is 1 − tanh(x²): square the tanh, not x.": lambda x: 1 - np.tanh(np.asarray(x, float) ** 2),
            "This is 1 − 2·tanh(x): the square of tanh(x) is tanh(x)·tanh(x), not 2·tanh(x).":
                lambda x: 1 - 2 * np.tanh(x),
            "This is the sigmoid's derivative σ(x)(1 − σ(x)); tanh's is 1 − tanh(x)².":
                lambda x: sigmoid(x) * (1 - sigmoid(x)),
        },
        more_hint="tanh'(x) = 1 − tanh(x)²: write it with your `tanh` (or lecture_lib's functions).",
    ),
    Exercise(
        number="1.3",
        function="leaky_relu_with_slope",
        parameters=("x", "slope"),
        reference=_reference_leaky,
        inputs=_leaky_inputs,
        mistakes={
            "This ignores the slope argument and always uses 0.2.": lambda x, slope: leaky_relu(x),
            "max(slope·x, x) equals leaky ReLU only for slopes up to 1; with slope 1.5 it picks slope·x "
            "for positive x. Choose by the sign of x instead.":
                lambda x, slope: np.maximum(slope * np.asarray(x, float), x),
            "The slope is applied to the positive side: it belongs to x < 0.":
                lambda x, slope: np.where(np.asarray(x) >= 0, slope * np.asarray(x, float), x),
            "This is ReLU, max(x, 0): negative inputs must give slope·x, not 0.":
                lambda x, slope: np.maximum(np.asarray(x, float), 0.0),
            "Negative inputs give the slope itself; they must give slope·x.":
                lambda x, slope: np.where(np.asarray(x) >= 0, np.asarray(x, float), slope),
            "min(slope·x, x) picks the wrong side: choose by the sign of x.":
                lambda x, slope: np.minimum(slope * np.asarray(x, float), x),
        },
        more_hint="x where x ≥ 0 and slope·x where x < 0: np.where chooses entry by entry.",
    ),
]
