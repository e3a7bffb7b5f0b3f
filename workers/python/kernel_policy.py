"""The static half of the kernel policy: an AST check run before any code executes.

Every list comes from workers/policy.json (parsed into `Policy` at runtime); this module only knows the *shape* of
each rule. Names are NFKC-normalised before comparison because Python normalises identifiers the same way, so
`ｅｖａｌ` in source is `eval` at run time. The runtime half (restricted builtins, audit hook) is kernel_guards.py.
"""

import ast
import json
import posixpath
import re
import unicodedata
import warnings

# A dunder spelled inside a string after `.`, `@` or `[` (format fields "{0.__class__}", "{x[__globals__]}", pandas
# query strings "@x.__class__") or before `(`, `.` or `[` (a call or access spelled in text).
_STRING_DUNDER = re.compile(r"""[.@\[]\s*['"]?(__\w+?__)|(__\w+?__)\s*[(.\[]""")
# A dunder anywhere in a string a library evaluates (patsy's Q('__builtins__') looks the name up): stricter, since
# these strings are code, not data.
_ANY_DUNDER = re.compile(r"(?<!\w)__\w+?__(?!\w)")


def normalize(name):
    return unicodedata.normalize("NFKC", name)


def is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


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
    return PolicyViolation("import", f"Import '{top}' is refused (import rule): {reason}.", policy.imports_hint(), line)


def relative_import_violation(module, line=None):
    return PolicyViolation("import", f"Relative import '{module}' is refused (import rule): cells are not packages.",
                           "Import modules by their absolute name, e.g. 'import pandas as pd'.", line)


