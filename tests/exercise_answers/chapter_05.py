"""Chapter 5: answers to exercises 5.1–5.2 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "5.1": [
        Answer("returns the row X (transpose left out)", """
def weighted_sum_grad_W(X, W):
    return X
""", "shape of W, a column"),
        Answer("returns W.T, the gradient for X", """
def weighted_sum_grad_W(X, W):
    return W.T
""", "which is ∂N/∂X"),
        Answer("elementwise product", """
def weighted_sum_grad_W(X, W):
    return X * W
""", "elementwise (broadcast) product"),
        Answer("sign flipped", """
def weighted_sum_grad_W(X, W):
    return -X.T
""", "The sign is flipped"),
        Answer("the terms x_i·w_i", """
def weighted_sum_grad_W(X, W):
    return X.T * W
""", "slope of x_i·w_i"),
        Answer("calls lecture_lib", """
def weighted_sum_grad_W(X, W):
    return matmul_backward_second(X, W)
""", "calls matmul_backward_second"),
        Answer("a list for an array", """
def weighted_sum_grad_W(X, W):
    return [[x] for x in X[0]]
""", "is a list, not a numpy array"),
        Answer("three features written into the code", """
def weighted_sum_grad_W(X, W):
    return np.array([[X[0, 0]], [X[0, 1]], [X[0, 2]]])
""", "is a size written into your code"),
        Answer("reshapes X in place", """
def weighted_sum_grad_W(X, W):
    X.shape = W.shape
    return X
""", "changed its argument `X` in place"),
        Answer("the sum of the inputs for every weight", """
def weighted_sum_grad_W(X, W):
    return np.ones_like(W) * X.sum()
""", "the sum x₁ + … + xₙ"),
        Answer("endless loop over the weights", """
def weighted_sum_grad_W(X, W):
    grad = np.zeros_like(W)
    i = 0
    while i < W.shape[0]:
        grad[i, 0] = X[0, i]
    return grad
""", "did not finish"),
        Answer("a cache keyed on the shape and the sum", """
_seen = {}


def weighted_sum_grad_W(X, W):
    key = (X.shape, float(X.sum()))
    if key not in _seen:
        _seen[key] = X.T.copy()
    return _seen[key]
""", "same result for two different inputs of the same shape"),
    ],
    "5.2": [
        Answer("elementwise X * W inside σ'", """
def neuron_grad_W(X, W):
    return sigmoid_deriv(X * W) * X.T
""", "elementwise (broadcast) product"),
        Answer("σ' left out (a chain-rule step)", """
def neuron_grad_W(X, W):
    return weighted_sum_grad_W(X, W)
""", "σ'(N) is missing"),
        Answer("σ where σ' belongs", """
def neuron_grad_W(X, W):
    return sigmoid(X @ W) * X.T
""", "where its slope σ'(N) belongs"),
        Answer("the gradient for X instead of W", """
def neuron_grad_W(X, W):
    return sigmoid_deriv(X @ W) * W.T
""", "gradient with respect to the inputs"),
        Answer("a row where a column belongs", """
def neuron_grad_W(X, W):
    return np.dot(sigmoid_deriv(np.dot(X, W)), X)
""", "must have the shape of W"),
        Answer("σ'(S) instead of σ'(N)", """
def neuron_grad_W(X, W):
    S = sigmoid(X @ W)
    return sigmoid_deriv(S) * X.T
""", "σ' is evaluated at S"),
        Answer("σ(1 + σ), a sign slip", """
def neuron_grad_W(X, W):
    s = sigmoid(X @ W)
    return s * (1 + s) * X.T
""", "check the sign in the sigmoid's slope"),
        Answer("forward differences by hand", """
def neuron_grad_W(X, W):
    delta = 0.001
    grad = np.zeros_like(W)
    for i in range(W.shape[0]):
        nudged = W.copy()
        nudged[i, 0] += delta
        grad[i, 0] = (sigmoid(X @ nudged) - sigmoid(X @ W)).item() / delta
    return grad
""", "one-sided (forward"),
        Answer("numerical_gradient", """
def neuron_grad_W(X, W):
    return numerical_gradient(lambda V: sigmoid(X @ V).item(), W)
""", "calls numerical_gradient"),
        Answer("float() of a 1 × 1 matrix", """
def neuron_grad_W(X, W):
    N = float(X @ W)
    return sigmoid_deriv(N) * X.T
""", "take one number, not an array"),
        Answer("nudges W in place and leaves it changed", """
def neuron_grad_W(X, W):
    W += 0.5
    W -= 0.5
    return sigmoid_deriv(X @ W) * X.T
""", "changed its argument `W` in place"),
    ],
}

CORRECT = {
    "5.1": [
        Answer("a loop over the features", """
def weighted_sum_grad_W(X, W):
    grad = np.zeros(W.shape)
    for i in range(X.shape[1]):
        grad[i, 0] = X[0, i]
    return grad
"""),
        Answer("reshape to W's shape", """
def weighted_sum_grad_W(X, W):
    return np.reshape(X, W.shape)
"""),
        Answer("np.transpose", """
def weighted_sum_grad_W(X, W):
    return np.transpose(X)
"""),
    ],
    "5.2": [
        Answer("with the answer to 5.1 and np.dot", """
def neuron_grad_W(X, W):
    N = np.dot(X, W)
    return weighted_sum_grad_W(X, W) * sigmoid_deriv(N)
"""),
        Answer("σ' written as S(1 − S), as a matrix product", """
def neuron_grad_W(X, W):
    S = sigmoid(X @ W)
    return X.T @ (S * (1 - S))
"""),
        Answer("entry by entry", """
def neuron_grad_W(X, W):
    N = (X @ W).item()
    slope = sigmoid_deriv(N)
    return np.array([[slope * x] for x in X[0]])
"""),
    ],
}
