"""Strings that libraries evaluate as Python while the user's code runs (patsy's formula terms, pandas' query
expressions), and frame grabs that would reach the kernel's own frames: the audit hook of kernel_guards.

These run real statsmodels/patsy/pandas (Debian's CPython). Formulas below are built so that every coefficient is
known exactly.
"""

import json
import time

import numpy as np
import pytest

import kernel_guards
import kernel_policy
import kernel_runner
from conftest import POLICY_JSON

POLICY = json.loads(POLICY_JSON)
PATSY = POLICY["evaluatedStrings"]["patsy"]

DATA = """import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
df = pd.DataFrame({'x': np.arange(10.0), 'group': ['a', 'b'] * 5})
df['y'] = 3 + 2 * df['x']
df['q'] = 1 + 2 * df['x'] ** 2
df['growth'] = np.exp(1 + 0.5 * df['x'] + 0.3 * (df['group'] == 'b'))
df['weird name'] = df['x'] * 1.0
df['w'] = 4 * df['weird name'] + 1
"""
DATA_LINES = DATA.count("\n")
U = "u = '_' * 2\n"  # dunders built at run time, out of the AST check's sight


@pytest.fixture
def unchecked(monkeypatch):
    """Run cells with the AST check switched off, to reach what only the runtime guards stop."""
    monkeypatch.setattr(kernel_policy, "check_tree", lambda tree, policy: [])


@pytest.fixture
def marker(tmp_path):
    """A path the malicious code tries to create: it must not exist afterwards."""
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "the refused code ran"


def params(kernel, formula, model="ols"):
    answer = kernel.run(DATA + f"result = smf.{model}({formula!r}, data=df).fit().params.round(6).to_dict()")
    assert answer["status"] == "ok", answer["error"]
    return answer["result"]["value"]


# ---- Malicious formulas ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("setup, formula, refused", [
    # exec with the real builtins (patsy evaluates terms with eval(code, {}, ...)).
    ("s = \"open({marker!r}, 'w').close()\"\n", "'y ~ x + I(exec(s))'", "'exec' is refused (call rule)"),
    # The dunders are built at run time: the AST check sees neither them nor the formula.
    (U + "path = {marker!r}\nf = 'y ~ x + I(' + u + 'import' + u + '(\"os\").mkdir(' + repr(path) + '))'\n", "f",
     "'__import__' is refused (call rule)"),
    (U + "f = 'y ~ x + I(().' + u + 'class' + u + '.' + u + 'base' + u + '.' + u + 'subclasses' + u + '())'\n",
     "f", "Attribute '__class__' is refused (dunder rule)"),
    ("", "\"y ~ x + I(open('/etc/passwd').read())\"", "is refused (open rule)"),
    # Q('__builtins__') finds the real builtins in the globals patsy evaluates with; the literal hides no '(' or '.'.
    ("s = \"open({marker!r}, 'w').close()\"\n", "\"y ~ x + I(Q('__builtins__')['exec'](s))\"",
     "Name '__builtins__' is refused (dunder rule)"),
    (U + "name = u + 'builtins' + u\n", "'y ~ x + I(Q(name))'", "the name Q() looks up must be a string literal"),
    ("", "'y ~ x + I([Q][0](\"x\"))'", "Using Q other than calling it with a string literal is refused"),
    # Names are looked up outside the user's namespace too: modules and private names are refused as names.
    ("", "'y ~ x + I(os.getcwd())'", "Name 'os' is refused (import rule)"),
    ("", "'y ~ x + I(_kernel)'", "Name '_kernel' is refused (private rule)"),
])
def test_malicious_formulas_are_refused_before_they_run(kernel, marker, setup, formula, refused):
    code = DATA + setup.format(marker=str(marker)) + f"model = smf.ols({formula}, data=df)\nresult = 'went on'"
    assert kernel.check(code)["ok"] is True  # only the runtime check can see these
    answer = kernel.run(code)
    assert answer["status"] == "policy", answer
    error = answer["error"]
    assert (error["type"], error["rule"], error["hint"]) == ("PolicyViolation", "formula", PATSY["hint"])
    assert error["line"] == code.count("\n")  # the smf.ols line
    assert error["message"].startswith("Formula term ")
    assert "is refused (formula rule): " in error["message"] and refused in error["message"]
    assert error["message"].endswith(f" {PATSY['allowed']}.")
    assert answer["result"] is None


def test_formula_message_names_the_offending_term(kernel):
    answer = kernel.run(DATA + "s = 'print(1)'\nsmf.ols('y ~ x + I(exec(s))', data=df)")
    assert answer["error"]["message"] == (
        "Formula term 'I(exec(s))' is refused (formula rule): 'exec' is refused (call rule): runs a string as code. "
        f"{PATSY['allowed']}.")


