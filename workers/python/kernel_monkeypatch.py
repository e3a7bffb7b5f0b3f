"""Monkeypatching refused: the user's code may not replace what the kernel and other code rely on.

A cell that runs `json.dumps = lambda *a, **k: '{}'` would forge the kernel's own answer (kernel_runner serialises
with json). Setting a module or class attribute raises no audit event (CPython audits only a few special ones such
as __code__), so the kernel snapshots the public names of the standard-library modules it and the cell share, and
the methods of the classes it serialises with, before each run; after the run it puts back, and reports, any it
finds replaced or deleted. Only functions and classes count: the standard library rebinds its own data
(time.tzset() sets time.tzname, and pandas calls it) and binds submodules lazily (a first `import heapq` inside
collections). Library classes (pandas, numpy) are not covered: patching them changes only the cell's own results;
the kernel's answer is built from json and plain values.
"""

import sys
from types import ModuleType as module_type

from kernel_violations import PolicyViolation

# Standard-library modules the kernel itself uses after the user's code ran (serialising, tracebacks, capture).
KERNEL_MODULES = ("json", "json.encoder", "json.decoder", "linecache", "traceback", "ast", "time", "io", "base64",
                  "math", "re", "struct", "contextlib", "dataclasses", "warnings", "posixpath", "codecs", "string",
                  "unicodedata", "weakref", "keyword")
# Classes the kernel serialises with: (module, class name).
KERNEL_CLASSES = (("json.encoder", "JSONEncoder"), ("json.decoder", "JSONDecoder"))


def snapshot(module_names):
    """The public names of the loaded modules among `module_names` and of KERNEL_CLASSES:
    {dotted name: (module or class, {name: value})}."""
    taken = {}
    for name in module_names:
        module = sys.modules.get(name)
        if module is not None:
            taken[name] = (module, {k: v for k, v in vars(module).items()
                                    if not k.startswith("_") and callable(v) and not isinstance(v, module_type)})
    for module_name, class_name in KERNEL_CLASSES:
        cls = vars(sys.modules[module_name])[class_name] if module_name in sys.modules else None
        if isinstance(cls, type):
            taken[f"{module_name}.{class_name}"] = (cls, {k: v for k, v in vars(cls).items()
                                                          if not (k.startswith("__") and k.endswith("__"))})
    return taken


def restore(taken):
    """Put back names replaced or deleted since `snapshot`; a PolicyViolation naming the first, or None."""
    changed = []
    for owner_name, (owner, names) in taken.items():
        current = vars(owner)
        for name, value in names.items():
            now = current.get(name, changed)
            if now is not value and not (isinstance(value, module_type) or isinstance(now, module_type)):
                if isinstance(owner, type):
                    type.__setattr__(owner, name, value)
                else:
                    current[name] = value
                changed.append(f"{owner_name}.{name}")
    if not changed:
        return None
    return PolicyViolation(
        "monkeypatch", f"Replacing '{changed[0]}' is refused (monkeypatch rule): the kernel and later runs use the "
        "standard library's own functions" + (f" ({len(changed)} names put back)." if len(changed) > 1 else "."),
        "Define your own function under a new name instead of assigning to a module's attribute.")
