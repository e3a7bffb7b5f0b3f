"""Strings that libraries evaluate as Python while the user's code runs: patsy's formula terms, malicious and
ordinary, checked by the audit hook of kernel_guards.

These run real statsmodels/patsy/pandas (Debian's CPython). Formulas below are built so that every coefficient is
known exactly (DATA, in conftest.py). Frames and pandas' query expressions are in test_evaluated_queries.py; the
check on its own and the guard itself in test_evaluated_guard.py.
"""

import json

import numpy as np
import pytest

from conftest import DATA, POLICY_JSON, U

POLICY = json.loads(POLICY_JSON)
PATSY = POLICY["evaluatedStrings"]["patsy"]


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

