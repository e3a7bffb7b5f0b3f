"""The runtime half of the kernel policy: the restricted builtins the user's namespace runs with, and an audit hook.

Only the user's namespace gets these builtins; library code (pandas importing os, reading files) keeps the real
ones, because Python resolves builtins through each function's own module globals. The audit hook is the one guard
that also applies to library code: while a cell runs, it refuses the policy's deniedAuditEvents (unpickling), which
libraries reach from innocent-looking calls the AST check cannot judge (np.load(..., allow_pickle=True)).
"""

import builtins
import os
import sys

from kernel_policy import PolicyViolation, import_violation, normalize, open_violation, relative_import_violation

_real_import = builtins.__import__
_real_open = builtins.open


class PolicyImportError(ImportError):
    """An import refused at run time (e.g. built from a string the AST check could not see)."""

    def __init__(self, violation):
        super().__init__(violation.message)
        self.violation = violation


class PolicyOpenError(PermissionError):
    """open() of a path outside the data folder, or for writing."""

    def __init__(self, violation):
        super().__init__(violation.message)
        self.violation = violation


class PolicyAuditError(PermissionError):
    """An audited operation (e.g. unpickling) refused while the user's code runs."""

    def __init__(self, violation):
        super().__init__(violation.message)
        self.violation = violation


class _AuditGuard:
    """One audit hook per process (hooks cannot be removed), refusing the current policy's events inside `with`."""

    def __init__(self):
        self.policy = None
        self.active = False
        self.refusals = []  # violations raised during the current run (a library may have swallowed the exception)
        sys.addaudithook(self._hook)

    def __enter__(self):
        self.refusals = []
        self.active = True
        return self

    def __exit__(self, *exc):
        self.active = False
        return False

    def _hook(self, event, args):
        if not self.active or event not in self.policy.denied_audit_events:
            return
        violation = PolicyViolation(
            "runtime", f"'{event}' is refused while your code runs (runtime rule): "
            f"{self.policy.denied_audit_events[event]}.",
            "Load data from df1..dfN or with pd.read_csv / read_json / read_parquet / read_excel; pickled data "
            "cannot be loaded.")
        self.refusals.append(violation)
        raise PolicyAuditError(violation)


_audit_guard = None


def audit_guard(policy):
    """The process's audit guard, switched to `policy`; `with guard:` arms it around the user's code."""
    global _audit_guard
    if _audit_guard is None:
        _audit_guard = _AuditGuard()
    _audit_guard.policy = policy
    return _audit_guard


def restricted_builtins(policy):
    names = dict(vars(builtins))
    for name in [*policy.denied_calls, *policy.hidden_builtins]:
        names.pop(name, None)  # help/exit/quit exist only when the site module added them
    names["__import__"] = _import_guard(policy)
    names["open"] = _data_open(policy)
    return names


def _import_guard(policy):
    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level:
            raise PolicyImportError(relative_import_violation(f"{'.' * level}{name}"))
        if normalize(name).partition(".")[0] not in policy.allowed_imports:
            raise PolicyImportError(import_violation(policy, name))
        return _real_import(name, globals, locals, fromlist, level)

    return guarded_import


def _data_open(policy):
    def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
        """open() for reading files under the data folder only."""
        if mode not in policy.open_modes:
            raise PolicyOpenError(open_violation(policy, f"open(..., {mode!r})", "only read modes are allowed"))
        path = os.fspath(file) if isinstance(file, (str, os.PathLike)) else None
        if not isinstance(path, str):
            raise PolicyOpenError(open_violation(policy, f"open({file!r})", "the path must be a string"))
        # realpath: a symlink (or '..') inside the data folder must not lead outside it.
        real = os.path.realpath(path)
        if not real.startswith(os.path.realpath(policy.data_dir) + os.sep):
            raise PolicyOpenError(open_violation(policy, f"open({path!r})", f"it resolves to {real}, outside "
                                                 f"{policy.data_dir}"))
        return _real_open(real, mode, buffering, encoding, errors, newline)

    return open
