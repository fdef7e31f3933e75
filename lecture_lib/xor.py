"""XOR: hand-set sigmoid neurons, then a 2-k-1 network whose weights are learned (chapter 7).

Shapes: X is (m × 2) — m points (x₁, x₂); Y is (m × 1) — a 0/1 target per point.
A network with k hidden units has the parameters

    W1 (2 × k),  b1 (1 × k),  W2 (k × 1),  b2 (1 × 1)

and computes, row by row,

    N1 = X·W1 + b1,  H = σ(N1),  N2 = H·W2 + b2,  P = σ(N2)        (P is m × 1).

The backward pass is the one of chapter 6 (``lecture_lib.matrix``): an elementwise
product with σ′ at each sigmoid, then matrix products with Wᵀ (towards the inputs)
and Xᵀ or Hᵀ (towards the weights) — done twice, once per layer, plus the biases.
The loss is the binary cross-entropy; see :func:`loss`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validate import as_float_array, as_matrix, check_integer, check_positive
from .functions import sigmoid
from .matrix import matmul_forward, numerical_gradient

#: The four points of the unit square, one per row (m = 4).
XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

#: Truth tables: the target for each row of XOR_INPUTS, as (4 × 1) columns.
TRUTH_TABLES = {
    "OR": np.array([[0.0], [1.0], [1.0], [1.0]]),
    "NAND": np.array([[1.0], [1.0], [1.0], [0.0]]),
    "AND": np.array([[0.0], [0.0], [0.0], [1.0]]),
    "XOR": np.array([[0.0], [1.0], [1.0], [0.0]]),
}
XOR_TARGETS = TRUTH_TABLES["XOR"]

#: The slides' neurons: (weights (w₁, w₂), bias b) for σ(w₁x₁ + w₂x₂ + b).
SLIDE_GATES = {
    "OR": (np.array([20.0, 20.0]), -10.0),
    "NAND": (np.array([-20.0, -20.0]), 30.0),
    "AND": (np.array([20.0, 20.0]), -30.0),
}

#: The order of the parameters everywhere (gradients, checks, updates).
PARAM_NAMES = ("W1", "b1", "W2", "b2")

#: The chapter's training run: seed, steps and learning rate (tests use the same).
CHAPTER_SEED = 0
CHAPTER_STEPS = 2000
CHAPTER_LEARNING_RATE = 2.0


# --------------------------------------------------------------------------- one neuron

def _weights_and_bias(w, b, n_inputs: int):
    w = as_float_array(w, "w")
    if w.shape not in ((n_inputs,), (n_inputs, 1)):
        raise ValueError(f"w must hold {n_inputs} weights (one per input column), got shape {w.shape}")
    b = as_float_array(b, "b")
    if b.size != 1:
        raise ValueError(f"b must be a single number, got shape {b.shape}")
    return w.reshape(n_inputs, 1), float(b.reshape(()))


def neuron(X: np.ndarray, w, b) -> np.ndarray:
    """One sigmoid neuron: σ(X·w + b), (m × n)(n × 1) + scalar → (m × 1).

    Row i gives σ(w₁xᵢ₁ + … + wₙxᵢₙ + b); the slides' OR: σ(20·x₁ + 20·x₂ − 10).
    """
    X = as_matrix(X, "X")
    w, b = _weights_and_bias(w, b, X.shape[1])
    return sigmoid(matmul_forward(X, w) + b)


def _num(value: float) -> str:
    """A number as the slides write it, 4 significant digits and a true minus sign: −20, 0.9723."""
    return f"{value:.4g}".replace("-", "−")


def _signed_sum(weights, x, bias) -> str:
    """The slides' form of w₁x₁ + w₂x₂ + b, e.g. "−20·0 − 20·1 + 30"."""
    text = f"{_num(weights[0])}·{_num(x[0])}"
    for value, suffix in [*((w, f"·{_num(xi)}") for w, xi in zip(weights[1:], x[1:])), (bias, "")]:
        text += f" {'−' if value < 0 else '+'} {_num(abs(value))}{suffix}"
    return text


