"""Chapter 3: answers to exercises 3.1–3.3 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "3.1": [
        Answer("outer slope at x", """
def sigmoid_of_square_deriv(x):
    return sigmoid_deriv(x) * square_deriv(x)
""", "evaluated at x; it must be evaluated at its own input"),
        Answer("inner slope left out", """
def sigmoid_of_square_deriv(x):
    return sigmoid_deriv(square(x))
""", "inner derivative is missing"),
        Answer("slopes added", """
def sigmoid_of_square_deriv(x):
    return sigmoid_deriv(square(x)) + square_deriv(x)
""", "added; the chain rule multiplies"),
        Answer("sigmoid for its slope", """
def sigmoid_of_square_deriv(x):
    return sigmoid(square(x)) * square_deriv(x)
""", "uses sigmoid where its derivative belongs"),
        Answer("the other order", """
def sigmoid_of_square_deriv(x):
    s = sigmoid(x)
    return 2 * s * sigmoid_deriv(x)
""", "the other order"),
        Answer("factor 2 lost", """
def sigmoid_of_square_deriv(x):
    x = np.asarray(x, dtype=float)
    return sigmoid_deriv(x * x) * x
""", "not 2x"),
        Answer("central difference with deriv", """
def sigmoid_of_square_deriv(x):
    return deriv(lambda u: sigmoid(square(u)), x)
""", "calls deriv"),
        Answer("chain_deriv_2 does it", """
def sigmoid_of_square_deriv(x):
    return lecture_lib.chain_deriv_2([square, sigmoid], x)
""", "calls chain_deriv_2"),
        Answer("forward difference by hand", """
def sigmoid_of_square_deriv(x):
    h = 1e-5
    return (sigmoid(square(x + h)) - sigmoid(square(x))) / h
""", "difference quotient"),
        Answer("power written with ^", """
def sigmoid_of_square_deriv(x):
    return sigmoid_deriv(x ^ 2) * 2 * x
""", "`^` is bitwise XOR"),
        Answer("squares x in place", """
def sigmoid_of_square_deriv(x):
    inner = square_deriv(x)
    x **= 2
    return sigmoid_deriv(x) * inner
""", "changed its argument `x` in place"),
        Answer("own slope that overflows", """
def sigmoid_of_square_deriv(x):
    u = np.asarray(x, dtype=float) ** 2
    return np.exp(u) / (1 + np.exp(u)) ** 2 * 2 * x
""", "NaN"),
        Answer("a list, one entry per input", """
def sigmoid_of_square_deriv(x):
    return [float(sigmoid_deriv(v * v) * 2 * v) for v in np.atleast_1d(x).ravel()]
""", "list"),
    ],
    "3.2": [
        Answer("x left out", """
def forward_pass(chain, x):
    values = []
    for f in chain:
        x = f(x)
        values.append(x)
    return values
""", "input x itself must be the first value"),
        Answer("every function gets x", """
def forward_pass(chain, x):
    values = [x]
    for f in chain:
        values.append(f(x))
    return values
""", "previous function's output"),
        Answer("only the output", """
def forward_pass(chain, x):
    for f in chain:
        x = f(x)
    return x
""", "only the chain's output"),
        Answer("a tuple", """
def forward_pass(chain, x):
    values = (x,)
    for f in chain:
        values = values + (f(values[-1]),)
    return values
""", "returns a tuple"),
        Answer("pops the chain", """
def forward_pass(chain, x):
    values = [x]
    while chain:
        f = chain.pop(0)
        values.append(f(values[-1]))
    return values
""", "changed its argument `chain` in place"),
        Answer("appends the function", """
def forward_pass(chain, x):
    values = [x]
    for f in chain:
        values.append(f)
    return values
""", "is the function"),
        Answer("last function first", """
def forward_pass(chain, x):
    values = [x]
    for f in reversed(chain):
        values.append(f(values[-1]))
    return values
""", "reverse order; chain[0] comes first"),
        Answer("while loop without a step", """
def forward_pass(chain, x):
    values = [x]
    k = 0
    while k < len(chain):
        values = [x, chain[k](x)]
    return values
""", "did not finish"),
        Answer("an array of the values", """
def forward_pass(chain, x):
    values = [np.asarray(x, dtype=float)]
    for f in chain:
        values.append(f(values[-1]))
    return np.array(values)
""", "returns a numpy array"),
        Answer("starts at the second function", """
def forward_pass(chain, x):
    values = [x]
    for f in chain[1:]:
        values.append(f(values[-1]))
    return values
""", "first function is skipped"),
        Answer("stops one short", """
def forward_pass(chain, x):
    values = [x]
    for k in range(len(chain) - 1):
        values.append(chain[k](values[k]))
    return values
""", "last function's output is missing"),
        Answer("values in backward order", """
def forward_pass(chain, x):
    values = [x]
    for f in chain:
        values.insert(0, f(values[0]))
    return values
""", "list is in reverse order"),
        Answer("assumes at least one function", """
def forward_pass(chain, x):
    values = [x, chain[0](x)]
    for f in chain[1:]:
        values.append(f(values[-1]))
    return values
""", "chain = []"),
        Answer("lecture_lib's chain_forward, which wants one function at least", """
def forward_pass(chain, x):
    return lecture_lib.chain_forward(chain, x)
""", "calls chain_forward"),
    ],
    "3.3": [
        Answer("every slope at x", """
