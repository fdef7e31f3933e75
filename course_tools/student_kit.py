"""The student kit: everything a student needs to do the exercises, in one zip.

    python -m course_tools.student_kit            # writes _build/student-kit.zip

A notebook handed out alone cannot run: it imports ``lecture_lib``, which lives in this
repository. The kit holds the student edition of every chapter (``notebooks/``), a wheel
of ``lecture_lib`` built from this tree, a ``requirements.txt`` with the pinned versions
of what the notebooks import (from the project's own requirements.txt) and a README with
the one setup step. The book links it from every chapter page.

Nothing is redone that did not change: the wheel is kept in ``_build/student-kit-wheel/`` with
a hash of everything it is built from (the packaged folders, ``pyproject.toml``, Python's and
setuptools' versions) and rebuilt only when that hash differs; the zip is rewritten only when
its bytes would differ (a student notebook, the pins, the README or the wheel changed).
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from course_tools.project import atomic_write, chapter_notebooks
from course_tools.student_edition import generate

ROOT = Path(__file__).resolve().parent.parent
KIT = Path("_build") / "student-kit.zip"
STUDENT_DIR = Path("_build") / "student"
# What a student's notebooks import, and JupyterLab to open them.
PACKAGES = ("numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab")
# What the wheel packages, besides pyproject.toml itself: lecture_lib only. course_tools holds the
# instructor's side (the exercises' references and known mistakes, the grader): never in a student's hands.
WHEEL_PACKAGES = ("lecture_lib",)
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # zip entries get one date, so the same inputs give the same bytes

README = """# Neural Networks from First Principles — Lecture 1: student kit

This folder is all you need besides the book: the student edition of every chapter
(`notebooks/`), the course's small library `lecture_lib` (`{wheel}`) and the exact
versions of everything the notebooks need (`requirements.txt`). You need Python 3.12 or
3.13 (3.11 from 3.11.5 on), from python.org; on Windows, tick "Add python.exe to PATH" when
installing.

## Set it up once (a few minutes)

Open a terminal (Windows: PowerShell or Command Prompt; macOS: Terminal) in the folder where
you unzipped the kit, go into the kit's folder, make a virtual environment there and install
into it. On **Linux and macOS**:

```bash
cd student-kit
python3 -m venv .venv
.venv/bin/pip install -r requirements.txt {wheel}
```

On **Windows**:

```bat
cd student-kit
py -m venv .venv
.venv\\Scripts\\pip install -r requirements.txt {wheel}
```

## Work on the exercises

Each time, from the `student-kit` folder, start JupyterLab (it opens in your browser; stop it
with Ctrl+C in the terminal). On **Linux and macOS**:

```bash
.venv/bin/jupyter lab notebooks
```

On **Windows**:

```bat
.venv\\Scripts\\jupyter lab notebooks
```

(If you prefer to activate the environment first — `source .venv/bin/activate` on Linux and
macOS, `.venv\\Scripts\\activate` in Command Prompt, `.venv\\Scripts\\Activate.ps1` in
PowerShell — then `pip` and `jupyter lab notebooks` alone do the same.)

