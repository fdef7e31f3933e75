"""The corrections page (chapters/corrections.md) states what lecture_lib and numpy compute.

The page is Markdown, not a notebook, so it cannot insert values from the code. Instead each
test here finds one claim on the page by the words that open its item (item numbers change
as corrections are added), reads the numbers the page states, and computes them with
lecture_lib: a change to the code (say ``LEAKY_SLOPE``) that makes a sentence wrong fails
here, naming the sentence. A claim reworded so that its pattern no longer matches fails too,
asking for this test to be updated with it.
"""
from __future__ import annotations

import inspect
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from lecture_lib import (
    chain_apply,
    deriv,
    leaky_relu,
    matmul_backward_first,
    matmul_forward,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    multiple_inputs_add,
    numerical_gradient,
    relu,
    sigmoid,
    sigmoid_deriv,
    square,
)
from lecture_lib.xor import SLIDE_GATES, XOR_INPUTS, truth_table

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "chapters" / "corrections.md"
NUMBER = r"(−?-?\d+(?:\.\d+)?)"
#: The page's three kinds of entry: section heading -> the word its count is stated with.
KINDS = {"Errors": "Errors", "Notes on style, convention and precision": "Notes on style, convention and precision",
         "Probable artefacts of the text extraction": "Probable artefacts of the text extraction"}
LABEL = re.compile(r"^\((corr-[a-z0-9-]+)\)=\n### (.+)$", re.M)


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _entries() -> dict[str, dict]:
    """label -> {"kind": its ## section, "title": its ### heading, "text": title and body as one line}."""
    text, entries = _page(), {}
    sections = [(m.start(), m.group(1)) for m in re.finditer(r"^## (.+)$", text, flags=re.M)]
    matches = list(LABEL.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end():end]
        body = body[:m.start()] if (m := re.search(r"^## ", body, flags=re.M)) else body
        kind = [name for start, name in sections if start < match.start()][-1]
        entries[match.group(1)] = {"kind": kind, "title": match.group(2),
                                   "text": " ".join((match.group(2) + " " + body).split())}
    return entries


def _item(label: str) -> str:
    entries = _entries()
    assert label in entries, f"{PAGE.name} has no entry labelled ({label})="
    return entries[label]["text"]


def _stated(label: str, pattern: str) -> tuple[float, ...]:
    """The numbers ``pattern`` (with NUMBER groups) captures in the entry labelled ``label``."""
    item = _item(label)
    match = re.search(pattern, item)
    assert match, f"the entry {item[:70]!r}… no longer matches {pattern!r}: update this test with the page"
    return tuple(float(group.replace("−", "-")) for group in match.groups())


def _slides_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_exp_overflows_where_the_page_says_and_lecture_lib_sigmoid_does_not_warn():
    (threshold,) = _stated("corr-sigmoid-overflow", rf"For \$x\$ below about \${NUMBER}\$, `np.exp\(-x\)`")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(_slides_sigmoid(np.float64(threshold)))  # no overflow at the stated bound
        assert sigmoid(threshold - 1) == pytest.approx(np.exp(threshold - 1) / (1 + np.exp(threshold - 1)))
        assert sigmoid(-1000.0) == 0.0
    with pytest.warns(RuntimeWarning, match="overflow"):
        assert _slides_sigmoid(np.float64(threshold - 1)) == 0.0  # "happens to be right (0)"


def test_the_symmetric_difference_of_abs_at_zero_is_zero():
    at, value = _stated("corr-central-definition", rf"for \$\|x\|\$ at \${NUMBER}\$ it is \${NUMBER}\$")
    for delta in (1e-1, 1e-3, 1e-6):
        assert deriv(np.abs, at, delta=delta) == value


