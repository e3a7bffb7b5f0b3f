"""run_cell/reset: notebook semantics, captured output, figures, errors and interrupts."""

import base64
import itertools
import json
import sys
import warnings

import pytest

import kernel_capture
import kernel_policy
import kernel_runner
from conftest import POLICY_JSON, default_limits


@pytest.fixture
def printed_warnings(monkeypatch):
    """Warnings printed to sys.stderr as Python does by default (pytest records them instead)."""
    def show(message, category, filename, lineno, file=None, line=None):
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))
    monkeypatch.setattr(warnings, "showwarning", show)


def test_state_persists_across_cells_and_reset_clears_it(kernel):
    assert kernel.run("x = 41")["result"] is None
    assert kernel.value("x + 1")["value"] == 42
    kernel_runner.reset()
    answer = kernel.run("x")
    assert (answer["status"], answer["error"]["type"], answer["error"]["message"]) == (
        "python", "NameError", "name 'x' is not defined")


def test_last_expression_is_the_result(kernel):
    assert kernel.value("a = 2\na * 21") == {"kind": "scalar", "value": 42, "pyType": "int", "truncated": False}
    assert kernel.run("a = 3")["result"] is None
    assert kernel.run("print('x')")["result"] is None  # print returns None


def test_assigned_result_wins_over_the_last_expression(kernel):
    assert kernel.value("result = 'answer'\n1 + 1")["value"] == "answer"
    assert kernel.value("for result in range(3):\n    pass")["value"] == 2
    assert kernel.value("def f():\n    global result\n    result = 7\nf()")["value"] == 7


def test_a_local_named_result_does_not_hide_the_last_expression(kernel):
    code = "def total(xs):\n    result = sum(xs)\n    return result\ntotal([1, 2])"
    assert kernel.value(code)["value"] == 3
    assert kernel.value("[result for result in range(2)]")["value"] == [0, 1]


def test_result_assigned_but_deleted_is_null(kernel):
    assert kernel.run("result = 1\ndel result")["result"] is None


def test_dunder_main_blocks_run(kernel):
    assert kernel.run("if __name__ == '__main__':\n    print('main')")["stdout"] == "main\n"


def test_stdout_and_stderr_are_captured(kernel, printed_warnings):
    answer = kernel.run("import warnings\nprint('hello', 1)\nwarnings.warn('careful')")
    assert answer["stdout"] == "hello 1\n"
    assert answer["stderr"].endswith("UserWarning: careful\n  warnings.warn('careful')\n")
    assert answer["stdoutTruncated"] is False
    assert isinstance(answer["validateMs"], float) and isinstance(answer["executeMs"], float)


def test_stream_callback_gets_batched_chunks_in_order(kernel, monkeypatch, printed_warnings):
    ticks = itertools.count(step=0.02)  # every clock read advances 20 ms
    monkeypatch.setattr(kernel_capture, "_clock", lambda: next(ticks))
    chunks = []
    answer = kernel.run("import warnings\nfor i in range(4):\n    print(i)\nwarnings.warn('w')",
                        lambda stream, text: chunks.append((stream, text)))
    assert "".join(text for stream, text in chunks if stream == "stdout") == answer["stdout"] == "0\n1\n2\n3\n"
    assert "".join(text for stream, text in chunks if stream == "stderr") == answer["stderr"]
    # 8 stdout writes at 20 ms each: flushed at every third clock read (>= 50 ms), not per write.
    assert chunks[:3] == [("stdout", "0\n1"), ("stdout", "\n2\n"), ("stdout", "3\n")]
    assert [stream for stream, _ in chunks[3:]] == ["stderr"] * len(chunks[3:])
    assert answer["stderr"].endswith("UserWarning: w\n  warnings.warn('w')\n")


def test_a_failing_stream_callback_does_not_fail_the_run(kernel):
    def broken(stream, text):
        raise RuntimeError("page went away")
    answer = kernel.run("print('still here')", broken)
    assert (answer["status"], answer["stdout"]) == ("ok", "still here\n")


