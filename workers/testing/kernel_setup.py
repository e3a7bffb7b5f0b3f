"""Test support: the Python half of the kernel (workers/python/kernel_runner) under CPython, configured as the
worker configures it. Shared by the pytest suite (workers/python/tests) and the offline planner's CPython drivers
(lib/planner/test-support).

The policy is the real workers/policy.json and the default limits are read from kernel-constants.ts, so a field
renamed on the TypeScript side fails here instead of in the browser. Not in workers/python: every .py there is
bundled into the worker.
"""

import json
import re
import sys
from pathlib import Path

WORKERS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKERS / "python"))

import kernel_runner  # noqa: E402  (needs the path above)

POLICY_JSON = (WORKERS / "policy.json").read_text(encoding="utf-8")


def default_limits():
    source = (WORKERS / "kernel-constants.ts").read_text(encoding="utf-8")
    block = re.search(r"DEFAULT_KERNEL_LIMITS: KernelLimits = \{(.*?)\};", source, re.S).group(1)
    return {name: int(value.replace("_", "")) for name, value in re.findall(r"(\w+): ([\d_]+)", block)}


def configure_kernel(data_dir, **limits):
    """kernel_runner.configure with the real policy and the default limits (overridden by `limits`)."""
    kernel_runner.configure(POLICY_JSON, json.dumps({**default_limits(), **limits}), str(data_dir))
