"""The book's MyST as plain Markdown (CommonMark + $math$): what nbconvert and JupyterLab render.

The chapters are written in MyST for Jupyter Book. Two readers of the same notebooks render only
CommonMark: nbconvert's slides (``course_tools.slides``) and JupyterLab without an extension, where
the student works (``course_tools.student_edition``). This module translates the few MyST
constructs the chapters use, once, for both:

- ``$$ ... $$ (label)``: the equation numbered as the book numbers it (``\\tag{2.1}``);
- ``{eq}`label```: that number, ``(2.1)``;
- ``{glue:text}`name:format``` (and ``{glue}``, ``{glue:md}``): the value the notebook glued,
  formatted by myst-nb's own function, so the number is the one the book shows;
- an ``admonition``/``note``/``warning``/... fence: a quoted box with its title in bold;
- ``(label)=`` targets: dropped (a link to one points at the heading it labels);
- roles with a text (``{doc}`the corrections page <corrections>```, ``{ref}``): the text, or a
  link where the caller says where the page is (:attr:`Page.link`);
- links to other pages of the book: where the caller says (:attr:`Page.link`; by default, as seen
  from a deck in ``_build/html/slides/``).

Any other directive is an error naming the notebook and cell (:class:`MystError`): it has no
plain-Markdown form, and silently showing its source is what this module exists to prevent.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable

from course_tools.project import cell_source

_LABELLED_MATH = re.compile(r"\$\$(?P<body>.+?)\$\$[ \t]*\((?P<label>[\w:.-]+)\)", re.S)
_EQ_REF = re.compile(r"\{eq\}`(?P<label>[^`]+)`")
_REF_ROLE = re.compile(r"\{ref\}`(?P<text>[^`<]*?)\s*(?:<(?P<target>[^`>]*)>)?`")
_DOC_ROLE = re.compile(r"\{doc\}`(?P<text>[^`<]*?)\s*(?:<(?P<target>[^`>]*)>)?`")
_ROLE = re.compile(r"\{[\w:-]+\}`(?P<text>[^`<]*?)\s*(?:<(?P<target>[^`>]*)>)?`")
_TARGET = re.compile(r"^\((?P<label>[\w:.-]+)\)=[ \t]*(?:\n|$)", re.M)
_TARGET_HEADING = re.compile(r"^\((?P<label>[\w:.-]+)\)=[ \t]*\n+#+[ \t]+(?P<title>[^\n]+?)[ \t]*$", re.M)
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>[^\n]*)\n"
                    r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_OPTION = re.compile(r"^:[\w-]+:.*\n?")
_LINK = re.compile(r"(?<!!)\]\((?P<url>[^)\s]+)\)")
_FULL_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)\)")
_GLUE = re.compile(r"\{glue(?::(?P<kind>\w*))?\}`(?P<key>[^`:]+)(?::(?P<format>[^`]*))?`")
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution", "attention", "danger",
               "error", "seealso"}


class MystError(ValueError):
    """MyST with no plain-Markdown form, or a glue that names nothing; the message names notebook and cell."""


def chapter_number(stem: str) -> str | None:
    """The chapter's number in the book, from its file name ("02_derivatives" -> "2")."""
    match = re.match(r"(\d+)_", stem)
    return str(int(match.group(1))) if match else None


def equation_numbers(sources: list[str], stem: str) -> dict[str, str]:
    """{label: "2.1", ...}: the labelled equations of a page, numbered as the book numbers them."""
    prefix = f"{chapter_number(stem)}." if chapter_number(stem) else ""
    labels = [m.group("label") for text in sources for m in _LABELLED_MATH.finditer(text)]
    return {label: f"{prefix}{n}" for n, label in enumerate(labels, start=1)}


def target_headings(sources: list[str]) -> dict[str, str]:
    """{label: heading title}: the ``(label)=`` targets of a page that label a heading."""
    return {m.group("label"): m.group("title") for text in sources for m in _TARGET_HEADING.finditer(text)}


def _admonition(match: re.Match, where: str) -> str:
    name, arg = match.group("name"), match.group("arg").strip()
    if name not in ADMONITIONS:
        raise MystError(f"{where}: the MyST directive {{{name}}} has no plain-Markdown form (JupyterLab and the "
                        f"decks render CommonMark): use an admonition ({', '.join(sorted(ADMONITIONS))}), or, "
                        f"for a deck only, mark the cell \"skip\" or \"notes\"")
    body = match.group("body")
    while _OPTION.match(body):
        body = _OPTION.sub("", body, count=1)
    title = arg if name == "admonition" else (arg or name.capitalize())
    lines = ([f"**{title}**", ""] if title else []) + body.rstrip("\n").split("\n")
    return "\n".join(f"> {line}".rstrip() for line in lines)


