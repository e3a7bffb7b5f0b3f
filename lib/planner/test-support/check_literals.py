"""Checks pythonString() output under CPython: each literal must parse to exactly the original text, be a single
string token (no code outside it), and pass the kernel's policy check inside a small program.

Input (stdin, JSON): [{"value": str, "literal": str}]. Output (stdout, JSON): one report per entry.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "workers" / "testing"))
# The literal checks themselves are lib/text's (check_python_literals.py): one definition of a safe literal.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "text" / "test-support"))

from kernel_setup import configure_kernel, kernel_runner  # noqa: E402  (needs the path above)
from check_python_literals import report as literal_report  # noqa: E402  (likewise)


def main():
    entries = json.load(sys.stdin)
    configure_kernel("/data")
    reports = []
    for entry in entries:
        checks = literal_report(entry)
        policy = json.loads(kernel_runner.check_code(f"label = {entry['literal']}\nprint(label)\n"))
        reports.append({
            "roundTrip": checks["roundTrip"],
            "singleToken": checks["singleToken"],
            "oneLine": checks["oneLine"],
            "policyOk": policy["ok"],
        })
    json.dump(reports, sys.stdout)


if __name__ == "__main__":
    main()
