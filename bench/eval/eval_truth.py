"""`npm run eval`, truth side: derives the file shapes the eval needs into a temp folder and computes every
question's expected answer with its own hand-written pandas expression (bench/eval/questions-*.ts).

Independence from the code under test: files are read here with plain `pd.read_csv` and arguments chosen by hand for
each file (not the catalog's sniffed options), and nothing here imports the planner or the kernel.

Input (stdin, JSON): {"twinData": str, "workDir": str, "questions": [{"id", "dataset", "truth"}]}.
Output (stdout, JSON): {"files": {dataset: path}, "truths": {id: {"ok": true, "value": ...} | {"ok": false, "error"}}}.
"""

import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SOURCES = {
    "macro": "statsmodels/datasets/macrodata/macrodata.csv",
    "grunfeld": "statsmodels/datasets/grunfeld/grunfeld.csv",
    "statecrime": "statsmodels/datasets/statecrime/statecrime.csv",
    "fair": "statsmodels/datasets/fair/fair.csv",
    "longley": "statsmodels/datasets/longley/longley.csv",
    "copper": "statsmodels/datasets/copper/copper.csv",
    "heart": "statsmodels/datasets/heart/heart.csv",
    "cpunish": "statsmodels/datasets/cpunish/cpunish.csv",
    "committee": "statsmodels/datasets/committee/committee.csv",
    "engel": "statsmodels/datasets/engel/engel.csv",
    "fertility": "statsmodels/datasets/fertility/fertility.csv",
}


def derive_iris(twin, out):
    """scikit-learn's iris.csv starts with a counts line ("150,4,setosa,..."): the eval asks about the table an
    analyst would upload, so the derived file has a real header and species names instead of codes."""
    raw = pd.read_csv(twin / "sklearn/datasets/data/iris.csv", skiprows=1, header=None)
    frame = raw.iloc[:, :4].copy()
    frame.columns = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    frame["species"] = raw.iloc[:, 4].map({0: "setosa", 1: "versicolor", 2: "virginica"})
    frame.to_csv(out, index=False)


def derive_macro_dated(twin, out):
    """macrodata with the quarter's last day as a YYYYMMDD integer (how many exports write dates)."""
    macro = pd.read_csv(twin / SOURCES["macro"])
    month_end = {1: 331, 2: 630, 3: 930, 4: 1231}
    frame = pd.DataFrame({"date": macro["year"] * 10000 + macro["quarter"].map(month_end)})
    for name in ["realgdp", "unemp", "infl"]:
        frame[name] = macro[name]
    frame.to_csv(out, index=False)


def derive_macro_gaps(twin, out):
    """macrodata with blanks on fixed rows (every 7th unemp, every 11th infl): the real files have none."""
    macro = pd.read_csv(twin / SOURCES["macro"])
    frame = macro[["year", "quarter", "realgdp", "unemp", "infl"]].copy()
    frame["unemp"] = frame["unemp"].astype("float64").where(frame.index % 7 != 3)
    frame["infl"] = frame["infl"].astype("float64").where(frame.index % 11 != 5)
    frame.to_csv(out, index=False)


DERIVED = {"iris": derive_iris, "macro_dated": derive_macro_dated, "macro_gaps": derive_macro_gaps}


def to_json(value):
    """Scalars as numbers, a Series as labelled values in its order, a list/tuple element-wise."""
    if isinstance(value, pd.Series):
        return {"series": [[str(label), to_json(item)] for label, item in value.items()]}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [to_json(item) for item in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return None if math.isnan(number) else number
    return str(value)


def main():
    request = json.load(sys.stdin)
    twin, work = Path(request["twinData"]), Path(request["workDir"])
    # The kernel reads only under its data folder: the product's path gets byte-for-byte copies in the temp folder,
    # while the truth below reads the twin's own files (derived shapes exist only in the temp folder).
    originals = {key: twin / rel for key, rel in SOURCES.items()}
    files = {}
    for key, source in originals.items():
        files[key] = str(work / source.name)
        shutil.copyfile(source, files[key])
    for key, derive in DERIVED.items():
        files[key] = originals[key] = work / f"{key}.csv"
        derive(twin, files[key])
    files = {key: str(path) for key, path in files.items()}
    frames = {key: pd.read_csv(path) for key, path in originals.items()}
    truths = {}
    for question in request["questions"]:
        if question.get("truth") is None:
            continue
        try:
            value = eval(question["truth"], {"pd": pd, "np": np, "df": frames[question["dataset"]].copy()})  # noqa: S307 (our own expressions)
            truths[question["id"]] = {"ok": True, "value": to_json(value)}
        except Exception as exc:  # a broken truth expression is reported per question, never scored
            truths[question["id"]] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    json.dump({"files": files, "truths": truths}, sys.stdout)


if __name__ == "__main__":
    main()
