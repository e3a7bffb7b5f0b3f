"""Charts as results: a Vega-Lite spec from an object's IPython mime bundle (or an Altair chart's to_dict()), as
plain JSON with a size cap. The twin has no Altair (Debian's python3-altair 5.0.1 fails on pandas 3 DataFrames), so
the bundle path runs through the kernel with a class shaped like Altair's, and the Altair path is called directly
with a stand-in class whose module is Altair's."""

import kernel_chart
import kernel_serialize

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "data": {"values": [{"region": "North", "units": 3}, {"region": "South", "units": 4}]},
    "mark": "bar",
    "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "units", "type": "quantitative"},
                 "tooltip": [{"field": "units", "type": "quantitative"}]},
}

CHART_CLASS = """
class Chart:
    def __init__(self, bundle):
        self.bundle = bundle
    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle
"""


def chart_value(kernel, bundle_source, tail="Chart(bundle)"):
    return kernel.value(f"import json\n{CHART_CLASS}\nbundle = {bundle_source}\n{tail}")


def test_a_mime_bundle_with_vega_lite_v6_is_a_chart_as_last_expression_or_result(kernel):
    expected = {"kind": "chart", "mime": "application/vnd.vegalite.v6+json", "spec": SPEC}
    bundle = f"{{'application/vnd.vegalite.v6+json': {SPEC!r}, 'text/plain': '<Chart>'}}"
    assert chart_value(kernel, bundle) == expected
    assert chart_value(kernel, bundle, "result = Chart(bundle)") == expected


def test_v5_tuple_bundles_and_json_text_are_accepted_and_v6_wins_over_v5(kernel):
    v5 = chart_value(kernel, f"({{'application/vnd.vegalite.v5+json': {SPEC!r}}}, {{}})")
    assert (v5["kind"], v5["mime"]) == ("chart", "application/vnd.vegalite.v5+json")
    text = chart_value(kernel, f"{{'application/vnd.vegalite.v6+json': json.dumps({SPEC!r})}}")
    assert text["spec"] == SPEC
    both = chart_value(kernel, f"{{'application/vnd.vegalite.v5+json': {{'mark': 'point'}}, "
                               f"'application/vnd.vegalite.v6+json': {{'mark': 'bar'}}}}")
    assert (both["mime"], both["spec"]) == ("application/vnd.vegalite.v6+json", {"mark": "bar"})


def test_other_bundles_and_other_vega_lite_versions_are_not_charts(kernel):
    for bundle in ("{'text/html': '<b>x</b>'}", "{'application/vnd.vegalite.v4+json': {'mark': 'bar'}}",
                   "{'application/vnd.vegalite.v6+json': ['not', 'a', 'spec']}", "None"):
        value = chart_value(kernel, bundle)
        assert value["kind"] == "repr", bundle
        assert value["pyType"] == "Chart"


def test_specs_that_are_not_json_or_too_large_are_explained_not_sent(kernel):
    nan = chart_value(kernel, "{'application/vnd.vegalite.v6+json': {'data': {'values': [{'x': float('nan')}]}}}")
    assert nan["kind"] == "repr" and nan["text"].startswith("<Chart not shown: its spec is not plain JSON")
    big = chart_value(kernel, "{'application/vnd.vegalite.v6+json': {'data': {'values': [{'x': 'y' * 100}] * 30000}}}")
    assert big["kind"] == "repr" and "over the 2 MB limit" in big["text"]


def test_a_failing_bundle_becomes_a_repr_and_the_run_still_succeeds(kernel):
    answer = kernel.run("class Broken:\n    def _repr_mimebundle_(self, include=None, exclude=None):\n"
                        "        raise ValueError('no spec today')\nBroken()")
    assert answer["status"] == "ok"
    assert answer["result"]["kind"] == "repr"
    assert "no spec today" in answer["result"]["text"]


class _AltairLike:
    """What kernel_chart sees of an Altair chart: a to_dict() and a module under altair."""

    __module__ = "altair.vegalite.v6.api"

    def __init__(self, spec):
        self.spec = spec

    def to_dict(self):
        return self.spec

    def _repr_mimebundle_(self, include=None, exclude=None):  # Altair's html renderer, which must not be used
        return {"text/html": "<script src='https://cdn.jsdelivr.net/npm/vega@6'></script>"}


def test_altair_charts_are_asked_for_to_dict_and_versioned_by_their_schema():
    v6 = kernel_chart.chart_result(_AltairLike(SPEC))
    assert v6 == {"kind": "chart", "mime": "application/vnd.vegalite.v6+json", "spec": SPEC}
    v5 = kernel_chart.chart_result(_AltairLike({**SPEC, "$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json"}))
    assert v5["mime"] == "application/vnd.vegalite.v5+json"
    # A schema of another version or host is not a chart this page can draw: falls through to the bundle (html: none).
    assert kernel_chart.chart_result(_AltairLike({**SPEC, "$schema": "https://example.com/vega-lite/v6.json"})) is None


def test_plain_values_never_reach_the_chart_path(kernel):
    # dicts shaped like a bundle are JSON results, not charts
    value = kernel.value("{'application/vnd.vegalite.v6+json': {'mark': 'bar'}}")
    assert value["kind"] == "json"
    assert kernel_serialize.serialize_result(3, kernel_limits())["kind"] == "scalar"


def kernel_limits():
    import json
    from kernel_capture import Limits
    from kernel_setup import default_limits
    return Limits.from_json(json.dumps(default_limits()))
