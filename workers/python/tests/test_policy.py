"""The static AST policy (check_code): ordinary analysis code passes, each rule refuses with a useful message.

Modules and private names reached through allowed modules are in test_policy_members.py; the policy's one
definition, policy.json, in test_policy_json.py.
"""

import json

import pytest

from conftest import ALLOWED_IMPORTS_HINT, POLICY_JSON

POLICY = json.loads(POLICY_JSON)


def test_accepts_ordinary_analysis_code_and_reports_packages(kernel):
    code = f"""
import pandas as pd
import numpy as np
import matplotlib.pyplot as plt
import seaborn as sns
from sklearn.linear_model import LinearRegression
import statistics, math, re
from collections import Counter
from datetime import datetime

df = pd.read_csv("{kernel.data_dir}/sales.csv")
with open("{kernel.data_dir}/sales.csv") as f:
    header = f.readline()
with open(f"{kernel.data_dir}/{{'sales'}}.csv", "rb") as f:
    raw = f.read()
summary = df.groupby("region")["amount"].agg(["mean", "sum"]).sort_values("sum", ascending=False)
fig, ax = plt.subplots(figsize=(6, 4))
summary["sum"].plot(kind="bar", ax=ax)
ax.set_title(f"Sales by region ({{len(df)}} rows)")
pattern = re.compile(r"\\d+")
print(type(df).__name__, np.mean([1, 2]), statistics.median([1, 2, 3]), math.sqrt(4), Counter("aab"))
if __name__ == "__main__":
    result = summary
"""
    assert kernel.check(code) == {
        "ok": True,
        "imports": ["pandas", "numpy", "matplotlib", "seaborn", "sklearn", "statistics", "math", "re",
                    "collections", "datetime"],
        "packages": ["pandas", "numpy", "matplotlib", "seaborn", "scikit-learn"],
        "datasets": [],
    }


def test_accepted_code_reading_data_actually_runs(kernel):
    answer = kernel.run(f"""
import pandas as pd
df = pd.read_csv("{kernel.data_dir}/sales.csv")
with open("{kernel.data_dir}/sales.csv") as f:
    header = f.readline().strip()
(header, int(df["amount"].sum()))
""")
    assert answer["status"] == "ok", answer["error"]
    assert answer["result"] == {"kind": "json", "value": ["region,amount", 22], "truncated": False}


@pytest.mark.parametrize("code, rule, line, message", [
    ("import os", "import", 1, "Import 'os' is refused (import rule): operating-system access."),
    ("x = 1\nfrom os import path", "import", 2, "Import 'os' is refused (import rule): operating-system access."),
    ("import os.path", "import", 1, "Import 'os' is refused (import rule): operating-system access."),
    ("import js", "import", 1, "Import 'js' is refused (import rule): the JavaScript bridge."),
    ("import pyodide_js", "import", 1, "Import 'pyodide_js' is refused (import rule): the JavaScript bridge."),
    ("import micropip", "import", 1, "Import 'micropip' is refused (import rule): installing packages at run time."),
    ("import xml.etree", "import", 1, "Import 'xml' is refused (import rule): it is not on the import allowlist."),
    ("import ｏｓ", "import", 1, "Import 'os' is refused (import rule): operating-system access."),
    ("from . import x", "import", 1,
     "Relative import 'from . import x' is refused (import rule): cells are not packages."),
])
def test_refuses_imports(kernel, code, rule, line, message):
    error = kernel.check(code)["error"]
    assert (error["type"], error["rule"], error["line"], error["message"]) == ("PolicyViolation", rule, line, message)
    if "Relative" not in message:
        assert error["hint"].startswith(ALLOWED_IMPORTS_HINT)


@pytest.mark.parametrize("code, line, message", [
    ("__import__('os')", 1, "'__import__' is refused (call rule): dynamic imports."),
    ("y = 2\neval('1 + 1')", 2, "'eval' is refused (call rule): runs a string as code."),
    ("exec('x = 1')", 1, "'exec' is refused (call rule): runs a string as code."),
    ("compile('1', 'f', 'eval')", 1, "'compile' is refused (call rule): builds code from a string."),
    ("getattr(1, 'real')", 1, "'getattr' is refused (call rule): string-based attribute access."),
    ("globals()", 1, "'globals' is refused (call rule): access to the interpreter's namespaces."),
    ("f = eval", 1, "'eval' is refused (call rule): runs a string as code."),
    ("ｅｖａｌ('1')", 1, "'eval' is refused (call rule): runs a string as code."),
    ("import numpy as np\nnp.eval", 2, "Attribute 'eval' is refused (call rule): runs a string as code."),
    ("import pandas as pd\nf = pd.eval", 2, "Attribute 'eval' is refused (call rule): runs a string as code."),
    ("from pandas import eval", 1, "'eval' is refused (call rule): runs a string as code."),
    ("import pandas as exec", 1, "'exec' is refused (call rule): runs a string as code."),
])
def test_refuses_denied_calls_and_references(kernel, code, line, message):
    error = kernel.check(code)["error"]
    assert (error["rule"], error["line"], error["message"]) == ("call", line, message)
    assert error["hint"].startswith("Write the operation directly: obj.attr instead of getattr")
    assert error["hint"].endswith("Not available: " + ", ".join(POLICY["deniedCalls"]) + ".")


