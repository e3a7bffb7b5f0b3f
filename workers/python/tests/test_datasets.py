"""Dataset bindings (bind_datasets): df1..dfN read by the kernel from the mounted files, lazily, with real pandas."""

import json
import os

import pytest

import kernel_runner
from conftest import POLICY_JSON

POLICY = json.loads(POLICY_JSON)


def bind(*bindings):
    kernel_runner.bind_datasets(json.dumps(list(bindings)))


def write(path, text, encoding="utf-8", mtime=None):
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    if mtime is not None:  # a re-mount must be visible even on a file system with coarse timestamps
        os.utime(path, ns=(mtime, mtime))
    return str(path)


def namespace():
    return kernel_runner._kernel.namespace


# ---- Readers ---------------------------------------------------------------------------------------------------

def test_csv_with_semicolons_and_decimal_commas(kernel):
    path = write(kernel.data_dir / "eu.csv", "region;amount\nnorth;1,5\nsouth;2,25\n")
    bind({"variable": "df1", "path": path, "format": "csv", "options": {"delimiter": ";", "decimal": ","}})
    answer = kernel.run("print(df1.dtypes['amount'])\nfloat(df1['amount'].sum())")
    assert answer["status"] == "ok", answer["error"]
    assert (answer["stdout"], answer["result"]["value"]) == ("float64\n", 3.75)


def test_csv_defaults_need_no_options(kernel):
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"})
    assert kernel.value("int(df1['amount'].sum())")["value"] == 22


def test_tsv(kernel):
    path = write(kernel.data_dir / "t.tsv", "city\tsales\nOslo\t10\nLima\t32\n")
    bind({"variable": "df1", "path": path, "format": "tsv", "options": {}})
    assert kernel.value("list(df1.columns), int(df1['sales'].sum())")["value"] == [["city", "sales"], 42]


def test_json_array_of_records(kernel):
    path = write(kernel.data_dir / "r.json", '[{"name": "a", "n": 1}, {"name": "b", "n": 2}]')
    bind({"variable": "df1", "path": path, "format": "json"})
    assert kernel.value("df1") == {
        "kind": "table", "source": "dataframe", "columns": ["name", "n"], "dtypes": ["str", "int64"],
        "rows": [["a", 1], ["b", 2]], "totalRows": 2, "totalColumns": 2, "truncated": False}


def test_jsonl(kernel):
    path = write(kernel.data_dir / "r.jsonl", '{"name": "a", "n": 1}\n{"name": "b", "n": 2}\n')
    bind({"variable": "df1", "path": path, "format": "jsonl"})
    assert kernel.value("df1['n'].tolist()")["value"] == [1, 2]


@pytest.mark.parametrize("encoding, data", [
    ("latin-1", "name,city\nJosé,Málaga\n".encode("latin-1")),
    ("utf-8-bom", "\ufeffname,city\nJosé,Málaga\n".encode("utf-8")),
    ("utf-8", "\ufeffname,city\nJosé,Málaga\n".encode("utf-8")),  # a BOM the catalog did not report is dropped too
    ("utf-8", "name,city\nJosé,Málaga\n".encode("utf-8")),
    ("utf-16le", "\ufeffname,city\nJosé,Málaga\n".encode("utf-16-le")),  # with its BOM
    ("utf-16le", "name,city\nJosé,Málaga\n".encode("utf-16-le")),  # without
    ("utf-16be", "\ufeffname,city\nJosé,Málaga\n".encode("utf-16-be")),
])
def test_encodings(kernel, encoding, data):
    path = write(kernel.data_dir / "enc.csv", data)
    bind({"variable": "df1", "path": path, "format": "csv", "options": {"encoding": encoding}})
    assert kernel.value("list(df1.columns) + df1.iloc[0].tolist()")["value"] == ["name", "city", "José", "Málaga"]


def test_headerless_files_get_the_catalog_column_names(kernel):
    path = write(kernel.data_dir / "nohead.csv", "1,2\n3,4\n")
    bind({"variable": "df1", "path": path, "format": "csv", "options": {"hasHeader": False}})
    assert kernel.value("list(df1.columns), len(df1)")["value"] == [["column_1", "column_2"], 2]


