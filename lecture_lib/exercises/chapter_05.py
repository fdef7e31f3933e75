"""Chapter 5 (Functions with multiple vector inputs): references, inputs and known mistakes.

Besides the engine's checks, two hints are added here for gradient exercises (chapter 6
uses them too): an answer that is right for the chapter's shapes and breaks or goes wrong
for others has a size written into it; an answer that is off the way a one-sided
difference is was computed by nudging, not by the chain rule.
"""
from __future__ import annotations

import copy
import dataclasses
import warnings
from typing import Callable

import numpy as np

import lecture_lib

from .. import matrix
from ..functions import sigmoid, sigmoid_deriv
from ..matrix import matmul_backward_second, matrix_forward_extra, numerical_gradient
from . import Exercise, Feedback, Forbid
from .engine import close, format_number, hint_line, run

NUMERICAL = Forbid("numerical_gradient", ((matrix, "numerical_gradient"), (lecture_lib, "numerical_gradient")),
                   "use the chain rule; numerical_gradient (nudging) is how the check computes its answer")


def _shapes(args) -> str:
    return " and ".join(f"{name} ({' × '.join(map(str, np.shape(a)))})" for name, a in zip(("X", "W"), args))


def _size_hint(func, exercise) -> str | None:
    """A hint when the answer is right for the chapter's shapes (the first input) and fails for others."""
    right, failed = [], []
    inputs = exercise.inputs()
    first = inputs[0]
    for args in inputs:
        outcome = run(func, args, names=exercise.parameters, time_limit=1.0)
        if outcome.error and "did not finish" in outcome.error:
            return None
        ok = outcome.error is None and close(outcome.value, exercise.reference(*copy.deepcopy(args)),
                                             exercise.rtol, exercise.atol)
        (right if ok else failed).append(args)
    if not failed or not right or right[0] is not first:
        return None
    return (f"Your function is right for {_shapes(right[0])} but not for {_shapes(failed[0])}: is a "
            f"size written into your code (np.ones((3, 2)), range(3), X[0, 2])? Take every size from the "
            f"arrays themselves (X.shape, np.ones_like(N)).")


def _difference_hint(func, exercise, scalar: Callable) -> str | None:
    """A hint when the answer's error has the pattern of a one-sided difference of step Δ.

    ``scalar(args)`` gives (f, index): the number the gradient is of, as a function of the
    argument ``args[index]``. A forward difference is off by about (Δ/2)·f'' per entry, so the
    answer's error is then a multiple of the error of a forward difference with a known step.
    """
    errors, probes = [], []
    step = 1e-3
    for args in exercise.inputs():
        outcome = run(func, args, names=exercise.parameters, time_limit=1.0)
        exact = np.asarray(exercise.reference(*copy.deepcopy(args)), dtype=float)
        try:
            got = np.asarray(outcome.value, dtype=float)
        except (TypeError, ValueError):
            return None
        if outcome.error or got.shape != exact.shape:
            return None
        f, index = scalar(args)
        base = np.asarray(args[index], dtype=float)
        forward = np.zeros_like(base)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for entry in np.ndindex(base.shape):
                nudged = base.copy()
                nudged[entry] += step
                forward[entry] = (f(nudged) - f(base)) / step
        errors.append((got - exact).ravel())
        probes.append((forward - exact).ravel())
    error, probe = np.concatenate(errors), np.concatenate(probes)
    if not np.any(error) or not np.any(probe):
        return None
    ratio = float(error @ probe / (probe @ probe))
    if np.linalg.norm(error - ratio * probe) > 0.05 * np.linalg.norm(error) or not 1e-5 < abs(ratio) < 300:
        return None
    v = exercise.parameters[index]
    side = (f"forward, (f({v} + Δ) − f({v})) / Δ" if ratio > 0 else f"backward, (f({v}) − f({v} − Δ)) / Δ")
    return (f"Your result is off the way a one-sided ({side}) difference with Δ ≈ "
            f"{format_number(abs(ratio) * step)} is. A difference quotient only approximates the slope; "
            f"the task asks for the exact gradient by the chain rule, which needs no Δ.")


def judged(exercise: Exercise, scalar: Callable | None = None) -> Exercise:
    """``exercise`` checked as usual, with the size and difference hints added to a "Wrong"."""
    plain = dataclasses.replace(exercise, judge=None)

    def judge(func) -> Feedback:
        feedback = plain.check(func)
        if feedback.status != "wrong" or "did not finish" in feedback.message:
            return feedback
        generic = feedback.message.count("Hint:") == (plain.more_hint is not None
                                                      and hint_line(plain.more_hint) in feedback.message)
        raised = " raised " in feedback.message.splitlines()[0]
        extra = _size_hint(func, plain) if generic or raised else None
        if extra is None and scalar is not None and generic:
            extra = _difference_hint(func, plain, scalar)
        if extra is None or extra in feedback.message:
            return feedback
        lines = feedback.message.split("\n")
        first_hint = next((i for i, line in enumerate(lines) if line.startswith("Hint:")), len(lines))
        return Feedback("wrong", "\n".join(lines[:first_hint] + [hint_line(extra)] + lines[first_hint:]))

    return dataclasses.replace(exercise, judge=judge)


