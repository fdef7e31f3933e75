"""Grading throughput: `make grade` on a class of N submissions, each in its own sandbox.

    python bench/grading.py                 # 100 submissions of chapter 2 (the solutions)
    python bench/grading.py --count 20 --chapter 7

Reports submissions per second for the whole class (sandboxed, in parallel on every core),
against two marks: the grader this one replaced (a Jupyter kernel per submission, no sandbox:
0.93 per second on 2 cores, ``FORMER_PER_SECOND``) and the floor of this design — one
sandboxed run of one submission alone (bubblewrap, Python, numpy and lecture_lib imported,
the student's cells, every check; median of a few), divided by the number of cores.
The ratio floor time / measured time is 1.0 when grading a class costs nothing beyond that.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from course_tools import grade

ROOT = grade.ROOT
FORMER_PER_SECOND = 0.93   # bench/grading.json before the sandbox: a kernel per submission, 2 cores


def one_submission(source: Path, chapter: int) -> float:
    """Seconds to grade one submission alone, in its sandbox."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        shutil.copy(source, path)
        started = time.perf_counter()
        graded = grade.grade_file(path)
        seconds = time.perf_counter() - started
    if graded.problem or graded.chapter != chapter or not all(r["status"] == "correct" for r in graded.results):
        raise RuntimeError(f"the solutions were not graded correct: {graded}")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--chapter", type=int, default=2)
    parser.add_argument("--floor-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "grading.json")
    args = parser.parse_args(argv)
    source = grade.chapter_notebook(args.chapter)
    cores = os.cpu_count() or 1
    backend = grade.sandbox.backend()  # refuses, saying why, where no sandbox can be made
    single = [one_submission(source, args.chapter) for _ in range(args.floor_runs)]
    floor = statistics.median(single) * args.count / cores
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as folder:
        for i in range(args.count):
            shutil.copy(source, Path(folder) / f"student_{i:03d}.ipynb")
        load_before = os.getloadavg()
        started = time.perf_counter()
        csv_path = grade.grade_folder(Path(folder), progress=False)
        measured = time.perf_counter() - started
        rows = csv_path.read_text(encoding="utf-8").splitlines()[1:]
    from lecture_lib.exercises import exercises

    full = sum(row.split(",")[-2] == str(len(exercises(args.chapter))) for row in rows)
    if full != args.count:
        raise RuntimeError(f"only {full} of {args.count} solutions got every point")
    report = {
        "submissions": args.count, "chapter": args.chapter, "cores": cores, "sandbox": backend,
        "one_submission_seconds": [round(s, 3) for s in single],
        "floor_seconds": round(floor, 2), "measured_seconds": round(measured, 2),
        "submissions_per_second": round(args.count / measured, 3),
        "floor_submissions_per_second": round(args.count / floor, 3),
        "ratio_floor_over_measured": round(floor / measured, 3),
        "former_submissions_per_second": FORMER_PER_SECOND,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
