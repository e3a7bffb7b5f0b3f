"""The kernel's entry points, called by workers/kernel-core.ts through Pyodide.

Arguments and returns are plain str/None (returns are JSON strings), so no proxies cross the boundary. State (the
user's namespace, the cell counter, the dataset bindings) lives in this module: one kernel per worker.
"""

import ast
import json
import linecache
import os
import sys
import time
import warnings

import kernel_capture
import kernel_datasets
import kernel_errors
import kernel_files
import kernel_format
import kernel_guards
import kernel_monkeypatch
import kernel_policy
import kernel_predefined
import kernel_serialize

_kernel = None


class _Kernel:
    def __init__(self, policy, limits):
        self.policy, self.limits = policy, limits
        self.cell_count = 0
        self.audit = kernel_guards.audit_guard(policy)
        # Modules whose public names the cell may not replace: the kernel's own dependencies, and the standard
        # library the cell can import (kernel_monkeypatch.py).
        self.shared_modules = (*kernel_monkeypatch.KERNEL_MODULES, *policy.stdlib_imports)
        self.namespace = self.fresh_namespace()
        self.datasets = kernel_datasets.Datasets(policy)
        # (code, tree) that check_code parsed and passed: run_cell runs that very tree instead of checking the same
        # text a second time (the worker always checks, loads packages, then runs). Used once.
        self.checked = None

    def fresh_namespace(self):
        # __main__ so that `if __name__ == "__main__":` blocks in generated scripts run as they would standalone.
        namespace = {"__name__": "__main__", "__builtins__": kernel_guards.restricted_builtins(self.policy, self.audit)}
        kernel_predefined.bind(namespace, self.policy)  # pd, np, plt (sns): imported on first use
        return namespace


def configure(policy_json, limits_json, data_dir="/data"):
    """Parse policy.json and KernelLimits (camelCase JSON) and start with an empty namespace."""
    global _kernel
    os.environ.setdefault("MPLBACKEND", "Agg")  # no display in a worker; must be set before pyplot is imported
    # plt.show() under Agg warns that it cannot show (on Linux only without $DISPLAY; always in Pyodide). The kernel
    # captures every open figure after the run, so the warning is wrong here and would mislead the repair model.
    warnings.filterwarnings("ignore", message=r".*(non-interactive, and thus cannot be shown|non-GUI backend)")
    policy = kernel_policy.Policy.from_json(policy_json, data_dir)
    _kernel = _Kernel(policy, kernel_capture.Limits.from_json(limits_json))
    # No folder the user's code can write to may be on the module search path (Pyodide starts with '', the working
    # directory): a module written there would shadow an allowed one and run with the real builtins.
    sys.path[:] = kernel_files.clean_search_path(sys.path, policy, _kernel.audit.scratch_dir)
    # Importing a module would write its bytecode cache next to it: a write outside the data folder, refused.
    sys.dont_write_bytecode = True


def bind_datasets(bindings_json):
    """Replace the dataset bindings: a JSON list of {variable, path, format, options} (DatasetBinding plus the path
    the file is mounted at). Nothing is read here: a bound variable is read right before the first run that uses it.
    Raises ValueError for a malformed list (a bug on the calling side, not the user's)."""
    kernel = _require_kernel()
    kernel.datasets.bind(bindings_json, kernel.namespace)


def check_code(code):
    """JSON {ok: true, imports, packages, datasets} or {ok: false, error: RunError} (a refusal or a SyntaxError).

    `packages` are the Pyodide packages to load first: those of the code's imports, then those of the predefined
    names it reads that are not imported yet (`pd` without `import pandas`), then those the bound datasets the code
    reads need (pandas, pyarrow for parquet...). `datasets` are those variables.
    """
    kernel = _require_kernel()
    kernel.checked = None
    try:
        tree = kernel_policy.parse(code, "<cell>")
    except (SyntaxError, ValueError) as exc:
        return _dumps({"ok": False, "error": kernel_errors.syntax_error(exc)})
    try:
        imports = kernel_policy.check_tree(tree, kernel.policy)
    except kernel_policy.PolicyViolation as violation:
        return _dumps({"ok": False, "error": violation.to_error()})
    kernel.checked = (code, tree)
    packages = [kernel.policy.package_imports[name] for name in imports if name in kernel.policy.package_imports]
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    packages += [name for name in kernel_predefined.packages(sorted(names), kernel.namespace, kernel.policy)
                 if name not in packages]
    packages += [name for name in kernel.datasets.packages(tree) if name not in packages]
    datasets = [binding.variable for binding in kernel.datasets.referenced(tree)]
    return _dumps({"ok": True, "imports": imports, "packages": packages, "datasets": datasets})


def run_cell(code, on_stream=None):
    """Check and run one cell in the persistent namespace; JSON RunResult with validateMs/executeMs, no timings.

    KeyboardInterrupt (Pyodide's interrupt buffer) can arrive anywhere, also in the kernel's own code around the
    cell, so the whole body is guarded: the result is 'interrupted' and the kernel stays usable. (Python cannot
    catch one raised on the very first instruction of this function: the caller clears the buffer before calling.)
    """
    run = None
    try:
        kernel = _require_kernel()
        kernel.cell_count += 1
        run = _Run(kernel.limits, on_stream)
        filename = f"<cell-{kernel.cell_count}>"
        started = time.perf_counter()
        checked, kernel.checked = kernel.checked, None
        tree = checked[1] if checked is not None and checked[0] == code else _validate(code, filename, kernel.policy, run)
        run.validate_ms = _ms_since(started)
        if tree is not None:
            started = time.perf_counter()
            try:
                _execute(tree, code, filename, kernel, run)
            finally:
                run.execute_ms = _ms_since(started)
    except KeyboardInterrupt as exc:
        run = run or _Run(_kernel.limits, None)
        run.status = "interrupted"
        run.error = kernel_errors.interrupted_error(exc, f"<cell-{_kernel.cell_count}>")
    return _dumps(run.to_json())


