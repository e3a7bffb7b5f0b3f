"""The policy lives in workers/policy.json only: the Python half reads every key and hard-codes no list."""

import json

from conftest import POLICY_JSON

POLICY = json.loads(POLICY_JSON)


def test_every_policy_key_is_read():
    import kernel_guards
    import kernel_policy
    sources = "".join(open(module.__file__, encoding="utf-8").read() for module in (kernel_policy, kernel_guards))
    unread = [key for key in POLICY if key not in ("$comment", "dataDir") and f'"{key}"' not in sources]
    assert unread == []  # dataDir is read by workers/kernel-core.ts (and passed to configure)


def test_comment_entries_are_not_policy_entries():
    import kernel_policy
    policy = kernel_policy.Policy(POLICY, "/data")
    assert "$comment" not in policy.frame_attributes and "$comment" not in policy.denied_module_attributes
    assert policy.open_modes == ("r", "rb", "rt")
    assert "$comment" in POLICY["frameAttributes"]  # the explanations are in the file


def test_no_policy_list_is_hard_coded_in_python():
    """Module-level collections of names in the policy modules would be a second policy definition."""
    import ast as python_ast
    import kernel_checker
    import kernel_evaluated
    import kernel_guards
    import kernel_policy
    import kernel_violations
    for module in (kernel_policy, kernel_checker, kernel_evaluated, kernel_violations, kernel_guards):
        tree = python_ast.parse(open(module.__file__, encoding="utf-8").read())
        for node in tree.body:
            value = node.value if isinstance(node, (python_ast.Assign, python_ast.AnnAssign)) else None
            if isinstance(value, python_ast.Call) and getattr(value.func, "id", "") in ("frozenset", "set", "tuple"):
                value = value.args[0] if value.args else None
            assert not isinstance(value, (python_ast.List, python_ast.Tuple, python_ast.Set, python_ast.Dict)), (
                f"{module.__name__} line {node.lineno}: move this list to workers/policy.json")
