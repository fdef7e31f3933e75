"""Chapter 1 (Functions): the exercises' public rules (their answers are not here: see the package's docstring)."""
from __future__ import annotations

import math

import numpy as np

import lecture_lib

from .. import calculus
from .registry import Exercise
from .rules import Forbid, NoWarnings
from .engine import Hint
from .judging import near_miss

_TANH_RULE = Forbid("np.tanh", ((np, "tanh"), (math, "tanh")),
                    "use the identity with lecture_lib's sigmoid, do not call np.tanh")
_NUMERICAL = Forbid("deriv", ((calculus, "deriv"), (lecture_lib, "deriv")),
                    "write the formula 1 − tanh(x)², not a numerical derivative (deriv)")

EXERCISES = [
    Exercise(
        number="1.1",
        function="tanh",
        parameters=("x",),
        forbidden=(_TANH_RULE,),
        no_warnings=NoWarnings("it works for every input, including x = ±1000, without warnings"),
        more_hint=Hint("Use the identity the task gives, with `sigmoid` from lecture_lib.",
                       "tanh(x) = 2·σ(2x) − 1."),
    ),
    Exercise(
        number="1.2",
        function="tanh_deriv",
        parameters=("x",),
        uses=("1.1",),
        forbidden=(_NUMERICAL,),
        rtol=1e-12,
        atol=1e-15,
        hint_rules=(near_miss,),
        more_hint=Hint("Write the derivative in terms of tanh itself (your `tanh` may help).",
                       "tanh'(x) = 1 − tanh(x)²."),
    ),
    Exercise(
        number="1.3",
        function="leaky_relu_with_slope",
        parameters=("x", "slope"),
        more_hint=Hint("Positive inputs pass unchanged; negative ones are scaled by `slope`: choose entry by "
                       "entry.", "x where x ≥ 0 and slope·x where x < 0: np.where(condition, a, b)."),
    ),
]