@dataclass(frozen=True)
class TruthTable:
    """A neuron's output on each input row: σ values (m,) and the decisions 1 if σ ≥ 0.5 else 0."""

    inputs: np.ndarray
    weights: np.ndarray
    bias: float
    outputs: np.ndarray
    decisions: np.ndarray

    def __str__(self) -> str:
        inputs = ["(" + ", ".join(_num(v) for v in x) + ")" for x in self.inputs]
        sums = [f"σ({_signed_sum(self.weights, x, self.bias)}) = σ({_num(float(x @ self.weights + self.bias))})"
                for x in self.inputs]
        wi, ws = max(map(len, inputs)), max(map(len, sums))
        lines = [f"{'x':<{wi}} │ {'neuron':<{ws}} │ σ      │ decision"]
        for x, s, out, d in zip(inputs, sums, self.outputs, self.decisions):
            lines.append(f"{x:<{wi}} │ {s:<{ws}} │ {out:.4f} │ {d}")
        return "\n".join(lines)

    __repr__ = __str__


def truth_table(w, b, X: np.ndarray = XOR_INPUTS) -> TruthTable:
    """The truth table of the neuron σ(X·w + b) on the rows of X (default: XOR).

    ``outputs`` are σ values, shape (m,); ``decisions`` 1 where σ ≥ 0.5, else 0.
    """
    X = as_matrix(X, "X")
    outputs = neuron(X, w, b).ravel()
    weights, bias = _weights_and_bias(w, b, X.shape[1])
    decisions = (outputs >= 0.5).astype(int)
    return TruthTable(X, weights.ravel(), bias, outputs, decisions)


# --------------------------------------------------------------------------- the 2-k-1 network

def hand_set_xor_params() -> dict:
    """The slides' network XOR(x) = AND(OR(x), NAND(x)) as 2-2-1 parameters.

    Hidden unit 1 is OR, unit 2 is NAND (columns of W1, b1); the output is AND.
    """
    (w_or, b_or), (w_nand, b_nand), (w_and, b_and) = (
        SLIDE_GATES[g] for g in ("OR", "NAND", "AND"))
    return {
        "W1": np.column_stack([w_or, w_nand]),  # (2 × 2)
        "b1": np.array([[b_or, b_nand]]),  # (1 × 2)
        "W2": w_and.reshape(2, 1),  # (2 × 1)
        "b2": np.array([[b_and]]),  # (1 × 1)
    }


def check_params(params) -> dict:
    """Return ``params`` as float arrays after checking the keys W1, b1, W2, b2 and their shapes."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with keys {PARAM_NAMES}, got {type(params).__name__}")
    missing = [name for name in PARAM_NAMES if name not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; it needs {PARAM_NAMES}")
    p = {name: as_matrix(params[name], name) for name in PARAM_NAMES}
    n, k = p["W1"].shape
    expected = {"b1": (1, k), "W2": (k, 1), "b2": (1, 1)}
    for name, shape in expected.items():
        if p[name].shape != shape:
            raise ValueError(f"with W1 of shape {(n, k)}, {name} must have shape {shape}, got {p[name].shape}")
    return p


def _check_data(X, Y=None, n_inputs: int | None = None):
    X = as_matrix(X, "X")
    if n_inputs is not None and X.shape[1] != n_inputs:
        raise ValueError(f"X must have {n_inputs} columns (one per input of W1), got X of shape {X.shape}")
    if Y is None:
        return X
    Y = as_matrix(Y, "Y")
    if Y.shape != (X.shape[0], 1):
        raise ValueError(f"Y must have shape {(X.shape[0], 1)} (one target per row of X), got {Y.shape}")
    if not np.all((Y == 0) | (Y == 1)):
        raise ValueError("Y must hold only 0 and 1 targets")
    return X, Y


def two_layer_forward(p: dict, X: np.ndarray) -> dict:
    """The forward pass itself, on checked inputs (taught in chapter 7).

    :func:`forward` checks ``params`` and ``X`` and calls it; :func:`train`
    checks its inputs once, then calls it at every step.
    """
    N1 = X @ p["W1"] + p["b1"]  # (m × k): the bias row is added to every row
    H = sigmoid(N1)  # (m × k)
    N2 = H @ p["W2"] + p["b2"]  # (m × 1)
    return {"X": X, "N1": N1, "H": H, "N2": N2, "P": sigmoid(N2)}


def forward(params: dict, X: np.ndarray) -> dict:
    """Forward pass, keeping every intermediate for the backward pass.

    N1 = X·W1 + b1, H = σ(N1) (m × k); N2 = H·W2 + b2, P = σ(N2) (m × 1).
    Returns the dict {"X", "N1", "H", "N2", "P"}.
    """
    p = check_params(params)
    return two_layer_forward(p, _check_data(X, n_inputs=p["W1"].shape[0]))


def predict_proba(params: dict, X: np.ndarray) -> np.ndarray:
    """The network's output P = σ(σ(X·W1 + b1)·W2 + b2), shape (m × 1)."""
    return forward(params, X)["P"]


