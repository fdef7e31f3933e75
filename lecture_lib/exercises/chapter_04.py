"""Chapter 4 (Functions with multiple inputs): the exercises' public rules (no answers here)."""
from __future__ import annotations

import lecture_lib

from .. import multi_input
from .registry import Exercise
from .rules import Forbid
from .engine import Hint
from .chapter_03 import NO_DERIV
from .judging import near_miss

ELEMENTWISE = Hint("Here the product is elementwise: x * y multiplies entry by entry, for numbers and arrays of "
                   "any shape (`@` and np.dot are matrix products).")


def _backward(name):
    return Forbid(name, ((multi_input, name), (lecture_lib, name)),
                  f"use only sigmoid_deriv and arithmetic, not {name}")


EXERCISES = [
    Exercise(
        number="4.1",
        function="subtract_backward",
        parameters=("x", "y"),
        rtol=1e-12,
        atol=1e-15,
        forbidden=(NO_DERIV,),
        hint_rules=(near_miss,),
        error_hints={"matmul": ELEMENTWISE},
        more_hint=Hint("Nudge x alone, then y alone: how does x − y move? Then the chain rule.",
                       "Multiply each inner slope (+1 for x, −1 for y) by σ'(x − y)."),
    ),
    Exercise(
        number="4.2",
        function="product_backward",
        parameters=("x", "y"),
        rtol=1e-12,
        atol=1e-15,
        forbidden=(_backward("multiple_inputs_multiply_backward"), NO_DERIV),
        hint_rules=(near_miss,),
        error_hints={"matmul": ELEMENTWISE},
        more_hint=Hint("When x alone grows by a little, by how much does x·y grow? Then the chain rule.",
                       "∂(x·y)/∂x is the other input; multiply each inner slope by σ'(x·y)."),
    ),
]
