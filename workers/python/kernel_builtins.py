"""The restricted builtins the user's namespace runs with: the import guard, open() for the data folder, the format
guard (kernel_format.py), and the policy's refused calls removed.

Only the user's namespace gets these builtins; library code (pandas importing os, reading files) keeps the real
ones, because Python resolves builtins through each function's own module globals. Every guard binds what it uses
when it is built (the real __import__ and open, os.path.realpath, the policy, which is immutable): a cell that later
reaches this module and rebinds its globals, or os.path, changes nothing for the guards already handed out.
"""

import builtins
import os

import kernel_format
from kernel_policy import import_violation, normalize, open_violation, relative_import_violation


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
    """An audited operation (e.g. unpickling, a write outside /data, a format field) refused while the user's code
    runs."""

    def __init__(self, violation):
        super().__init__(violation.message)
        self.violation = violation


def restricted_builtins(policy, guard):
    """The builtins of a fresh user namespace; `guard` is the audit guard (its `refuse` records format refusals)."""
    names = dict(vars(builtins))
    for name in [*policy.denied_calls, *policy.hidden_builtins]:
        names.pop(name, None)  # help/exit/quit exist only when the site module added them
    names["__import__"] = _import_guard(policy, builtins.__import__)
    names["open"] = _data_open(policy, builtins.open)
    names[kernel_format.GUARD_NAME] = kernel_format.format_guard(policy, guard.refuse)
    return names


def _import_guard(policy, real_import):
    allowed, norm, refused, violation, relative = (policy.allowed_imports, normalize, PolicyImportError,
                                                   import_violation, relative_import_violation)

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if level:
            raise refused(relative(f"{'.' * level}{name}"))
        if norm(name).partition(".")[0] not in allowed:
            raise refused(violation(policy, name))
        return real_import(name, globals, locals, fromlist, level)

    return guarded_import


def _data_open(policy, real_open):
    realpath, fspath, path_like, refused, violation = (os.path.realpath, os.fspath, os.PathLike, PolicyOpenError,
                                                       open_violation)
    modes, data_root = policy.open_modes, os.path.realpath(policy.data_dir) + os.sep

    def open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
        """open() for reading files under the data folder only."""
        if mode not in modes:
            raise refused(violation(policy, f"open(..., {mode!r})", "only read modes are allowed"))
        path = fspath(file) if isinstance(file, (str, path_like)) else None
        if not isinstance(path, str):
            raise refused(violation(policy, f"open({file!r})", "the path must be a string"))
        # realpath: a symlink (or '..') inside the data folder must not lead outside it.
        real = realpath(path)
        if not real.startswith(data_root):
            raise refused(violation(policy, f"open({path!r})", f"it resolves to {real}, outside {policy.data_dir}"))
        return real_open(real, mode, buffering, encoding, errors, newline)

    return open
