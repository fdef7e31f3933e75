"""Benchmark of the book build and the test command on this machine (`make bench`).

    python bench/run.py                      # 3 runs of each measurement, test command included
    python bench/run.py --runs 5 --test-runs 1
    python bench/run.py --no-tests           # builds only (the test command takes minutes)

Everything runs on a copy of the project in a temporary folder (not .git, .venv, _build),
so the working tree and its _build are never touched. Printed and written to
bench/results.json (--out to change), as medians over the runs:

- floor: sum of each notebook's pure execution time (executed one at a time, alone)
  / CPU count, plus a Sphinx build with execution off (cold, from the stored outputs);
- cold build (empty _build), no-change rebuild, one-notebook-edited rebuild (a comment
  appended to a code cell of --notebook), lecture_lib-edited rebuild (a comment appended
  to lecture_lib/functions.py): each is `python -m course_tools.build_book`, like `make book`;
- the test command (`python -m pytest`, like `make test`), from an empty _build (fresh
  clone) and right after a cold build (`make book` then `make test`), as a ratio to that
  cold build; with each, the executions of the course's notebooks it made (kernels started in
  chapters/ or _build/student/, counted by an IPython startup file in a private IPYTHONDIR; the
  kernels of the tests' own material, graded submissions, nbgrader's course, the student kit,
  are reported beside them) and its ten slowest tests (--durations);
- the one-chapter test command (`make test CHAPTER=02`, --chapter to choose) right after
  that chapter was edited (a comment appended to one of its code cells);
- `import lecture_lib`: the package's own share of `python -X importtime` (its modules'
  self times) and the whole import including numpy.

The machine may be shared: the load average before and after is recorded with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.project import write_report

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NOT_COPIED = {".git", ".venv", "_build", "bench", ".pytest_cache", ".hypothesis", "__pycache__",
              ".ipynb_checkpoints"}


def copy_project(target: Path) -> Path:
    for item in ROOT.iterdir():
        if item.name in NOT_COPIED or item.name.endswith(".egg-info"):
            continue
        if item.is_dir():
            shutil.copytree(item, target / item.name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        else:
            shutil.copy2(item, target / item.name)
    return target


def env_for(project: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(project)  # the copy's lecture_lib, not the installed one
    return env


def timed(command: list[str], project: Path, check: bool = True, env: dict | None = None
          ) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    process = subprocess.run(command, cwd=project, env={**env_for(project), **(env or {})}, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if check and process.returncode != 0:
        tail = "\n".join(process.stdout.splitlines()[-40:])
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{tail}")
    return seconds, process


def build(project: Path, label: str) -> dict:
    report = project / "_build" / "bench_build.json"
    report.parent.mkdir(exist_ok=True)
    seconds, _ = timed([PYTHON, "-m", "course_tools.build_book", "--json", str(report)], project)
    data = json.loads(report.read_text())
    print(f"  {label:<24} {seconds:6.1f} s  executed {len(data['executed'])}: {', '.join(Path(p).stem for p in data['executed'])}",
          flush=True)
    return {"seconds": seconds, "executed": data["executed"], "stages": data["stages"]}


# Every kernel runs the startup files of its IPython profile: this one appends the kernel's
# working folder to a log, so the benchmark counts notebook executions whoever makes them
# (nbval, nbclient, jupyter-book, nbgrader...). Nothing is left in the kernel's namespace.
KERNEL_COUNTER = """\
def _bench_count_kernel():
    import os
    with open(os.environ["BENCH_KERNEL_LOG"], "a", encoding="utf-8") as log:
        log.write(os.getcwd() + "\\n")
_bench_count_kernel()
del _bench_count_kernel
"""


def counting_kernels(ipython: Path) -> tuple[dict, Path]:
    """Environment that makes every kernel log its start (IPython profiles in ``ipython``), and the log."""
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-bench-count-kernel.py").write_text(KERNEL_COUNTER)
    log = ipython / "kernels.log"
    log.write_text("")
    return {"IPYTHONDIR": str(ipython), "BENCH_KERNEL_LOG": str(log)}, log


def slowest_tests(lines: list[str]) -> list[str]:
    """The rows of pytest's "slowest N durations" section."""
    start = next((i for i, line in enumerate(lines) if "slowest" in line and "durations" in line), None)
    if start is None:
        return []
    rows = []
    for line in lines[start + 1:]:
        if not re.match(r"^\d+\.\d+s ", line):
            break
        rows.append(line)
    return rows


