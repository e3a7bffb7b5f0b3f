"""The runtime half of the kernel policy: the restricted builtins the user's namespace runs with, and an audit hook.

Only the user's namespace gets these builtins; library code (pandas importing os, reading files) keeps the real
ones, because Python resolves builtins through each function's own module globals. The audit hook is the one guard
that also applies to library code. While a cell runs it refuses:
- the policy's deniedAuditEvents (unpickling), which libraries reach from innocent-looking calls the AST check cannot
  judge (np.load(..., allow_pickle=True));
- strings that libraries compile as Python (the 'compile' event: patsy's formula terms, pandas' query expressions,
  numexpr), when they break the cell rules (evaluatedStrings): the AST check sees only the formula's literal, and
  patsy evaluates its terms with the real builtins;
- frame grabs (the 'sys._getframe' event) that reach the kernel's own frames (frameCaptures): statsmodels'
  eval_env, pandas' level and patsy's Q look names up in whatever frame they are pointed at.
"""

import builtins
import os
import sys

from kernel_policy import (PolicyViolation, check_evaluated, import_violation, normalize, open_violation,
                           relative_import_violation)

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


def _install_audit_hook():
    """Add the process's audit hook (hooks cannot be removed); return `use(policy) -> guard`.

    Whether the hook is armed, and with which policy, lives in this closure only: no attribute or module global that
    code reaching kernel objects could flip. `with guard:` arms it around the user's code; `guard.refusals` lists the
    violations raised during the current run (a library may have swallowed the exception).
    """
    armed = False
    busy = False  # the hook's own checks compile and grab frames: those events are not the user's
    policy = None
    refusals = []
    passed = set()  # (id of the evaluator entry, source) checked and passed: patsy compiles each term many times
    getframe = sys._getframe
    modules = sys.modules
    kernel_dir = os.path.dirname(os.path.abspath(__file__))

    def module_of(frame):
        """The name of the module whose code `frame` runs, or None for code that belongs to no module (compiled from
        a string with its own globals, like a formula term, or the user's cell, whose namespace is no module)."""
        frame_globals = frame.f_globals
        name = dict.get(frame_globals, "__name__")
        module = modules.get(name) if type(name) is str else None
        return name if module is not None and getattr(module, "__dict__", None) is frame_globals else None

    def is_kernel(frame):
        return os.path.dirname(frame.f_code.co_filename) == kernel_dir

    def refuse(violation):
        refusals.append(violation)
        raise PolicyAuditError(violation)

    def check_compile(source):
        caller = getframe(2)  # check_compile <- hook <- the Python code calling compile()/eval()/exec()
        while caller is not None and module_of(caller) == "ast":  # ast.parse calls compile()
            caller = caller.f_back
        name = module_of(caller) if caller is not None else None
        if name is None:
            evaluator = policy.evaluated_strings["*"]
        elif caller.f_code.co_name == "<module>" or is_kernel(caller):
            return  # a module being imported compiles its own strings; the kernel compiles the cell
        else:
            evaluator = next((entry for prefix, entry in policy.evaluated_strings.items()
                              if name == prefix or name.startswith(prefix + ".")), None)
            if evaluator is None:
                return  # dataclasses, namedtuple, typing, enum...: code they generate, not strings to evaluate
        key = (id(evaluator), source)
        if key in passed:
            return
        try:
            check_evaluated(source, evaluator, policy)
        except PolicyViolation as violation:
            refuse(violation)
        if len(passed) >= 1024:
            passed.clear()
        passed.add(key)

    def check_frame(frame):
        if is_kernel(getframe(2)):  # check_frame <- hook <- the caller of sys._getframe
            return
        name = module_of(frame)
        where = f"{name}.{frame.f_code.co_name}" if name else None
        depth_variable = policy.frame_captures.get(where)
        target = frame
        if depth_variable is not None:  # it walks up from its own frame
            depth = frame.f_locals.get(depth_variable)
            steps = depth + 1 if type(depth) is int else 0
            while steps > 0 and target is not None:
                target, steps = target.f_back, steps - 1
        if target is None:
            return
        below = target if is_kernel(target) else target.f_back
        while below is not None and not is_kernel(below):
            below = below.f_back
        # The target is the kernel's, or older than the kernel's frames (whatever called the kernel): outside the run.
        if below is target or below is None:
            refuse(PolicyViolation(
                "frame", f"Reaching a frame outside your code is refused (frame rule): {where or 'sys._getframe'} "
                "would hand out the namespace of the kernel's own frames, which expose the kernel's internals.",
                "Leave eval_env (statsmodels formulas) and level (pandas) at their defaults: formulas and queries see "
                "your own variables and the data's columns."))

    def hook(event, args):
        nonlocal busy
        if not armed or busy:
            return
        if event == "compile":
            if isinstance(args[0], (bytes, str)):
                busy = True
                try:
                    check_compile(args[0])
                finally:
                    busy = False
        elif event == "sys._getframe":
            busy = True
            try:
                check_frame(args[0])
            finally:
                busy = False
        elif event in policy.denied_audit_events:
            refuse(PolicyViolation(
                "runtime", f"'{event}' is refused while your code runs (runtime rule): "
                f"{policy.denied_audit_events[event]}.",
                "Load data from df1..dfN or with pd.read_csv / read_json / read_parquet / read_excel; pickled data "
                "cannot be loaded."))

    class AuditGuard:
        __slots__ = ()

        @property
        def refusals(self):
            return refusals

        def __enter__(self):
            nonlocal armed
            refusals.clear()
            armed = True
            return self

        def __exit__(self, *exc):
            nonlocal armed
            armed = False
            return False

    guard = AuditGuard()

    def use(new_policy):
        nonlocal policy
        policy = new_policy
        passed.clear()
        return guard

    sys.addaudithook(hook)
    return use


_use_policy = None


def audit_guard(policy):
    """The process's audit guard, switched to `policy`; `with guard:` arms it around the user's code."""
    global _use_policy
    if _use_policy is None:
        _use_policy = _install_audit_hook()
    return _use_policy(policy)


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