Open a chapter and run its cells from the top (Shift+Enter). Each exercise is a function to
complete: replace its `raise NotImplementedError(...)` line with your code (the message is a
hint), run that cell, then run the check cell below it. The check says "Correct", "Not yet
written" or "Wrong" — and what is wrong. The chapters are the book's, with the solutions
removed: the numbers and equation numbers in the text are the book's, and a link to another
chapter opens that notebook.
"""


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_closure(names=PACKAGES) -> list[str]:
    """``names`` and everything they need on this platform, as installed here (canonical names).

    Read from the installed packages' metadata (``Requires-Dist``), with environment markers
    evaluated for this machine, and extras followed where a requirement asks for them: what
    pip installs for ``names``.
    """
    from importlib import metadata

    from packaging.requirements import Requirement

    seen, todo = set(), [(_canonical(name), "") for name in names]
    while todo:
        name, extra = todo.pop(0)
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            raise ValueError(f"{name} is needed by the student kit but not installed: run `make` first") from None
        for text in requires:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                wanted = _canonical(requirement.name)
                todo += [(wanted, "")] + [(wanted, _canonical(e)) for e in requirement.extras]
    return sorted({name for name, _ in seen})


def pinned_requirements(root: Path = ROOT) -> str:
    """The project's own pins of what the notebooks need, and of everything that needs.

    The whole closure is pinned, not only ``PACKAGES``: a kit unzipped next year installs the
    versions the course was tested with, not whatever their dependencies have become.
    """
    pins = {}
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[_canonical(match.group(1))] = f"{match.group(1)}=={match.group(2)}"
    wanted = [_canonical(name) for name in PACKAGES]
    others = sorted(set(dependency_closure()) - set(wanted))
    missing = [name for name in wanted + others if name not in pins]
    if missing:
        raise ValueError(f"requirements.txt pins no version of {', '.join(missing)}")
    return ("# What the notebooks import, and JupyterLab:\n" + "".join(pins[n] + "\n" for n in wanted)
            + "# What those need, at the versions the course was tested with:\n"
            + "".join(pins[n] + "\n" for n in others))


def _wheel_sources(root: Path) -> list[Path]:
    """Every file the wheel is built from: what ``build_wheel`` copies, and all its key hashes."""
    files = [root / "pyproject.toml"]
    for package in WHEEL_PACKAGES:
        files += sorted(p for p in (root / package).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files


def wheel_key(root: Path) -> str:
    """A hash of the wheel's inputs: its sources and the Python and setuptools that build it."""
    from importlib import metadata

    digest = hashlib.sha256(f"{sys.version}\0setuptools {metadata.version('setuptools')}\0".encode())
    for path in _wheel_sources(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def build_wheel(root: Path, folder: Path) -> Path:
    """A wheel of this project, built offline with the current environment's setuptools.

    Built from a copy of the packaged files, so setuptools' build folders never land in the tree.
    """
    source = folder / "source"
    for path in _wheel_sources(root):
        target = source / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    environment = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")  # fixed dates: the same wheel bytes
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(folder), str(source)], check=True, capture_output=True, text=True,
                   env=environment)
    wheels = sorted(folder.glob("lecture_lib-*.whl"))
    if not wheels:
        raise RuntimeError(f"pip wheel wrote no lecture_lib wheel into {folder}")
    return wheels[-1]


def cached_wheel(root: Path, cache: Path) -> tuple[Path, bool]:
    """The wheel kept in ``cache`` if it was built from the same inputs, else a new one there.

    (its path, True if it was built now). The key is written last: a build interrupted half-way
    leaves a key that does not match, so the next call builds again.
    """
    key, key_file = wheel_key(root), cache / "key"
    kept = sorted(cache.glob("lecture_lib-*.whl"))
    if len(kept) == 1 and key_file.is_file() and key_file.read_text() == key:
        return kept[0], False
    key_file.unlink(missing_ok=True)
    for old in kept:
        old.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="student-kit-") as folder:
        wheel = build_wheel(root, Path(folder))
        wheel = Path(shutil.move(wheel, cache / wheel.name))
    key_file.write_text(key)
    return wheel, True


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(f"student-kit/{name}", date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _zip(root: Path, wheel: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, "README.md", README.format(wheel=wheel.name).encode())
        _add(archive, "requirements.txt", pinned_requirements(root).encode())
        _add(archive, wheel.name, wheel.read_bytes())
        for notebook in sorted((root / STUDENT_DIR).glob("*.ipynb")):
            _add(archive, f"notebooks/{notebook.name}", notebook.read_bytes())
    return buffer.getvalue()


def wheel_cache(out: Path) -> Path:
    """Where the wheel of the kit ``out`` is kept between builds (beside it)."""
    return out.with_name(f"{out.stem}-wheel")


def build(root: Path = ROOT, out: Path | None = None) -> tuple[Path, bool]:
    """Write the kit (default ``_build/student-kit.zip``); (its path, True if it was rewritten)."""
    root = Path(root)
    out = Path(out) if out else root / KIT
    generate(chapter_notebooks(root), root / STUDENT_DIR)
    wheel, _ = cached_wheel(root, wheel_cache(out))
    data = _zip(root, wheel)
    if out.is_file() and out.read_bytes() == data:
        return out, False
    atomic_write(out, data)
    return out, True


def main(argv=None) -> int:
    path, rebuilt = build()
    print(f"{'wrote' if rebuilt else 'up to date'}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