def test_the_fixed_delta_quotient_is_deriv_and_its_error_is_f3_delta_squared_over_6():
    delta, plus, minus, two_delta = _stated(
        "corr-fixed-delta",
        rf"such as {NUMBER}.*\\approx \\frac{{f\(a \+ {NUMBER}\) - f\(a - {NUMBER}\)}}{{{NUMBER}}}\$",
    )
    assert delta == plus == minus == inspect.signature(deriv).parameters["delta"].default
    assert two_delta == pytest.approx(2 * delta)
    a, mantissa, exponent = _stated(
        "corr-fixed-delta", rf"for the sigmoid at \$a = {NUMBER}\$, about \${NUMBER} \\times 10\^{{-(\d+)}}\$")
    s, ds = sigmoid(a), sigmoid_deriv(a)
    third = ds * (1 - 6 * s + 6 * s**2)  # σ‴
    error = deriv(sigmoid, a) - ds
    assert error != 0  # an approximation, not an equality
    assert error == pytest.approx(third * delta**2 / 6, rel=1e-3)
    assert float(f"{abs(error):.0e}") == pytest.approx(mantissa * 10.0 ** -exponent), f"|error| is {abs(error):.2g}"


def test_the_kink_of_squared_sigmoid_of_leaky_relu_has_the_stated_slopes():
    left, right = _stated("corr-mostly-differentiable", rf"left slope \${NUMBER}\$, right slope \${NUMBER}\$")
    chain = [leaky_relu, sigmoid, square]
    h = 1e-7
    at_zero = chain_apply(chain, 0.0)
    assert (at_zero - chain_apply(chain, -h)) / h == pytest.approx(left, rel=1e-4)
    assert (chain_apply(chain, h) - at_zero) / h == pytest.approx(right, rel=1e-4)


def test_the_slides_leaky_relu_is_not_their_f2():
    (x, value) = _stated("corr-f2-leaky", rf"for \$x = {NUMBER}\$ it gives \${NUMBER}\$, not \$0\$")
    assert "`np.maximum(0.2 * x, x)`" in _item("corr-f2-leaky")
    assert np.maximum(0.2 * x, x) == leaky_relu(x) == value != relu(x) == 0.0


def test_chain_length_2_with_x_uses_a_global_x_silently():
    """The slides' listing, with the page's example: a global x = 5, chain [square, sigmoid], a = 1."""
    item = _item("corr-chain-length-2")
    (x,) = _stated("corr-chain-length-2", rf"With `x = {NUMBER}` defined earlier")
    assert "`chain_length_2([square, sigmoid], a)`" in item
    listing = "def chain_length_2(chain, a):\n    f1 = chain[0]\n    f2 = chain[1]\n    return f2(f1(x))\n"
    namespace = {}
    exec(compile(listing, "slide", "exec"), namespace)
    with pytest.raises(NameError, match="'x'"):
        namespace["chain_length_2"]([square, sigmoid], 1.0)
    namespace["x"] = x
    for a in (1.0, -3.0, 0.0):
        assert namespace["chain_length_2"]([square, sigmoid], a) == sigmoid(x**2)
    assert f"\\sigma({x**2:g}) \\approx 1" in item and sigmoid(x**2) == pytest.approx(1, abs=1e-10)
    (a, right) = _stated("corr-chain-length-2", rf"for \$a = {NUMBER}\$ the right answer is\s*\$\\sigma\(1\) \\approx {NUMBER}\$")
    assert round(float(sigmoid(a)), 3) == right


def test_the_slides_assert_listing_with_and_without_the_blank_line():
    _item("corr-backslash")
    with_blank = 'def f(chain):\n    assert len(chain) == 2, \\\n\n        "Length should be 2"\n'
    without = with_blank.replace("\\\n\n", "\\\n")
    with pytest.raises(SyntaxError, match="invalid syntax"):
        compile(with_blank, "slide", "exec")
    namespace = {}
    exec(compile(without, "slide", "exec"), namespace)
    with pytest.raises(AssertionError, match="Length should be 2"):
        namespace["f"]([1])


def test_multiple_inputs_add_returns_an_array_the_shape_of_x():
    _item("corr-float-annotation")
    x = np.array([[0.5, -1.0, 2.0]])
    result = multiple_inputs_add(x, np.ones_like(x), sigmoid)
    assert isinstance(result, np.ndarray) and result.shape == x.shape


