"""The static half of the kernel policy: an AST check run before any code executes.

Every list comes from workers/policy.json (parsed into `Policy` at runtime); this module only knows the *shape* of
each rule. Names are NFKC-normalised before comparison because Python normalises identifiers the same way, so
`ｅｖａｌ` in source is `eval` at run time. The runtime half (restricted builtins) is kernel_guards.py.
"""

import ast
import json
import posixpath
import re
import unicodedata
import warnings

READ_MODES = ("r", "rb", "rt")

# Not policy lists but facts about the interpreter. Frames, tracebacks and code objects lead back to the kernel's
# own frames and their real builtins without a single dunder (`gen.gi_frame.f_back.f_globals`), so they are
# refused like dunders.
FRAME_ATTRIBUTES = frozenset({
    "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
    "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "tb_frame", "tb_next",
})
# deniedCalls are refused as attributes too (`builtins.eval`), except `compile`: `re.compile` is the regex API, and
# the builtin compile is only reachable as an attribute of the builtins module, whose import is denied.
ATTRIBUTE_CALLS_ALLOWED = frozenset({"compile"})

# A dunder spelled inside a string after `.`, `@` or `[` (format fields "{0.__class__}", "{x[__globals__]}", pandas
# query strings "@x.__class__") or before `(`, `.` or `[` (a call or access spelled in text).
_STRING_DUNDER = re.compile(r"""[.@\[]\s*['"]?(__\w+?__)|(__\w+?__)\s*[(.\[]""")


def normalize(name):
    return unicodedata.normalize("NFKC", name)


def is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class Policy:
    """workers/policy.json, parsed, plus the data folder the kernel mounts datasets in."""

    def __init__(self, raw, data_dir):
        self.package_imports = dict(raw["packageImports"])
        self.stdlib_imports = list(raw["stdlibImports"])
        self.allowed_imports = frozenset(self.package_imports) | frozenset(self.stdlib_imports)
        self.denied_imports = dict(raw["deniedImports"])
        self.denied_calls = dict(raw["deniedCalls"])
        self.open_rule = raw["openRule"]
        self.allowed_dunder_attributes = frozenset(raw["allowedDunderAttributes"])
        self.allowed_dunder_names = frozenset(raw["allowedDunderNames"])
        self.data_dir = posixpath.normpath(data_dir)

    @classmethod
    def from_json(cls, policy_json, data_dir):
        return cls(json.loads(policy_json), data_dir)


class PolicyViolation(Exception):
    """A refusal: which rule, what was refused and why (message), what is allowed instead (hint)."""

    def __init__(self, rule, message, hint, line=None):
        super().__init__(message)
        self.rule, self.message, self.hint, self.line = rule, message, hint, line

    def to_error(self, line=None, traceback=None):
        """The RunError shape of kernel-protocol.ts."""
        return {
            "type": "PolicyViolation",
            "message": self.message,
            "line": self.line if line is None else line,
            "traceback": traceback or f"PolicyViolation: {self.message}",
            "rule": self.rule,
            "hint": self.hint,
        }


def import_violation(policy, module, line=None):
    """Shared by the AST check and the runtime import guard, so both refuse with the same words."""
    top = normalize(module).partition(".")[0]
    reason = policy.denied_imports.get(top, "it is not on the import allowlist")
    hint = (f"Allowed imports: {', '.join(policy.package_imports)}; "
            f"standard library: {', '.join(policy.stdlib_imports)}.")
    return PolicyViolation("import", f"Import '{top}' is refused (import rule): {reason}.", hint, line)


def relative_import_violation(module, line=None):
    return PolicyViolation("import", f"Relative import '{module}' is refused (import rule): cells are not packages.",
                           "Import modules by their absolute name, e.g. 'import pandas as pd'.", line)


def open_violation(policy, what, why, line=None):
    hint = (f"Read datasets under {policy.data_dir}: open('{policy.data_dir}/<file>') with mode "
            f"{', '.join(repr(m) for m in READ_MODES)}, or pd.read_csv('{policy.data_dir}/<file>').")
    return PolicyViolation("open", f"{what} is refused (open rule): {why}. {policy.open_rule}.", hint, line)


