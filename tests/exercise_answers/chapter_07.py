"""Chapter 7: answers to exercises 7.1–7.3 (see tests/exercise_answers/__init__.py)."""
from exercise_answers import Answer

WRONG = {
    "7.1": [
        Answer("OR's weights: forgets the NOT", """
def nor_weights():
    return np.array([20.0, 20.0]), -10.0
""", "flip the signs of both weights"),
        Answer("NAND's weights", """
def nor_weights():
    return np.array([-20.0, -20.0]), 30.0
""", "These weights compute NAND"),
        Answer("AND's weights", """
def nor_weights():
    return np.array([20.0, 20.0]), -30.0
""", "negate the weights"),
        Answer("right signs, too small to saturate σ", """
def nor_weights():
    return np.array([-2.0, -2.0]), 1.0
""", "not sure enough"),
        Answer("bias with the wrong sign: 0 everywhere", """
def nor_weights():
    return np.array([-20.0, -20.0]), -10.0
""", "so NOR needs"),
        Answer("bias too large: 1 everywhere", """
def nor_weights():
    return [-2.0, -2.0], 12.0
""", "answers 1 at every corner"),
        Answer("one weight's sign slipped", """
def nor_weights():
    return np.array([-20.0, 20.0]), 10.0
""", "at (0, 1): z = 30"),
        Answer("returns the weights but not the bias", """
def nor_weights():
    return np.array([-20.0, -20.0])
""", "NOR needs 3 numbers"),
        Answer("a (1 × 2) row, which the chapter's neuron cannot multiply", """
def nor_weights():
    return np.array([[-20.0, -20.0]]), np.array([10.0])
""", "A row `(1, 2)` does not multiply X"),
        Answer("three numbers, not a pair", """
def nor_weights():
    return -20.0, -20.0, 10.0
""", "as a pair: `return w, b`"),
        Answer("bias first, weights second", """
def nor_weights():
    return 10.0, [-20.0, -20.0]
""", "The order is (w, b)"),
        Answer("two biases", """
def nor_weights():
    return np.array([-20.0, -20.0]), np.array([10.0, 10.0])
""", "b, should be one number"),
        Answer("forgets to return", """
def nor_weights():
    w, b = np.array([-20.0, -20.0]), 10.0
""", "returned None"),
        Answer("NaN from 0/0", """
def nor_weights():
    w = np.array([-20.0, -20.0])
    return w, np.float64(0.0) / np.float64(0.0) * 10
""", "no NaN or inf"),
        Answer("endless loop", """
def nor_weights():
    b = 10.0
    while b > 0:
        b = b * 1.0
    return np.array([-20.0, -20.0]), b
""", "did not finish"),
    ],
    "7.2": [
        Answer("adds the gradient", """
def gradient_descent_step(param, grad, learning_rate):
    return param + learning_rate * grad
""", "climbs the loss"),
        Answer("forgets the learning rate", """
def gradient_descent_step(param, grad, learning_rate):
    return param - grad
""", "learning rate is missing"),
        Answer("returns only the change", """
def gradient_descent_step(param, grad, learning_rate):
    return -learning_rate * grad
""", "only the change"),
        Answer("divides by the learning rate", """
def gradient_descent_step(param, grad, learning_rate):
    return param - grad / learning_rate
""", "divides the gradient"),
        Answer("scales the parameter too", """
def gradient_descent_step(param, grad, learning_rate):
    return learning_rate * (param - grad)
""", "multiplies the parameter too"),
        Answer("sign of the whole update flipped", """
def gradient_descent_step(param, grad, learning_rate):
    return learning_rate * grad - param
""", "sign flipped"),
        Answer("hard-codes the chapter's learning rate", """
def gradient_descent_step(param, grad, learning_rate):
    return param - 2.0 * grad
""", "the chapter's learning rate 2"),
        Answer("transposes the gradient", """
def gradient_descent_step(param, grad, learning_rate):
    return param - learning_rate * grad.T
""", "do not transpose"),
        Answer("updates the parameter in place", """
def gradient_descent_step(param, grad, learning_rate):
    param -= learning_rate * grad
    return param
""", "changed its argument `param` in place"),
        Answer("calls lecture_lib's descent_step", """
def gradient_descent_step(param, grad, learning_rate):
    return xor.descent_step(param, grad, learning_rate)
""", "do not call lecture_lib's descent_step"),
        Answer("a list of rows", """
def gradient_descent_step(param, grad, learning_rate):
    return [p - learning_rate * g for p, g in zip(param, grad)]
""", "is a list, not a numpy array"),
        Answer("a loop for 1-D arrays only", """
def gradient_descent_step(param, grad, learning_rate):
    out = np.zeros(len(param))
    for i in range(len(param)):
        out[i] = param[i] - learning_rate * grad[i]
    return out
""", "a whole row into one entry"),
        Answer("^ for a product", """
def gradient_descent_step(param, grad, learning_rate):
    return param - learning_rate ^ grad
""", "`^` is bitwise XOR"),
        Answer("forgets to return", """
def gradient_descent_step(param, grad, learning_rate):
    new_param = param - learning_rate * grad
""", "`return`"),
        Answer("endless loop", """
def gradient_descent_step(param, grad, learning_rate):
    step = learning_rate
    while step > 0:
        step = step + 0.0
    return param - learning_rate * grad
""", "did not finish"),
    ],
    "7.3": [
        Answer("XOR's parameters", """
def xnor_params():
    return {
        "W1": np.array([[20.0, -20.0], [20.0, -20.0]]),
        "b1": np.array([[-10.0, 30.0]]),
        "W2": np.array([[20.0], [20.0]]),
        "b2": np.array([[-30.0]]),
    }
""", "computes XOR, not XNOR"),
        Answer("AND instead of OR at the output", """
def xnor_params():
    return {
        "W1": np.array([[20.0, -20.0], [20.0, -20.0]]),
        "b1": np.array([[-30.0, 10.0]]),
        "W2": np.array([[20.0], [20.0]]),
        "b2": np.array([[-30.0]]),
    }
""", "must answer 1 when either of them is 1"),
        Answer("W1 transposed", """
def xnor_params():
    return {
        "W1": np.array([[20.0, 20.0], [-20.0, -20.0]]),
        "b1": np.array([[-30.0, 10.0]]),
        "W2": np.array([[20.0], [20.0]]),
        "b2": np.array([[-10.0]]),
    }
""", "With W1 transposed"),
        Answer("OR where AND belongs in the hidden layer", """
def xnor_params():
    return {
        "W1": np.array([[20.0, -20.0], [20.0, -20.0]]),
        "b1": np.array([[-10.0, 10.0]]),
        "W2": np.array([[20.0], [20.0]]),
        "b2": np.array([[-10.0]]),
    }
""", "hidden neuron 1 (column 1 of W1, entry 1 of b1) computes OR"),
        Answer("right pattern, weights too small", """
def xnor_params():
    return {
        "W1": np.array([[6.0, -6.0], [6.0, -6.0]]),
        "b1": np.array([[-9.0, 3.0]]),
        "W2": np.array([[6.0], [6.0]]),
        "b2": np.array([[-3.0]]),
    }
""", "not sure enough"),
        Answer("a tuple instead of a dict", """
def xnor_params():
    W1 = np.array([[20.0, -20.0], [20.0, -20.0]])
    return W1, np.array([[-30.0, 10.0]]), np.array([[20.0], [20.0]]), np.array([[-10.0]])
""", "Put the four arrays in a dict"),
        Answer("lower-case keys", """
def xnor_params():
    return {"w1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([[-30.0, 10.0]]),
            "w2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
""", "case-sensitive"),
        Answer("W1 as a flat row of four", """
def xnor_params():
    return {"W1": np.array([20.0, -20.0, 20.0, -20.0]), "b1": np.array([[-30.0, 10.0]]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
""", "W1 must be a 2 × 2 matrix"),
        Answer("a bias for three hidden neurons", """
def xnor_params():
    return {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([[-30.0, 10.0, 0.0]]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
""", "b1 should hold 2 numbers"),
        Answer("forgets to return", """
def xnor_params():
    params = {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([[-30.0, 10.0]]),
              "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
""", "returned None"),
        Answer("an infinite weight", """
def xnor_params():
    return {"W1": np.array([[np.inf, -20.0], [20.0, -20.0]]), "b1": np.array([[-30.0, 10.0]]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
""", "holds NaN or inf"),
        Answer("b1 as a column, which the chapter's network rejects", """
def xnor_params():
    return {"W1": np.array([[20.0, -20.0], [20.0, -20.0]]), "b1": np.array([[-30.0], [10.0]]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
""", "xor.check_params"),
    ],
}

