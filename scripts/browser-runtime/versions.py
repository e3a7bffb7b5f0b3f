"""Prints the interpreter's versions next to Pyodide's and names every difference.

Run by scripts/test-all.mjs at the start of the python tier, under the twin (scripts/browser-runtime/python), so a reader of
the log sees at once what the tests ran on and where it is not the browser. Pyodide's side comes from the lock file
the app ships (node_modules/pyodide/pyodide-lock.json): `info.python` and each package's `version`. The packages
listed are the kernel's import allowlist (workers/policy.json packageImports) plus what those pull in that tests can
tell apart (patsy, pyarrow) and the tier's own tools. Informational: it never fails the tier.
"""

import importlib.metadata
import json
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Distributions the tests touch that policy.json does not list: formula parsing, parquet, the tier's own tools.
EXTRA = ["patsy", "pyarrow", "python-calamine", "openpyxl", "nbformat", "pytest"]


def upstream(version):
    """Debian spells repacked sources '3.10.9+dfsg1': the upstream version is what the browser's is compared to."""
    return version.split("+")[0] if version else None


def twin_version(distribution):
    try:
        return upstream(importlib.metadata.version(distribution))
    except importlib.metadata.PackageNotFoundError:
        return None


def compare(twin, browser):
    if twin == browser:
        return "same"
    if twin is None:
        return "only in Pyodide"
    if browser is None:
        return "not in Pyodide"
    twin_parts, browser_parts = twin.split("."), browser.split(".")
    if twin_parts[0] != browser_parts[0]:
        return "MAJOR version"
    return "patch version" if twin_parts[:2] == browser_parts[:2] else "MINOR version"


def main():
    lock = json.loads((ROOT / "node_modules/pyodide/pyodide-lock.json").read_text(encoding="utf-8"))
    pyodide = json.loads((ROOT / "node_modules/pyodide/package.json").read_text(encoding="utf-8"))["version"]
    policy = json.loads((ROOT / "workers/policy.json").read_text(encoding="utf-8"))
    distributions = [name for key, name in policy["packageImports"].items() if not key.startswith("$")] + EXTRA
    rows = [("python", platform.python_version(), lock["info"]["python"])]
    for name in dict.fromkeys(distributions):
        browser = lock["packages"].get(name.lower(), {}).get("version")
        rows.append((name, twin_version(name), browser))

    print(f"== Python tier on the twin runtime ({sys.executable} {platform.python_version()}) vs Pyodide {pyodide} "
          "(node_modules/pyodide/pyodide-lock.json)")
    print(f"{'package':<16}{'twin':<12}{'pyodide':<12}difference")
    differences = []
    for name, twin, browser in rows:
        verdict = compare(twin, browser)
        print(f"{name:<16}{twin or '-':<12}{browser or '-':<12}{'' if verdict == 'same' else verdict}")
        if verdict != "same":
            differences.append(f"{name} {twin or 'absent'} vs {browser or 'absent'} ({verdict})")
    print(f"Differences ({len(differences)}): " + ("; ".join(differences) if differences else "none"))


if __name__ == "__main__":
    main()
