"""Where formulas and queries look names up: frame grabs that would reach the kernel's own frames (statsmodels'
eval_env, pandas' level), and pandas' query expressions, checked by the audit hook of kernel_guards.

These run real statsmodels/patsy/pandas (Debian's CPython) on the DATA cell of conftest.py.
"""

import json

import pytest

from conftest import DATA, DATA_LINES, POLICY_JSON

POLICY = json.loads(POLICY_JSON)


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


def patsy_holder():
    """A module that holds patsy as an attribute: statsmodels 0.14 (Pyodide) re-exports it from stats.anova, 0.15 (the
    twin runtime) only from its formula manager."""
    import statsmodels.stats.anova as anova

    return "statsmodels.stats.anova" if hasattr(anova, "patsy") else "statsmodels.formula._manager"


def test_frame_grabs_reaching_the_kernel_are_refused_at_run_time(kernel, unchecked):
    # What the AST check refuses by name, the runtime guard stops at the frame: pandas' Scope, patsy's capture.
    answer = kernel.run(DATA + "import pandas.core.computation.scope as scope\nscope.ensure_scope(1)")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "frame")
    patsy = f"import {patsy_holder()} as holder\npatsy = holder.patsy\n"
    answer = kernel.run(DATA + patsy + "patsy.EvalEnvironment.capture(1).namespace['os']")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "frame")
    answer = kernel.run(DATA + "df.query('x > 8', level=1)")
    assert (answer["status"], answer["error"]["rule"]) == ("policy", "frame")
    # The user's own frame stays reachable.
    assert kernel.value(DATA + patsy + "mine = 7\npatsy.EvalEnvironment.capture(0).namespace['mine']")[
        "value"] == 7


# ---- pandas query strings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["", ", engine='python'"])
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


def test_numexpr_queries_stop_before_their_expression_is_evaluated(kernel):
    # Pyodide 314 ships no numexpr, nor does the twin runtime: pandas refuses the engine before it parses anything.
    answer = kernel.run(DATA + "df.query('@np.testing.os.getcwd() == x', engine='numexpr')")
    assert (answer["status"], answer["error"]["type"]) == ("python", "ImportError")
    assert "numexpr" in answer["error"]["message"]


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

