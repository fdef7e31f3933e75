"""lecture_lib.exercises: every status, every automatic hint, and that a check never raises."""
from __future__ import annotations

import numpy as np
import pytest

import lecture_lib.exercises as exercises
from lecture_lib import deriv, matmul_forward, multiple_inputs_add_backward, sigmoid, square
from course_tools.exercise_key.chapter_02 import negated
from lecture_lib.exercises import Feedback, check_function, check_value


def forward_difference(func, delta=0.001):
    return lambda u: (func(np.asarray(u, float) + delta) - func(np.asarray(u, float))) / delta


def backward_difference(func, delta=0.001):
    return lambda u: (func(np.asarray(u, float)) - func(np.asarray(u, float) - delta)) / delta


def transposed(func):
    return lambda *args: np.asarray(func(*args)).T

X = np.array([-1.0, 0.5, 2.0])


def flat(text: str) -> str:
    """A message with its line wrapping undone, to look for a hint in it."""
    return " ".join(text.split())
INPUTS = [(X,), (3.0,)]
DELTA = 0.001


def reference(x):
    return deriv(square, x)


def central(x):
    return (square(x + DELTA) - square(x - DELTA)) / (2 * DELTA)


def check(answer, **kwargs):
    return check_function(answer, reference, INPUTS, name="square_derivative", **kwargs)


# ----------------------------------------------------------------- the three statuses

def test_correct_answer():
    feedback = check(central)
    assert feedback.status == "correct"
    assert feedback.message.startswith("Correct: `square_derivative`")
    assert "all 2 inputs" in feedback.message
    assert bool(feedback) is True


def test_not_written_shows_the_scaffold_hint():
    def answer(x):
        raise NotImplementedError("use (f(x + Δ) − f(x − Δ)) / (2Δ)")

    feedback = check(answer)
    assert feedback.status == "not written"
    assert feedback.message.startswith("Not yet written: `square_derivative` still raises NotImplementedError")
    assert "run that cell" in feedback.message  # an edited cell that was not re-run
    assert "Hint: use (f(x + Δ) − f(x − Δ)) / (2Δ)" in feedback.message
    assert not feedback


def test_wrong_value_shows_input_got_and_expected():
    feedback = check(lambda x: reference(x) + 1.0)
    assert feedback.status == "wrong"
    lines = feedback.message.splitlines()
    assert lines[0] == "Wrong: the result of `square_derivative` is not the expected value."
    assert lines[1] == "  input:    x = [-1.0, 0.5, 2.0]"
    assert lines[2] == "  got:      [-1.0, 2.0, 5.0]"
    assert lines[3] == "  expected: [-2.0, 1.0, 4.0]"
    assert lines[4].startswith("  largest difference at index (0,): 1.0")
    assert lines[5] == "  there: got -1, expected -2"
    assert len(lines) == 6  # no hint for an unrecognised mistake


def test_wrong_only_on_the_second_input_reports_that_input():
    feedback = check(lambda x: central(x) if np.ndim(x) else 0.0)
    assert feedback.status == "wrong"
    assert "  input:    x = 3.0" in feedback.message
    assert "  expected: 6.0" in feedback.message


def test_messages_differ_between_correct_and_wrong():
    assert check(central).message != check(lambda x: -central(x)).message


def test_repr_is_the_message_so_jupyter_displays_it():
    feedback = check(central)
    assert repr(feedback) == feedback.message == str(feedback)
    assert isinstance(feedback, Feedback)


# ----------------------------------------------------------------- never raises

def _raises_value_error(x):
    raise ValueError("x must be positive\nsecond line")


def _never_returns(x):
    while True:
        pass


def _recursive(x):
    return _recursive(x)


