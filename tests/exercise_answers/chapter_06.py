"""Chapter 6: answers to exercises 6.1–6.2 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "6.1": [
        Answer("transpose: (dL/dN)ᵀ X", """
def sum_sigmoid_grad_W(X, W):
    dLdN = sigmoid_deriv(X @ W)
    return dLdN.T @ X
""", "the transpose of dL/dW"),
        Answer("σ' left out (a chain-rule step)", """
def sum_sigmoid_grad_W(X, W):
    N = X @ W
    return X.T @ np.ones_like(N)
""", "σ'(N) is missing"),
        Answer("elementwise where the matrix product belongs", """
def sum_sigmoid_grad_W(X, W):
    dLdN = sigmoid_deriv(X @ W)
    return X.T * dLdN
""", "For a matrix product use `@`"),
        Answer("calls lecture_lib's backward function", """
def sum_sigmoid_grad_W(X, W):
    return matrix_function_backward_sum_2(X, W, sigmoid)
""", "calls matrix_function_backward_sum_2"),
        Answer("the shown dL/dN helper", """
def sum_sigmoid_grad_W(X, W):
    dLdN = lecture_lib.matrix_function_backward_sum_dLdN(X, W, sigmoid)
    return X.T @ dLdN
""", "calls matrix_function_backward_sum_dLdN"),
        Answer("dL/dX instead of dL/dW", """
def sum_sigmoid_grad_W(X, W):
    dLdN = sigmoid_deriv(np.dot(X, W))
    return np.dot(dLdN, W.T)
""", "This is dL/dX"),
        Answer("the mean over the examples", """
def sum_sigmoid_grad_W(X, W):
    dLdN = sigmoid_deriv(X @ W)
    return X.T @ dLdN / len(X)
""", "the mean over the examples"),
        Answer("ones of the chapter's shape written in", """
def sum_sigmoid_grad_W(X, W):
    dLdN = np.ones((3, 2)) * sigmoid_deriv(X @ W)
    return X.T @ dLdN
""", "is a size written into your code"),
        Answer("1 − S for σ'", """
def sum_sigmoid_grad_W(X, W):
    S = sigmoid(X @ W)
    return X.T @ (1 - S)
""", "leaves out the factor σ(N)"),
        Answer("σ(1 + σ), a sign slip", """
def sum_sigmoid_grad_W(X, W):
    S = sigmoid(X @ W)
    return X.T @ (S * (1 + S))
""", "check the sign in the sigmoid's slope"),
        Answer("stores the gradient in W", """
def sum_sigmoid_grad_W(X, W):
    W[:] = X.T @ sigmoid_deriv(X @ W)
    return W
""", "changed its argument `W` in place"),
        Answer("nested lists", """
def sum_sigmoid_grad_W(X, W):
    G = X.T @ sigmoid_deriv(X @ W)
    return [list(row) for row in G]
""", "is a list, not a numpy array"),
        Answer("endless loop: the row index never moves", """
def sum_sigmoid_grad_W(X, W):
    dLdN = sigmoid_deriv(X @ W)
    grad = np.zeros_like(W)
    j = 0
    while j < W.shape[0]:
        for k in range(W.shape[1]):
            grad[j, k] = np.sum(X[:, j] * dLdN[:, k])
    return grad
""", "did not finish"),
        Answer("forward differences of L by hand", """
def sum_sigmoid_grad_W(X, W):
    h = 1e-4
    grad = np.zeros_like(W)
    for j in range(W.shape[0]):
        for k in range(W.shape[1]):
            V = W.copy()
            V[j, k] += h
            grad[j, k] = (np.sum(sigmoid(X @ V)) - np.sum(sigmoid(X @ W))) / h
    return grad
""", "one-sided (forward"),
    ],
    "6.2": [
        Answer("the factor 2 left out", """
def squared_sum_grad_X(X, W):
    S = sigmoid(X @ W)
    return (S * sigmoid_deriv(X @ W)) @ W.T
""", "The factor 2"),
        Answer("dL/dS = 2N", """
def squared_sum_grad_X(X, W):
    N = X @ W
    return (2 * N * sigmoid_deriv(N)) @ W.T
""", "uses S = σ(N), not N"),
        Answer("the plain sum's gradient (first step unchanged)", """
def squared_sum_grad_X(X, W):
    return matrix_function_backward_sum_1(X, W, sigmoid)
""", "for the plain sum"),
        Answer("2S(1 − S): one S too few", """