def test_a_refusal_swallowed_by_the_user_still_fails_the_run(kernel, marker):
    code = (DATA + f"s = \"open({str(marker)!r}, 'w').close()\"\ntry:\n    smf.ols('y ~ I(exec(s))', data=df)\n"
            "except Exception:\n    pass\nresult = 'went on'")
    answer = kernel.run(code)
    assert (answer["status"], answer["result"], answer["error"]["rule"]) == ("policy", None, "formula")


def test_literal_dunders_in_a_formula_are_already_refused_by_the_ast_check(kernel):
    error = kernel.check(DATA + "smf.ols(\"y ~ I(__import__('os').getcwd())\", data=df)")["error"]
    assert error["rule"] == "dunder"


# ---- Ordinary formulas -------------------------------------------------------------------------------------------

def test_ordinary_formulas_fit_with_the_right_coefficients(kernel):
    assert params(kernel, "y ~ x") == pytest.approx({"Intercept": 3.0, "x": 2.0})
    assert params(kernel, "np.log(growth) ~ C(group) + x") == pytest.approx(
        {"Intercept": 1.0, "C(group)[T.b]": 0.3, "x": 0.5})
    assert params(kernel, "q ~ I(x**2)") == pytest.approx({"Intercept": 1.0, "I(x ** 2)": 2.0})
    assert params(kernel, 'w ~ Q("weird name")') == pytest.approx({"Intercept": 1.0, 'Q("weird name")': 4.0})
    assert params(kernel, "y ~ center(x)") == pytest.approx({"Intercept": 12.0, "center(x)": 2.0})
    slope = 2 * float(np.std(np.arange(10.0)))  # patsy's standardize divides by the population std
    assert params(kernel, "y ~ standardize(x)") == pytest.approx({"Intercept": 12.0, "standardize(x)": slope})
    assert params(kernel, "y ~ x", model="wls") == pytest.approx({"Intercept": 3.0, "x": 2.0})


def test_stateful_transforms_are_evaluated_again_for_predictions(kernel):
    code = DATA + ("fit = smf.ols('y ~ bs(x, df=3)', data=df).fit()\n"
                   "new = pd.DataFrame({'x': [2.5, 7.0]})\n"
                   "result = [float(np.abs(fit.fittedvalues - df['y']).max()), fit.predict(new).round(6).tolist()]")
    answer = kernel.run(code)
    assert answer["status"] == "ok", answer["error"]
    worst, predicted = answer["result"]["value"]
    assert worst < 1e-9  # a cubic B-spline basis fits a line exactly
    assert predicted == pytest.approx([8.0, 17.0])


def test_formulas_keep_seeing_the_users_variables(kernel):
    code = DATA + ("offset = 5.0\ndef twice(v):\n    return 2 * v\n"
                   "result = smf.ols('I(y + offset) ~ twice(x)', data=df).fit().params.round(6).to_dict()")
    assert kernel.value(code)["value"] == pytest.approx({"Intercept": 8.0, "twice(x)": 1.0})
    # A formula fitted inside the user's own function (groupby.apply) sees that function's variables.
    code = DATA + ("def slope(part):\n    k = 1.0\n    return smf.ols('y ~ I(k * x)', data=part).fit().params.iloc[1]\n"
                   "result = df.groupby('group').apply(slope).round(6).tolist()")
    assert kernel.value(code)["value"] == [2.0, 2.0]


def test_generated_code_of_dataclasses_namedtuple_typing_and_enum_still_works(kernel):
    code = """from dataclasses import dataclass, field, make_dataclass
from collections import namedtuple
import enum
import typing

@dataclass(order=True, frozen=True)
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list, compare=False)

class Row(typing.NamedTuple):
    name: str
    score: float = 1.0

Pair = namedtuple('Pair', 'left right', defaults=[0])
Color = enum.Enum('Color', 'RED GREEN')
Made = make_dataclass('Made', [('a', int), ('b', 'str', field(default='b'))])

class Size(enum.IntEnum):
    S = 1
    M = 2

result = [Point(1) < Point(2, 1), Point(3).tags, Row('a')._asdict(), Pair(1)._replace(right=2), Color.GREEN.value,
          Made(1).b, int(Size.M), typing.List['Point'] is not None]
"""
    assert kernel.value(code)["value"] == [True, [], {"name": "a", "score": 1.0}, [1, 2], 2, "b", 2, True]


# ---- Frames: eval_env and the like -------------------------------------------------------------------------------

@pytest.mark.parametrize("call", [
    "smf.ols('y ~ x', data=df, eval_env=2)",
    "smf.ols('y ~ x', data=df, eval_env=9)",
    "opts = {'eval_env': 3}\nsmf.ols('y ~ x', data=df, **opts)",
])
def test_eval_env_cannot_point_formulas_at_the_kernels_frames(kernel, call):
    answer = kernel.run(DATA + call)
    assert answer["status"] == "policy"
    error = answer["error"]
    assert (error["rule"], error["line"]) == ("frame", DATA_LINES + call.count("\n") + 1)
    assert error["message"].startswith("Reaching a frame outside your code is refused (frame rule): "
                                       "patsy.eval.capture would hand out the namespace of the kernel's own frames")
    assert "eval_env" in error["hint"]


