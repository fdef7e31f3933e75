"""Chapter 3 (Nested functions and the chain rule): references, inputs and known mistakes.

Two refinements on top of :func:`check_function`, shared with chapter 4:

- :func:`with_near_miss`: a result within 0.1 % of the expected one everywhere, but not
  exact, is what a difference quotient gives; say so (whatever Δ the student chose).
- ``_forward_rule`` (3.2): the task fixes the result's kind (a list of values), so a
  tuple, an array, a generator or a list holding functions is named as such.
"""
from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np

import lecture_lib

from .. import calculus
from ..calculus import chain_apply, chain_deriv, chain_forward
from ..functions import (
    leaky_relu,
    leaky_relu_deriv,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)
from . import Exercise, Feedback, Forbid
from .engine import as_numeric, close, describe_args, hint_line, kind_of, run, wrap

NEAR_MISS = ("Your values are close to the expected ones (within 0.1 %) but not equal: that is "
             "what a difference quotient gives. The task asks for the exact chain rule, a "
             "product of analytic derivatives.")


def compared_values(feedback: Feedback) -> bool:
    """Whether the engine's wrong feedback is about values (every call ran cleanly)."""
    first = feedback.message.split("\n")[0]
    return feedback.status == "wrong" and first.startswith("Wrong: ") and "the result of `" in first


def refine(exercise: Exercise, rule) -> Exercise:
    """``exercise`` whose wrong-value feedback ``rule(func, feedback, plain)`` may improve.

    ``rule`` is asked only when every call of the student's function ran cleanly and the
    values were compared (so running it again cannot loop for long); it returns new
    Feedback or None to keep the engine's.
    """
    plain = replace(exercise, judge=None)

    def judge(func):
        feedback = exercise.check(func)  # (its own judge, if it has one)
        if compared_values(feedback):
            better = rule(func, feedback, plain)  # (a wrong Feedback is falsy: test for None)
            return feedback if better is None else better
        return feedback

    return replace(exercise, judge=judge)


def _near_everywhere(func, exercise: Exercise, rtol: float) -> bool:
    for args in exercise.inputs():
        outcome = run(func, args, names=exercise.parameters)
        if outcome.error or outcome.not_written is not None or outcome.value is None:
            return False
        if not close(outcome.value, exercise.reference(*copy.deepcopy(args)), rtol, rtol):
            return False
    return True


def with_near_miss(exercise: Exercise, hint: str = NEAR_MISS, rtol: float = 1e-3) -> Exercise:
    """``exercise`` whose feedback names a near miss (instead of the general hint) when no mistake explains it."""
    def rule(func, feedback, plain):
        general = "\n" + hint_line(plain.more_hint) if plain.more_hint else None
        text = feedback.message.replace(general, "") if general else feedback.message
        if "Hint:" not in text and _near_everywhere(func, plain, rtol):  # no mistake explains it
            return Feedback("wrong", text + "\n" + hint_line(hint))
        return None

    return refine(exercise, rule)


def _lecture_targets(*names):
    """(module, name) pairs for a lecture_lib function: where it is defined, and the package."""
    return tuple(pair for name in names for pair in ((calculus, name), (lecture_lib, name)))


NO_DERIV = Forbid("deriv", _lecture_targets("deriv"),
                  "use the analytic derivatives, no central differences (no `deriv`)")


def cube(x):
    return np.asarray(x, dtype=float) ** 3


def cube_deriv(x):
    return 3 * np.asarray(x, dtype=float) ** 2


# --------------------------------------------------------------------------- 3.1

def _sigmoid_of_square_deriv(x):
    return sigmoid_deriv(square(x)) * square_deriv(x)


