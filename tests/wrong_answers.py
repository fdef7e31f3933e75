"""Plausible wrong answers for every exercise in chapters/, used by tests/test_student_notebooks.py.

WRONG_ANSWERS[notebook stem][exercise function name] is a list of wrong solutions. Each
is the code that replaces the region between ``### BEGIN SOLUTION`` and
``### END SOLUTION`` (written unindented; the test indents it like the markers). The
test runs the instructor notebook, and right after each check cell it redefines the
exercise with every wrong answer in turn and re-runs the check: each must say
"Wrong: ..." with a message different from the correct one.

Every exercise needs at least one entry (a test fails otherwise). Prefer the mistakes a
student really makes — a sign, a forgotten factor, the wrong operand, a missing
``return`` — over arbitrary noise, and add a comment naming the mistake.
"""

WRONG_ANSWERS: dict[str, dict[str, list[str]]] = {
    "01_functions": {
        "tanh": [
            """
            # the sigmoid of 2x, without the 2·(...) − 1
            return sigmoid(2 * np.asarray(x, dtype=float))
            """,
            """
            # the textbook formula: overflows (inf/inf = NaN) at x = ±1000
            x = np.asarray(x, dtype=float)
            return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
            """,
            """
            # computes the value but forgets to return it
            x = np.asarray(x, dtype=float)
            result = 2 * sigmoid(2 * x) - 1
            """,
        ],
        "tanh_deriv": [
            """
            # tanh not squared
            return 1 - tanh(x)
            """,
            """
            # the sigmoid's pattern s·(1 − s)
            t = tanh(x)
            return t * (1 - t)
            """,
        ],
        "leaky_relu_with_slope": [
            """
            # max(slope·x, x) is leaky ReLU only for slopes below 1
            return np.maximum(slope * np.asarray(x, dtype=float), x)
            """,
            """
            # the slope on the wrong side
            x = np.asarray(x, dtype=float)
            return np.where(x >= 0, slope * x, x)
            """,
            """
            # ignores the slope argument
            return leaky_relu(x)
            """,
        ],
    },
    "04_multiple_inputs": {
        "subtract_backward": [
            """
            # ∂(x − y)/∂y taken as +1
            dsda = sigmoid_deriv(x - y)
            return dsda, dsda
            """,
            """
            # σ where σ' belongs
            s = sigmoid(x - y)
            return s, -s
            """,
            """
            # returns only ∂f/∂x
            return sigmoid_deriv(x - y)
            """,
        ],
        "product_backward": [
            """
            # each input's own value as its slope (x and y swapped)
            dsda = sigmoid_deriv(x * y)
            return dsda * x, dsda * y
            """,
            """
            # forgets the outer slope σ'(x·y)
            return y, x
            """,
        ],
    },
}
