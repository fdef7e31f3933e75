"""Values as plain JSON: what crosses from the process that runs a student's code to the one that judges it.

A check has two phases (see :mod:`lecture_lib.exercises`): the *run* phase calls the student's
function and records what happened; the *judge* phase compares that record with the expected
values. In the grader they run in different processes, and only JSON crosses — nothing pickled,
nothing executable. In the notebook the same encoding is used, so both give the same feedback.

:func:`encode` turns a value into JSON data that keeps what the feedback needs: the kind
(list or tuple, int or float, numpy scalar or array and its dtype), the numbers (NaN and ±inf
tagged, since JSON has none) and, for anything else, a short description (:class:`Opaque`).
:func:`decode` gives back plain Python and numpy values (never the student's own objects).
Functions that appear in the exercises' *inputs* (``sigmoid``, ``np.sin``, ``cube``, ...) are
encoded by name from :data:`INPUT_FUNCTIONS`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..functions import (
    leaky_relu,
    leaky_relu_deriv,
    relu,
    relu_deriv,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)

#: Arrays larger than this are not sent back whole (no exercise expects one).
MAX_ENTRIES = 100_000
#: Nesting deeper than this is described, not encoded.
MAX_DEPTH = 12
_TEXT = 200


def cube(x):
    """x³: a function whose central difference is not exact (its error is Δ²)."""
    return np.asarray(x, dtype=float) ** 3


def cube_deriv(x):
    """3x², the derivative of :func:`cube`."""
    return 3 * np.asarray(x, dtype=float) ** 2


def one_minus(u):
    """1 − u."""
    return 1 - np.asarray(u, dtype=float)


def one_minus_deriv(u):
    """−1 everywhere: the derivative of :func:`one_minus`."""
    return -np.ones_like(np.asarray(u, dtype=float))


#: The functions an exercise's inputs may hold, by the name that stands for them in JSON.
INPUT_FUNCTIONS = {
    "sigmoid": sigmoid, "sigmoid_deriv": sigmoid_deriv, "square": square, "square_deriv": square_deriv,
    "relu": relu, "relu_deriv": relu_deriv, "leaky_relu": leaky_relu, "leaky_relu_deriv": leaky_relu_deriv,
    "cube": cube, "cube_deriv": cube_deriv, "one_minus": one_minus, "one_minus_deriv": one_minus_deriv,
    "np.sin": np.sin, "np.cos": np.cos, "np.exp": np.exp,
}
_FUNCTION_NAMES = {id(f): name for name, f in INPUT_FUNCTIONS.items()}


@dataclass(frozen=True)
class Opaque:
    """A value that is not data the judge compares: its kind in words, a short repr, and a name if callable."""

    kind: str
    text: str = ""
    callable_name: str | None = None

    def __repr__(self) -> str:
        return self.text or self.kind


def _kind(value: Any) -> str:
    names = {str: "a string", list: "a list", tuple: "a tuple", dict: "a dict", set: "a set", bytes: "bytes"}
    if isinstance(value, np.ndarray):
        if type(value) is not np.ndarray:
            return f"a {type(value).__name__} (a subclass of numpy's array)"
        return f"a numpy array of {value.dtype}"
    if isinstance(value, np.generic):
        return f"a numpy {type(value).__name__}"
    if type(value).__name__ == "generator":
        return "a generator"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    if callable(value):
        return "a function"
    return names.get(type(value), f"a {type(value).__name__}")


def _safe_repr(value: Any) -> str:
    try:
        text = object.__repr__(value) if not isinstance(value, (str, bytes, set, frozenset)) else repr(value)
    except Exception:
        text = ""
    return text if len(text) <= _TEXT else text[: _TEXT - 3] + "..."


def _number(value: float):
    value = float(value)
    return value if math.isfinite(value) else {"float": repr(value)}


def encode(value: Any, depth: int = 0) -> Any:
    """JSON data for ``value`` (see the module's docstring); never calls the value's own methods."""
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is int:
        return {"int": str(value)} if abs(value) > 2 ** 53 else value
    if kind is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if depth > MAX_DEPTH:
        return {"opaque": "a value nested too deeply"}
    if kind is str:
        return {"str": value[:_TEXT]}
    if kind in (list, tuple):
        if len(value) > MAX_ENTRIES:
            return {"opaque": f"{_kind(value)} of {len(value)} items"}
        return {kind.__name__: [encode(v, depth + 1) for v in value]}
    if kind is dict:
        if len(value) > 1000:
            return {"opaque": f"a dict of {len(value)} items"}
        return {"dict": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]}
    if kind is np.ndarray and value.dtype.kind in "biuf" and value.dtype.isnative:
        if value.size > MAX_ENTRIES:
            return {"opaque": f"a numpy array of shape {value.shape} (too large to compare)"}
        flat = value.ravel().tolist()
        if value.dtype.kind == "f":
            flat = [_number(v) for v in flat]
        return {"array": flat, "shape": list(value.shape), "dtype": value.dtype.name}
    if isinstance(value, np.generic) and type(value) is value.dtype.type and value.dtype.kind in "biuf":
        item = value.item()
        return {"scalar": value.dtype.name, "v": _number(item) if value.dtype.kind == "f" else item}
    if id(value) in _FUNCTION_NAMES:
        return {"fn": _FUNCTION_NAMES[id(value)]}
    name = getattr(value, "__name__", None) if callable(value) else None
    return {"opaque": _kind(value), "text": _safe_repr(value),
            "callable": name if isinstance(name, str) else ("" if callable(value) else None)}


def _tagged_float(text: str) -> float:
    if text not in ("nan", "inf", "-inf"):
        raise ValueError(f"not a tagged float: {text!r}")
    return float(text)


def decode(data: Any, depth: int = 0) -> Any:
    """The plain value for JSON ``data`` made by :func:`encode`; ValueError for anything else."""
    if depth > MAX_DEPTH + 2:
        raise ValueError("nested too deeply")
    if data is None or isinstance(data, bool):
        return data
    if isinstance(data, int):
        return data
    if isinstance(data, float):
        return data  # (a JSON number written by hand: accepted as a float)
    if not isinstance(data, dict) or not data:
        raise ValueError(f"not an encoded value: {type(data).__name__}")
    tag = next(iter(data))
    body = data[tag]
    if tag == "int":
        return int(body)
    if tag == "float":
        return _tagged_float(body)
    if tag == "str":
        return str(body)
    if tag in ("list", "tuple"):
        if not isinstance(body, list):
            raise ValueError(f"{tag} must hold a list")
        items = [decode(v, depth + 1) for v in body]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        result = {}
        for pair in body:
            key = decode(pair[0], depth + 1)
            try:
                hash(key)
            except TypeError:
                key = repr(key)
            result[key] = decode(pair[1], depth + 1)
        return result
    if tag == "array":
        dtype = np.dtype(data["dtype"])
        if dtype.kind not in "biuf":
            raise ValueError(f"unexpected dtype {dtype}")
        flat = [_tagged_float(v["float"]) if isinstance(v, dict) and "float" in v else v for v in body]
        return np.array(flat, dtype=dtype).reshape([int(n) for n in data["shape"]])
    if tag == "scalar":
        value = data["v"]
        if isinstance(value, dict):
            value = _tagged_float(value["float"])
        return np.dtype(body).type(value)
    if tag == "fn":
        if body not in INPUT_FUNCTIONS:
            raise ValueError(f"unknown input function {body!r}")
        return INPUT_FUNCTIONS[body]
    if tag == "opaque":
        callable_name = data.get("callable")
        return Opaque(str(body), str(data.get("text") or ""),
                      str(callable_name) if callable_name is not None else None)
    raise ValueError(f"unknown tag {tag!r}")


def encode_args(args: tuple) -> list:
    return [encode(a) for a in args]


def decode_args(data: list) -> tuple:
    if not isinstance(data, list):
        raise ValueError("the arguments must be a JSON list")
    return tuple(decode(a) for a in data)


def is_function(value: Any) -> bool:
    """Whether a decoded value stands for a function (the student returned one, or an input function)."""
    if isinstance(value, Opaque):
        return value.callable_name is not None
    return callable(value) and not isinstance(value, np.ndarray)
