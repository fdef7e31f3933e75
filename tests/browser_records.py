"""What Chromium measured on a page or a deck, kept and reused while nothing it depends on changed.

A record (a dataclass with an ``inputs`` field: {file, relative to the served folder: sha256,
or None for a file the page failed to load}) is reused from a JSON file in _build/ only if:

- the ``key`` is the same: the code that measures, axe-core, the Chromium version, the
  installed fonts (see :func:`environment_key`);
- every input has the same bytes as then (and every missing file is still missing).

Otherwise the page is visited again. Records are stored with the server's address replaced by
``SERVER`` (each run serves on another port) and read back with the current one.
"""
from __future__ import annotations

import functools
import hashlib
import json
import subprocess
from dataclasses import asdict
from pathlib import Path
from typing import Callable

from course_tools import browser as course_browser

SERVER = "http://served.invalid/"  # stands for the server's address in a stored record


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def inputs(folder: Path, loaded, missing=()) -> dict[str, str | None]:
    """{file: sha256 now} for the files loaded, {file: None} for those that were missing."""
    return {rel: digest(folder / rel) for rel in sorted(set(loaded) | set(missing))}


@functools.lru_cache(maxsize=1)
def _fonts() -> str:
    try:
        listed = subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    return "\n".join(sorted(listed.splitlines()))


def environment_key(browser, *files: Path) -> str:
    """What every record depends on besides the served files: ``files`` (the code that
    measures), this module, course_tools/browser.py (how pages are served and kept offline),
    Chromium's version and the installed fonts."""
    parts = ([path.read_bytes() for path in (*files, Path(__file__), Path(course_browser.__file__))]
             + [browser.version.encode(), _fonts().encode()])
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _still_valid(record: dict, folder: Path, digests: dict) -> bool:
    for rel, known in record.get("inputs", {}).items():
        if rel not in digests:
            digests[rel] = digest(folder / rel)
        if digests[rel] != known:
            return False
    return bool(record.get("inputs"))


def reuse_or_visit(store: Path, key: str, names: list[str], visit: Callable, folder: Path, base: str | None,
                   cls) -> tuple[dict, int]:
    """({name: record} for every name, how many were visited): a stored record of ``cls`` where
    it is still valid, else ``visit(name)``. ``store`` is rewritten with the records of ``names``.
    ``base``: the server's address in the records (None: they hold none worth keeping)."""
    try:
        stored = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    old = stored.get("records", {}) if stored.get("key") == key else {}
    digests: dict = {}
    found, visited = {}, 0
    for name in names:
        if name in old and _still_valid(old[name], folder, digests):
            found[name] = cls(**json.loads(json.dumps(old[name]).replace(SERVER, base or SERVER)))
        else:
            found[name] = visit(name)
            visited += 1
    kept = {name: json.loads(json.dumps(asdict(record)).replace(base or SERVER, SERVER)) for name, record in found.items()}
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps({"key": key, "records": kept}), encoding="utf-8")
    return found, visited
