"""`import lecture_lib` is light: no matplotlib or ipywidgets, and the package's own import time is small."""
import json
import re
import subprocess
import sys

import lecture_lib


def test_public_names_from_course_are_importable():
    names = """square relu leaky_relu sigmoid square_deriv relu_deriv leaky_relu_deriv sigmoid_deriv deriv
    chain_length_2 chain_deriv_2 chain_deriv_3 chain_deriv chain_forward chain_backward
    multiple_inputs_add multiple_inputs_add_backward multiple_inputs_multiply multiple_inputs_multiply_backward
    matmul_forward matmul_backward_first matmul_backward_second matrix_forward_extra matrix_function_backward_1
    matrix_function_forward_sum matrix_function_backward_sum_1 matrix_function_backward_sum_2""".split()
    missing = [n for n in names if not hasattr(lecture_lib, n)]
    assert missing == []


def test_import_does_not_load_plotting_or_widgets():
    code = "import sys, json, lecture_lib; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'ipywidgets', 'IPython'))))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert loaded == []


def test_unknown_attribute_is_an_attribute_error():
    try:
        lecture_lib.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def _own_import_seconds() -> float:
    """The package's own share of `import lecture_lib`: its cumulative time minus numpy's."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import lecture_lib"],
                            capture_output=True, text=True, check=True)
    cumulative = {}
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            cumulative[match.group(3)] = int(match.group(1))
    return (cumulative["lecture_lib"] - cumulative.get("numpy", 0)) / 1e6


def test_own_import_time_is_under_a_tenth_of_a_second():
    # Best of three, so a busy machine does not fail the test by accident.
    assert min(_own_import_seconds() for _ in range(3)) < 0.1
