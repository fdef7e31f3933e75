"""Chapter 1: answers to exercises 1.1–1.3 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "1.1": [
        Answer("sigmoid of 2x only", """
def tanh(x):
    return sigmoid(2 * np.asarray(x, dtype=float))
""", "without the '2·"),
        Answer("the textbook formula overflows", """
def tanh(x):
    x = np.asarray(x, dtype=float)
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
""", "emitted a warning (RuntimeWarning: overflow"),
        Answer("forgets to return", """
def tanh(x):
    x = np.asarray(x, dtype=float)
    result = 2 * sigmoid(2 * x) - 1
""", "`return`"),
        Answer("calls np.tanh", """
def tanh(x):
    return np.tanh(x)
""", "calls np.tanh"),
        Answer("calls math.tanh in a loop", """
import math


def tanh(x):
    return np.array([math.tanh(v) for v in np.atleast_1d(x)]).reshape(np.shape(x))
""", "calls math.tanh"),
        Answer("2·sigmoid(x) − 1", """
def tanh(x):
    return 2 * sigmoid(x) - 1
""", "argument must be 2x"),
        Answer("a list for an array", """
def tanh(x):
    return [2 * sigmoid(2 * v) - 1 for v in np.asarray(x, dtype=float).ravel()]
""", "list"),
        Answer("endless loop", """
def tanh(x):
    t = 0.0
    while t < 1:
        t = t * 1.0
    return 2 * sigmoid(2 * x) - 1
""", "did not finish"),
        Answer("the − 1 inside the sigmoid", """
def tanh(x):
    return 2 * sigmoid(2 * x - 1)
""", "outside the sigmoid"),
        Answer("doubles x in place", """
def tanh(x):
    x *= 2
    return 2 * sigmoid(x) - 1
""", "in place"),
        Answer("rounded to 3 digits", """
def tanh(x):
    return np.round(2 * sigmoid(2 * np.asarray(x, dtype=float)) - 1, 3)
""", "largest difference"),
        Answer("float() of an array", """
def tanh(x):
    return float(2 * sigmoid(2 * x) - 1)
""", "take one number"),
        Answer("if on an array, to use the symmetry", """
def tanh(x):
    if x >= 0:
        return 2 * sigmoid(2 * x) - 1
    return 1 - 2 * sigmoid(-2 * x)
""", "np.where"),
        Answer("integer zeros for an integer input", """
def tanh(x):
    result = np.zeros_like(x)
    result[...] = 2 * sigmoid(2 * np.asarray(x, dtype=float)) - 1
    return result
""", "your result is made of integers"),
        Answer("a cache keyed on the shape", """
_memo = {}


def tanh(x):
    x = np.asarray(x, dtype=float)
    if x.shape not in _memo:
        _memo[x.shape] = 2 * sigmoid(2 * x) - 1
    return _memo[x.shape]
""", "same result for two different inputs of the same shape"),
    ],
    "1.2": [
        Answer("tanh not squared", """
def tanh_deriv(x):
    return 1 - tanh(x)
""", "must be squared"),
        Answer("the sigmoid's pattern", """
def tanh_deriv(x):
    t = tanh(x)
    return t * (1 - t)
""", "pattern of the sigmoid"),
        Answer("sign flipped", """
def tanh_deriv(x):
    return tanh(x) ** 2 - 1
""", "sign is flipped"),
        Answer("x squared inside", """
def tanh_deriv(x):
    return 1 - tanh(x ** 2)
""", "square the tanh, not x"),
        Answer("power written with ^", """
def tanh_deriv(x):
    return 1 - tanh(x) ^ 2
""", "`^` is bitwise XOR"),
        Answer("if on an array", """
def tanh_deriv(x):
    if x >= 0:
        return 1 - tanh(x) ** 2
    return 1 - tanh(-x) ** 2
""", "np.where"),
        Answer("(1 − tanh)²", """
def tanh_deriv(x):
    return (1 - tanh(x)) ** 2
""", "square tanh(x) first"),
        Answer("the second derivative", """
def tanh_deriv(x):
    t = tanh(x)
    return -2 * t * (1 - t ** 2)
""", "SECOND derivative"),
        Answer("a numerical derivative", """
def tanh_deriv(x):
    return deriv(tanh, x)
""", "not a numerical derivative"),
        Answer("overwrites x with tanh(x)", """
def tanh_deriv(x):
    x[...] = tanh(x)
    return 1 - x ** 2
""", "in place"),
        Answer("a loop that fails on a number", """
def tanh_deriv(x):
    return np.array([1 - tanh(v) ** 2 for v in x])
""", "single number"),
        Answer("chain rule factor 2 short", """
