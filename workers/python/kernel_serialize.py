"""A cell's value as a ResultValue (kernel-protocol.ts): plain JSON-safe data, capped.

pandas and numpy are never imported here; their types are recognised only when the user's code already imported
them (sys.modules), so a kernel that never touched pandas never pays for it.
"""

import datetime
import itertools
import json
import math
import sys

import kernel_chart


def serialize_result(value, limits):
    """ResultValue dict, or None for None. Never raises an Exception: an unserialisable value becomes a repr."""
    if value is None:
        return None
    try:
        pd = sys.modules.get("pandas")
        if pd is not None and isinstance(value, (pd.DataFrame, pd.Series)):
            return _table(value, pd, limits)
        if is_scalar(value):
            return _scalar(value, limits)
        if isinstance(value, (dict, list, tuple)):
            return _json_or_repr(value, limits)
        chart = kernel_chart.chart_result(value)  # an Altair chart (or any Vega-Lite mime bundle): interactive
        return chart if chart is not None else _repr(value, limits)
    except Exception as exc:
        text = f"<{type(value).__name__} result could not be serialised: {type(exc).__name__}: {exc}>"
        return {"kind": "repr", "text": text[: limits.max_repr_chars], "pyType": type(value).__name__,
                "truncated": len(text) > limits.max_repr_chars}


def is_scalar(value):
    np = sys.modules.get("numpy")
    return (isinstance(value, (bool, int, float, str, datetime.date, datetime.time))
            or (np is not None and isinstance(value, np.generic)) or _is_missing(value))


def to_cell(value, max_chars):
    """One table cell / JSON leaf: None, bool, finite int/float, or str (inf as 'inf', dates in ISO format)."""
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, np.generic):
        if isinstance(value, (np.datetime64, np.timedelta64)):
            # .item() would turn datetime64[ns] into an int of nanoseconds; str() is already ISO 8601.
            return None if np.isnat(value) else str(value)
        value = value.item()
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return float(value)
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception:
        text = f"<unprintable {type(value).__name__}>"
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _is_missing(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pd = sys.modules.get("pandas")
    return pd is not None and (value is pd.NaT or value is pd.NA)


def _table(obj, pd, limits):
    source = "series" if isinstance(obj, pd.Series) else "dataframe"
    if source == "series":
        # An unnamed Series (e.g. df.isna().sum()) gets a readable column name instead of pandas' 0.
        obj = obj.to_frame() if obj.name is not None else obj.to_frame(name="value")
    index = obj.index
    default_index = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    # Cut before reset_index so a very wide frame is never copied whole; index columns then lead and count too.
    head = obj.iloc[: limits.max_table_rows, : limits.max_table_columns]
    if not default_index:
        head = head.reset_index(allow_duplicates=True)
    total_columns = obj.shape[1] + (0 if default_index else index.nlevels)
    head = head.iloc[:, : limits.max_table_columns]
    rows = [[to_cell(v, limits.max_cell_chars) for v in row] for row in head.itertuples(index=False, name=None)]
    return {
        "kind": "table",
        "source": source,
        "columns": [_column_name(c) for c in head.columns],
        "dtypes": [str(t) for t in head.dtypes],
        "rows": rows,
        "totalRows": len(obj),
        "totalColumns": total_columns,
        "truncated": len(obj) > len(rows) or total_columns > len(head.columns),
    }


def _column_name(name):
    if isinstance(name, tuple):  # MultiIndex columns, e.g. from .agg(['mean', 'sum'])
        return " / ".join(str(part) for part in name if str(part) != "")
    return str(name)


def _scalar(value, limits):
    np = sys.modules.get("numpy")
    py_type = str(value.dtype) if np is not None and isinstance(value, np.generic) else type(value).__name__
    cell = to_cell(value, sys.maxsize)
    truncated = isinstance(cell, str) and len(cell) > limits.max_cell_chars
    return {"kind": "scalar", "value": cell[: limits.max_cell_chars] if truncated else cell, "pyType": py_type,
            "truncated": truncated}


class _NotJson(Exception):
    pass


class _TooLarge(Exception):
    pass


def _json_or_repr(value, limits):
    # Every JSON node costs at least one character, so more nodes than max_repr_chars means too large: stop
    # converting early instead of walking a list of ten million numbers.
    budget = [limits.max_repr_chars]
    try:
        converted = _to_json(value, limits.max_cell_chars, budget)
        too_large = len(json.dumps(converted, ensure_ascii=False, separators=(",", ":"))) > limits.max_repr_chars
    except _TooLarge:
        too_large = True
    except (_NotJson, RecursionError):
        return _repr(value, limits)
    if too_large:
        return dict(_repr(value, limits), truncated=True)
    return {"kind": "json", "value": converted, "truncated": False}


def _to_json(value, max_chars, budget):
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, str):
                out[key] = _to_json(item, max_chars, budget)
            elif is_scalar(key):  # numbers, numpy scalars, dates: spelled as json.dumps spells keys (1, true, null)
                cell = to_cell(key, max_chars)
                out[cell if isinstance(cell, str) else json.dumps(cell)] = _to_json(item, max_chars, budget)
            else:
                raise _NotJson
        return out
    if isinstance(value, (list, tuple)):
        return [_to_json(item, max_chars, budget) for item in value]
    if is_scalar(value):
        return to_cell(value, max_chars)
    raise _NotJson


def _repr(value, limits):
    limit = limits.max_repr_chars
    try:
        text = repr(_prefix(value, limit))
    except Exception as exc:
        text = f"<{type(value).__name__} object: repr failed: {type(exc).__name__}: {exc}>"
    return {"kind": "repr", "text": text[:limit], "pyType": type(value).__name__, "truncated": len(text) > limit}


def _prefix(value, count):
    """A container cut to its first `count` items, so repr() of a huge one stays cheap (the text is cut anyway)."""
    for kind in (dict, list, tuple, set, frozenset):
        if isinstance(value, kind) and len(value) > count:
            return kind(itertools.islice(value.items() if kind is dict else value, count))
    return value