def test_eval_env_within_the_users_code_still_works(kernel):
    assert kernel.value(DATA + "smf.ols('y ~ x', data=df, eval_env=-1).fit().params.round(6).tolist()")[
        "value"] == [3.0, 2.0]
    assert kernel.value(DATA + "smf.ols('y ~ x', data=df, eval_env=0).fit().params.round(6).tolist()")[
        "value"] == [3.0, 2.0]


@pytest.mark.parametrize("code, rule, what", [
    ("import statsmodels.stats.anova as anova\nanova.patsy.EvalEnvironment.capture(1).namespace['os']",
     "import", "Attribute 'patsy' is refused"),
    ("env = smf.ols('y ~ x', data=df).data.design_info\ntype(env).capture(1)", "call", "Attribute 'capture'"),
    ("pd.core.computation.scope.ensure_scope(1)", "import", "Attribute 'computation' is refused"),
    ("pd.io.pytables.PyTablesExpr('x > 1', scope_level=2)", "import", "Attribute 'pytables' is refused"),
])
def test_frame_capturing_library_apis_are_refused_by_name(kernel, code, rule, what):
    error = kernel.check(DATA + code)["error"]
    assert error["rule"] == rule and error["message"].startswith(what)


def test_frame_grabs_reaching_the_kernel_are_refused_at_run_time(kernel, unchecked):
    # What the AST check refuses by name, the runtime guard stops at the frame: pandas' Scope, patsy's capture.
    answer = kernel.run(DATA + "import pandas.core.computation.scope as scope\nscope.ensure_scope(1)")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "frame")
    patsy = "import statsmodels.stats.anova as anova\npatsy = anova.patsy\n"
    answer = kernel.run(DATA + patsy + "patsy.EvalEnvironment.capture(1).namespace['os']")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "frame")
    answer = kernel.run(DATA + "df.query('x > 8', level=1)")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "frame")
    # The user's own frame stays reachable.
    assert kernel.value(DATA + patsy + "mine = 7\npatsy.EvalEnvironment.capture(0).namespace['mine']")[
        "value"] == 7


# ---- pandas query strings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["", ", engine='python'", ", engine='numexpr'"])
def test_literal_queries_cannot_reach_modules_or_private_names(kernel, engine):
    for query, refused in [("@np.testing.os.getcwd() == x", "Attribute 'os' is refused (import rule)"),
                           ("@pd.io.common.os.getcwd() == x", "Attribute 'os' is refused (import rule)"),
                           ("@df._mgr == x", "Attribute '_mgr' is refused (private rule)")]:
        code = DATA + f"df.query({query!r}{engine})"
        assert kernel.check(code)["ok"] is True
        answer = kernel.run(code)
        assert answer["status"] == "policy", answer
        error = answer["error"]
        assert error["rule"] == "query" and refused in error["message"]
        assert error["message"].startswith("Query expression '@")  # the @variable is shown as written
        assert error["message"].endswith(f" {POLICY['evaluatedStrings']['pandas.core.computation']['allowed']}.")


@pytest.mark.parametrize("engine", ["", ", engine='python'"])
def test_ordinary_queries_still_work(kernel, engine):
    code = DATA + ("low = 2\nresult = [len(df.query('x > @low and `weird name` < 8 and group == \"a\"'{e})), "
                   "len(df.query('x > @df.x.mean() and index > 2'{e})), "
                   "len(df.query('group in [\"a\"]'{e}))]").format(e=engine)
    assert kernel.value(code)["value"] == [2, 5, 5]
    code = DATA + f"result = len(df.query('group.str.contains(\"b\")', engine='python'))"
    assert kernel.value(code)["value"] == 5


def test_a_query_with_a_syntax_error_stays_a_python_error(kernel):
    answer = kernel.run(DATA + "df.query('x >')")
    assert (answer["status"], answer["error"]["type"]) == ("python", "SyntaxError")


@pytest.mark.parametrize("keyword", ["level=1", "local_dict={}", "global_dict={}", "resolvers=()"])
def test_query_keywords_that_choose_the_namespace_are_refused(kernel, keyword):
    error = kernel.check(DATA + f"df.query('x > 1', {keyword})")["error"]
    name = keyword.partition("=")[0]
    assert error["rule"] == "query"
    assert f"is refused (query rule): keyword '{name}' chooses where the expression's names are looked up" in error[
        "message"]


def test_query_keywords_that_are_allowed(kernel):
    code = DATA + "df.query('x > 7', inplace=True, engine='python', parser='pandas')\nlen(df)"
    assert kernel.value(code)["value"] == 2


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
    assert "nested too deeply to be checked" in refusal(policy, b"x" + b".a" * 100_000).message


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