def chain_rule(chain, derivatives, x):
    result = 1.0
    for d in derivatives:
        result = result * d(x)
    return result
""", "Every local derivative is evaluated at x"),
        Answer("slopes at the outputs", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    result = np.ones_like(values[0])
    for k in range(len(chain)):
        result = result * derivatives[k](values[k + 1])
    return result
""", "evaluated at its function's output"),
        Answer("slopes added", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    return sum(derivatives[k](values[k]) for k in range(len(chain)))
""", "added; the chain rule multiplies"),
        Answer("the last factor forgotten", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    result = np.ones_like(values[0])
    for k in range(len(chain) - 1):
        result = result * derivatives[k](values[k])
    return result
""", "last function's local derivative is left out"),
        Answer("backward loop that stops before the first", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    grad = np.ones_like(values[-1])
    for k in range(len(chain) - 1, 0, -1):
        grad = grad * derivatives[k](values[k])
    return grad
""", "first function's local derivative is left out"),
        Answer("calls chain_deriv", """
def chain_rule(chain, derivatives, x):
    return chain_deriv(chain, x, derivatives)
""", "calls chain_deriv"),
        Answer("calls chain_backward", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    return np.prod(chain_backward(chain, values, derivatives), axis=0)
""", "calls chain_backward"),
        Answer("ignores the derivatives given", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    result = 1.0
    for k, f in enumerate(chain):
        result = result * lecture_lib.derivative_of(f)(values[k])
    return result
""", "ignores `derivatives`"),
        Answer("derivatives paired backwards", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    result = 1.0
    for d, v in zip(reversed(derivatives), values):
        result = result * d(v)
    return result
""", "paired with the wrong values"),
        Answer("np.prod without axis", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    return np.prod([d(v) for d, v in zip(derivatives, values)])
""", "One number where an array belongs"),
        Answer("overwrites instead of multiplying", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    for k in range(len(chain)):
        grad = derivatives[k](values[k])
    return grad
""", "Only the last function's local derivative is left"),
        Answer("product starts at zero", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    grad = np.zeros_like(values[0])
    for k in reversed(range(len(chain))):
        grad = grad * derivatives[k](values[k])
    return grad
""", "Got zeros"),
        Answer("pops the derivatives", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    grad = np.ones_like(values[-1])
    k = len(chain) - 1
    while derivatives:
        grad = grad * derivatives.pop()(values[k])
        k -= 1
    return grad
""", "changed its argument `derivatives` in place"),
        Answer("central difference of the whole chain by hand", """
def chain_rule(chain, derivatives, x):
    h = 1e-4
    x = np.asarray(x, dtype=float)
    return (chain_apply(chain, x + h) - chain_apply(chain, x - h)) / (2 * h)
""", "difference quotient"),
        Answer("backward loop that never steps", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    grad = np.ones_like(values[-1])
    k = len(chain) - 1
    while k >= 0:
        grad = grad * derivatives[k](values[k]) / derivatives[k](values[k])
    return grad
""", "did not finish"),
        Answer("the chain's value", """
def chain_rule(chain, derivatives, x):
    return forward_pass(chain, x)[-1]
""", "value of the chain, not its derivative"),
    ],
}

CORRECT = {
    "3.1": [
        Answer("sigmoid's slope written out", """
def sigmoid_of_square_deriv(x):
    x = np.asarray(x, dtype=float)
    s = sigmoid(x ** 2)
    return s * (1 - s) * 2 * x
"""),
        Answer("math in np.vectorize (u = x² ≥ 0, so e^(−u) cannot overflow)", """
import math


def sigmoid_of_square_deriv(x):
    def one(v):
        e = math.exp(-v * v)
        return e / (1 + e) ** 2 * 2 * v
    return np.vectorize(one, otypes=[float])(x)
"""),
        Answer("lecture_lib's names, inner value first", """
def sigmoid_of_square_deriv(x):
    u = lecture_lib.square(x)
    return lecture_lib.square_deriv(x) * lecture_lib.sigmoid_deriv(u)
"""),
    ],
    "3.2": [
        Answer("indices", """
def forward_pass(chain, x):
    values = [x]
    for k in range(len(chain)):
        values.append(chain[k](values[k]))
    return values
"""),
        Answer("recursion", """
def forward_pass(chain, x):
    x = np.asarray(x, dtype=float)
    if not chain:
        return [x]
    return [x] + forward_pass(chain[1:], chain[0](x))
"""),
        Answer("itertools.accumulate", """
import itertools


def forward_pass(chain, x):
    return list(itertools.accumulate(chain, lambda value, f: f(value), initial=x))
"""),
    ],
    "3.3": [
        Answer("forward order with np.prod", """
def chain_rule(chain, derivatives, x):
    values = chain_forward(chain, x)
    return np.prod([d(v) for d, v in zip(derivatives, values[:-1])], axis=0)
"""),
        Answer("backward, with reversed pairs", """
def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    grad = 1.0
    for d, v in reversed(list(zip(derivatives, values))):
        grad = grad * d(v)
    return grad * np.ones_like(np.asarray(x, dtype=float))
"""),
        Answer("functools.reduce", """
import functools
import operator


def chain_rule(chain, derivatives, x):
    values = forward_pass(chain, x)
    factors = [derivatives[k](values[k]) for k in range(len(chain) - 1, -1, -1)]
    return functools.reduce(operator.mul, factors, np.ones_like(values[0]))
"""),
    ],
}
