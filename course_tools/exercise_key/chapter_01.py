"""Chapter 1 (Functions): the exercises' references, inputs (public and hidden) and known mistakes."""
from __future__ import annotations

import numpy as np

from lecture_lib.functions import leaky_relu, sigmoid, sigmoid_deriv

from . import ExerciseKey, floats, integers, same_shape_and_sum

SAMPLE = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])


def _f(x):
    return np.asarray(x, dtype=float)


def _tanh_inputs():
    return [(SAMPLE.copy(),), (np.array([-1000.0, -40.0, 40.0, 1000.0]),), (0.3,), (-1.7,),
            (np.array([[0.1, -3.0], [2.5, 0.0]]),), (1,), (np.array([2, -1, 0]),),
            (np.array([0.25, -1.5, 0.75]),), (np.array([-1.5, 0.75, 0.25]),)]


def _tanh_deriv_inputs():
    return [(SAMPLE.copy(),), (np.array([-30.0, 30.0]),), (0.7,), (np.array([[0.2], [-1.5]]),), (1,),
            (np.array([3, -1]),), (np.array([0.4, -2.2, 5.0]),), (np.array([-2.2, 5.0, 0.4]),)]


def _leaky_inputs():
    # Every slope the task allows: the lecture's 0.2, tiny, 0 (ReLU), 1 (identity), above 1;
    # numbers, 1-D and 2-D arrays, integers; inputs on both sides of 0 and at 0.
    return [(SAMPLE.copy(), 0.2), (np.array([-3.0, 1.0]), 0.01), (np.array([-1.0, 2.0, -0.5]), 1.5),
            (-2.0, 0.3), (3.0, 0.7), (np.array([[-1.0, 4.0], [0.0, -2.0]]), 0.0),
            (np.array([[-0.4, 0.6, -8.0]]), 1.0), (np.array([-2.0, 0.0, 5.0]), 3.0), (-3, 2),
            (np.array([-4, 1, 0]), 0.5), (np.array([2.0, -1.0, -1.0]), 0.25), (np.array([-1.0, 2.0, -1.0]), 0.25)]


def _reference_leaky(x, slope):
    x = _f(x)
    return np.where(x >= 0, x, slope * x)


def _hidden_x(rng, scale=3.0):
    return [floats(rng, (), scale), floats(rng, (4,), scale), floats(rng, (2, 3), scale), integers(rng, ()),
            integers(rng, (3,)), *same_shape_and_sum(rng, (3,), scale)]