def test_long_output_is_cut_with_a_visible_marker(kernel):
    kernel.configure(maxStreamChars=10)
    chunks = []
    answer = kernel.run("print('0123456789abcdef')", lambda stream, text: chunks.append(text))
    assert answer["stdout"] == "0123456789\n… output truncated (7 more characters)"
    assert answer["stdoutTruncated"] is True and answer["stderrTruncated"] is False
    assert "".join(chunks) == answer["stdout"]


def test_figures_are_captured_capped_and_closed(kernel):
    kernel.configure(maxFigures=2, maxFigurePixels=200_000)
    answer = kernel.run("import matplotlib.pyplot as plt\n"
                        "for i in range(3):\n    plt.figure(figsize=(8, 6), dpi=100)\n    plt.plot([1, i])\n"
                        "plt.show()")
    assert answer["status"] == "ok"
    assert (len(answer["figures"]), answer["figuresDropped"]) == (2, 1)
    for figure in answer["figures"]:
        png = base64.b64decode(figure["pngBase64"])
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert figure["width"] * figure["height"] <= 200_000
        assert figure["width"] > 300 and figure["height"] > 200  # scaled down, not collapsed
    assert answer["stderr"] == ""  # plt.show() under Agg would warn "cannot be shown"
    assert sys.modules["matplotlib.pyplot"].get_fignums() == []
    assert kernel.run("1")["figures"] == []


def test_the_agg_cannot_show_warning_is_silenced_but_others_are_not(kernel, printed_warnings):
    # In Pyodide (sys.platform 'emscripten') matplotlib warns on every plt.show() under Agg.
    answer = kernel.run("import warnings\n"
                        "warnings.warn('FigureCanvasAgg is non-interactive, and thus cannot be shown')")
    assert answer["stderr"] == ""
    assert "UserWarning: other" in kernel.run("import warnings\nwarnings.warn('other')")["stderr"]


def test_figures_are_closed_after_an_error_too(kernel):
    answer = kernel.run("import matplotlib.pyplot as plt\nplt.plot([1, 2])\n1 / 0")
    assert answer["status"] == "python" and len(answer["figures"]) == 1
    assert sys.modules["matplotlib.pyplot"].get_fignums() == []


def test_a_figure_that_cannot_be_drawn_is_reported_on_stderr(kernel):
    answer = kernel.run("import matplotlib.pyplot as plt\nplt.title('$\\\\frac{$')")
    assert answer["status"] == "ok" and answer["figures"] == []
    assert answer["stderr"].startswith("Figure 1 could not be drawn: ValueError:")


def test_no_pyplot_no_figures(kernel, monkeypatch):
    monkeypatch.delitem(sys.modules, "matplotlib.pyplot", raising=False)
    assert kernel_capture.capture_figures(kernel_runner._kernel.limits) == ([], 0, [])


def test_error_line_and_traceback_keep_only_user_frames(kernel):
    kernel.run("def helper(d):\n    return d['missing']")
    answer = kernel.run("x = 1\ny = helper({})")
    assert answer["status"] == "python"
    assert answer["error"] == {
        "type": "KeyError",
        "message": "'missing'",
        "line": 2,
        "traceback": "Traceback (most recent call last):\n"
                     # Python 3.14's format: no carets under a call that is the whole right-hand side.
                     "  File \"<cell-2>\", line 2, in <module>\n    y = helper({})\n"
                     "  File \"<cell-1>\", line 2, in helper\n    return d['missing']\n           ~^^^^^^^^^^^\n"
                     "KeyError: 'missing'\n",
    }
    assert "kernel_runner" not in answer["error"]["traceback"]


def test_missing_pandas_column_keeps_the_message_and_lists_the_columns(kernel):
    answer = kernel.run("import pandas as pd\ndf = pd.DataFrame({'region': [1], 'amount': [2]})\ndf['amont'].sum()")
    error = answer["error"]
    assert (error["type"], error["message"], error["line"]) == ("KeyError", "'amont'", 3)
    assert error["hint"] == "Columns of that DataFrame: 'region', 'amount'."
    assert error["traceback"].endswith("KeyError: 'amont'\n")
    assert "pandas" not in error["traceback"]