def test_the_order_of_np_dot_matters_for_more_than_one_input():
    _stated("corr-order-np-dot", rf"which is undefined for \$n > {NUMBER}\$")
    n = 3
    dSdN, dNdX = np.ones((1, 1)), np.ones((1, n))
    assert np.dot(dSdN, dNdX).shape == (1, n)
    with pytest.raises(ValueError):
        np.dot(dNdX, dSdN)
    assert np.dot(np.ones((1, 1)), np.ones((1, 1))).shape == (1, 1)  # n = 1: defined


def test_the_unused_s_would_have_given_sigma_prime_exactly():
    assert r"\sigma'(N) = S \odot (1 - S)" in _item("corr-unused-s")
    N = np.linspace(-30, 30, 61).reshape(1, -1)
    S = sigmoid(N)
    np.testing.assert_allclose(S * (1 - S), sigmoid_deriv(N), rtol=1e-12, atol=0)


def test_matmul_backward_first_is_w_transposed_only_for_one_row_and_one_column():
    _item("corr-matmul-backward-first")
    rng = np.random.default_rng(0)
    X_row, W_column = rng.normal(size=(1, 3)), rng.normal(size=(3, 1))
    assert np.array_equal(matmul_backward_first(X_row, W_column), W_column.T)
    W_two = rng.normal(size=(3, 2))  # one row, two columns: each xᵢ feeds two outputs
    grad = matmul_backward_first(X_row, W_two)
    assert grad.shape == X_row.shape != W_two.T.shape
    assert np.allclose(grad, W_two.sum(axis=1))  # wᵢ₁ + wᵢ₂
    X_batch = rng.normal(size=(4, 3))
    assert np.allclose(matmul_backward_first(X_batch, W_two), np.ones((4, 2)) @ W_two.T)
    assert np.allclose(matmul_backward_first(X_batch, W_two),
                       numerical_gradient(lambda X: matmul_forward(X, W_two).sum(), X_batch))


def test_the_full_derivative_of_o_has_the_stated_number_of_entries():
    m, p, m2, n, entries = _stated(
        "corr-do-dx", rf"has \${NUMBER} \\cdot {NUMBER} \\cdot {NUMBER} \\cdot {NUMBER} = {NUMBER}\$ entries")
    X, W = np.ones((3, 3)), np.ones((3, 2))
    O = matmul_forward(X, W)
    assert (m, p) == O.shape and (m2, n) == X.shape
    assert entries == O.size * X.size
    assert np.allclose(matmul_backward_first(X, W), numerical_gradient(lambda A: matmul_forward(A, W).sum(), X))


def test_ones_times_w_transposed_with_star_is_not_the_product_meant():
    _item("corr-star-product")
    W = np.arange(6.0).reshape(3, 2)
    with pytest.raises(ValueError, match="broadcast"):
        np.ones((3, 2)) * W.T
    assert (np.ones((3, 2)) @ W.T).shape == (3, 3)


def test_dl_dx_and_dl_dw_are_the_formulas_the_page_gives():
    label = "corr-product-order"
    shapes = _stated(label, r"\\frac{dL}{dX} = \\bigl\(\\text{ones} \\odot \\sigma'\(N\)\\bigr\)\\,W\^T\$, "
                            rf"\$\({NUMBER} \\times {NUMBER}\)\({NUMBER} \\times {NUMBER}\) \\to {NUMBER} \\times {NUMBER}\$")
    assert r"\frac{dL}{dW} = X^T\bigl(\text{ones} \odot \sigma'(N)\bigr)" in _item(label)
    rng = np.random.default_rng(1)
    X, W = rng.normal(size=(3, 3)), rng.normal(size=(3, 2))
    local = np.ones((3, 2)) * sigmoid_deriv(X @ W)
    assert shapes == local.shape + W.T.shape + X.shape
    assert np.allclose(matrix_function_backward_sum_1(X, W, sigmoid), local @ W.T)
    assert np.allclose(matrix_function_backward_sum_2(X, W, sigmoid), X.T @ local)


