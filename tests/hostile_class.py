"""A class folder of honest and hostile submissions, and the exact gradebook it must get.

Every hostile submission is chapter 2's solution with ONE exercise cell replaced by an
attack (2.1 unless said otherwise), so its row shows at once whether the attack earned the
point (3) or not (2), and that the attack did not cost the student's other, honest answers.
Attacks that try to harm others rather than earn points end with the honest answer: they
keep their point (3) and must change nothing of anyone else's.

``build(folder, checkout)`` writes the class, in nbgrader's collected layout
(``<student>/ch02/02_derivatives.ipynb``, with nbgrader's ``timestamp.txt``) plus three flat
files that are not gradable; ``EXPECTED`` holds every student's marks.
"""
from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER_2 = ROOT / "chapters" / "02_derivatives.ipynb"
CHAPTER_1 = ROOT / "chapters" / "01_functions.ipynb"
NOTEBOOK = "02_derivatives.ipynb"
#: A string in the command line of every process an attack leaves behind (the test looks for it).
MARKER = "4242.25"

HONEST_21 = ("def forward_diff(func, x, delta=0.001):\n"
             "    x = np.asarray(x, dtype=float)\n"
             "    return (func(x + delta) - func(x)) / delta\n")


def _attack(body: str, *, honest: bool = False, head: str = "") -> str:
    """A 2.1 cell: module-level ``head``, then forward_diff running ``body`` (then the honest answer)."""
    body = "\n".join("    " + line if line else "" for line in body.strip("\n").splitlines())
    tail = "    x = np.asarray(x, dtype=float)\n    return (func(x + delta) - func(x)) / delta\n" if honest else ""
    return f"{head}def forward_diff(func, x, delta=0.001):\n{body}\n{tail}"