def test_command(project: Path, label: str, ipython: Path, args: tuple = ()) -> dict:
    env, log = counting_kernels(ipython)
    command = [PYTHON, "-m", "pytest", "--durations=10", *args]  # `make test` (+ its slowest tests)
    seconds, process = timed(command, project, check=False, env=env)
    lines = process.stdout.strip().splitlines()
    summary = lines[-1] if lines else ""
    kernels = log.read_text().splitlines()
    folders = {folder: kernels.count(folder) for folder in sorted(set(kernels))}
    where = {str(Path(f).relative_to(project)) if Path(f).is_relative_to(project) else f: n for f, n in folders.items()}
    print(f"  {label:<32} {seconds:6.1f} s  exit {process.returncode}  {summary}", flush=True)
    # The course's own notebooks run from chapters/ (instructor) or _build/student/ (student edition);
    # every other kernel is a test's own material: graded submissions, the nbgrader course, the kit...
    own = sum(n for f, n in where.items() if f in ("chapters", str(Path("_build") / "student")))
    print(f"  {'':<32} kernels started: {len(kernels)}, of which executions of the course's notebooks: {own}; "
          + ", ".join(f"{n} in {f}/" for f, n in where.items()), flush=True)
    failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    try:  # where the time went: wall seconds per xdist scope, recorded by tests/conftest.py
        scopes = json.loads((project / "_build" / ".test_durations.json").read_text())
    except (OSError, ValueError):
        scopes = {}
    slowest = dict(sorted(scopes.items(), key=lambda kv: -kv[1])[:15])
    reported = next((line for line in lines if line.startswith("notebook executions:")), "")
    return {"seconds": seconds, "exit": process.returncode, "summary": summary, "failed": failed[:50],
            "notebook_executions": own, "kernels_started": len(kernels), "kernels_by_folder": where, "executions_reported": reported,
            "slowest_tests": slowest_tests(lines), "slowest_scopes": slowest}


def pure_execution_times(project: Path) -> dict[str, float]:
    """Each notebook executed alone (nothing else of ours running), as the build executes it."""
    code = (
        "import json, sys\n"
        "from course_tools import notebook_cache, project\n"
        "from pathlib import Path\n"
        "root = Path('.').resolve()\n"
        "out = {}\n"
        "for path in project.toc_notebooks(root):\n"
        "    run = notebook_cache.execute_notebook(path, root)\n"
        "    assert run.error is None, run.error\n"
        "    out[path.relative_to(root).as_posix()] = run.seconds\n"
        "print(json.dumps(out))\n"
    )
    _, process = timed([PYTHON, "-c", code], project)
    return json.loads(process.stdout.strip().splitlines()[-1])


def sphinx_without_execution(project: Path) -> float:
    """A cold Sphinx build that renders the stored outputs (execute_notebooks: off)."""
    config = (project / "_config.yml").read_text()
    off = re.sub(r"(?m)^(\s*execute_notebooks:).*$", r'\1 "off"', config)
    (project / "_config_bench_off.yml").write_text(off)
    out = project / "_build_off"
    shutil.rmtree(out, ignore_errors=True)
    exe = str(Path(PYTHON).with_name("jupyter-book"))
    seconds, _ = timed([exe, "build", "--config", "_config_bench_off.yml", "--path-output", str(out), "."], project)
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def import_time(project: Path) -> dict:
    _, process = timed([PYTHON, "-X", "importtime", "-c", "import lecture_lib"], project)
    own = total = 0
    for line in process.stdout.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if not match:
            continue
        self_us, cumulative_us, _, name = int(match[1]), int(match[2]), match[3], match[4]
        if name == "lecture_lib" or name.startswith("lecture_lib."):
            own += self_us
        if name == "lecture_lib":
            total = cumulative_us
    return {"own_seconds": own / 1e6, "total_seconds": total / 1e6}


