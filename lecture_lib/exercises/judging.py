"""The JUDGE phase of a check: a run record and the expected values in, a :class:`Finding` out.

The judge holds no answer either: it compares the outcomes the run phase observed
(:mod:`lecture_lib.exercises.running`, as JSON) with a :class:`Key` — the expected value on each
input and the values of the known mistakes there. In the notebook the key of the public inputs
comes with lecture_lib (``key/chapter_NN.json``, computed by the build); the grader computes the
key of its hidden inputs on its own side (``course_tools.exercise_key``) and calls the same judge.

The judgement is an ordered list of rules (:data:`RULES`): the first rule that finds something
decides, the most basic problem first (a missing function explains everything after it; a broken
rule or a changed argument explains a later error).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .engine import (
    Finding,
    Hint,
    value_line,
    as_hint,
    as_numeric,
    automatic_hints,
    close,
    correct,
    describe_args,
    difference,
    explain_error,
    format_value,
    problem,
    wrong,
)
from .registry import exercises
from .values import decode, decode_args

_INDENT = "  "


@dataclass
class Key:
    """What the judge compares with: per input, the expected value and each known mistake's value.

    ``mistakes`` is a list of (hint, values): ``values[i]`` is the mistake's result on input i,
    or None where the mistake raises (it then never matches). ``probes[i]``, where given, is how
    far a forward difference with step 1e-3 is from the expected value on input i (chapters 5, 6).
    """

    expected: list
    mistakes: list[tuple[Hint, list]] = field(default_factory=list)
    probes: list | None = None

    @classmethod
    def from_json(cls, data: dict) -> "Key":
        mistakes = [(as_hint(m["hint"] if isinstance(m["hint"], str) else tuple(m["hint"])),
                     [None if v is None else decode(v) for v in m["values"]]) for m in data.get("mistakes", [])]
        probes = data.get("probes")
        return cls([decode(v) for v in data["expected"]], mistakes,
                   None if probes is None else [None if p is None else decode(p) for p in probes])


@dataclass
class Call:
    """One outcome of the run record, decoded."""

    value: Any
    not_written: str | None
    error: dict | None
    timed_out: bool
    mutated: list
    warnings: list
    forbidden: list
    tampered: list

    @classmethod
    def from_json(cls, data: dict) -> "Call":
        error = data.get("error")
        if error is not None and not (isinstance(error, dict) and isinstance(error.get("type"), str)):
            raise ValueError("a malformed error")
        return cls(decode(data.get("value")), _text_or_none(data.get("not_written")), error,
                   bool(data.get("timed_out")), _strings(data.get("mutated")), _strings(data.get("warnings")),
                   [list(map(str, pair))[:2] for pair in data.get("forbidden") or []], _strings(data.get("tampered")))


def _text_or_none(value):
    return None if value is None else str(value)


def _strings(values) -> list[str]:
    return [str(v) for v in values or []]


@dataclass
class Context:
    """Everything a rule may read: the exercise, the inputs, the run record, the key."""

    exercise: Any
    inputs: list[tuple]
    record: dict
    calls: list[Call]
    key: Key | None

    @property
    def name(self) -> str:
        return self.exercise.function

    @property
    def names(self) -> Sequence[str]:
        return self.exercise.parameters

    def runs(self):
        return list(zip(self.inputs, self.calls))

    def general_hint(self) -> list[Hint]:
        hint = as_hint(self.exercise.more_hint)
        return [hint] if hint else []


# --------------------------------------------------------------------------- the rules, in order

def _defined(ctx: Context) -> Finding | None:
    defined = ctx.record.get("defined")
    if defined == "missing":
        similar = ctx.record.get("similar")
        if similar:
            return wrong(f"there is no function `{ctx.name}` in this notebook, but there is `{similar}`. The "
                         f"check looks for the name the exercise gives: rename it back to `{ctx.name}` and run "
                         f"its cell.", rule="missing")
        return Finding("not written", f"no function `{ctx.name}` is defined. Run the exercise cell above "
                                      f"(Shift+Enter) before this check; if you renamed the function, give it "
                                      f"back its name `{ctx.name}`.", rule="missing")
    if isinstance(defined, str) and defined.startswith("not callable"):
        kind = defined.split(":", 1)[-1].strip()
        return wrong(f"`{ctx.name}` should be a function, but it is {_article(kind)} (was the name reused for a "
                     f"value?).", rule="not callable")
    return None


def _article(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _signature(ctx: Context) -> Finding | None:
    data = ctx.record.get("signature")
    if not data:
        return None
    try:
        parameters = [inspect.Parameter(name, inspect._ParameterKind(kind),
                                        default=decode(default) if has else inspect.Parameter.empty)
                      for name, kind, has, default in data["parameters"]]
        signature = inspect.Signature(parameters)
    except (TypeError, ValueError, KeyError):
        return None
    names = list(ctx.names)
    for args in ctx.inputs:
        try:
            signature.bind(*args)
        except TypeError:
            mine = ", ".join(str(p) for p in signature.parameters.values())
            return wrong(f"`{ctx.name}` takes ({mine}), but the task calls it with {len(args)} argument"
                         f"{'s' if len(args) != 1 else ''}: ({', '.join(names[:len(args)])}).",
                         hints=[f"Keep the parameters the exercise gives: `{ctx.name}({', '.join(names)})`."],
                         rule="signature")
    for parameter, default in (ctx.exercise.defaults or {}).items():
        given = signature.parameters.get(parameter)
        if given is None or given.default is inspect.Parameter.empty:
            continue
        number = isinstance(given.default, (int, float)) and not isinstance(given.default, bool)
        if not (number and given.default == default):
            shown = repr(given.default)
            before = ", ".join(p for p in names if p != parameter)
            return wrong(f"`{ctx.name}` gives `{parameter}` the default {shown}, but the task's signature is "
                         f"`{ctx.name}({before}, {parameter}={default})`: a caller who leaves {parameter} out "
                         f"must get {default}.", rule="default")
    return None


def _not_written(ctx: Context) -> Finding | None:
    for call in ctx.calls:
        if call.not_written is not None:
            hints = [call.not_written.strip()] if call.not_written.strip() else []
            return Finding("not written", f"`{ctx.name}` still raises NotImplementedError. Replace the "
                                          f"`raise NotImplementedError` line with your code, then run that cell "
                                          f"(Shift+Enter) before this check.",
                           hints=[Hint(h) for h in hints], rule="not written")
    return None


def _tampered(ctx: Context) -> Finding | None:
    for call in ctx.calls:
        if call.tampered:
            return wrong(f"`{ctx.name}` replaced {', '.join(call.tampered[:3])} while it ran (restored). A check "
                         f"compares results; it cannot be talked into agreeing.", rule="tampered")
    return None


def _forbidden(ctx: Context) -> Finding | None:
    rules = {rule.label: rule for rule in ctx.exercise.forbidden}
    reaches = [list(map(str, pair))[:2] for pair in ctx.record.get("reaches") or []]
    for args, call in ctx.runs():
        for called, label in call.forbidden:
            if label in rules:
                return wrong(f"`{ctx.name}` calls {called}, and the task says: {rules[label].rule}.",
                             describe_args(args, ctx.names), _error_or_general(ctx, None), rule="forbidden")
    for called, label in reaches:
        if label in rules:
            return wrong(f"`{ctx.name}` calls {called}, and the task says: {rules[label].rule}.",
                         hints=_error_or_general(ctx, None), rule="forbidden")
    return None


def _mutated(ctx: Context) -> Finding | None:
    for args, call in ctx.runs():
        if call.mutated:
            which = ", ".join(f"`{m}`" for m in call.mutated)
            return wrong(f"`{ctx.name}` changed its argument {which} in place.", describe_args(args, ctx.names),
                         [Hint("The caller's array (or list) must be left as it was: compute a new value "
                               "(x = x + 1 or np.where(...)) instead of changing it (x += 1, x[...] = ..., "
                               "list.pop(), list.append() on an argument).")], rule="mutated")
    return None


def _error_or_general(ctx: Context, error: dict | None) -> list[Hint]:
    if error is not None:
        kind, text = str(error.get("type")), str(error.get("message", ""))
        for needle, hint in (ctx.exercise.error_hints or {}).items():
            if needle in text:
                return [as_hint(hint)]
        explained = explain_error(kind, text)
        if explained:
            return [Hint(explained)]
    return ctx.general_hint()


_TIMEOUT_HINT = "An endless loop? Check that every loop ends (a `while` whose condition never changes)."
_RECURSION_HINT = ("A function that calls itself needs a case that stops; here you probably meant to call a "
                   "lecture_lib function of another name.")


def _error(ctx: Context) -> Finding | None:
    for index, (args, call) in enumerate(ctx.runs()):
        if call.error is None:
            continue
        kind, text = str(call.error.get("type")), str(call.error.get("message", ""))
        if call.timed_out:
            headline, hints = f"`{ctx.name}` {text}.", [Hint(_TIMEOUT_HINT)]
        elif kind == "RecursionError":
            headline, hints = f"`{ctx.name}` raised RecursionError: it calls itself without end.", [
                Hint(_RECURSION_HINT)]
        else:
            lines = text.strip().splitlines()
            message = (lines[0][:157] + "..." if len(lines[0]) > 160 else lines[0]).rstrip(".") if lines else (
                "(no message)")
            headline, hints = f"`{ctx.name}` raised {kind}: {message}.", _error_or_general(ctx, call.error)
        extra = [h for rule in ctx.exercise.hint_rules if (h := rule(ctx, "error")) is not None]
        return wrong(headline, describe_args(args, ctx.names), [*extra[:1], *hints], rule="error")
    return None


def _warnings(ctx: Context) -> Finding | None:
    rule = ctx.exercise.no_warnings
    if rule is None:
        return None
    for args, call in ctx.runs():
        if call.warnings:
            return wrong(f"`{ctx.name}` emitted a warning ({call.warnings[0]}), and the task says: {rule.rule}.",
                         describe_args(args, ctx.names),
                         [Hint("Overflow warnings come from np.exp of a large number: rewrite the formula so "
                               "that every exponent is ≤ 0, or use lecture_lib's sigmoid.")], rule="warnings")
    return None


def matched_mistakes(ctx: Context) -> list[Hint]:
    """The known mistakes whose values agree with the student's on every input."""
    found = []
    exercise = ctx.exercise
    for hint, values in ctx.key.mistakes:
        if len(values) < len(ctx.calls):
            continue
        if all(value is not None and close(call.value, value, exercise.rtol, exercise.atol)
               for call, value in zip(ctx.calls, values)):
            found.append(hint)
    return found


