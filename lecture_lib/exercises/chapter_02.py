"""Chapter 2 (Derivatives): the exercises' public rules (their answers are not here: see the package's docstring)."""
from __future__ import annotations

import lecture_lib

from .. import calculus
from .registry import Exercise
from .rules import Forbid
from .engine import Hint

_NO_DERIV = Forbid("deriv", ((calculus, "deriv"), (lecture_lib, "deriv")),
                   "write the central difference yourself, without calling lecture_lib's deriv")

EXERCISES = [
    Exercise(
        number="2.1",
        function="forward_diff",
        parameters=("func", "x", "delta"),
        defaults={"delta": 0.001},
        more_hint=Hint("Evaluate func twice, and divide by the delta the caller passes.",
                       "(func(x + delta) − func(x)) / delta."),
    ),
    Exercise(
        number="2.2",
        function="central_diff",
        parameters=("func", "x", "delta"),
        defaults={"delta": 0.001},
        forbidden=(_NO_DERIV,),
        more_hint=Hint("Evaluate func on both sides of x; how far apart are the two points?",
                       "(func(x + delta) − func(x − delta)) / (2·delta)."),
    ),
    Exercise(
        number="2.3",
        function="tangent_line",
        parameters=("func", "a", "x"),
        uses=("2.1", "2.2"),
        more_hint=Hint("A line through the point (a, f(a)) whose slope is the derivative at a.",
                       "y = f(a) + f'(a)·(x − a), with f'(a) = deriv(func, a)."),
    ),
]