@pytest.mark.parametrize("code, message", [
    ("().__class__.__base__.__subclasses__()",  # an attribute chain is refused at its first bad hop
     "Attribute '__class__' is refused (dunder rule): double-underscore attributes reach interpreter internals."),
    ("x = 1\nx.__class__", "Attribute '__class__' is refused (dunder rule): double-underscore attributes reach "
                           "interpreter internals."),
    ("def f(): pass\nf.__globals__", "Attribute '__globals__' is refused (dunder rule): double-underscore attributes "
                                     "reach interpreter internals."),
    ("__builtins__",
     "Name '__builtins__' is refused (dunder rule): double-underscore names reach interpreter internals."),
    ("'{0.__class__}'.format(1)", "String '{0.__class__}' is refused (dunder rule): it spells access to '__class__', "
                                  "which format fields and query strings can follow."),
    ("'{x[__globals__]}'.format(x=1)", "String '{x[__globals__]}' is refused (dunder rule): it spells access to "
                                       "'__globals__', which format fields and query strings can follow."),
    ("match 1:\n    case object(__class__=c): pass",
     "Attribute '__class__' is refused (dunder rule): double-underscore attributes reach interpreter internals."),
])
def test_refuses_dunder_access(kernel, code, message):
    error = kernel.check(code)["error"]
    assert (error["rule"], error["message"]) == ("dunder", message)
    assert error["hint"] == ("Use type(x) or isinstance(x, T) instead. Allowed dunder attributes: __doc__, __init__, "
                             "__len__, __name__, __version__; allowed dunder names: __name__.")


def test_allowed_dunders_pass(kernel):
    code = ("import pandas as pd\nclass A:\n    def __init__(self):\n        super().__init__()\n"
            "print(pd.__version__, A.__name__, A.__doc__, '{0.__name__}'.format(A))\n"
            "if __name__ == '__main__':\n    pass")
    assert kernel.check(code)["ok"] is True


@pytest.mark.parametrize("code, attribute, line", [
    ("def g():\n    yield 1\ngen = g()\nframe = gen.gi_frame", "gi_frame", 4),
    ("def g():\n    yield 1\nframe = g().gi_frame.f_back", "gi_frame", 3),
    ("def f(x):\n    return x\nf(1).f_back", "f_back", 3),
    ("class C:\n    def __exit__(self, t, v, tb):\n        self.frame = tb.tb_frame", "tb_frame", 3),
])
def test_refuses_frame_introspection(kernel, code, attribute, line):
    error = kernel.check(code)["error"]
    reason = POLICY["frameAttributes"][attribute]
    assert (error["rule"], error["line"], error["message"]) == (
        "frame", line, f"Attribute '{attribute}' ({reason}) is refused (frame rule): frames, tracebacks and code "
                       "objects expose the kernel's internals.")
    assert error["hint"] == "Work with the values themselves; frames are not available."


@pytest.mark.parametrize("code, name", [
    ("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf.query('a.__class__')", "__class__"),
    ("x = 1\nquery = '@x.__globals__ > 0'", "__globals__"),
    ("text = \"__import__('os')\"", "__import__"),
    ("q = 'a.__ｃｌａｓｓ__'", "__class__"),  # pandas parses query strings as Python, which NFKC-normalises names
])
def test_refuses_dunder_access_spelled_in_query_strings(kernel, code, name):
    error = kernel.check(code)["error"]
    assert error["rule"] == "dunder"
    assert f"it spells access to '{name}'" in error["message"]


@pytest.mark.parametrize("code, why", [
    ("open('/etc/passwd')", "the path must be a string literal under {data}"),
    ("open('{data}/../secret.txt')", "the path must be a string literal under {data}"),
    ("open('sales.csv')", "the path must be a string literal under {data}"),
    ("p = '{data}/sales.csv'\nopen(p)", "the path must be a string literal under {data}"),
    ("open(f'{{1}}/x')", "the path must be a string literal under {data}"),
    ("open('{data}/sales.csv', 'w')", "the mode must be one of r, rb, rt (read only)"),
    ("open('{data}/sales.csv', mode='a+')", "the mode must be one of r, rb, rt (read only)"),
    ("m = 'r'\nopen('{data}/sales.csv', m)", "the mode must be one of r, rb, rt (read only)"),
    ("args = ['x']\nopen(*args)", "its arguments must be written out, not unpacked"),
    ("open('{data}/sales.csv', opener=None)", "a custom opener bypasses the path check"),
    ("import io\nio.open('/etc/passwd')", "the path must be a string literal under {data}"),
    ("import gzip\ngzip.open('{data}/x.gz', 'wb')", "the mode must be one of r, rb, rt (read only)"),
    ("f = open", "the path could not be checked"),
    ("import io\nf = io.open", "the path could not be checked"),
    ("from io import open", "it replaces the guarded open()"),
])
def test_refuses_open_outside_rule(kernel, code, why):
    data = str(kernel.data_dir)
    error = kernel.check(code.format(data=data))["error"]
    assert error["rule"] == "open"
    assert error["message"].endswith(f"is refused (open rule): {why.format(data=data)}. {POLICY['openRule']}.")
    assert error["hint"] == (f"Read datasets under {data}: open('{data}/<file>') with mode 'r', 'rb', 'rt', "
                             f"or pd.read_csv('{data}/<file>').")


