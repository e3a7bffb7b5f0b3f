"""`npm run eval`, run side: each question's generated code through the kernel's Python half
(workers/python/kernel_runner: policy check, restricted builtins, bind_datasets, result capture), configured as the
worker configures it, under the twin runtime.

Input (stdin, JSON): {"dataDir": str, "cases": [{"id", "code", "binding": DatasetBinding + path}]}.
Output (stdout, JSON): {id: RunResult without figure bytes}.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workers" / "testing"))

from kernel_setup import configure_kernel, kernel_runner  # noqa: E402  (needs the path above)


def main():
    request = json.load(sys.stdin)
    configure_kernel(request["dataDir"])
    results = {}
    for case in request["cases"]:
        # Each question is the first cell of its own conversation, bound to its own file as df1.
        kernel_runner.bind_datasets(json.dumps([case["binding"]]))
        kernel_runner.reset()
        result = json.loads(kernel_runner.run_cell(case["code"]))
        result["figures"] = len(result["figures"])
        results[case["id"]] = result
    json.dump(results, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