def test_read_options_the_analyst_can_correct(kernel):
    """Runs of blanks (the catalog's " " delimiter), single quotes, skipped lines and digit grouping."""
    path = write(kernel.data_dir / "spaced.dat", "Report\n  'year'   'total'\n  1990   1.234,5\n  1991   987,25\n")
    bind({"variable": "df1", "path": path, "format": "csv",
          "options": {"delimiter": " ", "quoteChar": "'", "skipRows": 1, "decimal": ",", "thousands": "."}})
    assert kernel.value("list(df1.columns), df1['total'].tolist()")["value"] == [["year", "total"], [1234.5, 987.25]]


def test_names_option_renames_columns_by_position(kernel):
    path = write(kernel.data_dir / "dup.csv", "a,a,\n1,2,3\n")
    bind({"variable": "df1", "path": path, "format": "csv", "options": {"names": ["a", "a_2", "column_3"]}})
    assert kernel.value("list(df1.columns)")["value"] == ["a", "a_2", "column_3"]
    # A list of another length (the catalog capped a wide table) is ignored rather than misaligned.
    bind({"variable": "df1", "path": path, "format": "csv", "options": {"names": ["x"]}})
    assert kernel.value("list(df1.columns)")["value"] == ["a", "a.1", "Unnamed: 2"]


def test_xlsx_reads_the_named_sheet(kernel):
    openpyxl = pytest.importorskip("openpyxl", reason="xlsx bindings need openpyxl under CPython (Debian: "
                                                      "python3-openpyxl); Pyodide uses python-calamine")
    workbook = openpyxl.Workbook()
    workbook.active.title = "first"
    workbook.active.append(["a"])
    workbook.active.append([1])
    second = workbook.create_sheet("Sales 2024")
    for row in (["region", "amount"], ["north", 10], ["south", 5]):
        second.append(row)
    path = kernel.data_dir / "book.xlsx"
    workbook.save(path)
    bind({"variable": "df1", "path": str(path), "format": "xlsx", "options": {"sheet": "Sales 2024"}},
         {"variable": "df2", "path": str(path), "format": "xlsx"})
    assert kernel.value("int(df1['amount'].sum()), list(df2.columns)")["value"] == [15, ["a"]]


def test_parquet(kernel):
    import importlib.util
    path = kernel.data_dir / "p.parquet"
    if importlib.util.find_spec("pyarrow") is None:
        # Debian bookworm packages no pyarrow (Pyodide loads it with the binding): the failure must still be clear.
        path.write_bytes(b"PAR1" + b"\0" * 16 + b"PAR1")
        bind({"variable": "df1", "path": str(path), "format": "parquet"})
        outcome = kernel.run("df1.shape")
        assert outcome["status"] == "python"
        assert outcome["error"]["type"] == "DatasetLoadError"
        assert "df1" in outcome["error"]["message"] and "p.parquet" in outcome["error"]["message"]
        return
    import pandas as pd
    pd.DataFrame({"a": [1, 2]}).to_parquet(path)
    bind({"variable": "df1", "path": str(path), "format": "parquet"})
    assert kernel.value("int(df1['a'].sum())")["value"] == 3


def test_file_names_are_data_not_source(kernel):
    path = write(kernel.data_dir / "x'); import os; ('\n\".csv", "a\n1\n")
    bind({"variable": "df1", "path": path, "format": "csv"})
    assert kernel.value("int(df1['a'].sum())")["value"] == 1


# ---- Lazy binding ----------------------------------------------------------------------------------------------

def test_check_code_reports_the_packages_of_referenced_datasets(kernel):
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"},
         {"variable": "df2", "path": str(kernel.data_dir / "p.parquet"), "format": "parquet"},
         {"variable": "df3", "path": str(kernel.data_dir / "b.xlsx"), "format": "xlsx"})
    assert kernel.check("x = 1") == {"ok": True, "imports": [], "packages": [], "datasets": []}
    assert kernel.check("df1.describe()") == {"ok": True, "imports": [], "packages": ["pandas"], "datasets": ["df1"]}
    assert kernel.check("import numpy as np\nnp.mean(df2['a'])\nf'{df3}'") == {
        "ok": True, "imports": ["numpy"], "packages": ["numpy", "pandas", "pyarrow", "python-calamine"],
        "datasets": ["df2", "df3"]}
    assert kernel.check("df1 = 1\ndel df2")["datasets"] == []  # stores and deletes do not read the file
    assert kernel.check("df1 += 1")["datasets"] == ["df1"]
    assert kernel.check("def f():\n    return df2")["datasets"] == ["df2"]