def _values(ctx: Context) -> Finding | None:
    if ctx.exercise.judge_value is not None:
        return ctx.exercise.judge_value(ctx)
    return compare_values(ctx)


def compare_values(ctx: Context) -> Finding | None:
    """The first input whose result is not the expected value, what it got, and why (None: all match)."""
    exercise = ctx.exercise
    for index, (args, call) in enumerate(ctx.runs()):
        got, expected = call.value, ctx.key.expected[index]
        what = f"the result of `{ctx.name}`"
        description, hints = problem(got, expected, exercise.rtol, exercise.atol, what=what)
        if description is None and exercise.result_check is not None:
            description = exercise.result_check(got, args)
            hints = []
        if description is None:
            continue
        shape = "shape" in description
        lines = [*describe_args(args, ctx.names), value_line("got:", got, shape), value_line("expected:", expected, shape)]
        lines += _where(got, expected, exercise)
        if call.warnings:
            lines.append(f"{_INDENT}(your code also emitted {call.warnings[0]})")
        matched = matched_mistakes(ctx)
        if matched:
            return wrong(f"{description}.", lines, matched, rule="values", mistake=matched[0].text)
        habit = _integer_result(args, got, expected) or _remembered(ctx, index)
        if habit is not None:
            return wrong(f"{description}.", lines, [habit], rule="values")
        automatic = [as_hint(h) for h in hints]
        extra = [] if automatic else [h for rule in exercise.hint_rules if (h := rule(ctx, "values")) is not None]
        return wrong(f"{description}.", lines, [*extra[:1], *(automatic or ctx.general_hint())], rule="values")
    return None


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) or (
        isinstance(value, (np.ndarray, np.integer)) and np.asarray(value).dtype.kind in "iu")


