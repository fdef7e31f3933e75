"""lecture_lib: the shared code of "Neural Networks from First Principles — Lecture 1".

Public names keep the slides' names. The mathematics imports only numpy; plotting,
diagrams, widgets and exercise checks load matplotlib/ipywidgets on first use, so
``import lecture_lib`` stays fast.
"""
from __future__ import annotations

import importlib

from .calculus import (
    Chain,
    chain_apply,
    chain_backward,
    chain_deriv,
    chain_deriv_2,
    chain_deriv_3,
    chain_forward,
    chain_length_2,
    chain_length_3,
    derivative_of,
    deriv,
    difference_errors,
)
from .functions import (
    ANALYTIC_DERIVATIVES,
    Array_Function,
    leaky_relu,
    leaky_relu_deriv,
    relu,
    relu_deriv,
    sigmoid,
    sigmoid_deriv,
    square,
    square_deriv,
)
from .matrix import (
    matmul_backward_first,
    matmul_backward_second,
    matmul_forward,
    matrix_forward_extra,
    matrix_function_backward_1,
    matrix_function_backward_sum_1,
    matrix_function_backward_sum_2,
    matrix_function_backward_sum_dLdN,
    matrix_function_forward_sum,
    numerical_gradient,
)
from .multi_input import (
    multiple_inputs_add,
    multiple_inputs_add_backward,
    multiple_inputs_multiply,
    multiple_inputs_multiply_backward,
)
from .source import show_source

# Submodules that import matplotlib or ipywidgets: loaded on first attribute access.
_LAZY_SUBMODULES = ("plotting", "diagrams", "explorers", "exercises", "xor")


def __getattr__(name: str):
    if name in _LAZY_SUBMODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
