"""The AST check of a cell, the static half of the kernel policy: it runs before any code executes.

The lists come from `Policy` (kernel_policy.py); this module only knows the *shape* of each rule. Strings that
libraries compile at run time get a stricter subclass of the same checker (kernel_evaluated.py).
"""

import _string  # the parser str.format uses, to read the fields of a format string as Python would
import ast
import posixpath
import re

from kernel_parse import parse  # noqa: F401  (re-exported: kernel_policy imports parse from here)
from kernel_violations import (PolicyViolation, import_violation, is_dunder, normalize, open_violation,
                               query_violation, relative_import_violation)

# A dunder spelled inside a string after `.`, `@` or `[` (format fields "{0.__class__}", "{x[__globals__]}", pandas
# query strings "@x.__class__") or before `(`, `.` or `[` (a call or access spelled in text).
_STRING_DUNDER = re.compile(r"""[.@\[]\s*['"]?(__\w+?__)|(__\w+?__)\s*[(.\[]""")


def check_tree(tree, policy):
    """Raise PolicyViolation at the first refused construct (in source order); return the top-level imports."""
    return Checker(policy).run(tree)


class Checker:
    """The cell rules, one node at a time; kernel_evaluated.py adds those for strings a library evaluates."""

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
        # A literal format string ("{0.gi_frame}".format(gen), StrMethodFormatter("{x.f_back}")): its field
        # attributes are held to the rules of attributes written in code. Strings built at run time are checked when
        # they are formatted (kernel_format.py).
        for name in format_field_attributes(text):
            self.check_attribute(normalize(name), None, line)

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
        what = snippet(node)
        if unpacks(node):
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
        what = snippet(node)
        if unpacks(node):
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


def format_field_attributes(text):
    """The attribute names the fields of `text` read when it is used as a format string (nested specs included)."""
    names, pending = [], [text]
    while pending:
        try:
            fields = list(_string.formatter_parser(pending.pop()))
        except ValueError:
            continue  # not a format string
        for _literal, field, spec, _conversion in fields:
            if field:
                try:
                    names.extend(name for is_attribute, name in _string.formatter_field_name_split(field)[1]
                                 if is_attribute)
                except ValueError:
                    pass
            if spec and "{" in spec:
                pending.append(spec)
    return names


def _dotted(node):
    """'a.b.c' for an attribute chain on a plain name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(normalize(node.attr))
        node = node.value
    if not isinstance(node, ast.Name) or not parts:
        return None
    return ".".join([normalize(node.id), *reversed(parts)])


def unpacks(node):
    return any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords)


def snippet(node):
    text = ast.unparse(node)
    return text if len(text) <= 80 else text[:77] + "..."
