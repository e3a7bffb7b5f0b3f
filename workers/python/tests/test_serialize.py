"""Cell values as ResultValue: tables, scalars, JSON and repr, with their caps."""

import pytest

SETUP = "import pandas as pd\nimport numpy as np\n"


def table(kernel, expression):
    value = kernel.value(SETUP + expression)
    assert value["kind"] == "table"
    return value


def test_dataframe_with_default_index(kernel):
    assert table(kernel, "pd.DataFrame({'a': [1, 2], 'b': ['x', None], 3: [1.5, np.nan]})") == {
        "kind": "table", "source": "dataframe", "columns": ["a", "b", "3"], "dtypes": ["int64", "str", "float64"],
        "rows": [[1, "x", 1.5], [2, None, None]], "totalRows": 2, "totalColumns": 3, "truncated": False,
    }


def test_non_default_index_becomes_leading_columns(kernel):
    value = table(kernel, "pd.DataFrame({'v': [10, 20, 30]}, index=pd.Index(['a', 'b', 'c'], name='key'))")
    assert (value["columns"], value["dtypes"], value["rows"]) == (
        ["key", "v"], ["str", "int64"], [["a", 10], ["b", 20], ["c", 30]])
    filtered = table(kernel, "df = pd.DataFrame({'v': [1, 2, 3]})\ndf[df.v > 1]")
    assert (filtered["columns"], filtered["rows"]) == (["index", "v"], [[1, 2], [2, 3]])
    shifted = table(kernel, "pd.DataFrame({'v': [1]}, index=pd.RangeIndex(5, 6))")
    assert shifted["rows"] == [[5, 1]]


def test_groupby_with_multiindex_rows_and_columns(kernel):
    value = table(kernel, "df = pd.DataFrame({'g': ['a', 'a', 'b'], 'h': [1, 1, 2], 'x': [1.0, 3.0, 5.0]})\n"
                          "df.groupby(['g', 'h']).agg({'x': ['mean', 'sum']})")
    assert value["columns"] == ["g", "h", "x / mean", "x / sum"]
    assert value["rows"] == [["a", 1, 2.0, 4.0], ["b", 2, 5.0, 5.0]]
    assert value["totalColumns"] == 4


def test_index_named_like_a_column_is_kept(kernel):
    value = table(kernel, "pd.DataFrame({'a': [1]}, index=pd.Index([7], name='a'))")
    assert (value["columns"], value["rows"]) == (["a", "a"], [[7, 1]])


def test_series(kernel):
    named = table(kernel, "pd.Series([1.0, 2.0], index=['x', 'y'], name='score')")
    assert (named["source"], named["columns"], named["dtypes"], named["rows"]) == (
        "series", ["index", "score"], ["str", "float64"], [["x", 1.0], ["y", 2.0]])
    unnamed = table(kernel, "pd.DataFrame({'a': [1, None], 'b': [1, 2]}).isna().sum()")
    assert (unnamed["columns"], unnamed["rows"]) == (["index", "value"], [["a", 1], ["b", 0]])


def test_value_counts_is_named_count_and_indexed_by_the_column(kernel):
    # pandas 2+ (the browser has 3): the counts Series is named 'count', its index carries the column's name.
    value = table(kernel, "pd.DataFrame({'city': ['a', 'b', 'a']})['city'].value_counts()")
    assert (value["columns"], value["dtypes"], value["rows"]) == (["city", "count"], ["str", "int64"],
                                                                 [["a", 2], ["b", 1]])


def test_missing_values_timestamps_and_special_numbers(kernel):
    value = table(kernel, "pd.DataFrame({"
                          "'t': pd.to_datetime(['2024-01-02 03:04:05', None]),"
                          "'f': [np.inf, -np.inf],"
                          "'b': [True, False],"
                          "'n': pd.array([1, None], dtype='Int64'),"
                          "'d': [pd.Timedelta(days=1), pd.NaT],"
                          "'o': [{'k': 1}, pd.Timestamp('2020-05-06')]})")
    # pandas 3: strings parse to microseconds; a list of objects stays object (only all-text columns become str).
    assert value["dtypes"] == ["datetime64[us]", "float64", "bool", "Int64", "timedelta64[us]", "object"]
    assert value["rows"] == [
        ["2024-01-02T03:04:05", "inf", True, 1, "1 days 00:00:00", "{'k': 1}"],
        [None, "-inf", False, None, None, "2020-05-06T00:00:00"],
    ]


def test_large_tables_are_capped(kernel):
    kernel.configure(maxTableRows=3, maxTableColumns=2, maxCellChars=5)
    value = table(kernel, "pd.DataFrame({'a': range(10), 'b': ['abcdefgh'] * 10, 'c': range(10)})")
    assert value["columns"] == ["a", "b"]
    assert value["rows"] == [[0, "abcd…"], [1, "abcd…"], [2, "abcd…"]]
    assert (value["totalRows"], value["totalColumns"], value["truncated"]) == (10, 3, True)
    indexed = table(kernel, "pd.DataFrame({'a': range(10), 'b': 1}, index=range(10, 20))")  # the index counts
    assert (indexed["columns"], indexed["totalColumns"], len(indexed["rows"])) == (["index", "a"], 3, 3)
    assert indexed["rows"][0] == [10, 0]