def test_syntax_error_in_run_is_a_python_error_with_its_line(kernel):
    answer = kernel.run("x = 1\nif x\n    pass")
    assert answer["status"] == "python"
    assert (answer["error"]["type"], answer["error"]["rule"], answer["error"]["line"]) == ("SyntaxError", "syntax", 2)
    compiled = kernel.run("x = 1\nreturn x")["error"]  # refused by compile(), not by the parser
    assert (compiled["type"], compiled["message"], compiled["line"]) == ("SyntaxError", "'return' outside function", 2)


def test_policy_refusal_in_run_cell(kernel):
    answer = kernel.run("print('never')\nimport os")
    assert answer["status"] == "policy" and answer["stdout"] == ""
    assert (answer["error"]["rule"], answer["error"]["line"]) == ("import", 2)
    assert answer["executeMs"] == 0.0


def test_keyboard_interrupt_gives_interrupted_and_the_kernel_stays_usable(kernel):
    answer = kernel.run("x = 5\nprint('before')\nraise KeyboardInterrupt")
    assert answer["status"] == "interrupted"
    assert answer["stdout"] == "before\n"
    assert (answer["error"]["type"], answer["error"]["line"]) == ("Interrupted", 3)
    assert answer["error"]["traceback"].endswith("KeyboardInterrupt\n")
    assert kernel.value("x * 2")["value"] == 10


def test_interrupt_inside_the_kernel_own_code_is_caught(kernel, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(kernel_capture, "capture_figures", interrupted)
    answer = kernel.run("1")
    assert (answer["status"], answer["error"]["type"], answer["error"]["line"]) == ("interrupted", "Interrupted", None)


def test_system_exit_does_not_end_the_kernel(kernel):
    answer = kernel.run("raise SystemExit(3)")
    assert (answer["status"], answer["error"]["type"], answer["error"]["message"]) == ("python", "SystemExit", "3")
    assert kernel.value("1 + 1")["value"] == 2


def test_results_are_strict_json(kernel):
    text = kernel_runner.run_cell("import numpy as np\n[float('nan'), float('inf'), np.float64('-inf'), np.nan]")
    assert json.loads(text, parse_constant=pytest.fail)["result"]["value"] == [None, "inf", "-inf", None]


def test_run_before_configure_is_an_error(monkeypatch):
    monkeypatch.setattr(kernel_runner, "_kernel", None)
    with pytest.raises(RuntimeError, match=r"configure\(\) must be called first"):
        kernel_runner.run_cell("1")


def test_limits_must_match_the_protocol(kernel):
    limits = {**default_limits(), "maxFigure": 1}
    del limits["maxFigures"]
    with pytest.raises(ValueError, match=r"missing \['maxFigures'\], unknown \['maxFigure'\]"):
        kernel_runner.configure(POLICY_JSON, json.dumps(limits), "/data")
    with pytest.raises(ValueError, match=r"positive integers: \['maxCellChars'\]"):
        kernel_runner.configure(POLICY_JSON, json.dumps({**default_limits(), "maxCellChars": 0}), "/data")


def test_run_cell_runs_the_tree_check_code_passed_and_checks_any_other_text(kernel, monkeypatch):
    checks = []
    real_check = kernel_policy.check_tree
    monkeypatch.setattr(kernel_policy, "check_tree", lambda tree, policy: checks.append(1) or real_check(tree, policy))
    assert kernel.check("x = 1")["ok"]
    assert kernel.run("x = 1")["status"] == "ok"
    assert len(checks) == 1  # the worker checks, loads packages, then runs: the text is checked once
    # Used once: the same text run again without check_code is checked again...
    assert kernel.run("x = 1")["status"] == "ok"
    assert len(checks) == 2
    # ...and a text other than the one checked is checked on its own.
    assert kernel.check("y = 2")["ok"]
    answer = kernel.run("import os")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "import")
    assert len(checks) == 4
    # A refused check leaves nothing to reuse.
    assert not kernel.check("import os")["ok"]
    assert kernel.run("import os")["status"] == "policy"
