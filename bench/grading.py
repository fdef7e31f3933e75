"""Grading throughput: `make grade` on a class of N submissions against its floor.

    python bench/grading.py                 # 100 submissions of chapter 2 (the solutions)
    python bench/grading.py --count 20 --chapter 7

The floor is what grading cannot avoid: one kernel start and one execution of the grading
notebook per submission (measured alone, serially, median of a few runs), divided by the
number of cores. Throughput is submissions per second; the report gives the ratio
floor time / measured time (1.0 = no overhead; the target is at least 0.8).
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


def one_execution(notebook: dict, chapter: int) -> float:
    """Seconds for one kernel start plus one execution of a submission's grading notebook."""
    program, _ = grade.grading_notebook(notebook, chapter, grade.CALL_TIMEOUT)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        results, problem = grade._execute(program, Path(folder), grade.NOTEBOOK_TIMEOUT, ROOT)
        seconds = time.perf_counter() - started
    if problem or not results:
        raise RuntimeError(f"the grading notebook failed: {problem}")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--chapter", type=int, default=2)
    parser.add_argument("--floor-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "grading.json")
    args = parser.parse_args(argv)
    source = grade.chapter_notebook(args.chapter)
    notebook = json.loads(source.read_text(encoding="utf-8"))
    cores = os.cpu_count() or 1
    single = [one_execution(notebook, args.chapter) for _ in range(args.floor_runs)]
    floor = statistics.median(single) * args.count / cores
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as folder:
        for i in range(args.count):
            shutil.copy(source, Path(folder) / f"student_{i:03d}.ipynb")
        started = time.perf_counter()
        grade.grade_folder(Path(folder), progress=False)
        measured = time.perf_counter() - started
    report = {
        "submissions": args.count, "chapter": args.chapter, "cores": cores,
        "one_execution_seconds": [round(s, 3) for s in single],
        "floor_seconds": round(floor, 2), "measured_seconds": round(measured, 2),
        "submissions_per_second": round(args.count / measured, 3),
        "floor_submissions_per_second": round(args.count / floor, 3),
        "ratio_floor_over_measured": round(floor / measured, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