def attacks(folder: Path, checkout: Path) -> dict[str, str]:
    """Student id -> the source of the replaced 2.1 cell."""
    classmate = folder / "alice" / "ch02" / NOTEBOOK
    grades = folder / "grades" / "grades.csv"
    return {
        # points without the work
        "imports_reference": _attack("""
import lecture_lib.exercises as checks
from lecture_lib.exercises import chapter_02
for source in (lambda: checks.exercises(2)["2.1"].reference, lambda: chapter_02._reference_forward_diff,
               lambda: chapter_02.EXERCISES[0].reference):
    try:
        return source()(func, x, delta)
    except Exception:
        pass
return 0.0
"""),
        "class_body": ("class Takeover:\n"
                       "    import lecture_lib.exercises as checks, lecture_lib.exercises.engine as engine\n"
                       "    _correct = engine.Feedback('correct', 'Correct: all inputs')\n"
                       "    checks.evaluate = lambda *a, **k: _correct\n"
                       "    checks.check = checks.evaluate\n"
                       "    checks.results = lambda chapter, namespace: [\n"
                       "        {'number': f'{chapter}.{i}', 'function': '', 'status': 'correct', 'message': 'Correct'}\n"
                       "        for i in (1, 2, 3)]\n"
                       "    for name in dir(engine):\n"
                       "        if name.startswith('check_'):\n"
                       "            setattr(engine, name, lambda *a, **k: _correct)\n\n"
                       "def forward_diff(func, x, delta=0.001):\n    return 0.0\n"),
        "forged_results": _attack(f"""
import json, os
row = {{"event": "result", "number": "2.1", "status": "correct", "message": "Correct: forged"}}
forged = json.dumps(row).encode()
frame = len(forged).to_bytes(4, "big") + forged
for fd in range(3, 64):
    try:
        os.write(fd, frame)
    except OSError:
        pass
print(forged.decode())
for path in ("results.json", {str(folder / 'results.json')!r}):
    try:
        with open(path, "w") as handle:
            json.dump([row], handle)
    except OSError:
        pass
return 0.0
"""),
        "stack_frames": _attack("""
import sys
frame = sys._getframe(1)
while frame is not None:
    for name, value in frame.f_locals.items():
        if name in ("expected", "reference", "want") and value is not None:
            try:
                return value(func, x, delta) if callable(value) else value
            except Exception:
                pass
        if hasattr(value, "reference") and callable(getattr(value, "reference", None)):
            return value.reference(func, x, delta)
    frame = frame.f_back
return 0.0
"""),
        "proc_snooping": _attack(f"""
import glob, json, os
paths = [{str(classmate)!r}]
for pid in os.listdir("/proc"):
    try:
        paths += [part for part in open(f"/proc/{{pid}}/cmdline").read().split("\\0") if part.endswith(".ipynb")]
    except OSError:
        pass
paths += glob.glob({str(folder.parent) + "/**/*.ipynb"!r}, recursive=True) + glob.glob("/tmp/**/*.ipynb", recursive=True)
for path in paths:
    try:
        notebook = json.load(open(path))
    except (OSError, ValueError):
        continue
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if "def forward_diff" in source:
            scope = dict(globals())
            exec(source, scope)
            return scope["forward_diff"](func, x, delta)
return 0.0
"""),
        # harm to others: each then answers honestly and keeps its point
        "detached_process": _attack(f"""
import subprocess, sys
script = ("import os, time\\n"
          "time.sleep({MARKER})\\n")
try:
    subprocess.Popen([sys.executable, "-c", script, {str(grades)!r}], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sh", ["/bin/sh", "-c", "sleep {MARKER}; : > {grades}"])
        os._exit(0)
except OSError:
    pass
""", honest=True, head="import os\n"),
        "writes_everywhere": _attack(f"""
import os
targets = [{str(classmate)!r}, {str(grades)!r}, {str(checkout / 'chapters' / NOTEBOOK)!r},
           {str(checkout / 'lecture_lib' / 'exercises' / 'chapter_02.py')!r}, {str(checkout / 'README.md')!r}]
for target in targets:
    try:
        with open(target, "w") as handle:
            handle.write("overwritten")
    except OSError:
        pass
for target in ({str(folder / 'planted.txt')!r}, {str(checkout / 'planted.txt')!r}):
    try:
        open(target, "w").write("planted")
    except OSError:
        pass
""", honest=True),
        "appends_to_library": _attack("""
import lecture_lib, lecture_lib.exercises.chapter_02 as chapter
for module in (lecture_lib, chapter):
    try:
        with open(module.__file__, "a") as handle:
            handle.write("\\nEXERCISES = []\\n")
    except OSError:
        pass
""", honest=True),
        # denial of service: the attacked exercise is wrong, the others keep their points
        "fork_bomb": _attack("""
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
""", head="import os\n"),
        "memory_hog": _attack("""
hog = [np.empty(10 ** 8) for _ in range(100)]  # 800 MB each: the second passes the limit
"""),
        "endless_loop": _attack("while True:\n    pass"),
        "endless_no_alarm": _attack("""
import signal
signal.signal(signal.SIGALRM, signal.SIG_IGN)
signal.setitimer(signal.ITIMER_REAL, 0)
while True:
    pass
"""),
        "huge_output": _attack("""
while True:
    print("x" * 65536)
"""),
        "sys_exit": _attack("import sys\nsys.exit(3)"),
        "sys_exit_at_import": "import sys\n_ = sys.exit('bye')\n\n" + HONEST_21,
        "os_exit": _attack("import os\nos._exit(0)"),
        "os_exit_at_import": "import os\nEXIT = os._exit(1)\n\n" + HONEST_21,
        "kills_itself": _attack("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"),
        "kills_parent": _attack("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)\n"
                                "return 0.0"),
        # honest code keeps its points
        "decorated": ("def _elementwise(f):\n"
                      "    import functools\n"
                      "    @functools.wraps(f)\n"
                      "    def wrapper(func, x, delta=0.001):\n"
                      "        return f(func, np.asarray(x, dtype=float), delta)\n"
                      "    return wrapper\n\n"
                      "@_elementwise\n"
                      "def forward_diff(func, x, delta=0.001):\n"
                      "    return (func(x + delta) - func(x)) / delta\n"),
        "helpers": ("TWO = 2\nSTEP: float = 1.0\n\n"
                    "def _difference(func, x, delta):\n    return func(x + STEP * delta) - func(x)\n\n"
                    "def forward_diff(func, x, delta=0.001):\n"
                    "    x = np.asarray(x, dtype=float)\n"
                    "    return _difference(func, x, delta) / (TWO * delta / 2)\n\n"
                    "print('my tests pass')\nforward_diff(np.sin, 1.0)\n"),
        "tampered": ("def check(*args):\n    return 'Correct'\n\n"
                     "def forward_diff(func, x, delta=0.001):\n    return 0.0\n\n"
                     "import lecture_lib.exercises\nlecture_lib.exercises.check = check\n"),
        "wrong_sign": ("def forward_diff(func, x, delta=0.001):\n"
                       "    x = np.asarray(x, dtype=float)\n"
                       "    return (func(x) - func(x + delta)) / delta\n"),
    }


