"""Derivatives and the chain rule (slides sections 4 and 5).

``deriv`` is the central difference the slides define; the chain functions run a
*forward pass* (each function applied in turn, every intermediate kept) and a
*backward pass* (the local derivatives, evaluated at the kept intermediates,
multiplied together).
"""
from __future__ import annotations

from typing import Callable, List, Sequence

import numpy as np

from ._validate import (
    as_float_array,
    check_callable,
    check_chain,
    check_positive,
    elementwise,
)
from .functions import ANALYTIC_DERIVATIVES, Array_Function

#: A chain is a list of functions, applied first to last (the slides'
#: ``Chain``).
Chain = List[Array_Function]


def deriv(func: Array_Function, input_: np.ndarray,
          delta: float = 0.001) -> np.ndarray:
    """Central difference, elementwise:

        df/du(a) ≈ (f(a + Δ) − f(a − Δ)) / (2Δ)

    ``input_`` may have any shape; the result has the same shape. Its error
    is of order Δ² for smooth ``func`` (plus round-off of order ε/Δ).
    """
    func, input_, delta = _deriv_arguments(func, input_, delta)
    return (func(input_ + delta) - func(input_ - delta)) / (2 * delta)


def _deriv_arguments(func, input_, delta):
    """deriv's inputs, checked (clear errors): its body is the formula alone."""
    return (elementwise(func, "func"), as_float_array(input_, "input_"),
            check_positive(delta, "delta"))


def difference_errors(func: Array_Function, analytic: Array_Function,
                      a: float, deltas) -> tuple:
    """How far the forward and the central difference of ``func`` at x = a
    are from ``analytic(a)``.

    For each Δ in the 1-D array ``deltas``: |(f(a + Δ) − f(a))/Δ − f'(a)|
    and |deriv(f, a, Δ) − f'(a)|. Returns ``(forward_errors,
    central_errors)``, arrays the shape of ``deltas``.
    """
    check_callable(func, "func")
    check_callable(analytic, "analytic")
    deltas = as_float_array(deltas, "deltas")
    for d in deltas.ravel():
        check_positive(float(d), "every delta")
    a = float(as_float_array(a, "a"))
    exact = float(analytic(np.array(a)))
    fa = float(func(np.array(a)))
    forward = np.array([abs((float(func(np.array(a + d))) - fa) / d - exact)
                        for d in deltas])
    central = np.array([abs(float(deriv(func, np.array(a), float(d))) - exact)
                        for d in deltas])
    return forward, central


def derivative_of(func: Array_Function) -> Array_Function:
    """The derivative of ``func``: the analytic one for the lecture's functions,
    else a central difference."""
    check_callable(func, "func")
    if getattr(func, "_lecture_lib_elementwise", False):
        func = getattr(func, "__wrapped__", func)  # checked already: unwrap
    if func in ANALYTIC_DERIVATIVES:
        return ANALYTIC_DERIVATIVES[func]
    return lambda u: deriv(func, u)


def _local_derivatives(chain: Sequence[Callable], derivatives) -> list:
    """The derivative to use for each link: the ones given, or
    :func:`derivative_of` each function."""
    if derivatives is None:
        return [derivative_of(f) for f in chain]
    derivatives = check_chain(derivatives, name="derivatives")
    if len(derivatives) != len(chain):
        raise ValueError(
            f"derivatives must give one derivative per function: chain has "
            f"length {len(chain)}, "
            f"derivatives has length {len(derivatives)}"
        )
    return derivatives


def chain_forward(chain: Chain, x: np.ndarray) -> list:
    """Forward pass: ``[x, f1(x), f2(f1(x)), ...]``, the input and every
    intermediate value, kept for the backward pass."""
    chain = check_chain(chain)
    values = [as_float_array(x, "x")]
    for func in chain:
        values.append(func(values[-1]))
    return values


def chain_backward(chain: Chain, forward_values: list,
                   derivatives=None) -> list:
    """Backward pass: each link's local derivative at its input, last first.

    Returns ``[f_n'(u_{n-1}), ..., f_1'(u_0)]`` where ``u_k`` are the kept
    forward values; their product is the derivative of the whole chain.
    """
    chain = check_chain(chain)
    if len(forward_values) != len(chain) + 1:
        raise ValueError(
            f"forward_values must hold the input and one value per function "
            f"({len(chain) + 1} values), got {len(forward_values)}"
        )
    local = _local_derivatives(chain, derivatives)
    return [local[k](forward_values[k]) for k in reversed(range(len(chain)))]


def chain_apply(chain: Chain, x: np.ndarray) -> np.ndarray:
    """f_n(...f_2(f_1(x))): a chain of any length applied to ``x``."""
    return chain_forward(chain, x)[-1]


def chain_deriv(chain: Chain, x: np.ndarray, derivatives=None) -> np.ndarray:
    """Chain rule for a chain of any length n ≥ 1, elementwise:

        d/dx f_n(...f_1(x)) = f_n'(u_{n-1}) × ... × f_2'(u_1) × f_1'(u_0)

    with u_0 = x, u_k = f_k(u_{k-1}). The local derivatives are
    ``derivatives[k]`` if given, else :func:`derivative_of` each function
    (analytic for the lecture's functions, central difference for others).
    The backward pass multiplies them from the output back to the input.
    """
    values = chain_forward(chain, x)
    result = np.ones_like(values[0])
    for local in chain_backward(chain, values, derivatives):
        result = result * local
    return result


def chain_length_2(chain: Chain, a: np.ndarray) -> np.ndarray:
    """f2(f1(a)): two functions in a row (the slides' version uses an
    undefined ``x`` instead of its argument ``a``)."""
    f1, f2 = check_chain(chain, 2)
    return f2(f1(as_float_array(a, "a")))


def chain_length_3(chain: Chain, a: np.ndarray) -> np.ndarray:
    """f3(f2(f1(a))): three functions in a row."""
    f1, f2, f3 = check_chain(chain, 3)
    return f3(f2(f1(as_float_array(a, "a"))))


def chain_deriv_2(chain: Chain, input_range: np.ndarray) -> np.ndarray:
    """(f2(f1(x)))' = f2'(f1(x)) × f1'(x), elementwise: the slides' listing,
    corrected (f1(x) computed once; an input of any shape)."""
    f1, f2 = check_chain(chain, 2)
    x = as_float_array(input_range, "input_range")
    # forward pass: f1(x), kept
    f1_of_x = f1(x)
    # backward pass: the local derivatives, from the output back
    df2du = derivative_of(f2)(f1_of_x)  # df2/du at f1(x)
    df1dx = derivative_of(f1)(x)  # df1/du at x
    return df2du * df1dx


def chain_deriv_3(chain: Chain, input_range: np.ndarray) -> np.ndarray:
    """(f3(f2(f1(x))))' = f3'(f2(f1(x))) × f2'(f1(x)) × f1'(x), elementwise:
    the slides' listing, corrected."""
    f1, f2, f3 = check_chain(chain, 3)
    x = as_float_array(input_range, "input_range")
    # forward pass: every intermediate value, computed once and kept
    f1_of_x = f1(x)
    f2_of_x = f2(f1_of_x)
    # backward pass: the local derivatives at the kept values, output first
    df3du = derivative_of(f3)(f2_of_x)
    df2du = derivative_of(f2)(f1_of_x)
    df1dx = derivative_of(f1)(x)
    return df3du * df2du * df1dx
