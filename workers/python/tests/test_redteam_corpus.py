"""The red-team corpora (e2e/redteam/*.json, shared with the Pyodide and Chromium tiers) under CPython: no hostile
program escapes, and ordinary code, standard-library and package (pandas, matplotlib, statsmodels, scikit-learn),
passes the check and runs. Prints the counts tables (pytest -s shows them)."""

import json
from pathlib import Path

import pytest

import kernel_runner

REDTEAM = Path(__file__).resolve().parents[3] / "e2e" / "redteam"
HOSTILE = json.loads((REDTEAM / "guardrail-programs.json").read_text(encoding="utf-8"))["programs"]
ORDINARY = json.loads((REDTEAM / "ordinary-programs.json").read_text(encoding="utf-8"))
PACKAGES = json.loads((REDTEAM / "ordinary-pandas-programs.json").read_text(encoding="utf-8"))
# Resource abuse aimed at the browser's memory: on this shared machine a 10 TB allocation is left to the other tiers.
SKIPPED_HERE = {"memory", "memory-string"}


def classify(answer):
    """As e2e/redteam/guardrail-programs.ts classifyRun does."""
    stdout, error = answer["stdout"], answer["error"]
    if "ESCAPED" in stdout:
        return "escaped"
    if answer["status"] == "policy":
        return "refused"
    if answer["status"] == "python" and error and error.get("message") is not None and error.get("type"):
        return "refused"
    if answer["status"] == "ok" and "CONTAINED" in stdout:
        return "contained"
    return "unclear"


def in_data_dir(code, data_dir):
    return code.replace("'/data/", f"'{data_dir}/")


@pytest.fixture
def corpus_kernel(kernel):
    for name, text in {**ORDINARY["files"], **PACKAGES["files"]}.items():
        (kernel.data_dir / name).write_text(text, encoding="utf-8")
    return kernel


def test_no_hostile_program_escapes(corpus_kernel):
    counts, unexpected = {"refused": 0, "contained": 0, "escaped": 0, "unclear": 0}, []
    for program in HOSTILE:
        if program["id"] in SKIPPED_HERE:
            continue
        kernel_runner.reset()
        answer = corpus_kernel.run(in_data_dir(program["code"], corpus_kernel.data_dir))
        outcome = classify(answer)
        counts[outcome] += 1
        if outcome != program["expect"]:
            unexpected.append(f"{program['id']}: expected {program['expect']}, got {outcome} ({answer['status']}: "
                              f"{(answer['error'] or {}).get('message', answer['stdout'][:80])})")
    print(f"\nCPython: {sum(counts.values())} hostile programs — " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("\n".join(f"  not as expected (CPython has no /kernel or /data): {line}" for line in unexpected))
    assert counts["escaped"] == 0 and counts["unclear"] == 0, unexpected


def test_ordinary_standard_library_programs_run(corpus_kernel):
    failed = []
    for program in ORDINARY["programs"]:
        kernel_runner.reset()
        answer = corpus_kernel.run(in_data_dir(program["code"], corpus_kernel.data_dir))
        if answer["status"] != "ok":
            failed.append(f"{program['id']}: {answer['error']}")
    print(f"\nCPython: {len(ORDINARY['programs'])} ordinary standard-library programs, false positives {len(failed)}")
    assert failed == []


def test_ordinary_package_programs_pass_the_check_and_run(corpus_kernel):
    refused, failed = [], []
    for program in PACKAGES["programs"]:
        code = in_data_dir(program["code"], corpus_kernel.data_dir)
        check = corpus_kernel.check(code)
        if not check["ok"]:
            refused.append(f"{program['id']}: {check['error']['message']}")
            continue
        kernel_runner.reset()
        answer = corpus_kernel.run(code)
        if answer["status"] != "ok":
            failed.append(f"{program['id']}: {answer['status']} {answer['error']}")
    print(f"\nCPython (pandas {__import__('pandas').__version__}): {len(PACKAGES['programs'])} package programs, "
          f"refused by the check {len(refused)}, failed at run time {len(failed)}")
    print("\n".join(f"  {line}" for line in refused + failed))
    assert refused == [] and failed == []