def _row_and_column():
    rng = np.random.default_rng(5)
    return [
        (np.array([[0.5, -1.0, 2.0]]), np.array([[0.8], [0.3], [-0.4]])),
        (rng.normal(size=(1, 4)), rng.normal(size=(4, 1))),
        (np.array([[1.5, -0.5]]), np.array([[2.0], [1.0]])),
        (rng.normal(size=(1, 1)), rng.normal(size=(1, 1))),
        (np.array([[3.0, 1.0, -2.0, 0.5, 1.0]]), np.array([[-0.2], [0.7], [0.1], [-1.3], [0.4]])),
    ]


def _neuron_grad(X, W):
    # Independent of the chain rule: nudge each weight both ways (central differences).
    return numerical_gradient(lambda W_: matrix_forward_extra(X, W_, sigmoid).item(), W)


def _neuron_of_W(args):
    X, W = args
    return (lambda W_: float(sigmoid(X @ W_).item())), 1


EXERCISES = [
    judged(Exercise(
        number="5.1",
        function="weighted_sum_grad_W",
        parameters=("X", "W"),
        reference=matmul_backward_second,
        inputs=_row_and_column,
        forbidden=(Forbid("matmul_backward_second", ((matrix, "matmul_backward_second"),
                                                     (lecture_lib, "matmul_backward_second")),
                          "write it yourself, without calling lecture_lib's matmul_backward_second"),),
        mistakes={
            "You returned the row X: the gradient must have the shape of W, a column, so it is Xᵀ.":
                lambda X, W: X,
            "You returned the weights: ∂N/∂w_i is the input x_i that w_i multiplies, not w_i itself.":
                lambda X, W: W,
            "You returned Wᵀ, which is ∂N/∂X; the gradient with respect to W holds the inputs, Xᵀ.":
                lambda X, W: W.T,
            "You returned N = X·W itself (one number); the gradient holds one slope per weight.":
                lambda X, W: X @ W,
            "X * W is an elementwise (broadcast) product, an n × n table; ∂N/∂W is simply Xᵀ.":
                lambda X, W: X * W,
            "You returned a column of ones: ∂N/∂w_i is x_i, not 1.": lambda X, W: np.ones_like(W),
            "The sign is flipped: N grows by x_i·Δ when w_i grows by Δ, so ∂N/∂w_i = +x_i.":
                lambda X, W: -X.T,
            "You returned the terms x_i·w_i of the sum; the slope of x_i·w_i with respect to w_i is x_i.":
                lambda X, W: X.T * W,
            "You returned a column of the sum x₁ + … + xₙ; each weight's slope is its own input x_i.":
                lambda X, W: np.full_like(W, np.sum(X)),
        },
        more_hint="∂N/∂w_i = x_i, arranged like W (a column): Xᵀ.",
    )),
    judged(Exercise(
        number="5.2",
        function="neuron_grad_W",
        parameters=("X", "W"),
        reference=_neuron_grad,
        inputs=_row_and_column,
        uses=("5.1",),
        atol=1e-8,
        forbidden=(NUMERICAL,
                   Forbid("matrix_function_backward_sum_2",
                          ((matrix, "matrix_function_backward_sum_2"),
                           (lecture_lib, "matrix_function_backward_sum_2")),
                          "write the chain rule yourself, without lecture_lib's backward functions")),
        mistakes={
            "X * W is an elementwise (broadcast) product, here an n × n table; the weighted sum is the matrix "
            "product X @ W.": lambda X, W: sigmoid_deriv(X * W) * X.T,
            "The gradient is a row: it must have the shape of W, a column (use X.T, not X).":
                lambda X, W: sigmoid_deriv(X @ W) * X,
            "σ'(N) is missing: the chain rule multiplies ∂N/∂W = Xᵀ by the slope of σ at N.":
                lambda X, W: X.T,
            "You used σ(N) where its slope σ'(N) belongs.": lambda X, W: sigmoid(X @ W) * X.T,
            "σ' is evaluated at the weights, not at N = X·W, the value that went into σ.":
                lambda X, W: sigmoid_deriv(W) * X.T,
            "This multiplies by W: ∂N/∂W is Xᵀ (the inputs), not W.": lambda X, W: sigmoid_deriv(X @ W) * W,
            "σ' is evaluated at S = σ(N); it belongs at N, the value that went into σ.":
                lambda X, W: sigmoid_deriv(sigmoid(X @ W)) * X.T,
            "This is ∂S/∂X = σ'(N)·Wᵀ, the gradient with respect to the inputs; the task asks for the weights: "
            "σ'(N)·Xᵀ.": lambda X, W: sigmoid_deriv(X @ W) * W.T,
            "σ'(N) is written σ(N)·(1 + σ(N)): the sigmoid's slope is σ(N)·(1 − σ(N)).":
                lambda X, W: sigmoid(X @ W) * (1 + sigmoid(X @ W)) * X.T,
        },
        more_hint="N = X @ W, then σ'(N) times Xᵀ (the answer to 5.1).",
    ), scalar=_neuron_of_W),
]
