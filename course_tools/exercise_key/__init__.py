"""The instructor's side of the exercises: references, known mistakes, public and hidden inputs, the judge.

This package is never in the students' hands (the student kit's wheel holds ``lecture_lib`` only).
From it the build computes what the notebook's checks need as data — the public inputs, the
expected values there and the known mistakes' values there — into
``lecture_lib/exercises/key/chapter_NN.json``::

    python -m course_tools.exercise_key            # write the key files
    python -m course_tools.exercise_key --check    # exit 1 if one is stale

(``tests/test_exercise_key.py`` fails when a key file is stale, as ``tests/test_figures`` does for
the figures.) The grader uses the same references on *hidden* inputs, generated here from a seed
— integers, repeated shapes and sums, and empty chains where the task allows them — so a table of
the public expected values earns nothing::

    requests = grading_requests(chapter, seed)          # public + hidden inputs, as JSON
    record = lecture_lib.exercises.running.run_chapter(chapter, namespace, requests)   # (sandboxed)
    findings = judge_chapter(chapter, requests, record) # in the grader's own process
"""
from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from lecture_lib.exercises import CHAPTERS, KEY_DIR, exercises
from lecture_lib.exercises.engine import Finding
from lecture_lib.exercises.general import key_for
from lecture_lib.exercises.judging import Key, decode_inputs, judge
from lecture_lib.exercises.values import encode_args

DEFAULT_SEED = 2026


@dataclass(frozen=True)
class ExerciseKey:
    """An exercise's answer side: ``reference(*args)``, its public and hidden inputs, its known mistakes.

    ``hidden(rng)`` gives more argument tuples for the grader; ``mistakes`` maps a hint — a text, or
    a pair (first-step text, formula-level text or None) — to a wrong function; ``probe(args)`` the
    error of a one-sided difference on those arguments (chapters 5 and 6). ``reference`` None: the
    answer is judged by what it computes (chapter 7's weights), and no expected value is shipped.
    """

    number: str
    reference: Callable | None
    inputs: Callable[[], Sequence[tuple]]
    hidden: Callable[[np.random.Generator], Sequence[tuple]] | None = None
    mistakes: Mapping[Any, Callable] = field(default_factory=dict)
    probe: Callable | None = None

    def key(self, inputs: Sequence[tuple]) -> dict:
        if self.reference is None:
            return {"expected": [None for _ in inputs], "mistakes": []}
        return key_for(self.reference, self.mistakes, inputs, self.probe)


# --------------------------------------------------------------------------- inputs the grader makes

def floats(rng: np.random.Generator, shape: tuple, scale: float = 2.0):
    """Random floats of ``shape`` (a Python float for ``()``), rounded to 3 decimals so messages read well."""
    values = np.round(rng.uniform(-scale, scale, size=shape), 3)
    return float(values) if shape == () else values


def integers(rng: np.random.Generator, shape: tuple, low: int = -3, high: int = 4):
    """Random integers of ``shape`` (a Python int for ``()``): an int array is not a float array."""
    values = rng.integers(low, high, size=shape)
    return int(values) if shape == () else values


def same_shape_and_sum(rng: np.random.Generator, shape: tuple, scale: float = 2.0) -> list:
    """Two different arrays with the same shape and the same sum: an answer that remembers results by
    shape or by sum gives itself away."""
    first = floats(rng, shape, scale)
    second = np.roll(first, 1)
    if np.array_equal(first, second):
        second = first + np.linspace(-0.5, 0.5, first.size).reshape(shape)
    return [first, second]


# --------------------------------------------------------------------------- the table of every exercise

def keys(chapter: int | None = None) -> dict[str, ExerciseKey]:
    chapters = CHAPTERS if chapter is None else (chapter,)
    found = {}
    for n in chapters:
        module = importlib.import_module(f"{__name__}.chapter_{n:02d}")
        found.update({key.number: key for key in module.KEYS})
    return found


