"""Fixtures for the Python half of the kernel, run under Debian's CPython with real pandas and matplotlib.

The policy is the real workers/policy.json and the default limits are read from kernel-protocol.ts, so a field
renamed on the TypeScript side fails here instead of in the browser.
"""

import json
import re
import sys
from pathlib import Path

import pytest

WORKERS = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(WORKERS / "python"))

import kernel_runner  # noqa: E402  (needs the path above)

POLICY_JSON = (WORKERS / "policy.json").read_text(encoding="utf-8")


def default_limits():
    source = (WORKERS / "kernel-protocol.ts").read_text(encoding="utf-8")
    block = re.search(r"DEFAULT_KERNEL_LIMITS: KernelLimits = \{(.*?)\};", source, re.S).group(1)
    return {name: int(value.replace("_", "")) for name, value in re.findall(r"(\w+): ([\d_]+)", block)}


class Kernel:
    """kernel_runner configured on a temporary data folder, with the JSON answers decoded."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.configure()

    def configure(self, **limits):
        kernel_runner.configure(POLICY_JSON, json.dumps({**default_limits(), **limits}), str(self.data_dir))

    def run(self, code, on_stream=None):
        return json.loads(kernel_runner.run_cell(code, on_stream))

    def check(self, code):
        return json.loads(kernel_runner.check_code(code))

    def value(self, code):
        """Run code that must succeed; return its ResultValue."""
        answer = self.run(code)
        assert answer["status"] == "ok", answer["error"]
        return answer["result"]


@pytest.fixture
def kernel(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "sales.csv").write_text("region,amount\nnorth,10\nsouth,5\nnorth,7\n", encoding="utf-8")
    return Kernel(data_dir)