def append_line(path: Path, line: str) -> None:
    path.write_text(path.read_text() + line)


def edit_notebook(path: Path, n: int) -> None:
    notebook = json.loads(path.read_text())
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cell["source"] = source + f"\n# bench edit {n}"
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def median(values):
    return round(statistics.median(values), 2) if values else None


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs of each build measurement (default 3)")
    parser.add_argument("--test-runs", type=int, default=None, help="runs of the test command (default: --runs)")
    parser.add_argument("--no-tests", action="store_true", help="skip timing the test command")
    parser.add_argument("--notebook", default="chapters/01_functions.ipynb", help="notebook edited for the one-notebook rebuild")
    parser.add_argument("--chapter", default="02", help="chapter edited and tested alone (make test CHAPTER=..)")
    parser.add_argument("--no-fresh-clone", action="store_true", help="skip the test command on an empty _build")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    return parser.parse_args(argv)


@dataclass
class Measurements:
    """Every run of every measurement, as measured (medians are taken in :func:`summarise`)."""

    cores: int
    runs: int
    load_before: tuple
    notebook: str                                   # the notebook edited for the one-notebook rebuild
    pure_runs: list = field(default_factory=list)   # {notebook: seconds executed alone} per run
    sphinx_off_runs: list = field(default_factory=list)
    cold: list = field(default_factory=list)        # build() results
    unchanged: list = field(default_factory=list)
    one: list = field(default_factory=list)
    lib: list = field(default_factory=list)
    chapter: Path | None = None                     # the chapter edited and tested alone
    warm_test_times: list = field(default_factory=list)   # test_command() results after a cold build
    chapter_times: list = field(default_factory=list)
    test_times: list = field(default_factory=list)        # ... on an empty _build (a fresh clone)
    imports: list = field(default_factory=list)


def measure_floor(project: Path, m: Measurements) -> None:
    """Each notebook executed alone, and Sphinx with execution off, ``m.runs`` times."""
    for i in range(m.runs):
        m.pure_runs.append(pure_execution_times(project))
        m.sphinx_off_runs.append(sphinx_without_execution(project))
        print(f"  floor run {i + 1}: execution {sum(m.pure_runs[-1].values()):.1f} s (sum), "
              f"sphinx without execution {m.sphinx_off_runs[-1]:.1f} s", flush=True)


def measure_builds(project: Path, m: Measurements) -> None:
    """Cold, no-change, one-notebook-edited and lecture_lib-edited builds, ``m.runs`` times."""
    edited = project / m.notebook
    for i in range(m.runs):
        shutil.rmtree(project / "_build", ignore_errors=True)
        m.cold.append(build(project, f"cold build {i + 1}"))
        m.unchanged.append(build(project, f"no-change rebuild {i + 1}"))
        edit_notebook(edited, i)
        m.one.append(build(project, f"one-notebook rebuild {i + 1}"))
        append_line(project / "lecture_lib" / "functions.py", f"\n# bench edit {i}\n")
        m.lib.append(build(project, f"lecture_lib rebuild {i + 1}"))


def measure_tests(project: Path, ipython: Path, m: Measurements, test_runs: int, chapter_number: str,
                  fresh_clone: bool) -> None:
    """The test command after a cold build, for one edited chapter, and on a fresh clone."""
    [m.chapter] = sorted((project / "chapters").glob(f"{int(chapter_number):02d}_*.ipynb"))
    for i in range(test_runs):
        # The everyday case: a cold `make book`, then `make test`; the ratio of the two.
        shutil.rmtree(project / "_build", ignore_errors=True)
        before = build(project, f"cold make book before tests {i + 1}")
        warm = test_command(project, f"test command after make book {i + 1}", ipython)
        warm.update(cold_build_seconds=round(before["seconds"], 2),
                    ratio_to_cold_build=round(warm["seconds"] / before["seconds"], 2))
        print(f"  {'':<32} = {warm['ratio_to_cold_build']:.2f} x the cold build ({before['seconds']:.1f} s)")
        m.warm_test_times.append(warm)
        # An instructor edits one chapter, then runs `make test CHAPTER=NN`.
        edit_notebook(m.chapter, 100 + i)
        m.chapter_times.append(test_command(project, f"test command, --chapter {chapter_number} edited {i + 1}",
                                            ipython, ("--chapter", chapter_number, "-n", "0")))
        if fresh_clone:
            # As on a fresh clone: no _build at all (no cache, no book, no remembered durations).
            shutil.rmtree(project / "_build", ignore_errors=True)
            m.test_times.append(test_command(project, f"test command, fresh clone {i + 1}", ipython))