def test_the_and_neurons_four_rows_are_lecture_libs():
    stated = _stated(
        "corr-and-table",
        rf"are \$\\sigma\({NUMBER}\) \\approx (\d)\$, \$\\sigma\({NUMBER}\) \\approx (\d)\$, "
        rf"\$\\sigma\({NUMBER}\) \\approx (\d)\$ and \$\\sigma\({NUMBER}\) \\approx (\d)\$",
    )
    sums, decisions = stated[0::2], stated[1::2]
    weights, bias = SLIDE_GATES["AND"]
    assert tuple(XOR_INPUTS @ weights + bias) == sums
    table = truth_table(weights, bias)
    assert tuple(table.decisions) == decisions
    assert np.all(np.abs(table.outputs - table.decisions) < 1e-4)  # "≈"


def test_multiple_inputs_add_names_both_shapes_instead_of_a_bare_assert():
    assert "bare `assert x.shape == y.shape`" in _item("corr-assert")
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        multiple_inputs_add(np.ones(3), np.ones(2), sigmoid)


# ------------------------------------------------------------------ the page's structure

def test_every_entry_is_labelled_and_the_stated_counts_are_the_entries():
    """Each ``###`` entry carries a label; the counts the introduction states are the entries per kind."""
    text = _page()
    headings = re.findall(r"^### ", text, flags=re.M)
    entries = _entries()
    assert len(entries) == len(headings), "every ### entry needs a (corr-...)= label right above it"
    kinds = [name for name in re.findall(r"^## (.+)$", text, flags=re.M)]
    assert kinds == list(KINDS), f"the page's sections are {kinds}, expected {list(KINDS)}"
    for kind, word in KINDS.items():
        count = sum(entry["kind"] == kind for entry in entries.values())
        assert f"**{word}** ({count})" in text, f"the introduction should state {count} entries for {kind!r}"


def test_formulas_on_the_page_are_typeset_as_math():
    """Outside $…$ and code spans the page writes no formula in plain-text symbols."""
    text = re.sub(r"\$[^$]+\$", "", _page())
    text = re.sub(r"`[^`]+`", "", text)
    plain = re.findall(r".{0,30}[′″‴⊙∂ᵀ₀-₉⁰-⁹≈→×·∘Σ√].{0,30}", text)
    assert not plain, "formulas outside math on the corrections page:\n" + "\n".join(plain)


#: "item 33" within a sentence's reach of "correction", before or after it.
TYPED_ITEM = r"correction.{0,80}?\bitems?\s+\d+|\bitems?\s+\d+.{0,80}?correction"


def _referencing_texts() -> dict[str, str]:
    """The markdown of every chapter and of the landing page, by file name."""
    texts = {"intro.md": (ROOT / "intro.md").read_text(encoding="utf-8")}
    for notebook in sorted((ROOT / "chapters").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        texts[notebook.name] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return texts


def test_references_to_corrections_are_generated_and_resolve():
    """A reference to one entry is a {ref} to its label (the book renders the link); none is typed by hand."""
    labels = set(_entries())
    used = set()
    for name, text in _referencing_texts().items():
        hand_typed = re.findall(TYPED_ITEM, text, flags=re.S)
        assert not hand_typed, f"{name} refers to a corrections entry by a typed number: {hand_typed}"
        for target in re.findall(r"\{ref\}`[^`]*<(corr-[^>]+)>`", text):
            assert target in labels, f"{name} refers to ({target})=, which {PAGE.name} does not define"
            used.add(target)
        assert not re.search(r"\{ref\}`corr-", text), f"{name}: give a {{ref}} to a correction a text of its own"
    assert used, "the chapters should link to the entries they correct"


def test_the_reference_rule_catches_a_typed_number():
    for sample in ("omits (0, 0) ([corrections page](corrections.md), item 33).",
                   "see item 5 of the {doc}`corrections page <corrections>`", "(corrections, items 3 and 4)"):
        assert re.findall(TYPED_ITEM, sample, flags=re.S), sample
    assert not re.findall(TYPED_ITEM, "see {ref}`the corrections page <corr-and-table>`; 3 items", flags=re.S)
