"""Chapter 4: answers to exercises 4.1–4.2 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "4.1": [
        Answer("y's inner slope +1", """
def subtract_backward(x, y):
    dsda = sigmoid_deriv(x - y)
    return dsda * 1, dsda * 1
""", "∂f/∂y has the wrong sign"),
        Answer("the sigmoid for its slope", """
def subtract_backward(x, y):
    s = sigmoid(x - y)
    return s, -s
""", "σ(x − y) where its slope"),
        Answer("slope at x + y", """
def subtract_backward(x, y):
    dsda = sigmoid_deriv(x + y)
    return dsda, -dsda
""", "not at x + y"),
        Answer("the pair swapped", """
def subtract_backward(x, y):
    dsda = sigmoid_deriv(x - y)
    return -dsda, dsda
""", "wrong way round"),
        Answer("outer slope forgotten", """
def subtract_backward(x, y):
    return np.ones_like(x - y), -np.ones_like(x - y)
""", "The outer slope is missing"),
        Answer("only ∂f/∂x returned", """
def subtract_backward(x, y):
    return sigmoid_deriv(x - y)
""", "Return both values"),
        Answer("deriv for the slope", """
def subtract_backward(x, y):
    dsda = deriv(sigmoid, x - y)
    return dsda, -dsda
""", "calls deriv"),
        Answer("difference quotients by hand", """
def subtract_backward(x, y):
    h = 1e-6
    f = lambda a, b: sigmoid(a - b)
    return (f(x + h, y) - f(x, y)) / h, (f(x, y + h) - f(x, y)) / h
""", "difference quotient"),
        Answer("subtracts in place", """
def subtract_backward(x, y):
    x -= y
    dsda = sigmoid_deriv(x)
    return dsda, -dsda
""", "changed its argument `x` in place"),
        Answer("own slope that overflows", """
def subtract_backward(x, y):
    a = x - y
    dsda = np.exp(-a) / (1 + np.exp(-a)) ** 2
    return dsda, -dsda
""", "NaN"),
        Answer("if on an array", """
def subtract_backward(x, y):
    a = x - y
    if a >= 0:
        s = 1 / (1 + np.exp(-a))
    else:
        s = np.exp(a) / (1 + np.exp(a))
    return s * (1 - s), -s * (1 - s)
""", "np.where"),
        Answer("a comma for a product", """
def subtract_backward(x, y):
    dsda = sigmoid_deriv(x - y)
    dadx, dady = 1.0, -1.0
    return dsda * dadx, dsda, dady
""", "holds 3 values, not 2"),
        Answer("slope at each input alone", """
def subtract_backward(x, y):
    return sigmoid_deriv(x), -sigmoid_deriv(y)
""", "evaluated at x (or y) alone"),
    ],
    "4.2": [
        Answer("each slope times itself", """
def product_backward(x, y):
    dsda = sigmoid_deriv(x * y)
    return dsda * x, dsda * y
""", "x and y are swapped"),
        Answer("outer slope forgotten", """
def product_backward(x, y):
    return y, x
""", "The outer slope is missing"),
        Answer("slope at each input alone", """
def product_backward(x, y):
    return sigmoid_deriv(x) * y, sigmoid_deriv(y) * x
""", "wrong point"),
        Answer("the sigmoid for its slope", """
def product_backward(x, y):
    s = sigmoid(x * y)
    return s * y, s * x
""", "σ(x·y) where its slope"),
        Answer("the sum's backward pass", """
def product_backward(x, y):
    dsda = sigmoid_deriv(x * y)
    return dsda, dsda
""", "backward pass of σ(x + y)"),
        Answer("slope at x + y", """
def product_backward(x, y):
    dsda = sigmoid_deriv(x + y)
    return dsda * y, dsda * x
""", "evaluated at x + y"),
        Answer("calls the lecture's backward", """
def product_backward(x, y):
    return multiple_inputs_multiply_backward(x, y, sigmoid)
""", "calls multiple_inputs_multiply_backward"),
        Answer("the forward value", """
def product_backward(x, y):
    return multiple_inputs_multiply(x, y, sigmoid)
""", "Return both values"),
        Answer("np.dot for the product", """
def product_backward(x, y):
    dsda = sigmoid_deriv(np.dot(x, y))
    return dsda * y, dsda * x
""", "the product here is elementwise"),
        Answer("@ for the product", """
def product_backward(x, y):
    dsda = sigmoid_deriv(x @ y)
    return dsda * y, dsda * x
""", "Here the product is elementwise"),
        Answer("multiplies in place", """
def product_backward(x, y):
    dfdx = y
    dfdx *= sigmoid_deriv(x * y)
    return dfdx, sigmoid_deriv(x * y) * x
""", "changed its argument `y` in place"),
        Answer("central differences by hand", """
def product_backward(x, y):
    h = 1e-4
    f = lambda a, b: sigmoid(a * b)
    return (f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)
""", "difference quotient"),
        Answer("own slope that overflows", """
def product_backward(x, y):
    a = x * y
    dsda = np.exp(a) / (1 + np.exp(a)) ** 2
    return dsda * y, dsda * x
""", "NaN"),
        Answer("deriv for the outer slope", """
def product_backward(x, y):
    dsda = deriv(sigmoid, x * y)
    return dsda * y, dsda * x
""", "calls deriv"),
    ],
}

CORRECT = {
    "4.1": [
        Answer("the sigmoid's slope written out, a list", """
def subtract_backward(x, y):
    s = sigmoid(np.subtract(x, y))
    slope = s * (1 - s)
    return [slope, -slope]
"""),
        Answer("from the sum's backward pass, with −y", """
def subtract_backward(x, y):
    dfdx, dfdy = multiple_inputs_add_backward(x, -np.asarray(y, dtype=float), sigmoid)
    return dfdx, -dfdy
"""),
        Answer("inner slopes named", """
def subtract_backward(x, y):
    a = np.asarray(x, dtype=float) - np.asarray(y, dtype=float)
    outer = sigmoid_deriv(a)
    dadx = np.ones_like(a)
    dady = -np.ones_like(a)
    return outer * dadx, outer * dady
"""),
    ],
    "4.2": [
        Answer("np.multiply and the sigmoid's slope written out", """
def product_backward(x, y):
    s = sigmoid(np.multiply(x, y))
    outer = s * (1.0 - s)
    return np.multiply(outer, y), np.multiply(outer, x)
"""),
        Answer("a list of the two slopes", """
def product_backward(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a = x * y
    dadx, dady = y, x
    return [sigmoid_deriv(a) * dadx, sigmoid_deriv(a) * dady]
"""),
        Answer("lecture_lib.derivative_of", """
def product_backward(x, y):
    outer = lecture_lib.derivative_of(sigmoid)(x * y)
    return outer * y, outer * x
"""),
    ],
}