def _integer_result(args, got, expected) -> Hint | None:
    """Integers in, integers out, where the answer is not a whole number: a float lost on the way."""
    exp = as_numeric(expected)
    if not any(_is_integer(a) for a in args) or not _is_integer(got) or exp is None:
        return None
    if np.all(exp == np.round(exp)):
        return None
    return Hint("For an integer input your result is made of integers: np.zeros_like(x), x.copy() or an "
                "integer array keep x's integer type, and a value like 0.76 stored in them becomes 0.",
                "Start from a float array: np.asarray(x, dtype=float).")


def _remembered(ctx: Context, index: int) -> Hint | None:
    """The result of an earlier, different input of the same shape, given again: a cache, not a computation."""
    got = as_numeric(ctx.calls[index].value)
    if got is None:
        return None
    for earlier in range(index):
        before, expected = as_numeric(ctx.calls[earlier].value), as_numeric(ctx.key.expected[earlier])
        if (before is not None and before.shape == got.shape and np.array_equal(before, got)
                and not close(ctx.key.expected[index], ctx.key.expected[earlier], ctx.exercise.rtol, ctx.exercise.atol)):
            return Hint("Your function gave the same result for two different inputs of the same shape: does it "
                        "remember an earlier result (a cache, a global, a value kept by shape or by sum) instead "
                        "of computing it from the arguments it gets?")
    return None