EXERCISE_3_1 = Exercise(
    number="3.1",
    function="sigmoid_of_square_deriv",
    parameters=("x",),
    reference=_sigmoid_of_square_deriv,
    inputs=lambda: [(np.array([-2.0, -0.5, 0.5, 1.0, 3.0]),), (0.7,),
                    (np.array([[0.0, -1.2], [2.2, 0.4]]),), (np.array([-40.0, 0.0, 40.0]),)],
    rtol=1e-9,
    forbidden=(NO_DERIV,
               Forbid("chain_deriv", _lecture_targets("chain_deriv", "chain_deriv_2", "chain_deriv_3"),
                      "write the product of the two derivatives yourself; do not call "
                      "chain_deriv or chain_deriv_2")),
    mistakes={
        "sigmoid' is evaluated at x; it must be evaluated at its own input, square(x).":
            lambda x: sigmoid_deriv(x) * square_deriv(x),
        "The inner derivative is missing: multiply by square'(x).":
            lambda x: sigmoid_deriv(square(x)),
        "This is the derivative of sigmoid(x)², the other order: the chain [square, sigmoid] is "
        "sigmoid(square(x)).": lambda x: chain_deriv([sigmoid, square], x),
        "The derivatives are added; the chain rule multiplies them.":
            lambda x: sigmoid_deriv(square(x)) + square_deriv(x),
        "This uses sigmoid where its derivative belongs: σ'(u) = σ(u)(1 − σ(u)).":
            lambda x: sigmoid(square(x)) * square_deriv(x),
        "The inner derivative is x, not 2x: d(x²)/dx = 2x.":
            lambda x: sigmoid_deriv(square(x)) * np.asarray(x, float),
        "square' is evaluated at square(x): the inner derivative belongs at x itself.":
            lambda x: sigmoid_deriv(square(x)) * square_deriv(square(x)),
        "This is σ(x²)·(1 − σ(x)²)·2x: σ' at u = x² is σ(u)(1 − σ(u)), the same u in both factors.":
            lambda x: sigmoid(square(x)) * (1 - sigmoid(x) ** 2) * square_deriv(x),
    },
    more_hint="The outer slope is evaluated at the inner output: σ'(x²), times the inner slope.",
)


# --------------------------------------------------------------------------- 3.2

def _kind_problem(value) -> str | None:
    """What is wrong with the kind of forward_pass's result, before its values are compared."""
    if not isinstance(value, list):
        return (f"`forward_pass` returns {kind_of(value)}; the task asks for a list "
                f"[u0, u1, ..., un] (start with [x] and append each output)")
    for k, item in enumerate(value):
        if callable(item) and not isinstance(item, np.ndarray):
            return (f"item {k} of the list is the function `{getattr(item, '__name__', item)}`, not a "
                    f"value: append what the function returns when you call it on the previous value")
        if as_numeric(item) is None:
            return f"item {k} of the list is {kind_of(item)}, not a number or an array"
    return None


def _length_problem(value, chain) -> str | None:
    if len(value) != len(chain) + 1:
        return (f"the list holds {len(value)} values; a chain of {len(chain)} functions gives "
                f"{len(chain) + 1} (the input x, then one output per function)")
    return None


def _forward_rule(func, feedback, plain):
    """A result of the wrong kind is named first; a wrong length when no mistake explains it."""
    for args in plain.inputs():
        value = run(func, args, names=plain.parameters).value
        problem = _kind_problem(value)
        if problem is None and "Hint:" not in feedback.message:
            problem = _length_problem(value, args[0])
        if problem:
            lines = [wrap(f"Wrong: {problem}."), *describe_args(args, plain.parameters)]
            return Feedback("wrong", "\n".join(lines) + "\n" + hint_line(
                "values[0] is x, and each function gets the value before it."))
    return None


def _shifted(chain, x):
    return [np.asarray(x, float)] + chain_forward(chain[1:], x)[1:] if len(chain) > 1 else [np.asarray(x, float)]


EXERCISE_3_2 = Exercise(
    number="3.2",
    function="forward_pass",
    parameters=("chain", "x"),
    reference=chain_forward,
    inputs=lambda: [([leaky_relu, square, sigmoid], np.array([-1.5, 0.5, 2.0])), ([square, sigmoid], 1.0),
                    ([cube], np.array([[1.0, -2.0]])), ([sigmoid, cube, np.sin, square], np.array([0.3, -0.7])),
                    ([np.exp, lambda u: 1 - u, square, np.cos, sigmoid], np.array([[0.5], [-0.25]]))],
    result_check=lambda value, args: _kind_problem(value),
    mistakes={
        "The input x itself must be the first value in the list.":
            lambda chain, x: chain_forward(chain, x)[1:],
        "Each function must receive the previous function's output, not x.":
            lambda chain, x: [np.asarray(x, float)] + [f(np.asarray(x, float)) for f in chain],
        "The last function's output is missing: the list holds n + 1 values for n functions.":
            lambda chain, x: chain_forward(chain, x)[:-1],
        "The functions are applied in reverse order; chain[0] comes first.":
            lambda chain, x: chain_forward(list(reversed(chain)), x),
        "The list is in reverse order: values[0] is x, the last value is the chain's output.":
            lambda chain, x: chain_forward(chain, x)[::-1],
        "The first function is skipped: every function of the chain, chain[0] included, adds a value.":
            _shifted,
    },
    more_hint="values[0] is x; each later value is one function applied to the value before it.",
)