def test_dataset_package_names_exist_in_the_pyodide_lock_file():
    lock = os.path.join(os.path.dirname(__file__), "..", "..", "..", "node_modules", "pyodide", "pyodide-lock.json")
    if not os.path.exists(lock):
        pytest.skip("node_modules/pyodide is not installed")
    with open(lock, encoding="utf-8") as file:
        packages = json.load(file)["packages"]
    needed = {p for key, names in POLICY["datasetPackages"].items() if not key.startswith("$") for p in names}
    assert sorted(needed - set(packages)) == []


def test_an_unreferenced_broken_dataset_does_not_fail_the_run(kernel):
    broken = write(kernel.data_dir / "broken.csv", "a,b\n1,2\n1,2,3,4\n")
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"},
         {"variable": "df2", "path": broken, "format": "csv"})
    assert kernel.value("len(df1)")["value"] == 3
    assert "df1" in namespace() and "df2" not in namespace()
    assert kernel.run("x = 1")["status"] == "ok"


def test_a_broken_dataset_is_reported_naming_the_variable_and_the_file(kernel):
    broken = write(kernel.data_dir / "broken.csv", "a,b\n1,2\n1,2,3,4\n")
    bind({"variable": "df2", "path": broken, "format": "csv", "options": {"delimiter": ","}})
    answer = kernel.run("print('never')\ndf2.head()")
    assert (answer["status"], answer["stdout"], answer["result"]) == ("python", "", None)
    error = answer["error"]
    assert error["type"] == "DatasetLoadError" and error["line"] is None
    assert error["message"] == (f"Could not load df2 from {broken}: ParserError: Error tokenizing data. C error: "
                                "Expected 2 fields in line 3, saw 4")
    assert error["traceback"] == f"DatasetLoadError: {error['message']}\n"
    assert error["hint"] == (f"The kernel reads {broken} as csv (delimiter=','). If the file needs other options, "
                             f"read it yourself under another name, e.g. data = pd.read_csv({broken!r}, ...).")
    assert "rule" not in error
    assert kernel.value("1 + 1")["value"] == 2  # the kernel stays usable


def test_a_missing_file_is_reported_too(kernel):
    missing = str(kernel.data_dir / "missing.csv")
    bind({"variable": "df3", "path": missing, "format": "csv"})
    assert kernel.run("df3")["error"]["message"] == (
        f"Could not load df3 from {missing}: FileNotFoundError: No such file or directory")


def test_a_dataset_is_read_once_then_kept(kernel, monkeypatch):
    import kernel_datasets
    reads = []
    real_read = kernel_datasets.Binding.read
    monkeypatch.setattr(kernel_datasets.Binding, "read", lambda self: reads.append(self.variable) or real_read(self))
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"})
    kernel.run("df1.shape")
    kernel.run("df1['amount'].max()")
    assert reads == ["df1"]


def test_a_remounted_file_is_read_again(kernel):
    path = write(kernel.data_dir / "live.csv", "a\n1\n", mtime=1_000_000_000_000_000_000)
    bind({"variable": "df1", "path": path, "format": "csv"})
    assert kernel.value("len(df1)")["value"] == 1
    write(kernel.data_dir / "live.csv", "a\n1\n2\n", mtime=1_000_000_001_000_000_000)
    assert kernel.value("len(df1)")["value"] == 2


def test_a_user_reassignment_is_kept_until_the_binding_changes(kernel):
    path = write(kernel.data_dir / "live.csv", "a\n1\n2\n3\n", mtime=1_000_000_000_000_000_000)
    bind({"variable": "df1", "path": path, "format": "csv"})
    kernel.run("df1 = df1[df1['a'] > 1]")
    assert kernel.value("len(df1)")["value"] == 2  # the user's value, not the file again
    bind({"variable": "df1", "path": path, "format": "csv"})  # the same binding again changes nothing
    assert kernel.value("len(df1)")["value"] == 2
    write(kernel.data_dir / "live.csv", "a\n1\n2\n3\n4\n", mtime=1_000_000_001_000_000_000)  # mounted again
    assert kernel.value("len(df1)")["value"] == 4