def cross_entropy(N2: np.ndarray, Y: np.ndarray) -> float:
    """The loss of :func:`loss` from N2 and Y (m × 1 each), on checked inputs.

    log σ(z) = −log(1 + e^(−z)), log(1 − σ(z)) = −log(1 + e^z): no log 0.
    Taught in chapter 7.
    """
    return float(np.mean(Y * np.logaddexp(0.0, -N2)
                         + (1 - Y) * np.logaddexp(0.0, N2)))


def loss(params: dict, X: np.ndarray, Y: np.ndarray) -> float:
    """Binary cross-entropy, one number:

    L = −(1/m) Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)].

    Computed from N2 (not from P): a saturated output gives a large finite loss,
    not log 0.
    """
    p = check_params(params)
    X, Y = _check_data(X, Y, n_inputs=p["W1"].shape[0])
    return cross_entropy(two_layer_forward(p, X)["N2"], Y)


def two_layer_backward(p: dict, cache: dict, Y: np.ndarray) -> dict:
    """The gradients of :func:`backward`, from the forward pass's ``cache``.

    On checked inputs, as :func:`two_layer_forward` (taught in chapter 7).
    """
    m = Y.shape[0]
    dN2 = (cache["P"] - Y) / m  # (m × 1): BCE after a sigmoid, σ′ cancels
    dW2 = cache["H"].T @ dN2  # (k × m)(m × 1) → (k × 1), chapter 6's Xᵀ·dL/dN
    db2 = np.sum(dN2, axis=0, keepdims=True)  # the bias multiplies ones
    dH = dN2 @ p["W2"].T  # (m × 1)(1 × k) → (m × k), as chapter 6's dL/dN·Wᵀ
    dN1 = dH * (cache["H"] * (1 - cache["H"]))  # ⊙ σ′(N1) = H(1 − H)
    dW1 = cache["X"].T @ dN1  # (2 × m)(m × k) → (2 × k)
    db1 = np.sum(dN1, axis=0, keepdims=True)  # (1 × k)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def backward(params: dict, X: np.ndarray, Y: np.ndarray) -> dict:
    """The gradient of the loss for each parameter, in that parameter's shape.

    dL/dN2 = (P − Y)/m          (m × 1)   [BCE and sigmoid: σ′ cancels]
    dL/dW2 = Hᵀ·dL/dN2   (k × 1)    dL/db2 = column sums of dL/dN2   (1 × 1)
    dL/dH  = dL/dN2·W2ᵀ         (m × k)
    dL/dN1 = dL/dH ⊙ σ′(N1)     (m × k)   [elementwise]
    dL/dW1 = Xᵀ·dL/dN1   (2 × k)    dL/db1 = column sums of dL/dN1   (1 × k)
    """
    p = check_params(params)
    X, Y = _check_data(X, Y, n_inputs=p["W1"].shape[0])
    return two_layer_backward(p, two_layer_forward(p, X), Y)


def gradient_check(params: dict, X: np.ndarray, Y: np.ndarray,
                   delta: float = 1e-5) -> dict:
    """max |analytic − central difference| per parameter: {"W1": ..., ...}.

    The numerical gradient nudges every single entry of every parameter by ±Δ
    (``lecture_lib.numerical_gradient``) and knows nothing of :func:`backward`.
    """
    p = check_params(params)
    analytic = backward(p, X, Y)
    differences = {}
    for name in PARAM_NAMES:
        def loss_of(value, name=name):
            return loss({**p, name: value}, X, Y)

        numeric = numerical_gradient(loss_of, p[name], delta)
        differences[name] = float(np.max(np.abs(analytic[name] - numeric)))
    return differences


# --------------------------------------------------------------------------- training

def init_params(seed: int, hidden: int = 2, n_inputs: int = 2) -> dict:
    """Random start: weights ~ Normal(0, 1), biases 0.

    Drawn by np.random.default_rng(seed): the same seed gives the same start.
    """
    check_integer(seed, "seed", 0, error=TypeError)
    check_integer(hidden, "hidden", 1)
    check_integer(n_inputs, "n_inputs", 1)
    rng = np.random.default_rng(seed)
    return {
        "W1": rng.normal(size=(n_inputs, hidden)),
        "b1": np.zeros((1, hidden)),
        "W2": rng.normal(size=(hidden, 1)),
        "b2": np.zeros((1, 1)),
    }


