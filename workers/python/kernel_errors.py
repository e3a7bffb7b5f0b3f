"""Exceptions as RunError dicts (kernel-protocol.ts): the user's own frames only, and actionable hints.

The traceback keeps frames from cells (<cell-n>, also functions defined in earlier cells) and the final exception
line: kernel and library frames are noise for the person, and for the model repairing the code.
"""

import sys
import traceback


def syntax_error(exc):
    """A SyntaxError from parse/compile (or the ValueError Python 3.11 raises for null bytes in source)."""
    if isinstance(exc, SyntaxError):
        return {"type": type(exc).__name__, "message": exc.msg, "line": exc.lineno,
                "traceback": "".join(traceback.format_exception_only(type(exc), exc)), "rule": "syntax"}
    return {"type": "SyntaxError", "message": str(exc), "line": None, "traceback": f"SyntaxError: {exc}",
            "rule": "syntax"}


def python_error(exc, filename, limits):
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        return syntax_error(exc)  # raised by compile(), e.g. 'return' outside function
    line, text = _user_traceback(exc, filename)
    error = {"type": type(exc).__name__, "message": _safe_str(exc), "line": line, "traceback": text}
    hint = _columns_hint(exc, limits)
    if hint:
        error["hint"] = hint
    return error


def policy_error(exc, filename):
    """A refusal by the runtime guards (kernel_guards.PolicyImportError / PolicyOpenError)."""
    line, text = _user_traceback(exc, filename)
    return exc.violation.to_error(line=line, traceback=text)


def refusal_error(violation, exc, filename):
    """A runtime refusal (kernel_guards audit hook) that a library re-raised as its own exception."""
    line, text = _user_traceback(exc, filename)
    return violation.to_error(line=line, traceback=text)


def dataset_error(exc):
    """A bound dataset (kernel_datasets) that could not be read before the cell ran: no line of the cell is at fault."""
    return {"type": "DatasetLoadError", "message": exc.message, "line": None,
            "traceback": f"DatasetLoadError: {exc.message}\n", "hint": exc.hint}


def interrupted_error(exc, filename):
    line, text = _user_traceback(exc, filename)
    return {"type": "Interrupted", "message": "The run was interrupted.", "line": line, "traceback": text}


def _user_traceback(exc, filename):
    """(line in the current cell of its last frame, or None; the trimmed traceback text)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell-")]
    line = next((f.lineno for f in reversed(frames) if f.filename == filename), None)
    head = ["Traceback (most recent call last):\n"] if frames else []
    body = traceback.StackSummary.from_list(frames).format()  # also folds deep recursion into "repeated N times"
    return line, "".join([*head, *body, *traceback.format_exception_only(type(exc), exc)])


def _columns_hint(exc, limits):
    """For a missing column (KeyError, or AttributeError for df.name): the columns of the DataFrame involved.

    The DataFrame is found as `self` or `obj` in the innermost library frame that has one (DataFrame.__getitem__,
    groupby's get_grouper, sort_values...).
    """
    pd = sys.modules.get("pandas")
    if pd is None or not isinstance(exc, (KeyError, AttributeError)):
        return None
    for frame, _ in reversed(list(traceback.walk_tb(exc.__traceback__))):
        if frame.f_code.co_filename.startswith("<cell-"):
            return None  # the user's frames hold their whole namespace: no way to tell which DataFrame was meant
        for name in ("self", "obj"):
            frame_value = frame.f_locals.get(name)
            if isinstance(frame_value, pd.DataFrame):
                columns = list(frame_value.columns)
                shown = ", ".join(repr(str(c)[: limits.max_cell_chars]) for c in columns[: limits.max_table_columns])
                more = len(columns) - limits.max_table_columns
                return f"Columns of that DataFrame: {shown}" + (f" (and {more} more)." if more > 0 else ".")
    return None


def _safe_str(exc):
    try:
        return str(exc)
    except Exception:
        return f"<{type(exc).__name__} with an unprintable message>"