KEYS = [
    ExerciseKey(
        number="1.1",
        reference=lambda x: np.tanh(_f(x)),
        inputs=_tanh_inputs,
        hidden=lambda rng: [(x,) for x in _hidden_x(rng)] + [(np.array([-800.0, 750.0]),)],
        mistakes={
            ("This is sigmoid(2x) without the '2· ... − 1'.", "tanh = 2·sigmoid(2x) − 1."):
                lambda x: sigmoid(2 * _f(x)),
            ("This is 2·sigmoid(x) − 1: the sigmoid's argument must be 2x.", None):
                lambda x: 2 * sigmoid(_f(x)) - 1,
            ("This is 2·sigmoid(x/2) − 1: the sigmoid's argument is 2x (twice x, not half).", None):
                lambda x: 2 * sigmoid(_f(x) / 2) - 1,
            ("This is 2·sigmoid(2x) + 1: the identity subtracts 1.", None):
                lambda x: 2 * sigmoid(2 * _f(x)) + 1,
            ("This is sigmoid(2x) − 1: the sigmoid must be doubled.", "2·sigmoid(2x) − 1."):
                lambda x: sigmoid(2 * _f(x)) - 1,
            ("This is 1 − 2·sigmoid(2x) (or 2·sigmoid(−2x) − 1, the same), which is −tanh(x).",
             "The identity is 2·sigmoid(2x) − 1."):
                lambda x: 1 - 2 * sigmoid(2 * _f(x)),
            ("This is 2·sigmoid(2x − 1): the − 1 belongs outside the sigmoid.", None):
                lambda x: 2 * sigmoid(2 * _f(x) - 1),
        },
    ),
    ExerciseKey(
        number="1.2",
        reference=lambda x: 1 - np.tanh(_f(x)) ** 2,
        inputs=_tanh_deriv_inputs,
        hidden=lambda rng: [(x,) for x in _hidden_x(rng)],
        mistakes={
            ("This is 1 − tanh(x): the tanh must be squared.", None): lambda x: 1 - np.tanh(x),
            ("This is tanh(x)·(1 − tanh(x)), the pattern of the sigmoid's derivative; tanh's is different.",
             "tanh'(x) = 1 − tanh(x)²."):
                lambda x: np.tanh(x) * (1 - np.tanh(x)),
            ("This is tanh(x)² − 1: the sign is flipped.", None): lambda x: np.tanh(x) ** 2 - 1,
            ("This is 1 − tanh(x²): square the tanh, not x.", None): lambda x: 1 - np.tanh(_f(x) ** 2),
            ("This is 1 − 2·tanh(x): the square of tanh(x) is tanh(x)·tanh(x), not 2·tanh(x).", None):
                lambda x: 1 - 2 * np.tanh(x),
            ("This is (1 − tanh(x))²: square tanh(x) first, then subtract it from 1.", None):
                lambda x: (1 - np.tanh(x)) ** 2,
            ("This is tanh(x)², without the '1 −'.", None):
                lambda x: np.tanh(x) ** 2,
            ("This is −2·tanh(x)·(1 − tanh(x)²), the SECOND derivative of tanh; the task asks for the first.",
             None):
                lambda x: -2 * np.tanh(x) * (1 - np.tanh(x) ** 2),
            ("This is the sigmoid's derivative σ(x)(1 − σ(x)); tanh's is different.", "It is 1 − tanh(x)²."):
                lambda x: sigmoid_deriv(x),
            ("This is 2·σ'(2x): the inner 2x gives one more factor 2 (the chain rule of chapter 3).",
             "tanh'(x) = 4·σ'(2x) = 1 − tanh(x)²."):
                lambda x: 2 * sigmoid_deriv(2 * _f(x)),
        },
    ),
    ExerciseKey(
        number="1.3",
        reference=_reference_leaky,
        inputs=_leaky_inputs,
        hidden=lambda rng: [(x, s) for x, s in zip(_hidden_x(rng), (0.1, 2.5, 0.0, 3, 1.0, 0.4, 0.4))],
        mistakes={
            ("This ignores the slope argument and always uses the lecture's 0.2: use `slope`.", None):
                lambda x, slope: leaky_relu(x),
            ("max(slope·x, x) equals leaky ReLU only for slopes up to 1; with slope 1.5 it picks slope·x "
             "for positive x.", "Choose by the sign of x instead."):
                lambda x, slope: np.maximum(slope * _f(x), x),
            ("The slope is applied to the positive side: it belongs to x < 0.", None):
                lambda x, slope: np.where(_f(x) >= 0, slope * _f(x), x),
            ("This is ReLU, max(x, 0): negative inputs must not give 0.", "They give slope·x."):
                lambda x, slope: np.maximum(_f(x), 0.0),
            ("Negative inputs give the slope itself; they must give a multiple of x.", "slope·x."):
                lambda x, slope: np.where(_f(x) >= 0, _f(x), slope),
            ("min(slope·x, x) picks the wrong side: choose by the sign of x.", None):
                lambda x, slope: np.minimum(slope * _f(x), x),
            ("Negative inputs give −slope·x (a positive number); leaky ReLU keeps them negative.",
             "They give slope·x."):
                lambda x, slope: np.where(_f(x) >= 0, _f(x), -slope * _f(x)),
            ("Every input is multiplied by the slope; positive inputs must pass unchanged.", None):
                lambda x, slope: slope * _f(x),
            ("Negative inputs give x + slope; they must give a product.", "slope·x."):
                lambda x, slope: np.where(_f(x) >= 0, _f(x), _f(x) + slope),
        },
    ),
]