def descent_step(param: np.ndarray, grad: np.ndarray, learning_rate: float) -> np.ndarray:
    """One gradient-descent update of one parameter: param − learning_rate · grad (same shape)."""
    param = as_float_array(param, "param")
    grad = as_float_array(grad, "grad")
    if param.shape != grad.shape:
        raise ValueError(f"param and grad must have the same shape, got {param.shape} and {grad.shape}")
    return param - check_positive(learning_rate, "learning_rate") * grad


@dataclass(frozen=True)
class TrainingHistory:
    """A training run: ``losses[t]`` is the loss after t steps (length steps + 1), and the parameters."""

    seed: int
    hidden: int
    learning_rate: float
    losses: np.ndarray
    initial_params: dict
    params: dict

    @property
    def steps(self) -> int:
        return len(self.losses) - 1


def train(seed: int = CHAPTER_SEED, hidden: int = 2, steps: int = CHAPTER_STEPS,
          learning_rate: float = CHAPTER_LEARNING_RATE,
          X: np.ndarray = XOR_INPUTS,
          Y: np.ndarray = XOR_TARGETS) -> TrainingHistory:
    """Full-batch gradient descent: params ← params − learning_rate · gradient.

    ``steps`` times, from :func:`init_params(seed, hidden) <init_params>`;
    the same arguments give the same history.
    """
    check_integer(steps, "steps", 1)
    learning_rate = check_positive(learning_rate, "learning_rate")
    X, Y = _check_data(X, Y)
    start = init_params(seed, hidden, X.shape[1])
    p = dict(start)
    losses = np.empty(steps + 1)
    for t in range(steps + 1):
        cache = two_layer_forward(p, X)
        losses[t] = cross_entropy(cache["N2"], Y)
        if t == steps:
            break
        grads = two_layer_backward(p, cache, Y)
        # descent_step's update, inlined: the inputs were checked once, above.
        p = {name: p[name] - learning_rate * grads[name]
             for name in PARAM_NAMES}
    return TrainingHistory(int(seed), int(hidden), learning_rate, losses, start,
                           p)


@dataclass(frozen=True)
class ManyRuns:
    """Training runs from many seeds: per run (axis 0) its seed, final loss, accuracy and parameters."""

    seeds: np.ndarray
    final_loss: np.ndarray
    accuracy: np.ndarray
    params: dict  # W1 (s × n × k), b1 (s × 1 × k), W2 (s × k × 1), b2 (s × 1 × 1)


def _forward_many(p, X) -> dict:
    # two_layer_forward for s runs side by side, the run on the LAST axis: W1 (n × k × s), W2 (k × s).
    N1 = np.tensordot(X, p["W1"], axes=(1, 0)) + p["b1"]  # (m × k × s): X·W1 for every run at once
    H = sigmoid(N1)
    N2 = np.sum(H * p["W2"], axis=1) + p["b2"]  # (m × s): H·W2 + b2
    return {"X": X, "H": H, "N2": N2, "P": sigmoid(N2)}


def _backward_many(p, cache, Y) -> dict:
    # two_layer_backward for s runs side by side (the same formulas, the run on the last axis).
    dN2 = (cache["P"] - Y) / Y.shape[0]  # (m × s); Y (m × 1) broadcasts over the runs
    dN1 = dN2[:, None, :] * p["W2"] * cache["H"] * (1 - cache["H"])  # (m × k × s): dL/dH ⊙ σ′(N1)
    return {"W1": np.tensordot(cache["X"], dN1, axes=(0, 0)),  # Xᵀ·dL/dN1   (n × k × s)
            "b1": np.sum(dN1, axis=0),  # (k × s)
            "W2": np.sum(cache["H"] * dN2[:, None, :], axis=0),  # Hᵀ·dL/dN2   (k × s)
            "b2": np.sum(dN2, axis=0)}  # (s,)


