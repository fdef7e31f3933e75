"""Chapter 3 (Nested functions and the chain rule): the exercises' public rules (no answers here).

3.1 and 3.3 name a near miss (a difference quotient's values); 3.2 fixes the result's kind (a
list of values), so a tuple, an array, a generator or a list holding functions is named as such,
and a list of the wrong length is counted.
"""
from __future__ import annotations

import lecture_lib

from .. import calculus
from .registry import Exercise
from .rules import Forbid
import numpy as np

from .engine import Hint, as_numeric, close, describe_args, kind_of, wrong
from .judging import compare_values, near_miss
from .values import is_function


def _lecture_targets(*names):
    """(module, name) pairs for a lecture_lib function: where it is defined, and the package."""
    return tuple(pair for name in names for pair in ((calculus, name), (lecture_lib, name)))


NO_DERIV = Forbid("deriv", _lecture_targets("deriv"),
                  "use the analytic derivatives, no central differences (no `deriv`)")

EXERCISE_3_1 = Exercise(
    number="3.1",
    function="sigmoid_of_square_deriv",
    parameters=("x",),
    rtol=1e-12,
    atol=1e-15,
    forbidden=(NO_DERIV,
               Forbid("chain_deriv", _lecture_targets("chain_deriv", "chain_deriv_2", "chain_deriv_3"),
                      "write the product of the two derivatives yourself; do not call "
                      "chain_deriv or chain_deriv_2")),
    hint_rules=(near_miss,),
    more_hint=Hint("The outer derivative is evaluated at the inner function's output; then the inner slope.",
                   "σ'(x²) · 2x, with sigmoid_deriv and square_deriv."),
)


def _kind_problem(value) -> str | None:
    """What is wrong with the kind of forward_pass's result, before its values are compared."""
    if not isinstance(value, list):
        shape = f" of shape {value.shape}" if isinstance(value, np.ndarray) else ""
        return (f"`forward_pass` returns {kind_of(value)}{shape}; the task asks for a list "
                f"[u0, u1, ..., un] (start with [x] and append each output)")
    for k, item in enumerate(value):
        if is_function(item):
            name = getattr(item, "callable_name", None) or getattr(item, "__name__", "")
            return (f"item {k} of the list is the function `{name}`, not a value: append what the function "
                    f"returns when you call it on the previous value")
        if as_numeric(item) is None:
            return f"item {k} of the list is {kind_of(item)}, not a number or an array"
    return None


_FORWARD_HINT = Hint("values[0] is x, and each function gets the value before it.")


def _forward_values(ctx):
    """A result of the wrong kind is named first; a wrong length when no known mistake explains it."""
    for index, (args, call) in enumerate(ctx.runs()):
        problem = _kind_problem(call.value)
        if problem:
            expected = ctx.key.expected[index]
            only_output = len(expected) > 1 and close(call.value, expected[-1], 1e-9, 1e-12)
            hint = Hint("This is only the chain's output: keep every value on the way, in a list.") if (
                only_output) else _FORWARD_HINT
            return wrong(f"{problem}.", describe_args(args, ctx.names), [hint], rule="kind")
    finding = compare_values(ctx)
    if finding is None or finding.mistake is not None:
        return finding
    for args, call in ctx.runs():
        chain = args[0]
        if len(call.value) != len(chain) + 1:
            return wrong(f"the list holds {len(call.value)} values; a chain of {len(chain)} functions gives "
                         f"{len(chain) + 1} (the input x, then one output per function).",
                         describe_args(args, ctx.names), [_FORWARD_HINT], rule="length")
    return finding


EXERCISE_3_2 = Exercise(
    number="3.2",
    function="forward_pass",
    parameters=("chain", "x"),
    forbidden=(Forbid("chain_forward", _lecture_targets("chain_forward", "chain_apply"),
                      "write the loop yourself, not lecture_lib's chain_forward"),),
    judge_value=_forward_values,
    more_hint=Hint("Keep a list that starts with x and grows by one value per function.",
                   "values[0] is x; each later value is one function applied to the value before it."),
)

EXERCISE_3_3 = Exercise(
    number="3.3",
    function="chain_rule",
    parameters=("chain", "derivatives", "x"),
    uses=("3.2",),
    rtol=1e-12,
    atol=1e-15,
    forbidden=(Forbid("chain_deriv", _lecture_targets("chain_deriv", "chain_deriv_2", "chain_deriv_3",
                                                      "chain_backward"),
                      "write the backward pass yourself; do not call chain_deriv or chain_backward"),),
    hint_rules=(near_miss,),
    more_hint=Hint("A forward pass gives each function's input; then walk back from the output, multiplying.",
                   "Start from dy/dy = 1 and, last function first, multiply in derivatives[k] at values[k]."),
)

EXERCISES = [EXERCISE_3_1, EXERCISE_3_2, EXERCISE_3_3]
