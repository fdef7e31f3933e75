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
            # max(slope·x, x) is leaky ReLU only for slopes up to 1
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
    "02_derivatives": {
        "forward_diff": [
            """
            # the central difference where the forward one is asked for
            x = np.asarray(x, dtype=float)
            return (func(x + delta) - func(x - delta)) / (2 * delta)
            """,
            """
            # the subtraction the wrong way round
            x = np.asarray(x, dtype=float)
            return (func(x) - func(x + delta)) / delta
            """,
            """
            # forgets to divide by delta
            x = np.asarray(x, dtype=float)
            return func(x + delta) - func(x)
            """,
        ],
        "central_diff": [
            """
            # divides by delta instead of 2·delta
            x = np.asarray(x, dtype=float)
            return (func(x + delta) - func(x - delta)) / delta
            """,
            """
            # the forward difference
            x = np.asarray(x, dtype=float)
            return (func(x + delta) - func(x)) / delta
            """,
            """
            # the subtraction the wrong way round
            x = np.asarray(x, dtype=float)
            return (func(x - delta) - func(x + delta)) / (2 * delta)
            """,
            """
            # operator precedence: divides by 2, then multiplies by delta
            x = np.asarray(x, dtype=float)
            return (func(x + delta) - func(x - delta)) / 2 * delta
            """,
        ],
        "tangent_line": [
            """
            # the slope times x, not times (x − a)
            return func(a) + deriv(func, a) * x
            """,
            """
            # starts from f(x) instead of f(a)
            x = np.asarray(x, dtype=float)
            return func(x) + deriv(func, a) * (x - a)
            """,
            """
            # the slope taken at x instead of at a
            x = np.asarray(x, dtype=float)
            return func(a) + deriv(func, x) * (x - a)
            """,
        ],
    },
    "03_chain_rule": {
        "sigmoid_of_square_deriv": [
            """
            # sigmoid' evaluated at x instead of at square(x)
            x = np.asarray(x, dtype=float)
            return sigmoid_deriv(x) * square_deriv(x)
            """,
            """
            # forgets the inner derivative
            x = np.asarray(x, dtype=float)
            return sigmoid_deriv(square(x))
            """,
            """
            # sigmoid where its derivative belongs
            x = np.asarray(x, dtype=float)
            return sigmoid(square(x)) * square_deriv(x)
            """,
            """
            # adds the two derivatives instead of multiplying them
            x = np.asarray(x, dtype=float)
            return sigmoid_deriv(square(x)) + square_deriv(x)
            """,
        ],
        "forward_pass": [
            """
            # returns only the final output
            value = np.asarray(x, dtype=float)
            for func in chain:
                value = func(value)
            return value
            """,
            """
            # leaves out the input x
            values = []
            value = np.asarray(x, dtype=float)
            for func in chain:
                value = func(value)
                values.append(value)
            return values
            """,
            """
            # applies every function to x instead of to the previous output
            x = np.asarray(x, dtype=float)
            return [x] + [func(x) for func in chain]
            """,
            """
            # builds the list but forgets to return it
            values = [np.asarray(x, dtype=float)]
            for func in chain:
                values.append(func(values[-1]))
            """,
        ],
        "chain_rule": [
            """
            # every local derivative evaluated at x
            x = np.asarray(x, dtype=float)
            result = np.ones_like(x)
            for local_derivative in derivatives:
                result = result * local_derivative(x)
            return result
            """,
            """
            # each local derivative evaluated at its function's output
            values = forward_pass(chain, x)
            result = np.ones_like(values[0])
            for k, local_derivative in enumerate(derivatives):
                result = result * local_derivative(values[k + 1])
            return result
            """,
            """
            # adds the local derivatives instead of multiplying them
            values = forward_pass(chain, x)
            result = np.zeros_like(values[0])
            for k, local_derivative in enumerate(derivatives):
                result = result + local_derivative(values[k])
            return result
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
    "05_vector_inputs": {
        "weighted_sum_grad_W": [
            """
            # the row X, not the column Xᵀ
            return X
            """,
            """
            # the weights themselves
            return W
            """,
            """
            # Wᵀ, which is ∂N/∂X
            return W.T
            """,
        ],
        "neuron_grad_W": [
            """
            # elementwise X * W where the matrix product X @ W belongs
            N = X * W
            return sigmoid_deriv(N) * X.T
            """,
            """
            # forgets the slope of σ
            return X.T
            """,
            """
            # σ(N) where σ'(N) belongs
            N = X @ W
            return sigmoid(N) * X.T
            """,
            """
            # a row where the column belongs
            N = X @ W
            return sigmoid_deriv(N) * X
            """,
        ],
    },
    "06_matrix_graph": {
        "sum_sigmoid_grad_W": [
            """
            # (dL/dN)ᵀ·X: the transpose of dL/dW
            N = X @ W
            dLdN = np.ones_like(N) * sigmoid_deriv(N)
            return dLdN.T @ X
            """,
            """
            # forgets σ'(N)
            N = X @ W
            return X.T @ np.ones_like(N)
            """,
            """
            # σ(N) where σ'(N) belongs
            N = X @ W
            return X.T @ sigmoid(N)
            """,
            """
            # dL/dX (Wᵀ on the right) instead of dL/dW
            N = X @ W
            dLdN = np.ones_like(N) * sigmoid_deriv(N)
            return dLdN @ W.T
            """,
        ],
        "squared_sum_grad_X": [
            """
            # the plain sum's gradient: dL/dS taken as ones
            N = X @ W
            return sigmoid_deriv(N) @ W.T
            """,
            """
            # 2N instead of 2S
            N = X @ W
            return (2 * N * sigmoid_deriv(N)) @ W.T
            """,
            """
            # forgets the factor 2
            N = X @ W
            return (sigmoid(N) * sigmoid_deriv(N)) @ W.T
            """,
            """
            # the matrix product on the wrong side (Xᵀ·…, the gradient for W)
            N = X @ W
            dLdN = 2 * sigmoid(N) * sigmoid_deriv(N)
            return X.T @ dLdN
            """,
        ],
    },
    "07_xor": {
        "nor_weights": [
            """
            # OR's weights: forgets the NOT
            return np.array([20.0, 20.0]), -10.0
            """,
            """
            # NAND's weights
            return np.array([-20.0, -20.0]), 30.0
            """,
            """
            # the right signs, but too small to saturate σ (σ(1) ≈ 0.73)
            return np.array([-2.0, -2.0]), 1.0
            """,
            """
            # returns the weights but not the bias
            return np.array([-20.0, -20.0])
            """,
        ],
        "gradient_descent_step": [
            """
            # adds the gradient: climbs the loss
            return param + learning_rate * grad
            """,
            """
            # forgets the learning rate
            return param - grad
            """,
            """
            # returns only the change
            return -learning_rate * grad
            """,
            """
            # updates in place but returns nothing
            param -= learning_rate * grad
            """,
        ],
        "xnor_params": [
            """
            # XOR's parameters: OR and NAND hidden, AND output
            return {
                "W1": np.array([[20.0, -20.0], [20.0, -20.0]]),
                "b1": np.array([[-10.0, 30.0]]),
                "W2": np.array([[20.0], [20.0]]),
                "b2": np.array([[-30.0]]),
            }
            """,
            """
            # AND instead of OR at the output
            return {
                "W1": np.array([[20.0, -20.0], [20.0, -20.0]]),
                "b1": np.array([[-30.0, 10.0]]),
                "W2": np.array([[20.0], [20.0]]),
                "b2": np.array([[-30.0]]),
            }
            """,
            """
            # W1 transposed: each hidden neuron reads one input with both signs
            return {
                "W1": np.array([[20.0, 20.0], [-20.0, -20.0]]),
                "b1": np.array([[-30.0, 10.0]]),
                "W2": np.array([[20.0], [20.0]]),
                "b2": np.array([[-10.0]]),
            }
            """,
        ],
    },
}
