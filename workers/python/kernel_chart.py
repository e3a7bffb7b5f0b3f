"""A cell value that is a Vega-Lite chart (an Altair chart, or any object with an IPython mime bundle carrying one)
as a `chart` ResultValue: the spec as plain JSON, capped in size. The page validates and sanitises the spec again
(lib/kernel/vega-spec.ts) and renders it; nothing here trusts it either.

Altair charts are asked for `to_dict()`: their `_repr_mimebundle_` depends on the active renderer (outside Jupyter
it is HTML with a <script> that loads vega from a CDN), while `to_dict()` is always the spec. Other objects are asked
for `_repr_mimebundle_()`, the IPython protocol, and count as charts when it has a Vega-Lite v5 or v6 entry.
"""

import json
import re

# Same cap as the page's schema (workers/kernel-schema.ts MAX_CHART_SPEC_CHARS): larger specs never leave the kernel.
MAX_CHART_CHARS = 2_000_000
VERSIONS = ("6", "5")
_MIME = re.compile(r"^application/vnd\.vegalite\.v([56])\+json$")
_SCHEMA = re.compile(r"^https://vega\.github\.io/schema/vega-lite/v([56])(?:\.\d+){0,2}\.json$")


def mime_of(version):
    return f"application/vnd.vegalite.v{version}+json"


def chart_result(value):
    """ResultValue dict for a chart, a `repr` result explaining why a chart cannot be shown, or None (no chart)."""
    found = _altair_spec(value) or _bundle_spec(value)
    if found is None:
        return None
    version, spec = found
    try:
        # allow_nan=False: NaN and Infinity are not JSON, and the page's parser would refuse the whole run.
        text = json.dumps(spec, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        return _not_shown(value, f"its spec is not plain JSON ({exc})")
    if len(text) > MAX_CHART_CHARS:
        return _not_shown(value, f"its spec is {len(text) / 1e6:.1f} MB, over the {MAX_CHART_CHARS / 1e6:.0f} MB limit; "
                                 "aggregate the data before charting it")
    return {"kind": "chart", "mime": mime_of(version), "spec": json.loads(text)}


def _altair_spec(value):
    module = type(value).__module__ or ""
    if not (module == "altair" or module.startswith("altair.")):
        return None
    to_dict = getattr(value, "to_dict", None)
    if not callable(to_dict):
        return None
    spec = to_dict()
    match = _SCHEMA.match(spec.get("$schema", "")) if isinstance(spec, dict) else None
    return (match.group(1), spec) if match else None


def _bundle_spec(value):
    method = getattr(type(value), "_repr_mimebundle_", None)  # on the type: no instance __getattr__ magic
    if not callable(method):
        return None
    bundle = method(value)
    if isinstance(bundle, tuple) and bundle:  # (data, metadata), as IPython allows
        bundle = bundle[0]
    if not isinstance(bundle, dict):
        return None
    versions = {match.group(1): key for key in bundle if isinstance(key, str) and (match := _MIME.match(key))}
    for version in VERSIONS:  # the newest the object offers
        if version in versions:
            spec = bundle[versions[version]]
            if isinstance(spec, str):  # some producers put the JSON text in the bundle
                spec = json.loads(spec)
            return (version, spec) if isinstance(spec, dict) else None
    return None


def _not_shown(value, reason):
    return {"kind": "repr", "text": f"<Chart not shown: {reason}>", "pyType": type(value).__name__, "truncated": False}