def squared_sum_grad_X(X, W):
    S = sigmoid(X @ W)
    return 2 * S * (1 - S) @ W.T
""", "one factor S too few"),
        Answer("power written with ^", """
def squared_sum_grad_X(X, W):
    N = X @ W
    S = sigmoid(N)
    dLdN = 2 * S ^ 1 * sigmoid_deriv(N)
    return dLdN @ W.T
""", "`^` is bitwise XOR"),
        Answer("W instead of Wᵀ", """
def squared_sum_grad_X(X, W):
    N = X @ W
    dLdN = 2 * sigmoid(N) * sigmoid_deriv(N)
    return dLdN @ W
""", "matrix product A @ B needs"),
        Answer("σ' left out", """
def squared_sum_grad_X(X, W):
    return 2 * sigmoid(X @ W) @ W.T
""", "σ'(N) is missing"),
        Answer("dL/dW instead of dL/dX", """
def squared_sum_grad_X(X, W):
    N = X @ W
    return X.T @ (2 * sigmoid(N) * sigmoid_deriv(N))
""", "This is dL/dW"),
        Answer("elementwise product with Wᵀ", """
def squared_sum_grad_X(X, W):
    N = X @ W
    return (2 * sigmoid(N) * sigmoid_deriv(N)) * W.T
""", "For a matrix product use `@`"),
        Answer("also takes a gradient step on X in place", """
def squared_sum_grad_X(X, W):
    N = X @ W
    grad = (2 * sigmoid(N) * sigmoid_deriv(N)) @ W.T
    X -= 0.1 * grad
    return grad
""", "changed its argument `X` in place"),
        Answer("numerical_gradient", """
def squared_sum_grad_X(X, W):
    return numerical_gradient(lambda A: np.sum(sigmoid(A @ W) ** 2), X)
""", "calls numerical_gradient"),
        Answer("backward differences of L by hand", """
def squared_sum_grad_X(X, W):
    h = 1e-3
    L = lambda A: np.sum(sigmoid(A @ W) ** 2)
    grad = np.zeros_like(X)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            A = X.copy()
            A[i, j] -= h
            grad[i, j] = (L(X) - L(A)) / h
    return grad
""", "one-sided (backward"),
        Answer("a loop over three rows", """
def squared_sum_grad_X(X, W):
    N = X @ W
    dLdN = 2 * sigmoid(N) * sigmoid_deriv(N)
    return np.array([dLdN[i] @ W.T for i in range(3)])
""", "is a size written into your code"),
    ],
}

CORRECT = {
    "6.1": [
        Answer("σ' as S(1 − S), computed in place on S", """
def sum_sigmoid_grad_W(X, W):
    S = sigmoid(X @ W)
    S *= 1 - S
    return X.T @ S
"""),
        Answer("sums over the paths, with loops", """
def sum_sigmoid_grad_W(X, W):
    N = X @ W
    grad = np.zeros(W.shape)
    for j in range(W.shape[0]):
        for k in range(W.shape[1]):
            for i in range(X.shape[0]):
                grad[j, k] += X[i, j] * sigmoid_deriv(N[i, k])
    return grad
"""),
        Answer("np.dot and np.transpose", """
def sum_sigmoid_grad_W(X, W):
    dLdS = np.ones((X.shape[0], W.shape[1]))
    dLdN = dLdS * sigmoid_deriv(np.dot(X, W))
    return np.dot(np.transpose(X), dLdN)
"""),
    ],
    "6.2": [
        Answer("einsum", """
def squared_sum_grad_X(X, W):
    N = np.einsum("ij,jk->ik", X, W)
    dLdN = 2 * sigmoid(N) * sigmoid_deriv(N)
    return np.einsum("ik,jk->ij", dLdN, W)
"""),
        Answer("σ' as S(1 − S), with np.dot", """
def squared_sum_grad_X(X, W):
    S = sigmoid(np.dot(X, W))
    dLdS = 2 * S
    dLdN = dLdS * S * (1 - S)
    return np.dot(dLdN, W.T)
"""),
        Answer("sums over the paths, with loops", """
def squared_sum_grad_X(X, W):
    N = X @ W
    S = sigmoid(N)
    grad = np.zeros(X.shape)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            for k in range(W.shape[1]):
                grad[i, j] += 2 * S[i, k] * sigmoid_deriv(N[i, k]) * W[j, k]
    return grad
"""),
    ],
}
