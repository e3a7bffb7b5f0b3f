"""Hole 4: after an escape, one cell rewrote the policy object so later cells passed `import os`. An attacker who
holds the kernel's objects (as gc.get_objects or sys.modules would hand them over) must find nothing to change."""

import json

import pytest

import kernel_guards
import kernel_policy
import kernel_runner
from conftest import POLICY_JSON


@pytest.fixture
def policy(kernel):
    return kernel_runner._kernel.policy


def test_the_policy_fields_cannot_be_rebound(policy):
    for name, value in [("allowed_imports", frozenset({"os"})), ("data_dir", "/"), ("denied_calls", {})]:
        with pytest.raises(AttributeError):
            setattr(policy, name, value)
        with pytest.raises(AttributeError):
            object.__setattr__(policy, name, value)
    assert not hasattr(policy, "__dict__")


def test_the_policy_tables_are_read_only(policy):
    with pytest.raises(AttributeError):
        policy.allowed_imports.add("os")
    for table in (policy.denied_imports, policy.denied_calls, policy.denied_module_attributes,
                  policy.frame_attributes, policy.denied_audit_events, policy.file_write_events,
                  policy.evaluated_strings):
        with pytest.raises(TypeError):
            table["x"] = "y"
    with pytest.raises(AttributeError):
        policy.stdlib_imports.append("os")
    with pytest.raises(AttributeError):
        policy.evaluated_strings["*"].rule = "none"


def test_the_audit_hook_is_sealed_to_its_first_policy(kernel):
    permissive = json.loads(POLICY_JSON)
    permissive["deniedAuditEvents"] = {}
    permissive["fileWriteEvents"] = {}
    with pytest.raises(PermissionError, match="sealed"):
        kernel_guards.audit_guard(kernel_policy.Policy(permissive, "/"))


def test_a_refused_import_stays_refused_after_trying_to_reconfigure_the_guard(kernel, unchecked):
    permissive = json.loads(POLICY_JSON)
    permissive["stdlibImports"].append("os")
    with pytest.raises(PermissionError):
        kernel_guards.audit_guard(kernel_policy.Policy(permissive, "/"))
    assert kernel.run("import os")["status"] == "policy"


def _global_reads(function):
    """Module globals the function (and the functions it defines) could read at call time: names its code looks up
    that its module defines. Attribute names share co_names, so the caller filters those it expects."""
    names, codes = set(), [function.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(const for const in code.co_consts if hasattr(const, "co_names"))
    return names & set(function.__globals__)


def test_the_guards_read_no_module_global_that_could_be_rebound(kernel):
    user_builtins = kernel_runner._kernel.namespace["__builtins__"]
    for name in ("__import__", "open", "__kernel_format__"):
        assert _global_reads(user_builtins[name]) == set(), name


def test_replacing_a_standard_library_function_is_refused_and_undone(kernel):
    answer = kernel.run("import json\njson.dumps = lambda *a, **k: '{}'\nprint('ESCAPED')")
    assert answer["status"] == "policy" and answer["error"]["rule"] == "monkeypatch"
    assert "json.dumps" in answer["error"]["message"]
    assert kernel.value("import json\nresult = json.dumps([1])")["value"] == "[1]"


def test_deleting_a_standard_library_function_is_refused_and_undone(kernel):
    answer = kernel.run("import json\ndel json.loads")
    assert answer["status"] == "policy" and answer["error"]["rule"] == "monkeypatch"
    assert "json.loads" in answer["error"]["message"]
    assert kernel.value("import json\nresult = json.loads('[2]')[0]")["value"] == 2


def test_a_function_a_module_gains_between_runs_is_protected_from_the_next_run(kernel, monkeypatch):
    # The names that count are cached per module (kernel_monkeypatch.py): a new one must not slip past the cache.
    assert kernel.run("import json\nx = json.dumps(1)")["status"] == "ok"
    monkeypatch.setattr(json, "helper_added_by_a_library", lambda: "real", raising=False)
    answer = kernel.run("import json\njson.helper_added_by_a_library = lambda: 'forged'")
    assert answer["status"] == "policy" and "json.helper_added_by_a_library" in answer["error"]["message"]
    assert json.helper_added_by_a_library() == "real"


def test_patching_a_library_class_is_refused_but_the_cells_own_classes_are_not(kernel):
    answer = kernel.run("import json\njson.JSONEncoder.default = lambda self, o: 'x'")
    assert answer["status"] == "policy" and answer["error"]["rule"] == "monkeypatch"
    assert "json.encoder.JSONEncoder.default" in answer["error"]["message"]
    assert kernel.value("import json\nresult = json.dumps([1])")["value"] == "[1]"
    assert kernel.value("class A:\n    pass\nA.x = 1\nresult = A.x")["value"] == 1