def open_violation(policy, what, why, line=None):
    hint = (f"Read datasets under {policy.data_dir}: open('{policy.data_dir}/<file>') with mode "
            f"{', '.join(repr(m) for m in policy.open_modes)}, or pd.read_csv('{policy.data_dir}/<file>').")
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
        self.vetted = set()  # ids of `open` / `.query` callee nodes whose call passed its rule
        self.checked = set()  # ids of Attribute nodes already checked (as part of an outer attribute chain)

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
            # Innermost first, so `statistics.sys.modules` is refused for its first bad hop, 'sys'.
            chain = []
            while isinstance(node, ast.Attribute) and id(node) not in self.checked:
                chain.append(node)
                node = node.value
            for attribute in reversed(chain):
                self.checked.add(id(attribute))
                self.check_attribute(normalize(attribute.attr), attribute, getattr(attribute, "lineno", line))
        elif isinstance(node, ast.MatchClass):
            for attr in node.kwd_attrs:  # `case C(__class__=x)` reads the attribute
                self.check_attribute(normalize(attr), node, line)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.check_string(node.value, line)

    def check_import(self, module, line):
        name = normalize(module)
        top = name.partition(".")[0]
        if top not in self.policy.allowed_imports:
            raise import_violation(self.policy, module, line)
        parts = name.split(".")
        for index in range(1, len(parts)):  # `import pandas._testing`, `import pandas.io.pickle`
            self.check_member(parts[index], ".".join(parts[: index + 1]), f"Import '{name}'", line)
        if top not in self.imports:
            self.imports.append(top)

    def check_import_from(self, node, line):
        if node.level:
            names = ", ".join(a.name for a in node.names)
            raise relative_import_violation(f"from {'.' * node.level}{node.module or ''} import {names}", line)
        self.check_import(node.module, line)
        module = normalize(node.module)
        for alias in node.names:
            name = normalize(alias.name)
            if name == "*":  # binds every public name, modules included (`from matplotlib import *` binds os)
                raise PolicyViolation("import", f"'from {module} import *' is refused (import rule): it can bind "
                                      "modules the policy refuses.",
                                      "Import the names you need explicitly, e.g. 'from math import sqrt'.", line)
            if name == "open":  # `from io import open` would turn open() into an unguarded function
                raise open_violation(self.policy, f"from {module} import open", "it replaces the guarded open()", line)
            self.check_name(name, None, line)
            self.check_member(name, f"{module}.{name}", f"'from {module} import {name}'", line)
            self.check_alias(alias, line)

    def check_alias(self, alias, line):
        if alias.asname:  # `import numpy as eval` binds a refused name without a Name node
            self.check_name(normalize(alias.asname), None, line)

    def check_name(self, name, node, line):
        policy = self.policy
        if name in policy.denied_calls:
            raise PolicyViolation("call", f"'{name}' is refused (call rule): {policy.denied_calls[name]}.",
                                  self.call_hint(), line)
        if name == "open" and id(node) not in self.vetted:
            raise open_violation(policy, "Using open without calling it", "the path could not be checked", line)
        if is_dunder(name) and name not in policy.allowed_dunder_names:
            raise PolicyViolation("dunder", f"Name '{name}' is refused (dunder rule): double-underscore names "
                                  "reach interpreter internals.", self.dunder_hint(), line)

    def check_attribute(self, attr, node, line):
        policy = self.policy
        if is_dunder(attr):
            if attr not in policy.allowed_dunder_attributes:
                raise PolicyViolation("dunder", f"Attribute '{attr}' is refused (dunder rule): double-underscore "
                                      "attributes reach interpreter internals.", self.dunder_hint(), line)
            return
        if attr in policy.frame_attributes:
            raise PolicyViolation("frame", f"Attribute '{attr}' ({policy.frame_attributes[attr]}) is refused (frame "
                                  "rule): frames, tracebacks and code objects expose the kernel's internals.",
                                  "Work with the values themselves; frames are not available.", line)
        self.check_member(attr, _dotted(node), f"Attribute '{attr}'", line)
        if attr == "open" and id(node) not in self.vetted:
            raise open_violation(policy, "Using .open without calling it", "the path could not be checked", line)
        if attr in policy.literal_query_methods and id(node) not in self.vetted:
            raise query_violation(policy, attr, f"Using .{attr} without calling it", "the expression could not be "
                                  "checked", line)

    def check_member(self, name, path, what, line):
        """A name read from another object: an attribute, a `from x import name`, a dotted import's parts.

        Denied module and call names are compared without leading/trailing underscores (`random._os`, six's
        `exec_`), because libraries keep private aliases of exactly these.
        """
        policy = self.policy
        core = name.strip("_")
        if core in policy.denied_module_attributes and path not in policy.allowed_module_attribute_paths:
            paths = ", ".join(policy.allowed_module_attribute_paths)
            raise PolicyViolation(
                "import", f"{what} is refused (import rule): reaching module '{core}' through another module is not "
                f"allowed ({policy.denied_module_attributes[core]}).",
                f"{policy.imports_hint()} Import what you need from those directly"
                + (f" (allowed as written: {paths})" if paths else "")
                + f". For a DataFrame column named '{name}', write df['{name}'].", line)
        if core in policy.denied_calls and core not in policy.calls_allowed_as_attributes:
            raise PolicyViolation("call", f"{what} is refused (call rule): {policy.denied_calls[core]}.",
                                  self.call_hint(), line)
        if name.startswith("_") and not is_dunder(name) and name not in policy.allowed_private_attributes:
            raise PolicyViolation(
                "private", f"{what} is refused (private rule): single-underscore names are a library's internals "
                "(some run code from strings or hold refused modules).",
                "Use the public API, and name the attributes of your own classes without a leading underscore. "
                f"Allowed: {', '.join(policy.allowed_private_attributes)}. For a DataFrame column named '{name}', "
                f"write df['{name}'].", line)

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
        name = normalize(func.id) if isinstance(func, ast.Name) else (
            normalize(func.attr) if isinstance(func, ast.Attribute) else None)
        if name == "open":
            self.check_open(node, line)
            self.vetted.add(id(func))
        elif isinstance(func, ast.Attribute) and name in self.policy.literal_query_methods:
            self.check_query(name, node, line)
            self.vetted.add(id(func))

    def check_open(self, node, line):
        """open()/io.open()/gzip.open(): a literal path under the data folder, a literal read mode, no opener."""
        policy = self.policy
        what = _snippet(node)
        if _unpacks(node):
            raise open_violation(policy, what, "its arguments must be written out, not unpacked", line)
        keywords = {k.arg: k.value for k in node.keywords}
        if "opener" in keywords:
            raise open_violation(policy, what, "a custom opener bypasses the path check", line)
        path = node.args[0] if node.args else keywords.get("file", keywords.get("filename"))
        if not self.literal_path_in_data_dir(path):
            raise open_violation(policy, what, f"the path must be a string literal under {policy.data_dir}", line)
        mode = node.args[1] if len(node.args) > 1 else keywords.get("mode")
        if mode is not None and not (isinstance(mode, ast.Constant) and mode.value in policy.open_modes):
            raise open_violation(policy, what, f"the mode must be one of {', '.join(policy.open_modes)} (read only)",
                                 line)

    def check_query(self, method, node, line):
        """df.query(expr): pandas evaluates expr as Python, so it must be a literal the string check has seen."""
        what = _snippet(node)
        if _unpacks(node):
            raise query_violation(self.policy, method, what, "its arguments must be written out, not unpacked", line)
        expr = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "expr"), None)
        if not (isinstance(expr, ast.Constant) and isinstance(expr.value, str)):
            raise query_violation(self.policy, method, what, "the expression must be a string literal", line)
        for keyword in node.keywords:
            name = normalize(keyword.arg)
            if name != "expr" and name not in self.policy.query_keywords:
                allowed = ", ".join(self.policy.query_keywords)
                raise query_violation(self.policy, method, what, f"keyword '{name}' chooses where the expression's "
                                      f"names are looked up; the keywords allowed are {allowed}", line)

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