@pytest.mark.parametrize(
    "answer, first_line",
    [
        (_raises_value_error, "Wrong: `square_derivative` raised ValueError: x must be positive."),
        (lambda x: x / undefined_name,  # noqa: F821
         "Wrong: `square_derivative` raised NameError: name 'undefined_name' is not"),
        (lambda x: "2x", "Wrong: the result of `square_derivative` is a string, not a numpy array."),
        (lambda x: {"x": x}, "Wrong: the result of `square_derivative` is a dict, not a numpy array."),
        (lambda x: central(x)[:2] if np.ndim(x) else 6.0,
         "Wrong: the result of `square_derivative` has shape (2,), expected shape (3,)."),
        (lambda x: central(x) * np.nan, "Wrong: the result of `square_derivative` contains NaN (not a number)."),
        (lambda x: central(x) / 0.0, "Wrong: the result of `square_derivative` contains inf (infinity)."),
        (lambda x: None, "Wrong: the result of `square_derivative` is None."),
        (_recursive, "Wrong: `square_derivative` raised RecursionError: it calls itself without end."),
        (lambda x: exit(), "Wrong: `square_derivative` raised SystemExit: None."),
    ],
    ids=["exception", "name-error", "string", "dict", "shape", "nan", "inf", "none", "recursion", "exit"],
)
def test_check_never_raises_and_says_what_is_wrong(answer, first_line):
    feedback = check(answer)
    assert feedback.status == "wrong"
    assert feedback.message.splitlines()[0] == first_line


def test_specific_hints_for_none_nan_inf():
    assert "Hint: Is a `return` statement missing?" in check(lambda x: None).message
    assert "Hint: NaN comes from 0/0" in check(lambda x: central(x) * np.nan).message
    assert "Hint: inf comes from an overflow" in check(lambda x: central(x) / 0.0).message


def test_answer_that_is_not_a_function():
    feedback = check_function(3.0, reference, INPUTS, name="square_derivative")
    assert feedback.status == "wrong"
    assert feedback.message.startswith("Wrong: `square_derivative` should be a function, but it is a float")


def test_endless_loop_is_stopped(monkeypatch):
    monkeypatch.setattr(exercises.running, "TIME_LIMIT", 0.2)
    feedback = check(_never_returns)
    assert feedback.status == "wrong"
    assert "did not finish within 0.2 s" in feedback.message
    assert "An endless loop?" in feedback.message


def test_an_answer_that_changes_its_argument_is_wrong_and_the_callers_array_is_kept():
    def mutating(x):
        result = central(x)
        x[:] = 0.0
        return result

    x = X.copy()
    feedback = check_function(mutating, reference, [(x,)], name="square_derivative")
    assert feedback.status == "wrong"
    assert "changed its argument `x` in place" in feedback.message
    np.testing.assert_array_equal(x, X)


def test_student_warnings_do_not_reach_the_notebook(recwarn):
    check(lambda x: np.log(-1.0 * np.abs(x)))
    assert len(recwarn) == 0


def test_broken_reference_is_the_authors_bug_and_raises():
    with pytest.raises(ZeroDivisionError):
        check_function(central, lambda x: 1 / 0, INPUTS, name="square_derivative")


@pytest.mark.parametrize(
    "kwargs, error",
    [({"name": ""}, TypeError), ({"name": "f", "rtol": -1}, ValueError),
     ({"name": "f", "mistakes": ["hint"]}, TypeError)],
)
def test_bad_check_arguments_raise(kwargs, error):
    with pytest.raises(error):
        check_function(central, reference, INPUTS, **kwargs)


# ----------------------------------------------------------------- automatic hints

def test_hint_sign_error():
    feedback = check(negated(central))
    assert "Hint: The sign is flipped: got ≈ −expected." in feedback.message


def test_hint_factor_two_for_central_difference_over_delta():
    feedback = check(lambda x: (square(x + DELTA) - square(x - DELTA)) / DELTA)
    assert "Hint: Got twice the expected value" in feedback.message


def test_hint_factor_half():
    assert "Hint: Got half the expected value" in check(lambda x: central(x) / 2).message


MATRIX_X = np.arange(6.0).reshape(2, 3)
MATRIX_W = np.arange(3.0).reshape(3, 1)


def test_hint_transposed_shape():
    feedback = check_function(transposed(matmul_forward), matmul_forward, [(MATRIX_X, MATRIX_W)], name="N")
    lines = feedback.message.splitlines()
    assert lines[0] == "Wrong: the result of `N` has shape (1, 2), expected shape (2, 1)."
    assert "Hint: The shape is the transpose of the expected one" in feedback.message
    # a matrix prints on aligned lines, with its shape
    assert "  input:    X = [[0.0, 1.0, 2.0],\n                 [3.0, 4.0, 5.0]]  (shape (2, 3))" in feedback.message


def test_hint_transposed_square_matrix():
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    W = np.array([[1.0, 2.0], [0.0, 1.0]])
    feedback = check_function(transposed(matmul_forward), matmul_forward, [(X, W)], name="N")
    assert "Hint: Got the transpose of the expected matrix" in feedback.message


