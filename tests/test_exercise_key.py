"""course_tools.exercise_key: the instructor's side of the exercises, and the RUN/JUDGE split the grader uses.

- the key files lecture_lib ships (``lecture_lib/exercises/key/*.json``) are what the references
  and inputs give now (a stale file fails here, with the command that rewrites it);
- every reference that is a derivative agrees with central differences on every input (public
  and hidden): the expected values come from an independent computation;
- the hidden inputs try what the public ones might let through: integers, two arrays of one
  shape and one sum, an empty chain where the task allows one;
- the run phase's record is plain JSON, and the judge, given only that record and the
  instructor's key, calls every instructor solution correct on public and hidden inputs, and a
  table of the public expected values wrong.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from course_tools import exercise_key, grade
from course_tools.exercise_key import grading_inputs, grading_requests, judge_chapter, keys
from lecture_lib.exercises import CHAPTERS, exercises, public_data
from lecture_lib.exercises.running import run_chapter
from lecture_lib.matrix import numerical_gradient

ROOT = Path(__file__).resolve().parent.parent


CHAPTER_IDS = [f"chapter_{n:02d}" for n in CHAPTERS]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTER_IDS)
def test_the_shipped_key_file_is_up_to_date(chapter):
    path = exercise_key.key_path(chapter)
    assert path.is_file() and path.read_text(encoding="utf-8") == exercise_key.key_text(chapter), (
        f"stale: {path.name}; run `.venv/bin/python -m course_tools.exercise_key` and commit lecture_lib/exercises/key/")


def test_every_exercise_has_a_key_and_the_same_public_inputs_in_both_places():
    assert list(keys()) == list(exercises())
    for number, key in keys().items():
        data = public_data(number)
        assert len(data["inputs"]) == len(list(key.inputs())) == len(data["key"]["expected"])


def _solutions(chapter: int) -> dict:
    notebook = json.loads(grade.chapter_notebook(chapter, ROOT).read_text(encoding="utf-8"))
    scope = {"__name__": "__main__"}
    exec(compile(grade.chapter_imports(chapter, ROOT), "<imports>", "exec"), scope)
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and "### BEGIN SOLUTION" in source:
            exec(compile(source, "<solution>", "exec"), scope)
    return scope


@pytest.mark.parametrize("chapter", CHAPTERS, ids=CHAPTER_IDS)
def test_the_instructor_solutions_pass_on_hidden_inputs_through_json(chapter):
    requests = json.loads(json.dumps(grading_requests(chapter)))
    record = run_chapter(chapter, _solutions(chapter), requests, time_limit=5.0)
    text = json.dumps(record, allow_nan=False)  # plain JSON: no NaN, nothing pickled
    findings = judge_chapter(chapter, requests, json.loads(text))
    assert {n: f.status for n, f in findings.items()} == {n: "correct" for n in exercises(chapter)}, (
        "\n".join(f.render() for f in findings.values()))


def test_a_table_of_the_public_expected_values_earns_nothing_in_the_grader():
    """An answer that looks its inputs up in the shipped key is right in the notebook, wrong in the grader."""
    from lecture_lib.exercises.values import decode, encode_args

    table = {json.dumps(args): decode(value) for args, value in
             zip(public_data("5.1")["inputs"], public_data("5.1")["key"]["expected"])}

    def weighted_sum_grad_W(X, W):
        return table[json.dumps(encode_args((X, W)))]

    requests = grading_requests(5)
    record = run_chapter(5, {"weighted_sum_grad_W": weighted_sum_grad_W, "__name__": "__main__"}, requests)
    finding = judge_chapter(5, requests, json.loads(json.dumps(record)))["5.1"]
    assert finding.status == "wrong" and "raised KeyError" in finding.render()


@pytest.mark.parametrize("number", ["1.1", "2.2", "3.1", "3.2", "4.2", "5.1", "6.2", "7.2"])
def test_hidden_inputs_hold_integers_and_repeated_shapes_and_sums(number):
    inputs = grading_inputs(number)
    hidden = inputs[len(list(keys()[number].inputs())):]
    assert hidden, f"{number} has no hidden inputs"
    arrays = [a for args in hidden for a in args if isinstance(a, (int, np.ndarray)) and not isinstance(a, bool)]
    assert any(isinstance(a, int) or a.dtype.kind == "i" for a in arrays), f"{number}: no integer input"
    seen = {}
    repeated = False
    for args in inputs:
        arrays = tuple(np.asarray(a) for a in args if isinstance(a, np.ndarray))
        if not arrays:
            continue
        mark = tuple((a.shape, round(float(a.sum()), 9)) for a in arrays)
        repeated |= mark in seen and any(not np.array_equal(a, b) for a, b in zip(arrays, seen[mark]))
        seen.setdefault(mark, arrays)
    assert repeated, f"{number}: no two different inputs share their shapes and sums"


def test_hidden_inputs_are_reproducible_and_differ_between_seeds():
    one, again, other = grading_requests(2, 7), grading_requests(2, 7), grading_requests(2, 8)
    assert one == again and one != other


def test_an_empty_chain_is_tried_where_the_task_says_any_length():
    assert any(len(args[0]) == 0 for args in keys()["3.2"].inputs())
    assert any(len(args[0]) == 0 for args in grading_inputs("3.2"))


GRADIENTS = {"5.1": (lambda X, W: (X @ W).item(), 1), "5.2": (None, 1), "6.1": (None, 1), "6.2": (None, 0)}


def _scalar(number, X, W):
    from lecture_lib.functions import sigmoid

    return {"5.1": lambda X_, W_: float((X_ @ W_).item()),
            "5.2": lambda X_, W_: float(sigmoid(X_ @ W_).item()),
            "6.1": lambda X_, W_: float(np.sum(sigmoid(X_ @ W_))),
            "6.2": lambda X_, W_: float(np.sum(sigmoid(X_ @ W_) ** 2))}[number]


@pytest.mark.parametrize("number", list(GRADIENTS))
def test_gradient_references_agree_with_central_differences(number):
    index = GRADIENTS[number][1]
    reference = keys()[number].reference
    for args in grading_inputs(number):
        X, W = (np.asarray(a, dtype=float) for a in args)
        f = _scalar(number, X, W)
        numeric = (numerical_gradient(lambda W_: f(X, W_), W) if index == 1 else
                   numerical_gradient(lambda X_: f(X_, W), X))
        np.testing.assert_allclose(reference(*args), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("number", ["1.2", "3.1", "3.3", "4.1", "4.2"])
def test_derivative_references_agree_with_central_differences(number):
    from lecture_lib.calculus import chain_apply, deriv

    reference = keys()[number].reference
    for args in grading_inputs(number):
        if number in ("1.2", "3.1"):
            function = {"1.2": np.tanh, "3.1": lambda u: 1 / (1 + np.exp(-np.asarray(u, float) ** 2))}[number]
            numeric = deriv(function, np.asarray(args[0], float), 1e-5)
        elif number == "3.3":
            numeric = deriv(lambda u: chain_apply(args[0], u), np.asarray(args[2], float), 1e-5)
        else:
            x, y = (np.asarray(a, float) for a in args)
            op = (lambda a, b: a - b) if number == "4.1" else (lambda a, b: a * b)
            sig = lambda u: 1 / (1 + np.exp(-np.clip(u, -500, 500)))  # noqa: E731
            numeric = (deriv(lambda u: sig(op(u, y)), x, 1e-5), deriv(lambda u: sig(op(x, u)), y, 1e-5))
        np.testing.assert_allclose(np.asarray(reference(*args), float), np.asarray(numeric, float),
                                   rtol=1e-6, atol=1e-8)
