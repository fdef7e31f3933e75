"""course_tools.student_edition: scaffolds, cleared outputs, refusals, incremental writes, book hooks."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools.student_edition import (
    MarkerError,
    add_download_note,
    chapter_notebooks,
    generate,
    main,
    scaffold_source,
    student_notebook,
)

ROOT = Path(__file__).resolve().parent.parent

SOLVED = '''\
import numpy as np


def tanh(x):
    """tanh, elementwise."""
    ### BEGIN SOLUTION
    # HINT: tanh(x) = 2 * sigmoid(2 * x) - 1
    return 2 * sigmoid(2 * x) - 1
    ### END SOLUTION'''


def code_cell(source, outputs=None, count=None, **metadata):
    return {"cell_type": "code", "execution_count": count, "id": f"c{abs(hash(source)) % 10**8}",
            "metadata": metadata, "outputs": outputs or [], "source": source.splitlines(keepends=True)}


def markdown_cell(source):
    return {"cell_type": "markdown", "id": f"m{abs(hash(source)) % 10**8}", "metadata": {},
            "source": source.splitlines(keepends=True)}


def notebook(*cells):
    return {"cells": list(cells), "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                               "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def write_notebook(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


# ----------------------------------------------------------------- scaffolds

def test_scaffold_keeps_the_indentation_and_uses_the_hint():
    assert scaffold_source(SOLVED) == '''\
import numpy as np


def tanh(x):
    """tanh, elementwise."""
    # YOUR CODE HERE
    raise NotImplementedError("tanh(x) = 2 * sigmoid(2 * x) - 1")'''


def test_scaffold_deeper_indentation_and_generic_hint_names_the_function():
    source = (
        "class Layer:\n"
        "    def forward(self, x):\n"
        "        if x is None:\n"
        "            return 0\n"
        "        ### BEGIN SOLUTION\n"
        "        return x @ self.W\n"
        "        ### END SOLUTION\n"
        "\n"
        "print('after')\n"
    )
    assert scaffold_source(source) == (
        "class Layer:\n"
        "    def forward(self, x):\n"
        "        if x is None:\n"
        "            return 0\n"
        "        # YOUR CODE HERE\n"
        "        raise NotImplementedError(\n"  # on one line it would be 84 characters
        '            "complete `forward` (see the exercise text above)"\n'
        "        )\n"
        "\n"
        "print('after')\n"
    )


def test_scaffold_tabs_two_regions_and_quotes_in_the_hint():
    source = (
        "def f(x):\n"
        "\t### BEGIN SOLUTION\n"
        "\t# HINT: use \"x\" twice, it's easy\n"
        "\treturn x + x\n"
        "\t### END SOLUTION\n"
        "def g():\n"
        "  ### BEGIN SOLUTION\n"
        "  return 1\n"
        "  ### END SOLUTION"
    )
    result = scaffold_source(source)
    assert result.splitlines() == [
        "def f(x):",
        "\t# YOUR CODE HERE",
        "\traise NotImplementedError('use \"x\" twice, it\\'s easy')",
        "def g():",
        "  # YOUR CODE HERE",
        '  raise NotImplementedError("complete `g` (see the exercise text above)")',
    ]
    namespace = {}
    exec(compile(result, "<scaffold>", "exec"), namespace)
    with pytest.raises(NotImplementedError, match="use \"x\" twice, it's easy"):
        namespace["f"](1)


def test_a_long_hint_is_split_over_lines_that_fit_the_column():
    hint = ("one hidden neuron for 'both are 1', one for 'both are 0', then an output neuron that "
            "answers 1 when either of them does")
    source = f"def f(x):\n    ### BEGIN SOLUTION\n    # HINT: {hint}\n    return x\n    ### END SOLUTION"
    result = scaffold_source(source)
    assert len(result.splitlines()) > 4 and all(len(line) <= 80 for line in result.splitlines()), result
    namespace = {}
    exec(compile(result, "<scaffold>", "exec"), namespace)
    with pytest.raises(NotImplementedError) as raised:
        namespace["f"](1)
    assert str(raised.value) == hint  # the very hint, not a reflowed one


def test_the_student_editions_fit_the_column(tmp_path):
    """No scaffold line of any chapter's student edition is wider than the book's code column."""
    written = generate(chapter_notebooks(ROOT), tmp_path)
    for path in written:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in (c for c in notebook["cells"] if c["cell_type"] == "code"):
            for line in "".join(cell["source"]).splitlines():
                if "NotImplementedError" in line or line.strip().startswith(('"', "'")):
                    assert len(line) <= 80, f"{path.name}: {line!r}"


def test_empty_hint_falls_back_to_the_generic_one():
    source = "def f():\n    ### BEGIN SOLUTION\n    # HINT:\n    return 1\n    ### END SOLUTION"
    assert "complete `f`" in scaffold_source(source)


def test_a_cell_without_markers_is_unchanged():
    source = "x = 1\n# a comment about solutions\nprint(x)\n"
    assert scaffold_source(source) == source


# ----------------------------------------------------------------- refusals

@pytest.mark.parametrize(
    "source, message",
    [
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n",
         r"here, line 2: '### BEGIN SOLUTION' is never closed by '### END SOLUTION'"),
        ("def f():\n    return 1\n    ### END SOLUTION\n",
         r"here, line 3: '### END SOLUTION' without a '### BEGIN SOLUTION' before it"),
        ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
         "    ### END SOLUTION\n",
         r"here, line 3: nested '### BEGIN SOLUTION': the region opened on line 2 is not closed yet"),
        ("def f():\n    x = 1  ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n",
         r"here, line 2: a solution marker must be alone on its line.*found 'x = 1  ### BEGIN SOLUTION'"),
        ("def f():\n    ### BEGIN SOLUTION\n    return 1 ### END SOLUTION\n",
         r"here, line 3: a solution marker must be alone on its line"),
        ("def f():\n    ### BEGIN SOLUTION return 1\n    ### END SOLUTION\n",
         r"here, line 2: a solution marker must be alone"),
        ("def f():\n    ## BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n",
         r"here, line 2: a solution marker must be alone on its line, exactly '### BEGIN SOLUTION'"),
    ],
    ids=["unclosed", "end-without-begin", "nested", "code-before", "code-before-end", "code-after",
         "misspelt"],
)
def test_malformed_markers_are_refused_with_their_line(source, message):
    with pytest.raises(MarkerError, match=message):
        scaffold_source(source, where="here")


def test_refusal_names_the_notebook_and_cell(tmp_path):
    bad = write_notebook(tmp_path / "03_bad.ipynb", notebook(
        markdown_cell("# Title"),
        code_cell(SOLVED),
        code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n"),
    ))
    out = tmp_path / "out"
    with pytest.raises(MarkerError) as error:
        generate([bad], out)
    assert "03_bad.ipynb, cell 2, line 2:" in str(error.value)
    assert not out.exists()  # nothing is written when any notebook is malformed


def test_command_line_refusal_exits_1_with_the_message(tmp_path, capsys):
    bad = write_notebook(tmp_path / "bad.ipynb", notebook(code_cell("### END SOLUTION\n")))
    assert main([str(bad), "--out", str(tmp_path / "out")]) == 1
    assert "bad.ipynb, cell 0, line 1: '### END SOLUTION' without" in capsys.readouterr().err


# ----------------------------------------------------------------- notebooks

def test_outputs_cleared_and_everything_else_identical():
    output = {"output_type": "stream", "name": "stdout", "text": ["hi\n"]}
    original = notebook(
        markdown_cell("# Chapter\n### BEGIN SOLUTION\nmarkers in markdown are text\n"),
        code_cell("print('hi')\n", outputs=[output], count=1, tags=["hide-input"]),
        code_cell(SOLVED, count=2, mystnb={"code_prompt_show": "Show solution"}),
    )
    before = json.dumps(original)
    student = student_notebook(original, "nb")
    assert json.dumps(original) == before  # the input is not modified
    assert student["metadata"] == original["metadata"]
    assert student["cells"][0] == original["cells"][0]  # markdown untouched, markers and all
    assert student["cells"][1]["outputs"] == [] and student["cells"][1]["execution_count"] is None
    assert student["cells"][1]["source"] == original["cells"][1]["source"]
    assert student["cells"][1]["metadata"] == {"tags": ["hide-input"]}
    assert student["cells"][2]["execution_count"] is None
    assert "".join(student["cells"][2]["source"]).endswith('raise NotImplementedError("tanh(x) = 2 * sigmoid(2 * x) - 1")')
    assert [c["id"] for c in student["cells"]] == [c["id"] for c in original["cells"]]


def test_generate_is_incremental(tmp_path):
    source = write_notebook(tmp_path / "01_x.ipynb", notebook(code_cell(SOLVED)))
    out = tmp_path / "student"
    assert generate([source], out) == {out / "01_x.ipynb": True}
    first = (out / "01_x.ipynb").stat().st_mtime_ns
    assert generate([source], out) == {out / "01_x.ipynb": False}
    assert (out / "01_x.ipynb").stat().st_mtime_ns == first
    write_notebook(source, notebook(code_cell(SOLVED.replace("tanh", "tanh2"))))
    assert generate([source], out) == {out / "01_x.ipynb": True}
    assert "tanh2" in (out / "01_x.ipynb").read_text()
    assert sorted(p.name for p in out.iterdir()) == ["01_x.ipynb"]  # no temporary files left


def test_generated_notebook_is_valid_nbformat(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    source = write_notebook(tmp_path / "n.ipynb", notebook(markdown_cell("# T"), code_cell(SOLVED, count=3)))
    generate([source], tmp_path / "out")
    nbformat.validate(nbformat.read(tmp_path / "out" / "n.ipynb", as_version=4))


def test_module_runs_as_a_command(tmp_path):
    source = write_notebook(tmp_path / "n.ipynb", notebook(code_cell(SOLVED)))
    result = subprocess.run(
        [sys.executable, "-m", "course_tools.student_edition", "--out", str(tmp_path / "out"), str(source)],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    )
    assert result.stdout.strip() == f"wrote: {tmp_path / 'out' / 'n.ipynb'}".replace(str(tmp_path) + "/", "")
    assert "NotImplementedError" in (tmp_path / "out" / "n.ipynb").read_text()


def test_every_chapter_generates(tmp_path):
    chapters = sorted((ROOT / "chapters").glob("*.ipynb"))
    results = generate(chapters, tmp_path)
    assert len(results) == len(chapters)
    for path in results:
        assert "### BEGIN SOLUTION" not in path.read_text()


# ----------------------------------------------------------------- the book

def test_download_note_is_added_only_to_notebooks_with_exercises():
    with_exercise = json.dumps(notebook(markdown_cell("# Title"), code_cell(SOLVED)))
    result = json.loads(add_download_note(with_exercise, "01_x.ipynb"))
    note = result["cells"][1]
    assert note["cell_type"] == "markdown"
    assert "{download}`01_x.ipynb </_build/student/01_x.ipynb>`" in note["source"]
    assert len(result["cells"]) == 3
    without = json.dumps(notebook(markdown_cell("# Title"), code_cell("x = 1")))
    assert add_download_note(without, "02_y.ipynb") == without


class TestBuiltBook:
    """In the built book (conftest's session fixture ``built_book``): downloads, toggles, numbering."""

    @staticmethod
    def chapters_with_exercises():
        from course_tools.student_edition import find_exercises

        return [(path, find_exercises(json.loads(path.read_text(encoding="utf-8"))))
                for path in sorted((ROOT / "chapters").glob("*.ipynb"))]

    def test_each_chapter_page_links_its_student_edition(self, built_book):
        import re

        for path, exercises in self.chapters_with_exercises():
            page = (built_book / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
            links = re.findall(rf'href="\.\./(_downloads/[0-9a-f]+/{re.escape(path.name)})"', page)
            if not exercises:
                assert not links, f"{path.name}: a student-edition link on a page without exercises"
                continue
            assert len(links) == 1, f"{path.name}: expected one download link to its student edition"
            download = built_book / links[0]
            student = json.loads(download.read_text(encoding="utf-8"))
            text = download.read_text(encoding="utf-8")
            assert "### BEGIN SOLUTION" not in text and "NotImplementedError" in text
            assert all(cell.get("outputs", []) == [] for cell in student["cells"] if cell["cell_type"] == "code")

    def test_solutions_are_behind_a_show_solution_toggle_and_exercises_are_numbered(self, built_book):
        import re

        for path, exercises in self.chapters_with_exercises():
            if not exercises:
                continue
            page = (built_book / "chapters" / f"{path.stem}.html").read_text(encoding="utf-8")
            toggles = re.findall(r'<p class="collapsed admonition-title">Show solution</p>', page)
            assert len(toggles) == len(exercises), f"{path.name}: {len(toggles)} toggles for {len(exercises)} exercises"
            number = int(path.stem.split("_")[0])
            for k, exercise in enumerate(exercises, start=1):
                assert f"Exercise {number}.{k}" in page
                # the solution's code sits inside the toggle (a <details> element), not in plain view
                details = re.findall(r"<details.*?</details>", page, re.DOTALL)
                assert any(f'<span class="nf">{exercise.name}</span>' in d for d in details), exercise.name


def test_keep_existing_never_overwrites_a_students_work(tmp_path):
    from course_tools.student_edition import chapter_notebooks, generate

    first = chapter_notebooks()[0]
    work = tmp_path / "student-work"
    written = generate([first], work, keep_existing=True)
    assert written == {work / first.name: True}
    assert (work / first.name).stat().st_mode & 0o777 == 0o644  # readable by JupyterLab and the student
    (work / first.name).write_text("my answers", encoding="utf-8")
    assert generate([first], work, keep_existing=True) == {work / first.name: False}
    assert (work / first.name).read_text(encoding="utf-8") == "my answers"


# --------------------------------------------------------------------------- readable in JupyterLab

from course_tools.myst_markdown import MystError  # noqa: E402
from course_tools.student_edition import readable_notebook, strip_glue  # noqa: E402


def _glued(name, value):
    """The output ``myst_nb.glue(name, value, display=False)`` stores."""
    prefix = "application/papermill.record/"
    return {"output_type": "display_data", "data": {prefix + "text/plain": repr(value)},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": prefix}}}


def _notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _markdown_of(notebook):
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def test_the_editions_write_the_books_myst_as_plain_markdown():
    source = _notebook(
        markdown_cell("(sec-why)=\n## Why it works\n\n$$\ny = x^2\n$$ (eq-square)\n\nBy {eq}`eq-square`, see "
                      "[](#sec-why), [chapter 3](03_chain_rule.ipynb#the-chain-rule) and "
                      "{doc}`the corrections page <corrections>`; also [this](corrections.md) and "
                      "{ref}`item 5 <corr-five>`."),
        code_cell("from myst_nb import glue\nrate = 0.8671\nglue(\"rate\", rate, display=False)",
                  outputs=[_glued("rate", 0.8671)], count=1),
        markdown_cell("About {glue:text}`rate:.0%` solve it.\n\n```{admonition} Optional: why\n:class: dropdown\n"
                      "Because $a$.\n```\n\n```{note}\nA note.\n```"),
    )
    pages = {"corrections": "Corrections to the slides", "#corr-five": "Corrections to the slides"}
    for make in (readable_notebook, student_notebook):
        first, second = _markdown_of(make(source, "02_x.ipynb", stem="02_x", pages=pages))
        assert "\\tag{2.1}" in first and "(eq-square)" not in first and "By (2.1), see" in first
        assert "[Why it works](#Why-it-works)" in first and "(sec-why)=" not in first
        assert "[chapter 3](03_chain_rule.ipynb#the-chain-rule)" in first
        assert first.count("(“Corrections to the slides”, in the book)") == 3, first
        assert "{" not in first.replace("\\tag{2.1}", "")
        assert second.startswith("About 87% solve it.")
        assert "> **Optional: why**\n>\n> Because $a$." in second and "> **Note**\n>\n> A note." in second
        assert ":class:" not in second and "```" not in second
    instructor = readable_notebook(source, "02_x.ipynb", stem="02_x", pages=pages)
    assert "".join(instructor["cells"][1]["source"]) == "rate = 0.8671"
    assert instructor["cells"][1]["outputs"] == [], "the glue record goes with the glue call"


def test_a_directive_with_no_markdown_form_is_refused_naming_the_cell():
    source = _notebook(markdown_cell("```{figure} x.png\nA figure.\n```"))
    with pytest.raises(MystError, match=r"03_x.ipynb, cell 0: the MyST directive \{figure\}"):
        student_notebook(source, "03_x.ipynb", stem="03_x")


def test_a_glue_that_names_nothing_is_refused():
    with pytest.raises(MystError, match="nothing is glued under the name 'missing'"):
        readable_notebook(_notebook(markdown_cell("{glue:text}`missing`")), "03_x.ipynb", stem="03_x")


def test_a_link_to_a_page_the_edition_does_not_know_is_refused():
    with pytest.raises(ValueError, match="names a page of the book this notebook is not given"):
        readable_notebook(_notebook(markdown_cell("[x](history.md)")), "03_x.ipynb", stem="03_x", pages={})


@pytest.mark.parametrize("source, expected", [
    ("import numpy as np\nfrom myst_nb import glue\nx = 1", "import numpy as np\nx = 1"),
    ("for s in (1, 2):\n    print(s)\n    if s == 2:\n        glue('a', s)\n        glue('b', s)\ny = 2",
     "for s in (1, 2):\n    print(s)\ny = 2"),
    ("for k in 'ab':\n    glue(f'x_{k}', 1, display=False)\nz = 3", "z = 3"),
    ("glue('r', 1,\n     display=False)\nprint(1)", "print(1)"),
    ("print('no glue here')", "print('no glue here')"),
])
def test_strip_glue_removes_whole_statements(source, expected):
    assert strip_glue(source) == expected


@pytest.mark.parametrize("source, message", [
    ("if x:\n    glue('a', 1)\nelse:\n    y = 1", "a block holds only glue calls"),
    ("f = glue\nf('a', 1)", "glue is used other than as a statement"),
    ("%time glue('a', 1)", "must be plain Python"),
])
def test_strip_glue_refuses_what_it_cannot_remove_cleanly(source, message):
    with pytest.raises(ValueError, match=message):
        strip_glue(source, "07_x.ipynb, cell 4")


def test_a_cell_the_book_removes_is_not_in_the_editions():
    source = _notebook(code_cell("x = 1", count=1),
                       code_cell("figure_style.show(fig)", count=2, tags=["remove-cell"]),
                       markdown_cell("Text."))
    for make in (readable_notebook, student_notebook):
        kept = ["".join(c["source"]) for c in make(source, "02_x.ipynb", stem="02_x", pages={})["cells"]]
        assert kept == ["x = 1", "Text."]


def test_every_chapters_editions_hold_no_myst_and_no_myst_nb(tmp_path):
    for edition in ("student", "instructor"):
        generate(chapter_notebooks(ROOT), tmp_path / edition, edition=edition)
        for path in sorted((tmp_path / edition).glob("*.ipynb")):
            notebook = json.loads(path.read_text(encoding="utf-8"))
            assert not any("remove-cell" in c["metadata"].get("tags", []) for c in notebook["cells"]), path.name
            for cell in notebook["cells"]:
                text = "".join(cell["source"])
                if cell["cell_type"] == "markdown":
                    assert not re.search(r"\{(glue|eq|doc|ref|note|admonition)[:}]|^```|^\([\w-]+\)=", text, re.M), \
                        (path.name, text[:200])
                else:
                    assert "myst_nb" not in text and not re.search(r"\bglue\(", text), (path.name, text[:200])


def test_nbgrader_source_gets_one_assignment_per_chapter(tmp_path):
    assert main(["--nbgrader-source", str(tmp_path), str(ROOT / "chapters" / "07_xor.ipynb")]) == 0
    written = tmp_path / "source" / "07_xor" / "07_xor.ipynb"
    notebook = json.loads(written.read_text(encoding="utf-8"))
    assert any("### BEGIN SOLUTION" in "".join(c["source"]) for c in notebook["cells"]), "the solutions stay"
    assert any(c.get("outputs") for c in notebook["cells"] if c["cell_type"] == "code"), "the outputs stay"
    assert "{glue:text}" not in written.read_text(encoding="utf-8")
