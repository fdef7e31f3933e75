"""The RUN phase of a check: call the student's function on inputs and record what happened, as plain data.

Nothing here knows an answer: it gets arguments, calls the student's function on fresh copies,
and records *outcomes* — the value returned, or the exception raised, warnings, arguments
changed in place, calls of functions the task forbids, replaced library functions, a time-out.
The record is JSON (:mod:`lecture_lib.exercises.values`), so the grader can run this phase in a
sandboxed process and judge the record in its own (:mod:`lecture_lib.exercises.judging`).

A forbidden function is caught however it is reached:

- at run time, every call of a Python function whose *code* is the forbidden one (through an
  alias, a default argument, a closure, a copy made with ``types.FunctionType``, or from inside
  another ``lecture_lib`` function such as ``chain_apply``) and every call of a forbidden
  built-in (``math.tanh``), through a profile hook (``sys.setprofile``) for the duration of the call;
- before the call, by reading what the student's function can reach: the names and attributes its
  code loads (``np.tanh``, ``from numpy import tanh as t``, ``numpy.core.umath.tanh``), its default
  arguments and closures, and the student's own helper functions and decorators it uses. numpy's
  ufuncs (``np.tanh``) are C objects whose calls no hook reports, so they are caught this way.

Switching the watch off (``sys.setprofile(None)``), the time limit off (the ``SIGALRM`` handler or
timer), or replacing a function of numpy, math or lecture_lib (the checker's included) while the
call runs is recorded as tampering, and the replaced functions are restored.
"""
from __future__ import annotations

import builtins
import copy
import dis
import functools
import inspect
import math
import signal
import sys
import threading
import types
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from .rules import Forbid, NoWarnings
from .values import decode_args, encode

#: Seconds a single call of the student's function may take before it counts as wrong.
TIME_LIMIT = 5.0
_MAX_TIME_LIMIT = 600.0

_array_equal = np.array_equal


# --------------------------------------------------------------------------- one call

@dataclass
class Outcome:
    """What one call of the student's function did (plain data: see :meth:`to_json`)."""

    value: Any = None
    not_written: str | None = None        # the NotImplementedError message
    error: dict | None = None              # {"type": ..., "message": ...} of any other exception
    timed_out: bool = False
    mutated: list[str] = field(default_factory=list)     # arguments changed in place
    warnings: list[str] = field(default_factory=list)    # warnings emitted
    forbidden: list[list[str]] = field(default_factory=list)  # [name called, rule label]
    tampered: list[str] = field(default_factory=list)    # what the call replaced or switched off

    def to_json(self) -> dict:
        return {"value": encode(self.value), "not_written": self.not_written, "error": self.error,
                "timed_out": self.timed_out, "mutated": self.mutated, "warnings": self.warnings,
                "forbidden": self.forbidden, "tampered": self.tampered}


class _TooSlow(BaseException):
    """Raised inside the student's code when time is up (BaseException: `except Exception` won't swallow it)."""


def _limit(seconds) -> float:
    usable = isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0 < seconds <= _MAX_TIME_LIMIT
    return float(seconds) if usable else TIME_LIMIT_DEFAULT


TIME_LIMIT_DEFAULT = TIME_LIMIT


@contextmanager
def _time_limit(seconds: float, tampered: list[str]):
    """Interrupt the student's code after ``seconds`` (main thread on Unix only; elsewhere no limit)."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)  # leave a timer someone else set alone
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
        if signal.getsignal(signal.SIGALRM) is not on_alarm or signal.getitimer(signal.ITIMER_REAL)[0] == 0:
            tampered.append("the time limit (signal.SIGALRM), switched off")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _guarded_modules():
    """numpy, math and lecture_lib's modules: what a check relies on and a student's code must not replace."""
    return [module for name, module in list(sys.modules.items())
            if isinstance(module, types.ModuleType)
            and (name in ("numpy", "numpy.linalg", "math", "signal", "sys") or name.split(".")[0] == "lecture_lib")]


def _snapshot(modules):
    return [(module, dict(vars(module))) for module in modules]


_MISSING = object()
_VOLATILE = {"sys": {"last_value", "last_type", "last_traceback", "last_exc", "ps1", "ps2", "displayhook",
                     "excepthook", "stdout", "stderr", "stdin", "_jupyter_stdout", "_jupyter_stderr"}}


def _tampered(snapshot) -> list[str]:
    """Names the student's code replaced in numpy, math, sys or lecture_lib (restored at once)."""
    changed = []
    for module, before in snapshot:
        now = vars(module)
        skip = _VOLATILE.get(module.__name__, ())
        for name, value in before.items():
            if name in skip or (name.startswith("__") and name.endswith("__")):
                continue
            if now.get(name, _MISSING) is not value:
                changed.append(f"{module.__name__}.{name}")
                setattr(module, name, value)
    return changed