def test_open_message_names_the_call(kernel):
    error = kernel.check("open('/etc/passwd')")["error"]
    assert error["message"] == ("open('/etc/passwd') is refused (open rule): the path must be a string literal under "
                                f"{kernel.data_dir}. {POLICY['openRule']}.")


def test_gzip_and_io_open_of_a_dataset_pass(kernel):
    code = f"import gzip, io\ngzip.open('{kernel.data_dir}/x.gz', 'rt')\nio.open('{kernel.data_dir}/sales.csv', 'rb')"
    assert kernel.check(code)["ok"] is True


def test_syntax_error_is_not_a_policy_error(kernel):
    assert kernel.check("x = 1\ny = (") == {"ok": False, "error": {
        "type": "SyntaxError",
        "message": "'(' was never closed",
        "line": 2,
        "traceback": "  File \"<cell>\", line 2\n    y = (\n        ^\nSyntaxError: '(' was never closed\n",
        "rule": "syntax",
    }}


def test_first_violation_in_source_order_is_reported(kernel):
    error = kernel.check("import pandas\nx = eval('1')\nimport os")["error"]
    assert (error["rule"], error["line"]) == ("call", 2)


def test_deeply_nested_expressions_do_not_overflow_the_checker(kernel):
    # 2000 nested additions parse, but would overflow a recursive ast.NodeVisitor.
    assert kernel.check("x = " + " + ".join(["1"] * 2000))["ok"] is True


def test_code_too_deep_to_parse_is_a_syntax_error(kernel):
    # Python 3.14's parser stops at a C-stack budget, not at a fixed depth: 5000 terms now parse (3.11 stopped), a
    # million do not, on any stack the kernel runs on.
    error = kernel.check("x = " + " + ".join(["1"] * 1_000_000))["error"]
    assert (error["type"], error["rule"], error["message"], error["line"]) == (
        "SyntaxError", "syntax", "the code is nested too deeply to parse", None)


# ---- pandas query strings --------------------------------------------------------------------------------------

@pytest.mark.parametrize("code, why", [
    ("s = 'a > 1'\ndf.query(s)", "the expression must be a string literal"),
    ("n = 1\ndf.query(f'a > {n}')", "the expression must be a string literal"),
    ("df.query(expr='a' + '> 1')", "the expression must be a string literal"),
    ("args = ['a > 1']\ndf.query(*args)", "its arguments must be written out, not unpacked"),
    ("q = df.query", "the expression could not be checked"),
])
def test_refuses_query_expressions_the_check_cannot_see(kernel, code, why):
    error = kernel.check("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\n" + code)["error"]
    assert error["rule"] == "query"
    assert error["message"].endswith(f"is refused (query rule): {why} "
                                     f"({POLICY['literalQueryMethods']['query']}).")
    assert "@name" in error["hint"] and "df[df['amount'] > threshold]" in error["hint"]


def test_a_query_built_at_run_time_could_reach_dunders(kernel):
    """Why the query rule exists: pandas evaluates the expression itself, after the AST check."""
    u = "_" * 2
    code = (f"import pandas as pd\ndf = pd.DataFrame({{'a': [1]}})\nx = 1\ns = '@x.' + '{u}' + 'class' + '{u}'\n"
            "df.query(s)")
    assert kernel.check(code)["error"]["rule"] == "query"
    assert kernel.check("import pandas as pd\ndf = pd.DataFrame({'a': [1]})\ndf.query('@df.__class__')")[
        "error"]["rule"] == "dunder"


def test_a_huge_attribute_chain_is_refused_quickly_not_checked_for_minutes(kernel):
    # Python 3.14 parses a 100,000-link chain; checking every link with its dotted path would take minutes.
    import time
    started = time.perf_counter()
    error = kernel.check("x = df" + ".a" * 100_000)["error"]
    assert time.perf_counter() - started < 10
    assert error["type"] == "SyntaxError"
    assert "attribute chain of 100000 links is too long to check" in error["message"]
    assert kernel.check("x = df" + ".a" * 50)["ok"] is True
