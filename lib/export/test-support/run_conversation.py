"""Test support: runs a conversation's cells through the kernel's Python half (workers/python/kernel_runner) under the
twin runtime, as the browser kernel runs them: one namespace for the whole conversation, and before each question the
page's whole binding map (kernel_runner.bind_datasets, the path the worker uses), so a variable re-bound to another
file is read again while an unchanged one keeps its value.

Input (stdin, JSON): {"dataDir": str, "turns": [{"bindings": [DatasetBinding + path], "code": str}]}.
Output (stdout, JSON): a RunResult per turn, with figures reduced to their sizes.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "workers" / "testing"))

from kernel_setup import configure_kernel, kernel_runner  # noqa: E402  (needs the path above)


def main():
    request = json.load(sys.stdin)
    configure_kernel(request["dataDir"])
    results = []
    for turn in request["turns"]:
        kernel_runner.bind_datasets(json.dumps(turn["bindings"]))
        result = json.loads(kernel_runner.run_cell(turn["code"]))
        result["figures"] = [{"width": f["width"], "height": f["height"]} for f in result["figures"]]
        results.append(result)
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
