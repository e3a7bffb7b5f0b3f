"""The static AST policy on names read from other objects (attributes, `from x import name`, dotted imports):
dangerous modules reached through allowed ones, and the single-underscore internals of libraries."""

import json

import pytest

from conftest import ALLOWED_IMPORTS_HINT, POLICY_JSON

POLICY = json.loads(POLICY_JSON)


# ---- Module attributes: dangerous modules reached through allowed ones -----------------------------------------

@pytest.mark.parametrize("code, name, module, line", [
    ("import statistics\nstatistics.sys.modules['os'].getcwd()", "sys", "sys", 2),
    ("import json\nx = json.codecs", "codecs", "codecs", 2),
    ("import pandas as pd\npd.io.common.os.getcwd()", "os", "os", 2),  # the last hop of a long public path
    ("import numpy as np\nnp.lib.format.os", "os", "os", 2),
    ("import random\nrandom._os.getcwd()", "_os", "os", 2),  # private aliases count: compared without underscores
    ("import collections\ncollections._sys", "_sys", "sys", 2),
    ("import typing\nx = 1\ntyping.functools.sys", "sys", "sys", 3),
    ("import matplotlib\nmatplotlib.importlib.import_module('os')", "importlib", "importlib", 2),
    ("import pandas as pd\npd.core.generic.gc.get_objects()", "gc", "gc", 2),
    ("import matplotlib\nmatplotlib.inspect.currentframe()", "inspect", "inspect", 2),
    ("import numpy as np\nnp.compat.pickle.loads(b'')", "pickle", "pickle", 2),
    ("import matplotlib\nmatplotlib.subprocess.run(['ls'])", "subprocess", "subprocess", 2),
    ("import numpy as np\nnp.builtins.eval('1')", "builtins", "builtins", 2),
    ("import scipy as sp\nsp.signal.find_peaks([1])", "signal", "signal", 2),  # only 'scipy.signal' as written
])
def test_refuses_modules_reached_as_attributes(kernel, code, name, module, line):
    error = kernel.check(code)["error"]
    reason = POLICY["deniedModuleAttributes"][module]
    assert (error["type"], error["rule"], error["line"], error["message"]) == (
        "PolicyViolation", "import", line, f"Attribute '{name}' is refused (import rule): reaching module '{module}' "
                                           f"through another module is not allowed ({reason}).")
    assert error["hint"].startswith(ALLOWED_IMPORTS_HINT)
    assert error["hint"].endswith(f"(allowed as written: scipy.signal). For a DataFrame column named '{name}', "
                                  f"write df['{name}'].")


@pytest.mark.parametrize("code, message", [
    ("from statistics import sys", "'from statistics import sys' is refused (import rule): reaching module 'sys'"),
    ("from random import _os", "'from random import _os' is refused (import rule): reaching module 'os'"),
    ("import pandas.io.pickle", "Import 'pandas.io.pickle' is refused (import rule): reaching module 'pickle'"),
    ("from matplotlib import *", "'from matplotlib import *' is refused (import rule): it can bind modules the "
                                 "policy refuses."),
])
def test_refuses_modules_reached_through_imports(kernel, code, message):
    error = kernel.check(code)["error"]
    assert (error["rule"], error["line"]) == ("import", 1)
    assert error["message"].startswith(message)


def test_the_statistics_sys_bypass_no_longer_runs(kernel):
    answer = kernel.run("import statistics\nstatistics.sys.modules['os'].getcwd()")
    assert (answer["status"], answer["error"]["rule"], answer["stdout"]) == ("policy", "import", "")


def test_ordinary_analysis_code_still_passes(kernel):
    code = """
import datetime
import re
from collections import namedtuple
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import scipy.signal
from scipy import signal, stats
df = pd.DataFrame({"region": ["n", "s", "n"], "amount": [1.0, 2.0, 3.0]})
summary = df.groupby("region").agg(total=("amount", "sum"), mean=("amount", "mean")).reset_index()
norm = np.linalg.norm(df["amount"].to_numpy())
fig, ax = plt.subplots()
ax.plot(df["amount"])
peaks = scipy.signal.find_peaks(df["amount"].to_numpy())[0]
peaks2 = signal.find_peaks(df["amount"].to_numpy())[0]
pattern = re.compile(r"\\d+")
today = datetime.datetime.now().date()
threshold = 1.5
big = df.query("amount > @threshold")
rows = [row._asdict() for row in df.itertuples()]
Point = namedtuple("Point", "x y")
p = Point(1, 2)._replace(x=3)
result = (len(summary), round(float(norm), 3), len(big), rows[0]["region"], p._fields, list(peaks), list(peaks2))
"""
    assert kernel.check(code)["ok"] is True
    answer = kernel.run(code)
    assert answer["status"] == "ok", answer["error"]
    assert answer["result"]["value"] == [2, 3.742, 2, "n", ["x", "y"], [], []]


# ---- Private attributes and names that run code from strings ---------------------------------------------------

@pytest.mark.parametrize("code, what", [
    ("import dataclasses\ndataclasses._create_fn('f', [], ['  import os'])", "Attribute '_create_fn'"),
    ("import pandas as pd\ndf = pd.DataFrame()\ndf._data", "Attribute '_data'"),
    ("class C:\n    def __init__(self):\n        self._x = 1", "Attribute '_x'"),
    ("from dataclasses import _create_fn", "'from dataclasses import _create_fn'"),
    ("import pandas._testing", "Import 'pandas._testing'"),
])
def test_refuses_single_underscore_attributes(kernel, code, what):
    error = kernel.check(code)["error"]
    assert error["rule"] == "private"
    assert error["message"] == (f"{what} is refused (private rule): single-underscore names are a library's internals "
                                "(some run code from strings or hold refused modules).")
    assert "Allowed: _asdict, _fields, _replace, _make, _field_defaults." in error["hint"]


@pytest.mark.parametrize("code, what, reason_of", [
    ("import matplotlib\nmatplotlib.category.dateutil.tz.six.exec_('1')", "Attribute 'exec_'", "exec"),
    ("import pandas as pd\npd.read_pickle('/data/x.pkl')", "Attribute 'read_pickle'", "read_pickle"),
    ("import statsmodels.api as sm\nsm.load_pickle('/data/x')", "Attribute 'load_pickle'", "load_pickle"),
    ("import typing\ntyping.get_type_hints(int)", "Attribute 'get_type_hints'", "get_type_hints"),
    ("import typing\ntyping.operator.attrgetter('x')", "Attribute 'attrgetter'", "attrgetter"),
    ("import typing\ntyping.types.CodeType", "Attribute 'CodeType'", "CodeType"),
    ("import sklearn.utils.discovery as d\nd.import_module('os')", "Attribute 'import_module'", "import_module"),
])
def test_refuses_library_members_that_run_strings_or_pickles(kernel, code, what, reason_of):
    error = kernel.check(code)["error"]
    assert (error["rule"], error["message"]) == (
        "call", f"{what} is refused (call rule): {POLICY['deniedCalls'][reason_of]}.")
