"""The kernel policy: workers/policy.json parsed into `Policy`, and the entry point of its static half, an AST check
run before any code executes.

Every list comes from workers/policy.json (parsed into `Policy` at runtime); the Python modules only know the *shape*
of each rule. The rest of the kernel imports the policy from this module; the check itself is split by
responsibility: kernel_checker.py checks a cell, kernel_evaluated.py the strings libraries compile at run time, and
kernel_violations.py words the refusals. The runtime half (restricted builtins, audit hook) is kernel_guards.py.
"""

import hashlib
import json
import posixpath
import re
from types import MappingProxyType
from typing import Mapping, NamedTuple

# Re-exported: kernel_runner, kernel_guards and the tests import the policy from this one module. kernel_runner looks
# check_tree up here at each check, so a test that patches kernel_policy.check_tree switches the AST check off.
from kernel_checker import check_tree, parse  # noqa: F401
from kernel_evaluated import check_evaluated  # noqa: F401
from kernel_violations import (PolicyViolation, import_violation, is_dunder, normalize, open_violation,  # noqa: F401
                               query_violation, relative_import_violation)


class _PolicyFields(NamedTuple):
    package_imports: Mapping
    dataset_packages: Mapping
    stdlib_imports: tuple
    allowed_imports: frozenset
    denied_imports: Mapping
    denied_module_attributes: Mapping
    allowed_module_attribute_paths: Mapping
    denied_calls: Mapping
    calls_allowed_as_attributes: Mapping
    frame_attributes: Mapping
    allowed_private_attributes: Mapping
    literal_query_methods: Mapping
    query_keywords: Mapping
    evaluated_strings: Mapping
    frame_captures: Mapping
    denied_audit_events: Mapping
    file_write_events: Mapping
    file_list_events: Mapping
    open_rule: str
    open_modes: tuple
    allowed_dunder_attributes: frozenset
    allowed_dunder_names: frozenset
    hidden_builtins: Mapping
    data_dir: str
    fingerprint: str


class Policy(_PolicyFields):
    """workers/policy.json, parsed, plus the data folder the kernel mounts datasets in.

    Immutable (hole: a cell that reached the policy object rewrote it so later cells passed `import os`): a tuple
    with read-only fields, tables as read-only mappings, lists as tuples and frozensets. `fingerprint` is a digest of
    the policy text, with which the audit hook refuses to switch to a different policy once installed.
    """

    __slots__ = ()

    def __new__(cls, raw, data_dir):
        evaluated = {module: Evaluator.from_entry(entry) for module, entry in _table(raw, "evaluatedStrings").items()}
        return super().__new__(
            cls,
            package_imports=_table(raw, "packageImports"),
            dataset_packages=_frozen({k: tuple(v) for k, v in _table(raw, "datasetPackages").items()}),
            stdlib_imports=tuple(raw["stdlibImports"]),
            allowed_imports=frozenset(_table(raw, "packageImports")) | frozenset(raw["stdlibImports"]),
            denied_imports=_table(raw, "deniedImports"),
            denied_module_attributes=_table(raw, "deniedModuleAttributes"),
            allowed_module_attribute_paths=_table(raw, "allowedModuleAttributePaths"),
            denied_calls=_table(raw, "deniedCalls"),
            calls_allowed_as_attributes=_table(raw, "deniedCallsAllowedAsAttributes"),
            frame_attributes=_table(raw, "frameAttributes"),
            allowed_private_attributes=_table(raw, "allowedPrivateAttributes"),
            literal_query_methods=_table(raw, "literalQueryMethods"),
            query_keywords=_table(raw, "queryKeywords"),
            evaluated_strings=_frozen(evaluated),
            frame_captures=_table(raw, "frameCaptures"),
            denied_audit_events=_table(raw, "deniedAuditEvents"),
            file_write_events=_frozen({k: tuple(v) for k, v in _table(raw, "fileWriteEvents").items()}),
            file_list_events=_table(raw, "fileListEvents"),
            open_rule=str(raw["openRule"]),
            open_modes=tuple(_table(raw, "openModes")),
            allowed_dunder_attributes=frozenset(raw["allowedDunderAttributes"]),
            allowed_dunder_names=frozenset(raw["allowedDunderNames"]),
            hidden_builtins=_table(raw, "hiddenBuiltins"),
            data_dir=posixpath.normpath(data_dir),
            fingerprint=hashlib.sha256(json.dumps(raw, sort_keys=True).encode("utf-8")).hexdigest(),
        )

    @classmethod
    def from_json(cls, policy_json, data_dir):
        return cls(json.loads(policy_json), data_dir)

    def imports_hint(self):
        return (f"Allowed imports: {', '.join(self.package_imports)}; "
                f"standard library: {', '.join(self.stdlib_imports)}.")


class Evaluator(NamedTuple):
    """One entry of policy.json's evaluatedStrings: a library that compiles strings as Python at run time."""

    rule: str
    what: str
    allowed: str
    hint: str
    generated_names: object  # a compiled pattern, or None
    local_prefix: object  # str or None
    name_lookups: frozenset

    @classmethod
    def from_entry(cls, entry):
        return cls(rule=entry["rule"], what=entry["what"], allowed=entry["allowed"], hint=entry["hint"],
                   generated_names=re.compile(entry["generatedNames"]) if "generatedNames" in entry else None,
                   local_prefix=entry.get("localPrefix"), name_lookups=frozenset(entry.get("nameLookups", ())))

    def preview(self, text):
        if self.local_prefix:
            text = text.replace(self.local_prefix, "@")
        text = " ".join(text.split())
        return text if len(text) <= 80 else text[:77] + "..."


def _table(raw, key):
    """One table of policy.json (name → reason, or name → list) without its '$comment' entries, read-only."""
    return _frozen({name: value for name, value in raw[key].items() if not name.startswith("$")})


def _frozen(table):
    return MappingProxyType(dict(table))
