"""Fixtures for the Python half of the kernel, run under Debian's CPython with real pandas and matplotlib.

The kernel is configured as the worker configures it (workers/testing/kernel_setup.py).
"""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "testing"))

# POLICY_JSON and default_limits are imported from here by the test modules.
from kernel_setup import POLICY_JSON, configure_kernel, default_limits, kernel_runner  # noqa: E402, F401


class Kernel:
    """kernel_runner configured on a temporary data folder, with the JSON answers decoded."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.configure()

    def configure(self, **limits):
        configure_kernel(self.data_dir, **limits)

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
