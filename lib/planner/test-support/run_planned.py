"""Runs offline-planner programs through the real kernel under CPython (Debian's pandas/scipy/sklearn/matplotlib).

Input (stdin, JSON): {"dataDir": str, "bindings": [DatasetBinding + path], "cases": [{"name", "code"}],
"references": {"<name>": {"kind": "welch", "file", "value", "group", "a", "b"}}}.
Output (stdout, JSON): {"results": {name: RunResult with figures reduced to their sizes}, "references": {...}}.

The kernel is configured exactly as the worker configures it: the real workers/policy.json and the default limits
read from workers/kernel-constants.ts (workers/testing/kernel_setup.py; a renamed field fails here, not in the browser). Datasets are bound with
kernel_runner.bind_datasets, the path the product uses. Reference numbers are computed independently of pandas,
from the CSV with the csv module, so a planner bug cannot hide behind the same pandas call on both sides.
"""

import csv
import json
import math
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "workers" / "testing"))

from kernel_setup import configure_kernel, kernel_runner  # noqa: E402  (needs the path above)


def reduce_figures(result):
    """Figures as {width, height, pngBytes}: the base64 would only bloat the test's stdout."""
    result["figures"] = [
        {"width": f["width"], "height": f["height"], "pngBytes": len(f["pngBase64"]) * 3 // 4}
        for f in result["figures"]
    ]
    return result


def compile_warnings(code):
    """Warnings raised while compiling (an invalid escape like '\\$' is a SyntaxWarning on Python 3.12+, which
    Pyodide runs, and a silent DeprecationWarning on Debian's 3.11): every warning category is turned on here."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile(code, "<planned>", "exec")
    return [f"{w.category.__name__}: {w.message}" for w in caught]


def welch_reference(spec):
    from scipy import stats

    samples = {spec["a"]: [], spec["b"]: []}
    with open(spec["file"], newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            group, value = row[spec["group"]].strip(), row[spec["value"]].strip()
            if group in samples and value != "":
                samples[group].append(float(value))
    a, b = samples[spec["a"]], samples[spec["b"]]
    test = stats.ttest_ind(a, b, equal_var=False)
    return {"n_a": len(a), "n_b": len(b), "mean_a": math.fsum(a) / len(a), "mean_b": math.fsum(b) / len(b),
            "t_statistic": float(test.statistic), "p_value": float(test.pvalue)}


def main():
    request = json.load(sys.stdin)
    configure_kernel(request["dataDir"])
    kernel_runner.bind_datasets(json.dumps(request["bindings"]))
    results = {}
    for case in request["cases"]:
        kernel_runner.reset()  # each program must stand on its own, as the first cell of a conversation
        result = reduce_figures(json.loads(kernel_runner.run_cell(case["code"])))
        result["compileWarnings"] = compile_warnings(case["code"])
        results[case["name"]] = result
    references = {name: welch_reference(spec) for name, spec in request.get("references", {}).items()
                  if spec["kind"] == "welch"}
    json.dump({"results": results, "references": references}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