def _test_summary(times: list, **extra) -> dict | None:
    if not times:
        return None
    return {**extra, "seconds": median([t["seconds"] for t in times]),
            **({"ratio_to_cold_build": median([t["ratio_to_cold_build"] for t in times])}
               if "ratio_to_cold_build" in times[0] else {}),
            "notebook_executions": median([t["notebook_executions"] for t in times]), "runs": times}


def summarise(m: Measurements) -> dict:
    """The medians written to results.json (targets added by :func:`add_targets`)."""
    per_notebook = {nb: median([r[nb] for r in m.pure_runs]) for nb in m.pure_runs[0]}
    execution_sum = median([sum(r.values()) for r in m.pure_runs])
    sphinx_off = median(m.sphinx_off_runs)
    builds = (("cold", m.cold), ("no_change", m.unchanged), ("one_notebook", m.one), ("lecture_lib", m.lib))
    return {
        "cores": m.cores,
        "runs": m.runs,
        "load_average_before": [round(x, 2) for x in m.load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "floor": {"seconds": round(execution_sum / m.cores + sphinx_off, 2), "execution_sum": execution_sum,
                  "sphinx_without_execution": sphinx_off, "per_notebook_execution": per_notebook},
        "cold_build": median([r["seconds"] for r in m.cold]),
        "no_change_rebuild": median([r["seconds"] for r in m.unchanged]),
        "one_notebook_rebuild": median([r["seconds"] for r in m.one]),
        "one_notebook": {"path": m.notebook, "execution": per_notebook.get(m.notebook)},
        "lecture_lib_rebuild": median([r["seconds"] for r in m.lib]),
        "executed": {name: rows[0]["executed"] for name, rows in builds},
        "stages_median": {
            name: {stage: median([r["stages"].get(stage, 0.0) for r in rows]) for stage in rows[0]["stages"]}
            for name, rows in builds
        },
        "test_command": _test_summary(m.test_times),
        "test_command_after_make_book": _test_summary(m.warm_test_times),
        "test_command_one_chapter": _test_summary(m.chapter_times, chapter=m.chapter.name if m.chapter else None),
        "import_lecture_lib": {"own_seconds": median([i["own_seconds"] for i in m.imports]),
                               "total_seconds": median([i["total_seconds"] for i in m.imports])},
    }


def floor_seconds(results: dict) -> float:
    """The floor, unrounded: the notebooks' execution shared by the cores, plus Sphinx without execution."""
    floor = results["floor"]
    return floor["execution_sum"] / results["cores"] + floor["sphinx_without_execution"]


def add_targets(results: dict) -> None:
    """results["targets"]: each target, its value, its limit and whether it holds."""
    floor, notebook = results["floor"], results["one_notebook"]
    chapters = len(floor["per_notebook_execution"])
    targets = [
        ("cold build <= 1.3 x floor", results["cold_build"], 1.3 * floor_seconds(results)),
        ("no-change rebuild <= 5 s", results["no_change_rebuild"], 5.0),
        (f"one-notebook rebuild <= exec({Path(notebook['path']).stem}) + 5 s", results["one_notebook_rebuild"],
         (notebook["execution"] or 0) + 5.0),
    ]
    after, one_chapter = results["test_command_after_make_book"], results["test_command_one_chapter"]
    if after:
        targets.append(("test command after make book <= 3 x the cold build (aim 2.5)",
                        after["ratio_to_cold_build"], 3.0))
        targets.append((f"notebook executions after make book <= {chapters} (each student edition once)",
                        after["notebook_executions"], chapters))
        targets.append((f"one-chapter test command ({Path(one_chapter['chapter']).stem} edited) <= 20 s",
                        one_chapter["seconds"], 20.0))
    if results["test_command"]:
        targets.append(("test command (fresh clone) <= 120 s", results["test_command"]["seconds"], 120.0))
        targets.append((f"notebook executions, fresh clone <= {2 * chapters} (each edition once)",
                        results["test_command"]["notebook_executions"], 2 * chapters))
    targets.append(("import lecture_lib (own) < 0.1 s", results["import_lecture_lib"]["own_seconds"], 0.1))
    results["targets"] = [{"target": t, "value": round(v, 2), "limit": round(lim, 2), "holds": v <= lim}
                          for t, v, lim in targets]


def report(results: dict, load_before: tuple) -> None:
    """The medians and the targets, as printed at the end of a run."""
    floor, cores = results["floor"], results["cores"]
    print(f"\nmedians over {results['runs']} run(s), {cores} cores, load average {load_before[0]:.1f} -> "
          f"{os.getloadavg()[0]:.1f}")
    print(f"  floor                   {floor_seconds(results):6.1f} s  (execution {floor['execution_sum']:.1f} s / {cores} "
          f"+ Sphinx without execution {floor['sphinx_without_execution']:.1f} s)")
    for key, label in (("cold_build", "cold build"), ("no_change_rebuild", "no-change rebuild"),
                       ("one_notebook_rebuild", "one-notebook rebuild"), ("lecture_lib_rebuild", "lecture_lib rebuild")):
        print(f"  {label:<23} {results[key]:6.1f} s")
    after, one_chapter = results["test_command_after_make_book"], results["test_command_one_chapter"]
    if after:
        print(f"  test command            {after['seconds']:6.1f} s  (after make book: {after['ratio_to_cold_build']:.2f} x "
              f"the cold build, {after['notebook_executions']} notebook executions)")
        print(f"  one-chapter test        {one_chapter['seconds']:6.1f} s  ({one_chapter['chapter']} edited, "
              f"{one_chapter['notebook_executions']} notebook executions)")
        print("  slowest tests after make book (last run):")
        for row in after["runs"][-1]["slowest_tests"]:
            print(f"    {row}")
    if results["test_command"]:
        print(f"  test command            {results['test_command']['seconds']:6.1f} s  (fresh clone, "
              f"{results['test_command']['notebook_executions']} notebook executions)")
    imports = results["import_lecture_lib"]
    print(f"  import lecture_lib      {imports['own_seconds'] * 1000:6.1f} ms own, "
          f"{imports['total_seconds'] * 1000:.1f} ms with numpy")
    print("targets:")
    for row in results["targets"]:
        print(f"  [{'ok' if row['holds'] else 'MISSED'}] {row['target']}: {row['value']} (limit {row['limit']})")


def main(argv=None) -> int:
    args = parse_args(argv)
    runs = max(1, args.runs)
    test_runs = 0 if args.no_tests else max(1, args.test_runs or runs)
    m = Measurements(cores=os.cpu_count() or 1, runs=runs, load_before=os.getloadavg(), notebook=args.notebook)
    with tempfile.TemporaryDirectory(prefix="book-bench-") as temp, \
            tempfile.TemporaryDirectory(prefix="book-bench-ipython-") as ipython:
        project, ipython = copy_project(Path(temp)), Path(ipython)
        print(f"benchmark on a copy in {project} ({m.cores} cores, load {m.load_before[0]:.1f})", flush=True)
        measure_floor(project, m)
        measure_builds(project, m)
        measure_tests(project, ipython, m, test_runs, args.chapter, not args.no_fresh_clone)
        m.imports = [import_time(project) for _ in range(max(runs, 5))]
    results = summarise(m)
    add_targets(results)
    report(results, m.load_before)
    write_report(args.out, results)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
