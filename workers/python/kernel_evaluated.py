"""The check of strings a library compiles as Python while the user's code runs (patsy's formula terms, pandas' query
expressions): the cell rules of kernel_checker.py, and stricter ones. The audit hook of kernel_guards.py calls it for
the policy's evaluatedStrings.
"""

import ast
import re
import warnings

from kernel_checker import Checker, snippet, unpacks
from kernel_violations import PolicyViolation, normalize

# A dunder anywhere in a string a library evaluates (patsy's Q('__builtins__') looks the name up): stricter, since
# these strings are code, not data.
_ANY_DUNDER = re.compile(r"(?<!\w)__\w+?__(?!\w)")


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


class _EvaluatedChecker(Checker):
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
            if unpacks(node) or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in arguments):
                raise PolicyViolation(self.evaluator.rule, f"{snippet(node)} is refused: the name {name}() looks up "
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
