"""How a diagram writes values: numbers, vectors and matrices as short texts, subscripts, names."""
from __future__ import annotations

import re
from numbers import Number
from typing import Optional

import numpy as np


def _number(x) -> str:
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.3g}"
    return text


def format_value(value, max_entries: int = 9) -> Optional[str]:
    """The text a diagram writes for ``value``.

    None → None; a string as it is; a number with 3 significant digits ("0.389");
    a 1-D array of at most 4 entries in full ("[1, 2, 3]"), longer ones as "length n";
    a matrix as its shape ("3×2"), followed by one line per row (2 decimals) when it has
    at most ``max_entries`` entries; a 1×1 matrix as "1×1: 0.389".
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (Number, np.number)):
        return _number(value)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"a diagram value must be a number, an array of numbers or a string, got {type(value).__name__}"
        ) from error
    if array.ndim == 0:
        return _number(array)
    if array.ndim == 1:
        if array.size <= 4:
            return "[" + ", ".join(_number(v) for v in array) + "]"
        return f"length {array.size}"
    if array.ndim == 2:
        m, n = array.shape
        shape = f"{m}×{n}"
        if array.size == 1:
            return f"{shape}: {_number(array[0, 0])}"
        if array.size <= max_entries:
            rows = ["[" + " ".join(f"{v:6.2f}" for v in row) + "]" for row in array]
            return shape + "\n" + "\n".join(rows)
        return shape
    return "×".join(str(s) for s in array.shape)



SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(k: int) -> str:
    return str(k).translate(SUBSCRIPTS)


def pretty(name: str) -> str:
    """'f1' → 'f₁' (trailing digits as subscripts)."""
    head = name.rstrip("0123456789")
    tail = name[len(head):]
    return head + tail.translate(SUBSCRIPTS) if head and tail else name


def optional_list(items, length: int, what: str):
    if items is None:
        return [None] * length
    items = list(items)
    if len(items) != length:
        raise ValueError(f"{what} must have {length} entries, got {len(items)}")
    return items


SHAPE_PREFIX = re.compile(r"^\d+×\d+")


def named(name: str, value, max_entries: int) -> str:
    """'N 3×2' (with rows under it when small), 'N 1×1: 0.5', 'L = 1.23', 'N = [1, 2]'."""
    text = format_value(value, max_entries=max_entries)
    if text is None:
        return name
    if SHAPE_PREFIX.match(text):
        return f"{name} {text}"
    return f"{name} = {text}"