# --------------------------------------------------------------------------- 3.3

def _chain_inputs():
    return [
        ([square, sigmoid], [square_deriv, sigmoid_deriv], np.array([-2.0, 0.5, 1.0])),
        ([leaky_relu, square, sigmoid], [leaky_relu_deriv, square_deriv, sigmoid_deriv],
         np.array([-1.5, 0.5, 2.0])),
        ([square, sigmoid, leaky_relu, sigmoid], [square_deriv, sigmoid_deriv, leaky_relu_deriv, sigmoid_deriv],
         np.array([[-1.0, 0.3], [1.2, 0.0]])),
        ([np.sin, cube], [np.cos, cube_deriv], 0.8),
        ([cube], [cube_deriv], np.array([1.5, -2.0])),
        ([cube, np.sin, square], [cube_deriv, np.cos, square_deriv], np.array([0.9, -1.1, 0.4])),
    ]


def _local(chain, derivatives, x):
    """[derivatives[k](values[k]) for each k]: the local derivatives at their inputs."""
    values = chain_forward(chain, x)
    return [d(v) for d, v in zip(derivatives, values[:-1])]


def _product(factors, x):
    result = np.ones_like(np.asarray(x, dtype=float))
    for factor in factors:
        result = result * factor
    return result


EXERCISE_3_3 = Exercise(
    number="3.3",
    function="chain_rule",
    parameters=("chain", "derivatives", "x"),
    reference=lambda chain, derivatives, x: chain_deriv(chain, x, derivatives),
    inputs=_chain_inputs,
    uses=("3.2",),
    rtol=1e-9,
    forbidden=(Forbid("chain_deriv", _lecture_targets("chain_deriv", "chain_deriv_2", "chain_deriv_3",
                                                      "chain_backward"),
                      "write the backward pass yourself; do not call chain_deriv or chain_backward"),),
    mistakes={
        "Every local derivative is evaluated at x; derivatives[k] belongs at its own function's input, "
        "values[k].": lambda chain, derivatives, x: _product([d(np.asarray(x, float)) for d in derivatives], x),
        "Each local derivative is evaluated at its function's output, values[k + 1]; use its input, values[k].":
            lambda chain, derivatives, x: _product(
                [d(v) for d, v in zip(derivatives, chain_forward(chain, x)[1:])], x),
        "The local derivatives are added; the chain rule multiplies them.":
            lambda chain, derivatives, x: np.sum(_local(chain, derivatives, x), axis=0),
        "The last function's local derivative is left out.":
            lambda chain, derivatives, x: _product(_local(chain, derivatives, x)[:-1], x),
        "The first function's local derivative is left out (a loop that starts at 1, or stops one short?).":
            lambda chain, derivatives, x: _product(_local(chain, derivatives, x)[1:], x),
        "The derivatives are paired with the wrong values (reversed): derivatives[k] belongs at values[k].":
            lambda chain, derivatives, x: _product(
                [d(v) for d, v in zip(reversed(derivatives), chain_forward(chain, x)[:-1])], x),
        "This ignores `derivatives`: it uses lecture_lib's own derivative of each function. The task "
        "gives you the derivatives to use.":
            lambda chain, derivatives, x: chain_deriv(chain, x),
        "Only the first function's local derivative is left: multiply each factor into the running "
        "product instead of overwriting it.":
            lambda chain, derivatives, x: _local(chain, derivatives, x)[0],
        "Only the last function's local derivative is left: multiply each factor into the running "
        "product instead of overwriting it.":
            lambda chain, derivatives, x: _local(chain, derivatives, x)[-1],
        "This is the value of the chain, not its derivative.": lambda chain, derivatives, x: chain_apply(chain, x),
    },
    more_hint="Start from dy/dy = 1 and, last function first, multiply in derivatives[k] at values[k].",
)

def wrapped(exercise: Exercise) -> Exercise:
    """``exercise`` whose "Correct" line is wrapped to the book's 80 characters too."""
    def judge(func):
        feedback = exercise.check(func)
        return Feedback(feedback.status, wrap(feedback.message)) if feedback else feedback

    return replace(exercise, judge=judge)


EXERCISES = [
    wrapped(with_near_miss(EXERCISE_3_1)),
    wrapped(refine(EXERCISE_3_2, _forward_rule)),
    wrapped(with_near_miss(EXERCISE_3_3)),
]