def _where(got, expected, exercise) -> list[str]:
    """'largest difference ...' lines: for one array, or the first member of a pair that differs."""
    val, exp = as_numeric(got), as_numeric(expected)
    if val is not None and exp is not None and val.shape == exp.shape:
        if format_value(got) == format_value(expected) or val.ndim > 0:
            return difference(val, exp).split("\n")
        return []
    if isinstance(expected, tuple) and isinstance(got, (tuple, list)) and len(got) == len(expected):
        for k, (member, wanted) in enumerate(zip(got, expected), start=1):
            val, exp = as_numeric(member), as_numeric(wanted)
            if val is None or exp is None or val.shape != exp.shape:
                return []
            if not close(member, wanted, exercise.rtol, exercise.atol):
                return difference(val, exp).replace("largest difference", f"value {k}: largest difference",
                                                    1).split("\n")
    return []


RULES: list[Callable[[Context], Finding | None]] = [
    _defined, _signature, _not_written, _tampered, _forbidden, _mutated, _error, _warnings, _values]


def _all_correct(ctx: Context) -> Finding:
    count = len(ctx.inputs)
    return correct(f"`{ctx.name}` gives the expected result for "
                   f"{'the input' if count == 1 else f'all {count} inputs'} tried.", rule="correct")


def judge(exercise, inputs: Sequence[tuple], record: dict, key: Key | None,
          earlier: dict[str, str] | None = None) -> Finding:
    """The finding for exercise ``exercise`` from its run ``record`` on ``inputs`` and the ``key``.

    ``earlier`` maps the numbers of earlier exercises the student's function calls to their
    status; a note says when one of them is not correct yet (the student's own is what ran).
    """
    try:
        calls = [Call.from_json(c) for c in record.get("calls", [])] if record.get("defined") == "function" else []
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return wrong(f"the grader could not read what `{exercise.function}` returned ({exc}).", rule="unreadable",
                     outcomes=[record])
    ctx = Context(exercise, [tuple(a) for a in inputs], record, calls, key)
    if record.get("defined") == "function" and len(calls) < len(inputs) and not any(
            c.timed_out or c.not_written is not None for c in calls):
        return wrong(f"the run of `{exercise.function}` stopped before every input was tried.", rule="incomplete")
    finding = next((f for rule in RULES if (f := rule(ctx)) is not None), None)
    if finding is None:  # (not `or`: a "wrong" Finding is falsy)
        finding = _all_correct(ctx)
    finding.outcomes = list(record.get("calls", []))
    _second_step(finding, ctx)
    for number, status in (earlier or {}).items():
        if status == "correct":
            continue
        dependency = exercises()[number]
        state = "is not written yet" if status == "not written" else "is not correct yet"
        finding.notes.append(
            f"`{exercise.function}` calls your `{dependency.function}` from exercise {number}, which {state}. "
            f"This check ran your own `{dependency.function}`, so a mistake there shows here too: make "
            f"exercise {number} correct first, then run this check again.")
    return finding


def _second_step(finding: Finding, ctx: Context) -> None:
    """A wrong answer whose hints have no formula-level step gets the exercise's general hint, in full, as its
    second step (``Finding.more``)."""
    general = ctx.general_hint()
    if finding.status != "wrong" or finding.rule not in ("values", "error", "forbidden", "warnings") or not general:
        return
    if any(hint.more for hint in finding.hints) or general[0] in finding.hints:
        return
    finding.more = general[0].at(2)


def decode_inputs(requests: Sequence[list]) -> list[tuple]:
    return [decode_args(a) for a in requests]


# --------------------------------------------------------------------------- refinements chapters share

NEAR_MISS = Hint("Your values are close to the expected ones (within 0.1 %) but not equal: that is what a "
                 "difference quotient gives.", "The task asks for the exact formula (analytic derivatives, "
                                               "the chain rule), which needs no Δ.")


def near_miss(ctx: Context, phase: str) -> Hint | None:
    """A result within 0.1 % of the expected one everywhere, but not exact: a difference quotient."""
    if phase != "values" or not ctx.calls:
        return None
    for call, expected in zip(ctx.calls, ctx.key.expected):
        if call.error is not None or call.value is None or not close(call.value, expected, 1e-3, 1e-3):
            return None
    return NEAR_MISS
