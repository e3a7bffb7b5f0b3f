"""The file-system half of the audit hook: where code may write, what the user's code may read, and which module
files may run.

The restricted open() only covers the builtin. Allowed modules carry their own doors to the file system (io.FileIO,
gzip.open, zipfile, pandas' to_csv, numpy.save, savefig to a path), and CPython raises one audit event for all of
them: 'open' (with the flags), plus os.* and shutil.* events for the rest. So the rules live here, at that choke point:
- writes (and renames, removals, mkdir, chmod...) only under the data folder and the kernel's private scratch folder
  (tempfile and matplotlib's cache point there), never to the kernel's module folder or anything on sys.path;
- the user's code reading or listing outside those folders directly (io.FileIO('/etc/x')) is refused with the open
  rule; libraries keep reading their own files (fonts, matplotlibrc, modules being imported);
- module code whose file lies in a writable folder never runs, and no writable folder may be on sys.path: a module
  written by the cell cannot be imported, even under an allowed name (`/data/statistics.py`).
Which event carries which path is data (policy.json fileWriteEvents and fileListEvents); this module knows the shapes.
"""

import os
import posixpath

from kernel_violations import PolicyViolation, open_violation

# Flags of os.open that make an 'open' event a write.
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC


def file_rules(policy, scratch_dir):
    """`check(event, args, caller) -> PolicyViolation | None` for the events policy.json names.

    `caller` is the Python frame that triggered the event (the C function raising it has none). Everything is bound
    here: later changes to os.path or this module's globals do not reach the returned function.
    """
    realpath, fspath, is_abs, join, getcwd = os.path.realpath, os.fspath, posixpath.isabs, posixpath.join, os.getcwd
    sep, str_type, bytes_type, int_type = os.sep, str, bytes, int
    roots = tuple(realpath(p) for p in (policy.data_dir, scratch_dir))
    readable = roots
    devnull = realpath(os.devnull)  # a sink libraries open for writing (pandas at import)
    write_events = policy.file_write_events
    list_events = policy.file_list_events
    checked_paths = [None]  # a copy of the last sys.path seen clean by the 'import' event: it rarely changes

    def resolved(path):
        """The real path of an event's path argument, or None for a file descriptor."""
        if isinstance(path, int_type):
            return None
        try:
            text = fspath(path)
            if isinstance(text, bytes_type):
                text = text.decode("utf-8", "surrogateescape")
        except TypeError:
            return str_type(path)
        return realpath(text if is_abs(text) else join(getcwd(), text))

    def inside(real, folders):
        return real == devnull or any(real == root or real.startswith(root + sep) for root in folders)

    def is_user(frame):
        return frame is not None and frame.f_code.co_filename.startswith("<cell-")

    def refuse_write(event, real):
        return PolicyViolation(
            "file", f"Writing '{real}' is refused (file rule): '{event}' may change files only under "
            f"{policy.data_dir} (your datasets' folder) and the kernel's scratch folder.",
            f"Write results under {policy.data_dir}, e.g. df.to_csv('{policy.data_dir}/result.csv'), or keep them "
            "in variables; the kernel's own files and Python's module folders cannot be changed.")

    def check_open(args, caller):
        path, mode, flags = (list(args) + [None, None])[:3]
        real = resolved(path)
        if real is None:
            return None
        writes = (isinstance(flags, int_type) and flags & _WRITE_FLAGS) or (
            isinstance(mode, str_type) and any(c in mode for c in "wax+"))
        if writes and not inside(real, roots):
            return refuse_write("open", real)
        if not writes and is_user(caller) and not inside(real, readable):
            return open_violation(policy, f"Opening '{real}'", f"it is outside {policy.data_dir}")
        return None

    def check_module_code(code):
        filename = getattr(code, "co_filename", None)
        if not isinstance(filename, str_type) or not is_abs(filename) or not inside(realpath(filename), roots):
            return None
        return PolicyViolation(
            "import", f"Running module code from '{filename}' is refused (import rule): files your code wrote "
            "cannot be imported or run.", "Define functions in the cell itself; import only the allowed modules.")

    def check_search_path(entries):
        if not isinstance(entries, list):
            return None
        snapshot = tuple(entries)
        if snapshot == checked_paths[0]:
            return None
        for entry in entries:
            text = entry if isinstance(entry, str_type) else ""
            if not is_abs(text) or inside(realpath(text), roots):
                return PolicyViolation(
                    "import", f"Importing with '{entry}' on the module search path is refused (import rule): "
                    "folders your code can write to must not hold importable modules.",
                    "Import only the allowed modules; the module search path cannot be changed.")
        checked_paths[0] = snapshot
        return None

    def check(event, args, caller):
        if event == "open":
            return check_open(args, caller)
        if event == "exec":
            return check_module_code(args[0]) if args else None
        if event == "import":
            return check_search_path(args[2]) if len(args) > 2 else None
        if event in write_events:
            for index in write_events[event]:
                real = resolved(args[index]) if index < len(args) else None
                if real is not None and not inside(real, roots):
                    return refuse_write(event, real)
            return None
        if event in list_events and is_user(caller):
            real = resolved(args[0]) if args and args[0] is not None else resolved(".")
            if real is not None and not inside(real, readable):
                return open_violation(policy, f"Listing '{real}'", f"it is outside {policy.data_dir}")
        return None

    return check


def clean_search_path(search_path, policy, scratch_dir):
    """sys.path without '' (the working directory), relative entries and entries inside writable folders: Pyodide
    starts with '' first, so a `statistics.py` written to the working directory would shadow the standard library."""
    roots = tuple(os.path.realpath(p) for p in (policy.data_dir, scratch_dir))
    kept = []
    for entry in search_path:
        if not isinstance(entry, str) or not posixpath.isabs(entry):
            continue
        real = os.path.realpath(entry)
        if any(real == root or real.startswith(root + os.sep) for root in roots):
            continue
        kept.append(entry)
    return kept
