"""Names notebook users expect without an import: pd, np, plt and sns.

LLM-written code often leaves out `import pandas as pd` the way notebooks do (issue 11: 17 of 40 ordinary programs).
Each name is bound in the user's namespace to a LazyModule that imports its module on first attribute access, so a
kernel whose code never touches pandas never pays for importing it, and that then puts the real module in its place
in the namespace: from the second use on, `pd` is plain pandas (type(), isinstance checks, repr).

In Pyodide a package is installed only when the worker loads it, before a run, for the packages check_code names.
pandas, numpy and matplotlib are in Pyodide's distribution; seaborn is not, but the worker installs it from the wheel
source (workers/package-sources.ts) when check_code names it — or refuses it, saying so, when the app installs no
seaborn. So every name is bound, and `packages(tree, namespace)` names its package for a cell that uses it.

Static check: the names are plain variables to kernel_checker; attribute chains on them (`np.testing.os`) meet the
same member rules as on an imported module. At run time the import goes through importlib, not the user's guarded
__import__: the module is on the policy's allowlist (checked when binding) and the audit hook stays armed.
"""

import importlib

# name → module
PREDEFINED = {
    "pd": "pandas",
    "np": "numpy",
    "plt": "matplotlib.pyplot",
    "sns": "seaborn",
}


class LazyModule:
    """Stands for a module until first use; no public attribute of its own, so every name reaches the module."""

    __slots__ = ("_lazy_name", "_lazy_module", "_lazy_namespace")

    def __init__(self, name, module, namespace):
        self._lazy_name, self._lazy_module, self._lazy_namespace = name, module, namespace

    def _lazy_load(self):
        module = importlib.import_module(self._lazy_module)
        if self._lazy_namespace.get(self._lazy_name) is self:  # not rebound by the user meanwhile
            self._lazy_namespace[self._lazy_name] = module
        return module

    def __getattr__(self, attribute):
        return getattr(self._lazy_load(), attribute)

    def __dir__(self):
        return dir(self._lazy_load())

    def __repr__(self):
        return f"<module '{self._lazy_module}' (imported on first use)>"


def bind(namespace, policy):
    """Bind the predefined names the policy allows into a fresh namespace."""
    for name, module in PREDEFINED.items():
        if module.partition(".")[0] in policy.package_imports:
            namespace[name] = LazyModule(name, module, namespace)


def packages(names, namespace, policy):
    """The Pyodide packages behind the predefined names in `names` (the names a cell reads) that are still lazy."""
    found = []
    for name in names:
        value = namespace.get(name)
        if isinstance(value, LazyModule):
            package = policy.package_imports[value._lazy_module.partition(".")[0]]
            if package not in found:
                found.append(package)
    return found
