"""Checks for a reference you pass yourself: the same run and judge phases, with the key made on the spot.

The course's exercises never ship their references (see :mod:`lecture_lib.exercises`); these
are the general tools for tests and for new exercises, and :func:`key_for` is how the
instructor's side turns references and known mistakes into the data the judge reads.
"""
from __future__ import annotations

import copy
import math
import warnings
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .engine import (
    Finding,
    close,
    explain_error,
    format_value,
    value_line,
    as_hint,
    correct,
    parameter_names,
    problem,
    wrong,
)
from .judging import Call, Key, judge
from .registry import Exercise
from .rules import Forbid, NoWarnings
from .running import call, run_exercise
from .values import decode_args, encode, encode_args


def _quiet(func: Callable, args: tuple):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return func(*copy.deepcopy(args))


def key_for(reference: Callable, mistakes: Mapping[Any, Callable], inputs: Sequence[tuple],
            probe: Callable | None = None) -> dict:
    """The judge's key as JSON: ``reference`` and each mistake evaluated on every input.

    ``mistakes`` maps a hint (a text, or a (nudge, formula) pair) to a wrong function; a mistake
    that raises on an input gets None there (it never matches). ``probe(args)``, if given, is
    the error of a one-sided difference on that input (see chapter 5's difference hint).
    A reference that raises is the author's bug and raises.
    """
    expected = [encode(_quiet(reference, args)) for args in inputs]
    table = []
    for hint, mistake in mistakes.items():
        values = []
        for args in inputs:
            try:
                values.append(encode(_quiet(mistake, args)))
            except Exception:
                values.append(None)
        table.append({"hint": hint if isinstance(hint, str) else list(hint), "values": values})
    key = {"expected": expected, "mistakes": table}
    if probe is not None:
        key["probes"] = [encode(_quiet(probe, (args,))) for args in inputs]
    return key


def _validate(name, rtol, atol, mistakes):
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    for label, tol in (("rtol", rtol), ("atol", atol)):
        if not isinstance(tol, (int, float)) or not math.isfinite(tol) or tol < 0:
            raise ValueError(f"{label} must be a finite number >= 0, got {tol!r}")
    if mistakes is not None and not isinstance(mistakes, Mapping):
        raise TypeError(f"mistakes must be a dict {{hint text: wrong answer}}, got {type(mistakes).__name__}")
    return dict(mistakes or {})


def check_function(
    answer: Callable,
    reference: Callable,
    inputs: Sequence[tuple],
    *,
    name: str,
    mistakes: Mapping[Any, Callable] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    parameters: Sequence[str] | None = None,
    forbidden: Sequence[Forbid] = (),
    no_warnings: NoWarnings | None = None,
    more_hint=None,
    result_check: Callable[[Any, tuple], str | None] | None = None,
) -> Finding:
    """Compare ``answer(*args)`` with ``reference(*args)`` for every ``args`` in ``inputs``.

    ``mistakes`` maps a hint to a plausible wrong function: when the answer agrees with
    it on every input, its hint is shown. ``parameters`` names the arguments in messages
    (default: the reference's). The answer must leave its arguments unchanged, call none
    of ``forbidden``, and emit no warning if ``no_warnings`` is given. ``more_hint`` is
    shown after a wrong attempt no specific hint explains. ``result_check(value, args)``
    may return a sentence about a result that is wrong in a way a value comparison misses.
    """

    mistakes = _validate(name, rtol, atol, mistakes)
    if not callable(reference):
        raise TypeError(f"reference must be a function, got {type(reference).__name__}")
    inputs = [args if isinstance(args, tuple) else (args,) for args in inputs]
    if not inputs:
        raise ValueError("inputs must hold at least one argument tuple")
    names = tuple(parameters) if parameters is not None else tuple(parameter_names(reference))
    exercise = Exercise(number="0.0", function=name, parameters=names, forbidden=tuple(forbidden),
                        no_warnings=no_warnings, more_hint=more_hint, rtol=rtol, atol=atol,
                        result_check=result_check)
    key = Key.from_json(key_for(reference, mistakes, inputs))
    requests = [encode_args(args) for args in inputs]
    record = run_exercise(exercise, {name: answer, "__name__": "__check__"}, requests)
    return judge(exercise, [decode_args(r) for r in requests], record, key)


def check_value(
    answer: Callable[[], Any] | Any,
    expected: Any,
    *,
    name: str,
    mistakes: Mapping[str, Any] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> Finding:
    """Compare the value ``answer()`` returns (or ``answer`` itself) with ``expected``.

    ``mistakes`` maps a hint text to a plausible wrong value.
    """
    mistakes = _validate(name, rtol, atol, mistakes)
    if callable(answer):
        outcome = Call.from_json(call(answer, ()).to_json())
        if outcome.not_written is not None:
            return Finding("not written", f"`{name}` still raises NotImplementedError. Replace the "
                                          f"`raise NotImplementedError` line with your code, then run that cell "
                                          f"(Shift+Enter) before this check.",
                           hints=[as_hint(outcome.not_written.strip() or None)] if outcome.not_written.strip()
                           else [])
        if outcome.error is not None:
            kind, text = outcome.error["type"], outcome.error["message"]
            hint = explain_error(kind, text)
            return wrong(f"`{name}` raised {kind}: {text.splitlines()[0] if text else '(no message)'}.",
                         hints=[hint] if hint else [])
        got = outcome.value
    else:
        got = answer
    description, hints = problem(got, expected, rtol, atol, what=f"`{name}`")
    if description is None:
        return correct(f"`{name}` is {format_value(expected)}.")
    shape = "shape" in description
    matched = [hint for hint, value in mistakes.items() if close(got, value, rtol, atol)]
    return wrong(f"{description}.", [value_line("got:", got, shape), value_line("expected:", expected, shape)],
                 matched or hints)
