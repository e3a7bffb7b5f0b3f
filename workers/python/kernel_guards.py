"""The runtime half of the kernel policy: the restricted builtins the user's namespace runs with.

Only the user's namespace gets these builtins; library code (pandas importing os, reading files) keeps the real
ones, because Python resolves builtins through each function's own module globals.
"""

import builtins
import os

from kernel_policy import READ_MODES, import_violation, normalize, open_violation, relative_import_violation

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


def restricted_builtins(policy):
    names = dict(vars(builtins))
    for name in policy.denied_calls:
        names.pop(name, None)  # help/exit/quit exist only when the site module added them
    # The builtins module's own import machinery (BuiltinImporter can load any built-in module).
    names.pop("__loader__", None)
    names.pop("__spec__", None)
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
        if mode not in READ_MODES:
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