@pytest.mark.parametrize("expression, expected", [
    ("42", {"kind": "scalar", "value": 42, "pyType": "int", "truncated": False}),
    ("1.5", {"kind": "scalar", "value": 1.5, "pyType": "float", "truncated": False}),
    ("True", {"kind": "scalar", "value": True, "pyType": "bool", "truncated": False}),
    ("'text'", {"kind": "scalar", "value": "text", "pyType": "str", "truncated": False}),
    ("float('nan')", {"kind": "scalar", "value": None, "pyType": "float", "truncated": False}),
    ("np.float64(2.5)", {"kind": "scalar", "value": 2.5, "pyType": "float64", "truncated": False}),
    ("np.int32(7)", {"kind": "scalar", "value": 7, "pyType": "int32", "truncated": False}),
    ("np.bool_(False)", {"kind": "scalar", "value": False, "pyType": "bool", "truncated": False}),
    ("np.float64('inf')", {"kind": "scalar", "value": "inf", "pyType": "float64", "truncated": False}),
    ("pd.DataFrame({'a': [1, 2]})['a'].mean()", {"kind": "scalar", "value": 1.5, "pyType": "float64",
                                                 "truncated": False}),
    ("pd.Timestamp('2024-03-01 12:00')", {"kind": "scalar", "value": "2024-03-01T12:00:00", "pyType": "Timestamp",
                                          "truncated": False}),
    ("pd.NaT", {"kind": "scalar", "value": None, "pyType": "NaTType", "truncated": False}),
    ("np.datetime64('2024-01-01T10:00')", {"kind": "scalar", "value": "2024-01-01T10:00",
                                           "pyType": "datetime64[m]", "truncated": False}),
])
def test_scalars(kernel, expression, expected):
    assert kernel.value(SETUP + expression) == expected


def test_long_scalar_string_is_cut(kernel):
    kernel.configure(maxCellChars=4)
    assert kernel.value("'abcdefgh'") == {"kind": "scalar", "value": "abcd", "pyType": "str", "truncated": True}


def test_json_values(kernel):
    code = "{'a': [1, (2, 3)], 1: np.int64(4), None: float('nan'), 'd': pd.Timestamp('2024-01-01')}"
    assert kernel.value(SETUP + code) == {
        "kind": "json", "value": {"a": [1, [2, 3]], "1": 4, "null": None, "d": "2024-01-01T00:00:00"},
        "truncated": False,
    }
    assert kernel.value("[]") == {"kind": "json", "value": [], "truncated": False}
    assert kernel.value(SETUP + "dict(zip(np.array([3, 4]), [True, 1.5]))")["value"] == {"3": True, "4": 1.5}


def test_unserialisable_containers_fall_back_to_repr(kernel):
    assert kernel.value("{(1, 2): 'tuple key'}") == {
        "kind": "repr", "text": "{(1, 2): 'tuple key'}", "pyType": "dict", "truncated": False}
    assert kernel.value("[{1, 2}]") == {"kind": "repr", "text": "[{1, 2}]", "pyType": "list", "truncated": False}
    assert kernel.value("a = []\na.append(a)\na") == {
        "kind": "repr", "text": "[[...]]", "pyType": "list", "truncated": False}


def test_large_json_becomes_truncated_repr(kernel):
    kernel.configure(maxReprChars=20)
    assert kernel.value("list(range(100))") == {
        "kind": "repr", "text": "[0, 1, 2, 3, 4, 5, 6", "pyType": "list", "truncated": True}
    assert kernel.value("['x' * 15, 'y' * 15]") == {  # few nodes, long text
        "kind": "repr", "text": "['xxxxxxxxxxxxxxx', ", "pyType": "list", "truncated": True}
    assert kernel.value("list(range(10 ** 7))")["text"] == "[0, 1, 2, 3, 4, 5, 6"  # cut before converting it all


def test_other_objects_are_repr_cut_to_the_limit(kernel):
    kernel.configure(maxReprChars=12)
    assert kernel.value("class Thing:\n    def __repr__(self):\n        return 'Thing(' + 'x' * 20 + ')'\nThing()") == {
        "kind": "repr", "text": "Thing(xxxxxx", "pyType": "Thing", "truncated": True}
    assert kernel.value("{1, 2}") == {"kind": "repr", "text": "{1, 2}", "pyType": "set", "truncated": False}


def test_a_failing_repr_does_not_fail_the_run(kernel):
    value = kernel.value("class Bad:\n    def __repr__(self):\n        raise ValueError('no')\nBad()")
    assert value == {"kind": "repr", "text": "<Bad object: repr failed: ValueError: no>", "pyType": "Bad",
                     "truncated": False}


def test_none_is_a_null_result(kernel):
    assert kernel.run("None")["result"] is None