def test_new_bindings_replace_the_old_ones(kernel):
    first = write(kernel.data_dir / "one.csv", "a\n1\n")
    second = write(kernel.data_dir / "two.csv", "a\n1\n2\n")
    bind({"variable": "df1", "path": first, "format": "csv"}, {"variable": "df2", "path": first, "format": "csv"})
    kernel.run("df1, df2")
    kernel.run("df2 = 'mine'")
    bind({"variable": "df1", "path": second, "format": "csv"})
    assert kernel.value("len(df1)")["value"] == 2  # rebound to another file: read again
    assert kernel.value("df2")["value"] == "mine"  # unbound, but the user's own value stays
    bind()
    answer = kernel.run("df1")  # unbound, and still the kernel's value: dropped
    assert (answer["status"], answer["error"]["type"]) == ("python", "NameError")


def test_reset_keeps_the_bindings_and_reads_again(kernel):
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"})
    kernel.run("df1 = None")
    kernel_runner.reset()
    assert kernel.value("len(df1)")["value"] == 3


def test_deleting_the_variable_reads_the_file_again(kernel):
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"})
    kernel.run("len(df1)")
    kernel.run("del df1")
    assert kernel.value("len(df1)")["value"] == 3


def test_bound_variables_need_no_pandas_import_and_pass_the_policy(kernel):
    bind({"variable": "df1", "path": str(kernel.data_dir / "sales.csv"), "format": "csv"})
    answer = kernel.run("summary = df1.groupby('region')['amount'].sum()\nresult = summary.to_dict()")
    assert answer["status"] == "ok", answer["error"]
    assert answer["result"]["value"] == {"north": 17, "south": 5}


# ---- Validation of the bindings (a bug on the calling side, not the user's) ------------------------------------

@pytest.mark.parametrize("binding, message", [
    ({"variable": "import", "path": "{data}/a.csv", "format": "csv"}, "must be a plain identifier"),
    ({"variable": "_df", "path": "{data}/a.csv", "format": "csv"}, "must be a plain identifier"),
    ({"variable": "1df", "path": "{data}/a.csv", "format": "csv"}, "must be a plain identifier"),
    ({"variable": "df 1", "path": "{data}/a.csv", "format": "csv"}, "must be a plain identifier"),
    ({"variable": "eval", "path": "{data}/a.csv", "format": "csv"}, "would hide a name the policy refuses"),
    ({"variable": "df1", "path": "/etc/passwd", "format": "csv"}, "must be under {data}"),
    ({"variable": "df1", "path": "{data}/../a.csv", "format": "csv"}, "must be under {data}"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "sqlite"}, "unknown format 'sqlite'"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"quoting": 3}}, "unknown option"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"delimiter": ";;"}}, "one character"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"hasHeader": "no"}}, "wrong type"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"skipRows": -1}}, "cannot be negative"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"skipRows": True}}, "wrong type"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"thousands": ",,"}}, "one character"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"quoteChar": ""}}, "one character"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "options": {"encoding": "klingon"}},
     "unknown encoding"),
    ({"variable": "df1", "path": "{data}/a.csv", "format": "csv", "extra": 1}, "unknown binding fields"),
])
def test_malformed_bindings_are_refused(kernel, binding, message):
    data = str(kernel.data_dir)
    binding = {k: v.format(data=data) if isinstance(v, str) else v for k, v in binding.items()}
    with pytest.raises(ValueError, match=message.format(data=data).replace("(", r"\(")):
        bind(binding)


def test_a_variable_bound_twice_is_refused(kernel):
    path = str(kernel.data_dir / "sales.csv")
    with pytest.raises(ValueError, match="bound twice"):
        bind({"variable": "df1", "path": path, "format": "csv"}, {"variable": "df1", "path": path, "format": "csv"})