def _same(before, after) -> bool:
    """Whether an argument is unchanged (arrays by value, containers item by item)."""
    if isinstance(before, np.ndarray):
        return isinstance(after, np.ndarray) and before.shape == after.shape and bool(
            _array_equal(before, after, equal_nan=before.dtype.kind == "f"))
    if isinstance(before, (list, tuple)):
        return type(before) is type(after) and len(before) == len(after) and all(
            _same(b, a) for b, a in zip(before, after))
    if isinstance(before, dict):
        return isinstance(after, dict) and before.keys() == after.keys() and all(
            _same(before[k], after[k]) for k in before)
    try:  # numbers and functions: deepcopy keeps the very objects, so a reordered list shows here
        return before is after or (type(before) is type(after) and bool(before == after))
    except Exception:
        return False


@contextmanager
def _watching(forbidden: Sequence[Forbid], calls: list, tampered: list[str]):
    """Record every call of a forbidden function (by its code, or the built-in object) while the block runs."""
    by_code, by_id = {}, {}
    for rule in forbidden:
        for shown, target in rule.objects():
            code = getattr(target, "__code__", None)
            if isinstance(code, types.CodeType):
                by_code[code] = [shown, rule.label]
            else:
                by_id[id(target)] = [shown, rule.label]
    if not by_code and not by_id:
        yield
        return

    def hook(frame, event, arg):
        if event == "call":
            found = by_code.get(frame.f_code)
        elif event == "c_call":
            found = by_id.get(id(arg))
        else:
            return
        if found is not None and found not in calls:
            calls.append(found)

    previous = sys.getprofile()
    previous_threads = threading.getprofile() if hasattr(threading, "getprofile") else None
    sys.setprofile(hook)
    threading.setprofile(hook)
    try:
        yield
        if sys.getprofile() is not hook:
            tampered.append("the checker's watch (sys.setprofile), switched off")
    finally:
        sys.setprofile(previous)
        threading.setprofile(previous_threads)


def call(func: Callable, args: tuple, *, names: Sequence[str] = (), forbidden: Sequence[Forbid] = (),
         time_limit: float | None = None, guard: bool = True) -> Outcome:
    """Call the student's ``func(*args)`` on fresh copies of ``args``, capturing everything it does.

    ``guard``: look for replaced library functions after the call (``run_exercise`` looks once, after
    its last call, which is as safe and much quicker: the tampering rule comes before every other).
    """
    given = copy.deepcopy(args)
    pristine = copy.deepcopy(args)
    outcome = Outcome()
    snapshot = _snapshot(_guarded_modules()) if guard else []
    calls: list = []
    tampered: list[str] = []
    seconds = _limit(TIME_LIMIT if time_limit is None else time_limit)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"), \
                    _time_limit(seconds, tampered), _watching(forbidden, calls, tampered):
                outcome.value = func(*given)
        except NotImplementedError as exc:
            outcome.not_written = _text(exc)
        except _TooSlow:
            outcome.timed_out = True
            outcome.error = {"type": "TimeoutError", "message": f"did not finish within {seconds:g} s",
                             "seconds": seconds}
        except (Exception, SystemExit, KeyboardInterrupt, GeneratorExit) as exc:
            outcome.error = {"type": type(exc).__name__, "message": _text(exc)}
    outcome.warnings = list(dict.fromkeys(_text(w.message, f"{_name(w.category)}: ") for w in caught))
    outcome.forbidden = calls
    outcome.tampered = tampered + _tampered(snapshot)
    outcome.mutated = [names[i] if i < len(names) else f"argument {i + 1}"
                       for i, (b, a) in enumerate(zip(pristine, given)) if not _same(b, a)]
    return outcome


def _name(category) -> str:
    return getattr(category, "__name__", "Warning")


def _text(exc, prefix: str = "") -> str:
    try:
        text = str(exc)
    except Exception:
        text = "(a message that cannot be shown)"
    return (prefix + text)[:400]


# --------------------------------------------------------------------------- what a function can reach