def _with_cell(notebook: dict, function: str, source: str) -> dict:
    notebook = json.loads(json.dumps(notebook))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f"def {function}(" in "".join(cell["source"]):
            cell["source"] = source
            break
    else:
        raise ValueError(f"no cell defines {function}")
    return notebook


def _faked_checks(notebook: dict) -> dict:
    """Every check cell printing "Correct", with a stored output saying so."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and "check(" in source and "def " not in source:
            cell["source"] = 'print("Correct: `forward_diff` gives the expected result")'
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "Correct: all inputs\n"}]
    return notebook


def build(folder: Path, checkout: Path = ROOT) -> None:
    """Write the class into ``folder`` as nbgrader collects it, plus two flat files."""
    from course_tools.student_edition import student_notebook

    solution = json.loads(CHAPTER_2.read_text(encoding="utf-8"))
    students = {"alice": solution, "blank": student_notebook(solution),
                "frank": json.loads(CHAPTER_1.read_text(encoding="utf-8"))}
    students.update({name: _with_cell(solution, "forward_diff", source)
                     for name, source in attacks(folder, checkout).items()})
    students["tampered"] = _faked_checks(students["tampered"])
    for name, notebook in students.items():
        target = folder / name / "ch02" / (CHAPTER_1.name if name == "frank" else NOTEBOOK)
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook), encoding="utf-8")
        (target.parent / "timestamp.txt").write_text("2026-12-08 01:00:00.000000 UTC", encoding="utf-8")
    (folder / "broken.ipynb").write_text("{not json", encoding="utf-8")
    (folder / "empty.ipynb").write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
                                        encoding="utf-8")
    (folder / "notes.txt").write_text("my answers are in the notebook", encoding="utf-8")


#: student -> (2.1, 2.2, 2.3, score) for chapter 2; frank is chapter 1 (1.1, 1.2, 1.3, score).
EXPECTED = {
    "alice": "1,1,1,3", "blank": "0,0,0,0", "frank": "1,1,1,3",
    "imports_reference": "0,1,1,2", "class_body": "0,1,1,2", "forged_results": "0,1,1,2",
    "stack_frames": "0,1,1,2", "proc_snooping": "0,1,1,2",
    "detached_process": "1,1,1,3", "writes_everywhere": "1,1,1,3", "appends_to_library": "1,1,1,3",
    "fork_bomb": "0,1,1,2", "memory_hog": "0,1,1,2", "endless_loop": "0,1,1,2", "endless_no_alarm": "0,1,1,2",
    "huge_output": "0,1,1,2", "sys_exit": "0,1,1,2", "sys_exit_at_import": "1,1,1,3", "os_exit": "0,1,1,2",
    "os_exit_at_import": "1,1,1,3", "kills_itself": "0,1,1,2", "kills_parent": "0,1,1,2",
    "decorated": "1,1,1,3", "helpers": "1,1,1,3", "tampered": "0,1,1,2", "wrong_sign": "0,1,1,2",
}