def test_hint_reshape():
    feedback = check_function(lambda X, W: (X @ W).ravel(), matmul_forward, [(MATRIX_X, MATRIX_W)], name="N")
    assert "Hint: Same number of entries, different shape" in feedback.message


def test_no_automatic_hint_when_expected_is_zero():
    feedback = check_value(lambda: 1.0, 0.0, name="z")
    assert feedback.status == "wrong"
    assert "Hint" not in feedback.message


# ----------------------------------------------------------------- caller-supplied mistakes

FORWARD_HINT = "This is a forward difference (f(x+Δ) − f(x))/Δ; use the central difference."
BACKWARD_HINT = "This is a backward difference; use the central difference."
MISTAKES = {FORWARD_HINT: forward_difference(square, DELTA), BACKWARD_HINT: backward_difference(square, DELTA)}


def test_forward_difference_mistake_is_recognised():
    feedback = check(lambda x: (square(x + DELTA) - square(x)) / DELTA, mistakes=MISTAKES)
    assert feedback.status == "wrong"
    assert f"Hint: {FORWARD_HINT}" in flat(feedback.message)
    assert BACKWARD_HINT not in feedback.message


def test_backward_difference_mistake_is_recognised():
    feedback = check(lambda x: (square(x) - square(x - DELTA)) / DELTA, mistakes=MISTAKES)
    assert f"Hint: {BACKWARD_HINT}" in feedback.message


def test_mistake_hint_replaces_automatic_hint_and_correct_answer_ignores_mistakes():
    mistakes = {"You flipped the subtraction.": negated(central)}
    feedback = check(negated(central), mistakes=mistakes)
    assert "Hint: You flipped the subtraction." in feedback.message
    assert "The sign is flipped" not in feedback.message
    assert check(central, mistakes=MISTAKES).status == "correct"


def test_mistake_that_raises_never_matches():
    def broken(x):
        raise RuntimeError("broken mistake")

    feedback = check(lambda x: None, mistakes={"never shown": broken})
    assert "never shown" not in feedback.message


def test_elementwise_product_where_matrix_product_belongs():
    hint = "`X * W` multiplies elementwise; the weighted sum is the matrix product `X @ W`."
    X = np.array([[1.0, 2.0, 3.0]])
    W = np.array([[0.5], [1.0], [2.0]])
    feedback = check_function(lambda X, W: X * W.T, matmul_forward, [(X, W)], name="N",
                              mistakes={hint: lambda X, W: X * W.T})
    assert feedback.status == "wrong"
    assert f"Hint: {hint}" in flat(feedback.message)


# ----------------------------------------------------------------- tuples of results

def test_tuple_result_correct_and_wrong_member():
    inputs = [(X, 2 * X, sigmoid)]
    good = check_function(multiple_inputs_add_backward, multiple_inputs_add_backward, inputs, name="grads")
    assert good.status == "correct"

    def one_wrong(x, y, sigma):
        dx, dy = multiple_inputs_add_backward(x, y, sigma)
        return dx, -dy

    feedback = check_function(one_wrong, multiple_inputs_add_backward, inputs, name="grads")
    assert feedback.message.startswith("Wrong: value 2 of the result of `grads` is not the expected value.")
    assert "  input:    sigma = sigmoid" in feedback.message
    assert "Hint: The sign is flipped" in feedback.message


def test_tuple_expected_but_one_array_returned():
    inputs = [(X, X, sigmoid)]
    feedback = check_function(lambda x, y, s: x, multiple_inputs_add_backward, inputs, name="grads")
    assert feedback.message.startswith("Wrong: the result of `grads` is a numpy array, not a pair.")
    assert "Hint: Return both values, e.g. `return a, b`." in feedback.message
    wrong_length = check_function(lambda x, y, s: (x, y, x), multiple_inputs_add_backward, inputs, name="grads")
    assert wrong_length.message.startswith("Wrong: the result of `grads` holds 3 values, not 2.")


# ----------------------------------------------------------------- check_value