_DYNAMIC = {"getattr", "vars", "eval", "exec", "__import__", "import_module", "__dict__", "__getattribute__"}


def _library(obj) -> bool:
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] in ("lecture_lib", "numpy", "math", "builtins")


def _codes(code: types.CodeType):
    stack = [code]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))


def _loaded(func: types.FunctionType) -> list[Any]:
    """The objects the code of ``func`` loads by name or by module attribute, as far as they can be resolved."""
    scope, found = func.__globals__, []
    cells = dict(zip(func.__code__.co_freevars, func.__closure__ or ()))
    for code in _codes(func.__code__):
        local: dict[str, Any] = {}
        current = None
        for ins in dis.get_instructions(code):
            op, name = ins.opname, ins.argval
            if op in ("LOAD_GLOBAL", "LOAD_NAME"):
                current = scope.get(name, getattr(builtins, name, None)) if isinstance(name, str) else None
            elif op in ("LOAD_DEREF", "LOAD_CLOSURE", "LOAD_CLASSDEREF"):
                cell = cells.get(name)
                try:
                    current = cell.cell_contents if cell is not None else local.get(name)
                except ValueError:
                    current = None
            elif op in ("LOAD_FAST", "LOAD_FAST_CHECK"):
                current = local.get(name)
            elif op == "IMPORT_NAME":
                current = sys.modules.get(name.split(".")[0]) if isinstance(name, str) else None
                dotted = sys.modules.get(name) if isinstance(name, str) else None
                if dotted is not None:
                    found.append(dotted)
            elif op in ("LOAD_ATTR", "LOAD_METHOD", "IMPORT_FROM") and isinstance(current, types.ModuleType):
                current = vars(current).get(name)
                if current is None and op == "IMPORT_FROM":
                    current = sys.modules.get(f"{ins.argval}")
            elif op in ("STORE_FAST", "STORE_DEREF", "STORE_NAME", "STORE_GLOBAL"):
                local[name] = current
                continue
            elif op == "LOAD_CONST" and isinstance(name, str):
                found.append(("string", name))
                current = None
                continue
            else:
                current = None
                continue
            if current is not None:
                found.append(current)
    return found


def _targets(forbidden: Sequence[Forbid]):
    """The forbidden functions by id, by code object, and by the attribute name they are reached under."""
    by_id, by_code, by_name = {}, {}, {}
    for rule in forbidden:
        for (shown, target), (_, attribute) in zip(rule.objects(), rule.targets):
            by_id[id(target)] = by_name[attribute] = [shown, rule.label]
            if isinstance(getattr(target, "__code__", None), types.CodeType):
                by_code[target.__code__] = [shown, rule.label]
    return by_id, by_code, by_name


def _inside(obj) -> list:
    """What an object the student's function holds may call in turn (its functions, items, defaults, closure)."""
    if isinstance(obj, types.MethodType):
        return [obj.__func__]
    if isinstance(obj, functools.partial):
        return [obj.func, *obj.args, *obj.keywords.values()]
    if isinstance(obj, np.vectorize):
        return [obj.pyfunc]
    if isinstance(obj, (list, tuple, set, frozenset)):
        return list(obj)[:200]
    if isinstance(obj, dict):
        return list(obj.values())[:200]
    if isinstance(obj, type):
        return [v for k, v in list(vars(obj).items())[:200] if not k.startswith("__") or k == "__call__"]
    if isinstance(obj, types.FunctionType):
        found = [*(obj.__defaults__ or ()), *(obj.__kwdefaults__ or {}).values()]
        for cell in obj.__closure__ or ():
            try:
                found.append(cell.cell_contents)
            except ValueError:
                pass
        if "__wrapped__" in vars(obj):
            found.append(vars(obj)["__wrapped__"])
        return found + _loaded(obj)
    call_method = getattr(type(obj), "__call__", None)
    if callable(obj) and not isinstance(obj, np.ufunc) and isinstance(call_method, types.FunctionType):
        return [call_method, *(list(vars(obj).values())[:200] if hasattr(obj, "__dict__") else [])]
    return []


_DYNAMIC_FUNCTIONS = (getattr, vars, eval, exec, __import__)


