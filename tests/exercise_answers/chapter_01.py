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
""", "without warnings"),
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
    ],
    "1.3": [
        Answer("a mask", """
def leaky_relu_with_slope(x, slope):
    x = np.asarray(x, dtype=float)
    return x * (x >= 0) + slope * x * (x < 0)
"""),
        Answer("np.vectorize of a scalar rule", """
def leaky_relu_with_slope(x, slope):
    rule = np.vectorize(lambda v: v if v >= 0 else slope * v, otypes=[float])
    return rule(x)
"""),
    ],
}
