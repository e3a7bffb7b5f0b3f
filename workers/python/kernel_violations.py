"""The refusals of the kernel policy: PolicyViolation, the messages rules share, and how names are compared.

Shared by the AST check (kernel_checker.py, kernel_evaluated.py) and the runtime guards (kernel_guards.py), so both
refuse with the same words. Names are NFKC-normalised before comparison because Python normalises identifiers the
same way, so `ｅｖａｌ` in source is `eval` at run time.
"""

import unicodedata


def normalize(name):
    return unicodedata.normalize("NFKC", name)


def is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


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


def query_violation(policy, method, what, why, line=None):
    hint = ("Write the expression as a string literal and refer to variables with @name, e.g. "
            "df.query('amount > @threshold'), or filter with a mask: df[df['amount'] > threshold].")
    return PolicyViolation("query", f"{what} is refused (query rule): {why} "
                           f"({policy.literal_query_methods[method]}).", hint, line)