def test_check_value_statuses():
    assert check_value(lambda: 4.5, 4.5, name="N").message == "Correct: `N` is 4.5."
    assert check_value(4.5, 4.5, name="N").status == "correct"

    def unwritten():
        raise NotImplementedError("add the products x_i * w_i")

    assert check_value(unwritten, 4.5, name="N").status == "not written"
    wrong = check_value(lambda: 4.0, 4.5, name="N", mistakes={"You forgot w_3.": 4.0})
    assert wrong.message == "Wrong: `N` is not the expected value.\n  got:      4.0\n  expected: 4.5\nHint: You forgot w_3."
    assert check_value(lambda: [][1], 4.5, name="N").message.startswith("Wrong: `N` raised IndexError")
    assert check_value(lambda: None, 4.5, name="N").message.startswith("Wrong: `N` is None.")
    assert flat(check_value(lambda: -4.5, 4.5, name="N").message).endswith("Hint: The sign is flipped: got ≈ −expected. "
                                                                     "Check a subtraction's order or a minus sign.")


def test_check_value_tuple_of_arrays():
    expected = (np.ones(2), np.zeros((2, 2)))
    assert check_value(lambda: (np.ones(2), np.zeros((2, 2))), expected, name="pair").status == "correct"
    feedback = check_value(lambda: (np.ones(2), np.zeros((2, 3))), expected, name="pair")
    assert feedback.message.startswith("Wrong: value 2 of `pair` has shape (2, 3), expected shape (2, 2).")


def test_long_arrays_are_summarised():
    feedback = check_value(lambda: np.full(40, 1.2345678), np.ones(40), name="big")
    assert "  got:      [1.235, 1.235, 1.235, ..., 1.235, 1.235, 1.235]" in feedback.message


@pytest.mark.parametrize(
    "value, text",
    [(4.0, "4.0"), (0.19661193, "0.1966"), (-2.5e-7, "-2.5e-07"), (3e8, "3.0e+08"), (7, "7"),
     (np.float64(0.25), "0.25"), (float("nan"), "nan")],
)
def test_numbers_print_compactly_without_numpy_reprs(value, text):
    assert check_value(lambda: "x", value, name="v").message.endswith(f"  expected: {text}")


def test_integer_and_boolean_answers_count_as_numbers():
    assert check_value(lambda: np.array([True, False]), np.array([1.0, 0.0]), name="mask").status == "correct"
    assert check_value(lambda: 3, 3.0, name="n").status == "correct"


def test_long_hints_are_wrapped_to_short_lines():
    hint = "This is a long hint. " * 12
    feedback = check(lambda x: central(x) + 1, mistakes={hint: lambda x: central(x) + 1})
    hint_lines = feedback.message.split("\nHint: ")[1].splitlines()
    assert len(hint_lines) >= 3
    assert all(len(line) <= exercises.engine.WIDTH for line in feedback.message.splitlines())
    assert all(line.startswith("      ") for line in hint_lines[1:])
    assert " ".join(line.strip() for line in hint_lines) == hint.strip()


def test_an_answer_that_replaces_numpy_is_wrong_and_numpy_is_restored():
    original = np.allclose

    def cheating(x):
        np.allclose = lambda *args, **kwargs: True
        return 0.0

    feedback = check(cheating)
    assert feedback.status == "wrong"
    assert "replaced numpy.allclose while it ran (restored)" in feedback.message
    assert np.allclose is original


# ----------------------------------------------------------------- a forbidden function, however it is reached

def _tanh_check(source: str, extra: dict | None = None):
    """Exercise 1.1 checked against ``source`` in a notebook-like namespace."""
    import math

    from lecture_lib.exercises import evaluate

    scope = {"__name__": "__main__", "np": np, "math": math, "sigmoid": sigmoid, **(extra or {})}
    exec(compile(source, "<cell>", "exec"), scope)
    return evaluate("1.1", scope)


