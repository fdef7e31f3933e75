"""The XOR network of chapter 7 as a diagram: the slides' OR, NAND and AND neurons, or learned weights."""
from __future__ import annotations

from typing import Optional

import numpy as np

from .draw import draw_graph
from .graph import Diagram, Edge, Node
from .text import format_value, sub


#: The slides' XOR network: hidden OR (20, 20; −10) and NAND (−20, −20; 30), output AND (20, 20; −30).
XOR_WEIGHTS = (np.array([[20.0, -20.0], [20.0, -20.0]]), np.array([[20.0], [20.0]]))
XOR_BIASES = (np.array([-10.0, 30.0]), np.array([-30.0]))


def xor_network_graph(weights=None, biases=None, *, inputs=None, hidden_names=None,
                      output_name: Optional[str] = None, title: Optional[str] = None, figsize=None,
                      ax=None, target=None) -> Diagram:
    """The 2-k-1 XOR network: x₁, x₂ → k sigmoid neurons → one sigmoid neuron → y.

    ``weights`` = (W1, W2) with W1 of shape (2 × k) — W1[i, j] is the weight from input xᵢ₊₁
    to hidden neuron j+1 — and W2 of shape (k × 1); ``biases`` = (b1 of k, b2 of 1).
    ``weights`` may instead be a parameter dict {"W1", "b1", "W2", "b2"} as used by
    :mod:`lecture_lib.xor` (e.g. ``hand_set_xor_params()`` or a trained network); then leave
    ``biases`` out. Default: the slides' OR, NAND and AND neurons (:data:`XOR_WEIGHTS`,
    :data:`XOR_BIASES`), named so. Weights are written on the arrows, biases in the neurons.
    ``inputs`` (optional, (x₁, x₂)) runs the network forward and writes each neuron's output
    σ(w·x + b) in its box and the network's output in y.
    """
    slides = weights is None and biases is None
    W1, b1, W2, b2 = xor_parameters(weights, biases)
    k = W1.shape[1]
    if hidden_names is None:
        hidden_names = ("OR", "NAND") if slides else ("",) * k
    if output_name is None:
        output_name = "AND" if slides else ""
    if len(hidden_names) != k:
        raise ValueError(f"hidden_names must name the {k} hidden neurons, got {len(hidden_names)} names")
    x_values, hidden_out, out = _run(inputs, W1, b1, W2, b2)
    nodes = [Node("x1", "x₁", "input", x_values[0]), Node("x2", "x₂", "input", x_values[1])]
    for j in range(k):
        nodes.append(Node(f"h{j + 1}", _neuron_label(f"h{sub(j + 1)}: ", hidden_names[j]), "op",
                          _neuron_text(b1[j], None if hidden_out is None else hidden_out[j])))
    nodes.append(Node("o", _neuron_label("", output_name), "op", _neuron_text(b2[0], out)))
    nodes.append(Node("y", "y", "output", out))
    edges = [Edge(f"x{i + 1}", f"h{j + 1}", label=f"w = {format_value(W1[i, j])}", label_pos=0.28)
             for i in range(2) for j in range(k)]
    edges += [Edge(f"h{j + 1}", "o", label=f"w = {format_value(W2[j, 0])}", label_pos=0.5) for j in range(k)]
    edges.append(Edge("o", "y"))
    return draw_graph(nodes, edges, title=title, figsize=figsize, ax=ax, target=target)


def xor_parameters(weights=None, biases=None):
    """(W1 2×k, b1 of k, W2 k×1, b2 of 1) as float arrays from what :func:`xor_network_graph` accepts."""
    if isinstance(weights, dict):
        if biases is not None:
            raise ValueError("give either a parameter dict {'W1', 'b1', 'W2', 'b2'} or weights and biases, not both")
        missing = [k for k in ("W1", "b1", "W2", "b2") if k not in weights]
        if missing:
            raise ValueError(f"the parameter dict is missing {missing}; it needs W1, b1, W2, b2")
        W1, W2, b1, b2 = weights["W1"], weights["W2"], weights["b1"], weights["b2"]
    else:
        W1, W2 = XOR_WEIGHTS if weights is None else weights
        b1, b2 = XOR_BIASES if biases is None else biases
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    b1, b2 = np.asarray(b1, dtype=float).reshape(-1), np.asarray(b2, dtype=float).reshape(-1)
    k = W1.shape[1] if W1.ndim == 2 else -1
    if W1.ndim != 2 or W1.shape[0] != 2 or W2.shape not in ((k, 1), (k,)) or b1.shape != (k,) or b2.shape != (1,):
        raise ValueError(f"the XOR network needs W1 (2×k), W2 (k×1), b1 (k), b2 (1); got W1 {W1.shape}, "
                         f"W2 {W2.shape}, b1 {b1.shape}, b2 {b2.shape}")
    return W1, b1, W2.reshape(k, 1), b2


def _run(inputs, W1, b1, W2, b2):
    """((x₁, x₂), hidden outputs, network output) for ``inputs``, or ((None, None), None, None)."""
    from ..functions import sigmoid

    if inputs is None:
        return (None, None), None, None
    x = np.asarray(inputs, dtype=float).reshape(-1)
    if x.shape != (2,):
        raise ValueError(f"inputs must be two numbers (x₁, x₂), got shape {x.shape}")
    hidden_out = sigmoid(x @ W1 + b1)
    return (float(x[0]), float(x[1])), hidden_out, float(sigmoid(hidden_out @ W2 + b2)[0])


def _neuron_text(bias, output):
    text = f"b = {format_value(float(bias))}"
    return text if output is None else f"{text}\nout {format_value(float(output))}"


def _neuron_label(prefix, name):
    return f"{prefix}σ {name}".rstrip()
