"""The shape of the code, kept: no import cycle and no private name used across modules in
``course_tools`` and ``lecture_lib``, no function longer than a screen (60 lines) outside the tests
(read with ``ast``, nothing imported or run).

A cycle makes a newcomer read two modules to understand one, and an import hidden inside a
function to dodge it; a private name (``_x``) used from another module is an interface nobody
promised to keep. ``course_tools/project.py`` is the leaf: it imports nothing of the course.
"""
from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("course_tools", "lecture_lib")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(packages=PACKAGES) -> dict[str, Path]:
    return {module_name(p): p for package in packages for p in sorted((ROOT / package).rglob("*.py"))
            if "__pycache__" not in p.parts}


def _absolute(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    """The absolute module an ``from ... import`` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = here.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(path: Path, known: dict[str, Path]) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line) for every import of a course module in
    ``path``, at any depth (imports inside functions count: they close cycles all the same)."""
    here, found = module_name(path), []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, here, path.name == "__init__.py")
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in known:            # `from package import module`
                    found.append((submodule, None, node.lineno))
                else:
                    found.append((source, alias.name, node.lineno))
    return [(module, name, line) for module, name, line in found if module in known]


def import_graph(known: dict[str, Path]) -> dict[str, set[str]]:
    return {name: {module for module, _, _ in imports(path, known) if module != name} for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def private_imports(known: dict[str, Path]) -> list[str]:
    """``from other_module import _private`` and ``other_module._private`` across modules.

    A package may use its own modules' private names (``lecture_lib`` uses ``lecture_lib._validate``,
    a private module of the package): a name is private *to a module*, a module private to its package.
    """
    found = []
    for name, path in known.items():
        aliases: dict[str, str] = {}
        for module, taken, line in imports(path, known):
            if taken is not None and taken.startswith("_") and not taken.startswith("__") and module != name:
                found.append(f"{path.relative_to(ROOT)}:{line}: from {module} import {taken}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known:
                        aliases[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(node, name, path.name == "__init__.py")
                for alias in node.names:
                    if f"{source}.{alias.name}" in known:
                        aliases[alias.asname or alias.name] = f"{source}.{alias.name}"
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and aliases[node.value.id] != name and node.attr.startswith("_") and not node.attr.startswith("__")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {aliases[node.value.id]}.{node.attr}")
    return found


# --------------------------------------------------------------------------- the checks


def test_no_import_cycle():
    found = cycles(import_graph(modules()))
    assert not found, "modules that import each other (directly or through others): " + "; ".join(
        " <-> ".join(cycle) for cycle in found)


def test_no_private_name_used_across_modules():
    found = private_imports(modules(PACKAGES + ("bench",)))  # the benchmarks use the machinery too
    assert not found, "private names used from another module (make them public, or move the code):\n" + "\n".join(found)


def test_the_leaves_import_nothing_of_the_course():
    """compat (the third-party tricks) imports nothing of the course; project only compat."""
    known = modules()
    assert not [module for module, _, _ in imports(ROOT / "course_tools" / "compat.py", known)]
    assert {module for module, _, _ in imports(ROOT / "course_tools" / "project.py", known)} == {"course_tools.compat"}


MAX_LINES = 60  # a screen: a longer function usually hides two ideas (STYLE.md)
CODE = ("course_tools", "lecture_lib", "bench")
# Files other work is rewriting now; their long functions are split there. Remove an entry when it lands.
BEING_REWRITTEN = {
}


def long_functions(paths, limit: int = MAX_LINES) -> list[str]:
    """"path:line name (n lines)" for every function or method longer than ``limit`` lines."""
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_is_longer_than_a_screen():
    paths = [p for folder in CODE for p in sorted((ROOT / folder).rglob("*.py"))
             if "__pycache__" not in p.parts and p.relative_to(ROOT).as_posix() not in BEING_REWRITTEN]
    found = long_functions(paths)
    assert not found, f"functions over {MAX_LINES} lines (split them by what each part does):\n" + "\n".join(found)


def test_the_allow_list_names_only_files_with_long_functions():
    """An entry whose file has no long function any more is stale: remove it."""
    stale = [name for name in BEING_REWRITTEN if not long_functions([ROOT / name])]
    assert not stale, f"no function over {MAX_LINES} lines left in {stale}: remove them from BEING_REWRITTEN"


# What the browser waits for and where it may go: course_tools/browser.py alone says it.
BROWSER_ONLY = {
    "img.decode(": "the settle script (images decoded, fonts loaded): use course_tools.browser.after_settling",
    "document.fonts.ready": "the settle script: use course_tools.browser.after_settling",
    'route("**/*"': "confinement to the server: use course_tools.browser.keep_inside",
}


def test_the_settle_script_and_the_confinement_live_in_the_browser_module():
    found = [f"{path.relative_to(ROOT)}: {why}" for folder in ("course_tools", "tests", "bench")
             for path in sorted((ROOT / folder).rglob("*.py"))
             if path.name not in ("browser.py", "test_structure.py") and "__pycache__" not in path.parts
             for text in [path.read_text(encoding="utf-8")] for needle, why in BROWSER_ONLY.items() if needle in text]
    assert not found, "\n".join(found)


# --------------------------------------------------------------------------- the checkers themselves


def _package(root: Path, monkeypatch, files: dict[str, str]) -> dict[str, Path]:
    """A package ``pkg`` of these files under ``root``, taken as the project: its modules."""
    (root / "pkg").mkdir()
    for name, text in files.items():
        (root / "pkg" / name).write_text(text)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", root)
    return {module_name(p): p for p in (root / "pkg").rglob("*.py")}


def test_a_cycle_is_found_through_a_third_module_and_inside_a_function(tmp_path, monkeypatch):
    known = _package(tmp_path, monkeypatch, {
        "__init__.py": "", "a.py": "from pkg import b\n", "b.py": "def f():\n    from pkg.c import thing\n",
        "c.py": "import pkg.a\n", "d.py": "from . import a\n"})
    assert cycles(import_graph(known)) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_private_names_are_found_imported_or_used_as_attributes(tmp_path, monkeypatch):
    known = _package(tmp_path, monkeypatch, {
        "__init__.py": "from pkg import _helpers\n", "_helpers.py": "def _secret():\n    pass\n",
        "a.py": "from pkg._helpers import _secret\nfrom pkg import b\nb._lock()\n",
        "b.py": "def _lock():\n    pass\n_lock()\n"})
    assert private_imports(known) == [
        "pkg/a.py:1: from pkg._helpers import _secret",
        "pkg/a.py:3: pkg.b._lock",
    ]


@pytest.mark.parametrize("package", PACKAGES)
def test_every_module_is_seen(package):
    assert any(name.startswith(package + ".") for name in modules((package,)))


def test_a_long_function_is_found_with_its_length(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    body = "".join(f"x{i} = {i}\n" for i in range(MAX_LINES - 1))
    (tmp_path / "m.py").write_text("def short():\n" + textwrap.indent(body, " " * 4) + "\n\nclass C:\n"
                                   "    def long(self):\n" + textwrap.indent(body, " " * 8) + "        pass\n")
    # short: its def and 59 lines, a screen; long: its def, 59 lines and one more.
    assert long_functions([tmp_path / "m.py"]) == [f"m.py:{MAX_LINES + 4} long ({MAX_LINES + 1} lines)"]
