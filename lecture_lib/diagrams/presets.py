"""The course's diagrams, one function per picture: a function box (ch. 1), chains (ch. 3), two
inputs (ch. 4), vectors and matrices (ch. 5 and 6). Each builds the graph and calls :func:`.draw.draw_graph`;
the ``*_annotated`` ones first compute the values and gradients they write with :mod:`lecture_lib`.
"""
from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from .draw import draw_graph
from .graph import Diagram, Edge, Node
from .text import format_value, named, optional_list, pretty, sub


def function_box(name: str = "f", *, input_label: str = "x", output_label: Optional[str] = None,
                 input_value=None, output_value=None, title: Optional[str] = None, figsize=None,
                 ax=None, target=None) -> Diagram:
    """A function as a box: ``x → [f] → f(x)``, optionally with a number going in and coming out."""
    output_label = output_label if output_label is not None else f"{name}({input_label})"
    nodes = [Node("in", input_label, "input", input_value), Node("f", name, "op"),
             Node("out", output_label, "output", output_value)]
    return draw_graph(nodes, [Edge("in", "f"), Edge("f", "out")], title=title, figsize=figsize, ax=ax, target=target)


def chain(names: Sequence[str] = ("f1", "f2"), values=None, grads=None, *, input_label: str = "x",
          output_label: str = "y", local_grads=None, backward: Optional[bool] = None,
          title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """A chain ``x → f₁ → f₂ → … → fₙ → y`` of any length n ≥ 1.

    ``values`` (optional, n + 1 entries: what :func:`lecture_lib.chain_forward` returns,
    u₀ = x, u₁ = f₁(x), …): u₀ is written in the input box, u₁ … uₙ₋₁ on the arrows between
    the functions, uₙ in the output box.
    ``grads`` (optional, n + 1 entries): dy/du₀ (= dy/dx), dy/du₁, …, dy/duₙ (= 1), written
    on the backward arrow that carries each — arrow k goes back from fₖ₊₁ (or y) to fₖ (or x).
    ``local_grads`` (optional, n entries, f₁′(u₀) … fₙ′(uₙ₋₁)) add a line "×fₖ′ = …" to the
    gradient on the arrow going into fₖ, so the reader sees each multiplication of the chain rule.
    The backward pass is drawn when ``grads`` is given (or ``backward=True``).
    """
    names = list(names)
    if not names or not all(isinstance(n, str) for n in names):
        raise ValueError(f"names must be a non-empty list of function names (strings), got {names!r}")
    n = len(names)
    values = optional_list(values, n + 1, "values (u₀ = x, then one per function)")
    grads = optional_list(grads, n + 1, "grads (dy/du₀ … dy/duₙ)")
    local_grads = optional_list(local_grads, n, "local_grads (one per function)")
    if backward is None:
        backward = any(g is not None for g in grads)
    nodes = [Node("x", input_label, "input", values[0])]
    nodes += [Node(f"f{k}", pretty(name), "op") for k, name in enumerate(names, start=1)]
    nodes.append(Node("y", output_label, "output", values[n]))
    ids = [node.id for node in nodes]
    edges = []
    for k in range(n + 1):
        label = None
        if 0 < k < n and values[k] is not None:
            label = f"u{sub(k)} = {format_value(values[k], 4)}"
        grad = None
        if grads[k] is not None:
            name = "x" if k == 0 else ("y" if k == n else f"u{sub(k)}")
            grad = f"dy/d{name} = {format_value(grads[k], 4)}"
            if k < n and local_grads[k] is not None:
                grad = f"×{pretty(names[k])}′ = {format_value(local_grads[k], 4)}\n{grad}"
        edges.append(Edge(ids[k], ids[k + 1], grad=grad, label=label))
    return draw_graph(nodes, edges, title=title, backward=backward, figsize=figsize, ax=ax, target=target)


def chain_annotated(functions: Sequence, x, *, names: Optional[Sequence[str]] = None,
                    title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """The chain of ``functions`` at the number ``x``, annotated from an actual computation.

    Runs :func:`lecture_lib.chain_forward` (u₀ = x, uₖ = fₖ(uₖ₋₁), written forward) and
    :func:`lecture_lib.chain_backward` (local derivatives fₖ′(uₖ₋₁)), and writes the
    accumulated gradients dy/duₖ = fₙ′(uₙ₋₁) × … × fₖ₊₁′(uₖ) on the backward arrows, so the
    gradient on the first arrow, dy/dx, is the chain rule's product.
    """
    from ..calculus import chain_backward, chain_forward

    functions = list(functions)
    x_array = np.asarray(x, dtype=float)
    if x_array.size != 1:
        raise ValueError(f"chain_annotated draws one number going through the chain; x has shape {x_array.shape}")
    values = chain_forward(functions, x_array.reshape(()))
    local_last_first = chain_backward(functions, values)
    local = [float(v) for v in reversed(local_last_first)]  # f₁′(u₀) … fₙ′(uₙ₋₁)
    n = len(functions)
    grads = [1.0] * (n + 1)
    for k in range(n - 1, -1, -1):
        grads[k] = grads[k + 1] * local[k]
    if names is None:
        names = [getattr(f, "__name__", f"f{k}") for k, f in enumerate(functions, start=1)]
    return chain(names, [float(v) for v in values], grads, local_grads=local, title=title,
                 figsize=figsize, ax=ax, target=target)


def two_input_graph(op: str = "+", values: Optional[dict] = None, grads: Optional[dict] = None, *,
                    sigma_label: str = "σ", backward: Optional[bool] = None, title: Optional[str] = None,
                    figsize=None, ax=None, target=None) -> Diagram:
    """``(x, y) → α → σ → s`` with α(x, y) = x + y (``op="+"``), or ``(x, y) → β → σ → s`` with
    β(x, y) = x × y (``op="×"``, also "*"): the names chapter 4 gives the two combinations.

    ``values`` (optional) {"x", "y", "a", "s"}: x and y in the input boxes, a = α(x, y) on the
    arrow α → σ, s in the output box. ``grads`` (optional) {"x", "y", "a"}: ds/dx, ds/dy, ds/da
    on the backward arrows (drawn when grads are given or ``backward=True``).
    """
    if op in ("*", "x", "·"):
        op = "×"
    if op not in ("+", "×"):
        raise ValueError(f"op must be '+' or '×' (or '*'), got {op!r}")
    values = dict(values or {})
    grads = dict(grads or {})
    for what, given, allowed in (("values", values, {"x", "y", "a", "s"}), ("grads", grads, {"x", "y", "a"})):
        unknown = set(given) - allowed
        if unknown:
            raise ValueError(f"{what} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    if backward is None:
        backward = bool(grads)
    a_label = "a" if values.get("a") is None else f"a = {format_value(values['a'], 4)}"

    def g(key, name):
        return None if grads.get(key) is None else f"ds/d{name} = {format_value(grads[key], 4)}"

    nodes = [Node("x", "x", "input", values.get("x")), Node("y", "y", "input", values.get("y")),
             Node("alpha", f"{'α' if op == '+' else 'β'}: x {op} y", "op"), Node("sigma", sigma_label, "op"),
             Node("s", "s", "output", values.get("s"))]
    edges = [Edge("x", "alpha", grad=g("x", "x")), Edge("y", "alpha", grad=g("y", "y")),
             Edge("alpha", "sigma", grad=g("a", "a"), label=a_label), Edge("sigma", "s")]
    return draw_graph(nodes, edges, title=title, backward=backward, figsize=figsize, ax=ax, target=target)


def two_input_annotated(x: float, y: float, op: str = "+", sigma=None, *, title: Optional[str] = None,
                        figsize=None, ax=None, target=None) -> Diagram:
    """:func:`two_input_graph` at numbers x, y, annotated with the lecture's forward and backward functions."""
    from .. import multi_input
    from ..calculus import derivative_of
    from ..functions import sigmoid

    sigma = sigmoid if sigma is None else sigma
    multiply = op in ("×", "*", "x", "·")
    if not multiply and op != "+":
        raise ValueError(f"op must be '+' or '×' (or '*'), got {op!r}")
    xv, yv = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xv.size != 1 or yv.size != 1:
        raise ValueError(f"two_input_annotated draws one number per input; got shapes {xv.shape} and {yv.shape}")
    if multiply:
        s = multi_input.multiple_inputs_multiply(xv, yv, sigma)
        dsdx, dsdy = multi_input.multiple_inputs_multiply_backward(xv, yv, sigma)
        a = xv * yv
    else:
        s = multi_input.multiple_inputs_add(xv, yv, sigma)
        dsdx, dsdy = multi_input.multiple_inputs_add_backward(xv, yv, sigma)
        a = xv + yv
    dsda = derivative_of(sigma)(a)
    return two_input_graph("×" if multiply else "+",
                           values={"x": float(xv), "y": float(yv), "a": float(a), "s": float(s)},
                           grads={"x": float(dsdx), "y": float(dsdy), "a": float(dsda)},
                           title=title, figsize=figsize, ax=ax, target=target)


def matrix_graph(*, with_sum: bool = True, values: Optional[dict] = None, grads: Optional[dict] = None,
                 shapes: Optional[dict] = None, sigma_label: str = "σ", backward: Optional[bool] = None,
                 title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """``(X, W) → ν → σ → S`` and, with ``with_sum=True``, ``… → σ → Λ → L`` (L = sum of S).

    ``values`` (optional) {"X", "W", "N", "S", "L"}: X, W in the input boxes, N and S on the
    arrows, L (or S without the sum) in the output box. ``grads`` (optional)
    {"X", "W", "N", "S"}: dL/dX, dL/dW, dL/dN, dL/dS on the backward arrows.
    ``shapes`` (optional) {"X": (3, 3), ...} writes shapes where no values are given.
    Arrays with few entries are written in full, bigger ones as their shape (see :func:`format_value`).
    """
    values = dict(values or {})
    grads = dict(grads or {})
    shapes = dict(shapes or {})
    allowed_values = {"X", "W", "N", "S", "L"} if with_sum else {"X", "W", "N", "S"}
    allowed_grads = {"X", "W", "N", "S"} if with_sum else {"X", "W", "N"}
    for what, given, allowed in (("values", values, allowed_values), ("grads", grads, allowed_grads),
                                 ("shapes", shapes, allowed_values)):
        unknown = set(given) - allowed
        if unknown:
            raise ValueError(f"{what} has unknown keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    if backward is None:
        backward = bool(grads)
    out = "L" if with_sum else "S"

    def shown(key, max_entries):
        if values.get(key) is not None:
            return values[key]
        if key in shapes:
            return "×".join(str(s) for s in shapes[key])
        return None

    def forward_label(key):
        v = shown(key, 4)
        return key if v is None else named(key, v, 4)

    def grad_label(key):
        if grads.get(key) is None:
            return None
        return named(f"d{out}/d{key}", grads[key], 4)

    nodes = [Node("X", "X", "input", shown("X", 9)), Node("W", "W", "input", shown("W", 9)),
             Node("nu", "ν: X·W", "op"), Node("sigma", sigma_label, "op")]
    edges = [Edge("X", "nu", grad=grad_label("X")), Edge("W", "nu", grad=grad_label("W")),
             Edge("nu", "sigma", grad=grad_label("N"), label=forward_label("N"))]
    if with_sum:
        nodes += [Node("Lambda", "Λ: sum", "op"), Node("L", "L", "output", shown("L", 1))]
        edges += [Edge("sigma", "Lambda", grad=grad_label("S"), label=forward_label("S")),
                  Edge("Lambda", "L")]
    else:
        nodes.append(Node("S", "S", "output", shown("S", 9)))
        edges.append(Edge("sigma", "S"))
    return draw_graph(nodes, edges, title=title, backward=backward, figsize=figsize, ax=ax, target=target)


def vector_graph(*, values: Optional[dict] = None, grads: Optional[dict] = None, shapes: Optional[dict] = None,
                 sigma_label: str = "σ", backward: Optional[bool] = None, title: Optional[str] = None,
                 figsize=None, ax=None, target=None) -> Diagram:
    """``(X, W) → ν → σ → S`` (chapter 5): :func:`matrix_graph` without the sum Λ."""
    return matrix_graph(with_sum=False, values=values, grads=grads, shapes=shapes, sigma_label=sigma_label,
                        backward=backward, title=title, figsize=figsize, ax=ax, target=target)


def matrix_graph_annotated(X, W, sigma=None, *, title: Optional[str] = None, figsize=None, ax=None, target=None) -> Diagram:
    """``(X, W) → ν → σ → Λ → L`` annotated from an actual computation with :mod:`lecture_lib.matrix`.

    Forward: N = X·W, S = σ(N), L = sum(S) (``matrix_function_forward_sum``). Backward:
    dL/dS = ones, dL/dN = dL/dS ⊙ σ′(N), dL/dX (``matrix_function_backward_sum_1``),
    dL/dW (``matrix_function_backward_sum_2``). Shapes are always written; values where an
    array has at most 9 entries (inputs) or 4 entries (arrows).
    """
    from .. import matrix
    from ..calculus import derivative_of
    from ..functions import sigmoid

    sigma = sigmoid if sigma is None else sigma
    N = matrix.matmul_forward(X, W)
    S = matrix.matrix_forward_extra(X, W, sigma)
    L = matrix.matrix_function_forward_sum(X, W, sigma)
    dLdS = np.ones_like(S)
    dLdN = dLdS * derivative_of(sigma)(N)
    dLdX = matrix.matrix_function_backward_sum_1(X, W, sigma)
    dLdW = matrix.matrix_function_backward_sum_2(X, W, sigma)
    return matrix_graph(values={"X": np.asarray(X, dtype=float), "W": np.asarray(W, dtype=float),
                                "N": N, "S": S, "L": L},
                        grads={"X": dLdX, "W": dLdW, "N": dLdN, "S": dLdS},
                        sigma_label=getattr(sigma, "__name__", "σ") if sigma is not sigmoid else "σ",
                        title=title, figsize=figsize, ax=ax, target=target)

