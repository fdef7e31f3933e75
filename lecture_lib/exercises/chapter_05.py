"""Chapter 5 (Functions with multiple vector inputs): the exercises' public rules (no answers here).

Besides the judge's rules, two hints for gradient exercises (chapter 6 uses them too): an answer
that is right for the chapter's shapes and breaks or goes wrong for others has a size written
into it; an answer that is off the way a one-sided difference is was computed by nudging, not
by the chain rule.
"""
from __future__ import annotations

import numpy as np

import lecture_lib

from .. import matrix
from .registry import Exercise
from .rules import Forbid
from .engine import Hint, close, format_number

NUMERICAL = Forbid("numerical_gradient", ((matrix, "numerical_gradient"), (lecture_lib, "numerical_gradient")),
                   "use the chain rule, not numerical_gradient (nudging)")


def _shapes(args) -> str:
    return " and ".join(f"{name} ({' × '.join(map(str, np.shape(a)))})" for name, a in zip(("X", "W"), args))


def size_hint(ctx, phase: str) -> Hint | None:
    """A hint when the answer is right for the chapter's shapes (the first input) and fails for others."""
    right, failed = [], []
    for index, (args, call) in enumerate(ctx.runs()):
        if call.timed_out:
            return None
        ok = call.error is None and close(call.value, ctx.key.expected[index], ctx.exercise.rtol,
                                          ctx.exercise.atol)
        (right if ok else failed).append(args)
    if not failed or not right or right[0] is not ctx.inputs[0]:
        return None
    same = [a for a in failed if [np.shape(v) for v in a] == [np.shape(v) for v in right[0]]]
    if same:
        return None  # wrong on the chapter's own shapes too: not a size written in
    return Hint(f"Your function is right for {_shapes(right[0])} but not for {_shapes(failed[0])}: is a size "
                f"written into your code (np.ones((3, 2)), range(3), X[0, 2])? Take every size from the arrays "
                f"themselves (X.shape, np.ones_like(N)).")


def difference_hint(ctx, phase: str) -> Hint | None:
    """A hint when the answer's error has the pattern of a one-sided difference of step Δ.

    ``ctx.key.probes[i]`` is a forward difference's error (step 1e-3) on input i; a forward
    difference of step Δ is off by about (Δ/2)·f'' per entry, so the answer's error is then a
    multiple of the probe's.
    """
    if phase != "values" or ctx.key.probes is None:
        return None
    errors, probes = [], []
    for index, (args, call) in enumerate(ctx.runs()):
        if any(np.asarray(a).dtype.kind in "iub" for a in args):
            continue  # (an answer may be wrong on integers for another reason: np.zeros_like(W) is an int array)
        exact = np.asarray(ctx.key.expected[index], dtype=float)
        try:
            got = np.asarray(call.value, dtype=float)
        except (TypeError, ValueError):
            return None
        probe = ctx.key.probes[index]
        if call.error or got.shape != exact.shape or probe is None:
            return None
        errors.append((got - exact).ravel())
        probes.append(np.asarray(probe, dtype=float).ravel())
    if not errors:
        return None
    error, probe = np.concatenate(errors), np.concatenate(probes)
    if not np.any(error) or not np.any(probe):
        return None
    ratio = float(error @ probe / (probe @ probe))
    if np.linalg.norm(error - ratio * probe) > 0.05 * np.linalg.norm(error) or not 1e-5 < abs(ratio) < 300:
        return None
    v = ctx.name.rsplit("_", 1)[-1]  # the gradient's variable: neuron_grad_W is a gradient with respect to W
    side = (f"forward, (f({v} + Δ) − f({v})) / Δ" if ratio > 0 else f"backward, (f({v}) − f({v} − Δ)) / Δ")
    return Hint(f"Your result is off the way a one-sided ({side}) difference with Δ ≈ "
                f"{format_number(abs(ratio) * 1e-3)} is. A difference quotient only approximates the slope; "
                f"the task asks for the exact gradient by the chain rule, which needs no Δ.")


EXERCISES = [
    Exercise(
        number="5.1",
        function="weighted_sum_grad_W",
        parameters=("X", "W"),
        rtol=1e-12,
        atol=1e-15,
        forbidden=(Forbid("matmul_backward_second", ((matrix, "matmul_backward_second"),
                                                     (lecture_lib, "matmul_backward_second")),
                          "write it yourself, without calling lecture_lib's matmul_backward_second"),),
        hint_rules=(size_hint,),
        more_hint=Hint("Which input does each weight multiply? The result has the shape of W.",
                       "∂N/∂w_i = x_i, arranged like W (a column): Xᵀ."),
    ),
    Exercise(
        number="5.2",
        function="neuron_grad_W",
        parameters=("X", "W"),
        uses=("5.1",),
        rtol=1e-12,
        atol=1e-15,
        forbidden=(NUMERICAL,
                   Forbid("matrix_function_backward_sum_2",
                          ((matrix, "matrix_function_backward_sum_2"),
                           (lecture_lib, "matrix_function_backward_sum_2")),
                          "write the chain rule yourself, without lecture_lib's backward functions")),
        hint_rules=(size_hint, difference_hint),
        more_hint=Hint("Forward to N first; then the slope of σ where the forward pass went, times your 5.1 "
                       "answer.", "N = X @ W, then σ'(N) times Xᵀ."),
    ),
]