CORRECT = {
    "7.1": [
        Answer("a flat (2,) array and a 1-element bias", """
def nor_weights():
    return np.array([-20.0, -20.0]), np.array([10.0])
"""),
        Answer("plain lists, smaller weights (|z| = 5)", """
def nor_weights():
    return [-10, -10], 5
"""),
        Answer("a (2 × 1) column and a (1 × 1) bias", """
def nor_weights():
    return np.array([[-30.0], [-30.0]]), np.array([[12.0]])
"""),
        Answer("the slides' OR, negated", """
def nor_weights():
    w_or, b_or = SLIDE_GATES["OR"]
    return -w_or, -b_or
"""),
    ],
    "7.2": [
        Answer("np.subtract and np.dot", """
def gradient_descent_step(param, grad, learning_rate):
    return np.subtract(param, np.dot(learning_rate, grad))
"""),
        Answer("in place, on a copy", """
def gradient_descent_step(param, grad, learning_rate):
    new = np.array(param, dtype=float, copy=True)
    new -= learning_rate * grad
    return new
"""),
        Answer("a loop over every index", """
def gradient_descent_step(param, grad, learning_rate):
    out = np.empty(np.shape(param))
    for index in np.ndindex(out.shape):
        out[index] = param[index] - learning_rate * grad[index]
    return out
"""),
        Answer("adding the negative step", """
def gradient_descent_step(param, grad, learning_rate):
    step = -learning_rate * np.asarray(grad)
    return np.asarray(param) + step
"""),
    ],
    "7.3": [
        Answer("lists and flat biases", """
def xnor_params():
    return {"W1": [[20, -20], [20, -20]], "b1": [-30, 10], "W2": [20, 20], "b2": -10}
"""),
        Answer("NOR as hidden neuron 1, AND as 2", """
def xnor_params():
    return {"W1": np.array([[-20.0, 20.0], [-20.0, 20.0]]), "b1": np.array([[10.0, -30.0]]),
            "W2": np.array([[20.0], [20.0]]), "b2": np.array([[-10.0]])}
"""),
        Answer("built from nor_weights and the slides' gates", """
def xnor_params():
    w_nor, b_nor = nor_weights()
    (w_and, b_and), (w_or, b_or) = SLIDE_GATES["AND"], SLIDE_GATES["OR"]
    return {"W1": np.column_stack([w_and, w_nor]), "b1": np.array([[b_and, b_nor]]),
            "W2": w_or.reshape(2, 1), "b2": np.array([[b_or]])}
"""),
    ],
}
