"""pd, np, plt and sns without an import, imported only on first use."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pandas

import kernel_predefined
import kernel_runner

WORKERS = Path(__file__).resolve().parents[2]


def test_notebook_names_work_without_an_import(kernel):
    assert kernel.value("pd.DataFrame({'a': [1, 2]})['a'].sum()")["value"] == 3
    assert kernel.value("float(np.arange(4).mean())")["value"] == 1.5
    answer = kernel.run("fig, ax = plt.subplots()\nax.plot([1, 2])")
    assert (answer["status"], len(answer["figures"])) == ("ok", 1)


def test_first_use_puts_the_real_module_in_the_namespace(kernel):
    namespace = kernel_runner._kernel.namespace
    assert isinstance(namespace["pd"], kernel_predefined.LazyModule)
    kernel.run("frame = pd.DataFrame({'a': [1]})")
    assert namespace["pd"] is pandas
    assert kernel.value("isinstance(frame, pd.DataFrame)")["value"] is True


def test_nothing_is_imported_until_a_name_is_used(tmp_path):
    # A fresh interpreter: this test process imported pandas long ago.
    script = f"""
import json, sys
sys.path.insert(0, {str(WORKERS / 'testing')!r})
from kernel_setup import configure_kernel, kernel_runner
configure_kernel({str(tmp_path)!r})
before = json.loads(kernel_runner.run_cell("x = 1 + 1"))["status"], "pandas" in sys.modules, "numpy" in sys.modules
kernel_runner.run_cell("n = len(pd.Series([1, 2]))")
print(json.dumps([before, "pandas" in sys.modules, kernel_runner._kernel.namespace["n"]]))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [["ok", False, False], True, 2]


def test_the_users_own_bindings_win(kernel):
    assert kernel.value("pd = 5\npd + 1")["value"] == 6
    assert kernel.value("import numpy as np\nnp.__name__")["value"] == "numpy"
    kernel_runner.reset()  # a fresh namespace binds them again
    assert kernel.value("int(pd.Series([1, 2]).sum())")["value"] == 3


def test_check_code_names_the_packages_of_names_still_to_import(kernel):
    assert kernel.check("plt.plot(np.zeros(2))")["packages"] == ["numpy", "matplotlib"]
    assert kernel.check("import scipy\npd.DataFrame()")["packages"] == ["scipy", "pandas"]
    assert kernel.check("pd = 1")["packages"] == ["pandas"]  # harmless: the name is still the lazy one here
    kernel.run("pd.DataFrame()")
    assert kernel.check("pd.DataFrame()")["packages"] == []  # imported already


def test_the_policy_sees_through_the_names(kernel):
    error = kernel.check("np.testing.os.getcwd()")["error"]
    assert (error["rule"], error["message"].split(":")[0]) == ("import", "Attribute 'os' is refused (import rule)")
    assert kernel.check("pd._lazy_load()")["error"]["rule"] == "private"
    assert kernel.check("pd.io.common.os")["error"]["rule"] == "import"


def test_an_unused_name_shows_what_it_stands_for(kernel):
    assert kernel.value("np")["text"] == "<module 'numpy' (imported on first use)>"


def test_sns_draws_with_seaborn_and_is_named_for_installation_where_it_is_missing(kernel, monkeypatch):
    assert importlib.util.find_spec("seaborn") is not None  # the twin runtime has it
    assert kernel.check("sns.histplot(x=[1, 2, 2])")["packages"] == ["seaborn"]
    answer = kernel.run("ax = sns.histplot(x=[1, 2, 2])")
    assert (answer["status"], len(answer["figures"])) == ("ok", 1)

    # In Pyodide seaborn is not installed until the worker installs its wheel, which it does for the packages the
    # check names: sns is bound all the same, and a cell that uses it names seaborn.
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *rest: None if name == "seaborn" else real_find_spec(name, *rest))
    kernel_runner.reset()
    assert "sns" in kernel_runner._kernel.namespace
    assert kernel.check("sns.barplot(x=[1], y=[2])")["packages"] == ["seaborn"]
