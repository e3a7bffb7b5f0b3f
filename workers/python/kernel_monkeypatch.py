"""Monkeypatching refused: the user's code may not replace what the kernel and other code rely on.

A cell that runs `json.dumps = lambda *a, **k: '{}'` would forge the kernel's own answer (kernel_runner serialises
with json). Setting a module or class attribute raises no audit event (CPython audits only a few special ones such
as __code__), so the kernel snapshots the public names of the standard-library modules it and the cell share, and
the methods of the classes it serialises with, before each run; after the run it puts back, and reports, any it
finds replaced or deleted. Only functions and classes count: the standard library rebinds its own data
(time.tzset() sets time.tzname, and pandas calls it) and binds submodules lazily (a first `import heapq` inside
collections). Library classes (pandas, numpy) are not covered: patching them changes only the cell's own results;
the kernel's answer is built from json and plain values.

Cost: the check runs around every cell, so it is built to cost little when nothing changed (which is every cell but a
hostile one). Which names of a module count is worked out once and again only when the module gains or loses names;
the values themselves are read at every run start and compared after it by identity, in C (map over the dict's own
lookup, operator.is_), with the name-by-name walk only for a module where something did change.
"""

import sys
from operator import is_ as _is
from types import ModuleType as module_type

from kernel_violations import PolicyViolation

# Standard-library modules the kernel itself uses after the user's code ran (serialising, tracebacks, capture).
KERNEL_MODULES = ("json", "json.encoder", "json.decoder", "linecache", "traceback", "ast", "time", "io", "base64",
                  "math", "re", "struct", "contextlib", "dataclasses", "warnings", "posixpath", "codecs", "string",
                  "unicodedata", "weakref", "keyword")
# Classes the kernel serialises with: (module, class name).
KERNEL_CLASSES = (("json.encoder", "JSONEncoder"), ("json.decoder", "JSONDecoder"))


# module name -> (module, number of names it had, the names that count): recomputed when the module or its size changes.
_names = {}


def _protected_names(name, module):
    """The public callables (submodules excepted) of `module`, from the cache while it has the same number of names.

    A name deleted since then makes the values' lookup fail (snapshot then recomputes); a name added changes the
    size. Between runs only the kernel itself (package loading, mounts) runs, which adds names and never swaps one."""
    namespace = vars(module)
    cached = _names.get(name)
    if cached is not None and cached[0] is module and cached[1] == len(namespace):
        return cached[2]
    names = tuple(k for k, v in namespace.items()
                  if not k.startswith("_") and callable(v) and not isinstance(v, module_type))
    _names[name] = (module, len(namespace), names)
    return names


def snapshot(module_names):
    """The public names of the loaded modules among `module_names` and of KERNEL_CLASSES:
    {dotted name: (module or class, names, their values)}."""
    taken = {}
    for name in module_names:
        module = sys.modules.get(name)
        if module is not None:
            names = _protected_names(name, module)
            try:
                values = tuple(map(vars(module).__getitem__, names))
            except KeyError:  # a name went away since the cache was made
                _names.pop(name, None)
                names = _protected_names(name, module)
                values = tuple(map(vars(module).__getitem__, names))
            taken[name] = (module, names, values)
    for module_name, class_name in KERNEL_CLASSES:
        cls = vars(sys.modules[module_name])[class_name] if module_name in sys.modules else None
        if isinstance(cls, type):
            members = {k: v for k, v in vars(cls).items() if not (k.startswith("__") and k.endswith("__"))}
            taken[f"{module_name}.{class_name}"] = (cls, tuple(members), tuple(members.values()))
    return taken


def _unchanged(owner, names, values):
    """Whether every name still holds its value (identity, in C); False also when a name was deleted."""
    try:
        return all(map(_is, map(vars(owner).__getitem__, names), values))
    except KeyError:
        return False


def restore(taken):
    """Put back names replaced or deleted since `snapshot`; a PolicyViolation naming the first, or None."""
    changed = []
    for owner_name, (owner, names, values) in taken.items():
        if _unchanged(owner, names, values):
            continue
        current = vars(owner)
        for name, value in zip(names, values):
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
