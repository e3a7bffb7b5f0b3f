"""The kernel policy: workers/policy.json parsed into `Policy`, and the entry point of its static half, an AST check
run before any code executes.

Every list comes from workers/policy.json (parsed into `Policy` at runtime); the Python modules only know the *shape*
of each rule. The rest of the kernel imports the policy from this module; the check itself is split by
responsibility: kernel_checker.py checks a cell, kernel_evaluated.py the strings libraries compile at run time, and
kernel_violations.py words the refusals. The runtime half (restricted builtins, audit hook) is kernel_guards.py.
"""

import json
import posixpath
import re

# Re-exported: kernel_runner, kernel_guards and the tests import the policy from this one module. kernel_runner looks
# check_tree up here at each check, so a test that patches kernel_policy.check_tree switches the AST check off.
from kernel_checker import check_tree, parse  # noqa: F401
from kernel_evaluated import check_evaluated  # noqa: F401
from kernel_violations import (PolicyViolation, import_violation, is_dunder, normalize, open_violation,  # noqa: F401
                               query_violation, relative_import_violation)


class Policy:
    """workers/policy.json, parsed, plus the data folder the kernel mounts datasets in."""

    def __init__(self, raw, data_dir):
        self.package_imports = _table(raw, "packageImports")
        self.dataset_packages = _table(raw, "datasetPackages")
        self.stdlib_imports = list(raw["stdlibImports"])
        self.allowed_imports = frozenset(self.package_imports) | frozenset(self.stdlib_imports)
        self.denied_imports = _table(raw, "deniedImports")
        self.denied_module_attributes = _table(raw, "deniedModuleAttributes")
        self.allowed_module_attribute_paths = _table(raw, "allowedModuleAttributePaths")
        self.denied_calls = _table(raw, "deniedCalls")
        self.calls_allowed_as_attributes = _table(raw, "deniedCallsAllowedAsAttributes")
        self.frame_attributes = _table(raw, "frameAttributes")
        self.allowed_private_attributes = _table(raw, "allowedPrivateAttributes")
        self.literal_query_methods = _table(raw, "literalQueryMethods")
        self.query_keywords = _table(raw, "queryKeywords")
        self.evaluated_strings = {module: Evaluator(entry)
                                  for module, entry in _table(raw, "evaluatedStrings").items()}
        self.frame_captures = _table(raw, "frameCaptures")
        self.denied_audit_events = _table(raw, "deniedAuditEvents")
        self.open_rule = raw["openRule"]
        self.open_modes = tuple(_table(raw, "openModes"))
        self.allowed_dunder_attributes = frozenset(raw["allowedDunderAttributes"])
        self.allowed_dunder_names = frozenset(raw["allowedDunderNames"])
        self.hidden_builtins = _table(raw, "hiddenBuiltins")
        self.data_dir = posixpath.normpath(data_dir)

    @classmethod
    def from_json(cls, policy_json, data_dir):
        return cls(json.loads(policy_json), data_dir)

    def imports_hint(self):
        return (f"Allowed imports: {', '.join(self.package_imports)}; "
                f"standard library: {', '.join(self.stdlib_imports)}.")


class Evaluator:
    """One entry of policy.json's evaluatedStrings: a library that compiles strings as Python at run time."""

    def __init__(self, entry):
        self.rule, self.what, self.allowed, self.hint = entry["rule"], entry["what"], entry["allowed"], entry["hint"]
        self.generated_names = re.compile(entry["generatedNames"]) if "generatedNames" in entry else None
        self.local_prefix = entry.get("localPrefix")
        self.name_lookups = frozenset(entry.get("nameLookups", ()))

    def preview(self, text):
        if self.local_prefix:
            text = text.replace(self.local_prefix, "@")
        text = " ".join(text.split())
        return text if len(text) <= 80 else text[:77] + "..."


def _table(raw, key):
    """One table of policy.json (name → reason, or name → list) without its '$comment' entries."""
    return {name: value for name, value in raw[key].items() if not name.startswith("$")}
