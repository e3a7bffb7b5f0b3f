"""The audit hook of kernel_guards beyond formulas and queries: annotation strings, strings compiled by code that
belongs to no module, check_evaluated on its own, and the guard itself (its state, its cost)."""

import json
import time

import pytest

import kernel_guards
import kernel_policy
import kernel_runner
from conftest import DATA, POLICY_JSON, U

POLICY = json.loads(POLICY_JSON)


# ---- Annotation strings ------------------------------------------------------------------------------------------

def test_annotation_strings_cannot_be_evaluated_through_singledispatch(kernel):
    code = ("import functools\n@functools.singledispatch\ndef f(x):\n    return 0\n"
            "ann = 'int'\ndef g(x: ann):\n    return 1\nf.register(g)")
    assert kernel.check(code)["error"]["message"].startswith("Attribute 'singledispatch' is refused (call rule)")
    assert kernel.check("import typing\ntyping.ForwardRef('int')")["error"]["rule"] == "call"


# ---- Strings compiled by code that belongs to no module ----------------------------------------------------------

def test_strings_compiled_by_the_users_own_frames_are_checked(kernel, unchecked, marker):
    """Defence in depth: should user code ever get hold of the real eval, what it compiles is still checked."""
    kernel_runner._kernel.namespace["real_eval"] = eval
    assert kernel.value("real_eval('1 + 1')")["value"] == 2
    answer = kernel.run(U + f"path = {str(marker)!r}\nreal_eval(u + 'import' + u + '(\"os\").mkdir(' + repr(path) + ')')")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "runtime")
    assert answer["error"]["message"].startswith("Code built from a string '__import__(\"os\").mkdir(")
    assert "is refused (runtime rule): '__import__' is refused (call rule)" in answer["error"]["message"]


# ---- The check itself --------------------------------------------------------------------------------------------

@pytest.fixture
def policy():
    return kernel_policy.Policy(POLICY, "/data")


def refusal(policy, source, evaluator="patsy"):
    try:
        kernel_policy.check_evaluated(source, policy.evaluated_strings[evaluator], policy)
    except kernel_policy.PolicyViolation as violation:
        return violation
    return None


def test_names_patsy_and_pandas_generate_themselves(policy):
    assert refusal(policy, b"_patsy_stobj0__center__.transform(x)") is None
    assert refusal(policy, b"_patsy_stobj0__bs__.memorize_chunk(x, df=3)") is None
    assert refusal(policy, b"_secret + 1").message.startswith("Formula term '_secret + 1' is refused")
    assert refusal(policy, b"x > __pd_eval_local_low ", "pandas.core.computation") is None
    violation = refusal(policy, b"__pd_eval_local_os .getcwd ()", "pandas.core.computation")
    assert violation.rule == "query" and "Name 'os' is refused (import rule)" in violation.message
    assert violation.message.startswith("Query expression '@os .getcwd ()' is refused")
    assert refusal(policy, b"((x) > (__pd_eval_local_low))", "numexpr") is None


def test_q_takes_a_literal_name_checked_as_a_name(policy):
    assert refusal(policy, b'Q("weird name")') is None
    assert "Name 'os' is refused" in refusal(policy, b'Q("os")').message
    assert "Name '__builtins__' is refused (dunder rule)" in refusal(policy, b'Q("__builtins__")').message
    assert "names '__builtins__'" in refusal(policy, b'x["__builtins__"]').message
    assert "must be a string literal" in refusal(policy, b"Q(name)").message
    assert "must be a string literal" in refusal(policy, b"Q(*names)").message
    assert "other than calling it" in refusal(policy, b"(q := Q)('x')").message


def test_double_underscores_inside_names_are_not_dunders(policy):
    assert refusal(policy, b'C(group, Treatment("sales__2020__q1"))') is None


def test_a_coding_cookie_cannot_hide_the_code(policy):
    # Read as UTF-7 (as compile() reads bytes) this is __import__('os'); read as UTF-8 it is not even Python.
    source = b"# coding: utf-7\n+AF8AXw-import+AF8AXw-('os')"
    assert "'__import__' is refused" in refusal(policy, source).message


def test_text_that_is_not_python_is_left_to_the_librarys_own_error(policy):
    assert refusal(policy, b"x >") is None
    # Python 3.14 parses 100 000 nested attributes (3.11 did not); a million still overflow its parser.
    assert "nested too deeply to be checked" in refusal(policy, b"x" + b".a" * 1_000_000).message


# ---- The guard's state --------------------------------------------------------------------------------------------

def test_the_guard_keeps_its_state_out_of_reach(kernel):
    guard = kernel_runner._kernel.audit
    assert not hasattr(guard, "__dict__")
    for name in ("active", "armed", "policy"):
        assert not hasattr(guard, name)
        with pytest.raises(AttributeError):
            setattr(guard, name, False)
    assert not any(isinstance(value, bool) for value in vars(kernel_guards).values())
    assert kernel.run(DATA + "smf.ols('y ~ I(exec(\"1\"))', data=df)")["error"]["rule"] == "formula"


def test_the_guard_is_disarmed_outside_runs(kernel):
    import patsy
    kernel.run("x = 1")
    # The kernel's own code (and pytest) may evaluate what it likes between runs.
    assert patsy.EvalEnvironment([{}]).eval("().__class__") is tuple
    assert patsy.EvalEnvironment.capture(0).namespace["kernel"] is kernel


# ---- Cost ---------------------------------------------------------------------------------------------------------

def best_of(runs, function):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def test_the_hook_costs_nothing_measurable_on_a_loop_heavy_cell(kernel):
    code = compile("total = 0\nfor i in range(300_000):\n    total += (i * i) % 7\n    total += len(str(i))\n",
                   "<bench>", "exec")
    guard = kernel_runner._kernel.audit

    def armed():
        with guard:
            exec(code, {})

    plain = best_of(7, lambda: exec(code, {}))
    guarded = best_of(7, armed)
    assert guarded / plain < 1.10, (guarded, plain)
