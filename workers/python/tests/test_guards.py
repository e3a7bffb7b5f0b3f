"""The runtime layer: the restricted builtins of the user's namespace, behind the AST check."""

import builtins
import io
import json
import os

import pytest

import kernel_guards
import kernel_runner
from conftest import POLICY_JSON


@pytest.fixture
def user_builtins(kernel):
    return kernel_runner._kernel.namespace["__builtins__"]


def test_denied_calls_are_missing_from_the_user_builtins(user_builtins):
    for name in json.loads(POLICY_JSON)["deniedCalls"]:
        if name != "__import__":
            assert name not in user_builtins, name
    assert user_builtins["print"] is builtins.print
    assert user_builtins["open"] is not builtins.open


def test_import_guard_refuses_what_the_policy_denies(user_builtins):
    guard = user_builtins["__import__"]
    with pytest.raises(kernel_guards.PolicyImportError) as refused:
        guard("os")
    assert str(refused.value) == "Import 'os' is refused (import rule): operating-system access."
    assert refused.value.violation.rule == "import"
    assert isinstance(refused.value, ImportError)
    with pytest.raises(kernel_guards.PolicyImportError, match="Relative import '.x' is refused"):
        guard("x", None, None, (), 1)
    assert guard("json").dumps([1]) == "[1]"


def test_runtime_import_refusal_is_a_policy_status(kernel, unchecked):
    answer = kernel.run("x = 1\nimport subprocess")
    assert answer["status"] == "policy"
    assert answer["error"] == {
        "type": "PolicyViolation",
        "message": "Import 'subprocess' is refused (import rule): starting processes.",
        "line": 2,
        "traceback": "Traceback (most recent call last):\n  File \"<cell-1>\", line 2, in <module>\n"
                     "    import subprocess\n"
                     "kernel_builtins.PolicyImportError: Import 'subprocess' is refused (import rule): "
                     "starting processes.\n",
        "rule": "import",
        "hint": answer["error"]["hint"],
    }
    assert answer["error"]["hint"].startswith("Allowed imports: pandas, numpy")


def test_runtime_guard_catches_dynamic_import_and_eval_is_gone(kernel, unchecked):
    assert kernel.run("__import__('os')")["error"]["rule"] == "import"
    answer = kernel.run("eval('1')")
    assert (answer["status"], answer["error"]["type"], answer["error"]["message"]) == (
        "python", "NameError", "name 'eval' is not defined")


def test_library_code_keeps_the_real_builtins(kernel):
    # pandas imports os and opens files with the real builtins; the guard only applies to the user's own frames.
    outside = kernel.data_dir.parent / "outside.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    answer = kernel.run(f"import pandas as pd\nint(pd.read_csv({str(outside)!r})['a'].sum())")
    assert answer["result"] == {"kind": "scalar", "value": 1, "pyType": "int", "truncated": False}
    assert builtins.open is io.open and builtins.__import__.__module__ == "builtins"


def test_open_reads_files_in_the_data_folder(kernel):
    assert kernel.value(f"open({str(kernel.data_dir / 'sales.csv')!r}).readline()")["value"] == "region,amount\n"


def test_open_refuses_a_symlink_leading_outside_the_data_folder(kernel):
    secret = kernel.data_dir.parent / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    os.symlink(secret, kernel.data_dir / "link.csv")
    answer = kernel.run(f"open({str(kernel.data_dir / 'link.csv')!r}).read()")  # passes the static check
    assert answer["status"] == "policy"
    error = answer["error"]
    assert (error["type"], error["rule"], error["line"]) == ("PolicyViolation", "open", 1)
    assert error["message"] == (f"open({str(kernel.data_dir / 'link.csv')!r}) is refused (open rule): it resolves to "
                                f"{secret}, outside {kernel.data_dir}. {json.loads(POLICY_JSON)['openRule']}.")


def test_open_refuses_writes_and_non_paths_at_run_time(user_builtins, kernel):
    guarded_open = user_builtins["open"]
    with pytest.raises(kernel_guards.PolicyOpenError, match=r"open\(\.\.\., 'w'\) is refused \(open rule\): only read"):
        guarded_open(str(kernel.data_dir / "new.csv"), "w")
    with pytest.raises(PermissionError, match=r"open\(0\) is refused \(open rule\): the path must be a string"):
        guarded_open(0)
    with pytest.raises(PermissionError, match="outside"):
        guarded_open(str(kernel.data_dir / ".." / "data" / ".." / "x"))
    assert not (kernel.data_dir / "new.csv").exists()


def test_hidden_builtins_are_missing_from_the_user_builtins(user_builtins):
    hidden = [name for name in json.loads(POLICY_JSON)["hiddenBuiltins"] if not name.startswith("$")]
    assert hidden == ["__loader__", "__spec__"]
    for name in hidden:
        assert name not in user_builtins


# A protocol-0 pickle calling builtins.len('abc'): harmless, but any other function would be called the same way.
PICKLE = "b\"cbuiltins\\nlen\\n(S'abc'\\ntR.\""


def test_unpickling_is_refused_at_run_time_even_through_a_library(kernel):
    answer = kernel.run(f"import io\nimport numpy as np\nx = 1\nnp.load(io.BytesIO({PICKLE}), allow_pickle=True)")
    assert answer["status"] == "policy"
    error = answer["error"]
    reason = json.loads(POLICY_JSON)["deniedAuditEvents"]["pickle.find_class"]
    assert (error["type"], error["rule"], error["line"]) == ("PolicyViolation", "runtime", 4)
    assert error["message"] == f"'pickle.find_class' is refused while your code runs (runtime rule): {reason}."
    assert error["hint"].startswith("Load data from df1..dfN")
    assert "UnpicklingError" in error["traceback"]  # numpy re-raised the refusal as its own error


def test_a_swallowed_unpickling_refusal_still_fails_the_run(kernel):
    code = (f"import io\nimport numpy as np\ntry:\n    np.load(io.BytesIO({PICKLE}), allow_pickle=True)\n"
            "except Exception:\n    pass\nresult = 'went on'")
    answer = kernel.run(code)
    assert (answer["status"], answer["result"], answer["error"]["rule"]) == ("policy", None, "runtime")


def test_the_audit_guard_is_disarmed_outside_runs(kernel):
    import pickle
    kernel.run("x = 1")
    assert pickle.loads(pickle.dumps({"a": 1})) == {"a": 1}  # the kernel's own code (and pytest) may unpickle
    assert kernel.run("import copy\ncopy.deepcopy({'a': [1]})")["status"] == "ok"  # copying is not unpickling
