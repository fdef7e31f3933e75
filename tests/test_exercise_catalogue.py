"""Every exercise against a catalogue of wrong and correct answers, in-process.

Each chapter's namespace is built once (the chapter's own imports, as a student's
notebook has them and as the grader runs them, ``course_tools.grade.chapter_imports``, then
the instructor's exercise cells, so an exercise that calls an earlier one finds a correct
one, as in the notebook of a student who solved it); each answer is executed into a copy of it and checked with the same
``check("N.k")`` a check cell runs. Every wrong answer must be reported "Wrong" with its
specific message; every correct answer must be reported "Correct".
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import pytest

from course_tools import grade
from lecture_lib.exercises import evaluate, exercises, running

sys.path.insert(0, str(Path(__file__).resolve().parent))

MIN_WRONG, MIN_CORRECT = 5, 2


_NAMESPACES: dict[int, dict] = {}


def _solution_cells(chapter: int) -> list[str]:
    """The instructor's exercise cells of the chapter (an exercise that calls an earlier one finds it written)."""
    notebook = json.loads(grade.chapter_notebook(chapter).read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in notebook["cells"]
               if c["cell_type"] == "code"]
    return [s for s in sources if "### BEGIN SOLUTION" in s]


def namespace(chapter: int) -> dict:
    if chapter not in _NAMESPACES:
        scope = {"__name__": "__main__"}
        exec(compile(grade.chapter_imports(chapter), f"<chapter {chapter} imports>", "exec"), scope)
        for source in _solution_cells(chapter):
            exec(compile(source, f"<chapter {chapter} solution>", "exec"), scope)
        _NAMESPACES[chapter] = scope
    return dict(_NAMESPACES[chapter])


def flat(text: str) -> str:
    """Text with its line wrapping undone."""
    return " ".join(text.split())


def catalogue(chapter: int):
    return importlib.import_module(f"exercise_answers.chapter_{chapter:02d}")


def _cases(kind: str):
    for number, exercise in exercises().items():
        try:
            answers = getattr(catalogue(exercise.chapter), kind).get(number, [])
        except ModuleNotFoundError:
            answers = []
        for answer in answers:
            yield pytest.param(number, answer, id=f"{number}-{answer.label}")


def feedback_for(number: str, source: str):
    scope = namespace(int(number.split(".")[0]))
    exec(compile(source, f"<answer to {number}>", "exec"), scope)
    return evaluate(number, scope)


@pytest.fixture(autouse=True)
def short_time_limit(monkeypatch):
    monkeypatch.setattr(running, "TIME_LIMIT", 0.5)  # an endless loop costs half a second, not five


@pytest.mark.parametrize("number, answer", list(_cases("WRONG")))
def test_wrong_answer_is_reported_wrong_with_its_own_message(number, answer):
    assert answer.expect, f"{number} {answer.label!r}: a wrong answer needs the text its feedback must contain"
    feedback = feedback_for(number, answer.source)
    assert feedback.status == "wrong", f"{number} {answer.label!r} was called {feedback.status}:\n{feedback}"
    assert flat(answer.expect) in flat(feedback.message), (
        f"{number} {answer.label!r}: the feedback does not say {answer.expect!r}:\n{feedback}")


@pytest.mark.parametrize("number, answer", list(_cases("CORRECT")))
def test_correct_answer_is_accepted(number, answer):
    feedback = feedback_for(number, answer.source)
    assert feedback.status == "correct", f"{number} {answer.label!r}:\n{feedback}"


@pytest.mark.parametrize("number", list(exercises()))
def test_every_exercise_has_enough_answers(number):
    chapter = int(number.split(".")[0])
    try:
        module = catalogue(chapter)
    except ModuleNotFoundError:
        pytest.fail(f"tests/exercise_answers/chapter_{chapter:02d}.py is missing")
    wrong, correct = module.WRONG.get(number, []), module.CORRECT.get(number, [])
    assert len(wrong) >= MIN_WRONG, f"exercise {number}: {len(wrong)} wrong answers, at least {MIN_WRONG} needed"
    assert len(correct) >= MIN_CORRECT, f"exercise {number}: {len(correct)} correct answers, {MIN_CORRECT} needed"
    messages = [feedback_for(number, a.source).message for a in wrong]
    assert len(set(messages)) == len(messages), f"exercise {number}: two wrong answers get the same message"