def reset():
    """Fresh namespace; figures closed; source of old cells forgotten. Bindings stay (read again when next used)."""
    kernel = _require_kernel()
    kernel.namespace = kernel.fresh_namespace()
    kernel.datasets.forget_loaded()
    kernel_capture.close_figures()
    for name in [name for name in linecache.cache if name.startswith("<cell-")]:
        del linecache.cache[name]


class _Run:
    def __init__(self, limits, on_stream):
        self.output = kernel_capture.OutputCapture(limits.max_stream_chars, on_stream)
        self.status, self.error, self.result = "ok", None, None
        self.figures, self.figures_dropped, self.notes = [], 0, []
        self.validate_ms = self.execute_ms = 0.0

    def to_json(self):
        stderr = self.output.text("stderr") + "".join(f"{note}\n" for note in self.notes)
        return {
            "status": self.status,
            "stdout": self.output.text("stdout"),
            "stderr": stderr,
            "stdoutTruncated": self.output.truncated("stdout"),
            "stderrTruncated": self.output.truncated("stderr"),
            "figures": self.figures,
            "figuresDropped": self.figures_dropped,
            "result": self.result,
            "error": self.error,
            "validateMs": self.validate_ms,
            "executeMs": self.execute_ms,
        }


def _validate(code, filename, policy, run):
    """The parsed cell, or None with run.status/error set (a SyntaxError is a Python error, not a refusal)."""
    try:
        tree = kernel_policy.parse(code, filename)
    except (SyntaxError, ValueError) as exc:
        run.status, run.error = "python", kernel_errors.syntax_error(exc)
        return None
    try:
        kernel_policy.check_tree(tree, policy)
    except kernel_policy.PolicyViolation as violation:
        run.status, run.error = "policy", violation.to_error()
        return None
    return tree


def _execute(tree, code, filename, kernel, run):
    # Tracebacks and the error line read the cell's source from linecache, as they would for a file.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    # The audit guard stays armed for everything the user's code can hook into: the run, drawing figures (tick
    # formatters) and the result's repr (a class defined in the cell).
    with kernel.audit:
        value = None
        try:
            with run.output:
                kernel.datasets.load(tree, kernel.namespace)
                modules = kernel_monkeypatch.snapshot(kernel.shared_modules)
                try:
                    value = _run_cell_body(tree, filename, kernel.namespace)
                finally:
                    patched = kernel_monkeypatch.restore(modules)
                    if patched is not None:
                        kernel.audit.refusals.append(patched)  # reported as the run's refusal below
        except kernel_datasets.DatasetLoadError as exc:
            run.status, run.error = "python", kernel_errors.dataset_error(exc)
        except (kernel_guards.PolicyImportError, kernel_guards.PolicyOpenError, kernel_guards.PolicyAuditError) as exc:
            run.status, run.error = "policy", kernel_errors.policy_error(exc, filename)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit too: user code must not end the kernel
            if kernel.audit.refusals:  # a library turned the refusal into its own error (np.load: UnpicklingError)
                run.status, run.error = "policy", kernel_errors.refusal_error(kernel.audit.refusals[0], exc, filename)
            else:
                run.status, run.error = "python", kernel_errors.python_error(exc, filename, kernel.limits)
        finally:
            run.output.finish()
            # Figures are collected on errors too (and always closed), so a half-drawn plot never leaks into the
            # next run.
            run.figures, run.figures_dropped, run.notes = kernel_capture.capture_figures(kernel.limits)
        if run.status == "ok":
            run.result = kernel_serialize.serialize_result(value, kernel.limits)
        if run.status == "ok" and kernel.audit.refusals:  # refused, and the refusal swallowed: still a refusal
            run.status, run.result = "policy", None
            run.error = kernel.audit.refusals[0].to_error()


def _run_cell_body(tree, filename, namespace):
    """Run the cell like a notebook: `result` if the cell assigns it, else the value of a final expression."""
    kernel_format.rewrite(tree)  # after the check: format methods read by the cell check their fields at run time
    body = list(tree.body)
    assigns_result = _assigns_result(tree)
    last = body.pop() if not assigns_result and body and isinstance(body[-1], ast.Expr) else None
    exec(compile(ast.Module(body=body, type_ignores=[]), filename, "exec", dont_inherit=True), namespace)
    if last is not None:
        return eval(compile(ast.Expression(last.value), filename, "eval", dont_inherit=True), namespace)
    return namespace.get("result") if assigns_result else None


def _assigns_result(tree):
    """Whether the cell binds `result` in its own scope (function bodies have their own, unless `global result`)."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Global) and "result" in node.names:
            return True
        if isinstance(node, ast.Name) and node.id == "result" and isinstance(node.ctx, ast.Store):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(n for n in ast.walk(node) if isinstance(n, ast.Global))
        elif isinstance(node, ast.comprehension):
            stack.extend([node.iter, *node.ifs])  # the loop variable is local to the comprehension
        else:
            stack.extend(ast.iter_child_nodes(node))
    return False


def _require_kernel():
    if _kernel is None:
        raise RuntimeError("kernel_runner.configure() must be called first")
    return _kernel


def _ms_since(started):
    return (time.perf_counter() - started) * 1000.0


def _dumps(payload):
    # allow_nan=False: NaN/Infinity are not JSON. Serialisation already turns them into null/'inf'; should a value
    # ever slip through, failing loudly here beats handing the page text JSON.parse rejects.
    return json.dumps(payload, ensure_ascii=False, allow_nan=False)