@pytest.mark.parametrize("label, source", [
    ("by name", "def tanh(x):\n    return np.tanh(x)\n"),
    ("an alias", "t = np.tanh\ndef tanh(x):\n    return t(x)\n"),
    ("imported under another name", "from numpy import tanh as hyperbolic\ndef tanh(x):\n    return hyperbolic(x)\n"),
    ("a default argument", "def tanh(x, f=np.tanh):\n    return f(x)\n"),
    ("a closure", "def make():\n    f = np.tanh\n    def tanh(x):\n        return f(x)\n    return tanh\ntanh = make()\n"),
    ("a list held by a helper", "FUNCS = [np.tanh]\ndef tanh(x):\n    return FUNCS[0](x)\n"),
    ("through lecture_lib's chain_apply", "import lecture_lib\ndef tanh(x):\n"
                                          "    return lecture_lib.chain_apply([np.tanh], np.asarray(x, float))\n"),
    ("getattr with the name", "def tanh(x):\n    return getattr(np, 'ta' 'nh')(x)\n"),
    ("a local import", "def tanh(x):\n    import numpy\n    return numpy.tanh(x)\n"),
    ("math.tanh in a loop", "def tanh(x):\n    v = np.asarray(x, float)\n"
                            "    return np.array([math.tanh(u) for u in v.ravel()]).reshape(v.shape)\n"),
    ("a decorator's helper", "import functools\ndef use(f):\n    @functools.wraps(f)\n"
                             "    def inner(x):\n        return np.tanh(x)\n    return inner\n"
                             "@use\ndef tanh(x):\n    return 0\n"),
])
def test_a_forbidden_function_is_caught_however_it_is_reached(label, source):
    finding = _tanh_check(source)
    assert finding.status == "wrong" and finding.rule == "forbidden", f"{label}:\n{finding}"
    assert "np.tanh" in finding.headline or "math.tanh" in finding.headline


@pytest.mark.parametrize("label, source", [
    ("a copy of deriv's code", "import types\nfrom lecture_lib import calculus\n"
                               "d = types.FunctionType(calculus.deriv.__code__, calculus.deriv.__globals__)\n"
                               "def tanh_deriv(x):\n    return d(tanh, x)\n"),
    ("deriv reached through derivative_of", "from lecture_lib import derivative_of\n"
                                            "def tanh_deriv(x):\n    return derivative_of(tanh)(x)\n"),
    ("deriv as a default argument", "from lecture_lib import deriv\n"
                                    "def tanh_deriv(x, d=deriv):\n    return d(tanh, x)\n"),
])
def test_a_forbidden_python_function_is_caught_when_it_runs(label, source):
    from lecture_lib.exercises import evaluate

    scope = {"__name__": "__main__", "np": np, "sigmoid": sigmoid}
    exec("def tanh(x):\n    return 2 * sigmoid(2 * np.asarray(x, float)) - 1\n", scope)
    exec(compile(source, "<cell>", "exec"), scope)
    finding = evaluate("1.2", scope)
    assert finding.status == "wrong" and finding.rule == "forbidden", f"{label}:\n{finding}"
    assert "calls deriv" in finding.headline


def test_honest_code_with_a_decorator_and_module_helpers_is_correct():
    finding = _tanh_check("TWO = 2\n@np.vectorize\ndef tanh(x):\n    return TWO * sigmoid(TWO * x) - 1\n")
    assert finding.status == "correct", finding
    finding = _tanh_check("import functools\nTWO = 2\ndef logged(f):\n    @functools.wraps(f)\n"
                          "    def inner(x):\n        return f(x)\n    return inner\n"
                          "@logged\ndef tanh(x):\n    return TWO * sigmoid(TWO * np.asarray(x, float)) - 1\n")
    assert finding.status == "correct", finding


# ----------------------------------------------------------------- the checker cannot be talked into agreeing

def test_switching_the_watch_off_is_tampering():
    finding = _tanh_check("import sys\ndef tanh(x):\n    sys.setprofile(None)\n    return np.tanh(x)\n")
    assert finding.status == "wrong" and "switched off" in finding.render()


def test_switching_the_time_limit_off_is_tampering():
    finding = _tanh_check("import signal\ndef tanh(x):\n    signal.setitimer(signal.ITIMER_REAL, 0)\n"
                          "    return 2 * sigmoid(2 * np.asarray(x, float)) - 1\n")
    assert finding.status == "wrong" and "time limit" in finding.render()


def test_a_checker_function_replaced_before_the_check_is_restored_and_reported():
    from lecture_lib.exercises import check, judging

    original = judging.compare_values
    scope = {"__name__": "__main__", "np": np, "sigmoid": sigmoid}
    exec("from lecture_lib.exercises import judging\njudging.compare_values = lambda ctx: None\n"
         "def tanh(x):\n    return 0 * np.asarray(x, float)\n", scope)
    finding = check("1.1", scope)
    assert finding.status == "wrong" and "judging.compare_values" in finding.render()
    assert judging.compare_values is original
    assert check("1.1", scope).status == "wrong"  # and the restored checker judges the answer itself


