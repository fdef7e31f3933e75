"""Answers to every exercise, written as a student would, wrong and correct.

``chapter_NN.py`` defines ``WRONG`` and ``CORRECT``: exercise number → list of
:class:`Answer`. An answer's ``source`` is a complete exercise cell (the ``def`` with
its body, as a student would type it into the student edition); it runs in the
chapter's namespace (the chapter's own imports). A wrong answer's ``expect`` is a piece
of text the feedback must contain — what makes the feedback specific to that mistake —
so a check that calls it "Wrong" for a vague reason still fails the test.

Cover the classes of mistake a class makes: sign, factor, transpose, forward instead of
central difference, elementwise instead of matrix product, a chain-rule step left out,
an argument ignored, an argument changed in place, the wrong kind of result, a rule of
the task broken (a forbidden call, a warning), a near miss, an endless loop, a novice
Python slip. Correct answers are written differently from the solution (a loop instead
of numpy, ``np.dot`` instead of ``@``, ``math`` where valid, lists where allowed).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    label: str     # what the student did, in a few words
    source: str    # the exercise cell
    expect: str = ""  # (wrong answers) text the feedback must contain
