"""Chapter 6 (A computational graph with two matrix inputs): the exercises' public rules (no answers here)."""
from __future__ import annotations

import lecture_lib

from .. import matrix
from .registry import Exercise
from .rules import Forbid
from .engine import Hint
from .chapter_05 import NUMERICAL, difference_hint, size_hint

BACKWARD = Forbid(
    "lecture_lib's backward functions",
    tuple((module, name) for module in (matrix, lecture_lib)
          for name in ("matrix_function_backward_sum_1", "matrix_function_backward_sum_2",
                       "matrix_function_backward_sum_dLdN")),
    "work step by step, without calling lecture_lib's matrix_function_backward_sum_1/_2")

EXERCISES = [
    Exercise(
        number="6.1",
        function="sum_sigmoid_grad_W",
        parameters=("X", "W"),
        rtol=1e-12,
        atol=1e-14,
        forbidden=(BACKWARD, NUMERICAL),
        hint_rules=(size_hint, difference_hint),
        more_hint=Hint("Step back one at a time: dL/dS, dL/dN, then dL/dW, which has W's shape.",
                       "N = X @ W; dL/dN = σ'(N) (dL/dS is all ones); dL/dW = Xᵀ @ dL/dN."),
    ),
    Exercise(
        number="6.2",
        function="squared_sum_grad_X",
        parameters=("X", "W"),
        rtol=1e-12,
        atol=1e-14,
        forbidden=(NUMERICAL,),
        hint_rules=(size_hint, difference_hint),
        more_hint=Hint("Only dL/dS changes from the chapter's example: differentiate s² with respect to s.",
                       "dL/dS = 2S, dL/dN = 2S ⊙ σ'(N), dL/dX = (dL/dN) @ Wᵀ."),
    ),
]