def public_data(chapter: int) -> dict:
    """What ``key/chapter_NN.json`` holds: per exercise, the public inputs and the key on them."""
    data = {}
    for number, key in keys(chapter).items():
        inputs = list(key.inputs())
        data[number] = {"inputs": [encode_args(args) for args in inputs], "key": key.key(inputs)}
    return data


def key_text(chapter: int) -> str:
    return json.dumps(public_data(chapter), indent=None, separators=(",", ":"), sort_keys=False,
                      allow_nan=False) + "\n"


def key_path(chapter: int, folder: Path = KEY_DIR) -> Path:
    return Path(folder) / f"chapter_{chapter:02d}.json"


def stale(folder: Path = KEY_DIR) -> list[Path]:
    """The key files that differ from what the references and inputs give now."""
    return [key_path(n, folder) for n in CHAPTERS
            if not key_path(n, folder).is_file() or key_path(n, folder).read_text(encoding="utf-8") != key_text(n)]


def write(folder: Path = KEY_DIR) -> list[Path]:
    """Write every stale key file; the paths written."""
    written = []
    for n in CHAPTERS:
        path, text = key_path(n, folder), key_text(n)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


# --------------------------------------------------------------------------- grading

def grading_inputs(number: str, seed: int = DEFAULT_SEED) -> list[tuple]:
    """Public then hidden inputs of exercise ``number`` (the hidden ones from ``seed``)."""
    key = keys(int(number.split(".")[0]))[number]
    inputs = list(key.inputs())
    if key.hidden is not None:
        rng = np.random.default_rng([seed, *map(int, number.split("."))])
        inputs += list(key.hidden(rng))
    return inputs


def grading_requests(chapter: int, seed: int | None = None) -> dict[str, list]:
    """{number: [encoded args, ...]} for every exercise of ``chapter``: what the sandbox runs."""
    seed = DEFAULT_SEED if seed is None else seed
    return {number: [encode_args(args) for args in grading_inputs(number, seed)] for number in keys(chapter)}


def judge_exercise(number: str, requests: Sequence[list], record: Any, earlier: dict | None = None) -> Finding:
    exercise = exercises(int(number.split(".")[0]))[number]
    if not isinstance(record, dict):
        from lecture_lib.exercises.engine import wrong

        return wrong(f"the grader got no readable record of `{exercise.function}`.", rule="unreadable")
    inputs = decode_inputs(requests)
    key = Key.from_json(keys(exercise.chapter)[number].key(inputs))
    return judge(exercise, inputs, record, key, earlier)


def judge_chapter(chapter: int, requests: Mapping[str, Sequence[list]], record: Any) -> dict[str, Finding]:
    """The finding of every exercise of ``chapter`` from the sandbox's run ``record`` (parsed JSON)."""
    table = exercises(chapter)
    record = record if isinstance(record, dict) else {}
    findings: dict[str, Finding] = {}
    for number, exercise in table.items():
        own = record.get(number)
        uses = own.get("uses", []) if isinstance(own, dict) else []
        earlier = {n: findings[n].status for n in exercise.uses
                   if n in findings and table[n].function in uses}
        findings[number] = judge_exercise(number, requests.get(number, []), own, earlier)
    return findings


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Write lecture_lib/exercises/key/*.json from the references.")
    parser.add_argument("--check", action="store_true", help="only report stale key files (exit 1 if any)")
    args = parser.parse_args(argv)
    if args.check:
        old = stale()
        for path in old:
            print(f"stale: {path}")
        return 1 if old else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def forward_difference_error(scalar: Callable, index: int, args: tuple, gradient: Callable,
                             step: float = 1e-3) -> np.ndarray:
    """How far a forward difference of step ``step`` of ``scalar`` (as a function of ``args[index]``) is
    from the exact ``gradient(*args)``: what the judge's difference hint compares a wrong answer with."""
    base = np.asarray(args[index], dtype=float)
    forward = np.zeros_like(base)
    for entry in np.ndindex(base.shape):
        nudged = base.copy()
        nudged[entry] += step
        forward[entry] = (scalar(nudged) - scalar(base)) / step
    return forward - np.asarray(gradient(*args), dtype=float)
