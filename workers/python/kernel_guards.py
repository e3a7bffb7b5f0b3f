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
  eval_env, pandas' level and patsy's Q look names up in whatever frame they are pointed at;
- file-system changes outside the data and scratch folders, the user's own reads elsewhere, and module code from
  folders the user can write (kernel_files.py).
The restricted builtins themselves (import guard, open, the format guard) are built in kernel_builtins.py.

Nothing here reads state that code reaching the kernel's objects could change: the hook's state lives in closures,
the policy is immutable (kernel_policy.Policy), and the hook is sealed to the policy text it was first given.
"""

import os
import sys
import tempfile

import kernel_files
from kernel_builtins import (PolicyAuditError, PolicyImportError, PolicyOpenError,  # noqa: F401 (re-exported)
                             restricted_builtins)
from kernel_policy import PolicyViolation, check_evaluated


def _install_audit_hook(first_policy):
    """Add the process's audit hook (hooks cannot be removed); return `use(policy) -> guard`.

    Whether the hook is armed, and with which policy, lives in this closure only: no attribute or module global that
    code reaching kernel objects could flip. `with guard:` arms it around the user's code; `guard.refusals` lists the
    violations raised during the current run (a library may have swallowed the exception).
    """
    armed = False
    busy = False  # the hook's own checks compile and grab frames: those events are not the user's
    policy = first_policy
    sealed = first_policy.fingerprint  # the policy text the process started with: `use` accepts no other
    scratch = _scratch_folder()
    file_check = kernel_files.file_rules(first_policy, scratch)
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
        if event in file_events:
            busy = True
            try:
                violation = file_check(event, args, getframe(1))
            finally:
                busy = False
            if violation is not None:
                refuse(violation)
        elif event == "compile":
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

    file_events = frozenset({"open", "exec", "import", *first_policy.file_write_events,
                             *first_policy.file_list_events})

    class AuditGuard:
        __slots__ = ()

        @property
        def refusals(self):
            return refusals

        @property
        def scratch_dir(self):
            return scratch

        def refuse(self, violation):
            """Record a refusal made elsewhere (the format guard) and raise it: a library swallowing it changes
            nothing, the run still ends as refused."""
            refuse(violation)

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
        nonlocal policy, file_check
        if new_policy.fingerprint != sealed:
            raise PermissionError("The kernel's audit hook is sealed to the policy it was installed with.")
        policy = new_policy
        file_check = kernel_files.file_rules(new_policy, scratch)
        passed.clear()
        return guard

    sys.addaudithook(hook)
    return use


def _scratch_folder():
    """The kernel's private scratch folder: tempfile and matplotlib's cache write there (the file rule allows it),
    and it is never on sys.path."""
    folder = tempfile.mkdtemp(prefix="kernel-scratch-")
    tempfile.tempdir = folder
    os.environ["TMPDIR"] = folder
    os.environ["MPLCONFIGDIR"] = os.path.join(folder, "matplotlib")  # read by matplotlib when first imported
    return folder


def _install_once():
    """`audit_guard(policy)`, installing the hook on first use. The installed `use` lives in this closure only."""
    state = []

    def audit_guard(policy):
        """The process's audit guard, switched to `policy`; `with guard:` arms it around the user's code."""
        if not state:
            state.append(_install_audit_hook(policy))
        return state[0](policy)

    return audit_guard


audit_guard = _install_once()