def deck_link(url: str, stem: str) -> str:
    """A link as written in chapters/<stem>.ipynb, as seen from a deck in _build/html/slides/<stem>.html."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith("/"):
        return url
    path, _, fragment = url.partition("#")
    if not path:
        path = f"{stem}.ipynb"
    elif not path.endswith((".ipynb", ".md")):
        return url
    page = posixpath.normpath(posixpath.join("chapters", path)).rsplit(".", 1)[0] + ".html"
    return "../" + page + (f"#{fragment}" if fragment else "")


@dataclass
class Page:
    """What a markdown cell's MyST may refer to on its page: equation numbers, glued values, links.

    ``link(text, url)`` gives the Markdown for a link written ``[text](url)`` in the notebook, or
    for a ``{doc}`text <page>``` role (``url`` is then ``page.md``) and a ``{ref}`text <label>```
    role (``url`` is then ``#label``, ``text`` empty if the role gives none); ``None`` keeps a role's text
    and points links at the book's pages as a deck sees them (:func:`deck_link`).
    """

    stem: str
    equations: dict[str, str] = field(default_factory=dict)
    glued: dict = field(default_factory=dict)        # key -> output (myst-nb's glue, prefix removed)
    link: Callable[[str, str], str] | None = None


def _glue(match: re.Match, page: Page, where: str) -> str:
    """A glue role as the text the book shows, formatted by myst-nb's own function."""
    from myst_nb.core.variables import format_plain_text

    output = page.glued.get(match.group("key"))
    if output is None:
        raise MystError(f"{where}: nothing is glued under the name {match.group('key')!r} in the notebook")
    data = output.get("data", {})
    if match.group("kind") == "md" and "text/markdown" in data:
        return data["text/markdown"]
    if "text/plain" not in data:
        raise MystError(f"{where}: the glued value {match.group('key')!r} has no text form")
    return format_plain_text(data["text/plain"], match.group("format") or "")


def myst_to_commonmark(text: str, page: Page, where: str) -> str:
    """A markdown cell's MyST source as CommonMark (+ MathJax); ``where`` names the cell in errors."""
    text = _FENCE.sub(lambda m: _admonition(m, where), text)
    text = _LABELLED_MATH.sub(
        lambda m: f"$${m.group('body').rstrip()} \\tag{{{page.equations[m.group('label')]}}}\n$$", text)
    text = _EQ_REF.sub(lambda m: f"({page.equations.get(m.group('label'), m.group('label'))})", text)
    text = _GLUE.sub(lambda m: _glue(m, page, where), text)
    if page.link is not None:
        text = _DOC_ROLE.sub(lambda m: page.link(m.group("text") or m.group("target"),
                                                 f"{m.group('target') or m.group('text')}.md"), text)
        text = _REF_ROLE.sub(lambda m: page.link(m.group("text") if m.group("target") else "",
                                                 f"#{m.group('target') or m.group('text')}"), text)
    text = _ROLE.sub(lambda m: m.group("text") or m.group("target") or "", text)
    text = _TARGET.sub("", text)
    if page.link is not None:
        return _FULL_LINK.sub(lambda m: page.link(m.group("text"), m.group("url")), text)
    return _LINK.sub(lambda m: f"]({deck_link(m.group('url'), page.stem)})", text)


def notebook_page(notebook, stem: str, link: Callable[[str, str], str] | None = None) -> Page:
    """The :class:`Page` of a notebook: its equations numbered and every value it glued.

    Takes the glue outputs out of the code cells (``extract_glue_data_cell`` drops them, as the
    book does): pass a copy if the notebook must keep them.
    """
    from myst_nb.ext.glue import extract_glue_data_cell
    from nbformat import NotebookNode, from_dict

    markdown = [cell_source(cell) for cell in notebook["cells"] if cell["cell_type"] == "markdown"]
    page = Page(stem, equation_numbers(markdown, stem), link=link)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            if not isinstance(cell, NotebookNode):
                cell = from_dict(cell)  # extract_glue_data_cell sets cell.outputs
            page.glued.update(extract_glue_data_cell(cell))
    return page