def tanh_deriv(x):
    s = sigmoid(2 * x)
    return 2 * s * (1 - s)
""", "one more factor 2"),
        Answer("a central difference with a tiny step", """
def tanh_deriv(x):
    h = 1e-6
    x = np.asarray(x, dtype=float)
    return (tanh(x + h) - tanh(x - h)) / (2 * h)
""", "difference quotient"),
    ],
    "1.3": [
        Answer("max(slope·x, x)", """
def leaky_relu_with_slope(x, slope):
    return np.maximum(slope * np.asarray(x, dtype=float), x)
""", "slopes up to 1"),
        Answer("slope on the wrong side", """
def leaky_relu_with_slope(x, slope):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, slope * x, x)
""", "positive side"),
        Answer("ignores the slope", """
def leaky_relu_with_slope(x, slope):
    return leaky_relu(x)
""", "ignores the slope"),
        Answer("changes x in place", """
def leaky_relu_with_slope(x, slope):
    x[x < 0] *= slope
    return x
""", "in place"),
        Answer("a loop that fails on a number", """
def leaky_relu_with_slope(x, slope):
    out = np.empty(len(x))
    for i in range(len(x)):
        out[i] = x[i] if x[i] >= 0 else slope * x[i]
    return out
""", "plain number"),
        Answer("ReLU", """
def leaky_relu_with_slope(x, slope):
    return np.maximum(x, 0)
""", "This is ReLU"),
        Answer("minus slope on the left", """
def leaky_relu_with_slope(x, slope):
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0) - slope * np.minimum(x, 0)
""", "−slope·x"),
        Answer("slope times everything", """
def leaky_relu_with_slope(x, slope):
    return slope * np.asarray(x, dtype=float)
""", "Every input is multiplied by the slope"),
        Answer("if on an array", """
def leaky_relu_with_slope(x, slope):
    if x >= 0:
        return x
    return slope * x
""", "np.where"),
        Answer("a list from tolist()", """
def leaky_relu_with_slope(x, slope):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, x, slope * x).tolist()
""", "is a list, not a numpy array"),
        Answer("adds the slope", """
def leaky_relu_with_slope(x, slope):
    x = np.asarray(x, dtype=float)
    return np.where(x >= 0, x, x + slope)
""", "x + slope"),
        Answer("a while loop whose counter is never increased", """
def leaky_relu_with_slope(x, slope):
    out = np.array(x, dtype=float)
    i = 0
    while i < out.size:
        if out.flat[i] < 0:
            out.flat[i] = slope * out.flat[i]
    i += 1
    return out
""", "did not finish"),
    ],
}

CORRECT = {
    "1.1": [
        Answer("exponentials of −2|x| only", """
def tanh(x):
    x = np.asarray(x, dtype=float)
    e = np.exp(-2 * np.abs(x))
    return np.sign(x) * (1 - e) / (1 + e)
"""),
        Answer("the identity, one line", """
def tanh(x):
    return 2 * sigmoid(2 * x) - 1
"""),
        Answer("via lecture_lib.sigmoid and np.asarray", """
def tanh(x):
    two_x = 2.0 * np.asarray(x)
    return sigmoid(two_x) * 2.0 - 1.0
"""),
        Answer("a loop over the flattened array, math.exp of −2|x|", """
import math


def tanh(x):
    values = np.asarray(x, dtype=float)
    out = []
    for v in values.ravel():
        e = math.exp(-2 * abs(v))
        out.append(math.copysign((1 - e) / (1 + e), v))
    return np.array(out).reshape(values.shape)
"""),
    ],
    "1.2": [
        Answer("with your tanh", """
def tanh_deriv(x):
    t = tanh(x)
    return 1 - t * t
"""),
        Answer("from the sigmoid: 4σ'(2x)", """
from lecture_lib import sigmoid_deriv


def tanh_deriv(x):
    return 4 * sigmoid_deriv(2 * np.asarray(x, dtype=float))
"""),
        Answer("sech², from np.cosh", """
def tanh_deriv(x):
    return 1 / np.cosh(x) ** 2
"""),
    ],
    "1.3": [
        Answer("a mask", """
def leaky_relu_with_slope(x, slope):
    x = np.asarray(x, dtype=float)
    return x * (x >= 0) + slope * x * (x < 0)
"""),
        Answer("ReLU plus the slope times the negative part", """
def leaky_relu_with_slope(x, slope):
    return np.maximum(x, 0) + slope * np.minimum(x, 0)
"""),
        Answer("np.vectorize of a scalar rule", """
def leaky_relu_with_slope(x, slope):
    rule = np.vectorize(lambda v: v if v >= 0 else slope * v, otypes=[float])
    return rule(x)
"""),
    ],
}