def parse(code, filename):
    """ast.parse, quietly: parser warnings (e.g. invalid escapes) would go to the worker console on every check."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        try:
            return ast.parse(code, filename)
        except RecursionError:
            raise SyntaxError("the code is nested too deeply to parse", (filename, None, None, None)) from None


def check_tree(tree, policy):
    """Raise PolicyViolation at the first refused construct (in source order); return the top-level imports."""
    return _Checker(policy).run(tree)


class _Checker:
    def __init__(self, policy):
        self.policy = policy
        self.imports = []
        self.vetted_open = set()  # ids of `open` callee nodes whose call passed the open rule

    def run(self, tree):
        # Iterative walk: deeply nested expressions (long `a + b + ...` chains) would overflow a recursive visitor.
        stack = [tree]
        while stack:
            node = stack.pop()
            self.visit(node)
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
        return self.imports

    def visit(self, node):
        line = getattr(node, "lineno", None)
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.check_import(alias.name, line)
                self.check_alias(alias, line)
        elif isinstance(node, ast.ImportFrom):
            self.check_import_from(node, line)
        elif isinstance(node, ast.Call):
            self.check_call(node, line)
        elif isinstance(node, ast.Name):
            self.check_name(normalize(node.id), node, line)
        elif isinstance(node, ast.Attribute):
            self.check_attribute(normalize(node.attr), node, line)
        elif isinstance(node, ast.MatchClass):
            for attr in node.kwd_attrs:  # `case C(__class__=x)` reads the attribute
                self.check_attribute(normalize(attr), node, line)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.check_string(node.value, line)

    def check_import(self, module, line):
        top = normalize(module).partition(".")[0]
        if top not in self.policy.allowed_imports:
            raise import_violation(self.policy, module, line)
        if top not in self.imports:
            self.imports.append(top)

    def check_import_from(self, node, line):
        if node.level:
            names = ", ".join(a.name for a in node.names)
            raise relative_import_violation(f"from {'.' * node.level}{node.module or ''} import {names}", line)
        self.check_import(node.module, line)
        for alias in node.names:
            name = normalize(alias.name)
            if name == "open":  # `from io import open` would turn open() into an unguarded function
                raise open_violation(self.policy, f"from {node.module} import open", "it replaces the guarded open()",
                                     line)
            self.check_name(name, None, line)
            self.check_alias(alias, line)

    def check_alias(self, alias, line):
        if alias.asname:  # `import numpy as eval` binds a refused name without a Name node
            self.check_name(normalize(alias.asname), None, line)

    def check_name(self, name, node, line):
        policy = self.policy
        if name in policy.denied_calls:
            raise PolicyViolation("call", f"'{name}' is refused (call rule): {policy.denied_calls[name]}.",
                                  self.call_hint(), line)
        if name == "open" and id(node) not in self.vetted_open:
            raise open_violation(policy, "Using open without calling it", "the path could not be checked", line)
        if is_dunder(name) and name not in policy.allowed_dunder_names:
            raise PolicyViolation("dunder", f"Name '{name}' is refused (dunder rule): double-underscore names "
                                  "reach interpreter internals.", self.dunder_hint(), line)

    def check_attribute(self, attr, node, line):
        policy = self.policy
        if is_dunder(attr) and attr not in policy.allowed_dunder_attributes:
            raise PolicyViolation("dunder", f"Attribute '{attr}' is refused (dunder rule): double-underscore "
                                  "attributes reach interpreter internals.", self.dunder_hint(), line)
        if attr in FRAME_ATTRIBUTES:
            raise PolicyViolation("frame", f"Attribute '{attr}' is refused (frame rule): frames, tracebacks and "
                                  "code objects expose the kernel's internals.",
                                  "Work with the values themselves; frames are not available.", line)
        if attr in policy.denied_calls and attr not in ATTRIBUTE_CALLS_ALLOWED:
            raise PolicyViolation("call", f"Attribute '{attr}' is refused (call rule): {policy.denied_calls[attr]}.",
                                  self.call_hint(), line)
        if attr == "open" and id(node) not in self.vetted_open:
            raise open_violation(policy, "Using .open without calling it", "the path could not be checked", line)

    def check_string(self, text, line):
        for match in _STRING_DUNDER.finditer(normalize(text)):
            name = match.group(1) or match.group(2)
            if name not in self.policy.allowed_dunder_attributes | self.policy.allowed_dunder_names:
                preview = text if len(text) <= 60 else text[:57] + "..."
                raise PolicyViolation("dunder", f"String {preview!r} is refused (dunder rule): it spells access to "
                                      f"'{name}', which format fields and query strings can follow.",
                                      self.dunder_hint(), line)

    def check_call(self, node, line):
        func = node.func
        is_open = (isinstance(func, ast.Name) and normalize(func.id) == "open") or (
            isinstance(func, ast.Attribute) and normalize(func.attr) == "open")
        if is_open:
            self.check_open(node, line)
            self.vetted_open.add(id(func))

    def check_open(self, node, line):
        """open()/io.open()/gzip.open(): a literal path under the data folder, a literal read mode, no opener."""
        policy = self.policy
        what = _snippet(node)
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            raise open_violation(policy, what, "its arguments must be written out, not unpacked", line)
        keywords = {k.arg: k.value for k in node.keywords}
        if "opener" in keywords:
            raise open_violation(policy, what, "a custom opener bypasses the path check", line)
        path = node.args[0] if node.args else keywords.get("file", keywords.get("filename"))
        if not self.literal_path_in_data_dir(path):
            raise open_violation(policy, what, f"the path must be a string literal under {policy.data_dir}", line)
        mode = node.args[1] if len(node.args) > 1 else keywords.get("mode")
        if mode is not None and not (isinstance(mode, ast.Constant) and mode.value in READ_MODES):
            raise open_violation(policy, what, f"the mode must be one of {', '.join(READ_MODES)} (read only)", line)

    def literal_path_in_data_dir(self, node):
        root = self.policy.data_dir + "/"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return posixpath.normpath(node.value).startswith(root)
        # An f-string counts by its literal prefix; the runtime open() resolves the full path again.
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            prefix = node.values[0].value
            return prefix.startswith(root) and ".." not in prefix.split("/")
        return False

    def call_hint(self):
        return ("Write the operation directly: obj.attr instead of getattr, df['column'] for columns, your "
                f"variables by name. Not available: {', '.join(self.policy.denied_calls)}.")

    def dunder_hint(self):
        policy = self.policy
        return ("Use type(x) or isinstance(x, T) instead. Allowed dunder attributes: "
                f"{', '.join(sorted(policy.allowed_dunder_attributes))}; allowed dunder names: "
                f"{', '.join(sorted(policy.allowed_dunder_names))}.")


def _snippet(node):
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:77] + "..."