def train_many(seeds, hidden: int = 2, steps: int = CHAPTER_STEPS,
               learning_rate: float = CHAPTER_LEARNING_RATE, X: np.ndarray = XOR_INPUTS,
               Y: np.ndarray = XOR_TARGETS) -> ManyRuns:
    """:func:`train` from every seed in ``seeds`` at once: the same start and updates, run side by side.

    All runs advance together in arrays with one more axis (the run), so a thousand seeds cost
    about as much as a few single runs. Run i ends where ``train(seeds[i], ...)`` ends.
    """
    seeds = [int(check_integer(seed, "seed", 0, error=TypeError)) for seed in seeds]
    if not seeds:
        raise ValueError("seeds must hold at least one seed")
    check_integer(steps, "steps", 1)
    learning_rate = check_positive(learning_rate, "learning_rate")
    X, Y = _check_data(X, Y)
    starts = [init_params(seed, hidden, X.shape[1]) for seed in seeds]
    # Stacked with the run last (W1 n × k × s, b1 and W2 k × s, b2 s): every array op covers all runs.
    p = {"W1": np.stack([start["W1"] for start in starts], axis=-1),
         "b1": np.stack([start["b1"][0] for start in starts], axis=-1),
         "W2": np.stack([start["W2"][:, 0] for start in starts], axis=-1),
         "b2": np.array([start["b2"][0, 0] for start in starts])}
    for _ in range(steps):
        grads = _backward_many(p, _forward_many(p, X), Y)
        p = {name: p[name] - learning_rate * grads[name] for name in PARAM_NAMES}
    cache = _forward_many(p, X)
    N2 = cache["N2"]
    final_loss = np.mean(Y * np.logaddexp(0.0, -N2) + (1 - Y) * np.logaddexp(0.0, N2), axis=0)
    accuracies = np.mean((cache["P"] >= 0.5) == (Y == 1), axis=0)
    params = {"W1": np.moveaxis(p["W1"], -1, 0), "b1": p["b1"].T[:, None, :],
              "W2": p["W2"].T[:, :, None], "b2": p["b2"][:, None, None]}
    return ManyRuns(np.array(seeds), final_loss, accuracies, params)


def accuracy(params: dict, X: np.ndarray = XOR_INPUTS, Y: np.ndarray = XOR_TARGETS) -> float:
    """Fraction of rows where the decision (1 if P ≥ 0.5 else 0) equals the target, in [0, 1]."""
    p = check_params(params)
    X, Y = _check_data(X, Y, n_inputs=p["W1"].shape[0])
    decisions = (two_layer_forward(p, X)["P"] >= 0.5).astype(float)
    return float(np.mean(decisions == Y))


# --------------------------------------------------------------------------- one line is not enough

def best_line(X: np.ndarray = XOR_INPUTS, Y: np.ndarray = XOR_TARGETS, angles: int = 360):
    """Search lines w·x + b = 0 for the best accuracy of the rule "1 if w·x + b ≥ 0".

    For each direction w = (cos θ, sin θ), θ on ``angles`` even steps, every threshold
    between two consecutive projections X·w (and beyond both ends) is tried, on both
    sides. Returns (w (2,), b, accuracy) of the most accurate line, ties going to the
    line farthest from its nearest point (a unit vector w, so |w·x + b| is that distance).
    """
    X, Y = _check_data(X, Y, n_inputs=2)
    check_integer(angles, "angles", 1)
    y = Y.ravel()
    best, best_key = None, (-1.0, -1.0)
    for theta in np.arange(angles) * (2 * np.pi / angles):
        w = np.array([np.cos(theta), np.sin(theta)])
        s = np.sort(X @ w)
        for cut in np.concatenate([[s[0] - 1], (s[:-1] + s[1:]) / 2, [s[-1] + 1]]):
            acc = float(np.mean(((X @ w - cut) >= 0) == y))
            margin = float(np.min(np.abs(X @ w - cut)))  # distance of the nearest point to the line
            # Ties in accuracy go to the widest margin, so the line drawn is not one grazing a point.
            if (acc, margin) > (best_key[0], best_key[1] + 1e-9):
                best, best_key = (w, float(-cut), acc), (acc, margin)
    return best


def unit_square_grid(resolution: int = 101):
    """A resolution × resolution grid over [−0.25, 1.25]²: (x₁ grid, x₂ grid, points (r² × 2))."""
    check_integer(resolution, "resolution", 2)
    axis = np.linspace(-0.25, 1.25, resolution)
    G1, G2 = np.meshgrid(axis, axis)
    return G1, G2, np.column_stack([G1.ravel(), G2.ravel()])


def hidden_neuron(params: dict, j: int):
    """Hidden neuron j (counting from 0) as a function of points: X (m × 2) ↦ σ(X·W1[:, j] + b1[0, j]) (m × 1)."""
    p = check_params(params)
    k = p["W1"].shape[1]
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 0 <= j < k:
        raise ValueError(f"j must be a hidden neuron index 0..{k - 1}, got {j!r}")
    return lambda X: neuron(X, p["W1"][:, j], p["b1"][0, j])