def reached(func: Callable, forbidden: Sequence[Forbid], limit: int = 3000) -> list[list[str]]:
    """[name, rule label] of every forbidden function that ``func`` can reach without calling it first."""
    by_id, by_code, by_name = _targets(forbidden)
    if not by_id:
        return []
    found: list[list[str]] = []
    seen: set[int] = set()
    strings: set[str] = set()
    dynamic = False
    stack = [func]
    while stack and len(seen) < limit:
        obj = stack.pop()
        if isinstance(obj, tuple) and len(obj) == 2 and obj[0] == "string":
            strings.add(obj[1])
            continue
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        hit = by_id.get(id(obj)) or (by_code.get(obj.__code__) if isinstance(obj, types.FunctionType) else None)
        if hit is not None:
            found += [hit] if hit not in found else []
        elif not (isinstance(obj, types.ModuleType) or _library(obj)):
            dynamic = dynamic or any(obj is f for f in _DYNAMIC_FUNCTIONS) or (
                isinstance(obj, types.FunctionType) and bool(_DYNAMIC & _names(obj.__code__)))
            stack += _inside(obj)
        elif any(obj is f for f in _DYNAMIC_FUNCTIONS):
            dynamic = True
    if dynamic:  # getattr(np, "tanh") and the like: the forbidden name as a string
        found += [hit for text in strings if (hit := by_name.get(text)) is not None and hit not in found]
    return found


def _names(code: types.CodeType) -> set[str]:
    names: set[str] = set()
    for current in _codes(code):
        names.update(current.co_names)
    return names


def names_used(func: Callable) -> set[str]:
    """Global names a function's code (and the functions nested in it) refers to."""
    code = getattr(func, "__code__", None)
    if not isinstance(code, types.CodeType):
        inner = getattr(func, "pyfunc", None) or getattr(func, "__wrapped__", None)
        code = getattr(inner, "__code__", None)
    return _names(code) if isinstance(code, types.CodeType) else set()


# --------------------------------------------------------------------------- one exercise, one chapter

def signature_data(func: Callable) -> dict | None:
    """The student's function's parameters as data: [name, kind, has default, default (encoded)]."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return None
    return {"parameters": [[p.name, int(p.kind), p.default is not p.empty,
                            None if p.default is p.empty else encode(p.default)]
                           for p in signature.parameters.values()]}


def _similar(function: str, namespace: Mapping[str, Any], known: set[str]) -> str | None:
    import difflib

    module = namespace.get("__name__")
    defined = [name for name, value in namespace.items()
               if isinstance(value, types.FunctionType) and value.__module__ == module
               and name not in known and not name.startswith("_")]
    similar = difflib.get_close_matches(function, defined, n=1, cutoff=0.6)
    return similar[0] if similar else None


def run_exercise(exercise, namespace: Mapping[str, Any], requests: Sequence[list],
                 time_limit: float | None = None) -> dict:
    """The run record of one exercise (plain JSON): its function's definition, and one outcome per request."""
    from .registry import exercises

    record: dict = {"function": exercise.function, "defined": "function", "similar": None, "signature": None,
                    "uses": [], "reaches": [], "calls": []}
    func = namespace.get(exercise.function)
    if func is None:
        known = {e.function for e in exercises().values()}
        record.update(defined="missing", similar=_similar(exercise.function, namespace, known))
        return record
    if not callable(func):
        record["defined"] = f"not callable: {type(func).__name__}"
        return record
    record["signature"] = signature_data(func)
    used = names_used(func)
    record["uses"] = sorted(exercises()[n].function for n in exercise.uses if exercises()[n].function in used)
    try:
        record["reaches"] = reached(func, exercise.forbidden)
    except Exception:  # a function whose code cannot be read is only watched while it runs
        record["reaches"] = []
    snapshot = _snapshot(_guarded_modules())
    for data in requests:
        outcome = call(func, decode_args(data), names=exercise.parameters, forbidden=exercise.forbidden,
                       time_limit=time_limit, guard=False)
        record["calls"].append(outcome.to_json())
        if outcome.timed_out or outcome.not_written is not None:
            break  # one endless loop is enough; an unwritten function says so once
    replaced = _tampered(snapshot)
    if replaced and record["calls"]:
        record["calls"][-1]["tampered"] += replaced
    return record


def run_chapter(chapter: int, namespace: Mapping[str, Any], requests: Mapping[str, Sequence[list]],
                time_limit: float | None = None) -> dict:
    """The run records of a chapter's exercises for ``requests`` ({number: [encoded args, ...]}), as JSON data."""
    from .registry import exercises

    table = exercises(chapter)
    return {number: run_exercise(table[number], namespace, list(args), time_limit)
            for number, args in requests.items() if number in table}