def query_violation(policy, method, what, why, line=None):
    hint = ("Write the expression as a string literal and refer to variables with @name, e.g. "
            "df.query('amount > @threshold'), or filter with a mask: df[df['amount'] > threshold].")
    return PolicyViolation("query", f"{what} is refused (query rule): {why} "
                           f"({policy.literal_query_methods[method]}).", hint, line)


def check_evaluated(source, evaluator, policy):
    """Raise PolicyViolation (the evaluator's rule) if `source`, a string a library is compiling as Python (a formula
    term, a query expression), breaks the cell rules or the stricter ones for evaluated strings.

    `source` is what the 'compile' audit event carries: bytes (str sources arrive UTF-8 encoded) or str. Bytes honour
    a coding cookie when the caller passed bytes and not when it passed str, so with a cookie both readings are
    checked. Text that is not valid Python passes: the library's own compile of it fails the same way (the only
    compiler flags that change the grammar are __future__ imports, which cells cannot make).
    """
    texts = [source] if isinstance(source, str) else []
    if isinstance(source, bytes):
        try:
            texts.append(source.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(source)
        else:
            if b"coding" in source:
                texts.append(source)
    for text in texts:
        tree = _parse_evaluated(text, evaluator)
        if tree is None:
            continue
        try:
            _EvaluatedChecker(policy, evaluator).run(tree)
        except PolicyViolation as inner:
            shown = evaluator.preview(text if isinstance(text, str) else text.decode("utf-8", "replace"))
            raise PolicyViolation(evaluator.rule, f"{evaluator.what} {shown!r} is refused ({evaluator.rule} rule): "
                                  f"{inner.message} {evaluator.allowed}.", evaluator.hint) from None


def _parse_evaluated(text, evaluator):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        for mode in ("eval", "exec"):
            try:
                return ast.parse(text, "<string>", mode)
            except SyntaxError:
                continue
            except (RecursionError, MemoryError):  # the compiler may still manage: refuse what cannot be checked
                shown = evaluator.preview(text if isinstance(text, str) else text.decode("utf-8", "replace"))
                raise PolicyViolation(evaluator.rule, f"{evaluator.what} {shown!r} is refused ({evaluator.rule} rule): "
                                      f"it is nested too deeply to be checked. {evaluator.allowed}.",
                                      evaluator.hint) from None
    return None


class _EvaluatedChecker(_Checker):
    """The cell rules, plus those for strings a library evaluates: the library may look a name up outside the user's
    namespace (a captured frame, its own globals, the real builtins), so every name is also checked as a module
    member (modules, calls, private names), no string may name a dunder, and a name-lookup function (patsy's Q)
    must be called directly with a string literal, which is then checked as a name."""

    def __init__(self, policy, evaluator):
        super().__init__(policy)
        self.evaluator = evaluator

    def check_name(self, name, node, line):
        evaluator = self.evaluator
        if evaluator.local_prefix and name.startswith(evaluator.local_prefix):
            name = name[len(evaluator.local_prefix):]  # an @variable: checked as the name it stands for
        elif evaluator.generated_names and evaluator.generated_names.match(name):
            return
        super().check_name(name, node, line)
        self.check_member(name, name, f"Name '{name}'", line)
        if name in evaluator.name_lookups and id(node) not in self.vetted:
            raise PolicyViolation(self.evaluator.rule, f"Using {name} other than calling it with a string literal is "
                                  f"refused: {name}() looks names up outside your namespace.", self.evaluator.hint,
                                  line)

    def check_call(self, node, line):
        super().check_call(node, line)
        func = node.func
        if isinstance(func, ast.Name) and normalize(func.id) in self.evaluator.name_lookups:
            name = normalize(func.id)
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if _unpacks(node) or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in arguments):
                raise PolicyViolation(self.evaluator.rule, f"{_snippet(node)} is refused: the name {name}() looks up "
                                      "must be a string literal.", self.evaluator.hint, line)
            for argument in arguments:
                self.check_name(normalize(argument.value), None, line)
            self.vetted.add(id(func))

    def check_string(self, text, line):
        super().check_string(text, line)
        for match in _ANY_DUNDER.finditer(normalize(text)):
            name = match.group(0)
            if name not in self.policy.allowed_dunder_attributes | self.policy.allowed_dunder_names:
                preview = text if len(text) <= 60 else text[:57] + "..."
                raise PolicyViolation("dunder", f"String {preview!r} is refused (dunder rule): it names '{name}', "
                                      "which the library can look up.", self.dunder_hint(), line)


def _dotted(node):
    """'a.b.c' for an attribute chain on a plain name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(normalize(node.attr))
        node = node.value
    if not isinstance(node, ast.Name) or not parts:
        return None
    return ".".join([normalize(node.id), *reversed(parts)])


def _unpacks(node):
    return any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)


def _snippet(node):
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:77] + "..."
