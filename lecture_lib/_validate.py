"""Input checks shared by every public function.

Each check raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind,
wrong shape or value) with a message that names what was received and what was
expected, so a student never meets a bare ``assert`` or a numpy traceback.
"""
from __future__ import annotations

import functools
from numbers import Real

import numpy as np


def as_float_array(value, name: str) -> np.ndarray:
    """Return ``value`` as a float ndarray, or raise naming ``name`` and the type received."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a number or an array of numbers, got {type(value).__name__} {value!r}")
    if isinstance(value, np.ndarray):
        array = value
    else:
        try:
            array = np.asarray(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"{name} must be a number or an array of numbers, got {type(value).__name__}"
            ) from exc
    if array.dtype == bool or not (np.issubdtype(array.dtype, np.number)):
        raise TypeError(
            f"{name} must hold numbers, got an array of dtype {array.dtype} "
            f"(from {type(value).__name__})"
        )
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got complex dtype {array.dtype}")
    return array.astype(float, copy=False)


def as_matrix(value, name: str) -> np.ndarray:
    """Return ``value`` as a 2-D float array, or raise naming its actual number of dimensions."""
    array = as_float_array(value, name)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array (rows x columns), got {array.ndim}-D with shape {array.shape}"
        )
    return array


def check_matmul_shapes(X: np.ndarray, W: np.ndarray, x_name: str = "X", w_name: str = "W") -> None:
    """Raise if ``X @ W`` is undefined: columns of X must equal rows of W."""
    if X.shape[1] != W.shape[0]:
        raise ValueError(
            f"cannot multiply {x_name} {X.shape} by {w_name} {W.shape}: the number of columns of "
            f"{x_name} ({X.shape[1]}) must equal the number of rows of {w_name} ({W.shape[0]})"
        )


def check_same_shape(x: np.ndarray, y: np.ndarray, x_name: str = "x", y_name: str = "y") -> None:
    """Raise if two arrays that are combined elementwise have different shapes."""
    if x.shape != y.shape:
        raise ValueError(
            f"{x_name} and {y_name} must have the same shape, got {x_name} {x.shape} and {y_name} {y.shape}"
        )


def check_callable(func, name: str) -> None:
    """Raise TypeError unless ``func`` can be called."""
    if not callable(func):
        raise TypeError(f"{name} must be a function (callable), got {type(func).__name__} {func!r}")


def elementwise(func, name: str):
    """``func`` checked as an elementwise function: it must return numbers of its input's shape.

    A function handed to lecture_lib (a link of a chain, the ``func`` of ``deriv``, a ``sigma``)
    that sums, or returns one plain number, would otherwise give a silently wrong derivative or
    a numpy error deep inside a matrix product. The check names the function and the rule.
    """
    check_callable(func, name)
    if getattr(func, "_lecture_lib_elementwise", False):
        return func
    label = getattr(func, "__name__", type(func).__name__)

    @functools.wraps(func)
    def checked(x):
        result = func(x)
        try:
            values = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"{name} ({label}) must return numbers, but it returned "
                            f"{type(result).__name__} {result!r:.60}") from None
        if values.shape != np.shape(x):
            hint = (" — one number for many: a sum, or a math.* function where numpy's elementwise one "
                    "belongs?" if values.ndim == 0 else "")
            raise ValueError(f"{name} ({label}) must work elementwise and keep its input's shape: for an "
                             f"input of shape {np.shape(x)} it returned shape {values.shape}{hint}")
        return result

    checked._lecture_lib_elementwise = True
    return checked


def check_chain(chain, length: int | None = None, name: str = "chain") -> list:
    """Return ``chain`` as a list of elementwise-checked callables, checking its type, length and members."""
    if callable(chain) or not isinstance(chain, (list, tuple)):
        raise TypeError(
            f"{name} must be a list of functions, got {type(chain).__name__}"
        )
    if length is not None and len(chain) != length:
        raise ValueError(f"{name} must have length {length}, got a {name} of length {len(chain)}")
    if len(chain) == 0:
        raise ValueError(f"{name} must contain at least one function, got an empty {name}")
    return [elementwise(func, f"{name}[{position}]") for position, func in enumerate(chain)]


def check_positive(value, name: str) -> float:
    """Return ``value`` as a float if it is a real number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, (Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_integer(value, name: str, minimum: int, error: type = ValueError) -> int:
    """Return ``value`` as an int if it is an integer (not a bool) >= ``minimum``, else raise ``error``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise error(f"{name} must be an integer >= {minimum}, got {type(value).__name__} {value!r}")
    return int(value)
