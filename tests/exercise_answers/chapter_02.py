"""Chapter 2: answers to exercises 2.1–2.3 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "2.1": [
        Answer("the central difference", """
def forward_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x - delta)) / (2 * delta)
""", "the exercise asks"),
        Answer("subtraction the wrong way round", """
def forward_diff(func, x, delta=0.001):
    return (func(x) - func(x + delta)) / delta
""", "wrong way round"),
        Answer("no division", """
def forward_diff(func, x, delta=0.001):
    return func(x + delta) - func(x)
""", "division by Δ is missing"),
        Answer("delta ignored", """
def forward_diff(func, x, delta=0.001):
    return (func(x + 0.001) - func(x)) / 0.001
""", "ignores the `delta` argument"),
        Answer("divides by a fixed 0.001", """
def forward_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x)) / 0.001
""", "divides by 0.001 whatever"),
        Answer("the backward difference", """
def forward_diff(func, x, delta=0.001):
    return (func(x) - func(x - delta)) / delta
""", "backward difference"),
        Answer("both sides, divided by Δ", """
def forward_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x - delta)) / delta
""", "compares f(x + Δ) with f(x) itself"),
        Answer("precedence slip", """
def forward_diff(func, x, delta=0.001):
    return func(x + delta) - func(x) / delta
""", "Operator precedence"),
        Answer("Δ added to the output", """
def forward_diff(func, x, delta=0.001):
    return (func(x) + delta - func(x)) / delta
""", "adds Δ to the output"),
        Answer("default 0.01", """
def forward_diff(func, x, delta=0.01):
    return (func(x + delta) - func(x)) / delta
""", "the default 0.01"),
        Answer("no default at all", """
def forward_diff(func, x, delta):
    return (func(x + delta) - func(x)) / delta
""", "Keep the parameters"),
        Answer("moves x in place and back", """
def forward_diff(func, x, delta=0.001):
    x = np.asarray(x, dtype=float)
    before = func(x)
    x += delta
    after = func(x)
    x -= delta
    return (after - before) / delta
""", "in place"),
        Answer("a list for an array", """
def forward_diff(func, x, delta=0.001):
    x = np.asarray(x, dtype=float)
    return ((func(x + delta) - func(x)) / delta).tolist()
""", "is a list, not a numpy array"),
        Answer("a typo in a name", """
def forward_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x)) / Delta
""", "NameError"),
        Answer("a while loop that never ends", """
def forward_diff(func, x, delta=0.001):
    step = delta
    while step <= delta:
        step = step / 2
    return (func(x + delta) - func(x)) / delta
""", "did not finish"),
    ],
    "2.2": [
        Answer("the forward difference", """
def central_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x)) / delta
""", "This is the forward difference"),
        Answer("the backward difference", """
def central_diff(func, x, delta=0.001):
    return (func(x) - func(x - delta)) / delta
""", "This is the backward difference"),
        Answer("sign flipped", """
def central_diff(func, x, delta=0.001):
    return (func(x - delta) - func(x + delta)) / (2 * delta)
""", "sign is flipped"),
        Answer("divides by Δ, not 2Δ", """
def central_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x - delta)) / delta
""", "how far apart are the two points"),
        Answer("/ 2 * delta", """
def central_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x - delta)) / 2 * delta
""", "MULTIPLIES"),
        Answer("delta ignored", """
def central_diff(func, x, delta=0.001):
    return (func(x + 0.001) - func(x - 0.001)) / 0.002
""", "ignores the `delta` argument"),
        Answer("divides by a fixed 0.002", """
def central_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x - delta)) / 0.002
""", "divides by 0.002 whatever"),
        Answer("no division", """
def central_diff(func, x, delta=0.001):
    return func(x + delta) - func(x - delta)
""", "division is missing"),
        Answer("calls deriv", """
def central_diff(func, x, delta=0.001):
    return deriv(func, x, delta)
""", "calls deriv"),
        Answer("float() of the result", """
def central_diff(func, x, delta=0.001):
    return float((func(x + delta) - func(x - delta)) / (2 * delta))
""", "take one number"),
        Answer("Δ added to the outputs", """
def central_diff(func, x, delta=0.001):
    return ((func(x) + delta) - (func(x) - delta)) / (2 * delta)
""", "adds Δ to the output"),
        Answer("moves x in place and back", """
def central_diff(func, x, delta=0.001):
    x = np.asarray(x, dtype=float)
    x += delta
    up = func(x)
    x -= 2 * delta
    down = func(x)
    x += delta
    return (up - down) / (2 * delta)