def test_the_expected_values_are_not_in_any_frame_while_the_students_code_runs():
    """Reading the checker's stack frames finds the inputs, never the expected values."""
    seen = []

    def spy(frame=None):
        import sys

        frame = sys._getframe(1)
        while frame is not None:
            seen.extend(repr(v)[:2000] for v in frame.f_locals.values())
            frame = frame.f_back

    finding = _tanh_check("def tanh(x):\n    spy()\n    return x\n", {"spy": spy})
    assert finding.status == "wrong"
    assert not any("-0.9640275800758169" in text or "expected" in text and "0.964" in text for text in seen)


# ----------------------------------------------------------------- hints in two steps

def test_the_formula_comes_only_after_a_second_different_wrong_attempt():
    from lecture_lib.exercises import check, forget_attempts

    forget_attempts()
    scope = {"__name__": "__main__", "np": np, "sigmoid": sigmoid}
    exec("def tanh(x):\n    return sigmoid(2 * np.asarray(x, float))\n", scope)
    first = check("1.1", scope).render()
    assert "without the '2·" in first and "tanh = 2·sigmoid(2x) − 1" not in flat(first)
    assert check("1.1", scope).render() == first  # the same answer checked again: still the first step
    exec("def tanh(x):\n    return sigmoid(2 * np.asarray(x, float)) + 0\n", scope)
    second = check("1.1", scope).render()
    assert "tanh = 2·sigmoid(2x) − 1" in flat(second)
    forget_attempts()


def test_a_finding_is_data_rendered_in_one_place():
    from lecture_lib.exercises import check, forget_attempts

    forget_attempts()
    scope = {"__name__": "__main__", "np": np, "sigmoid": sigmoid}
    exec("def tanh(x):\n    return 2 * sigmoid(np.asarray(x, float)) - 1\n", scope)
    finding = check("1.1", scope)
    data = finding.to_dict()
    assert data["status"] == "wrong" and data["rule"] == "values" and data["mistake"].startswith("This is 2·sigmoid(x)")
    assert data["message"] == finding.render() and finding.render(level=2) != "" and data["outcomes"]
    import json

    json.dumps(data, allow_nan=False)
    forget_attempts()


def test_a_mistake_without_a_formula_of_its_own_gets_the_exercises_formula_at_the_second_attempt():
    from lecture_lib.exercises import check, forget_attempts

    forget_attempts()
    scope = {"__name__": "__main__", "np": np}
    exec("def weighted_sum_grad_W(X, W):\n    return W.T\n", scope)
    first = flat(check("5.1", scope).render())
    assert "You returned Wᵀ" in first and "Xᵀ" not in first
    exec("def weighted_sum_grad_W(X, W):\n    return np.transpose(W)\n", scope)
    assert "arranged like W (a column): Xᵀ" in flat(check("5.1", scope).render())
    forget_attempts()


def test_an_exercise_that_calls_a_wrong_earlier_one_runs_it_and_says_so():
    from lecture_lib.exercises import evaluate

    scope = {"__name__": "__main__", "np": np, "deriv": deriv, "square": square}
    exec("def central_diff(func, x, delta=0.001):\n    return (func(x + delta) - func(x - delta)) / delta\n"
         "def tangent_line(func, a, x):\n    return func(a) + central_diff(func, a) * (x - a)\n", scope)
    finding = evaluate("2.3", scope)
    assert finding.status == "wrong"
    assert any("calls your `central_diff` from exercise 2.2, which is not correct yet" in n for n in finding.notes)
    exec("def central_diff(func, x, delta=0.001):\n    return (func(x + delta) - func(x - delta)) / (2 * delta)\n",
         scope)
    finding = evaluate("2.3", scope)
    assert finding.status == "correct" and not finding.notes


def test_a_time_limit_changed_before_the_check_is_restored_and_reported():
    from lecture_lib.exercises import check, running

    scope = {"__name__": "__main__", "np": np, "sigmoid": sigmoid}
    exec("from lecture_lib.exercises import running\nrunning.TIME_LIMIT = 0\n"
         "def tanh(x):\n    return 2 * sigmoid(2 * np.asarray(x, float)) - 1\n", scope)
    finding = check("1.1", scope)
    assert finding.status == "wrong" and "running.TIME_LIMIT" in finding.render()
    assert running.TIME_LIMIT == running.TIME_LIMIT_DEFAULT
    assert check("1.1", scope).status == "correct"