""", "changed its argument `x` in place"),
        Answer("default 1e-5", """
def central_diff(func, x, delta=1e-5):
    return (func(x + delta) - func(x - delta)) / (2 * delta)
""", "the default 1e-05"),
        Answer("a loop that fails on a number", """
def central_diff(func, x, delta=0.001):
    return np.array([(func(v + delta) - func(v - delta)) / (2 * delta) for v in x])
""", "single number"),
    ],
    "2.3": [
        Answer("x instead of x − a", """
def tangent_line(func, a, x):
    return func(a) + deriv(func, a) * x
""", "measure the distance from a"),
        Answer("starts from f(x)", """
def tangent_line(func, a, x):
    return func(x) + deriv(func, a) * (x - a)
""", "the value at the point of contact"),
        Answer("slope taken at x", """
def tangent_line(func, a, x):
    return func(a) + deriv(func, x) * (x - a)
""", "slope is taken at x"),
        Answer("a − x", """
def tangent_line(func, a, x):
    return func(a) + deriv(func, a) * (a - x)
""", "rises with x − a"),
        Answer("f(a) left out", """
def tangent_line(func, a, x):
    return deriv(func, a) * (x - a)
""", "f(a) is missing"),
        Answer("the value as the slope", """
def tangent_line(func, a, x):
    return func(a) + func(a) * (x - a)
""", "The slope is f(a)"),
        Answer("the forward difference for the slope", """
def tangent_line(func, a, x):
    slope = forward_diff(func, a)
    return func(a) + slope * (x - a)
""", "forward difference"),
        Answer("a product instead of a sum", """
def tangent_line(func, a, x):
    return func(a) * deriv(func, a) * (x - a)
""", "ADDS f(a)"),
        Answer("parentheses left out", """
def tangent_line(func, a, x):
    return func(a) + deriv(func, a) * x - a
""", "Operator precedence"),
        Answer("shifts x in place", """
def tangent_line(func, a, x):
    x -= a
    return func(a) + deriv(func, a) * x
""", "in place"),
        Answer("a list of values", """
def tangent_line(func, a, x):
    slope = deriv(func, a)
    return [float(func(a) + slope * (v - a)) for v in np.ravel(x)]
""", "list"),
    ],
}

CORRECT = {
    "2.1": [
        Answer("without np.asarray", """
def forward_diff(func, x, delta=0.001):
    return (func(x + delta) - func(x)) / delta
"""),
        Answer("numpy's subtract and divide, named steps", """
def forward_diff(func, x, delta=0.001):
    here = func(np.asarray(x, dtype=float))
    ahead = func(np.add(x, delta))
    return np.divide(np.subtract(ahead, here), delta)
"""),
        Answer("np.vectorize over the entries", """
def forward_diff(func, x, delta=0.001):
    one = np.vectorize(lambda v: float((func(v + delta) - func(v)) / delta), otypes=[float])
    return one(x)
"""),
    ],
    "2.2": [
        Answer("the average of forward and backward", """
def central_diff(func, x, delta=0.001):
    forward = (func(x + delta) - func(x)) / delta
    backward = (func(x) - func(x - delta)) / delta
    return (forward + backward) / 2
"""),
        Answer("half the difference over delta", """
def central_diff(func, x, delta=0.001):
    x = np.asarray(x, dtype=float)
    right, left = x + delta, x - delta
    return 0.5 * (func(right) - func(left)) / delta
"""),
        Answer("a copy changed, the argument left alone", """
def central_diff(func, x, delta=0.001):
    shifted = np.array(x, dtype=float)
    shifted += delta
    up = func(shifted)
    shifted -= 2 * delta
    return (up - func(shifted)) / (2 * delta)
"""),
    ],
    "2.3": [
        Answer("with your central_diff", """
def tangent_line(func, a, x):
    return func(a) + central_diff(func, a) * (np.asarray(x, dtype=float) - a)
"""),
        Answer("slope and intercept", """
def tangent_line(func, a, x):
    slope = deriv(func, np.array(a, dtype=float))
    intercept = func(a) - slope * a
    return slope * np.asarray(x, dtype=float) + intercept
"""),
        Answer("np.add and np.multiply", """
def tangent_line(func, a, x):
    a = float(a)
    return np.add(func(a), np.multiply(deriv(func, a), np.subtract(x, a)))
"""),
    ],
}
